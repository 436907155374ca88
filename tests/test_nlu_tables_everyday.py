"""Everyday answers and asides (tester round 5) in every locale: yes/no stay yes/no, "I'm fine" is no symptom."""

import json
import time
from pathlib import Path

import pytest

from simulator import nlu
from simulator.nlu import Matcher, normalise

from conftest import check_table, check_table_avoids

LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]
ANSWERS = {"AMAZON.YesIntent", "AMAZON.NoIntent", "UnsureIntent"}


@pytest.fixture(scope="module", params=LOCALES)
def matcher(request):
    return Matcher.for_locale(request.param)


def heard(matcher, sentence):
    r = matcher.resolve(sentence)
    return r.intent, {n: (s["id"] or s["value"]) for n, s in r.slots_brief().items() if s}


# Answers to a yes/no question. "I think so", "sort of" are unsure (the blind answer table, issue 11): on a red flag
# the screening asks once for a best guess and then counts it as yes, elsewhere the question is asked again. "A bit"
# is a degree of yes: it comes as AnswerIntent, its words in the slot (below).
YES_NO = [
    ("definitely not", "AMAZON.NoIntent"), ("absolutely not", "AMAZON.NoIntent"), ("of course not", "AMAZON.NoIntent"),
    ("certainly not", "AMAZON.NoIntent"), ("no not at all", "AMAZON.NoIntent"), ("not at all", "AMAZON.NoIntent"),
    ("never", "AMAZON.NoIntent"), ("no no", "AMAZON.NoIntent"), ("no no no", "AMAZON.NoIntent"),
    ("nah mate", "AMAZON.NoIntent"), ("yeah nah", "AMAZON.NoIntent"), ("nope", "AMAZON.NoIntent"),
    ("no I don't", "AMAZON.NoIntent"), ("no I dont", "AMAZON.NoIntent"), ("I don't think so", "UnsureIntent"),
    ("nothing like that", "AMAZON.NoIntent"), ("definitely not please", "AMAZON.NoIntent"),
    ("yes I do", "AMAZON.YesIntent"), ("yeah", "AMAZON.YesIntent"), ("yep", "AMAZON.YesIntent"),
    ("yes yes", "AMAZON.YesIntent"), ("uh huh", "AMAZON.YesIntent"), ("uh-huh", "AMAZON.YesIntent"),
    ("I think so", "UnsureIntent"), ("yes definitely", "AMAZON.YesIntent"),
    ("sort of", "UnsureIntent"), ("kind of", "UnsureIntent"), ("I am not sure", "UnsureIntent"),
    ("not sure", "UnsureIntent"),
]
DEGREES = ["a bit", "only a bit", "a little", "a tiny bit"]


def test_a_degree_is_an_answer_with_its_words_that_means_yes(matcher):
    from skill.domain.answers import intent_meaning

    def got(sentence):
        r = matcher.resolve(sentence)
        return r.intent, r.slots["answer"].value if "answer" in r.slots else None, intent_meaning(sentence, "en-US")
    check_table([(s, ("AnswerIntent", s, "AMAZON.YesIntent")) for s in DEGREES], got)


def test_yes_no_and_unsure_variants_are_answers(matcher):
    check_table([(s, (intent, {})) for s, intent in YES_NO], lambda s: heard(matcher, s))


def test_an_answer_is_never_a_pain_change_or_a_symptom(matcher):
    check_table_avoids([s for s, _ in YES_NO], lambda s: matcher.resolve(s).intent,
              {"PainCheckIntent", "ReportSymptomIntent", "StartRoutineIntent"})


# Local answers, understood where they are said.
LOCAL = [("en-IN", "haan", "AMAZON.YesIntent"), ("en-IN", "ya", "AMAZON.YesIntent"),
         ("en-IN", "haan ji", "AMAZON.YesIntent"), ("en-IN", "nahi", "AMAZON.NoIntent"),
         ("en-AU", "nah nah", "AMAZON.NoIntent"), ("en-AU", "yeah mate", "AMAZON.YesIntent"),
         ("en-GB", "aye", "AMAZON.YesIntent"), ("en-GB", "no chance", "AMAZON.NoIntent")]


def test_local_answers():
    check_table([((locale, s), intent) for locale, s, intent in LOCAL],
          lambda said: Matcher.for_locale(said[0]).resolve(said[1]).intent)


# Everyday phrases that the "I am {symptom}" carrier used to take as symptoms the skill cannot place.
EVERYDAY = [
    ("I am not sure", "UnsureIntent"), ("I'm not sure", "UnsureIntent"), ("I am fine", "AMAZON.NoIntent"),
    ("I'm fine", "AMAZON.NoIntent"), ("im fine", "AMAZON.NoIntent"), ("I'm ok", "AMAZON.NoIntent"),
    ("I'm okay", "AMAZON.NoIntent"), ("I'm good thanks", "AMAZON.NoIntent"), ("I'm all right", "AMAZON.NoIntent"),
    ("I am ready", "AMAZON.ResumeIntent"), ("I'm ready", "AMAZON.ResumeIntent"),
]


def test_everyday_phrases_are_not_symptoms(matcher):
    check_table([(s, (intent, {})) for s, intent in EVERYDAY], lambda s: heard(matcher, s))


CARRIED = ["I am hungry", "I was asleep", "there is a cat", "I went out yesterday",
           "I can't hear you", "it's raining", "I am going out", "I've been out",
           "I was down the shops", "there is something on the telly"]


def test_a_carrier_of_function_words_takes_only_words_that_sound_like_a_symptom(matcher):
    # Not a symptom. (The statistical stage may still guess another intent from a word it knows, "cat" as the
    # cat-cow stretch; how often it guesses on things not for this skill is measured on tests/nlu's negatives.)
    check_table_avoids(CARRIED, lambda s: matcher.resolve(s).intent, {"ReportSymptomIntent"})


def test_unknown_symptom_words_after_a_weak_carrier_are_still_symptoms(matcher):
    # placed or not: the screening hears it
    check_table([(s, "ReportSymptomIntent") for s in ["I can't poo", "I am not able to feel my legs",
                                                 "I'm not able to pass urine", "I can't feel my toes"]],
          lambda s: matcher.resolve(s).intent)


# What people say during the stretches (F13). "It hurts" is the "worse" answer: the routine stops (the safe reading).
DURING_STRETCHES = [
    ("it hurts", "PainCheckIntent", {"change": "worse"}), ("ow", "PainCheckIntent", {"change": "worse"}),
    ("ouch", "PainCheckIntent", {"change": "worse"}), ("that hurts", "PainCheckIntent", {"change": "worse"}),
    ("it's painful", "PainCheckIntent", {"change": "worse"}), ("too painful", "PainCheckIntent", {"change": "worse"}),
    ("that's worse", "PainCheckIntent", {"change": "worse"}),
    ("too hard", "AMAZON.NextIntent", {}), ("that's too hard", "AMAZON.NextIntent", {}),
    ("I can't do that one", "AMAZON.NextIntent", {}), ("I cant do this one", "AMAZON.NextIntent", {}),
    ("go back", "AMAZON.PreviousIntent", {}), ("previous", "AMAZON.PreviousIntent", {}),
    ("hold on a sec", "AMAZON.PauseIntent", {}), ("hold on a minute", "AMAZON.PauseIntent", {}),
    ("wait", "AMAZON.PauseIntent", {}), ("hang on", "AMAZON.PauseIntent", {}), ("one sec", "AMAZON.PauseIntent", {}),
    ("continue my stretches", "AMAZON.ResumeIntent", {}), ("carry on with the stretches", "AMAZON.ResumeIntent", {}),
]


def test_words_said_during_the_stretches(matcher):
    check_table([(s, (intent, slots)) for s, intent, slots in DURING_STRETCHES], lambda s: heard(matcher, s))


def test_a_confused_sound_asks_again_and_is_never_yes(matcher):
    check_table([(s, "AMAZON.RepeatIntent") for s in ["huh", "huh?", "what", "pardon", "sorry?", "what was that",
                                                "say that again"]],
          lambda s: matcher.resolve(s).intent)


def test_fillers_are_whole_words_and_uh_huh_keeps_its_uh():
    assert normalise("uh huh") == normalise("uh-huh") == "uh_huh"
    assert normalise("huh") == "huh"
    assert normalise("um start the ice") == "start ice"
    assert normalise("I am fine ok") == "i'm fine okay"


# The safety questions (F8) and everyday ice/heat/timer phrasings at the main menu (F21).
MENU = [
    ("safety", "StartScreeningIntent", {}), ("warning signs", "StartScreeningIntent", {}),
    ("safety check", "StartScreeningIntent", {}), ("the questions", "StartScreeningIntent", {}),
    ("check me", "StartScreeningIntent", {}), ("is it serious", "StartScreeningIntent", {}),
    ("am I ok", "StartScreeningIntent", {}), ("am I okay", "StartScreeningIntent", {}),
    ("ice again", "StartTherapyIntent", {"therapy": "ice"}),
    ("can I do another ice", "StartTherapyIntent", {"therapy": "ice"}),
    ("another round of heat", "StartTherapyIntent", {"therapy": "heat"}),
    ("how much time is left on my ice", "TherapyStatusIntent", {}), ("how long on the ice", "TherapyStatusIntent", {}),
    ("what should I use ice or heat", "IceOrHeatIntent", {}), ("should I use ice or heat", "IceOrHeatIntent", {}),
    ("what's next", "AMAZON.NextIntent", {}),
    # F18: a number without a unit is minutes; the therapy is never lost.
    ("start ice for ten", "StartTherapyIntent", {"therapy": "ice", "minutes": "10"}),
    ("ice for ten", "StartTherapyIntent", {"therapy": "ice", "minutes": "10"}),
    ("put the ice on for twenty", "StartTherapyIntent", {"therapy": "ice", "minutes": "20"}),
    ("start heat for fifteen", "StartTherapyIntent", {"therapy": "heat", "minutes": "15"}),
    ("start heat for ten minutes", "StartTherapyIntent", {"therapy": "heat", "duration": "PT10M"}),
]


def test_menu_phrasings(matcher):
    check_table([(s, (intent, slots)) for s, intent, slots in MENU], lambda s: heard(matcher, s))


LEGS = [
    ("my leg is tingling", "one_leg_symptoms"), ("leg is tingling", "one_leg_symptoms"),
    ("my left leg is tingling", "one_leg_symptoms"), ("my foot is numb", "one_leg_symptoms"),
    ("my leg went numb", "one_leg_symptoms"), ("tingling in my leg", "one_leg_symptoms"),
    ("pins and needles in my foot", "one_leg_symptoms"), ("my right foot went numb", "one_leg_symptoms"),
    ("both legs are tingling", "leg_weakness"), ("both my legs went numb", "leg_weakness"),
    ("my feet are tingling", "leg_weakness"),
]


def test_a_leg_that_tingles_or_goes_numb_is_a_symptom(matcher):
    check_table([(s, ("ReportSymptomIntent", {"symptom": sym})) for s, sym in LEGS], lambda s: heard(matcher, s))


def test_the_model_compiles_quickly_and_resolves_quickly():
    """The REPL shows its prompt once the model is compiled: that must stay a small part of its start-up."""
    model = json.loads((Path(__file__).parent.parent / "interaction_models" / "en-US.json").read_text())
    compiled = float("inf")
    for _ in range(3):   # CPU time, best of 3 (the first under the bound will do): a shared machine's noise
        nlu.normalise.cache_clear()     # cold, as the REPL starts: nothing of other models compiled in this process
        nlu._sample_rx.cache_clear()
        started = time.process_time()
        matcher = Matcher(model)
        compiled = min(compiled, time.process_time() - started)
        if compiled < 1.5:
            break
    # about 0.46 s of CPU here (it was 0.1 s before the statistical stage; the synonyms-in-every-regex model of
    # old took most of a second on a far lighter model): the bound catches the next doubling, with room for a
    # CI machine 2-3x slower than this one
    assert compiled < 1.5, f"compiling the en-US model took {compiled:.2f} s of CPU"
    sentences = [s for s, _ in YES_NO] + [s for s, *_ in MENU + DURING_STRETCHES] + ["blue cheese sandwich"] * 5
    times = []
    for sentence in sentences:
        t = time.process_time()
        matcher.resolve(sentence)
        times.append(time.process_time() - t)
    times.sort()
    assert times[len(times) // 2] < 0.005
