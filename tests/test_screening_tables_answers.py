"""The answer table (tests/nlu/{dev,test}/answers.yaml, written blind): answers to the tier-1 questions, each with
the meaning it must get (yes: the emergency advice at once; emergency: the number at once; unsure: the one
clarifying question; no: the next question).

Two layers: the words (skill/domain/answers.py answer_meaning, what the skill makes of the words when they reach
it in a slot) must be right for at least 95%; end to end (the simulator, the model, the real webhook) the figure
is printed, and no yes or emergency answer may ever be taken as a no.

    .venv/bin/python -m pytest -q tests/test_screening_tables_answers.py -s    # prints both figures and every miss
"""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import pytest

import content
from simulator.session import Simulator
from skill.domain.answers import answer_meaning
from conftest import load_yaml

# The blind answer table, split by h12 into a development half and a held-out half (tests/nlu/split_blind.py).
PARTS = {part: load_yaml((Path(__file__).parent / "nlu" / part / "answers.yaml").read_text())["items"]
         for part in ("dev", "test")}
TABLE = [{**item, "part": part} for part, items in PARTS.items() for item in items]
ALEXA_LOCALE = {"en-IE": "en-GB", "en-NZ": "en-AU"}     # the Alexa locale that serves each country
TARGET = 0.95
TIER_1 = {q["id"] for q in content.get().screening["questions"] if q["tier"] == 1}


def meaning(keys: list[str], question: str, recorded: str | None = None) -> str:
    """What the skill made of an answer, from the response keys it said (and, for a question whose yes does not end
    the questions, the tier-2 fever question, from the answer RECORDED in the screening state)."""
    if "screening.emergency_request" in keys:
        return "emergency"
    if any(k.startswith("screening.outcome.emergency") for k in keys):
        return "yes" if question in TIER_1 else "emergency"     # the number at once; at fever only for a red flag
    if any(k.startswith("screening.clarify.unsure") for k in keys):
        return "unsure"                      # the generic clarifier, or a question's own ("a hard fall, or ...?")
    if "screening.clarify.one_leg" in keys:
        return "no"                          # not both legs: "is that one leg getting weaker?" (its own follow-up)
    if recorded in ("yes", "no", "unsure"):
        return recorded
    if "screening.intro" in keys:
        return "unclear"                     # the questions started again: not an answer
    asked = [k for k in keys if k.startswith(("screening.question.", "screening.exclusion."))]
    if asked and asked[-1] != f"screening.question.{question}" and not any(
            k in ("screening.finish_first", "screening.unclear", "screening.noted.unplaced") for k in keys):
        return "no"
    return "unclear"


def accepted(expected: str, got: str, question: str = "saddle_numbness") -> bool:
    # An emergency request said as an answer to a tier-1 question may get that question's own emergency advice:
    # the number at once. (At the fever question a yes is no emergency.)
    return got == expected or (expected == "emergency" and got == "yes" and question in TIER_1)


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
            while turn.session_open:        # every question, answered no (the exclusions too), in its state
                asked = [k for k in turn.response_keys if k.startswith(("screening.question.", "screening.exclusion."))]
                if not asked or asked[-1].rsplit(".", 1)[1] in at:
                    break
                at[asked[-1].rsplit(".", 1)[1]] = copy.deepcopy(sim.session)
                turn = sim.say("no")
            for item in items:
                sim.session = copy.deepcopy(at[item["question"]])
                turn = sim.say(item["text"])
                state = (sim.session.attributes.get("screening") if sim.session is not None else None) or {}
                got = meaning(turn.all_keys, item["question"], (state.get("answers") or {}).get(item["question"]))
                results.append({**item, "got": got, "intent": turn.intent, "keys": turn.all_keys})
    return results


@pytest.fixture(scope="module")
def results():
    return play_all()


def test_the_table_is_the_blind_one_and_big_enough():
    assert len(TABLE) >= 200
    assert {i["meaning"] for i in TABLE} == {"yes", "no", "unsure", "emergency"}
    assert {i.get("batch", 1) for i in TABLE} == {1, 2}          # both blind collections
    assert {"en-US", "en-GB", "en-IN", "en-AU"} <= {i["locale"] for i in TABLE}


def word_meaning(item: dict) -> str:
    """What answer_meaning makes of the words, in the table's terms (a red flag named at the fever question is
    the emergency advice)."""
    said = answer_meaning(item["text"], item["question"], item["locale"])
    if said.other in TIER_1 and said.meaning == "yes" and item["question"] not in TIER_1:
        return "emergency"
    return said.meaning or "unclear"


def test_at_least_95_percent_of_answers_get_their_meaning_from_their_words():
    misses = []
    for item in TABLE:
        got = word_meaning(item)
        if not accepted(item["meaning"], got, item["question"]):
            misses.append(f"  [{item['part']}] {item['locale']} {item['question']}: {item['text']!r} "
                          f"expected {item['meaning']}, got {got}")
    right = 1 - len(misses) / len(TABLE)
    print(f"\nanswer table, words: {len(TABLE) - len(misses)}/{len(TABLE)} right ({right:.1%})\n" + "\n".join(misses))
    assert right >= TARGET, "\n".join(misses)
    for part, items in PARTS.items():     # the held-out half is not worse than the half rules were written on
        wrong = sum(1 for i in items if not accepted(i["meaning"], word_meaning(i), i["question"]))
        assert 1 - wrong / len(items) >= TARGET, part


def test_end_to_end_figure(results):
    """At least 95% of the answers get their meaning through the simulator, the model and the webhook (issue 11);
    the misses are printed."""
    misses = [r for r in results if not accepted(r["meaning"], r["got"], r["question"])]
    right = 1 - len(misses) / len(results)
    by_kind = Counter((r["meaning"], r["got"]) for r in misses)
    for part in PARTS:
        mine = [r for r in results if r["part"] == part]
        wrong = [r for r in mine if not accepted(r["meaning"], r["got"], r["question"])]
        print(f"\n{part}: {len(mine) - len(wrong)}/{len(mine)} right")
    report = "\n".join(f"  [{r['part']}] {r['locale']} {r['question']}: {r['text']!r} expected {r['meaning']}, got {r['got']} "
                       f"({r['intent']}: {', '.join(r['keys'])})" for r in misses)
    print(f"\nanswer table, end to end: {len(results) - len(misses)}/{len(results)} right ({right:.1%}); misses by "
          f"(expected, got): {dict(by_kind)}\n{report}")
    assert right >= TARGET, report


def test_no_yes_or_emergency_answer_is_taken_as_no(results):
    """The dangerous miss: a red flag said, and the skill moved on."""
    dangerous = [r for r in results if r["meaning"] in ("yes", "emergency") and r["got"] == "no"]
    assert dangerous == [], [(r["question"], r["text"]) for r in dangerous]
