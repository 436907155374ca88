"""Questions people ask (skill/domain/questions.py: how long, bed rest, medicines, work, cause, sleep, prevention)
through the simulator's NLU: a red flag said with a question is the red flag in every locale, and the blind questions
(tests/nlu/questions: written blind, split by tests/nlu/split_questions.py) hold the floors reached so far.

Tune on tests/nlu/questions/dev; never look at the test half's misses to change samples.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.nlu import Matcher
from skill.domain.symptoms import read_symptom
from skill.models.evaluate import load_set, run

LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
QUESTIONS = Path(__file__).parent / "nlu" / "questions"
FALLBACK = "AMAZON.FallbackIntent"
# The red-flag questions (or the emergency advice) must come first: never "keep gently moving" to weak legs.
SAFETY = ("ReportSymptomIntent", "EmergencyIntent")
RED_FLAG_QUESTIONS = [
    "my legs are weak, should I stay in bed",
    "should I stay in bed, my leg is getting weaker",
    "I can't feel my bum, how long will this last",
    "how long will this last, I can't feel my bottom",
    "my legs went numb, can I take ibuprofen",
    "I've wet myself, can I take painkillers",
    "I fell off a ladder, can I go to work",
    "I can't pee, what caused it",
    "both my legs are tingling, how long will it last",
    "I've got chest pain, should I rest",
    "I can't control my bowels, what caused this",
    "my leg keeps giving way, can I drive",
    "I've got a fever, can I take paracetamol",
    "I've had cancer before, how long will this last",
]
# Reached with the model as landed (blind batch 4: 132 dev, 124 test sentences): intent accuracy dev 0.712, test
# 0.516 (main before the question intents: test 0.145); fell through to "didn't catch that": dev 23, test 40 (main:
# test 69). Set just under, so the model can only get better.
FLOORS = {"dev": 0.69, "test": 0.50}
MOST_FALLBACKS = {"dev": 25, "test": 42}


@pytest.mark.parametrize("locale", LOCALES)
def test_a_red_flag_said_with_a_question_is_the_red_flag(locale):
    matcher = Matcher.for_locale(locale)
    misses = []
    for text in RED_FLAG_QUESTIONS:
        result = matcher.resolve(text)
        words = (result.slots.get("symptom").value if result.slots.get("symptom") else None) or text
        if result.intent not in SAFETY or read_symptom(words, locale).flag is None:
            misses.append((text, result.intent, words))
    assert misses == []


@pytest.mark.slow      # a whole blind set through the simulator (~1.7 s of CPU): `make test`, not the fast loop
@pytest.mark.parametrize("half", ["dev", "test"])
def test_the_blind_questions_hold_their_floors(half):
    outcomes = run(load_set([QUESTIONS / half]))
    right = sum(o.intent == o.case.intent for o in outcomes)
    fell = sum(o.intent == FALLBACK != o.case.intent for o in outcomes)
    assert len(outcomes) >= 120
    assert right / len(outcomes) >= FLOORS[half], (right, len(outcomes))
    assert fell <= MOST_FALLBACKS[half]
    # They are questions: none is taken for a request to call for help ("is this an A&E job?" is the questions).
    assert [o.case.text for o in outcomes if o.intent == "EmergencyIntent"] == []
