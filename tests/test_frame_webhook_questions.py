"""Questions people ask after the red-flag questions gave advice: that advice stands, never a general answer
(the skill in process, as the turn matrix plays it; the other states are in tests/fixtures/turn_matrix.yaml)."""

from __future__ import annotations

import pytest

from skill import turn_matrix
from skill.domain import questions


@pytest.fixture(scope="module")
def player():
    return turn_matrix.Player()


def _said(body: dict) -> str:
    return (body["response"].get("outputSpeech") or {}).get("ssml", "")


@pytest.mark.parametrize("intent", questions.INTENTS)
def test_after_advice_to_see_a_doctor_today_a_question_gets_that_advice(player, intent):
    body, keys = player.play(intent, {}, {"outcome_tier": 2})
    assert keys == [questions.AFTER_URGENT]
    assert body["response"]["shouldEndSession"] is False and _said(body).removesuffix("</speak>").endswith("?")


@pytest.mark.parametrize("intent", questions.INTENTS)
def test_after_the_emergency_advice_a_question_gets_that_advice_again_number_first(player, intent):
    body, keys = player.play(intent, {}, {"outcome_tier": 1})
    assert keys == ["screening.emergency_request"]
    assert "Call for emergency help now: nine one one" in _said(body)


@pytest.mark.parametrize("intent", questions.INTENTS)
def test_after_self_care_advice_a_question_gets_its_answer_and_an_offer(player, intent):
    body, keys = player.play(intent, {}, {"outcome_tier": 4})
    assert keys == [questions.answer_key(intent), questions.OFFER]
    assert body["response"]["shouldEndSession"] is False
