"""What a timer-setting answer sounds like: one or two sentences, with each safety line said at its moment."""

import random
import re

import pytest

import content
from skill.render import render_text

C = content.get()
LOCALES = sorted(C.locales)
LENGTH = {"length": "15 minutes"}
FIRST = {"therapy.started.ice": LENGTH, "therapy.started.heat": LENGTH, "therapy.started.heat_cautious": LENGTH,
         "therapy.capped": {"requested": 45, "minutes": 20, "therapy_name": "ice"}}
CARE = ("therapy.care.ice", "therapy.care.ice.short", "therapy.care.heat", "therapy.care.heat.short",
        "therapy.care.heat_cautious")
OTHER_SETTERS = {"therapy.alternate.started": {"ice_minutes": 15, "rest": "an hour", "heat_minutes": 15},
                 "therapy.rest_timer_set": {"time_left": "40 minutes"},
                 "therapy.stopped.alternating_ice": {"time_left": "an hour"},
                 "therapy.stopped.no_heat.ice": {"time_left": "10 minutes"},
                 "therapy.resumed": {"time_left": "10 minutes"}}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip()) if s]


def every_variation(key, locale, params):
    return {render_text(C, locale, key, params, random.Random(seed)) for seed in range(16)}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("first", sorted(FIRST))
@pytest.mark.parametrize("care", CARE)
def test_a_start_is_the_length_then_the_care_line_two_sentences_at_most(locale, first, care):
    for a in every_variation(first, locale, FIRST[first]):
        for b in every_variation(care, locale, {}):
            said = sentences(a + " " + b)
            assert len(said) <= 2, said
            assert re.search(r"\b(15|20) minutes\b", said[0]) and "take it off" in said[0]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("key", sorted(OTHER_SETTERS))
def test_every_other_answer_that_sets_a_timer_is_two_sentences_at_most(locale, key):
    for text in every_variation(key, locale, OTHER_SETTERS[key]):
        assert 1 <= len(sentences(text)) <= 2, text


@pytest.mark.parametrize("care, words", [
    ("therapy.care.ice", ["cloth", "doze off"]),
    ("therapy.care.ice.short", ["cloth", "doze off"]),
    ("therapy.care.heat", ["low", "cloth", "rather than lying on it", "fall asleep"]),
    ("therapy.care.heat.short", ["low", "cloth", "not lying on it", "fall asleep"]),
    ("therapy.care.heat_cautious", ["low", "cloth", "rather than lying on it", "someone to check on you"])])
def test_the_care_line_of_each_start_carries_its_safety_lines(care, words):
    for locale in LOCALES:
        for text in every_variation(care, locale, {}):
            for word in words:
                assert word.lower() in text.lower(), (locale, care, text)


@pytest.mark.parametrize("key, words", [
    ("therapy.announce.ice", ["take the ice off", "check your skin", "blistered", "numb"]),
    ("therapy.announce.heat", ["take the heat off", "check your skin", "blistered", "numb"]),
    # the short ones too: a timer stopped early means the full line may never have been heard
    ("therapy.announce.ice.short", ["take the ice off", "check your skin", "blistered", "white or grey", "numb",
                                    "no more cold there|don't use cold there again"]),
    ("therapy.announce.heat.short", ["take the heat off", "check your skin", "blistered", "white or grey", "numb",
                                     "no more heat there|don't use heat there again"]),
    ("therapy.announce.alternating.ice", ["take the ice off", "skin rest"]),
    ("therapy.announce.alternating.rest", ["on low", "cloth", "rather than lying on it"]),
    ("therapy.announce.alternating.heat", ["take the heat off", "check your skin"])])
def test_the_skin_check_and_the_heat_rules_are_in_the_announcements(key, words):
    params = {"min_gap": "an hour", "better_gap": "2 hours"} if key.startswith(("therapy.announce.ice",
                                                                                 "therapy.announce.heat")) else {}
    params = {"rest": "an hour"} if key == "therapy.announce.alternating.ice" else params
    for text in every_variation(key, "en-US", params):
        for word in words:
            assert any(choice.lower() in text.lower() for choice in word.split("|")), text


# F20: one rule for the rest between rounds, in every line that states it, from the content numbers.
GAP_LINES = ["therapy.announce.ice", "therapy.announce.heat", "therapy.announce.ice.short",
             "therapy.announce.heat.short", "therapy.stopped", "therapy.rest_gap"]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("key", GAP_LINES)
def test_every_line_about_the_next_round_gives_the_same_gaps_as_the_content(locale, key):
    from skill.domain.therapy import gaps as spoken_gaps
    from skill.render import resolve

    for therapy in ("ice", "heat"):
        settings = C.therapy["therapies"][therapy]
        assert settings["min_gap_minutes"] == 60 and settings["recommended_gap_minutes"] == 120
        gaps = resolve(C, locale, spoken_gaps(C.therapy, therapy))
        params = {"therapy_name": therapy, "time_left": "55 minutes"} if "announce" not in key else {}
        params = {k: v for k, v in params.items() if k in C.responses[key].get("params", [])}
        for text in every_variation(key, locale, {**params, **gaps}):
            assert "after an hour" in text or "go again an hour after" in text, text
            assert "2 hours is better" in text, text
            assert not re.search(r"about (2|two) hours|at least 2 hours", text), text
