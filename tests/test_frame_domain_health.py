"""Health facts said in passing (skill/domain/health.py): what each records, which question it answers yes, and
that every line it says is sourced."""

from __future__ import annotations

import pytest

import content
from skill.domain import health

C = content.get()


def test_pregnancy_and_a_recent_operation_are_the_screenings_own_exclusions():
    exclusions = {x["id"] for x in C.screening["exclusions"]}
    for condition in (health.PREGNANT, health.RECENT_PROCEDURE):
        told = health.told(condition)
        assert told.exclusion in exclusions and told.offer == health.NO_STRETCHES
    assert health.told(health.PROCEDURE).exclusion is None          # no time said: nothing is assumed


def test_diabetes_is_recorded_and_answers_the_heat_checks_diabetes_question_with_its_own_line():
    heat_ids = [q["id"] for q in C.therapy["checks"]["heat"]["questions"]]
    answered = health.check_answered([health.DIABETES])
    assert list(answered) == [health.ANSWERS[health.DIABETES]] and answered[heat_ids[2]] in C.responses
    # the questions that rule heat out altogether are still asked first
    assert heat_ids.index(next(iter(answered))) > heat_ids.index("numb_skin")
    assert health.check_answered(None) == {} and health.check_answered([health.PREGNANT]) == {}


@pytest.mark.parametrize("condition, question, expected", [
    (health.PREGNANT, "pregnant", True), (health.RECENT_PROCEDURE, "recent_spine_procedure", True),
    (health.DIABETES, "diabetes_nerve_damage", True), (health.PREGNANT, "recent_spine_procedure", False),
    (health.PROCEDURE, "recent_spine_procedure", False), (health.DIABETES, "saddle_numbness", False),
    (None, "pregnant", False), (health.PREGNANT, None, False)])
def test_a_condition_answers_only_the_question_that_asks_it(condition, question, expected):
    assert health.answers(condition, question) is expected


def test_every_condition_line_is_in_the_catalogue_and_cites_a_source():
    for told in health.TOLD.values():
        assert C.responses[told.line].get("sources"), told.line
    for line in health.CHECK_LINES.values():
        assert C.responses[line].get("sources"), line


NOW = __import__("datetime").datetime(2026, 12, 2, 9, 0, tzinfo=__import__("datetime").timezone.utc)
HOURS = __import__("datetime").timedelta(hours=1)


@pytest.mark.parametrize("named, used, expected", [
    ("ice", {"heat": NOW}, "ice"),                                      # the one named
    (None, {"heat": NOW - 9 * HOURS, "ice": NOW - 2 * HOURS}, "ice"),  # else the latest on the skin
    (None, {"heat": NOW - 9 * HOURS, "ice": None}, "heat"),            # a pad slept on overnight
    (None, {"heat": NOW - (health.SKIN_HOURS + 1) * HOURS}, None),     # too long ago: not about our heat
    (None, {}, None)])
def test_the_skin_is_about_the_therapy_named_or_one_used_lately(named, used, expected):
    assert health.skin_therapy(named, used, NOW) == expected


def test_the_skin_lines_stop_that_therapy_there_and_end_with_a_question():
    for therapy in ("heat", "ice"):
        lines = health.skin_lines(therapy, stretches_ok=True)
        assert lines[0] == health.SKIN_LINES[therapy] and C.responses[lines[0]].get("sources")
        assert str(C.responses[lines[-1]]["speech"]).rstrip().endswith("?")
    assert health.skin_lines("heat", stretches_ok=False)[-1] == health.SKIN_OFFER_NO_STRETCHES
    assert health.skin_answers("blistered", "broken_skin") and not health.skin_answers("red", "numb_skin")


def test_more_said_after_a_condition_is_read_as_a_symptom_said():
    assert health.more_said("pregnant and my back has gone into spasm")
    assert not health.more_said("back surgery last month") and not health.more_said(None)


@pytest.mark.parametrize("words, said", [
    ("yes I'm pregnant", (health.PREGNANT, None)), ("yeah I'm twelve weeks pregnant", (health.PREGNANT, None)),
    ("no, I'm pregnant", (health.PREGNANT, None)),        # whose no? asked again rather than guessed
    ("no but I'm pregnant", (health.PREGNANT, "no")), ("yes, but I'm pregnant", (health.PREGNANT, "yes")),
    ("I'm not pregnant", None), ("yes", None), ("yes I'm pregnant and my bum is numb", None),   # more said: not mine
    ("yes I had back surgery last month", (health.RECENT_PROCEDURE, None)),
    ("yes I had an operation on my back two weeks ago", (health.RECENT_PROCEDURE, None)),
    ("no but I had back surgery", (health.PROCEDURE, "no")), ("yes I had back surgery years ago", None),
    ("yes I'm diabetic", (health.DIABETES, None)), ("yeah I'm type 2 diabetic", (health.DIABETES, None)),
])
def test_a_fact_said_as_an_answer_is_the_fact_with_a_yes_or_no_only_when_said_with_but(words, said):
    assert health.fact_said(words) == said


def test_a_fact_answers_its_own_question_and_never_another():
    """Review4 #8: "yes I'm pregnant" at "Are you under sixteen?" is no yes to being under sixteen."""
    assert health.answers_another(health.PREGNANT, "under_16")
    assert not health.answers_another(health.PREGNANT, health.PREGNANT)
    assert not health.answers_another(health.PREGNANT, None)
    assert health.answers_another(health.RECENT_PROCEDURE, "under_16")
    assert not health.answers_another(health.PROCEDURE, health.RECENT_PROCEDURE)   # asked there: its answer
    assert not health.answers_another(health.DIABETES, "diabetes_nerve_damage")    # the heat check's question
    # recorded facts are "noted"; a back operation with no time, which nothing records, says its own advice
    assert health.noted_line(health.PREGNANT) == health.NOTED == health.noted_line(health.DIABETES)
    assert health.noted_line(health.PROCEDURE) == health.told(health.PROCEDURE).line
