"""build_skill: the one ask-sdk CustomSkill shared by the webhook and Lambda."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.api_client import TimeoutApiClient
from skill.config import Settings
from skill.persistence import make_persistence_adapter
from skill.serializer import EnvelopeSerializer

if TYPE_CHECKING:
    import random

log = logging.getLogger("spasm_coach.builder")


class RequestContext(AbstractRequestInterceptor):
    """Puts what handlers and the renderer share from the builder in request attributes: the content (one source
    for both) and the random source (when given)."""

    def __init__(self, content, rng: random.Random | None):
        self.content = content
        self.rng = rng

    def process(self, handler_input):
        attributes = handler_input.attributes_manager.request_attributes
        attributes["content"] = self.content
        if self.rng is not None:
            attributes["rng"] = self.rng


class SavePersistentAttributes(AbstractResponseInterceptor):
    """Writes the user's record once per request, only if a handler read or set it."""

    def process(self, handler_input, response):
        try:
            handler_input.attributes_manager.save_persistent_attributes()
        except PersistenceException as error:
            # The answer is already made; losing one write must not cost the user the answer.
            log.error("store write failed: %s", error)


def build_skill(settings: Settings, *, content=None, persistence_adapter=None, api_client=None,
                rng: random.Random | None = None) -> CustomSkill:
    """The skill: handlers in registration order, the exception handlers, timeouts on the Alexa API client.
    CONTENT (a content.Content; default: the validated content.get()) reaches every handler and the renderer
    through the request attributes."""
    from skill.handlers import EXCEPTION_HANDLERS, HANDLERS, REQUEST_INTERCEPTORS

    builder = CustomSkillBuilder(
        persistence_adapter=persistence_adapter if persistence_adapter is not None
        else make_persistence_adapter(settings),
        api_client=api_client if api_client is not None
        else TimeoutApiClient(settings.api_connect_timeout, settings.api_read_timeout,
                              call_timeout=settings.api_call_timeout, allow_loopback_http=settings.loopback_dev))
    # The SDK's own application-id check (what protects Lambda); --no-verify turns it off with the rest.
    builder.skill_id = settings.effective_skill_id if settings.verify != "off" else None
    for handler in HANDLERS:
        builder.add_request_handler(handler)
    for handler in EXCEPTION_HANDLERS:
        builder.add_exception_handler(handler)
    if content is None:
        import content as content_module

        content = content_module.get()
    builder.add_global_request_interceptor(RequestContext(content, rng))
    for interceptor in REQUEST_INTERCEPTORS:
        builder.add_global_request_interceptor(interceptor)
    builder.add_global_response_interceptor(SavePersistentAttributes())
    skill = builder.create()
    skill.serializer = EnvelopeSerializer()  # also what the Alexa service clients (timers) deserialise with
    return skill
