"""The project's models, manifest, content ids and handlers put together for the linter."""

from __future__ import annotations

import json
import re
from pathlib import Path

from skill.models import lint
from skill.models.sync import MODELS_DIR, load_models

# Slot types whose value ids are content ids (PAIN_CHANGE's are fixed by the routine contract).
PAIN_CHANGE_IDS = ("better", "same", "worse")


def content_ids(c=None) -> dict[str, set[str]]:
    """Slot type -> the ids the content module knows, which the model's value ids must equal."""
    if c is None:
        import content
        c = content.get()
    routines, exercises = c.routines["routines"], c.exercises["exercises"]
    return {"THERAPY_TYPE": set(c.therapy["therapies"]),
            "ROUTINE_NAME": set(routines) if isinstance(routines, dict) else {r["id"] for r in routines},
            "EXERCISE_NAME": set(exercises) if isinstance(exercises, dict) else {e["id"] for e in exercises},
            "PAIN_CHANGE": set(PAIN_CHANGE_IDS),
            "SYMPTOM": {q["id"] for q in c.screening["questions"]} | set(c.screening["special"])}


def emergency_numbers(locales, c=None) -> dict[str, list[str]]:
    """Locale -> the emergency numbers its store description must give (from content's locale cards)."""
    if c is None:
        import content
        c = content.get()
    return {locale: re.findall(r"\d{3}", c.locale_params(locale)["emergency_card"]) for locale in locales}


def load_manifest(models_dir: Path | str | None = None) -> dict:
    """interaction_models/skill.json."""
    return json.loads((Path(models_dir or MODELS_DIR) / "skill.json").read_text(encoding="utf-8"))


def lint_project(models_dir: Path | str | None = None, *, handlers=None) -> list[lint.Problem]:
    """Every problem of the five models, the manifest, and the models against the skill's handlers."""
    from skill.models.coverage import handled_intents, named_intents
    from skill.models.sync import out_of_date

    models = load_models(models_dir)
    ids = content_ids()
    problems = [p for locale, model in models.items() for p in lint.lint_model(locale, model, ids)]
    problems += lint.lint_locales(models)
    problems += [lint.Problem(locale, "model", "is out of date with en-US and its overlay: run "
                                               "`spasm-coach models sync`") for locale in out_of_date(models_dir)]
    intents = {i["name"] for m in models.values() for i in lint.language_model(m).get("intents", [])}
    problems += lint.lint_handlers(models, handled_intents(sorted(intents), handlers), named_intents(handlers))
    manifest = load_manifest(models_dir)
    problems += lint.lint_manifest(manifest, models, emergency_numbers(models))
    problems += smapi_problems(models, manifest)
    return problems


def smapi_problems(models: dict[str, dict], manifest: dict) -> list[lint.Problem]:
    """The models and the manifest against Amazon's SMAPI definitions (skill/models/smapi.py): unknown keys refused,
    types, required keys, enums, lengths and patterns checked, as the Skill Management API would."""
    from skill.models import smapi

    found = [(locale, problem) for locale, model in models.items() for problem in smapi.check_model(model)]
    found += [("manifest", problem) for problem in smapi.check_manifest(manifest)]
    problems = []
    for where, problem in found:
        path, _, message = problem.partition(": ")
        problems.append(lint.Problem(where, f"SMAPI {path}", message))
    return problems
