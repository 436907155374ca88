"""Models and manifest against Amazon's published SMAPI definitions (vendored, offline), unknown keys refused."""

import copy
import shutil
import json
import re
from pathlib import Path

import pytest

from skill.models import smapi

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "interaction_models"


def _load(name: str) -> dict:
    return json.loads((MODELS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted(MODELS.glob("*.json")), ids=lambda p: p.name)
def test_every_model_and_the_manifest_match_amazons_definitions(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    problems = smapi.check_manifest(document) if path.name == "skill.json" else smapi.check_model(document)
    assert problems == []


def _intent(model: dict, name: str) -> dict:
    return next(i for i in model["interactionModel"]["languageModel"]["intents"] if i["name"] == name)


def _slotted(model: dict) -> dict:
    return next(i for i in model["interactionModel"]["languageModel"]["intents"] if i.get("slots"))


MODEL_MISTAKES = {
    "a misspelt key": (lambda m: _intent(m, "AMAZON.HelpIntent").update(sample=["help"]),
                       "/sample: unknown key"),
    "a key in the wrong place": (lambda m: m["interactionModel"].update(invocationName="spasm coach"),
                                 "/interactionModel/invocationName: unknown key"),
    "a slot's type misspelt": (lambda m: _slotted(m)["slots"][0].update(tpye="X"), "tpye: unknown key"),
    "an intent without its name": (lambda m: _intent(m, "AMAZON.HelpIntent").pop("name"), "/name: required"),
    "samples as a string": (lambda m: _intent(m, "AMAZON.HelpIntent").update(samples="help me"),
                            "/samples: str where array"),
    "a value without synonyms list": (lambda m: m["interactionModel"]["languageModel"]["types"][0]["values"][0]
                                      ["name"].update(synonyms="ice pack"), "/synonyms: str where array"),
    "an unknown value supplier": (lambda m: m["interactionModel"]["languageModel"]["types"][0].update(
        valueSupplier={"type": "MadeUpValueSupplier"}), "/valueSupplier/type: 'MadeUpValueSupplier' is none of"),
    "an empty invocation name": (lambda m: m["interactionModel"]["languageModel"].update(invocationName=""),
                                 "/invocationName: 0 characters"),
}


@pytest.mark.parametrize("mistake", sorted(MODEL_MISTAKES))
def test_model_mistakes_are_refused_with_their_place(mistake):
    change, expected = MODEL_MISTAKES[mistake]
    model = copy.deepcopy(_load("en-US.json"))
    change(model)
    problems = smapi.check_model(model)
    assert any(expected in problem for problem in problems), problems


MANIFEST_MISTAKES = {
    "a misspelt top-level key": (lambda s: s["manifest"].update(permisions=[]), "/manifest/permisions: unknown key"),
    "a permission Amazon does not have": (
        lambda s: s["manifest"].update(permissions=[{"name": "alexa::alerts:timer:skill:readwrite"}]),
        "/manifest/permissions/0/name: 'alexa::alerts:timer:skill:readwrite' is not one of"),
    "an endpoint that is neither https nor an ARN": (
        lambda s: s["manifest"]["apis"]["custom"].update(endpoint={"uri": "http://example.com/"}),
        "/endpoint/uri: 'http://example.com/' does not match"),
    "a summary over 160 characters": (
        lambda s: s["manifest"]["publishingInformation"]["locales"]["en-US"].update(summary="x" * 161),
        "/summary: 161 characters, at most 160"),
    "a manifest version Amazon does not know": (lambda s: s["manifest"].update(manifestVersion="2.0"),
                                                "/manifest/manifestVersion: '2.0' is not one of"),
}


@pytest.mark.parametrize("mistake", sorted(MANIFEST_MISTAKES))
def test_manifest_mistakes_are_refused_with_their_place(mistake):
    change, expected = MANIFEST_MISTAKES[mistake]
    manifest = copy.deepcopy(_load("skill.json"))
    change(manifest)
    problems = smapi.check_manifest(manifest)
    assert any(expected in problem for problem in problems), problems


def test_the_vendored_spec_is_complete_and_says_where_it_came_from():
    spec = smapi.load_spec()
    assert "ask-smapi-model" in spec["source"] and set(spec["roots"]) == {smapi.MODEL, smapi.MANIFEST}
    refs = set(re.findall(r'"\$ref": "#/definitions/([^"]+)"', json.dumps(spec["definitions"])))
    assert refs <= spec["definitions"].keys(), sorted(refs - spec["definitions"].keys())
    folder = smapi.SPEC.parent
    assert "Apache License" in (folder / "LICENSE").read_text() and (folder / "NOTICE.txt").exists()
    assert "ask-smapi-model 1.24.0" in (folder / "README.md").read_text()


def test_the_command_line_checks_the_repository(capsys):
    assert smapi.main(["--models", str(MODELS)]) == 0
    assert "0 problem(s)" in capsys.readouterr().err


def test_models_lint_refuses_what_amazon_would(tmp_path, monkeypatch, capsys):
    """`spasm-coach models lint` (and so `models export`) runs the SMAPI check too: a key Amazon does not define,
    in a model or in the manifest, fails the lint with its file and place."""
    from skill.models import cli, project, sync

    models = tmp_path / "interaction_models"
    shutil.copytree(MODELS, models)
    model = _load("en-GB.json")
    model["interactionModel"]["languageModel"]["invocationNames"] = ["spasm coach"]
    (models / "en-GB.json").write_text(json.dumps(model, indent=2), encoding="utf-8")
    manifest = _load("skill.json")
    manifest["manifest"]["publishingInformation"]["catgory"] = "HEALTH_AND_FITNESS"
    (models / "skill.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    monkeypatch.setattr(sync, "MODELS_DIR", models)
    monkeypatch.setattr(project, "MODELS_DIR", models)

    assert cli.run_lint(None) == 1
    printed = capsys.readouterr().out
    assert "en-GB: SMAPI /interactionModel/languageModel/invocationNames:" in printed
    assert "manifest: SMAPI /manifest/publishingInformation/catgory:" in printed
    assert [str(p) for p in project.smapi_problems(sync.load_models(MODELS), _load("skill.json"))] == []
