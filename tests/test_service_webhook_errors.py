"""Nothing answers 500: a crash anywhere after verification is a spoken apology, logged by type and place only."""

import logging

import pytest
from ask_sdk_core.exceptions import SerializationException

from conftest import USER_ID, encode, make_envelope
from skill.app import create_app

SECRET = "my leg went numb"   # stands for a slot value or session detail an exception message could quote


@pytest.fixture
def crash_app(settings):
    return create_app(settings)


def post(app, dev_ca, envelope):
    body = encode(envelope)
    return app.test_client().post("/", data=body, headers=dev_ca.sign(body), content_type="application/json")


def assert_logged_safely(caplog, error_type: str):
    messages = [record.getMessage() for record in caplog.records]
    assert any(error_type in m and "dispatch error" in m for m in messages), messages
    assert all(SECRET not in m and USER_ID not in m for m in messages)
    assert all(record.exc_info is None and record.exc_text is None for record in caplog.records)  # no traceback


def test_a_crash_in_the_sdk_dispatch_is_a_spoken_apology_with_the_session_open(crash_app, dev_ca, monkeypatch,
                                                                               caplog):
    skill = crash_app.extensions["spasm_coach"]["skill"]

    def boom(**kwargs):
        raise RuntimeError(f"user said {SECRET}")

    monkeypatch.setattr(skill, "invoke", boom)
    caplog.set_level(logging.INFO)
    response = post(crash_app, dev_ca, make_envelope("IntentRequest", intent="AMAZON.HelpIntent",
                                                     slots={"symptom": SECRET}))
    assert response.status_code == 200
    body = response.get_json()
    assert body["version"] == "1.0"
    assert "Sorry, something went wrong" in body["response"]["outputSpeech"]["ssml"]
    assert "nine one one" in body["response"]["outputSpeech"]["ssml"]           # the emergency line stays
    assert body["response"]["reprompt"]["outputSpeech"]["ssml"].startswith("<speak>")
    assert body["response"]["shouldEndSession"] is False
    assert response.headers["X-Spasm-Response-Keys"] == "frame.error"
    assert_logged_safely(caplog, "RuntimeError")
    assert any("test_service_webhook_errors.py:" in record.getMessage() for record in caplog.records)  # where it failed
    assert any("status=200" in record.getMessage() for record in caplog.records)


def test_an_envelope_the_sdk_cannot_read_is_apologised_for_in_the_locale(crash_app, dev_ca, monkeypatch, caplog):
    skill = crash_app.extensions["spasm_coach"]["skill"]

    def unreadable(payload, obj_type):
        raise SerializationException(f"Failed to parse {SECRET}")

    monkeypatch.setattr(skill.serializer, "deserialize_object", unreadable)
    caplog.set_level(logging.INFO)
    response = post(crash_app, dev_ca, make_envelope("LaunchRequest", locale="en-GB"))
    assert response.status_code == 200
    speech = response.get_json()["response"]["outputSpeech"]["ssml"]
    assert "Sorry" in speech and "nine nine nine" in speech
    assert_logged_safely(caplog, "SerializationException")


def test_a_crash_on_session_end_gets_the_empty_answer_alexa_expects(crash_app, dev_ca, monkeypatch, caplog):
    monkeypatch.setattr(crash_app.extensions["spasm_coach"]["skill"], "invoke",
                        lambda **kwargs: (_ for _ in ()).throw(KeyError(SECRET)))
    caplog.set_level(logging.INFO)
    response = post(crash_app, dev_ca, make_envelope("SessionEndedRequest", extra_request={"reason": "ERROR"}))
    assert response.status_code == 200 and response.get_json() == {"version": "1.0", "response": {}}
    assert_logged_safely(caplog, "KeyError")


def test_when_even_the_apology_cannot_be_rendered_the_answer_is_still_valid(crash_app, dev_ca, monkeypatch):
    from skill import render

    monkeypatch.setattr(crash_app.extensions["spasm_coach"]["skill"], "invoke",
                        lambda **kwargs: (_ for _ in ()).throw(RuntimeError("first")))
    monkeypatch.setattr(render.Composer, "say", lambda self, key, **params: (_ for _ in ()).throw(
        render.RenderError("catalogue broken")))
    response = post(crash_app, dev_ca, make_envelope("LaunchRequest"))
    assert response.status_code == 200 and response.get_json() == {"version": "1.0", "response": {}}


def test_a_bug_in_verification_fails_closed_with_400_not_500(crash_app, dev_ca, monkeypatch, caplog):
    verifier = crash_app.extensions["spasm_coach"]["verifier"]
    monkeypatch.setattr(verifier, "check_application", lambda envelope: {}["missing"])
    caplog.set_level(logging.INFO)
    response = post(crash_app, dev_ca, make_envelope("LaunchRequest"))
    assert response.status_code == 400
    assert response.get_json() == {"error": "request could not be verified"}
    messages = [record.getMessage() for record in caplog.records]
    assert any("verification error: KeyError at" in m for m in messages)
    assert all(USER_ID not in m for m in messages)


def test_a_handler_that_raises_is_caught_inside_the_skill_with_the_same_apology(crash_app, dev_ca, monkeypatch):
    from skill.handlers import frame

    monkeypatch.setattr(frame.HelpHandler, "handle", lambda self, handler_input: 1 / 0)
    response = post(crash_app, dev_ca, make_envelope("IntentRequest", intent="AMAZON.HelpIntent"))
    assert response.status_code == 200 and response.headers["X-Spasm-Response-Keys"] == "frame.error"
