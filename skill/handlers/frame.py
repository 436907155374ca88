"""The skill's frame: welcome, help, stop, home, forget-me, fallback, session end, and the error catch-alls."""

from __future__ import annotations

import datetime as dt
import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.utils import get_request_type, is_intent_name, is_request_type

from skill.render import Reply

log = logging.getLogger("spasm_coach.frame")

SILENT_REQUESTS = ("System.ExceptionEncountered", "AlexaSkillEvent.", "AudioPlayer.", "PlaybackController.",
                   "Messaging.", "Reminders.", "AlexaHouseholdListEvent.")


def _flow(handler_input) -> str | None:
    return handler_input.attributes_manager.session_attributes.get("flow")


def _set_flow(handler_input, flow: str | None) -> None:
    handler_input.attributes_manager.session_attributes["flow"] = flow


def _answer(handler_input, key: str, *, end: bool = False, reprompt: str | None = None):
    """Render KEY; end the session (tell) or keep it open (ask)."""
    reply = Reply(handler_input)
    reply.say(key)
    if reprompt:
        reply.reprompt(reprompt)
    return reply.tell() if end else reply.ask()


def _where(exception: BaseException) -> str:
    """The innermost frames of EXCEPTION's traceback as file:line:function, without its message."""
    import traceback

    frames = traceback.extract_tb(exception.__traceback__)[-3:]
    return " < ".join(f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}:{frame.name}" for frame in reversed(frames))


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class LaunchHandler(AbstractRequestHandler):
    """Welcome: what the skill can do; the first time, the short disclaimer."""

    def can_handle(self, handler_input):
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        attributes = handler_input.attributes_manager.persistent_attributes
        first_use = "first_seen" not in attributes
        now = _now()
        attributes.setdefault("first_seen", now)
        attributes["last_seen"] = now
        _set_flow(handler_input, None)
        return _answer(handler_input, "frame.welcome.first" if first_use else "frame.welcome.returning")


class HelpHandler(AbstractRequestHandler):
    """Help: what to say next; the session stays open."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.HelpIntent")(handler_input)

    def handle(self, handler_input):
        return _answer(handler_input, "frame.help")


class StopHandler(AbstractRequestHandler):
    """Stop and Cancel end the session, whatever flow was running."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.StopIntent")(handler_input) or is_intent_name("AMAZON.CancelIntent")(
            handler_input)

    def handle(self, handler_input):
        _set_flow(handler_input, None)
        return _answer(handler_input, "frame.goodbye", end=True)


class NavigateHomeHandler(AbstractRequestHandler):
    """Back to the start: leave any flow and say what the skill can do."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.NavigateHomeIntent")(handler_input)

    def handle(self, handler_input):
        _set_flow(handler_input, None)
        return _answer(handler_input, "frame.home")


class ForgetMeHandler(AbstractRequestHandler):
    """"Delete my data": ask to confirm before wiping anything."""

    def can_handle(self, handler_input):
        return is_intent_name("ForgetMeIntent")(handler_input)

    def handle(self, handler_input):
        _set_flow(handler_input, "forget")
        return _answer(handler_input, "frame.forget.confirm")


class ForgetYesHandler(AbstractRequestHandler):
    """Yes to "delete my data?": wipe the stored record."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.YesIntent")(handler_input) and _flow(handler_input) == "forget"

    def handle(self, handler_input):
        handler_input.attributes_manager.delete_persistent_attributes()
        _set_flow(handler_input, None)
        log.info("forget: stored record deleted")
        return _answer(handler_input, "frame.forget.done", end=True)


class ForgetNoHandler(AbstractRequestHandler):
    """No (or anything but yes) to "delete my data?": keep it."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.NoIntent")(handler_input) and _flow(handler_input) == "forget"

    def handle(self, handler_input):
        _set_flow(handler_input, None)
        return _answer(handler_input, "frame.forget.kept", end=True)


class FallbackHandler(AbstractRequestHandler):
    """Fallback, and any intent no capability claimed (a stray yes, no, next...): a helpful reprompt."""

    def can_handle(self, handler_input):
        return is_request_type("IntentRequest")(handler_input)

    def handle(self, handler_input):
        if _flow(handler_input) == "forget":
            _set_flow(handler_input, None)
        return _answer(handler_input, "frame.fallback")


class SessionEndedHandler(AbstractRequestHandler):
    """The session ended (user, timeout or error): log why; Alexa expects an empty response."""

    def can_handle(self, handler_input):
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input):
        request = handler_input.request_envelope.request
        reason = getattr(request.reason, "value", request.reason)
        error = request.error
        if error is not None:
            # The error's message can quote the response (health words): log its type only, never attributes.
            log.warning("session ended: reason=%s error=%s", reason, getattr(error.object_type, "value",
                        error.object_type))
        else:
            log.info("session ended: reason=%s", reason)
        return handler_input.response_builder.response


class UnknownRequestHandler(AbstractRequestHandler):
    """Any request type the skill does not know: events get an empty answer, the rest a short line."""

    def can_handle(self, handler_input):
        return True

    def handle(self, handler_input):
        request_type = get_request_type(handler_input)
        log.info("unhandled request type %s", request_type)
        if request_type.startswith(SILENT_REQUESTS) or handler_input.request_envelope.session is None:
            return handler_input.response_builder.response
        return _answer(handler_input, "frame.unknown_request", end=True)


class StoreUnavailableHandler(AbstractExceptionHandler):
    """The store is down or corrupt: say so, and keep helping without it."""

    def can_handle(self, handler_input, exception):
        return isinstance(exception, PersistenceException)

    def handle(self, handler_input, exception):
        log.error("store unavailable: %s", exception)
        return _answer(handler_input, "frame.store_unavailable", reprompt="frame.help")


class ErrorHandler(AbstractExceptionHandler):
    """The one catch-all: apologise in speech (session open to try again), log the error with its traceback."""

    def can_handle(self, handler_input, exception):
        return True

    def handle(self, handler_input, exception):
        # Where it failed, not what it held: an exception's message or a traceback's locals can carry session
        # attributes (screening answers), so neither is logged.
        log.error("handler error: %s at %s", type(exception).__name__, _where(exception))
        return _answer(handler_input, "frame.error")


# Catch-alls last; the forget flow's yes/no before the fallback.
HANDLERS = [LaunchHandler(), HelpHandler(), StopHandler(), NavigateHomeHandler(), ForgetMeHandler(),
            ForgetYesHandler(), ForgetNoHandler(), SessionEndedHandler(), FallbackHandler(), UnknownRequestHandler()]
EXCEPTION_HANDLERS = [StoreUnavailableHandler(), ErrorHandler()]
