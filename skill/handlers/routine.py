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


def _now(handler_input) -> dt.datetime:
    """The request's time (UTC): progress is kept for domain.RESUME_HOURS after the last step."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    if isinstance(stamp, dt.datetime):
        return stamp.astimezone(dt.timezone.utc) if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def _slot_value(handler_input, name: str) -> str | None:
    """The words heard in a slot, whether or not they resolved."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slot = (getattr(intent, "slots", None) or {}).get(name)
    return getattr(slot, "value", None) or None


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
            stored["routine"] = domain.record_for(plan.save, _now(handler_input))
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
        heard = _slot_value(handler_input, "change")
        change = _slot_id(handler_input, "change") or (heard.lower() if heard else None)
        plan = domain.pain(self.state(handler_input), _content(handler_input), change, _locale(handler_input),
                           heard=heard)
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

def _therapy_active(handler_input) -> bool:
    """Whether timers of ours are stored (DESIGN.md: therapy.active): then a bare "resume" is theirs."""
    stored = handler_input.attributes_manager.persistent_attributes.get("therapy")
    return isinstance(stored, dict) and bool(stored.get("active"))


def _can_continue(handler_input) -> bool:
    """A routine to pick up: one left earlier in this conversation, or progress stored recently."""
    if domain.in_progress(_session(handler_input).get("routine")):
        return True
    return domain.resume_record(_stored(handler_input), _now(handler_input), _content(handler_input)) is not None


def _continue(handler_input):
    """"Continue (my stretches)" outside the routine's flow: the routine left in this conversation, else the
    stored progress, else say there is nothing saved and offer to start. Never after a serious outcome."""
    content, session = _content(handler_input), _session(handler_input)
    state = session.get("routine")
    tier = session.get("outcome_tier")
    if tier is not None and int(tier) in domain.blocked_tiers(content):
        return _apply(handler_input, domain.start(state, content, outcome_tier=tier))
    if domain.in_progress(state):
        return _apply(handler_input, domain.carry_on(state, content, _locale(handler_input)))
    record = domain.resume_record(_stored(handler_input), _now(handler_input), content)
    if record is not None:
        return _apply(handler_input, domain.resume_later(record, content, _locale(handler_input)))
    return _apply(handler_input, domain.nothing_to_continue(state, content))


class StartRoutineHandler(AbstractRequestHandler):
    """"Walk me through some stretches", "how do I do a knee to chest": a routine, or one exercise.
    "Continue my stretches" (heard in the routine slot) carries on instead of starting again."""

    def can_handle(self, handler_input):
        # Mid-screening the safety questions come first: the screening's handlers answer.
        return is_intent_name("StartRoutineIntent")(handler_input) and _session(handler_input).get("flow") != "screening"

    def handle(self, handler_input):
        session = _session(handler_input)
        routine_id = _slot_id(handler_input, "routine")
        if routine_id is None and domain.wants_resume(_slot_value(handler_input, "routine")):
            if _in_flow(handler_input):
                return _apply(handler_input, domain.resume(session.get("routine"), _content(handler_input),
                                                           _locale(handler_input)))
            return _continue(handler_input)
        plan = domain.start(session.get("routine"), _content(handler_input),
                            routine_id=routine_id,
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
    """"Ask spasm coach to continue" outside any flow: the routine where it was left; with nothing to continue
    (and no timers of ours to resume, which the therapy handlers answer), say so and offer to start."""

    def can_handle(self, handler_input):
        if not is_intent_name("AMAZON.ResumeIntent")(handler_input) or _session(handler_input).get("flow"):
            return False
        return _can_continue(handler_input) or not _therapy_active(handler_input)

    def handle(self, handler_input):
        return _continue(handler_input)


class WorseOutsideHandler(AbstractRequestHandler):
    """"Worse" (or "it hurts") with no flow running, e.g. just after the routine ended: the same advice."""

    def can_handle(self, handler_input):
        return (is_intent_name("PainCheckIntent")(handler_input) and not _session(handler_input).get("flow")
                and _slot_id(handler_input, "change") == "worse")

    def handle(self, handler_input):
        return _apply(handler_input, domain.worse(_session(handler_input).get("routine"), _content(handler_input)))


HANDLERS = [YesNoHandler(), PainCheckHandler(), NextHandler(), RepeatHandler(), PauseHandler(), ResumeHandler(),
            StartOverHandler(), HelpHandler(), StopHandler(), FallbackHandler(),
            StartRoutineHandler(), ListRoutinesHandler(), ContinueLaterHandler(), WorseOutsideHandler()]
