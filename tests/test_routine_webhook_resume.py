"""Resuming later over the real webhook: silence until Alexa gives up (EXCEEDED_MAX_REPROMPTS), then "continue"."""

from __future__ import annotations

import re

import content
from simulator.session import Simulator

EXCLUSIONS = len(content.get().routines["blocked_by"]["ask_before_first"])   # under 16, pregnant, a recent procedure


def test_silence_then_continue_picks_up_at_the_same_exercise(tmp_path):
    home = tmp_path / "home"
    sim = Simulator(ca_dir=str(home / "dev-ca"), skill_env={"XDG_DATA_HOME": str(home), "HOME": str(home)})
    with sim:
        gate = ("no",) * 8      # the tier-1 questions before the first stretches of the day
        for said in ("ask spasm coach to start my stretches", *gate, *("no",) * EXCLUSIONS, "the same", "next"):
            turn = sim.say(said)
            assert turn.error is None, turn.error
        assert "exercise.belly_breathing.position" in turn.all_keys and turn.session_open
        ended = sim.end("EXCEEDED_MAX_REPROMPTS")
        assert ended.error is None and not ended.session_open
        later = sim.say("ask spasm coach to continue")
        assert later.intent == "AMAZON.ResumeIntent"
        assert {"routine.resumed.later", "exercise.belly_breathing.position"} <= set(later.all_keys)
        assert not any(k.startswith(("screening.exclusion.", "exercise.position_of_ease.")) for k in later.all_keys)
        assert later.session_open and "routine.pain_check" in later.all_keys and later.reprompt
        worse = sim.say("worse")
        assert worse.session_open and "routine.pain.worse" in worse.all_keys     # heat or ice offered (explore6 #27)
        again = sim.say("ask spasm coach to continue")
        assert "routine.resumed.later" not in again.all_keys     # after "worse" the progress is gone


# ---- the resume window, and "continue" with nothing to continue, over the webhook (verify off: old timestamps) ----

def _client(tmp_path):
    from skill.app import create_app
    from skill.config import Settings

    return create_app(Settings(verify="off", db_path=str(tmp_path / "db.sqlite3"))).test_client()


def _post(client, request_type="IntentRequest", *, intent=None, slots=None, attributes=None, new=False, at=None):
    from conftest import make_envelope

    envelope = make_envelope(request_type, intent=intent, slots=slots, session_attributes=attributes, new=new,
                             timestamp=at)
    reply = client.post("/", json=envelope)
    assert reply.status_code == 200, reply.data
    body = reply.get_json()
    speech = re.sub(r"<[^>]+>", "", body["response"].get("outputSpeech", {}).get("ssml", ""))
    return body, speech


def _start_routine_at(client, at):
    body, _ = _post(client, intent="StartRoutineIntent", new=True, at=at)
    for _ in range(8 + EXCLUSIONS):  # the tier-1 questions before the first stretches of the day, the exclusions
        body, speech = _post(client, intent="AMAZON.NoIntent", attributes=body["sessionAttributes"], at=at)
    assert "resting position" in speech.lower()
    return body


def test_continue_works_across_utc_midnight_within_the_window_but_not_the_next_evening(tmp_path):
    """3 pm in Los Angeles is 23:00 UTC: "continue" at 5 pm there (the next UTC day) still picks up."""
    client = _client(tmp_path)
    _start_routine_at(client, "2025-03-01T23:00:00Z")
    _, speech = _post(client, intent="AMAZON.ResumeIntent", new=True, at="2025-03-02T01:00:00Z")
    assert "Welcome back" in speech and "resting position" in speech.lower()
    # resuming saved the place again at 01:00; 18 and a half hours after that, it is gone
    _, speech = _post(client, intent="AMAZON.ResumeIntent", new=True, at="2025-03-02T19:30:00Z")
    assert "don't have any stretches saved" in speech and "Welcome back" not in speech


def test_continue_with_nothing_saved_offers_to_start_and_yes_starts(tmp_path):
    client = _client(tmp_path)
    body, speech = _post(client, intent="AMAZON.ResumeIntent", new=True)
    assert "don't have any stretches saved" in speech and body["response"]["shouldEndSession"] is False
    assert "didn't catch" not in speech
    body, speech = _post(client, intent="AMAZON.YesIntent", attributes=body["sessionAttributes"])
    assert "Are you under sixteen" in speech      # the routine's exclusion questions, from the first


def test_continue_my_stretches_heard_as_a_routine_name_carries_on(tmp_path):
    """If the model hears "continue my stretches" as StartRoutineIntent {routine: "continue"}, it still resumes."""
    client = _client(tmp_path)
    body = _start_routine_at(client, None)
    body, _ = _post(client, intent="PainCheckIntent", slots={"change": "better"}, attributes=body["sessionAttributes"])
    _, speech = _post(client, intent="StartRoutineIntent", slots={"routine": "continue my stretches"}, new=True)
    assert "Welcome back" in speech and "belly breathing" in speech and "First: resting position" not in speech


def test_continue_on_a_new_local_day_asks_the_red_flag_questions_before_any_stretch(tmp_path):
    """Progress saved at 6 pm in New York, "continue" at 9 am the next morning (inside the resume window): the
    first stretches of the new day come after the tier-1 questions, as a fresh start would."""
    client = _client(tmp_path)
    _start_routine_at(client, "2025-03-01T23:00:00Z")
    body, speech = _post(client, intent="AMAZON.ResumeIntent", new=True, at="2025-03-02T14:00:00Z")
    assert "Welcome back" not in speech and "resting position" not in speech.lower()
    assert body["response"]["shouldEndSession"] is False
    assert body["sessionAttributes"].get("flow") == "screening"
    for _ in range(8):
        body, speech = _post(client, intent="AMAZON.NoIntent", attributes=body["sessionAttributes"],
                             at="2025-03-02T14:00:00Z")
    assert "resting position" in speech.lower() or "under sixteen" in speech.lower()


def test_continue_after_a_serious_result_today_is_refused(tmp_path):
    """A tier-1 answer at the gate blocks stretches for the rest of the day: stored progress is not resumed."""
    client = _client(tmp_path)
    _start_routine_at(client, "2025-03-01T23:00:00Z")
    at = "2025-03-02T14:00:00Z"
    body, _ = _post(client, intent="AMAZON.ResumeIntent", new=True, at=at)
    body, speech = _post(client, intent="AMAZON.YesIntent", attributes=body["sessionAttributes"], at=at)
    _, speech = _post(client, intent="AMAZON.ResumeIntent", new=True, at="2025-03-02T15:00:00Z")
    assert "Welcome back" not in speech and "resting position" not in speech.lower()


def test_a_routine_left_last_night_is_yesterday_and_continuing_it_asks_the_red_flags_first(tmp_path):
    """Explore2 finding 8: the welcome said "earlier today" for progress saved the evening before, and a screen of
    an earlier day must not clear today's stretches. 9 pm in New York (the en-US zone when the Settings API gives
    none) on a Monday, then 8 am on Tuesday (11 hours later, inside the resume window): "yesterday", and
    "continue" asks the tier-1 questions again before the routine."""
    client = _client(tmp_path)
    _start_routine_at(client, "2025-03-04T02:00:00Z")            # Monday 3 March, 9 pm in New York
    body, speech = _post(client, "LaunchRequest", new=True, at="2025-03-04T13:00:00Z")   # Tuesday, 8 am
    assert "part-way through the lying down routine yesterday." in speech
    assert "earlier today" not in speech
    body, speech = _post(client, intent="AMAZON.ResumeIntent", attributes=body["sessionAttributes"],
                         at="2025-03-04T13:00:10Z")
    assert body["sessionAttributes"]["flow"] == "screening" and body["sessionAttributes"]["screening"]["gate"]
    assert "bottom, genitals or inner thighs" in speech and "resting position" not in speech.lower()


def test_a_routine_left_this_morning_is_earlier_today(tmp_path):
    client = _client(tmp_path)
    _start_routine_at(client, "2025-03-04T13:00:00Z")            # 8 am in New York
    _, speech = _post(client, "LaunchRequest", new=True, at="2025-03-04T17:00:00Z")
    assert "part-way through the lying down routine earlier today." in speech


def test_when_progress_was_saved_is_said_from_the_persons_own_day():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from skill.handlers.routine import when_saved

    now = dt.datetime(2025, 3, 6, 8, 0, tzinfo=ZoneInfo("Australia/Sydney"))      # Thursday morning in Sydney
    saved = {"saved_at": "2025-03-04T10:00:00Z"}          # Tuesday 9 pm in Sydney (Tuesday 10 am UTC)
    assert when_saved(saved, now).key == "frame.when.on_day" and when_saved(saved, now).params == {"day": "Tuesday"}
    assert when_saved({"saved_at": "2025-03-05T10:00:00Z"}, now).key == "frame.when.yesterday"
    assert when_saved({"saved_at": "2025-03-05T20:00:00Z"}, now).key == "frame.when.today"   # 7 am Thursday there
    assert when_saved({"date": "2025-03-05"}, now).key == "frame.when.yesterday"              # an older record
