"""The webhook's HTTP surface: codes, health, size limit, the frame's answers and the dev-mode header."""

import json

from conftest import SKILL_ID, encode, make_envelope
from skill.app import create_app
from skill.config import Settings


def speech(response) -> str:
    return response.get_json()["response"]["outputSpeech"]["ssml"]


def test_healthz_answers_200_with_the_version(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "version": "0.1.0"}


def test_get_on_the_endpoint_is_405_and_unknown_paths_404(client):
    response = client.get("/")
    assert response.status_code == 405 and response.is_json
    assert client.get("/nowhere").status_code == 404


def test_a_body_over_128_kib_gets_413(client, dev_ca):
    envelope = make_envelope("LaunchRequest")
    envelope["padding"] = "x" * (128 * 1024)
    body = encode(envelope)
    response = client.post("/", data=body, headers=dev_ca.sign(body))
    assert response.status_code == 413 and response.is_json


def test_stop_and_cancel_end_the_session(signed_post):
    for name in ("AMAZON.StopIntent", "AMAZON.CancelIntent"):
        response = signed_post(make_envelope("IntentRequest", intent=name, new=False))
        assert response.status_code == 200
        body = response.get_json()["response"]
        assert body["shouldEndSession"] is True and "reprompt" not in body
        assert speech(response).startswith("<speak>")


def test_help_keeps_the_session_open_with_a_reprompt(signed_post):
    body = signed_post(make_envelope("IntentRequest", intent="AMAZON.HelpIntent")).get_json()["response"]
    assert body["shouldEndSession"] is False
    assert "stretches" in body["outputSpeech"]["ssml"]
    assert body["reprompt"]["outputSpeech"]["ssml"]


def test_fallback_and_a_stray_yes_reprompt(signed_post):
    for name in ("AMAZON.FallbackIntent", "AMAZON.YesIntent", "AMAZON.NextIntent"):
        body = signed_post(make_envelope("IntentRequest", intent=name)).get_json()["response"]
        assert body["shouldEndSession"] is False and body["reprompt"]["outputSpeech"]["ssml"], name


def test_navigate_home_leaves_any_flow(signed_post):
    response = signed_post(make_envelope("IntentRequest", intent="AMAZON.NavigateHomeIntent",
                                         session_attributes={"flow": "forget"}))
    assert response.get_json()["sessionAttributes"]["flow"] is None
    assert response.get_json()["response"]["shouldEndSession"] is False


def test_session_ended_gets_an_empty_response(signed_post, caplog):
    envelope = make_envelope("SessionEndedRequest", extra_request={
        "reason": "ERROR", "error": {"type": "INVALID_RESPONSE", "message": "bad ssml"}})
    caplog.set_level("INFO")
    response = signed_post(envelope)
    assert response.status_code == 200
    assert response.get_json()["response"] in ({}, {"shouldEndSession": None})
    assert "outputSpeech" not in response.get_json()["response"]
    logged = [r.getMessage() for r in caplog.records if "session ended" in r.getMessage()]
    assert logged and "ERROR" in logged[0] and "INVALID_RESPONSE" in logged[0]
    assert all("bad ssml" not in r.getMessage() for r in caplog.records)   # messages may quote the response


def test_an_unknown_request_type_is_answered_not_crashed(signed_post):
    response = signed_post(make_envelope("Alexa.Presentation.APL.UserEvent"))
    assert response.status_code == 200
    assert response.get_json()["response"]["shouldEndSession"] is True
    assert "outputSpeech" in response.get_json()["response"]
    event = make_envelope("System.ExceptionEncountered")
    response = signed_post(event)
    assert response.status_code == 200 and "outputSpeech" not in response.get_json()["response"]


def test_dev_mode_returns_the_response_keys_header(signed_post):
    response = signed_post(make_envelope("IntentRequest", intent="AMAZON.HelpIntent"))
    assert response.headers["X-Spasm-Response-Keys"] == "frame.help"
    response = signed_post(make_envelope("IntentRequest", intent="AMAZON.StopIntent"))
    assert response.headers["X-Spasm-Response-Keys"] == "frame.goodbye"


def test_keys_header_never_outside_the_dev_modes(db_path):
    app = create_app(Settings(skill_id=SKILL_ID, verify="on", db_path=str(db_path)))
    response = app.test_client().post("/", data=b"{}")
    assert response.status_code == 400 and "X-Spasm-Response-Keys" not in response.headers


def test_no_verify_mode_answers_unsigned_requests(db_path):
    app = create_app(Settings(verify="off", db_path=str(db_path)))
    envelope = make_envelope("IntentRequest", intent="AMAZON.HelpIntent")
    response = app.test_client().post("/", data=json.dumps(envelope))
    assert response.status_code == 200 and response.headers["X-Spasm-Response-Keys"] == "frame.help"
    assert app.test_client().post("/", data=b"nonsense").status_code == 400


def test_an_exception_in_a_handler_is_apologised_for(settings, dev_ca, monkeypatch):
    from skill.handlers import frame

    def boom(self, handler_input):
        raise RuntimeError("boom")

    monkeypatch.setattr(frame.HelpHandler, "handle", boom)
    app = create_app(settings)
    body = encode(make_envelope("IntentRequest", intent="AMAZON.HelpIntent"))
    response = app.test_client().post("/", data=body, headers=dev_ca.sign(body))
    assert response.status_code == 200
    assert "Sorry" in speech(response)
    assert response.headers["X-Spasm-Response-Keys"] == "frame.error"
