"""Reply on a real ask-sdk HandlerInput: Alexa JSON out, keys recorded for the webhook."""
from __future__ import annotations

import contextvars
import json
import random
import xml.etree.ElementTree as ET

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from ask_sdk_model.dialog import DelegateDirective

from conftest import make_envelope
from skill import render
from skill.render import RenderError, Reply

SERIALIZER = DefaultSerializer()


def handler_input(locale="en-US", rng=None, request_type="IntentRequest", intent="AMAZON.HelpIntent"):
    envelope = make_envelope(request_type, intent=intent if request_type == "IntentRequest" else None, locale=locale)
    request_envelope = SERIALIZER.deserialize(json.dumps(envelope), RequestEnvelope)
    hi = HandlerInput(request_envelope=request_envelope,
                      attributes_manager=AttributesManager(request_envelope=request_envelope))
    if rng is not None:
        hi.attributes_manager.request_attributes["rng"] = rng
    return hi


def as_json(response) -> dict:
    return SERIALIZER.serialize(response)


def test_ask_keeps_the_session_open_with_speech_reprompt_and_card():
    hi = handler_input("en-GB")
    out = as_json(Reply(hi).say("frame.welcome.first").ask())
    speech = out["outputSpeech"]["ssml"]
    assert out["outputSpeech"]["type"] == "SSML"
    assert ET.fromstring(speech).tag == "speak" and speech.count("<speak>") == 1
    assert "nine nine nine in the UK, or one one two in Ireland" in speech
    assert out["reprompt"]["outputSpeech"]["ssml"].startswith("<speak>You can say")
    assert out["card"] == {"type": "Simple", "title": "Welcome to Spasm Coach",
                           "content": out["card"]["content"]}
    assert "999 (UK) or 112 (Ireland)" in out["card"]["content"]
    assert out["shouldEndSession"] is False
    assert hi.attributes_manager.request_attributes["response_keys"] == ["frame.welcome.first"]


def test_tell_ends_the_session():
    out = as_json(Reply(handler_input()).say("frame.goodbye").tell())
    assert out["shouldEndSession"] is True
    assert "reprompt" not in out


def test_emergency_outcome_card_in_australia():
    out = as_json(Reply(handler_input("en-AU")).say("screening.outcome.emergency").tell())
    assert out["card"]["title"] == "Get emergency help now"
    assert "000 (Australia) or 111 (New Zealand)" in out["card"]["content"]
    assert out["outputSpeech"]["ssml"].count("triple zero in Australia") == 2


def test_send_leaves_should_end_session_unset_and_carries_directives():
    out = as_json(Reply(handler_input()).directive(DelegateDirective()).send())
    assert "shouldEndSession" not in out
    assert out["directives"][0]["type"] == "Dialog.Delegate"
    assert "outputSpeech" not in out


def test_ask_without_reprompt_fails_loudly():
    with pytest.raises(RenderError, match="needs a reprompt"):
        Reply(handler_input()).say("frame.goodbye").ask()


def test_rng_from_the_request_attributes_picks_the_variation():
    outs = {as_json(Reply(handler_input(rng=random.Random(seed))).say("frame.goodbye").tell())["outputSpeech"]["ssml"]
            for seed in range(12)}
    assert len(outs) > 1
    fixed = [as_json(Reply(handler_input(rng=random.Random(3))).say("frame.goodbye").tell()) for _ in range(2)]
    assert fixed[0] == fixed[1]


def test_unknown_locale_speaks_us_english():
    out = as_json(Reply(handler_input("fr-FR")).say("frame.error").ask())
    assert "nine one one" in out["outputSpeech"]["ssml"]


def test_collected_keys_per_request_context():
    def one_request(key):
        reply = Reply(handler_input())
        reply.say(key).reprompt("frame.home").ask()
        return render.collected_keys()

    first = contextvars.copy_context().run(one_request, "frame.help")
    second = contextvars.copy_context().run(one_request, "frame.fallback")
    assert first == ["frame.help", "frame.home"]
    assert second == ["frame.fallback", "frame.home"]


def test_a_new_request_id_starts_a_new_key_list_in_the_same_context():
    def two_requests():
        Reply(handler_input()).say("frame.help").ask()
        Reply(handler_input()).say("frame.goodbye").tell()
        return render.collected_keys()

    assert contextvars.copy_context().run(two_requests) == ["frame.goodbye"]


def test_launch_through_the_built_skill(settings):
    """The frame's Launch handler speaks frame.welcome.first through this renderer (needs the skill builder)."""
    from skill.builder import build_skill

    skill = build_skill(settings, rng=random.Random(1))
    envelope = SERIALIZER.deserialize(json.dumps(make_envelope("LaunchRequest", locale="en-IN")), RequestEnvelope)
    out = SERIALIZER.serialize(skill.invoke(request_envelope=envelope, context=None))
    speech = out["response"]["outputSpeech"]["ssml"]
    assert "one one two, or one oh eight for an ambulance" in speech
    assert out["response"]["shouldEndSession"] is False
