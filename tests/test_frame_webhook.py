"""The frame through the real webhook and store: welcome, delete my data, fallback, stop, help, home, odd requests."""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3

import pytest

import content
from conftest import SKILL_ID, make_envelope, past_checks, serving
from simulator import envelopes as env
from simulator.session import Simulator, Turn

C = content.get()
NO_TO_EXCLUSIONS = ["no"] * len(C.routines["blocked_by"]["ask_before_first"])
# The tier-1 questions asked before the first stretches of a day (issue 11 item 5).
NO_TO_GATE = ["no"] * sum(1 for q in C.screening["questions"] if q["tier"] == 1)


@pytest.fixture(scope="module")
def server(tmp_path_factory, dev_ca):
    """The real waitress server in this process (verification on, dev CA), one SQLite file for the module."""
    from skill.config import Settings

    db_path = tmp_path_factory.mktemp("frame") / "store.sqlite3"
    settings = Settings(skill_id=SKILL_ID, verify="dev", dev_certs_dir=str(dev_ca.dir), db_path=str(db_path))
    with serving(settings) as url:
        yield f"{url}/", db_path


@pytest.fixture
def sim(server, dev_ca):
    """A new person (a new user id) on a new device, with timers allowed."""
    with Simulator(url=server[0], ca_dir=str(dev_ca.dir), app_id=SKILL_ID, permissions=True) as s:
        s.db_path = server[1]
        yield s


def stored(sim) -> dict:
    """This person's stored record ({} when there is none)."""
    key = hashlib.sha256(sim.device.user_id.encode()).hexdigest()
    rows = sqlite3.connect(sim.db_path).execute("SELECT attributes FROM attributes WHERE id = ?", (key,)).fetchall()
    return json.loads(rows[0][0]) if rows else {}


def start_stretches(sim) -> Turn:
    """Open the skill and get to the first pain check of the lying-down routine."""
    sim.say("open spasm coach")
    turn = sim.say("stretches")
    for answer in NO_TO_GATE + NO_TO_EXCLUSIONS:
        turn = sim.say(answer)
    assert "routine.pain_check" in turn.response_keys, turn.speech
    return turn


# -- F9: only an immediate yes deletes -------------------------------------------------------------------------

@pytest.mark.parametrize("between", ["help", "should I use ice or heat", "what stretches do you have", "start ice"])
def test_anything_between_delete_my_data_and_yes_disarms_the_delete(sim, between):
    sim.say("ask spasm coach to start ice")
    sim.say("open spasm coach")
    assert "frame.forget.confirm" in sim.say("delete my data").response_keys
    sim.say(between)
    if sim.session is None:
        sim.say("open spasm coach")
    turn = sim.say("yes")
    assert "frame.forget.done" not in turn.response_keys, (between, turn.speech)
    assert stored(sim).get("first_seen"), "the record was deleted"


def test_delete_my_data_then_yes_deletes_and_the_next_visit_is_a_first_visit(sim):
    sim.say("open spasm coach")
    start = sim.say("ask spasm coach to delete my data")
    assert start.session_open and "frame.forget.confirm" in start.response_keys and start.reprompt
    done = sim.say("yes")
    assert done.response_keys == ["frame.forget.done"] and not done.session_open
    assert stored(sim) == {}
    assert sim.say("open spasm coach").response_keys == ["frame.welcome.first"]


def test_delete_my_data_then_no_keeps_everything(sim):
    sim.say("open spasm coach")
    sim.say("delete my data")
    kept = sim.say("no")
    assert kept.response_keys == ["frame.forget.kept"] and not kept.session_open
    assert stored(sim).get("first_seen")


# -- F19: first use comes from the store, one-shots included -------------------------------------------------

def test_a_one_shot_marks_the_user_and_the_first_launch_says_the_disclaimer_not_the_introduction(sim):
    first = sim.say("ask spasm coach should I use ice or heat")
    # the welcome that gives the number was skipped: the short safety line, once, before the answer
    assert first.response_keys == ["frame.first.safety", "therapy.evidence"], first.response_keys
    assert first.speech.startswith("I'm no doctor") and "call nine one one" in first.speech, first.speech
    assert sim.say("ask spasm coach should I use ice or heat").response_keys == ["therapy.evidence"]
    record = stored(sim)
    assert record["first_seen"] and record["disclaimer_due"] is True
    launch = sim.say("open spasm coach")
    assert launch.response_keys == ["frame.welcome.disclaimer", "frame.welcome.menu"]
    assert "not a doctor" in launch.speech and "call out to someone, or use a phone" in launch.speech
    assert "nine one one" in launch.speech and launch.card and "911" in launch.card["text"]
    assert launch.session_open and launch.reprompt
    assert "disclaimer_due" not in stored(sim)
    sim.say("stop")
    assert sim.say("open spasm coach").response_keys == ["frame.welcome.returning"]


def test_a_brand_new_user_gets_the_full_welcome_once(sim):
    first = sim.say("open spasm coach")
    assert first.response_keys == ["frame.welcome.first"] and "not a doctor" in first.speech
    sim.say("stop")
    again = sim.say("open spasm coach")
    assert again.response_keys == ["frame.welcome.returning"]


def test_a_one_shot_with_the_store_down_still_answers(live_server, dev_ca, db_path):
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.mkdir()                          # a folder where the database file should be: every read fails
    with Simulator(url=live_server + "/", ca_dir=str(dev_ca.dir), app_id=SKILL_ID) as sim:
        turn = sim.say("ask spasm coach is this serious")
        launch = sim.say("open spasm coach")
    assert turn.error is None and turn.session_open and "genitals or inner thighs" in turn.speech.lower()
    assert launch.response_keys == ["frame.store_unavailable", "frame.welcome.first"]
    assert "not a doctor" in launch.speech and launch.session_open


# -- F17: what was left unfinished ----------------------------------------------------------------------------

def test_reopening_mentions_todays_unfinished_stretches_and_continue_picks_them_up(sim):
    start_stretches(sim)
    sim.end("EXCEEDED_MAX_REPROMPTS")
    launch = sim.say("open spasm coach")
    assert "frame.resume.routine" in launch.response_keys and "frame.welcome.menu.continue" in launch.response_keys
    assert launch.session_open and launch.reprompt
    resumed = sim.say("continue")
    assert "routine.resumed.later" in resumed.response_keys and resumed.session_open


def test_reopening_mentions_a_running_timer_on_alexas_clock_and_not_one_that_ended(sim):
    past_checks(sim, "ask spasm coach to start ice")
    sim.advance(5 * 60)
    launch = sim.say("open spasm coach")
    assert "frame.resume.ice" in launch.response_keys and "about 10 minutes" in launch.speech, launch.speech
    sim.say("stop")
    sim.advance(11 * 60)
    later = sim.say("open spasm coach")
    assert later.response_keys == ["frame.welcome.returning"], later.speech


def test_a_plain_return_visit_mentions_nothing_left_over(sim):
    sim.say("open spasm coach")
    sim.say("stop")
    assert sim.say("open spasm coach").response_keys == ["frame.welcome.returning"]


# -- F25: the fallback gets more helpful, never a dead end ------------------------------------------------------

def test_the_second_miss_in_a_row_gets_fuller_help_and_the_third_a_goodbye_that_closes(sim):
    sim.say("open spasm coach")
    first = sim.say("asdf qwerty")
    assert first.response_keys == ["frame.fallback"] and first.session_open and first.reprompt
    more = sim.say("the cat sat on the mat")
    assert more.response_keys == ["frame.fallback.more"] and more.session_open and more.reprompt
    speech = more.speech.lower()
    for offer in ("start ice", "start heat", "stretches", "safety questions", "my leg is numb", "nine one one"):
        assert offer in speech, offer
    assert sim.matcher.resolve("my leg is numb").intent == "ReportSymptomIntent"   # the example works
    last = sim.say("play music")
    assert last.response_keys == ["frame.fallback.goodbye"] and not last.session_open
    assert "nine one one" in last.speech and "Alexa, open Spasm Coach" in last.speech
    sim.say("open spasm coach")
    sim.say("what time is it")
    sim.say("help")                                             # anything understood resets the count
    assert sim.say("blah blah blah").response_keys == ["frame.fallback"]


def test_fuller_help_uses_the_local_emergency_number(server, dev_ca):
    with Simulator(url=server[0], ca_dir=str(dev_ca.dir), app_id=SKILL_ID, locale="en-GB") as sim:
        sim.say("open spasm coach")
        sim.say("asdf qwerty")
        more = sim.say("zzz yyy")
    assert "nine nine nine" in more.speech and "nine one one" not in more.speech


# -- F27: a key once per response --------------------------------------------------------------------------------

def test_no_turn_lists_a_response_key_twice(sim):
    turns = [start_stretches(sim), sim.say("pause"), sim.say("resume"), sim.say("help"), sim.say("worse")]
    turns += [sim.say("open spasm coach"), sim.say("is this serious"), sim.say("help")]
    for turn in turns:
        assert turn.response_keys and len(turn.response_keys) == len(set(turn.response_keys)), turn.response_keys
    assert turns[1].response_keys == ["routine.paused"]


# -- Stop and Cancel end the session in every state, with no question ------------------------------------------

STATES = {
    "main menu": ["open spasm coach"],
    "after a miss": ["open spasm coach", "asdf qwerty", "qwerty asdf"],
    "delete my data?": ["open spasm coach", "delete my data"],
    "ice or heat?": ["open spasm coach", "start a timer"],
    "heat check": ["open spasm coach", "heat"],
    "routine exclusion": ["open spasm coach", "stretches", *NO_TO_GATE],
    "routine pain check": ["open spasm coach", "stretches", *NO_TO_GATE, *NO_TO_EXCLUSIONS],
    "routine paused": ["open spasm coach", "stretches", *NO_TO_GATE, *NO_TO_EXCLUSIONS, "pause"],
    "screening question": ["open spasm coach", "is this serious"],
    "one-shot question": ["ask spasm coach is this serious"],
}


@pytest.mark.parametrize("word", ["stop", "cancel"])
@pytest.mark.parametrize("state", list(STATES))
def test_stop_and_cancel_end_the_session_without_a_question(sim, state, word):
    for words in STATES[state]:
        before = sim.say(words)
    assert before.session_open, (state, before.speech)
    turn = sim.say(word)
    assert turn.intent in ("AMAZON.StopIntent", "AMAZON.CancelIntent")
    assert not turn.session_open and not turn.reprompt, (state, turn.speech)
    assert "?" not in turn.speech, (state, turn.speech)


# -- Help: the flow's own inside a flow; the frame's outside -----------------------------------------------------

@pytest.mark.parametrize("state, own_help", [("routine pain check", "routine.help"),
                                             ("screening question", "screening.help"),
                                             ("routine exclusion", "routine.help")])
def test_help_inside_a_flow_is_the_flows_own_and_asks_the_same_step_again(sim, state, own_help):
    for words in STATES[state]:
        before = sim.say(words)
    turn = sim.say("help")
    assert own_help in turn.response_keys and "frame.help" not in turn.response_keys, turn.response_keys
    assert turn.session_open and turn.reprompt == before.reprompt, (turn.reprompt, before.reprompt)


def test_frame_help_keeps_the_session_open_with_a_reprompt(sim):
    sim.say("open spasm coach")
    turn = sim.say("help")
    assert turn.response_keys == ["frame.help"] and turn.session_open and turn.reprompt


# -- NavigateHome leaves the flow --------------------------------------------------------------------------------

@pytest.mark.parametrize("state", ["heat check", "routine exclusion"])
def test_home_leaves_the_flow_so_a_later_yes_answers_nothing(sim, state):
    for words in STATES[state]:
        sim.say(words)
    home = sim.say("go home")
    assert home.intent == "AMAZON.NavigateHomeIntent" and home.response_keys == ["frame.home"] and home.session_open
    attributes = sim.session.attributes
    assert not attributes.get("flow") and not {"therapy", "routine", "screening"} & set(attributes), attributes
    stray = sim.say("yes")
    assert stray.response_keys == ["frame.fallback"], stray.response_keys


def test_home_at_a_red_flag_question_waits_for_the_answer(sim):
    """Turn ownership: only stop, cancel, a symptom or an emergency request may leave a red-flag question."""
    for words in STATES["screening question"]:
        sim.say(words)
    home = sim.say("go home")
    assert home.response_keys == ["screening.finish_first", "screening.question.saddle_numbness"]
    assert home.session_open and sim.session.attributes["flow"] == "screening"


# -- Requests the skill does not know, and the end of a session -----------------------------------------------

def test_an_unknown_request_type_in_a_session_gets_a_short_answer(sim):
    sim.say("open spasm coach")
    request = env.intent_request("en-US", "AMAZON.HelpIntent", {})
    request = {key: request[key] for key in ("requestId", "timestamp", "locale")} | {
        "type": "Alexa.Presentation.APL.UserEvent", "arguments": []}
    turn = sim._exchange(Turn(":apl"), request)
    assert turn.error is None and turn.response_keys == ["frame.unknown_request"] and not turn.session_open


def test_session_ended_logs_the_reason_and_nothing_personal(signed_post, caplog):
    caplog.set_level(logging.DEBUG)
    envelope = make_envelope("SessionEndedRequest", new=False,
                             session_attributes={"flow": "screening", "screening": {"answers": {"fever": "yes"}}},
                             extra_request={"reason": "ERROR", "error": {"type": "INVALID_RESPONSE",
                                                                         "message": "fever numb bottom"}})
    reply = signed_post(envelope)
    assert reply.status_code == 200 and reply.get_json()["response"] == {}
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "session ended: reason=ERROR error=INVALID_RESPONSE" in logged
    for secret in ("fever", "numb", "bottom", "TESTUSER", "screening"):
        assert secret not in logged, secret
