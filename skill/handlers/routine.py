"""Stretch coaching handlers: thin wrappers that read slots and state, call skill.domain.routine, and render."""

from __future__ import annotations

import datetime as dt

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_intent_name

import content as content_module
from skill.domain import routine as domain
from skill.render import Reply

FLOW = "routine"
SHARED = "exclusions"      # session["exclusions"]: exclusion answers shared with the screening (session only)


# ------------------------------------------------------------------------------------------------
# Small helpers over handler_input
# ------------------------------------------------------------------------------------------------

def _session(handler_input) -> dict:
    """Session attributes; an empty dict for requests outside a session (skill events)."""
    if handler_input.request_envelope.session is None:
        return {}
    return handler_input.attributes_manager.session_attributes


def _content(handler_input):
    return handler_input.attributes_manager.request_attributes.get("content") or content_module.get()


def _locale(handler_input) -> str | None:
    return getattr(handler_input.request_envelope.request, "locale", None)


def _in_flow(handler_input) -> bool:
    return _session(handler_input).get("flow") == FLOW


def _today(handler_input) -> str:
    """The request's date (UTC): progress is kept for this day."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    if isinstance(stamp, dt.datetime):
        return stamp.astimezone(dt.timezone.utc).date().isoformat()
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


def _slot_id(handler_input, name: str) -> str | None:
    """The resolved id of a custom slot (ER_SUCCESS_MATCH), else None."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slot = (getattr(intent, "slots", None) or {}).get(name)
    if slot is None or slot.resolutions is None:
        return None
    for authority in slot.resolutions.resolutions_per_authority or []:
        code = getattr(getattr(authority.status, "code", None), "value", None)
        if code == "ER_SUCCESS_MATCH" and authority.values:
            return authority.values[0].value.id
    return None


def _known(handler_input) -> dict:
    """Exclusion answers already given in this conversation (the screening's or the routine's own)."""
    known = _session(handler_input).get(SHARED)
    return known if isinstance(known, dict) else {}


def _stored(handler_input) -> dict | None:
    return handler_input.attributes_manager.persistent_attributes.get("routine")


def _apply(handler_input, plan: domain.Plan):
    """Store the plan's state and progress, then render it."""
    session = _session(handler_input)
    if plan.state is None:
        session.pop("routine", None)
    else:
        session["routine"] = plan.state
    session["flow"] = plan.flow
    if plan.shared:
        session[SHARED] = {**_known(handler_input), **plan.shared}
    if plan.save is not None or plan.clear:
        stored = handler_input.attributes_manager.persistent_attributes
        if plan.clear:
            stored.pop("routine", None)
        if plan.save is not None:
            stored["routine"] = {"date": _today(handler_input), **plan.save}
    reply = Reply(handler_input)
    for op in plan.ops:
        if op[0] == "say":
            reply.say(op[1], **op[2])
        elif op[0] == "list":
            reply.say_list(op[1], op[2], **op[3])
        elif op[0] == "hold":
            reply.hold(op[1])
        elif op[0] == "pause":
            reply.pause(op[1])
    if plan.reprompt is not None:
        reply.reprompt(plan.reprompt[0], **plan.reprompt[1])
    if plan.card is not None:
        reply.card(plan.card)
    return reply.tell() if plan.end else reply.ask()


class _FlowIntent(AbstractRequestHandler):
    """Base: one intent (or several) while the routine owns the conversation."""

    intents: tuple = ()

    def can_handle(self, handler_input):
        return any(is_intent_name(n)(handler_input) for n in self.intents) and _in_flow(handler_input)

    def state(self, handler_input) -> dict | None:
        return _session(handler_input).get("routine")


# ------------------------------------------------------------------------------------------------
# Flow-owned handlers (session["flow"] == "routine")
# ------------------------------------------------------------------------------------------------

class YesNoHandler(_FlowIntent):
    """Yes / No / "I'm not sure" to the routine's questions (exclusions, hands and knees, ready?)."""

    intents = ("AMAZON.YesIntent", "AMAZON.NoIntent", "UnsureIntent")

    def handle(self, handler_input):
        yes = True if is_intent_name("AMAZON.YesIntent")(handler_input) else (
            False if is_intent_name("AMAZON.NoIntent")(handler_input) else None)
        plan = domain.answer(self.state(handler_input), _content(handler_input), yes, _locale(handler_input),
                             known=_known(handler_input))
        return _apply(handler_input, plan)


class PainCheckHandler(_FlowIntent):
    """Better, the same, or worse: worse stops the routine with advice."""

    intents = ("PainCheckIntent",)

    def handle(self, handler_input):
        plan = domain.pain(self.state(handler_input), _content(handler_input), _slot_id(handler_input, "change"),
                           _locale(handler_input))
        return _apply(handler_input, plan)


class NextHandler(_FlowIntent):
    """Next or skip: the following exercise."""

    intents = ("AMAZON.NextIntent",)

    def handle(self, handler_input):
        return _apply(handler_input, domain.next_exercise(self.state(handler_input), _content(handler_input),
                                                          _locale(handler_input)))


class RepeatHandler(_FlowIntent):
    """Repeat: the same exercise (or question) again."""

    intents = ("AMAZON.RepeatIntent",)

    def handle(self, handler_input):
        return _apply(handler_input, domain.repeat(self.state(handler_input), _content(handler_input),
                                                   _locale(handler_input)))


class PauseHandler(_FlowIntent):
    """Pause: wait for resume."""

    intents = ("AMAZON.PauseIntent",)

    def handle(self, handler_input):
        return _apply(handler_input, domain.pause(self.state(handler_input), _content(handler_input)))


class ResumeHandler(_FlowIntent):
    """Resume in the same conversation."""

    intents = ("AMAZON.ResumeIntent",)

    def handle(self, handler_input):
        return _apply(handler_input, domain.resume(self.state(handler_input), _content(handler_input),
                                                   _locale(handler_input)))


class StartOverHandler(_FlowIntent):
    """Start over: the routine from the top."""

    intents = ("AMAZON.StartOverIntent",)

    def handle(self, handler_input):
        return _apply(handler_input, domain.start_over(self.state(handler_input), _content(handler_input),
                                                       _locale(handler_input)))


class HelpHandler(_FlowIntent):
    """Help mid-routine: the routine's words, then the same step."""

    intents = ("AMAZON.HelpIntent",)

    def handle(self, handler_input):
        return _apply(handler_input, domain.help_(self.state(handler_input), _content(handler_input)))


class StopHandler(_FlowIntent):
    """Stop or Cancel: end at once (no extra question); today's progress stays stored."""

    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def handle(self, handler_input):
        return _apply(handler_input, domain.stop(self.state(handler_input), _content(handler_input)))


class FallbackHandler(_FlowIntent):
    """Something the routine did not understand: say what it listens for, and the same step again."""

    intents = ("AMAZON.FallbackIntent",)

    def handle(self, handler_input):
        return _apply(handler_input, domain.not_understood(self.state(handler_input), _content(handler_input)))


# ------------------------------------------------------------------------------------------------
# Entry intents (any flow)
# ------------------------------------------------------------------------------------------------

class StartRoutineHandler(AbstractRequestHandler):
    """"Walk me through some stretches", "how do I do a knee to chest": a routine, or one exercise."""

    def can_handle(self, handler_input):
        # Mid-screening the safety questions come first: the screening's handlers answer.
        return is_intent_name("StartRoutineIntent")(handler_input) and _session(handler_input).get("flow") != "screening"

    def handle(self, handler_input):
        session = _session(handler_input)
        plan = domain.start(session.get("routine"), _content(handler_input),
                            routine_id=_slot_id(handler_input, "routine"),
                            exercise_id=_slot_id(handler_input, "exercise"),
                            outcome_tier=session.get("outcome_tier"), locale=_locale(handler_input),
                            known=_known(handler_input))
        return _apply(handler_input, plan)


class ListRoutinesHandler(AbstractRequestHandler):
    """"What stretches do you have": the routines, and which one."""

    def can_handle(self, handler_input):
        return is_intent_name("ListRoutinesIntent")(handler_input) and _session(handler_input).get("flow") != "screening"

    def handle(self, handler_input):
        return _apply(handler_input, domain.list_routines(_session(handler_input).get("routine"),
                                                          _content(handler_input)))


class ContinueLaterHandler(AbstractRequestHandler):
    """"Ask spasm coach to continue" outside any flow: today's stored routine, at the same exercise."""

    def can_handle(self, handler_input):
        if not is_intent_name("AMAZON.ResumeIntent")(handler_input) or _session(handler_input).get("flow"):
            return False
        record = domain.resume_record(_stored(handler_input), _today(handler_input), _content(handler_input))
        return record is not None

    def handle(self, handler_input):
        content = _content(handler_input)
        session = _session(handler_input)
        if session.get("outcome_tier") is not None and int(session["outcome_tier"]) in domain.blocked_tiers(content):
            plan = domain.start(session.get("routine"), content, outcome_tier=session["outcome_tier"])
            return _apply(handler_input, plan)
        record = domain.resume_record(_stored(handler_input), _today(handler_input), content)
        return _apply(handler_input, domain.resume_later(record, content, _locale(handler_input)))


HANDLERS = [YesNoHandler(), PainCheckHandler(), NextHandler(), RepeatHandler(), PauseHandler(), ResumeHandler(),
            StartOverHandler(), HelpHandler(), StopHandler(), FallbackHandler(),
            StartRoutineHandler(), ListRoutinesHandler(), ContinueLaterHandler()]
