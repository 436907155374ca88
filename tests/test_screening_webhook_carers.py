"""A request to call someone, as a device sends it: EmergencyIntent with only its slot (help: family), whatever else
was said ("my husband has chest pain", "my wife can't feel her bum" reach the skill the same way: explore4 F1).

What the person must notice, in every locale and at every moment: the local emergency number in the first sentence,
the session kept open, and a question to answer (what's wrong, or the urgent questions); yes starts them, no says
the number once more before the goodbye, "pardon" says it all again."""

from __future__ import annotations

import re

import pytest

import content
from conftest import SKILL_ID, make_envelope

C = content.get()
# The number each locale's default device says (no country known: the locale's own words).
NUMBERS = {"en-US": "nine one one", "en-GB": "nine nine nine", "en-AU": "triple zero", "en-IN": "one one two"}
STATES = {
    "no-flow": {},
    "mid-routine": {"flow": "routine", "routine": {"routine_id": "lying_down", "exercise_index": 2, "rep": 1,
                                                   "paused": False}},
    "mid-timer-question": {"flow": "therapy", "therapy": {"pending": {"therapy": "heat", "minutes": 15}}},
}
FIRST_QUESTION = "screening.question.saddle_numbness"


def call_request(family_word: str, attributes: dict, *, locale: str, new: bool = False) -> dict:
    """EmergencyIntent as Alexa sends it for "call my husband" or "my husband has chest pain": the slot only."""
    envelope = make_envelope("IntentRequest", intent="EmergencyIntent", slots={"help": family_word},
                             session_attributes=attributes, new=new, locale=locale)
    envelope["request"]["intent"]["slots"]["help"]["resolutions"] = {"resolutionsPerAuthority": [{
        "authority": f"amzn1.er-authority.echo-sdk.{SKILL_ID}.HELP_NEED",
        "status": {"code": "ER_SUCCESS_MATCH"},
        "values": [{"value": {"name": "family", "id": "family"}}]}]}
    return envelope


def said(body: dict) -> str:
    return re.sub(r"<[^>]+>", " ", body["response"]["outputSpeech"]["ssml"]).strip()


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.?!])\s", text.strip(), maxsplit=1)[0]


@pytest.mark.parametrize("state", STATES, ids=list(STATES))
@pytest.mark.parametrize("locale", NUMBERS, ids=list(NUMBERS))
def test_a_call_request_says_the_number_first_keeps_the_mic_open_and_asks(signed_post, locale, state):
    body = signed_post(call_request("husband", STATES[state], locale=locale)).get_json()
    speech = said(body)
    assert NUMBERS[locale] in first_sentence(speech), speech
    assert "can't make calls" in speech
    assert body["response"]["shouldEndSession"] is False
    assert speech.endswith("?") and body["response"]["reprompt"]
    assert body["sessionAttributes"]["flow"] == "emergency_offer"
    assert body["sessionAttributes"].get("outcome_tier") is None      # no emergency advice was given


@pytest.mark.parametrize("locale", ["en-US", "en-AU"])
def test_a_first_one_shot_call_request_stays_open_too(signed_post, locale):
    body = signed_post(call_request("daughter", {}, locale=locale, new=True)).get_json()
    speech = said(body)
    assert NUMBERS[locale] in first_sentence(speech), speech
    assert body["response"]["shouldEndSession"] is False and speech.endswith("?")


@pytest.mark.parametrize("locale", ["en-GB", "en-IN"])
def test_after_a_call_request_yes_asks_the_urgent_questions_and_no_says_the_number_again(signed_post, locale):
    offered = signed_post(call_request("wife", {}, locale=locale)).get_json()["sessionAttributes"]

    yes = signed_post(make_envelope("IntentRequest", intent="AMAZON.YesIntent", session_attributes=offered,
                                    new=False, locale=locale))
    assert FIRST_QUESTION in yes.headers["X-Spasm-Response-Keys"].split(",")
    assert yes.get_json()["response"]["shouldEndSession"] is False

    no = signed_post(make_envelope("IntentRequest", intent="AMAZON.NoIntent", session_attributes=offered,
                                   new=False, locale=locale))
    speech = said(no.get_json())
    assert NUMBERS[locale] in speech
    assert no.headers["X-Spasm-Response-Keys"] == "screening.call_contact.declined"     # not "make that call now"

    again = signed_post(make_envelope("IntentRequest", intent="AMAZON.RepeatIntent", session_attributes=offered,
                                      new=False, locale=locale))
    body = again.get_json()
    assert NUMBERS[locale] in first_sentence(said(body)) and body["response"]["shouldEndSession"] is False
    assert "screening.emergency_request" not in again.headers["X-Spasm-Response-Keys"].split(",")


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_a_call_request_at_a_red_flag_question_says_the_number_first_and_keeps_the_question(signed_post, locale):
    attributes = {"flow": "screening", "screening": {"phase": "ask", "question_index": 0, "answers": {},
                                                     "clarified": []}}
    reply = signed_post(call_request("husband", attributes, locale=locale))
    body = reply.get_json()
    speech = said(body)
    assert NUMBERS[locale] in first_sentence(speech), speech
    assert reply.headers["X-Spasm-Response-Keys"].split(",")[-1] == FIRST_QUESTION
    assert body["response"]["shouldEndSession"] is False and body["sessionAttributes"]["flow"] == "screening"


def test_an_emergency_request_after_a_call_request_is_the_emergency_advice_and_its_own_offer(signed_post):
    offered = signed_post(call_request("son", {}, locale="en-US")).get_json()["sessionAttributes"]
    advice = signed_post(make_envelope("IntentRequest", intent="EmergencyIntent", slots={"help": None},
                                       session_attributes=offered, new=False)).get_json()
    assert advice["sessionAttributes"]["outcome_tier"] == 1
    no = signed_post(make_envelope("IntentRequest", intent="AMAZON.NoIntent",
                                   session_attributes=advice["sessionAttributes"], new=False))
    assert no.headers["X-Spasm-Response-Keys"] == "screening.emergency_request.declined"
