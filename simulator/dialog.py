"""Scripted conversations in YAML: turns of `user:` or `advance:` with expectations; a failure says what came back."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

from simulator.durations import parse_clock

EXPECTATIONS = {"intent", "slots", "speech_matches", "speech_not_matches", "response_key", "response_key_not",
                "session_open",
                "announcement_matches", "request_type", "consent", "reminders", "reminder_matches",
                "card_matches", "card_not_matches"}
# The device and its clock: `timezone` (IANA; default by locale), `country` (the device address, readable only
# with the permission; GB-NIR for Northern Ireland), `postal_code`, `clock` (the virtual time to start at, ISO
# with an offset, e.g. 2026-12-01T21:00:00+11:00).
DEVICE_KEYS = ("timezone", "country", "postal_code", "clock")


class DialogError(Exception):
    """The file itself is wrong (not an expectation failing)."""


@dataclass
class Failure:
    """One expectation that did not hold."""

    file: str
    index: int
    step: dict
    expectation: str
    got: object

    def __str__(self) -> str:
        said = (self.step.get("user") or "(silence)") if "user" in self.step else f"advance {self.step.get('advance')}"
        return (f"{self.file}: turn {self.index + 1} ({said!r}): expected {self.expectation}\n"
                f"    got: {self.got}")


def load(path) -> dict:
    """Read and check a dialog file."""
    import yaml
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)      # libyaml when present: the same data, faster
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise DialogError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("turns"), list) or not data["turns"]:
        raise DialogError(f"{path}: needs a 'turns:' list")
    if data.get("clock") is not None:
        import datetime as dt
        try:
            if dt.datetime.fromisoformat(str(data["clock"])).tzinfo is None:
                raise ValueError
        except ValueError:
            raise DialogError(f"{path}: clock must be an ISO time with an offset, got {data['clock']!r}") from None
    for i, step in enumerate(data["turns"]):
        if not isinstance(step, dict) or ("user" in step) == ("advance" in step):
            raise DialogError(f"{path}: turn {i + 1} needs exactly one of 'user:' or 'advance:'")
        unknown = set(step) - EXPECTATIONS - {"user", "advance", "consent_answer", "alexa_api"}
        if unknown:
            raise DialogError(f"{path}: turn {i + 1}: unknown keys {sorted(unknown)}")
        fail = (step.get("alexa_api") or {}).get("fail", "off") if isinstance(step.get("alexa_api"), dict) else None
        if "alexa_api" in step and not (fail in ("off", "timeout") or isinstance(fail, int)):
            raise DialogError(f"{path}: turn {i + 1}: alexa_api needs {{fail: 500 | timeout | off}}")
        if "advance" in step and parse_clock(str(step["advance"])) is None:
            raise DialogError(f"{path}: turn {i + 1}: cannot read duration {step['advance']!r}")
    return data


def check(turn, step: dict) -> list[tuple[str, object]]:
    """The expectations of STEP that TURN does not meet, as (expectation, what came back)."""
    bad = []
    speech = turn.speech
    if "intent" in step and turn.intent != step["intent"]:
        bad.append((f"intent {step['intent']}", turn.intent))
    if "request_type" in step and turn.request_type != step["request_type"]:
        bad.append((f"request_type {step['request_type']}", turn.request_type))
    for name, want in (step.get("slots") or {}).items():
        got = turn.slots.get(name)
        value = (got or {}).get("id") or (got or {}).get("value") if got else None
        if want != value and not (isinstance(want, dict) and got and all(got.get(k) == v for k, v in want.items())):
            bad.append((f"slot {name} = {want!r}", got))
    for pattern in _list(step.get("speech_matches")):
        if not re.search(pattern, speech, re.I):
            bad.append((f"speech matching /{pattern}/", speech))
    for pattern in _list(step.get("speech_not_matches")):
        if re.search(pattern, speech, re.I):
            bad.append((f"speech not matching /{pattern}/", speech))
    for key in _list(step.get("response_key")):
        if not said(key, turn.all_keys):
            bad.append((f"response key {key}", turn.all_keys))
    for key in _list(step.get("response_key_not")):
        if said(key, turn.all_keys):
            bad.append((f"no response key {key}", turn.all_keys))
    if "session_open" in step and turn.session_open != bool(step["session_open"]):
        bad.append((f"session_open {step['session_open']}", turn.session_open))
    for pattern in _list(step.get("announcement_matches")):
        if not any(re.search(pattern, a, re.I) for a in turn.announcements):
            bad.append((f"an announcement matching /{pattern}/", turn.announcements))
    if "consent" in step and turn.consent != step["consent"]:
        bad.append((f"consent {step['consent']}", turn.consent))
    if "reminders" in step and len(turn.reminders) != int(step["reminders"]):
        bad.append((f"{step['reminders']} reminder(s) held by the Reminders API", turn.reminders))
    for pattern in _list(step.get("reminder_matches")):
        if not any(re.search(pattern, f"{r['text']} @ {r['scheduled']}", re.I) for r in turn.reminders):
            bad.append((f"a reminder matching /{pattern}/ (text @ local time)", turn.reminders))
    card = turn.card or {}
    card_text = " ".join(str(v) for v in card.values())
    for pattern in _list(step.get("card_matches")):
        if not re.search(pattern, card_text, re.I):
            bad.append((f"card matching /{pattern}/", card))
    for pattern in _list(step.get("card_not_matches")):
        if re.search(pattern, card_text, re.I):
            bad.append((f"card not matching /{pattern}/", card))
    if turn.error and not bad:
        bad.append(("a response from the skill", turn.error))
    return bad


def said(key: str, keys: list) -> bool:
    """KEY is among KEYS; a key with `*` is a pattern (`exercise.*.move`: any exercise's move line)."""
    return any(fnmatch.fnmatchcase(k, key) for k in keys) if "*" in key else key in keys


def _list(value) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def run_file(path, *, url=None, make_simulator=None) -> list[Failure]:
    """Run one dialog; the list of failures is empty when every expectation holds."""
    from simulator.session import Simulator
    data = load(path)
    perms = data.get("permissions", "off")
    device = {k: data[k] for k in DEVICE_KEYS if data.get(k) is not None}
    if "clock" in device:
        import datetime as dt
        device["clock_start"] = dt.datetime.fromisoformat(str(device.pop("clock")))
    sim = (make_simulator or Simulator)(url=url, locale=data.get("locale", "en-US"),
                                        permissions=perms in (True, "on", "granted"),
                                        consent=data.get("consent", "allow"), **device)
    failures = []
    with sim:
        for i, step in enumerate(data["turns"]):
            if "consent_answer" in step:
                sim.consent = step["consent_answer"]
            if "alexa_api" in step:            # the failure lasts for this turn only
                sim.api.fail(step["alexa_api"].get("fail"))
            if "user" in step:
                said = "" if step["user"] is None else str(step["user"])
                turn = sim.say(said) if said.strip() else sim.silence()
            else:
                turn = sim.advance(parse_clock(str(step["advance"])), f":advance {step['advance']}")
            sim.api.fail(None)
            failures += [Failure(str(path), i, step, e, g) for e, g in check(turn, step)]
    return failures


def main(files, *, url=None, out=None) -> int:
    """`spasm-coach dialog FILE...`: 0 only when every expectation of every file holds."""
    import sys
    out = out or sys.stdout
    status = 0
    for path in files:
        try:
            failures = run_file(path, url=url)
        except (DialogError, OSError) as exc:
            out.write(f"ERROR {exc}\n")
            status = 2
            continue
        for f in failures:
            out.write(f"FAIL {f}\n")
        out.write(f"{'ok  ' if not failures else 'FAIL'} {path}\n")
        status = status or (1 if failures else 0)
    return status
