"""Screening handlers: symptoms said at any moment, the question-by-question flow, and its entry intent."""

from __future__ import annotations

import datetime as dt
import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler, AbstractRequestInterceptor
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Slot, SlotConfirmationStatus
from ask_sdk_model.slu.entityresolution import Resolution, Resolutions, Status, StatusCode, Value, ValueWrapper

from skill.domain import answers as answer_words
from skill.domain import questions
from skill.domain.checkin import DAYS_ADVISED_ON, EMERGENCY_ADVISED_ON, SELF_CARE_ON
from skill.domain import routine as routine_domain
from skill.domain import screening as engine
from skill.domain.clock import iso, parse_time
from skill.domain.symptoms import read_symptom
from skill.handlers import inputs, turns
from skill.render import COUNTRY_ATTRIBUTE, LEAD_LINE, Reply

log = logging.getLogger("spasm_coach.screening")
FLOW = "screening"
STOPPED = "screening.stopped"
HELP = "screening.help"
# What each built-in or custom intent means as an answer while a question is on the table (the turn table in
# skill/handlers/turns.py says which intents are answers there).
ANSWER_INTENTS = {"AMAZON.YesIntent": "yes", "AMAZON.NoIntent": "no", "UnsureIntent": "unsure",
                  "AMAZON.NextIntent": "skip", "AMAZON.FallbackIntent": "unheard"}
# "I can't walk": the clarifying answer from what was said next ("my leg is weak", "it's the pain").
CANT_WALK_ANSWERS = {"leg_weakness": "weak", "one_leg_symptoms": "numb", "saddle_numbness": "numb",
                     "severe_pain": "pain"}
HELP_INTENTS = ("AMAZON.HelpIntent",)
ACKNOWLEDGED, ACKNOWLEDGED_CHOICE = "screening.acknowledged", "screening.acknowledged.choice"   # "okay": no answer
# An answer said with words ("no, just my back", "I leaked a little", "I think so"): the built-in yes and no carry
# no words, so the model has an intent whose one slot holds what was said.
ANSWER_INTENT, ANSWER_SLOT = "AnswerIntent", "answer"
SEX_HINT, SEXUAL_FUNCTION = "sex_hint", "sexual_function"     # words that hint at the private question's flag
# Flags taken only from what the words say (read_symptom), never from the slot's value list alone.
WORDS_ONLY = ("severe_pain",)
FINISH_FIRST = "screening.finish_first"
# "Call an ambulance": the number first, then an offer of the urgent questions (a one-turn yes/no the frame
# disarms on any other request).
EMERGENCY_REQUEST = "screening.emergency_request"
EMERGENCY_DECLINED = "screening.emergency_request.declined"
EMERGENCY_OFFER = "emergency_offer"
# Stop mid-screening after answers that already earn advice: that advice (tier -> key), then the end.
STOPPED_EARNED = {2: "screening.stopped.today", 3: "screening.stopped.days"}
RESTARTED = "screening.restarted"
# "What's the emergency number?" mid-screening (or "pardon" right after a line that said it): the number, then the
# question on the table again (skill/handlers/frame.py sets session["number_said"]).
NUMBER, NUMBER_SAID = "frame.number", "number_said"
TOILET_OUT_OF_REACH = "screening.toilet_out_of_reach"   # "I need a wee but I can't get up": not retention      # the session state could not be read: the questions from the first


def _in_flow(handler_input) -> bool:
    return _turn(handler_input) is not None


def _turn(handler_input) -> str | None:
    """What the intent means at the screening question on the table (None when no screening question is)."""
    state = turns.state_of(inputs.session(handler_input))
    intent = inputs.intent_name(handler_input)
    if state not in turns.SCREENING_STATES or intent is None:
        return None                     # no question on the table, or not an intent (session end, events)
    if inputs.screening_state(handler_input) is None:
        return None                     # a state that cannot be read: RestartHandler (or a symptom) answers
    return turns.outcome(state, intent)


def _answer_words(handler_input, content, state: engine.State) -> str | None:
    """Words heard as another intent that answer the question on the table ("both" at the legs question)."""
    item = engine.current(content, state) if state.phase == engine.PHASE_ASK else None
    asked = engine.CANT_WALK if state.phase == engine.PHASE_CANT_WALK else item and item["id"]
    said = turns.ANSWER_WORDS.get((asked, inputs.intent_name(handler_input)))
    if said and not any(getattr(slot, "value", None) for slot in inputs.slots(handler_input).values()):
        return said
    return None


def symptom_id(handler_input, content) -> str | None:
    """The SYMPTOM slot's resolved id, else the id its raw words map to in the content, else None."""
    slot = inputs.slots(handler_input).get("symptom")
    if slot is None:
        return None
    for candidate in inputs.resolved_ids(slot):
        if engine.is_symptom(content, candidate):
            return candidate
    if slot.value:
        found = content.question_for_phrase(slot.value)
        if engine.is_symptom(content, found):
            return found
    return None


def _symptom_words(handler_input) -> str | None:
    return inputs.slot_value(handler_input, "symptom")


def reading(handler_input, content) -> tuple[str | None, bool, bool]:
    """(flag, needs_question, denied) for the SYMPTOM slot: what its words mean (read_symptom), else the slot's
    resolved id. needs_question: weak evidence (a simple fall, "my stomach hurts"); denied: the words deny a
    symptom and name none ("my legs are fine")."""
    words = _symptom_words(handler_input)
    if words:
        read = read_symptom(words, inputs.locale(handler_input) or "en-US")
        if read.flag is not None and engine.is_symptom(content, read.flag):
            return read.flag, read.needs_question, False
        if read.negated:
            return None, False, True
        if SEX_HINT in read.concepts and engine.is_symptom(content, SEXUAL_FUNCTION):
            # "I can't keep it up since my back went", "problems in bed": weak evidence of the sexual-function
            # flag, so its (private) question is asked first, never last of 26 (review6 #16)
            return SEXUAL_FUNCTION, True, False
        slot = symptom_id(handler_input, content)
        # Ordinary pain talk ("it really hurts") is not severe pain: only words the reader places are.
        return (None if slot in WORDS_ONLY else slot), False, False
    return symptom_id(handler_input, content), False, False


def _slot_answer(handler_input, content, state: engine.State) -> str | None:
    """What the words heard in the intent's slots mean as an answer to the question on the table (None: not an
    answer, or no words)."""
    item = engine.current(content, state) if state.phase == engine.PHASE_ASK else None
    heard = " ".join(getattr(slot, "value", None) or "" for slot in inputs.slots(handler_input).values()).strip()
    if item is None or item["kind"] != "question" or not heard:
        return None
    return answer_words.answer_meaning(heard, item["id"], inputs.locale(handler_input) or "en-US",
                                       tier=item["tier"], signs=engine.sign_rule(item),
                                       clarified=item["id"] in state.clarified).meaning


def _heard(handler_input) -> str:
    """Every word the intent's slots heard, in slot order ("" when none)."""
    return " ".join(getattr(slot, "value", None) or "" for slot in inputs.slots(handler_input).values()).strip()


def _unresolved_words(handler_input) -> bool:
    """Whether a slot heard words that did not resolve ("only a bit" heard as a routine name)."""
    return any(getattr(slot, "value", None) and not inputs.is_resolved(slot)
               for slot in inputs.slots(handler_input).values())


def _drop_routine_progress(handler_input) -> None:
    """No stretches after an emergency or advice-today outcome, not even "continue" in a later conversation:
    delete today's routine progress (deleting stores nothing). A store failure must not cost the advice."""
    if handler_input.request_envelope.session is None:
        return
    try:
        handler_input.attributes_manager.persistent_attributes.pop("routine", None)
    except Exception as error:   # noqa: BLE001 - whatever the store does, the advice is said (type only logged)
        log.error("store read failed: %s", type(error).__name__)


# Plain day flags in the stored record (never an answer): the local day the tier-1 questions were last answered
# all no, and the day a tier-1 or tier-2 result (or an emergency request) blocks stretches.
SCREENED_ON = "screened_on"
BLOCKED_ON = "stretches_blocked_on"
DAYS_TIER = 3                        # "see a doctor or physiotherapist in the next few days": its day is kept too
# The day of the latest result of a tier, kept so advice given stands on a later day (skill/domain/checkin.py
# standing): the emergency advice, the next few days, and self-care (a full screening's all-clear).
ADVICE_DAYS = {1: EMERGENCY_ADVISED_ON, DAYS_TIER: DAYS_ADVISED_ON, 4: SELF_CARE_ON}


def today(handler_input) -> dt.date:
    """The person's day (the request time is on the device's clock once the time zone is known)."""
    return inputs.request_time(handler_input).date()


def _remember_day(handler_input, key: str) -> None:
    if handler_input.request_envelope.session is None:
        return
    try:
        handler_input.attributes_manager.persistent_attributes[key] = today(handler_input).isoformat()
    except Exception as error:   # noqa: BLE001 - a store failure must not cost the advice (type only logged)
        log.error("store write failed: %s", type(error).__name__)


def _stored_day(record: dict, key: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(record.get(key)) if isinstance(record.get(key), str) else None
    except ValueError:
        return None


def stretches_blocked_today(handler_input) -> bool:
    """A tier-1 or tier-2 result (or an emergency request) earlier today, in this or another conversation, or the
    emergency advice within its hours (an emergency at 23:30 still refuses stretches at 00:30)."""
    try:
        record = handler_input.attributes_manager.persistent_attributes
    except Exception:   # noqa: BLE001 - the store is down: nothing remembered
        return False
    return _stored_day(record, BLOCKED_ON) == today(handler_input) or emergency_advised_recently(handler_input)


# When the emergency advice was last given (UTC ISO, a time, never what was said): remembered for screening.yaml
# `rescreen.emergency_hours` whatever the clock time (review6 #11: a local-day flag forgot 23:30 at 00:30).
EMERGENCY_ADVISED_AT = "emergency_advised_at"


def emergency_advised_recently(handler_input) -> bool:
    """The emergency advice (a tier-1 result or an emergency request) was given within the last
    `rescreen.emergency_hours`, or earlier today (a record stored before the time was kept), in this or another
    conversation (explore6 #1: a return minutes later is reminded of it, never told "a doctor today")."""
    try:
        record = handler_input.attributes_manager.persistent_attributes
    except Exception:   # noqa: BLE001 - the store is down: nothing remembered
        return False
    if _stored_day(record, EMERGENCY_ADVISED_ON) == today(handler_input):
        return True
    said_at, now = parse_time(record.get(EMERGENCY_ADVISED_AT)), inputs.request_time(handler_input)
    hours = int(inputs.content(handler_input).screening["rescreen"]["emergency_hours"])
    return said_at is not None and dt.timedelta(0) <= now - said_at <= dt.timedelta(hours=hours)


def _remember_emergency(handler_input) -> None:
    """The emergency advice was given now: its day (the check-in's standing advice) and its time (the hours)."""
    _remember_day(handler_input, EMERGENCY_ADVISED_ON)
    if handler_input.request_envelope.session is None:
        return
    try:
        handler_input.attributes_manager.persistent_attributes[EMERGENCY_ADVISED_AT] = iso(
            inputs.request_time(handler_input))
    except Exception as error:   # noqa: BLE001 - a store failure must not cost the advice (type only logged)
        log.error("store write failed: %s", type(error).__name__)


AFTER_EMERGENCY = "screening.after_emergency"   # "earlier today ... needed emergency help: if no help yet, call now"


def stretch_gate(handler_input, then: dict):
    """Before the first stretches of a day (screening.yaml `rescreen`): the tier-1 questions, then THEN (the
    routine request). None when they are not due (asked today, a screening in this conversation, or the
    episode is older than its weeks)."""
    session = inputs.session(handler_input)
    if session.get("outcome_tier") is not None or handler_input.request_envelope.session is None:
        return None
    try:
        record = handler_input.attributes_manager.persistent_attributes
    except Exception:   # noqa: BLE001 - the store is down: ask the questions, to be safe
        record = {}
    first = parse_time(record.get("first_seen"))
    content = inputs.content(handler_input)
    if not engine.needs_gate(content, first_seen=first.date() if first else None,
                             screened_on=_stored_day(record, SCREENED_ON), today=today(handler_input)):
        return None
    state, step = engine.gate(content, inputs.known_exclusions(handler_input), then)
    return respond(handler_input, state, step)


# Outcomes after which a check-in reminder for tomorrow is offered: see a doctor in the next few days, self-care.
CHECK_IN_TIERS = (3, 4)


def respond(handler_input, state: engine.State | None, step: engine.Step):
    """Play a Step of the engine (its Speech, through Reply.play) after its side effects: keep the state while a
    question is on the table, clear it (and set outcome_tier, the day flags) at an outcome or the end; the
    tier-1 questions before stretches, all no, go on to the stretches asked for."""
    session = inputs.session(handler_input)
    session.pop(PAUSED, None)           # a screening step is the latest word: nothing paused any more
    if state is not None and step.asking and state.wants in THERAPY_FIRST and not state.gate \
            and step.keys() == [engine.PROGRESS_OPEN, engine.prompt(inputs.content(handler_input), state)]:
        # ice or heat asked for during the red-flag questions, and they are all answered no: it comes first now
        return therapy_first(handler_input, state, state.wants)
    if state is not None:
        shared = {**inputs.known_exclusions(handler_input),
                  **engine.shared_exclusions(inputs.content(handler_input), state)}
        if shared:
            session[inputs.EXCLUSIONS] = shared
        _note_noes(handler_input, state)
    if step.gate_clear:
        # The tier-1 questions before stretches, all no: remember the day, then the stretches asked for.
        session.pop(FLOW, None)
        session["flow"] = None
        _remember_day(handler_input, SCREENED_ON)
        from skill.handlers import routine as routine_handlers     # the routine handlers import this module
        lead = [(op[1], op[2]) for op in step.speech.ops]
        return routine_handlers.start_after_gate(handler_input, (state and state.then) or {}, lead)
    if step.asking:
        session["flow"], session[FLOW] = FLOW, state.as_dict()
        return Reply(handler_input).play(step.speech)
    session.pop(FLOW, None)
    session["flow"] = None
    if step.tier is not None:
        session["outcome_tier"] = step.tier
        if step.tier in routine_domain.blocked_tiers(inputs.content(handler_input)):
            _drop_routine_progress(handler_input)
            _remember_day(handler_input, BLOCKED_ON)      # no stretches for the rest of the day
        else:
            _remember_day(handler_input, SCREENED_ON)
        if step.tier == 1:
            _remember_emergency(handler_input)             # its day and its time (the hours it is remembered)
        elif step.tier in ADVICE_DAYS:
            _remember_day(handler_input, ADVICE_DAYS[step.tier])   # the latest advice stands later (the check-in)
    if step.tier in CHECK_IN_TIERS and not step.end:
        step.speech.say("reminders.offer.checkin")        # "remind me tomorrow": skill/handlers/reminders
        session["reminder_context"] = "checkin"
        from skill.handlers import routine as routine_handlers     # the routine handlers import this module
        offer = routine_handlers.offer_after_outcome(handler_input)     # no stretches offered when refused now
        wants = state.wants if state is not None else None
        if wants is not None and not (wants == "stretches" and offer == routine_handlers.OFFER_HEAT_ICE):
            offer = f"screening.offer.wanted.{wants}"     # "Now, your ice: shall I start it?" (a yes starts it)
            session[WANTED] = wants
        step.speech.say(offer)
        step.speech.reprompt = (offer, {})
    return Reply(handler_input).play(step.speech)


class EmergencyHandler(AbstractRequestHandler):
    """An emergency request ("call an ambulance", "this is an emergency") at any moment, one-shot included: the
    local number in the first sentence, that Alexa cannot call, then an offer of the urgent questions. Whatever
    was on the table (a question, a routine) is dropped: this outranks it."""

    def can_handle(self, handler_input):
        return is_intent_name("EmergencyIntent")(handler_input)

    def handle(self, handler_input):
        return emergency_request(handler_input)


CALL_CONTACT = "screening.call_contact"      # "call my daughter": the number first, Alexa can't call anyone, how to
CALL_CONTACT_OFFER = "screening.call_contact.offer"          # reach them; then "what's wrong, or the questions?"
CALL_CONTACT_DECLINED = "screening.call_contact.declined"
CALL_CONTACT_AGAIN = "screening.call_contact.again"          # words not understood after it: the number, the offer
NOT_UNDERSTOOD = ("AMAZON.FallbackIntent", "UnsureIntent")
OFFER, CONTACT = "offer", "contact"          # session["offer"] = "contact": the emergency offer made after a call request
# session["offer"] = "phone": after a tier-1 outcome, "can you reach a phone?" (yes: call now; no: how to get someone
# to call; "what?": the number again and the question)
PHONE = "phone"
PHONE_Q, PHONE_YES, PHONE_AGAIN = "screening.phone.ask", "screening.phone.yes", "screening.phone.again"
BLADDER = "bladder_change"
LEG_QUESTION = "leg_weakness"
# Said during the stretches, these stop them for the day (the stop rules: pain spreading down a leg, numbness,
# tingling, weakness), as does any red flag or words the skill cannot place; "it keeps coming back" does not.
STOPS_STRETCHES = ("one_leg_symptoms", engine.CANT_WALK, "severe_pain")
CLARIFY_ONE_LEG = "screening.clarify.one_leg"      # "just my left leg": is that leg getting weaker?
PREGNANT = "pregnant"                              # the exclusion a pregnancy said in passing answers
CANT_GET_UP = "screening.cant_get_up"        # "help, I can't get up": the number if hurt, then how to get help up
HELP_CALLED, HELP_CALLED_ID = "screening.help_called", "called"   # "I've called an ambulance": while you wait
NO_PHONE = "screening.no_phone"              # "I can't reach my phone": how to get someone to call
SKIN_FIRST = "health_skin_first"             # request attributes (skill/handlers/health.py): a numb patch's skin line


def emergency_request(handler_input, said: str | None = None):
    """The number first, that Alexa cannot call, then the offer of the urgent questions. "Call my daughter": that
    Alexa can't call anyone and how to reach them (the number if it is an emergency). "I can't get up": the
    number if hurt, how to get help getting up, then whether a leg is weak or numb (the red-flag path). Help
    already called (in the slot, or in SAID, words another intent carried): what to do while waiting instead."""
    need, words = inputs.slot_id(handler_input, "help"), inputs.slot_value(handler_input, "help")
    numbers = _emergency_numbers(handler_input)
    if (need == HELP_CALLED_ID and (not words or not (answer_words.help_failed(words)
                                                      or answer_words.help_elsewhere(words, numbers)))
            or answer_words.help_called(words, numbers) or answer_words.help_called(said, numbers)):
        return _help_called(handler_input)      # "I've called an ambulance, what do I do while I wait?"
    if answer_words.toilet_out_of_reach(words) and answer_words.answer_meaning(
            words, "", inputs.locale(handler_input) or "en-US").meaning != answer_words.EMERGENCY:
        return symptom_said(handler_input, None, words=words)     # "help, I can't get up to the toilet"
    if words and _urgent_words(words, inputs.locale(handler_input) or "en-US"):
        need = None                     # "send an ambulance, I can't get up": the emergency request itself
    elif need == "family":
        state = inputs.screening_state(handler_input) if _in_flow(handler_input) else None
        if state is not None:
            # a question on the table ("my husband says no" heard as "call my husband"): the same answer about
            # calls, then the question again, never a goodbye that drops it
            key = engine.prompt(inputs.content(handler_input), state)
            return respond(handler_input, state, engine.step([CALL_CONTACT, key], ask=key))
        return _call_contact(handler_input)
    elif need == "no_phone" or answer_words.no_phone(words):
        return Reply(handler_input).say(NO_PHONE).card(NO_PHONE).tell()
    elif need == "cant_get_up" or answer_words.cant_get_up(words, need=True):
        return cant_get_up(handler_input, words or "")
    session = inputs.session(handler_input)
    if handler_input.request_envelope.session is not None:
        session.pop(FLOW, None)
        session.pop("routine", None)
        session.pop(OFFER, None)
        session["flow"] = EMERGENCY_OFFER
        session["outcome_tier"] = 1
    _drop_routine_progress(handler_input)
    _remember_day(handler_input, BLOCKED_ON)
    _remember_emergency(handler_input)
    return Reply(handler_input).say(EMERGENCY_REQUEST).reprompt(EMERGENCY_REQUEST).card(EMERGENCY_REQUEST).ask()


def _emergency_numbers(handler_input) -> tuple[str, ...]:
    """The emergency numbers that count as help called where the device is: its country's; with the country
    unknown, the locale's countries' except 111 (New Zealand's, but the UK's NHS advice line): the number again."""
    content = inputs.content(handler_input)
    country = handler_input.attributes_manager.request_attributes.get(COUNTRY_ATTRIBUTE)
    if isinstance(country, str) and country in content.countries:
        return (str(content.countries[country].get("emergency", "")),)
    codes = content.locale_countries(inputs.locale(handler_input))
    return tuple(str(content.countries[c]["emergency"]) for c in codes
                 if c in content.countries and str(content.countries[c].get("emergency")) != "111")


def _help_called(handler_input):
    """Help has been called and is coming (explore8 F6): what to do while waiting (the door, the medicines, keep still
    after a fall) and the number again only if things get worse; never the call again, never the questions. No
    stretches for the rest of the day, and a return today hears the emergency advice first."""
    session = inputs.session(handler_input)
    if handler_input.request_envelope.session is not None:
        session.pop(FLOW, None)
        session.pop("routine", None)
        session.pop(OFFER, None)
        session["flow"] = None
        session["outcome_tier"] = 1
    _drop_routine_progress(handler_input)
    _remember_day(handler_input, BLOCKED_ON)
    _remember_day(handler_input, EMERGENCY_ADVISED_ON)
    return Reply(handler_input).say(HELP_CALLED).card(HELP_CALLED).tell()


def _call_contact(handler_input):
    """"Call my husband" with nothing on the table. A device sends the same request, and only the slot, for "my
    husband has chest pain": so the number first, never a goodbye, and the offer of the urgent questions (the
    emergency offer's yes and no; no outcome tier, no day block: it is no emergency advice)."""
    session = inputs.session(handler_input)
    session["flow"], session[OFFER] = EMERGENCY_OFFER, CONTACT
    return Reply(handler_input).say(CALL_CONTACT).say(CALL_CONTACT_OFFER).card(CALL_CONTACT).ask()


def _urgent_words(words: str, locale: str) -> bool:
    """Whether words said with a request for help ask for an ambulance or name a red flag ("I can't feel my legs")."""
    if answer_words.answer_meaning(words, "", locale).meaning == answer_words.EMERGENCY:
        return True
    reading = read_symptom(words, locale)
    return reading.tier == 1 and not reading.negated and not reading.needs_question


def cant_get_up(handler_input, words: str):
    """Someone who can't get up: the number if hurt or unwell, how to get help up (call out, a phone, an alarm),
    then "is it the pain, or a weak or numb leg?" (a weak or numb leg is the emergency advice)."""
    content = inputs.content(handler_input)
    state, step = engine.begin(content, engine.CANT_WALK, known=inputs.known_exclusions(handler_input))
    reading = read_symptom(words, inputs.locale(handler_input) or "en-US")
    if reading.flag == "major_trauma" and reading.needs_question:
        engine.remember_weak(state, reading.flag)       # "I've fallen and can't get up": the fall is kept
    return respond(handler_input, state, step.first(CANT_GET_UP))


def _unreadable(handler_input) -> bool:
    """A screening is on, but its state cannot be read safely (stale, forged, an older version)."""
    return inputs.session(handler_input).get("flow") == FLOW and inputs.screening_state(handler_input) is None


class RestartHandler(AbstractRequestHandler):
    """A screening state that cannot be read safely: never an outcome from it; the questions again from the
    first (the urgent ones first), said as such. A symptom said then is not lost, whatever intent carried its
    words ("yes, my legs are numb" as an answer too): the questions start again with it, a red flag is the
    emergency advice at once (ReportSymptomHandler does the same for ReportSymptomIntent). Stop and cancel end
    (StopHandler)."""

    def can_handle(self, handler_input):
        intent = inputs.intent_name(handler_input)
        return intent not in (None, "ReportSymptomIntent", *turns.STOP) and _unreadable(handler_input)

    def handle(self, handler_input):
        log.warning("screening state not valid: the questions restart")
        words = _heard(handler_input)
        said = read_symptom(words, inputs.locale(handler_input) or "en-US") if words else None
        if said is not None and not said.negated and engine.is_symptom(inputs.content(handler_input), said.flag):
            return symptom_said(handler_input, said.flag, weak=said.needs_question, words=words, restarted=True)
        state, step = engine.begin(inputs.content(handler_input), known=inputs.known_exclusions(handler_input),
                                   urgent=True)
        return respond(handler_input, state, step.first(RESTARTED))


class EmergencyOfferHandler(AbstractRequestHandler):
    """Yes or no to "shall I ask a few quick questions?" after an emergency request; "what?", "say that again":
    the emergency advice again, number first (the one thing someone who misheard must get), and the offer kept."""

    def can_handle(self, handler_input):
        intent = inputs.intent_name(handler_input)
        return (inputs.session(handler_input).get("flow") == EMERGENCY_OFFER
                and (intent in ("AMAZON.YesIntent", "AMAZON.NoIntent")
                     or turns.outcome(turns.EMERGENCY_OFFER, intent) == turns.AGAIN))

    def handle(self, handler_input):
        session = inputs.session(handler_input)
        if session.get(OFFER) == PHONE:
            return _phone_answer(handler_input)
        contact = session.get(OFFER) == CONTACT          # offered after "call my husband", not after the advice
        if turns.outcome(turns.EMERGENCY_OFFER, inputs.intent_name(handler_input)) == turns.AGAIN:
            if contact and inputs.intent_name(handler_input) in NOT_UNDERSTOOD:
                # words not understood after "call my son" (explore7 #10): the number and the offer, not the whole
                # speech about calls again word for word
                return Reply(handler_input).say(CALL_CONTACT_AGAIN).say(CALL_CONTACT_OFFER).ask()
            return _call_contact(handler_input) if contact else emergency_request(handler_input)
        session.pop(OFFER, None)
        if inputs.intent_name(handler_input) == "AMAZON.NoIntent":
            session["flow"] = None
            return Reply(handler_input).say(CALL_CONTACT_DECLINED if contact else EMERGENCY_DECLINED).tell()
        state, step = engine.begin(inputs.content(handler_input), known=inputs.known_exclusions(handler_input),
                                   urgent=True)
        return respond(handler_input, state, step)


def _phone_answer(handler_input):
    """The answer to "can you reach a phone?" after the emergency advice: yes, call now (the skill stops talking);
    no, how to get someone to call; "what?", not sure, words not understood: the number again, and the question."""
    intent = inputs.intent_name(handler_input)
    session = inputs.session(handler_input)
    if intent == "AMAZON.YesIntent":
        session.pop(OFFER, None)
        session["flow"] = None
        return Reply(handler_input).say(PHONE_YES).card(PHONE_YES).tell()
    if intent == "AMAZON.NoIntent":
        session.pop(OFFER, None)
        session["flow"] = None
        return Reply(handler_input).say(NO_PHONE).card(NO_PHONE).tell()
    return Reply(handler_input).say(PHONE_AGAIN).reprompt(PHONE_Q).ask()


class ReportSymptomHandler(AbstractRequestHandler):
    """A symptom said at any moment: tier 1 goes straight to the emergency advice, others start or join the screen."""

    def can_handle(self, handler_input):
        return is_intent_name("ReportSymptomIntent")(handler_input)

    def handle(self, handler_input):
        content = inputs.content(handler_input)
        symptom, weak, denied = reading(handler_input, content)
        if _in_flow(handler_input):
            state = inputs.screening_state(handler_input)
            words = _symptom_words(handler_input)
            engine.note_age(content, state, answer_words.age_said(words))
            _note_pregnancy(content, state, words)
            if answer_words.toilet_out_of_reach(words):
                # a toilet out of reach: practical help, and the question on the table again (the bladder
                # question is asked in its turn, before anything but the saddle question)
                key = engine.prompt(content, state)
                return respond(handler_input, state, engine.step([TOILET_OUT_OF_REACH, key], ask=key))
            item = engine.current(content, state) if state.phase == engine.PHASE_ASK else None
            if item is not None and item["id"] == PREGNANT and answer_words.pregnancy_length_said(words):
                # "yes, I'm 28 weeks" heard as symptom words at "Could you be pregnant?": its yes (explore7 #16)
                return respond(handler_input, state, engine.answer(content, state, "yes"))
            answered = _as_answer(handler_input, content, state)
            if answered is not None:
                return answered
            if state.phase == engine.PHASE_CANT_WALK:
                # "it's the pain", "my leg is weak", "a bit of both": the words (another red flag named is that
                # flag's advice, below), else the slot's value (context answers)
                said = CANT_WALK_ANSWERS.get(symptom) or (
                    None if symptom and engine.tier_of(content, symptom) == 1 else answer_words.cant_walk_meaning(words)
                ) or CANT_WALK_ANSWERS.get(symptom_id(handler_input, content))
                if said:
                    return respond(handler_input, state, engine.answer(content, state, said))
            age = answer_words.age_in(words) if symptom is None and state.phase == engine.PHASE_ASK else None
            if age is not None and answer_words.age_said(words) is None:
                return respond(handler_input, state, engine.age_given(content, state, age))   # "yeah I'm 80"
            if weak and state.phase == engine.PHASE_ASK:
                # weak evidence mid-screening ("I had a fall"): kept for its own question, this one again
                return respond(handler_input, state, engine.note_weak(content, state, symptom))
            if symptom is None:
                return respond(handler_input, state, engine.report_unplaced(content, state))
            return respond(handler_input, state, engine.report(content, state, symptom))
        young = answer_words.young_age(_symptom_words(handler_input))
        if young is not None and symptom is None and not weak and not denied:
            # "I'm fifteen and my back's killing me", "my son who is 13 has a bad back" (explore7 #11): no symptom
            # placed, so the under-16 advice at once, to whoever is there (a red flag said goes its own way)
            from skill.handlers import health as health_handlers      # it imports this module's helpers
            return health_handlers.under_16_said(handler_input, young[0], young[1] == answer_words.SOMEONE_ELSE)
        restarted = inputs.session(handler_input).get("flow") == FLOW     # a screening state that cannot be read
        topic = answer_words.asked_topic(_symptom_words(handler_input)) if symptom is None and not restarted else None
        if topic is not None and turns.state_of(inputs.session(handler_input)) in (turns.NONE, turns.CHECKIN_QUESTION):
            from skill.handlers import questions as question_handlers    # it imports this module
            return question_handlers.answer_topic(handler_input, topic)  # "is sex ok with a bad back?" at the menu
        return symptom_said(handler_input, symptom, weak=weak, denied=denied, restarted=restarted)


def symptom_said(handler_input, symptom: str | None, *, weak: bool = False, denied: bool = False,
                 words: str | None = None, restarted: bool = False):
    """A symptom said outside the screening (at the menu, mid-routine, mid-timer): a tier-1 flag is the emergency
    advice at once; weak evidence asks its own question first; anything else starts the screening with it. An age
    said with it ("I'm 78 and I had a fall") answers the questions about age. WORDS: what was said (default: the
    symptom slot's words). RESTARTED: a screening was on but its state could not be read (said before the
    questions, never before the emergency advice)."""
    content = inputs.content(handler_input)
    known = inputs.known_exclusions(handler_input)
    words = words if words is not None else _symptom_words(handler_input)
    pregnant = answer_words.pregnancy_said(words) and PREGNANT in engine.exclusion_ids(content) \
        and known.get(PREGNANT) != "yes"
    if pregnant:        # "I'm 30 weeks pregnant and my back's gone": its question answered, counted so
        known = {**known, PREGNANT: "yes"}
    if words and (symptom is None or engine.tier_of(content, symptom) != 1) and answer_words.answer_meaning(
            words, "", inputs.locale(handler_input) or "en-US").meaning == answer_words.EMERGENCY:
        return emergency_request(handler_input, words)  # "I can't move, ring nine nine nine": the number first
    if answer_words.no_phone(words) and (symptom is None or engine.tier_of(content, symptom) != 1):
        return Reply(handler_input).say(NO_PHONE).card(NO_PHONE).tell()   # "I can't reach my phone": how to get help
    toilet = answer_words.toilet_out_of_reach(words)
    if toilet:      # "I need a wee but I can't get up to go": not retention; the bladder question first
        symptom, weak, denied = BLADDER, True, False
    kept = {} if denied or toilet else _kept_noes(handler_input, content, symptom, words)
    if weak:        # "I fell out of bed", "my stomach hurts": ask that question first, not the emergency
        state, step = engine.begin(content, known={**known, **kept}, ask_first=symptom)
    elif denied:    # "my legs are fine": nothing to place; the questions as usual
        state, step = engine.begin(content, known=known)
    else:           # a symptom the skill cannot place is never a dead end: the urgent questions first
        state, step = engine.begin(content, symptom, known={**known, **kept}, unplaced=symptom is None)
    if kept and step.asking:
        step.speech.ops.insert(1, ("say", engine.KEPT_NO, {}))   # earlier noes stand: say if any has changed
    engine.note_age(content, state, answer_words.age_said(words))
    _note_pregnancy(content, state, words)
    if pregnant and step.asking:
        # the pregnancy advice (midwife or doctor) before the first question, as if the question had been answered
        step.speech.ops.insert(len(step.speech.ops) - 1, ("say", _exclusion_outcome(content, PREGNANT), {}))
    if toilet:
        step.instead_of_first(TOILET_OUT_OF_REACH)     # instead of "thanks for telling me, some questions"
    skin_first = handler_input.attributes_manager.request_attributes.get(SKIN_FIRST)
    if skin_first and step.outcome is None and not toilet:
        step.instead_of_first(skin_first)   # a numb patch where the heat or ice was: get it seen today, then the questions
    if restarted and step.outcome is None:
        step.first(RESTARTED)
    if answer_words.cant_get_up(words) and step.outcome is None and not toilet:
        step.first(CANT_GET_UP)                        # on the floor: how to get help up, before the questions
    _new_symptom(handler_input, content)
    if not denied and (symptom is None or engine.tier_of(content, symptom) == 1 or symptom in STOPS_STRETCHES):
        from skill.handlers import routine as routine_handlers    # the stop rules: no more stretches today
        if routine_handlers.stop_for_symptom(handler_input) and step.asking:
            step.first(routine_handlers.STOPPED_FOR_A_SYMPTOM_NOW)   # "stop the stretch now", before the questions
    from skill.handlers import therapy as therapy_handlers     # "first, take the ice off" while one is on
    therapy_handlers.with_pack_off(handler_input, step.speech)
    return respond(handler_input, state, step)


TIER1_NO = "tier1_no"      # session only: red-flag question id -> when it was answered a plain no (never stored)


def _note_noes(handler_input, state: engine.State) -> None:
    """Remember, for this conversation only, when each red-flag question was answered a plain no (a later answer
    that is not a no forgets it), so a new symptom soon after need not ask it again (engine.kept_no)."""
    if handler_input.request_envelope.session is None:
        return
    session, content = inputs.session(handler_input), inputs.content(handler_input)
    noted = session.get(TIER1_NO) if isinstance(session.get(TIER1_NO), dict) else {}
    noes = engine.tier1_noes(content, state.answers)
    now = iso(inputs.request_time(handler_input))
    noted = {qid: when for qid, when in noted.items()
             if qid in noes or qid not in state.answers}      # a yes or not sure said since: forgotten
    for qid in noes:
        noted.setdefault(qid, now)
    if noted or TIER1_NO in session:
        session[TIER1_NO] = noted


def _kept_noes(handler_input, content, symptom: str | None, words: str | None) -> dict:
    """The red-flag "no" answers of this conversation a new symptom cannot change (engine.kept_no)."""
    if not words:
        return {}       # nothing said to place: ask them all
    reading = read_symptom(words, inputs.locale(handler_input) or "en-US")
    concepts = tuple(getattr(reading, "concepts", ()) or ())
    # the words' own flag, never the slot id alone ("I feel numb" fills the slot with a leg id: not evidence)
    flag = getattr(reading, "flag", None)
    return engine.kept_no(content, inputs.session(handler_input).get(TIER1_NO) or {}, inputs.request_time(handler_input),
                          flag=flag, concepts=concepts)


def _note_pregnancy(content, state: engine.State, words: str | None) -> None:
    """A pregnancy said in passing ("I'm 30 weeks pregnant and my back's gone"): the pregnancy question's yes, so
    it is not asked later and the stretches stay off (session only, shared like the other exclusion answers)."""
    if answer_words.pregnancy_said(words) and PREGNANT in engine.exclusion_ids(content):
        state.answers.setdefault(PREGNANT, "yes")


def _exclusion_outcome(content, exclusion: str) -> str:
    """The advice an exclusion's yes gives (screening.yaml `outcome`)."""
    return next(x["outcome"] for x in content.screening["exclusions"] if x["id"] == exclusion)


def _new_symptom(handler_input, content) -> None:
    """screening.yaml `rescreen.on_new_symptom`: a symptom said after the day's questions were answered makes the
    stretches wait for them again today (the day flag is forgotten; a finished screening sets it again)."""
    if not content.screening["rescreen"].get("on_new_symptom", True) or handler_input.request_envelope.session is None:
        return
    try:
        handler_input.attributes_manager.persistent_attributes.pop(SCREENED_ON, None)
    except Exception as error:   # noqa: BLE001 - a store failure must not cost the questions (type only logged)
        log.error("store read failed: %s", type(error).__name__)


def _set_aside(content, state: engine.State, meaning: str, words: str | None) -> engine.Step:
    """Words that are no answer (answers.SET_ASIDE): a question with a short answer of its own ("is sex ok with a
    bad back?") gets it, then "back to my question"; anything else the engine's line; the same question again."""
    topic = answer_words.asked_topic(words) if meaning == answer_words.ASKED else None
    if topic is not None:
        return engine.set_aside(content, state, [f"question.{topic}.brief", questions.BACK])
    return engine.answer(content, state, meaning)


def _as_answer(handler_input, content, state: engine.State, words: str | None = None, *, keep_other: bool = False):
    """Words said at a screening question, read as an answer to it ("yes, numbness is there", "nah, all good down
    there", "only one leg", "yes, call an ambulance"); None when they are not an answer. WORDS: the symptom slot's
    unless given. KEEP_OTHER: a fact of another question that is no answer here is recorded there and this
    question asked again (else None, for the caller to place it)."""
    item = engine.current(content, state) if state.phase == engine.PHASE_ASK else None
    words = words if words is not None else _symptom_words(handler_input)
    if item is None or not words:
        return None
    said = answer_words.answer_meaning(words, item["id"], inputs.locale(handler_input) or "en-US",
                                       tier=item.get("tier", 1), signs=engine.sign_rule(item),
                                       clarified=item["id"] in state.clarified)
    if said.meaning == answer_words.EMERGENCY:
        return emergency_request(handler_input, words)
    if said.meaning == answer_words.NO and item["id"] in state.clarified:
        reading = read_symptom(words, inputs.locale(handler_input) or "en-US")
        if reading.flag == item["id"] and reading.needs_question:
            engine.remember_weak(state, item["id"])     # "just a small slip": kept for the small-fall question
    if said.meaning in answer_words.SET_ASIDE:
        return respond(handler_input, state, _set_aside(content, state, said.meaning, words))
    if item["kind"] != "question":    # an exclusion ("are you pregnant?"): only an answer's words answer it
        return (respond(handler_input, state, engine.answer(content, state, said.meaning))
                if keep_other and said.meaning and not said.other else None)
    if said.meaning is None and answer_words.asks_about_the_question(words, item["id"], inputs.locale(handler_input)
                                                                     or "en-US"):
        # "what's genitals?", "what counts as weaker?": what the question means, and the same question; a question
        # about it is no answer not understood, so it never counts towards a yes (explore5 #6)
        return respond(handler_input, state, engine.step([engine.explanation(content, item["id"], item["prompt"])],
                                                         ask=item["prompt"]))
    if said.meaning is None:
        if keep_other and said.other and engine.is_symptom(content, said.other):
            return respond(handler_input, state, engine.report(content, state, said.other))
        return None
    if said.other and said.other != item["id"] and engine.is_symptom(content, said.other):
        if engine.tier_of(content, said.other) == 1:
            return respond(handler_input, state, engine.report(content, state, said.other))
        state.answers.setdefault(said.other, "yes")     # recorded against its own question
    if (said.meaning == answer_words.NO and said.other == answer_words.ONE_LEG and item["id"] == LEG_QUESTION
            and item["id"] not in state.clarified and not answer_words.weakening_denied(words)):
        # "just my left leg" at "both legs, or is a leg getting weaker?": a no to both legs, but the second
        # half is unanswered: is that leg getting weaker? (asked once; yes is the emergency advice)
        state.clarified.append(item["id"])
        return respond(handler_input, state, engine.step([CLARIFY_ONE_LEG], ask=CLARIFY_ONE_LEG))
    return respond(handler_input, state, engine.answer(content, state, said.meaning))


class AnswerHandler(AbstractRequestHandler):
    """Yes, no, not sure, skip, or not understood, while a screening question is on the table (the turn table's
    answers); "it's the pain" at the can't-walk question."""

    def can_handle(self, handler_input):
        return _turn(handler_input) == turns.ANSWER and inputs.intent_name(handler_input) != "ReportSymptomIntent"

    def handle(self, handler_input):
        content, state = inputs.content(handler_input), inputs.screening_state(handler_input)
        intent = inputs.intent_name(handler_input)
        if intent == "AMAZON.PreviousIntent":          # "go back": the last answer can be changed
            return respond(handler_input, state, engine.back(content, state))
        if intent == ANSWER_INTENT:
            # The words decide; words that decide nothing but match one of the slot's listed answers, that answer.
            words = inputs.slot_value(handler_input, ANSWER_SLOT)
            changed, meant, first = answer_words.correction_of(words, inputs.locale(handler_input) or "en-US")
            if changed:                                  # "wait, I meant yes": the last question, answered again
                return respond(handler_input, state, engine.back(content, state, meant, first=first))
            engine.note_age(content, state, answer_words.age_said(words))
            if state.phase == engine.PHASE_CANT_WALK and answer_words.cant_walk_meaning(words):
                return respond(handler_input, state,
                               engine.answer(content, state, answer_words.cant_walk_meaning(words)))
            answered = _as_answer(handler_input, content, state, words, keep_other=True)
            if answered is not None:
                return answered
            age = answer_words.age_in(words) if state.phase == engine.PHASE_ASK else None
            if age is not None:
                return respond(handler_input, state, engine.age_given(content, state, age))
            listed = inputs.slot_id(handler_input, ANSWER_SLOT)
            said = listed if listed in engine.ANSWERS else "unclear"
            return respond(handler_input, state, engine.answer(content, state, said))
        said = "pain" if intent == "PainCheckIntent" else ANSWER_INTENTS.get(intent, "unclear")
        said = _answer_words(handler_input, content, state) or said      # "both" at the can't-walk question
        return respond(handler_input, state, engine.answer(content, state, said))


class FinishFirstHandler(AbstractRequestHandler):
    """Anything else understood while a screening question is on the table ("ice please", "stretches", "go
    home"): the question owns the turn, so it is said again after "let's finish these first". Words that are an
    answer at this question ("both" at the legs question) are taken as that answer."""

    def can_handle(self, handler_input):
        return _turn(handler_input) == turns.FINISH_FIRST

    def handle(self, handler_input):
        content, state = inputs.content(handler_input), inputs.screening_state(handler_input)
        said = _answer_words(handler_input, content, state)
        if said is None:
            # Words another intent caught in a slot may still answer the question ("a little in both" heard
            # as a pain check, "yes, call nine one one" with a stray therapy word).
            heard = _slot_answer(handler_input, content, state)
            if heard == answer_words.EMERGENCY:
                return emergency_request(handler_input)
            if heard in answer_words.SET_ASIDE:     # "my back is sore" heard as a pain check: no answer, not counted
                return respond(handler_input, state, _set_aside(content, state, heard, _heard(handler_input)))
            said = heard
        if said is None and state.phase == engine.PHASE_CANT_WALK:
            said = answer_words.cant_walk_meaning(_heard(handler_input))    # "a bit of both", "just the pain"
        item = engine.current(content, state) if state.phase == engine.PHASE_ASK else None
        if said is None and item is not None and item["id"] == PREGNANT \
                and answer_words.pregnancy_length(inputs.slot_value(handler_input, "duration")):
            said = "yes"              # "yes, thirty weeks" heard as a duration: pregnant
        if said is None and state.phase == engine.PHASE_ASK:
            age = answer_words.age_in(_heard(handler_input))
            if age is not None:       # "no, I'm 67" heard as a number alone: the questions about age take it
                return respond(handler_input, state, engine.age_given(content, state, age))
        if said is None and item is not None and answer_words.asks_about_the_question(
                _heard(handler_input), item["id"], inputs.locale(handler_input) or "en-US"):
            # "what do you mean, sore?" caught in a slot: what the question means, never counted (as an answer's words)
            return respond(handler_input, state, engine.step([engine.explanation(content, item["id"], item["prompt"])],
                                                             ask=item["prompt"]))
        if said is None and state.phase == engine.PHASE_ASK:
            wants = _wants(handler_input)
            if wants in THERAPY_FIRST and engine.urgent_clear(content, state):
                return therapy_first(handler_input, state, wants)     # "can I have the heat now" (explore7 #7)
            if answer_words.asks_later(_heard(handler_input)) or (
                    inputs.intent_name(handler_input) == "SetReminderIntent" and not _heard(handler_input)):
                # "can we do the rest later", "let's finish the questions later" (heard as a reminder, none named)
                return _later(handler_input, content, state)
        if said is None and _unresolved_words(handler_input) and not answer_words.names_request(_heard(handler_input)):
            said = "unclear"          # "only a bit" caught as a routine name: not understood, not a request
        if said is not None:
            return respond(handler_input, state, engine.answer(content, state, said))
        state.wants = _wants(handler_input) or state.wants     # "ice please": offered first at the end
        key = engine.prompt(content, state)
        return respond(handler_input, state, engine.step([FINISH_FIRST, key], ask=key))


def _wants(handler_input) -> str | None:
    """What a request made at a question asks for (engine.WANTS), or None ("start a timer": nothing named)."""
    intent = inputs.intent_name(handler_input)
    if intent == "StartTherapyIntent":
        therapy = inputs.slot_id(handler_input, "therapy")
        return therapy if therapy in ("ice", "heat") else None
    return {"AlternateTherapyIntent": "alternate", "StartRoutineIntent": "stretches"}.get(intent)


class AgainHandler(AbstractRequestHandler):
    """Repeat, pause, resume, start over, "is this serious" (and help, with how to answer) mid-screening: the same
    question again (an answer misheard as "start over" must not send the person back to the first question). A
    question asked meanwhile ("how long will this last?"): its short answer first."""

    def can_handle(self, handler_input):
        return _turn(handler_input) == turns.AGAIN

    def handle(self, handler_input):
        content, state = inputs.content(handler_input), inputs.screening_state(handler_input)
        intent = inputs.intent_name(handler_input)
        key = engine.prompt(content, state)
        lead = [HELP] if intent in HELP_INTENTS else []
        item = engine.current(content, state) if state.phase == engine.PHASE_ASK else None
        said = key
        if intent in HELP_INTENTS and item is not None:
            # "I don't understand", "help": how to answer, then the question in other words (explore6 #25); "how many
            # more questions?" is help too: how many are left (explore7 #15)
            said = engine.explanation(content, item["id"], key)
            lead = [engine.left_line(content, state), HELP]
        if intent == turns.ACKNOWLEDGE_INTENT:        # "okay", "fine", "sure": no answer; what a yes or a no means
            lead = [ACKNOWLEDGED_CHOICE if state.phase == engine.PHASE_CANT_WALK else ACKNOWLEDGED]
        if intent == turns.NUMBER_INTENT or (intent == "AMAZON.RepeatIntent"
                                             and inputs.session(handler_input).get(NUMBER_SAID)):
            lead = [NUMBER]           # "what's the emergency number here?": the number, then the question again
        if questions.brief_key(intent):
            lead = [questions.brief_key(intent), questions.BACK]    # "how long will this last?": briefly, then this
        return respond(handler_input, state, engine.step([*lead, said], ask=key))


class StopHandler(AbstractRequestHandler):
    """Stop or cancel mid-screening: end it with the safety-net line, no further question (also when the state
    cannot be read: no answers to go on, so the plain safety net)."""

    def can_handle(self, handler_input):
        if inputs.intent_name(handler_input) not in turns.STOP:
            return False
        return _turn(handler_input) == turns.INTERRUPT or _unreadable(handler_input)

    def handle(self, handler_input):
        content, state = inputs.content(handler_input), inputs.screening_state(handler_input)
        return stopped(handler_input, content, state.answers if state is not None else {})


def stopped(handler_input, content, answers: dict):
    """The questions ended early: the advice the answers so far earn, with the safety-net line and the number."""
    urgent = engine.emergency_earned(content, answers)
    if urgent is not None:              # the answers so far earn the emergency advice: that, never "stopped"
        return respond(handler_input, None, urgent)
    earned = STOPPED_EARNED.get(engine.decide(content, answers)[0])
    if earned is None:
        return respond(handler_input, None, engine.step([STOPPED], end=True))
    # Advice already earned by the answers so far ("see a doctor today") is still said, then the questions end.
    if earned == STOPPED_EARNED[2]:
        _drop_routine_progress(handler_input)
        _remember_day(handler_input, BLOCKED_ON)        # no stretches today, as after the full questions
    elif earned == STOPPED_EARNED[DAYS_TIER]:
        _remember_day(handler_input, DAYS_ADVISED_ON)   # that advice stands on a later day (the check-in)
    return respond(handler_input, None, engine.step([earned], end=True))


class StartScreeningHandler(AbstractRequestHandler):
    """"Is this serious?" (no screening question on the table): the screening from its first question."""

    def can_handle(self, handler_input):
        return is_intent_name("StartScreeningIntent")(handler_input)

    def handle(self, handler_input):
        if inputs.session(handler_input).get("outcome_tier") is None and emergency_advised_recently(handler_input):
            # "is it serious?" after the emergency advice earlier today: that advice first, then the questions
            handler_input.attributes_manager.request_attributes[LEAD_LINE] = AFTER_EMERGENCY
        content = inputs.content(handler_input)
        paused = engine.State.parse(inputs.session(handler_input).get(PAUSED), content)
        if paused is not None:          # the questions left for later in this conversation: where they were
            key = engine.prompt(content, paused)
            return respond(handler_input, paused, engine.step([RESUMED, key], ask=key))
        state, step = engine.begin(content, known=inputs.known_exclusions(handler_input))
        return respond(handler_input, state, step)


class AnswerWordsInterceptor(AbstractRequestInterceptor):
    """AnswerIntent where no screening question reads its words (a routine or timer question, an offer, nothing on
    the table): it becomes the intent its words stand for (yes, no, not sure, a symptom, an emergency request, or
    not understood), so every other handler sees the intents it already answers."""

    def process(self, handler_input):
        if inputs.intent_name(handler_input) != ANSWER_INTENT:
            return
        if turns.state_of(inputs.session(handler_input)) == turns.SCREENING_QUESTION:
            return
        words = inputs.slot_value(handler_input, ANSWER_SLOT)
        handler_input.attributes_manager.request_attributes[inputs.ANSWER_WORDS] = words   # the check-in reads them
        intent = handler_input.request_envelope.request.intent
        intent.name = answer_words.intent_meaning(words, inputs.locale(handler_input) or "en-US",
                                                  inputs.slot_id(handler_input, ANSWER_SLOT))
        intent.slots = ({"symptom": Slot(name="symptom", value=words, confirmation_status=SlotConfirmationStatus.NONE)}
                        if intent.name == answer_words.SYMPTOM_INTENT else {})
        if intent.name == answer_words.EMERGENCY_INTENT and answer_words.no_phone(words):
            intent.slots = {"help": Slot(name="help", value=words, confirmation_status=SlotConfirmationStatus.NONE)}
        if intent.name == answer_words.START_THERAPY_INTENT:     # "no, I just want the ice": that one
            intent.slots = {"therapy": Slot(name="therapy", value=answer_words.therapy_asked(words),
                                            confirmation_status=SlotConfirmationStatus.NONE)}


# Explore7 #7 #21: once the red-flag questions and the exclusions are all answered no (engine.urgent_clear), ice or
# heat asked for comes first and the other questions after: the screening is kept in the session (PAUSED, session
# only, never stored), the therapy's own checks are asked, and once its timer is on "shall we finish the other
# questions?" (a one-turn yes/no: RESUME_OFFER); "safety questions" later in the conversation goes on where they were.
PAUSED, RESUME_OFFER = "screening_paused", "resume_offer"
THERAPY_FIRST = ("ice", "heat", "alternate")
PAUSED_LINE, PAUSED_OFFER = "screening.paused", "screening.paused.offer"
PAUSED_LATER, PAUSED_DECLINED = "screening.paused.later", "screening.paused.declined"
RESUMED, LATER_URGENT = "screening.resumed", "screening.later.urgent"
THERAPY_INTENTS = {"ice": "StartTherapyIntent", "heat": "StartTherapyIntent", "alternate": "AlternateTherapyIntent"}


def _pause(handler_input, state: engine.State) -> None:
    session = inputs.session(handler_input)
    state.wants = None
    session[PAUSED] = state.as_dict()
    session.pop(FLOW, None)
    session["flow"] = None


def therapy_first(handler_input, state: engine.State, wants: str):
    """Ice or heat (WANTS) before the rest of the questions, the red-flag ones all answered no: the questions
    kept for after, "no emergency signs so far, so that can come first", then the therapy as if asked at the menu
    (its own checks first)."""
    _pause(handler_input, state)
    handler_input.attributes_manager.request_attributes[LEAD_LINE] = PAUSED_LINE
    intent = handler_input.request_envelope.request.intent
    if intent.name != THERAPY_INTENTS[wants]:
        intent.name = THERAPY_INTENTS[wants]
        intent.slots = {"therapy": _resolved_slot("therapy", wants)} if wants in ("ice", "heat") else {}
    from skill.handlers import therapy as therapy_handlers     # it imports this module
    handler = (therapy_handlers.AlternateTherapyHandler() if wants == "alternate"
               else therapy_handlers.StartTherapyHandler())
    return handler.handle(handler_input)


def _later(handler_input, content, state: engine.State):
    """"Can we do the rest later?": after the red-flag questions, yes (kept for later in the conversation; ice or
    heat meanwhile); before them, not these (how many are left), and the same question, nothing counted."""
    if engine.urgent_clear(content, state):
        _pause(handler_input, state)
        return Reply(handler_input).say(PAUSED_LATER).ask()
    key = engine.prompt(content, state)
    left = sum(1 for item in engine.items(content, state)
               if item["kind"] == "question" and item["tier"] == 1 and item["id"] not in state.answers)
    if not left and engine.current(content, state) is not None and engine.current(content, state).get("tier") != 1:
        return stopped(handler_input, content, state.answers)   # a red flag declined: the stop's advice, never a pause
    return respond(handler_input, state, engine.step([(LATER_URGENT, {"left": max(left, 1)}), key], ask=key))


def offer_paused(handler_input, speech) -> None:
    """A timer just started (SPEECH ends with therapy.started.*) while questions wait for later: keep the
    conversation open and offer them ("shall we finish the other questions? There are N.")."""
    session = inputs.session(handler_input)
    if handler_input.request_envelope.session is None or speech.end is not True:
        return
    if not any(key.startswith("therapy.started.") for key in speech.keys()):
        return
    paused = engine.State.parse(session.get(PAUSED), inputs.content(handler_input))
    if paused is None:
        return
    speech.say(PAUSED_OFFER, left=engine.left_to_ask(inputs.content(handler_input), paused))
    speech.reprompt = (PAUSED_OFFER, {"left": engine.left_to_ask(inputs.content(handler_input), paused)})
    speech.end = False
    session[RESUME_OFFER] = True


class ResumeOfferInterceptor(AbstractRequestInterceptor):
    """The offer of the questions left for later lasts one turn: its mark moves to this request's attributes."""

    def process(self, handler_input):
        if handler_input.request_envelope.session is None:
            return
        offered = handler_input.attributes_manager.session_attributes.pop(RESUME_OFFER, None)
        handler_input.attributes_manager.request_attributes[RESUME_OFFER] = bool(offered)


class ResumeOfferHandler(AbstractRequestHandler):
    """Yes to "shall we finish the other questions?": where they were; no: how to finish them later, and what not
    to wait with meanwhile (a doctor today for a fever; the emergency number for the red flags)."""

    def can_handle(self, handler_input):
        return (handler_input.attributes_manager.request_attributes.get(RESUME_OFFER) is True
                and inputs.intent_name(handler_input) in ("AMAZON.YesIntent", "AMAZON.NoIntent"))

    def handle(self, handler_input):
        content = inputs.content(handler_input)
        paused = engine.State.parse(inputs.session(handler_input).get(PAUSED), content)
        if inputs.intent_name(handler_input) == "AMAZON.YesIntent" and paused is not None:
            key = engine.prompt(content, paused)
            return respond(handler_input, paused, engine.step([RESUMED, key], ask=key))
        return Reply(handler_input).say(PAUSED_DECLINED).tell()


# After the outcome, the request made during the questions offered first (explore6 #15): a one-turn yes/no.
WANTED = "wanted"
WANTED_REQUESTS = {"ice": ("StartTherapyIntent", "ice"), "heat": ("StartTherapyIntent", "heat"),
                   "alternate": ("AlternateTherapyIntent", None), "stretches": ("StartRoutineIntent", None)}


class WantedOfferInterceptor(AbstractRequestInterceptor):
    """The offer of what was asked for during the questions ("Now, your ice: shall I start it?") lasts one turn:
    a yes becomes that request (the therapy named in its slot), anything else is itself."""

    def process(self, handler_input):
        wants = inputs.session(handler_input).pop(WANTED, None)
        if wants not in WANTED_REQUESTS or inputs.intent_name(handler_input) != "AMAZON.YesIntent":
            return
        name, therapy = WANTED_REQUESTS[wants]
        intent = handler_input.request_envelope.request.intent
        intent.name, intent.slots = name, ({"therapy": _resolved_slot("therapy", therapy)} if therapy else {})


def _resolved_slot(name: str, value_id: str) -> Slot:
    """A custom slot resolved to VALUE_ID, as Alexa sends one."""
    match = Resolution(authority="amzn1.er-authority.echo-sdk.spasm-coach." + name.upper(),
                       status=Status(code=StatusCode.ER_SUCCESS_MATCH),
                       values=[ValueWrapper(value=Value(name=value_id, id=value_id))])
    return Slot(name=name, value=value_id, confirmation_status=SlotConfirmationStatus.NONE,
                resolutions=Resolutions(resolutions_per_authority=[match]))


REQUEST_INTERCEPTORS = [AnswerWordsInterceptor(), WantedOfferInterceptor(), ResumeOfferInterceptor()]

# DESIGN.md order: the any-moment emergency request and symptom report first, the flow's own handlers, then the entry intent.
HANDLERS = [EmergencyHandler(), RestartHandler(), EmergencyOfferHandler(), ReportSymptomHandler(), AnswerHandler(),
            FinishFirstHandler(), AgainHandler(), StopHandler(), ResumeOfferHandler(), StartScreeningHandler()]
