"""Explore3 F2 through the real skill: a bare acknowledgement ("okay", "fine", "sure") is no answer at any screening
question, however it arrives (AcknowledgeIntent from the model, or an answer's words on a device that sent
AnswerIntent), and said again and again never reaches an outcome; to an offer it is the yes it is there."""

from __future__ import annotations

import copy

import pytest

from skill.handlers import turns
from skill.turn_matrix import Player


@pytest.fixture(scope="module")
def player():
    return Player()


def _questions(player) -> list[tuple[str, dict]]:
    """(the question key, the session with it on the table) for every screening question, answered no in turn."""
    attributes = player.reach(turns.SCREENING_QUESTION)
    found = []
    for _ in range(40):
        screening = attributes.get("screening") or {}
        if attributes.get("flow") != "screening":
            break
        found.append((screening.get("question_index"), copy.deepcopy(attributes)))
        body, _ = player.play("AMAZON.NoIntent", {}, attributes)
        attributes = body.get("sessionAttributes") or {}
    return found


@pytest.mark.parametrize("intent, slots", [("AcknowledgeIntent", {}), ("AnswerIntent", {"answer": ("okay then", None)}),
                                           ("AnswerIntent", {"answer": ("sweet as mate", None)})])
def test_an_acknowledgement_at_every_question_asks_it_again_and_never_decides(player, intent, slots):
    questions = _questions(player)
    assert len(questions) >= 20                      # every question of the screening, exclusions included
    for index, attributes in questions:
        for _ in range(3):                           # said three times in a row: still the same question
            body, keys = player.play(intent, slots, attributes)
            attributes = body.get("sessionAttributes") or {}
            assert keys[0] == "screening.acknowledged", (index, keys)
            assert not any(k.startswith("screening.outcome") for k in keys), (index, keys)
            assert not body["response"].get("shouldEndSession"), (index, keys)
            assert attributes["screening"]["question_index"] == index
            assert body["response"]["reprompt"], keys       # the microphone opens after the question


def test_an_acknowledgement_to_an_offer_is_a_yes(player):
    offer = player.reach(turns.EMERGENCY_OFFER)          # "shall I ask a few quick questions?"
    for intent, slots in (("AcknowledgeIntent", {}), ("AnswerIntent", {"answer": ("okay", None)})):
        _, keys = player.play(intent, slots, copy.deepcopy(offer))
        assert keys[-1] == "screening.question.saddle_numbness", keys
