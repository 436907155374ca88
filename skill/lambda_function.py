"""The AWS Lambda entry point: handler(event, context), the webhook's skill and guarantees, without Flask.

Unlike every other module of the skill, importing this one does the work: Lambda imports it once in its init phase
(before the first request, at full CPU), so the settings are checked, the skill and its store client are built and
the content is loaded there (the snapshot that `make package` validated and put in the zip, else the YAML files).
A missing ALEXA_SKILL_ID stops the init with a clear error, unless SPASM_LAMBDA_DEV=1 says this is a local run
(then only the dev skill id is answered).
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import time
from collections.abc import Mapping
from typing import Any

from skill import coldstart

# Before anything imports the SDK: its service clients the skill never calls are not imported for nothing, and no
# dataclass method is compiled again from its source (skill/coldstart.py; `make bench` measures both).
coldstart.defer_unused_services()
with coldstart.compiled_exec():
    from ask_sdk_model import RequestEnvelope

    import content
    from content import snapshot
    from skill import deadline
    from skill.apology import apology, describe
    from skill.builder import build_skill
    from skill.config import DEV_SKILL_ID, ConfigError, Settings
    from skill.envelope import application_id
    from skill.tracing import where

log = logging.getLogger("spasm_coach.request")
DEV_SETTING = "SPASM_LAMBDA_DEV"


class NotForThisSkill(Exception):
    """The event is not an Alexa request for this skill: refused (Lambda reports an error), never answered."""


def lambda_settings(env: Mapping[str, str] | None = None) -> Settings:
    """The settings from ENV (os.environ by default); ConfigError without ALEXA_SKILL_ID unless DEV_SETTING=1."""
    env = os.environ if env is None else env
    settings = Settings.from_env(env)
    if settings.skill_id:
        return settings
    if env.get(DEV_SETTING) == "1":
        return settings.replace(skill_id=DEV_SKILL_ID)
    raise ConfigError("ALEXA_SKILL_ID is not set, so this function cannot tell its own skill's requests from any "
                      "other skill's. Deploy with --param=\"skillId=amzn1.ask.skill....\" (serverless.yml), or set "
                      f"{DEV_SETTING}=1 for a local run that answers only the dev id {DEV_SKILL_ID}.")


def _dispatch(event: dict[str, Any]) -> dict[str, Any]:
    deadline.start(SETTINGS.request_budget)  # as in the webhook: every store and Alexa API call clipped to it
    envelope = SKILL.serializer.deserialize_object(event, RequestEnvelope)  # the runtime has parsed the JSON
    payload = SKILL.serializer.serialize(SKILL.invoke(request_envelope=envelope, context=None))
    json.dumps(payload, allow_nan=False)  # what the runtime will do with it: fail here, inside the catch-all
    return payload


def handler(event: Any, context: Any) -> dict[str, Any]:
    """Answer one Alexa event. Anything the skill fails on (an unknown request type, a bad timestamp, session
    attributes too deep to read) gets the webhook's spoken apology, never an exception; only an event that is not
    a request for this skill is refused."""
    started = time.perf_counter()
    if not isinstance(event, dict) or not isinstance(event.get("request"), dict):
        log.warning("rejected reason=not an Alexa request envelope")
        raise NotForThisSkill("not an Alexa request envelope")
    if application_id(event) != SETTINGS.skill_id:
        log.warning("rejected reason=application id does not match ALEXA_SKILL_ID")
        raise NotForThisSkill("the request is for another skill")
    kind, intent = describe(event)
    try:
        # A fresh context per request, as in the webhook: collected keys and the deadline never leak between events.
        payload = contextvars.copy_context().run(_dispatch, event)
    except Exception as error:  # type and place only: a message can quote slot values or session attributes
        log.error("dispatch error: type=%s intent=%s %s at %s", kind, intent, type(error).__name__, where(error))
        payload, _ = apology(event)
    if log.isEnabledFor(logging.INFO):
        log.info("request type=%s intent=%s ms=%.1f", kind, intent, (time.perf_counter() - started) * 1000)
    return payload


def _init() -> tuple[Settings, Any]:
    """Lambda's init phase: settings checked, logging set, the skill and its store client built, content loaded."""
    settings = lambda_settings()
    logging.getLogger().setLevel(settings.log_level.upper())  # the runtime's handler on the root logger writes it
    for noisy in ("boto3", "botocore", "urllib3"):  # at DEBUG they would log keys, tokens and stored records
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
    snapshot.prime()  # first: content.get() then returns the zip's validated snapshot instead of parsing the YAML
    skill = build_skill(settings, content=content.get())
    skill.api_client.warm()  # every session's first request asks the time zone API (skill/locality.py)
    return settings, skill


with coldstart.compiled_exec():
    SETTINGS, SKILL = _init()
