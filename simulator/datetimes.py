"""AMAZON.DATE and AMAZON.TIME the way Alexa fills them: "tomorrow" -> 2026-12-02, "nine thirty" -> 09:30.

The matcher only recognises the words (DATE_PATTERN, TIME_PATTERN); the session turns them into values against
the device's own date on the virtual clock (a date is relative to the person's day, not the server's).
"""

from __future__ import annotations

import datetime as dt
import re

from simulator.durations import NUMBER_WORDS, words_to_number

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Alexa's AMAZON.TIME values for parts of the day ("the" is already dropped from what the matcher sees).
PARTS_OF_DAY = {"morning": "MO", "this morning": "MO", "in morning": "MO", "afternoon": "AF",
                "this afternoon": "AF", "in afternoon": "AF", "evening": "EV", "this evening": "EV",
                "in evening": "EV", "tonight": "NI", "night": "NI", "at night": "NI"}
NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "00:00", "lunchtime": "12:00"}
_NUM = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_HOUR = rf"(?:\d{{1,2}}|{_NUM})(?: (?:\d{{2}}|{_NUM}))?"
_AMPM = r"(?:am|pm|a m|p m)"
_SUFFIX = rf"(?: (?:{_AMPM}|o'clock|in (?:the )?morning|in (?:the )?afternoon|in (?:the )?evening|at night))"
TIME_PATTERN = (rf"(?:(?:(?:half past|quarter past|quarter to) )?{_HOUR}{_SUFFIX}{{0,2}}"
                rf"|{'|'.join(sorted(set(NAMED_TIMES) | set(PARTS_OF_DAY), key=len, reverse=True))})")
DATE_PATTERN = (r"(?:today|tomorrow|(?:the )?day after tomorrow|(?:next |this )?(?:"
                + "|".join(WEEKDAYS) + r"))")


def alexa_date(words: str, today: dt.date) -> str | None:
    """An AMAZON.DATE value (YYYY-MM-DD) for WORDS said on TODAY (the device's date); None if unreadable."""
    words = " ".join(words.lower().split())
    if words == "today":
        return today.isoformat()
    if words == "tomorrow":
        return (today + dt.timedelta(days=1)).isoformat()
    if words in ("the day after tomorrow", "day after tomorrow"):
        return (today + dt.timedelta(days=2)).isoformat()
    m = re.fullmatch(r"(?:(on|next|this) )?(\w+)", words)
    if m and m.group(2) in WEEKDAYS:
        ahead = (WEEKDAYS.index(m.group(2)) - today.weekday()) % 7 or 7
        return (today + dt.timedelta(days=ahead)).isoformat()
    return None


def alexa_time(words: str) -> str | None:
    """An AMAZON.TIME value ("09:00", "21:30", or MO/AF/EV/NI for a part of the day); None if unreadable.
    A bare hour is taken as said ("nine" -> 09:00), as Alexa does; "pm" or "in the evening" adds twelve."""
    words = " ".join(words.lower().replace(".", " ").replace(":", " ").split()).replace("in the ", "in ")
    words = re.sub(r"\b([ap]) m\b", r"\1m", words)
    if words in PARTS_OF_DAY:
        return PARTS_OF_DAY[words]
    if words in NAMED_TIMES:
        return NAMED_TIMES[words]
    words = words.replace(" o'clock", "")
    later = bool(re.search(r" (?:pm|in afternoon|in evening|at night)$", words))
    words = re.sub(r" (?:am|pm|in morning|in afternoon|in evening|at night)$", "", words)
    minute = 0
    m = re.fullmatch(r"(half past|quarter past|quarter to) (.+)", words)
    if m:
        words, minute = m.group(2), {"half past": 30, "quarter past": 15, "quarter to": -15}[m.group(1)]
    parts = words.split()
    hour = words_to_number(parts[0]) if parts else None
    if len(parts) == 2 and hour is not None:
        extra = words_to_number(parts[1])
        if extra is None:
            return None
        minute = extra
    elif len(parts) > 2:
        return None
    if hour is None or not 0 <= hour <= 23 or not -15 <= minute <= 59:
        return None
    if later and hour < 12:
        hour += 12
    if minute < 0:
        hour, minute = (hour - 1) % 24, 60 + minute
    return f"{hour:02d}:{minute:02d}"
