"""Sedation said at the heat check, in people's own words, read from the one list of sedating words in content
(therapy.yaml `sedating`, with its source): named medicines, drink and drowsiness count; a clause that denies them,
or a medicine that does not sedate, does not."""

import pytest

import content
from skill.domain.answers import sedation_said

C = content.get()
WORDS = C.therapy["sedating"]["words"]

SEDATED = ["yeah took some codeine", "a couple of diazepam", "I've had a few beers", "two co-codamol", "tramadol",
           "the tablets are making me sleepy", "had two pints earlier", "yes a glass of wine with tea",
           "I'm on the tramadol", "took a valium last night", "yeah a couple of zopiclone", "I've been drinking",
           "my pills make me a bit groggy", "no, but I'm pretty drowsy", "I had some whisky", "a few cans",
           "no, though I took my sleeping pills",
           # review6 #12: a leading no answers the question, not the clause after it; antihistamines, pregabalin
           "no, I took an antihistamine", "no, only pregabalin", "no, I've had a couple of beers",
           "no, just a few glasses of wine", "nope, just my amitriptyline", "only a piriton for my hay fever",
           "no I had a nytol last night", "no, just gabapentin"]
NOT_SEDATED = ["no", "nope", "I haven't had a drink", "no I'm not drowsy", "I took two nurofen", "just paracetamol",
               "no alcohol", "never drink", "no, nothing like that", "I didn't take any codeine",
               "no I haven't had a drink", "no, I haven't taken any antihistamines", "nah, not drinking",
               "no, only paracetamol", "no, just ibuprofen"]


@pytest.mark.parametrize("said", SEDATED)
def test_sedation_named_counts(said):
    assert sedation_said(said, WORDS)


@pytest.mark.parametrize("said", NOT_SEDATED)
def test_a_denial_or_a_medicine_that_does_not_sedate_does_not_count(said):
    assert not sedation_said(said, WORDS)


def test_the_list_is_content_with_a_source():
    block = C.therapy["sedating"]
    assert "fda_heating_pads" in block["sources"] and {"codeine", "muscle_relaxants"} <= set(block["medicines"])
