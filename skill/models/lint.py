"""The interaction-model linter: pure checks of models and manifest against Alexa's rules, each problem located."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

REFERENCE_LOCALE = "en-US"

# Alexa's published limits (create-the-interaction-model-for-your-skill.html#limits); the sample and
# invocation-name lengths are the console's validation limits.
MAX_MODEL_BYTES = 1_500_000
MAX_INTENTS = 250
MAX_INTENTS_AND_TYPES = 350
MAX_VALUE_CHARS = 140
MAX_SAMPLE_CHARS = 200
INVOCATION_CHARS = (2, 50)
MAX_EXAMPLE_PHRASES = 3
MAX_KEYWORDS = 30

REQUIRED_BUILTINS = ("AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.FallbackIntent",
                     "AMAZON.NavigateHomeIntent")
BUILTIN_SLOT_TYPES = {"AMAZON.DURATION", "AMAZON.NUMBER", "AMAZON.DATE", "AMAZON.TIME", "AMAZON.FOUR_DIGIT_NUMBER",
                      "AMAZON.Ordinal", "AMAZON.SearchQuery", "AMAZON.FirstName", "AMAZON.PhoneNumber"}

# Invocation-name rules (choose-the-invocation-name-for-a-custom-skill.html).
LAUNCH_WORDS = {"run", "start", "play", "resume", "use", "launch", "ask", "open", "tell", "load", "begin", "enable"}
CONNECTING_WORDS = {"to", "from", "in", "using", "with", "about", "for", "that", "by", "if", "and", "whether"}
WAKE_WORDS = {"alexa", "amazon", "echo", "computer"}
FORBIDDEN_NAME_WORDS = {"skill", "app"}
ARTICLES_PREPOSITIONS = {"the", "a", "an", "for", "to", "of", "about", "up", "by", "at", "off", "with"}

_LETTERS = r"[^\W\d_]"
WORD_RX = re.compile(rf"{_LETTERS}+(?:'{_LETTERS}*)*")          # words, contractions, possessives
ABBREVIATION_RX = re.compile(rf"(?:{_LETTERS}\.)+(?:'s)?")       # "n. p. r.", "a.m.", "p.'s"
SLOT_RX = re.compile(r"\{([^{}\s]*)\}")
NAME_RX = re.compile(r"[A-Za-z][A-Za-z_]*")
INTENT_NAME_RX = re.compile(r"(?:AMAZON\.)?[A-Za-z][A-Za-z_]*")
LAMBDA_ARN_RX = re.compile(r"arn:aws:lambda:[a-z0-9-]+:\d{12}:function:[\w-]+(?::[\w-]+)?")
LAUNCH_PHRASE_RX = re.compile(r"(?:open|launch|start|begin|load|run|talk to|play|use)")
ONE_SHOT_RX = re.compile(r"(?:ask|tell|open|launch|start|use|load|run)")
ONE_SHOT_CONNECTORS = ("to", "and", "for", "about", "that", "if", "whether")


@dataclass(frozen=True)
class Problem:
    """One rule broken, with where: locale, intent or slot type, and the sample or value."""

    locale: str
    where: str
    message: str
    sample: str | None = None

    def __str__(self) -> str:
        said = f" {self.sample!r}" if self.sample is not None else ""
        return f"{self.locale}: {self.where}:{said} {self.message}"


def language_model(model: dict) -> dict:
    """model["interactionModel"]["languageModel"] (empty when missing)."""
    return (model.get("interactionModel") or {}).get("languageModel") or {}


def sample_key(sample: str) -> str:
    """The form two samples are compared in: lower case, single spaces."""
    return " ".join(sample.lower().split())


# -- one model ---------------------------------------------------------------------------------------------

def lint_model(locale: str, model: dict, content_ids: dict | None = None) -> list[Problem]:
    """Every problem of one locale's model: invocation, samples, slots, types, values, limits."""
    lm = language_model(model)
    if not lm:
        return [Problem(locale, "model", "has no interactionModel.languageModel")]
    problems = lint_invocation(locale, lm.get("invocationName", ""))
    intents = lm.get("intents") or []
    types = {t.get("name"): t for t in lm.get("types") or []}
    problems += _lint_limits(locale, model, intents, types)
    names = [i.get("name", "") for i in intents]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(Problem(locale, name, "intent declared more than once"))
    for name in REQUIRED_BUILTINS:
        if name not in names:
            problems.append(Problem(locale, name, "built-in intent is not declared (Alexa requires it)"))
    seen: dict[str, str] = {}
    used_types = set()
    for intent in intents:
        problems += _lint_intent(locale, intent, types, seen)
        used_types.update(s.get("type") for s in intent.get("slots") or [])
    for name, slot_type in types.items():
        problems += _lint_type(locale, name, slot_type)
        if name not in used_types:
            problems.append(Problem(locale, f"slot type {name}", "is defined but no intent slot uses it"))
    for name, wanted in (content_ids or {}).items():
        have = {v.get("id") for v in (types.get(name) or {}).get("values", [])}
        if name not in types:
            problems.append(Problem(locale, f"slot type {name}", "is missing (content ids need it)"))
            continue
        for missing in sorted(set(wanted) - have):
            problems.append(Problem(locale, f"slot type {name}", "no value has this content id", missing))
        for extra in sorted(have - set(wanted) - {None}):
            problems.append(Problem(locale, f"slot type {name}", "value id is not a content id", extra))
    return problems


def lint_invocation(locale: str, name: str) -> list[Problem]:
    """Alexa's invocation-name rules."""
    where = "invocationName"
    problems = []

    def bad(message):
        problems.append(Problem(locale, where, message, name))

    if not INVOCATION_CHARS[0] <= len(name) <= INVOCATION_CHARS[1]:
        bad(f"must be {INVOCATION_CHARS[0]} to {INVOCATION_CHARS[1]} characters long")
    if name != name.lower():
        bad("must be lower case")
    if re.search(r"\d", name):
        bad("numbers must be spelled out")
    words = name.split()
    if any(not (WORD_RX.fullmatch(w) or ABBREVIATION_RX.fullmatch(w)) for w in words):
        bad("only letters, spaces, possessive apostrophes and periods in acronyms are allowed")
    if len(words) < 2:
        bad("one-word invocation names are not allowed")
    lowered = [w.lower().strip(".") for w in words]
    for group, why in ((LAUNCH_WORDS, "a launch word"), (CONNECTING_WORDS, "a connecting word"),
                       (WAKE_WORDS, "a wake word"), (FORBIDDEN_NAME_WORDS, "the word skill or app")):
        hits = sorted(set(lowered) & group)
        if hits:
            bad(f"must not contain {why} ({', '.join(hits)})")
    if len(words) == 2 and set(lowered) & ARTICLES_PREPOSITIONS:
        bad("a two-word name must not contain an article or preposition")
    return problems


def check_text(text: str, *, slots_allowed: bool) -> str | None:
    """Why TEXT is not a valid sample (or slot value); None when it is."""
    if not text.strip():
        return "is empty"
    if text != text.strip() or "  " in text:
        return "has leading, trailing or double spaces"
    if re.search(r"\d", text):
        return "numbers must be spelled out"
    for token in text.split():
        if slots_allowed and SLOT_RX.fullmatch(token):
            continue
        if not (WORD_RX.fullmatch(token) or ABBREVIATION_RX.fullmatch(token)):
            return (f"only letters, spaces, apostrophes and periods in abbreviations are allowed "
                    f"(bad word {token!r})")
    return None


def _lint_limits(locale, model, intents, types) -> list[Problem]:
    problems = []
    size = len(json.dumps(model, ensure_ascii=False).encode("utf-8"))
    if size > MAX_MODEL_BYTES:
        problems.append(Problem(locale, "model", f"is {size} bytes; Alexa's limit is {MAX_MODEL_BYTES}"))
    if len(intents) > MAX_INTENTS:
        problems.append(Problem(locale, "model", f"has {len(intents)} intents; the limit is {MAX_INTENTS}"))
    if len(intents) + len(types) > MAX_INTENTS_AND_TYPES:
        problems.append(Problem(locale, "model", f"has {len(intents) + len(types)} intents and slot types; "
                                                 f"the limit is {MAX_INTENTS_AND_TYPES}"))
    return problems


def _lint_intent(locale, intent, types, seen) -> list[Problem]:
    name = intent.get("name", "")
    problems = []
    if not INTENT_NAME_RX.fullmatch(name):
        problems.append(Problem(locale, name or "intent", "intent name may hold only letters and underscores"))
    slots = {}
    for slot in intent.get("slots") or []:
        slot_name, slot_type = slot.get("name", ""), slot.get("type", "")
        if not NAME_RX.fullmatch(slot_name):
            problems.append(Problem(locale, name, "slot name may hold only letters and underscores", slot_name))
        if slot_name in slots:
            problems.append(Problem(locale, name, "slot declared twice", slot_name))
        slots[slot_name] = slot_type
        if slot_type.startswith("AMAZON."):
            if slot_type not in BUILTIN_SLOT_TYPES:
                problems.append(Problem(locale, f"{name}.{slot_name}", "unknown built-in slot type", slot_type))
        elif slot_type not in types:
            problems.append(Problem(locale, f"{name}.{slot_name}", "slot type is not defined", slot_type))
    used = set()
    for sample in intent.get("samples") or []:
        why = check_text(sample, slots_allowed=True)
        if why:
            problems.append(Problem(locale, name, why, sample))
        if len(sample) > MAX_SAMPLE_CHARS:
            problems.append(Problem(locale, name, f"is longer than {MAX_SAMPLE_CHARS} characters", sample))
        for slot_name in SLOT_RX.findall(sample):
            used.add(slot_name)
            if slot_name not in slots:
                problems.append(Problem(locale, name, f"uses {{{slot_name}}}, which the intent does not declare",
                                        sample))
        key = sample_key(sample)
        if key in seen:
            other = seen[key]
            problems.append(Problem(locale, name, "duplicate sample" + (" within the intent" if other == name
                                                                       else f" (also in {other})"), sample))
        else:
            seen[key] = name
    for slot_name in slots:
        if slot_name not in used:
            problems.append(Problem(locale, f"{name}.{slot_name}", "slot is declared but no sample uses it"))
    return problems


def _lint_type(locale, name, slot_type) -> list[Problem]:
    where = f"slot type {name}"
    problems = []
    if not NAME_RX.fullmatch(name or ""):
        problems.append(Problem(locale, where, "slot type name may hold only letters and underscores"))
    values = slot_type.get("values") or []
    if not values:
        problems.append(Problem(locale, where, "has no values"))
    ids: set[str] = set()
    owner: dict[str, str] = {}
    for value in values:
        words = value.get("name") or {}
        canonical = words.get("value", "")
        value_id = value.get("id")
        if not value_id:
            problems.append(Problem(locale, where, "value has no id", canonical))
        elif value_id in ids:
            problems.append(Problem(locale, where, "value id used twice", value_id))
        ids.add(value_id)
        for word in [canonical, *words.get("synonyms", [])]:
            why = check_text(word, slots_allowed=False)
            if why:
                problems.append(Problem(locale, where, why, word))
            if len(word) > MAX_VALUE_CHARS:
                problems.append(Problem(locale, where, f"is longer than {MAX_VALUE_CHARS} characters", word))
            key = sample_key(word)
            if key in owner:
                problems.append(Problem(locale, where, f"value or synonym appears twice (ids {owner[key]} and "
                                                       f"{value_id})", word))
            owner[key] = value_id
    return problems


# -- across locales ----------------------------------------------------------------------------------------

def shape(model: dict) -> dict:
    """What every locale must share: intents with their slots, slot types with their value ids, invocation."""
    lm = language_model(model)
    return {"invocationName": lm.get("invocationName"),
            "intents": {i.get("name"): {s.get("name"): s.get("type") for s in i.get("slots") or []}
                        for i in lm.get("intents") or []},
            "types": {t.get("name"): sorted(v.get("id") or "" for v in t.get("values") or [])
                      for t in lm.get("types") or []}}


def lint_locales(models: dict[str, dict]) -> list[Problem]:
    """The same invocation name, intents, slots, slot types and value ids in every locale as in en-US."""
    if REFERENCE_LOCALE not in models:
        return [Problem(REFERENCE_LOCALE, "model", "is missing")]
    ref = shape(models[REFERENCE_LOCALE])
    problems = []
    for locale, model in sorted(models.items()):
        if locale == REFERENCE_LOCALE:
            continue
        got = shape(model)
        if got["invocationName"] != ref["invocationName"]:
            problems.append(Problem(locale, "invocationName", f"differs from {REFERENCE_LOCALE} "
                                                              f"({ref['invocationName']!r})", got["invocationName"]))
        for name in sorted(set(ref["intents"]) - set(got["intents"])):
            problems.append(Problem(locale, name, f"intent of {REFERENCE_LOCALE} is missing"))
        for name in sorted(set(got["intents"]) - set(ref["intents"])):
            problems.append(Problem(locale, name, f"intent is not in {REFERENCE_LOCALE}"))
        for name in sorted(set(ref["intents"]) & set(got["intents"])):
            if ref["intents"][name] != got["intents"][name]:
                problems.append(Problem(locale, name, f"slots {got['intents'][name]} differ from "
                                                      f"{REFERENCE_LOCALE} {ref['intents'][name]}"))
        for name in sorted(set(ref["types"]) ^ set(got["types"])):
            problems.append(Problem(locale, f"slot type {name}", f"is not in both this locale and "
                                                                 f"{REFERENCE_LOCALE}"))
        for name in sorted(set(ref["types"]) & set(got["types"])):
            if ref["types"][name] != got["types"][name]:
                problems.append(Problem(locale, f"slot type {name}", f"value ids {got['types'][name]} differ "
                                                                     f"from {REFERENCE_LOCALE}"))
    return problems


# -- models against the skill's handlers -------------------------------------------------------------------

def lint_handlers(models: dict[str, dict], handled: set[str], named: set[str]) -> list[Problem]:
    """Every model intent reaches a handler of its own (HANDLED); every intent the code names (NAMED) is modelled."""
    problems = []
    declared: dict[str, list[str]] = {}
    for locale, model in sorted(models.items()):
        for intent in language_model(model).get("intents") or []:
            declared.setdefault(intent.get("name"), []).append(locale)
    for name, locales in sorted(declared.items()):
        if name not in handled:
            problems.append(Problem(",".join(locales), name, "no handler in the skill answers this intent "
                                                             "(only the catch-all fallback would)"))
    for name in sorted(named - set(declared)):
        problems.append(Problem("skill", name, "a handler handles this intent but no interaction model declares "
                                               "it"))
    return problems


# -- the manifest ------------------------------------------------------------------------------------------

def sample_pieces(sample: str, slot_types: dict[str, str], values: dict[str, list[str]]) -> list:
    """The words a SAMPLE accepts, piece by piece: its own words (str), a custom slot's values and synonyms
    (frozenset), or any words (None: a built-in slot, or a type with no values); joined by single spaces."""
    pieces: list = []
    for piece in _SLOT_SPLIT.split(sample_key(sample)):
        piece = piece.strip()
        if not piece:
            continue
        if piece.startswith("{"):
            words = values.get(slot_types.get(piece[1:-1], ""))
            pieces.append(frozenset(words) if words else None)
        else:
            pieces.append(piece)
    return pieces


def fits(pieces: list, text: str) -> bool:
    """Whether TEXT is PIECES (sample_pieces) joined by single spaces. (A regex per sample with every value of its
    slot in it did the same, but compiling those regexes cost seconds; this is a set look-up per split.)"""
    if not pieces:
        return text == ""
    head, rest = pieces[0], pieces[1:]
    if isinstance(head, str):
        return text == head if not rest else text.startswith(head + " ") and fits(rest, text[len(head) + 1:])
    ends = [i for i, ch in enumerate(text) if ch == " "] if rest else [len(text)]
    for end in ends:
        middle = text[:end]
        if (middle in head if head is not None else _ANY_WORDS.fullmatch(middle)) and (
                not rest or fits(rest, text[end + 1:])):
            return True
    return False


_SLOT_SPLIT = re.compile(r"(\{\w+\})")
_ANY_WORDS = re.compile(r"[\w' .-]+")


def utterance_matches(model: dict, utterance: str) -> str | None:
    """The intent whose samples accept UTTERANCE (punctuation and case ignored), or None."""
    lm = language_model(model)
    values = {t["name"]: [sample_key(w) for v in t.get("values", [])
                          for w in [v["name"]["value"], *v["name"].get("synonyms", [])]]
              for t in lm.get("types") or []}
    text = _plain(utterance)
    for intent in lm.get("intents") or []:
        slot_types = {s["name"]: s["type"] for s in intent.get("slots") or []}
        for sample in intent.get("samples") or []:
            key = sample_key(sample)
            if "{" not in key:
                if key == text:
                    return intent["name"]
                continue
            # The sample's own words must all be in the utterance: most samples fail here, before any matching.
            if not all(piece.strip() in text for piece in _SLOT.split(key)[::2]):
                continue
            if fits(sample_pieces(sample, slot_types, values), text):
                return intent["name"]
    return None


_SLOT = re.compile(r"\{\w+\}")


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w' ]", " ", text.lower().replace("\u2019", "'")).split())


def lint_example_phrase(locale: str, model: dict, phrase: str, first: bool) -> str | None:
    """Why an example phrase would fail certification; None when Alexa would route it."""
    invocation = language_model(model).get("invocationName", "")
    text = _plain(phrase)
    if first and not (text.startswith("alexa ") and invocation in text):
        return "the first example phrase must start with the wake word and contain the invocation name"
    if text.startswith("alexa "):
        rest = text[len("alexa "):]
        inv = re.escape(invocation)
        if re.fullmatch(rf"(?:{LAUNCH_PHRASE_RX.pattern} )?{inv}", rest):
            return None
        connectors = "|".join(ONE_SHOT_CONNECTORS)
        m = re.fullmatch(rf"{ONE_SHOT_RX.pattern} {inv} (?:(?:{connectors}) )?(?P<u>.+)", rest)
        if not m:
            return f"does not invoke {invocation!r} (say 'Alexa, open {invocation}' or 'Alexa, ask {invocation} " \
                   f"to ...')"
        text = m.group("u")
    if not utterance_matches(model, text):
        return f"matches no sample of the {locale} model ({text!r})"
    return None


def lint_manifest(manifest: dict, models: dict[str, dict], emergency_numbers: dict[str, list[str]]) -> list[Problem]:
    """The skill manifest: locales, disclaimer with the local emergency numbers, example phrases, compliance."""
    problems = []
    body = manifest.get("manifest") or {}
    info = body.get("publishingInformation") or {}
    locales = info.get("locales") or {}

    def bad(locale, where, message, sample=None):
        problems.append(Problem(locale, where, message, sample))

    for locale in sorted(set(models) - set(locales)):
        bad(locale, "skill.json publishingInformation", "no store entry for a locale that has a model")
    for locale in sorted(set(locales) - set(models)):
        bad(locale, "skill.json publishingInformation", "store entry for a locale with no model")
    for locale, entry in sorted(locales.items()):
        where = "skill.json publishingInformation"
        for field in ("name", "summary", "description", "examplePhrases", "keywords"):
            if not entry.get(field):
                bad(locale, where, f"{field} is missing")
        description = " ".join((entry.get("description") or "").lower().split())
        if "not a substitute for professional medical advice" not in description:
            bad(locale, f"{where} description", "must say it is not a substitute for professional medical advice")
        if not re.search(r"not (?:for|be used in|to be used in|for use in) (?:an )?emergenc", description):
            bad(locale, f"{where} description", "must say it is not for emergencies")
        for number in emergency_numbers.get(locale, []):
            if not re.search(rf"(?<!\d){number}(?!\d)", description):
                bad(locale, f"{where} description", f"must give the local emergency number {number}")
        phrases = entry.get("examplePhrases") or []
        if len(phrases) > MAX_EXAMPLE_PHRASES:
            bad(locale, f"{where} examplePhrases", f"at most {MAX_EXAMPLE_PHRASES} example phrases")
        if len(entry.get("keywords") or []) > MAX_KEYWORDS:
            bad(locale, f"{where} keywords", f"at most {MAX_KEYWORDS} keywords")
        if locale in models:
            for index, phrase in enumerate(phrases):
                why = lint_example_phrase(locale, models[locale], phrase, index == 0)
                if why:
                    bad(locale, f"{where} examplePhrases", why, phrase)
    if not info.get("category"):
        bad("skill", "skill.json publishingInformation", "category is missing")
    if not info.get("testingInstructions"):
        bad("skill", "skill.json publishingInformation", "testingInstructions are missing (certification reads them)")
    privacy = body.get("privacyAndCompliance") or {}
    for field in ("allowsPurchases", "usesPersonalInfo", "isChildDirected", "isExportCompliant", "containsAds"):
        if not isinstance(privacy.get(field), bool):
            bad("skill", "skill.json privacyAndCompliance", f"{field} must be true or false")
    if privacy.get("usesPersonalInfo"):
        for locale in sorted(models):
            if not (privacy.get("locales") or {}).get(locale, {}).get("privacyPolicyUrl"):
                bad(locale, "skill.json privacyAndCompliance", "usesPersonalInfo needs a privacyPolicyUrl")
    scopes = {p.get("name") for p in body.get("permissions") or []}
    if "alexa::alerts:timers:skill:readwrite" not in scopes:
        bad("skill", "skill.json permissions", "the timer permission alexa::alerts:timers:skill:readwrite is missing")
    endpoint = (((body.get("apis") or {}).get("custom") or {}).get("endpoint") or {})
    uri = endpoint.get("uri", "")
    if uri.startswith("https://"):
        if endpoint.get("sslCertificateType") not in ("Wildcard", "SelfSigned", "Trusted"):
            bad("skill", "skill.json apis.custom.endpoint", "an https endpoint needs sslCertificateType "
                                                            "Wildcard, SelfSigned or Trusted")
    elif not LAMBDA_ARN_RX.fullmatch(uri):
        bad("skill", "skill.json apis.custom.endpoint", "uri must be an https URL or a Lambda ARN", uri)
    return problems
