"""Questions people ask ("how long will this last?", "should I stay in bed?", "who do I ring if it's not an
emergency?"): the answer, and what follows it.

Each question intent of the model has a topic; its answer is `question.<topic>` (content/data/responses/
question.yaml, sourced), its short form at a safety question `question.<topic>.brief`. What follows the answer
depends on what is on the table (skill/handlers/turns.py states):

- a screening question or its clarifier: the short answer, "back to my question", and that question again (the
  screening's AgainHandler says it: the question keeps the turn);
- a routine or timer question the flow can ask again: the answer, then the flow's own question again;
- the routine's pain check: the answer, then the pain check;
- an exercise under way (or anything else of a flow's): the answer, then how to carry on ("say repeat");
- nothing of a flow's: the answer, then an offer (ice, heat, stretches, the safety questions).

After the emergency advice in this conversation, no general answer is given: that advice again, number first.
After advice to see a doctor today (this conversation, or a day the questions blocked the stretches), that advice
stands: `question.after_urgent` (given on an earlier day of the episode: the answer and `question.after_earlier`,
if not had yet, today). After advice to see someone in the next few days: the answer, that advice again, then the
offer. Whenever advice stands, an answer that says when to see someone in general ("after a few weeks") is said in its
short form (review4 #3: never a softer line after advice).
"""

from __future__ import annotations

import re

from skill.plan import Speech

# intent -> topic (content keys question.<topic>, question.<topic>.brief)
TOPICS = {"HowLongIntent": "how_long", "BedRestIntent": "bed_rest", "MedicineIntent": "medicine",
          "ActivityIntent": "activity", "CauseIntent": "cause", "SleepIntent": "sleep",
          "PreventionIntent": "prevention", "BathIntent": "bath", "NonEmergencyNumberIntent": "non_emergency"}
INTENTS = tuple(TOPICS)
BACK = "question.back"
OFFER = "question.offer"
AFTER_URGENT = "question.after_urgent"
AFTER_DAYS = "question.after_days"
AFTER_EARLIER = "question.after_earlier"      # advice for today given on an earlier day: if not had yet, today
CARRY_ON = "frame.number.carry_on"            # "To carry on where we were, say repeat."
PAIN_CHECK = "routine.pain_check"

# What follows the answer.
REASK = "reask"                  # the flow's own question again (its RepeatIntent)
EMERGENCY = "emergency"          # the emergency advice again (skill/handlers/screening.py emergency_request)
# Routine steps whose "repeat" asks the question again (at an exercise step it does the exercise again).
ROUTINE_QUESTIONS = ("exclusion", "stage_check", "offer_floor", "choose")
# The conversation states of skill/handlers/turns.py this module tells apart (the domain imports no handler module;
# the turn matrix shows any drift).
EMERGENCY_OFFER, THERAPY_QUESTION = "emergency_offer", "therapy_question"
ROUTINE_QUESTION, ROUTINE_EXERCISE, ROUTINE_PAIN_CHECK = "routine_question", "routine_exercise", "routine_pain_check"


def topic(intent: str | None) -> str | None:
    return TOPICS.get(intent or "")


# Answers whose full form says when to see someone in general ("if it isn't easing after a few weeks"): after advice
# was given (to see someone today or in the next few days) their short form is said, so the advice is never softened.
SOFTENS_ADVICE = ("how_long",)


# A rub, cream, gel or balm on the skin (the MEDICINE slot's `rubs`, or a gel named: "Voltaren gel"), asked about
# or said before or during heat: its own answer, about heat over it (explore6 #14: never the tablets' answer).
RUB = "question.medicine.rub"
RUB_IDS = ("rubs",)
_RUB_WORDS = re.compile(r"\b(?:rub|rubs|cream|creams|gel|gels|balm|ointment|liniment|spray|lotion)\b")


# Rubs named by brand inside other words ("can I use Voltaren gel with the heat pad", "can I use deep heat" heard as
# a heat request: the therapy slot's words).
_RUB_NAMES = re.compile(r"\b(?:deep heat|deep freeze|tiger balm|voltaren|voltarol|volini|icy hot|biofreeze|ralgex|bengay|"
                        r"moov|emulgel|diclofenac gel|ibuprofen gel)\b")


def is_rub(medicine: str | None, words: str | None) -> bool:
    """Whether the medicine said (its slot id and words) is one put on the skin."""
    return medicine in RUB_IDS or bool(_RUB_WORDS.search((words or "").lower()))


def rub_named(words: str | None) -> bool:
    """Whether words heard for something else (a heat request's therapy) name a rub, cream or gel."""
    text = (words or "").lower()
    return bool(_RUB_NAMES.search(text) or _RUB_WORDS.search(text))


def answer_key(intent: str, *, advised: bool = False, rub: bool = False) -> str:
    """The answer said (ADVISED: advice to see someone stands: the short form of an answer that would soften it;
    RUB: the medicine asked about is a rub, cream or gel)."""
    if rub and TOPICS[intent] == "medicine":
        return RUB
    if advised and TOPICS[intent] in SOFTENS_ADVICE:
        return f"question.{TOPICS[intent]}.brief"
    return f"question.{TOPICS[intent]}"


def brief_key(intent: str | None) -> str | None:
    """The short answer said before a safety question is asked again (None: not a question intent)."""
    name = topic(intent)
    return f"question.{name}.brief" if name else None


def follows(state: str, *, outcome_tier: int | None, routine_awaiting: str | None = None,
            earlier: bool = False) -> str:
    """What follows the answer in STATE: REASK, EMERGENCY, AFTER_URGENT, AFTER_EARLIER, AFTER_DAYS, PAIN_CHECK,
    CARRY_ON or OFFER (the screening states are answered by the screening's own handler, see the module docstring).
    OUTCOME_TIER: the advice that stands, given in this conversation or today, or on an EARLIER day."""
    if state == EMERGENCY_OFFER or outcome_tier == 1:
        return EMERGENCY                 # given on an earlier day too: never softened (review5 #1)
    if outcome_tier == 2:
        return AFTER_EARLIER if earlier else AFTER_URGENT
    if outcome_tier == 3 and state not in (THERAPY_QUESTION, ROUTINE_QUESTION, ROUTINE_EXERCISE, ROUTINE_PAIN_CHECK):
        return AFTER_DAYS
    if state == THERAPY_QUESTION:
        return REASK
    if state == ROUTINE_QUESTION and routine_awaiting in ROUTINE_QUESTIONS:
        return REASK
    if state == ROUTINE_PAIN_CHECK:
        return PAIN_CHECK
    if state in (ROUTINE_QUESTION, ROUTINE_EXERCISE):
        return CARRY_ON
    return OFFER


def speech(intent: str, then: str, *, advised: bool = False, rub: bool = False) -> Speech:
    """The answer and what follows it, the session open (not for REASK or EMERGENCY, which the flows say).
    ADVISED: advice to see someone stands (answer_key); RUB: a rub, cream or gel asked about."""
    return _speech(answer_key(intent, advised=advised or then in (AFTER_EARLIER, AFTER_DAYS), rub=rub), then)


def topic_speech(name: str, then: str) -> Speech:
    """speech() for a topic asked in words with no intent of its own (question.<name>; nothing to soften)."""
    return _speech(f"question.{name}", then)


def _speech(answer: str, then: str) -> Speech:
    if then == AFTER_URGENT:
        return Speech(ops=[("say", AFTER_URGENT, {})], end=False)
    if then == AFTER_EARLIER:
        return Speech(ops=[("say", answer, {}), ("say", AFTER_EARLIER, {})], end=False)
    if then == AFTER_DAYS:
        return Speech(ops=[("say", answer, {}), ("say", AFTER_DAYS, {}), ("say", OFFER, {})], end=False)
    return Speech(ops=[("say", answer, {}), ("say", then, {})], end=False)
