"""Turn ownership: for each conversation state, what each intent means there.

One table, read by the handlers that own a question (the screening's answer, finish-first, again and stop
handlers ask it whether they take an intent) and regenerated as a golden matrix (`spasm-coach turns matrix`,
tests/fixtures/turn_matrix.yaml) by playing every intent in every state through the real skill.

Outcomes:
- answer        the flow takes the intent as an answer to its question (or the step it waits on)
- again         the flow says its question again (help, repeat, pause): the question stays on the table
- finish_first  understood, but the question on the table comes first: "let's finish this first", and the question
- pass          another capability answers; nothing of the flow is asked (no question is pending there)
- interrupt     the question is left: stop or cancel, a symptom, an emergency request
- entry         no question on the table: the intent's own handler
- end           the person is done ("no thanks", "that's all", "thank you" to an offer): a short goodbye (with the
                safety line after red flags were talked about) and the session closes (frame.EndingHandler)

Safety rule (tested on the matrix): in a state with a red-flag question pending, only the SAFETY_EXITS intents
may leave it; everything else answers it, asks it again, or is told to wait for it.
"""

from __future__ import annotations

from skill.domain.questions import INTENTS as QUESTIONS

ANSWER, AGAIN, FINISH_FIRST, PASS, INTERRUPT, ENTRY = "answer", "again", "finish_first", "pass", "interrupt", "entry"
END = "end"
OUTCOMES = (ANSWER, AGAIN, FINISH_FIRST, PASS, INTERRUPT, ENTRY, END)

NONE = "none"
SCREENING_QUESTION = "screening_question"     # a screening question (red flag, exclusion, tier 2 or 3) is pending
SCREENING_CLARIFY = "screening_clarify"       # "is it the pain, or a weak or numb leg?" after "I can't walk"
ROUTINE_QUESTION = "routine_question"         # a routine yes/no question (exclusion, hands and knees, which one)
ROUTINE_EXERCISE = "routine_exercise"         # an exercise set up: "say next when you're ready", "ready, or skip"
ROUTINE_PAIN_CHECK = "routine_pain_check"     # "better, the same, or worse?"
THERAPY_QUESTION = "therapy_question"         # the heat check, a short-length or rest offer, "ice or heat?"
PERMISSION_PENDING = "permission_pending"     # the timers permission was asked for
FORGET_CONFIRM = "forget_confirm"             # "delete my data?"
EMERGENCY_OFFER = "emergency_offer"           # after the emergency advice: "shall I ask the quick questions?"
CHECKIN_QUESTION = "checkin_question"         # a return's "Your back: better, same, or worse?" (no flow)
STATES = (NONE, SCREENING_QUESTION, SCREENING_CLARIFY, ROUTINE_QUESTION, ROUTINE_EXERCISE, ROUTINE_PAIN_CHECK,
          THERAPY_QUESTION, PERMISSION_PENDING, FORGET_CONFIRM, EMERGENCY_OFFER, CHECKIN_QUESTION)
SCREENING_STATES = (SCREENING_QUESTION, SCREENING_CLARIFY)

# The only intents that may leave a pending red-flag question.
STOP = ("AMAZON.StopIntent", "AMAZON.CancelIntent")
SAFETY = ("EmergencyIntent", "ReportSymptomIntent")
SAFETY_EXITS = STOP + SAFETY

YES_NO = ("AMAZON.YesIntent", "AMAZON.NoIntent")
# An answer said with words (its slot holds them): read by the screening question on the table; anywhere else the
# request interceptor (skill/handlers/screening.py) makes it the intent its words stand for before any handler.
ANSWER_WORDS_INTENT = "AnswerIntent"
ENDINGS = ("AMAZON.NoIntent", "ThanksIntent")     # with nothing but an offer on the table: the person is done
DONE = {"ThanksIntent": "end"}                   # "thank you" with a routine or timer question open: done too
# "What's the emergency number?" at a question: the number, then the same question (never a reason to leave it).
NUMBER_INTENT = "EmergencyNumberIntent"
# A bare acknowledgement ("okay", "fine", "sure", "grand", "sweet as", "go on"): to an offer or a routine question
# the yes it is (ACKNOWLEDGED_AS elsewhere); to a screening question no answer at all, never a yes to a red flag nor
# an answer not understood (which twice counts as yes): the question again, with what a yes or a no means.
ACKNOWLEDGE_INTENT = "AcknowledgeIntent"
ACKNOWLEDGED_AS = "AMAZON.YesIntent"
# What someone says of their situation, mostly as they open the skill ("my back's gone", "I'm on the floor", "it's
# for my husband"): a symptom the skill cannot place, so the urgent questions first (review6 #6: the intent has no
# slot, and on a device its samples can take a whole sentence, "my back went and now my legs won't work", whose
# words never reach the skill; so whatever was said with it, each red flag is asked). At a screening question it is
# help (that question stays on the table, explained); to the check-in it is its answer (not better).
SITUATION_INTENT = "SituationIntent"
SITUATION_AS = "ReportSymptomIntent"
SITUATION_AT_A_QUESTION = "AMAZON.HelpIntent"
# A pain report that says no direction ("seven out of ten", "could be better", "meh"): the pain change with none, so
# the pain check or the check-in asks "better, the same, or worse?" again, briefly.
PAIN_REPORT_INTENT = "PainReportIntent"
PAIN_REPORT_AS = "PainCheckIntent"
STANDS_FOR = {SITUATION_INTENT: SITUATION_AS, PAIN_REPORT_INTENT: PAIN_REPORT_AS}
# At a screening question or a safety check a pain report is no request to leave it (review6 #4: "let's finish this
# first" for ever, never counted): an answer not understood, which is asked again and twice counts as a yes.
PAIN_REPORT_AT_A_QUESTION = "AMAZON.FallbackIntent"
AGAIN_INTENTS = ("AMAZON.RepeatIntent", "AMAZON.PauseIntent", "AMAZON.ResumeIntent", "AMAZON.HelpIntent",
                 "StartScreeningIntent", "AMAZON.PreviousIntent", NUMBER_INTENT, ACKNOWLEDGE_INTENT)
# Questions people ask ("how long will this last?", "can I take ibuprofen?", skill/domain/questions.py): at a
# screening question a short answer, then the question again; at a routine or timer question the answer, then that
# question again; elsewhere the answer and an offer.
QUESTION_INTENTS = QUESTIONS
# "Go back" at a screening question reopens the last question answered (a corrected red-flag answer is never lost).
BACK_INTENT = "AMAZON.PreviousIntent"
# "Do it again" (the exercise again) in the routine; anywhere else it is repeat (the request interceptor in
# skill/handlers/routine.py renames it, so the table reads it as repeat there).
REPEAT_EXERCISE = "RepeatExerciseIntent"
ROUTINE_OWN = YES_NO + ("UnsureIntent", "PainCheckIntent", "AMAZON.NextIntent", "AMAZON.PreviousIntent",
                        "AMAZON.RepeatIntent", REPEAT_EXERCISE,
                        "AMAZON.PauseIntent", "AMAZON.ResumeIntent", "AMAZON.StartOverIntent", "AMAZON.HelpIntent",
                        "AMAZON.FallbackIntent", ANSWER_WORDS_INTENT)
# Mid-routine, "what's the number?" and "how long is left?" (no timers running): the answer, then the step again.
ROUTINE_AGAIN = (NUMBER_INTENT, "TherapyStatusIntent")
# The check-in's own answers: a pain change, and yes / no / not sure / words / not understood, which never say
# goodbye there ("not good" arrives as a no): "not better" asks "the same, or worse?", anything else the question
# again (skill/handlers/checkin.py). "Repeat" says it again; any request (ice, stretches, a question) is answered.
CHECKIN_OWN = YES_NO + ("UnsureIntent", "PainCheckIntent", "AMAZON.FallbackIntent", ANSWER_WORDS_INTENT,
                        SITUATION_INTENT)
CHECKIN_AGAIN = ("AMAZON.RepeatIntent", "AMAZON.PreviousIntent")
THERAPY_OWN = YES_NO + ("UnsureIntent", "AMAZON.HelpIntent", "AMAZON.RepeatIntent", "AMAZON.FallbackIntent",
                        "TherapyStatusIntent", ANSWER_WORDS_INTENT)
# At an ice or heat question, words that are no answer to it and would drop it (explore4 F14): a line ("let's finish
# this question first"; for a pain getting worse, what to watch for; for the number, the number), then the same
# question. Pause and resume only while no timers of ours are stored (then they pause or resume those).
THERAPY_AGAIN = ("AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.StartOverIntent", "AMAZON.PauseIntent",
                 "AMAZON.ResumeIntent")

# session["checkin"]: the last response asked the check-in (first time, or again after an answer not understood);
# its one turn (skill/handlers/checkin.py moves the mark into the request before any handler).
CHECKIN_MARK = "checkin"
CHECKIN_ASKED = ("asked", "again", "worse_q")

# state -> {intent: outcome}; "*" is every other intent.
TABLE: dict[str, dict[str, str]] = {
    NONE: {**{i: INTERRUPT for i in SAFETY}, **{i: END for i in ENDINGS}, "*": ENTRY},
    SCREENING_QUESTION: {
        **{i: INTERRUPT for i in SAFETY_EXITS},
        **{i: ANSWER for i in YES_NO + ("UnsureIntent", "AMAZON.NextIntent", "AMAZON.FallbackIntent",
                                        ANSWER_WORDS_INTENT)},
        **{i: AGAIN for i in AGAIN_INTENTS + QUESTION_INTENTS},
        BACK_INTENT: ANSWER,                     # the last question again, its answer to be changed
        "AMAZON.StartOverIntent": AGAIN,         # the same question again (a misheard answer must not restart)
        # "both" is an answer at the question about both legs; elsewhere it waits (see ANSWER_WORDS)
        "AlternateTherapyIntent": FINISH_FIRST,
        "*": FINISH_FIRST,
    },
    SCREENING_CLARIFY: {
        **{i: INTERRUPT for i in STOP + ("EmergencyIntent",)},
        "ReportSymptomIntent": ANSWER,           # "my leg is weak" answers "the pain, or a weak or numb leg?"
        **{i: ANSWER for i in YES_NO + ("UnsureIntent", "AMAZON.NextIntent", "AMAZON.FallbackIntent",
                                        "PainCheckIntent", ANSWER_WORDS_INTENT)},
        **{i: AGAIN for i in AGAIN_INTENTS + QUESTION_INTENTS},
        "AMAZON.StartOverIntent": AGAIN,
        "AlternateTherapyIntent": ANSWER,        # "both": the pain and a leg (see ANSWER_WORDS)
        "*": FINISH_FIRST,
    },
    ROUTINE_QUESTION: {**{i: INTERRUPT for i in SAFETY_EXITS}, **DONE, **{i: ANSWER for i in ROUTINE_OWN},
                       **{i: AGAIN for i in ROUTINE_AGAIN + QUESTION_INTENTS}, "*": PASS},
    ROUTINE_EXERCISE: {**{i: INTERRUPT for i in SAFETY_EXITS}, **DONE, **{i: ANSWER for i in ROUTINE_OWN},
                       **{i: AGAIN for i in ROUTINE_AGAIN}, "*": PASS},
    ROUTINE_PAIN_CHECK: {**{i: INTERRUPT for i in SAFETY_EXITS}, **DONE, **{i: ANSWER for i in ROUTINE_OWN},
                         **{i: AGAIN for i in ROUTINE_AGAIN + QUESTION_INTENTS}, "*": PASS},
    THERAPY_QUESTION: {**{i: INTERRUPT for i in SAFETY_EXITS}, **DONE, **{i: ANSWER for i in THERAPY_OWN},
                       **{i: AGAIN for i in QUESTION_INTENTS + THERAPY_AGAIN + (NUMBER_INTENT, "PainCheckIntent")},
                       "*": PASS},
    PERMISSION_PENDING: {**{i: INTERRUPT for i in SAFETY_EXITS}, **DONE, "*": PASS},
    FORGET_CONFIRM: {**{i: INTERRUPT for i in SAFETY_EXITS}, **{i: ANSWER for i in YES_NO + (ANSWER_WORDS_INTENT,)},
                     "*": PASS},
    EMERGENCY_OFFER: {**{i: INTERRUPT for i in SAFETY_EXITS}, **{i: ANSWER for i in YES_NO + (ANSWER_WORDS_INTENT,)},
                      # "what was the number?", "pardon", and words not understood or "I don't know": the advice
                      # again, number first, and the offer kept (never the menu's "ice, heat, stretches?" after it)
                      **{i: AGAIN for i in ("AMAZON.RepeatIntent", NUMBER_INTENT, "AMAZON.FallbackIntent",
                                            "UnsureIntent")},
                      "*": PASS},
    CHECKIN_QUESTION: {**{i: INTERRUPT for i in SAFETY_EXITS}, **DONE, **{i: ANSWER for i in CHECKIN_OWN},
                       **{i: AGAIN for i in CHECKIN_AGAIN}, "*": PASS},
}

# Words heard as another intent that are an answer at one question: "both" (AlternateTherapyIntent, no ice or
# heat named) at the question about both legs.
ANSWER_WORDS = {("leg_weakness", "AlternateTherapyIntent"): "yes",
                # "both" at "the pain, or a weak or numb leg?": a weak leg is in it (the safer reading)
                ("cant_walk", "AlternateTherapyIntent"): "weak"}


def outcome(state: str, intent: str | None) -> str:
    """What INTENT means in STATE (an unknown state is read as no state)."""
    row = TABLE.get(state, TABLE[NONE])
    intent = acknowledged(state, intent)
    if intent == REPEAT_EXERCISE and intent not in row:
        intent = "AMAZON.RepeatIntent"
    return row.get(intent or "", row["*"])


def acknowledged(state: str, intent: str | None, *, check: bool = False) -> str | None:
    """The intent an acknowledgement stands for in STATE: itself at a screening question or a safety check (CHECK:
    asks_a_check; asked again), the yes everywhere else; a situation said is a symptom not placed (help at a
    screening question), a pain report with no direction the pain change (STANDS_FOR), except at a screening
    question or a check, where it is an answer not understood; any other intent is itself."""
    if intent == PAIN_REPORT_INTENT and (state in SCREENING_STATES or check):
        return PAIN_REPORT_AT_A_QUESTION    # no direction said to a red-flag question: an unclear answer (counted)
    if intent == SITUATION_INTENT and state == CHECKIN_QUESTION:
        return intent           # "my back's gone again" to "better, same, or worse?": the check-in's answer
    if intent == SITUATION_INTENT and state in SCREENING_STATES:
        return SITUATION_AT_A_QUESTION      # the question on the table, explained (it stays there)
    if intent in STANDS_FOR:
        return STANDS_FOR[intent]
    if intent == ACKNOWLEDGE_INTENT and state not in SCREENING_STATES and not check:
        return ACKNOWLEDGED_AS
    return intent


# The yes/no safety checks outside the screening, where a bare "okay" is no answer either (review4 #0 re-check,
# explore4 F2): the ice and heat checks ("is the skin numb?") and the routine's exclusions ("Are you under sixteen?").
# The flow asks again with what a yes or a no means; to its offers "okay" is still the yes.
CHECKS = {"therapy": "check", "routine": "exclusion"}


def asks_a_check(session: dict | None) -> bool:
    """Whether the question on the table is one of CHECKS."""
    if not isinstance(session, dict) or session.get("flow") not in CHECKS:
        return False
    flow = session["flow"]
    return isinstance(session.get(flow), dict) and session[flow].get("awaiting") == CHECKS[flow]


def state_of(session: dict | None) -> str:
    """The conversation state from the session attributes (anything unknown or malformed: no state)."""
    if not isinstance(session, dict):
        return NONE
    flow = session.get("flow")
    if flow == "screening" and isinstance(session.get("screening"), dict):
        return SCREENING_CLARIFY if session["screening"].get("phase") == "cant_walk" else SCREENING_QUESTION
    if flow == "routine" and isinstance(session.get("routine"), dict):
        awaiting = session["routine"].get("awaiting")
        if awaiting == "pain_check":
            return ROUTINE_PAIN_CHECK
        if awaiting in ("next", "caution", "part") or awaiting is None:
            return ROUTINE_EXERCISE
        return ROUTINE_QUESTION
    if flow == "therapy" and isinstance(session.get("therapy"), dict):
        return PERMISSION_PENDING if session["therapy"].get("awaiting") == "permission" else THERAPY_QUESTION
    if flow == "forget":
        return FORGET_CONFIRM
    if flow == "emergency_offer":
        return EMERGENCY_OFFER
    if not flow and session.get(CHECKIN_MARK) in CHECKIN_ASKED:
        return CHECKIN_QUESTION
    return NONE
