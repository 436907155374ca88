"""The Makefile finds a Python 3.11+ under any of its usual names, and says clearly when there is none."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make") or "make"   # `make test` runs this suite, so make is there


def make(tmp_path, bin_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """make in a copy of the Makefile with only BIN_DIR on PATH (so no system python is found by accident)."""
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    shutil.copy(ROOT / "Makefile", work / "Makefile")
    (work / "pyproject.toml").touch()
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}
    return subprocess.run([MAKE, "--no-print-directory", *args], cwd=work, env=env, capture_output=True,
                          text=True, timeout=300)


def fake_python(bin_dir: Path, name: str, version: tuple[int, int]) -> None:
    """A NAME on PATH that reports VERSION the way the Makefile asks (sys.version_info < (3, 11))."""
    bin_dir.mkdir(exist_ok=True)
    script = bin_dir / name
    script.write_text(f"#!/bin/sh\nexec {sys.executable} -c 'import sys; sys.exit({version} < (3, 11))'\n")
    script.chmod(0o755)


def chosen(tmp_path, bin_dir: Path) -> str:
    out = make(tmp_path, bin_dir, "--eval", "which: ; $(info PYTHON=$(PYTHON))", "which").stdout
    return out.splitlines()[0]


def test_python3_that_is_new_enough_is_used_when_there_is_no_python3_11(tmp_path):
    bin_dir = tmp_path / "bin"
    fake_python(bin_dir, "python3", (3, 12))
    assert chosen(tmp_path, bin_dir) == "PYTHON=python3"


def test_the_first_new_enough_name_wins_and_an_old_python3_is_skipped(tmp_path):
    bin_dir = tmp_path / "bin"
    fake_python(bin_dir, "python3", (3, 9))
    fake_python(bin_dir, "python3.13", (3, 13))
    fake_python(bin_dir, "python3.12", (3, 12))
    assert chosen(tmp_path, bin_dir) == "PYTHON=python3.12"


def test_no_new_enough_python_gives_a_clear_message_and_no_venv(tmp_path):
    bin_dir = tmp_path / "bin"
    fake_python(bin_dir, "python3", (3, 10))
    result = make(tmp_path, bin_dir, "run")
    assert result.returncode != 0
    assert "needs Python 3.11 or newer" in result.stderr and "make PYTHON=" in result.stderr
    assert not (tmp_path / "work" / ".venv").exists()
    result = make(tmp_path, bin_dir, "test", "PYTHON=python3")
    assert "PYTHON=python3 is not" in result.stderr and result.returncode != 0
