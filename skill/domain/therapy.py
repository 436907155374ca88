"""Ice and heat sessions as plain functions: lengths, rest gaps, the alternating chain, stored timers, status."""

from __future__ import annotations

import copy
import datetime as dt
import math
import re

from skill.domain.clock import iso, parse_time

MAX_TIMER_SECONDS = 2 * 3600          # the Timers API refuses anything longer
MAX_LABEL_CHARS = 256
PHASES = ("ice", "heat", "rest", "skin_rest")
_ISO_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


# -- time ------------------------------------------------------------------------------------------------------

def duration_minutes(value: str | None) -> float | None:
    """AMAZON.DURATION ("PT20M", "PT1H30M", "PT45S") in minutes; None when absent or unreadable ("?", "PT")."""
    if not isinstance(value, str):
        return None
    m = _ISO_DURATION.match(value.strip().upper())
    if not m or not any(m.groups()):
        return None
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in m.groups())
    total = days * 1440 + hours * 60 + minutes + seconds / 60
    return total if 0 < total < math.inf else None   # 400 digits of days make float infinity


def minutes_until(later: dt.datetime, now: dt.datetime) -> int:
    """Whole minutes from NOW to LATER, rounded up; 0 once LATER has passed."""
    seconds = (later - now).total_seconds()
    return max(0, math.ceil(seconds / 60 - 1e-9))


# -- lengths ---------------------------------------------------------------------------------------------------

def plan_minutes(settings: dict, requested: float | None) -> dict:
    """The length to set for one therapy: {minutes, capped, short, requested}.

    No length -> the default; over the maximum -> the maximum (capped); under the minimum -> as asked,
    marked short so the caller confirms it first; never under one minute.
    """
    if requested is None:
        return {"minutes": settings["default_minutes"], "capped": False, "short": False, "requested": None}
    asked = max(1, round(requested))
    if asked > settings["max_minutes"]:
        return {"minutes": settings["max_minutes"], "capped": True, "short": False, "requested": asked}
    return {"minutes": asked, "capped": False, "short": asked < settings["min_minutes"], "requested": asked}


def alternating_steps(alternating: dict, per_phase: float | None = None) -> list[dict]:
    """The chain: [{step, phase, minutes, at_minutes}] where at_minutes is when that step ends from the start.

    PER_PHASE (the person's "alternate every ten minutes") replaces the ice and heat lengths, within the
    per-phase maximum; the rest stays as the content says.
    """
    most = alternating.get("max_minutes_per_phase", 20)
    steps, at = [], 0
    for number, step in enumerate(alternating["steps"], start=1):
        minutes = step["minutes"]
        if per_phase is not None and step["phase"] in ("ice", "heat"):
            minutes = min(most, max(1, round(per_phase)))
        at += minutes
        steps.append({"step": number, "phase": step["phase"], "minutes": minutes, "at_minutes": at})
    return steps


# -- the stored record ("therapy" key of the persistent attributes) --------------------------------------------

def empty_record() -> dict:
    return {"active": [], "last_end": {}, "today": {}}


def normalise(record) -> dict:
    """A copy of the stored record with every part present (a missing or damaged record starts empty)."""
    out = empty_record()
    if isinstance(record, dict):
        if isinstance(record.get("active"), list):
            out["active"] = [dict(a) for a in record["active"]
                             if isinstance(a, dict) and a.get("id") and parse_time(a.get("ends_at"))]
        if isinstance(record.get("last_end"), dict):
            out["last_end"] = {k: v for k, v in record["last_end"].items()
                               if k in ("ice", "heat") and parse_time(v)}
        if isinstance(record.get("today"), dict):
            out["today"] = copy.deepcopy(record["today"])
    return out


def reconcile(record: dict, live: dict | None, now: dt.datetime) -> dict:
    """Drop stored timers that have ended or that Alexa no longer has.

    LIVE: timer id -> its trigger time (running) or the time it has left (a timedelta: paused); None = unknown.
    An ice or heat phase that ended records its end time (the stored end, or now if it was cancelled early).
    """
    out = normalise(record)
    keep = []
    for entry in out["active"]:
        value = live.get(entry["id"]) if live is not None else None
        if isinstance(value, dt.timedelta):                  # paused: its end moves on with the clock
            entry.update(ends_at=iso(now + value), paused=True)
            keep.append(entry)
            continue
        if live is None and entry.get("paused"):
            keep.append(entry)
            continue
        ends = parse_time(entry["ends_at"])
        gone = ends <= now or (live is not None and value is None)
        if not gone:
            if value is not None:
                entry["ends_at"] = iso(value)
                entry.pop("paused", None)
            keep.append(entry)
            continue
        if entry.get("phase") in ("ice", "heat"):
            _set_last_end(out, entry["phase"], min(ends, now))
    out["active"] = keep
    return out


def _set_last_end(record: dict, therapy: str, when: dt.datetime) -> None:
    current = parse_time(record["last_end"].get(therapy))
    if current is None or when > current:
        record["last_end"][therapy] = iso(when)


def running(record: dict, therapy: str | None = None) -> list[dict]:
    """Stored active timers, soonest first; only those that are (or are part of) THERAPY when given."""
    entries = sorted(normalise(record)["active"], key=lambda a: a["ends_at"])
    if therapy is None:
        return entries
    return [a for a in entries if a.get("therapy") == therapy or (a.get("therapy") == "alternating"
                                                                   and therapy in ("ice", "heat"))]


def rest_left(record: dict, therapy: str, settings: dict, now: dt.datetime) -> int:
    """Minutes of skin rest still needed before THERAPY again (0 when it is fine now)."""
    last = parse_time(normalise(record)["last_end"].get(therapy))
    if last is None:
        return 0
    return minutes_until(last + dt.timedelta(minutes=settings["min_gap_minutes"]), now)


def count_today(record: dict, therapy: str, now: dt.datetime) -> int:
    today = normalise(record)["today"]
    return int(today.get(therapy, 0)) if today.get("date") == now.date().isoformat() else 0


def over_daily_limit(record: dict, therapy: str, settings: dict, now: dt.datetime) -> bool:
    limit = settings.get("max_sessions_per_day")
    return bool(limit) and count_today(record, therapy, now) >= limit


def record_started(record: dict, entries: list[dict], now: dt.datetime, *, count: bool = True) -> dict:
    """Add ENTRIES ({id, therapy, phase, ends_at}) to the active list and count today's ice and heat sessions
    (COUNT false: timers set again for a session already counted, such as a chain moved on)."""
    out = normalise(record)
    date = now.date().isoformat()
    if out["today"].get("date") != date:
        out["today"] = {"date": date}
    for entry in entries:
        out["active"].append({k: entry[k] for k in ("id", "therapy", "phase", "ends_at")})
        if count and entry["phase"] in ("ice", "heat"):
            out["today"][entry["phase"]] = int(out["today"].get(entry["phase"], 0)) + 1
    return out


def adopt(record: dict, live: dict, labels: dict, kinds: dict, now: dt.datetime) -> dict:
    """Add the skill's running timers the record missed (set, then the request failed before it was saved).

    LIVE: timer id -> trigger time or time left (paused); LABELS: timer id -> its label; KINDS: label ->
    (therapy, phase), from the labels the skill sets. A timer with a label the skill does not set is left alone.
    """
    out = normalise(record)
    known = {entry["id"] for entry in out["active"]}
    found = []
    for timer_id, value in live.items():
        kind = kinds.get(labels.get(timer_id))
        if timer_id in known or kind is None:
            continue
        paused = isinstance(value, dt.timedelta)
        found.append({"id": timer_id, "therapy": kind[0], "phase": kind[1],
                      "ends_at": iso(now + value if paused else value), "paused": paused})
    out = record_started(out, found, now)
    for entry in out["active"]:
        if any(f["id"] == entry["id"] and f["paused"] for f in found):
            entry["paused"] = True
    return out


def forget(record: dict, entries: list[dict], *, counted: bool = True) -> dict:
    """Remove ENTRIES without recording an end (a chain taken back before anything was on the skin); when they
    were COUNTED in today's sessions, take them off the count too."""
    out = normalise(record)
    ids = {entry["id"] for entry in entries}
    out["active"] = [entry for entry in out["active"] if entry["id"] not in ids]
    for entry in entries:
        phase = entry.get("phase")
        if counted and phase in ("ice", "heat") and out["today"].get(phase):
            out["today"][phase] = int(out["today"][phase]) - 1
    return out


def record_stopped(record: dict, ids, now: dt.datetime) -> dict:
    """Remove the timers IDS; an ice or heat phase that was on (its time not yet reached) ends now."""
    out = normalise(record)
    ids = set(ids)
    keep = []
    for entry in out["active"]:
        if entry["id"] not in ids:
            keep.append(entry)
            continue
        if entry.get("phase") in ("ice", "heat") and _phase_was_on(entry, out["active"], now):
            _set_last_end(out, entry["phase"], min(parse_time(entry["ends_at"]), now))
    out["active"] = keep
    return out


def _phase_was_on(entry: dict, active: list[dict], now: dt.datetime) -> bool:
    """A chained phase is on only once the step before it has ended."""
    if entry.get("therapy") != "alternating":
        return True
    earlier = [a for a in active if a.get("therapy") == "alternating" and a["ends_at"] < entry["ends_at"]]
    return all(parse_time(a["ends_at"]) <= now for a in earlier)


# -- status ----------------------------------------------------------------------------------------------------

def status(record: dict, now: dt.datetime) -> list[dict]:
    """What is running now, one item per single timer and one for an alternating chain:
    [{kind: single|alternating|skin_rest, therapy, phase, minutes_left, seconds_left}], soonest first."""
    items = []
    chain = [a for a in running(record) if a.get("therapy") == "alternating"]
    for entry in running(record):
        if entry.get("therapy") == "alternating":
            continue
        kind = "skin_rest" if entry.get("phase") == "skin_rest" else "single"
        items.append(_item(kind, entry, entry["therapy"], now))
    if chain:
        items.append(_item("alternating", chain[0], "alternating", now))
    return sorted(items, key=lambda i: i["seconds_left"])


def _item(kind, entry, therapy, now) -> dict:
    ends = parse_time(entry["ends_at"])
    seconds = max(0, int((ends - now).total_seconds()))
    return {"kind": kind, "therapy": therapy, "phase": entry["phase"], "seconds_left": seconds,
            "minutes_left": minutes_until(ends, now), "paused": bool(entry.get("paused"))}


def blocking(record: dict, wanted: str, now: dt.datetime) -> dict | None:
    """The status item that stops WANTED (ice | heat | alternating) from starting now, or None.

    One thing on the skin at a time: a chain blocks any start; a single ice or heat timer blocks the same
    therapy and a chain.
    """
    for item in status(record, now):
        if item["kind"] == "alternating":
            return item
        if item["kind"] == "single" and (wanted == "alternating" or item["therapy"] == wanted):
            return item
    return None


def set_paused(record: dict, ids, paused: bool, now: dt.datetime) -> dict:
    """Mark the timers IDS paused (their end floats) or running again (their end is now plus what was left)."""
    out = normalise(record)
    ids = set(ids)
    for entry in out["active"]:
        if entry["id"] in ids:
            if paused:
                entry["paused"] = True
            else:
                entry.pop("paused", None)
    return out


# -- stopping ----------------------------------------------------------------------------------------------------

def stop_plan(record: dict, therapy: str | None, now: dt.datetime) -> dict:
    """What "stop" (THERAPY named or not) means now: {outcome, delete: [ids], create: [{phase, minutes}], ...}.

    outcomes: none; single (timers of THERAPY, or everything when none is named); chain (the whole chain);
    ice_early (the ice part of a chain ends now; the rest and heat are set again from now); ice_over (the ice
    part is already done: nothing changes); no_heat (the heat part is dropped; ice still on: a plain ice timer
    for the time it had left).
    """
    entries = running(record)
    chain = [a for a in entries if a.get("therapy") == "alternating"]
    singles = [a for a in entries if a.get("therapy") != "alternating"]
    if therapy is None:
        if not entries:
            return {"outcome": "none", "delete": [], "create": []}
        outcome = "chain" if chain and not [s for s in singles if s["phase"] != "skin_rest"] else "single"
        return {"outcome": outcome, "delete": [a["id"] for a in entries], "create": [], "stopped": entries}
    mine = [a for a in singles if a.get("therapy") == therapy]
    if mine:
        return {"outcome": "single", "delete": [a["id"] for a in mine], "create": [], "stopped": mine}
    if not chain:
        return {"outcome": "none", "delete": [], "create": []}
    phase = chain[0]["phase"]
    ends = {a["phase"]: parse_time(a["ends_at"]) for a in chain}
    ids = [a["id"] for a in chain]
    if therapy == "heat" and phase == "heat":
        return {"outcome": "chain", "delete": ids, "create": [], "stopped": chain}
    if therapy == "heat":
        create = [{"phase": "ice", "seconds": (ends["ice"] - now).total_seconds()}] if phase == "ice" else []
        return {"outcome": "no_heat", "phase": phase, "delete": ids, "create": create, "stopped": chain}
    if phase != "ice":
        return {"outcome": "ice_over", "phase": phase, "delete": [], "create": [],
                "seconds_left": max(0, int((ends[phase] - now).total_seconds()))}
    rest = (ends["rest"] - ends["ice"]).total_seconds() if "rest" in ends else 0
    heat = (ends["heat"] - ends.get("rest", ends["ice"])).total_seconds() if "heat" in ends else 0
    create = [{"phase": "rest", "seconds": rest}] if rest > 0 else []
    if heat > 0:
        create.append({"phase": "heat", "seconds": rest + heat})
    return {"outcome": "ice_early", "delete": ids, "create": create, "stopped": chain, "rest_seconds": rest}


# -- timer payloads --------------------------------------------------------------------------------------------

def timer_payload(label: str, minutes: float, announcements: dict[str, str]) -> dict:
    """A create-timer body as the Timers API takes it: visible, labelled, ANNOUNCE per locale, at most 2 hours."""
    seconds = int(round(minutes * 60))
    if not 0 < seconds <= MAX_TIMER_SECONDS:
        raise ValueError(f"a timer runs from 1 second to 2 hours, not {minutes} minutes")
    if not label or len(label) > MAX_LABEL_CHARS:
        raise ValueError(f"a timer label is 1 to {MAX_LABEL_CHARS} characters: {label!r}")
    if not announcements or not all(text for text in announcements.values()):
        raise ValueError("an ANNOUNCE timer needs text for at least one locale")
    return {
        "duration": iso_duration(seconds),
        "timerLabel": label,
        "creationBehavior": {"displayExperience": {"visibility": "VISIBLE"}},
        "triggeringBehavior": {
            "operation": {"type": "ANNOUNCE",
                          "textToAnnounce": [{"locale": loc, "text": text} for loc, text in announcements.items()]},
            "notificationConfig": {"playAudible": True},
        },
    }


def iso_duration(seconds: int) -> str:
    """PT1H5M, PT15M, PT30S."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")


# -- the heat check (answers live in the session only) ---------------------------------------------------------

def next_check_question(checks: dict, therapy: str, index: int) -> dict | None:
    """The check question at INDEX for THERAPY, or None when they are all answered."""
    questions = (checks.get(therapy) or {}).get("questions") or []
    return questions[index] if 0 <= index < len(questions) else None
