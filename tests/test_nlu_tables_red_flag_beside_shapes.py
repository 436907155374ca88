"""A red flag said before or after an ice, heat or "that was fine" shape (review7 CRITICAL 4 and 11): every such shape
added to the interaction model since f3b347c, with a plain red flag beside it, reaches the symptom or the emergency
route, never the therapy, a timer or "Sorry, I missed that" (a device sends the slots only, so the words would be lost)."""

import pytest

from simulator.nlu import Matcher

from conftest import check_table_avoids

SAFE = {"ReportSymptomIntent", "EmergencyIntent"}
# Every ice, heat and FallbackIntent sample added to en-US.json in f3b347c..afae3cc (`git diff f3b347c afae3cc --
# interaction_models/en-US.json`).
SHAPES = [
    # AMAZON.FallbackIntent
    'the heat pack was fine',
    'the heat pad worked fine',
    'the heat was fine',
    'the hot water bottle was fine',
    'the ice pack was fine',
    'the ice was good',
    # StartTherapyIntent
    "I don't want {declined} I want {therapy}",
    "I don't want {declined} give me {therapy}",
    "I don't want {declined} {therapy} please",
    "I'll try {therapy} then",
    "actually no I don't want {declined} {therapy}",
    'can I do {therapy} instead',
    'can I get {therapy} on',
    'can I have {therapy} on',
    'can I have {therapy} on now',
    'can I have {therapy} then',
    'can I put {therapy} on',
    'could I have {therapy} on',
    'how about {therapy}',
    'how about {therapy} then',
    'no not the {declined} the {therapy}',
    'no not {declined} {therapy}',
    'not {declined} {therapy}',
    'okay {therapy} then I guess',
    'what about {therapy}',
    'what about {therapy} then',
    '{declined} I mean {therapy}',
    '{declined} actually no {therapy}',
    '{declined} actually {therapy}',
    '{declined} make that {therapy}',
    '{declined} no I mean {therapy}',
    '{declined} no actually {therapy}',
    '{declined} no make that {therapy}',
    '{declined} no sorry {therapy}',
    '{declined} no wait {therapy}',
    '{declined} on second thought {therapy}',
    '{declined} or rather {therapy}',
    '{declined} sorry I mean {therapy}',
    '{declined} sorry {therapy}',
    '{declined} wait {therapy}',
    '{therapy} instead of {declined}',
    '{therapy} it is then',
    '{therapy} not {declined}',
    '{therapy} then I guess',
    # AlternateTherapyIntent
    'I want to swap to {therapy}',
    'I want to switch to {therapy}',
    'can I change to the {therapy}',
    'can I change to {therapy}',
    'can I swap to {therapy}',
    'can we swap to {therapy}',
    'can we switch to {therapy}',
    'change over to {therapy}',
    'swap it for the {therapy}',
    'swap it for {therapy}',
    'swap to the {therapy}',
    'swap to {therapy}',
    # StopTherapyIntent
    'I want everything off',
    'I want everything to stop',
    'I want it all off',
    'I want it all to stop',
    "I'd rather not have {therapy}",
    "I'd rather not use {therapy}",
    'cancel all of it',
    'cancel all of them',
    'cancel everything',
    'cancel it all',
    'cancel the lot',
    "don't want {therapy}",
    'make it all stop',
    'nah not the {therapy}',
    'nah not {therapy}',
    'no not the {therapy}',
    'no not {therapy}',
    'no {therapy} at all',
    'no {therapy} for me',
    'no {therapy} for now',
    'no {therapy} today',
    'not {therapy} today',
    'nothing {therapy}',
    'skip the {therapy}',
    'stop all of it',
    'stop it all',
    'turn the whole lot off',
    # IceOrHeatIntent
    'does {therapy} actually help',
    'does {therapy} help',
    'how do I do {therapy}',
    'how do I use {therapy}',
    'how does {therapy} help',
    'how long can I keep {therapy} on',
    'how long can I leave {therapy} on',
    'how long do I put {therapy} on for',
    'how long do I use {therapy} for',
    'how long do you leave {therapy} on',
    'how long do you leave {therapy} on for',
    'how long should I keep {therapy} on',
    'how long should I leave {therapy} on',
    'how long should I leave {therapy} on for',
    'how long should I put {therapy} on',
    'how long should I put {therapy} on for',
    'how long should I use {therapy}',
    'how long should I use {therapy} for',
    'how often can I use {therapy}',
    'how often should I use {therapy}',
    'how should I use {therapy}',
    'is {therapy} any good',
    'what does {therapy} actually do',
    'what does {therapy} do',
    'what is {therapy} good for',
    'why {therapy}',
    'will {therapy} help',
]
AFTER = [", I have chest pain", " and my legs have gone weak", " and I've wet myself", " my bum is numb"]
BEFORE = ["I have chest pain, ", "my legs have gone weak and "]


def filled(shape, n):
    """SHAPE with its slots said (ice and heat by turns, the one declined the other)."""
    therapy, declined = ("heat", "ice") if n % 2 else ("ice", "heat")
    return shape.replace("{therapy}", therapy).replace("{declined}", declined)


SENTENCES = [filled(s, n) + flag for n, s in enumerate(SHAPES) for flag in AFTER] \
    + [flag + filled(s, n) for n, s in enumerate(SHAPES) for flag in BEFORE]


@pytest.fixture(scope="module", params=["en-US", "en-GB"])
def matcher(request):
    return Matcher.for_locale(request.param)


def test_a_red_flag_beside_a_new_shape_is_heard(matcher):
    check_table_avoids(SENTENCES, lambda said: matcher.resolve(said).intent,
                       {i for i in matcher.intent_slots} - SAFE | {"AMAZON.FallbackIntent"})


def test_the_shapes_alone_are_still_themselves(matcher):
    check_table_avoids([filled(s, n) for n, s in enumerate(SHAPES)], lambda said: matcher.resolve(said).intent, SAFE)
