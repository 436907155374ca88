"""Turn ownership (skill/handlers/turns.py): the golden intent x state matrix is up to date, and no intent leaves
a pending red-flag question except stop, cancel, a symptom or an emergency request."""

from __future__ import annotations

import datetime as dt

import pytest

import content
from skill import turn_matrix
from skill.domain import screening as engine
from skill.handlers import turns

C = content.get()


@pytest.fixture(scope="module")
def matrix():
    return turn_matrix.build()


def test_the_golden_matrix_is_up_to_date(matrix):
    assert turn_matrix.FIXTURE.read_text(encoding="utf-8") == turn_matrix.dump(matrix), (
        "routing changed: run `spasm-coach turns matrix` and review the diff of tests/fixtures/turn_matrix.yaml")


def test_every_state_and_every_model_intent_is_in_the_matrix(matrix):
    assert list(matrix) == list(turns.STATES)
    for row in matrix.values():
        assert sorted(row) == turn_matrix.model_intents()


def test_the_matrix_is_built_at_one_fixed_time_and_its_check_in_holds_on_a_25_hour_day():
    """The check-in is asked on a later day of the episode; 24 hours before 23:30 in New York on the day the clocks
    go back (1 November 2026) is still that day, so the setup keeps the first use on the day before, by the clock."""
    assert turn_matrix.Player().now == turn_matrix.CLOCK
    late = dt.datetime(2026, 11, 2, 4, 30, tzinfo=dt.timezone.utc)
    reached = turn_matrix.Player(now=late).reach(turns.CHECKIN_QUESTION)
    assert turns.state_of(reached) == turns.CHECKIN_QUESTION


def test_the_screening_state_of_the_matrix_has_a_tier_1_question_pending():
    state = engine.State.parse(turn_matrix.Player().reach(turns.SCREENING_QUESTION)["screening"], C)
    assert engine.current(C, state)["tier"] == 1 and engine.current(C, state)["kind"] == "question"


@pytest.mark.parametrize("state", turns.SCREENING_STATES)
def test_no_intent_leaves_a_pending_red_flag_question_except_the_safety_exits(matrix, state):
    left = sorted(intent for intent, cell in matrix[state].items() if cell["observed"] == "left")
    assert set(left) <= set(turns.SAFETY_EXITS), left
    for intent in turns.STOP:
        assert matrix[state][intent]["keys"] == ["screening.stopped"]
    assert matrix[state]["EmergencyIntent"]["keys"] == ["screening.emergency_request"]


@pytest.mark.parametrize("state", turns.SCREENING_STATES)
def test_the_screening_handlers_follow_the_table(matrix, state):
    for intent, cell in matrix[state].items():
        if cell["outcome"] == turns.FINISH_FIRST:
            # "let's finish the questions later" (a reminder, none named): how many urgent ones are left (explore7 #7)
            assert cell["keys"][0] in ("screening.finish_first", "screening.later.urgent") \
                and cell["observed"] == "kept", (intent, cell)
        elif cell["outcome"] == turns.AGAIN:
            assert cell["observed"] == "kept" and "screening.finish_first" not in cell["keys"], (intent, cell)
        elif cell["outcome"] == turns.ANSWER:
            assert "screening.finish_first" not in cell["keys"], (intent, cell)


def test_words_that_are_no_answer_never_move_a_red_flag_question_in_any_intent():
    """Explore6 #2: words that are no answer (a question, a remark about another question, the back's pain), in any
    custom slot of any intent but stop, cancel and an emergency request, said twice in a row at a red-flag question:
    the same question stays on the table, nothing is counted towards a yes, no outcome."""
    moved = [(row["intent"], row["slot"], row["words"], seen)
             for row in turn_matrix.no_answer_words() for seen in row["seen"]
             if seen[0] != "kept" or any(k.startswith(("screening.outcome.", "screening.unclear")) for k in seen[1])]
    assert not moved, moved


def test_ice_heat_both_and_stretches_at_a_red_flag_question_start_nothing(matrix):
    row = matrix[turns.SCREENING_QUESTION]
    for intent in ("StartTherapyIntent", "AlternateTherapyIntent", "StartRoutineIntent", "IceOrHeatIntent"):
        assert not any(k.startswith(("therapy.", "routine.", "exercise.")) for k in row[intent]["keys"]), intent


def test_an_emergency_request_interrupts_every_state(matrix):
    for state, row in matrix.items():
        assert row["EmergencyIntent"]["keys"] == ["screening.emergency_request"], state


def test_a_situation_said_asks_the_red_flag_questions_in_every_state(matrix):
    """Review6 #6: SituationIntent has no slot, and on a device it can take a whole sentence with a red flag in it
    ("my back went and now my legs won't work"): wherever it is said, a red-flag question is asked next (a new
    screening's first, or the one already on the table), except at the check-in, whose answer it is (not better:
    "is it worse than before?", whose yes asks them)."""
    for state, row in matrix.items():
        keys = row["SituationIntent"]["keys"]
        if state == turns.CHECKIN_QUESTION:
            assert keys == ["checkin.not_better"], keys
            continue
        assert any(key.startswith(("screening.question.", "screening.clarify.")) for key in keys), (state, keys)
        assert "frame.help" not in keys, state


def test_an_unknown_or_malformed_state_is_no_state():
    assert turns.state_of(None) == turns.NONE
    assert turns.state_of({"flow": "screening", "screening": "junk"}) == turns.NONE
    assert turns.state_of({"flow": "nonsense"}) == turns.NONE
    assert turns.outcome("nonsense", "AMAZON.YesIntent") == turns.ENTRY


def test_the_check_in_question_owns_its_turn(matrix):
    """Review4 #2: at "Your back: better, same, or worse?" no answer-like intent says goodbye or "didn't catch that";
    each keeps the question (or acts on a change said), and only stop, cancel and "thank you" close."""
    row = matrix[turns.CHECKIN_QUESTION]
    for intent, cell in row.items():
        if cell["outcome"] in (turns.ANSWER, turns.AGAIN):
            assert not {"frame.goodbye", "frame.fallback"} & set(cell["keys"]), (intent, cell)
            assert cell["observed"] == "kept" or intent == "PainCheckIntent", (intent, cell)
    assert row["AMAZON.NoIntent"]["keys"] == ["checkin.worse_q"]            # "not good", "not really", "no"
    closed = sorted(i for i, c in row.items() if "frame.goodbye" in c["keys"])
    assert closed == ["AMAZON.CancelIntent", "AMAZON.StopIntent", "ThanksIntent"], closed


def test_an_ice_or_heat_check_owns_its_turn(matrix):
    """Explore4 F14: at an ice or heat check ("is the skin numb?") a step word, a pain change or "what's the number"
    says its line and the same question; a bare "okay" is no answer (explore4 F2); none drops the check for
    "didn't catch that" and the menu."""
    row = matrix[turns.THERAPY_QUESTION]
    for intent in turns.THERAPY_AGAIN + (turns.NUMBER_INTENT, "PainCheckIntent", turns.ACKNOWLEDGE_INTENT):
        cell = row[intent]
        assert cell["observed"] == "kept" and cell["keys"][-1] == "therapy.check.numb_skin", (intent, cell)
        assert "frame.fallback" not in cell["keys"], (intent, cell)
    assert row["PainCheckIntent"]["keys"][0] == "therapy.question.worse"      # what to watch for, with the number


def test_okay_is_no_answer_to_the_routines_exclusion_question(matrix):
    """Review4 #0 re-check: "okay" at "Are you under sixteen?" told an adult the skill is for over-16s and closed."""
    cell = matrix[turns.ROUTINE_QUESTION][turns.ACKNOWLEDGE_INTENT]
    assert cell["observed"] == "kept" and cell["keys"] == ["screening.acknowledged", "screening.exclusion.under_16"]
