"""Calibration from the clinical review (issue 11 items 2 and 7), through the simulator and the real webhook."""

from __future__ import annotations

from simulator.session import Simulator

EMERGENCY = ("screening.outcome.emergency", "screening.emergency_request", "screening.cant_get_up")


def asked(turn) -> str | None:
    keys = [k for k in turn.response_keys if k.startswith(("screening.question.", "screening.exclusion."))]
    return keys[-1].rsplit(".", 1)[1] if keys else None


def test_ordinary_pain_talk_is_not_recorded_as_severe_pain():
    with Simulator(url=None, locale="en-US") as sim:
        turn = sim.say("tell spasm coach it really hurts")
        assert turn.session_open and not any(k.startswith(EMERGENCY) for k in turn.all_keys)
        assert "severe_pain" not in sim.session.attributes["screening"]["answers"]


def test_cancer_said_late_is_kept_and_gives_advice_today():
    with Simulator(url=None, locale="en-US") as sim:
        sim.say("open spasm coach")
        turn = sim.say("is this serious")
        while asked(turn) != "weight_loss":
            turn = sim.say("no")
        turn = sim.say("I had breast cancer two years ago")
        assert asked(turn) == "weight_loss" and "screening.question.saddle_numbness" not in turn.response_keys
        assert sim.session.attributes["screening"]["answers"]["cancer_history"] == "yes"
        while turn.session_open and asked(turn):
            turn = sim.say("no")
        assert "screening.outcome.today" in turn.all_keys and "screening.outcome.self_care" not in turn.all_keys


def test_a_simple_fall_asks_the_accident_question_and_a_car_crash_is_the_emergency():
    with Simulator(url=None, locale="en-GB") as sim:
        turn = sim.say("tell spasm coach I fell out of bed")
        assert asked(turn) == "major_trauma" and not any(k.startswith(EMERGENCY) for k in turn.all_keys)
        turn = sim.say("tell spasm coach I was in a car crash")
        assert any(k.startswith("screening.outcome.emergency") for k in turn.all_keys)
