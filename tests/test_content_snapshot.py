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
    made = snapshot.write(tmp_path / "snapshot.pickle", data)
    assert snapshot.prime(made, data) is True
    assert content.get() == content.load(data)


def test_a_changed_or_added_file_makes_the_snapshot_unused(tmp_path, fresh_cache):
    data = tmp_path / "data"
    shutil.copytree(snapshot.DATA, data)
    made = snapshot.write(tmp_path / "snapshot.pickle", data)
    sources = data / "sources.yaml"
    sources.write_text(sources.read_text() + "\n# edited after packaging\n")
    assert snapshot.prime(made, data) is False and content._cached is None
    sources.write_text(sources.read_text().removesuffix("\n# edited after packaging\n"))
    (data / "responses" / "extra.yaml").write_text("{}\n")
    assert snapshot.prime(made, data) is False


def test_no_snapshot_means_the_yaml_is_loaded(tmp_path, fresh_cache):
    assert snapshot.prime(tmp_path / "missing.pickle") is False
    assert not snapshot.SNAPSHOT.exists(), "snapshots are made inside the Lambda zip only, never kept in the repository"
