"""`spasm-coach models test`: labelled utterances through the simulator's NLU, measured like a model.

A set is YAML files in the shape of tests/nlu/: `<Intent>.yaml` ({intent, sentences: [{text, locale, slots?}]}) and
`red_flags.yaml` ({items: [{text, locale, flag, expect}]}); other files (answers.yaml) are skipped. en-IE sentences
run on the en-GB model and en-NZ on en-AU, as Alexa serves them. The simulator is imported only when this runs: the
skill itself never depends on it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent.parent
DEFAULT_SET = REPO / "tests" / "nlu" / "test"
MODEL_FOR = {"en-IE": "en-GB", "en-NZ": "en-AU"}
FALLBACK = "AMAZON.FallbackIntent"
SYMPTOM_INTENT = "ReportSymptomIntent"
EMERGENCY_INTENT = "EmergencyIntent"
# Intents after which the conversation is in the red-flag questions or the emergency advice.
REACHES_SCREEN = {SYMPTOM_INTENT, EMERGENCY_INTENT, "StartScreeningIntent"}
RED_FLAG_EXPECTS = ("emergency", "today", "days", "ask")
SKIPPED_FILES = {"answers.yaml"}
_YAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)     # libyaml when present: the same data, faster
# An answer said with words: outside a screening question the skill takes it as the intent its words stand for
# (skill/handlers/screening.py AnswerWordsInterceptor), so it is measured as that intent.
ANSWER_INTENT, ANSWER_SLOT = "AnswerIntent", "answer"


@dataclass
class Case:
    text: str
    locale: str                          # the locale it was written in
    model: str                           # the model it runs on
    intent: str | None = None            # expected intent (intent files)
    slots: dict = field(default_factory=dict)
    flag: str | None = None              # red_flags.yaml
    expect: str | None = None


@dataclass
class Outcome:
    case: Case
    intent: str | None
    slots: dict                          # name -> (value, id)
    how: str
    slot_hits: int = 0
    slot_total: int = 0
    reading: object = None               # SymptomReading (red flags)


def load_set(paths) -> list[Case]:
    """Cases from YAML files and folders (a folder: its *.yaml files)."""
    files = []
    for path in map(Path, paths):
        files += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    cases = []
    for path in files:
        if path.name in SKIPPED_FILES:
            continue
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML) or {}  # noqa: S506 - a safe loader
        if "intent" in data:
            for s in data.get("sentences") or []:
                cases.append(Case(s["text"], s["locale"], MODEL_FOR.get(s["locale"], s["locale"]), data["intent"],
                                  {k: str(v) for k, v in (s.get("slots") or {}).items()}))
        else:
            for s in data.get("items") or []:
                if "expect" in s:
                    cases.append(Case(s["text"], s["locale"], MODEL_FOR.get(s["locale"], s["locale"]),
                                      flag=s.get("flag"), expect=s["expect"]))
    return cases


def _slot_matches(name: str, expected: str, got: dict) -> bool:
    from simulator.durations import iso_seconds
    value, ident = got.get(name, (None, None))
    if ident is not None:
        return ident == expected
    if name == "duration":
        if value is None and got.get("minutes", (None, None))[0] is not None:
            value = f"PT{round(float(got['minutes'][0]))}M"       # the skill reads a bare number as minutes
        return value is not None and iso_seconds(value) == iso_seconds(expected)
    if name == "time" and value is not None:
        from simulator.datetimes import alexa_time     # the session sends Alexa's value: "six pm" -> 18:00, MO
        value = alexa_time(value) or value
    return value is not None and value.lower() == expected.lower()


def run(cases: list[Case], models_dir=None) -> list[Outcome]:
    """Resolve every case on its locale's model; red flags are also read by the skill's symptom reader."""
    from simulator.nlu import Matcher
    from skill.domain.answers import intent_meaning
    from skill.handlers.turns import NONE, acknowledged
    from skill.domain.symptoms import read_symptom
    outcomes = []
    for case in cases:
        r = Matcher.for_locale(case.model, models_dir).resolve(case.text)
        intent = r.intent if r.request_type == "IntentRequest" else r.request_type
        slots = {n: (s.value, s.id) for n, s in r.slots.items() if s is not None and s.value is not None}
        # A bare acknowledgement ("okay", "sure") is the yes it stands for anywhere but at a screening question (the
        # labelled sentences are said with no question on the table): skill/handlers/frame.AcknowledgementInterceptor.
        intent = acknowledged(NONE, intent)
        if intent == ANSWER_INTENT:
            words, listed = slots.get(ANSWER_SLOT, (None, None))
            intent = intent_meaning(words, case.model, listed)
            slots = {"symptom": (words, None)} if intent == SYMPTOM_INTENT else {}
        out = Outcome(case, intent, slots, r.how)
        for name, expected in case.slots.items():
            out.slot_total += 1
            out.slot_hits += _slot_matches(name, expected, slots)
        if case.expect is not None:
            words = slots.get("symptom", (None, None))[0] if intent == SYMPTOM_INTENT else None
            out.reading = read_symptom(words or case.text, case.model)
        outcomes.append(out)
    return outcomes


def _rate(hits: int, total: int) -> float | None:
    return hits / total if total else None


def red_flag_outcome(out: Outcome) -> dict:
    """What the conversation does with a red-flag case: reaches the screen or the emergency advice, goes straight to
    the emergency advice, or neither."""
    reading = out.reading
    reached = out.intent in REACHES_SCREEN
    # "My husband has chest pain" heard as a request to call him (help: family) gets the number and the offer of the
    # questions, not the emergency advice.
    call_request = out.slots.get("help", (None, None))[1] == "family"
    straight = (out.intent == EMERGENCY_INTENT and not call_request) or (
        out.intent == SYMPTOM_INTENT and reading is not None and reading.tier == 1 and not reading.needs_question)
    return {"reached": reached, "straight": straight}


def summarise(outcomes: list[Outcome]) -> dict:
    """Figures per model locale and overall: intent and slot accuracy, confusion, red flags, negatives."""
    groups = defaultdict(list)
    for out in outcomes:
        groups[out.case.model].append(out)
        groups["all"].append(out)
    report = {}
    for name, group in sorted(groups.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        labelled = [o for o in group if o.case.intent is not None]
        negatives = [o for o in labelled if o.case.intent == FALLBACK]
        flags = [o for o in group if o.case.expect is not None]
        confusion = defaultdict(Counter)
        for o in labelled:
            confusion[o.case.intent][o.intent] += 1
        red = [o for o in flags if o.case.expect in RED_FLAG_EXPECTS]
        tier1 = [o for o in flags if o.case.expect == "emergency"]
        calm = [o for o in flags if o.case.expect in ("not_flag", "none")]
        report[name] = {
            "sentences": len(labelled),
            "intent_accuracy": _rate(sum(o.intent == o.case.intent for o in labelled), len(labelled)),
            "slot_accuracy": _rate(sum(o.slot_hits for o in labelled), sum(o.slot_total for o in labelled)),
            "slots": sum(o.slot_total for o in labelled),
            "negatives": len(negatives),
            "fallback_rate": _rate(sum(o.intent == FALLBACK for o in negatives), len(negatives)),
            "red_flags": len(red),
            "red_flag_reached": _rate(sum(red_flag_outcome(o)["reached"] for o in red), len(red)),
            "tier1": len(tier1),
            "tier1_straight": _rate(sum(red_flag_outcome(o)["straight"] for o in tier1), len(tier1)),
            "calm": len(calm),
            "calm_not_emergency": _rate(sum(not red_flag_outcome(o)["straight"] for o in calm), len(calm)),
            "statistical": sum(o.how == "statistical" for o in group),
            "confusion": {k: dict(v) for k, v in sorted(confusion.items())},
        }
    return report


FLOORS = (("intent_accuracy", "min_intent", "intent accuracy"), ("slot_accuracy", "min_slot", "slot accuracy"),
          ("red_flag_reached", "min_red_flag", "red flags reaching the screen"),
          ("tier1_straight", "min_tier1", "tier-1 red flags straight to the emergency advice"),
          ("fallback_rate", "min_fallback", "negatives answered FallbackIntent"))


def below_floors(report: dict, floors: dict) -> list[str]:
    """Every figure (per locale and overall) under its floor, as a sentence."""
    problems = []
    for locale, figures in report.items():
        for key, floor_name, label in FLOORS:
            floor = floors.get(floor_name)
            value = figures.get(key)
            if floor is not None and value is not None and value < floor:
                problems.append(f"{locale}: {label} {value:.3f} is under the floor {floor:.3f}")
    return problems


def _fmt(value) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def render(report: dict, outcomes: list[Outcome], misses: bool = False) -> str:
    lines = ["locale  sentences  intent  slots   negatives->fallback  red flags reached  tier-1 straight  "
             "calm kept calm  statistical"]
    for locale, f in report.items():
        lines.append(f"{locale:7} {f['sentences']:9}  {_fmt(f['intent_accuracy'])} {_fmt(f['slot_accuracy'])}   "
                     f"{_fmt(f['fallback_rate'])} ({f['negatives']:3})       {_fmt(f['red_flag_reached'])} ({f['red_flags']:3})"
                     f"     {_fmt(f['tier1_straight'])} ({f['tier1']:3})  {_fmt(f['calm_not_emergency'])} ({f['calm']:3})"
                     f"  {f['statistical']:5}")
    lines.append("")
    lines.append("confusion (all locales; expected -> what came back, rows with a miss):")
    for expected, got in report["all"]["confusion"].items():
        total = sum(got.values())
        wrong = {k: v for k, v in got.items() if k != expected}
        if wrong:
            shown = ", ".join(f"{k} {v}" for k, v in sorted(wrong.items(), key=lambda kv: -kv[1]))
            lines.append(f"  {expected}: {got.get(expected, 0)}/{total} right; {shown}")
    if misses:
        lines.append("")
        lines.append("misses:")
        for o in outcomes:
            c = o.case
            if c.intent is not None and (o.intent != c.intent or o.slot_hits < o.slot_total):
                lines.append(f"  [{c.locale}] {c.text!r}: expected {c.intent} {c.slots or ''}, got {o.intent} "
                             f"{ {k: v[1] or v[0] for k, v in o.slots.items()} or ''} ({o.how})")
            elif c.expect is not None:
                ro = red_flag_outcome(o)
                bad = ((c.expect in RED_FLAG_EXPECTS and not ro["reached"]) or (c.expect == "emergency" and not ro["straight"])
                       or (c.expect in ("not_flag", "none") and ro["straight"]))
                if bad:
                    r = o.reading
                    lines.append(f"  [{c.locale}] {c.text!r}: {c.expect} {c.flag}, got {o.intent} "
                                 f"read {r.flag} tier {r.tier}{' question' if r.needs_question else ''}")
    return "\n".join(lines)


def main(args) -> int:
    paths = args.files or [DEFAULT_SET]
    cases = load_set(paths)
    if args.locale:
        wanted = set(args.locale)
        cases = [c for c in cases if c.model in wanted or c.locale in wanted]
    if not cases:
        print("spasm-coach models test: no sentences in " + ", ".join(map(str, paths)))
        return 2
    outcomes = run(cases)
    report = summarise(outcomes)
    floors = {name: getattr(args, name) for _, name, _ in FLOORS}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(render(report, outcomes, misses=args.misses))
    problems = below_floors(report, floors)
    for problem in problems:
        print(problem)
    return 1 if problems else 0
