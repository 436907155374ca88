"""Locale models kept in step with en-US: each is en-US plus its overlay (extra samples and synonyms)."""

from __future__ import annotations

import json
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent.parent / "interaction_models"
REFERENCE_LOCALE = "en-US"
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
OVERLAY_KEYS = {"intents", "synonyms"}


class OverlayError(ValueError):
    """An overlay file names something en-US does not have, or is not shaped as documented."""


def dumps(model: dict) -> str:
    """The one on-disk format of every model file."""
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def load_model(locale: str, models_dir: Path | str | None = None) -> dict:
    """interaction_models/<locale>.json."""
    return json.loads((Path(models_dir or MODELS_DIR) / f"{locale}.json").read_text(encoding="utf-8"))


def load_models(models_dir: Path | str | None = None) -> dict[str, dict]:
    """Every locale's model that exists on disk."""
    root = Path(models_dir or MODELS_DIR)
    return {locale: load_model(locale, root) for locale in LOCALES if (root / f"{locale}.json").exists()}


def load_overlay(locale: str, models_dir: Path | str | None = None) -> dict:
    """interaction_models/overlays/<locale>.yaml (empty when the locale has none)."""
    import yaml
    path = Path(models_dir or MODELS_DIR) / "overlays" / f"{locale}.yaml"
    if not path.exists():
        return {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)     # libyaml when present: the same data, faster
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506 - a safe loader
    if not isinstance(data, dict) or set(data) - OVERLAY_KEYS:
        raise OverlayError(f"{path}: only the keys {sorted(OVERLAY_KEYS)} are allowed")
    return data


def apply_overlay(reference: dict, overlay: dict, where: str = "overlay") -> dict:
    """A copy of the REFERENCE model with the overlay's samples and synonyms added (never removed)."""
    model = json.loads(json.dumps(reference))      # a deep copy of JSON data (several times faster than deepcopy)
    lm = model["interactionModel"]["languageModel"]
    intents = {i["name"]: i for i in lm["intents"]}
    for name, samples in (overlay.get("intents") or {}).items():
        if name not in intents:
            raise OverlayError(f"{where}: intents.{name}: {REFERENCE_LOCALE} has no such intent")
        if not isinstance(samples, list) or not all(isinstance(s, str) for s in samples):
            raise OverlayError(f"{where}: intents.{name}: must be a list of sample strings")
        have = intents[name].setdefault("samples", [])
        have += [s for s in samples if s not in have]
    types = {t["name"]: t for t in lm.get("types", [])}
    for type_name, values in (overlay.get("synonyms") or {}).items():
        if type_name not in types:
            raise OverlayError(f"{where}: synonyms.{type_name}: {REFERENCE_LOCALE} has no such slot type")
        by_id = {v.get("id"): v for v in types[type_name]["values"]}
        for value_id, words in (values or {}).items():
            if value_id not in by_id:
                raise OverlayError(f"{where}: synonyms.{type_name}.{value_id}: no value has this id")
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise OverlayError(f"{where}: synonyms.{type_name}.{value_id}: must be a list of words")
            name = by_id[value_id]["name"]
            have = name.setdefault("synonyms", [])
            have += [w for w in words if w not in have and w != name["value"]]
    return model


def generate(models_dir: Path | str | None = None) -> dict[str, str]:
    """locale -> the text its JSON file should have (en-US is the source, so not generated)."""
    reference = load_model(REFERENCE_LOCALE, models_dir)
    root = Path(models_dir or MODELS_DIR)
    return {locale: dumps(apply_overlay(reference, load_overlay(locale, root),
                                        str(root / "overlays" / f"{locale}.yaml")))
            for locale in LOCALES if locale != REFERENCE_LOCALE}


def _stale(root: Path) -> dict[Path, str]:
    """{locale JSON file: the text sync would write} for each file that differs from it (or is missing)."""
    files = {root / f"{locale}.json": text for locale, text in generate(root).items()}
    return {path: text for path, text in files.items()
            if not path.exists() or path.read_text(encoding="utf-8") != text}


def out_of_date(models_dir: Path | str | None = None) -> list[str]:
    """The locales whose JSON file differs from what `spasm-coach models sync` would write."""
    return [path.stem for path in _stale(Path(models_dir or MODELS_DIR))]


def sync(models_dir: Path | str | None = None) -> list[str]:
    """Rewrite the locale JSON files that are out of date; the locales written."""
    stale = _stale(Path(models_dir or MODELS_DIR))
    for path, text in stale.items():
        path.write_text(text, encoding="utf-8")
    return [path.stem for path in stale]
