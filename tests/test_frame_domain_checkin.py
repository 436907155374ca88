"""The check-in on a return (skill/domain/checkin.py): when a launch asks how the back is, what the answers say, and
that the question keeps the returning welcome short."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import content
from content import budget
from skill.domain import checkin

C = content.get()
RESCREEN = C.screening["rescreen"]
TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize("first_seen, asked_on, expected", [
    (TODAY - dt.timedelta(days=1), None, True),                 # the day after the first use: a return
    (TODAY - dt.timedelta(days=20), TODAY - dt.timedelta(days=1), True),
    (TODAY - dt.timedelta(days=1), TODAY, False),               # asked already today
    (TODAY, None, False),                                       # the first day: nothing to compare with
    (None, None, False),                                        # never seen
    (TODAY - dt.timedelta(weeks=RESCREEN["episode_weeks"]), None, False),   # the episode is over
    (TODAY - dt.timedelta(weeks=RESCREEN["episode_weeks"], days=-1), None, True),
])
def test_a_launch_asks_on_a_return_within_the_episode_once_a_day(first_seen, asked_on, expected):
    assert checkin.due(RESCREEN, first_seen=first_seen, asked_on=asked_on, today=TODAY) is expected


def test_better_and_same_are_answered_with_an_offer_and_worse_is_left_to_the_red_flag_path():
    assert checkin.reply("better", stretches_ok=True) == [checkin.BETTER, checkin.OFFER]
    assert checkin.reply("same", stretches_ok=True) == [checkin.SAME, checkin.OFFER]
    # after advice that stops the stretches today, the offer leaves them out
    assert checkin.reply("same", stretches_ok=False) == [checkin.SAME, checkin.OFFER_NO_STRETCHES]
    assert checkin.reply("worse", stretches_ok=True) is None
    assert checkin.reply(None, stretches_ok=True) is None


def test_the_same_says_when_to_see_someone_from_the_sources_of_the_not_improving_question():
    """"The same": the brief's advice for pain not improving (a week or two: see a doctor or physiotherapist)."""
    same = C.responses[checkin.SAME]
    question = next(q for q in C.screening["questions"] if q["id"] == checkin.WORSE_MEANS)
    assert set(same["sources"]) & set(question["sources"])
    assert "{doctor}" in same["speech"] and "week or two" in same["speech"]
    assert "couple of weeks" not in str(C.responses[checkin.BETTER]["speech"])   # no promise of a time


@pytest.mark.parametrize("locale", list(C.locales))
def test_the_returning_welcome_with_the_check_in_stays_within_the_returning_welcome_budget(locale):
    words = budget.measure(C, "frame.welcome.back", locale).words + budget.measure(C, checkin.ASK, locale).words
    assert budget.seconds_for(words) <= budget.LIMITS["welcome_returning"], (locale, words)


def test_the_self_care_outcome_and_the_check_in_promise_no_time():
    """Brief S41 (explore4 F8): pain usually starts to ease within about two weeks, but many take longer: never a
    promise. The self-care outcome that says two weeks (speech and card) also says some take longer."""
    entry = C.responses["screening.outcome.self_care"]
    for said in (entry["speech"], entry["card"]["text"]):
        assert re.search(r"\b(?:couple of|two) weeks\b", said) and "longer" in said, said
    for key in (checkin.BETTER, checkin.SAME):
        for said in (C.responses[key]["speech"] if isinstance(C.responses[key]["speech"], list)
                     else [C.responses[key]["speech"]]):
            assert not re.search(r"ease[^.]*weeks", said), said
