"""Dialogs assert response keys; words only where the words are the point (docs/DESIGN.md "Tests").

A wording assert (`speech_matches`, `speech_not_matches`, `card_matches`, `card_not_matches`) passes when each of its
patterns holds what a key cannot: an emergency number, a number or a time, the question mark that opens the mic, a
pause, silence (`.`), or a safety fact a person must hear (low heat, the cloth, no dozing off, check your skin, "I
can't make the call"). Any other pattern needs a `# words: <why>` comment: on the assert's line, or a line above
the turn's wording asserts it covers.
Announcements and reminders are exempt: Alexa says them from a timer or reminder, and no key comes back with them.
Every key a dialog names (`response_key`, `response_key_not`; a `*` pattern matches at least one) is in the
catalogue, so a `response_key_not` cannot pass because its key was renamed.
"""
from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import content
from conftest import load_yaml

DIALOGS = sorted((Path(__file__).parent / "dialogs").glob("*.yaml"))
WORDING = ("speech_matches", "speech_not_matches", "card_matches", "card_not_matches")
THE_POINT = re.compile("|".join((
    r"nine one one|nine nine nine|one one two|one one one|triple zero|zero zero zero|one oh eight",   # numbers said
    r"emergency number|\b(911|999|112|111|000|108)\b",
    r"\\d|\d|\bminutes?\b|\ban hour\b|\bhours\b|\bAM\b|\bPM\b|\bnoon\b|\btoday\b|\btomorrow\b|\byesterday\b",
    r"\\\?|\bpause\b|^\.$",                                      # a question (the mic), a pause, silence
    r"\blow\b|\bcloth\b|doze off|fall asleep|check your skin|blistered|\bnumb\b",                # the care lines
    r"can't make (the )?calls?|call out to someone|personal alarm|shout for help|\bunlock\b",   # help on the way
)), re.I)
FIELD = re.compile(r"^(?P<indent>\s*)(?P<name>%s):(?P<rest>.*)$" % "|".join(WORDING))
REASON = re.compile(r"#\s*words:\s*\S")


def _wording_asserts(path: Path) -> list[tuple[int, str, list[str], bool]]:
    """(line, field, patterns, has a reason) for every wording assert of a dialog, read from its lines. A `# words:`
    line gives the reason for the wording fields right below it; a trailing one, for its own field."""
    lines = path.read_text(encoding="utf-8").split("\n")
    found = []
    reason_above = False
    i = 0
    while i < len(lines):
        line = lines[i]
        m = FIELD.match(line)
        if not m:
            if line.strip().startswith("#"):
                reason_above = reason_above or bool(REASON.search(line))
            elif line.strip():
                reason_above = False
            i += 1
            continue
        col = len(m["indent"])
        block = [line[col:]]
        i += 1
        while i < len(lines) and lines[i].strip() and not lines[i].strip().startswith("#") and (
                len(lines[i]) - len(lines[i].lstrip()) > col
                or (lines[i][col:].startswith("- ") and len(lines[i]) - len(lines[i].lstrip()) == col
                    and not re.match(r"\s*- (user|advance):", lines[i]))):
            block.append(lines[i][col:])
            i += 1
        value = load_yaml("\n".join(block))[m["name"]]
        patterns = [str(p) for p in (value if isinstance(value, list) else [value])]
        found.append((i - len(block) + 1, m["name"], patterns, reason_above or bool(REASON.search(line))))
    return found


def test_a_wording_assert_is_a_number_a_time_a_safety_fact_or_says_why_its_words_matter():
    wrong = []
    for path in DIALOGS:
        for line, name, patterns, reason in _wording_asserts(path):
            bare = [p for p in patterns if not THE_POINT.search(p)]
            if bare and not reason:
                wrong.append(f"{path.name}:{line}: {name} {bare}: assert a response key, or say why with '# words:'")
    assert wrong == [], "\n".join(wrong)


def test_the_lint_reads_every_wording_assert_the_runner_reads():
    for path in DIALOGS:
        turns = load_yaml(path.read_text(encoding="utf-8"))["turns"]
        runner = sorted((name, str(p)) for step in turns for name in WORDING
                        for p in (step[name] if isinstance(step.get(name), list) else [step[name]] if name in step else []))
        lint = sorted((name, p) for _, name, patterns, _ in _wording_asserts(path) for p in patterns)
        assert lint == runner, path.name


def test_every_key_a_dialog_names_is_in_the_catalogue():
    catalogue = set(content.get().responses)
    wrong = []
    for path in DIALOGS:
        for i, step in enumerate(load_yaml(path.read_text(encoding="utf-8"))["turns"], 1):
            for name in ("response_key", "response_key_not"):
                for key in step.get(name) if isinstance(step.get(name), list) else [step.get(name)] * (name in step):
                    known = any(fnmatch.fnmatchcase(k, key) for k in catalogue) if "*" in key else key in catalogue
                    if not known:
                        wrong.append(f"{path.name}: turn {i}: {name} {key}")
    assert wrong == [], "\n".join(wrong)
