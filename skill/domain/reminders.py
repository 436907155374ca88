"""Reminders as plain data: what kind, when (on the device's clock), and the Reminders API payload.

A reminder's text shows in the Alexa app, so it names no symptom and no answer: only what to do and how to open
the skill (content/data/responses/reminders.yaml, reminders.text.*).
"""

from __future__ import annotations

import datetime as dt
import re

from skill.domain.therapy import duration_minutes

KINDS = ("stretches", "ice", "heat", "checkin")
PARTS_OF_DAY = {"MO": 9, "AF": 14, "EV": 18, "NI": 20}   # AMAZON.TIME's parts of the day, as hours
DEFAULT_HOUR = 9              # a day named without a time ("tomorrow"): nine in the morning
LATER_HOURS = 3               # "later today": three hours from now...
LATEST_HOUR = 21              # ...unless that is after nine in the evening: then tomorrow morning
LONGEST_OFFSET_DAYS = 31      # "remind me in ..." further off than this is not read as meant
SAME_MINUTE = 60              # a reminder of the same kind within this many seconds is the same reminder


class WhenError(ValueError):
    """The time asked for cannot be used: REASON is "past" or "unreadable"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def read_time(value: str | None) -> tuple[int, int] | None:
    """AMAZON.TIME ("09:00", "21:30", "MO"/"AF"/"EV"/"NI") as (hour, minute); None when absent or unreadable."""
    if not value:
        return None
    if value in PARTS_OF_DAY:
        return PARTS_OF_DAY[value], 0
    try:
        hour, minute = (int(part) for part in value.split(":")[:2])
    except ValueError:
        return None
    return (hour, minute) if 0 <= hour <= 23 and 0 <= minute <= 59 else None


def read_date(value: str | None) -> dt.date | None:
    """AMAZON.DATE as a day ("2026-12-02"); None when absent or not one day (a week, a weekend, a month)."""
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):    # not "2026-W49", "2026-12", "2026-W49-WE"
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def when(now: dt.datetime, date: str | None, time: str | None) -> dt.datetime:
    """The moment asked for, on NOW's clock (the device's): a date and a time; a time alone is its next
    occurrence (today, else tomorrow); a date alone is that day at nine. WhenError when it has passed or
    cannot be read."""
    day, clock = read_date(date), read_time(time)
    if (date and day is None) or (time and clock is None):
        raise WhenError("unreadable")
    if clock is None:
        clock = (DEFAULT_HOUR, 0)
    at = _on(now, day or now.date(), clock)
    if day is None and at <= now:
        at = _on(now, now.date() + dt.timedelta(days=1), clock)
    if at <= now:
        raise WhenError("past")
    return at


def offset_seconds(duration: str | None) -> int:
    """AMAZON.DURATION for "remind me in two hours" as whole seconds from now; WhenError("unreadable") when it
    cannot be read, is under a minute or is more than LONGEST_OFFSET_DAYS off."""
    minutes = duration_minutes(duration)
    if minutes is None or minutes < 1 or minutes > LONGEST_OFFSET_DAYS * 24 * 60:
        raise WhenError("unreadable")
    return round(minutes * 60)


def already_set(listed: list[dict], kind: str, at: dt.datetime, texts_by_kind: dict[str, set[str]]) -> bool:
    """Whether LISTED (the person's reminders from us) already has one of KIND going off at AT."""
    return any(kind_of(item.get("text", ""), texts_by_kind) == kind and item.get("at") is not None
               and abs((item["at"] - at).total_seconds()) < SAME_MINUTE for item in listed)


def later_today(now: dt.datetime) -> dt.datetime:
    """"Later today": LATER_HOURS from now, or tomorrow at nine when that would be after LATEST_HOUR."""
    at = (now + dt.timedelta(hours=LATER_HOURS)).replace(second=0, microsecond=0)
    if at.date() != now.date() or at.hour >= LATEST_HOUR:
        return tomorrow_at(now, DEFAULT_HOUR)
    return at


def tomorrow_at(now: dt.datetime, hour: int = DEFAULT_HOUR) -> dt.datetime:
    return _on(now, now.date() + dt.timedelta(days=1), (hour, 0))


def _on(now: dt.datetime, day: dt.date, clock: tuple[int, int]) -> dt.datetime:
    """DAY at CLOCK in NOW's time zone (a wall time that does not exist moves on with the zone's rules)."""
    naive = dt.datetime.combine(day, dt.time(*clock))
    zone = now.tzinfo
    if zone is None:
        return naive.replace(tzinfo=dt.timezone.utc)
    return naive.replace(tzinfo=zone).astimezone(dt.timezone.utc).astimezone(zone)


def payload(texts: dict[str, str], *, at: dt.datetime | None = None, offset_seconds: int | None = None,
            zone: str | None = None) -> dict:
    """A Reminders API create payload: TEXTS {locale: text}; AT (on the device's clock) or OFFSET_SECONDS."""
    if offset_seconds is not None:
        trigger = {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": int(offset_seconds)}
    else:
        trigger = {"type": "SCHEDULED_ABSOLUTE", "scheduledTime": at.replace(tzinfo=None).isoformat(timespec="seconds")}
        if zone:
            trigger["timeZoneId"] = zone
    return {"trigger": trigger,
            "alertInfo": {"spokenInfo": {"content": [{"locale": loc, "text": t} for loc, t in texts.items()]}},
            "pushNotification": {"status": "ENABLED"}}


def day_word(at: dt.datetime, now: dt.datetime) -> str:
    """today | tomorrow | weekday (on the same clock as NOW)."""
    days = (at.date() - now.date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return "weekday"


def clock_words(at: dt.datetime) -> str:
    """'9 AM', '3:30 PM', 'noon' style words for a time (read well by Alexa in every English locale)."""
    if (at.hour, at.minute) == (12, 0):
        return "noon"
    hour = at.hour % 12 or 12
    suffix = "AM" if at.hour < 12 else "PM"
    return f"{hour} {suffix}" if at.minute == 0 else f"{hour}:{at.minute:02d} {suffix}"


def kind_of(text: str, texts_by_kind: dict[str, set[str]]) -> str | None:
    """Which of our kinds a listed reminder is, by its text."""
    for kind, texts in texts_by_kind.items():
        if text in texts:
            return kind
    return None
