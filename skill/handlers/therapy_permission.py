"""The timers permission: ask for it by voice, carry the request through the AskFor, and the answers without it."""

from __future__ import annotations

import json

from skill.domain import therapy as domain
from skill.handlers import therapy_common as common
from skill.render import Reply
from skill.timers import TIMER_SCOPE


def no_permission(hi, pending: dict):
    """No timers permission: a start asks for it by voice; status, stop, pause and resume say where to allow it."""
    if pending["kind"] not in common.CHECKING:
        return ask(hi, pending)
    response = common.tell(hi, f"therapy.permission.needed.{pending['kind']}")
    return _with_card(hi, response)


def denied(hi, pending: dict):
    """Permission not given: how to allow it in the Alexa app, a permissions card, and the plain fallback
    (with the care line of that therapy: a plain timer still needs the cloth, and heat its low setting)."""
    if pending["kind"] in common.CHECKING:
        return no_permission(hi, pending)
    return _with_card(hi, fallback(hi, "therapy.permission.denied", pending))


def fallback(hi, key: str, pending: dict):
    """KEY (a "set a timer yourself" line taking {minutes}) and the care line for what was asked for."""
    common.finish(hi)
    reply = Reply(hi).say(key, minutes=fallback_minutes(hi, pending))
    care = _care_key(hi, pending)
    if care:
        reply.say(care)
    return reply.tell()


def fallback_minutes(hi, pending: dict) -> int:
    """The length to suggest for a plain Alexa timer: what was asked for, within the limits (10 after a heat
    check answered yes)."""
    if pending["kind"] == "skin_rest":
        return int(pending.get("minutes") or common.settings(hi, pending.get("therapy") or "ice")["min_gap_minutes"])
    therapy = pending.get("therapy") if pending["kind"] == "start" else "ice"
    therapy = therapy if therapy in ("ice", "heat") else "ice"
    minutes = domain.plan_minutes(common.settings(hi, therapy), pending.get("minutes"))["minutes"]
    if therapy == "heat" and common.state(hi).get("heat_check") == "caution":
        minutes = min(minutes, common.settings(hi, "heat")["cautious_minutes"])
    return minutes


def _care_key(hi, pending: dict) -> str | None:
    cautious = common.state(hi).get("heat_check") == "caution"
    if pending["kind"] == "alternate":
        return "therapy.fallback.care.alternating_cautious" if cautious else "therapy.fallback.care.alternating"
    if pending["kind"] != "start":
        return None
    if pending.get("therapy") == "heat":
        return "therapy.care.heat_cautious" if cautious else "therapy.care.heat"
    return "therapy.care.ice"


def _with_card(hi, response):
    """Put the permissions card on RESPONSE (after rendering, so no spoken line's card replaces it)."""
    from ask_sdk_model.ui import AskForPermissionsConsentCard

    hi.response_builder.set_card(AskForPermissionsConsentCard(permissions=[TIMER_SCOPE]))
    return response


def ask(hi, pending: dict):
    """Ask for the timers permission by voice; the token carries what to do once it is given (and the heat
    check's result, so it is not asked twice)."""
    from ask_sdk_model.interfaces.connections import SendRequestDirective

    common.wait(hi, "permission", pending)
    token = dict(pending)
    if common.state(hi).get("heat_check") in common.CHECKED:
        token["heat_check"] = common.state(hi)["heat_check"]
    directive = SendRequestDirective(
        name="AskFor", token=json.dumps(token, separators=(",", ":"), allow_nan=False),
        payload={"@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": TIMER_SCOPE})
    return Reply(hi).directive(directive).send()


def pending_from(hi, token) -> dict | None:
    """The request to resume: from the AskFor token (checked), else from the session. A heat check result the
    token carries is put back in the session (the check itself stays out of the stored record)."""
    candidates = []
    try:
        candidates.append(json.loads(token) if token else None)
    except ValueError:
        pass
    candidates.append(common.state(hi).get("pending"))
    for pending in candidates:
        if isinstance(pending, dict) and pending.get("kind") in common.KINDS and (
                pending["kind"] in common.CHECKING + ("alternate",) or pending.get("therapy") in ("ice", "heat")):
            pending = dict(pending)
            checked = pending.pop("heat_check", None)
            if checked in common.CHECKED and hi.request_envelope.session is not None:
                common.state(hi).setdefault("heat_check", checked)
            return pending
    return None
