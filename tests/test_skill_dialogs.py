"""Every scripted conversation in tests/dialogs/ through the dialog runner, against the real webhook."""

from pathlib import Path

import pytest

from simulator.dialog import run_file
from simulator.session import Simulator

DIALOGS = sorted((Path(__file__).parent / "dialogs").glob("*.yaml"))


@pytest.fixture(scope="module")
def webhook(tmp_path_factory):
    """One `spasm-coach serve --dev-certs` for all dialogs; each dialog is a new user with its own session."""
    home = tmp_path_factory.mktemp("home")
    with Simulator(ca_dir=str(home / "dev-ca"), skill_env={"XDG_DATA_HOME": str(home), "HOME": str(home)}) as sim:
        yield sim


@pytest.mark.parametrize("path", DIALOGS, ids=[p.stem for p in DIALOGS])
def test_dialog(path, webhook):
    def make(**kwargs):
        kwargs.update(url=webhook.url, virtual_timestamps=True)   # the webhook runs --virtual-clock
        return Simulator(**kwargs, ca_dir=str(webhook.ca.dir))

    failures = run_file(path, make_simulator=make)
    assert not failures, "\n".join(str(f) for f in failures)
