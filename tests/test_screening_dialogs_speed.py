"""Red flags are reached fast: saddle numbness (the first question) hears the emergency number within 2 turns and
15 s of speech (160 words a minute) from "is this serious". The whole table: `python -m bench.red_flags`."""

from __future__ import annotations

import pytest

from bench.red_flags import to_the_number
from simulator.session import Simulator


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_saddle_numbness_hears_the_number_within_two_turns_and_fifteen_seconds(locale):
    with Simulator(url=None, locale=locale) as sim:
        turns, seconds = to_the_number(sim, "saddle_numbness")
    assert turns <= 2 and seconds <= 15, (turns, seconds)
