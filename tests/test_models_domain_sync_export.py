"""Locale sync from overlays, the out-of-date check, and `spasm-coach models export` (ASK CLI skill-package)."""

import json
import shutil
from pathlib import Path

import pytest

import spasm_coach
from skill.models import sync
from skill.models.export import ExportError, endpoint_for, export, read_package

ROOT = Path(__file__).resolve().parent.parent / "interaction_models"


@pytest.fixture
def models_dir(tmp_path):
    """A copy of interaction_models/ to break."""
    shutil.copytree(ROOT, tmp_path / "interaction_models")
    return tmp_path / "interaction_models"


def samples(model, name):
    lm = model["interactionModel"]["languageModel"]
    return next(i for i in lm["intents"] if i["name"] == name)["samples"]


def synonyms(model, type_name, value_id):
    lm = model["interactionModel"]["languageModel"]
    values = next(t for t in lm["types"] if t["name"] == type_name)["values"]
    return next(v for v in values if v["id"] == value_id)["name"].get("synonyms", [])


def test_committed_locale_files_are_up_to_date():
    assert sync.out_of_date() == [], "run `spasm-coach models sync` and commit the regenerated locale files"


def test_locale_is_en_us_plus_its_overlay():
    us, gb = sync.load_model("en-US"), sync.load_model("en-GB")
    assert set(samples(us, "StartTherapyIntent")) < set(samples(gb, "StartTherapyIntent"))
    assert "pop the {therapy} on" in samples(gb, "StartTherapyIntent")
    assert "pop the {therapy} on" not in samples(us, "StartTherapyIntent")
    assert "hottie" in synonyms(gb, "THERAPY_TYPE", "heat")
    assert "hot fomentation" in synonyms(sync.load_model("en-IN"), "THERAPY_TYPE", "heat")
    assert "magic bag" in synonyms(sync.load_model("en-CA"), "THERAPY_TYPE", "heat")
    assert "triple zero" in " ".join(samples(sync.load_model("en-AU"), "StartScreeningIntent"))


def test_new_en_us_sample_makes_locales_stale_until_sync(models_dir):
    path = models_dir / "en-US.json"
    model = json.loads(path.read_text())
    samples(model, "TherapyStatusIntent").append("is it nearly done")
    path.write_text(sync.dumps(model))
    assert sync.out_of_date(models_dir) == ["en-GB", "en-CA", "en-AU", "en-IN"]
    assert sync.sync(models_dir) == ["en-GB", "en-CA", "en-AU", "en-IN"]
    assert sync.out_of_date(models_dir) == []
    assert "is it nearly done" in samples(sync.load_model("en-AU", models_dir), "TherapyStatusIntent")


def test_hand_edit_of_a_generated_file_is_caught(models_dir):
    path = models_dir / "en-CA.json"
    model = json.loads(path.read_text())
    samples(model, "UnsureIntent").append("no clue eh")
    path.write_text(sync.dumps(model))
    assert sync.out_of_date(models_dir) == ["en-CA"]


@pytest.mark.parametrize("overlay,message", [
    ("intents:\n  MakeTeaIntent: [put the kettle on]\n", "intents.MakeTeaIntent: en-US has no such intent"),
    ("synonyms:\n  THERAPY_TYPE:\n    cryo: [cryotherapy]\n", "synonyms.THERAPY_TYPE.cryo: no value has this id"),
    ("synonyms:\n  DRINK: {tea: [cuppa]}\n", "synonyms.DRINK: en-US has no such slot type"),
    ("intents:\n  UnsureIntent: not a list\n", "intents.UnsureIntent: must be a list of sample strings"),
    ("remove: [maybe]\n", "only the keys ['intents', 'synonyms'] are allowed"),
])
def test_bad_overlay_names_file_and_key(models_dir, overlay, message):
    (models_dir / "overlays" / "en-AU.yaml").write_text(overlay)
    with pytest.raises(sync.OverlayError) as error:
        sync.generate(models_dir)
    assert "en-AU.yaml" in str(error.value) and message in str(error.value)


def test_sync_check_command_exit_status(models_dir, monkeypatch, capsys):
    monkeypatch.setattr(sync, "MODELS_DIR", models_dir)
    assert spasm_coach.main(["models", "sync", "--check"]) == 0
    (models_dir / "en-IN.json").write_text("{}\n")
    assert spasm_coach.main(["models", "sync", "--check"]) == 1
    assert "en-IN: out of date; run `spasm-coach models sync`" in capsys.readouterr().out
    assert spasm_coach.main(["models", "sync"]) == 0
    assert sync.out_of_date(models_dir) == []


def test_export_writes_an_ask_cli_project(tmp_path):
    dest = tmp_path / "alexa"
    export(dest, endpoint="https://alexa.spasmcoach.app/")
    files = read_package(dest)
    assert files["ask-resources.json"]["profiles"]["default"]["skillMetadata"]["src"] == "./skill-package"
    manifest = files["skill-package/skill.json"]["manifest"]
    assert manifest["apis"]["custom"]["endpoint"] == {"uri": "https://alexa.spasmcoach.app/",
                                                      "sslCertificateType": "Trusted"}
    for locale in sync.LOCALES:
        assert files[f"skill-package/interactionModels/custom/{locale}.json"] == sync.load_model(locale)
        icon = manifest["publishingInformation"]["locales"][locale]["largeIconUri"]
        png = (dest / "skill-package" / icon.removeprefix("file://")).read_bytes()
        assert png.startswith(b"\x89PNG") and int.from_bytes(png[16:20], "big") == 512


def test_export_to_a_lambda_arn():
    arn = "arn:aws:lambda:eu-west-1:123456789012:function:spasm-coach-prod-skill"
    assert endpoint_for(arn) == {"uri": arn}


@pytest.mark.parametrize("uri,message", [
    ("http://alexa.spasmcoach.app/", "give an https:// URL"),
    ("https://alexa.spasmcoach.app:8443/", "Alexa only calls port 443"),
])
def test_bad_endpoint_is_refused(uri, message):
    with pytest.raises(ExportError, match=message):
        endpoint_for(uri)


def test_export_command_without_endpoint_says_how(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("SPASM_SKILL_ENDPOINT", raising=False)
    assert spasm_coach.main(["models", "export", str(tmp_path / "out")]) == 2
    assert "pass --endpoint https://your.host/" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_export_command_writes_the_package(tmp_path, capsys):
    status = spasm_coach.main(["models", "export", str(tmp_path / "out"), "--endpoint",
                               "https://alexa.spasmcoach.app/"])
    assert status == 0, capsys.readouterr().err
    assert (tmp_path / "out" / "skill-package" / "interactionModels" / "custom" / "en-GB.json").exists()
