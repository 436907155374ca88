"""The speech budget: how long each line talks (words at 160 a minute; holds and pauses not counted)."""

from __future__ import annotations

import html
import re
import string
from dataclasses import dataclass

WORDS_PER_MINUTE = 160
# The limits of issue 13 (seconds of talk). A screening question is any key the screening asks as a question.
LIMITS = {"welcome_first": 20, "welcome_returning": 10, "screening_question": 10, "emergency_number": 8,
          "response": 60, "screening_all_no": 150}
WELCOME_FIRST = ("frame.welcome.first",)
WELCOME_RETURNING = ("frame.welcome.returning", "frame.welcome.back", "frame.welcome.menu",
                     "frame.welcome.menu.continue")
QUESTION_PREFIXES = ("screening.question.", "screening.exclusion.", "screening.clarify.cant_walk")
# Lines that send someone to emergency help (besides every tier-1 outcome): the number comes first.
EMERGENCY_KEYS = ("routine.blocked.emergency",)

# What a {placeholder} of a call stands for when a line is measured on its own: the longest usual value.
SAMPLE_PARAMS = {
    "minutes": "fifteen", "requested": "thirty", "ice_minutes": "fifteen", "rest_minutes": "twenty",
    "heat_minutes": "fifteen", "time_left": "twelve minutes", "min_gap": "one hour", "better_gap": "two hours",
    "therapy_name": "heat", "count": "four", "times": "three", "hours": "two", "step": "2", "side": "right",
    "name": "resting position", "routine_name": "lying down routine",
    "items": "lying down routine, breathing routine, and floor routine",
}
_BREAK = re.compile(r"<break\b[^>]*/>")
_TAG = re.compile(r"<[^>]+>")
_MARKER = re.compile(r"\[(?:pause|hold)[^\]]*\]")


@dataclass(frozen=True)
class Measure:
    """One line in one locale: its key, the locale, the longest variation's words and seconds."""

    key: str
    locale: str
    words: int
    seconds: float
    text: str


def words_of(text: str) -> int:
    """Spoken words in plain text or SSML (tags and "[pause 2s]" markers are not words)."""
    text = _MARKER.sub(" ", _TAG.sub(" ", _BREAK.sub(" ", html.unescape(text or ""))))
    return len([w for w in text.split() if any(c.isalnum() for c in w)])


def seconds_for(words: int) -> float:
    return round(words * 60.0 / WORDS_PER_MINUTE, 1)


def talk_seconds(text: str) -> float:
    """Seconds of talk in TEXT at 160 words a minute; pauses and tags take no time here."""
    return seconds_for(words_of(text))


def without_holds(speech: str, content, locale: str | None) -> str:
    """Plain speech with its counted holds taken out ("Hold. [pause] two. ... And relax."): a hold is a pause."""
    start = "|".join(re.escape(s) for s in variations(content.entry("common.hold.start", locale)))
    end = "|".join(re.escape(e) for e in variations(content.entry("common.hold.end", locale)))
    return re.sub(rf"(?:{start}) \[pause(?:(?!{start}).)*?(?:{end})", " [hold] ", speech)


def fill(text: str, values: dict) -> str:
    out = []
    for literal, name, _, _ in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            out.append(str(values.get(name, SAMPLE_PARAMS.get(name, "something"))))
    return "".join(out)


def variations(entry: dict, part: str = "speech") -> list[str]:
    value = entry.get(part)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def spoken_keys(content) -> list[str]:
    """Every response key that is spoken (word lists and on-screen timer labels are not)."""
    return sorted(k for k, e in content.responses.items() if "speech" in e and not k.startswith("therapy.label."))


def measure(content, key: str, locale: str, part: str = "speech") -> Measure:
    """The longest variation of KEY's PART in LOCALE, its placeholders filled with the locale's words."""
    entry = content.entry(key, locale)
    values = {**content.locale_params(locale), **{p: SAMPLE_PARAMS.get(p, "something")
                                                  for p in entry.get("params", [])}}
    best = Measure(key, locale, 0, 0.0, "")
    for text in variations(entry, part):
        filled = fill(text, values)
        n = words_of(filled)
        if n >= best.words:
            best = Measure(key, locale, n, seconds_for(n), filled)
    return best


def until_number(content, key: str, locale: str) -> float:
    """Seconds of talk before the emergency number has been said in full in KEY (its longest variation)."""
    entry = content.entry(key, locale)
    values = content.locale_params(locale)
    worst = 0.0
    for text in variations(entry):
        head, marker, _ = text.partition("{emergency}")
        if not marker:
            return float("inf")
        worst = max(worst, talk_seconds(fill(head, values) + " " + values["emergency"]))
    return worst


def emergency_keys(content) -> list[str]:
    return sorted({k for k, e in content.responses.items() if e.get("tier") == 1} | set(EMERGENCY_KEYS)
                  & set(content.responses))


def question_keys(content) -> list[str]:
    return sorted(k for k in content.responses if k.startswith(QUESTION_PREFIXES))


def locales(content) -> list[str]:
    return list(content.locales)


def longest(content, locale: str, keys=None, top: int = 10) -> list[Measure]:
    found = [measure(content, k, locale) for k in (keys if keys is not None else spoken_keys(content))]
    return sorted(found, key=lambda m: (-m.seconds, m.key))[:top]


def headline(content, locale: str) -> dict:
    """The figures of the note's table that come from single lines (the rest need a conversation)."""
    question = longest(content, locale, question_keys(content), top=1)[0]
    emergency = max(((until_number(content, k, locale), k) for k in emergency_keys(content)))
    return {"welcome_first": max(measure(content, k, locale).seconds for k in WELCOME_FIRST),
            "welcome_returning": max(measure(content, k, locale).seconds for k in WELCOME_RETURNING
                                     if content.has(k)),
            "screening_question": question.seconds, "screening_question_key": question.key,
            "emergency_number": emergency[0], "emergency_key": emergency[1]}
