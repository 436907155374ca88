"""The simulator against the real webhook (`spasm-coach serve --dev-certs`), verification on."""

import json

import pytest
import requests

from simulator.session import Simulator


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    with Simulator(ca_dir=str(home / "dev-ca"), skill_env={"XDG_DATA_HOME": str(home), "HOME": str(home)}) as s:
        yield s


def test_signed_envelopes_are_accepted_and_keys_reported(sim):
    turn = sim.say("open spasm coach")
    assert turn.status == 200 and turn.error is None
    assert "frame.welcome.first" in turn.response_keys and turn.session_open
    turn = sim.say("help")
    assert turn.intent == "AMAZON.HelpIntent" and turn.response_keys == ["frame.help"] and turn.reprompt


def test_an_unsigned_or_tampered_request_is_refused(sim):
    body = json.dumps(sim.history[0].request).encode()
    headers = {"Content-Type": "application/json", **sim.ca.sign(body)}
    assert requests.post(sim.url, data=body[:-1] + b" }", headers=headers, timeout=5).status_code in (400, 401, 403)
    assert requests.post(sim.url, data=body, headers={"Content-Type": "application/json"},
                         timeout=5).status_code in (400, 401, 403)


def test_exit_ends_the_session(sim):
    sim.say("open spasm coach")
    turn = sim.say("exit")
    assert turn.request_type == "SessionEndedRequest" and turn.status == 200 and not turn.session_open


def test_requests_after_advancing_the_clock_are_still_accepted(sim):
    sim.advance(20 * 60)
    turn = sim.say("open spasm coach")
    assert turn.status == 200 and turn.error is None and turn.session_open
