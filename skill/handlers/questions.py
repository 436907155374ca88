"""Questions people ask ("how long will this last?", "can I take ibuprofen?"): a short sourced answer, then the
question on the table again or an offer (skill/domain/questions.py decides which)."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler, AbstractRequestInterceptor

from skill.domain import questions as domain
from skill.handlers import checkin, inputs, screening, turns
from skill.render import LEAD_LINE, Reply

REPEAT = "AMAZON.RepeatIntent"


def _advice(handler_input):
    """The advice that stands (review4 #3): this conversation's, else today's or an earlier day's of the episode."""
    return checkin.standing_advice(handler_input)


def _follows(handler_input) -> str:
    session = inputs.session(handler_input)
    state = turns.state_of(session)
    routine = inputs.routine_state(handler_input) if state == turns.ROUTINE_QUESTION else None
    tier, earlier = session.get("outcome_tier"), False
    if tier is None and state == turns.NONE:
        advice = _advice(handler_input)           # given earlier today or on an earlier day of the episode
        tier, earlier = advice.tier, advice.earlier
    return domain.follows(state, outcome_tier=tier, earlier=earlier,
                          routine_awaiting=getattr(routine, "awaiting", None))


def _rub(handler_input) -> bool:
    """The medicine asked about is put on the skin (a rub, cream or gel)."""
    return domain.is_rub(inputs.slot_id(handler_input, "medicine"), inputs.slot_value(handler_input, "medicine"))


class AskedAtAQuestionInterceptor(AbstractRequestInterceptor):
    """A question said while a routine or timer question is on the table: its answer is said first (the render's
    LEAD_LINE) and the request becomes that flow's "repeat", so the flow asks its own question again. (At a
    screening question, the screening's AgainHandler answers briefly and asks again: skill/handlers/turns.py.)"""

    def process(self, handler_input):
        intent = inputs.intent_name(handler_input)
        if domain.topic(intent) is None or handler_input.request_envelope.session is None:
            return
        if _follows(handler_input) != domain.REASK:
            return
        handler_input.attributes_manager.request_attributes[LEAD_LINE] = domain.answer_key(
            intent, advised=_advice(handler_input).tier is not None, rub=_rub(handler_input))
        handler_input.request_envelope.request.intent.name = REPEAT
        handler_input.request_envelope.request.intent.slots = {}


class QuestionHandler(AbstractRequestHandler):
    """"How long will this last?", "should I stay in bed?", "can I take ibuprofen?", "can I go to work?", "what
    caused it?" with no screening question on the table: the answer and what follows it; after the emergency advice
    in this conversation, that advice again (number first)."""

    def can_handle(self, handler_input):
        return domain.topic(inputs.intent_name(handler_input)) is not None

    def handle(self, handler_input):
        then = _follows(handler_input)
        if then == domain.EMERGENCY:
            return checkin.emergency_again(handler_input, _advice(handler_input))
        return Reply(handler_input).play(domain.speech(inputs.intent_name(handler_input), then,
                                                       advised=_advice(handler_input).tier is not None,
                                                       rub=_rub(handler_input)))


def answer_topic(handler_input, topic: str):
    """A question asked in words with no intent of its own ("is sex ok with a bad back?", skill/domain/answers.py
    ASKED_TOPICS), with no flow's question on the table: its answer and what follows it, as QuestionHandler."""
    then = _follows(handler_input)
    if then == domain.EMERGENCY:
        return checkin.emergency_again(handler_input, _advice(handler_input))
    return Reply(handler_input).play(domain.topic_speech(topic, then))


REQUEST_INTERCEPTORS = [AskedAtAQuestionInterceptor()]
HANDLERS = [QuestionHandler()]
