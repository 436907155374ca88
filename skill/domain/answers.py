"""What words mean as an answer to the screening question on the table: yes, no, not sure, an emergency request,
or a symptom of another question. General rules, in order (issue 11 item 2):

1. Emergency words ("ambulance", "call for help", "this is an emergency") are an emergency request.
2. Hedges ("I think so", "maybe", "not sure", "dunno", "hard to say") are not sure; a tier-1 "not sure" is
   asked once more and then counts as yes (the engine's rule).
3. The words read as a symptom (skill.domain.symptoms.read_symptom): the question's own flag is yes; another
   tier-1 flag is that emergency; a flag of another question is recorded there and, for the question on the
   table, means no ("only one leg" at the both-legs question); words that deny the question's area mean no.
4. A leading yes or no word ("yeah, ...", "nah, ...") decides.
5. Words that name the question's own area ("both", "down there", "my legs") or a degree of it ("a bit",
   "sometimes", "kind of") are yes; "fine", "normal", "all good" are no.
Anything else is None: not understood, explained and asked again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from skill.domain.symptoms import read_symptom

YES, NO, UNSURE, EMERGENCY = "yes", "no", "unsure", "emergency"

EMERGENCY_WORDS = ("ambulance", "ambo", "paramedic", "paramedics", "emergency", "nine one one", "nine nine nine",
                   "triple zero", "zero zero zero", "one one two", "one one one", "one oh eight", "911", "999",
                   "000", "112", "111", "108", "call for help", "get help", "send help", "call someone")
HEDGES = ("not sure", "unsure", "don't know", "do not know", "dunno", "no idea", "maybe", "may be", "might",
          "perhaps", "possibly", "think so", "i think", "hard to say", "hard to tell", "can't say", "cannot say",
          "can not say", "not certain", "could be", "not really sure", "i guess", "reckon", "not exactly",
          "don't remember", "no clue", "couldn't tell", "could not tell", "couldn't say", "wouldn't know",
          "would not know", "wouldn't have a clue", "no way of knowing",
          # not had the chance to notice yet
          "haven't needed", "have not needed", "haven't tried", "have not tried", "haven't been", "haven't gone",
          "not been yet", "not gone yet", "haven't checked", "not checked")
# "Can't tell" is a hedge on its own, but "I can't tell when I need to go" describes the symptom.
HEDGE_PATTERNS = (r" (?:can't|cannot|can not) tell (?!when |if |whether )",)
# Ways of saying no that contain a hedge word ("I don't think so", "not that I've noticed").
NO_PHRASES = ("don't think so", "do not think so", "not that i", "not that i've", "not that i have",
              "not as far as i know", "don't believe so", "i doubt it")
YES_WORDS = ("yes", "yeah", "yep", "yup", "yea", "aye", "ya", "yah", "haan", "ha", "ji", "correct", "right",
             "definitely", "absolutely", "sure", "i do", "i have", "it is", "there is", "uh_huh", "mm_hmm")
NO_WORDS = ("no", "nah", "nope", "naw", "not really", "never", "none", "nothing", "not at all", "negative",
            "i don't", "i haven't", "i have not", "i do not")
FINE_WORDS = ("fine", "normal", "normally", "all good", "okay", "ok", "alright", "no problem", "no problems",
              "no dramas", "no worries", "no issues", "no issue", "as usual", "same as always", "nothing like that",
              "no such", "just my back", "just the back", "only my back", "only the back", "apart from my back")
DEGREE_WORDS = ("a bit", "a little", "a wee bit", "bit", "little", "slightly", "sometimes", "kind of", "kinda",
                "sort of", "sorta", "a touch", "somewhat", "on and off", "now and then", "occasionally")
# Words that name each tier-1 question's own area (said alone, they answer it): concepts of symptoms.yaml.
AREA_CONCEPTS = {
    "saddle_numbness": ("saddle", "wiping", "saddle_whole", "numb"),
    "bladder_change": ("bladder", "toilet", "retention", "bladder_change", "wet_self", "urinary_change"),
    "bowel_change": ("bowel", "bowel_change", "soiled_self", "accident"),
    "leg_weakness": ("legs_both", "weak"),
    "major_trauma": ("fall", "height", "crash", "blow"),
    "chest_or_tummy_pain": ("chest", "tummy", "chest_change", "breathless", "faint", "dizzy", "tummy_severe"),
    "stroke_signs": ("face", "body_side", "droop", "speech", "stroke_word", "arm", "arm_weak"),
    "sexual_function": ("saddle", "sexual"),
}
# A yes word anywhere ("I did, yeah"), once no leading no and no denial was heard.
YES_TOKENS = ("yes", "yeah", "yep", "yup", "aye")
# The question's narrower sibling: naming it answers no here and yes there.
RELATED = {"leg_weakness": ("one_leg_symptoms",)}
# Questions about both sides: naming one side alone (without the question's other words) is a no.
ONE_OF_BOTH = {"leg_weakness": ("leg_one", "legs_both", "weak")}
AREA_WORDS = {"leg_weakness": ("both", "both of them", "the both of them", "both sides", "each leg")}


@dataclass(frozen=True)
class Answer:
    """meaning: yes | no | unsure | emergency | None (not understood). other: a flag of another question the words
    name (recorded against that question)."""

    meaning: str | None
    other: str | None = None


def _words(text: str) -> str:
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"\buh+ ?huh\b", "uh_huh", text)
    text = re.sub(r"\b(?:mm+ ?hm+|mhm+)\b", "mm_hmm", text)
    return " " + " ".join(re.sub(r"[^\w' ]", " ", text).split()) + " "


def _has(said: str, phrases) -> bool:
    return any(f" {p} " in said for p in phrases)


def _starts(said: str, phrases) -> bool:
    return any(said.startswith(f" {p} ") for p in phrases)


def answer_meaning(text: str | None, question: str, locale: str, *, tier: int = 1) -> Answer:
    """What TEXT means as an answer to QUESTION (a screening question id) in LOCALE."""
    if not text or not text.strip():
        return Answer(None)
    said = _words(text)
    if _has(said, EMERGENCY_WORDS):
        return Answer(EMERGENCY)
    plain = said
    for phrase in NO_PHRASES:
        plain = plain.replace(f" {phrase} ", " ")
    hedged = _has(plain, HEDGES) or any(re.search(p, plain) for p in HEDGE_PATTERNS)
    if plain != said and not hedged:
        return Answer(NO)
    reading = read_symptom(text, locale)
    if not hedged and reading.flag == question and not reading.negated:
        return Answer(YES)
    if not hedged and reading.flag and reading.tier == 1 and not reading.negated and not reading.needs_question:
        return Answer(YES, other=reading.flag)     # another red flag named: that emergency (both are tier 1)
    if hedged:
        return Answer(UNSURE)
    if reading.negated and (not reading.negated_flags or question in reading.negated_flags
                            or _starts(said, NO_WORDS)):
        return Answer(NO)
    if reading.flag and reading.flag != question and not reading.negated and (reading.tier or 9) > 1:
        if reading.flag in RELATED.get(question, ()):
            return Answer(NO, other=reading.flag)  # "only one leg" at the both-legs question: recorded there
        return Answer(None, other=reading.flag)    # another question's fact: noted, this question again
    if _starts(said, NO_WORDS):
        return Answer(NO)
    if _starts(said, YES_WORDS) or _has(said, YES_TOKENS):
        return Answer(YES)
    concepts = set(reading.concepts)
    if question in ONE_OF_BOTH and ONE_OF_BOTH[question][0] in concepts and not concepts & set(ONE_OF_BOTH[question][1:]):
        return Answer(NO)                          # one leg named at the question about both legs
    own = set(AREA_CONCEPTS.get(question, ())) & concepts
    if own or _has(said, AREA_WORDS.get(question, ())) or _has(said, DEGREE_WORDS):
        return Answer(YES)
    if _has(said, FINE_WORDS) or _has(said, NO_WORDS):
        return Answer(NO)
    return Answer(None)
