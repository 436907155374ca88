"""Where the screening meets the stretches, over the real webhook: unplaced symptoms, the honest outcome keys,
no routine (now or later today) after an emergency or advice-today outcome, exclusions asked once."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

import content
from conftest import SKILL_ID, make_envelope
from simulator.session import Simulator
from skill.config import Settings

C = content.get()
TIER_1 = [q["id"] for q in C.screening["questions"] if q["tier"] == 1]
QUESTION = re.compile(r"^screening\.(question|exclusion)\.(.+)$")


@pytest.fixture
def sim(live_server, dev_ca):
    with Simulator(url=live_server + "/", ca_dir=str(dev_ca.dir), app_id=SKILL_ID) as s:
        yield s


def asked(turn) -> str | None:
    ids = [m.group(2) for k in turn.all_keys if (m := QUESTION.match(k))]
    return ids[-1] if ids else None


def answer_all(sim, turn, yes_to=(), limit=40):
    """Answer each screening question: yes to YES_TO, no to the rest; the turns, and the ids asked."""
    turns, ids = [turn], []
    while turns[-1].session_open and (question := asked(turns[-1])):
        assert len(ids) < limit
        ids.append(question)
        turns.append(sim.say("yes" if question in yes_to else "no"))
    return turns, ids


def stored_routine(db_path) -> dict | None:
    rows = sqlite3.connect(db_path).execute("select attributes from attributes").fetchall()
    return json.loads(rows[0][0]).get("routine") if rows else None


def into_routine(sim):
    """Start the lying-down routine, answer its two exclusion questions, do one exercise, reach "say next"."""
    for said in ("open spasm coach", "start my stretches", "no", "no"):
        turn = sim.say(said)
    assert "exercise.position_of_ease.position" in turn.all_keys
    turn = sim.say("better")
    assert "routine.ready_next" in turn.all_keys and turn.session_open
    return turn


# ---- 1. a symptom the skill cannot place: the urgent questions, never a dead end ----

@pytest.mark.parametrize("before", [[], ["start my stretches", "no", "no"], ["start heat"]],
                         ids=["at-launch", "mid-routine", "mid-timer-conversation"])
def test_an_unplaced_symptom_starts_the_tier_1_questions(sim, before):
    for said in ["open spasm coach", *before]:
        sim.say(said)
    turn = sim.say("i have a weird buzzing in my elbow")
    assert turn.intent == "ReportSymptomIntent" and turn.slots["symptom"]["id"] is None
    assert turn.response_keys == ["screening.intro.unplaced", "screening.question.saddle_numbness"]
    assert "a few quick questions" in turn.speech and turn.session_open and turn.reprompt
    assert "AMAZON.FallbackIntent" != turn.intent and "frame.fallback" not in turn.all_keys
    turns, ids = answer_all(sim, turn, yes_to=["saddle_numbness"])
    assert ids == ["saddle_numbness"] and "screening.outcome.emergency" in turns[-1].all_keys


def test_an_unplaced_symptom_mid_screening_restarts_nothing(sim):
    """Said after the red flags: noted, and the question on the table again; nothing is asked twice."""
    sim.say("open spasm coach")
    turn = sim.say("is this serious")
    while asked(turn) != "fever":
        turn = sim.say("no")
    turn = sim.say("i have a weird buzzing in my elbow")
    assert turn.response_keys == ["screening.noted.unplaced", "screening.question.fever"]
    turns, ids = answer_all(sim, turn)
    assert ids[0] == "fever" and not set(TIER_1) & set(ids) and "under_16" not in ids
    assert "screening.outcome.self_care" in turns[-1].all_keys


# ---- 4. the exclusions are asked once per conversation, whichever flow asks first ----

def test_the_screening_does_not_ask_the_routines_exclusions_again(sim):
    into_routine(sim)
    turn = sim.say("my leg is going numb")
    turns, ids = answer_all(sim, turn)
    assert ids[:len(TIER_1)] == TIER_1
    assert "pregnant" not in ids and "recent_spine_procedure" not in ids and "under_16" in ids


def test_the_routine_does_not_ask_the_screenings_exclusions_again(sim):
    sim.say("open spasm coach")
    turns, ids = answer_all(sim, sim.say("is this serious"))
    assert {"pregnant", "recent_spine_procedure"} <= set(ids)
    assert "screening.outcome.self_care" in turns[-1].all_keys
    turn = sim.say("start my stretches")
    assert not any(k.startswith(("screening.exclusion.", "routine.exclusions")) for k in turn.all_keys)
    assert "exercise.position_of_ease.position" in turn.all_keys


def test_pregnant_in_the_screening_means_no_stretches_without_asking_again(sim):
    sim.say("open spasm coach")
    turns, _ = answer_all(sim, sim.say("is this serious"), yes_to=["pregnant"])
    turn = sim.say("start my stretches")
    assert turn.response_keys == ["routine.excluded.pregnant"] and "Are you pregnant" not in turn.speech


# ---- 5. mid-screening, anything that is not an answer keeps the question on the table ----

def test_mid_screening_other_requests_wait_and_nothing_unclear_counts_as_an_answer(sim):
    """At an exclusion (after the red flags), requests wait and unclear answers are explained, never counted;
    the third ends with the safety net. (At a red-flag question the second unclear answer is a yes.)"""
    turn = sim.say("open spasm coach")
    turn = sim.say("is this serious")
    while asked(turn) != "under_16":
        turn = sim.say("no")
    wait = sim.say("stretches")                 # understood, but the questions come first
    assert wait.response_keys[:2] == ["screening.finish_first", "screening.exclusion.under_16"]
    assert "didn't catch" not in wait.speech and wait.session_open
    current = "under_16"
    for said in ("what do you mean", "definitely not please", "blue cheese sandwich", "purple rain"):
        turn = sim.say(said)
        if turn.intent in ("AMAZON.NoIntent", "AMAZON.YesIntent", "UnsureIntent"):
            current = asked(turn) or current     # the model may understand some of these: then they are answers
            continue
        assert "screening.outcome.emergency" not in turn.all_keys and "screening.clarify.unsure" not in turn.all_keys
        if not turn.session_open:
            assert turn.response_keys == ["screening.ended.unclear"]
            assert "nine one one" in turn.speech and "cauda equina" not in turn.speech
            break
        assert f"screening.explain.{current}" in turn.all_keys
