"""An offer declined in so many words ("I don't want the questions", "no stretches thanks", explore6 #18): never the
thing declined. With nothing on the table, what else there is; at a question of the flow declined, that flow stops
as "stop" stops it (the safety line included)."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler, AbstractRequestInterceptor

from skill.handlers import inputs, turns
from skill.render import Reply

INTENT = "DeclineIntent"
SLOT = "offer"
STRETCHES, QUESTIONS = "stretches", "questions"     # DECLINED_OFFER's value ids
STOP = "AMAZON.StopIntent"
ROUTINE_STATES = (turns.ROUTINE_QUESTION, turns.ROUTINE_EXERCISE, turns.ROUTINE_PAIN_CHECK)
LINES = {STRETCHES: "frame.declined.stretches", QUESTIONS: "frame.declined.questions"}
NO_STRETCHES_OFFER = "health.offer.no_stretches"     # heat, ice, or safety questions?


def _stops_the_flow(session: dict, declined: str | None) -> bool:
    """Whether declining DECLINED at the question on the table stops its flow: the questions at a screening question
    (and the stretches, at the questions asked before them), anything at a stretch's step."""
    state = turns.state_of(session)
    if state in turns.SCREENING_STATES:
        screening = session.get("screening") if isinstance(session.get("screening"), dict) else {}
        return declined == QUESTIONS or (declined == STRETCHES and bool(screening.get("gate")))
    return state in ROUTINE_STATES


class DeclineInterceptor(AbstractRequestInterceptor):
    """At a question of the flow declined ("I don't want the questions" at a red-flag question, "no stretches" in
    the stretches or the questions before them): AMAZON.StopIntent, which that flow answers (the questions' safety
    net; the stretches' place kept). "No stretches" in the full questions waits for them (let's finish first)."""

    def process(self, handler_input):
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        if intent is None or intent.name != INTENT or handler_input.request_envelope.session is None:
            return
        if _stops_the_flow(inputs.session(handler_input), inputs.slot_id(handler_input, SLOT)):
            intent.name, intent.slots = STOP, {}


class DeclineHandler(AbstractRequestHandler):
    """"I don't want the stretches": okay, then heat, ice or the questions. "I don't want the questions": okay, the
    signs to call for, then heat or ice (the flow's own "ice or heat?" question, so "heat" starts its checks). Any
    question of another flow on the table is dropped: the person has said what they want instead."""

    def can_handle(self, handler_input):
        return (inputs.intent_name(handler_input) == INTENT
                and turns.outcome(turns.state_of(inputs.session(handler_input)), INTENT) in (turns.ENTRY, turns.PASS))

    def handle(self, handler_input):
        declined = inputs.slot_id(handler_input, SLOT)
        if handler_input.request_envelope.session is not None:
            inputs.session(handler_input)["flow"] = None
        if declined == QUESTIONS:
            from skill.handlers import therapy          # "would you like heat or ice?": that flow's own question
            if handler_input.request_envelope.session is not None:
                therapy.ask_ice_or_heat(handler_input)
            return Reply(handler_input).say(LINES[QUESTIONS]).ask()
        return Reply(handler_input).say(LINES[STRETCHES]).say(NO_STRETCHES_OFFER).ask()


REQUEST_INTERCEPTORS = [DeclineInterceptor()]
HANDLERS = [DeclineHandler()]
