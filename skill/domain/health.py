"""Health facts a person volunteers ("I'm pregnant", "I had back surgery last month", "I'm diabetic"): what each
records for the conversation, what is said back, and which question on the table it answers yes (plain values;
skill/handlers/health.py carries it out)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The HEALTH_CONDITION slot's value ids (interaction_models/en-US.json).
PREGNANT = "pregnant"
RECENT_PROCEDURE = "recent_spine_procedure"     # back surgery in the last three months, or a recent spinal injection
PROCEDURE = "spine_procedure"                   # back surgery or an injection, with no time said (or long ago)
DIABETES = "diabetes"
CONDITIONS = (PREGNANT, RECENT_PROCEDURE, PROCEDURE, DIABETES)
# An age said ("I'm 80": HealthInfoIntent's AMAZON.NUMBER slot): it answers the screening's under-16 exclusion.
AGE_SLOT = "age"
# Someone speaking for another person ("he's 13", "it's my nan, she's on the floor", "heat for my son"): their age,
# who they are (HELP_NEED's family), what is going on (SITUATION: on_floor), heat or ice asked for them. The conversation is then spoken to the
# one who is there (session["audience"], skill/render.py).
OTHER_AGE_SLOT, PERSON_SLOT, SITUATION_SLOT = "other_age", "person", "situation"
THERAPY_SLOT = "therapy"                        # "heat for my son": heat or ice asked for them
ON_FLOOR = "on_floor"
SOMEONE_ELSE = "someone_else"                   # one of skill/render.py AUDIENCES
UNDER_16 = "under_16"

# session["conditions"]: conditions said in this conversation that are no screening exclusion (session only).
SESSION = "conditions"


@dataclass(frozen=True)
class Told:
    """What a volunteered condition does: the exclusion it answers yes (shared with the screening and the
    routine, session["exclusions"]), or the condition it records (session["conditions"]); the line said back;
    the offer after it (no stretches after a pregnancy or a recent operation)."""

    line: str
    offer: str
    exclusion: str | None = None
    condition: str | None = None


MENU = "frame.welcome.menu"                 # ice, heat, stretches, or safety questions?
NO_STRETCHES = "health.offer.no_stretches"  # heat, ice, or safety questions?

TOLD = {
    # The screening's own exclusions (screening.yaml): a yes, as if the question had been asked.
    PREGNANT: Told("health.pregnant", NO_STRETCHES, exclusion=PREGNANT),
    RECENT_PROCEDURE: Told("health.recent_procedure", NO_STRETCHES, exclusion=RECENT_PROCEDURE),
    # No time said: the advice if it was recent; the question is still asked before stretches.
    PROCEDURE: Told("health.procedure", MENU),
    # Not an exclusion: a reason for care with heat (the FDA heating-pad advisory); the heat check knows it.
    DIABETES: Told("health.diabetes", MENU, condition=DIABETES),
}

# The question each condition answers yes when it is the one on the table: a screening or routine exclusion (by
# its id), or a heat check question (therapy.yaml checks.heat, by its id).
ANSWERS = {PREGNANT: PREGNANT, RECENT_PROCEDURE: RECENT_PROCEDURE, DIABETES: "diabetes_nerve_damage"}


# Heard in the condition's place with more said after it ("pregnant and my back has gone into spasm"): the sentence
# is about the back, with the condition in passing; read as a symptom said (the screening notes a pregnancy in it).
_MORE_SAID = re.compile(r"\b(?:and|but|because|cos|so|with)\b|,")


def told(condition: str | None) -> Told | None:
    return TOLD.get(condition or "")


def more_said(words: str | None) -> bool:
    """Whether the words heard for a condition go on to say something else."""
    return bool(words) and bool(_MORE_SAID.search(words))


def answers(condition: str | None, question_id: str | None) -> bool:
    """Whether saying CONDITION answers yes the question QUESTION_ID on the table."""
    return question_id is not None and ANSWERS.get(condition or "") == question_id


# A health fact said as the answer to another question ("yes I'm pregnant", "yes I had back surgery last month", "yes
# I'm diabetic" at "Are you under sixteen?", review4 #8):
# the fact answers its own question, never the one on the table. Only the fact, with at most a leading yes or no: a
# yes or no followed by "but" ("no, but I'm pregnant") answers the question on the table too; without it the yes or
# no is the fact's ("yes I'm pregnant"), and the question on the table is asked again. Anything more said is left
# to the readers it was before (a symptom said with it stays a symptom).
_LEAD = r"(?:(?P<answer>yes|yeah|yep|yup|no|nope|nah)\s+(?:(?P<but>but|though|although)\s+)?)?"
_FACTS = (
    (PREGNANT, re.compile(_LEAD + r"(?:(?:i'm|i am|im)\s+)?(?:actually\s+)?(?:(?:\w+\s+){1,2}(?:weeks?|months?)\s+)?"
                          r"pregnant(?:\s+(?:though|actually|now))?")),
    (DIABETES, re.compile(_LEAD + r"(?:(?:i'm|i am|im)\s+(?:a\s+)?|i have\s+|i've got\s+)?(?:type (?:one|two|1|2)\s+)?"
                          r"diabet(?:ic|es)(?:\s+(?:though|actually))?")),
)
# A back operation or spinal injection said as an answer; recent (the last three months, the screening's exclusion)
# when a time that near is said, else with no time the advice to ask if it was recent (PROCEDURE).
_PROCEDURE = re.compile(_LEAD + r"(?:i(?:'ve| have)?\s+(?:just\s+)?had\s+)(?:an?\s+|some\s+)?(?:(?:back|spine|spinal|disc)\s+"
                        r"(?:surgery|operation|op|injection|fusion)|(?:surgery|an operation|operation|an injection|"
                        r"injection)\s+(?:on|in)\s+(?:my|the)\s+(?:back|spine)|discectomy|laminectomy)"
                        r"(?P<when>\s+.*)?")
_RECENT = re.compile(r"^\s*(?:last (?:week|month)|recently|this (?:week|month)|(?:a|one|two|three|four|five|six|"
                     r"a few|a couple of|\d+) (?:days?|weeks?) ago|(?:a|one|two|three|\d) months? ago)\s*$")
_ANSWER = {"yes": "yes", "yeah": "yes", "yep": "yes", "yup": "yes", "no": "no", "nope": "no", "nah": "no"}
NOTED = "health.noted"                      # "Thanks, I've noted that." before the question on the table again


def fact_said(words: str | None) -> tuple[str, str | None] | None:
    """A health fact said alone as an answer: (its condition, the yes or no that answers the question on the
    table, or None); None when the words are not just a fact."""
    text = " ".join(re.sub(r"[^\w' ]", " ", (words or "").lower()).split())
    if not text:
        return None
    for condition, pattern in _FACTS:
        said = pattern.fullmatch(text)
        if said is not None:
            return condition, (_ANSWER[said["answer"]] if said["answer"] and said["but"] else None)
    said = _PROCEDURE.fullmatch(text)
    if said is None or (said["when"] and not _RECENT.match(said["when"])):
        return None                       # "... years ago" or more said: not this reader's
    condition = RECENT_PROCEDURE if said["when"] else PROCEDURE
    return condition, (_ANSWER[said["answer"]] if said["answer"] and said["but"] else None)


def answers_another(condition: str, question_id: str | None) -> bool:
    """Whether a fact said at QUESTION_ID belongs to another question (so it must not answer this one). A back
    operation with no time said belongs to the recent-procedure question as well (it is asked there)."""
    own = {ANSWERS.get(condition)} | ({ANSWERS[RECENT_PROCEDURE]} if condition == PROCEDURE else set())
    return question_id is not None and question_id not in own


def noted_line(condition: str) -> str:
    """What is said before the question on the table again: "noted" when the fact is recorded for its own question;
    the fact's own advice when nothing records it (a back operation with no time: ask them if it was recent)."""
    told = TOLD[condition]
    return NOTED if told.exclusion or told.condition else told.line


# A heat check question answered by a condition said before it: the line said instead of asking it.
CHECK_LINES = {DIABETES: "health.diabetes.heat_caution"}


def check_answered(conditions) -> dict:
    """The heat check questions already answered yes by conditions said in this conversation -> the line that says
    why heat needs care (therapy.yaml checks.heat: asked in order, numb skin and drowsiness first)."""
    said = conditions if isinstance(conditions, (list, tuple)) else ()
    return {ANSWERS[c]: CHECK_LINES[c] for c in said if c in CHECK_LINES}


# -- the skin after heat or ice ("my skin is all red and blotchy after the heat pad") -------------------------------

# The SKIN_SIGN slot's value ids. Numb, sore, burning or grey skin are not among them: those words are the
# symptom catalogue's (saddle numbness, a burning leg, pale or grey skin), so they stay symptom words.
SKIN_SIGNS = ("red", "blistered", "white_grey")
# How long after heat or ice the skin is still that therapy's: a pad left on overnight, looked at in the morning.
SKIN_HOURS = 24
SKIN_LINES = {"heat": "health.skin.heat", "ice": "health.skin.ice"}
SKIN_OFFER = "health.skin.offer"          # stretches, or the safety questions?
SKIN_OFFER_NO_STRETCHES = "health.skin.offer.no_stretches"
# The heat and ice check questions a skin sign said there answers yes (therapy.yaml checks, by id).
SKIN_ANSWERS = {"blistered": ("broken_skin",)}


def skin_therapy(named: str | None, used: dict, now) -> str | None:
    """Which therapy the skin is about: the one named, else the one on the skin now or last taken off within
    SKIN_HOURS (USED: therapy -> the latest time it was on the skin), else None (no heat or ice of ours lately)."""
    if named in SKIN_LINES:
        return named
    recent = {t: when for t, when in used.items() if t in SKIN_LINES and when is not None
              and (now - when).total_seconds() <= SKIN_HOURS * 3600}
    return max(recent, key=recent.get) if recent else None


def skin_answers(sign: str | None, question_id: str | None) -> bool:
    """Whether the skin sign said answers yes the heat or ice check question on the table."""
    return question_id is not None and question_id in SKIN_ANSWERS.get(sign or "", ())


# Signs of a deeper burn or cold injury (brief 3.3: blistered, white or grey; Kornhaber 2020: such burns are often
# partial- or full-thickness): said, they get "get it seen today" (the urgent route), not only the watch-for line.
DEEP_SIGNS = ("blistered", "white_grey")
SKIN_DEEP_LINES = {"heat": "health.skin.heat.deep", "ice": "health.skin.ice.deep"}
# A numb patch where the heat or ice was: the deep line's advice, then the red-flag questions (numbness is also a
# red-flag word, so it is never only skin advice: when in doubt, ask).
NUMB = "numb"
SKIN_NUMB_LINES = {"heat": "health.skin.heat.numb", "ice": "health.skin.ice.numb"}


def skin_lines(therapy: str, *, stretches_ok: bool, sign: str | None = None) -> list[str]:
    """What is said: stop that therapy on that spot and when to get advice (brief 3.3; a deeper sign SIGN said:
    get it seen today), then a question."""
    line = (SKIN_DEEP_LINES if sign in DEEP_SIGNS else SKIN_LINES)[therapy]
    return [line, SKIN_OFFER if stretches_ok else SKIN_OFFER_NO_STRETCHES]


# Skin damage said in a person's own words ("I burnt myself with the heat pad", "the ice pack burned my skin", "my
# skin's gone red and blistered", "a numb patch where the ice was"), read where a symptom's words arrive: the worst
# sign said wins (white or waxy, then blisters, then numb, then a burn or redness). Only words the symptom reader
# places nowhere are read (a burning leg, "it burns when I pee", a numb bum stay red-flag words).
_SKIN_WORDS = (
    ("white_grey", r"\b(?:white|whitish|grey|gray|waxy|pale)\b"),
    ("blistered", r"\bbliste?r(?:s|ed|ing|y)?\b|\bbubbled\b|\bweeping\b|\braw\b"),
    (NUMB, r"\bnumb(?:ness)?\b|\bno feeling\b|\bcan't feel\b|\bcannot feel\b|\bdead\b"),
    ("red", r"\bburn(?:s|t|ed|ing)?\b|\bscald(?:s|ed|ing)?\b|\bscorch(?:ed)?\b|\bred(?:dened)?\b|\bblotchy\b|"
            r"\bmottled\b|\bsore\b|\bstings?\b|\bstinging\b"),
)
# What says the skin, or heat or ice, is what the words are about (a red face, a white tongue are not).
_SKIN_PLACE = r"\bskin\b|\bpatch\b|\bmark(?:s)?\b|\bburn(?:s|t|ed)?\b|\bscald(?:s|ed)?\b|\bblist"
_THERAPY_WORDS = {
    "heat": r"\bheat(?:ing)?\b|\bhot\b|\bwarm\w*\b|\bwheat (?:bag|pack)\b|\bhottie\b|\belectric blanket\b",
    "ice": r"\bice\b|\bicing\b|\bcold\b|\bfrozen\b|\bpeas\b|\bfreezer\b|\bcool(?:ing)? pack\b|\bgel pack\b",
}
_DAMAGE = r"\bburn(?:s|t|ed)?\b|\bscald|\bscorch|\bblist|\bwaxy\b|\bfrost"


def therapy_named(words: str | None) -> str | None:
    """Heat or ice named in WORDS (the one named last when both are: "ice then heat burnt me" is the heat), else None."""
    text = (words or "").lower()
    found = [(m.start(), therapy) for therapy, pattern in _THERAPY_WORDS.items() for m in re.finditer(pattern, text)]
    return max(found)[1] if found else None


def skin_damage(words: str | None) -> str | None:
    """The skin sign said in WORDS (white_grey, blistered, numb, red), or None when they are not about the skin: a
    burn, scald or blister word, or the skin (or a patch) said with a sign."""
    text = " ".join((words or "").lower().replace("\u2019", "'").replace("cannot", "can't").split())
    if not text or not (re.search(_DAMAGE, text) or re.search(_SKIN_PLACE, text)
                        or (therapy_named(text) and re.search(r"\bwhere\b|\bafter\b|\bfrom\b", text))):
        return None
    for sign, pattern in _SKIN_WORDS:
        if re.search(pattern, text):
            return sign
    return None
