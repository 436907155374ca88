"""The pure renderer: every line renders to valid SSML within Alexa's limits; holds, pauses, lists, variations."""
from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import content
from skill import render
from skill.render import Composer, RenderError, break_ssml, check_ssml, join_list, render_text

C = content.get()
LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]
SAMPLE = {"side": "right", "items": "ice & heat", "minutes": 15, "therapy_name": "ice", "name": "pelvic tilt"}
SKILL_DIR = Path(render.__file__).parent


class Each:
    def __init__(self, index):
        self.index = index

    def choice(self, seq):
        return seq[min(self.index, len(seq) - 1)]


def sample(key, locale):
    return {p: SAMPLE.get(p, "<sample & co>") for p in C.entry(key, locale).get("params", [])}


def break_seconds(ssml: str) -> float:
    total = 0.0
    for element in ET.fromstring(ssml).iter("break"):
        value, unit = re.match(r"(\d+)(ms|s)", element.attrib["time"]).groups()
        seconds = int(value) / (1000 if unit == "ms" else 1)
        assert seconds <= 10
        total += seconds
    return total


SPOKEN_KEYS = sorted(k for k, e in C.responses.items() if "speech" in e)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_response_renders_to_valid_ssml_in_every_locale(locale):
    for key in SPOKEN_KEYS:
        entry = C.entry(key, locale)
        count = len(entry["speech"]) if isinstance(entry["speech"], list) else 1
        for i in range(count):
            composer = Composer(C, locale, Each(i)).say(key, **sample(key, locale))
            result = composer.render()
            root = ET.fromstring(result.speech)
            assert root.tag == "speak" and len(result.speech) <= 8000
            assert "{" not in result.speech, f"{key}: unfilled placeholder"
            if result.reprompt:
                assert ET.fromstring(result.reprompt).tag == "speak"
            if result.card:
                assert "{" not in result.card[1] and "<" not in result.card[0]
            assert result.keys == [key]


@pytest.mark.parametrize("locale", LOCALES)
def test_cards_are_written_not_spoken(locale):
    """Review3 finding 3: a card is read in the Alexa app: the emergency department as written ("A&E"), never the
    spoken form the speech uses ("A and E"), in every locale and for every country the skill knows."""
    for key in sorted(k for k, e in C.responses.items() if "card" in e):
        for country in (None, *C.countries):
            title, text = Composer(C, locale, country=country).card(key, **sample(key, locale)).render().card
            assert "A and E" not in title + text, (key, country)


def test_parameters_are_escaped_for_ssml():
    speech = Composer(C, "en-US").say("exercise.knee_rolls.move", side="left & <right>").render().speech
    assert "left &amp; &lt;right&gt;" in speech
    assert "left & <right>" in "".join(ET.fromstring(speech).itertext())


@pytest.mark.parametrize("seconds", [1, 2, 5, 10])
def test_short_hold_counts_every_second(seconds):
    speech = Composer(C, "en-US", random.Random(0)).hold(seconds).render().speech
    text = " ".join("".join(ET.fromstring(speech).itertext()).split())
    words = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"][: seconds - 1]
    assert text.startswith("Hold.")
    assert text.endswith(("And relax.", "And let go."))
    counted = text[len("Hold."):].rsplit("And", 1)[0].split()
    assert counted == words
    spoken = 0.4 * len(counted)
    assert seconds - 1 <= break_seconds(speech) + spoken <= seconds + 0.6


@pytest.mark.parametrize("seconds", [12, 30, 60])
def test_long_hold_counts_in_fives_and_chains_breaks(seconds):
    speech = Composer(C, "en-US", random.Random(0)).hold(seconds).render().speech
    text = "".join(ET.fromstring(speech).itertext())
    assert "five" in text and "ten" in text
    assert ("sixty" in text) == (seconds == 60)
    counted = text[len("Hold."):].rsplit("And", 1)[0].split()
    assert counted[:2] == ["five", "ten"]
    assert seconds - 0.5 <= break_seconds(speech) + 0.4 * len(counted) <= seconds + 1


@pytest.mark.parametrize("bad", [0, -1, 121, 2.5, "5", True])
def test_bad_hold_is_refused(bad):
    with pytest.raises(RenderError):
        Composer(C, "en-US").hold(bad)


def test_pause_chains_breaks_of_at_most_ten_seconds():
    assert break_ssml(25) == '<break time="10s"/><break time="10s"/><break time="5s"/>'
    assert break_ssml(0.75) == '<break time="750ms"/>'
    speech = Composer(C, "en-US").pause(31).render().speech
    assert break_seconds(speech) == 31
    with pytest.raises(RenderError):
        break_ssml(0)


@pytest.mark.parametrize("items,expected", [
    (["ice"], "ice"), (["ice", "heat"], "ice and heat"),
    (["pelvic tilt", "knee rolls", "knee to chest"], "pelvic tilt, knee rolls, and knee to chest")])
def test_lists_are_joined(items, expected):
    assert join_list(items) == expected


def test_empty_list_is_refused():
    with pytest.raises(RenderError):
        join_list([])


def test_variation_comes_from_the_injected_random_source():
    first = render_text(C, "en-US", "frame.goodbye", rng=Each(0))
    second = render_text(C, "en-US", "frame.goodbye", rng=Each(1))
    assert first != second
    seeded = [render_text(C, "en-US", "frame.goodbye", rng=random.Random(7)) for _ in range(3)]
    again = [render_text(C, "en-US", "frame.goodbye", rng=random.Random(7)) for _ in range(3)]
    assert seeded == again


def test_locale_placeholders_fill_every_line():
    gb = render_text(C, "en-GB", "screening.outcome.today")
    us = render_text(C, "en-US", "screening.outcome.today")
    assert "NHS one one one" in gb and "nine nine nine" in gb
    assert "urgent care" in us and "nine one one" in us


def test_reprompt_and_card_defaults_and_overrides():
    result = (Composer(C, "en-US").say("screening.outcome.emergency").say("frame.help").render())
    assert "Try saying" in result.reprompt
    assert result.card[0] == "Get emergency help now"
    result = (Composer(C, "en-US").say("frame.help").reprompt("frame.home").card("therapy.evidence").render())
    assert "What would you like" in result.reprompt and result.card[0] == "Ice or heat?"
    assert result.keys == ["frame.help", "frame.home", "therapy.evidence"]


@pytest.mark.parametrize("call,message", [
    (lambda c: c.say("frame.nope"), "unknown response key 'frame.nope'"),
    (lambda c: c.say("exercise.knee_rolls.move"), "missing parameter(s) ['side']"),
    (lambda c: c.say("frame.help", minutes=3), "unexpected parameter(s) ['minutes']"),
    (lambda c: c.say("exercise.knee_rolls.move", side=None), "must be text or a number"),
    (lambda c: c.card("frame.help"), "frame.help: has no card"),
    (lambda c: c.say("common.count"), "is a word list"),
    (lambda c: c.say("frame.goodbye").render(need_reprompt=True), "needs a reprompt"),
])
def test_misuse_fails_loudly(call, message):
    with pytest.raises(RenderError) as caught:
        call(Composer(C, "en-US"))
    assert message in str(caught.value)


@pytest.mark.parametrize("ssml,message", [
    ("<speak>" + "a" * 8000 + "</speak>", "Alexa allows 8000"),
    ("<speak><script>x</script></speak>", "not an SSML tag Alexa supports"),
    ('<speak><break time="11s"/></speak>', "at most 10 s"),
    ('<speak><break time="soon"/></speak>', "bad break time"),
    ("<speak>fish & chips</speak>", "not well-formed"),
    ("<p>hi</p>", "wrapped in <speak>"),
])
def test_limits_are_checked(ssml, message):
    with pytest.raises(RenderError) as caught:
        check_ssml(ssml)
    assert message in str(caught.value)


def test_too_much_speech_in_one_reply_fails():
    composer = Composer(C, "en-US")
    for _ in range(40):
        composer.say("screening.outcome.self_care")
    with pytest.raises(RenderError, match="Alexa allows 8000"):
        composer.render()


def test_only_the_renderer_writes_ssml():
    offenders = []
    for path in SKILL_DIR.rglob("*.py"):
        if path.name == "render.py":
            continue
        if re.search(r"<speak>|<break\b|<say-as\b|<prosody\b", path.read_text()):
            offenders.append(str(path))
    assert offenders == []
