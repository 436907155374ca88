"""What the ice and heat handlers share: content, the flow's session dict, slots, spoken times, the stored record."""

from __future__ import annotations

import math

import re

from skill.domain import therapy as domain
from skill.handlers.inputs import content, locale, session, slot_id, slot_value
from skill.render import Reply, render_text

FLOW = "therapy"
KINDS = ("start", "alternate", "skin_rest", "status", "stop", "pause", "resume")
CHECKING = ("status", "stop", "pause", "resume")     # kinds that only look after timers already set
QUESTIONS = ("check", "short", "rest_offer", "cautious_offer", "type")   # what the flow can be waiting on
CHECKED = ("clear", "caution")                       # the heat check's result, once answered


def state(hi) -> dict:
    """The therapy flow's own session dict (pending request, what it waits for, the heat check result)."""
    if hi.request_envelope.session is None:
        return {}                       # out of session (a stray Connections.Response): nothing to keep
    attributes = session(hi)
    if not isinstance(attributes.get(FLOW), dict):
        attributes[FLOW] = {}
    return attributes[FLOW]


def wait(hi, awaiting: str, pending: dict) -> None:
    """The flow now waits for an answer to AWAITING, with PENDING to carry out after it."""
    current = state(hi)
    if current.get("awaiting") != awaiting:
        current.pop("unsure", None)
    current.update(awaiting=awaiting, pending=pending)
    if hi.request_envelope.session is not None:
        hi.attributes_manager.session_attributes["flow"] = FLOW


def finish(hi) -> None:
    """The flow is done: keep only the heat check answer (for this conversation), release Yes/No."""
    current = state(hi)
    for key in ("awaiting", "pending", "check_index", "unsure"):
        current.pop(key, None)
    attributes = session(hi)
    if attributes.get("flow") == FLOW:
        attributes["flow"] = None


def awaiting(hi) -> str | None:
    """The question the flow is waiting on, when the flow owns the conversation."""
    if session(hi).get("flow") != FLOW:
        return None
    return state(hi).get("awaiting")


def therapy_named(hi) -> str | None:
    """ice | heat from the therapy slot: its resolved id, else the one therapy name among the words heard
    ("ice for ten" caught whole by the slot still says ice)."""
    resolved = slot_id(hi, "therapy")
    if resolved is not None:
        return resolved
    words = set(re.findall(r"[a-z]+", (slot_value(hi, "therapy") or "").lower()))
    named = [therapy for therapy in ("ice", "heat") if therapy in words]
    return named[0] if len(named) == 1 else None


MAX_SLOT_MINUTES = 7 * 24 * 60   # a length heard above this is read as this (then capped to the therapy's maximum)


def slot_minutes(hi) -> float | None:
    """The length asked for: the duration slot, else a plain number of minutes (a "minutes" slot, if the model
    has one). Only finite numbers above 0 count ("inf", "nan", "1e400" are not lengths); anything above a week is
    read as a week, so the arithmetic after it stays in range and the person hears the therapy's maximum."""
    minutes = domain.duration_minutes(slot_value(hi, "duration"))
    if minutes is None:
        try:
            minutes = float(slot_value(hi, "minutes"))
        except (TypeError, ValueError):
            return None
    if not math.isfinite(minutes) or minutes <= 0:
        return None
    return min(minutes, MAX_SLOT_MINUTES)


def settings(hi, therapy: str) -> dict:
    return content(hi).therapy["therapies"][therapy]


def name(hi, therapy: str) -> str:
    return settings(hi, therapy)["name"]


def text(hi, key: str, locale_code: str | None = None, **params) -> str:
    return render_text(content(hi), locale_code or locale(hi), key, params)


def time_phrase(hi, minutes: int | None = None, *, seconds: int | None = None, locale_code: str | None = None) -> str:
    """'less than a minute', 'one minute', '12 minutes', 'an hour', '2 hours'."""
    if seconds is not None and seconds < 60:
        return text(hi, "therapy.time.under_minute", locale_code)
    if minutes is None:
        minutes = -(-int(seconds) // 60)
    minutes = int(round(minutes))
    if minutes == 1:
        return text(hi, "therapy.time.one_minute", locale_code)
    if minutes == 60:
        return text(hi, "therapy.time.one_hour", locale_code)
    if minutes > 60 and minutes % 60 == 0:
        return text(hi, "therapy.time.hours", locale_code, hours=minutes // 60)
    return text(hi, "therapy.time.minutes", locale_code, minutes=minutes)


def gaps(hi, therapy: str, locale_code: str | None = None) -> dict:
    """The rest between rounds as every line says it: {min_gap: 'an hour', better_gap: '2 hours'}."""
    s = settings(hi, therapy)
    return {"min_gap": time_phrase(hi, s["min_gap_minutes"], locale_code=locale_code),
            "better_gap": time_phrase(hi, s["recommended_gap_minutes"], locale_code=locale_code)}


def record(hi) -> dict:
    return domain.normalise(hi.attributes_manager.persistent_attributes.get(FLOW))


def save(hi, new_record: dict) -> None:
    hi.attributes_manager.persistent_attributes[FLOW] = new_record


def tell(hi, key: str, **params):
    finish(hi)
    return Reply(hi).say(key, **params).tell()
