"""build_skill: the one ask-sdk CustomSkill shared by the webhook and Lambda."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model import Intent, IntentRequest
from ask_sdk_runtime.dispatch_components.request_components import GenericRequestMapper

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


class _ReadMore(BaseException):
    """Raised in a probe when a can_handle reads anything but the request's type and intent name (BaseException:
    no handler's `except Exception` can take it for an answer)."""


class _Sealed:
    """Any attribute read raises _ReadMore."""

    def __getattribute__(self, name):
        raise _ReadMore(name)


class _ProbeInput(_Sealed):
    """A handler input that has nothing but a request envelope, that has nothing but the (probe) request."""

    def __init__(self, request):
        envelope = _ProbeEnvelope()
        object.__setattr__(envelope, "request", request)
        object.__setattr__(self, "request_envelope", envelope)

    def __getattribute__(self, name):
        if name == "request_envelope":
            return object.__getattribute__(self, name)
        raise _ReadMore(name)


class _ProbeEnvelope(_Sealed):
    def __getattribute__(self, name):
        if name == "request":
            return object.__getattribute__(self, name)
        raise _ReadMore(name)


_probe_classes: dict[tuple[type, bool], type] = {}


def _probe_request(request, intent_name: str | None):
    """An instance of REQUEST's own class (isinstance checks answer as for the real one) whose only readable
    attributes are its type and, for an IntentRequest, an intent that has only its name. An attribute the class
    does not have at all raises AttributeError, as on the real request (that is the type's, not the request's)."""
    cls, with_intent = type(request), intent_name is not None
    probe_cls = _probe_classes.get((cls, with_intent))
    if probe_cls is None:
        fields = set(getattr(cls, "attribute_map", {}))
        readable = {"object_type", "__class__"} | ({"intent"} if with_intent else set())

        def __getattribute__(self, name):
            if name in readable:
                return object.__getattribute__(self, name)
            if name in fields or name.startswith("__") or hasattr(cls, name):
                raise _ReadMore(name)
            raise AttributeError(name)

        probe_cls = _probe_classes[cls, with_intent] = type(f"Probe{cls.__name__}", (cls,),
                                                            {"__getattribute__": __getattribute__})
    probe = object.__new__(probe_cls)
    object.__setattr__(probe, "object_type", request.object_type)
    if intent_name is not None:
        object.__setattr__(probe, "intent", _ProbeIntent(intent_name))
    return probe


class _ProbeIntent(Intent):
    """An intent with nothing readable but its name."""

    def __init__(self, name: str):  # noqa: D107 - no Intent fields: a probe
        object.__setattr__(self, "name", name)

    def __getattribute__(self, name):
        if name in ("name", "__class__"):
            return object.__getattribute__(self, name)
        raise _ReadMore(name)


def _ruled_out(handler, probe_input) -> bool:
    """True when HANDLER's can_handle said no having read only the request's type and intent name: then it says
    no to every request of that type and intent, whatever the session, the store or the slots hold."""
    try:
        return not handler.can_handle(probe_input)
    except _ReadMore:
        return False
    except Exception:  # noqa: BLE001 - it failed on the probe: it stays in the list, asked on the real request
        return False


class RoutedRequestMapper(GenericRequestMapper):
    """The SDK's mapper (the first handler in registration order whose can_handle says yes), asking only the
    handlers that can say yes to the request's type and intent name. Which those are is found out once per type
    and intent name, by asking every handler about a request that holds nothing else (_ruled_out); a handler that
    reads anything more (the session, the flow, a slot) stays in the list, in its place. So the handler chosen is
    always the one the full list would choose; the turn matrix and tests/test_service_webhook_routing.py check it."""

    MAX_ROUTES = 512   # type x intent pairs remembered (the models have about 60 intents)

    def __init__(self, request_handler_chains):
        super().__init__(request_handler_chains)
        self._routes: dict[tuple[str, str | None], list] = {}

    def route(self, request) -> list | None:
        """The handler chains that may take REQUEST, in registration order; None: ask them all."""
        if isinstance(request, IntentRequest):
            name = getattr(request.intent, "name", None)
            if not isinstance(name, str):
                return None
        else:
            name = None
        key = (request.object_type, name)
        chains = self._routes.get(key)
        if chains is None:
            probe = _ProbeInput(_probe_request(request, name))
            chains = [chain for chain in self.request_handler_chains
                      if not _ruled_out(chain.request_handler, probe)]
            if len(self._routes) < self.MAX_ROUTES:
                self._routes[key] = chains
        return chains

    def get_request_handler_chain(self, handler_input):
        request = handler_input.request_envelope.request
        chains = self.route(request) if request is not None else None
        for chain in self.request_handler_chains if chains is None else chains:
            if chain.request_handler.can_handle(handler_input=handler_input):
                return chain
        return None


def build_skill(settings: Settings, *, content=None, persistence_adapter=None, api_client=None,
                rng: random.Random | None = None) -> CustomSkill:
    """The skill: handlers in registration order, the exception handlers, timeouts on the Alexa API client.
    CONTENT (a content.Content; default: the validated content.get()) reaches every handler and the renderer
    through the request attributes."""
    from skill.handlers import EXCEPTION_HANDLERS, HANDLERS, REQUEST_INTERCEPTORS, RESPONSE_INTERCEPTORS

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
    for interceptor in RESPONSE_INTERCEPTORS:
        builder.add_global_response_interceptor(interceptor)
    builder.add_global_response_interceptor(SavePersistentAttributes())
    skill = builder.create()
    dispatcher = skill.request_dispatcher   # handlers asked by the request's type and intent name, same choice
    dispatcher.request_mappers = [RoutedRequestMapper(mapper.request_handler_chains)
                                  for mapper in dispatcher.request_mappers]
    skill.serializer = EnvelopeSerializer()  # also what the Alexa service clients (timers) deserialise with
    return skill
