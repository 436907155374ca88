"""The clinical review pack: built from the content and a dialog, well-formed, complete, every #link resolves."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import content
from content import ContentError
from content.loader import DATA_DIR
from review.check import count_keys, problems
from review.pack import Pack, anchor, build, digest
from conftest import dump_yaml, load_yaml

ROOT = Path(__file__).resolve().parents[1]
DIALOG = ROOT / "tests" / "dialogs" / "screening_cant_walk.yaml"


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """One pack for this module, with a single short dialog (make review transcribes them all)."""
    c = content.get()
    path = build(tmp_path_factory.mktemp("review"), dialogs=[DIALOG], content=c)
    return path, path.read_text(encoding="utf-8")


def test_review_pack_is_well_formed_complete_and_its_links_resolve(pack):
    path, _ = pack
    assert problems(path, content.get()) == []
    assert count_keys(path, content.get()) == len(content.get().responses)


def test_review_pack_has_no_script_and_needs_nothing_outside_the_page(pack):
    _, html = pack
    lowered = html.lower()
    assert "<script" not in lowered and "javascript:" not in lowered
    assert "<link " not in lowered and "<img " not in lowered and "@import" not in lowered
    assert "@media print" in html


def test_review_pack_shows_sections_numbers_and_transcript(pack):
    _, html = pack
    for section in ("locales", "screening", "iceheat", "routines", "responses", "sources", "dialogs"):
        assert f'id="{section}"' in html
    # each locale's emergency numbers, as said and as written
    for loc in content.get().locales.values():
        assert loc["say"]["emergency_card"].replace("(", "").split()[0] in html
    assert f'id="{anchor("dialog", DIALOG.stem)}"' in html
    assert f'id="{anchor("turn", DIALOG.stem + "-1")}"' in html
    assert "[pause" in html            # a counted hold as heard, with its pauses
    assert "Not reviewed" in html


def _block(html: str, key: str) -> str:
    block = html[html.index(f'id="{anchor("key", key)}"'):]
    return block[:block.index('<div class="key"', 10)]


def test_review_pack_says_where_a_key_is_said_and_cites_its_sources(pack):
    _, html = pack
    ces = _block(html, "screening.outcome.emergency.ces")
    assert "screening.yaml" in ces                                    # the data items that name it
    assert f'href="#{anchor("turn", DIALOG.stem + "-7")}"' in ces     # heard in the dialog
    assert 'href="#src-' in ces
    welcome = _block(html, "frame.welcome.first")
    assert "skill/handlers/frame.py:" in welcome                       # the code that speaks it
    assert f'href="#{anchor("turn", DIALOG.stem + "-1")}"' in welcome


def test_the_check_finds_a_broken_link_a_script_and_a_missing_key(tmp_path):
    c = content.get()
    page = tmp_path / "index.html"
    page.write_text('<!DOCTYPE html>\n<html><body><a href="#nowhere">x</a><script>1</script></body></html>')
    found = " | ".join(problems(page, c))
    assert "internal link to a missing id: '#nowhere'" in found
    assert "<script> in a static pack" in found
    assert f"{len(c.responses)} response keys missing" in found
    page.write_text("<!DOCTYPE html>\n<html><body><p>unclosed</body></html>")
    assert problems(page, c)[0].startswith("not well-formed")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _sign(data_dir: Path, key: str, **fields) -> None:
    path = next((data_dir / "responses").glob(f"{key.split('.', 1)[0]}.yaml"))
    data = load_yaml(path.read_text())
    data[key].update(fields)
    path.write_text(dump_yaml(data))


def test_a_signed_line_shows_reviewed_and_shows_changed_once_its_words_change(data_dir):
    key = "frame.help"
    signed = digest(content.load(data_dir), key)
    _sign(data_dir, key, reviewed_by="Dr A. Example (GP)", reviewed_on="2026-11-30", reviewed_digest=signed)
    html = Pack(content.load(data_dir), []).html()
    assert "Reviewed by Dr A. Example (GP) on 2026-11-30" in html
    _sign(data_dir, key, speech="Some new words.")
    html = Pack(content.load(data_dir), []).html()
    assert "CHANGED since reviewed by Dr A. Example (GP)" in html


def test_a_review_needs_who_and_a_date(data_dir):
    _sign(data_dir, "frame.help", reviewed_by="Dr A. Example")
    with pytest.raises(ContentError) as caught:
        content.load(data_dir)
    assert "frame.help: a review needs both reviewed_by and reviewed_on" in str(caught.value)
    _sign(data_dir, "frame.help", reviewed_on="last week")
    with pytest.raises(ContentError) as caught:
        content.load(data_dir)
    assert "frame.help.reviewed_on: must be a date YYYY-MM-DD" in str(caught.value)
