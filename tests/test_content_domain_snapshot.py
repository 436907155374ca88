"""The Lambda zip's content snapshot: used only when made from exactly the data files beside it."""

import shutil

import pytest

import content
from content import snapshot


@pytest.fixture
def fresh_cache(monkeypatch):
    monkeypatch.setattr(content, "_cached", None)


def test_a_snapshot_of_these_files_is_what_get_returns(tmp_path, fresh_cache):
    data = tmp_path / "data"
    shutil.copytree(snapshot.DATA, data)
    made = snapshot.write(tmp_path / "snapshot.bin", data)
    assert snapshot.prime(made, data) is True
    assert content.get() == content.load(data)


def test_a_changed_or_added_file_makes_the_snapshot_unused(tmp_path, fresh_cache):
    data = tmp_path / "data"
    shutil.copytree(snapshot.DATA, data)
    made = snapshot.write(tmp_path / "snapshot.bin", data)
    sources = data / "sources.yaml"
    sources.write_text(sources.read_text() + "\n# edited after packaging\n")
    assert snapshot.prime(made, data) is False and content._cached is None
    sources.write_text(sources.read_text().removesuffix("\n# edited after packaging\n"))
    (data / "responses" / "extra.yaml").write_text("{}\n")
    assert snapshot.prime(made, data) is False


def test_no_snapshot_means_the_yaml_is_loaded(tmp_path, fresh_cache):
    assert snapshot.prime(tmp_path / "missing.pickle") is False
    assert not snapshot.SNAPSHOT.exists(), "snapshots are made inside the Lambda zip only, never kept in the repository"


def test_the_lambda_init_uses_a_matching_snapshot_and_never_parses_yaml(tmp_path):
    """A copy of content/ with a snapshot beside its data: importing skill.lambda_function loads no YAML."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "content", tmp_path / "content", ignore=shutil.ignore_patterns("__pycache__"))
    made = subprocess.run([sys.executable, "-c", "from content import snapshot; snapshot.write()"], cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(tmp_path)}, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    code = "import sys, skill.lambda_function; print('yaml' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{root}",
                                 "ALEXA_SKILL_ID": "amzn1.ask.skill.x", "SPASM_DB_PATH": str(tmp_path / "db")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False"], "the Lambda init parsed YAML although a matching snapshot was there"
