"""Understanding typed words from an interaction model alone: samples compiled to regexes with typed slots."""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from simulator.datetimes import DATE_PATTERN, TIME_PATTERN
from simulator.durations import (DURATION_PATTERN, NUMBER_PATTERN, UNREADABLE, UNREADABLE_PATTERN, parse_duration,
                                 unreadable_duration, words_to_number)
from simulator.statistical import ANSWER_LEADS, SAFETY_INTENTS, Statistical, stem, tag_sample, tag_values

MODELS_DIR = Path(__file__).resolve().parent.parent / "interaction_models"
# AMAZON.DATE / AMAZON.TIME: (the words they take, at most how many words).
TYPED_WORDS = {"AMAZON.DATE": (re.compile(DATE_PATTERN), 4), "AMAZON.TIME": (re.compile(TIME_PATTERN), 7)}
FALLBACK = "AMAZON.FallbackIntent"
_CACHE: dict = {}
DIGIT_WORDS = "zero one two three four five six seven eight nine".split()
LOCALES_FILE = MODELS_DIR.parent / "content" / "data" / "locales.yaml"
# A verb that asks for a number to be called: "call 000", "dial 108", "ring 911 for me".
CALL_VERBS = r"(?:call|dial|ring|phone)"


@functools.lru_cache(maxsize=1)
def emergency_numbers() -> frozenset[str]:
    """Every supported country's emergency numbers as digits (content/data/locales.yaml: its emergency lines), and
    India's state ambulance 102 (sources.yaml india_112: "108 or 102 varies by state")."""
    lines = [ln for ln in LOCALES_FILE.read_text(encoding="utf-8").splitlines() if re.search(r"\bemergency", ln)]
    return frozenset(re.findall(r"\b\d{3}\b", "\n".join(lines))) | {"102"}

# The usual phrases of Alexa's built-in intents (used only for intents the model declares).
BUILTIN_PHRASES = {
    "AMAZON.YesIntent": "yes|yeah|yep|yup|yes please|sure|yeah go ahead|yes go ahead|ok go ahead|yeah sure|ok|okay|alright|all right|go ahead|do it|please do|of course|"
                        "sounds good|that's right|correct|definitely|absolutely|uh huh|yes i do|i do|yes i am|i am|"
                        "yes i have|let's do it|go for it|why not|fine",
    "AMAZON.NoIntent": "no|nope|nah|no thanks|no thank you|not really|not now|i don't|no i don't|i'm not|no i'm not|"
                       "i haven't|no i haven't|none|neither|none of those|negative|not at all|don't|no way|not today",
    "AMAZON.HelpIntent": "help|help me|what can i do|what can you do|what do i do|how does this work|i need help|"
                         "what are my options|what can i say|instructions|how do i use this|what is this",
    "AMAZON.StopIntent": "stop|off|shut up|be quiet|quiet|enough|stop it|that's enough|i'm done|goodbye|good bye|bye|"
                         "stop talking|that's all",
    "AMAZON.CancelIntent": "cancel|never mind|nevermind|forget it|cancel that|cancel it",
    "AMAZON.NextIntent": "next|skip|next one|next exercise|next stretch|skip this one|skip it|move on|go on|what's next|"
                         "skip ahead|the next one",
    "AMAZON.RepeatIntent": "repeat|say that again|say it again|what|pardon|sorry|sorry what|come again|repeat that|"
                           "again|what did you say|i didn't catch that|one more time|repeat please|huh|eh|"
                           "what was that|pardon me|excuse me",
    "AMAZON.PauseIntent": "pause|hold on|wait|hang on|pause it|give me a minute|give me a second|one moment|"
                          "wait a second|wait a minute|just a minute|pause please",
    "AMAZON.ResumeIntent": "resume|continue|carry on|keep going|unpause|let's continue|i'm ready|ready|go",
    "AMAZON.StartOverIntent": "start over|start again|restart|from the beginning|begin again|go back to the start|"
                              "start from the beginning",
    "AMAZON.NavigateHomeIntent": "go home|home|main menu|go to the main menu|take me home|go back home|back to the menu",
}

IGNORED = {"the", "my", "some", "your", "um", "umm", "uh", "uhh", "er", "erm", "hmm", "ah", "oh", "please", "pls",
           "alexa", "just", "like"}
HESITATIONS = {"um", "umm", "uh", "uhh", "er", "erm", "hmm", "mm", "mmm", "ah", "oh", "alexa"}
# Said before other words, "mm" is a hesitation ("mm it's about a six now", "mm heat", "hm, ice please"); alone it is an
# acknowledgement.
LEADING_HUM = {"mm", "mmm", "mmmm", "hm", "hmmm"}
# Small words the matcher ignores that still tell two samples apart ("no just {therapy}" beside "no {therapy}"):
# of two shapes that match equally, the one whose small words were said wins.
TELLING_SMALL = IGNORED - HESITATIONS
SLOT_SMALL_WORDS = {"the", "my", "some", "your"}      # ignored by the matcher, but part of what a slot heard
DISCOURSE = {"okay", "ok", "so", "well", "now", "right"}
LEADING = [("can", "you"), ("could", "you"), ("would", "you"), ("will", "you"), ("i'd", "you", "to"),
           ("i", "want", "you", "to"), ("can", "i", "get", "you", "to")]
TRAILING = [("for", "me"), ("thanks",), ("thank", "you"), ("thank", "you", "very", "much"), ("if", "you", "can"),
            ("if", "you", "could")]
# Words people tag onto the end of a request, addressing the speaker or softening it ("keep going mate", "worse
# I'm afraid", "no thanks love", "ice or heat eh"): dropped after a longer sentence, never when said alone.
TAGS = {"mate", "love", "luv", "eh", "ta", "cheers", "bro", "dear", "hun", "darling", "ji", "yaar", "buddy", "pal",
        "sir", "madam", "ma'am", "maam"}
CONNECTOR = r"(?:to|and|for|about|that|if|whether) "
# Typed words written the way Alexa's speech recognition writes them ("cant" -> "can't"); digits are left alone.
TYPED = {"cant": "can't", "cannot": "can't", "dont": "don't", "im": "i'm", "ive": "i've", "wont": "won't",
         "didnt": "didn't", "doesnt": "doesn't", "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't",
         "werent": "weren't", "havent": "haven't", "hasnt": "hasn't", "couldnt": "couldn't", "shouldnt": "shouldn't",
         "wouldnt": "wouldn't", "thats": "that's", "whats": "what's", "theres": "there's", "youre": "you're",
         "id": "i'd", "its": "it's", "hows": "how's", "whens": "when's", "ok": "okay", "hes": "he's",
         "shes": "she's", "dads": "dad's", "mums": "mum's", "moms": "mom's", "nans": "nan's"}
_TYPED_RX = re.compile(r"\b(?:can\s+not|" + "|".join(TYPED) + r")\b")
WORD = r"[\w'.]+"
MIN_WILDCARD_WORDS = 2
BARE_WORDS = 3
# A bare-slot sample ("{symptom}") takes unknown words when at least this many of them are words of its type ("my
# groin feels numb": groin, numb), as Alexa fills a slot-only sample from its catalogue.
STRONG_KIN = 2
MAX_STRONG_WORDS = 12
# Only an open-ended slot type (at least this many values: SYMPTOM) takes many words that are none of its values;
OPEN_TYPE_IDS = 10
CLOSED_TYPE_WORDS = 2            # ... another type takes at most this many ("I feel sick": PAIN_CHANGE "sick"),
# and only words that share one with its values ("the ice timer"; not "I need the ambulance" as a THERAPY_TYPE),
# except a type of states, which takes one stranger ("I feel sick": the skill reads it as unwell at the pain check).
STATE_TYPES = {"PAIN_CHANGE"}
# Words every symptom value and every request about the back share: they make nothing sound like a symptom ("hard"
# is in "can't get hard" and in "it's hard to say").
GENERIC_KIN = {"back", "pain", "painful", "spasm", "spasms", "hurt", "hurts", "hurting", "better", "worse", "sore",
               "bad", "really", "help", "now", "since", "all", "ice", "heat", "hot", "cold", "water", "bottle", "pack",
               "bag", "time", "timer", "stretch", "stretches", "exercise", "exercises", "floor", "pad", "normal", "night",
               "good", "work", "works", "tell", "need", "life", "hard"}
# Phrases whose symptom-looking words say nothing about a body ("I fell asleep" is no fall).
NOT_SYMPTOMS = re.compile(r"\b(?:fell|fall|falling|fallen) asleep\b")
MAX_WILDCARD_WORDS = 6
# A red flag said beside other words (content/data/screening.yaml's tier-1 questions; not "I can't get up", said with
# most requests, nor a fall, which asks its question): a run of at least RED_FLAG_PART_WORDS words a sample of
# RED_FLAG_INTENTS takes exactly.
RED_FLAG_IDS = {"saddle_numbness", "bladder_change", "bowel_change", "leg_weakness",
                "chest_or_tummy_pain", "stroke_signs", "sexual_function"}
RED_FLAG_INTENTS = {"ReportSymptomIntent", "EmergencyIntent"}
RED_FLAG_PART_WORDS = 2
# A guess of the statistical stage this sure overrides a bare slot sample that took the whole sentence.
OVERRIDE_SCORE = 0.45
# A reply that starts with yes or no goes to a bare slot sample whose type has at least this many values starting so.
REPLY_LEADS = 10
# ... and over a guess of the statistical stage less familiar than this (simulator/statistical.py familiarity).
REPLY_OVER = 0.3
# An intent is a plain answer when at least this share of its samples start with such a word.
ANSWER_LIKE = 0.15
# The words a reply starts with, by what they start: yes, no, a hedge ("nah" counts as "no": one lead).
LEAD_CLASS = {**dict.fromkeys(("yes", "yeah", "yep", "yup", "aye", "ya", "yah"), "yes"),
              **dict.fromkeys(("no", "nope", "nah", "naw", "neither"), "no"),   # "neither, I just can't get up"
              **dict.fromkeys(("maybe", "possibly", "perhaps", "probably", "dunno", "kind", "sort", "kinda", "sorta"),
                              "maybe")}
# Hedges said in several words, which a reply may start with too ("I'm not sure, I fell off a chair", "hard to say,
# I've been on the floor an hour"): a hedge, like "maybe" ("no idea" is no "no").
LEAD_PHRASES = {tuple(p.split()): "maybe" for p in ("i'm not sure", "not sure", "i don't know", "don't know",
                                                    "hard to say", "i suppose", "i guess", "no idea", "not really sure",
                                                    "i can't say", "can't say", "i'm unsure")}


# A clause of a longer sentence is a request when it has at least this many words.
CLAUSE_MIN_WORDS = 3
# Never taken from a clause: an answer or a health fact said in passing (a reply that goes on carries its words),
# a symptom (the wildcard and the statistical stage read those whole), a request to leave. A situation is taken
# only when it is said first ("I tweaked my back at the gym"; not "got smashed in a tackle and my back went").
NO_CLAUSE = {"AnswerIntent", "AcknowledgeIntent", "PainReportIntent", "HealthInfoIntent", "SkinReactionIntent",
             "NonEmergencyNumberIntent", "ReportSymptomIntent", "AMAZON.FallbackIntent", "AMAZON.NavigateHomeIntent"}
# Slot types whose words, said beside a clause, make the sentence a symptom or a call for help.
URGENT_TYPES = ("SYMPTOM", "HELP_NEED")
# Words a request said last starts after ("so can you take me through the floor routine", "and then stop").
CLAUSE_LEADS = {"so", "and", "then", "but", "now", "okay", "ok", "well", "right", "just", "anyway", "alright"}


def _request_start(words: list[str]) -> int:
    """How many of WORDS are a lead-in before a request ("so can you", "and could you"): connectors and the
    politeness analyse() drops at a sentence's start."""
    i = 0
    while i < len(words) and words[i] in CLAUSE_LEADS:
        i += 1
    for phrase in LEADING:
        if tuple(words[i:i + len(phrase)]) == phrase and len(words) > i + len(phrase):
            return i + len(phrase)
    return i


def declared_samples(lm: dict):
    """(intent, sample) for every sample a language model declares."""
    return ((i["name"], smp) for i in lm["intents"] for smp in i.get("samples", []))


def reply_lead(words: list[str]) -> tuple[str | None, int]:
    """(what a reply's first words say: yes, no or maybe; how many words that is) or (None, 0)."""
    for n in (4, 3, 2):
        if tuple(words[:n]) in LEAD_PHRASES:
            return LEAD_PHRASES[tuple(words[:n])], n
    return (LEAD_CLASS[words[0]], 1) if words and words[0] in LEAD_CLASS else (None, 0)


# Words that make no claim on their own: a carrier made only of these ("I am {symptom}", "there is {symptom}",
# "I {symptom} yesterday") takes unknown words only when they share a word with the slot's type, so "I'm not able
# to feel my legs" is an unplaced symptom but "I am fine" or "I went out yesterday" is not.
FUNCTION_WORDS = {"i", "i'm", "am", "is", "are", "was", "were", "be", "been", "it", "it's", "i've", "i'd", "and",
                  "but", "also", "too", "as", "well", "at", "all", "there", "there's", "what", "about", "think",
                  "yes", "properly", "yesterday", "earlier", "today", "now", "a", "an", "of", "to", "that", "this",
                  "so", "really", "help", "can't", "don't"}
# Everyday words that symptom values use too ("my leg went numb") but that say nothing about a body on their own:
# they do not make "I went out" sound like a symptom.
PLAIN_WORDS = {"went", "going", "gone", "goes", "go", "get", "gets", "got", "getting", "have", "has", "had", "having",
               "out", "off", "down", "over", "into", "from", "with", "when", "after", "before", "keep", "keeps",
               "still", "very", "much", "more", "bit", "little", "any", "not", "no", "one", "can", "been", "being",
               "feel", "feels", "felt", "feeling", "like", "just", "did", "didn't", "won't", "make", "made", "came",
               "come", "thing", "things", "something", "anything", "way", "time", "day", "days", "ago", "last"}
# Intents understood only by their sample shapes, never guessed by the statistical stage nor trained into it: what
# a person says about their health in passing ("I'm pregnant", "my skin is red after the heat") or their situation
# ("my back's gone", "it's for my husband") shares its everyday words ("I had", "my skin", "my back went", "my
# wife") with symptoms, and a guess of it would take a red flag's words ("since my back went I've no feeling in my
# bits") where they never reach the skill. A pain report with no direction ("seven out of ten", "could be better")
# is a number and small words: guessed, every number would be one ("fifteen" at "how many minutes?").
SITUATION = {"SituationIntent"}
# "Who do I call if it's not an emergency?" has no slot: a guess of it would take "who do I call if I can't feel my
# legs" and answer a red flag with the same-day route (review6 #3).
# "I don't want the stretches" (DeclineIntent) shares every word with the request it declines: guessed, it would take
# the requests.
SHAPE_ONLY = {"HealthInfoIntent", "SkinReactionIntent", "PainReportIntent", "NonEmergencyNumberIntent", "DeclineIntent",
              *SITUATION}
# Samples with a slot that holds a word taken back ("{declined} no, actually {therapy}") are matched by shape only:
# their correction words ("no, actually", "I mean", "not") are how answers are taken back too, and a guess from
# them would take "no actually yes" at a red-flag question for a request (explore7 #5).
SHAPE_ONLY_SLOTS = re.compile(r"\{declined\}")
# Device commands said in their own few words ("go home", "main menu"), which the shapes take: never a guess of the
# statistical stage, where a sentence with "home" in it is about a place ("I was at home when it went", "I'm
# working from home"), and going home leaves the question on the table.
NEVER_GUESSED = {"AMAZON.NavigateHomeIntent"}
# A number said alone ("eight", "it is a nine": a pain score, minutes) is guessed only as an intent that takes a number
# (review7 #7: "eight" at the pain check was an emergency request); an emergency number is three numbers said.
NUMBER_ONLY = re.compile(r"(?:(?:it is|it's|its|i'd say|about|maybe|probably|like) )?(?:(?:a|an) )?(\S+)")
# Said as one word: "uh huh" must not lose its "uh" to the fillers and become "huh".
JOINED = [(re.compile(r"\buhh? ?huh\b"), "uh_huh"), (re.compile(r"\b(?:mm+ ?hm+|mhm+)\b"), "mm_hmm")]


def analyse(text: str) -> tuple[str, list[str], list[int]]:
    """(normalised text, the original words, original index of each normalised word)."""
    text = text.lower().replace("\u2019", "'").replace("-", " ")
    for rx, joined in JOINED:
        text = rx.sub(joined, text)
    text = re.sub(r"[^\w'. {}]", " ", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    text = _TYPED_RX.sub(lambda m: TYPED.get(m.group(0)) or "can't", text)
    text = re.sub(r"\bi am\b", "i'm", text).replace("all right", "alright")
    text = re.sub(r"\b(the|an) er\b", r"\1 emergency room", text)     # the E.R., not a hesitation
    original = [w.strip("'") for w in text.split()]
    kept = [(w, i) for i, w in enumerate(original) if w and w not in IGNORED]
    words = [w for w, _ in kept]
    while len(words) > 1 and words[0] in LEADING_HUM:
        kept, words = kept[1:], words[1:]
    for phrase in LEADING:
        for skip in (0, 1):
            n = len(phrase)
            if (skip == 0 or (words and words[0] in DISCOURSE)) and tuple(words[skip:skip + n]) == phrase \
                    and len(words) > skip + n:
                kept, words = kept[skip + n:], words[skip + n:]
                break
    while len(words) > 1 and words[-1] in TAGS:
        kept, words = kept[:-1], words[:-1]
    for phrase in sorted(TRAILING, key=len, reverse=True):
        n = len(phrase)
        if len(words) > n and tuple(words[-n:]) == phrase:
            kept, words = kept[:-n], words[:-n]
            break
    return " ".join(words), original, [i for _, i in kept]


HEDGE_FILLERS = re.compile(r"\b(?:kinda|sorta|kind of|sort of|a bit of|a little bit)\b ?")


# "Not an emergency", "isn't urgent", "non emergency" are one word to the statistical stage, on both sides: it reads
# words, not what "not" does to them, so "who do I ring if it's not an emergency?" would teach it that "emergency"
# and "urgent" ask for advice ("it's urgent, call 112" is no such request).
NOT_URGENT = re.compile(r"\b(?:not|non|isn't|aren't|wasn't)(?: (?:an?|that|really|very|too|so))? (emergency|emergencies|"
                        r"urgent)\b")


def _negations_joined(text: str) -> str:
    """TEXT with a denied urgency as one word ("non_emergency"), for the statistical stage only."""
    return NOT_URGENT.sub(lambda m: "non_" + m.group(1).replace("emergencies", "emergency"), text)


def _unhedged(text: str) -> str:
    """TEXT without "kind of", "sort of" inside a longer sentence (alone they are an answer: unsure)."""
    shorter = HEDGE_FILLERS.sub("", text).strip()
    return shorter if len(shorter.split()) >= 2 else text


@functools.lru_cache(maxsize=1 << 14)
def normalise(text: str) -> str:
    """Lower case, punctuation and fillers gone, politeness trimmed: the form both samples and utterances take.
    Cached: the five locales' models share most samples (a third of compiling a model)."""
    return analyse(text)[0]


@functools.lru_cache(maxsize=None)
def _sample_rx(pattern: str) -> re.Pattern:
    """A sample's regex, compiled once per process: the five locales share most samples (re's own cache holds
    512, fewer than one model's samples). Half of compiling a model."""
    return re.compile(pattern)


@dataclass
class _Said:
    """How normalised words map back to what the person typed."""

    original: list[str]
    index: list[int]
    word_offset: int = 0

    def spoken(self, text: str, span: tuple[int, int]) -> str:
        """The words the person said for SPAN of TEXT (fillers inside the span kept)."""
        first = self.word_offset + text.count(" ", 0, span[0])
        last = self.word_offset + text.count(" ", 0, span[1])
        if not self.index or last >= len(self.index):
            return text[span[0]:span[1]]
        start = self.index[first]
        if first == 0:
            # Nothing of the carrier comes before the slot: the small words said first are the slot's own ("the
            # area I sit on feels dead"), fillers and the wake word apart.
            start = next((i for i in range(start) if self.original[i] in SLOT_SMALL_WORDS
                          and all(w in SLOT_SMALL_WORDS for w in self.original[i:start])), start)
        return " ".join(self.original[start:self.index[last] + 1])

    def whole(self, text: str) -> str:
        """Everything the person said for TEXT, small words kept ("no, I feel fine apart from my back"), the
        hesitations and the wake word left out, as a transcription gives them."""
        return " ".join(w for w in self.spoken(text, (0, len(text))).split() if w not in HESITATIONS) or text

    def small_fit(self, small: frozenset) -> int:
        """How well a sample's ignored small words (SMALL) fit what was said: each said +1, each not said -1."""
        heard = set(self.original)
        return sum(1 if w in heard else -1 for w in small)


@dataclass
class SlotFill:
    """One filled (or empty) slot: the words, and for custom types the resolved ids."""

    name: str
    type: str
    value: str | None = None
    status: str | None = None            # ER_SUCCESS_MATCH / ER_SUCCESS_NO_MATCH for custom types
    matches: list = field(default_factory=list)   # [(id, canonical name)]
    near: bool = False                   # resolved from a value inside the words said ("the ice timer")

    @property
    def id(self):
        return self.matches[0][0] if self.matches else None


@dataclass
class Resolution:
    """What an utterance means: the request type, the intent and its slots."""

    utterance: str
    request_type: str                    # LaunchRequest | IntentRequest | SessionEndedRequest
    intent: str | None = None
    slots: dict = field(default_factory=dict)
    one_shot: bool = False               # "ask spasm coach to ...": a new session
    how: str = "exact"                   # exact | wildcard | fuzzy | statistical | clause | fallback | invocation

    def slots_brief(self) -> dict:
        """name -> {value, id} (None for an empty slot), the shape --jsonl and `resolve` print."""
        return {n: ({"value": s.value, "id": s.id} if s.value is not None else None) for n, s in self.slots.items()}


@dataclass
class _Sample:
    intent: str
    text: str
    rx: re.Pattern                       # custom slots as word spans; their values are looked up after a match
    wild: str | None                     # may a custom slot hold words outside its type (ER_SUCCESS_NO_MATCH)?
                                         # "any", "kin" (only words its type also uses), None (never)
    literal: int
    first: str | None = None             # the word the sample starts with (None: it starts with a slot)
    small: frozenset = frozenset()       # small words the matcher ignores that the sample says ("just")


class Matcher:
    """Compiled from one interaction model: resolve(text) -> Resolution."""

    def __init__(self, model: dict):
        lm = model["interactionModel"]["languageModel"]
        self.invocation = normalise(lm["invocationName"])
        self.types: dict[str, dict[str, list]] = {}
        for t in lm.get("types", []):
            table: dict[str, list] = {}
            for v in t.get("values", []):
                canonical = v["name"]["value"]
                for word in [canonical, *v["name"].get("synonyms", [])]:
                    key = normalise(word)
                    entry = (v.get("id") or canonical, canonical)
                    if key and entry not in table.setdefault(key, []):
                        table[key].append(entry)
            self.types[t["name"]] = table
        # The longest value of each type in words (plus an "a"/"an" in front): how far a slot's span may reach.
        self.type_span = {name: max([len(k.split()) for k in table] + [MAX_WILDCARD_WORDS - 1]) + 1
                          for name, table in self.types.items()}
        self.intent_slots = {i["name"]: {s["name"]: s["type"] for s in i.get("slots", [])} for i in lm["intents"]}
        self.samples: list[_Sample] = []
        self.vocab: set[str] = set()
        # A phrase of a built-in's own training yields to the same words declared as a sample of another intent
        # ("okay" declared for AcknowledgeIntent is not also AMAZON.YesIntent's): a declared sample wins.
        declared = {normalise(smp): i["name"] for i in lm["intents"] for smp in i.get("samples", [])}
        builtin = {name: [p for p in phrases.split("|") if declared.get(normalise(p), name) == name]
                   for name, phrases in BUILTIN_PHRASES.items()}
        for intent in lm["intents"]:
            samples = list(intent.get("samples", []))
            samples += builtin.get(intent["name"], [])
            bare = [self.intent_slots[intent["name"]][m.group(1)] for m in
                    (re.fullmatch(r"\{(\w+)\}", smp.strip()) for smp in samples) if m]
            for sample in dict.fromkeys(samples):
                if any(normalise(sample) in self.types.get(typ, {}) for typ in bare):
                    continue             # "way better" beside "{change}": the slot sample takes it, slot filled
                compiled = self._compile(intent["name"], sample)
                if compiled:
                    self.samples.append(compiled)
        self.samples.sort(key=lambda s: -s.literal)
        # Types the statistical stage writes as <TYPE>: those some sample carries among other words. A type only
        # ever said alone ("{answer}": whole answer sentences, yes, no and not sure alike) is no entity: tagging it
        # would make "no, I feel fine" and "I think so" the same <ANSWER>. Nor a type only the shape-only intents
        # carry (SITUATION: "on the floor"): the stage never learns it, so its words stay words.
        self._carried = {typ for intent in lm["intents"] if intent["name"] not in SHAPE_ONLY
                         for smp in intent.get("samples", [])
                         for name in re.findall(r"\{(\w+)\}", smp) if smp.strip() != "{" + name + "}"
                         for typ in [self.intent_slots[intent["name"]].get(name)] if typ}
        self._tagging: dict[bool, dict] = {}
        # Custom intents said in a few words only (no slot, every sample at most BARE_WORDS words: AcknowledgeIntent's
        # "okay", "sweet as"): a sentence longer than its longest sample is not guessed as one.
        self._bare_words = {i["name"]: max(len(normalise(smp).split()) for smp in i["samples"])
                            for i in lm["intents"] if i.get("samples") and not i.get("slots")
                            and not i["name"].startswith("AMAZON.")
                            and max(len(normalise(smp).split()) for smp in i["samples"]) <= BARE_WORDS}
        self._bare = {(s.intent, m.group(1)) for s in self.samples if (m := re.fullmatch(r"\{(\w+)\}", s.text.strip()))}
        # How many values of each type start with each word ("no": 134 answers).
        # ("nah" counts as "no": the reply words of one meaning are one lead).
        self._leads = {name: Counter(reply_lead(k.split())[0] or k.split()[0] for k in table if k)
                       for name, table in self.types.items()}
        self._by_first: dict[str, list[_Sample]] = {}
        self.type_ids = {name: {e[0] for entries in table.values() for e in entries} for name, table in self.types.items()}
        self.type_words = {name: {w for key in table for w in key.split()} for name, table in self.types.items()}
        for words in self.type_words.values():
            self.vocab.update(words)
        self.vocab.update(self.invocation.split())
        self._initials: dict[str, list[str]] = {}
        for word in sorted(self.vocab):
            self._initials.setdefault(word[0], []).append(word)
        self._slot_rx = {}
        self._statistical = None
        self._stemmed: dict[str, dict] = {}
        self._strong_kin = STRONG_KIN
        # Words only a type's values use (no sample of any intent, no other type): a body word such as "bum".
        # ("I fell asleep with the heat on" does not make "fell" an everyday word: no fall is said there.)
        # (A situation said, "I'm on the floor, it's for my wife", is a shape of its own: its words stay a symptom's.)
        said_elsewhere = {w for i in lm["intents"] if i["name"] not in SITUATION
                          for smp in i.get("samples", []) for w in NOT_SYMPTOMS.sub(
            " ", normalise(re.sub(r"\{\w+\}", " ", smp))).split()}
        self.distinctive = {name: words - said_elsewhere - set().union(*[v for k, v in self.type_words.items() if k != name])
                            for name, words in self.type_words.items()}
        # Numbers the samples spell digit by digit ("nine nine nine", "one one two"): digits -> those words.
        digits = "|".join(DIGIT_WORDS)
        self._spelled = {"".join(str(DIGIT_WORDS.index(w)) for w in m.group(0).split()): m.group(0)
                         for _, smp in declared_samples(lm) for m in re.finditer(rf"\b(?:{digits})(?: (?:{digits})){{2}}\b",
                                                                            normalise(smp))}
        self._training = [(intent["name"], sample) for intent in lm["intents"]
                          for sample in dict.fromkeys([*intent.get("samples", []), *builtin.get(intent["name"], [])])]
        # Plain answers: the slotless intents many of whose samples start with yes, no or a hedge, of one word or
        # several ("not sure", "hard to say"): YesIntent, NoIntent, UnsureIntent.
        firsts = Counter((i, reply_lead(normalise(smp).split())[0] is not None) for i, smp in self._training
                         if normalise(smp))
        self._answer_like = {i for (i, lead), n in firsts.items() if lead and not self.intent_slots.get(i)
                             and n >= ANSWER_LIKE * (n + firsts[(i, False)])}

    @classmethod
    def for_locale(cls, locale: str = "en-US", models_dir: Path | str | None = None) -> "Matcher":
        """Load interaction_models/<locale>.json (compiled once per file version in this process)."""
        path = Path(models_dir or MODELS_DIR) / f"{locale}.json"
        key = (str(path), path.stat().st_mtime_ns)
        if key not in _CACHE:
            with open(path, encoding="utf-8") as fh:
                _CACHE[key] = cls(json.load(fh))
        return _CACHE[key]

    def _slot_pattern(self, slot_type: str) -> str:
        """AMAZON.NUMBER / DURATION: typed sub-patterns. A custom type: any span of words up to its longest
        value, looked up in the type's table after the match (a regex of every synonym in every sample took
        most of a second to compile; the lookup costs microseconds)."""
        if slot_type == "AMAZON.NUMBER":
            return NUMBER_PATTERN
        if slot_type == "AMAZON.DURATION":         # ... or a length said but not readable ("banana minutes")
            return f"(?:{DURATION_PATTERN}|{UNREADABLE_PATTERN})"
        if slot_type in TYPED_WORDS:      # a short span of words, checked after the match (cheaper to compile)
            return rf"{WORD}(?: {WORD}){{0,{TYPED_WORDS[slot_type][1] - 1}}}"
        span = self.type_span.get(slot_type, MAX_WILDCARD_WORDS)
        return rf"{WORD}(?: {WORD}){{0,{span - 1}}}"

    def _compile(self, intent: str, sample: str) -> _Sample | None:
        slots = self.intent_slots.get(intent, {})
        parts = []
        literal = words_said = 0
        has_custom = False
        claims = False                   # a literal word that is not a function word
        for piece in re.split(r"(\{\w+\})", sample):
            if piece.startswith("{") and piece.endswith("}"):
                name = piece[1:-1]
                if name not in slots:
                    raise ValueError(f"sample {sample!r} of {intent} uses undeclared slot {{{name}}}")
                parts.append(("slot", name, slots[name]))
                has_custom = has_custom or slots[name] in self.types
            else:
                words = normalise(piece)
                if words:
                    parts.append(("text", words, None))
                    literal += len(words)
                    words_said += len(words.split()) + words.count("'")    # "i'm" is "i am"
                    claims = claims or any(w not in FUNCTION_WORDS for w in words.split())
                    if intent != FALLBACK:       # typos are corrected towards the skill's words only
                        self.vocab.update(words.split())
        if not parts:
            return None
        rx = _sample_rx(" ".join(re.escape(val) if kind == "text" else f"(?P<{val}>{self._slot_pattern(typ)})"
                                 for kind, val, typ in parts))
        # Only a carrier of two or more words takes unknown words ("I {symptom}" must not swallow "I fell
        # asleep"); one of function words only ("I am {symptom}") takes them only if they sound like its type.
        wild = None if not has_custom or words_said < MIN_WILDCARD_WORDS else "any" if claims else "kin"
        if has_custom and not words_said and len(parts) == 1:
            wild = "strong"              # a bare "{symptom}": only words that sound strongly like its type
        small = frozenset(w.strip("'") for w in re.sub(r"\{\w+\}", " ", sample.lower()).split()) & TELLING_SMALL
        return _Sample(intent, sample, rx, wild, literal, parts[0][1].split()[0] if parts[0][0] == "text" else None,
                       small)

    # -- matching -------------------------------------------------------------------------------------------
    def _fill(self, intent: str, m: re.Match, said: _Said | None, wild: int = 0) -> dict | None:
        """Typed slot values from a regex match; None when a typed value does not parse, or (unless WILD) a
        custom slot's words are not one of its values (WILD: fewer than that many such words)."""
        slots = {}
        groups = m.groupdict()
        for name, typ in self.intent_slots.get(intent, {}).items():
            raw = groups.get(name)
            fill = SlotFill(name, typ)
            if raw is not None:
                if typ == "AMAZON.DURATION":
                    fill.value = parse_duration(raw) or (UNREADABLE if self._unreadable(raw) else None)
                    if fill.value is None:
                        return None
                elif typ == "AMAZON.NUMBER":
                    number = words_to_number(raw)
                    if number is None:
                        try:
                            number = float(raw)
                        except ValueError:
                            return None
                    fill.value = str(number)
                elif typ in TYPED_WORDS:            # the words only; the session gives the value (datetimes)
                    if not TYPED_WORDS[typ][0].fullmatch(raw):
                        return None
                    fill.value = raw
                elif typ in self.types:
                    span = m.span(name)
                    bare = re.sub(r"^an? ", "", raw)
                    table = self.types[typ]
                    if bare != raw and bare in table:       # "a heat pack": the value is "heat pack"
                        span = (span[0] + len(raw) - len(bare), span[1])
                    fill.matches = list(table.get(bare) or table.get(raw) or [])
                    if not fill.matches and wild and len(self.type_ids.get(typ, ())) < OPEN_TYPE_IDS:
                        fill.matches = self._contained(typ, bare)
                        fill.near = bool(fill.matches)
                    if not fill.matches and (not wild or raw.count(" ") >= wild):
                        return None
                    fill.value = said.spoken(m.string, span) if said else m.string[span[0]:span[1]]
                    fill.status = "ER_SUCCESS_MATCH" if fill.matches else "ER_SUCCESS_NO_MATCH"
                else:
                    fill.value = raw
            slots[name] = fill
        return slots

    def _starting(self, text: str) -> list[_Sample]:
        """The samples that can match TEXT, in self.samples' order: a sample that starts with words matches only
        a text that starts with the same word (regexes are space-joined), so only those and the slot-first ones."""
        word = text.split(" ", 1)[0]
        found = self._by_first.get(word)
        if found is None:
            found = [s for s in self.samples if s.first is None or s.first == word]
            if len(self._by_first) < 20_000:          # bounded: one entry per first word heard
                self._by_first[word] = found
        return found

    def _best(self, text: str, wild: bool, said: _Said | None = None):
        best = None
        for s in self._starting(text):
            if best is not None and s.literal < best[0][0]:
                break
            if wild and not s.wild:
                continue
            m = s.rx.fullmatch(text)
            if not m:
                continue
            slots = self._fill(s.intent, m, said, (MAX_STRONG_WORDS if s.wild == "strong" else MAX_WILDCARD_WORDS)
                               if wild else 0)
            if slots is None:
                continue
            if wild and not any(f.status == "ER_SUCCESS_NO_MATCH" or f.near for f in slots.values()):
                continue
            if wild and any(f.status == "ER_SUCCESS_NO_MATCH" and len(self.type_ids.get(f.type, ())) < OPEN_TYPE_IDS
                            and (f.value.count(" ") >= CLOSED_TYPE_WORDS or (
                                not self._kin({f.name: f}) and (f.type not in STATE_TYPES or " " in f.value)))
                            for f in slots.values()):
                continue                 # a closed list (ice or heat) takes no stranger that shares no word with it
                                         # ("I need the ambulance", "let's do the floor exercises"): the statistical
                                         # stage guesses
            if wild and s.wild == "any" and not self._kin_words(slots) and any(
                    f.status == "ER_SUCCESS_NO_MATCH" and len(self.type_ids.get(f.type, ())) >= OPEN_TYPE_IDS
                    and f.value.count(" ") >= 2 for f in slots.values()):
                continue                 # an open type's long stranger must sound like it ("is heat better for a spasm")
            if wild and s.wild == "kin" and not self._kin(slots):
                continue
            if wild and s.wild == "strong" and self._kin_words(slots, s.wild) < self._strong_kin:
                continue
            filled = sum(1 for f in slots.values() if f.value is not None)
            score = (s.literal, self._kinship(slots) if wild else 0, filled, said.small_fit(s.small) if said else 0)
            if best is None or score > best[0]:
                best = (score, s.intent, slots)
        if best and not wild and not best[0][2] and any(t in self.types for t in self.intent_slots.get(best[1], {}).values()):
            best = (best[0], best[1], self._filled_by_shape(text, best[1], said) or best[2])
        return best and (best[0][0], best[1], best[2])

    def _filled_by_shape(self, text: str, intent: str, said: _Said | None) -> dict | None:
        """The slots of INTENT filled by another of its samples that TEXT also matches, when the sample that won is a
        literal one ("worse I'm afraid" is also "{change} I'm afraid": the change is worse), as a device fills a
        slot whose value it hears; None when no such sample fills one."""
        filled = None
        for s in self._starting(text):
            if s.intent != intent or "{" not in s.text or not (m := s.rx.fullmatch(text)):
                continue
            slots = self._fill(intent, m, said)
            count = sum(1 for f in (slots or {}).values() if f.value is not None)
            if count and (filled is None or count > filled[0]):
                filled = (count, slots)
        return filled and filled[1]

    def _stemmed_tables(self) -> dict[str, dict]:
        """Every custom type's table keyed by the stems of its words ("knee rolling" finds "knee rolls")."""
        for typ in self.types:
            if typ not in self._stemmed:
                stemmed: dict[str, list] = {}
                for key, entries in self.types[typ].items():
                    have = stemmed.setdefault(" ".join(stem(w) for w in key.split()), [])
                    have += [e for e in entries if e not in have]
                self._stemmed[typ] = stemmed
        return self._stemmed

    def _tag_tables(self, stemmed: bool = True) -> dict[str, dict]:
        """The tables the statistical stage tags values from (the carried types; kept: tagging caches per object)."""
        if stemmed not in self._tagging:
            tables = self._stemmed_tables() if stemmed else self.types
            self._tagging[stemmed] = {name: table for name, table in tables.items() if name in self._carried}
        return self._tagging[stemmed]

    def _contained(self, typ: str, words: str) -> list:
        """The entries of the one value of closed type TYP that WORDS contain ("the ice timer": ice; "heating":
        heat, by stem), as Alexa's entity resolution settles a near miss; [] when none or values of two ids."""
        table = self._stemmed_tables()[typ]
        said = [stem(w) for w in words.split()]
        for n in range(len(said), 0, -1):
            found = [table[k] for i in range(len(said) - n + 1) if (k := " ".join(said[i:i + n])) in table]
            ids = {e[0] for entries in found for e in entries}
            if len(ids) == 1:
                return list(dict.fromkeys(e for entries in found for e in entries))
            if ids:
                return []
        return []

    def _kinship(self, slots: dict) -> int:
        """How many words (of 4+ letters) of the unknown slot values the slot's own type also uses."""
        return sum(1 for f in slots.values() if f.status == "ER_SUCCESS_NO_MATCH"
                   for w in normalise(f.value).split() if len(w) >= 4 and w in self.type_words.get(f.type, ()))

    def _kin_words(self, slots: dict, mode: str = "") -> int:
        """How many different words (of 3+ letters, not function or plain words) of the unknown slot values their
        type also uses."""
        return len({w for f in slots.values() if f.status == "ER_SUCCESS_NO_MATCH"
                    for w in NOT_SYMPTOMS.sub(" ", normalise(f.value)).split()
                    if len(w) >= 3 and w not in FUNCTION_WORDS and w not in PLAIN_WORDS and w not in GENERIC_KIN
                    and (mode != "strong" or self._strong_kin > 1 or w in self.distinctive.get(f.type, ()))
                    and w in self.type_words.get(f.type, ())})

    def _kin(self, slots: dict) -> bool:
        """Whether a word (of 3+ letters, not a function or plain word) of the unknown slot values is one its type
        uses."""
        return any(len(w) >= 3 and w not in FUNCTION_WORDS and w not in PLAIN_WORDS and w not in GENERIC_KIN
                   and w in self.type_words.get(f.type, ())
                   for f in slots.values() if f.status == "ER_SUCCESS_NO_MATCH" for w in normalise(f.value).split())

    def match_intent(self, text: str, said: _Said | None = None) -> tuple[str, dict, str]:
        """(intent, slots, how) for normalised TEXT inside a session; FallbackIntent when nothing fits. A sentence
        no sample takes whole that says a red flag before or after other words ("nothing hot please I have chest
        pain", "the heat pad worked fine but now I have chest pain") is that red flag, whatever else it fits."""
        intent, slots, how = self._match_intent(text, said)
        if how != "exact" and intent not in SAFETY_INTENTS and text:
            flagged = self._red_flag_part(text, said)
            if flagged:
                return flagged[0], flagged[1], "red flag"
        return intent, slots, how

    def _red_flag_part(self, text: str, said: _Said | None) -> tuple[str, dict] | None:
        """(intent, slots) of the first run of TEXT's words, at its start or its end, that a sample takes exactly as
        an emergency or a tier-1 symptom ("... but now I have chest pain", "my legs have gone weak, swap to heat")."""
        words = text.split()
        offset = said.word_offset if said else 0
        # No cut inside a phrase whose symptom words say nothing about a body ("I fell | asleep").
        kept = {text.count(" ", 0, m.start()) + n for m in NOT_SYMPTOMS.finditer(text)
                for n in range(1, m.group(0).count(" ") + 1)}
        for i in range(1, len(words) - 1):
            for part, start, cut in ((words[i:], i, i), (words[:len(words) - i], 0, len(words) - i)):
                if len(part) < RED_FLAG_PART_WORDS or cut in kept:
                    continue
                sub = _Said(said.original, said.index, offset + start) if said else None
                best = self._best(" ".join(part), False, sub)
                if not best or best[1] not in RED_FLAG_INTENTS:
                    continue
                if best[1] == "EmergencyIntent" or any(f.id in RED_FLAG_IDS for f in best[2].values()):
                    for fill in best[2].values():
                        if fill.id in RED_FLAG_IDS:      # the words said whole, as a device fills "{symptom}"
                            fill.value = said.whole(text) if said and said.index else text
                    return best[1], best[2]
        return None

    def _match_intent(self, text: str, said: _Said | None = None) -> tuple[str, dict, str]:
        """match_intent without the red-flag guard."""
        for wild in (False, True):
            best = self._best(text, wild, said) if text else None
            if best and wild and self._out_of_skill(text):
                break                    # words no shape knows, nearer the FallbackIntent samples than any intent
            if best and wild and best[0] == 0:
                # A bare slot sample ("{symptom}") took the whole sentence for its words: a confident guess of
                # another intent from everything said wins ("stop the ice please, it's burning").
                guessed = self._guess(_unhedged(text), said, OVERRIDE_SCORE, full=text)
                if guessed and guessed[0] != best[1]:
                    return guessed[0], guessed[1], "statistical"
            if best:
                return best[1], best[2], "wildcard" if wild else "exact"
        corrected = self._correct(text)
        if corrected != text:
            for wild in (False, True):
                best = self._best(corrected, wild, said)
                if best:
                    return best[1], best[2], "fuzzy"
        guessed = self._guess(_unhedged(text), said, full=text) if text else None
        reply = self._reply(text, said) if text else None
        if reply and (not guessed or guessed[0] in self._answer_like or guessed[2] < REPLY_OVER or guessed[3]):
            # A reply that goes on ("nah yeah, had an accident") carries its words rather than a bare yes or no,
            # than a guess barely familiar ("no, I was just putting the hoover away"), or than one the classifier
            # itself doubted ("nah, just picked up the kid" is no question about lifting).
            return reply[0], reply[1], "wildcard"
        if guessed:
            return guessed[0], guessed[1], "statistical"
        # Last, before Fallback: a bare "{symptom}" takes words with one word only its type uses ("my bum's gone
        # all funny"), as Alexa fills a slot-only sample from its catalogue.
        self._strong_kin = 1
        try:
            best = self._best(text, True, said) if text else None
        finally:
            self._strong_kin = STRONG_KIN
        if best and best[2] and any(f.status for f in best[2].values()):
            return best[1], best[2], "wildcard"
        # Last: a request said as one clause of a longer sentence ("I tweaked my back at the gym").
        clause = self._clause(text, said) if text else None
        if clause:
            return clause[0], clause[1], "clause"
        return FALLBACK, {}, "fallback"

    # -- a request said as one clause of a longer sentence ---------------------------------------------------
    def _clause(self, text: str, said: _Said | None) -> tuple[str, dict] | None:
        """(intent, slots) of the longest first or last part of TEXT that is a sample said whole ("I tweaked my back
        at the gym", "please stop talking now, my son is here", "... so can you take me through the floor routine"),
        when the rest of the sentence says nothing a symptom or a call for help would ("I hurt my back and I can't
        feel my legs" stays a symptom); None otherwise. Answers (yes, no, not sure) are never a clause: a reply that
        goes on carries its words (_reply)."""
        words = text.split()
        if len(words) < 3 or self._out_of_skill(text):
            return None          # nearer the things people say that are not for the skill ("turn off the fan")
        for n in range(len(words) - 1, 0, -1):          # the longest part first; a first part before a last one
            for first, part, rest in ((True, words[:n], words[n:]), (False, words[-n:], words[:-n])):
                lead = _request_start(part)
                part, start = part[lead:], (0 if first else len(words) - n) + lead
                if len(part) < CLAUSE_MIN_WORDS:
                    continue
                best = self._best(" ".join(part), False,
                                  _Said(said.original, said.index, said.word_offset + start) if said else None)
                if best and best[1] not in NO_CLAUSE and best[1] not in self._answer_like \
                        and (first or best[1] not in SITUATION) and not self._sounds_urgent(" ".join(rest)):
                    return best[1], best[2]
        return None

    def _sounds_urgent(self, words: str) -> bool:
        """Whether WORDS (the rest of a sentence beside a clause) name a symptom's word or would be guessed as a red
        flag, an emergency or a wish for the safety questions."""
        if any(len(w) >= 3 and w not in FUNCTION_WORDS and w not in PLAIN_WORDS and w not in GENERIC_KIN
               and any(w in self.type_words.get(t, ()) for t in URGENT_TYPES) for w in words.split()):
            return True
        guessed = self._guess(words, None) if words else None
        return bool(guessed) and guessed[0] in SAFETY_INTENTS

    # -- the statistical stage ------------------------------------------------------------------------------
    def statistical(self) -> Statistical:
        """The classifier over this model's samples and slot values (trained on first use)."""
        if self._statistical is None:
            docs, answers = [], []
            for intent, sample in self._training:
                if intent in SHAPE_ONLY or SHAPE_ONLY_SLOTS.search(sample):
                    continue
                slots = self.intent_slots.get(intent, {})
                tagged = tag_sample(_negations_joined(normalise(sample.replace("{", " {").replace("}", "} "))), slots)
                # Slot values written literally ("ice or heat") are tagged as an utterance's are: both sides alike.
                # (Typed values not: "next one", "I'm fifteen" and "the heat on all night" would teach the stage that
                # a number is a next, an age an emergency and the night sleepiness.)
                for text, _ in tag_values(tagged, self._tag_tables(stemmed=False), {}, max_alternatives=2):
                    docs.append((intent, text))
            for intent, slots in self.intent_slots.items():
                if intent in SHAPE_ONLY:
                    continue
                for typ in dict.fromkeys(slots.values()):
                    # The words of each value, untagged: what a value sounds like. Whole answers (a type no sample
                    # carries among other words: yes, no and not-sure sentences alike) are weak evidence.
                    (docs if typ in self._carried else answers).extend((intent, key) for key in self.types.get(typ, {}))
            self._statistical = Statistical(docs, weak=answers)
        return self._statistical

    def _out_of_skill(self, text: str) -> bool:
        """Whether the statistical stage places TEXT with the FallbackIntent samples (the things people say that
        are not for this skill): then no carrier may take its words as a stranger ("did you lock the car")."""
        model = self.statistical()
        for tagged, _ in tag_values(_negations_joined(_unhedged(text)), self._tag_tables(), self._typed_checks(),
                                    fold=stem)[:1]:
            ranked = sorted(model.scores(tagged).items(), key=lambda kv: -kv[1])
            return bool(ranked) and ranked[0][0] == FALLBACK
        return False

    def _unreadable(self, words: str) -> bool:
        """A length said that Alexa could not read, so sends as "?": a word no sample or value of the model uses,
        then a time unit ("banana minutes"; not "every minute", "more minutes")."""
        return unreadable_duration(words) and words.split()[0] not in self.vocab

    def _typed_checks(self) -> dict:
        return {"AMAZON.DURATION": lambda w: parse_duration(w) is not None or self._unreadable(w),
                "AMAZON.NUMBER": lambda w: w not in ("a", "an") and (w.isdigit() or words_to_number(w) is not None),
                "AMAZON.TIME": lambda w: re.fullmatch(TIME_PATTERN, w) is not None,
                "AMAZON.DATE": lambda w: re.fullmatch(DATE_PATTERN, w) is not None}

    def _guess(self, text: str, said: _Said | None, min_score: float = 0.0,
               full: str | None = None) -> tuple[str, dict, float, bool] | None:
        """(intent, slots) from the classifier when it is confident (and scores MIN_SCORE at least); the slots
        from the values found in TEXT."""
        model = self.statistical()
        best = None
        said_text, text = text, _negations_joined(text)
        taggings = tag_values(text, self._tag_tables(), self._typed_checks(), fold=stem)
        # Numbers written as words stay literal in training where no slot takes them ("ring nine nine nine"): the
        # sentence with its numbers as said is a reading too ("... I can't move, ring nine one one for me"). Of two
        # readings, one that leads to the red-flag questions wins ("heaviness in chest since ten minutes" is no
        # "give me ten minutes"), as a guess of those needs less.
        # A number the samples spell digit by digit is said so there ("call 112" is "call one one two").
        # Any country's emergency number after "call", "dial", "ring" or "phone" is an emergency number in every locale
        # ("call 000" on an en-GB device, "call 111" in en-US): read as one this model's samples spell.
        spelled = re.sub(rf"\b({CALL_VERBS}) (\d{{3}})\b",
                         lambda m: f"{m.group(1)} {self._emergency_spelled(m.group(2))}", text)
        spelled = re.sub(r"\b\d{3}\b", lambda m: self._spelled.get(m.group(0), m.group(0)), spelled)
        taggings += [t for t in tag_values(spelled, self._tag_tables(), {}, fold=stem) if t not in taggings]
        number_only = self._number_only(said_text)
        for tagged, found in taggings:
            # "cool, my chest is hurting" is no acknowledgement: an intent said in a few words only is not guessed
            # for a longer sentence
            guess = model.guess(tagged, [i for i, most in self._bare_words.items() if len(said_text.split()) > most]
                                + [i for i in NEVER_GUESSED] + number_only)
            if guess and guess.score < min_score:
                continue
            if guess and (best is None or (guess.intent in SAFETY_INTENTS, guess.score)
                          > (best[0].intent in SAFETY_INTENTS, best[0].score)):
                best = (guess, found)
        if best is None:
            return None
        guess, found = best
        slots, taken = {}, set()
        for name, typ in self.intent_slots.get(guess.intent, {}).items():
            fill = SlotFill(name, typ)
            # A value found fills one slot: of two slots of one type ("{declined} no, actually {therapy}"), the
            # first declared (a guess never hears which one was taken back).
            words = None if typ in taken else next((w for t, w in found if t == typ), None)
            taken.add(typ)
            if words is not None:
                if typ == "AMAZON.DURATION":
                    fill.value = parse_duration(words) or UNREADABLE
                elif typ == "AMAZON.NUMBER":
                    fill.value = str(int(words) if words.isdigit() else words_to_number(words))
                elif typ in self.types:
                    fill.value = words
                    fill.matches = list(self._stemmed_tables()[typ][" ".join(stem(w) for w in words.split())])
                    fill.status = "ER_SUCCESS_MATCH"
                else:
                    fill.value = words
            if typ in self.types and self._takes_whole(guess.intent, name) \
                    and (words is None or len(self.type_ids.get(typ, ())) >= OPEN_TYPE_IDS):
                # An intent whose bare slot is a sample ("{symptom}"): everything said fills it, as on a device.
                fill.value = said.whole(full or said_text) if said and said.index else said_text
                fill.matches = list(self.types[typ].get(said_text, []))
                fill.status = "ER_SUCCESS_MATCH" if fill.matches else "ER_SUCCESS_NO_MATCH"
            slots[name] = fill
        return guess.intent, slots, guess.score, guess.doubted

    def _number_only(self, text: str) -> list[str]:
        """For TEXT that is one number and small words ("eight", "it is a nine"): the intents that take no number
        (never guessed for it); [] for any other sentence."""
        m = NUMBER_ONLY.fullmatch(text.strip())
        word = m.group(1) if m else ""
        if not word or not (word.isdigit() and len(word) < 3 or words_to_number(word) is not None):
            return []
        return [i for i, slots in self.intent_slots.items() if "AMAZON.NUMBER" not in slots.values()]

    def _emergency_spelled(self, digits: str) -> str:
        """DIGITS as this model's samples spell them; another country's emergency number as one of this model's."""
        if digits in self._spelled or digits not in emergency_numbers():
            return self._spelled.get(digits, digits)
        own = sorted(n for n in self._spelled if n in emergency_numbers())
        return self._spelled[own[0]] if own else digits

    def _reply(self, text: str, said: _Said | None) -> tuple[str, dict] | None:
        """A reply that starts with yes or no and goes on ("no, I was just putting the hoover away"), when a bare
        slot sample's type has many values that start with that word (answers said whole: "no, it came on while
        bending"): that intent, everything said in the slot, as a device fills a slot-only sample from its
        catalogue. None for any other sentence."""
        words = text.split()
        lead, n = reply_lead(words)
        if lead is None or len(words) <= n:
            return None
        # The type whose values most often start so (a share: SYMPTOM's 900 values count 30 "no feeling..." ones).
        bare = [(self._leads.get(typ, {}).get(lead, 0) / max(1, len(self.types.get(typ, ()))),
                 self._leads.get(typ, {}).get(lead, 0), intent, name, typ) for intent, slots in
                self.intent_slots.items() for name, typ in slots.items() if self._takes_whole(intent, name)]
        for _, count, intent, name, typ in sorted(bare, reverse=True)[:1]:
            if count >= REPLY_LEADS:
                fill = SlotFill(name, typ, said.whole(text) if said and said.index else text)
                fill.matches = list(self.types[typ].get(text, []))
                fill.status = "ER_SUCCESS_MATCH" if fill.matches else "ER_SUCCESS_NO_MATCH"
                return intent, {name: fill}
        return None

    def _takes_whole(self, intent: str, name: str) -> bool:
        """Whether slot NAME of INTENT is said alone as a sample ("{symptom}") and so takes a whole sentence: the
        intent's only slot, or a type no sample carries among other words (whole answers: "{answer}" beside an
        "{age}" slot)."""
        typ = self.intent_slots.get(intent, {}).get(name)
        return (len(self.intent_slots[intent]) == 1 or typ not in self._carried) and (intent, name) in self._bare

    def _correct(self, text: str) -> str:
        """A conservative fuzzy pass: unknown words of 4+ letters replaced by a close model word."""
        out = []
        for word in text.split():
            if word in self.vocab or len(word) < 4 or word.isdigit():
                out.append(word)
                continue
            # A typo rarely gets the first letter wrong: "couch" is "coach", never "ouch".
            close = difflib.get_close_matches(word, self._initials.get(word[0], ()), n=1, cutoff=0.8)
            if not close and word.endswith("s") and word[:-1] in self.vocab:
                close = [word[:-1]]
            out.append(close[0] if close else word)
        return " ".join(out)

    def resolve(self, utterance: str) -> Resolution:
        """Launch / one-shot / exit / intent for what a person typed."""
        text, original, index = analyse(utterance)
        said = _Said(original, index)
        result = self._resolve_normalised(utterance, text, said)
        if result is None:
            corrected = self._correct(text)
            if corrected != text:
                result = self._resolve_normalised(utterance, corrected, said)
        if result is None:
            intent, slots, how = self.match_intent(text, said)
            result = Resolution(utterance, "IntentRequest", intent, slots, how=how)
        if result.request_type == "IntentRequest":
            declared = self.intent_slots.get(result.intent, {})
            result.slots = {n: result.slots.get(n) or SlotFill(n, t) for n, t in declared.items()}
        return result

    def _resolve_normalised(self, utterance: str, text: str, said: _Said) -> Resolution | None:
        inv = re.escape(self.invocation)
        if re.fullmatch(r"(?:exit|quit|exit skill|exit the skill)", text):
            return Resolution(utterance, "SessionEndedRequest", how="invocation")
        if re.fullmatch(rf"(?:(?:open|launch|start|begin|load|run|talk to|play|use|ask|tell) )?{inv}", text):
            return Resolution(utterance, "LaunchRequest", how="invocation")
        m = (re.fullmatch(rf"(?:ask|tell|open|launch|start|use|load|run) {inv} (?:{CONNECTOR})?(?P<rest>.+)", text)
             or re.fullmatch(rf"(?P<rest>.+) (?:with|using|on|from|in) {inv}", text))
        if m:
            rest = _Said(said.original, said.index, text.count(" ", 0, m.start("rest")))
            intent, slots, how = self.match_intent(m.group("rest"), rest)
            return Resolution(utterance, "IntentRequest", intent, slots, one_shot=True, how=how)
        return None


def alexa_slots(resolution: Resolution, app_id: str) -> dict:
    """The intent.slots object Alexa sends: every declared slot, resolutions for custom types."""
    out = {}
    for name, fill in resolution.slots.items():
        slot = {"name": name, "confirmationStatus": "NONE"}
        if fill.value is not None:
            slot["value"] = fill.value
            slot["source"] = "USER"
            if fill.status:
                authority = {"authority": f"amzn1.er-authority.echo-sdk.{app_id}.{fill.type}",
                             "status": {"code": fill.status}}
                if fill.matches:
                    authority["values"] = [{"value": {"name": n, "id": i}} for i, n in fill.matches]
                slot["resolutions"] = {"resolutionsPerAuthority": [authority]}
            slot["slotValue"] = {"type": "Simple", "value": fill.value,
                                 **({"resolutions": slot["resolutions"]} if "resolutions" in slot else {})}
        out[name] = slot
    return out
