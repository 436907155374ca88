"""Copy a blind collection into tests/nlu/source/batch<N>/, as written, each item marked `batch: N`.

Usage: python tests/nlu/import_batch.py BLIND_DIR N
then:  python tests/nlu/split_blind.py tests/nlu/source/batch<N> --merge

BLIND_DIR holds intents/<Intent>.yaml ({intent, sentences}) and safety/{red_flags,answers,negatives}.yaml ({items}).
The negatives become AMAZON.FallbackIntent.yaml ({intent: AMAZON.FallbackIntent, sentences}), the shape
`spasm-coach models test` reads. Texts, locales, slots, flags and meanings are copied unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def _marked(items: list, batch: int) -> list:
    return [{**item, "batch": batch} for item in items]


def _dump(path: Path, data: dict, note: str) -> None:
    path.write_text(note + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")


def main(argv: list[str]) -> int:
    src, batch = Path(argv[1]), int(argv[2])
    out = HERE / "source" / f"batch{batch}"
    out.mkdir(parents=True, exist_ok=True)
    note = f"# Blind collection {batch}, copied from {src.name}/ unchanged (tests/nlu/import_batch.py).\n"
    for path in sorted((src / "intents").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        _dump(out / path.name, {"intent": data["intent"], "sentences": _marked(data["sentences"], batch)}, note)
        print(f"{path.name}: {len(data['sentences'])}")
    for name in ("red_flags", "answers"):
        data = yaml.safe_load((src / "safety" / f"{name}.yaml").read_text(encoding="utf-8"))
        _dump(out / f"{name}.yaml", {"items": _marked(data["items"], batch)}, note)
        print(f"{name}.yaml: {len(data['items'])}")
    data = yaml.safe_load((src / "safety" / "negatives.yaml").read_text(encoding="utf-8"))
    sentences = [{"text": item["text"], "locale": item["locale"], "batch": batch} for item in data["items"]]
    _dump(out / "AMAZON.FallbackIntent.yaml", {"intent": "AMAZON.FallbackIntent", "sentences": sentences},
          note + "# The blind negatives (safety/negatives.yaml): things said that are not for this skill.\n")
    print(f"negatives -> AMAZON.FallbackIntent.yaml: {len(sentences)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
