"""Runs every scripted dialog through the simulator against one webhook and keeps what was said, turn by turn."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from simulator.dialog import check, load
from simulator.durations import parse_clock


@dataclass
class Line:
    """One turn as a person would notice it."""

    said: str                      # what the person said (or ":advance 20m")
    speech: str
    reprompt: str
    card: dict | None
    keys: list
    session_open: bool
    announcements: list
    intent: str | None
    failures: list = field(default_factory=list)


@dataclass
class Transcript:
    name: str
    path: str
    locale: str
    permissions: str
    comment: str
    lines: list
    error: str = ""


def _comment(path: Path) -> str:
    """The leading # comment of a dialog file: what the conversation is about."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        out.append(line.lstrip("# ").strip())
    return " ".join(out)


def run_all(paths) -> list[Transcript]:
    """A transcript per dialog file (one webhook for all, each file a new user)."""
    from simulator.session import Simulator

    transcripts = []
    with tempfile.TemporaryDirectory(prefix="spasm-review-") as home:
        env = {"XDG_DATA_HOME": home, "HOME": home}
        with Simulator(ca_dir=str(Path(home) / "dev-ca"), skill_env=env) as webhook:
            for path in paths:
                transcripts.append(_run(Path(path), webhook))
    return transcripts


def _run(path: Path, webhook) -> Transcript:
    from simulator.session import Simulator

    try:
        data = load(path)
    except Exception as exc:  # noqa: BLE001 - a broken file is shown in the pack, not fatal
        return Transcript(path.stem, str(path), "?", "?", _comment(path), [], error=str(exc))
    perms = data.get("permissions", "off")
    perms = {True: "on", False: "off"}.get(perms, perms)
    sim = Simulator(url=webhook.url, locale=data.get("locale", "en-US"), ca_dir=str(webhook.ca.dir),
                    permissions=perms in ("on", "granted"), consent=data.get("consent", "allow"))
    lines = []
    with sim:
        for step in data["turns"]:
            if "consent_answer" in step:
                sim.consent = step["consent_answer"]
            if "alexa_api" in step:
                sim.api.fail(step["alexa_api"].get("fail"))
            if "user" in step:
                said = str(step["user"])
                turn = sim.say(said)
            else:
                said = f":advance {step['advance']}"
                turn = sim.advance(parse_clock(str(step["advance"])), said)
            sim.api.fail(None)
            lines.append(Line(said, turn.speech, turn.reprompt, turn.card, turn.all_keys, turn.session_open,
                              list(turn.announcements), turn.intent,
                              [f"{e}: got {g}" for e, g in check(turn, step)]))
    return Transcript(path.stem, str(path), data.get("locale", "en-US"), str(perms), _comment(path), lines)
