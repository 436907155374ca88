"""A carer speaking for the person, in every locale (explore4 F1, F5, F6, F7): a family word followed by a symptom is a
symptom report (the words the slot carries are read by the skill's symptom reader), never a request to call the
family member; a relayed answer ("he says no") answers; "speak up" and "louder" repeat."""

import pytest

from conftest import check_table
from simulator.nlu import Matcher
from skill.domain.symptoms import read_symptom

LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]
SYMPTOM = "ReportSymptomIntent"
# (said, the flag the skill reads from the slot's words)
CARERS = [
    ("my husband has chest pain", "chest_or_tummy_pain"), ("my wife can't feel her bum", "saddle_numbness"),
    ("my husband can't pee", "bladder_change"), ("my daughter can't pee", "bladder_change"),
    ("my wife's legs have gone", "leg_weakness"), ("my son's legs have gone numb", "leg_weakness"),
    ("he's wet himself", "bladder_change"), ("she's wet herself", "bladder_change"),
    ("my husband's wet himself", "bladder_change"), ("my mum has chest pain", "chest_or_tummy_pain"),
    ("she can't feel her legs", "leg_weakness"), ("my partner says his bum is numb", "saddle_numbness"),
    ("he's got pins and needles in his bum", "saddle_numbness"), ("my dad's fallen off a ladder", "major_trauma"),
    ("he's on the floor and can't get up", "cant_walk"),
]


def _heard(locale, said):
    r = Matcher.for_locale(locale).resolve(said)
    slot = r.slots.get("symptom")
    words = (slot.value if slot is not None else None) or said
    return r.intent, read_symptom(words, locale).flag if r.intent == SYMPTOM else None


@pytest.mark.parametrize("locale", LOCALES)
def test_a_family_word_and_a_symptom_is_a_symptom_report_read_as_its_flag(locale):
    check_table([(said, (SYMPTOM, flag)) for said, flag in CARERS], lambda said: _heard(locale, said))


@pytest.mark.parametrize("locale", LOCALES)
def test_relayed_answers_and_hard_of_hearing(locale):
    check_table([("he says no", "AMAZON.NoIntent"), ("she said no", "AMAZON.NoIntent"),
                 ("she says yes", "AMAZON.YesIntent"), ("speak up", "AMAZON.RepeatIntent"),
                 ("louder please", "AMAZON.RepeatIntent"), ("can you speak up", "AMAZON.RepeatIntent")],
                lambda said: Matcher.for_locale(locale).resolve(said).intent)


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_asking_to_call_someone_is_still_a_call_request(locale):
    def got(said):
        r = Matcher.for_locale(locale).resolve(said)
        return r.intent, r.slots["help"].id if r.intent == "EmergencyIntent" and r.slots.get("help") else None

    check_table([(s, ("EmergencyIntent", "family")) for s in ("call my husband", "ring my daughter", "call my mum")],
                got)
