"""The answer to an Alexa request the skill failed on, shared by the webhook and Lambda (no Flask here)."""

from __future__ import annotations

import json
import logging

import content
from skill.render import Composer
from skill.tracing import where

log = logging.getLogger("spasm_coach.request")
APOLOGY_KEY = "frame.error"   # what a verified request hears when the skill fails outside its handlers


def describe(envelope: dict) -> tuple[str, str]:
    """The request type and intent name of ENVELOPE for a log line (truncated, "-" when absent)."""
    req = envelope.get("request") if isinstance(envelope.get("request"), dict) else {}
    intent = req.get("intent") if isinstance(req.get("intent"), dict) else {}
    return str(req.get("type", "-"))[:60], str(intent.get("name", "-"))[:60]


def apology(envelope: dict) -> tuple[dict, list[str]]:
    """The answer when the skill itself failed or ran out of time: frame.error spoken (session open to try
    again, the session's attributes given back unchanged, so a pending question is still pending), or an empty
    response where Alexa takes no speech (SessionEndedRequest, requests without a session)."""
    request = envelope.get("request") if isinstance(envelope.get("request"), dict) else {}
    if str(request.get("type", "")) == "SessionEndedRequest" or not isinstance(envelope.get("session"), dict):
        return {"version": "1.0", "response": {}}, []
    try:
        locale = str(request.get("locale") or "en-US")
        attributes = envelope["session"].get("attributes")
        locality = attributes.get("locality") if isinstance(attributes, dict) else None
        known = locality.get("country") if isinstance(locality, dict) else None    # skill/locality.py's decision
        rendered = Composer(content.get(), locale, country=known if isinstance(known, str) else None).say(APOLOGY_KEY).render(need_reprompt=True)
    except Exception as error:  # the content itself is broken: an empty but valid answer, still no 500
        log.error("apology failed: %s at %s", type(error).__name__, where(error))
        return {"version": "1.0", "response": {}}, []
    attributes = envelope["session"].get("attributes")
    try:
        json.dumps(attributes, allow_nan=False)
    except (TypeError, ValueError, RecursionError):  # not JSON, non-finite, or too deep to write back
        attributes = None
    return {"version": "1.0", "sessionAttributes": attributes if isinstance(attributes, dict) else {}, "response": {
        "outputSpeech": {"type": "SSML", "ssml": rendered.speech},
        "reprompt": {"outputSpeech": {"type": "SSML", "ssml": rendered.reprompt}},
        "shouldEndSession": False}}, rendered.keys
