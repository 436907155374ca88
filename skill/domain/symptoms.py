"""What a reported symptom means: read_symptom(text, locale) composes body areas and changes from content/data/symptoms.yaml."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path


DATA = Path(__file__).resolve().parent.parent.parent / "content" / "data"
SYMPTOMS_FILE = DATA / "symptoms.yaml"
CANT_WALK = "cant_walk"
ANSWER_WORDS = {"no", "nah", "nope", "neither"}
GAP = "..."
MAX_GAP_WORDS = 3
# Typed words as Alexa's speech recognition writes them, then every contraction in its long form, so that one
# negation word ("not") covers "isn't", "can't" and "not" alike, and phrases match however they were said.
TYPED = {"cant": "can't", "cannot": "can't", "dont": "don't", "im": "i'm", "ive": "i've", "wont": "won't",
         "didnt": "didn't", "doesnt": "doesn't", "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't",
         "werent": "weren't", "havent": "haven't", "hasnt": "hasn't", "hadnt": "hadn't", "couldnt": "couldn't",
         "wouldnt": "wouldn't", "shouldnt": "shouldn't", "aint": "ain't"}
LONG_FORMS = {"can't": "can not", "won't": "will not", "ain't": "is not", "shan't": "shall not", "i'm": "i am"}


# Concept words are compared by a light stem ("droopy", "drooping" and "drooped" are one word), except where the
# ending carries meaning: one leg or both legs.
NUMBER_WORDS = {"legs", "leg", "feet", "foot", "arms", "arm", "hands", "hand", "sides", "side", "thighs", "thigh",
                "knees", "knee", "calves", "calf", "ankles", "ankle", "toes", "toe", "both", "twos", "bits", "pins"}
SUFFIXES = ("iness", "ness", "ings", "ing", "ies", "ied", "ed", "ly", "es", "s", "y")


def stem(word: str) -> str:
    """A light suffix strip, shared by phrases and what was said (never below three letters)."""
    if word in NUMBER_WORDS or "'" in word:
        return word
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]                     # "slurr" -> "slur", "tingl" stays
    return word


class SymptomDataError(ValueError):
    """content/data/symptoms.yaml is not shaped as documented, or names an unknown flag, concept or source."""


@dataclass(frozen=True)
class SymptomReading:
    """What the words say. flag: a screening question id (or "cant_walk"), None when nothing is recognised or it was
    denied. tier: the flag's tier in screening.yaml (None for cant_walk or no flag). negated: the words deny a
    symptom ("no numbness", "I haven't fallen") and say no other. unplaced: said as a symptom but not placed
    (neither flagged nor denied): the conversation answers it with the red-flag questions. needs_question: weak
    evidence (a simple fall, "my stomach hurts"): ask the flag's question rather than act on it at once. not_now: the
    flag was said beside words of weak_context ("last year", "for years", "laughing"): weak evidence for that reason."""

    text: str
    flag: str | None
    tier: int | None
    negated: bool
    unplaced: bool
    needs_question: bool = False
    negated_flags: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=(), repr=False)
    not_now: bool = False        # a red flag said as long ago, long-standing or of an everyday cause (weak_context)


@dataclass(frozen=True)
class _Rule:
    flag: str
    concepts: tuple[str, ...]
    within: int | None
    question: bool
    unless: tuple[str, ...]
    denies: bool
    sources: tuple[str, ...]
    rank: tuple


@dataclass(frozen=True)
class _Hit:
    concept: str
    start: int                           # token index
    end: int                             # token index, exclusive
    negated: bool = False


class SymptomReader:
    """Compiled from the symptoms data and the screening tiers: read(text, locale) -> SymptomReading."""

    def __init__(self, data: dict, tiers: dict[str, int | None], source_ids: set[str] | None = None):
        _check(data, tiers, source_ids)
        neg = data["negation"]
        if not all(isinstance(w, str) for key in ("words", "hedges", "stops", "clause_breaks") for w in neg.get(key, [])):
            raise SymptomDataError(f"{SYMPTOMS_FILE.name}: negation: quote every word (YAML reads a bare no as false)")
        self.negators = set(neg["words"])
        self.hedges = set(neg["hedges"])
        self.stops = set(neg.get("stops", []))
        self.scope = int(neg["scope"])
        self.breaks = set(neg["clause_breaks"])
        self.areas = {name for name, c in data["concepts"].items() if c.get("area")}
        # Things whose names hold a body word or a sign ("hot water bottle", "hay fever"): nothing inside them is said.
        self.masks = {name for name, c in data["concepts"].items() if c.get("masks")}
        # Third person as first ("his legs" -> "my legs"): (words said, read as), longest first.
        self.perspective = sorted(((tuple(tokenize(said)), tuple(tokenize(mine)))
                                   for said, mine in (data.get("perspective") or {}).items()),
                                  key=lambda pair: -len(pair[0]))
        self.others = {said[0] for said, _ in self.perspective}
        # Phrases indexed by locale and first word: a reading tries only the phrases that can start at each word,
        # each compiled when a reading first tries it (compiling all ~2,000 at once was ~140 ms of CPU on the
        # first symptom after a Lambda cold start).
        self.patterns: dict[str | None, dict[str, list[tuple[str, str]]]] = {}
        for name, concept in data["concepts"].items():
            words = {None: concept["words"], **(concept.get("locales") or {})}
            for locale, phrases in words.items():
                for phrase in phrases:
                    first = stem(tokenize(phrase)[0])
                    self.patterns.setdefault(locale, {}).setdefault(first, []).append((name, phrase))
        self.rules = []
        for index, rule in enumerate(data["rules"]):
            tier = tiers[rule["flag"]]
            first = rule.get("outranks_questions")
            self.rules.append(_Rule(rule["flag"], tuple(rule["all"]), rule.get("within"), bool(rule.get("question")),
                                    tuple(rule.get("unless", ())), bool(rule.get("denies")),
                                    tuple(rule.get("sources", ())),
                                    (1 if tier is None or first else tier,
                                     0.5 if rule.get("outranks_questions") else int(bool(rule.get("question"))),
                                     index)))
        self.tiers = tiers
        # A tier-1 flag said beside these concepts (long ago, long-standing, an everyday cause) is weak evidence.
        context = data.get("weak_context") or {}
        self.weak_context = frozenset(context.get("concepts", ()))
        self.weak_within = int(context.get("within", 0))
        # A denial ("I can feel my legs") is undone by any negation before it, hedged or not ("I don't think I
        # can feel my bum" is not a denial).
        self.denial_words = {c for r in data["rules"] if r.get("denies") for c in r["all"]} - self.areas
        # Concepts that only ever deny ("sex life is fine", "can talk fine"): nothing said inside them is a change.
        self.denial_only = self.denial_words - {c for r in data["rules"] if not r.get("denies") for c in r["all"]}
        # Concepts whose phrase covers the words inside it (`covers: true`: "can't talk right now" is no `speech`).
        self.covering = self.denial_only | {name for name, c in data["concepts"].items() if c.get("covers")}

    # -- reading -------------------------------------------------------------------------------------------------
    def read(self, text: str, locale: str = "en-US") -> SymptomReading:
        tokens = self._first_person(tokenize(text))
        hits = self._hits(tokens, locale)
        clauses = self._clauses(tokens, hits)
        fired, denied = [], []
        said = {h.concept for h in hits}
        for rule in self.rules:
            if not said.issuperset(rule.concepts):
                continue                    # a concept of the rule not said: it cannot hold (most rules)
            state = self._rule_state(rule, hits, clauses)
            if state == "yes" and not rule.denies:
                fired.append(rule)
            elif state == "yes" or (state == "negated" and not rule.denies):
                denied.append(rule)
        concepts = tuple(dict.fromkeys(h.concept for h in hits))
        if fired:
            fired = [self._in_context(rule, hits, clauses) for rule in fired]
            best = min(fired, key=lambda r: r.rank)
            return SymptomReading(text, best.flag, self.tiers[best.flag], False, False, best.question,
                                  tuple(dict.fromkeys(r.flag for r in denied)), concepts, best.sources,
                                  not_now=best.rank[1] == 2)
        negated = tuple(dict.fromkeys(r.flag for r in sorted(denied, key=lambda r: r.rank)))
        return SymptomReading(text, None, None, bool(negated), not negated, False, negated, concepts)

    def _in_context(self, rule: _Rule, hits: list[_Hit], clauses) -> _Rule:
        """RULE as weak evidence when it is a tier-1 flag said beside a weak_context word (in the same clause, at most
        `within` words from one of the rule's words): "a heart attack last year", "numb for years", "wet himself
        laughing". Ranked as a question rule of its tier (rank[1] == 2 marks it), so another red flag said apart
        from those words still outranks it."""
        if rule.question or rule.denies or self.tiers.get(rule.flag) != 1 or not self.weak_context:
            return rule
        context = [h for h in hits if h.concept in self.weak_context and not h.negated]
        own = [h for h in hits if h.concept in rule.concepts and not h.negated]
        for lo, hi in clauses:
            near = any(_gap(c, h) <= self.weak_within for c in context if lo <= c.start and c.end <= hi
                       for h in own if lo <= h.start and h.end <= hi)
            if near:
                return _Rule(rule.flag, rule.concepts, rule.within, True, rule.unless, rule.denies, rule.sources,
                             (rule.rank[0], 2, rule.rank[2]))
        return rule

    def _first_person(self, tokens: list[str]) -> list[str]:
        """TOKENS with a carer's third person read as the first ("she has wet herself" -> "i have wet myself")."""
        if not self.others.intersection(tokens):
            return tokens
        out, i = [], 0
        while i < len(tokens):
            for said, mine in self.perspective:
                if tuple(tokens[i:i + len(said)]) == said:
                    out += mine
                    i += len(said)
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def _hits(self, tokens: list[str], locale: str) -> list[_Hit]:
        """Every concept phrase found. A place named inside a longer place gives way to it ("inner thighs" is not a
        thigh, "one of my legs" is not both legs); changes and events may overlap."""
        stems = [stem(t) for t in tokens]
        joined = " ".join(stems)
        found = set()
        tables = [self.patterns.get(None, {}), self.patterns.get(locale, {})]
        pos = 0
        for i, word in enumerate(stems):
            for table in tables:
                for name, phrase in table.get(word, ()):
                    m = _phrase_rx(phrase).match(joined, pos)
                    if m:
                        end = i + m.group(0).count(" ") + 1
                        # A gap ("pain ... down my legs") that took a negation the phrase does not have: "the pain
                        # doesn't go down my legs" denies it.
                        gap_negated = "..." in phrase and name not in self.areas and any(
                            t in self.negators for t in tokens[i:end]) and not any(
                            t in self.negators for t in tokenize(phrase))
                        found.add(_Hit(name, i, end, gap_negated))
            pos += len(word) + 1
        # A clause break is never a word of a concept, though its stem may be one ("but" is the stem of "butt").
        found = {h for h in found if not all(t in self.breaks for t in tokens[h.start:h.end])}
        places = [h for h in found if h.concept in self.areas]
        masks = [h for h in found if h.concept in self.masks]
        hits = [h for h in found
                if (h.concept not in self.areas
                    or not any(p.start <= h.start and h.end <= p.end and p.end - p.start > h.end - h.start
                               for p in places))
                and not any(m.start <= h.start and h.end <= m.end and m.end - m.start > h.end - h.start for m in masks)]
        # A phrase that says something is all right ("my sex life is fine") covers the words inside it: "sex life"
        # there is no change said (explore6 #2).
        fine = [h for h in hits if h.concept in self.covering]
        hits = [h for h in hits if not any(f.start <= h.start and h.end <= f.end and f.end - f.start > h.end - h.start
                                           for f in fine)]
        covered = {i for h in found for i in range(h.start, h.end)}
        return sorted((self._negate(h, tokens, covered) for h in hits), key=lambda h: (h.start, h.concept))

    def _negate(self, hit: _Hit, tokens: list[str], covered: set[int]) -> _Hit:
        if hit.concept in self.areas:
            return hit
        if hit.concept in self.denial_words and any(
                tokens[i] in self.negators and tokens[i + 1] in self.hedges for i in range(hit.start - 1)):
            return _Hit(hit.concept, hit.start, hit.end, True)     # "I don't know if I can feel my bottom"
        for i in range(hit.start - 1, max(-1, hit.start - 1 - self.scope), -1):
            if i in covered:
                # A negation inside another phrase still denies what is said straight after it with only light
                # words between: "I don't feel faint or anything", "I haven't had a crash" ("don't feel" and
                # "haven't had" are bladder change words). "I can't feel my legs" names a place, never negated.
                if tokens[i] in self.negators and hit.start - i <= 4 and all(
                        w in LIGHT_WORDS for w in tokens[i + 1:hit.start]) \
                        and not any(w in self.hedges for w in tokens[i + 1:i + 3]):
                    return _Hit(hit.concept, hit.start, hit.end, True)
                continue
            word = tokens[i]
            if word in self.breaks or word in self.stops or word == ",":
                break
            if word in self.negators:
                if i == 0 and word in ANSWER_WORDS and (hit.concept in self.denial_words or _sentence_after(tokens)):
                    break                    # "no, I can talk fine": an answer, then a denial; "nah my bum's gone
                                             # numb": an answer, then a sentence of its own; "nah yeah": a yes
                following = tokens[i + 1:i + 3]
                if hit.concept in self.denial_words or not any(w in self.hedges for w in following):
                    return _Hit(hit.concept, hit.start, hit.end, True)
        return hit

    def _clauses(self, tokens: list[str], hits: list[_Hit]) -> list[tuple[int, int]]:
        covered = {i for h in hits for i in range(h.start, h.end)}
        bounds, start = [], 0
        for i, word in enumerate(tokens):
            if i not in covered and (word == "," or word in self.breaks):
                bounds.append((start, i))
                start = i + 1
        bounds.append((start, len(tokens)))
        return bounds

    def _rule_state(self, rule: _Rule, hits: list[_Hit], clauses) -> str | None:
        """yes (every concept said, none denied), negated (said, but a change denied), None (not said)."""
        if any(h.concept in rule.unless and not h.negated for h in hits):
            return None
        for lo, hi in [*clauses, (0, 10 ** 9)]:
            inside = [h for h in hits if lo <= h.start and h.end <= hi]
            positive = _combine(rule, [h for h in inside if not h.negated])
            if positive:
                return "yes"
        if _combine(rule, hits):
            return "negated"
        return None


def _combine(rule: _Rule, hits: list[_Hit]) -> bool:
    """Whether HITS hold every concept of RULE (within its word distance, if it has one)."""
    by_concept = [[h for h in hits if h.concept == c] for c in rule.concepts]
    if not all(by_concept):
        return False
    if rule.within is None or len(by_concept) < 2:
        return True
    first, *others = by_concept
    return any(all(any(_gap(a, b) <= rule.within for b in group) for group in others) for a in first)


def _gap(a: _Hit, b: _Hit) -> int:
    return max(b.start - a.end, a.start - b.end, 0)


# Words that start a sentence of their own after a leading "no" ("nah my bum's gone numb", not "no numbness").
SUBJECTS = {"i", "my", "me", "it", "there", "we", "he", "she", "they", "this", "that", "both", "one"}
# "nah yeah, had an accident" is a yes (Australian, New Zealand English): the "nah" denies nothing, comma or not.
FLIPPED_YES = {"yeah", "yes", "yep", "yup"}
# A reply's "neither" said in more words ("neither of them, I'm stuck on the floor": "them" is read as "me").
NEITHER_OF = (("of", "me"), ("of", "those"), ("of", "these"), ("one",))


def _sentence_after(tokens: list[str]) -> bool:
    """Whether a leading answer word ("no", "nah", "neither", "neither of them") is followed by a sentence of its own."""
    rest = tokens[1:]
    if tokens and tokens[0] == "neither":
        rest = next((rest[len(p):] for p in NEITHER_OF if tuple(rest[:len(p)]) == p), rest)
    return bool(rest) and rest[0] in SUBJECTS | FLIPPED_YES
# Words that carry nothing between a negation and what it denies ("haven't had a", "don't feel", "wasn't in an").
LIGHT_WORDS = {"feel", "felt", "feeling", "had", "have", "has", "been", "be", "a", "an", "any", "in"}


def tokenize(text: str) -> list[str]:
    """Lower-case words in their long forms ("can not", "is not", "i am"), "'s" dropped, commas for clause breaks."""
    text = text.lower().replace("\u2019", "'").replace("-", " ")
    text = re.sub(r"\bit's own\b", "its own", text)      # "on it's own": a transcription's apostrophe
    text = re.sub(r"[.;:!?]+", " , ", text)
    text = re.sub(r"[^\w', ]", " ", text).replace(",", " , ")
    words = []
    for word in text.split():
        word = TYPED.get(word.strip("'"), word.strip("'"))
        if not word:
            continue
        if word in LONG_FORMS:
            words += LONG_FORMS[word].split()
        elif word.endswith("n't"):
            words += [word[:-3], "not"]
        elif re.fullmatch(r"\w+'(?:ve|re|ll)", word):
            stem, tail = word.split("'")
            words += [stem, {"ve": "have", "re": "are", "ll": "will"}[tail]]
        elif word.endswith("'s") or word.endswith("'d"):
            words.append(word[:-2])
        else:
            words.append(word)
    return _able([w for w in words if w])


def _able(words: list[str]) -> list[str]:
    """"Not able to" and "unable to" in their short form "can not" (Indian and Irish English say "I am not able to
    breathe" where others say "I can't breathe"), so one listed phrase covers both."""
    out, i = [], 0
    while i < len(words):
        if words[i:i + 3] == ["not", "able", "to"]:
            out += ["can", "not"]
            i += 3
        elif words[i:i + 2] == ["unable", "to"]:
            out += ["can", "not"]
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


@functools.lru_cache(maxsize=None)
def _phrase_rx(phrase: str) -> re.Pattern:
    """Whole words separated by single spaces; "..." lets up to MAX_GAP_WORDS other words in."""
    rx = "".join(r"(?:\S+ ){0,%d}" % MAX_GAP_WORDS if word == GAP else re.escape(stem(word)) + " "
                 for word in tokenize(phrase.replace(GAP, " gapword ")) for word in [GAP if word == "gapword" else word])
    return re.compile(rx[:-1] + r"(?!\S)")


def _check(data: dict, tiers: dict, source_ids: set[str] | None) -> None:
    if not isinstance(data, dict) or {"negation", "concepts", "rules"} - set(data):
        raise SymptomDataError(f"{SYMPTOMS_FILE.name}: needs negation, concepts and rules")
    perspective = data.get("perspective") or {}
    if not isinstance(perspective, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip() for k, v in perspective.items()):
        raise SymptomDataError(f"{SYMPTOMS_FILE.name}: perspective: words said -> first-person words, both quoted text")
    concepts = data["concepts"]
    for name, concept in concepts.items():
        if not isinstance(concept, dict) or not concept.get("words"):
            raise SymptomDataError(f"{SYMPTOMS_FILE.name}: concepts.{name}: needs a list of words")
        for word in [*concept["words"], *[w for ws in (concept.get("locales") or {}).values() for w in ws]]:
            if not isinstance(word, str):   # YAML reads a bare no, yes, on or off as a boolean
                raise SymptomDataError(f"{SYMPTOMS_FILE.name}: concepts.{name}: {word!r} is not a word (quote it)")
        for source in concept.get("sources", []):
            if source_ids is not None and source not in source_ids:
                raise SymptomDataError(f"{SYMPTOMS_FILE.name}: concepts.{name}: unknown source {source!r}")
    used = set()
    for i, rule in enumerate(data["rules"]):
        where = f"{SYMPTOMS_FILE.name}: rules[{i}] ({rule.get('flag')})"
        if rule.get("flag") not in tiers:
            raise SymptomDataError(f"{where}: flag is not a screening question id or {CANT_WALK}")
        for concept in [*(rule.get("all") or [None]), *rule.get("unless", [])]:
            if concept not in concepts:
                raise SymptomDataError(f"{where}: unknown concept {concept!r}")
            used.add(concept)
        if not rule.get("sources"):
            raise SymptomDataError(f"{where}: every clinical mapping needs sources")
        for source in rule["sources"]:
            if source_ids is not None and source not in source_ids:
                raise SymptomDataError(f"{where}: unknown source {source!r}")
    context = data.get("weak_context") or {}
    for concept in context.get("concepts", []):
        if concept not in concepts:
            raise SymptomDataError(f"{SYMPTOMS_FILE.name}: weak_context: unknown concept {concept!r}")
        used.add(concept)
    unused = sorted(set(concepts) - used - {name for name, c in concepts.items() if c.get("masks")})
    if unused:
        raise SymptomDataError(f"{SYMPTOMS_FILE.name}: concepts no rule uses: {', '.join(unused)}")


def load_data(path: Path | str = SYMPTOMS_FILE) -> dict:
    """The symptoms data: in the Lambda zip as parsed at packaging (content/snapshot.py), else the YAML read with
    content's loader (libyaml when present, a key given twice refused), imported here, not at import."""
    from content import snapshot

    data = snapshot.parsed(path)
    if data is None:
        from content import loader   # PyYAML

        data = loader.read_yaml(Path(path), Path(path).name)
    return data


def screening_tiers(screening: dict) -> dict[str, int | None]:
    """question id -> tier, and cant_walk -> None."""
    tiers = {q["id"]: int(q["tier"]) for q in screening["questions"]}
    tiers.update({name: None for name in (screening.get("special") or {})})
    return tiers


@functools.lru_cache(maxsize=1)
def default_reader() -> SymptomReader:
    """The reader over the shipped content (built once per process)."""
    import content
    c = content.get()
    return SymptomReader(load_data(), screening_tiers(c.screening), set(c.sources))


def read_symptom(text: str, locale: str = "en-US") -> SymptomReading:
    """What TEXT (the words of a SYMPTOM slot, or a whole utterance) says about red flags, in LOCALE."""
    return default_reader().read(text or "", locale)
