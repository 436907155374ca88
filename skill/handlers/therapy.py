"""Ice and heat on real Alexa timers: start, alternate, status, stop, pause, the heat check, the permission."""

from __future__ import annotations

import datetime as dt
import json
import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import get_slot, is_intent_name, is_request_type

import content as content_module
from skill.domain import therapy as domain
from skill.render import Reply, render_text
from skill.timers import TIMER_SCOPE, Timers, TimersError, granted

log = logging.getLogger("spasm_coach.therapy")

FLOW = "therapy"
KINDS = ("start", "alternate", "skin_rest", "status", "stop", "pause", "resume")
CHECKING = ("status", "stop", "pause", "resume")     # kinds that only look after timers already set


# -- small readers ---------------------------------------------------------------------------------------------

def _content(hi):
    return hi.attributes_manager.request_attributes.get("content") or content_module.get()


def _locale(hi) -> str | None:
    return getattr(hi.request_envelope.request, "locale", None)


def _state(hi) -> dict:
    """The therapy flow's own session dict (pending request, what it waits for, the heat check result)."""
    if hi.request_envelope.session is None:
        return {}                       # out of session (a stray Connections.Response): nothing to keep
    attributes = hi.attributes_manager.session_attributes
    if not isinstance(attributes.get(FLOW), dict):
        attributes[FLOW] = {}
    return attributes[FLOW]


def _wait(hi, awaiting: str, pending: dict) -> None:
    state = _state(hi)
    state.update(awaiting=awaiting, pending=pending)
    if hi.request_envelope.session is not None:
        hi.attributes_manager.session_attributes["flow"] = FLOW


def _finish(hi) -> None:
    """The flow is done: keep only the heat check answer (for this conversation), release Yes/No."""
    state = _state(hi)
    for key in ("awaiting", "pending", "check_index"):
        state.pop(key, None)
    if hi.request_envelope.session is not None and hi.attributes_manager.session_attributes.get("flow") == FLOW:
        hi.attributes_manager.session_attributes["flow"] = None


def _slot_id(hi, name: str) -> str | None:
    """The resolved value id of a custom slot (None when empty or not one of the values)."""
    slot = get_slot(hi, name)
    for authority in getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None) or []:
        if getattr(authority.status.code, "value", authority.status.code) == "ER_SUCCESS_MATCH" and authority.values:
            return authority.values[0].value.id
    return None


def _slot_minutes(hi) -> float | None:
    slot = get_slot(hi, "duration")
    return domain.duration_minutes(getattr(slot, "value", None))


def _settings(hi, therapy: str) -> dict:
    return _content(hi).therapy["therapies"][therapy]


def _name(hi, therapy: str) -> str:
    return _settings(hi, therapy)["name"]


def _text(hi, key: str, locale: str | None = None, **params) -> str:
    return render_text(_content(hi), locale or _locale(hi), key, params)


def _time_phrase(hi, minutes: int | None = None, *, seconds: int | None = None, locale: str | None = None) -> str:
    """'less than a minute', 'one minute', '12 minutes', 'an hour', '2 hours'."""
    if seconds is not None and seconds < 60:
        return _text(hi, "therapy.time.under_minute", locale)
    if minutes is None:
        minutes = -(-int(seconds) // 60)
    minutes = int(round(minutes))
    if minutes == 1:
        return _text(hi, "therapy.time.one_minute", locale)
    if minutes == 60:
        return _text(hi, "therapy.time.one_hour", locale)
    if minutes > 60 and minutes % 60 == 0:
        return _text(hi, "therapy.time.hours", locale, hours=minutes // 60)
    return _text(hi, "therapy.time.minutes", locale, minutes=minutes)


def _announcements(hi, key: str, **params) -> dict[str, str]:
    """KEY in every locale the content speaks, the request's locale first."""
    c = _content(hi)
    codes = [c.locale_code(_locale(hi))] + [code for code in c.locales if code != c.locale_code(_locale(hi))]
    out = {}
    for code in codes:
        values = {k: (v(code) if callable(v) else v) for k, v in params.items()}
        out[code] = render_text(c, code, key, values)
    return out


def _record(hi) -> dict:
    return domain.normalise(hi.attributes_manager.persistent_attributes.get(FLOW))


def _save(hi, record: dict) -> None:
    hi.attributes_manager.persistent_attributes[FLOW] = record


def _tell(hi, key: str, **params):
    _finish(hi)
    return Reply(hi).say(key, **params).tell()


# -- running a request (after any questions) -------------------------------------------------------------------

def run(hi, pending: dict, *, check_permission: bool = True):
    """Carry out PENDING ({kind, therapy, minutes, confirmed}) against the Timers API, or ask for permission."""
    if check_permission and not granted(hi):
        return _no_permission(hi, pending)
    try:
        return RUNNERS[pending["kind"]](hi, pending, Timers(hi))
    except TimersError as error:
        if error.kind == "permission":
            if not check_permission:            # just accepted, still refused: no second AskFor loop
                return _denied(hi, pending)
            return _no_permission(hi, pending)
        if pending["kind"] in CHECKING:
            return _tell(hi, f"therapy.api.cannot.{pending['kind']}")
        key = "therapy.api.rejected" if error.kind == "rejected" else "therapy.api.unavailable"
        return _tell(hi, key, minutes=_fallback_minutes(hi, pending))


def _fallback_minutes(hi, pending: dict) -> int:
    therapy = pending.get("therapy") or "ice"
    if pending["kind"] == "skin_rest":
        return int(pending.get("minutes") or _settings(hi, therapy)["min_gap_minutes"])
    return domain.plan_minutes(_settings(hi, therapy), pending.get("minutes"))["minutes"]


def _reconciled(hi, api: Timers) -> tuple[dict, dt.datetime]:
    live, now = api.list()
    record = domain.reconcile(_record(hi), live, now)
    _save(hi, record)
    return record, now


def _gap_or_limit(hi, record: dict, therapy: str, now: dt.datetime):
    """The answer when THERAPY must wait (rest gap: offer a timer) or has had enough today; else None."""
    settings = _settings(hi, therapy)
    if domain.over_daily_limit(record, therapy, settings, now):
        return _tell(hi, "therapy.daily_limit", count=domain.count_today(record, therapy, now),
                     therapy_name=_name(hi, therapy))
    left = domain.rest_left(record, therapy, settings, now)
    if left:
        _wait(hi, "rest_offer", {"kind": "skin_rest", "therapy": therapy, "minutes": left})
        return Reply(hi).say("therapy.rest_gap", therapy_name=_name(hi, therapy),
                             time_left=_time_phrase(hi, left)).ask()
    return None


def _needs_heat_check(hi, pending: dict):
    """Ask the first heat check question when this conversation has not had it; else None."""
    if _state(hi).get("heat_check") in ("clear", "caution"):
        return None
    _wait(hi, "check", pending)
    _state(hi)["check_index"] = 0
    return _ask_check(hi, 0)


def _ask_check(hi, index: int):
    question = domain.next_check_question(_content(hi).therapy["checks"], "heat", index)
    return Reply(hi).say(question["prompt"]).ask()


def _create(hi, api: Timers, *, therapy: str, phase: str, minutes: float, label: str, announce: dict) -> dict:
    payload = domain.timer_payload(label, minutes, announce)
    timer_id, trigger, _ = api.create(payload)
    log.info("timer set: %s %s %s min", therapy, phase, minutes)
    return {"id": timer_id, "therapy": therapy, "phase": phase, "ends_at": domain.iso(trigger)}


def _start(hi, pending: dict, api: Timers):
    therapy = pending["therapy"]
    settings = _settings(hi, therapy)
    record, now = _reconciled(hi, api)
    busy = domain.blocking(record, therapy, now)
    if busy is not None:
        return _busy(hi, busy, therapy)
    waiting = _gap_or_limit(hi, record, therapy, now)
    if waiting is not None:
        return waiting
    plan = domain.plan_minutes(settings, pending.get("minutes"))
    cautious = therapy == "heat" and _state(hi).get("heat_check") == "caution"
    if cautious:
        plan["minutes"] = min(plan["minutes"], settings["cautious_minutes"])
    if plan["short"] and not pending.get("confirmed"):
        _wait(hi, "short", {**pending, "confirmed": True})
        return Reply(hi).say("therapy.confirm_short", minutes=plan["minutes"], therapy_name=_name(hi, therapy)).ask()
    if therapy == "heat":
        asking = _needs_heat_check(hi, pending)
        if asking is not None:
            return asking
    entry = _single_timer(hi, api, therapy, plan["minutes"])
    _save(hi, domain.record_started(record, [entry], now))
    _finish(hi)
    # Two sentences: the length (capped with the reason), then the care line for this therapy.
    reply = Reply(hi)
    if plan["capped"]:
        reply.say("therapy.capped", requested=plan["requested"], minutes=plan["minutes"],
                  therapy_name=_name(hi, therapy))
    else:
        reply.say("therapy.started.heat_cautious" if cautious else f"therapy.started.{therapy}",
                  minutes=plan["minutes"])
    return reply.say(_care_key(hi, therapy, cautious)).tell()


def _care_key(hi, therapy: str, cautious: bool) -> str:
    """The second sentence of a start: cloth and low heat; the cold caution in a conversation's first ice."""
    if therapy == "heat":
        return "therapy.care.heat_cautious" if cautious else "therapy.care.heat"
    state = _state(hi)
    if state.get("cold_caution_said"):
        return "therapy.care.ice"
    state["cold_caution_said"] = True
    return "therapy.care.ice_first"


def _single_timer(hi, api: Timers, therapy: str, minutes: float) -> dict:
    """An announced ice or heat timer of MINUTES; its stored entry."""
    gap = _settings(hi, therapy)["recommended_gap_minutes"]
    return _create(hi, api, therapy=therapy, phase=therapy, minutes=minutes,
                   label=_text(hi, f"therapy.label.{therapy}"),
                   announce=_announcements(hi, f"therapy.announce.{therapy}",
                                           time_left=lambda code: _time_phrase(hi, gap, locale=code)))


def _busy(hi, item: dict, wanted: str):
    """Something is already on the skin: say what, and how long it has left."""
    left = _time_phrase(hi, seconds=item["seconds_left"])
    if item["paused"]:
        return _tell(hi, f"therapy.status.paused.{item['kind']}", time_left=left,
                     **({"therapy_name": _name(hi, item["therapy"])} if item["kind"] == "single" else {}))
    if item["kind"] == "alternating":
        return _tell(hi, "therapy.alternate.already_running")
    if wanted == "alternating":
        return _tell(hi, "therapy.alternate.single_running", therapy_name=_name(hi, item["therapy"]), time_left=left)
    return _tell(hi, "therapy.already_running", therapy_name=_name(hi, item["therapy"]), time_left=left)


def _alternate(hi, pending: dict, api: Timers):
    c = _content(hi)
    record, now = _reconciled(hi, api)
    busy = domain.blocking(record, "alternating", now)
    if busy is not None:
        return _busy(hi, busy, "alternating")
    waiting = _gap_or_limit(hi, record, "ice", now)
    if waiting is not None:
        return waiting
    asking = _needs_heat_check(hi, pending)
    if asking is not None:
        return asking
    steps = domain.alternating_steps(c.therapy["alternating"], pending.get("minutes"))
    if _state(hi).get("heat_check") == "caution":
        for step in steps:
            if step["phase"] == "heat":
                step["minutes"] = min(step["minutes"], _settings(hi, "heat")["cautious_minutes"])
        steps = _recount(steps)
    rest = next((s["minutes"] for s in steps if s["phase"] == "rest"), 0)
    created = _chain(hi, api, [{"phase": s["phase"], "step": s["step"], "minutes": s["at_minutes"]} for s in steps],
                     rest)
    _save(hi, domain.record_started(record, created, now))
    minutes = {step["phase"]: step["minutes"] for step in steps}
    return _tell(hi, "therapy.alternate.started", ice_minutes=minutes["ice"], rest_minutes=minutes["rest"],
                 heat_minutes=minutes["heat"])


def _chain(hi, api: Timers, steps: list[dict], rest_minutes: float) -> list[dict]:
    """Set the chain's timers (STEPS: {phase, step, minutes from now}); all or none."""
    created = []
    try:
        for step in steps:
            params = {"minutes": round(rest_minutes)} if step["phase"] == "ice" else {}
            created.append(_create(hi, api, therapy="alternating", phase=step["phase"], minutes=step["minutes"],
                                   label=_text(hi, f"therapy.label.alternating.{step['phase']}", step=step["step"]),
                                   announce=_announcements(hi, f"therapy.announce.alternating.{step['phase']}",
                                                           **params)))
    except TimersError:
        for entry in created:          # no half chains: take back what was set
            try:
                api.delete(entry["id"])
            except TimersError:
                log.warning("could not take back timer %s", entry["id"])
        raise
    return created


def _recount(steps: list[dict]) -> list[dict]:
    at = 0
    for step in steps:
        at += step["minutes"]
        step["at_minutes"] = at
    return steps


def _skin_rest(hi, pending: dict, api: Timers):
    therapy, minutes = pending["therapy"], int(pending["minutes"])
    record, now = _reconciled(hi, api)
    for item in domain.status(record, now):     # one already set: its label is taken, and one is enough
        if item["kind"] == "skin_rest" and item["therapy"] == therapy:
            return _tell(hi, "therapy.rest_timer_set", time_left=_time_phrase(hi, seconds=item["seconds_left"]))
    entry = _create(hi, api, therapy=therapy, phase="skin_rest", minutes=minutes,
                    label=_text(hi, "therapy.label.skin_rest", therapy_name=_name(hi, therapy)),
                    announce=_announcements(hi, "therapy.announce.skin_rest", therapy_name=_name(hi, therapy)))
    _save(hi, domain.record_started(record, [entry], now))
    return _tell(hi, "therapy.rest_timer_set", time_left=_time_phrase(hi, minutes))


def _status(hi, pending: dict, api: Timers):
    record, now = _reconciled(hi, api)
    items = domain.status(record, now)
    _finish(hi)
    if not items:
        return Reply(hi).say("therapy.status.none").tell()
    reply = Reply(hi)
    for item in items:
        left = _time_phrase(hi, seconds=item["seconds_left"])
        if item["paused"]:
            reply.say(f"therapy.status.paused.{item['kind']}", time_left=left,
                      **({"therapy_name": _name(hi, item["therapy"])} if item["kind"] != "alternating" else {}))
        elif item["kind"] == "alternating":
            reply.say(f"therapy.status.alternating.{item['phase']}", time_left=left)
        elif item["kind"] == "skin_rest":
            reply.say("therapy.status.skin_rest", therapy_name=_name(hi, item["therapy"]), time_left=left)
        else:
            reply.say(f"therapy.status.single.{item['phase']}", time_left=left)
    return reply.tell()


def _stop(hi, pending: dict, api: Timers):
    record, now = _reconciled(hi, api)
    therapy = pending.get("therapy")
    plan = domain.stop_plan(record, therapy, now)
    if plan["outcome"] == "none":
        return _tell(hi, "therapy.stop.none")
    if plan["outcome"] == "ice_over":
        return _tell(hi, f"therapy.stop.ice_over.{plan['phase']}",
                     time_left=_time_phrase(hi, seconds=plan["seconds_left"]))
    for timer_id in plan["delete"]:
        now = api.delete(timer_id)
    record = domain.record_stopped(record, plan["delete"], now)
    _save(hi, record)
    created = _recreate(hi, api, plan, pending)
    _save(hi, domain.record_started(record, created, now, count=False))
    if plan["outcome"] == "ice_early":
        return _tell(hi, "therapy.stopped.alternating_ice", time_left=_time_phrase(hi, seconds=plan["rest_seconds"]))
    if plan["outcome"] == "no_heat":
        if plan["phase"] == "ice":
            return _tell(hi, "therapy.stopped.no_heat.ice",
                         time_left=_time_phrase(hi, seconds=plan["create"][0]["seconds"]))
        return _tell(hi, "therapy.stopped.no_heat.rest")
    single = [e for e in plan["stopped"] if e["phase"] in ("ice", "heat")
              and (e["therapy"] != "alternating" or therapy == "heat")]
    if single:
        name = single[0]["phase"]
        return _tell(hi, "therapy.stopped", therapy_name=_name(hi, name),
                     time_left=_time_phrase(hi, _settings(hi, name)["min_gap_minutes"]))
    if plan["outcome"] == "chain":
        return _tell(hi, "therapy.stopped.alternating")
    return _tell(hi, "therapy.stopped.skin_rest")


def _recreate(hi, api: Timers, plan: dict, pending: dict) -> list[dict]:
    """The timers a stop sets again from now: the rest and heat after ice ended early, or ice without the heat."""
    if not plan["create"]:
        return []
    try:
        if plan["outcome"] == "no_heat":
            return [_single_timer(hi, api, "ice", plan["create"][0]["seconds"] / 60)]
        steps = {s["phase"]: number for number, s in enumerate(_content(hi).therapy["alternating"]["steps"], 1)}
        return _chain(hi, api, [{"phase": c["phase"], "step": steps.get(c["phase"], 0), "minutes": c["seconds"] / 60}
                                for c in plan["create"]], plan.get("rest_seconds", 0) / 60)
    except TimersError:
        pending["minutes"] = max(1, round(plan["create"][-1]["seconds"] / 60))
        raise


def _pause(hi, pending: dict, api: Timers):
    record, now = _reconciled(hi, api)
    entries = domain.running(record)
    on = [e for e in entries if not e.get("paused")]
    if not on:
        return _tell(hi, "therapy.pause.already" if entries else "therapy.pause.none")
    for entry in on:
        now = api.pause(entry["id"])
    _save(hi, domain.set_paused(record, [e["id"] for e in on], True, now))
    item = domain.status(record, now)[0]
    return _tell(hi, "therapy.paused", time_left=_time_phrase(hi, seconds=item["seconds_left"]))


def _resume(hi, pending: dict, api: Timers):
    record, now = _reconciled(hi, api)
    paused = [e for e in domain.running(record) if e.get("paused")]
    if not paused:
        return _tell(hi, "therapy.resume.none" if not record["active"] else "therapy.resume.not_paused")
    for entry in paused:
        now = api.resume(entry["id"])
    record = domain.set_paused(record, [e["id"] for e in paused], False, now)
    _save(hi, record)
    item = domain.status(record, now)[0]
    return _tell(hi, "therapy.resumed", time_left=_time_phrase(hi, seconds=item["seconds_left"]))


RUNNERS = {"start": _start, "alternate": _alternate, "skin_rest": _skin_rest, "status": _status, "stop": _stop,
           "pause": _pause, "resume": _resume}


# -- permission ------------------------------------------------------------------------------------------------

def _no_permission(hi, pending: dict):
    """No timers permission: a start asks for it by voice; status, stop, pause and resume say where to allow it."""
    if pending["kind"] not in CHECKING:
        return _ask_permission(hi, pending)
    _permission_card(hi)
    return _tell(hi, f"therapy.permission.needed.{pending['kind']}")


def _permission_card(hi) -> None:
    from ask_sdk_model.ui import AskForPermissionsConsentCard
    hi.response_builder.set_card(AskForPermissionsConsentCard(permissions=[TIMER_SCOPE]))


def _denied(hi, pending: dict):
    """Permission not given: how to allow it in the Alexa app, a permissions card, and the plain fallback."""
    _permission_card(hi)
    if pending["kind"] in CHECKING:
        return _tell(hi, f"therapy.permission.needed.{pending['kind']}")
    return _tell(hi, "therapy.permission.denied", minutes=_fallback_minutes(hi, pending))


def _ask_permission(hi, pending: dict):
    """Ask for the timers permission by voice; the token carries what to do once it is given."""
    from ask_sdk_model.interfaces.connections import SendRequestDirective

    _wait(hi, "permission", pending)
    directive = SendRequestDirective(
        name="AskFor", token=json.dumps(pending, separators=(",", ":")),
        payload={"@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": TIMER_SCOPE})
    return Reply(hi).directive(directive).send()


def _pending_from(hi, token) -> dict | None:
    """The request to resume: from the AskFor token (checked), else from the session."""
    candidates = []
    try:
        candidates.append(json.loads(token) if token else None)
    except ValueError:
        pass
    candidates.append(_state(hi).get("pending"))
    for pending in candidates:
        if isinstance(pending, dict) and pending.get("kind") in KINDS and (
                pending["kind"] in CHECKING + ("alternate",) or pending.get("therapy") in ("ice", "heat")):
            return pending
    return None


class PermissionResultHandler(AbstractRequestHandler):
    """Connections.Response to the timers AskFor: accepted -> do what was asked; otherwise a card and a fallback."""

    def can_handle(self, handler_input):
        request = handler_input.request_envelope.request
        return is_request_type("Connections.Response")(handler_input) and getattr(request, "name", None) == "AskFor"

    def handle(self, handler_input):
        request = handler_input.request_envelope.request
        payload = request.payload or {}
        code = str(getattr(request.status, "code", "") or "")
        pending = _pending_from(handler_input, request.token) or {"kind": "start", "therapy": "ice"}
        if code == "200" and payload.get("status") == "ACCEPTED":
            return run(handler_input, pending, check_permission=False)
        log.info("timers permission not given: code=%s status=%s", code, payload.get("status"))
        return _denied(handler_input, pending)


# -- the flow's yes and no -------------------------------------------------------------------------------------

def _awaiting(hi) -> str | None:
    if hi.request_envelope.session is None or hi.attributes_manager.session_attributes.get("flow") != FLOW:
        return None
    return _state(hi).get("awaiting")


class TherapyYesHandler(AbstractRequestHandler):
    """Yes to a therapy question: a heat check answer (unsure counts as yes), a short length, a rest timer."""

    def can_handle(self, handler_input):
        if is_intent_name("AMAZON.YesIntent")(handler_input):
            return _awaiting(handler_input) in ("check", "short", "rest_offer", "cautious_offer")
        return is_intent_name("UnsureIntent")(handler_input) and _awaiting(handler_input) == "check"

    def handle(self, handler_input):
        state = _state(handler_input)
        pending = state.get("pending") or {}
        if state.get("awaiting") == "check":
            state["heat_check"] = "caution"
            offer = {"kind": "start", "therapy": "heat", "minutes": _settings(handler_input, "heat")["cautious_minutes"],
                     "confirmed": True}
            _wait(handler_input, "cautious_offer", offer)
            return (Reply(handler_input).say(_content(handler_input).therapy["checks"]["heat"]["if_yes"])
                    .say("therapy.check.heat_offer", minutes=offer["minutes"]).ask())
        if _pending_from(handler_input, None) is None:
            _finish(handler_input)
            return Reply(handler_input).say("therapy.ask_type").ask()
        return run(handler_input, pending)


class TherapyNoHandler(AbstractRequestHandler):
    """No to a therapy question: the next heat check question (all no: start), or leave it."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.NoIntent")(handler_input) and _awaiting(handler_input) in (
            "check", "short", "rest_offer", "cautious_offer")

    def handle(self, handler_input):
        state = _state(handler_input)
        awaiting, pending = state.get("awaiting"), state.get("pending") or {}
        if awaiting == "check":
            index = int(state.get("check_index", 0)) + 1
            if domain.next_check_question(_content(handler_input).therapy["checks"], "heat", index) is not None:
                state["check_index"] = index
                return _ask_check(handler_input, index)
            state["heat_check"] = "clear"
            return run(handler_input, pending)
        if awaiting == "cautious_offer":
            return _tell(handler_input, "therapy.check.heat_skipped")
        if awaiting == "short":
            therapy = pending.get("therapy") or "ice"
            return _tell(handler_input, "therapy.short_declined",
                         minutes=_settings(handler_input, therapy)["default_minutes"])
        return _tell(handler_input, "therapy.rest_declined")


# -- entry intents ---------------------------------------------------------------------------------------------

class StartTherapyHandler(AbstractRequestHandler):
    """"Start the ice (for 20 minutes)": a timer; no therapy named -> "ice or heat?"."""

    def can_handle(self, handler_input):
        return is_intent_name("StartTherapyIntent")(handler_input)

    def handle(self, handler_input):
        therapy = _slot_id(handler_input, "therapy")
        minutes = _slot_minutes(handler_input)
        state = _state(handler_input)
        earlier = state.get("pending") or {}
        if minutes is None and state.get("awaiting") == "type":
            minutes = earlier.get("minutes")
        if therapy not in ("ice", "heat"):
            _wait(handler_input, "type", {"kind": "start", "therapy": None, "minutes": minutes})
            return Reply(handler_input).say("therapy.ask_type").ask()
        return run(handler_input, {"kind": "start", "therapy": therapy, "minutes": minutes})


class AlternateTherapyHandler(AbstractRequestHandler):
    """"Alternate ice and heat": ice, a rest, then heat, as a chain of announced timers."""

    def can_handle(self, handler_input):
        return is_intent_name("AlternateTherapyIntent")(handler_input)

    def handle(self, handler_input):
        return run(handler_input, {"kind": "alternate", "therapy": None, "minutes": _slot_minutes(handler_input)})


class TherapyStatusHandler(AbstractRequestHandler):
    """"How long is left?": the skill's own timers, read back from Alexa."""

    def can_handle(self, handler_input):
        return is_intent_name("TherapyStatusIntent")(handler_input)

    def handle(self, handler_input):
        return run(handler_input, {"kind": "status", "therapy": None})


class StopTherapyHandler(AbstractRequestHandler):
    """"I took the ice off" / "cancel the heat": delete the skill's timers and record the end."""

    def can_handle(self, handler_input):
        return is_intent_name("StopTherapyIntent")(handler_input)

    def handle(self, handler_input):
        return run(handler_input, {"kind": "stop", "therapy": _slot_id(handler_input, "therapy")})


class _TimerControl(AbstractRequestHandler):
    """Pause or Resume outside a routine or the screening, when the person has timers of ours stored."""

    intent = kind = ""

    def can_handle(self, handler_input):
        if not is_intent_name(self.intent)(handler_input):
            return False
        session = handler_input.attributes_manager.session_attributes if handler_input.request_envelope.session else {}
        return session.get("flow") in (None, FLOW) and bool(_record(handler_input)["active"])

    def handle(self, handler_input):
        return run(handler_input, {"kind": self.kind, "therapy": None})


class PauseTimersHandler(_TimerControl):
    """"Pause": pause the skill's running timers (take the pack off meanwhile)."""

    intent, kind = "AMAZON.PauseIntent", "pause"


class ResumeTimersHandler(_TimerControl):
    """"Resume": carry on the skill's paused timers."""

    intent, kind = "AMAZON.ResumeIntent", "resume"


class IceOrHeatHandler(AbstractRequestHandler):
    """"Ice or heat?": the evidence stance in two or three sentences."""

    def can_handle(self, handler_input):
        return is_intent_name("IceOrHeatIntent")(handler_input)

    def handle(self, handler_input):
        return Reply(handler_input).say(_content(handler_input).therapy["evidence"]["line"]).ask()


# DESIGN.md order: the permission result first, then the flow's yes/no, then the entry intents.
HANDLERS = [PermissionResultHandler(), TherapyYesHandler(), TherapyNoHandler(), StartTherapyHandler(),
            AlternateTherapyHandler(), TherapyStatusHandler(), StopTherapyHandler(), PauseTimersHandler(),
            ResumeTimersHandler(), IceOrHeatHandler()]
