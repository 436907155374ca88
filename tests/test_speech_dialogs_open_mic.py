"""Open mic only after a question: every response that keeps the session open ends with a spoken question or an
explicit "say ..." prompt, and its reprompt asks the same thing, briefly. Crawls every scripted dialog and the
main paths."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content import budget
from simulator.dialog import run_file
from simulator.session import Simulator

DIALOGS = sorted((Path(__file__).parent / "dialogs").glob("*.yaml"))
MAX_REPROMPT_WORDS = 20
# Main paths beyond the dialogs: (permissions on?, what is said in turn).
MAIN_PATHS = [
    ["open spasm coach", "should I use ice or heat", "what", "hmm", "help", "go home", "what stretches do you have",
     "stop"],
    ["open spasm coach", "start ice", "yes", "how long is left", "pause", "resume", "stop the timer"],
    ["open spasm coach", "start heat", "no", "no", "no", "no", "no", "no"],
    ["ask spasm coach is this serious", "no", "yes", "no", "no", "no", "no", "no", "no", "no", "no", "yes", "yes"]
    + ["no"] * 20,
    ["ask spasm coach is this serious", "no", "no", "no"] + ["no"] * 18 + ["yes"] + ["no"] * 10,
    ["ask spasm coach is this serious", "no", "yes", "not sure", "what", "no"] + ["no"] * 30,
    ["open spasm coach", "start my stretches", "yes"],
    ["open spasm coach", "start my stretches", "no", "no", "better", "next", "the same", "help", "go back",
     "do it again", "hang on", "carry on", "worse"],
    ["open spasm coach", "order me a pizza", "the cat sat on the mat", "blah", "delete my data", "no"],
]


def last_sentence(text: str) -> str:
    text = " ".join(re.sub(r"\[[^\]]*\]", " ", text).split())
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", text) if s.strip()]
    return sentences[-1] if sentences else ""


def asks(text: str) -> bool:
    """A question, or an explicit "say ..." prompt, at the end."""
    end = last_sentence(text)
    return end.endswith("?") or bool(re.search(r"\bsay(?:ing)?\b", end, re.I))


def problems(turn) -> list[str]:
    if turn.request is None or not turn.session_open or turn.reprompted is not None:
        return []
    found = []
    if not asks(turn.speech):
        found.append(f"open mic after a statement: {last_sentence(turn.speech)!r}")
    if not turn.reprompt:
        found.append("no reprompt")
    elif not asks(turn.reprompt):
        found.append(f"reprompt does not ask: {turn.reprompt!r}")
    elif budget.words_of(turn.reprompt) > MAX_REPROMPT_WORDS:
        found.append(f"reprompt is not brief ({budget.words_of(turn.reprompt)} words): {turn.reprompt!r}")
    return found


class Recording(Simulator):
    """A simulator that keeps every turn it made."""

    seen: list = []

    def _exchange(self, turn, request):
        result = super()._exchange(turn, request)
        Recording.seen.append(result)
        return result


@pytest.fixture(scope="module")
def webhook(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    with Simulator(ca_dir=str(home / "dev-ca"), skill_env={"XDG_DATA_HOME": str(home), "HOME": str(home)}) as sim:
        yield sim


def _report(turns) -> list[str]:
    out = []
    for t in turns:
        for p in problems(t):
            out.append(f"{t.utterance!r} -> {t.all_keys}: {p}")
    return sorted(set(out))


def test_every_open_turn_of_every_dialog_ends_with_a_question(webhook):
    Recording.seen = []

    def make(**kwargs):
        kwargs.update(url=webhook.url, virtual_timestamps=True)   # the webhook runs --virtual-clock
        return Recording(**kwargs, ca_dir=str(webhook.ca.dir))

    for path in DIALOGS:
        run_file(path, make_simulator=make)
    assert len(Recording.seen) > 300
    assert _report(Recording.seen) == []


@pytest.mark.parametrize("locale,permissions", [("en-US", False), ("en-US", True), ("en-AU", False)])
def test_every_open_turn_of_the_main_paths_ends_with_a_question(webhook, locale, permissions):
    turns = []
    for path in MAIN_PATHS:
        sim = Simulator(url=webhook.url, ca_dir=str(webhook.ca.dir), locale=locale, permissions=permissions)
        with sim:
            for said in path:
                turns.append(sim.say(said))
                if sim.session is None:
                    break
    assert _report(turns) == []


if __name__ == "__main__":      # python tests/test_speech_dialogs_open_mic.py: the list of problems by key
    import collections
    import tempfile
    with tempfile.TemporaryDirectory() as home:
        with Simulator(ca_dir=home + "/dev-ca", skill_env={"XDG_DATA_HOME": home, "HOME": home}) as hook:
            Recording.seen = []
            for p in DIALOGS:
                run_file(p, make_simulator=lambda **kw: Recording(**{**kw, "url": hook.url}, ca_dir=str(hook.ca.dir)))
            turns = list(Recording.seen)
            for path in MAIN_PATHS:
                with Simulator(url=hook.url, ca_dir=str(hook.ca.dir)) as s:
                    for said in path:
                        turns.append(s.say(said))
                        if s.session is None:
                            break
    by_key = collections.defaultdict(set)
    for t in turns:
        for p in problems(t):
            by_key[t.all_keys[-1] if t.all_keys else "?"].add(p[:150])
    for k in sorted(by_key):
        print(k, "|", sorted(by_key[k])[0])
