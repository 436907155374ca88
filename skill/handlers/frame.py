"""The skill's frame: welcome, help, stop, home, forget-me, fallback, session end, and the error catch-alls."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import (AbstractExceptionHandler, AbstractRequestHandler,
                                               AbstractRequestInterceptor, AbstractResponseInterceptor)
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.utils import get_request_type, is_intent_name, is_request_type

from skill.domain import answers as answer_words
from skill.domain.clock import iso
from skill.handlers import inputs, misses, turns
from skill.render import FIRST_LINE, Reply
from skill.tracing import where

log = logging.getLogger("spasm_coach.frame")

# The only answers the pending "delete my data?" takes; any other request disarms it.
FORGET_ANSWERS = ("AMAZON.YesIntent", "AMAZON.NoIntent")
# "What's the emergency number?", "what was the number again?": the number (skill/handlers/frame.py answers it
# where no question of a flow is on the table; the screening's questions say it, then the question again).
NUMBER_INTENT = "EmergencyNumberIntent"
NUMBER = "frame.number"
# A launch on the day of the emergency advice says it first, then "heat or ice?" (explore6 #1): "not yet", "no,
# I'm on my own", "nobody came", "what?" answer the advice, not the offer: the emergency advice again, number first,
# never a goodbye (explore7 #1).
AFTER_EMERGENCY = "after_emergency"
AFTER_EMERGENCY_AGAIN = ("AMAZON.NoIntent", "AMAZON.FallbackIntent", "UnsureIntent", "AMAZON.RepeatIntent",
                         NUMBER_INTENT)
AFTER_EMERGENCY_ANSWERS = AFTER_EMERGENCY_AGAIN + ("AMAZON.YesIntent",)     # a yes: "ice or heat?"
# One-turn yes/no offers (flow name -> the intents that answer it); any other request disarms them. After the
# emergency advice, "what was the number?" (or "pardon") says it all again and keeps the offer. After a welcome
# that lists the red flags, a "no" answers the list ("no, just my back"), not the menu: the menu again.
ONE_TURN_FLOWS = {"forget": FORGET_ANSWERS, "welcome_flags": ("AMAZON.NoIntent",),
                  "emergency_offer": ("AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.RepeatIntent", NUMBER_INTENT,
                                      "AMAZON.FallbackIntent", "UnsureIntent"),
                  AFTER_EMERGENCY: AFTER_EMERGENCY_ANSWERS}
# session["number_said"]: the last response said the emergency number, so "pardon" / "say that again" says it
# first (set by NumberSaidInterceptor from the response's keys).
NUMBER_SAID = "number_said"
# session["misses"]: misunderstandings in a row (skill/handlers/misses.py); from the second one on, the fuller help.
MISSES = misses.MISSES
# "No", "no thanks", "I'm fine", "that's all", "thank you" when nothing but an offer is on the table.
ENDING_INTENTS = ("AMAZON.NoIntent", "ThanksIntent")
# One-shots of the built-ins with nothing of ours going on: a useful answer, not "didn't catch that".
ONE_SHOT_KEYS = {"AMAZON.PauseIntent": "frame.oneshot.pause", "AMAZON.RepeatIntent": "frame.oneshot.repeat",
                 "AMAZON.PreviousIntent": "frame.oneshot.previous"}
# The flow dicts "home" and "stop" leave behind (session only; stored progress is kept).
FLOW_STATES = ("therapy", "routine", "screening")
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


class FrameInterceptor(AbstractRequestInterceptor):
    """Before any handler: disarm a pending one-turn offer ("delete my data?", "shall I ask the questions?")
    unless this is its yes/no, carry the count of
    fallbacks in a row, and mark the user as seen on the first request of a session that is not a launch."""

    def process(self, handler_input):
        if handler_input.request_envelope.session is None:
            return                                   # skill events: no session, no user to mark
        session = handler_input.attributes_manager.session_attributes
        answers = ONE_TURN_FLOWS.get(session.get("flow"))
        if answers is not None and inputs.intent_name(handler_input) not in answers:
            session["flow"] = None
        if session.get("flow") == "routine" and inputs.routine_state(handler_input) is None:
            log.warning("routine state not valid: the routine starts again when asked")
            session["flow"], session["routine"] = None, None      # a safe point: nothing half-done is resumed
        # Only the fallback handler puts the count back, so any other answer resets it.
        handler_input.attributes_manager.request_attributes[MISSES] = session.pop(MISSES, 0)
        if handler_input.request_envelope.session.new and not is_request_type("LaunchRequest")(handler_input):
            _mark_seen(handler_input)


class AcknowledgementInterceptor(AbstractRequestInterceptor):
    """Before every other interceptor: a bare acknowledgement ("okay", "fine", "sure", "grand", "sweet as"), said as
    AcknowledgeIntent or as an answer's words, is AcknowledgeIntent at a screening question or a safety check of ice,
    heat or the stretches (no answer: the question again, explore3 F2), the yes it is to anything else (an offer).
    A situation said ("my back's gone", SituationIntent) is a symptom not placed (help at a screening question); a pain report with no direction ("seven out of
    ten", PainReportIntent) the pain change with none (turns.STANDS_FOR)."""

    def process(self, handler_input):
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        if intent is None:
            return
        if intent.name == turns.ANSWER_WORDS_INTENT and answer_words.acknowledgement(
                inputs.slot_value(handler_input, "answer")):
            intent.name, intent.slots = turns.ACKNOWLEDGE_INTENT, {}
        session = inputs.session(handler_input)
        intent.name = turns.acknowledged(turns.state_of(session), intent.name, check=turns.asks_a_check(session))


def _mark_seen(handler_input) -> None:
    """A one-shot (or any first request that is not a launch): the user is known from now on; if this is the
    very first request, its answer starts with the short safety line (the number; the welcome that says it was
    skipped), and the disclaimer is still due for the next launch."""
    try:
        record = handler_input.attributes_manager.persistent_attributes
    except PersistenceException as error:
        log.error("store unavailable: %s", type(error).__name__)   # the request goes on without the store
        return
    if "first_seen" not in record:
        record["first_seen"] = iso(inputs.request_time(handler_input))
        record["disclaimer_due"] = True
        handler_input.attributes_manager.request_attributes[FIRST_LINE] = "frame.first.safety"


def _leftovers(handler_input) -> list:
    """What each capability says is left over from earlier (skill.plan.Leftover), in the welcome's order."""
    from skill.handlers import LEFTOVERS

    return [leftover for offer in LEFTOVERS for leftover in offer(handler_input)]


class LaunchHandler(AbstractRequestHandler):
    """Welcome: the first time, the disclaimer; later, a short reminder and anything left unfinished."""

    def can_handle(self, handler_input):
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        _set_flow(handler_input, None)
        reply = Reply(handler_input)
        try:
            record = handler_input.attributes_manager.persistent_attributes
        except PersistenceException as error:
            # Without the store the skill cannot know the person: the full welcome, disclaimer included.
            log.error("store unavailable: %s", type(error).__name__)
            _set_flow(handler_input, "welcome_flags")
            return reply.say("frame.store_unavailable").say("frame.welcome.first").ask()
        if "first_seen" not in record:
            record["first_seen"] = iso(inputs.request_time(handler_input))
            _set_flow(handler_input, "welcome_flags")
            return reply.say("frame.welcome.first").ask()
        disclaimer_due = bool(record.pop("disclaimer_due", False))
        leftovers = _leftovers(handler_input)
        from skill.handlers import screening            # the emergency advice earlier today: that first (explore6 #1)
        if screening.emergency_advised_recently(handler_input):
            if disclaimer_due:
                record["disclaimer_due"] = True          # still due at the next launch
            _set_flow(handler_input, AFTER_EMERGENCY)
            reply.say(screening.AFTER_EMERGENCY)
            for leftover in leftovers:
                reply.say(leftover.key, **leftover.params)
            return reply.say("checkin.offer.no_stretches").ask()
        if not disclaimer_due and not leftovers:
            from skill.handlers import checkin             # a return within the episode: how is the back?
            if checkin.ask_at_launch(handler_input, record):
                reply.say("frame.welcome.back")
                reminder = checkin.launch_reminder(handler_input)   # advice for that day, given on an earlier day
                if reminder:
                    reply.say(reminder)
                return reply.say(checkin.domain.ASK).ask()
            return reply.say("frame.welcome.returning").ask()
        if disclaimer_due:
            _set_flow(handler_input, "welcome_flags")
        reply.say("frame.welcome.disclaimer" if disclaimer_due else "frame.welcome.back")
        for leftover in leftovers:
            reply.say(leftover.key, **leftover.params)
        continues = any(leftover.continues for leftover in leftovers)
        return reply.say("frame.welcome.menu.continue" if continues else "frame.welcome.menu").ask()


class HelpHandler(AbstractRequestHandler):
    """Help: what to say next; the session stays open. (A situation said, "my back's gone", is a symptom not
    placed, help only at a screening question: the first interceptor renames it, turns.acknowledged.)"""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.HelpIntent")(handler_input) or is_intent_name(turns.SITUATION_INTENT)(
            handler_input)

    def handle(self, handler_input):
        return _answer(handler_input, "frame.help")


class StopHandler(AbstractRequestHandler):
    """Stop and Cancel end the session, whatever flow was running."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.StopIntent")(handler_input) or is_intent_name("AMAZON.CancelIntent")(
            handler_input)

    def handle(self, handler_input):
        _set_flow(handler_input, None)
        from skill.handlers import therapy as therapy_handlers     # a timer of ours still on: say so
        phase = therapy_handlers.on_the_skin(handler_input)
        if phase is not None:
            name = inputs.content(handler_input).therapy["therapies"][phase]["name"]
            return Reply(handler_input).say("frame.goodbye.timer_on", therapy_name=name).tell()
        return _answer(handler_input, "frame.goodbye", end=True)


class NavigateHomeHandler(AbstractRequestHandler):
    """Back to the start: leave any flow (its session state too) and say what the skill can do."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.NavigateHomeIntent")(handler_input)

    def handle(self, handler_input):
        _set_flow(handler_input, None)
        session = handler_input.attributes_manager.session_attributes
        for name in FLOW_STATES:
            session.pop(name, None)
        return _answer(handler_input, "frame.home")


class ForgetMeHandler(AbstractRequestHandler):
    """"Delete my data": ask to confirm before wiping anything."""

    def can_handle(self, handler_input):
        return is_intent_name("ForgetMeIntent")(handler_input)

    def handle(self, handler_input):
        _set_flow(handler_input, "forget")
        return _answer(handler_input, "frame.forget.confirm")


class ForgetYesHandler(AbstractRequestHandler):
    """Yes to "delete my data?": wipe the stored record, all but what keeps the skin safe (a timer still on, the end
    of a round inside its rest gap, today's count: therapy.kept_for_the_skin), which the answer says it kept."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.YesIntent")(handler_input) and _flow(handler_input) == "forget"

    def handle(self, handler_input):
        from skill.domain import therapy                  # the skin's rest gap outlives the rest (explore6 #10)
        manager = handler_input.attributes_manager
        kept = therapy.kept_for_the_skin(therapy.Record.parse(manager.persistent_attributes.get("therapy")),
                                         inputs.content(handler_input).therapy, inputs.request_time(handler_input))
        manager.delete_persistent_attributes()
        if kept is not None:
            manager.persistent_attributes["therapy"] = kept
        _set_flow(handler_input, None)
        log.info("forget: stored record deleted%s", " (the skin's rest kept)" if kept else "")
        return _answer(handler_input, "frame.forget.done.rest" if kept else "frame.forget.done", end=True)


class ForgetNoHandler(AbstractRequestHandler):
    """No (or anything but yes) to "delete my data?": keep it."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.NoIntent")(handler_input) and _flow(handler_input) == "forget"

    def handle(self, handler_input):
        _set_flow(handler_input, None)
        return _answer(handler_input, "frame.forget.kept", end=True)


class WelcomeNoHandler(AbstractRequestHandler):
    """"No" (or "no, just my back") right after a welcome that listed the red flags: it answers the list, so
    the menu question again, never a goodbye on the first turn."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.NoIntent")(handler_input) and _flow(handler_input) == "welcome_flags"

    def handle(self, handler_input):
        _set_flow(handler_input, None)
        return Reply(handler_input).say("frame.welcome.none").ask()


class AfterEmergencyHandler(AbstractRequestHandler):
    """"Not yet", "no one is here", "nobody came", "what?" after the launch that repeated the day's emergency advice:
    that advice again, number first, and the offer of the quick questions (never a goodbye without the number)."""

    def can_handle(self, handler_input):
        return inputs.intent_name(handler_input) in AFTER_EMERGENCY_ANSWERS and _flow(handler_input) == AFTER_EMERGENCY

    def handle(self, handler_input):
        _set_flow(handler_input, None)
        if is_intent_name("AMAZON.YesIntent")(handler_input):
            from skill.handlers import therapy              # "would you like heat or ice?" yes: which one?
            therapy.ask_ice_or_heat(handler_input)
            return Reply(handler_input).say("therapy.ask_type").ask()
        from skill.handlers import screening
        return screening.emergency_request(handler_input)


class EndingHandler(AbstractRequestHandler):
    """"No thanks", "that's all", "thank you" after an offer (no flow owns the turn): a short goodbye, with the
    safety line when red flags were talked about in this conversation, and the session closes."""

    def can_handle(self, handler_input):
        intent = inputs.intent_name(handler_input)
        return intent in ENDING_INTENTS and turns.outcome(turns.state_of(inputs.session(handler_input)),
                                                         intent) == turns.END

    def handle(self, handler_input):
        session = inputs.session(handler_input)
        _set_flow(handler_input, None)
        safety = session.get("outcome_tier") is not None
        return _answer(handler_input, "frame.goodbye.safety" if safety else "frame.goodbye", end=True)


class NothingGoingOnHandler(AbstractRequestHandler):
    """Pause, repeat, go back or start over with no flow of ours: in a one-shot, say there is nothing to pause
    (repeat, go back to) and how to start, and close; in a conversation, the menu again."""

    def can_handle(self, handler_input):
        intent = inputs.intent_name(handler_input)
        return (intent in ONE_SHOT_KEYS or intent == "AMAZON.StartOverIntent") and not _flow(handler_input)

    def handle(self, handler_input):
        intent = inputs.intent_name(handler_input)
        if intent == "AMAZON.StartOverIntent":
            return Reply(handler_input).say("frame.oneshot.start_over").say("frame.welcome.menu").ask()
        if handler_input.request_envelope.session is not None and handler_input.request_envelope.session.new:
            return _answer(handler_input, ONE_SHOT_KEYS[intent], end=True)
        if intent == "AMAZON.RepeatIntent" and inputs.session(handler_input).get(NUMBER_SAID):
            return Reply(handler_input).say(NUMBER).say("frame.repeat.menu").ask()   # the number first
        return _answer(handler_input, "frame.repeat.menu")


# Where "say repeat" takes the person back to the step they were on (their flow's own repeat).
CARRY_ON_STATES = (turns.ROUTINE_QUESTION, turns.ROUTINE_EXERCISE, turns.ROUTINE_PAIN_CHECK, turns.THERAPY_QUESTION)


class EmergencyNumberHandler(AbstractRequestHandler):
    """"What's the emergency number (here)?", "what was the number again?" where no question of a flow owns the
    turn (the screening's own handlers say the number and ask their question again; just after the emergency
    advice, screening.EmergencyOfferHandler says that advice again, number first): the local number first; in a
    one-shot, the number and goodbye; in a conversation, the number and the menu (or how to get back to the step)."""

    def can_handle(self, handler_input):
        return inputs.intent_name(handler_input) == NUMBER_INTENT

    def handle(self, handler_input):
        reply = Reply(handler_input).say(NUMBER).card(NUMBER)
        session = handler_input.request_envelope.session
        if session is None or (session.new and not _flow(handler_input)):
            return reply.tell()
        if turns.state_of(inputs.session(handler_input)) in CARRY_ON_STATES:
            return reply.say("frame.number.carry_on").ask()    # a routine step or a timer question: "say repeat"
        return reply.say("frame.welcome.menu").ask()


class FallbackHandler(AbstractRequestHandler):
    """Fallback, and any intent no capability claimed (a stray yes, no, next...): a helpful reprompt; from the
    second miss in a row, the fuller help (what to say, symptoms at any time, the emergency number)."""

    def can_handle(self, handler_input):
        return is_request_type("IntentRequest")(handler_input)

    def handle(self, handler_input):
        if _flow(handler_input) == "forget":
            _set_flow(handler_input, None)
        level = misses.missed(handler_input)         # a short re-ask, then help, then a goodbye that closes
        if level == misses.GOODBYE:
            _set_flow(handler_input, None)
            return _answer(handler_input, misses.GOODBYE_KEY, end=True)
        return _answer(handler_input, "frame.fallback.more" if level == misses.HELP else "frame.fallback")


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
        log.error("handler error: %s at %s", type(exception).__name__, where(exception))
        return _answer(handler_input, "frame.error")


class NumberSaidInterceptor(AbstractResponseInterceptor):
    """After every response in a conversation: whether it said the emergency number (session["number_said"]), so a
    "pardon" or "say that again" right after it says the number first."""

    def process(self, handler_input, response):
        if handler_input.request_envelope.session is None:
            return
        session = handler_input.attributes_manager.session_attributes
        keys = handler_input.attributes_manager.request_attributes.get("response_keys") or ()
        if any(says_number(inputs.content(handler_input), key) for key in keys):
            session[NUMBER_SAID] = True
        else:
            session.pop(NUMBER_SAID, None)


_NUMBER_KEYS: dict[int, frozenset] = {}


def says_number(content, key: str) -> bool:
    """Whether the line KEY says the emergency number ({emergency} in its speech, in any locale)."""
    found = _NUMBER_KEYS.get(id(content))
    if found is None:
        found = frozenset(k for k, entry in content.responses.items() if "{emergency}" in str(entry.get("speech")))
        _NUMBER_KEYS.clear()
        _NUMBER_KEYS[id(content)] = found
    return key in found


# Catch-alls last; the forget flow's yes/no before the fallback.
REQUEST_INTERCEPTORS = [FrameInterceptor()]
FIRST_REQUEST_INTERCEPTORS = [AcknowledgementInterceptor()]     # before the capabilities' (an answer's words)
RESPONSE_INTERCEPTORS = [NumberSaidInterceptor()]
HANDLERS = [LaunchHandler(), HelpHandler(), StopHandler(), NavigateHomeHandler(), ForgetMeHandler(),
            ForgetYesHandler(), ForgetNoHandler(), WelcomeNoHandler(), AfterEmergencyHandler(), EndingHandler(), EmergencyNumberHandler(), NothingGoingOnHandler(),
            SessionEndedHandler(), FallbackHandler(), UnknownRequestHandler()]
EXCEPTION_HANDLERS = [StoreUnavailableHandler(), ErrorHandler()]
