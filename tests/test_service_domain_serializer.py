"""EnvelopeSerializer reads every envelope exactly as ask-sdk's DefaultSerializer does, only faster."""

import datetime as dt
import json

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from ask_sdk_model.services.timer_management import TimerResponse

from conftest import make_envelope
from skill.serializer import EnvelopeSerializer

ENVELOPES = [
    make_envelope("LaunchRequest"),
    make_envelope("IntentRequest", intent="StartTherapyIntent", slots={"therapy": "ice", "duration": "PT15M"},
                  session_attributes={"flow": "therapy", "therapy": {"pending": {"minutes": 15}}}),
    make_envelope("SessionEndedRequest", extra_request={"reason": "ERROR",
                                                        "error": {"type": "INVALID_RESPONSE", "message": "x"}}),
    make_envelope("Connections.Response", extra_request={
        "name": "AskFor", "status": {"code": "200", "message": "OK"},
        "payload": {"permissionScope": "alexa::alerts:timers:skill:readwrite", "status": "ACCEPTED"}}),
    make_envelope("LaunchRequest", timestamp="2024-03-01T10:20:30.123Z"),
    make_envelope("LaunchRequest", timestamp="2024-03-01T10:20:30+01:00"),
]


@pytest.mark.parametrize("envelope", ENVELOPES, ids=lambda e: e["request"]["type"] + e["request"]["timestamp"][-6:])
def test_the_same_model_as_the_sdk_default(envelope):
    ours = EnvelopeSerializer().deserialize_object(json.loads(json.dumps(envelope)), RequestEnvelope)
    theirs = DefaultSerializer().deserialize(json.dumps(envelope), RequestEnvelope)
    assert ours == theirs
    assert ours.request.timestamp == theirs.request.timestamp
    assert ours.request.timestamp.utcoffset() == theirs.request.timestamp.utcoffset()
    assert EnvelopeSerializer().serialize(ours) == DefaultSerializer().serialize(theirs)


def test_api_responses_and_odd_timestamps_parse_like_the_sdk():
    # the Timers API answer goes through the same serializer (ApiConfiguration takes the skill's)
    body = json.dumps({"id": "t1", "status": "ON", "duration": "PT15M", "timerLabel": "ice",
                       "createdTime": "2024-03-01T10:20:30.123456789Z", "triggerTime": "2024-03-01T10:35:30Z"})
    ours = EnvelopeSerializer().deserialize(body, TimerResponse)
    assert ours == DefaultSerializer().deserialize(body, TimerResponse)
    assert ours.trigger_time == dt.datetime(2024, 3, 1, 10, 35, 30, tzinfo=dt.timezone.utc)
    odd = {**make_envelope(), "request": {**make_envelope()["request"], "timestamp": "March 1 2024 10:20"}}
    parsed = EnvelopeSerializer().deserialize_object(odd, RequestEnvelope)   # not ISO: dateutil still reads it
    assert parsed.request.timestamp == dt.datetime(2024, 3, 1, 10, 20)
    with pytest.raises(SerializationException):
        EnvelopeSerializer().deserialize_object({**odd, "request": {**odd["request"], "timestamp": "never"}},
                                                RequestEnvelope)


def test_the_costly_steps_are_skipped(monkeypatch):
    # the profile's two hot spots: dateutil's general parser for ISO timestamps, and a second json.loads
    import dateutil.parser

    monkeypatch.setattr(dateutil.parser, "parse", lambda *a, **k: pytest.fail("dateutil used for ISO-8601"))
    monkeypatch.setattr(json, "loads", lambda *a, **k: pytest.fail("the envelope was parsed again"))
    envelope = EnvelopeSerializer().deserialize_object(ENVELOPES[1], RequestEnvelope)
    assert envelope.request.intent.slots["therapy"].value == "ice"
    assert envelope.request.timestamp.tzinfo is not None
