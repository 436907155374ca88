"""Session state is validated where a flow reads it (issue 11 item 8): stale, forged or older screening and
routine states restart that flow at a safe point and never yield an outcome."""

from __future__ import annotations

import pytest

import content
from conftest import make_envelope
from skill.domain import routine as routine_domain
from skill.domain import screening as engine

C = content.get()
GOOD = engine.begin(C)[0]


@pytest.mark.parametrize("bad", [
    None, "junk", {}, {**GOOD, "question_index": 999}, {**GOOD, "question_index": -1}, {**GOOD, "question_index": "3"},
    {**GOOD, "question_index": True}, {**GOOD, "phase": "done"}, {**GOOD, "answers": {"made_up": "yes"}},
    {**GOOD, "answers": {"saddle_numbness": "maybe"}}, {**GOOD, "answers": []}, {**GOOD, "clarified": "x"},
    {**GOOD, "unclear": {"saddle_numbness": "2"}}, {"phase": "ask", "question_index": 0},
], ids=lambda v: str(v)[:40])
def test_a_screening_state_that_cannot_be_read_is_not_valid(bad):
    assert not engine.valid_state(C, bad)


def test_a_fresh_or_advanced_screening_state_is_valid():
    state, step = engine.begin(C)
    assert engine.valid_state(C, state)
    while step["ask"]:
        step = engine.answer(C, state, "no")
        if step["ask"]:
            assert engine.valid_state(C, state)


@pytest.mark.parametrize("intent", ["AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.FallbackIntent"])
def test_an_index_past_the_end_restarts_the_questions_and_gives_no_outcome(signed_post, intent):
    forged = {"flow": "screening", "screening": {**GOOD, "question_index": 10_000}}
    reply = signed_post(make_envelope("IntentRequest", intent=intent, session_attributes=forged, new=False))
    body, keys = reply.get_json(), reply.headers["X-Spasm-Response-Keys"].split(",")
    assert keys[0] == "screening.restarted" and keys[-1] == "screening.question.saddle_numbness"
    assert body["response"]["shouldEndSession"] is False
    assert "outcome_tier" not in body["sessionAttributes"]
    assert engine.valid_state(C, body["sessionAttributes"]["screening"])


@pytest.mark.parametrize("bad", [{"routine_id": "made_up"}, {"exercise_index": -2}, {"awaiting": "nonsense"},
                                 {"routine_id": "lying_down", "exercise_index": 99}, "junk",
                                 {"awaiting": "pain_check"}, {"awaiting": "exclusion", "exclusion_index": 9},
                                 {"routine_id": "lying_down", "paused": "yes"}, {"pending": "floor"},
                                 {"pending": {"routine_id": "made_up"}}, {"excluded": "made_up"},
                                 {"routine_id": "lying_down", "done": 1.5}, {"routine_id": ["lying_down"]},
                                 {"single": {"x": 1}}, {"excluded": ["pregnant"]}, {"awaiting": ["next"]},
                                 {"pending": {"routine_id": ["floor"]}}, {"pending": {"exercise_id": {}}}])
def test_a_routine_state_that_cannot_be_read_is_not_valid_and_the_routine_is_left(signed_post, bad):
    assert not routine_domain.valid_state(bad, C)
    forged = {"flow": "routine", "routine": bad}
    body = signed_post(make_envelope("IntentRequest", intent="AMAZON.NextIntent", session_attributes=forged,
                                     new=False)).get_json()
    assert body["sessionAttributes"].get("flow") is None and not body["sessionAttributes"].get("routine")
    assert "Hold" not in body["response"]["outputSpeech"]["ssml"]


def test_a_routine_state_that_cannot_be_read_is_never_carried_on_outside_the_flow(signed_post):
    """Outside the routine's flow (a screening in between, say), "continue my stretches" reads the state too:
    a forged one is not carried on; the routine starts from its start (the exclusion questions)."""
    forged = {"flow": None, "routine": {"routine_id": "lying_down", "exercise_index": 40, "awaiting": "next",
                                        "cleared": True}}
    envelope = make_envelope("IntentRequest", intent="StartRoutineIntent", slots={"routine": "continue"},
                             session_attributes=forged, new=False)
    reply = signed_post(envelope)
    keys = reply.headers["X-Spasm-Response-Keys"].split(",")
    assert reply.status_code == 200 and "routine.resumed.later" not in keys
    assert not any(k.startswith("exercise.") for k in keys)


def test_the_routine_state_the_session_keeps_reads_back_as_the_same_state():
    state = routine_domain.start(None, C).state
    assert routine_domain.State.parse(state.as_dict(), C) == state
    older = {k: v for k, v in state.as_dict().items() if k not in ("part", "nudged", "stop_rules_said")}
    assert routine_domain.State.parse(older, C) == state     # fields an older version lacked: the safe defaults


def test_a_routine_state_of_the_wrong_types_never_stops_the_emergency_advice(signed_post):
    """A list or a dict where an id belongs is not read (no TypeError): the next request, even a red flag, is
    answered as usual."""
    forged = {"flow": "routine", "routine": {"routine_id": ["lying_down"], "excluded": {"a": 1}}}
    reply = signed_post(make_envelope("IntentRequest", intent="ReportSymptomIntent",
                                      slots={"symptom": "I can't feel my legs"}, session_attributes=forged,
                                      new=False))
    keys = reply.headers["X-Spasm-Response-Keys"].split(",")
    assert reply.status_code == 200 and "frame.error" not in keys
    assert any(k.startswith("screening.outcome.emergency") for k in keys)
