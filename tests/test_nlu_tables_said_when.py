"""A red flag said with when it began, and any country's emergency number said as digits, in every locale (review6
findings 2 and 9): never FallbackIntent; and a day or a clock time alone stays no request."""

import pytest

from simulator.nlu import Matcher

from conftest import check_table

LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]
# The intents that lead to the red-flag questions or the emergency advice.
SAFETY = {"ReportSymptomIntent", "EmergencyIntent", "StartScreeningIntent"}

# A red flag, then when it began: a weekday, a clock time, a length, a part of the day.
RED_FLAGS_WITH_WHEN = [
    "chest pain since Tuesday", "chest pain since 3 o'clock", "pain in my chest since Friday night",
    "crushing chest pain since this morning", "crushing chest pain for two days",
    "I can't feel my legs since Monday", "I can't feel my legs since 3 o'clock", "I can't feel my legs from Monday",
    "I can't feel my bum since Monday", "I can't feel my bottom since Tuesday", "I can't feel my bottom from Monday",
    "numb between my legs since Tuesday", "numb between my legs since yesterday",
    "tingling in my saddle area since 3 o'clock", "my legs are numb since Friday night",
    "I've lost control of my bladder since Tuesday", "I've lost control of my bladder for two days",
    "I can't pee since 3 o'clock", "I've wet myself since this morning",
]
# Every supported country's emergency number (content/data/locales.yaml; 102: India's state ambulance), as digits.
EMERGENCY_CALLS = [f"{verb} {number}" for verb in ("call", "dial", "ring")
                   for number in ("000", "111", "112", "999", "911", "108", "102")]
# A day, a time or a number with no request: still FallbackIntent.
NO_REQUEST = ["will I need a coat today", "since 3 o'clock", "set the AC to twenty four",
              "it started at 10 this morning", "since Monday"]


@pytest.mark.parametrize("locale", LOCALES)
def test_a_red_flag_said_with_when_it_began_reaches_the_red_flag_path(locale):
    matcher = Matcher.for_locale(locale)
    check_table([(s, True) for s in RED_FLAGS_WITH_WHEN], lambda s: matcher.resolve(s).intent in SAFETY)


@pytest.mark.parametrize("locale", LOCALES)
def test_any_countrys_emergency_number_is_an_emergency_request(locale):
    matcher = Matcher.for_locale(locale)
    check_table([(s, "EmergencyIntent") for s in EMERGENCY_CALLS], lambda s: matcher.resolve(s).intent)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_day_a_time_or_a_number_alone_is_no_request(locale):
    matcher = Matcher.for_locale(locale)
    check_table([(s, "AMAZON.FallbackIntent") for s in NO_REQUEST], lambda s: matcher.resolve(s).intent)
