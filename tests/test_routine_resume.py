"""Resuming later over the real webhook: silence until Alexa gives up (EXCEEDED_MAX_REPROMPTS), then "continue"."""

from __future__ import annotations

import re

from simulator.session import Simulator


def test_silence_then_continue_picks_up_at_the_same_exercise(tmp_path):
    home = tmp_path / "home"
    sim = Simulator(ca_dir=str(home / "dev-ca"), skill_env={"XDG_DATA_HOME": str(home), "HOME": str(home)})
    with sim:
        for said in ("ask spasm coach to start my stretches", "no", "no", "the same", "next"):
            turn = sim.say(said)
            assert turn.error is None, turn.error
        assert "belly" in turn.speech and turn.session_open
        ended = sim.end("EXCEEDED_MAX_REPROMPTS")
        assert ended.error is None and not ended.session_open
        later = sim.say("ask spasm coach to continue")
        assert later.intent == "AMAZON.ResumeIntent"
        assert "Welcome back" in later.speech and re.search(r"(Next|Now): belly breathing", later.speech)
        assert "Are you pregnant" not in later.speech and "resting position" not in later.speech
        assert later.session_open and "better, the same, or worse" in later.reprompt
        worse = sim.say("worse")
        assert not worse.session_open and "routine.pain.worse" in worse.all_keys
        again = sim.say("ask spasm coach to continue")
        assert "Welcome back" not in again.speech     # after "worse" the progress is gone
