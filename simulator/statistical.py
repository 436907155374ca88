"""The simulator NLU's second stage: a complement naive Bayes classifier over word n-grams, trained
on the model's own samples and slot values, with a nearest-sample similarity saying whether a sentence is familiar.

Alexa's NLU is statistical: it generalises from the samples and slot values to phrasings nobody wrote. The
simulator matches sample shapes first (simulator/nlu.py); only when no shape fits does this stage guess, and it
answers only when it is confident, else the caller answers FallbackIntent, as Alexa does.

Two parts, because they answer two questions:
- *Which intent?* Complement naive Bayes (Rennie et al. 2003) over stemmed word unigrams and bigrams. It weighs
  every word by how much it tells one intent from all the others (ReportSymptomIntent has 800 slot values,
  ThanksIntent 30 samples: the complement counts keep the big intents from swallowing the small ones). The
  nearest-sample cosine it replaces ranked intents by a score that clustered at 0.2-0.45 for most unseen sentences,
  so ties and the threshold decided. Multinomial logistic regression was the other candidate: it needs iterative
  training (seconds per locale in pure Python, so a cache on disk); CNB trains by counting (a tenth of a second) and
  scores in well under a millisecond. Character 3- and 4-grams of the content words were tried as features and
  lowered every k-fold figure on the dev set (tests/nlu/kfold.py): left out.
- *Is it for this skill at all?* A naive Bayes posterior says nothing about that (every sentence gets some intent),
  so the chosen intent must also be familiar: the TF-IDF cosine of the sentence to that intent's nearest sample and
  centroid, and few words no sample uses. The familiarity floors are calibrated on the dev negatives
  (tests/nlu/dev/AMAZON.FallbackIntent.yaml); a guess that leads to the red-flag questions needs less (a false one
  costs a few questions; a missed one, the advice).

Pure Python: no scikit-learn (and its numpy/scipy wheels) in the skill's or the simulator's install.

Slot values are replaced by their type before training and before scoring ("put the heat pack on for ten minutes"
is "put the <THERAPY_TYPE> on for <DURATION>"), so a sample with a slot covers every value of its type; each custom
value is also a training document of the intents that use its type (the body words of SYMPTOM teach
ReportSymptomIntent what a symptom sounds like).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

# The chosen intent's share of the classifier's posterior (a softmax of its scores at TEMPERATURE) under which it is
# no guess ...
MIN_SCORE = 0.5
TEMPERATURE = 10.0
# ... and how familiar the sentence must be to that intent: the cosine similarity to its nearest sample blended with
# its centroid's (calibrated on the dev negatives: "put the kettle on" is nearest a StartTherapyIntent sample, but far).
MIN_FAMILIAR = 0.25
# A guess that leads to the red-flag questions or the emergency advice (a false one costs a few questions; a missed
# one, the advice) needs only these.
SAFETY_INTENTS = {"ReportSymptomIntent", "EmergencyIntent", "StartScreeningIntent"}
SAFETY_MIN_SCORE = 0.3
# A guess of the first intent yields to the second when the sentence is at least as near the second's samples: a
# yes at a red-flag question is the emergency advice, an acknowledgement is asked again ("ah sure look": "sure" is
# in "yeah sure" and in "sure thing" alike).
YIELDS_TO = {"AMAZON.YesIntent": "AcknowledgeIntent"}
SAFETY_MIN_FAMILIAR = 0.12
# A sentence this near one intent's samples (its familiarity) is that intent's when the classifier is not sure.
NEAR = 0.42
CLEARLY_NEAR, CLEARLY_NEARER = 0.4, 0.1   # ... and over the classifier's choice when this near and this much nearer
NEAR_PLAIN = 0.3           # ... a sentence of function words only, where word counts say little ("a bit")
# Never guessed from function words alone: a "no" made up of them would move past a red-flag question ("I can't go
# at all" is no "no").
NOT_FROM_SMALL_WORDS = {"AMAZON.NoIntent"}
# ... or when too many of its words are words no sample and no slot value uses ("what's the cricket score").
MAX_UNSEEN = 0.34
# How much of the familiarity is the intent's centroid's similarity (the rest: its nearest sample's).
BLEND = 0.5
# How much a whole answer weighs as its intent's evidence beside a sample (ANSWER's 337 yes, no and not-sure
# sentences would otherwise outweigh YesIntent, NoIntent and UnsureIntent together).
WEAK_WEIGHT = 0.1
# The complement naive Bayes' additive smoothing.
ALPHA = 0.3
FALLBACK = "AMAZON.FallbackIntent"


# Words that carry no request on their own: they weigh little, and a guess must rest on some other word shared with
# its nearest sample ("there is a cat" is not "there is {symptom}").
FUNCTION_WORDS = {"i", "i'm", "i've", "i'd", "i'll", "me", "you", "it", "it's", "is", "are", "am", "was", "were", "be",
                  "been", "a", "an", "to", "of", "in", "on", "at", "for", "with", "and", "or", "but", "so", "that",
                  "this", "there", "there's", "here", "do", "does", "did", "have", "has", "had", "got", "get", "can",
                  "could", "would", "will", "should", "we", "us", "our", "they", "them", "he", "she", "his", "her",
                  "if", "then", "up", "out", "about", "from", "by", "as", "think", "thank", "thanks", "yesterday",
                  "today", "bit", "really", "very", "too", "also", "know", "want", "need", "let's", "let", "one",
                  "went", "go", "going", "gone", "goes", "feel", "feels", "felt", "like", "just", "thing", "something",
                  "anything", "way", "time", "earlier", "now", "still", "keep", "make", "made", "come", "came",
                  "what", "what's", "how", "how's", "when", "where", "which", "who", "why", "some", "any", "all",
                  "my", "your", "not", "don't", "can't", "no", "yes", "please", "okay", "well", "right", "say"}
FUNCTION_WEIGHT = 0.3


@dataclass
class Guess:
    intent: str
    score: float
    runner_up: float
    tagged: str                          # the text with slot values replaced by their types
    doubted: bool = False                # the classifier's own choice failed its bar: the intent is the nearest one's


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem, so a word form no sample wrote still meets its kin ("stretching", "stretches" and "stretch";
    "exercises" and "exercise"; "paining" and "pain"). Tags (<TYPE>) and short words stay as they are."""
    if word.startswith("<") or len(word) <= 3:
        return word
    w = word[:-2] if word.endswith("'s") else word
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[:-len(suffix)]
            if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]                   # "stopp" -> "stop"
            break
    if len(w) >= 4 and w.endswith("e"):
        w = w[:-1]                           # "exercise" / "exercis"
    return w


def features(text: str) -> Counter:
    """Word unigrams and bigrams (with sentence edges) of already-normalised, tagged TEXT, on light stems."""
    words = [stem(w) for w in text.split()]
    grams = Counter(words)
    padded = ["^", *words, "$"]
    grams.update(f"{a} {b}" for a, b in zip(padded, padded[1:]))
    return grams


def class_features(text: str) -> dict[str, float]:
    """The classifier's features of tagged TEXT: stemmed word unigrams and bigrams, those of function words only
    weighing FUNCTION_WEIGHT."""
    return {gram: count * (FUNCTION_WEIGHT if _plain(gram) else 1.0) for gram, count in features(text).items()}


class Statistical:
    """Trained from (intent, tagged text) documents: guess(tagged_text) -> Guess | None. WEAK documents count
    WEAK_WEIGHT as much as the others in the classifier, fully in the familiarity."""

    def __init__(self, documents: list[tuple[str, str]], min_score: float | None = None,
                 min_familiar: float | None = None, max_unseen: float | None = None,
                 weak: list[tuple[str, str]] = ()):
        self.min_score = MIN_SCORE if min_score is None else min_score
        self.min_familiar = MIN_FAMILIAR if min_familiar is None else min_familiar
        self.max_unseen = MAX_UNSEEN if max_unseen is None else max_unseen
        documents = [(intent, text) for intent, text in documents if text.strip()]
        weak = [(intent, text) for intent, text in weak if text.strip()]
        self._train_familiarity(documents + weak)
        self._train_classifier(documents + weak, weak_from=len(documents))

    # -- which intent: complement naive Bayes ---------------------------------------------------------------------
    def _train_classifier(self, documents: list[tuple[str, str]], weak_from: int) -> None:
        """Rennie et al.'s complement naive Bayes: TF-IDF documents, length-normalised; each intent is scored by how
        unlike the features are to every OTHER intent's documents."""
        counted = [(intent, class_features(text)) for intent, text in documents]
        df = Counter()
        for _, grams in counted:
            df.update(grams.keys())
        n = len(counted) or 1
        self.class_idf = {g: math.log((1 + n) / (1 + d)) + 1.0 for g, d in df.items()}
        total: dict[str, float] = defaultdict(float)           # feature -> weight over all documents
        per: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))   # feature -> intent -> weight
        mass: dict[str, float] = defaultdict(float)            # intent -> weight of all its features
        for k, (intent, grams) in enumerate(counted):
            vector = {g: math.log1p(c) * self.class_idf[g] for g, c in grams.items()}
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            if k >= weak_from:
                norm /= WEAK_WEIGHT
            for g, v in vector.items():
                total[g] += v / norm
                per[g][intent] += v / norm
                mass[intent] += v / norm
        everything = sum(mass.values())
        self.intents = sorted(mass)
        # log P(feature | not intent): the same for every intent that never uses the feature (the base), shifted
        # for the few that do.
        self.log_base = {g: math.log(ALPHA + t) for g, t in total.items()}
        self.log_shift = {g: {i: self.log_base[g] - math.log(ALPHA + total[g] - w) for i, w in by.items()}
                          for g, by in per.items()}
        self.log_denominator = {i: math.log(ALPHA * len(total) + everything - m) for i, m in mass.items()}
        self.content_words = defaultdict(set)                  # intent -> its content words
        for intent, grams in counted:
            self.content_words[intent].update(g for g in grams if " " not in g and not _plain(g))

    def scores(self, tagged: str) -> dict[str, float]:
        """intent -> its posterior (a softmax of the complement naive Bayes scores), among the intents that share a
        content word with TAGGED (any intent when it has none: "let's keep going")."""
        grams = class_features(tagged)
        vector = {g: math.log1p(c) * self.class_idf[g] for g, c in grams.items() if g in self.class_idf}
        # Words the model never saw still count in the sentence's length: a sentence mostly of strange words is far
        # from every intent.
        unseen = sum(1 for g in grams if g not in self.class_idf and " " not in g)
        norm = math.sqrt(sum(v * v for v in vector.values()) + unseen * max(self.class_idf.values(), default=1) ** 2)
        if not vector or not norm:
            return {}
        content = {g for g in vector if " " not in g and not _plain(g) and g not in ANY_TAGS}
        base = sum(v * self.log_base[g] for g, v in vector.items()) / norm
        weight = sum(vector.values()) / norm
        raw = {i: weight * d - base for i, d in self.log_denominator.items()}
        for g, v in vector.items():
            for i, shift in self.log_shift[g].items():
                raw[i] += v / norm * shift
        if content:
            # An intent that shares only a day, a time, a length or a number with the sentence is out of the race
            # altogether: left in, it would take the posterior that the sentence's own words give another
            # ("chest pain since Tuesday" is no reminder, and ReportSymptomIntent's share must not go to one).
            tags = {g for g in vector if g in ANY_TAGS}
            raw = {i: r for i, r in raw.items()
                   if not (tags & self.content_words[i]) or content & self.content_words[i]}
        top = max(raw.values())
        exp = {i: math.exp(TEMPERATURE * (r - top)) for i, r in raw.items()}
        total = sum(exp.values())
        return {i: e / total for i, e in exp.items() if not content or content & self.content_words[i]}

    # -- is it for this skill: similarity to the samples -------------------------------------------------------------
    def _train_familiarity(self, documents: list[tuple[str, str]]) -> None:
        counted = [(intent, features(text)) for intent, text in documents]
        df = Counter()
        for _, grams in counted:
            df.update(set(grams))
        n = len(counted) or 1
        # The words of the skill's own intents: a sentence mostly of other words is no request for it (the
        # FallbackIntent samples teach what is not for the skill; their words do not make a sentence familiar).
        self.known = {g for intent, grams in counted if intent != FALLBACK for g in grams if " " not in g}
        self.idf = {g: math.log((1 + n) / (1 + d)) + 1.0 for g, d in df.items()}
        self.blend = BLEND
        self.docs: list[tuple[str, dict, float]] = []
        self.index: dict[str, list[int]] = defaultdict(list)
        sums: dict[str, dict] = defaultdict(lambda: defaultdict(float))
        for intent, grams in counted:
            vector = self._vector(grams)
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            self.docs.append((intent, vector, norm))
            for g in vector:
                self.index[g].append(len(self.docs) - 1)
                sums[intent][g] += vector[g] / norm
        # Each intent's centroid: the evidence of all its samples together (a nearest sample alone over-trusts a
        # one-word sample that shares one word, "maybe" in "could you maybe time my heat pack").
        self.centroids = {}
        for intent, vector in sums.items():
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            self.centroids[intent] = {g: v / norm for g, v in vector.items()}

    def _vector(self, grams: Counter) -> dict:
        return {g: (1 + math.log(c)) * self.idf[g] * (FUNCTION_WEIGHT if _plain(g) else 1.0)
                for g, c in grams.items() if g in self.idf}

    def familiarity(self, tagged: str) -> dict[str, float]:
        """intent -> cosine similarity of TAGGED to that intent's nearest document, blended with its centroid's."""
        grams = features(tagged)
        vector = self._vector(grams)
        unseen = sum(1 for g, c in grams.items() if g not in self.idf and " " not in g)
        norm = math.sqrt(sum(v * v for v in vector.values()) + unseen * max(self.idf.values(), default=1) ** 2)
        if not vector or not norm:
            return {}
        content = {g for g in vector if " " not in g and not _plain(g) and g not in ANY_TAGS}
        # A sentence of function words only ("let's keep going", "I will") is judged on them all; any other must
        # share a content word with what it is compared to.
        plain_only = not content and not unseen
        central = {intent: sum(w * c.get(g, 0.0) for g, w in vector.items()) / norm
                   for intent, c in self.centroids.items() if plain_only or content & c.keys()}
        dots: dict[int, float] = defaultdict(float)
        for g, w in vector.items():
            for i in self.index.get(g, ()):
                dots[i] += w * self.docs[i][1][g]
        best: dict[str, float] = {}
        for i, dot in dots.items():
            intent, doc, doc_norm = self.docs[i]
            if not plain_only and not content & doc.keys():
                continue                     # shares only function words with this sample
            score = dot / (norm * doc_norm)
            if score > best.get(intent, 0.0):
                best[intent] = score
        return {intent: self.blend * central.get(intent, 0.0) + (1 - self.blend) * score
                for intent, score in best.items()}

    def unseen(self, tagged: str) -> float:
        """The share of TAGGED's words (of three letters or more) that no training document has; a number written
        in digits is no strange word ("my temperature's 38.9")."""
        words = [stem(w) for w in tagged.split() if len(w) >= 3 and not w.startswith("<") and not NUMERAL.fullmatch(w)]
        return sum(1 for w in words if w not in self.known) / len(words) if words else 0.0

    def guess(self, tagged: str, exclude=()) -> Guess | None:
        """The classifier's intent for TAGGED when it is confident and the sentence is familiar to that intent;
        EXCLUDE: intents it cannot be (left out of the race)."""
        if self.unseen(tagged) > self.max_unseen:
            return None
        ranked = sorted(((i, v) for i, v in self.scores(tagged).items() if i not in exclude), key=lambda kv: -kv[1])
        if not ranked:
            return None
        intent, score = ranked[0]
        doubted = False
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if intent == FALLBACK:
            return None
        if intent in NOT_FROM_SMALL_WORDS and not any(not _plain(stem(w)) for w in tagged.split()) \
                and tagged.split()[0] not in ANSWER_LEADS:
            return None
        # A sentence of function words only ("I went out yesterday") is no red flag on its own: the usual floors.
        content = any(not _plain(stem(w)) for w in tagged.split())
        # A number with only small words about it says what, not which request ("seven out of ten", "it's like a
        # seven" are no timer): without another word of its own the guess must be very near one intent's samples.
        words = tagged.split()
        typed_only = content and all(_plain(stem(w)) or w in TYPED_TAGS for w in words) \
            and not all(w in TYPED_TAGS for w in words)       # a number alone is an answer ("fifteen": minutes)
        safe = intent in SAFETY_INTENTS and content
        familiarity = {i: v for i, v in self.familiarity(tagged).items() if i not in exclude}
        familiar = familiarity.get(intent, 0.0)
        if content and not typed_only and not safe and (score < self.min_score or familiar < self.min_familiar):
            # The classifier's choice fails its bar: an intent that leads to the red-flag questions which passes
            # its own (lower) bar is the guess (a false one costs a few questions; a missed one, the advice).
            safer = next(((i, s) for i, s in ranked[1:] if i in SAFETY_INTENTS and s >= SAFETY_MIN_SCORE
                          and familiarity.get(i, 0.0) >= SAFETY_MIN_FAMILIAR), None)
            if safer:
                intent, score, familiar, safe = safer[0], safer[1], familiarity[safer[0]], True
        if not content or typed_only or score < (SAFETY_MIN_SCORE if safe else self.min_score) \
                or familiar < (SAFETY_MIN_FAMILIAR if safe else self.min_familiar):
            # Not the classifier's (nor a sentence of function words only, whose word counts say little): a
            # sentence very near one intent's samples is that intent's ("a bit" beside the whole answer "a little
            # bit").
            intent, familiar = max(familiarity.items(), key=lambda kv: kv[1], default=(FALLBACK, 0.0))
            doubted = True
            if intent == FALLBACK or familiar < (NEAR if content else NEAR_PLAIN) or intent in NOT_FROM_SMALL_WORDS:
                return None
        nearest, near = max(familiarity.items(), key=lambda kv: kv[1], default=(intent, familiar))
        if near >= CLEARLY_NEAR and near - familiar >= CLEARLY_NEARER and nearest != FALLBACK:
            # Much nearer another intent's samples: that intent ("bit better today": dates are tagged in what is said
            # but written literally in a pain check's samples, so the tag alone made it a reminder).
            intent, familiar = nearest, near
        if intent in YIELDS_TO and familiarity.get(YIELDS_TO[intent], 0.0) >= familiar:
            intent, familiar = YIELDS_TO[intent], familiarity[YIELDS_TO[intent]]
        if intent not in SAFETY_INTENTS and content:
            # As near to the samples of an intent that leads to the red-flag questions: those ("pain all night" is
            # as near "I've had back pain all night" as "remind me at night"; a false one costs a few questions).
            safer, near = max(((i, familiarity.get(i, 0.0)) for i in SAFETY_INTENTS), key=lambda kv: kv[1])
            if near >= max(familiar, SAFETY_MIN_FAMILIAR):
                intent, familiar = safer, near
        return Guess(intent, familiar, runner_up, tagged, doubted)


NUMERAL = re.compile(r"\d+(?:\.\d+)?")
# A number said is no request by itself ("seven out of ten", "set the AC to twenty four"): a length or a day is.
TYPED_TAGS = {"<AMAZON.NUMBER>"}
# A day, a time, a length or a number said is no word of a request: an intent must share another word with the
# sentence ("will I need a coat today", "night night" share only a time with "remind me {time}").
ANY_TAGS = {"<AMAZON.NUMBER>", "<AMAZON.DURATION>", "<AMAZON.DATE>", "<AMAZON.TIME>"}
# A reply's first word when it answers a question: said first, it is what the sentence is about ("no, I was just
# putting the hoover away"), so the bigram "^ no" is no function word.
ANSWER_LEADS = {"yes", "yeah", "yep", "yup", "no", "nope", "nah", "naw"}


def _plain(gram: str) -> bool:
    """A unigram or bigram made only of function words (and sentence edges); a reply's leading yes or no is not."""
    words = gram.split()
    if len(words) == 2 and words[0] == "^" and words[1] in ANSWER_LEADS:
        return False
    return all(w in FUNCTION_STEMS or w in ("^", "$") for w in words)


FUNCTION_STEMS = FUNCTION_WORDS | {stem(w) for w in FUNCTION_WORDS}


def tag_values(text: str, tables: dict[str, dict], typed: dict, max_alternatives: int = 4,
               fold=None) -> list[tuple[str, list]]:
    """TEXT with the longest known slot values replaced by <TYPE>: custom values from TABLES (normalised value ->
    entries), typed values by TYPED (type -> a function telling whether some words are such a value). A span that
    is a value of several types gives one tagging per type (at most MAX_ALTERNATIVES in all). Each tagging comes
    with its spans: [(type, words)]."""
    words = text.split()
    keys = [fold(w) for w in words] if fold else words      # FOLD: how a word is looked up (a stem)
    longest, firsts = _longest(tables), _first_words(tables)
    pieces: list[tuple[list[str], int]] = []          # (types, words spanned); no types: a plain word
    i = 0
    while i < len(words):
        best_n, types = 0, []
        for name, table in tables.items():
            if keys[i] not in firsts[name]:
                continue
            for n in range(min(longest[name], len(words) - i), 0, -1):
                if " ".join(keys[i:i + n]) in table:
                    if n > best_n:
                        best_n, types = n, [name]
                    elif n == best_n:
                        types.append(name)
                    break
        for name, is_value in typed.items():
            for n in range(min(6, len(words) - i), best_n, -1):
                if is_value(" ".join(words[i:i + n])):
                    best_n, types = n, [name]
                    break
        if not types:
            pieces.append(([], 1))
            i += 1
        else:
            pieces.append((types, best_n))
            i += best_n
    taggings = [([], [])]
    i = 0
    for types, n in pieces:
        span = " ".join(words[i:i + n])
        if not types:
            taggings = [(out + [span], found) for out, found in taggings]
        else:
            taggings = [(out + [f"<{t}>"], found + [(t, span)]) for out, found in taggings for t in types]
            taggings = taggings[:max_alternatives]
        i += n
    return [(" ".join(out), found) for out, found in taggings]


_LONGEST: dict[int, tuple[dict, dict, dict]] = {}


def _longest(tables: dict[str, dict]) -> dict[str, int]:
    """The longest value of each table in words (remembered per tables object: tagging runs per sample)."""
    kept = _LONGEST.get(id(tables))
    if kept is None or kept[0] is not tables:
        kept = _LONGEST[id(tables)] = (tables, {name: max((len(k.split()) for k in table), default=0)
                                                for name, table in tables.items()},
                                       {name: {k.split()[0] for k in table if k} for name, table in tables.items()})
    return kept[1]


def _first_words(tables: dict[str, dict]) -> dict[str, set]:
    _longest(tables)
    return _LONGEST[id(tables)][2]


def tag_sample(sample_text: str, slot_types: dict[str, str]) -> str:
    """A normalised sample with {slot} written as <TYPE>."""
    return re.sub(r"\{(\w+)\}", lambda m: f"<{slot_types.get(m.group(1), m.group(1))}>", sample_text)
