"""Ice and heat said the way people say them (explore7 #4 #5 #6 #12 #14 #18 #19 #20) in every locale: a refusal is
no request, the one named after a correction wins, a question is no timer; answers taken back stay answers."""

import pytest

from simulator.nlu import Matcher

from conftest import check_table, check_table_avoids

LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]


@pytest.fixture(scope="module", params=LOCALES)
def matcher(request):
    return Matcher.for_locale(request.param)


def heard(matcher, sentence):
    """(intent, the therapy slot's id) for SENTENCE."""
    r = matcher.resolve(sentence)
    therapy = r.slots.get("therapy")
    return r.intent, therapy.id if therapy is not None else None


STOP, START, ABOUT, SWITCH = "StopTherapyIntent", "StartTherapyIntent", "IceOrHeatIntent", "AlternateTherapyIntent"
ROWS = [
    # the tester's words
    ("no ice thanks", (STOP, "ice")), ("no ice", (STOP, "ice")), ("no heat please", (STOP, "heat")),
    ("nothing cold please", (STOP, "ice")), ("nothing hot please", (STOP, "heat")),
    ("ice no actually heat", (START, "heat")), ("heat no wait ice", (START, "ice")),
    ("heat sorry i mean ice", (START, "ice")), ("not ice, heat", (START, "heat")), ("no not ice heat", (START, "heat")),
    ("how long should i put ice on for", (ABOUT, "ice")), ("how long do you leave heat on for", (ABOUT, "heat")),
    ("what does ice actually do", (ABOUT, "ice")),
    ("ok ice then i guess", (START, "ice")), ("what about ice then", (START, "ice")),
    ("can i just have the heat on", (START, "heat")),
    ("cancel everything", (STOP, None)), ("cancel it all", (STOP, None)), ("i want it all to stop", (STOP, None)),
    ("can i swap to heat", (SWITCH, "heat")), ("can i change to ice", (SWITCH, "ice")),
    ("mm heat", (START, "heat")),
    # other words
    ("no heat for me", (STOP, "heat")), ("nothing warm thanks", (STOP, "heat")), ("nah not the ice", (STOP, "ice")),
    ("no just the ice", (START, "ice")), ("no just heat", (START, "heat")),
    ("cold no i mean hot", (START, "heat")), ("heat, actually no, ice", (START, "ice")),
    ("the hot water bottle no wait the ice pack", (START, "ice")), ("heat not ice", (START, "heat")),
    ("how long can i keep the ice pack on", (ABOUT, "ice")), ("how often can i use heat", (ABOUT, "heat")),
    ("how about heat then", (START, "heat")), ("could i just have the ice on please", (START, "ice")),
    ("cancel all of it", (STOP, None)), ("make it all stop", (STOP, None)),
    ("swap to the heat", (SWITCH, "heat")), ("can we switch to ice", (SWITCH, "ice")),
    ("mmm ice please", (START, "ice")), ("hm the heat", (START, "heat")),
]


def test_ice_and_heat_words(matcher):
    check_table(ROWS, lambda said: heard(matcher, said))


# An answer taken back ("no actually yes", "no wait yes") is an answer: the screening reads its words. Correction
# words of a changed mind about ice or heat must never make it a request (a red-flag question would be put off).
ANSWERS_TAKEN_BACK = ["no actually yes", "yes actually no", "no wait yes", "no i mean yes", "yes sorry i mean no",
                      "yes I guess", "no I guess not", "mm yes", "mm no"]


def test_answers_taken_back_are_no_request(matcher):
    check_table_avoids(ANSWERS_TAKEN_BACK, lambda said: matcher.resolve(said).intent, {START, STOP, SWITCH, ABOUT})


def test_mm_alone_is_still_an_acknowledgement(matcher):
    assert matcher.resolve("mm").intent == "AcknowledgeIntent"
