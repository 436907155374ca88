"""Silence in the simulator: an empty line is the person saying nothing, as on a device."""

from __future__ import annotations

import io
import json

import pytest

from simulator.jsonl import run as run_jsonl
from simulator.repl import Repl
from simulator.session import Simulator


@pytest.fixture(scope="module")
def webhook(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    with Simulator(ca_dir=str(home / "dev-ca"), skill_env={"XDG_DATA_HOME": str(home), "HOME": str(home)}) as sim:
        yield sim


def fresh(webhook, locale="en-US"):
    return Simulator(url=webhook.url, ca_dir=str(webhook.ca.dir), locale=locale).start()


def test_first_silence_speaks_the_reprompt_the_second_ends_the_session(webhook):
    sim = fresh(webhook)
    try:
        opened = sim.say("open spasm coach")
        first = sim.silence()
        assert first.request is None and first.speech == opened.reprompt and first.session_open
        second = sim.silence()
        assert second.request_type == "SessionEndedRequest"
        assert second.request["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"
        assert not second.session_open and sim.session is None
        assert sim.silence().error and sim.silence().request is None      # the microphone is closed
    finally:
        sim.close()


def test_an_answer_between_silences_starts_the_count_again(webhook):
    sim = fresh(webhook)
    try:
        sim.say("open spasm coach")
        assert sim.silence().reprompted
        sim.say("help")
        assert sim.silence().reprompted and sim.session is not None
    finally:
        sim.close()


def test_jsonl_answers_every_line_blank_ones_included(webhook):
    sim = fresh(webhook)
    out = io.StringIO()
    try:
        run_jsonl(sim, stdin=io.StringIO("open spasm coach\n\n\n\nhelp\n:state\n"), stdout=out)
    finally:
        sim.close()
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 6
    assert lines[1]["speech"] and lines[1]["session_open"] and lines[1]["request_type"] is None
    assert lines[2]["request_type"] == "SessionEndedRequest" and not lines[2]["session_open"]
    assert lines[3]["error"] and lines[4]["error"]          # nothing is open: Alexa sends nothing


def test_speak_never_reads_pause_markers(monkeypatch):
    said = []
    monkeypatch.setattr("simulator.repl.subprocess.run", lambda cmd, **kw: said.append(cmd[-1]))
    repl = Repl.__new__(Repl)
    repl.espeak = "/usr/bin/espeak-ng"
    repl.say_aloud("Hold. [pause 600ms] two [pause 600ms] three [pause 500ms] And relax.")
    assert said == ["Hold. two three And relax."]
