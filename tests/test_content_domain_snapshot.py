"""The Lambda zip's content snapshot: used only when made from exactly the data files beside it."""

import shutil

import pytest

import content
from content import snapshot


@pytest.fixture
def fresh_cache(monkeypatch):
    monkeypatch.setattr(content, "_cached", None)
    monkeypatch.setattr(snapshot, "_parsed", {})


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
    """A copy of content/ with a snapshot beside its data: importing skill.lambda_function, and the first symptom
    read after it, load no YAML."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for package in ("content", "skill"):   # side by side, as in the zip
        shutil.copytree(root / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    made = subprocess.run([sys.executable, "-c", "from content import snapshot; snapshot.write()"], cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(tmp_path)}, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    code = ("import sys, skill.lambda_function; from skill.domain import symptoms; "
            "assert symptoms.read_symptom('my legs have gone numb').flag; print('yaml' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{root}",
                                 "ALEXA_SKILL_ID": "amzn1.ask.skill.x", "SPASM_DB_PATH": str(tmp_path / "db")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False"], "the Lambda parsed YAML although a matching snapshot was there"


def test_the_symptom_data_comes_parsed_from_a_matching_snapshot_and_never_when_stale(tmp_path, fresh_cache):
    """The symptom reader's file is read outside content.load(): the snapshot holds it parsed (the first symptom
    after a cold start would otherwise parse 40 KB of YAML), only for the very bytes it was made from."""
    from skill.domain import symptoms

    data = tmp_path / "data"
    shutil.copytree(snapshot.DATA, data)
    made = snapshot.write(tmp_path / "snapshot.bin", data)
    assert snapshot.prime(made, data) is True
    parsed = snapshot.parsed(data / "symptoms.yaml")
    assert parsed == symptoms.load_data(data / "symptoms.yaml") == content.loader.read_yaml(
        snapshot.DATA / "symptoms.yaml", "symptoms.yaml")
    parsed.clear()   # a copy each time: a caller cannot change what the next one gets
    assert snapshot.parsed(data / "symptoms.yaml")
    assert snapshot.parsed(snapshot.DATA / "symptoms.yaml") is None   # not the folder it was checked against
    (data / "symptoms.yaml").write_text((data / "symptoms.yaml").read_text() + "\n# edited after packaging\n")
    assert snapshot.prime(made, data) is False and snapshot.parsed(data / "symptoms.yaml") is None
