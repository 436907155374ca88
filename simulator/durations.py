"""Typed values the way Alexa fills them: AMAZON.NUMBER words to digits, AMAZON.DURATION phrases to ISO-8601."""

from __future__ import annotations

import re
from fractions import Fraction

UNITS = {"zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
         "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000}
NUMBER_WORDS = set(UNITS) | set(TENS) | set(SCALES)

# unit word -> (ISO designator, seconds)
TIME_UNITS = {}
for _words, _unit in ((("second", "seconds", "sec", "secs"), ("S", 1)),
                      (("minute", "minutes", "min", "mins"), ("M", 60)),
                      (("hour", "hours", "hr", "hrs"), ("H", 3600)),
                      (("day", "days"), ("D", 86400)),
                      (("week", "weeks"), ("W", 604800))):
    for _w in _words:
        TIME_UNITS[_w] = _unit

_NUM_TOKEN = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS | {"and", "a"}, key=len, reverse=True)) + r")"
NUMBER_PATTERN = rf"(?:\d+(?:\.\d+)?|(?:{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})(?: (?:and )?{_NUM_TOKEN})*)"
_DUR_WORDS = sorted(NUMBER_WORDS | set(TIME_UNITS) | {"a", "an", "and", "half", "quarter", "quarters", "of",
                                                      "couple", "few"}, key=len, reverse=True)
DURATION_PATTERN = rf"(?:(?:\d+(?:\.\d+)?|{'|'.join(_DUR_WORDS)})(?: (?:\d+(?:\.\d+)?|{'|'.join(_DUR_WORDS)}))*)"


# A length Alexa heard but could not read ("ice for banana minutes"): it sends "?" as the AMAZON.DURATION value.
UNREADABLE = "?"
UNREADABLE_PATTERN = rf"[\w']+ (?:{'|'.join(sorted(TIME_UNITS, key=len, reverse=True))})"


def unreadable_duration(text: str) -> bool:
    """Whether TEXT is one word that is no amount followed by a time unit ("banana minutes"): a length said, not
    readable."""
    tokens = text.lower().split()
    return (len(tokens) == 2 and tokens[1] in TIME_UNITS and not tokens[0].isdigit()
            and tokens[0] not in NUMBER_WORDS and _amount([tokens[0]]) is None)


def words_to_number(text: str) -> int | None:
    """'twenty five' -> 25, '150' -> 150, 'a hundred and five' -> 105; None when it is not a number."""
    tokens = text.lower().replace("-", " ").split()
    if len(tokens) == 1 and tokens[0].isdigit():
        return int(tokens[0])
    total = current = 0
    seen = False
    for i, tok in enumerate(tokens):
        if tok == "and" and seen:
            continue
        if tok == "a" and i + 1 < len(tokens) and tokens[i + 1] in SCALES:
            current, seen = 1, True
        elif tok.isdigit():
            current += int(tok)
            seen = True
        elif tok in UNITS:
            current += UNITS[tok]
            seen = True
        elif tok in TENS:
            current += TENS[tok]
            seen = True
        elif tok in SCALES:
            current = max(current, 1) * SCALES[tok]
            if SCALES[tok] >= 1000:
                total, current = total + current, 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _amount(tokens: list[str]) -> Fraction | None:
    """The quantity in front of a unit: 'a', 'an', 'half an', 'a couple of', 'one and a half', 'three quarters of an'."""
    words = [t for t in tokens if t != "of"]
    text = " ".join(words)
    fixed = {"a": 1, "an": 1, "one": 1, "half a": Fraction(1, 2), "half an": Fraction(1, 2),
             "a half": Fraction(1, 2), "half": Fraction(1, 2), "a quarter": Fraction(1, 4),
             "quarter an": Fraction(1, 4), "a quarter an": Fraction(1, 4), "quarter": Fraction(1, 4),
             "three quarters an": Fraction(3, 4), "three quarters": Fraction(3, 4), "a couple": 2, "couple": 2,
             "a few": 3, "few": 3}
    if text in fixed:
        return Fraction(fixed[text])
    half = False
    if text.endswith(" and a half"):
        half, text = True, text[: -len(" and a half")]
    if re.fullmatch(r"\d+\.\d+", text):
        value = Fraction(text)
    else:
        number = words_to_number(text)
        if number is None:
            return None
        value = Fraction(number)
    return value + Fraction(1, 2) if half else value


def parse_duration(text: str) -> str | None:
    """'fifteen minutes' -> 'PT15M', 'an hour and a half' -> 'PT1H30M'; None when TEXT is not a duration."""
    tokens = text.lower().replace("-", " ").replace(",", " ").split()
    if not tokens:
        return None
    seconds = Fraction(0)
    pending: list[str] = []
    found = False
    last_unit = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in TIME_UNITS:
            amount = _amount(pending)
            if amount is None:
                return None
            last_unit = TIME_UNITS[tok][1]
            seconds += amount * last_unit
            pending, found = [], True
            if tokens[i + 1:i + 4] == ["and", "a", "half"]:
                seconds += Fraction(last_unit, 2)
                i += 3
            elif tokens[i + 1:i + 4] == ["and", "a", "quarter"]:
                seconds += Fraction(last_unit, 4)
                i += 3
        elif tok == "and" and not pending:
            pass
        else:
            pending.append(tok)
        i += 1
    if pending or not found or seconds <= 0:
        return None
    return to_iso(seconds)


def to_iso(seconds) -> str:
    """Seconds as an ISO-8601 duration, the way Alexa writes them (PT1H30M, P1D, P2W)."""
    seconds = int(seconds)
    if seconds % 604800 == 0:
        return f"P{seconds // 604800}W"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    time = "".join(f"{v}{u}" for v, u in ((hours, "H"), (minutes, "M"), (secs, "S")) if v)
    return "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")


def iso_seconds(iso: str) -> int | None:
    """PT1H30M -> 5400; None when ISO is not a duration of days, hours, minutes and seconds (or weeks)."""
    m = re.fullmatch(r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?", iso or "")
    if not m or iso in ("P", "PT") or iso.endswith("T"):
        return None
    w, d, h, mi, s = m.groups()
    return int((int(w or 0) * 604800 + int(d or 0) * 86400 + int(h or 0) * 3600 + int(mi or 0) * 60
                + float(s or 0)))


def parse_clock(text: str) -> int | None:
    """The argument of ':advance': '20m', '1h30m', '90s', '2 minutes', 'PT5M' -> seconds."""
    text = text.strip().lower()
    if text.upper().startswith("P"):
        return iso_seconds(text.upper())
    m = re.fullmatch(r"(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?", text.replace(" ", ""))
    if m and any(m.groups()):
        h, mi, s = (int(g or 0) for g in m.groups())
        return h * 3600 + mi * 60 + s
    if text.isdigit():
        return int(text)
    iso = parse_duration(text)
    return iso_seconds(iso) if iso else None
