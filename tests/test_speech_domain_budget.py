"""The speech budget's measuring: words, holds, placeholders, and `spasm-coach content budget --no-walk`."""

from __future__ import annotations

import content
import spasm_coach
from content import budget
from skill.render import Composer


def test_words_and_seconds_ignore_tags_and_pause_markers():
    assert budget.words_of('<speak>Call nine one one. <break time="2s"/> Now.</speak>') == 5
    assert budget.words_of("Hold. [pause 1600ms] two. [pause 1s] And relax.") == 4
    assert budget.seconds_for(160) == 60.0
    assert budget.talk_seconds("one two three four") == 1.5


def test_counted_holds_take_no_talk_time():
    c = content.get()
    rendered = Composer(c, "en-US").say("frame.goodbye").hold(5).hold(12).say("frame.home").render()
    from simulator.session import plain_speech
    text = budget.without_holds(plain_speech(rendered.speech), c, "en-US")
    assert text.count("[hold]") == 2 and "two" not in text and "five" not in text and "relax" not in text


def test_measure_fills_locale_words_and_sample_params():
    c = content.get()
    us = budget.measure(c, "screening.outcome.emergency", "en-US")
    gb = budget.measure(c, "screening.outcome.emergency", "en-GB")
    assert "nine one one" in us.text and "nine nine nine" in gb.text
    assert gb.words > us.words
    assert "{" not in budget.measure(c, "therapy.capped", "en-US").text


def test_the_cli_prints_the_longest_lines_per_locale(capsys):
    assert spasm_coach.main(["content", "budget", "--no-walk", "--top", "3", "--locale", "en-GB"]) == 0
    out = capsys.readouterr().out
    assert "== en-GB" in out and "first welcome" in out and "emergency advice until the number" in out
    keys = tuple(content.get().responses)
    assert len([line for line in out.splitlines() if line.strip().endswith(keys)]) == 3
