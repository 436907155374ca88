"""The AWS Lambda entry point: handler(event, context), from the same skill builder; no Flask."""

from __future__ import annotations

import logging

from ask_sdk_model import RequestEnvelope

from skill.builder import build_skill
from skill.config import Settings
from skill.persistence import make_persistence_adapter

logging.getLogger().setLevel(logging.INFO)

_skill = None


def handler(event, context):
    """Answer one Alexa event (what SkillBuilder.lambda_handler does); the skill and its DynamoDB
    resource are built on the first call and kept for the life of the container."""
    global _skill
    if _skill is None:
        settings = Settings.from_env()
        _skill = build_skill(settings, persistence_adapter=make_persistence_adapter(settings))
    envelope = _skill.serializer.deserialize_object(event, RequestEnvelope)  # the event is already parsed
    return _skill.serializer.serialize(_skill.invoke(request_envelope=envelope, context=context))
