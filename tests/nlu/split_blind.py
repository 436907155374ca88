"""Split the blind utterance collection into a dev set and a held-out test set, once, deterministically.

Usage: python tests/nlu/split_blind.py SRC_DIR   (writes tests/nlu/dev/*.yaml and tests/nlu/test/*.yaml)

Each sentence goes to dev or test by a salted SHA-256 of its exact text (and locale), so the assignment of
a sentence never depends on which other sentences exist or on when the file was copied: re-running on a
grown file only adds the new sentences, each to its fixed side. Tune on dev; never tune on test.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import yaml

SALT = "spasm-coach-nlu-split-v1"
HERE = Path(__file__).resolve().parent


def side(item: dict) -> str:
    key = f"{SALT}\0{item.get('locale', '')}\0{item['text']}".encode("utf-8")
    return "dev" if hashlib.sha256(key).digest()[0] % 2 == 0 else "test"


def split_file(path: Path) -> dict[str, int]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    list_key = next(k for k, v in data.items() if isinstance(v, list))
    counts = {}
    for name in ("dev", "test"):
        part = {k: v for k, v in data.items() if k != list_key}
        part[list_key] = [item for item in data[list_key] if side(item) == name]
        counts[name] = len(part[list_key])
        out = HERE / name / path.name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(yaml.safe_dump(part, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    return counts


def main(argv: list[str]) -> int:
    src = Path(argv[1])
    for path in sorted(src.glob("*.yaml")):
        counts = split_file(path)
        print(f"{path.name}: dev {counts['dev']}, test {counts['test']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
