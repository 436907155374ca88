"""Linker: every response key the code uses exists; every catalogue key and every data field is used by code.

Keys used in code are string literals in skill/**/*.py that look like a catalogue key of a known area
("frame.help", passed to say/reprompt/card/say_list or kept in a constant). An f-string such as
f"screening.question.{qid}" uses every key with that prefix. A key a data file speaks through (a screening
question's prompt, an exercise line...) counts as used only when code reads the data field that names it.

A data field counts as read when every field name on its path (ids of id-keyed mappings and list positions aside)
is read by code in skill/, content/model.py or content/__init__.py (which builds the Content) as a literal:
x["field"], x.get("field"), "field" in x. `sources`
(citations, shown in the review pack) need no reader. Fields and keys still waiting for their reader are listed
below with who wires them; a listed one that becomes read (or gone) fails the test, so the list only shrinks.
"""
from __future__ import annotations

import ast
import functools
from pathlib import Path

import content
from content.loader import read_all
from content.schema import KEY_RE
from conftest import load_yaml
from review.scan import parse_file

ROOT = Path(__file__).resolve().parents[1]
AREAS = ("frame", "therapy", "routine", "screening", "common", "exercise", "reminders", "checkin", "question", "health")
C = content.get()
# Mappings whose keys are ids (data), not field names.
ID_KEYED = {"therapies", "checks", "exercises", "cautions", "routines", "tiers", "special", "answers", "locales",
            "say", "responses", "concepts", "countries", "postal_prefixes", "perspective"}
# Data files the content loader does not read itself, checked here too.
EXTRA_FILES = ("symptoms.yaml",)
CITATIONS = {"sources"}
# (file, field path without ids) -> who reads it. Everything under a listed path is covered by it.
EXPECTED_UNREAD: dict[tuple[str, str], str] = {}
# Catalogue keys no code speaks yet -> who wires them.
EXPECTED_UNSPOKEN: dict[str, str] = {}


@functools.cache     # one scan of the code (or data) per run; callers only read it
def _code_keys() -> tuple[dict[str, str], set[str]]:
    """({literal key: where}, {f-string prefixes}) over skill/**/*.py."""
    literals: dict[str, str] = {}
    prefixes: set[str] = set()
    for path in sorted((ROOT / "skill").rglob("*.py")):
        tree = parse_file(path)
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


def test_the_linker_sees_the_renderers_own_keys():
    literals, _ = _code_keys()
    for key in ("common.count", "common.hold.start", "common.hold.end", "common.list.and"):
        assert literals[key].startswith("skill/render.py")


@functools.cache     # one scan of the code (or data) per run; callers only read it
def _code_reads() -> dict[str, str]:
    """{field name: where} for literals code reads as fields: x["f"], x.get("f"), x.pop("f"), "f" in x."""
    reads: dict[str, str] = {}
    content_readers = [ROOT / "content" / "model.py", ROOT / "content" / "__init__.py"]
    for path in [*sorted((ROOT / "skill").rglob("*.py")), *content_readers]:
        for node in ast.walk(parse_file(path)):
            found = None
            if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
                found = node.slice
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args
                  and node.func.attr in ("get", "pop", "setdefault") and isinstance(node.args[0], ast.Constant)):
                found = node.args[0]
            elif (isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant)
                  and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops)):
                found = node.left
            if found is not None and isinstance(found.value, str):
                reads.setdefault(found.value, f"{path.relative_to(ROOT)}:{found.lineno}")
    return reads


def _fields(node, path=()) -> set[tuple[str, ...]]:
    """Every field path of a data file, ids and list positions left out (("tiers", "outcome"), ...)."""
    found: set[tuple[str, ...]] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if path and path[-1] in ID_KEYED and not _is_field(path):
                found |= _fields(value, path + (f"<{key}>",))
                continue
            found.add(path + (str(key),))
            if str(key) not in CITATIONS:
                found |= _fields(value, path + (str(key),))
    elif isinstance(node, list):
        for value in node:
            found |= _fields(value, path)
    return found


def _is_field(path) -> bool:
    """An id-keyed name that is itself an id (an exercise called "checks") is not a mapping of ids."""
    return len(path) > 1 and path[-2].startswith("<") is False and path[-2] in ID_KEYED


def _named(path) -> list[str]:
    return [p for p in path if not p.startswith("<")]


def _expected(file: str, path) -> str | None:
    named = _named(path)
    for (f, listed), who in EXPECTED_UNREAD.items():
        parts = listed.split(".")
        if f == file and named[:len(parts)] == parts:
            return who
    return None


@functools.cache     # one scan of the code (or data) per run; callers only read it
def _data_files() -> dict:
    files, _ = read_all()
    for name in EXTRA_FILES:
        path = ROOT / "content" / "data" / name
        if path.exists():
            files[name] = load_yaml(path.read_text(encoding="utf-8"))
    return files


def _unread(reads) -> dict[str, list[str]]:
    files = _data_files()
    out: dict[str, list[str]] = {}
    for file, data in files.items():
        if file == "sources.yaml":
            continue
        for path in sorted(_fields(data)):
            missing = [n for n in _named(path) if n not in reads]
            if missing and path[-1] not in CITATIONS:
                out.setdefault(file, []).append(".".join(path))
    return out


def test_every_data_field_is_read_by_code():
    reads = _code_reads()
    unread = []
    for file, paths in _unread(reads).items():
        unread += [f"{file}: {p}" for p in paths
                   if _expected(file, tuple(p.split("."))) is None]
    assert unread == [], ("data fields no code reads (read them in skill/, or remove them; see the module "
                          f"docstring): {unread}")


def test_the_expected_unread_fields_are_still_unread():
    reads = _code_reads()
    unread = _unread(reads)
    stale = []
    for (file, listed), who in EXPECTED_UNREAD.items():
        if not any(_expected(file, tuple(p.split("."))) == who for p in unread.get(file, [])):
            stale.append(f"{file}: {listed} ({who})")
    assert stale == [], f"now read (or gone): delete them from EXPECTED_UNREAD: {stale}"


def _spoken_keys() -> set[str]:
    """Catalogue keys code speaks: literals, f-string prefixes, and keys named by data fields code reads."""
    literals, prefixes = _code_keys()
    reads = _code_reads()
    spoken = {k for k in C.responses if k in literals or any(k.startswith(p) for p in prefixes)}
    from review.scan import data_uses
    for key, refs in data_uses().items():
        for file, item in refs:
            parts = [p.split("[", 1)[0].split("(", 1)[0] for p in item.split(".")]
            path, prev = [], None
            for part in parts:
                path.append(f"<{part}>" if prev in ID_KEYED else part)
                prev = part if prev not in ID_KEYED else None
            if all(n in reads for n in _named(path)) and _expected(file, tuple(path)) is None:
                spoken.add(key)
    # A line's form for another listener (`<key>.someone_else`) is spoken by the renderer wherever its key is.
    from skill.render import AUDIENCES
    spoken |= {f"{k}.{a}" for k in spoken for a in AUDIENCES if f"{k}.{a}" in C.responses}
    return spoken


def test_every_catalogue_key_is_spoken_by_code():
    spoken = _spoken_keys()
    unspoken = sorted(k for k in C.responses if k not in spoken and k not in EXPECTED_UNSPOKEN)
    assert unspoken == [], f"catalogue keys no code speaks (remove them or speak them): {unspoken}"
    stale = sorted(k for k in EXPECTED_UNSPOKEN if k in spoken or k not in C.responses)
    assert stale == [], f"now spoken (or gone): delete them from EXPECTED_UNSPOKEN: {stale}"


def test_the_linker_does_not_count_a_field_no_code_reads():
    """A key named only by a field nothing reads is not spoken, however the data file refers to it."""
    reads = _code_reads()
    assert "safety" not in reads and "say_names" not in reads
    assert "prompt" in reads and "outcome" in reads


def test_a_field_no_code_reads_is_found_and_ids_are_not_fields():
    reads = {"tiers", "outcome", "sources"}
    fields = _fields({"tiers": {1: {"outcome": "x", "sources": ["a"], "nobody_reads_this": True}}})
    unread = sorted(p for p in fields if any(n not in reads for n in _named(p)))
    assert unread == [("tiers", "<1>", "nobody_reads_this")]


def test_the_fever_questions_emergency_signs_rule_is_linked_to_its_sources():
    """skill/domain/answers.py's infection rule (a fever with a stiff neck, a rash that does not fade, confusion:
    the emergency advice) is named by the data of the questions it reads, with the NHS meningitis and sepsis
    pages as its sources, and its fallback list in code names the same questions."""
    from skill.domain import answers
    from skill.domain.screening import sign_rule
    named = {q["id"] for q in C.screening["questions"] if sign_rule(q) == answers.INFECTION_RULE}
    assert named == set(answers.INFECTION_QUESTIONS) == {"fever"}
    for q in C.screening["questions"]:
        if q["id"] in named:
            assert {"nhs_meningitis", "nhs_sepsis"} <= set(q["emergency_signs"]["sources"])
    for sid in ("nhs_meningitis", "nhs_sepsis"):
        assert C.sources[sid]["url"].startswith("https://www.nhs.uk/conditions/")
        assert C.sources[sid].get("checked"), f"{sid}: awaits a clinician's check"
