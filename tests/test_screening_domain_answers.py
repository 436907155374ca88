"""What an answer's words mean outside yes and no (skill/domain/answers.py): a toilet out of reach is no urinary
retention, the answer to "the pain, or a weak or numb leg?", and an age said as an answer."""

from __future__ import annotations

import pytest

from skill.domain.answers import age_in, cant_walk_meaning, toilet_out_of_reach


@pytest.mark.parametrize("words", [
    "I need a wee but I can't get up to go", "honestly right now I can't even get to the loo",
    "I can't get up to go to the toilet", "I'm desperate for the loo but I can't walk",
    "I need the toilet and I can't move", "I can't get to the bathroom",
])
def test_a_toilet_out_of_reach_is_a_mobility_problem(words):
    assert toilet_out_of_reach(words)


@pytest.mark.parametrize("words", [
    "I need to wee but nothing comes out", "I can't pee", "I can't go", "I can't wee even when I try",
    "I need a wee but I can't start", "I need to pee but I can't get up and I've wet myself a bit",
    "I can't get to the loo and I can't feel when I need to go", "I can't get up", "my leg is numb",
])
def test_retention_leaking_or_lost_feeling_is_never_read_as_a_toilet_out_of_reach(words):
    assert not toilet_out_of_reach(words)


@pytest.mark.parametrize("words, meaning", [
    ("both", "weak"), ("both really", "weak"), ("a bit of both", "weak"), ("the pain and the leg", "weak"),
    ("my leg is weak", "weak"), ("my leg gives way", "weak"), ("my leg feels numb", "numb"),
    ("pins and needles in my leg", "numb"),
    ("just the pain, it's agony when I try", "pain"), ("it's the pain", "pain"), ("it hurts too much", "pain"),
    ("my legs are fine it's the pain", "pain"), ("not sure really", "unsure"), ("I don't know", "unsure"),
    ("the kettle", None),
])
def test_the_cant_walk_answer_names_the_leg_whenever_a_leg_is_in_it(words, meaning):
    assert cant_walk_meaning(words) == meaning


@pytest.mark.parametrize("words, age", [
    ("67", 67), ("no i'm 67", 67), ("yes I'm fifteen", 15), ("no I'm seventy two", 72), ("I'm 82 years old", 82),
    ("15 minutes", None), ("2", None), ("I had a fall", None), (None, None),
])
def test_an_age_said_as_an_answer(words, age):
    assert age_in(words) == age
