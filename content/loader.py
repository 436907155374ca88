"""Reads the YAML data files quickly (libyaml when present) and rejects duplicate keys."""
from __future__ import annotations

import pickle
from pathlib import Path

import yaml

from content.errors import ContentError

DATA_DIR = Path(__file__).parent / "data"
DATA_FILES = ("sources.yaml", "locales.yaml", "therapy.yaml", "exercises.yaml", "routines.yaml", "screening.yaml")
RESPONSES_DIR = "responses"

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):  # type: ignore[misc, valid-type]
    """A safe loader that refuses a mapping with the same key twice (YAML would silently keep the last)."""


def _construct_mapping(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first at line {seen[key] + 1})", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path, name: str) -> object:
    """Parse one file; a syntax error or duplicate key becomes a ContentError naming the file and line."""
    try:
        return _parse(path.read_bytes())
    except FileNotFoundError:
        raise ContentError([(name, "-", "file is missing")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "-"
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError([(name, where, f"not valid YAML: {problem}")]) from None


# File bytes -> their data, pickled (None: read once so far). A process that reads the same bytes again (tests load
# the content dozens of times, each with one file changed) gets a fresh copy from the pickle, ~20x faster than
# libyaml's Python constructor; a process that reads each file once (a server, Lambda) pickles nothing.
_parsed: dict[bytes, bytes | None] = {}
_PARSED_MAX = 512


def _parse(text: bytes) -> object:
    cached = _parsed.get(text)
    if cached is not None:
        return pickle.loads(cached)  # noqa: S301 - pickled by this process from its own parse
    data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a safe loader subclass
    if len(_parsed) >= _PARSED_MAX:
        _parsed.clear()
    _parsed[text] = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL) if text in _parsed else None
    return data


def read_all(data_dir: Path | None = None) -> tuple[dict[str, object], dict[str, object]]:
    """Return ({file name: data}, {responses/<area>.yaml: data}) for one data folder."""
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    files = {name: read_yaml(root / name, name) for name in DATA_FILES}
    responses = {}
    for path in sorted((root / RESPONSES_DIR).glob("*.yaml")):
        name = f"{RESPONSES_DIR}/{path.name}"
        responses[name] = read_yaml(path, name)
    if not responses:
        raise ContentError([(RESPONSES_DIR, "-", "no response files found")])
    return files, responses
