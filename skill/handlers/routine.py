"""Stretch coaching handlers: thin wrappers that read slots and state, call skill.domain.routine, and render."""

from __future__ import annotations

import datetime as dt

from ask_sdk_core.dispatch_components import AbstractRequestHandler, AbstractRequestInterceptor
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Slot

from skill.domain import answers as answer_words
from skill.domain import checkin as checkin_words
from skill.domain import routine as domain
from skill.domain.symptoms import read_symptom
from skill.handlers import inputs, misses, turns
from skill.handlers import screening as screening_handlers
from skill.domain.clock import parse_time
from skill.plan import Leftover, Phrase
from skill.render import Reply

FLOW = "routine"
REPEAT_EXERCISE = "RepeatExerciseIntent"      # "do it again": the exercise again (AMAZON.RepeatIntent: "what?")
TOILET_BREAK = "toilet_break"                  # request attribute: a pause that is a toilet break
SCORE = "pain_score"                           # session: the last pain score out of ten said in this conversation
# At the pain check: concepts of symptoms.yaml that make unplaced words a symptom, and words that mean "worse".
NEURO = {"numb", "weak", "odd", "unsteady", "saddle", "legs_both", "bladder_change", "bowel_change", "droop", "speech"}
PAIN_WORDS = {"hurt", "hurts", "hurting", "hurted", "ouch", "ow", "owww", "ouchie", "pain", "painful", "sore",
              "agony", "aching", "worse", "sharp", "stabbing", "twinge", "twinges", "twinged", "twinging"}


# ------------------------------------------------------------------------------------------------
# Small helpers over handler_input (the shared ones are in skill.handlers.inputs)
# ------------------------------------------------------------------------------------------------

def _in_flow(handler_input) -> bool:
    return inputs.session(handler_input).get("flow") == FLOW


def _state(handler_input) -> domain.State | None:
    """The routine's session state, parsed and validated once (None: none, or one that cannot be read safely,
    which starts the routine again from its start)."""
    return inputs.routine_state(handler_input)


def _stored(handler_input) -> dict | None:
    return handler_input.attributes_manager.persistent_attributes.get("routine")


def _apply(handler_input, plan: domain.Plan):
    """Store the plan's state and progress, then render it (a misunderstanding: re-ask, help, then goodbye)."""
    level = misses.missed(handler_input) if plan.missed else None
    if level == misses.GOODBYE:
        plan = domain.gave_up(plan.state, inputs.content(handler_input))
    session = inputs.session(handler_input)
    if plan.state is None:
        session.pop("routine", None)
    else:
        session["routine"] = plan.state.as_dict()
    session["flow"] = plan.flow
    if plan.shared:
        session[inputs.EXCLUSIONS] = {**inputs.known_exclusions(handler_input), **plan.shared}
    if plan.offer:
        session["reminder_offer"] = {"kind": plan.offer}      # answered by skill/handlers/reminders.py
    if plan.ice_or_heat and handler_input.request_envelope.session is not None:
        from skill.handlers import therapy          # "would you like heat or ice?": that flow's own question
        therapy.ask_ice_or_heat(handler_input)
    if plan.save is not None or plan.clear:
        stored = handler_input.attributes_manager.persistent_attributes
        if plan.clear:
            stored.pop("routine", None)
        if plan.save is not None:
            stored["routine"] = domain.record_for(plan.save, inputs.request_time(handler_input))
    speech = plan.speech()
    if level == misses.HELP:
        speech = misses.with_help(speech)
    elif level == misses.GOODBYE:
        speech = misses.goodbye()
    return Reply(handler_input).play(speech)


class _FlowIntent(AbstractRequestHandler):
    """Base: one intent (or several) while the routine owns the conversation."""

    intents: tuple = ()
    step = None                 # the domain function a plain intent calls: step(state, content[, locale])
    with_locale = False

    def can_handle(self, handler_input):
        return any(is_intent_name(n)(handler_input) for n in self.intents) and _in_flow(handler_input)

    def state(self, handler_input) -> domain.State | None:
        return _state(handler_input)

    def handle(self, handler_input):
        extra = (inputs.locale(handler_input),) if self.with_locale else ()
        return _apply(handler_input, self.step(self.state(handler_input), inputs.content(handler_input), *extra))


# ------------------------------------------------------------------------------------------------
# Flow-owned handlers (session["flow"] == "routine")
# ------------------------------------------------------------------------------------------------

class YesNoHandler(_FlowIntent):
    """Yes / No / "I'm not sure" to the routine's questions (exclusions, hands and knees, ready?). A bare "okay" at an
    exclusion (turns.asks_a_check) is no answer: what a yes or a no means, and the question again."""

    intents = ("AMAZON.YesIntent", "AMAZON.NoIntent", "UnsureIntent", turns.ACKNOWLEDGE_INTENT)

    def handle(self, handler_input):
        if is_intent_name(turns.ACKNOWLEDGE_INTENT)(handler_input):
            return _apply(handler_input, domain.acknowledged(self.state(handler_input), inputs.content(handler_input)))
        yes = True if is_intent_name("AMAZON.YesIntent")(handler_input) else (
            False if is_intent_name("AMAZON.NoIntent")(handler_input) else None)
        plan = domain.answer(self.state(handler_input), inputs.content(handler_input), yes,
                             inputs.locale(handler_input), known=inputs.known_exclusions(handler_input))
        return _apply(handler_input, plan)


class AgeAnswerHandler(AbstractRequestHandler):
    """An age said at "Are you under sixteen?" ("I'm fifteen", "no, I'm forty"), which arrives as a number in
    another intent's slot (a timer's minutes): it answers the question, instead of starting a timer and losing it.
    Never a stop, a symptom or an emergency request (those keep their own handlers)."""

    def can_handle(self, handler_input):
        if not _in_flow(handler_input) or inputs.intent_name(handler_input) in turns.SAFETY_EXITS:
            return False
        return domain.asks_age(_state(handler_input), inputs.content(handler_input)) \
            and answer_words.age_in(_heard(handler_input)) is not None

    def handle(self, handler_input):
        plan = domain.age_given(_state(handler_input), inputs.content(handler_input),
                                answer_words.age_in(_heard(handler_input)), inputs.locale(handler_input),
                                known=inputs.known_exclusions(handler_input))
        return _apply(handler_input, plan)


def _heard(handler_input) -> str:
    """Every word the intent's slots heard, in slot order ("" when none)."""
    return " ".join(getattr(slot, "value", None) or "" for slot in inputs.slots(handler_input).values()).strip()


class PainCheckHandler(_FlowIntent):
    """Better, the same, or worse: worse stops the routine with advice."""

    intents = ("PainCheckIntent",)

    def handle(self, handler_input):
        score = _score(handler_input)
        if score is not None:
            session = inputs.session(handler_input)
            before = session.get(SCORE) if isinstance(session.get(SCORE), int) else None
            session[SCORE] = score
            return _apply(handler_input, domain.pain_score(self.state(handler_input), inputs.content(handler_input),
                                                           score, before, inputs.locale(handler_input)))
        heard = inputs.slot_value(handler_input, "change")
        change = inputs.slot_id(handler_input, "change") or (heard.lower() if heard else None)
        if heard and inputs.slot_id(handler_input, "change") is None:
            # Words that are not better/same/worse: a symptom goes to the red-flag path (never "rest until you
            # feel better" for numbness or weakness); pain words stop the routine like "worse".
            reading = read_symptom(heard, inputs.locale(handler_input) or "en-US")
            if reading.flag is not None or (reading.unplaced and NEURO & set(reading.concepts)):
                return screening_handlers.symptom_said(handler_input, reading.flag, weak=reading.needs_question,
                                                       words=heard)
            if PAIN_WORDS & set(heard.lower().replace("'", " ").split()):
                change = "worse"
        plan = domain.pain(self.state(handler_input), inputs.content(handler_input), change,
                           inputs.locale(handler_input), heard=heard)
        return _apply(handler_input, plan)


def _score(handler_input) -> int | None:
    """A pain score out of ten said (PainReportIntent's number, or a bare number at the pain check), else None."""
    said = inputs.slot_value(handler_input, "score")
    number = int(said) if said and said.isdigit() else None
    return number if number in domain.SCORE_RANGE else None


class BareNumberAtThePainCheckInterceptor(AbstractRequestInterceptor):
    """At the pain check, a number said alone ("ten", "four") is a pain score out of ten, never a timer's minutes
    (explore7 #8: "ten" asked "ice or heat?"): PainCheckIntent with that score."""

    def process(self, handler_input):
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        if intent is None or intent.name != "StartTherapyIntent" or not _in_flow(handler_input):
            return
        state = _state(handler_input)
        filled = {name for name, slot in (intent.slots or {}).items() if getattr(slot, "value", None)}
        said = inputs.slot_value(handler_input, "minutes")
        if state is None or state.awaiting != domain.PAIN_CHECK or filled != {"minutes"} or not said \
                or not said.isdigit() or int(said) not in domain.SCORE_RANGE:
            return
        intent.name, intent.slots = "PainCheckIntent", {"score": Slot(name="score", value=said)}


class NextHandler(_FlowIntent):
    """Next or skip: the following exercise."""

    intents = ("AMAZON.NextIntent",)
    step = staticmethod(domain.next_exercise)
    with_locale = True


class RepeatHandler(_FlowIntent):
    """"What?", "pardon", "say that again": at the pain check the question again; elsewhere the same exercise (or
    question) again."""

    intents = ("AMAZON.RepeatIntent",)
    step = staticmethod(domain.say_again)
    with_locale = True


class RepeatExerciseHandler(_FlowIntent):
    """"Do it again", "repeat that exercise": the same exercise (or question) again, the pain check included."""

    intents = (REPEAT_EXERCISE,)
    step = staticmethod(domain.repeat)
    with_locale = True


class RepeatExerciseInterceptor(AbstractRequestInterceptor):
    """"Do it again" (RepeatExerciseIntent) means "repeat" wherever the routine does not own the turn: it becomes
    AMAZON.RepeatIntent before any handler, so every other flow answers it as it answers repeat."""

    def process(self, handler_input):
        if inputs.intent_name(handler_input) == REPEAT_EXERCISE and not _in_flow(handler_input):
            handler_input.request_envelope.request.intent.name = "AMAZON.RepeatIntent"


class PreviousHandler(_FlowIntent):
    """Go back: the exercise before the current one ("do it again" is Repeat: the current one)."""

    intents = ("AMAZON.PreviousIntent",)
    step = staticmethod(domain.previous)
    with_locale = True


class PauseHandler(_FlowIntent):
    """Pause: wait for resume. A toilet break (ToiletBreakInterceptor): go ahead, and the session ends."""

    intents = ("AMAZON.PauseIntent",)

    def handle(self, handler_input):
        toilet = handler_input.attributes_manager.request_attributes.get(TOILET_BREAK)
        step = domain.toilet_break if toilet else domain.pause
        return _apply(handler_input, step(self.state(handler_input), inputs.content(handler_input)))


class ToiletBreakInterceptor(AbstractRequestInterceptor):
    """Mid-routine, "I need a wee" (a plain toilet need, heard as a symptom the skill cannot place) is a break, not
    the red-flag questions (explore4 F16): it becomes AMAZON.PauseIntent, marked, and the routine's pause answers.
    A symptom the skill can place, or any word of trouble (retention, leaking, lost feeling, pain, "can't"...:
    answers.toilet_need), stays the symptom it is."""

    def process(self, handler_input):
        if inputs.intent_name(handler_input) != "ReportSymptomIntent" or not _in_flow(handler_input):
            return
        if inputs.slot_id(handler_input, "symptom") is not None \
                or not answer_words.toilet_need(inputs.slot_value(handler_input, "symptom")):
            return
        intent = handler_input.request_envelope.request.intent
        intent.name, intent.slots = "AMAZON.PauseIntent", {}
        handler_input.attributes_manager.request_attributes[TOILET_BREAK] = True


class WorseWordsInterceptor(AbstractRequestInterceptor):
    """During an exercise or at its pain check, "a bit worse actually" or "the exercises are making it worse" (heard
    as a symptom the skill cannot place, made only of pain words: domain.worse_only) is the pain getting worse:
    it becomes PainCheckIntent with those words, so the routine stops with its advice, never the red-flag questions
    from their start (explore4 F5). A red flag or a numbness, tingling or weakness word stays the symptom it is."""

    def process(self, handler_input):
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        if intent is None or intent.name != "ReportSymptomIntent" or not _in_flow(handler_input):
            return
        state = _state(handler_input)
        words = inputs.slot_value(handler_input, "symptom")
        if state is None or state.awaiting not in domain.IN_PROGRESS or inputs.slot_id(handler_input, "symptom") \
                or not domain.worse_only(words):
            return
        reading = read_symptom(words, inputs.locale(handler_input) or "en-US")
        if reading.flag not in (None, PAIN_CHANGE_FLAG) or NEURO & set(reading.concepts):
            return
        slot = intent.slots["symptom"]
        slot.name, slot.resolutions = "change", None
        intent.name, intent.slots = "PainCheckIntent", {"change": slot}


class PainWordsAtTheCheckInterceptor(AbstractRequestInterceptor):
    """At the pain check, words heard as a symptom the skill cannot place that say how the pain is, not what ("not
    too bad", "no change really", "not great"), with no red flag and no numbness, tingling or weakness word, are
    the pain check's answer: PainCheckIntent with the change they say (explore6 #21: they restarted the red-flag
    questions answered minutes earlier). "Not too bad" is the same; "not great" says no change, so it is asked."""

    def process(self, handler_input):
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        if intent is None or intent.name != "ReportSymptomIntent" or not _in_flow(handler_input) \
                or inputs.slot_id(handler_input, "symptom"):
            return
        state = _state(handler_input)
        words = inputs.slot_value(handler_input, "symptom")
        if state is None or state.awaiting != domain.PAIN_CHECK or not words:
            return
        reading = read_symptom(words, inputs.locale(handler_input) or "en-US")
        if reading.flag not in (None, PAIN_CHANGE_FLAG) or NEURO & set(reading.concepts):
            return
        rest = checkin_words.without_change_words(words)
        said = read_symptom(rest, inputs.locale(handler_input) or "en-US") if rest else None
        if said is not None and (said.flag is not None or not set(said.concepts) <= answer_words.HOW_BAD):
            return      # "not too bad, some pain in my chest": the rest is a symptom (review6 #1), never "the same"
        change = checkin_words.read_change(words)
        if change is None and checkin_words.not_bad(words):
            change = "same"
        if change not in domain.PAIN_CHANGES:
            return
        slot = intent.slots["symptom"]
        slot.name, slot.value, slot.resolutions = "change", change, None
        intent.name, intent.slots = "PainCheckIntent", {"change": slot}


class SymptomInAnswerWordsInterceptor(AbstractRequestInterceptor):
    """In the routine, an answer's words (AnswerIntent, whatever they were taken for) that say a red flag or a
    numbness, tingling or weakness word besides a pain change ("no different, my pee won't come") are that symptom:
    ReportSymptomIntent with every word, so the red-flag path answers, never "how is your back?" again (review6 #10)."""

    def process(self, handler_input):
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        words = handler_input.attributes_manager.request_attributes.get(inputs.ANSWER_WORDS)
        if intent is None or not words or not _in_flow(handler_input):
            return
        rest = checkin_words.without_change_words(words)
        reading = read_symptom(rest, inputs.locale(handler_input) or "en-US") if rest else None
        if reading is None or (reading.flag in (None, PAIN_CHANGE_FLAG) and not NEURO & set(reading.concepts)):
            return
        intent.name = "ReportSymptomIntent"
        intent.slots = {"symptom": Slot(name="symptom", value=words)}


class ResumeHandler(_FlowIntent):
    """Resume in the same conversation."""

    intents = ("AMAZON.ResumeIntent",)
    step = staticmethod(domain.resume)
    with_locale = True


class StartOverHandler(_FlowIntent):
    """Start over: the routine from the top."""

    intents = ("AMAZON.StartOverIntent",)
    step = staticmethod(domain.start_over)
    with_locale = True


class NumberHandler(_FlowIntent):
    """"What's the emergency number?" mid-routine: the number, then the routine's question (or "say next") again."""

    intents = ("EmergencyNumberIntent",)
    step = staticmethod(domain.number)


class LeftHandler(_FlowIntent):
    """"How long is left?" mid-routine with no timers of ours running: the exercises left, and the step again
    (it closed the session with the timers' permission card: explore4 F14)."""

    intents = ("TherapyStatusIntent",)
    step = staticmethod(domain.left)

    def can_handle(self, handler_input):
        return super().can_handle(handler_input) and not _therapy_active(handler_input)


class HelpHandler(_FlowIntent):
    """Help mid-routine: the routine's words, then the same step."""

    intents = ("AMAZON.HelpIntent",)
    step = staticmethod(domain.help_)


class StopHandler(_FlowIntent):
    """Stop or Cancel: end at once (no extra question); today's progress stays stored."""

    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent")
    step = staticmethod(domain.stop)


class FallbackHandler(_FlowIntent):
    """Something the routine did not understand: say what it listens for, and the same step again."""

    intents = ("AMAZON.FallbackIntent",)
    step = staticmethod(domain.not_understood)


# ------------------------------------------------------------------------------------------------
# Entry intents (any flow)
# ------------------------------------------------------------------------------------------------

def _therapy_active(handler_input) -> bool:
    """Whether timers of ours are stored (DESIGN.md: therapy.active): then a bare "resume" is theirs."""
    stored = handler_input.attributes_manager.persistent_attributes.get("therapy")
    return isinstance(stored, dict) and bool(stored.get("active"))


def _can_continue(handler_input) -> bool:
    """A routine to pick up: one left earlier in this conversation, or progress stored recently."""
    if domain.in_progress(_state(handler_input)):
        return True
    record = domain.resume_record(_stored(handler_input), inputs.request_time(handler_input),
                                  inputs.content(handler_input))
    return record is not None


def _continue(handler_input):
    """"Continue (my stretches)" outside the routine's flow: the routine left in this conversation, else the
    stored progress, else say there is nothing saved and offer to start. Never after a serious outcome."""
    content, session = inputs.content(handler_input), inputs.session(handler_input)
    state = _state(handler_input)
    tier = session.get("outcome_tier")
    if tier is not None and int(tier) in domain.blocked_tiers(content):
        return _apply(handler_input, domain.start(state, content, outcome_tier=tier))
    if domain.in_progress(state):
        return _apply(handler_input, domain.carry_on(state, content, inputs.locale(handler_input)))
    if _stopped_today(handler_input):
        return _apply(handler_input, _refused_for_symptom(state))
    record = domain.resume_record(_stored(handler_input), inputs.request_time(handler_input), content)
    if record is not None:
        then = {"routine_id": record["routine_id"], "exercise_id": None}
        if _blocked_today(handler_input):
            return start_after_gate(handler_input, then, [])     # refused: a serious result earlier today
        gate = screening_handlers.stretch_gate(handler_input, then)
        if gate is not None:
            return gate      # a new day: the tier-1 questions first, then the routine from its start (a safe point)
        return _apply(handler_input, domain.resume_later(record, content, inputs.locale(handler_input)))
    return _apply(handler_input, domain.nothing_to_continue(state, content))


class StartRoutineHandler(AbstractRequestHandler):
    """"Walk me through some stretches", "how do I do a knee to chest": a routine, or one exercise.
    "Continue my stretches" (heard in the routine slot) carries on instead of starting again."""

    def can_handle(self, handler_input):
        # Mid-screening the safety questions come first: the screening's handlers answer.
        return (is_intent_name("StartRoutineIntent")(handler_input)
                and inputs.session(handler_input).get("flow") != "screening")

    def handle(self, handler_input):
        routine_id = inputs.slot_id(handler_input, "routine")
        if routine_id is None and domain.wants_resume(inputs.slot_value(handler_input, "routine")):
            if _in_flow(handler_input):
                return _apply(handler_input, domain.resume(_state(handler_input), inputs.content(handler_input),
                                                           inputs.locale(handler_input)))
            return _continue(handler_input)
        exercise_id = inputs.slot_id(handler_input, "exercise")
        if _in_flow(handler_input) and routine_id is None and exercise_id is None \
                and domain.in_progress(_state(handler_input)):
            # Mid-routine, "start my stretches" (or words heard as it: "the pain's moved to my side") goes on
            # where it is, the question on the table again; never the exercise again from its start.
            return _apply(handler_input, domain.already(_state(handler_input), inputs.content(handler_input)))
        if _stopped_today(handler_input) and inputs.session(handler_input).get("outcome_tier") is None:
            return _apply(handler_input, _refused_for_symptom(_state(handler_input)))
        if not domain.in_progress(_state(handler_input)) and not _blocked_today(handler_input):
            gate = screening_handlers.stretch_gate(handler_input, {"routine_id": routine_id,
                                                                   "exercise_id": exercise_id})
            if gate is not None:
                return gate          # the tier-1 questions first (the first stretches of the day)
        return start_after_gate(handler_input, {"routine_id": routine_id, "exercise_id": exercise_id}, [])


def _blocked_today(handler_input) -> bool:
    return screening_handlers.stretches_blocked_today(handler_input)


# The stop rules: "if you feel numbness, tingling or weakness, stop straight away and tell me". Once a symptom is
# told during the stretches, they stop for the day: the stored day flag (a plain date, never what was said).
STOPPED_ON = "stretches_stopped_on"
STOPPED_FOR_SYMPTOM = "routine.blocked.symptom"


STOPPED_FOR_A_SYMPTOM_NOW = "routine.stopped.symptom"     # "stop the stretch now": said first (explore7 #17)


def stop_for_symptom(handler_input) -> bool:
    """A symptom said while a routine is under way (in this conversation): the routine ends here (its session
    state and today's stored progress are dropped, so neither "carry on" nor "continue" resumes it) and no more
    stretches today; True when a stretch was under way in this conversation (the reply says to stop it). Anything
    else (no routine under way): nothing, False."""
    session = inputs.session(handler_input)
    moving = turns.state_of(session) in (turns.ROUTINE_EXERCISE, turns.ROUTINE_PAIN_CHECK)    # a stretch set up
    if not (session.get("flow") == FLOW or domain.in_progress(_state(handler_input))):
        return False
    session.pop("routine", None)
    handler_input.attributes_manager.request_attributes.pop(inputs.ROUTINE_STATE, None)
    if handler_input.request_envelope.session is None:
        return moving
    try:
        stored = handler_input.attributes_manager.persistent_attributes
        stored.pop("routine", None)
        stored[STOPPED_ON] = screening_handlers.today(handler_input).isoformat()
    except Exception:   # noqa: BLE001 - a store failure must not cost the questions that follow
        pass
    return moving


def _stopped_today(handler_input) -> bool:
    try:
        stored = handler_input.attributes_manager.persistent_attributes
    except Exception:   # noqa: BLE001 - the store is down: nothing remembered
        return False
    return stored.get(STOPPED_ON) == screening_handlers.today(handler_input).isoformat()


def _refused_for_symptom(state) -> domain.Plan:
    return domain.Plan(state, leave=True).say(STOPPED_FOR_SYMPTOM)


OFFER_ALL, OFFER_HEAT_ICE = "screening.offer.choice", "screening.offer.heat_ice"


def stretches_refused(handler_input) -> bool:
    """Whether a request for stretches now would be refused: a serious result in this conversation or earlier
    today, a symptom that stopped them today, or an exclusion said yes in this conversation. What is offered
    follows it, so an offer never names what the next turn would refuse."""
    tier = inputs.session(handler_input).get("outcome_tier")
    if isinstance(tier, int) and tier in domain.blocked_tiers(inputs.content(handler_input)):
        return True
    state = _state(handler_input)
    if state is not None and state.excluded:      # the routine's own exclusion ("not sure" counts as yes: review4 #4)
        return True
    return _stopped_today(handler_input) or _blocked_today(handler_input) \
        or "yes" in inputs.known_exclusions(handler_input).values()


def offer_after_outcome(handler_input) -> str:
    """What a see-a-doctor-in-days or self-care outcome offers: heat, ice or stretches; heat or ice only when
    stretches would be refused now (stretches_refused)."""
    return OFFER_HEAT_ICE if stretches_refused(handler_input) else OFFER_ALL


def start_after_gate(handler_input, then: dict, lead):
    """The routine (or exercise) asked for, after LEAD lines [(key, params)]; refused after a serious outcome,
    in this conversation or earlier today (the stored day flag)."""
    session = inputs.session(handler_input)
    tier = session.get("outcome_tier")
    if tier is None and _blocked_today(handler_input):
        # earlier today: the emergency advice stands as itself, never softened to "a doctor today" (explore6 #1)
        tier = 1 if screening_handlers.emergency_advised_recently(handler_input) else 2
    if (tier is None or int(tier) not in domain.blocked_tiers(inputs.content(handler_input))) \
            and _stopped_today(handler_input):
        return _apply(handler_input, _refused_for_symptom(_state(handler_input)))
    plan = domain.start(_state(handler_input), inputs.content(handler_input),
                        routine_id=then.get("routine_id"), exercise_id=then.get("exercise_id"),
                        outcome_tier=tier, locale=inputs.locale(handler_input),
                        known=inputs.known_exclusions(handler_input))
    plan.ops[:0] = [("say", key, params) for key, params in lead]
    return _apply(handler_input, plan)


class ListRoutinesHandler(AbstractRequestHandler):
    """"What stretches do you have": the routines, and which one."""

    def can_handle(self, handler_input):
        return (is_intent_name("ListRoutinesIntent")(handler_input)
                and inputs.session(handler_input).get("flow") != "screening")

    def handle(self, handler_input):
        return _apply(handler_input, domain.list_routines(_state(handler_input),
                                                          inputs.content(handler_input)))


class ContinueLaterHandler(AbstractRequestHandler):
    """"Ask spasm coach to continue" outside any flow: the routine where it was left; with nothing to continue
    (and no timers of ours to resume, which the therapy handlers answer), say so and offer to start."""

    def can_handle(self, handler_input):
        if not is_intent_name("AMAZON.ResumeIntent")(handler_input) or inputs.session(handler_input).get("flow"):
            return False
        return _can_continue(handler_input) or not _therapy_active(handler_input)

    def handle(self, handler_input):
        return _continue(handler_input)


class WorseOutsideHandler(AbstractRequestHandler):
    """"Worse" (or "it hurts", "ow") with no flow running: after emergency advice in this conversation, that
    advice again; in a one-shot, after other advice from the questions, or with a routine left in the session,
    the advice to rest and the red-flag signs, which closes; in an open conversation, sorry, the red-flag signs
    and what can help, with the microphone open (someone who says "ow" at the menu is not sent away)."""

    def can_handle(self, handler_input):
        return (is_intent_name("PainCheckIntent")(handler_input) and not inputs.session(handler_input).get("flow")
                and inputs.slot_id(handler_input, "change") == "worse")

    def handle(self, handler_input):
        session = handler_input.request_envelope.session
        if inputs.session(handler_input).get("outcome_tier") == 1:
            return screening_handlers.emergency_request(handler_input)   # told to call: that again, not "rest"
        told = inputs.session(handler_input).get("outcome_tier") is not None   # the questions gave advice already
        if session is not None and not session.new and _state(handler_input) is None and not told:
            return Reply(handler_input).say("routine.pain.worse.menu").ask()
        return _apply(handler_input, domain.worse(_state(handler_input),
                                                  inputs.content(handler_input)))


HANDLERS = [AgeAnswerHandler(), YesNoHandler(), PainCheckHandler(), NextHandler(), RepeatHandler(),
            RepeatExerciseHandler(), PreviousHandler(), PauseHandler(),
            ResumeHandler(),
            StartOverHandler(), NumberHandler(), LeftHandler(), HelpHandler(), StopHandler(), FallbackHandler(),
            StartRoutineHandler(), ListRoutinesHandler(), ContinueLaterHandler(), WorseOutsideHandler()]


# The red flag a pain change names by itself ("still the same", "getting worse": not improving): the pain check's
# own answer, which the routine and the check-in read, not a symptom said beside it.
PAIN_CHANGE_FLAG = "not_improving"


class SymptomWithPainChangeInterceptor(AbstractRequestInterceptor):
    """"A lot worse and my legs feel weak": a pain change said with a red-flag symptom is that symptom (review 4 #1).
    The request becomes ReportSymptomIntent with every word heard, so the red-flag path answers it at any moment
    (the pain check, the check-in, the menu), never "rest until it eases"."""

    def process(self, handler_input):
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        if intent is None or intent.name != "PainCheckIntent" or not intent.slots:
            return
        heard = _heard(handler_input)
        # The pain change's own words say nothing more: only the rest is read ("better but my leg is tingling"),
        # never "no different" itself (explore6 #21: "different" is also a word for peeing changing, so "no
        # different" restarted the red-flag questions mid-routine).
        rest = checkin_words.without_change_words(heard) if heard else ""
        reading = read_symptom(rest, inputs.locale(handler_input) or "en-US") if rest else None
        flag = None if reading is None or reading.flag == PAIN_CHANGE_FLAG else reading.flag
        if reading is None or (flag is None and not NEURO & set(reading.concepts)):
            return
        slot = next(iter(intent.slots.values()))
        slot.name, slot.value, slot.resolutions = "symptom", _heard(handler_input), None
        intent.name, intent.slots = "ReportSymptomIntent", {"symptom": slot}


REQUEST_INTERCEPTORS = [RepeatExerciseInterceptor(), ToiletBreakInterceptor(), WorseWordsInterceptor(),
                        SymptomInAnswerWordsInterceptor(), PainWordsAtTheCheckInterceptor(),
                        SymptomWithPainChangeInterceptor(), BareNumberAtThePainCheckInterceptor()]


def resume_lines(handler_input) -> list[Leftover]:
    """What a launch says is left over: today's unfinished routine, which "continue" picks up."""
    content = inputs.content(handler_input)
    progress = domain.resume_record(_stored(handler_input), inputs.request_time(handler_input), content)
    if progress is None:
        return []
    when = when_saved(_stored(handler_input), inputs.request_time(handler_input))
    return [Leftover("frame.resume.routine", {"routine_name": content.routine(progress["routine_id"])["name"],
                                              "when": when}, continues=True)]


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def when_saved(record: dict | None, now: dt.datetime) -> Phrase:
    """When the stored progress was saved, said from the person's own day (NOW on the device's clock): "earlier
    today", "yesterday", "on Monday". A record without a time (older) counts for its own date."""
    saved = parse_time(record.get("saved_at")) if isinstance(record, dict) else None
    if saved is not None and now.tzinfo is not None:
        day = saved.astimezone(now.tzinfo).date()
    else:
        try:
            day = dt.date.fromisoformat(record.get("date")) if isinstance(record, dict) else now.date()
        except (TypeError, ValueError):
            day = now.date()
    days = (now.date() - day).days
    if days <= 0:
        return Phrase("frame.when.today")
    if days == 1:
        return Phrase("frame.when.yesterday")
    return Phrase("frame.when.on_day", {"day": WEEKDAYS[day.weekday()]})
