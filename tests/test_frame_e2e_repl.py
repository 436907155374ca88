"""The REPL as a person sees it: the consent prompt (yes/no variants, asks again), cards, keys once; --jsonl cards."""

from __future__ import annotations

import io
import json

import pytest

from conftest import SKILL_ID
from simulator.jsonl import run as run_jsonl
from simulator.repl import Repl, card_text, consent_answer
from simulator.session import Simulator

SCOPE = "alexa::alerts:timers:skill:readwrite"


@pytest.mark.parametrize("said, meaning", [
    ("yes", True), ("Yes please", True), ("yeah", True), ("y", True), ("OK", True), ("sure.", True),
    ("allow", True), ("no", False), ("No thanks", False), ("nope", False), ("n", False), ("deny", False),
    ("don't allow", False), ("not now", False), ("what", None), ("", None), ("maybe", None),
    ("start ice", None), ("know", None), ("yesterday", None)])
def test_consent_answers(said, meaning):
    assert consent_answer(said) is meaning


def test_cards_are_shown_by_kind():
    assert card_text({"title": "Ice", "text": "Cloth on."}) == "Ice: Cloth on."
    assert card_text({"type": "AskForPermissionsConsent", "permissions": [SCOPE]}) == f"permissions: {SCOPE}"
    assert card_text({"type": "LinkAccount"}) == "(LinkAccount card)"


def repl_session(live_server, dev_ca, lines: list[str]) -> str:
    out = io.StringIO()
    with Simulator(url=live_server + "/", ca_dir=str(dev_ca.dir), app_id=SKILL_ID, consent=None) as sim:
        Repl(sim, out=out).run(stdin=io.StringIO("".join(line + "\n" for line in lines)))
    return out.getvalue()


def test_the_consent_prompt_asks_again_until_yes_or_no_and_a_no_shows_the_permissions_card(live_server, dev_ca):
    shown = repl_session(live_server, dev_ca, ["open spasm coach", "start ice", "no", "what", "hmm", "nope"])
    assert shown.count("consent> ") == 3 and shown.count("(please answer yes or no)") == 2
    assert "[consent] DENIED" in shown
    assert f"[card] permissions: {SCOPE}" in shown and "[card] :" not in shown
    keys = next(line for line in shown.splitlines() if "therapy.permission.denied" in line)
    listed = keys.split("[keys] ", 1)[1].split(", ")
    assert len(listed) == len(set(listed)), keys            # each key once


def test_a_yes_variant_grants_the_permission_and_the_timer_starts(live_server, dev_ca):
    shown = repl_session(live_server, dev_ca, ["ask spasm coach to start ice", "no", "yes please"])
    assert "[consent] ACCEPTED" in shown and "therapy.started.ice" in shown
    assert "[session closed]" in shown


def test_end_of_input_at_the_consent_prompt_denies_rather_than_hanging(live_server, dev_ca):
    shown = repl_session(live_server, dev_ca, ["ask spasm coach to start ice", "no"])
    assert "[consent] DENIED" in shown


def test_jsonl_shows_the_permissions_card_as_its_scope(live_server, dev_ca):
    out = io.StringIO()
    with Simulator(url=live_server + "/", ca_dir=str(dev_ca.dir), app_id=SKILL_ID, consent="deny") as sim:
        run_jsonl(sim, stdin=io.StringIO("ask spasm coach to start ice\nno\n"), stdout=out)
    line = json.loads(out.getvalue().splitlines()[-1])      # the answer after the ice check
    assert line["card"] == {"type": "AskForPermissionsConsent", "permissions": [SCOPE]}
    keys = line["response_keys"]
    assert "therapy.permission.denied" in keys and len(keys) == len(set(keys))
