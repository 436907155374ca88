"""Split the blind utterance collection into a dev set and a held-out test set, once, deterministically.

Usage: python tests/nlu/split_blind.py SRC_DIR [--merge]   (writes tests/nlu/dev/*.yaml and tests/nlu/test/*.yaml)

--merge keeps what dev/ and test/ already hold and adds SRC_DIR's sentences to their sides (a sentence already
there, same locale and text, is not added twice): how a later collection (tests/nlu/source/batch2/, each item
marked `batch: 2`) joins the first one. Items without a `batch` field are the first collection.

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


def split_file(path: Path, merge: bool = False) -> dict[str, int]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    list_key = next(k for k, v in data.items() if isinstance(v, list))
    counts = {}
    for name in ("dev", "test"):
        out = HERE / name / path.name
        part = {k: v for k, v in data.items() if k != list_key}
        new = [item for item in data[list_key] if side(item) == name]
        if merge and out.exists():
            part = yaml.safe_load(out.read_text(encoding="utf-8"))
            have = {(item.get("locale"), item["text"]) for item in part[list_key]}
            new = [item for item in new if (item.get("locale"), item["text"]) not in have]
            part[list_key] = part[list_key] + new
        else:
            part[list_key] = new
        counts[name] = len(new)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(yaml.safe_dump(part, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    return counts


def main(argv: list[str]) -> int:
    src = Path(argv[1])
    merge = "--merge" in argv[2:]
    for path in sorted(src.glob("*.yaml")):
        counts = split_file(path, merge)
        print(f"{path.name}: dev {counts['dev']}, test {counts['test']}" + (" added" if merge else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
