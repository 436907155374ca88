"""Linker: every response key the code uses exists, and every catalogue key is used (by code or by data).

Keys used in code are string literals in skill/**/*.py that look like a catalogue key of a known area
("frame.help", passed to say/reprompt/card/say_list or kept in a constant). An f-string such as
f"screening.question.{qid}" uses every key with that prefix. Keys a data file speaks through (screening
questions, safety lines, exercise lines...) count as used. Until every capability has landed, the
"every catalogue key is used" half is expected to fail for the capability areas that are not written yet.
"""
from __future__ import annotations

import ast
from pathlib import Path

import content
from content.schema import KEY_RE

ROOT = Path(__file__).resolve().parents[1]
AREAS = ("frame", "therapy", "routine", "screening", "common", "exercise", "reminders")
C = content.get()


def _code_keys() -> tuple[dict[str, str], set[str]]:
    """({literal key: where}, {f-string prefixes}) over skill/**/*.py."""
    literals: dict[str, str] = {}
    prefixes: set[str] = set()
    for path in sorted((ROOT / "skill").rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                if KEY_RE.match(value) and value.split(".", 1)[0] in AREAS:
                    literals.setdefault(value, f"{path.relative_to(ROOT)}:{node.lineno}")
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                if head.split(".", 1)[0] in AREAS and head.endswith(".") and KEY_RE.match(head + "x"):
                    prefixes.add(head)
    return literals, prefixes


def test_every_response_key_used_in_code_exists():
    literals, prefixes = _code_keys()
    missing = {key: where for key, where in literals.items() if key not in C.responses}
    assert missing == {}, f"keys used in code but not in content/data/responses: {missing}"
    dangling = {p for p in prefixes if not any(k.startswith(p) for k in C.responses)}
    assert dangling == set(), f"f-string key prefixes with no catalogue key: {dangling}"


def test_every_catalogue_key_is_used_by_code_or_data():
    literals, prefixes = _code_keys()
    used = set(literals) | set(C.referenced_keys)
    unused = sorted(k for k in C.responses if k not in used and not any(k.startswith(p) for p in prefixes))
    assert unused == [], f"catalogue keys nothing uses (remove them or use them): {unused}"


def test_the_linker_sees_the_renderers_own_keys():
    literals, _ = _code_keys()
    for key in ("common.count", "common.hold.start", "common.hold.end", "common.list.and"):
        assert literals[key].startswith("skill/render.py")
