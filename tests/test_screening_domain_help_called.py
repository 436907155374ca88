"""Review7 C12: help called only for an ambulance or the place's emergency number, said as done and not failed."""

import pytest

from simulator import envelopes as env
from simulator.session import Simulator, Turn
from skill.domain.answers import help_called

GB, NZ = ("999", "112"), ("111",)


@pytest.mark.parametrize("words, numbers, called", [
    ("I rang 111 earlier", GB, False),
    ("I've rung one one one", GB, False),
    ("I called out for help", GB, False),
    ("I called for help", GB, False),
    ("I rang 999 this morning and they said it was fine", GB, False),
    ("I called the ambulance yesterday", GB, False),
    ("I've called nine one one", GB, False),
    ("I've rung nine nine nine", GB, True),
    ("I've called an ambulance, what should I do while I wait", GB, True),
    ("I've rung one one one", NZ, True),
    ("I've rung nine nine nine", NZ, False),
])
def test_only_the_places_emergency_number_or_an_ambulance_is_help_called(words, numbers, called):
    assert help_called(words, numbers) is called


@pytest.mark.parametrize("locale, words", [("en-GB", "I rang 111 earlier"), ("en-GB", "I've rung one one one"),
                                           ("en-GB", "I called out for help"), ("en-US", "I called for help"),
                                           ("en-US", "I rang 111")])
def test_device_help_slot_with_another_line_gets_the_number(locale, words):
    slots = {"help": {"name": "help", "confirmationStatus": "NONE", "value": words, "source": "USER",
                      "resolutions": {"resolutionsPerAuthority": [{
                          "authority": "amzn1.er-authority.echo-sdk.x.HELP_NEED",
                          "status": {"code": "ER_SUCCESS_NO_MATCH"}}]}}}
    with Simulator(locale=locale) as sim:
        sim.say("open spasm coach")
        turn = sim._exchange(Turn("<raw>"), env.intent_request(locale, "EmergencyIntent", slots))
        assert "help is on its way" not in (turn.speech or "")
        assert (turn.speech or "").startswith("Call for emergency help now")
