"""Turns and seconds of speech from "is this serious" to the emergency number, for each tier-1 flag.

    .venv/bin/python -m bench.red_flags [--locale en-US ...]

The person opens the skill, says "is this serious", answers no to every question until the flag's own question,
then yes. Counted: the turns from "is this serious" to the one that says the number, and the words Alexa speaks
in them up to the first time the number is said, at 160 words a minute.
"""

from __future__ import annotations

import argparse
import re

import content
from simulator.session import Simulator

WORDS_PER_MINUTE = 160
# Emergency numbers as they are spoken (whichever country the locale's lines, or the device's country, pick).
SPOKEN = ("nine one one", "nine nine nine", "one one two", "triple zero", "zero zero zero", "one one one",
          "one oh eight")


def words(text: str) -> int:
    return len(re.findall(r"[\w']+", text))


def _first_number(speech: str) -> int:
    """Where the first spoken emergency number ends in SPEECH (-1 when none is said)."""
    ends = [m.end() for m in (re.search(re.escape(n), speech.lower()) for n in SPOKEN) if m]
    return min(ends) if ends else -1


def to_the_number(sim: Simulator, flag: str, max_turns: int = 40) -> tuple[int, float]:
    """(turns, seconds) from "is this serious" until an emergency number is said, answering yes only at FLAG's
    question."""
    sim.say("open spasm coach")
    turn = sim.say("is this serious")
    turns, spoken = 1, 0
    while True:
        speech = turn.speech or ""
        at = _first_number(speech)
        if at >= 0:
            spoken += words(speech[:at])
            return turns, spoken * 60 / WORDS_PER_MINUTE
        spoken += words(speech)
        if not turn.session_open or turns >= max_turns:
            raise RuntimeError(f"{flag}: the number was never said ({turn.response_keys})")
        asked = [k for k in turn.response_keys if k.startswith(("screening.question.", "screening.exclusion."))]
        turn = sim.say("yes" if asked and asked[-1] == f"screening.question.{flag}" else "no")
        turns += 1


def table(locale: str = "en-US") -> list[tuple[str, int, float]]:
    c = content.get()
    rows = []
    for q in c.screening["questions"]:
        if q["tier"] != 1:
            continue
        with Simulator(url=None, locale=locale) as sim:
            rows.append((q["id"], *to_the_number(sim, q["id"])))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", action="append", help="locale(s) to measure (default en-US)")
    args = parser.parse_args(argv)
    for locale in args.locale or ["en-US"]:
        print(f"{locale}: from \"is this serious\" to the emergency number ({WORDS_PER_MINUTE} words a minute)")
        print(f"  {'flag':22} {'turns':>5} {'seconds':>8}")
        for flag, turns, seconds in table(locale):
            print(f"  {flag:22} {turns:>5} {seconds:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
