"""Carrying out an ice or heat request on the Alexa Timers API: start, alternate, skin rest, status, stop, pause."""

from __future__ import annotations

import datetime as dt
import logging

from ask_sdk_core.exceptions import PersistenceException

from skill.domain import therapy as domain
from skill.handlers import therapy_common as common
from skill.handlers import therapy_permission as permission
from skill.render import Reply, render_text
from skill.timers import Timers, TimersError, granted

log = logging.getLogger("spasm_coach.therapy")

CREATED = "therapy_created"          # request attribute: the timers set in this request (for the error handler)


def run(hi, pending: dict, *, check_permission: bool = True):
    """Carry out PENDING ({kind, therapy, minutes, confirmed}): the heat check first when heat is involved (it
    needs no permission), then the Timers API, or the permission question."""
    asking = heat_check_first(hi, pending)
    if asking is not None:
        return asking
    if check_permission and not granted(hi):
        return permission.no_permission(hi, pending)
    try:
        return RUNNERS[pending["kind"]](hi, pending, Timers(hi))
    except TimersError as error:
        if error.kind == "permission":
            if not check_permission:            # just accepted, still refused: no second AskFor loop
                return permission.denied(hi, pending)
            return permission.no_permission(hi, pending)
        if pending["kind"] in common.CHECKING:
            return common.tell(hi, f"therapy.api.cannot.{pending['kind']}")
        key = "therapy.api.rejected" if error.kind == "rejected" else "therapy.api.unavailable"
        return permission.fallback(hi, key, pending)


def heat_check_first(hi, pending: dict):
    """The first heat check question when PENDING puts heat on the skin and this conversation has not had the
    check; else None."""
    heat = pending["kind"] == "alternate" or (pending["kind"] == "start" and pending.get("therapy") == "heat")
    if not heat or common.state(hi).get("heat_check") in common.CHECKED:
        return None
    refusal = _refusal(hi, pending)
    if refusal is not None:
        return refusal
    common.wait(hi, "check", pending)
    common.state(hi)["check_index"] = 0
    return ask_check(hi, 0)


def _refusal(hi, pending: dict):
    """With the permission: an answer that sets nothing (something already on the skin, the rest gap, today's
    limit), said before the heat check so nobody answers five questions to hear it. Else None."""
    if not granted(hi):
        return None
    try:
        record, now = _reconciled(hi, Timers(hi))
    except TimersError:
        return None                     # the check first; the failure is met again after it
    wanted = "alternating" if pending["kind"] == "alternate" else pending["therapy"]
    busy = domain.blocking(record, wanted, now)
    if busy is not None:
        return _busy(hi, busy, wanted)
    return _gap_or_limit(hi, record, "ice" if wanted == "alternating" else wanted, now)


def check_question(hi, index: int) -> dict | None:
    return domain.next_check_question(common.content(hi).therapy["checks"], "heat", index)


def ask_check(hi, index: int, *, before: str | None = None):
    """Ask heat check question INDEX (after the line BEFORE, when given)."""
    reply = Reply(hi)
    if before:
        reply.say(before)
    return reply.say(check_question(hi, index)["prompt"]).ask()


# -- the record ------------------------------------------------------------------------------------------------

def _label_kinds(hi) -> dict[str, tuple[str, str]]:
    """Every label the skill sets, in every locale -> (therapy, phase)."""
    c = common.content(hi)
    kinds = {}
    for code in c.locales:
        for therapy in ("ice", "heat"):
            kinds[render_text(c, code, f"therapy.label.{therapy}", {})] = (therapy, therapy)
            kinds[render_text(c, code, "therapy.label.skin_rest",
                              {"therapy_name": common.name(hi, therapy)})] = (therapy, "skin_rest")
        for number, step in enumerate(c.therapy["alternating"]["steps"], start=1):
            kinds[render_text(c, code, f"therapy.label.alternating.{step['phase']}",
                              {"step": number})] = ("alternating", step["phase"])
    return kinds


def _reconciled(hi, api: Timers) -> tuple[dict, dt.datetime]:
    """The stored record against Alexa's own list: ended timers dropped, timers of ours it missed added."""
    live, labels, now = api.listing()
    record = domain.reconcile(common.record(hi), live, now)
    record = domain.adopt(record, live, labels, _label_kinds(hi), now)
    common.save(hi, record)
    return record, now


def _store_now(hi) -> None:
    """Write the record at once: a timer is running, whatever fails after this."""
    try:
        hi.attributes_manager.save_persistent_attributes()
    except PersistenceException as error:
        log.error("store write failed after a timer was set: %s", type(error).__name__)


def _create(hi, api: Timers, *, therapy: str, phase: str, minutes: float, label: str, announce: dict,
            count: bool = True) -> dict:
    """Set one announced timer and record it straight away; its stored entry."""
    payload = domain.timer_payload(label, minutes, announce)
    timer_id, trigger, now = api.create(payload)
    entry = {"id": timer_id, "therapy": therapy, "phase": phase, "ends_at": domain.iso(trigger)}
    common.save(hi, domain.record_started(common.record(hi), [entry], now, count=count))
    hi.attributes_manager.request_attributes.setdefault(CREATED, []).append(entry)
    _store_now(hi)
    log.info("timer set: %s %s %s min", therapy, phase, minutes)
    return entry


def _take_back(hi, api: Timers, created: list[dict], *, counted: bool) -> None:
    """Delete timers just set (no half chains) and drop them from the record."""
    for entry in created:
        try:
            api.delete(entry["id"])
        except TimersError:
            log.warning("could not take back a timer")
    common.save(hi, domain.forget(common.record(hi), created, counted=counted))
    done = hi.attributes_manager.request_attributes.get(CREATED) or []
    done[:] = [e for e in done if e not in created]
    _store_now(hi)


def _announcements(hi, key: str, **params) -> dict[str, str]:
    """KEY in every locale the content speaks, the request's locale first (callable params take the locale)."""
    c = common.content(hi)
    first = c.locale_code(common.locale(hi))
    out = {}
    for code in [first] + [code for code in c.locales if code != first]:
        values = {k: (v(code) if callable(v) else v) for k, v in params.items()}
        out[code] = render_text(c, code, key, values)
    return out


# -- starting ----------------------------------------------------------------------------------------------------

def _gap_or_limit(hi, record: dict, therapy: str, now: dt.datetime):
    """The answer when THERAPY must wait (rest gap: offer a timer) or has had enough today; else None."""
    settings = common.settings(hi, therapy)
    if domain.over_daily_limit(record, therapy, settings, now):
        return common.tell(hi, "therapy.daily_limit", count=domain.count_today(record, therapy, now),
                           therapy_name=common.name(hi, therapy))
    left = domain.rest_left(record, therapy, settings, now)
    if left:
        common.wait(hi, "rest_offer", {"kind": "skin_rest", "therapy": therapy, "minutes": left})
        return Reply(hi).say("therapy.rest_gap", therapy_name=common.name(hi, therapy),
                             time_left=common.time_phrase(hi, left), **common.gaps(hi, therapy)).ask()
    return None


def _start(hi, pending: dict, api: Timers):
    therapy = pending["therapy"]
    settings = common.settings(hi, therapy)
    record, now = _reconciled(hi, api)
    busy = domain.blocking(record, therapy, now)
    if busy is not None:
        return _busy(hi, busy, therapy)
    waiting = _gap_or_limit(hi, record, therapy, now)
    if waiting is not None:
        return waiting
    plan = domain.plan_minutes(settings, pending.get("minutes"))
    cautious = therapy == "heat" and common.state(hi).get("heat_check") == "caution"
    if cautious:
        plan["minutes"] = min(plan["minutes"], settings["cautious_minutes"])
    if plan["short"] and not pending.get("confirmed"):
        common.wait(hi, "short", {**pending, "confirmed": True})
        return Reply(hi).say("therapy.confirm_short", minutes=plan["minutes"],
                             therapy_name=common.name(hi, therapy)).ask()
    _single_timer(hi, api, therapy, plan["minutes"])
    common.finish(hi)
    # Two sentences: the length (capped with the reason), then the care line for this therapy.
    reply = Reply(hi)
    if plan["capped"]:
        reply.say("therapy.capped", requested=plan["requested"], minutes=plan["minutes"],
                  therapy_name=common.name(hi, therapy))
    else:
        reply.say("therapy.started.heat_cautious" if cautious else f"therapy.started.{therapy}",
                  minutes=plan["minutes"])
    return reply.say(_care_key(hi, therapy, cautious)).tell()


def _care_key(hi, therapy: str, cautious: bool) -> str:
    """The second sentence of a start: cloth and low heat; the cold caution in a conversation's first ice."""
    if therapy == "heat":
        return "therapy.care.heat_cautious" if cautious else "therapy.care.heat"
    state = common.state(hi)
    if state.get("cold_caution_said"):
        return "therapy.care.ice"
    state["cold_caution_said"] = True
    return "therapy.care.ice_first"


def _single_timer(hi, api: Timers, therapy: str, minutes: float, *, count: bool = True) -> dict:
    """An announced ice or heat timer of MINUTES; its stored entry."""
    return _create(hi, api, therapy=therapy, phase=therapy, minutes=minutes, count=count,
                   label=common.text(hi, f"therapy.label.{therapy}"),
                   announce=_announcements(hi, f"therapy.announce.{therapy}",
                                           min_gap=lambda code: common.gaps(hi, therapy, code)["min_gap"],
                                           better_gap=lambda code: common.gaps(hi, therapy, code)["better_gap"]))


def _busy(hi, item: dict, wanted: str):
    """Something is already on the skin: say what, and how long it has left."""
    left = common.time_phrase(hi, seconds=item["seconds_left"])
    if item["paused"]:
        key, params = _paused_line(hi, item, left)
        return common.tell(hi, key, **params)
    if item["kind"] == "alternating":
        return common.tell(hi, "therapy.alternate.already_running")
    if wanted == "alternating":
        return common.tell(hi, "therapy.alternate.single_running", therapy_name=common.name(hi, item["therapy"]),
                           time_left=left)
    return common.tell(hi, "therapy.already_running", therapy_name=common.name(hi, item["therapy"]), time_left=left)


def _alternate(hi, pending: dict, api: Timers):
    c = common.content(hi)
    record, now = _reconciled(hi, api)
    busy = domain.blocking(record, "alternating", now)
    if busy is not None:
        return _busy(hi, busy, "alternating")
    waiting = _gap_or_limit(hi, record, "ice", now)
    if waiting is not None:
        return waiting
    steps = domain.alternating_steps(c.therapy["alternating"], pending.get("minutes"))
    if common.state(hi).get("heat_check") == "caution":
        for step in steps:
            if step["phase"] == "heat":
                step["minutes"] = min(step["minutes"], common.settings(hi, "heat")["cautious_minutes"])
        steps = _recount(steps)
    rest = next((s["minutes"] for s in steps if s["phase"] == "rest"), 0)
    _chain(hi, api, [{"phase": s["phase"], "step": s["step"], "minutes": s["at_minutes"]} for s in steps], rest)
    minutes = {step["phase"]: step["minutes"] for step in steps}
    return common.tell(hi, "therapy.alternate.started", ice_minutes=minutes["ice"], rest_minutes=minutes["rest"],
                       heat_minutes=minutes["heat"])


def _chain(hi, api: Timers, steps: list[dict], rest_minutes: float, *, count: bool = True) -> list[dict]:
    """Set the chain's timers (STEPS: {phase, step, minutes from now}); all or none."""
    created = []
    try:
        for step in steps:
            params = {"minutes": round(rest_minutes)} if step["phase"] == "ice" else {}
            created.append(_create(
                hi, api, therapy="alternating", phase=step["phase"], minutes=step["minutes"], count=count,
                label=common.text(hi, f"therapy.label.alternating.{step['phase']}", step=step["step"]),
                announce=_announcements(hi, f"therapy.announce.alternating.{step['phase']}", **params)))
    except Exception:
        _take_back(hi, api, created, counted=count)
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
            return common.tell(hi, "therapy.rest_timer_set",
                               time_left=common.time_phrase(hi, seconds=item["seconds_left"]))
    therapy_name = common.name(hi, therapy)
    _create(hi, api, therapy=therapy, phase="skin_rest", minutes=minutes,
            label=common.text(hi, "therapy.label.skin_rest", therapy_name=therapy_name),
            announce=_announcements(hi, "therapy.announce.skin_rest", therapy_name=therapy_name))
    return common.tell(hi, "therapy.rest_timer_set", time_left=common.time_phrase(hi, minutes))


# -- looking after timers already set ----------------------------------------------------------------------------

def status_reply(hi, api: Timers, *, inside: bool = False) -> Reply:
    """What is running, as a Reply still to be finished (INSIDE a question: the short "nothing running")."""
    record, now = _reconciled(hi, api)
    items = domain.status(record, now)
    reply = Reply(hi)
    if not items:
        return reply.say("therapy.status.none.inside" if inside else "therapy.status.none")
    for item in items:
        left = common.time_phrase(hi, seconds=item["seconds_left"])
        if item["paused"]:
            key, params = _paused_line(hi, item, left)
            reply.say(key, **params)
        elif item["kind"] == "alternating":
            reply.say(f"therapy.status.alternating.{item['phase']}", time_left=left)
        elif item["kind"] == "skin_rest":
            reply.say("therapy.status.skin_rest", therapy_name=common.name(hi, item["therapy"]), time_left=left)
        else:
            reply.say(f"therapy.status.single.{item['phase']}", time_left=left)
    return reply


def _paused_line(hi, item: dict, left: str) -> tuple[str, dict]:
    """The line (key, params) for a paused timer with LEFT (spoken) to go."""
    extra = {"therapy_name": common.name(hi, item["therapy"])} if item["kind"] != "alternating" else {}
    return f"therapy.status.paused.{item['kind']}", {"time_left": left, **extra}


def _status(hi, pending: dict, api: Timers):
    reply = status_reply(hi, api)
    common.finish(hi)
    return reply.tell()


def _stop(hi, pending: dict, api: Timers):
    record, now = _reconciled(hi, api)
    therapy = pending.get("therapy")
    plan = domain.stop_plan(record, therapy, now)
    if plan["outcome"] == "none":
        return common.tell(hi, "therapy.stop.none")
    if plan["outcome"] == "ice_over":
        return common.tell(hi, f"therapy.stop.ice_over.{plan['phase']}",
                           time_left=common.time_phrase(hi, seconds=plan["seconds_left"]))
    for timer_id in plan["delete"]:
        now = api.delete(timer_id)
    common.save(hi, domain.record_stopped(record, plan["delete"], now))
    _recreate(hi, api, plan, pending)
    if plan["outcome"] == "ice_early":
        return common.tell(hi, "therapy.stopped.alternating_ice",
                           time_left=common.time_phrase(hi, seconds=plan["rest_seconds"]))
    if plan["outcome"] == "no_heat":
        if plan["phase"] == "ice":
            return common.tell(hi, "therapy.stopped.no_heat.ice",
                               time_left=common.time_phrase(hi, seconds=plan["create"][0]["seconds"]))
        return common.tell(hi, "therapy.stopped.no_heat.rest")
    single = [e for e in plan["stopped"] if e["phase"] in ("ice", "heat")
              and (e["therapy"] != "alternating" or therapy == "heat")]
    if single:
        name = single[0]["phase"]
        return common.tell(hi, "therapy.stopped", therapy_name=common.name(hi, name), **common.gaps(hi, name))
    if plan["outcome"] == "chain":
        return common.tell(hi, "therapy.stopped.alternating")
    return common.tell(hi, "therapy.stopped.skin_rest")


def _recreate(hi, api: Timers, plan: dict, pending: dict) -> list[dict]:
    """The timers a stop sets again from now: the rest and heat after ice ended early, or ice without the heat."""
    if not plan["create"]:
        return []
    try:
        if plan["outcome"] == "no_heat":
            return [_single_timer(hi, api, "ice", plan["create"][0]["seconds"] / 60, count=False)]
        steps = {s["phase"]: number for number, s in enumerate(common.content(hi).therapy["alternating"]["steps"], 1)}
        return _chain(hi, api, [{"phase": c["phase"], "step": steps.get(c["phase"], 0), "minutes": c["seconds"] / 60}
                                for c in plan["create"]], plan.get("rest_seconds", 0) / 60, count=False)
    except TimersError:
        pending["minutes"] = max(1, round(plan["create"][-1]["seconds"] / 60))
        raise


def _pause(hi, pending: dict, api: Timers):
    record, now = _reconciled(hi, api)
    entries = domain.running(record)
    on = [e for e in entries if not e.get("paused")]
    if not on:
        return common.tell(hi, "therapy.pause.already" if entries else "therapy.pause.none")
    for entry in on:
        now = api.pause(entry["id"])
    common.save(hi, domain.set_paused(record, [e["id"] for e in on], True, now))
    item = domain.status(record, now)[0]
    return common.tell(hi, "therapy.paused", time_left=common.time_phrase(hi, seconds=item["seconds_left"]))


def _resume(hi, pending: dict, api: Timers):
    record, now = _reconciled(hi, api)
    paused = [e for e in domain.running(record) if e.get("paused")]
    if not paused:
        return common.tell(hi, "therapy.resume.none" if not record["active"] else "therapy.resume.not_paused")
    for entry in paused:
        now = api.resume(entry["id"])
    record = domain.set_paused(record, [e["id"] for e in paused], False, now)
    common.save(hi, record)
    item = domain.status(record, now)[0]
    return common.tell(hi, "therapy.resumed", time_left=common.time_phrase(hi, seconds=item["seconds_left"]))


RUNNERS = {"start": _start, "alternate": _alternate, "skin_rest": _skin_rest, "status": _status, "stop": _stop,
           "pause": _pause, "resume": _resume}
