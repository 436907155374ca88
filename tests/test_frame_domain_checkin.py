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


@pytest.mark.parametrize("words, meaning", [
    ("not good", checkin.NOT_BETTER), ("not so good", checkin.NOT_BETTER), ("not great", checkin.NOT_BETTER),
    ("awful", checkin.NOT_BETTER), ("it's bad", checkin.NOT_BETTER), ("not really", checkin.NOT_BETTER),
    ("no it's not", checkin.NOT_BETTER), ("pretty crook", checkin.NOT_BETTER), ("a bit ropey", checkin.NOT_BETTER),
    ("no better", "same"), ("no better no worse", "same"), ("still sore", "same"), ("not any worse", "same"),
    ("a bit better", "better"), ("better, not worse", "better"), ("not better, worse", "worse"),
    ("getting worse", "worse"),
    ("good", "better"), ("pretty good", "better"), ("yeah good thanks", "better"), ("loads better", "better"),
    ("fine thanks", "better"), ("not fine", checkin.NOT_BETTER),
    ("not bad", None), ("not too bad", None), ("yes", None), ("okay", None), ("I dunno", None), ("", None),
])
def test_words_said_to_the_check_in_are_read_as_a_change_or_not_better(words, meaning):
    assert checkin.read_change(words) == meaning


def test_a_no_to_the_check_in_is_not_better_and_a_change_resolved_by_the_model_wins():
    assert checkin.answer_meaning("AMAZON.NoIntent", None, None) == checkin.NOT_BETTER
    assert checkin.answer_meaning("AMAZON.YesIntent", None, None) is None
    assert checkin.answer_meaning("PainCheckIntent", "worse", "ow") == "worse"
    assert checkin.answer_meaning("AMAZON.FallbackIntent", None, "awful") == checkin.NOT_BETTER


def test_the_check_in_asks_at_most_twice_and_never_says_goodbye():
    # not better: "is it worse than before?" (a yes or no)
    assert checkin.after_miss(checkin.NOT_BETTER, checkin.ASKED) == (checkin.ASK_NOT_BETTER, checkin.WORSE_Q)
    assert checkin.after_miss(checkin.NOT_BETTER, checkin.AGAIN) == (checkin.ASK_NOT_BETTER, checkin.WORSE_Q)
    # a bare no (maybe "I'm fine"): the same question, without "sorry to hear that" (review5 #7)
    assert checkin.after_miss(checkin.NOT_BETTER, checkin.ASKED, bare_no=True) == (checkin.ASK_WORSE, checkin.WORSE_Q)
    # nothing said: once more, then no more asking (the offer follows)
    assert checkin.after_miss(None, checkin.ASKED) == (checkin.UNCLEAR, checkin.AGAIN)
    assert checkin.after_miss(None, checkin.AGAIN) == (checkin.LEAVE_IT, "")


def test_is_it_worse_than_before_yes_is_worse_and_no_is_the_same():
    """Review5 #4: the follow-up to "not good" is a yes/no question; the milder reading is never guessed."""
    ask = checkin.WORSE_Q
    assert checkin.answer_meaning("AMAZON.YesIntent", None, None, ask) == "worse"
    assert checkin.answer_meaning("AMAZON.NoIntent", None, None, ask) == "same"
    assert checkin.answer_meaning("AMAZON.FallbackIntent", None, "not really", ask) == "same"
    assert checkin.answer_meaning("AMAZON.FallbackIntent", None, "it's horrible", ask) == "worse"
    assert checkin.answer_meaning("AMAZON.FallbackIntent", None, None, ask) == "same"     # not better, at least
    assert checkin.answer_meaning("PainCheckIntent", "better", None, ask) == "better"


def test_my_backs_gone_again_to_the_check_in_is_not_better_then_worse():
    """Review6 #8: a situation said (SituationIntent, no words) to the check-in is not better; to "is it worse?"
    the worse it says (the red-flag path), never the help menu."""
    assert checkin.answer_meaning("SituationIntent", None, None) == checkin.NOT_BETTER
    assert checkin.answer_meaning("SituationIntent", None, None, checkin.WORSE_Q) == "worse"


@pytest.mark.parametrize("days, said", [(None, checkin.SAME), (1, checkin.SAME), (13, checkin.SAME),
                                        (checkin.NOT_IMPROVING_DAYS, checkin.SAME_WEEKS), (20, checkin.SAME_WEEKS)])
def test_the_same_from_two_weeks_on_is_the_not_improving_advice(days, said):
    """Review4 #3b: from two weeks after the first use, "the same" is the not-improving question's tier-3 advice."""
    assert checkin.reply("same", stretches_ok=True, episode_days=days) == [said, checkin.OFFER]
    assert checkin.reply("better", stretches_ok=True, episode_days=days) == [checkin.BETTER, checkin.OFFER]


def test_the_two_week_advice_is_the_not_improving_questions_tier_and_sources_with_the_safety_net():
    question = next(q for q in C.screening["questions"] if q["id"] == checkin.WORSE_MEANS)
    assert question["tier"] == checkin.SAME_WEEKS_TIER
    entry = C.responses[checkin.SAME_WEEKS]
    assert set(question["sources"]) <= set(entry["sources"])
    assert "{doctor}" in entry["speech"] and "{emergency}" in entry["speech"]
    assert checkin.episode_days(TODAY - dt.timedelta(days=15), TODAY, 6) == 15


@pytest.mark.parametrize("days_ago, expected", [(0, 0), (41, 41), (42, None), (60, None)])
def test_a_return_after_the_episode_is_a_new_spasm_whose_days_are_not_known(days_ago, expected):
    """Review5 #7b: 60 days after the first use (past the episode's 6 weeks), "the same" is not told "over two
    weeks": the days since the first use say nothing about this spasm."""
    assert checkin.episode_days(TODAY - dt.timedelta(days=days_ago), TODAY, 6) == expected
    assert checkin.episode_days(None, TODAY, 6) is None


D = dt.timedelta


@pytest.mark.parametrize("tier, days, expected", [
    (2, {}, checkin.Standing(2)),                                          # this conversation's advice
    (4, {2: TODAY}, checkin.Standing()),            # this conversation's questions found self-care: the latest word
    (None, {2: TODAY}, checkin.Standing(2)),                                 # a tier-1/2 day today
    (None, {3: TODAY}, checkin.Standing(3)),                 # "the next few days" earlier today (review5 #1b)
    (None, {1: TODAY, 2: TODAY}, checkin.Standing(1)),                      # the emergency advice today (review5 #1)
    (None, {1: TODAY - D(days=1), 2: TODAY - D(days=1)}, checkin.Standing(1, earlier=True)),
    (None, {2: TODAY - D(days=1)}, checkin.Standing(2, earlier=True)),
    (None, {3: TODAY - D(days=3)}, checkin.Standing(3, earlier=True)),
    # the latest advice stands: "the next few days" two days after "today"; the same day, the more urgent
    (None, {2: TODAY - D(days=3), 3: TODAY - D(days=1)}, checkin.Standing(3, earlier=True)),
    (None, {2: TODAY - D(days=1), 3: TODAY - D(days=3)}, checkin.Standing(2, earlier=True)),
    (None, {2: TODAY - D(days=2), 3: TODAY - D(days=2)}, checkin.Standing(2, earlier=True)),
    # a later full screening that found self-care is the latest word (review5 #6)
    (None, {2: TODAY - D(days=3), 4: TODAY - D(days=1)}, checkin.Standing()),
    # an earlier episode's advice (older than the episode's weeks) is not this one's
    (None, {2: TODAY - D(weeks=RESCREEN["episode_weeks"], days=1)}, checkin.Standing()),
    (None, {}, checkin.Standing()),
])
def test_advice_given_earlier_stands_until_a_later_screening_says_otherwise(tier, days, expected):
    """Review4 #3 across days: the advice a check-in or a question must not soften."""
    assert checkin.standing(tier, days=days, today=TODAY, episode_weeks=RESCREEN["episode_weeks"]) == expected


@pytest.mark.parametrize("words, said", [("not too bad", True), ("not so bad thanks", True), ("not bad", True),
                                         ("bad", False), ("too bad to move", False)])
def test_not_bad_says_no_change_either_way(words, said):
    assert checkin.not_bad(words) is said


@pytest.mark.parametrize("words, rest", [("no different", ""), ("no better no worse", ""), ("not too bad", ""),
                                         ("a lot worse and my legs feel weak", "a lot and my legs feel weak"),
                                         ("better but my leg is tingling", "but my leg is tingling")])
def test_without_the_change_words_what_else_was_said(words, rest):
    assert checkin.without_change_words(words) == rest
