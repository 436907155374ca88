"""Going to sleep with a heat pad or an ice pack on, in the words people use, reaches the skill as DrowsyIntent (the
burn warning); a leg or a foot that has "gone to sleep" is numbness and stays a symptom, with or without a pack."""

import pytest

from simulator.nlu import Matcher

LOCALES = ["en-US", "en-GB", "en-AU"]

ASLEEP = [
    ("I'm going to sleep with the heat pad on", "heat"),
    ("I'll just fall asleep on the heating pad", "heat"),
    ("I think I'm going to fall asleep with the heat pad on", "heat"),
    ("can I sleep with the heating pad", "heat"),
    ("is it ok to sleep on my heat pack", "heat"),
    ("I might doze off with the heat on", "heat"),
    ("can I leave the hot water bottle on overnight", "heat"),
    ("can I go to bed with the wheat bag", "heat"),
    ("I'm going to sleep with the ice pack on", "ice"),
    ("can I sleep with the frozen peas on", "ice"),
    ("I'm getting sleepy can I leave it on", None),
    ("can I sleep with it", None),
    ("can I leave it on overnight", None),
    ("set heat for all night", "heat"),            # was an evening reminder ("for all night" read as a time)
    ("leave the heat pad on all night", "heat"),
    ("ice overnight", "ice"),
    ("I fell asleep with the heat on", "heat"),     # already slept on it: the line says to check the skin
    ("I fell asleep on the heating pad", "heat"),
]

# Numbness said with sleep words (symptoms.yaml reads them as numb): never the sleepy answer.
NUMB = [
    "my leg fell asleep", "my foot is asleep", "both legs have gone to sleep", "my leg is sleepy",
    "my leg feels sleepy", "my foot is falling asleep", "my leg keeps falling asleep", "my bum feels asleep",
    "my legs keep going to sleep", "my leg has gone to sleep with the heat on",
    "my leg went to sleep on the heat pad", "both my legs went to sleep on the heat pad",
    "my foot went to sleep under the ice pack", "my skin went numb under the heat pad",
]


# Pain at night is a symptom of its own (night_pain): never the sleepy answer.
NIGHT_PAIN = ["the pain keeps me up all night", "I was up all night with the pain", "pain all night",
              "I can't sleep because of the pain"]


@pytest.fixture(scope="module", params=LOCALES)
def matcher(request):
    return Matcher.for_locale(request.param)


@pytest.mark.parametrize("sentence, therapy", ASLEEP)
def test_going_to_sleep_with_a_pack_on_is_heard_as_such(matcher, sentence, therapy):
    r = matcher.resolve(sentence)
    slots = {n: s["id"] for n, s in r.slots_brief().items() if s}
    assert (r.intent, slots.get("therapy")) == ("DrowsyIntent", therapy)


@pytest.mark.parametrize("sentence", NIGHT_PAIN)
def test_pain_at_night_is_a_symptom_not_sleepiness(matcher, sentence):
    assert matcher.resolve(sentence).intent == "ReportSymptomIntent"


@pytest.mark.parametrize("sentence", NUMB)
def test_a_leg_gone_to_sleep_is_a_symptom_not_sleepiness(matcher, sentence):
    assert matcher.resolve(sentence).intent == "ReportSymptomIntent"
