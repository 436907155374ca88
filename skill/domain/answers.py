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
# Declining to answer ("I'd rather not say", "I don't want to answer that", "pass"): no answer and no doubt either
# (explore7 #13); the engine says why the question matters, and a second decline leaves it with the number said.
DECLINED = "declined"
_DECLINE = re.compile(r"^ (?:(?:um|uh|er|erm|well|sorry|oh|honestly|look|actually) )*(?:(?:(?:i'd|i would|id|i) )?(?:rather|"
                      r"prefer|would prefer|would rather) (?:not|you didn't|you did not)(?: to)?(?: say| answer| tell(?: you)?| "
                      r"talk about| go into| share| discuss)?(?: (?:that|it|this|that one|this one))?|"
                      r"rather not(?: say| answer)?|(?:i'd|i would|id) (?:rather|prefer) you (?:didn't|did not) ask(?: me)?"
                      r"(?: that| about that)?|(?:i )?(?:don't|do not|dont) (?:want|wanna|wish|feel like|like) "
                      r"(?:to )?(?:answer|say|tell you|talk about|go into|discuss|share)(?: (?:that|it|this|that one|this "
                      r"one|it with you))?|(?:i'm|im|i am) not (?:answering|saying|telling you|going to (?:answer|say|tell "
                      r"you))(?: (?:that|it|this))?|(?:that's|thats|that is|it's|its|it is) (?:private|personal|none of your "
                      r"business|my business)|none of your business|mind your own(?: business)?|no comment|pass|i'll pass|"
                      r"i will pass|(?:can|could) (?:we|i) skip (?:that|this|it)(?: one)?|skip (?:that|this|it)(?: one)?|"
                      r"not telling(?: you)?|i'd prefer not to(?: say| answer)?|prefer not to(?: say| answer)?)"
                      r"(?: (?:thanks|thank you|if that's ok|if that's okay|if you don't mind|sorry|to be honest|"
                      r"honestly|really|mate|love))* $")


def declined(text: str | None) -> bool:
    """Whether the words decline to answer ("I'd rather not say", "that's private", "pass") and say nothing else."""
    return bool(text) and bool(_DECLINE.search(_words(text)))
# Words that are no answer and never count towards one (explore6 #2, #7): a question asked ("is sex ok with a bad
# back?") or a remark about something else ("my sex life is fine thanks" at the numbness question), set aside; the
# back's own pain talked about ("my back is sore") at a question about something else, which is explained.
ASKED, ASIDE, BACK_PAIN = "asked", "aside", "back_pain"
# "Why are you asking me that?" (explore7 #15): why the question matters, and the question in other words.
WHY = "why"
SET_ASIDE = (ASKED, ASIDE, BACK_PAIN, WHY)
_WHY = re.compile(r"^ (?:(?:but|so|and|sorry|um|uh|er|erm|okay|ok|hang on|wait) )*(?:why(?: (?:are you asking(?: me)?|do you "
                  r"(?:ask|need to know|want to know|wanna know|need that)|does (?:that|it|this) matter|is (?:that|it|this) "
                  r"(?:important|relevant|needed)|(?:that|this) question|ask (?:that|this|me that)|would you ask(?: that)?))?"
                  r"|what(?:'s| is| has| does) (?:that|this|it) (?:got )?(?:to do|have to do) with(?: (?:it|anything|my back|"
                  r"the back|back pain|this))?)(?: (?:that|this|it|about that|about it|for|though|then|exactly|anyway|mate|"
                  r"love))* $")

EMERGENCY_WORDS = ("ambulance", "ambo", "paramedic", "paramedics", "emergency", "nine one one", "nine nine nine",
                   "triple zero", "zero zero zero", "one one two", "one one one", "one oh eight", "911", "999",
                   "000", "112", "111", "108", "call for help", "get help", "send help", "call someone")
HEDGES = ("not sure", "not too sure", "unsure", "don't know", "do not know", "dunno", "no idea", "maybe", "may be", "might",
          "perhaps", "possibly", "think so", "i think", "hard to say", "hard to tell", "can't say", "cannot say",
          "can not say", "not certain", "could be", "not really sure", "i guess", "reckon", "not exactly",
          "don't remember", "no clue", "couldn't tell", "could not tell", "couldn't say", "wouldn't know",
          "would not know", "wouldn't have a clue", "no way of knowing", "might've", "might have", "i suppose",
          "can't really say", "cannot really say", "couldn't really say", "have to see", "will have to see",
          "not a clue", "haven't a clue", "haven't got a clue", "search me", "who knows", "beats me", "can't be sure",
          "cannot be sure", "can't be certain", "not positive", "difficult to say", "difficult to tell", "tough to say",
          "tricky to say", "no way to tell", "not a hundred percent", "not one hundred percent", "idk",
          "have to check", "need to check", "didn't check", "did not check", "not checked properly",
          "probably", "can't remember", "cannot remember", "can not remember", "does that count", "would that count",
          "is that what you mean", "not certain", "hard to know",
          # not had the chance to notice yet
          "haven't needed", "have not needed", "haven't tried", "have not tried", "haven't been", "haven't gone",
          "not been yet", "not gone yet", "haven't checked", "not checked", "haven't taken", "haven't measured",
          "not taken", "not measured")
# "Can't tell" is a hedge on its own, but "I can't tell when I need to go" describes the symptom.
HEDGE_PATTERNS = (r" (?:can't|cannot|can not)(?: really)? tell (?!when |if |whether )",)
# Ways of saying no that contain a hedge word ("not that I've noticed"). "I don't think so" alone is not sure (the
# blind answer table's judgement: it leaves doubt); "no, I don't think so" is a no.
NO_PHRASES = ("not that i", "not that i've", "not that i have", "not as far as i know", "i doubt it")
DOUBTFUL_NO = ("don't think so", "do not think so", "don't believe so", "do not believe so", "not that i'm aware",
               "not that i am aware", "not as far as i'm aware", "not as far as i am aware", "shouldn't think so",
               "wouldn't think so", "wouldn't have thought so", "shouldn't have thought so", "don't reckon so",
               "don't reckon", "do not reckon")
FLIPPED = (("nah yeah", "yes"), ("no yeah", "yes"), ("yeah nah", "no"), ("yeah no", "no"))
YES_WORDS = ("yes", "yeah", "yep", "yup", "yea", "aye", "ya", "yah", "haan", "ha", "ji", "correct", "right",
             "definitely", "absolutely", "sure", "i do", "i have", "it is", "there is", "uh_huh", "mm_hmm",
             "afraid so", "i'm afraid so", "im afraid so", "fraid so", "sadly so", "unfortunately so")
NO_WORDS = ("no", "nah", "nope", "naw", "yeah nah", "not really", "never", "none", "nothing", "not at all",
            "not a thing", "negative", "i don't", "i haven't", "i have not", "i do not")
FINE_WORDS = ("fine", "normal", "normally", "all good", "okay", "ok", "alright", "no problem", "no problems",
              "no dramas", "no worries", "no issues", "no issue", "as usual", "same as always", "nothing like that",
              "no such", "just my back", "just the back", "only my back", "only the back", "apart from my back")
DEGREE_WORDS = ("a bit", "a little", "a wee bit", "bit", "little", "slightly", "sometimes", "kind of", "kinda",
                "sort of", "sorta", "a touch", "somewhat", "on and off", "now and then", "occasionally", "only when",
                "just when", "only if", "barely", "can barely")
# Words that name each tier-1 question's own area (said alone, they answer it): concepts of symptoms.yaml.
AREA_CONCEPTS = {
    "saddle_numbness": ("saddle", "wiping", "saddle_whole", "numb", "odd"),
    "bladder_change": ("bladder", "toilet", "retention", "bladder_change", "wet_self", "urinary_change"),
    "bowel_change": ("bowel", "bowel_change", "soiled_self", "accident"),
    "leg_weakness": ("legs_both", "weak"),
    "major_trauma": ("fall", "height", "crash", "blow"),
    # (how bad a pain is, "it's killing me", "agony", names no place: neither a yes nor a no here, asked again;
    # with the back named, "my back is agony", the back's pain: a no, explore4 F2b, review4 #0)
    "chest_or_tummy_pain": ("chest", "tummy", "breathless", "faint", "dizzy"),
    "stroke_signs": ("face", "body_side", "droop", "speech", "stroke_word", "arm", "arm_weak"),
    "sexual_function": ("saddle", "sexual"),
}
# Words a question itself names, which the symptom reader places under another flag: said at that question they
# answer it ("I'm sweating a lot" at "... feeling faint, sweaty or breathless?"; "the sweats and shivers" at the
# fever question is the fever, not the chest question's sweating).
OWN_WORDS = {
    "chest_or_tummy_pain": r"\bsweat(?:s|y|ing)?\b|\bclammy\b|\bbreathless\b|\bshort of breath\b|\bfaint\b",
    "fever": r"\bsweat(?:s|y|ing)?\b|\bshiver(?:s|y|ing)?\b|\bchills?\b|\bshaking\b|\bhot and cold\b|\bclammy\b|"
             # the question asks about feeling very unwell: "I feel rotten", "really poorly" (not the back's own pain)
             r"\b(?:i|i'm|im|i am) (?:feel|feeling|felt)(?: really| very| so| pretty| quite| absolutely| just)? (?:terrible|"
             r"awful|rotten|dreadful|horrible|unwell|ill|sick|poorly|crook|rough|shocking|like death|like crap)\b"
             r"(?!.*\b(?:back|spasm|pain)\b)|"
             r"\b(?:really|very|so|quite|pretty|proper) (?:unwell|ill|poorly|crook)\b",
}
# At the fever question, a fever with signs of meningitis or sepsis (a stiff neck, a rash that does not fade, new
# confusion, can't stay awake, slurred speech): call the emergency number now, not "a doctor today" (NHS meningitis
# and sepsis pages: call 999 for these; the conservative reading). Said with a yes or with the fever's own words.
# The rule's sources: screening.yaml, the fever question's `emergency_signs` (rule infection_emergency; sources
# nhs_meningitis, nhs_sepsis, awaiting a clinician's check); tests/test_content_lint_links.py keeps them in step.
INFECTION_RULE = "infection_emergency"
INFECTION_EMERGENCY = (r"\bstiff neck\b|\bneck (?:is |feels |'s )?(?:really |very )?(?:stiff|rigid)\b|\brash\b[^.]*\b(?:won't|"
                       r"doesn't|does not|will not|wont) (?:fade|go)|\b(?:purple|purplish|blotchy|non ?blanching) rash\b|"
                       r"\bconfused\b(?! (?:by|about|with|what|which|how|as to))|\bconfusion\b|\b(?:can't|cannot|can not|hard to|struggling to) stay awake\b|"
                       r"\bslurr(?:ed|ing)\b|\bnot making sense\b")
INFECTION_QUESTIONS = ("fever",)
# An accident said with words that make it small ("I fell off my bike but I was going slow", "came off my skateboard,
# not very fast"): not sure whether it counts (the clarifying question; a tier-1 "not sure" twice is a yes).
MINIMISED = {"major_trauma": r"\bslow(?:ly)?\b|\bnot (?:very |that |too |going )?(?:fast|hard|high|far|bad)\b|\bonly (?:a )?"
                             r"(?:small|little|short|tiny|low)\b|\bminor\b|\bgently\b|\bbarely\b"}
# After the accident question's own clarifier ("a hard fall, or a smaller slip or trip?"): the choice in its own words
# ("the hard one", "a small one", "just a slip"); a hedge stays not sure (a second not sure is a yes).
CHOICE_AFTER_CLARIFY = {"major_trauma": (r"\b(?:hard|bad|big|heavy|serious|nasty|proper|flight|height|high|"
                                         r"knock|blow|first)\b",
                                         r"\b(?:small|smaller|little|minor|slight|tiny|slip|slipped|trip|tripped|"
                                         r"stumble|stumbled|second|last|not (?:a )?(?:hard|bad|big))\b")}
# Questions about pain somewhere else than the back: pain words that name the back and none of the question's places
# ("my back is agony", "the back's killing me") answer them no.
BACK_NOT_THIS = ("chest_or_tummy_pain",)
# ... except the words of a pain that needs checking at once wherever it is felt: tearing or ripping, pulsing like a
# heartbeat (an aortic aneurysm can be felt through to the back: nhs_aaa). Said at that question, a yes.
SPECIFIC_PAIN = {"chest_or_tummy_pain": r"\btear(?:ing|s)?\b|\brip(?:ping|s)?\b|\bpuls(?:e|es|ing|ating)\b|\bheart ?beat\b|"
                                        r"\bbeating like\b"}
BACK_WORDS = ("back", "my back", "the back", "spine", "spasm", "lower back", "back's")
# The question's place denied and the back named as the only place ("not my chest, just my back", "only my back
# hurts, my chest is fine"): a no (explore8 F11). Both named ("not just my back, my chest too") is not this.
PLACE_OF = {"chest_or_tummy_pain": r"(?:chest|tummy|stomach|belly|abdomen|heart)",
            "saddle_numbness": r"(?:bum|bottom|butt|backside|groin|genitals?|privates|private parts|down there|"
                               r"down below|between my legs|inner thighs?|saddle|bits)",
            "bladder_change": r"(?:bladder|pee|peeing|wee|weeing|waterworks|urine)",
            "bowel_change": r"(?:bowels?|poo|pooing|bum)",
            "leg_weakness": r"(?:legs?|feet|foot)",
            "stroke_signs": r"(?:face|arms?|speech|talking)"}
_ALSO = re.compile(r"\bnot (?:just|only|simply|merely)\b|\b(?:too|as well|also|both|and my|plus)\b")
_BACK_ONLY = re.compile(r"\b(?:just|only|it's|it is|it's all|all)\b(?: \w+){0,3} back\b|\bback\b(?: \w+){0,2} only\b")
HOW_BAD = {"pain", "chest_change", "tummy_severe"}    # how bad a pain is, no place named ("it's killing me", "agony")
# ... but never the words of a chest pain itself ("it's tight", "a crushing pressure", "like an elephant"): those stay
# for the reader and the rules below.
CHEST_LIKE = (r"\btight|\bpressure\b|\bcrush|\bsqueez|\bheav(?:y|iness)\b|\bsharp\b|\bstab|\bburn|\bband\b|"
              r"\bweight\b|\belephant\b|\bvice\b|\bgrip|\bpound|\bracing\b|\bflutter|\bbreath")
# A yes word anywhere ("I did, yeah"), once no leading no and no denial was heard.
YES_TOKENS = ("yes", "yeah", "yep", "yup", "aye")
# The question's narrower sibling: naming it answers no here and yes there.
RELATED = {"leg_weakness": ("one_leg_symptoms",)}
# Questions about both sides: naming one side alone (without the question's other words) is a no.
ONE_OF_BOTH = {"leg_weakness": ("leg_one", "legs_both", "weak")}
AREA_WORDS = {"leg_weakness": ("both", "both of them", "the both of them", "both sides", "each leg")}
# One side named without the word leg ("the left one", "only the right", "just the one"): one leg.
ONE_SIDE = r"\b(?:(?:the|my) )?(?:left|right)(?: one| side)?\b|\b(?:just|only) (?:the )?one\b|\bone side\b"
ONE_LEG = "one_leg_symptoms"
# ... and the words already say it is not getting weaker ("and it's not weak", "strength is fine"): no follow-up.
_NOT_WEAKER = re.compile(r"\bnot (?:getting )?(?:any )?weak(?:er)?\b|\bno weakness\b|\bstrength(?:'s| is) (?:fine|ok|okay|"
                         r"normal|good|alright)\b|\b(?:isn't|is not|isnt) (?:getting )?weak(?:er)?\b|\bnot weaker\b")


def weakening_denied(text: str | None) -> bool:
    """Whether the words say the leg is not getting weaker ("only my right leg, but it's not getting weaker")."""
    return bool(text) and bool(_NOT_WEAKER.search(text.lower().replace("\u2019", "'")))


# Pregnancy said in passing ("I'm 30 weeks pregnant and my back's gone"): the pregnancy question's yes.
_PREGNANT = re.compile(r"\bpregnan(?:t|cy)\b|\bexpecting (?:a baby|twins)\b|\bweeks? gone\b")
_NOT_PREGNANT = re.compile(r"\b(?:not|n't|never|can't be|cannot be|couldn't be) (?:be )?(?:\w+ )?pregnant\b|\bno pregnan")


def pregnancy_said(text: str | None) -> bool:
    """Whether the words say the person is pregnant (and do not deny it)."""
    if not text:
        return False
    said = text.lower().replace("\u2019", "'")
    return bool(_PREGNANT.search(said)) and not _NOT_PREGNANT.search(said)


def pregnancy_length(duration: str | None) -> bool:
    """Whether an AMAZON.DURATION heard at the pregnancy question is a pregnancy's length in weeks or months
    ("yes, thirty weeks" is P30W): a yes."""
    return bool(duration) and bool(re.fullmatch(r"P\d+[WM]", duration.strip().upper()))


# A symptom of a tier-1 question described with negative words ("nothing comes out", "no feeling when I need to
# go", "I can't go"): the symptom itself, never a "no" (explore3 F1). Matched on the words as said.
DESCRIBED_WITH_A_NEGATIVE = {
    "bladder_change": r"\bnothing (?:comes?|came|is coming|will come|happens|happened|at all when i try)\b|"
                      r"\bwon't (?:come|start|flow)\b|\b(?:can't|couldn't|can not|cannot|unable to|not able to) "
                      r"(?:go|pee|wee|piss|urinate|start|empty|feel|tell|pass)\b|\bno (?:feeling|sensation|urge|control|"
                      r"flow|stream)\b|\b(?:haven't|have not|hasn't) (?:been able to )?(?:pee|wee|go|gone|been)\b|"
                      r"\b(?:don't|didn't|do not|did not|can't) (?:feel|notice|know|realise|realize) (?:when|if|that)\b",
    "bowel_change": r"\bno (?:feeling|sensation|control|warning)\b|\b(?:can't|couldn't|cannot|unable to|not able to) "
                    r"(?:control|hold|feel|tell|stop)\b|\b(?:don't|didn't|do not|did not|can't) (?:feel|notice|know|"
                    r"realise|realize) (?:when|if|that|it)\b|\bdidn't feel it\b",
    "saddle_numbness": r"\bno (?:feeling|sensation)\b|\b(?:can't|cannot|couldn't) feel\b|\b(?:don't|didn't|do not) feel "
                       r"(?:anything|much|a thing)\b",
    "leg_weakness": r"\b(?:can't|cannot|couldn't) (?:feel|move|lift|stand on)\b|\bno (?:feeling|strength|power)\b|"
                    r"\bwon't (?:hold|take|work|move)\b",
    "sexual_function": r"\bno (?:feeling|sensation)\b|\b(?:can't|cannot|couldn't) (?:feel|get)\b",
}
# Bare acknowledgements ("okay", "fine", "sure"): to an offer, a yes; to a symptom question, no answer (explore3 F2):
# asked again plainly, never taken as a yes to a red flag nor as a no.
ACKNOWLEDGEMENTS = ("okay", "ok", "o k", "okey dokey", "okie dokie", "alright", "all right", "fine", "sure", "right",
                    "right okay", "okay then", "alright then", "got it", "understood", "i see", "mm", "mmm", "hmm", "mhm",
                    "uh", "um", "okay okay", "ok ok", "k", "kay", "cool", "sure sure", "grand", "sweet", "sweet as",
                    "righto", "right oh", "right then", "ok then", "lovely", "that's fine", "that's good", "sounds good",
                    "fair enough", "sure thing", "okay sure", "okay cool", "okay fine", "fine then", "alright fine",
                    "right you are", "i'm listening", "okay i'm listening", "okay right", "alright alright",
                    # "go on", "go ahead", "fire away": ask me (what a question is waiting for), not a yes to it
                    "go on", "go on then", "go ahead", "carry on", "fire away", "ask away", "okay go on",
                    "okay go ahead", "yeah go on", "yes go on", "yep go on", "aye go on", "sure go on", "yeah go ahead",
                    "yes go ahead", "okay go", "continue", "okay continue", "right go on", "ok go on")
# Words said after an acknowledgement that do not make it an answer ("okay then", "grand so", "sure thing mate").
ACKNOWLEDGEMENT_TAGS = ("then", "so", "mate", "love", "luv", "thanks", "thank you", "ta", "cheers", "ji", "dear",
                        "eh", "yaar", "bro", "pal")
HESITATION_WORDS = ("um", "umm", "uh", "uhh", "er", "erm", "hmm", "ah", "oh", "well")


def acknowledgement(text: str | None) -> bool:
    """Whether the words are a bare acknowledgement ("okay", "fine", "grand so", "sweet as mate", "um okay then"):
    no answer to a question about a symptom (explore3 F2), a yes to an offer."""
    if not text:
        return False
    said = _words(text).strip()
    for word in HESITATION_WORDS:
        said = re.sub(rf"^(?:{word} )+", "", said)
    changed = True
    while changed and said not in ACKNOWLEDGEMENTS:
        changed = False
        for tag in ACKNOWLEDGEMENT_TAGS:
            if said.endswith(f" {tag}"):
                said, changed = said[: -len(tag) - 1], True
    return said in ACKNOWLEDGEMENTS
# Idioms that mean "no problem" whatever their words ("no worries there", "no dramas"): a no, never a reading of
# their words (F3: "worries" is no worry about coping).
NO_PROBLEM = ("no worries", "no dramas", "no drama", "no problem", "no problems", "no issues", "no issue",
              "no bother", "no probs", "no trouble", "not a problem", "no complaints")
# A request said with a hedge ("ice I guess", "stretches I suppose"): a request, not "not sure" (F3).
REQUEST_WORDS = ("ice", "heat", "stretches", "stretch", "stretching", "exercises", "timer", "heating pad", "hot water bottle",
                 "ice pack", "music", "help", "menu")
def names_request(text: str | None) -> bool:
    """Whether the words ask for something of the skill ("ice I guess", "stretches I suppose"): not an answer."""
    return bool(text) and _has(_words(text), REQUEST_WORDS)


# Asking to leave the questions for later ("can we do the rest later", "finish these after", "ask me the rest
# tomorrow"): no answer; after the red-flag questions a pause, before them how many are left (explore7 #7).
LATER = re.compile(r"\b(?:rest|others?|these|remaining|questions?|finish|carry on|continue)\b(?:\s\w+)*?\s"
                   r"(?:later|after(?:wards)?|another time|some other time|tomorrow|in a bit|in a while)"
                   r"(?: on)?(?: please| thanks| thank you)?$")


def asks_later(text: str | None) -> bool:
    """Whether the words ask to leave the questions for later ("can we do the rest later"): not an answer."""
    return bool(text) and bool(LATER.search(_words(text).strip()))


# A hedge about something else ("I don't know what I need", "I don't know what you mean"): not an answer (F3).
META_HEDGE = r"\b(?:don't|do not|dunno|not sure) (?:know )?(?:what|how|why|which|where) (?:i|you|to|that|this|it|we|the)\b"


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


# Words that say a part of the body works as it should, and words that bring in something else ("..., but").
OK_WORDS = ("fine", "normal", "normally", "all good", "okay", "ok", "alright", "grand", "good")
CONTRAST_WORDS = ("but", "except", "although", "though", "apart from")


def _fine(said: str) -> bool:
    """An OK word not itself denied ("fine", not "not fine")."""
    return any(f" {w} " in said and f" not {w} " not in said for w in OK_WORDS)


def _after_contrast(said: str, locale: str, question: str = "") -> Answer | None:
    """A red flag said after "but" ("no, but my chest is hurting"): that emergency, whatever came first. At a
    question, its own area named after the contrast ("no not numb but a bit tingly", "no, well, a bit tingly"):
    a yes to it."""
    markers = [f" {word} " for word in CONTRAST_WORDS]
    if _starts(said, NO_WORDS):
        markers.append(" well ")          # "no, well, a bit tingly": taken back
    for marker in markers:
        if marker in said:
            tail = " " + said.split(marker, 1)[1]      # word-bounded, as `said` is
            reading = read_symptom(tail, locale)
            if reading.flag and reading.tier == 1 and not reading.negated and not reading.needs_question:
                return Answer(YES, other=None if reading.flag == question else reading.flag)
            if reading.flag and reading.flag != question and (reading.tier or 9) > 1 and not reading.negated:
                return Answer(None, other=reading.flag)   # "no, but it stings when I pee": that flag, not this one
            own = set(AREA_CONCEPTS.get(question, ())) & set(reading.concepts)
            if own and not reading.negated and not _starts(tail, NO_WORDS) and not _has(tail, ("not", "no")) \
                    and not _has(tail, HEDGES):
                # "no, well, I slipped": weak evidence of this very flag taken back to: does it count? (explore5 #8)
                return Answer(UNSURE if reading.flag == question and reading.needs_question else YES)
    return None


_DENIED_WORD = re.compile(r" (?:(?:not|never|no|isn't|aren't|wasn't|ain't|nothing) )+(?:at all |really |even |too |very )?(\w+)")


def _area_denied(said: str, question: str, locale: str) -> bool:
    """Whether every word of the question's own area is denied where it is said ("not numb", "I'm not tingly at
    all"), with nothing of the area left once those denials are taken out, and no contrast or hedge."""
    if _has(said, CONTRAST_WORDS) or _has(said, HEDGES):
        return False
    area = set(AREA_CONCEPTS.get(question, ()))
    denied = [m for m in _DENIED_WORD.finditer(said) if area & set(read_symptom(m.group(1), locale).concepts)]
    if not denied:
        return False
    rest = _DENIED_WORD.sub(lambda m: " " if m in denied or area & set(read_symptom(m.group(1), locale).concepts)
                            else m.group(0), said)
    return not area & set(read_symptom(rest, locale).concepts)


OTHER_PLACES = (r"\b(?:arms?|elbows?|hands?|fingers?|feet|foot|toes?|face|lips?|legs?|bum|bottom|groin|genitals?|thighs?|"
                r"knees?|shoulders?|neck|head|chest|tummy|stomach|belly|side)\b")


def numbness_said(text: str | None, locale: str) -> bool | None:
    """At a check that asks whether the skin is numb: True when the words say numbness and place it nowhere the
    symptom reader files as a flag ("yeah a bit numb", "it's numb there"), False when they deny it ("not numb"), None
    otherwise (a red-flag place named, "my bum is numb", is that flag's, never this check's)."""
    if not text:
        return None
    said = _words(text)
    reading = read_symptom(text, locale)
    if reading.flag is not None or "numb" not in reading.concepts or _has(said, HEDGES) \
            or not re.search(r"\bnumb|\bcan't feel\b|\bno feeling\b|\bless feeling\b", said) \
            or re.search(OTHER_PLACES, said):
        return None                     # "a weird buzzing in my elbow": another place, the symptom path
    denied = [m for m in _DENIED_WORD.finditer(said) if "numb" in read_symptom(m.group(1), locale).concepts]
    if denied or reading.negated:
        return False if not _has(said, CONTRAST_WORDS) else None
    return True


# Explore5 #1: a no taken back ("no actually yes", "no wait, yes", "not really, well yes a little"): the correction
# wins (the last word, and the safer one). A no and a yes with nothing between ("no yes") is no answer: asked again.
_TAKEN_BACK = re.compile(r" (?:actually|wait|hang on|hold on|sorry|well|i mean|i meant|come to think of it|on second "
                         r"thought|thinking about it|now i think about it|oh) ")
_YES_AFTER = re.compile(r" (?:yes|yeah|yep|yup|aye)(?= )")


def _corrected_to_yes(said: str) -> Answer | None:
    """A leading no, then a yes: with a word of correction between ("no actually yes", "not really, well yes a little"),
    the yes; with nothing but answer words ("no yes", "um no, yes", "not really yeah"), no answer (asked again);
    otherwise None, for the rules below ("no, nothing like that, yeah" is the no it starts with)."""
    for word in HESITATION_WORDS:
        said = re.sub(rf"^ (?:{word} )+", " ", said)
    if not _starts(said, NO_WORDS) or _starts(said, ("yeah nah", "yeah no")):
        return None
    first = next(p for p in sorted(NO_WORDS, key=len, reverse=True) if said.startswith(f" {p} "))
    rest = said[len(first) + 1:]
    later = _YES_AFTER.search(rest)
    if later is None:
        # "no wait", "no, hang on": the no is being taken back, the rest not said yet: no answer (asked again)
        return Answer(None) if rest.split() and set(rest.split()) <= _HOLD_WORDS else None
    if _TAKEN_BACK.search(rest[:later.start() + 1]):
        return Answer(YES)
    if set(said.split()) <= _ANSWER_ONLY:
        return Answer(None)
    return None


_HOLD_WORDS = {"wait", "hang", "hold", "on", "well", "actually", "um", "uh", "er", "erm"}
_ANSWER_ONLY = {"no", "nah", "nope", "not", "really", "yes", "yeah", "yep", "yup", "aye", "a", "bit", "little",
                *HESITATION_WORDS}


# Words that start a clause of its own after a leading no ("no, it's numb"), so the no does not deny what follows.
_CLAUSE_STARTS = {"it's", "its", "it", "it'll", "they're", "they", "theyre", "i", "i'm", "im", "i've", "there's", "there",
                  "theres", "my", "me", "that's", "thats", "that", "this", "just", "a", "bit", "kind", "kinda", "sort",
                  "sorta", "little", "slightly", "actually", "is", "are", "feels", "feel", "gone", "going"}


def _own_change_after_no(said: str, question: str, locale: str) -> bool:
    """Whether, after a leading no (and "wait", "well", "actually"), the words say a change the question itself asks
    about, not denied ("no, it's numb", "nah, it's tingling", "no it's a bit numb actually"): the no was not to the
    symptom (review5 #0). A place alone ("no, I went to the toilet") is no such change."""
    from skill.domain.symptoms import default_reader
    rest = said
    while True:
        lead = next((w for w in sorted([*NO_WORDS, *_HOLD_WORDS], key=len, reverse=True) if rest.startswith(f" {w} ")),
                    None)
        if lead is None:
            break
        rest = rest[len(lead) + 1:]
    if rest == said or not rest.strip() or rest.split()[0] not in _CLAUSE_STARTS \
            or _has(rest, ("not", "no", "never", "nothing")) or _fine(rest):
        return False                    # "no numbness": the no is the numbness's; "no, not numb": denied
    reading = read_symptom(rest, locale)
    changes = set(AREA_CONCEPTS.get(question, ())) - default_reader().areas
    return bool(changes & set(reading.concepts)) and not reading.negated and (
        reading.flag is None or reading.flag == question)


# Explore5 #6: a question about the question ("what's genitals?", "what counts as weaker?", "do you mean my bum?"):
# never a yes to it, whatever area it names; explained and asked again. A red flag said in it is read as usual.
_ASKING = re.compile(r"^ (?:what|what's|whats|which|how|do you mean|does that mean|is that|what counts|what do you mean|"
                     r"define|meaning|sorry what|pardon|what does) ")


def asks_about_the_question(said: str, question: str, locale: str) -> bool:
    """Whether the words ask what QUESTION means ("what's genitals?") and name no red flag of their own."""
    said = said if said.startswith(" ") else _words(said)
    if not question or not _ASKING.search(said) or re.match(r" (?:what|how) about ", said):
        return False                    # "what about work, is that ok?": a question of its own (ASKED)
    reading = read_symptom(said, locale)
    return reading.flag is None or reading.needs_question


# A question asked rather than an answer given: a question word or an auxiliary with its subject first ("is sex ok
# ...", "can I ...", "what about ..."), or a permission tag anywhere ("sex, is that ok?"). Questions about the question
# itself ("what's genitals?") are asks_about_the_question's; hedges ("does that count?") are not sure.
_QUESTION_START = re.compile(
    r"^ (?:(?:and|so|but|also|oh|sorry|well|um|uh|er|erm|hey|just|quick question) )*(?:"
    r"(?:what|what's|whats|how|how's|hows|why|when|where|who|which|whose)\b|"
    r"(?:is|isn't|are|aren't|am) (?:it|that|this|there|sex|my|the|a|an|i|you|they|we|he|she|something|having|doing|"
    r"lying|sitting|walking|working|driving|lifting|sleeping|going|being|stretching|swimming|running|exercise|rest|"
    r"bed rest|ice|heat)\b|"
    r"(?:can|could|should|shall|would|will|may|might|must|do|does|did|have|has) (?:i|you|we|it|that|this|they|he|she|"
    r"sex|people|someone|anyone|a|the|my)\b(?! (?:feel|still feel|walk|move|pee|wee|go|talk|speak|lift|stand)\b)|"
    r"any (?:chance|idea|advice|tips?)\b)")
_PERMISSION_TAG = re.compile(r"\b(?:is|was) (?:that|it|this) (?:ok|okay|alright|all right|safe|normal|bad|allowed|"
                             r"a problem|serious|dangerous|wise)\b|\b(?:ok|okay|alright|safe|allowed|fine) to (?:have|do|"
                             r"go|be|take|drive|work|lift|carry|play|run|exercise|swim|fly|travel)\b")


def asked_a_question(text: str | None) -> bool:
    """Whether the words ask something ("is sex ok with a bad back", "what about sex, is that ok?", "can I go to
    work?") rather than answer: a question word or an auxiliary with its subject first, or a permission tag."""
    if not text:
        return False
    said = text if text.startswith(" ") else _words(text)
    return bool(_QUESTION_START.search(said) or _PERMISSION_TAG.search(said))


# What a question set aside at a safety question is about, when there is a short sourced answer for it
# (content question.<topic>.brief): sex ("is sex ok with a bad back?"), what caused it ("is it a slipped disc?").
ASKED_TOPICS = {"sex": r"\bsex\b|\bsexual\b|\bintercourse\b|\bmake love\b|\bmaking love\b|\bin the bedroom\b",
                "cause": r"\b(?:slipped|bulging|herniated|prolapsed|ruptured|trapped|pinched) (?:a )?(?:disc|disk|nerve)\b|"
                         r"\bslipped a dis[ck]\b|\bwhat (?:is|'s|has|was) (?:causing|caused|wrong)\b|\bwhy (?:has|did|is|does)"
                         r" (?:my back|it|this)\b|\bpulled a muscle\b|\barthritis\b"}


def asked_topic(text: str | None) -> str | None:
    """The topic of a question asked in words (ASKED_TOPICS), or None."""
    if not text or not asked_a_question(text):
        return None
    said = _words(text)
    return next((name for name, pattern in ASKED_TOPICS.items() if re.search(pattern, said)), None)


# A statement that something else is fine ("my bones are fine", "my shoulder is ok", "the heat pack was fine"): said at a
# question about something else it is no answer (explore7 #3), never a "no". A subject of the question's own area
# ("my bladder is fine", "my temperature's normal") is its no; a general one ("the rest of me is fine") a no too.
_FINE_SUBJECT = re.compile(r"^ (?:(?:um|uh|er|erm|well|oh|and|yeah|yes|oh well) )*(?:my|the|his|her|our|me|your) "
                           r"(?P<subject>(?:[\w']+ ){0,3}?[\w']+?)(?:'s|(?<=[^s])s(?= )| is| are| was| were| feels?| felt| seems?| seemed|"
                           r" looks?| looked)(?: (?:all|totally|perfectly|absolutely|really|pretty|quite|actually|just|"
                           r"still|completely))? (?:fine|ok|okay|alright|all right|good|normal|grand|great|sound)"
                           r"(?: (?:thanks|thank you|mate|love|though|really|now|as far as i know|i think))* $")
GENERAL_SUBJECTS = ("everything", "all", "all that", "that", "things", "body", "whole body")
# The words that name a question's own area where the symptom reader places no flag ("my breathing is fine" at the
# chest question): said fine, its no.
OWN_SUBJECTS = {
    "chest_or_tummy_pain": ("breathing", "breath", "heart", "ticker"),
    "stroke_signs": ("speech", "talking", "words", "arms", "face", "balance"),
    "fever": ("temperature", "temp", "health"),
    "immune_risk": ("immune system", "immunity"),
    "weight_loss": ("weight", "appetite"),
    "night_pain": ("sleep", "sleeping", "nights"),
    "back_lump": ("back", "spine", "skin"),
    "upper_back_pain": ("back", "upper back", "shoulder blades"),
    "fragility_risk": ("bones",),
    "fragility_fracture": ("bones",),
    "affecting_life": ("life", "work", "day", "mood"),
}


def _fine_subject(said: str) -> str | None:
    """The subject of a sentence that only says it is fine ("my shoulder is ok" -> "shoulder"), else None."""
    if _has(said, CONTRAST_WORDS) or _has(said, HEDGES):
        return None
    m = _FINE_SUBJECT.search(said)
    return m["subject"].strip() if m else None


# A yes said and then made little of ("I had a bit of an accident, but it's probably nothing", "my legs are a bit
# weak, probably just the pain"): the admission is the answer (explore7 #23). Read without the minimising tail; an
# admission that reads as a yes stays a yes.
_MINIMISING_TAIL = re.compile(
    r" (?:(?:but|though|although|and) )?(?:i'm sure |im sure |i think |i reckon |i'd say |i guess )?(?:it's |its |it is |"
    r"it was |that's |thats |it'll be |it ll be |it )?(?:probably |prob |likely |most likely |maybe |surely |just |only )*"
    r"(?:nothing|fine|ok|okay|nothing serious|nothing much|nothing to worry about|no big deal|not a big deal|not serious|"
    r"not much|nothing really|only (?:a )?(?:little|small|tiny|bit)(?: one)?|(?:just )?(?:a )?(?:little|small|tiny)(?: one)?|"
    r"just the pain|the pain|from the pain|because of the pain|my back|the back|the spasm)"
    r"(?: (?:though|really|i think|i guess|i reckon|i hope|anyway|to be honest|honestly))* $")
_MINIMISER = re.compile(r"\b(?:probably|prob|likely|maybe|surely|i'm sure|im sure|i think|i reckon|i guess|i'd say)\b")


def _minimised_admission(said: str, question: str, locale: str, **kwargs) -> Answer | None:
    """The answer to QUESTION when the words admit its symptom and then make little of it (a hedge only in the
    minimising tail); None for anything else."""
    if not question:
        return None
    m = _MINIMISING_TAIL.search(said)
    if m is None or m.start() == 0 or not _MINIMISER.search(m.group(0)) and " but " not in m.group(0) + " ":
        return None
    head = said[:m.start()] + " "
    if not head.strip() or _has(head, HEDGES) or _starts(head, NO_WORDS):
        return None
    if re.search(r"(?:'s|'re| is| are| was| were| feels?| felt| seems?| looks?) $", head) \
            and re.search(r"\b(?:fine|ok|okay)\b", m.group(0)):
        return None             # "my bladder's fine, I think": a hedged denial, never an admission (review7 MAJOR 3)
    admitted = answer_meaning(head.strip(), question, locale, **kwargs)
    return admitted if admitted.meaning == YES else None


# "Could you be pregnant?" answered with how far along ("yes, I'm 28 weeks", "about seven months", "twenty weeks
# along"): a yes (explore7 #16). A time since ("a baby six weeks ago") is no pregnancy now.
PREGNANCY_QUESTION = "pregnant"
_PREGNANCY_LENGTH = re.compile(
    r"\b(?:\d{1,2}|(?:" + "|".join(("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                                      "fifteen sixteen seventeen eighteen nineteen twenty thirty forty").split())
    + r")(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?|a (?:few|couple of))(?: and a half)? "
      r"(?:weeks?|months?)(?: (?:along|gone|now|pregnant|in|today))?\b(?! ago\b| since\b| back\b| old\b)")


def pregnancy_length_said(text: str | None) -> bool:
    """Whether the words give how far along a pregnancy is ("yes, I'm 28 weeks") and deny nothing."""
    if not text:
        return False
    said = _words(text)
    if _starts(said, NO_WORDS) or re.search(r"\b(?:ago|since|old|baby was born|had (?:a|the|my) baby)\b", said) \
            or re.search(_NOT_PREGNANT, said):
        return False
    return bool(_PREGNANCY_LENGTH.search(said))


def _back_pain_only(said: str, reading, question: str) -> bool:
    """Whether the words only say how the back hurts ("my back is sore", "it just hurts in my back", "my lower back
    is catching") at a question about something else: no flag, no denial, no answer word, nothing of its area."""
    if question not in AREA_CONCEPTS or question in BACK_NOT_THIS or reading.flag is not None or reading.negated:
        return False
    concepts = set(reading.concepts)
    if not concepts <= HOW_BAD or not (concepts or _has(said, BACK_WORDS)):
        return False
    return not (_starts(said, YES_WORDS) or _starts(said, NO_WORDS) or _has(said, YES_TOKENS) or _has(said, HEDGES)
                or _has(said, DEGREE_WORDS) or _has(said, AREA_WORDS.get(question, ())))


def _only_the_back(said: str, question: str, locale: str) -> bool:
    """Whether SAID denies the question's place and names the back as the only place, with no other red flag."""
    place = PLACE_OF.get(question)
    if not place or _ALSO.search(said) or _has(said, CONTRAST_WORDS) or _has(said, HEDGES):
        return False
    places = rf"{place}(?: (?:or|and|nor) (?:my |the )?{place})*"
    denied = re.compile(rf"\b(?:not|no|nothing|isn't|never)(?: (?:in|with|from|on|at|wrong with))?(?: (?:my|the|me))? "
                        rf"{places}(?: pain)?\b|\b(?:my |the )?{places}(?:'s| is| are| feels?| seems?)(?: totally| "
                        rf"completely| perfectly)? (?:fine|ok|okay|alright|all right|good|normal|not hurting|not sore)\b|"
                        rf"\b{places} (?:no|nope|nah)\b")
    if not denied.search(said) or not _BACK_ONLY.search(said):
        return False
    rest = denied.sub(" ", said)
    if re.search(place, rest) or re.search(SPECIFIC_PAIN.get(question, r"(?!)"), rest):
        return False
    reading = read_symptom(rest, locale)
    return not (reading.flag and reading.tier == 1 and not reading.negated)


def _has(said: str, phrases) -> bool:
    return any(f" {p} " in said for p in phrases)


def _starts(said: str, phrases) -> bool:
    return any(said.startswith(f" {p} ") for p in phrases)


# Review7 C2, MAJOR 6: words that sound like a no but are none. "My bladder was fine until today", "my legs were fine
# this morning": a change said, never a no. "My left leg is fine" at a question about both legs or one side: about one
# leg only. "Everything else is fine", "the rest of me is fine": a contrast, and the thing asked may be the one not fine.
_CHANGE_SAID = re.compile(r"\b(?:fine|ok|okay|alright|all right|normal|good|grand)(?: \w+)? (?:until|till|til|up to|up until|"
                          r"before|this morning|yesterday|last night|earlier|first thing)\b|"
                          r"\b(?:my|the|his|her|their|our) [\w' ]{1,24}?(?:was|were|used to be|had been)(?: \w+)? "
                          r"(?:fine|ok|okay|alright|all right|normal|good|grand)\b")
_ONE_SIDE = re.compile(r"\b(?:left|right|one|good|other|first|better) (?:leg|foot|arm|hand|side|knee)(?:'s| is| feels| seems|"
                       r" looks)?(?: \w+)? (?:fine|ok|okay|alright|all right|normal|good|grand)\b")
_ONE_SIDE_QUESTIONS = ("leg_weakness", "stroke_signs")
_CONTRAST_FINE = re.compile(r"\b(?:else|rest|other|others)\b")


def answer_meaning(text: str | None, question: str, locale: str, *, tier: int = 1,
                   signs: str | None = None, clarified: bool = False) -> Answer:
    """What TEXT means as an answer to QUESTION (see _answer_meaning); a no that the words do not say is none."""
    answer = _answer_meaning(text, question, locale, tier=tier, signs=signs, clarified=clarified)
    if answer.meaning != NO or not question or not text:
        return answer
    said = _words(text)
    if _CHANGE_SAID.search(said):
        return Answer(UNSURE)           # "my bladder was fine until today": a change said, asked again as not sure
    if question in _ONE_SIDE_QUESTIONS and _ONE_SIDE.search(said) and not re.search(r"\b(?:both|all|either)\b", said):
        return Answer(None)             # "my left leg is fine": nothing said of the other
    if _CONTRAST_FINE.search(said) and not _starts(said, NO_WORDS):
        return Answer(None)             # "everything else is fine": the question again
    return answer


def _answer_meaning(text: str | None, question: str, locale: str, *, tier: int = 1,
                    signs: str | None = None, clarified: bool = False) -> Answer:
    """What TEXT means as an answer to QUESTION (a screening question id) in LOCALE. SIGNS: the rule of emergency
    signs the question's data names (screening.yaml `emergency_signs.rule`); without it, INFECTION_QUESTIONS.
    CLARIFIED: the question was already asked again about a small fall ("a hard fall, or a smaller slip or trip?"):
    a small one described is its answer, no (explore6 #24)."""
    if not text or not text.strip():
        return Answer(None)
    said = _words(text)
    if _has(said, EMERGENCY_WORDS):
        return Answer(EMERGENCY)
    if _WHY.search(said):
        return Answer(WHY)              # "why are you asking me that?": why it matters, then the question again
    for flipped, plain_word in FLIPPED:      # "nah yeah" is a yes and "yeah nah" a no (Australian, NZ English)
        if said.startswith(f" {flipped} "):
            said = f" {plain_word} " + said[len(flipped) + 2:]
    if acknowledgement(text):
        return Answer(None)             # "okay", "fine", "sure" to a symptom question: asked again plainly
    corrected = _corrected_to_yes(said)
    if corrected is not None:
        return corrected                # "no actually yes", "not really, well yes a little": the correction wins
    if asks_about_the_question(said, question, locale):
        return Answer(None)             # "what's genitals?", "what counts as weaker?": explained, never a yes
    if _only_the_back(said, question, locale):
        return Answer(NO)               # "not my chest, just my back": the place asked about denied (explore8 F11)
    choice = CHOICE_AFTER_CLARIFY.get(question) if clarified else None
    if choice and not _has(said, HEDGES) and read_symptom(text, locale).flag in (None, question):
        hard, small = bool(re.search(choice[0], said)), bool(re.search(choice[1], said))
        if hard != small:
            return Answer(YES if hard else NO)      # "a smaller slip" / "a hard one": the choice asked about
    if declined(text):
        return Answer(DECLINED)         # "I'd rather not say": no answer, and no doubt about one either
    if question == PREGNANCY_QUESTION and pregnancy_length_said(text):
        return Answer(YES)              # "yes, I'm 28 weeks" at "Could you be pregnant?" (explore7 #16)
    minimised = _minimised_admission(said, question, locale, tier=tier, signs=signs, clarified=clarified)
    if minimised is not None:
        return minimised                # "I had a bit of an accident, but it's probably nothing": the admission
    subject = _fine_subject(said)
    if question and subject is not None:
        named = read_symptom(subject, locale)
        if named.flag == question or question in named.negated_flags \
                or set(AREA_CONCEPTS.get(question, ())) & set(named.concepts) \
                or _has(f" {subject} ", OWN_SUBJECTS.get(question, ())):
            return Answer(NO)           # "my waterworks are fine" at the bladder question, "my temperature's normal"
        if not set(named.concepts) - {"fine"} and subject not in GENERAL_SUBJECTS:
            return Answer(ASIDE)        # "my bones are fine", "my shoulder is ok": about something else (explore7 #3)
    declined_ = read_symptom(text, locale)
    if question and asked_a_question(said) and not _has(said, HEDGES) and not _has(said, DOUBTFUL_NO) \
            and (declined_.flag is None or declined_.needs_question or declined_.negated) \
            and not set(AREA_CONCEPTS.get(question, ())) & set(declined_.concepts):
        return Answer(ASKED)            # "is sex ok with a bad back?": a question, set aside; never an answer
    if question and declined_.negated and declined_.negated_flags and question not in declined_.negated_flags \
            and not _starts(said, NO_WORDS) and not _starts(said, NO_PROBLEM) \
            and not set(AREA_CONCEPTS.get(question, ())) & set(declined_.concepts):
        return Answer(ASIDE)            # "peeing is fine" at the numbness question: about another one, no answer here
    if _starts(said, NO_PROBLEM) or said.strip() in NO_PROBLEM or any(
            said.strip() == f"{p} {tail}" for p in NO_PROBLEM for tail in ("there", "at all", "mate", "here")):
        return Answer(NO)               # "no worries there": no problem, not a worry about coping
    if _has(said, REQUEST_WORDS) and len(said.split()) <= 5 and read_symptom(text, locale).flag is None:
        return Answer(None)             # "ice I guess" at a question: a request, not "not sure"
    if re.search(META_HEDGE, said):
        return Answer(None)             # "I don't know what I need": not about the question
    infection = signs == INFECTION_RULE if signs is not None else question in INFECTION_QUESTIONS
    if infection and re.search(INFECTION_EMERGENCY, said) and not _starts(said, NO_WORDS) \
            and not re.search(r"\b(?:not|no|never|isn't|n't) (?:\w+ )?(?:" + INFECTION_EMERGENCY + ")", said):
        return Answer(EMERGENCY)        # "yes, and I've got a stiff neck and a rash that won't fade"
    described = DESCRIBED_WITH_A_NEGATIVE.get(question)
    if described and re.search(described, said) and not _fine(said):
        hedge = _has(said, HEDGES) or any(re.search(p, said) for p in HEDGE_PATTERNS)
        return Answer(UNSURE if hedge else YES)   # "nothing comes out", "no feeling when I need to go"
    plain = said
    for phrase in NO_PHRASES:
        plain = plain.replace(f" {phrase} ", " ")
    hedged = _has(plain, HEDGES) or any(re.search(p, plain) for p in HEDGE_PATTERNS)
    if plain != said and not hedged:
        return Answer(NO)
    if _has(said, DOUBTFUL_NO) and _starts(said, ("no", "nah", "nope")) and not _has(said, CONTRAST_WORDS):
        return Answer(NO)               # "no, I don't think so"
    if _has(said, DOUBTFUL_NO) and not _has(said, CONTRAST_WORDS):
        return Answer(UNSURE)           # "I don't think so"
    contrast = _after_contrast(said, locale, question)
    if contrast is not None:
        return contrast                 # "no, but I can't feel my legs": the red flag after the "but"
    if not hedged and _starts(said, NO_WORDS) and _fine(said) and not _has(said, CONTRAST_WORDS):
        return Answer(NO)               # "no breathing is fine" (speech has no comma): the no, not "no breathing"
    reading = read_symptom(text, locale)
    if _starts(said, NO_WORDS) and reading.flag == question and not hedged and _area_denied(said, question, locale):
        return Answer(NO)               # "no no chest pain, just the back, it's killing me": its own area denied
    specific = SPECIFIC_PAIN.get(question)
    if specific and re.search(specific, said) and not _starts(said, NO_WORDS) and not reading.negated:
        return Answer(YES)              # "a tearing sort of feeling going right through to my back"
    if question in BACK_NOT_THIS and re.search(CHEST_LIKE, said) and not _has(said, BACK_WORDS) and not hedged \
            and not reading.negated and not _starts(said, NO_WORDS) and not _fine(said) and not _has(said, ("not", "no")):
        return Answer(YES)              # "a crushing pressure", "it's tight": the words of a chest pain itself
    if question in BACK_NOT_THIS and not hedged and not reading.flag and not set(AREA_CONCEPTS[question]) & set(
            reading.concepts) and not re.search(CHEST_LIKE, said) \
            and (_has(said, BACK_WORDS) or (reading.concepts and set(reading.concepts) <= HOW_BAD)):
        if _has(said, BACK_WORDS) or _starts(said, NO_WORDS):
            return Answer(NO)           # "my back is agony", "no, it's just killing me": the back's pain, a no
        # "it's killing me", "it hurts so much": how bad, but not where. The question asks about right now, in the
        # chest or tummy: never a silent no, asked again with what it means (review4 #0).
        return Answer(None)
    own_words = OWN_WORDS.get(question)
    if own_words and re.search(own_words, said) and not hedged and not reading.negated and not _starts(said, NO_WORDS):
        rest = read_symptom(re.sub(own_words, " ", said), locale)
        if rest.flag is None or rest.flag == question or rest.negated:
            return Answer(YES)          # the question's own words ("sweaty" at the chest question)
    minimised = MINIMISED.get(question)
    if minimised and re.search(minimised, said) and reading.flag == question and not reading.negated \
            and not _starts(said, YES_WORDS) and not _starts(said, NO_WORDS):
        # "I fell off my bike but I was going slow": does it count? (asked, it was a small one: no)
        return Answer(NO if clarified and not hedged else UNSURE)
    if _starts(said, YES_WORDS) and reading.flag == question and not reading.negated and hedged \
            and not reading.needs_question:
        return Answer(YES)              # "yeah, I fell off a ladder, about eight feet I guess": the hedge is a detail
    if (_starts(said, NO_WORDS) and reading.flag == question and not reading.negated and reading.needs_question
            and not hedged and (not _has(said, CONTRAST_WORDS) or question in reading.negated_flags)):
        return Answer(NO)               # "nah, just reached for the remote, and bang": weak evidence, denied
    if (not hedged and reading.flag == question and not reading.negated and reading.needs_question
            and not _starts(said, YES_WORDS)):
        # weak evidence of this very flag ("I tripped in the garden"): asked again; asked, a small fall said: no
        return Answer(NO if clarified and question in MINIMISED else UNSURE)
    if not hedged and reading.flag == question and not reading.negated:
        return Answer(YES)
    if not hedged and reading.flag and reading.tier == 1 and not reading.negated and not reading.needs_question:
        return Answer(YES, other=reading.flag)     # another red flag named: that emergency (both are tier 1)
    if hedged:
        return Answer(UNSURE)
    if reading.negated and (not reading.negated_flags or question in reading.negated_flags
                            or _starts(said, NO_WORDS)):
        return Answer(NO)
    if reading.negated and set(AREA_CONCEPTS.get(question, ())) & set(reading.concepts):
        return Answer(NO)     # "I was just bending over, no accident" at the bowel question: its area denied
    if reading.flag and reading.flag != question and not reading.negated and (reading.tier or 9) > 1:
        if reading.flag in RELATED.get(question, ()):
            return Answer(NO, other=reading.flag)  # "only one leg" at the both-legs question: recorded there
        return Answer(None, other=reading.flag)    # another question's fact: noted, this question again
    if _starts(said, NO_WORDS) and not hedged and _own_change_after_no(said, question, locale):
        return Answer(YES)              # "no, it's numb", "no wait, it is a bit numb": the symptom said, not denied
    if _starts(said, NO_WORDS):
        return Answer(NO)
    if _starts(said, YES_WORDS) or _has(said, YES_TOKENS):
        return Answer(YES)
    concepts = set(reading.concepts)
    if question in ONE_OF_BOTH and (ONE_OF_BOTH[question][0] in concepts or re.search(ONE_SIDE, said)) \
            and not concepts & set(ONE_OF_BOTH[question][1:]) and not _has(said, AREA_WORDS.get(question, ())):
        return Answer(NO, other=ONE_LEG)           # one leg named at the question about both legs
    own = set(AREA_CONCEPTS.get(question, ())) & concepts
    if own and not _starts(said, YES_WORDS) and _area_denied(said, question, locale):
        return Answer(NO)               # "not numb", "I'm not tingly": the question's own area, denied
    if own or _has(said, AREA_WORDS.get(question, ())) or _has(said, DEGREE_WORDS):
        return Answer(YES)
    if _has(said, FINE_WORDS) or _has(said, NO_WORDS):
        return Answer(NO)
    if _back_pain_only(said, reading, question):
        return Answer(BACK_PAIN)        # "my back is sore" at the numbness question: not the pain asked about
    return Answer(None)


# Where no question reads words (a routine or timer question, nothing on the table): the intent the words of an
# answer stand for. AMAZON.YesIntent / NoIntent and UnsureIntent carry no words; AnswerIntent carries them.
EMERGENCY_INTENT, SYMPTOM_INTENT, FALLBACK_INTENT = "EmergencyIntent", "ReportSymptomIntent", "AMAZON.FallbackIntent"
PLAIN_INTENTS = {YES: "AMAZON.YesIntent", NO: "AMAZON.NoIntent", UNSURE: "UnsureIntent", DECLINED: "UnsureIntent"}


def intent_meaning(text: str | None, locale: str, listed: str | None = None) -> str:
    """The intent an answer's words stand for when no question of the screening is on the table: an emergency
    request, a symptom (any red flag or other flag the words name), yes, no, not sure, or not understood. LISTED:
    the answer the model matched the words to (its slot's resolved id), taken when the words decide nothing."""
    if acknowledgement(text):
        return PLAIN_INTENTS[YES]      # "okay", "sure" with no question of the screening on the table: a yes
    said = answer_meaning(text, "", locale)
    if said.meaning in SET_ASIDE:
        said = Answer(None, other=said.other)
    if said.meaning is None and said.other is None and listed in PLAIN_INTENTS:
        said = Answer(listed)
    if said.meaning == EMERGENCY or no_phone(text):
        return EMERGENCY_INTENT        # "no phone" after the emergency advice: how to get help, never a plain no
    if said.other is not None:
        return SYMPTOM_INTENT
    reading = read_symptom(text, locale) if said.meaning != NO else None
    if reading is not None and reading.flag is not None and not reading.negated:
        return SYMPTOM_INTENT          # weak evidence too ("I feel dizzy", "I had a fall"): its own question asks
    if therapy_asked(text) and read_symptom(text, locale).flag is None:
        return START_THERAPY_INTENT    # "no, I just want the ice": the ice, never a plain no or a goodbye
    return PLAIN_INTENTS.get(said.meaning, FALLBACK_INTENT)


START_THERAPY_INTENT = "StartTherapyIntent"
# A request for ice or heat said with a no to the offer on the table ("no, I just want the ice", "no thanks, I only
# want heat", "nah, just the ice"): exactly one of them asked for, not denied ("no ice", "not the heat, ice").
_THERAPY_ASK = (r"\b(?:just|only|want|wanted|like|rather|prefer|give me|can i (?:have|get)|i'll (?:have|take)|"
                r"start|put on|need)\b(?:\s+\S+){0,3}?\s+(?:the\s+|some\s+|a\s+)?(?P<therapy>ice|heat)\b")
_THERAPY_DENIED = r"\b(?:no|not|don'?t want|do not want|without|skip|stop)\s+(?:the\s+|any\s+|some\s+)?(?:ice|heat)\b"


def therapy_asked(text: str | None) -> str | None:
    """ice | heat when the words ask for that one (said with a no to something else), else None."""
    said = " ".join((text or "").lower().replace("\u2019", "'").split())
    named = set(re.findall(r"\b(ice|heat)\b", said))
    if len(named) != 1 or re.search(_THERAPY_DENIED, said) or re.search(r"\b(?:then|and|or|alternat)\w*\b", said):
        return None
    asked = re.search(_THERAPY_ASK, said)
    return asked["therapy"] if asked else None


# An age said in passing: "I'm 78", "I am seventy eight", "I'm 82 years old", "aged 80", "at 75".
_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine".split())}
_TEENS = {w: 10 + i for i, w in enumerate(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_NUMBER = (r"(\d{2,3}|(?:" + "|".join(_TENS) + r")(?:[ -](?:" + "|".join(k for k in _UNITS if k != "zero") + r"))?|"
           + "|".join(_TEENS) + r"|(?:a )?hundred(?: and \w+)?)")
_AGE_PATTERNS = (rf"\b(?:i'm|i am|im|i'm now|i am now) {_NUMBER}(?! (?:minutes?|mins?|hours?|seconds?|days?|weeks?|"
                 rf"percent|times?|kilos?|pounds?|stone|feet|metres?|meters?|steps?)\b)(?: years?(?: old)?)?\b",
                 rf"\b{_NUMBER} years? old\b", rf"\baged {_NUMBER}\b", rf"^{_NUMBER} and i\b", rf"\bat (?:the age of )?{_NUMBER} years? of age\b")
MIN_AGE, MAX_AGE = 16, 115


def _number(words: str) -> int | None:
    if words.isdigit():
        return int(words)
    if "hundred" in words:
        return 100 + sum(_UNITS.get(w, 0) for w in words.split())
    parts = re.split(r"[ -]", words)
    total = _TENS.get(parts[0], _TEENS.get(parts[0]))
    if total is None:
        return None
    return total + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)


def age_said(text: str | None) -> int | None:
    """The person's age when the words say it ("I'm 78 and I had a fall"); None when they do not, or when the
    number is no age (a duration, a count)."""
    if not text:
        return None
    said = " ".join(re.sub(r"[^\w' -]", " ", text.lower().replace("\u2019", "'")).split())
    for pattern in _AGE_PATTERNS:
        m = re.search(pattern, said)
        if m:
            age = _number(m.group(1))
            if age is not None and MIN_AGE <= age <= MAX_AGE:
                return age
    return None


# An age under sixteen said in passing (explore7 #10, #11): "I'm fifteen and my back's killing me", "my daughter is 12
# and she hurt her back", "my son who is 13 has a bad back", "he's only 14". The person's own, or (SOMEONE_ELSE) the
# age of a child someone speaks for. Never a number with a unit after it ("I'm 15 minutes in").
_CHILD = r"(?:son|daughter|boy|girl|lad|kid|child|teenager|teen|grandson|granddaughter|stepson|stepdaughter)"
_NOT_A_UNIT = (r"(?! (?:minutes?|mins?|hours?|seconds?|days?|weeks?|months?|percent|times?|kilos?|pounds?|stone|feet|"
               r"metres?|meters?|steps?|out of)\b)")
_YOUNG_SELF = rf"\b(?:i'm|i am|im)(?: only| just)? {_NUMBER}{_NOT_A_UNIT}"
_YOUNG_OTHER = (rf"\b(?:he's|she's|he is|she is|hes|shes)(?: only| just)? {_NUMBER}{_NOT_A_UNIT}|"
                rf"\bmy {_CHILD}(?:'s| is| who is| who's|s)(?: only| just)? {_NUMBER}{_NOT_A_UNIT}|"
                rf"\bmy {_NUMBER} year old\b")
SOMEONE_ELSE, SELF = "someone_else", "self"


def young_age(text: str | None) -> tuple[int, str] | None:
    """(an age under sixteen said in TEXT, whose: SELF or SOMEONE_ELSE), or None."""
    if not text:
        return None
    said = " ".join(re.sub(r"[^\w' -]", " ", text.lower().replace("\u2019", "'")).split())
    for whose, pattern in ((SOMEONE_ELSE, _YOUNG_OTHER), (SELF, _YOUNG_SELF)):
        for m in re.finditer(pattern, said):
            age = _number(next(g for g in m.groups() if g))
            if age is not None and 0 < age < MIN_AGE:
                return age, whose
    return None


# Someone on the floor: "I can't get up", "I'm stuck on the floor", "I can't get myself up off the floor", "how do I
# get up?".
_CANT_GET_UP = re.compile(r"\b(?:can't|can not|unable to|not able to|couldn't) (?:get|stand|pick myself|push myself|"
                          r"lift myself)(?: myself)? (?:up|back up|off (?:the )?(?:floor|ground))|"
                          r"\bstuck on (?:the )?(?:\w+ )?(?:floor|ground)\b|\bon (?:the )?(?:\w+ )?(?:floor|ground) and "
                          r"(?:i )?can't\b|\bhelp(?: me)? (?:get )?up\b|\bhelp getting up\b|"
                          # asked how: "how do I get up off the floor?", "what's the best way to get back up?"
                          r"\b(?:how (?:do|can|should|will) i|how am i (?:going|supposed|meant) to|(?:best|safest) way to) "
                          r"get (?:myself )?(?:back )?(?:up|off (?:the )?(?:floor|ground))\b")


# What a request for help says it needs when its words are only that ("how do I {help}?" heard as "get up").
_GET_UP_NEED = re.compile(r"(?:to )?get (?:myself )?(?:back )?up(?: again)?")


def cant_get_up(text: str | None, *, need: bool = False) -> bool:
    """Whether the words say the person cannot get up (off the floor, out of a fall). NEED: the words are a help
    request's slot, so "get up" alone is that need."""
    said = (text or "").lower().replace("\u2019", "'").replace("cannot", "can't").strip()
    return bool(said) and bool(_CANT_GET_UP.search(said) or (need and _GET_UP_NEED.fullmatch(said)))


_PHONE = r"(?:(?:my|the|a) )?(?:mobile|phone|cell)(?: phone)?"
_NO_PHONE = re.compile(rf"\b(?:can't|can not|couldn't|unable to|not able to) (?:reach|get to|get at|find) {_PHONE}|"
                       rf"\b{_PHONE}(?:'s| is) (?:in|on|up|down|out|too|dead|flat|charging|over|not)\b|"
                       rf"\b(?:don't|do not|haven't|have not) (?:got )?(?:have )?{_PHONE}|\bno (?:mobile|phone|cell)\b")


def no_phone(text: str | None) -> bool:
    """Whether the words say the person cannot reach a phone ("my phone is in the kitchen")."""
    return bool(text) and bool(_NO_PHONE.search(text.lower().replace("\u2019", "'").replace("cannot", "can't")))


# Help already called ("I've called an ambulance", "the ambulance is on its way", "what do I do while I wait for the
# ambulance"): what to do while waiting, never the call again (explore8 F6). A call that failed or was not made ("I
# tried to call", "nobody answered", "I haven't called") is no help called: the number again. Only an ambulance, the
# paramedics or the emergency number of the place counts (review7 C12): "I rang 111" in the UK is the NHS advice line,
# "I called out for help" is someone alone shouting, a call yesterday is no help coming.
NUMBER_WORDS = {"999": ("999", "nine nine nine"), "911": ("911", "nine one one"),
                "000": ("000", "triple zero", "zero zero zero"), "112": ("112", "one one two"),
                "111": ("111", "one one one"), "108": ("108", "one oh eight")}
_AMBULANCE = r"(?:(?:an|the|for|for an|for the) )?(?:ambulance|ambulances|paramedics|emergency services)"
_CALL = r"\b(?:called|rung|rang|phoned|dialled|dialed|call|ring|phone|dial|calling|ringing)\b(?: \w+)?"
_CALLED_OTHER = re.compile(rf"{_CALL} (?:(?:out )?for )?help\b|\bcalled out\b")
_HELP_NOT_CALLED = re.compile(r"\b(?:not|n't|never|tried|trying|no answer|nobody|no one|no-one|busy|hung up|cannot|"
                              r"yesterday|last night|last week|days ago|they said|said it was|said i was|"
                              r"(?:should|shall|do|can|could|will|would|must) (?:i|we|you) (?:call|ring|phone|dial|get)|"
                              r"please (?:call|ring|phone|dial|get))\b")


def _help_pattern(numbers) -> re.Pattern:
    """Help called, with NUMBERS (digits: "999") the place's emergency numbers."""
    said = "|".join(w for n in numbers for w in NUMBER_WORDS.get(n, (n,)))
    target = rf"(?:{_AMBULANCE}|{said})" if said else _AMBULANCE
    return re.compile(
        rf"\b(?:called|rung|rang|phoned|dialled|dialed)\b(?: \w+)? (?:for )?{target}\b|"
        rf"\b(?:{target}|help) (?:is|are|'s|'re|is already|are already) (?:on (?:its|their|the) way|coming|en route)\b|"
        rf"\b(?:they're|they are) (?:on their way|sending (?:an|the) ambulance)\b|"
        rf"\bwait(?:ing)? for {target}\b|"
        rf"\b(?:until|till|before) {target} (?:comes?|gets? here|arrives?|turns? up)\b")


def _said(text: str | None) -> str:
    return _plain(text or "").replace("n't", " n't").replace("can not", "cannot")


def help_failed(text: str | None) -> bool:
    """Whether words about a call say it failed, was not made, or is only asked about ("nobody answered")."""
    return bool(_HELP_NOT_CALLED.search(_said(text)))


def help_elsewhere(text: str | None, numbers=("999", "911", "000", "112")) -> bool:
    """Whether words about a call name no ambulance and no emergency number of the place: "I rang 111" in the UK,
    "I called out for help" (NUMBERS: the place's emergency numbers, digits)."""
    said = _said(text)
    if _CALLED_OTHER.search(said):
        return True
    named = {n for n, words in NUMBER_WORDS.items() if re.search(rf"\b(?:{'|'.join(words)})\b", said)}
    return bool(named - set(numbers))


def help_called(text: str | None, numbers=("999", "911", "000", "112")) -> bool:
    """Whether the words say help has been called and is coming (never a call that failed or is only asked about,
    never another line or a shout for help). NUMBERS: the place's emergency numbers (digits)."""
    said = _said(text)
    return (bool(_help_pattern(numbers).search(said)) and not _HELP_NOT_CALLED.search(said)
            and not help_elsewhere(said, numbers))


# Sedation said in passing at the heat check ("no, but I took sleeping tablets an hour ago", "no, though I've had a
# few drinks", "I feel drowsy"): the drowsiness question's yes, whichever question is on the table. The words are
# content (therapy.yaml `sedating.words`, with their source); this reads them. A clause that denies one ("I haven't
# had a drink", "not drowsy") does not count; "no, but ..." denies the question on the table, not what follows "but".
_DENIAL = r"\b(?:no|not|never|nothing|haven't|hasn't|didn't|don't|isn't|i'm not|im not|none|nope|without)\b(?:\s+\S+){0,3}\s+"
_SEDATION_CACHE: dict[tuple, tuple] = {}


def _sedation_patterns(words) -> tuple:
    key = tuple(words)
    if key not in _SEDATION_CACHE:
        said = "|".join(r"\b" + re.escape(_plain(w)) + r"\b" for w in sorted(key, key=len, reverse=True))
        _SEDATION_CACHE[key] = (re.compile(said), re.compile(_DENIAL + "(?:" + said + ")"))
    return _SEDATION_CACHE[key]


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").replace("-", " ").replace("cannot", "can't").split())


# A leading answer word says no to the question on the table, not to the clause after it (review6 #12: "no, only
# pregabalin", "no, I took an antihistamine"): set apart before the clauses are read.
_LEADING_ANSWER = re.compile(r"^(?:no|nope|nah|not really|no no)\s+(?=(?:i|i'm|im|i've|ive|i'd|id|i had|just|only|but|"
                             r"though|well|actually|apart|except|unless|a|an|some|one|two|three|a few|a couple)\b)")


def sedation_said(text: str | None, words) -> bool:
    """Whether TEXT says the person has taken something sedating, been drinking, or feels drowsy, in any of WORDS
    (therapy.yaml sedating.words); a clause that denies it does not count ("no" before a clause of its own, as in
    "no, only pregabalin", answers the question on the table and denies nothing after it)."""
    said, denied = _sedation_patterns(words)
    plain = _LEADING_ANSWER.sub("", _plain(text or ""))
    for clause in re.split(r",|;|\.|\bbut\b|\bthough\b|\balthough\b|\bhowever\b|\bexcept\b|\bonly\b|\bjust\b", plain):
        if said.search(clause) and not denied.search(clause):
            return True
    return False


# Changing an answer: "wait, I meant yes", "I answered the last one wrong", "can I change my answer", "go back".
# ("I mean" only with the answer it means: "no, I mean my stomach's a bit upset" explains, it changes nothing.)
_CORRECTION = re.compile(r"\b(?:i meant|i mean (?=(?:to say )?(?:yes|yeah|yep|no|nope|nah|not sure|unsure)\b)|meant to say|"
                         r"i should have said|i should've said|i wanted to say)"
                         r"|\b(?:answered|got|said) (?:that|it|the last one|the last question|the first one|one|"
                         r"that one|the last) wrong\b|\bwrong answer\b|\bchange (?:my|that|the|the last) ?(?:last )?"
                         r"answer\b|\bgo back\b|\bprevious question\b|\blast question again\b")
_MEANT = re.compile(r"\b(?:i meant|i mean|meant to say|i should have said|i should've said|i wanted to say)(?: to say)? "
                    r"(.+)$")


def correction(text: str | None, locale: str) -> tuple[bool, str | None]:
    """(whether the words change the last answer, the new answer if they say it: yes, no or unsure)."""
    changed, meaning, _ = correction_of(text, locale)
    return changed, meaning


def correction_of(text: str | None, locale: str) -> tuple[bool, str | None, bool]:
    """correction(), and whether the words name the first question ("I answered the first one wrong")."""
    if not text:
        return False, None, False
    said = " ".join(re.sub(r"[^\w' ]", " ", text.lower().replace("\u2019", "'")).split())
    if not _CORRECTION.search(said):
        return False, None, False
    meant = _MEANT.search(said)
    meaning = answer_meaning(meant.group(1), "", locale).meaning if meant else None
    first = bool(re.search(r"\b(?:first|1st) (?:one|question)\b", said))
    return True, meaning if meaning in (YES, NO, UNSURE) else None, first


# A toilet need and no way to get there ("I need a wee but I can't get up to go", "I can't get to the loo"): the
# person can pass urine but cannot get up. Practical help, and the bladder question asked to be sure, never the
# emergency advice on these words alone. Words of retention or leaking ("nothing comes out", "I can't pee", "I've
# wet myself", "I can't feel when I need to go") are the red flag itself and never read as this.
_TOILET = r"(?:wee|pee|piss|toilet|loo|bathroom|restroom|washroom|lavatory|potty|number one|tinkle|urinate)"
_CANT_REACH = re.compile(
    r"\b(?:can't|unable to|not able to|couldn't|too sore to|too stiff to|hurts too much to)(?: even)? "
    r"(?:get|make it|walk|go|move|crawl|reach)(?: myself)?(?: up)?(?: off (?:the )?(?:floor|bed|ground))?"
    r"(?: (?:to|as far as|into|in to) (?:(?:the|a) )?" + _TOILET + r"|(?: up)? to (?:go|get there|get to it)|"
    r" there)\b|\bcan't get up\b.*\b" + _TOILET + r"\b|\b" + _TOILET + r"\b.*\bcan't (?:get up|get there|move|walk)\b")
_RETENTION = re.compile(
    r"\bnothing (?:comes?|came|is coming|will come)\b|\bwon't come\b|\b(?:can't|cannot|unable to|not able to|couldn't)"
    r" (?:pee|wee|urinate|piss|pass (?:water|urine)|go when i try|start)\b|\bno (?:pee|wee|urine)\b|\bleak|\bwet (?:myself|"
    r"the bed|my)|\bdribbl|\b(?:can't|cannot|don't|didn't) (?:feel|tell|notice)\b|\bnumb|\bno feeling\b|\bsoil|"
    r"\baccident\b|\bhaven't (?:been able to )?(?:pee|wee|urinate|gone|been) (?:since|for|all)\b|\bstuck\b.*\b(?:pee|wee)\b.*"
    r"\bwon't\b|\bburn|\bblood\b")


def toilet_out_of_reach(text: str | None) -> bool:
    """Whether the words say the person needs the toilet but cannot get there (a mobility problem), with no word
    of retention, leaking or lost feeling (those are the red flag, whatever else is said)."""
    if not text:
        return False
    said = " ".join(re.sub(r"[^\w' ]", " ", text.lower().replace("\u2019", "'").replace("cannot", "can't")
                           .replace("can not", "can't")).split())
    said = re.sub(r"\bcant\b", "can't", said)
    return bool(re.search(r"\b" + _TOILET + r"\b", said)) and bool(_CANT_REACH.search(said)) \
        and not _RETENTION.search(said)


# Anything more than the need (a trouble, a denial, a feeling): not a plain toilet need; the symptom reader decides.
_TROUBLE = re.compile(r"\b(?:can't|cant|cannot|can not|won't|unable|not|no|nothing|never|hard|difficult|trouble|problem|"
                      r"pain|painful|hurts?|sore|sting|feel|feeling|numb|weak|keep|again|but)\b")
_NEED = re.compile(r"\b(?:need|needs|needing|have to|got to|gotta|must|busting|dying) (?:for )?(?:a |the |to )?(?:go |use )?"
                   r"(?:(?:a|the|to the) )?" + _TOILET + r"\b|\bbusting\b")


# What may be said around a toilet need and still be only that ("hang on, sorry, I need the loo quickly"); any other
# word ("... and my bum is tingling", "... my legs are shaking") leaves the sentence to the symptom reader.
_TOILET_FILLER = frozenset(
    "i i'm im me my just really real quick quickly now right urgently urgent badly bad first sorry please excuse hang "
    "on hold wait a minute sec second moment oh um uh er erm so actually okay ok alright well then hey mate love "
    "going gonna to be back in go the".split())


def toilet_need(text: str | None) -> bool:
    """Whether the words say only that the person needs the toilet ("I need a wee", "I have to go to the loo"), with
    no word of retention, leaking or lost feeling (the red flag) and no trouble getting there (toilet_out_of_reach)."""
    if not text:
        return False
    said = " ".join(re.sub(r"[^\w' ]", " ", text.lower().replace("\u2019", "'")).split())
    if not (_NEED.search(said) and re.search(r"\b" + _TOILET + r"\b", said)) or _RETENTION.search(said) \
            or _TROUBLE.search(said) or toilet_out_of_reach(text):
        return False
    return set(_NEED.sub(" ", said).split()) <= _TOILET_FILLER    # nothing else said ("... and my bum is tingling")


# "Is that because of the pain, or because a leg feels weak or numb?": what the words answer. A leg named in any
# way ("both", "a bit of both", "the pain and the leg") is the leg (the safer reading); only pain alone is pain.
_BOTH = re.compile(r"\bboth\b|\bthe two\b|\bpain and (?:the|my|a) (?:leg|legs)\b|\b(?:leg|legs) and (?:the )?pain\b|\ball of (?:it|them)\b")
_LEG = re.compile(r"\bweak|\bnumb|\btingl|\bpins and needles\b|\bgiv(?:e|es|ing) (?:way|out)\b|\bgave way\b|"
                  r"\bwon't (?:hold|take|work|move)\b|\b(?:can't|cannot) (?:feel|move|lift)\b|\bdead\b|\bno feeling\b|"
                  r"\bjelly\b|\bfloppy\b|\bbuckl|\bcollaps|\bthe legs?\b|\bmy legs?\b|\ba legs?\b|\bone legs?\b")
_PAIN = re.compile(r"\bpain|\bhurt|\bagony\b|\bsore\b|\bach(?:e|es|ing)\b|\bspasm|\bstiff|\bsharp\b|\bstabbing\b|"
                   r"\bkilling me\b|\bunbearable\b|\btoo painful\b|\bow+\b|\bouch\b|\bseiz(?:es|ing) up\b|\blocked\b")
_LEG_DENIED = re.compile(r"\b(?:legs?|they)(?:'s| is| are| feel| feels)? (?:fine|ok|okay|alright|normal|good|not weak|"
                         r"not numb)\b|\bnot (?:the|my) legs?\b|\bnot (?:weak|numb)\b|\bno(?:thing)? (?:weak|numb)")


def cant_walk_meaning(text: str | None) -> str | None:
    """The answer the words give to "the pain, or a weak or numb leg?": "weak" (a leg named, or both), "numb",
    "pain" (pain alone, the leg denied or not named), "unsure" (a hedge), or None (no answer in them)."""
    if not text:
        return None
    said = " " + " ".join(re.sub(r"[^\w' ]", " ", text.lower().replace("\u2019", "'")
                                 .replace("cannot", "can't")).split()) + " "
    if _BOTH.search(said):
        return "weak"
    denied = bool(_LEG_DENIED.search(said))
    if not denied and _LEG.search(said):
        return "numb" if re.search(r"\bnumb|\btingl|\bpins and needles|\bcan't feel|\bno feeling|\bdead\b", said) \
            else "weak"
    if _PAIN.search(said):
        return "pain"
    if _has(said, HEDGES):
        return "unsure"
    return None


def age_in(text: str | None) -> int | None:
    """An age said as an answer: in words ("I'm 67", "no, I'm seventy two") or a number on its own, as a slot that
    heard only a number holds it ("67"). None when there is none, or the number is no age."""
    age = age_said(text)
    if age is not None or not text:
        return age
    words = " ".join(re.sub(r"[^\w' -]", " ", text.lower()).split())
    words = re.sub(r"^(?:(?:yes|yeah|yep|no|nope|nah)\s+)?(?:i'm|i am|im)?\s*", "", words)
    words = re.sub(r"\s*(?:years?(?: old)?)$", "", words)
    if not re.fullmatch(_NUMBER, words):
        return None
    number = _number(words)
    return number if number is not None and 5 <= number <= MAX_AGE else None
