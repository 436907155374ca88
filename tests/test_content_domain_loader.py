"""The content loader: the packaged files load fast, and broken files fail with the file and key."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

import content
from content import ContentError
from content.loader import DATA_DIR
from conftest import dump_yaml, load_yaml


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(data_dir: Path, name: str, change) -> None:
    path = data_dir / name
    data = load_yaml(path.read_text())
    change(data)
    path.write_text(dump_yaml(data))


def problems_of(data_dir: Path) -> str:
    with pytest.raises(ContentError) as caught:
        content.load(data_dir)
    return str(caught.value)


def test_packaged_content_loads_fast_and_is_cached():
    started = time.process_time()   # CPU time: the wall clock of a loaded CI machine is not the loader's
    loaded = content.load()
    assert time.process_time() - started < 1.0
    assert len(loaded.responses) > 80
    assert content.get() is content.get()


def test_a_copy_of_the_data_loads(data_dir):
    assert content.load(data_dir).responses.keys() == content.get().responses.keys()


def test_wrong_type_names_file_and_key(data_dir):
    edit(data_dir, "therapy.yaml", lambda d: d["therapies"]["ice"].update(default_minutes="fifteen"))
    assert "therapy.yaml: therapies.ice.default_minutes: must be a whole number" in problems_of(data_dir)


def test_missing_key_names_file_and_key(data_dir):
    edit(data_dir, "locales.yaml", lambda d: d["locales"]["en-CA"]["say"].pop("emergency"))
    message = problems_of(data_dir)
    assert "locales.yaml: locales.en-CA.say.emergency: missing required key" in message


def test_unknown_exercise_in_a_routine(data_dir):
    edit(data_dir, "routines.yaml", lambda d: d["routines"]["floor"]["exercises"].append("hamstring_stretch"))
    assert "routines.yaml: routines.floor.exercises[4]: unknown exercise 'hamstring_stretch'" in problems_of(data_dir)


def test_placeholder_the_line_does_not_define(data_dir):
    edit(data_dir, "responses/frame.yaml",
         lambda d: d["frame.help"].update(speech="Your timer has {minutes} minutes left."))
    message = problems_of(data_dir)
    assert "responses/frame.yaml: frame.help.speech: placeholder {minutes} is not in params" in message


def test_positional_placeholder_is_rejected(data_dir):
    edit(data_dir, "responses/frame.yaml", lambda d: d["frame.goodbye"].update(speech="Bye {}"))
    assert "responses/frame.yaml: frame.goodbye.speech: placeholder {} must be a plain" in problems_of(data_dir)


def test_declared_placeholder_is_accepted(data_dir):
    edit(data_dir, "responses/frame.yaml",
         lambda d: d["frame.help"].update(speech="{minutes} minutes left.", params=["minutes"]))
    assert content.load(data_dir).responses["frame.help"]["params"] == ["minutes"]


def test_unknown_source_id(data_dir):
    edit(data_dir, "exercises.yaml", lambda d: d["exercises"]["bridge"].update(sources=["my_blog"]))
    assert "exercises.yaml: exercises.bridge.sources[0]: unknown source id 'my_blog'" in problems_of(data_dir)


def test_clinical_item_without_source(data_dir):
    edit(data_dir, "screening.yaml", lambda d: d["questions"][0].pop("sources"))
    message = problems_of(data_dir)
    assert "screening.yaml: questions[0](saddle_numbness).sources: clinical item needs" in message


def test_data_referring_to_a_missing_response_key(data_dir):
    edit(data_dir, "therapy.yaml", lambda d: d["evidence"].update(line="therapy.evidence.gone"))
    message = problems_of(data_dir)
    assert "therapy.yaml: evidence.line: refers to response key 'therapy.evidence.gone'" in message


def test_duplicate_key_in_one_file(data_dir):
    path = data_dir / "responses" / "frame.yaml"
    path.write_text(path.read_text() + '\nframe.help:\n  speech: "Again."\n')
    message = problems_of(data_dir)
    assert "responses/frame.yaml: line" in message and "duplicate key 'frame.help'" in message


def test_same_key_in_two_files(data_dir):
    (data_dir / "responses" / "frame2.yaml").write_text('frame.help:\n  speech: "Hi"\n')
    message = problems_of(data_dir)
    assert "responses/frame2.yaml: frame.help: keys in responses/frame2.yaml must start with 'frame2.'" in message
    assert "already defined in responses/frame.yaml" in message


def test_broken_yaml_syntax(data_dir):
    (data_dir / "responses" / "frame.yaml").write_text('frame.help:\n  speech: "unclosed\n')
    assert "responses/frame.yaml: line" in problems_of(data_dir)


def test_tier_one_question_must_count_not_sure_as_yes(data_dir):
    edit(data_dir, "screening.yaml", lambda d: d["questions"][1].update(triggers=["yes"]))
    assert "questions[1](bladder_change).triggers: a tier-1 question must trigger on yes and unsure" in problems_of(
        data_dir)


def test_bare_yes_gets_a_hint(data_dir):
    path = data_dir / "screening.yaml"
    path.write_text(path.read_text().replace('triggers: ["yes"]', "triggers: [yes]", 1))
    assert "quote them: YAML reads a bare yes as true" in problems_of(data_dir)


@pytest.mark.parametrize("field", ["default_minutes", "max_minutes"])
def test_therapy_minutes_above_twenty_are_rejected(data_dir, field):
    edit(data_dir, "therapy.yaml", lambda d: d["therapies"]["heat"].update({field: 30}))
    assert f"therapy.yaml: therapies.heat.{field}: must be between 1 and 20, got 30" in problems_of(data_dir)


def test_emergency_card_must_carry_every_country_number(data_dir):
    edit(data_dir, "locales.yaml", lambda d: d["locales"]["en-AU"]["say"].update(emergency_card="000"))
    assert "locales.yaml: locales.en-AU.say.emergency_card: must include New Zealand's number 111" in problems_of(
        data_dir)


def test_missing_data_file(data_dir):
    (data_dir / "routines.yaml").unlink()
    assert "routines.yaml: -: file is missing" in problems_of(data_dir)


def test_every_problem_is_reported_at_once(data_dir):
    edit(data_dir, "therapy.yaml", lambda d: d["therapies"]["ice"].update(max_minutes=45, min_minutes="x"))
    error = pytest.raises(ContentError, content.load, data_dir).value
    keys = {key for _, key, _ in error.problems}
    assert {"therapies.ice.max_minutes", "therapies.ice.min_minutes"} <= keys


def test_adding_a_key_is_one_yaml_entry(data_dir):
    path = data_dir / "responses" / "routine.yaml"
    path.write_text('routine.test_line:\n  speech: "Next, {name}."\n  params: [name]\n')
    loaded = content.load(data_dir)
    assert loaded.entry("routine.test_line")["speech"] == "Next, {name}."


def test_locale_override_replaces_the_entry(data_dir):
    edit(data_dir, "locales.yaml", lambda d: d["locales"]["en-GB"].update(
        responses={"frame.goodbye": {"speech": "Cheerio."}}))
    loaded = content.load(data_dir)
    assert loaded.entry("frame.goodbye", "en-GB")["speech"] == "Cheerio."
    assert loaded.entry("frame.goodbye", "en-US")["speech"] != "Cheerio."


def test_locale_override_of_unknown_key(data_dir):
    edit(data_dir, "locales.yaml", lambda d: d["locales"]["en-GB"].update(
        responses={"frame.nope": {"speech": "x"}}))
    assert "locales.yaml: locales.en-GB.responses.frame.nope: overrides a response key" in problems_of(data_dir)


def test_a_source_names_the_claims_it_supports(data_dir):
    edit(data_dir, "sources.yaml", lambda d: d["sources"]["nhs_aaa"].pop("claims"))
    assert "sources.yaml: sources.nhs_aaa.claims: missing required key" in problems_of(data_dir)


def test_a_front_page_is_not_a_source_link(data_dir):
    edit(data_dir, "sources.yaml", lambda d: d["sources"]["nhs_aaa"].update(url="https://www.nhs.uk/"))
    assert "sources.yaml: sources.nhs_aaa.url: is a site's front page" in problems_of(data_dir)


def test_a_source_without_a_deep_link_says_why(data_dir):
    def change(d):
        d["sources"]["nhs_aaa"].pop("url")
    edit(data_dir, "sources.yaml", change)
    assert "sources.yaml: sources.nhs_aaa.url: missing: give the page that says it" in problems_of(data_dir)
    edit(data_dir, "sources.yaml", lambda d: d["sources"]["nhs_aaa"].update(deep_link=False))
    assert "sources.yaml: sources.nhs_aaa.note: a source without a deep link needs a note" in problems_of(data_dir)


def test_every_packaged_source_traces_to_a_page_or_says_why_not():
    for sid, source in content.get().sources.items():
        assert source["claims"], sid
        if source.get("deep_link", True):
            assert source["url"].startswith("https://"), sid
        else:
            assert len(source["note"]) > 40, sid
