"""Numbers and JSON: slot numbers are finite and in range before use, and no answer or token ever holds NaN or
Infinity (which json.dumps writes by default and no JSON parser, Alexa's included, accepts)."""

import json

import pytest

from conftest import make_envelope
from faults import strict_json

ODD_NUMBERS = ["1e400", "inf", "-inf", "nan", "Infinity", "NaN", "-5", "0", "1e308", "99999999999999999999",
               "1" + "0" * 400, "12.5", "?", ""]


def start_ice(minutes=None, duration=None):
    slots = {"therapy": "ice"}
    if minutes is not None:
        slots["minutes"] = minutes
    if duration is not None:
        slots["duration"] = duration
    return make_envelope("IntentRequest", intent="StartTherapyIntent", slots=slots, new=False,
                         session_attributes={"therapy": {"ice_check": "clear"}})     # the ice check answered


def tokens(body: dict) -> list[str]:
    return [d["token"] for d in body["response"].get("directives", []) if "token" in d]


@pytest.mark.parametrize("number", ODD_NUMBERS)
def test_an_odd_minutes_slot_gives_strict_json_and_a_json_token(signed_post, number):
    response = signed_post(start_ice(minutes=number))
    assert response.status_code == 200
    body = strict_json(response.data)                      # raises on NaN / Infinity
    assert "frame.error" not in response.headers["X-Spasm-Response-Keys"]
    for token in tokens(body):
        pending = strict_json(token)
        minutes = pending.get("minutes")
        assert minutes is None or 0 < minutes <= 7 * 24 * 60, pending


@pytest.mark.parametrize("duration", ["P" + "9" * 400 + "D", "PT99999999999999H", "PT0M", "P", "garbage"])
def test_an_odd_duration_slot_gives_strict_json(signed_post, duration):
    response = signed_post(start_ice(duration=duration))
    assert response.status_code == 200
    body = strict_json(response.data)
    assert "frame.error" not in response.headers["X-Spasm-Response-Keys"]
    for token in tokens(body):
        strict_json(token)


def test_a_huge_number_is_heard_as_the_longest_allowed_not_the_default(signed_post):
    response = signed_post(start_ice(minutes="1e300"))
    token = strict_json(tokens(strict_json(response.data))[0])
    assert token["minutes"] == 7 * 24 * 60


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_request_body_with_a_non_json_constant_is_refused(signed_post, constant):
    body = json.dumps(make_envelope(session_attributes={"x": 1})).replace('"x": 1', f'"x": {constant}')
    response = signed_post(body.encode())
    assert response.status_code == 400
    assert response.get_json() == {"error": "body is not JSON"}


def test_a_non_finite_number_anywhere_in_an_answer_becomes_the_apology(app, signed_post, monkeypatch):
    skill = app.extensions["spasm_coach"]["skill"]
    real = skill.serializer.serialize

    def poisoned(response):
        payload = real(response)
        payload["sessionAttributes"] = {"minutes": float("inf")}
        return payload

    monkeypatch.setattr(skill.serializer, "serialize", poisoned)
    response = signed_post(make_envelope("IntentRequest", intent="AMAZON.HelpIntent", new=False,
                                         session_attributes={"flow": None}))
    assert response.status_code == 200
    body = strict_json(response.data)
    assert "Sorry" in body["response"]["outputSpeech"]["ssml"]
    assert body["sessionAttributes"] == {"flow": None}      # the session's own attributes, given back


def test_a_record_with_a_non_finite_number_is_never_stored(tmp_path):
    from ask_sdk_core.exceptions import PersistenceException
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    from skill.persistence import SQLiteAdapter

    adapter = SQLiteAdapter(tmp_path / "s.sqlite3")
    envelope = DefaultSerializer().deserialize(json.dumps(make_envelope()), RequestEnvelope)
    with pytest.raises(PersistenceException):
        adapter.save_attributes(envelope, {"n": float("nan")})
    assert adapter.get_attributes(envelope) == {}
