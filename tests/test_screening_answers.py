"""The answer table (tests/data/screening_answers.yaml): each answer said at its tier-1 question, through the
simulator and the real webhook, must get its meaning (yes: the emergency advice at once; emergency: the number at
once; unsure: the one clarifying question; no: the next question). At least 95% overall; the misses are listed.

    .venv/bin/python -m pytest -q tests/test_screening_answers.py -s    # prints the accuracy and every miss
"""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import pytest
import yaml

from simulator.session import Simulator

TABLE = yaml.safe_load((Path(__file__).parent / "data" / "screening_answers.yaml").read_text())["items"]
ALEXA_LOCALE = {"en-IE": "en-GB", "en-NZ": "en-AU"}     # the Alexa locale that serves each country
TARGET = 0.95


def meaning(keys: list[str], question: str) -> str:
    """What the skill made of an answer, from the response keys it said."""
    if "screening.emergency_request" in keys:
        return "emergency"
    if any(k.startswith("screening.outcome.emergency") for k in keys):
        return "yes"
    if "screening.clarify.unsure" in keys:
        return "unsure"
    asked = [k for k in keys if k.startswith(("screening.question.", "screening.exclusion."))]
    if asked and asked[-1] != f"screening.question.{question}" and not any(
            k in ("screening.finish_first", "screening.unclear", "screening.noted.unplaced") for k in keys):
        return "no"
    return "unclear"


def accepted(expected: str, got: str) -> bool:
    # An emergency request said as an answer may get the question's own emergency advice: the number at once.
    return got == expected or (expected == "emergency" and got == "yes")


def play_all() -> list[dict]:
    results = []
    by_locale: dict[str, list[dict]] = {}
    for item in TABLE:
        by_locale.setdefault(ALEXA_LOCALE.get(item["locale"], item["locale"]), []).append(item)
    for locale, items in by_locale.items():
        with Simulator(url=None, locale=locale) as sim:
            at: dict[str, object] = {}             # question id -> the session with that question on the table
            sim.say("open spasm coach")
            turn = sim.say("is this serious")
            while turn.session_open:
                asked = [k for k in turn.response_keys if k.startswith("screening.question.")]
                if not asked or asked[-1].rsplit(".", 1)[1] in at:
                    break
                at[asked[-1].rsplit(".", 1)[1]] = copy.deepcopy(sim.session)
                turn = sim.say("no")
            for item in items:
                sim.session = copy.deepcopy(at[item["question"]])
                turn = sim.say(item["text"])
                got = meaning(turn.all_keys, item["question"])
                results.append({**item, "got": got, "intent": turn.intent, "keys": turn.all_keys})
    return results


@pytest.fixture(scope="module")
def results():
    return play_all()


def test_the_table_is_the_blind_one_and_big_enough():
    assert len(TABLE) >= 200
    assert {i["meaning"] for i in TABLE} == {"yes", "no", "unsure", "emergency"}
    assert {"en-US", "en-GB", "en-IN", "en-AU"} <= {i["locale"] for i in TABLE}


def test_at_least_95_percent_of_answers_get_their_meaning(results):
    misses = [r for r in results if not accepted(r["meaning"], r["got"])]
    right = 1 - len(misses) / len(results)
    by_kind = Counter((r["meaning"], r["got"]) for r in misses)
    report = "\n".join(f"  {r['locale']} {r['question']}: {r['text']!r} expected {r['meaning']}, got {r['got']} "
                       f"({r['intent']}: {', '.join(r['keys'])})" for r in misses)
    print(f"\nanswer table: {len(results) - len(misses)}/{len(results)} right ({right:.1%}); misses by "
          f"(expected, got): {dict(by_kind)}\n{report}")
    assert right >= TARGET, f"{right:.1%} right; misses:\n{report}"


def test_no_yes_or_emergency_answer_is_taken_as_no(results):
    """The dangerous miss: a red flag said, and the skill moved on."""
    dangerous = [r for r in results if r["meaning"] in ("yes", "emergency") and r["got"] == "no"]
    assert dangerous == [], [(r["question"], r["text"]) for r in dangerous]
