"""A red flag said before or after a decline or a 'heat for my dad' shape (review7 CRITICAL 13): every DeclineIntent
sample and every 'ice or heat for someone' sample added in ba6f90f/d9817f2, with a plain red flag beside it, reaches the
symptom or the emergency route, never 'Okay, no questions', the heat checks or a fallback (a device sends the slots
only, so the words would be lost)."""

import pytest

from simulator.nlu import Matcher

from conftest import check_table_avoids

SAFE = {"ReportSymptomIntent", "EmergencyIntent"}
# The red-flag questions started ("I've got chest pain, I don't want to do the questions"): asked, never skipped.
HEARD = SAFE | {"StartScreeningIntent"}
# Every DeclineIntent sample in en-US.json at ba6f90f.
DECLINES = [
    "I can't do {offer}", "I can't face {offer}", "I do not want {offer}", "I don't fancy {offer}",
    "I don't need {offer}", "I don't want any {offer}", "I don't want to answer {offer}", "I don't want to do {offer}",
    "I don't want {offer}", "I don't want {offer} today", "I won't do {offer}", "I'd rather not do {offer}",
    "I'd rather not have {offer}", "I'll skip {offer}", "I'm not doing {offer}", "I'm not up to {offer}",
    "can I skip {offer}", "can we skip {offer}", "forget {offer}", "leave {offer}", "let's leave {offer}",
    "no I don't want any {offer}", "no I don't want {offer}", "no thanks I don't want any {offer}",
    "no thanks I don't want {offer}", "no {offer}", "no {offer} thank you", "no {offer} thanks", "no {offer} today",
    "not {offer}", "not {offer} today", "skip {offer}",
]
OFFERS = ["the questions", "stretches"]
# The 'ice or heat for someone' HealthInfoIntent samples added in d9817f2.
FOR_SOMEONE = [
    "I need {therapy} for my dad", "I want {therapy} for my mum", "can I get {therapy} for my dad",
    "can I have {therapy} for my wife", "start the {therapy} for my dad", "start {therapy} for my husband",
    "{therapy} for my dad", "{therapy} it's for my mum", "{therapy} timer for my dad",
]
AFTER = [", I've got chest pain", " and I can't feel my legs", " and I've wet myself", " my bum is numb"]
BEFORE = ["I've got chest pain, ", "my legs have gone weak and "]


def shapes():
    """Every decline with each offer, and every 'for someone' shape with ice and heat by turns."""
    declines = [d.replace("{offer}", offer) for d in DECLINES for offer in OFFERS]
    return declines + [s.replace("{therapy}", ("heat", "ice")[n % 2]) for n, s in enumerate(FOR_SOMEONE)]


SENTENCES = [s + flag for s in shapes() for flag in AFTER] + [flag + s for s in shapes() for flag in BEFORE]


@pytest.fixture(scope="module", params=["en-US", "en-GB"])
def matcher(request):
    return Matcher.for_locale(request.param)


def test_a_red_flag_beside_a_decline_is_heard(matcher):
    check_table_avoids(SENTENCES, lambda said: matcher.resolve(said).intent,
                       {i for i in matcher.intent_slots} - HEARD | {"AMAZON.FallbackIntent"})


def test_the_declines_alone_are_still_declines(matcher):
    check_table_avoids([d.replace("{offer}", "the questions") for d in DECLINES],
                       lambda said: matcher.resolve(said).intent, SAFE)
