"""The simulator against small fake skills over real HTTP: envelopes, signing, sessions, consent, timers, CLI."""

import base64
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from simulator.session import Simulator

ROOT = Path(__file__).resolve().parent.parent
TIMER_SCOPE = "alexa::alerts:timers:skill:readwrite"


def speak(text, end=False, attrs=None, directives=None, keys="fake.key", card=None):
    response = {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{text}</speak>"}}
    if not end:
        response["reprompt"] = {"outputSpeech": {"type": "SSML", "ssml": "<speak>Anything else?</speak>"}}
    response["shouldEndSession"] = end
    if directives:
        response["directives"] = directives
        del response["shouldEndSession"]
    if card:
        response["card"] = {"type": "Simple", "title": card[0], "content": card[1]}
    return {"version": "1.0", "sessionAttributes": attrs or {}, "response": response}, keys


class FakeSkill:
    """A tiny Flask skill that records every request (body and headers) and answers from a script."""

    def __init__(self):
        from flask import Flask, request
        from werkzeug.serving import make_server
        self.seen = []
        app = Flask("fake")

        @app.post("/")
        def webhook():
            body = request.get_json()
            self.seen.append({"body": body, "headers": dict(request.headers), "raw": request.get_data()})
            payload, keys = self.answer(body)
            return payload, 200, {"X-Spasm-Response-Keys": keys}

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def answer(self, body):
        req = body["request"]
        attrs = (body.get("session") or {}).get("attributes") or {}
        kind = req["type"]
        if kind == "LaunchRequest":
            if req.get("task"):
                return speak(f"Back for {req['task']['name']}.", keys="therapy.task")
            return speak("Welcome to the fake.", attrs={"count": 0}, keys="frame.welcome.first",
                         card=("Welcome", "Hello card"))
        if kind == "SessionEndedRequest":
            return {"version": "1.0", "response": {}}, ""
        if kind == "Connections.Response":
            ok = req["payload"]["status"] == "ACCEPTED"
            return speak("Timer allowed." if ok else "No timer then.", keys="therapy.consent." + ("yes" if ok else "no"))
        name = req["intent"]["name"]
        if name == "StartTherapyIntent":
            granted = body["context"]["System"]["user"].get("permissions", {}).get("consentToken")
            if not granted:
                return speak("", directives=[{"type": "Connections.SendRequest", "name": "AskFor", "token": "t1",
                                              "payload": {"@type": "AskForPermissionsConsentRequest", "@version": "1",
                                                          "permissionScope": TIMER_SCOPE}}], keys="")
            self.make_timer(body, req)
            return speak("Ice is on.<break time=\"2s\"/>Lie still.", attrs=attrs, keys="therapy.started")
        if name == "AMAZON.StopIntent":
            return speak("Bye.", end=True, keys="frame.goodbye")
        attrs = {**attrs, "count": attrs.get("count", 0) + 1}
        return speak(f"Turn {attrs['count']}.", attrs=attrs, keys="frame.fallback,extra.key")

    def make_timer(self, body, req):
        import requests
        system = body["context"]["System"]
        slots = req["intent"].get("slots") or {}
        duration = (slots.get("duration") or {}).get("value") or "PT15M"
        op = {"type": "ANNOUNCE", "textToAnnounce": [{"locale": "en-US", "text": "Take the ice off."}]}
        if duration == "PT1H":
            op = {"type": "LAUNCH_TASK", "textToConfirm": [{"locale": "en-US", "text": "Shall I %s?"}],
                  "task": {"name": "ContinueTherapy", "version": "1", "input": {}}}
        headers = {"Authorization": "Bearer " + system["apiAccessToken"]}
        requests.post(system["apiEndpoint"] + "/v1/directives", headers=headers, timeout=5,
                      json={"header": {"requestId": req["requestId"]},
                            "directive": {"type": "VoicePlayer.Speak", "speech": "<speak>Setting it up.</speak>"}})
        r = requests.post(system["apiEndpoint"] + "/v1/alerts/timers", headers=headers, timeout=5,
                          json={"duration": duration, "timerLabel": "ice",
                                "triggeringBehavior": {"operation": op, "notificationConfig": {"playAudible": True}}})
        self.timer_status = r.status_code

    def close(self):
        self.server.shutdown()


@pytest.fixture
def fake():
    skill = FakeSkill()
    yield skill
    skill.close()


@pytest.fixture(scope="module")
def ca_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("ca")


@pytest.fixture
def sim(fake, ca_dir):
    with Simulator(url=fake.url, ca_dir=str(ca_dir), clock_speed=0) as s:
        yield s


def test_launch_envelope_is_real_alexa_json_and_signed(sim, fake, ca_dir):
    from ask_sdk_core.serialize import DefaultSerializer
    turn = sim.say("open spasm coach")
    assert turn.speech == "Welcome to the fake." and turn.session_open and turn.reprompt == "Anything else?"
    assert turn.card == {"title": "Welcome", "text": "Hello card"}
    assert turn.response_keys == ["frame.welcome.first"]
    seen = fake.seen[-1]
    envelope = DefaultSerializer().deserialize(json.dumps(seen["body"]), "ask_sdk_model.request_envelope.RequestEnvelope")
    assert envelope.request.object_type == "LaunchRequest" and envelope.session.new is True
    assert envelope.context.system.api_endpoint == sim.device.api_endpoint
    assert envelope.context.system.api_access_token and envelope.context.system.device.device_id
    assert seen["headers"]["Signaturecertchainurl"] == "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"
    leaf = x509.load_pem_x509_certificates((ca_dir / "echo-api-cert.pem").read_bytes())[0]
    leaf.public_key().verify(base64.b64decode(seen["headers"]["Signature-256"]), seen["raw"], padding.PKCS1v15(),
                             hashes.SHA256())


def test_intent_envelope_has_slots_resolutions_and_carries_attributes(sim, fake):
    from ask_sdk_core.serialize import DefaultSerializer
    sim.say("open spasm coach")
    sim.say("blah blah")
    turn = sim.say("what's the weather")
    assert turn.speech == "Turn 2."
    assert turn.response_keys == ["frame.fallback", "extra.key"]
    body = fake.seen[-1]["body"]
    assert body["session"]["new"] is False and body["session"]["attributes"] == {"count": 1}
    assert body["session"]["sessionId"] == fake.seen[0]["body"]["session"]["sessionId"]
    assert body["request"]["intent"]["name"] == "AMAZON.FallbackIntent"
    sim.say("I have a headache")
    env = DefaultSerializer().deserialize(json.dumps(fake.seen[-1]["body"]), "ask_sdk_model.request_envelope.RequestEnvelope")
    slot = env.request.intent.slots["symptom"]
    assert slot.value == "a headache"
    assert slot.resolutions.resolutions_per_authority[0].status.code.value == "ER_SUCCESS_NO_MATCH"


def test_stop_ends_the_session_and_exit_sends_session_ended(sim, fake):
    sim.say("open spasm coach")
    turn = sim.say("stop")
    assert turn.speech == "Bye." and not turn.session_open and sim.session is None
    sim.say("open spasm coach")
    turn = sim.say("exit")
    assert fake.seen[-1]["body"]["request"] == {**fake.seen[-1]["body"]["request"], "type": "SessionEndedRequest",
                                                "reason": "USER_INITIATED"}
    assert not turn.session_open


def test_one_shot_starts_a_new_session(sim, fake):
    sim.say("open spasm coach")
    first = fake.seen[-1]["body"]["session"]["sessionId"]
    sim.say("ask spasm coach what's the weather")
    body = fake.seen[-1]["body"]
    assert body["session"]["new"] is True and body["session"]["sessionId"] != first


def test_consent_granted_then_timer_set_and_announced(sim, fake):
    sim.say("open spasm coach")
    turn = sim.say("start ice for ten minutes")
    assert turn.consent == "ACCEPTED"
    response = fake.seen[-1]["body"]
    assert response["request"]["type"] == "Connections.Response"
    assert response["request"]["payload"] == {"permissionScope": TIMER_SCOPE, "status": "ACCEPTED", "isCardThrown": False}
    assert turn.speech == "Timer allowed."
    turn = sim.say("start ice for ten minutes")
    assert fake.timer_status == 200
    assert turn.speech == "Setting it up. Ice is on. [pause 2s] Lie still."
    assert sim.advance(9 * 60).announcements == []
    assert sim.advance(60).announcements == ["Take the ice off."]


def test_consent_denied_keeps_timers_locked(fake, ca_dir):
    with Simulator(url=fake.url, ca_dir=str(ca_dir), consent="deny", clock_speed=0) as sim:
        sim.say("open spasm coach")
        turn = sim.say("start ice")
        assert turn.consent == "DENIED" and turn.speech == "No timer then."
        assert fake.seen[-1]["body"]["request"]["payload"]["status"] == "DENIED"
        assert "permissions" not in fake.seen[-1]["body"]["context"]["System"]["user"]


def test_launch_task_timer_launches_the_skill_with_the_task(fake, ca_dir):
    with Simulator(url=fake.url, ca_dir=str(ca_dir), permissions=True, clock_speed=0) as sim:
        sim.say("open spasm coach")
        sim.say("start ice for an hour")
        turn = sim.advance(3600)
        assert turn.announcements == ["Shall I continue with Spasm Coach?"]
        launched = fake.seen[-1]["body"]["request"]
        assert launched["type"] == "LaunchRequest" and launched["task"]["name"] == "ContinueTherapy"
        assert turn.speech == "Back for ContinueTherapy." and "therapy.task" in turn.all_keys


def test_skill_down_is_reported_not_raised(ca_dir):
    import socket

    with socket.socket() as nobody:          # a port that is ours and refuses connections (not listening)
        nobody.bind(("127.0.0.1", 0))
        with Simulator(url=f"http://127.0.0.1:{nobody.getsockname()[1]}/", ca_dir=str(ca_dir), timeout=2) as sim:
            turn = sim.say("open spasm coach")
            assert turn.error and not turn.session_open


def run_cli(args, stdin="", env_home=None):
    import os
    env = {**os.environ, "XDG_DATA_HOME": str(env_home)} if env_home else None
    return subprocess.run([sys.executable, "-m", "simulator", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env=env)


def test_jsonl_one_object_per_line(fake, tmp_path):
    out = run_cli(["simulate", "--url", fake.url, "--jsonl", "--grant-permissions"],
                  "open spasm coach\nstart ice for ten minutes\n:advance 10m\n:bogus\nstop\n", tmp_path)
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(lines) == 5, out.stderr
    assert lines[0]["request_type"] == "LaunchRequest" and lines[0]["session_open"] is True
    assert lines[1]["intent"] == "StartTherapyIntent"
    assert lines[1]["slots"] == {"therapy": {"value": "ice", "id": "ice"}, "duration": {"value": "PT10M", "id": None},
                                 "minutes": None, "declined": None}
    assert lines[1]["response_keys"] == ["therapy.started"]
    assert lines[2]["announcements"] == ["Take the ice off."]
    assert "error" in lines[3]
    assert lines[4]["speech"] == "Bye." and lines[4]["session_open"] is False


def test_resolve_command():
    out = run_cli(["resolve"], "start heat for twenty min\nopen spasm coach\n")
    first, second = [json.loads(line) for line in out.stdout.splitlines()]
    assert first["intent"] == "StartTherapyIntent" and first["slots"]["duration"] == {"value": "PT20M", "id": None}
    assert second == {"utterance": "open spasm coach", "request_type": "LaunchRequest", "intent": None, "slots": {}}


DIALOG_OK = """
locale: en-US
turns:
  - user: open spasm coach
    response_key: frame.welcome.first
    session_open: true
  - user: what's the weather
    intent: AMAZON.FallbackIntent
    speech_matches: "Turn \\\\d"
    response_key: extra.key
  - user: stop
    speech_not_matches: welcome
    session_open: false
"""


def test_dialog_runner_passes(fake, tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(DIALOG_OK)
    out = run_cli(["dialog", "--url", fake.url, str(path)], env_home=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr


def test_dialog_runner_fails_and_says_why(fake, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(DIALOG_OK.replace("session_open: false", "session_open: true").replace("Turn", "Round"))
    out = run_cli(["dialog", "--url", fake.url, str(path)], env_home=tmp_path)
    assert out.returncode == 1
    assert 'turn 2 ("what\'s the weather"): expected speech matching /Round \\d/' in out.stdout
    assert "got: Turn 1." in out.stdout
    assert "turn 3 ('stop'): expected session_open True" in out.stdout


def test_dialog_file_errors_are_clear(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("turns:\n  - usr: hello\n")
    out = run_cli(["dialog", str(path)], env_home=tmp_path)
    assert out.returncode == 2 and "turn 1 needs exactly one of 'user:' or 'advance:'" in out.stdout


def test_words_outside_a_session_do_not_reach_the_skill(sim, fake):
    sim.say("open spasm coach")
    sim.say("stop")
    sent = len(fake.seen)
    turn = sim.say("help")
    assert len(fake.seen) == sent and turn.request is None
    assert "no session is open" in turn.error and not turn.session_open
    assert sim.say("ask spasm coach for help").intent == "AMAZON.HelpIntent" and len(fake.seen) == sent + 1
