"""Session state is validated where a flow reads it (issue 11 item 8): stale, forged or older screening and
routine states restart that flow at a safe point and never yield an outcome."""

from __future__ import annotations

import pytest

import content
from conftest import make_envelope
from skill.domain import routine as routine_domain
from skill.domain import screening as engine

C = content.get()
GOOD = engine.begin(C)[0].as_dict()
LAST = len(engine.items(C)) - 1


@pytest.mark.parametrize("bad", [
    None, "junk", {}, {**GOOD, "question_index": 999}, {**GOOD, "question_index": -1}, {**GOOD, "question_index": "3"},
    {**GOOD, "question_index": True}, {**GOOD, "phase": "done"}, {**GOOD, "answers": {"made_up": "yes"}},
    {**GOOD, "answers": {"saddle_numbness": "maybe"}}, {**GOOD, "answers": []}, {**GOOD, "clarified": "x"},
    {**GOOD, "unclear": {"saddle_numbness": "2"}}, {"phase": "ask", "question_index": 0},
    # wrong types where the old validated dict let them through
    {**GOOD, "phase": ["ask"]}, {**GOOD, "answers": {"saddle_numbness": ["yes"]}}, {**GOOD, "gate": "yes"},
    {**GOOD, "urgent_first": 1}, {**GOOD, "resume_intro": "true"}, {**GOOD, "then": {"routine_id": ["x"]}},
    {**GOOD, "then": {"anything": "x"}}, {**GOOD, "then": "lying_down"}, {**GOOD, "weak": "major_trauma"},
    {**GOOD, "weak": ["made_up"]}, {**GOOD, "first": ["major_trauma"]}, {**GOOD, "last": "made_up"},
    {**GOOD, "unclear": {"saddle_numbness": -1}}, {**GOOD, "clarified": [["saddle_numbness"]]},
    # an index past questions never answered: a jump towards an outcome
    {**GOOD, "question_index": LAST}, {**GOOD, "question_index": 1},
    {**GOOD, "gate": True, "then": {}, "question_index": 2},
], ids=lambda v: str(v)[:60])
def test_a_screening_state_that_cannot_be_read_is_not_valid(bad):
    assert engine.State.parse(bad, C) is None


def _walks():
    """States the engine reaches on its own: every question answered the same way (no, yes, not sure, not
    understood), a symptom said first, "I can't walk", weak evidence first, the gate, a "go back"."""
    def begun():
        yield "plain", engine.begin(C)
        yield "symptom", engine.begin(C, "fever")
        yield "cant_walk", engine.begin(C, engine.CANT_WALK)
        yield "weak", engine.begin(C, ask_first="major_trauma")
        yield "urgent", engine.begin(C, urgent=True)
        yield "gate", engine.gate(C, then={"routine_id": "lying_down", "exercise_id": None})
    for said in ("no", "yes", "unsure", "unclear", "weak"):
        for name, (state, step) in begun():
            yield f"{name}-{said}", state
            for turn in range(60):
                if not step.ask:
                    break
                step = engine.answer(C, state, said if turn % 7 != 3 else "no")
                yield f"{name}-{said}-{turn}", state
                if turn == 4 and step.ask:
                    step = engine.back(C, state)
                    yield f"{name}-{said}-{turn}-back", state


def test_every_state_the_engine_reaches_is_valid_and_reads_back_as_the_same_state():
    seen = 0
    for name, state in _walks():
        if state.phase == engine.PHASE_ASK and state.question_index >= len(engine.items(C, state)):
            continue            # finished: the handler stores no state after the outcome
        assert engine.State.parse(state.as_dict(), C) == state, name
        seen += 1
    assert seen > 100


def test_the_session_keeps_only_the_fields_that_are_set():
    state, _ = engine.begin(C)
    assert state.as_dict() == {"phase": "ask", "question_index": 0, "answers": {}, "clarified": []}
    weak, _ = engine.begin(C, ask_first="major_trauma")
    assert weak.as_dict()["first"] == "major_trauma" and weak.as_dict()["weak"] == ["major_trauma"]
    older = {"phase": "ask", "question_index": 0, "answers": {}, "clarified": [], "unclear": None, "weak": None}
    assert engine.State.parse(older, C) == state      # absent or null optional fields: the defaults


def test_a_fresh_or_advanced_screening_state_is_valid():
    state, step = engine.begin(C)
    assert engine.State.parse(state.as_dict(), C) is not None
    while step.ask:
        step = engine.answer(C, state, "no")
        if step.ask:
            assert engine.State.parse(state.as_dict(), C) is not None


@pytest.mark.parametrize("intent", ["AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.FallbackIntent"])
@pytest.mark.parametrize("index", [10_000, LAST])
def test_an_index_past_the_end_or_past_unanswered_questions_restarts_and_gives_no_outcome(signed_post, intent,
                                                                                         index):
    forged = {"flow": "screening", "screening": {**GOOD, "question_index": index}}
    reply = signed_post(make_envelope("IntentRequest", intent=intent, session_attributes=forged, new=False))
    body, keys = reply.get_json(), reply.headers["X-Spasm-Response-Keys"].split(",")
    assert keys[0] == "screening.restarted" and keys[-1] == "screening.question.saddle_numbness"
    assert not any(k.startswith("screening.outcome.") for k in keys)
    assert body["response"]["shouldEndSession"] is False
    assert "outcome_tier" not in body["sessionAttributes"]
    assert engine.State.parse(body["sessionAttributes"]["screening"], C) is not None


UNREADABLE = [{**GOOD, "question_index": 10_000}, "junk", {**GOOD, "answers": []}, None, {**GOOD, "question_index": 5}]
# A red flag said with the place in the questions lost, however it came: as a symptom, or as an answer's words.
RED_FLAG_SAID = [("ReportSymptomIntent", {"symptom": "I can't feel my legs"}, "screening.outcome.emergency.ces"),
                 ("AnswerIntent", {"answer": "yes my legs are numb"}, "screening.outcome.emergency.ces"),
                 ("AnswerIntent", {"answer": "yes I wet myself"}, "screening.outcome.emergency.ces"),
                 ("AnswerIntent", {"answer": "yeah my bum is numb"}, "screening.outcome.emergency.ces")]


@pytest.mark.parametrize("intent,slots,advice", RED_FLAG_SAID, ids=[s for _, w, _ in RED_FLAG_SAID for s in w.values()])
@pytest.mark.parametrize("bad", UNREADABLE, ids=lambda v: str(v)[:30])
def test_a_red_flag_said_while_the_screening_state_cannot_be_read_is_the_emergency_advice(signed_post, bad, intent,
                                                                                          slots, advice):
    """"I can't feel my legs" (or "yes, my legs are numb" as an answer) with the place in the questions lost: the
    emergency advice in that turn, not the questions again (review 3, finding 6)."""
    forged = {"flow": "screening", "screening": bad}
    reply = signed_post(make_envelope("IntentRequest", intent=intent, slots=slots, session_attributes=forged,
                                      new=False, locale="en-GB"))
    keys = reply.headers["X-Spasm-Response-Keys"].split(",")
    body = reply.get_json()
    assert advice in keys and "screening.restarted" not in keys, keys
    assert "nine nine nine" in body["response"]["outputSpeech"]["ssml"]
    assert body["sessionAttributes"]["outcome_tier"] == 1


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
@pytest.mark.parametrize("bad", UNREADABLE[::2], ids=lambda v: str(v)[:30])
def test_stop_while_the_screening_state_cannot_be_read_ends_with_the_safety_net(signed_post, bad, intent):
    """"Stop" with the place in the questions lost ends the conversation with the safety-net line, not the
    questions again with the microphone open (review 3, finding 7)."""
    forged = {"flow": "screening", "screening": bad}
    reply = signed_post(make_envelope("IntentRequest", intent=intent, session_attributes=forged, new=False))
    keys = reply.headers["X-Spasm-Response-Keys"].split(",")
    body = reply.get_json()
    assert keys == ["screening.stopped"]
    assert body["response"]["shouldEndSession"] is True
    assert not body["sessionAttributes"].get("flow") and "screening" not in body["sessionAttributes"]


def test_an_answer_with_no_symptom_in_it_while_the_state_cannot_be_read_restarts_the_questions(signed_post):
    forged = {"flow": "screening", "screening": "junk"}
    reply = signed_post(make_envelope("IntentRequest", intent="AnswerIntent", slots={"answer": "no, just my back"},
                                      session_attributes=forged, new=False))
    keys = reply.headers["X-Spasm-Response-Keys"].split(",")
    assert keys[0] == "screening.restarted" and keys[-1] == "screening.question.saddle_numbness"
    assert reply.get_json()["response"]["shouldEndSession"] is False


@pytest.mark.parametrize("intent,slots", [("ReportSymptomIntent", {"symptom": "a fever"}),
                                          ("AnswerIntent", {"answer": "yes I have a fever"})])
def test_another_symptom_said_while_the_screening_state_cannot_be_read_starts_the_questions_with_it(signed_post,
                                                                                                   intent, slots):
    forged = {"flow": "screening", "screening": {**GOOD, "gate": "yes"}}
    reply = signed_post(make_envelope("IntentRequest", intent=intent, slots=slots, session_attributes=forged,
                                      new=False))
    keys = reply.headers["X-Spasm-Response-Keys"].split(",")
    body = reply.get_json()
    assert keys[0] == "screening.restarted" and keys[-1] == "screening.question.saddle_numbness"
    assert body["sessionAttributes"]["screening"]["answers"] == {"fever": "yes"}
    assert body["response"]["shouldEndSession"] is False


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
