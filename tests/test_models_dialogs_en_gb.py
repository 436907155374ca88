"""Every scripted conversation that runs in en-US runs again in en-GB, expecting the UK's own words and numbers.

The en-GB copy of a dialog is the same file with `locale: en-GB`, and in every speech or announcement pattern each
en-US locale word (content/data/locales.yaml `say:`, e.g. "nine one one") replaced by the en-GB one ("nine nine
nine in the UK, or one one two in Ireland"). A dialog may opt out with `locales: [en-US]`, or add its own
replacements with `locale_patterns: {en-GB: {"US pattern": "GB pattern"}}`.
"""

import re
from pathlib import Path

import pytest

import content
from conftest import dump_yaml, load_yaml
from simulator.dialog import run_file
from simulator.envelopes import LOCALE_ZONES
from simulator.session import Simulator

DIALOGS = sorted((Path(__file__).parent / "dialogs").glob("*.yaml"))
DATA = {path: load_yaml(path.read_text(encoding="utf-8")) for path in DIALOGS}     # read once, at collection
PATTERN_KEYS = ("speech_matches", "speech_not_matches", "announcement_matches", "card_matches", "card_not_matches")
TARGET = "en-GB"


def runs_in(data: dict) -> list[str]:
    """The locales a dialog runs in: its `locales:` list, else its locale plus en-GB when that is en-US."""
    locale = data.get("locale", "en-US")
    return list(data.get("locales") or ([locale, TARGET] if locale == "en-US" else [locale]))


def replacements(source: str, target: str, extra: dict | None = None) -> list[tuple[str, str]]:
    """(en-US text, en-GB regex) pairs, longest first: locale words that differ, then the dialog's own."""
    c = content.get()
    # Each as the simulator's default device in that locale says it: its time zone gives the country
    # (en-GB: Europe/London, so the UK's number alone; skill/locality.py).
    ours = c.locale_params(source, c.country_for_zone(LOCALE_ZONES.get(source)))
    theirs = c.locale_params(target, c.country_for_zone(LOCALE_ZONES.get(target)))
    pairs = [(ours[k], re.escape(theirs[k])) for k in ours if k in theirs and ours[k] != theirs[k]]
    pairs.sort(key=lambda pair: -len(pair[0]))
    return list((extra or {}).items()) + pairs


def localise(data: dict, target: str = TARGET) -> dict:
    """A copy of dialog DATA that runs in TARGET, its speech expectations in TARGET's words."""
    pairs = replacements(data.get("locale", "en-US"), target, (data.get("locale_patterns") or {}).get(target))

    def swap(pattern: str) -> str:
        for old, new in pairs:
            pattern = pattern.replace(old, new)
        return pattern

    turns = []
    for step in data["turns"]:
        step = dict(step)
        for key in PATTERN_KEYS:
            if isinstance(step.get(key), list):
                step[key] = [swap(p) for p in step[key]]
            elif isinstance(step.get(key), str):
                step[key] = swap(step[key])
        turns.append(step)
    out = {k: v for k, v in data.items() if k not in ("locales", "locale_patterns")}
    return {**out, "locale": target, "turns": turns}


US_DIALOGS = [p for p in DIALOGS if TARGET in runs_in(DATA[p]) and DATA[p].get("locale", "en-US") != TARGET]


def test_localise_swaps_the_emergency_number_and_nothing_else():
    data = {"locale": "en-US", "turns": [
        {"user": "I fell", "speech_matches": ["nine one one.*nine one one", "can't make the call"]},
        {"user": "stop", "speech_not_matches": "nine one one", "session_open": False}]}
    gb = localise(data)
    assert gb["locale"] == "en-GB"
    assert re.search(gb["turns"][0]["speech_matches"][0], "Call nine nine nine now. Again: nine nine nine.")
    assert not re.search(gb["turns"][0]["speech_matches"][0], "Call nine one one now, nine one one.")
    assert gb["turns"][0]["speech_matches"][1] == "can't make the call"
    assert gb["turns"][1]["session_open"] is False and data["turns"][0]["speech_matches"][0].startswith("nine one")


def test_a_dialog_can_opt_out_or_add_its_own_patterns():
    assert runs_in({"locale": "en-US", "locales": ["en-US"]}) == ["en-US"]
    gb = localise({"locale": "en-US", "locale_patterns": {"en-GB": {"urgent care": "GP"}},
                   "turns": [{"user": "x", "speech_matches": "urgent care"}]})
    assert gb["turns"][0]["speech_matches"] == "GP" and "locale_patterns" not in gb


def test_every_en_us_dialog_has_an_en_gb_run():
    us = [p for p in DIALOGS if DATA[p].get("locale", "en-US") == "en-US"]
    assert us and set(us) <= set(US_DIALOGS) | {p for p in us if "locales:" in p.read_text(encoding="utf-8")}


@pytest.mark.parametrize("path", US_DIALOGS, ids=[p.stem for p in US_DIALOGS])
def test_dialog_in_en_gb(path, tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    localised = home / path.name
    localised.write_text(dump_yaml(localise(load_yaml(path.read_text(encoding="utf-8")))), encoding="utf-8")

    def make(**kwargs):
        assert kwargs["locale"] == TARGET
        return Simulator(**kwargs, ca_dir=str(home / "dev-ca"),
                         skill_env={"XDG_DATA_HOME": str(home), "HOME": str(home)})

    failures = run_file(localised, make_simulator=make)
    assert not failures, f"{path.name} in {TARGET}:\n" + "\n".join(str(f) for f in failures)
