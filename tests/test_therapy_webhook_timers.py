"""Ice and heat through the real webhook and the emulated Timers API: the payloads sent, the store, the time budget."""

import datetime as dt
import json
import sqlite3
import time

import pytest

import content
from conftest import past_checks
from simulator.alexa_api import AlexaApi, validate_timer
from simulator.session import Simulator
from skill.timers import Timers, TimersError

C = content.get()


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("therapy-home")


def make_sim(home, **kwargs):
    return Simulator(ca_dir=str(home / "dev-ca"), permissions=True,
                     skill_env={"XDG_DATA_HOME": str(home), "HOME": str(home),
                                "SPASM_DB_PATH": str(home / "store.sqlite3")}, **kwargs)


# Mid-morning on the device's clock (en-US: New York): the test counts today's ice and heat over 82 minutes, which
# must not cross the person's midnight (it did when the suite ran at 22:38-24:00 New York time).
MORNING = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.timezone.utc)


def test_the_timers_the_skill_sets_are_valid_visible_announcing_and_stored_as_designed(home):
    with make_sim(home, clock_start=MORNING) as sim:
        turn = past_checks(sim, "tell spasm coach to start the ice for 45 minutes")
        assert "therapy.capped" in turn.response_keys, turn.speech
        timers = list(sim.api.timers.values())
        assert sim.advance(21 * 60).announcements                  # the single ice ended (one thing at a time)
        sim.advance(61 * 60)
        sim.say("open spasm coach")
        turn = past_checks(sim, "alternate ice and heat")
        assert "therapy.alternate.started" in turn.response_keys, turn.speech
        timers += list(sim.api.timers.values())
        assert sorted(t.label for t in timers) == sorted(
            ["Ice pack", "Ice (alternating, step 1)", "Rest (alternating, step 2)", "Heat (alternating, step 3)"])
        for timer in timers:
            body = {"duration": timer.json()["duration"], "timerLabel": timer.label,
                    "triggeringBehavior": {"operation": timer.operation, "notificationConfig": {"playAudible": True}}}
            validate_timer(body)                       # what Alexa checks, again, on what was stored
            assert timer.duration <= 2 * 3600
            locales = [t["locale"] for t in timer.operation["textToAnnounce"]]
            assert locales[0] == "en-US" and sorted(locales) == sorted(C.locales)
        assert max(t.duration for t in timers if t.label == "Ice pack") == 20 * 60     # capped
        user = sim.device.user_id
    rows = sqlite3.connect(home / "store.sqlite3").execute("SELECT attributes FROM attributes").fetchall()
    assert len(rows) == 1
    stored = json.loads(rows[0][0])
    assert set(stored) <= {"therapy", "first_seen", "disclaimer_due", "country"}   # country: skill/locality.py
    assert set(stored["therapy"]) == {"active", "last_end", "today", "told"}
    assert set(stored["therapy"]["told"]) == {"care.ice", "announce.ice"}     # said in full once: short after
    assert sorted(a["phase"] for a in stored["therapy"]["active"]) == ["heat", "ice", "rest"]
    assert set(stored["therapy"]["active"][0]) == {"id", "therapy", "phase", "ends_at"}
    assert stored["therapy"]["today"]["ice"] == 2 and stored["therapy"]["today"]["heat"] == 1
    assert user not in rows[0][0]                     # no heat check answers, no ids in the clear
    assert "numb_skin" not in rows[0][0] and "caution" not in rows[0][0] and "clear" not in rows[0][0]


def test_a_timers_api_that_hangs_still_gets_an_answer_well_inside_eight_seconds(home):
    with make_sim(home) as sim:
        sim.api.fail("timeout")
        took, say = [], sim.say

        def timed(*args, **kwargs):                     # each request is answered in time, not the dialog
            started = time.monotonic()
            try:
                return say(*args, **kwargs)
            finally:
                took.append(time.monotonic() - started)

        sim.say = timed
        turn = past_checks(sim, "tell spasm coach to start the ice")
    assert "therapy.api.unavailable" in turn.response_keys, turn.speech
    assert "set a timer for 15 minutes" in turn.speech
    assert max(took) < 6.0, f"answered after {max(took):.1f} s"


class _Input:
    """What Timers needs from a handler input: the ask-sdk service client factory."""

    def __init__(self, endpoint, token, read_timeout: float = 1.0):
        from ask_sdk_core.serialize import DefaultSerializer
        from ask_sdk_model.services import ApiConfiguration, ServiceClientFactory
        from skill.api_client import TimeoutApiClient
        client = TimeoutApiClient(1.0, read_timeout, allow_loopback_http=True)
        self.service_client_factory = ServiceClientFactory(ApiConfiguration(
            serializer=DefaultSerializer(), api_client=client,
            authorization_value=token, api_endpoint=endpoint))


@pytest.fixture()
def api():
    granted = {"on": True}
    emulated = AlexaApi(token="t0k", granted=lambda: granted["on"])
    endpoint = emulated.start()
    emulated.endpoint, emulated.permission = endpoint, granted
    yield emulated
    emulated.stop()


def test_the_adapter_creates_lists_and_deletes_and_reads_alexas_clock(api):
    timers = Timers(_Input(api.endpoint, "t0k"))
    payload = {"duration": "PT15M", "timerLabel": "Ice pack",
               "creationBehavior": {"displayExperience": {"visibility": "VISIBLE"}},
               "triggeringBehavior": {"operation": {"type": "ANNOUNCE", "textToAnnounce": [
                   {"locale": "en-US", "text": "Take the ice off."}]}, "notificationConfig": {"playAudible": True}}}
    timer_id, trigger, now = timers.create(payload)
    assert abs((trigger - now).total_seconds() - 900) < 2
    api.clock.advance(600)
    live, later = timers.list()
    assert list(live) == [timer_id]
    assert 595 <= (later - now).total_seconds() <= 605          # the virtual clock, from the Date header
    timers.delete(timer_id)
    timers.delete(timer_id)                                     # already gone: fine
    assert timers.list()[0] == {}


@pytest.mark.parametrize("failure, kind", [(500, "unavailable"), (503, "unavailable"), (400, "rejected"),
                                           (403, "permission"), ("timeout", "unavailable")])
def test_the_adapter_sorts_failures_into_what_the_person_hears(api, failure, kind):
    api.fail(failure)
    # the hanging API is waited out for a short read timeout (the sorting is the point here, not the bound's size:
    # test_a_timers_api_that_hangs_... has the real one); an answer is given the usual 1 s, a loaded machine's slack
    read = 0.2 if failure == "timeout" else 1.0
    with pytest.raises(TimersError) as error:
        Timers(_Input(api.endpoint, "t0k", read)).list()
    assert error.value.kind == kind


def test_no_permission_and_no_api_client_are_sorted_too(api):
    api.permission["on"] = False
    with pytest.raises(TimersError) as error:
        Timers(_Input(api.endpoint, "t0k")).list()
    assert error.value.kind == "permission"

    class NoClient:
        service_client_factory = None
    with pytest.raises(TimersError) as error:
        Timers(NoClient()).list()
    assert error.value.kind == "unavailable"


def test_the_adapter_pauses_and_resumes_and_lists_a_paused_timer_by_its_time_left(api):
    timers = Timers(_Input(api.endpoint, "t0k"))
    payload = {"duration": "PT15M", "timerLabel": "Heat",
               "creationBehavior": {"displayExperience": {"visibility": "VISIBLE"}},
               "triggeringBehavior": {"operation": {"type": "ANNOUNCE", "textToAnnounce": [
                   {"locale": "en-US", "text": "Take the heat off."}]}, "notificationConfig": {"playAudible": True}}}
    timer_id, _, _ = timers.create(payload)
    api.clock.advance(300)
    timers.pause(timer_id)
    api.clock.advance(3600)
    live, _ = timers.list()
    assert 595 <= live[timer_id].total_seconds() <= 601          # a timedelta: paused, ten minutes left
    assert api.due() == []
    timers.resume(timer_id)
    live, now = timers.list()
    assert 595 <= (live[timer_id] - now).total_seconds() <= 601
    api.fail(500)
    with pytest.raises(TimersError) as error:
        timers.pause(timer_id)
    assert error.value.kind == "unavailable"


def test_a_400_is_logged_with_its_status_and_sorted_as_rejected(api, caplog):
    api.fail(400)
    with caplog.at_level("ERROR", logger="spasm_coach.timers"):
        with pytest.raises(TimersError) as error:
            Timers(_Input(api.endpoint, "t0k")).create({"duration": "PT1M", "timerLabel": "x",
                                                        "creationBehavior": {"displayExperience": {"visibility": "VISIBLE"}},
                                                        "triggeringBehavior": {"operation": {"type": "ANNOUNCE", "textToAnnounce": [
                                                            {"locale": "en-US", "text": "t"}]},
                                                            "notificationConfig": {"playAudible": True}}})
    assert error.value.kind == "rejected"
    assert any("create_timer refused (400)" in r.getMessage() for r in caplog.records)
