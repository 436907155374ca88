"""Symptoms in ordinary words (tests/test_nlu_tables_symptoms.yaml) resolve to ReportSymptomIntent with the right id."""

import json
from pathlib import Path

import pytest

from simulator.nlu import Matcher, alexa_slots
from skill.domain.symptoms import read_symptom

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


# Issue 12 (session 6, r6): red flags in words no value lists reach the symptom intent and the skill reads them as
# the emergency advice at once (the model's SYMPTOM values carry the body and change words; symptoms.yaml composes).
UNLISTED_RED_FLAGS = [
    ("en-US", "my backside has gone all tingly", "saddle_numbness"),
    ("en-GB", "my buttocks feel really numb", "saddle_numbness"),
    ("en-AU", "me backside's gone numb", "saddle_numbness"),
    ("en-GB", "my nether regions have gone numb", "saddle_numbness"),
    ("en-US", "my legs have gone completely floppy", "leg_weakness"),
    ("en-GB", "my legs keep collapsing under me", "leg_weakness"),
    ("en-AU", "I came off the quad bike yesterday", "major_trauma"),
    ("en-IN", "an auto rickshaw banged into me", "major_trauma"),
    ("en-US", "I've soiled myself and didn't feel it", "bowel_change"),
    ("en-GB", "there's poo in me pants", "bowel_change"),
    ("en-GB", "my face has gone all crooked", "stroke_signs"),
]


@pytest.mark.parametrize("locale,sentence,flag", UNLISTED_RED_FLAGS, ids=[s for _, s, _ in UNLISTED_RED_FLAGS])
def test_a_red_flag_in_unlisted_words_reaches_the_emergency_advice(locale, sentence, flag):
    r = Matcher.for_locale(locale).resolve(sentence)
    assert r.intent == "ReportSymptomIntent"
    reading = read_symptom(r.slots["symptom"].value, locale)
    assert (reading.flag, reading.tier, reading.needs_question) == (flag, 1, False)


@pytest.mark.parametrize("locale,sentence", [
    ("en-GB", "I've got a mouth ulcer"), ("en-US", "can I use a hot water bottle"),
    ("en-GB", "I couldn't finish the stretches"), ("en-US", "I can't keep it up"),
    ("en-IE", "I didn't catch that"), ("en-US", "book a table for two"),
])
def test_everyday_words_beside_the_new_symptom_words_are_no_emergency(locale, sentence):
    r = Matcher.for_locale({"en-IE": "en-GB"}.get(locale, locale)).resolve(sentence)
    slot = r.slots.get("symptom")
    reading = read_symptom(slot.value if slot and slot.value else sentence, locale)
    assert not (reading.tier == 1 and not reading.needs_question)
    assert r.intent != "ReportSymptomIntent" or reading.flag is None
