"""The speech dialogs (tests/dialogs/speech_*.yaml) in every locale: silence, go back, do it again, endings."""

from pathlib import Path

import pytest

import content
from simulator.dialog import run_file
from simulator.session import Simulator

DIALOGS = sorted((Path(__file__).parent / "dialogs").glob("speech_*.yaml"))
LOCALES = list(content.get().locales)


@pytest.fixture(scope="module")
def webhook(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    with Simulator(ca_dir=str(home / "dev-ca"), skill_env={"XDG_DATA_HOME": str(home), "HOME": str(home)}) as sim:
        yield sim


@pytest.mark.parametrize("locale", [loc for loc in LOCALES if loc != "en-US"])
@pytest.mark.parametrize("path", DIALOGS, ids=[p.stem for p in DIALOGS])
def test_speech_dialog_in_every_locale(path, locale, webhook):
    def make(**kwargs):
        kwargs.update(url=webhook.url, locale=locale, virtual_timestamps=True)   # en-US: tests/test_skill_dialogs.py
        return Simulator(**kwargs, ca_dir=str(webhook.ca.dir))

    failures = run_file(path, make_simulator=make)
    assert not failures, "\n".join(str(f) for f in failures)


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
@pytest.mark.parametrize("said", ["no thanks", "thank you", "that's all"])
def test_after_a_screening_outcome_an_ending_closes_with_the_safety_line(webhook, locale, said):
    from simulator import walks
    with Simulator(url=webhook.url, ca_dir=str(webhook.ca.dir), locale=locale) as sim:
        turns = walks.screening_all_no(sim)
        assert turns[-1].session_open
        bye = sim.say(said)
    assert not bye.session_open
    if said == "that's all":            # StopIntent: the frame's goodbye
        assert bye.all_keys and not any("fallback" in k for k in bye.all_keys)
    else:
        assert bye.all_keys == ["frame.goodbye.safety"]
        assert "numbness around your bottom" in bye.speech
