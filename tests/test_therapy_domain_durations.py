"""AMAZON.DURATION values as Alexa sends them, read on the skill side (skill.domain.therapy)."""

import pytest

from skill.domain.therapy import duration_minutes, duration_unreadable


@pytest.mark.parametrize("value,minutes", [
    ("PT20M", 20), ("PT0.5H", 30), ("PT1.5M", 1.5), ("PT90M", 90), ("P1D", 1440), ("PT1H30M", 90),
    ("PT45S", 0.75), ("PT1.5H", 90), ("P1W", 10080), ("pt15m", 15), (" PT10M ", 10), ("PT0,5H", 30),
    ("P1DT2H", 1560),
])
def test_alexa_durations_parse(value, minutes):
    assert duration_minutes(value) == pytest.approx(minutes)


@pytest.mark.parametrize("value", ["?", "PT", "P", "PT0M", "PT5X", "15 minutes", "PTM", "P1.2.3D", "PT-5M", "nonsense"])
def test_nonsense_is_unreadable_not_a_length(value):
    assert duration_minutes(value) is None
    assert duration_unreadable(value)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_no_duration_is_not_unreadable(value):
    assert duration_minutes(value) is None
    assert not duration_unreadable(value)
