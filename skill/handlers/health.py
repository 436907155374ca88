"""Health facts a person volunteers ("I'm pregnant", "I had back surgery last month", "I'm diabetic"): recorded
for the conversation, answered in a sentence, then the menu (skill/domain/health.py decides)."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler, AbstractRequestInterceptor

from skill.domain import answers as answer_words
from skill.domain import health as domain
from skill.domain import routine as routine_domain
from skill.domain import screening as engine
from skill.domain import therapy as therapy_domain
from skill.domain.clock import parse_time
from skill.domain.symptoms import read_symptom
from skill.domain.therapy import next_check_question
from skill.handlers import inputs, turns
from skill.handlers.checkin import stretches_ok
from skill.render import AUDIENCE, LEAD_LINE, Reply

INTENT = "HealthInfoIntent"
THERAPY_INTENT = "StartTherapyIntent"
SKIN_INTENT = "SkinReactionIntent"
ROUTINE_STATES = (turns.ROUTINE_QUESTION, turns.ROUTINE_EXERCISE, turns.ROUTINE_PAIN_CHECK)
CARRY_ON_STATES = ROUTINE_STATES + (turns.THERAPY_QUESTION,)
CARRY_ON = "frame.number.carry_on"     # "To carry on where we were, say repeat."
SYMPTOM_INTENT = "ReportSymptomIntent"
TOLD_NOW = "health_told"       # request attributes: a condition read from an answer's words (no slot to resolve)
SKIN_NOW = "health_skin"       # request attributes: (sign, therapy) read from a symptom's words (no slot to resolve)
SKIN_FIRST = "health_skin_first"   # request attributes: the numb-skin line the red-flag questions start with
# What an answer's words may have been renamed to before this module reads them (skill/handlers/screening.py).
ANSWER_INTENTS = {"yes": "AMAZON.YesIntent", "no": "AMAZON.NoIntent"}
# (A symptom too: "yes I had back surgery last month" reads as one; only words that are nothing but the fact count.)
ANSWER_LIKE = (turns.ANSWER_WORDS_INTENT, "AMAZON.YesIntent", "AMAZON.NoIntent", "UnsureIntent", SYMPTOM_INTENT)


def question_on_the_table(handler_input) -> str | None:
    """The id of the yes/no question a flow has on the table, where a volunteered condition can answer it: a
    screening item, a routine exclusion, a heat or ice check question."""
    session, content = inputs.session(handler_input), inputs.content(handler_input)
    state = turns.state_of(session)
    if state == turns.SCREENING_QUESTION:
        screening = inputs.screening_state(handler_input)
        item = engine.current(content, screening) if screening is not None else None
        return item["id"] if item else None
    if state == turns.ROUTINE_QUESTION:
        routine = inputs.routine_state(handler_input)
        if routine is not None and routine.awaiting == routine_domain.EXCLUSION:
            asked = routine_domain.exclusions_to_ask(content)
            return asked[routine.exclusion_index]["id"] if routine.exclusion_index < len(asked) else None
        return None
    if state == turns.THERAPY_QUESTION:
        therapy = session.get("therapy") or {}
        index = therapy.get("check_index", 0)
        if therapy.get("awaiting") == "check" and therapy.get("check") in ("heat", "ice") and isinstance(index, int):
            question = next_check_question(content.therapy["checks"], therapy["check"], index)
            return question["id"] if question else None
    return None


def record(handler_input, told: domain.Told) -> None:
    """What the condition records for this conversation (session only, never stored)."""
    session = inputs.session(handler_input)
    if told.exclusion:
        session[inputs.EXCLUSIONS] = {**inputs.known_exclusions(handler_input), told.exclusion: "yes"}
    if told.condition:
        said = session.get(domain.SESSION) if isinstance(session.get(domain.SESSION), list) else []
        session[domain.SESSION] = said + [told.condition] if told.condition not in said else said


def _as_symptom(intent, slot, words: str) -> None:
    """The request becomes the symptom said in WORDS (ReportSymptomIntent, unplaced), as before this intent."""
    slot.name, slot.value, slot.resolutions = "symptom", words, None
    intent.name, intent.slots = SYMPTOM_INTENT, {"symptom": slot}


def skin_therapy(handler_input) -> str | None:
    """Which of heat or ice the skin is about: the one named, else one of ours on the skin now or taken off in the
    last day (the stored record), else None."""
    try:
        raw = handler_input.attributes_manager.persistent_attributes.get("therapy")
    except Exception:   # noqa: BLE001 - the store is down: only a therapy named counts
        raw = None
    record, now = therapy_domain.Record.parse(raw), inputs.request_time(handler_input)
    used = {}
    for therapy in domain.SKIN_LINES:
        times = [parse_time(record.last_end.get(therapy))] + [
            min(parse_time(a["ends_at"]), now) for a in record.active if a.get("phase") == therapy]
        times = [t for t in times if t is not None]
        used[therapy] = max(times) if times else None
    return domain.skin_therapy(inputs.slot_id(handler_input, "therapy"), used, now)


class HealthInfoInterceptor(AbstractRequestInterceptor):
    """Before any handler: a condition said is recorded; where the question on the table asks exactly that (the
    pregnancy or recent-operation exclusion, the heat check's diabetes question) it is a yes to it. A blister said
    at the heat check's broken-skin question is a yes too. Words in the condition's place
    that are none of its values, or that go on to say more ("pregnant and my back has gone"), and skin words with
    no heat or ice of ours lately ("my skin is red"), are what they were before these intents: a symptom said
    (ReportSymptomIntent with those words), so nothing said about the body is lost."""

    def process(self, handler_input):
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        if intent is not None and self._someone_else(handler_input, intent):
            return
        if intent is not None and (self._fact_at_another_question(handler_input, intent)
                                   or self._age_at_a_flow_question(handler_input, intent)):
            return
        if intent is not None and intent.name == SYMPTOM_INTENT and self._skin_in_words(handler_input, intent):
            return
        if intent is None or intent.name not in (INTENT, SKIN_INTENT):
            return
        if intent.name == SKIN_INTENT:
            return self._skin(handler_input, intent)
        condition = inputs.slot_id(handler_input, "condition")
        words = inputs.slot_value(handler_input, "condition")
        told = domain.told(condition)
        if told is None or domain.more_said(words):
            slot = (intent.slots or {}).get("condition")
            if slot is not None and words:
                _as_symptom(intent, slot, words)
            return
        if handler_input.request_envelope.session is None:
            return
        record(handler_input, told)
        if domain.answers(condition, question_on_the_table(handler_input)):
            intent.name, intent.slots = "AMAZON.YesIntent", {}

    @staticmethod
    def _someone_else(handler_input, intent) -> bool:
        """Someone speaking for another person (explore7 #9, #10, #22: "he's 13", "heat for my son", "it's my nan,
        she's on the floor"): from now on the lines with a form for them are said to the one who is there
        (session["audience"]). Heat or ice asked for them is that request (StartTherapyIntent with the therapy
        named). True when the request was made that."""
        if handler_input.request_envelope.session is None or intent.name != INTENT:
            return False
        said = {name for name in (domain.OTHER_AGE_SLOT, domain.PERSON_SLOT, domain.SITUATION_SLOT)
                if inputs.slot_value(handler_input, name)}
        if not said:
            return False
        inputs.session(handler_input)[AUDIENCE] = domain.SOMEONE_ELSE
        therapy = (intent.slots or {}).get(domain.THERAPY_SLOT)
        if therapy is not None and getattr(therapy, "value", None):
            intent.name, intent.slots = THERAPY_INTENT, {domain.THERAPY_SLOT: therapy}
            return True
        return False

    @staticmethod
    def _fact_at_another_question(handler_input, intent) -> bool:
        """"Yes I'm pregnant", "yes I had back surgery last month", "yes I'm diabetic" (an answer's words: only the
        fact, at most a yes or no before it) at a question the fact does not answer ("Are you under sixteen?"): the
        fact is kept for its own question (the screening's answers, the conversation's exclusions or conditions),
        and the question on the table is asked again after "noted" (a back operation with no time: its advice) (a
        yes or no said with "but" answers it: "no, but I'm pregnant"). Never the other question's yes (review4
        #8). True when it was."""
        if handler_input.request_envelope.session is None:
            return False
        words = (inputs.slot_value(handler_input, "answer") if intent.name == turns.ANSWER_WORDS_INTENT
                 else handler_input.attributes_manager.request_attributes.get(inputs.ANSWER_WORDS))
        fact = domain.fact_said(words) if intent.name in ANSWER_LIKE else None
        if fact is None:
            return False
        condition, answer = fact
        question = question_on_the_table(handler_input)
        state = turns.state_of(inputs.session(handler_input))
        if question is None and state not in turns.SCREENING_STATES:
            # no yes/no question on the table ("say next when you're ready", the menu): the fact said, as if said
            # alone ("I'm pregnant"): HealthInfoHandler (review5 #5b: never a plain yes to the next exercise)
            record(handler_input, domain.told(condition))
            handler_input.attributes_manager.request_attributes[TOLD_NOW] = condition
            intent.name, intent.slots = INTENT, {}
            return True
        if not domain.answers_another(condition, question):
            return False
        told = domain.told(condition)
        record(handler_input, told)
        screening = inputs.screening_state(handler_input) if question and turns.state_of(
            inputs.session(handler_input)) == turns.SCREENING_QUESTION else None
        lead = domain.noted_line(condition)
        if screening is not None and told.exclusion:
            screening.answers[told.exclusion] = "yes"       # its own question, when the screening comes to it
            inputs.session(handler_input)["screening"] = screening.as_dict()
            lead = _exclusion_outcome(handler_input, told.exclusion) or lead   # its advice, said now (review5 #5)
        if answer is not None:
            intent.name, intent.slots = ANSWER_INTENTS[answer], {}
            if lead != domain.NOTED:
                handler_input.attributes_manager.request_attributes[LEAD_LINE] = lead
        else:
            handler_input.attributes_manager.request_attributes[LEAD_LINE] = lead
            intent.name, intent.slots = "AMAZON.RepeatIntent", {}
        return True

    @staticmethod
    def _age_at_a_flow_question(handler_input, intent) -> bool:
        """An age said ("I'm eighty") at a question of a flow that does not ask it (a heat check, the stretches'
        pain check): noted (it answers "are you under sixteen?" for the conversation) and that question again,
        never the menu over a question still open (review5 #3). Sixteen or over only: under sixteen is
        AgeSaidHandler's. True when it was."""
        if handler_input.request_envelope.session is None or intent.name != INTENT:
            return False
        if domain.told(inputs.slot_id(handler_input, "condition")) is not None or not _age_elsewhere(handler_input) \
                or inputs.slot_value(handler_input, domain.SITUATION_SLOT):
            return False
        age = _age(handler_input)
        if age is None or age < _under(handler_input):
            return False
        inputs.session(handler_input)[inputs.EXCLUSIONS] = {
            **engine.age_exclusions(inputs.content(handler_input), age), **inputs.known_exclusions(handler_input),
            domain.UNDER_16: "no"}
        handler_input.attributes_manager.request_attributes[LEAD_LINE] = domain.NOTED
        intent.name, intent.slots = "AMAZON.RepeatIntent", {}
        return True

    @staticmethod
    def _skin_in_words(handler_input, intent) -> bool:
        """Skin damage said in words the model heard as a symptom ("I scalded myself with the hot water bottle", "my
        skin's gone red and blistered" after our heat): the skin's advice (SkinReactionHandler), as if the skin slot
        had been filled. Only where no red-flag question is on the table, the symptom reader places the words nowhere
        and heat or ice is named or ours lately. A numb patch stays the symptom: its skin line first
        (SKIN_FIRST), then the red-flag questions. True when the request became the skin's."""
        words = inputs.slot_value(handler_input, "symptom")
        session = inputs.session(handler_input)
        if not words or handler_input.request_envelope.session is None or inputs.slot_id(handler_input, "symptom"):
            return False
        if turns.outcome(turns.state_of(session), SKIN_INTENT) not in (turns.ENTRY, turns.PASS):
            return False
        sign = domain.skin_damage(words)
        if sign is None or read_symptom(words, inputs.locale(handler_input) or "en-US").flag is not None:
            return False
        therapy = domain.therapy_named(words) or skin_therapy(handler_input)
        if therapy is None:
            return False
        if sign == domain.NUMB:
            _rule_out(handler_input, therapy)
            handler_input.attributes_manager.request_attributes[SKIN_FIRST] = domain.SKIN_NUMB_LINES[therapy]
            return False
        handler_input.attributes_manager.request_attributes[SKIN_NOW] = (sign, therapy)
        intent.name, intent.slots = SKIN_INTENT, {}
        return True

    @staticmethod
    def _skin(handler_input, intent) -> None:
        sign = inputs.slot_id(handler_input, "skin")
        if handler_input.request_envelope.session is not None and domain.skin_answers(
                sign, question_on_the_table(handler_input)):
            intent.name, intent.slots = "AMAZON.YesIntent", {}
            return
        if skin_therapy(handler_input) is None:
            slot = (intent.slots or {}).get("skin")
            words = inputs.slot_value(handler_input, "skin")
            if slot is not None and words:      # a question heard in the slot stays one ("is sex okay ...?")
                _as_symptom(intent, slot, words if answer_words.asked_a_question(words) else f"my skin is {words}")


class HealthInfoHandler(AbstractRequestHandler):
    """A condition said where no question of a flow takes it: a sentence of advice from the brief, then the menu
    (without stretches after a pregnancy or a recent operation, or advice that stops them). At a routine step or a
    timer question: the sentence, then how to carry on ("say repeat"), the step kept; a pregnancy or a recent
    operation said during the stretches stops them. No condition heard at all: the frame's fallback."""

    def can_handle(self, handler_input):
        return (inputs.intent_name(handler_input) == INTENT
                and domain.told(_condition(handler_input)) is not None
                and turns.outcome(turns.state_of(inputs.session(handler_input)), INTENT) in (turns.ENTRY, turns.PASS))

    def handle(self, handler_input):
        told = domain.told(_condition(handler_input))
        session = inputs.session(handler_input)
        reply = Reply(handler_input)
        state = turns.state_of(session)
        stops_stretches = told.exclusion is not None and state in ROUTINE_STATES
        if state in CARRY_ON_STATES and not stops_stretches:
            return reply.say(told.line).say(CARRY_ON).ask()     # a routine step or timer question: "say repeat"
        if handler_input.request_envelope.session is not None:
            session["flow"] = None
            if stops_stretches:
                session.pop("routine", None)      # the stretches under way stop; asked for again, they are refused
        offer = told.offer if stretches_ok(handler_input) else domain.NO_STRETCHES
        return reply.say(told.line).say(offer).ask()


class AgeSaidHandler(AbstractRequestHandler):
    """An age said with nothing of a flow on the table ("I'm 80", explore4 F17: an age, never 80 minutes of a timer
    that was not asked for): it answers "Are you under sixteen?" for the conversation. Sixteen or over: noted, then
    the menu; under sixteen (at a flow's question too): the screening's own under-16 advice (the number included),
    and the session ends as it does there. The questions that ask an age read it themselves (the routine's
    "are you under sixteen?", the screening's); at another flow question, 16 or over is noted and the question
    asked again (HealthInfoInterceptor)."""

    def can_handle(self, handler_input):
        if inputs.intent_name(handler_input) != INTENT or _age(handler_input) is None:
            return False
        if domain.told(inputs.slot_id(handler_input, "condition")) is not None:
            return False
        state = turns.state_of(inputs.session(handler_input))
        return state == turns.NONE or (_age_elsewhere(handler_input) and _age(handler_input) < _under(handler_input))

    def handle(self, handler_input):
        content = inputs.content(handler_input)
        below = next(x for x in content.screening["exclusions"] if x["id"] == domain.UNDER_16)
        under = _age(handler_input) < int(below["age_below"])
        if under:
            return under_16_said(handler_input, _age(handler_input))
        if handler_input.request_envelope.session is not None:
            inputs.session(handler_input)[inputs.EXCLUSIONS] = {
                **engine.age_exclusions(content, _age(handler_input)), **inputs.known_exclusions(handler_input),
                domain.UNDER_16: "no"}
        offer = domain.MENU if stretches_ok(handler_input) else domain.NO_STRETCHES
        return Reply(handler_input).say(domain.NOTED).say(offer).ask()


def under_16_said(handler_input, age: int, someone_else: bool = False):
    """An age under sixteen said (the person's, or SOMEONE_ELSE's: a child a parent speaks for): the screening's own
    under-16 advice (the number included), said to whoever is there, and the session ends: the skill is for over-16s,
    so nothing goes on."""
    content = inputs.content(handler_input)
    below = next(x for x in content.screening["exclusions"] if x["id"] == domain.UNDER_16)
    if handler_input.request_envelope.session is not None:
        session = inputs.session(handler_input)
        session["flow"] = None
        if someone_else:
            session[AUDIENCE] = domain.SOMEONE_ELSE
        session[inputs.EXCLUSIONS] = {**engine.age_exclusions(content, age), **inputs.known_exclusions(handler_input),
                                      domain.UNDER_16: "yes"}
    return Reply(handler_input).say(below["outcome"]).card(below["outcome"]).tell()


def _condition(handler_input) -> str | None:
    """The condition said: the slot's, or the one the interceptor read from an answer's words (TOLD_NOW)."""
    return handler_input.attributes_manager.request_attributes.get(TOLD_NOW) or inputs.slot_id(handler_input,
                                                                                              "condition")


def _age(handler_input) -> int | None:
    """The age said: the person's own, or the age of the one they speak for."""
    return answer_words.age_in(inputs.slot_value(handler_input, domain.AGE_SLOT)
                               or inputs.slot_value(handler_input, domain.OTHER_AGE_SLOT))


def _under(handler_input) -> int:
    """The age the under-16 exclusion is about (screening.yaml `age_below`)."""
    content = inputs.content(handler_input)
    return int(next(x for x in content.screening["exclusions"] if x["id"] == domain.UNDER_16)["age_below"])


def _age_elsewhere(handler_input) -> bool:
    """A flow's question is on the table that does not read an age itself (not the screening's questions, not the
    routine's "are you under sixteen?")."""
    state = turns.state_of(inputs.session(handler_input))
    if state in (turns.NONE, *turns.SCREENING_STATES):
        return False
    if state == turns.ROUTINE_QUESTION and routine_domain.asks_age(inputs.routine_state(handler_input),
                                                                   inputs.content(handler_input)):
        return False
    return True


def _exclusion_outcome(handler_input, exclusion: str) -> str | None:
    """The screening's own line for an exclusion answered yes (screening.yaml exclusions `outcome`)."""
    for item in inputs.content(handler_input).screening["exclusions"]:
        if item["id"] == exclusion:
            return item.get("outcome")
    return None


class SomeoneOnTheFloorHandler(AbstractRequestHandler):
    """A carer with someone on the floor ("it's my nan, she's on the floor", "my dad's 82, he's on the floor with his
    back", explore7 #9), with no red-flag question on the table: their age noted, then the screening's can't-get-up
    path said to the carer (the number if they are hurt or unwell, not to struggle to lift them alone), then whether
    a leg is weak or numb."""

    def can_handle(self, handler_input):
        return (inputs.intent_name(handler_input) == INTENT
                and inputs.slot_id(handler_input, domain.SITUATION_SLOT) == domain.ON_FLOOR
                and turns.outcome(turns.state_of(inputs.session(handler_input)), INTENT) in (turns.ENTRY, turns.PASS))

    def handle(self, handler_input):
        from skill.handlers import screening as screening_handlers    # it imports the checkin handlers, as we do
        age = _age(handler_input)
        if age is not None and handler_input.request_envelope.session is not None:
            inputs.session(handler_input)[inputs.EXCLUSIONS] = {
                **engine.age_exclusions(inputs.content(handler_input), age), **inputs.known_exclusions(handler_input),
                domain.UNDER_16: "yes" if age < _under(handler_input) else "no"}
        return screening_handlers.cant_get_up(handler_input, inputs.slot_value(handler_input, domain.SITUATION_SLOT))


class SkinReactionHandler(AbstractRequestHandler):
    """The skin after heat or ice ("I fell asleep on the heat pad and my skin is all red"), with no question of a
    flow that takes it: take it off and no more of it on that spot (heat or ice is ruled out for the conversation),
    when to get advice (brief 3.3: blistered, white or grey, very red or numb and not fading), then a question.
    At a routine step: that, then how to carry on."""

    def can_handle(self, handler_input):
        return (inputs.intent_name(handler_input) == SKIN_INTENT
                and turns.outcome(turns.state_of(inputs.session(handler_input)), SKIN_INTENT) in (turns.ENTRY,
                                                                                                 turns.PASS))

    def handle(self, handler_input):
        said = handler_input.attributes_manager.request_attributes.get(SKIN_NOW)
        sign, named = said if said else (inputs.slot_id(handler_input, "skin"), None)
        therapy = named or skin_therapy(handler_input) or "heat"    # the interceptor made it a symptom when neither
        session = inputs.session(handler_input)
        state = turns.state_of(session)
        reply = Reply(handler_input)
        _rule_out(handler_input, therapy)
        lines = domain.skin_lines(therapy, stretches_ok=stretches_ok(handler_input), sign=sign)
        if state in ROUTINE_STATES:
            lines = lines[:-1] + [CARRY_ON]
        elif handler_input.request_envelope.session is not None:
            session["flow"] = None
        for key in lines:
            reply.say(key)
        return reply.ask()


def _rule_out(handler_input, therapy: str) -> None:
    """No more of THERAPY for this conversation (its check's "not safe" or "skip" line when asked for again), and any
    question of ice or heat on the table is dropped."""
    if handler_input.request_envelope.session is None:
        return
    session = inputs.session(handler_input)
    conversation = session.get("therapy") if isinstance(session.get("therapy"), dict) else {}
    if turns.state_of(session) in (turns.THERAPY_QUESTION, turns.PERMISSION_PENDING):
        conversation = {k: v for k, v in conversation.items() if k not in ("awaiting", "pending", "check")}
    rules = inputs.content(handler_input).therapy["checks"][therapy]
    ruled = rules["questions"][0].get("if_yes") or rules["if_yes"]   # heat: not safe; ice: skip
    conversation["ruled_out"] = {**(conversation.get("ruled_out") or {}), therapy: ruled}
    session["therapy"] = conversation


REQUEST_INTERCEPTORS = [HealthInfoInterceptor()]
HANDLERS = [HealthInfoHandler(), SomeoneOnTheFloorHandler(), AgeSaidHandler(), SkinReactionHandler()]
