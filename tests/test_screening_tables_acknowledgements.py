"""The acknowledgement table (tests/nlu/source/blind4/acknowledgements.yaml, written blind): bare acknowledgements
said right after a red-flag question ("okay", "gotcha", "sweet as", "righto then"), and real yes and no answers
said in the same everyday words ("yeah, true", "nah, all good"). Explore3 F2: an acknowledgement is no answer.

Each sentence is played end to end (the simulator's model, the real webhook) at the first red-flag question, twice in
a row for an acknowledgement. Split by tests/nlu/split_blind.side (rules and samples were tuned on the dev half; the
test half is reported). Asserted: no acknowledgement gives the emergency advice on its first hearing, and no yes
answer is taken as a no. Printed: how many were asked again as acknowledgements, how many reached the emergency advice
when said twice (two answers in words not understood count as a yes at a red-flag question; nothing heard
never does), and the yes/no answers.

    .venv/bin/python -m pytest -q tests/test_screening_tables_acknowledgements.py -s
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from simulator.session import Simulator
from conftest import load_yaml

HERE = Path(__file__).parent
DATA = load_yaml((HERE / "nlu" / "source" / "blind4" / "acknowledgements.yaml").read_text())
ALEXA_LOCALE = {"en-IE": "en-GB", "en-NZ": "en-AU"}
QUESTION = "screening.question.saddle_numbness"
KINDS = {"ack": "items", "yes": "answers_that_are_yes", "no": "answers_that_are_no"}


def _side(item: dict) -> str:
    import sys
    sys.path.insert(0, str(HERE / "nlu"))
    import split_blind
    return split_blind.side(item)


TABLE = [{**item, "kind": kind, "part": _side(item)} for kind, key in KINDS.items() for item in DATA[key]]


def _emergency(keys) -> bool:
    return any(k.startswith("screening.outcome.emergency") for k in keys)


def play_all() -> list[dict]:
    results = []
    by_locale: dict[str, list[dict]] = {}
    for item in TABLE:
        by_locale.setdefault(ALEXA_LOCALE.get(item["locale"], item["locale"]), []).append(item)
    for locale, items in by_locale.items():
        with Simulator(url=None, locale=locale) as sim:
            sim.say("open spasm coach")
            sim.say("is this serious")
            at = copy.deepcopy(sim.session)
            for item in items:
                sim.session = copy.deepcopy(at)
                first = sim.say(item["text"])
                second = sim.say(item["text"]) if item["kind"] == "ack" and first.session_open else None
                results.append({**item, "intent": first.intent, "keys": first.all_keys,
                                "first_emergency": _emergency(first.all_keys),
                                "asked_again": first.session_open and QUESTION in first.all_keys,
                                "acknowledged": "screening.acknowledged" in first.all_keys,
                                "twice_emergency": second is not None and _emergency(second.all_keys),
                                "moved_on": "screening.question.bladder_change" in first.all_keys})
    return results


@pytest.fixture(scope="module")
def results():
    return play_all()


def test_the_table_is_the_blind_one(results):
    assert len([r for r in results if r["kind"] == "ack"]) >= 80
    assert {"en-US", "en-GB", "en-IE", "en-IN", "en-AU", "en-NZ"} <= {r["locale"] for r in results}


def _line(r: dict) -> str:
    return f"  [{r['part']}] {r['locale']} {r['text']!r} ({r['intent']}: {', '.join(r['keys'])})"


def test_no_acknowledgement_gives_the_emergency_advice_on_its_first_hearing(results):
    for part in ("dev", "test"):
        acks = [r for r in results if r["kind"] == "ack" and r["part"] == part]
        heard = [r for r in acks if r["acknowledged"]]
        twice = [r for r in acks if r["twice_emergency"]]
        print(f"\n{part}: {len(heard)}/{len(acks)} acknowledgements asked again as such ({len(heard) / len(acks):.1%}); "
              f"said twice, {len(twice)} reached the emergency advice (words not understood twice count as yes)")
        if part == "dev":
            print("\n".join(_line(r) for r in acks if not r["acknowledged"]))
    assert [_line(r) for r in results if r["kind"] == "ack" and r["first_emergency"]] == []


def test_yes_and_no_said_in_everyday_words(results):
    for part in ("dev", "test"):
        for kind, right in (("yes", "first_emergency"), ("no", "moved_on")):
            mine = [r for r in results if r["kind"] == kind and r["part"] == part]
            print(f"\n{part} {kind}: {sum(1 for r in mine if r[right])}/{len(mine)} right")
    dangerous = [_line(r) for r in results if r["kind"] == "yes" and r["moved_on"]]
    assert dangerous == []                     # a yes to a red flag, and the questions went on
