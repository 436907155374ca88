"""A length that is not one ("ice for banana minutes": Alexa sends "?" for the duration) is asked for in speech,
never quietly replaced by the usual length; in every locale. Alexa's "?" is stubbed into the simulator's
resolution (its grammar has no unreadable durations)."""

import contextlib

import pytest

import content
from simulator.session import Simulator

C = content.get()
LOCALES = list(C.locales)
NONSENSE = "banana"


class Unreadable:
    """The simulator's matcher, with the duration Alexa could not read ("banana minutes") sent as "?"."""

    def __init__(self, matcher):
        self.matcher = matcher

    def __getattr__(self, name):
        return getattr(self.matcher, name)

    def resolve(self, text):
        res = self.matcher.resolve(text.replace(NONSENSE, "fifteen"))
        if NONSENSE in text:
            assert res.slots.get("duration") is not None, (text, res)
            res.slots["duration"].value = "?"
        return res


@pytest.fixture(scope="module")
def webhook(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    with Simulator(ca_dir=str(home / "dev-ca"), skill_env={"XDG_DATA_HOME": str(home), "HOME": str(home)}) as sim:
        yield sim


@contextlib.contextmanager
def device(webhook, locale):
    with Simulator(url=webhook.url, ca_dir=str(webhook.ca.dir), locale=locale, permissions=True) as sim:
        sim.matcher = Unreadable(sim.matcher)
        yield sim


@pytest.mark.parametrize("locale", LOCALES)
def test_ice_for_nonsense_minutes_asks_how_many_and_the_answer_sets_that_length(webhook, locale):
    with device(webhook, locale) as sim:
        sim.say("open spasm coach")
        asked = sim.say(f"ice for {NONSENSE} minutes")
        assert asked.all_keys == ["therapy.not_understood.length", "therapy.ask_length"] and asked.session_open
        assert "how many minutes, up to 20?" in asked.speech.lower() and "20" in asked.reprompt
        assert sim.say("ten minutes").all_keys == ["therapy.check.ice"]      # the therapy is kept
        started = sim.say("no")
        assert started.all_keys[0] == "therapy.started.ice" and "10 minutes" in started.speech


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_yes_is_the_usual_length_and_no_is_no_timer(webhook, locale):
    with device(webhook, locale) as sim:
        sim.say(f"ask spasm coach to start the ice for {NONSENSE} minutes")
        sim.say("yes")
        assert sim.say("no").all_keys[0] == "therapy.started.ice"               # after the ice check
    with device(webhook, locale) as sim:
        sim.say(f"ask spasm coach to start the heat for {NONSENSE} minutes")
        declined = sim.say("no")
        assert declined.all_keys == ["therapy.short_declined"] and not declined.session_open


@pytest.mark.parametrize("locale", LOCALES)
def test_a_length_never_understood_escalates_and_closes(webhook, locale):
    with device(webhook, locale) as sim:
        sim.say(f"ask spasm coach to start the heat for {NONSENSE} minutes")
        helped = sim.say(f"{NONSENSE} minutes")
        assert helped.all_keys[0] == "frame.missed.help" and "therapy.ask_length" in helped.all_keys
        assert "emergency, call" in helped.speech and helped.speech.endswith("?")
        bye = sim.say(f"{NONSENSE} minutes")
        assert bye.all_keys == ["frame.fallback.goodbye"] and not bye.session_open
