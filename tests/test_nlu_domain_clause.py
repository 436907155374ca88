"""The simulator NLU reads a request said as one clause of a longer sentence, and a literal sample's slot."""

import pytest

from simulator.nlu import Matcher


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_a_story_opener_said_first_is_the_situation(locale):
    r = Matcher.for_locale(locale).resolve("I tweaked my back at the gym")
    assert (r.intent, r.how) == ("SituationIntent", "clause")


@pytest.mark.parametrize("sentence", ["I hurt my back lifting the shopping and now I can't feel my legs",
                                      "I've put my back out and I've wet myself"])
def test_a_symptom_beside_a_clause_stays_a_symptom(sentence):
    assert Matcher.for_locale("en-GB").resolve(sentence).intent in ("ReportSymptomIntent", "EmergencyIntent")


def test_a_situation_said_last_is_not_taken_from_the_sentence():
    # A fall or a blow told first is the point of the story: never the help menu because it ends "my back went".
    r = Matcher.for_locale("en-AU").resolve("got smashed in a tackle at rugby and my back went")
    assert r.intent not in ("SituationIntent", "AMAZON.HelpIntent")


@pytest.mark.parametrize("sentence", ["turn off the fan", "switch off the bedroom light", "turn off the lounge lights"])
def test_a_device_command_is_no_stop_of_the_skill(sentence):
    assert Matcher.for_locale("en-GB").resolve(sentence).intent == "AMAZON.FallbackIntent"


@pytest.mark.parametrize("sentence, change", [("worse I'm afraid", "worse"), ("much of a muchness", "same"),
                                              ("it's after getting worse", "worse")])
def test_a_literal_sample_fills_the_slot_its_words_are_a_value_of(sentence, change):
    r = Matcher.for_locale("en-GB").resolve(sentence)
    assert r.intent == "PainCheckIntent" and r.slots["change"].id == change
