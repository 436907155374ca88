"""The first-ever one-shot's safety line (frame.first.safety): short in every locale, put before the answer (a shorter
form before the screening's first question), and left out when the answer already gives the emergency number."""

import pytest

import content
from content import budget
from skill.render import Composer

C = content.get()


@pytest.mark.parametrize("locale", sorted(C.locales))
@pytest.mark.parametrize("key", ["frame.first.safety", "frame.first.safety.screening"])
def test_the_first_one_shot_safety_line_is_short_and_gives_the_number(locale, key):
    measured = budget.measure(C, key, locale)
    assert measured.seconds <= 8, measured           # a few seconds before what was asked for (160 words a minute)
    assert C.locale_params(locale)["emergency"] in measured.text


def test_it_goes_first_once_and_not_when_the_answer_gives_the_number():
    composer = Composer(C, "en-US").say("therapy.evidence")
    rendered = composer.first("frame.first.safety").render()
    assert composer.keys == ["frame.first.safety", "therapy.evidence"]
    assert rendered.speech.startswith("<speak>I'm no doctor") and "nine one one" in rendered.speech
    emergency = Composer(C, "en-GB", country="GB").say("screening.emergency_request")
    assert "nine nine nine" in emergency.render().speech
    assert emergency.first("frame.first.safety").keys == ["screening.emergency_request"]


def test_before_the_screenings_first_question_its_short_form_leads_the_reprompt():
    # the red-flag questions are the safety path and end with the number (said first, the line would push the whole
    # screening over 150 s), but someone who says nothing after this first question must hear it (c1's 23:01 note)
    composer = Composer(C, "en-US").say("screening.question.saddle_numbness")
    rendered = composer.first("frame.first.safety").render()
    assert composer.keys == ["frame.first.safety.screening", "screening.question.saddle_numbness"]
    assert rendered.speech.startswith("<speak>Any new numbness")
    assert rendered.reprompt == "<speak>Emergencies: call nine one one. Yes, no, or not sure?</speak>"
