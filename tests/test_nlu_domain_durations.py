"""AMAZON.DURATION and AMAZON.NUMBER conversion, as Alexa fills those slots."""

import pytest

from simulator.durations import iso_seconds, parse_clock, parse_duration, words_to_number


@pytest.mark.parametrize("words,iso", [
    ("fifteen minutes", "PT15M"), ("half an hour", "PT30M"), ("an hour and a half", "PT1H30M"),
    ("twenty min", "PT20M"), ("5 minutes", "PT5M"), ("a minute", "PT1M"), ("two hours ten minutes", "PT2H10M"),
    ("one and a half hours", "PT1H30M"), ("quarter of an hour", "PT15M"), ("three quarters of an hour", "PT45M"),
    ("twenty five minutes", "PT25M"), ("forty five seconds", "PT45S"), ("a couple of minutes", "PT2M"),
    ("1.5 hours", "PT1H30M"), ("two days", "P2D"), ("a week", "P1W"),
])
def test_duration_phrases_become_iso_8601(words, iso):
    assert parse_duration(words) == iso


@pytest.mark.parametrize("words", ["minutes", "hello", "fifteen", "half", "ice for ten minutes"])
def test_non_durations_are_refused(words):
    assert parse_duration(words) is None


@pytest.mark.parametrize("words,n", [("seven", 7), ("twenty five", 25), ("a hundred and five", 105), ("42", 42),
                                     ("two thousand and twenty", 2020), ("nineteen", 19)])
def test_number_words_become_digits(words, n):
    assert words_to_number(words) == n


def test_not_a_number():
    assert words_to_number("lots") is None


@pytest.mark.parametrize("iso,seconds", [("PT15M", 900), ("PT1H30M", 5400), ("PT45S", 45), ("P1D", 86400),
                                         ("PT", None), ("15 minutes", None)])
def test_iso_seconds(iso, seconds):
    assert iso_seconds(iso) == seconds


@pytest.mark.parametrize("text,seconds", [("20m", 1200), ("1h30m", 5400), ("90s", 90), ("PT5M", 300),
                                          ("2 minutes", 120), ("soon", None)])
def test_advance_argument(text, seconds):
    assert parse_clock(text) == seconds


@pytest.mark.parametrize("locale", ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"])
def test_a_length_heard_but_not_readable_is_sent_as_a_question_mark(locale):
    # Alexa sends "?" for an AMAZON.DURATION it heard but could not read ("ice for wibble minutes"); the skill then
    # asks how many minutes (tests/dialogs/therapy_length_unreadable.yaml). Words the model knows are no such length.
    from simulator.nlu import Matcher
    matcher = Matcher.for_locale(locale)
    for sentence in ["ice for wibble minutes", "ask spasm coach to start the heat for wibble minutes", "wibble minutes"]:
        r = matcher.resolve(sentence)
        assert (r.intent, r.slots["duration"].value) == ("StartTherapyIntent", "?"), sentence
    assert matcher.resolve("ice for ten minutes").slots["duration"].value == "PT10M"
    assert all(s.value != "?" for s in matcher.resolve("it hurts every minute").slots.values())
