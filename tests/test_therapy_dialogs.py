"""Ice and heat as a person meets them through the simulator: the daily limit, permission and failure paths,
and what reaches the store and the logs."""

import datetime as dt
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import content
from conftest import past_checks
from simulator.alexa_api import VirtualClock
from simulator.session import READY, Simulator
from simulator.signing import DevCA

C = content.get()
MORNING = dt.datetime(2024, 5, 1, 7, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("therapy-webhook")


@pytest.fixture(scope="module")
def skill(home):
    """The real webhook (a subprocess, verification on with the dev CA), its log kept in a file."""
    ca = DevCA.ensure(str(home / "dev-ca"))
    log_path = home / "skill.log"
    script = Path(sys.executable).with_name("spasm-coach")
    env = {"XDG_DATA_HOME": str(home), "HOME": str(home), "SPASM_DB_PATH": str(home / "store.sqlite3"),
           "SPASM_LOG_LEVEL": "DEBUG", "PYTHONUNBUFFERED": "1", "PATH": "/usr/bin:/bin"}
    with open(log_path, "w") as log:
        proc = subprocess.Popen([str(script), "serve", "--host", "127.0.0.1", "--port", "0", "--dev-certs",
                                 str(ca.dir)], stdout=log, stderr=subprocess.STDOUT, env=env)
    url = None
    ready_by = time.monotonic() + 60                       # a start-up, however loaded the machine (about 1 s)
    while time.monotonic() < ready_by and proc.poll() is None:
        m = READY.search(log_path.read_text())
        if m:
            url = f"http://127.0.0.1:{m.group(1) or m.group(2)}/"
            break
        time.sleep(0.05)
    assert url, log_path.read_text()
    yield {"url": url, "ca": str(home / "dev-ca"), "log": log_path, "db": home / "store.sqlite3"}
    proc.terminate()
    proc.wait(20)


def simulator(skill, *, start=None, **kwargs):
    sim = Simulator(url=skill["url"], ca_dir=skill["ca"], **kwargs)
    if start is not None:
        sim.clock = sim.api.clock = VirtualClock(start=start)
    return sim


def test_the_fifth_ice_of_a_day_is_refused_with_the_reason_and_the_next_day_is_fine(skill):
    with simulator(skill, permissions=True, start=MORNING) as sim:
        for round_ in range(C.therapy["therapies"]["ice"]["max_sessions_per_day"]):
            turn = past_checks(sim, "tell spasm coach to start the ice")
            assert "therapy.started.ice" in turn.response_keys, (round_, turn.speech)
            sim.advance(16 * 60)
            sim.advance(61 * 60)
        turn = sim.say("tell spasm coach to start the ice")
        assert "therapy.daily_limit" in turn.response_keys
        assert "4 rounds of ice today" in turn.speech and not turn.session_open
        assert len(sim.api.timers) == 0                        # nothing was set
        turn = sim.say("ask spasm coach to start the heat")    # heat has no daily limit: its check starts
        assert "therapy.check.numb_skin" in turn.response_keys
        sim.advance(24 * 3600)
        turn = past_checks(sim, "tell spasm coach to start the ice")
        assert "therapy.started.ice" in turn.response_keys, turn.speech


@pytest.mark.parametrize("status", [401, 403])
def test_a_401_or_403_from_the_api_takes_the_permission_path_once_never_a_loop(skill, status):
    with simulator(skill, permissions=True) as sim:
        sim.api.fail(status)
        turn = past_checks(sim, "tell spasm coach to start the ice")
        directives = turn.response["response"]["directives"]
        assert directives[0]["type"] == "Connections.SendRequest" and directives[0]["name"] == "AskFor"
        assert turn.consent == "ACCEPTED" and len(turn.followups) == 1
        after = turn.followups[0]
        assert "therapy.permission.denied" in after.response_keys, after.speech
        assert after.response["response"]["card"]["type"] == "AskForPermissionsConsent"
        assert "set a timer for 15 minutes" in after.speech and not after.session_open
        sim.api.fail(None)
        assert "therapy.started.ice" in past_checks(sim, "tell spasm coach to start the ice").response_keys


def test_status_without_the_permission_sends_the_card_and_no_ask_for(skill):
    with simulator(skill, permissions=False) as sim:
        turn = sim.say("ask spasm coach how long is left")
        response = turn.response["response"]
        assert "directives" not in response or not response["directives"]
        assert response["card"]["type"] == "AskForPermissionsConsent"
        assert "therapy.permission.needed.status" in turn.response_keys


def test_another_permission_without_the_timers_scope_is_not_taken_for_it(skill):
    with simulator(skill, permissions=False) as sim:
        plain = sim.device.system

        def other_scope():
            system = plain()
            system["user"]["permissions"] = {"consentToken": "tok", "scopes": {
                "alexa::profile:given_name:read": {"status": "GRANTED"}}}
            return system
        sim.device.system = other_scope
        turn = past_checks(sim, "tell spasm coach to start the ice")
        assert turn.response["response"]["directives"][0]["name"] == "AskFor"


@pytest.mark.parametrize("remove", [("apiEndpoint", "apiAccessToken"), ("apiEndpoint",)])
def test_a_device_without_the_alexa_api_gets_the_spoken_fallback_fast(skill, remove):
    with simulator(skill, permissions=True) as sim:
        plain = sim.device.system

        def no_api():
            system = plain()
            for key in remove:
                system.pop(key)
            return system
        sim.device.system = no_api
        turn = sim.say("tell spasm coach to start the heat for 12 minutes")   # the heat check comes first
        assert "therapy.check.numb_skin" in turn.response_keys, turn.speech
        for _ in C.therapy["checks"]["heat"]["questions"][1:]:
            sim.say("no")
        now = dt.datetime.now()                          # the log's clock: local time, to the millisecond
        since = now.replace(microsecond=now.microsecond // 1000 * 1000)
        started = time.monotonic()
        turn = sim.say("no")
        took = time.monotonic() - started
        assert turn.response_keys == ["therapy.api.unavailable", "therapy.care.heat"], turn.speech
        assert "set a timer for 12 minutes" in turn.speech and not turn.session_open
        assert "on low" in turn.speech and "rather than lying on it" in turn.speech and "fall asleep" in turn.speech
        # fast because no Alexa API call was tried (the zone read's 1.2 s and the timer's 2 s would follow): said
        # by the skill's log of this turn, so it holds on any machine; the time's slack is for a loaded one
        this_turn = _log_since(skill, since)
        assert "not read" not in this_turn and "timers create failed" not in this_turn, this_turn
        assert took < 3.0, took
        assert "therapy.api.cannot.status" in sim.say("ask spasm coach how long is left").response_keys


def _log_since(skill, since: dt.datetime) -> str:
    """The skill's log lines stamped at or after SINCE (local time, to the millisecond), once a request line is
    among them (a thread writes the log in order: what a request logged is there before its own request line)."""
    def stamped(line):
        try:
            return dt.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f") >= since
        except ValueError:
            return False

    written_by = time.monotonic() + 20
    while True:
        lines = [line for line in skill["log"].read_text().splitlines() if stamped(line)]
        if any("spasm_coach.request request " in line for line in lines) or time.monotonic() > written_by:
            break
        time.sleep(0.05)
    assert any("spasm_coach.request request " in line for line in lines), "the request was not logged"
    return "\n".join(lines)


def test_heat_check_answers_reach_neither_the_store_nor_the_logs(skill):
    with simulator(skill, permissions=True) as sim:
        sim.say("open spasm coach")
        sim.say("start the heat")
        sim.say("no")
        sim.say("no")
        turn = sim.say("yes")                                       # diabetes with nerve damage: yes
        assert "therapy.check.heat_caution" in turn.response_keys
        turn = sim.say("yes")
        assert "therapy.started.heat_cautious" in turn.response_keys
        session = json.dumps(turn.response.get("sessionAttributes") or {})
        user = sim.device.user_id
    rows = [r[0] for r in sqlite3.connect(skill["db"]).execute("SELECT attributes FROM attributes")]
    log = skill["log"].read_text()
    assert rows and "request type=IntentRequest" in log
    for text in rows + [log]:
        for secret in ("diabetes", "numb_skin", "caution", "heat_check", user):
            assert secret not in text, secret
    assert "heat_check" in session            # kept for this conversation only
