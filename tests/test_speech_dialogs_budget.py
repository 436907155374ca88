"""The speech budget (issue 13): talk time = words at 160 a minute, counted holds and pauses not included.

Every response key in every locale: at most 60 s; the first welcome at most 20 s, the returning welcome at most
10 s; a screening question at most 10 s; emergency advice says the number within its first 8 s. Whole
conversations walked in the simulator: a screening answered "no" at most 150 s including intro and outcome, and
no routine turn over 60 s.
"""

from __future__ import annotations

import pytest

import content
from content import budget
from simulator import walks
from simulator.session import Simulator

C = content.get()
LOCALES = list(C.locales)
L = budget.LIMITS


def _over(measures, limit):
    return [f"{m.key} ({m.locale}): {m.seconds} s: {m.text}" for m in measures if m.seconds > limit]


@pytest.mark.parametrize("locale", LOCALES)
def test_no_line_talks_for_more_than_a_minute(locale):
    measures = [budget.measure(C, k, locale, part) for k in budget.spoken_keys(C) for part in ("speech", "reprompt")]
    assert not _over(measures, L["response"])


@pytest.mark.parametrize("locale", LOCALES)
def test_welcomes_are_short(locale):
    assert not _over([budget.measure(C, k, locale) for k in budget.WELCOME_FIRST], L["welcome_first"])
    assert not _over([budget.measure(C, "frame.welcome.disclaimer", locale)], L["welcome_first"])
    returning = budget.measure(C, "frame.welcome.returning", locale)
    assert returning.seconds <= L["welcome_returning"], returning
    back = budget.measure(C, "frame.welcome.back", locale).words + budget.measure(C, "frame.welcome.menu", locale).words
    assert budget.seconds_for(back) <= L["welcome_returning"]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_screening_question_fits_in_ten_seconds(locale):
    keys = budget.question_keys(C)
    assert len(keys) >= 20
    assert not _over([budget.measure(C, k, locale) for k in keys], L["screening_question"])


@pytest.mark.parametrize("locale", LOCALES)
def test_emergency_advice_says_the_number_first(locale):
    keys = budget.emergency_keys(C)
    assert "screening.outcome.emergency" in keys and "routine.blocked.emergency" in keys
    late = {k: budget.until_number(C, k, locale) for k in keys}
    assert {k: s for k, s in late.items() if s > L["emergency_number"]} == {}


@pytest.fixture(scope="module", params=LOCALES)
def walked(request):
    locale = request.param
    with Simulator(url=None, locale=locale) as sim:
        screening = walks.screening_all_no(sim)
    with Simulator(url=None, locale=locale) as sim:
        routine = walks.routine_all(sim)
    return locale, screening, routine


def test_a_whole_screening_answered_no_fits_in_150_seconds(walked):
    locale, screening, _ = walked
    assert any(k.startswith("screening.outcome.") for k in screening[-1].all_keys), screening[-1].all_keys
    seconds = [walks.talk(t, C, locale) for t in screening]
    assert sum(seconds) <= L["screening_all_no"], list(zip([t.all_keys for t in screening], seconds))
    assert max(seconds) <= L["response"]


def test_every_routine_turn_fits_in_a_minute(walked):
    locale, _, routine = walked
    done = {k.split(".")[1] for t in routine for k in t.all_keys if k.endswith(".move")}
    assert {"knee_rolls", "knee_to_chest", "bridge", "cat_cow", "bottom_to_heels"} <= done
    long = [(t.utterance, t.all_keys, walks.talk(t, C, locale)) for t in routine
            if walks.talk(t, C, locale) > L["response"]]
    assert long == []


def repeated_instructions(speech: str, locale: str) -> dict:
    """Sentences said more than twice in one response (counted holds and count words are the pace, not
    instructions)."""
    counts = set(C.words("common.count", locale))
    text = budget.without_holds(speech, C, locale)
    sentences = [s.strip().lower() for s in __import__("re").split(r"(?<=[.?!])\s+|\[[^\]]*\]", text) if s and s.strip()]
    said: dict = {}
    for s in sentences:
        if s.rstrip(".?!") in counts:
            continue
        said[s] = said.get(s, 0) + 1
    return {s: n for s, n in said.items() if n > 2}


def test_no_instruction_is_said_more_than_twice_in_one_turn(walked):
    locale, screening, routine = walked
    assert [(t.utterance, repeated_instructions(t.speech, locale)) for t in routine + screening
            if repeated_instructions(t.speech, locale)] == []
