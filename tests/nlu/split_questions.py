"""Split the blind questions collection (tests/nlu/source/batch4/questions.yaml: questions people in a spasm ask, each
with a topic) into tests/nlu/questions/dev and tests/nlu/questions/test, one file per expected intent, by the same
salted hash as split_blind.py (a sentence's side never depends on the others). Tune on dev; never on test.

Usage: python tests/nlu/split_questions.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from split_blind import side  # noqa: E402

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source" / "batch4" / "questions.yaml"
OUT = HERE / "questions"
# topic -> the intent that answers it: "is this serious?" is the red-flag questions; a question about another
# condition is not the skill's ("didn't catch that" is its honest answer today).
INTENT_FOR = {"how_long": "HowLongIntent", "bed_rest": "BedRestIntent", "medicine": "MedicineIntent",
              "work": "ActivityIntent", "cause": "CauseIntent", "sleep": "SleepIntent", "prevention": "PreventionIntent",
              "serious": "StartScreeningIntent", "other_health": "AMAZON.FallbackIntent"}


def split() -> dict[str, int]:
    items = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))["items"]
    counts = {"dev": 0, "test": 0}
    for name in counts:
        for intent in sorted(set(INTENT_FOR.values())):
            sentences = [{"text": i["text"], "locale": i["locale"], "topic": i["topic"]} for i in items
                         if INTENT_FOR[i["topic"]] == intent and side(i) == name]
            out = OUT / name / f"{intent}.yaml"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(yaml.safe_dump({"intent": intent, "sentences": sentences}, sort_keys=False,
                                          allow_unicode=True, width=120), encoding="utf-8")
            counts[name] += len(sentences)
    return counts


if __name__ == "__main__":
    print(split())
