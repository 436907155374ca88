"""The simulator NLU's statistical stage: used only when no sample shape matches; confident -> intent, else Fallback."""

import json
import time

import pytest

from simulator.nlu import Matcher
from simulator.statistical import Statistical, tag_values
from skill.domain.symptoms import read_symptom


@pytest.fixture(scope="module")
def matcher():
    return Matcher.for_locale("en-US")


def test_a_shape_match_never_goes_through_the_statistical_stage(matcher):
    assert matcher.resolve("start ice for ten minutes").how == "exact"


@pytest.mark.parametrize("sentence", ["what's the weather like", "order me a pizza", "play some music",
                                      "who won the game last night", "blah blah"])
def test_what_is_not_for_this_skill_falls_back(matcher, sentence):
    # By the model's own FallbackIntent samples (everyday requests to Alexa) or by no confident guess.
    r = matcher.resolve(sentence)
    assert (r.intent, r.how) in (("AMAZON.FallbackIntent", "fallback"), ("AMAZON.FallbackIntent", "exact"))


@pytest.mark.parametrize("sentence", ["did you let the cat in", "what's the forecast for the weekend",
                                      "turn up the radio a bit"])
def test_the_fallback_samples_teach_the_stage_what_is_not_for_the_skill(matcher, sentence):
    assert matcher.resolve(sentence).intent == "AMAZON.FallbackIntent"


@pytest.mark.parametrize("sentence, intent", [
    ("which one is better for a spasm, the ice or the heat", "IceOrHeatIntent"),   # literal values tagged alike
    ("I'd like the stretching exercises now", "StartRoutineIntent"),            # stems: stretching, exercises
    ("keep going mate", "AMAZON.ResumeIntent"),                                 # a tag at the end
    ("do I need to go to the ER", "StartScreeningIntent"),                      # the E.R. is no hesitation
])
def test_unseen_phrasings_find_their_intent(matcher, sentence, intent):
    assert matcher.resolve(sentence).intent == intent


def test_a_closed_slot_takes_a_value_said_inside_other_words_but_no_stranger(matcher):
    r = matcher.resolve("start the ice timer please")
    assert (r.intent, r.slots["therapy"].id) == ("StartTherapyIntent", "ice")
    assert matcher.resolve("I need the ambulance").intent != "StartTherapyIntent"


def test_slot_values_are_found_in_a_guessed_sentence():
    model = Statistical([("StartTherapyIntent", "start <THERAPY_TYPE> for <AMAZON.DURATION>"),
                         ("StartTherapyIntent", "start the <THERAPY_TYPE> timer"),
                         ("StopTherapyIntent", "stop <THERAPY_TYPE>")])
    guess = model.guess("start <THERAPY_TYPE> timer for <AMAZON.DURATION>")
    assert guess.intent == "StartTherapyIntent"
    assert model.guess("bananas and custard") is None


def test_tagging_takes_the_longest_value_and_every_type_of_an_ambiguous_one():
    tables = {"THERAPY_TYPE": {"ice": [], "ice pack": []}, "REMINDER_TYPE": {"ice": []}}
    tagged = tag_values("my ice pack and ice", tables, {})
    assert tagged[0] == ("my <THERAPY_TYPE> and <THERAPY_TYPE>", [("THERAPY_TYPE", "ice pack"), ("THERAPY_TYPE", "ice")])
    assert ("my <THERAPY_TYPE> and <REMINDER_TYPE>", [("THERAPY_TYPE", "ice pack"), ("REMINDER_TYPE", "ice")]) in tagged


def test_a_guessed_symptom_carries_everything_said(matcher):
    r = matcher.resolve("my groin feels kind of dead since this morning")
    assert r.intent == "ReportSymptomIntent"
    assert "groin" in r.slots["symptom"].value


@pytest.mark.parametrize("sentence", ["no, I was just putting the hoover away", "nah, all good down there",
                                      "yes, twice", "maybe, I couldn't say for sure"])
def test_a_reply_that_goes_on_carries_its_words_to_the_skill(matcher, sentence):
    # Starts with yes, no or a hedge and goes on: the bare {answer} sample takes it whole (its values are such
    # answers), so the skill reads the words at a screening question instead of hearing FallbackIntent.
    r = matcher.resolve(sentence)
    assert r.intent == "AnswerIntent"
    assert r.slots["answer"].value == sentence.replace(",", "").lower()


def test_a_reply_that_names_a_red_flag_is_never_a_plain_no(matcher):
    for sentence in ["no, but I can't feel my legs", "nah, my bum's gone numb", "no but I wet myself"]:
        r = matcher.resolve(sentence)
        assert r.intent in ("ReportSymptomIntent", "AnswerIntent"), sentence
        words = next(s.value for s in r.slots.values() if s.value)
        assert read_symptom(words, "en-US").flag is not None, sentence          # the flag's words travel with it


@pytest.mark.parametrize("sentence", ["I fell out of a tree", "I fell down the loft hatch"])
def test_a_fall_is_a_symptom_though_a_sample_says_fell_asleep(matcher, sentence):
    # DrowsyIntent's "I fell asleep with the {therapy} on" must not make "fell" an everyday word.
    assert matcher.resolve(sentence).intent == "ReportSymptomIntent"


def test_whole_answers_are_not_tagged_as_entities(matcher):
    # ANSWER values are yes, no and not sure sentences alike: written as one <ANSWER> they would make "I think so"
    # and "no, I feel fine" the same to the stage.
    assert "ANSWER" not in matcher._tag_tables() and "SYMPTOM" in matcher._tag_tables()


def test_the_stage_trains_and_guesses_quickly():
    # CPU time, not wall time: the shared machine's load must not fail it (about 0.25 s to train here).
    from simulator.nlu import MODELS_DIR
    matcher = Matcher(json.loads((MODELS_DIR / "en-US.json").read_text(encoding="utf-8")))
    started = time.process_time()
    matcher.statistical()
    assert time.process_time() - started < 2.0
    times = []
    for sentence in ["could you time my heat pack", "what stretches have you got", "my legs feel funny"] * 3:
        t = time.process_time()
        matcher.resolve(sentence)
        times.append(time.process_time() - t)
    assert sorted(times)[len(times) // 2] < 0.05


class _FixedScores(Statistical):
    """The stage with its scores given, to pin the guessing rule alone."""

    def __init__(self, scores: dict):
        super().__init__([("HowLongIntent", "how long will this last"), ("ReportSymptomIntent", "my legs are weak")])
        self._fixed = scores

    def scores(self, tagged):
        return dict(self._fixed)


def test_a_guess_under_its_bar_yields_to_a_red_flag_intent_that_clears_its_own():
    # "my legs are weak, how long will this last": the question tops the race but under its bar; the symptom report,
    # over the lower bar of the intents that lead to the red-flag questions, is the guess (not "didn't catch that").
    guess = _FixedScores({"HowLongIntent": 0.26, "ReportSymptomIntent": 0.22, "PainCheckIntent": 0.1}).guess(
        "my legs are weak how long will this last")
    assert guess is not None and guess.intent == "ReportSymptomIntent"
    # ... but not under that bar, and never over a guess that clears its own.
    assert _FixedScores({"HowLongIntent": 0.26, "ReportSymptomIntent": 0.15}).guess("how long will this last") is None
    assert _FixedScores({"HowLongIntent": 0.5, "ReportSymptomIntent": 0.3}).guess(
        "how long will this last").intent == "HowLongIntent"
