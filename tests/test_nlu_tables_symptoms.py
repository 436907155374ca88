"""Symptoms in ordinary words (tests/test_nlu_tables_symptoms.yaml) resolve to ReportSymptomIntent with the right id."""

import json
from pathlib import Path

import pytest

from simulator.nlu import Matcher, alexa_slots

import content
from conftest import check_table, load_yaml

TABLE = load_yaml((Path(__file__).with_suffix(".yaml")).read_text(encoding="utf-8"))
LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]
TIER_1 = ["saddle_numbness", "bladder_change", "bowel_change", "leg_weakness", "major_trauma", "chest_or_tummy_pain",
          "stroke_signs", "sexual_function"]


def _resolved(locale, sentence):
    r = Matcher.for_locale(locale).resolve(sentence)
    slot = r.slots.get("symptom")
    return r.intent, (slot.id if slot else None)


@pytest.mark.parametrize("locale", LOCALES)
def test_symptom_said_in_ordinary_words_is_understood(locale):
    rows = [(sentence, ("ReportSymptomIntent", symptom)) for section in ("all", locale)
            for symptom, sentences in (TABLE.get(section) or {}).items() for sentence in sentences]
    check_table(rows, lambda sentence: _resolved(locale, sentence))


def test_the_table_is_big_and_covers_every_symptom_id():
    lm = json.loads((Path(__file__).parent.parent / "interaction_models" / "en-US.json").read_text())
    symptom_ids = {v["id"] for t in lm["interactionModel"]["languageModel"]["types"] if t["name"] == "SYMPTOM"
                   for v in t["values"]}
    everywhere = TABLE["all"]
    assert set(everywhere) == symptom_ids
    assert sum(len(s) for s in everywhere.values()) >= 150
    for symptom in TIER_1:
        assert len(everywhere[symptom]) >= 7, symptom
    c = content.get()
    known = {q["id"] for q in c.screening["questions"]} | set(c.screening["special"])
    assert symptom_ids <= known


@pytest.mark.parametrize("sentence", ["I cant feel my legs", "I cannot feel my legs", "I can not feel my legs"])
def test_typed_contractions_are_heard_as_alexa_writes_them(sentence):
    r = Matcher.for_locale("en-US").resolve(sentence)
    slot = alexa_slots(r, "app")["symptom"]
    assert "can't feel my legs" in slot["value"]
    assert slot["resolutions"]["resolutionsPerAuthority"][0]["values"][0]["value"]["id"] == "leg_weakness"


@pytest.mark.parametrize("locale", LOCALES)
def test_no_tier_one_sentence_falls_back(locale):
    misses = [s for sym in TIER_1 for s in TABLE["all"][sym]
              if Matcher.for_locale(locale).resolve(s).intent == "AMAZON.FallbackIntent"]
    assert misses == []
