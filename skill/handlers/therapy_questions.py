"""The ice and heat flow's questions (heat check, short length, rest timer, careful heat, ice or heat) and what a
person may say while one is open: yes, no, not sure, help, what, how long is left."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_intent_name

from skill.domain import therapy as domain
from skill.handlers import therapy_common as common
from skill.handlers import therapy_permission as permission
from skill.handlers.therapy_run import ask_check, check_question, run, status_reply
from skill.render import Reply
from skill.timers import Timers, TimersError, granted

YES_NO = ("check", "short", "rest_offer", "cautious_offer")     # the questions answered yes or no


def question(hi, reply: Reply) -> Reply:
    """Add the question the flow is waiting on to REPLY (the same words, so the person can answer it)."""
    state = common.state(hi)
    pending = state.get("pending") or {}
    waiting = state.get("awaiting")
    if waiting == "check":
        return reply.say(check_question(hi, int(state.get("check_index", 0)))["prompt"])
    if waiting == "short":
        therapy = pending.get("therapy") if pending.get("therapy") in ("ice", "heat") else "ice"
        minutes = domain.plan_minutes(common.settings(hi, therapy), pending.get("minutes"))["minutes"]
        return reply.say("therapy.confirm_short", minutes=minutes, therapy_name=common.name(hi, therapy))
    if waiting == "rest_offer":
        return reply.say("therapy.rest_offer.again", time_left=common.time_phrase(hi, int(pending["minutes"])))
    if waiting == "cautious_offer":
        return reply.say("therapy.check.heat_offer", minutes=pending["minutes"])
    return reply.say("therapy.ask_type")


def _open(hi, intent: str, questions=common.QUESTIONS) -> bool:
    return is_intent_name(intent)(hi) and common.awaiting(hi) in questions


def _no(hi):
    """The answer no (or a second "not sure" to an offer: nothing starts without a clear yes)."""
    state = common.state(hi)
    waiting, pending = state.get("awaiting"), state.get("pending") or {}
    if waiting == "check":
        index = int(state.get("check_index", 0)) + 1
        if check_question(hi, index) is not None:
            state["check_index"] = index
            return ask_check(hi, index)
        state["heat_check"] = "clear"
        return run(hi, pending)
    if waiting == "cautious_offer":
        return common.tell(hi, "therapy.check.heat_skipped")
    if waiting == "short":
        therapy = pending.get("therapy") if pending.get("therapy") in ("ice", "heat") else "ice"
        return common.tell(hi, "therapy.short_declined", minutes=common.settings(hi, therapy)["default_minutes"])
    return common.tell(hi, "therapy.rest_declined")


class TherapyYesHandler(AbstractRequestHandler):
    """Yes to a therapy question: a heat check answer (not sure counts as yes there: the careful reading), a short
    length, a rest timer, careful heat."""

    def can_handle(self, handler_input):
        return _open(handler_input, "AMAZON.YesIntent", YES_NO) or _open(handler_input, "UnsureIntent", ("check",))

    def handle(self, handler_input):
        state = common.state(handler_input)
        pending = state.get("pending") or {}
        if state.get("awaiting") == "check":
            state["heat_check"] = "caution"
            offer = {"kind": "start", "therapy": "heat", "confirmed": True,
                     "minutes": common.settings(handler_input, "heat")["cautious_minutes"]}
            common.wait(handler_input, "cautious_offer", offer)
            return (Reply(handler_input).say(common.content(handler_input).therapy["checks"]["heat"]["if_yes"])
                    .say("therapy.check.heat_offer", minutes=offer["minutes"]).ask())
        if permission.pending_from(handler_input, None) is None:
            common.finish(handler_input)
            return Reply(handler_input).say("therapy.ask_type").ask()
        return run(handler_input, pending)


class TherapyNoHandler(AbstractRequestHandler):
    """No to a therapy question: the next heat check question (all no: start), or leave it."""

    def can_handle(self, handler_input):
        return _open(handler_input, "AMAZON.NoIntent", YES_NO)

    def handle(self, handler_input):
        return _no(handler_input)


class TherapyUnsureHandler(AbstractRequestHandler):
    """"Not sure" to an offer: say no is fine and ask once more (a second "not sure" is a no); to "ice or heat?":
    the evidence stance, then the question again."""

    def can_handle(self, handler_input):
        return _open(handler_input, "UnsureIntent", ("short", "rest_offer", "cautious_offer", "type"))

    def handle(self, handler_input):
        state = common.state(handler_input)
        if state.get("awaiting") == "type":
            line = common.content(handler_input).therapy["evidence"]["line"]
            return Reply(handler_input).say(line).say("therapy.ask_type").ask()
        if state.get("unsure"):
            return _no(handler_input)
        state["unsure"] = True
        return question(handler_input, Reply(handler_input).say("therapy.unsure.offer")).ask()


class TherapyHelpHandler(AbstractRequestHandler):
    """Help inside a therapy question: why it is asked and how to answer, then the same question."""

    def can_handle(self, handler_input):
        return _open(handler_input, "AMAZON.HelpIntent")

    def handle(self, handler_input):
        waiting = common.awaiting(handler_input)
        key = {"check": "therapy.help.check", "type": "therapy.help.type"}.get(waiting, "therapy.help.offer")
        return question(handler_input, Reply(handler_input).say(key)).ask()


class TherapyRepeatHandler(AbstractRequestHandler):
    """"What?" / "say that again" inside a therapy question: the question again."""

    def can_handle(self, handler_input):
        return _open(handler_input, "AMAZON.RepeatIntent")

    def handle(self, handler_input):
        return question(handler_input, Reply(handler_input)).ask()


class TherapyNotUnderstoodHandler(AbstractRequestHandler):
    """Words not understood inside a therapy question ("what do you mean"): never the main menu; the question
    again, with what kind of answer it takes."""

    def can_handle(self, handler_input):
        return _open(handler_input, "AMAZON.FallbackIntent")

    def handle(self, handler_input):
        key = "therapy.not_understood.type" if common.awaiting(handler_input) == "type" else "therapy.not_understood"
        return question(handler_input, Reply(handler_input).say(key)).ask()


class TherapyStatusInsideHandler(AbstractRequestHandler):
    """"How long is left?" inside a therapy question: the answer, then back to the question."""

    def can_handle(self, handler_input):
        return _open(handler_input, "TherapyStatusIntent")

    def handle(self, handler_input):
        reply = None
        if granted(handler_input):
            try:
                reply = status_reply(handler_input, Timers(handler_input), inside=True)
            except TimersError:
                reply = None
        if reply is None:
            reply = Reply(handler_input).say("therapy.status.unknown.inside")
        return question(handler_input, reply).ask()


# The flow's own handlers, in the order they are tried.
HANDLERS = [TherapyYesHandler(), TherapyNoHandler(), TherapyUnsureHandler(), TherapyHelpHandler(),
            TherapyRepeatHandler(), TherapyNotUnderstoodHandler(), TherapyStatusInsideHandler()]
