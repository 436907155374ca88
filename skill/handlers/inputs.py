"""What every handler reads from handler_input: session, content, locale, intent, slots, request time."""

from __future__ import annotations

import datetime as dt

import content as content_module
from skill.domain.clock import in_zone, utc

ZONE_ATTRIBUTE = "time_zone"   # request attributes: the device's IANA time zone (set by skill/locality.py)
EXCLUSIONS = "exclusions"  # session["exclusions"]: exclusion answers the routine and screening share (session only)
# request attributes: an answer's words (AnswerIntent) as heard, kept when the request interceptor renames the intent
# to what they stand for (skill/handlers/screening.py), so a question that reads its own words still has them.
ANSWER_WORDS = "answer_words"


def session(handler_input) -> dict:
    """Session attributes; an empty dict for requests outside a session (skill events)."""
    if handler_input.request_envelope.session is None:
        return {}
    return handler_input.attributes_manager.session_attributes


def content(handler_input):
    """The request's content (a test may put its own in the request attributes), else the process's."""
    return handler_input.attributes_manager.request_attributes.get("content") or content_module.get()


def locale(handler_input) -> str | None:
    return getattr(handler_input.request_envelope.request, "locale", None)


def intent_name(handler_input) -> str | None:
    """The intent's name; None for other request types."""
    return getattr(getattr(handler_input.request_envelope.request, "intent", None), "name", None)


def request_time(handler_input) -> dt.datetime:
    """The request's timestamp, else the clock, on the device's clock (skill/locality.py's time zone): the same
    instant, whose .date() is the person's own day."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    now = utc(stamp) if isinstance(stamp, dt.datetime) else dt.datetime.now(dt.timezone.utc)
    attributes = handler_input.attributes_manager.request_attributes
    return in_zone(now, attributes.get(ZONE_ATTRIBUTE) if isinstance(attributes, dict) else None)


def slots(handler_input) -> dict:
    """The intent's slots by name; empty for other request types."""
    return getattr(getattr(handler_input.request_envelope.request, "intent", None), "slots", None) or {}


def slot_value(handler_input, name: str) -> str | None:
    """The words heard in a slot, whether or not they resolved."""
    return getattr(slots(handler_input).get(name), "value", None) or None


def _matched(authority) -> bool:
    code = getattr(authority.status, "code", None)
    return getattr(code, "value", code) == "ER_SUCCESS_MATCH"


def resolved_ids(slot) -> list[str]:
    """A slot's resolved value ids, one per authority that matched (ER_SUCCESS_MATCH), best first."""
    authorities = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None) or []
    return [authority.values[0].value.id for authority in authorities if _matched(authority) and authority.values]


def is_resolved(slot) -> bool:
    """Whether any authority matched the slot's words to one of its values."""
    authorities = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None) or []
    return any(_matched(authority) for authority in authorities)


def slot_id(handler_input, name: str) -> str | None:
    """The resolved value id of a custom slot (None when empty or not one of the values)."""
    return next(iter(resolved_ids(slots(handler_input).get(name))), None)


ROUTINE_STATE = "routine_state"      # request attributes: (the session's raw routine dict, its parsed State)
SCREENING_STATE = "screening_state"  # request attributes: (the session's raw screening dict, its parsed State)


def _parsed_once(handler_input, name: str, attribute: str, parse):
    """session[NAME] parsed by PARSE(raw, content) once per request and kept in the request attributes under
    ATTRIBUTE with the raw value it was read from (parsed again only if the session's value was replaced)."""
    raw = session(handler_input).get(name)
    attributes = handler_input.attributes_manager.request_attributes
    cached = attributes.get(attribute) if isinstance(attributes, dict) else None
    if cached is not None and cached[0] is raw:
        return cached[1]
    parsed = parse(raw, content(handler_input))
    if isinstance(attributes, dict):
        attributes[attribute] = (raw, parsed)
    return parsed


def routine_state(handler_input):
    """session["routine"] as a skill.domain.routine.State, parsed and validated once per request; None when
    there is none or it cannot be read safely."""
    from skill.domain.routine import State

    return _parsed_once(handler_input, "routine", ROUTINE_STATE, State.parse)


def screening_state(handler_input):
    """session["screening"] as a skill.domain.screening.State, parsed and validated once per request; None when
    there is none or it cannot be read safely (stale, forged, an older version). The handlers work on the
    State and store its as_dict(); the request's copy is the one every handler of the request sees."""
    from skill.domain.screening import State

    return _parsed_once(handler_input, "screening", SCREENING_STATE, State.parse)


def known_exclusions(handler_input) -> dict:
    """Exclusion answers already given in this conversation (by the routine or the screening)."""
    known = session(handler_input).get(EXCLUSIONS)
    return known if isinstance(known, dict) else {}
