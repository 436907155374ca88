"""Every scripted conversation in tests/dialogs/ through the dialog runner, against the real webhook."""

from pathlib import Path

import pytest

from simulator.dialog import run_file
from simulator.session import Simulator

DIALOGS = sorted((Path(__file__).parent / "dialogs").glob("*.yaml"))


@pytest.mark.parametrize("path", DIALOGS, ids=[p.stem for p in DIALOGS])
def test_dialog(path, tmp_path_factory):
    home = tmp_path_factory.mktemp("home")

    def make(**kwargs):
        return Simulator(**kwargs, ca_dir=str(home / "dev-ca"),
                         skill_env={"XDG_DATA_HOME": str(home), "HOME": str(home)})

    failures = run_file(path, make_simulator=make)
    assert not failures, "\n".join(str(f) for f in failures)
