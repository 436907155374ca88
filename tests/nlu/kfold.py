"""An honest estimate on the dev set: k-fold, each fold judged by models that never saw its sentences.

Usage: python tests/nlu/kfold.py [--folds 5] [--baseline REV] [--off] [DIRS...]   (default tests/nlu/dev)

The models were reworked from the dev set (dev sentences were written in as samples and synonyms), so the plain dev
figure says little about a sentence nobody wrote down. Here the dev sentences go into K folds by a salted hash; for
each fold, every sample or slot synonym that (a) was not in the models at BASELINE (the last commit before any
sample was tuned on dev) and (b) matches one of the fold's sentences word for word is removed from the models, and
the fold is resolved by what is left (shapes, fuzzy, the statistical stage trained on the remaining samples). The
figures over all folds are the held-out-fold estimate. The symptom reader's vocabulary (content/data/symptoms.yaml)
is NOT folded: the red-flag figures stay optimistic.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO))

from simulator.nlu import Matcher, analyse  # noqa: E402
from skill.models.evaluate import load_set, run, summarise  # noqa: E402
from skill.models.sync import LOCALES, dumps, load_model  # noqa: E402

BASELINE = "0cd2386"          # the models before the dev-tuned rework (7f94973)
SALT = "spasm-coach-kfold-v1"


def fold_of(case, folds: int) -> int:
    return hashlib.sha256(f"{SALT}\0{case.locale}\0{case.text}".encode()).digest()[0] % folds


def baseline_entries(locale: str, rev: str) -> set:
    """(intent, sample) and (type, word) pairs of the models at REV."""
    try:
        text = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:interaction_models/{locale}.json"],
                              capture_output=True, text=True, check=True).stdout
    except subprocess.CalledProcessError:
        return set()
    return _entries(json.loads(text))


def _entries(model: dict) -> set:
    lm = model["interactionModel"]["languageModel"]
    out = {(i["name"], s) for i in lm["intents"] for s in i.get("samples", [])}
    for t in lm.get("types", []):
        for v in t.get("values", []):
            for w in [v["name"]["value"], *v["name"].get("synonyms", [])]:
                out.add((t["name"], w))
    return out


def seen_entries(matcher: Matcher, text: str) -> set:
    """The samples (intent, sample) and slot words (type, normalised word) that match TEXT word for word."""
    norm = analyse(text)[0]
    found = set()
    for s in matcher.samples:
        m = s.rx.fullmatch(norm)
        if not m:
            continue
        slots = matcher._fill(s.intent, m, None, 0)
        if slots is None:
            continue
        found.add((s.intent, s.text))
        for f in slots.values():
            if f.status == "ER_SUCCESS_MATCH":
                found.add((f.type, norm[slice(*m.span(f.name))].removeprefix("a ").removeprefix("an ")))
    # A whole sentence written in as a slot synonym ("my bum's gone all numb").
    for name, table in matcher.types.items():
        if norm in table:
            found.add((name, norm))
    return found


def without(model: dict, drop: set, base: set) -> dict:
    """A copy of MODEL without the entries of DROP that BASE does not have (slot words compared normalised)."""
    from simulator.nlu import normalise
    model = copy.deepcopy(model)
    lm = model["interactionModel"]["languageModel"]
    for i in lm["intents"]:
        i["samples"] = [s for s in i.get("samples", []) if (i["name"], s) in base or (i["name"], s) not in drop]
    for t in lm.get("types", []):
        words = {w for typ, w in drop if typ == t["name"]}
        for v in t.get("values", []):
            v["name"]["synonyms"] = [w for w in v["name"].get("synonyms", [])
                                     if (t["name"], w) in base or normalise(w) not in words]
    return model


def _explain(matcher: Matcher, text: str) -> None:
    from simulator.statistical import tag_values
    r = matcher.resolve(text)
    print(f"{text!r}: {r.intent} ({r.how}) {r.slots_brief()}")
    for tagged, _ in tag_values(analyse(text)[0], matcher.types, matcher._typed_checks()):
        stage = matcher.statistical()
        ranked = sorted(stage.scores(tagged).items(), key=lambda kv: -kv[1])[:3]
        print(f"    {tagged!r} unseen {stage.unseen(tagged):.2f} " + ", ".join(f"{i} {v:.3f}" for i, v in ranked))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", default=[str(REPO / "tests" / "nlu" / "dev")])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--off", action="store_true", help="the statistical stage never confident")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--explain", action="append", help="a dev sentence: its fold's resolution and stage scores")
    parser.add_argument("--misses", action="store_true", help="list the held-out folds' misses (dev only)")
    args = parser.parse_args(argv)
    cases = load_set(args.dirs)
    models = {loc: load_model(loc) for loc in LOCALES if loc in {c.model for c in cases}}
    base = {loc: baseline_entries(loc, args.baseline) for loc in models}
    full = {loc: Matcher(m) for loc, m in models.items()}
    outcomes = []
    removed = 0
    for k in range(args.folds):
        fold = [c for c in cases if fold_of(c, args.folds) == k]
        drop = defaultdict(set)
        for c in fold:
            drop[c.model] |= seen_entries(full[c.model], c.text)
        with tempfile.TemporaryDirectory() as tmp:
            for loc, model in models.items():
                pruned = without(model, drop[loc], base[loc])
                removed += len(_entries(model) - _entries(pruned))
                Path(tmp, f"{loc}.json").write_text(dumps(pruned), encoding="utf-8")
                if args.off:
                    Matcher.for_locale(loc, tmp).statistical().min_score = 9.0
            outcomes += run(fold, models_dir=tmp)
            for c in fold:
                if args.explain and c.text in args.explain:
                    _explain(Matcher.for_locale(c.model, tmp), c.text)
    report = summarise(outcomes)
    if args.misses:
        from skill.models.evaluate import render
        print(render(report, outcomes, misses=True))
    keys = ("sentences", "intent_accuracy", "slot_accuracy", "fallback_rate", "red_flag_reached", "tier1_straight",
            "statistical")
    if args.json:
        print(json.dumps({loc: {k: f[k] for k in keys} for loc, f in report.items()}, indent=2))
    else:
        print(f"{args.folds}-fold on {', '.join(args.dirs)}: {removed} dev-matched entries held out in all")
        for loc, f in report.items():
            print(f"{loc:6} " + "  ".join(f"{k.replace('_accuracy', '')} {f[k]:.3f}" if isinstance(f[k], float)
                                          else f"{k} {f[k]}" for k in keys))
    return 0


if __name__ == "__main__":
    sys.exit(main())
