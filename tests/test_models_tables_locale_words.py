"""Each market's own words reach the right intent and slot ids in its locale (through the simulator's matcher)."""

import pytest

from simulator.nlu import Matcher

LOCALE_TABLE = [
    ("en-GB", "pop the heat on", "StartTherapyIntent", {"therapy": "heat"}),
    ("en-GB", "pop the hottie on for twenty minutes", "StartTherapyIntent", {"therapy": "heat", "duration": "PT20M"}),
    ("en-GB", "stick the wheat bag on", "StartTherapyIntent", {"therapy": "heat"}),
    ("en-GB", "start a bag of frozen veg", "StartTherapyIntent", {"therapy": "ice"}),
    ("en-GB", "do my physio", "StartRoutineIntent", {}),
    ("en-GB", "should I go to A and E", "StartScreeningIntent", {}),
    ("en-GB", "should I ring one one one", "StartScreeningIntent", {}),
    ("en-GB", "my bum is numb", "ReportSymptomIntent", {"symptom": "saddle_numbness"}),
    ("en-GB", "it's loads better", "PainCheckIntent", {"change": "better"}),
    ("en-GB", "not a clue", "UnsureIntent", {}),
    ("en-CA", "put the magic bag on", "StartTherapyIntent", {"therapy": "heat"}),
    ("en-CA", "throw the ice on for fifteen minutes", "StartTherapyIntent", {"therapy": "ice", "duration": "PT15M"}),
    ("en-CA", "should I go to emerg", "StartScreeningIntent", {}),
    ("en-CA", "I can't go to the washroom", "ReportSymptomIntent", {"symptom": "bladder_change"}),
    ("en-CA", "it's way better", "PainCheckIntent", {"change": "better"}),
    ("en-AU", "chuck the heat pack on", "StartTherapyIntent", {"therapy": "heat"}),
    ("en-AU", "whack the ice brick on", "StartTherapyIntent", {"therapy": "ice"}),
    ("en-AU", "should I call triple zero", "StartScreeningIntent", {}),
    ("en-AU", "it's heaps worse", "PainCheckIntent", {"change": "worse"}),
    ("en-AU", "do my physio exercises", "StartRoutineIntent", {}),
    ("en-IN", "do hot fomentation", "StartTherapyIntent", {"therapy": "heat"}),
    ("en-IN", "keep the hot water bag on my back", "StartTherapyIntent", {"therapy": "heat"}),
    ("en-IN", "give ice fomentation", "StartTherapyIntent", {"therapy": "ice"}),
    ("en-IN", "I am having fever", "ReportSymptomIntent", {"symptom": "fever"}),
    ("en-IN", "I am not able to pass urine", "ReportSymptomIntent", {"symptom": "bladder_change"}),
    ("en-IN", "I am not able to walk", "ReportSymptomIntent", {"symptom": "cant_walk"}),
    ("en-IN", "pain is less", "PainCheckIntent", {"change": "better"}),
    ("en-IN", "should I consult a doctor", "StartScreeningIntent", {}),
]


@pytest.fixture(scope="module")
def matchers():
    return {}


def matcher(matchers, locale):
    if locale not in matchers:
        matchers[locale] = Matcher.for_locale(locale)
    return matchers[locale]


@pytest.mark.parametrize("locale,sentence,intent,slots", LOCALE_TABLE)
def test_local_words_resolve(matchers, locale, sentence, intent, slots):
    r = matcher(matchers, locale).resolve(sentence)
    got = {n: (s["id"] or s["value"]) for n, s in r.slots_brief().items() if s}
    assert (r.request_type, r.intent, got) == ("IntentRequest", intent, slots)


@pytest.mark.parametrize("locale", ["en-GB", "en-CA", "en-AU", "en-IN"])
def test_one_shot_with_local_words(matchers, locale):
    phrase = {"en-GB": "ask spasm coach to pop the heat on", "en-CA": "ask spasm coach to put the magic bag on",
              "en-AU": "ask spasm coach to chuck the heat on", "en-IN": "ask spasm coach to do heat fomentation"}[locale]
    r = matcher(matchers, locale).resolve(phrase)
    assert (r.intent, r.one_shot, r.slots["therapy"].id) == ("StartTherapyIntent", True, "heat")
