"""The model linter: the five real models and the manifest pass; a model broken in each way fails, saying where."""

import copy
import json

import pytest

from skill.models import lint
from skill.models.coverage import handled_intents, named_intents
from skill.models.project import content_ids, emergency_numbers, load_manifest
from skill.models.sync import LOCALES, load_models

MODELS = load_models()


@pytest.fixture(scope="module")
def ids():
    return content_ids()


def intent(model, name):
    return next(i for i in model["interactionModel"]["languageModel"]["intents"] if i["name"] == name)


def slot_type(model, name):
    return next(t for t in model["interactionModel"]["languageModel"]["types"] if t["name"] == name)


def messages(problems):
    return [str(p) for p in problems]


def broken(locale="en-GB"):
    return copy.deepcopy(MODELS[locale])


# -- the real files pass ---------------------------------------------------------------------------------

def test_all_five_locales_exist():
    assert sorted(MODELS) == sorted(LOCALES)


@pytest.mark.parametrize("locale", LOCALES)
def test_real_model_passes(locale, ids):
    assert messages(lint.lint_model(locale, MODELS[locale], ids)) == []


def test_real_locales_share_intents_slots_and_ids():
    assert messages(lint.lint_locales(MODELS)) == []


def test_real_manifest_passes():
    assert messages(lint.lint_manifest(load_manifest(), MODELS, emergency_numbers(MODELS))) == []


def test_every_model_intent_has_a_handler_and_every_handled_intent_is_modelled():
    intents = sorted({i["name"] for m in MODELS.values() for i in lint.language_model(m)["intents"]})
    assert messages(lint.lint_handlers(MODELS, handled_intents(intents), named_intents())) == []


# -- broken in each way ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name,why", [
    ("coach", "one-word invocation names are not allowed"),
    ("spasm skill", "must not contain the word skill or app"),
    ("open spasm coach", "must not contain a launch word (open)"),
    ("alexa spasm coach", "must not contain a wake word (alexa)"),
    ("coach for spasms", "must not contain a connecting word (for)"),
    ("the coach", "a two-word name must not contain an article or preposition"),
    ("Spasm Coach", "must be lower case"),
    ("spasm coach 2", "numbers must be spelled out"),
    ("spasm-coach now", "only letters, spaces, possessive apostrophes"),
])
def test_invocation_name_rules(name, why):
    model = broken()
    model["interactionModel"]["languageModel"]["invocationName"] = name
    found = messages(lint.lint_model("en-GB", model))
    assert any(m.startswith(f"en-GB: invocationName: {name!r}") and why in m for m in found), found


@pytest.mark.parametrize("sample,why", [
    ("start ice for 20 minutes", "numbers must be spelled out"),
    ("is this serious?", "only letters, spaces, apostrophes and periods in abbreviations are allowed (bad word"),
    ("start ice-pack now", "bad word 'ice-pack'"),
    ("go to a. e. now.", "bad word 'now.'"),
    ("start  the ice", "double spaces"),
    ("", "is empty"),
])
def test_sample_characters(sample, why):
    model = broken()
    intent(model, "IceOrHeatIntent")["samples"].append(sample)
    found = messages(lint.lint_model("en-GB", model))
    assert any(m.startswith(f"en-GB: IceOrHeatIntent: {sample!r}") and why in m for m in found), found


def test_periods_in_abbreviations_and_apostrophes_are_fine():
    model = broken()
    intent(model, "StartScreeningIntent")["samples"] += ["do I need the e. r. tonight", "what's my g. p.'s view"]
    assert messages(lint.lint_model("en-GB", model)) == []


def test_duplicate_sample_within_an_intent():
    model = broken()
    intent(model, "TherapyStatusIntent")["samples"].append("How much  longer".replace("  ", " "))
    assert "en-GB: TherapyStatusIntent: 'How much longer' duplicate sample within the intent" in messages(
        lint.lint_model("en-GB", model))


def test_duplicate_sample_across_intents_names_both():
    model = broken()
    intent(model, "UnsureIntent")["samples"].append("stretching")
    assert "en-GB: UnsureIntent: 'stretching' duplicate sample (also in StartRoutineIntent)" in messages(
        lint.lint_model("en-GB", model))


def test_undeclared_slot_in_a_sample():
    model = broken()
    intent(model, "TherapyStatusIntent")["samples"].append("how long is left on the {therapy}")
    assert ("en-GB: TherapyStatusIntent: 'how long is left on the {therapy}' uses {therapy}, which the intent does "
            "not declare") in messages(lint.lint_model("en-GB", model))


def test_slot_type_not_defined_and_unknown_builtin():
    model = broken()
    intent(model, "StartTherapyIntent")["slots"][0]["type"] = "THERAPY_KIND"
    intent(model, "AlternateTherapyIntent")["slots"][0]["type"] = "AMAZON.DURATIONS"
    found = messages(lint.lint_model("en-GB", model))
    assert "en-GB: StartTherapyIntent.therapy: 'THERAPY_KIND' slot type is not defined" in found
    assert "en-GB: AlternateTherapyIntent.duration: 'AMAZON.DURATIONS' unknown built-in slot type" in found


def test_declared_slot_no_sample_uses():
    model = broken()
    intent(model, "ListRoutinesIntent")["slots"] = [{"name": "routine", "type": "ROUTINE_NAME"}]
    assert "en-GB: ListRoutinesIntent.routine: slot is declared but no sample uses it" in messages(
        lint.lint_model("en-GB", model))


def test_custom_value_without_id_and_id_outside_content(ids):
    model = broken()
    values = slot_type(model, "THERAPY_TYPE")["values"]
    values[0].pop("id")
    values.append({"id": "cryo", "name": {"value": "cryotherapy"}})
    found = messages(lint.lint_model("en-GB", model, ids))
    assert "en-GB: slot type THERAPY_TYPE: 'ice' value has no id" in found
    assert "en-GB: slot type THERAPY_TYPE: 'ice' no value has this content id" in found
    assert "en-GB: slot type THERAPY_TYPE: 'cryo' value id is not a content id" in found


def test_synonym_shared_by_two_values_is_ambiguous():
    model = broken()
    slot_type(model, "PAIN_CHANGE")["values"][2]["name"]["synonyms"].append("unchanged")
    assert any("slot type PAIN_CHANGE: 'unchanged' value or synonym appears twice (ids same and worse)" in m
               for m in messages(lint.lint_model("en-GB", model)))


def test_size_limits():
    model = broken()
    lm = model["interactionModel"]["languageModel"]
    slot_type(model, "SYMPTOM")["values"][0]["name"]["synonyms"].append("numb " * 29 + "bum")
    lm["intents"] += [{"name": f"Filler{chr(65 + i // 26)}{chr(65 + i % 26)}Intent", "samples": []}
                      for i in range(240)]
    lm["types"].append({"name": "PADDING", "values": [{"id": "x", "name": {"value": "x" * 1_600_000}}]})
    found = messages(lint.lint_model("en-GB", model))
    assert any("is longer than 140 characters" in m and "slot type SYMPTOM" in m for m in found)
    assert any(m.startswith(f"en-GB: model: has {len(lm['intents'])} intents; the limit is 250") for m in found)
    assert any(m.startswith("en-GB: model: is ") and "Alexa's limit is 1500000" in m for m in found)


def test_required_builtin_missing():
    model = broken()
    lm = model["interactionModel"]["languageModel"]
    lm["intents"] = [i for i in lm["intents"] if i["name"] != "AMAZON.CancelIntent"]
    assert "en-GB: AMAZON.CancelIntent: built-in intent is not declared (Alexa requires it)" in messages(
        lint.lint_model("en-GB", model))


def test_locale_missing_an_intent_or_differing_ids():
    models = copy.deepcopy(MODELS)
    lm = models["en-AU"]["interactionModel"]["languageModel"]
    lm["intents"] = [i for i in lm["intents"] if i["name"] != "UnsureIntent"]
    slot_type(models["en-IN"], "ROUTINE_NAME")["values"].pop()
    intent(models["en-CA"], "PainCheckIntent")["slots"][0]["type"] = "SYMPTOM"
    found = messages(lint.lint_locales(models))
    assert "en-AU: UnsureIntent: intent of en-US is missing" in found
    assert any(m.startswith("en-IN: slot type ROUTINE_NAME: value ids ['breathing', 'lying_down'] differ") for m in found)
    assert any(m.startswith("en-CA: PainCheckIntent: slots {'change': 'SYMPTOM'} differ from en-US") for m in found)


def test_intent_without_handler_and_handler_without_intent():
    models = {"en-US": broken("en-US")}
    intent(models["en-US"], "UnsureIntent")["name"] = "ShrugIntent"
    handled = {i["name"] for i in lint.language_model(models["en-US"])["intents"]} - {"ShrugIntent"}
    found = messages(lint.lint_handlers(models, handled, {"UnsureIntent", "AMAZON.HelpIntent"}))
    assert "en-US: ShrugIntent: no handler in the skill answers this intent (only the catch-all fallback would)" \
        in found
    assert "skill: UnsureIntent: a handler handles this intent but no interaction model declares it" in found


def test_catch_all_alone_does_not_count_as_handling():
    from skill.handlers import frame
    assert handled_intents(["StartTherapyIntent", "AMAZON.HelpIntent", "AMAZON.FallbackIntent"],
                           frame.HANDLERS) == {"AMAZON.HelpIntent", "AMAZON.FallbackIntent"}
    assert {"ForgetMeIntent", "AMAZON.YesIntent", "AMAZON.StopIntent"} <= named_intents(frame.HANDLERS)


# -- the manifest ----------------------------------------------------------------------------------------

def manifest_problems(change):
    manifest = load_manifest()
    change(manifest["manifest"])
    return messages(lint.lint_manifest(manifest, MODELS, emergency_numbers(MODELS)))


def test_example_phrase_that_matches_no_sample():
    def change(m):
        m["publishingInformation"]["locales"]["en-GB"]["examplePhrases"][1] = "Alexa, ask spasm coach to make tea"
    assert ("en-GB: skill.json publishingInformation examplePhrases: 'Alexa, ask spasm coach to make tea' matches "
            "no sample of the en-GB model ('make tea')") in manifest_problems(change)


def test_locale_words_only_match_their_own_locale():
    def change(m):
        m["publishingInformation"]["locales"]["en-US"]["examplePhrases"][1] = "Alexa, ask spasm coach to pop the heat on"
    assert any(m.startswith("en-US: skill.json publishingInformation examplePhrases: 'Alexa, ask spasm coach to pop")
               for m in manifest_problems(change))


def test_first_example_phrase_needs_wake_word_and_invocation():
    def change(m):
        m["publishingInformation"]["locales"]["en-CA"]["examplePhrases"][0] = "start ice"
    assert ("en-CA: skill.json publishingInformation examplePhrases: 'start ice' the first example phrase must start "
            "with the wake word and contain the invocation name") in manifest_problems(change)


def test_description_needs_disclaimer_and_local_emergency_numbers():
    def change(m):
        m["publishingInformation"]["locales"]["en-AU"]["description"] = "Timers and stretches. Call 911."
    found = manifest_problems(change)
    where = "en-AU: skill.json publishingInformation description:"
    assert f"{where} must say it is not a substitute for professional medical advice" in found
    assert f"{where} must say it is not for emergencies" in found
    assert f"{where} must give the local emergency number 000" in found
    assert f"{where} must give the local emergency number 111" in found


def test_timer_permission_endpoint_and_compliance():
    def change(m):
        m["permissions"] = []
        m["apis"]["custom"]["endpoint"] = {"uri": "http://insecure.host/"}
        del m["privacyAndCompliance"]["containsAds"]
        del m["publishingInformation"]["locales"]["en-IN"]
    found = manifest_problems(change)
    assert ("skill: skill.json permissions: the timer permission alexa::alerts:timers:skill:readwrite is missing"
            in found)
    assert "skill: skill.json apis.custom.endpoint: 'http://insecure.host/' uri must be an https URL or a Lambda ARN" \
        in found
    assert "skill: skill.json privacyAndCompliance: containsAds must be true or false" in found
    assert "en-IN: skill.json publishingInformation: no store entry for a locale that has a model" in found


def test_manifest_names_each_market_emergency_number():
    manifest = load_manifest()["manifest"]["publishingInformation"]
    assert "999" in manifest["locales"]["en-GB"]["description"]
    assert "000" in manifest["locales"]["en-AU"]["description"]
    assert "112" in manifest["locales"]["en-IN"]["description"]
    assert {"US", "GB", "IE", "CA", "AU", "NZ", "IN"} <= set(manifest["distributionCountries"])
    assert json.dumps(load_manifest()).count("spasm coach") >= 10  # invocation in every example phrase
