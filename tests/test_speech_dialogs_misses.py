"""Misunderstandings inside a flow's question, in every locale: a short re-ask, then help with the emergency line
and the question again, then a goodbye that closes; an understood answer starts the count over."""

import pytest

import content
from simulator.session import Simulator

LOCALES = list(content.get().locales)
MAX_TURNS = 40


@pytest.fixture(scope="module")
def webhook(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    with Simulator(ca_dir=str(home / "dev-ca"), skill_env={"XDG_DATA_HOME": str(home), "HOME": str(home)}) as sim:
        yield sim


def device(webhook, locale, **kwargs):
    return Simulator(url=webhook.url, ca_dir=str(webhook.ca.dir), locale=locale, **kwargs)


def to_the_pain_check(sim):
    """Start the stretches, "no" to the gate's questions, until the first "better, the same, or worse?"."""
    turn = sim.say("ask spasm coach to start my stretches")
    for _ in range(MAX_TURNS):
        if "routine.pain_check" in turn.all_keys:
            return turn
        assert turn.session_open, turn.speech
        turn = sim.say("no")
    raise AssertionError("never reached the pain check")


def asks(turn, key):
    assert turn.session_open and turn.speech.rstrip().endswith("?"), turn.speech
    assert key in turn.all_keys, turn.all_keys


def help_then_goodbye(sim, said, question_key):
    helped = sim.say(said)
    assert helped.all_keys[0] == "frame.missed.help", helped.all_keys
    assert "emergency, call" in helped.speech
    asks(helped, question_key)
    bye = sim.say(said)
    assert bye.all_keys == ["frame.fallback.goodbye"] and not bye.session_open
    assert "emergency, call" in bye.speech and "Alexa, open Spasm Coach" in bye.speech


@pytest.mark.parametrize("locale", LOCALES)
def test_yes_and_no_at_the_pain_check_no_longer_loop(webhook, locale):
    with device(webhook, locale) as sim:
        to_the_pain_check(sim)
        again = sim.say("yes")
        assert again.all_keys[0] == "routine.pain_check.unclear"
        asks(again, "routine.pain_check")
        help_then_goodbye(sim, "no", "routine.pain_check")
        back = sim.say("open spasm coach")                  # the place in the stretches is kept
        assert "frame.resume.routine" in back.all_keys, back.all_keys


@pytest.mark.parametrize("locale", LOCALES)
def test_nonsense_at_the_heat_check_escalates_and_nothing_is_set(webhook, locale):
    with device(webhook, locale, permissions=True) as sim:
        first = sim.say("ask spasm coach to start the heat")
        question = first.all_keys[-1]
        again = sim.say("purple monkey dishwasher")
        assert again.all_keys[0] == "therapy.not_understood"
        asks(again, question)
        help_then_goodbye(sim, "purple monkey dishwasher", question)
        assert sim.say("ask spasm coach how long is left").all_keys == ["therapy.status.none"]


@pytest.mark.parametrize("locale", LOCALES)
def test_an_understood_answer_starts_the_count_over(webhook, locale):
    with device(webhook, locale, permissions=True) as sim:
        sim.say("ask spasm coach to start the heat")
        assert sim.say("purple monkey dishwasher").all_keys[0] == "therapy.not_understood"
        assert sim.say("purple monkey dishwasher").all_keys[0] == "frame.missed.help"
        sim.say("no")                                          # the first heat question, answered
        again = sim.say("purple monkey dishwasher")
        assert again.all_keys[0] == "therapy.not_understood" and again.session_open


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_ice_or_heat_asked_three_times_in_vain_closes(webhook, locale):
    with device(webhook, locale, permissions=True) as sim:
        sim.say("open spasm coach")
        asks(sim.say("start a timer"), "therapy.ask_type")
        assert sim.say("purple monkey dishwasher").all_keys[0] == "therapy.not_understood.type"
        help_then_goodbye(sim, "purple monkey dishwasher", "therapy.ask_type")
