"""The virtual-patient table (tests/screening_patients.yaml), each patient a conversation through the simulator."""

from __future__ import annotations

from pathlib import Path

import pytest

import content
from simulator.session import Simulator
from conftest import load_yaml

C = content.get()
PATIENTS = load_yaml((Path(__file__).parent / "screening_patients.yaml").read_text(encoding="utf-8"))
ASKED_PREFIXES = ("screening.question.", "screening.exclusion.")
CANT_WALK_PROMPT = C.screening["special"]["cant_walk"]["prompt"]
EMERGENCY_CARD_TITLE = "Get emergency help now"


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    """One webhook (verification on, dev CA) for the whole table; each patient opens a new session."""
    home = tmp_path_factory.mktemp("patients-home")
    with Simulator(ca_dir=str(home / "dev-ca"), skill_env={"XDG_DATA_HOME": str(home), "HOME": str(home)}) as s:
        yield s


def asked(turn) -> str | None:
    """The id of the question the skill asked on this turn (cant_walk for the clarifying one), else None."""
    ids = [k.split(".", 2)[2] for k in turn.all_keys if k.startswith(ASKED_PREFIXES)]
    if ids:
        return ids[-1]
    return "cant_walk" if CANT_WALK_PROMPT in turn.all_keys else None


def answer_for(patient: dict, question: str) -> str:
    if question == "cant_walk":
        return patient["cant_walk"]
    if question in patient.get("yes_to", []):
        return "yes"
    if question in patient.get("unsure_to", []):
        return "I'm not sure"
    if question in patient.get("skip_to", []):
        return "skip"
    return "no"


def converse(sim, patient: dict) -> tuple[list, list[str]]:
    """Launch, say the opening, answer every question from the patient's symptoms until no question is asked."""
    turns = [sim.say("open spasm coach"), sim.say(patient.get("opening", "is this serious"))]
    questions = []
    while turns[-1].session_open and (question := asked(turns[-1])) is not None:
        assert len(turns) < 60, f"the screening never ended: {[t.all_keys for t in turns[-3:]]}"
        questions.append(question)
        turns.append(sim.say(answer_for(patient, question)))
    for turn in turns:
        assert turn.error is None, turn.error
    return turns, questions


def test_the_table_is_big_enough_and_covers_every_tier_1_symptom():
    assert len(PATIENTS) >= 30
    alone = {p["yes_to"][0] for p in PATIENTS if len(p.get("yes_to", [])) == 1 and not p.get("opening")}
    tier_1 = {q["id"] for q in C.screening["questions"] if q["tier"] == 1}
    assert tier_1 <= alone
    assert any(not p.get("yes_to") and not p.get("unsure_to") and not p.get("opening") for p in PATIENTS)


@pytest.mark.parametrize("patient", PATIENTS, ids=[p["name"] for p in PATIENTS])
def test_patient(sim, patient):
    turns, questions = converse(sim, patient)
    last = turns[-1]
    attributes = (last.response or {}).get("sessionAttributes") or {}
    spoken = patient.get("variant", patient["expect"])
    assert spoken in last.all_keys, (questions, last.all_keys)
    if patient.get("tier") != 1:       # the tier's key too: said, or its offer as the reprompt
        assert patient["expect"] in last.all_keys, (questions, last.all_keys)
    seen = {k for t in turns for k in t.all_keys}
    for key in patient.get("also", []):
        assert key in seen
    assert "screening" not in attributes and not attributes.get("flow")
    # every question was asked at most once, never re-asked after an answer (a clarified one twice in a row)
    assert all(questions.count(q) <= (2 if q in patient.get("unsure_to", []) or q == "cant_walk" else 1)
               for q in questions), questions
    if patient.get("tier") == 1:
        # nothing but the emergency advice (its own card: review3 finding 3); the number said twice; the session ends
        assert last.all_keys == [spoken]
        number = C.locale_params("en-US")["emergency"]
        assert last.speech.lower().count(number) >= 2
        assert "can't make the call" in last.speech
        assert last.card and last.card["title"] == EMERGENCY_CARD_TITLE and "911" in last.card["text"]
        assert not last.session_open
        # a closed session carries no reprompt
        assert "reprompt" not in last.response["response"] and "?" not in last.speech
    elif patient.get("tier"):
        assert last.session_open and last.reprompt
        assert last.card and C.locale_params("en-US")["emergency_card"] in last.card["text"]
        assert "nine one one" in last.speech     # the safety-net line
    else:
        assert not last.session_open
    if patient.get("tier"):
        assert attributes.get("outcome_tier") == patient["tier"]


def test_all_no_hears_every_question_in_order(sim):
    _, questions = converse(sim, {"name": "all_no"})
    exclusions = [x["id"] for x in C.screening["exclusions"]]
    by_tier = {t: [q["id"] for q in C.screening["questions"] if q["tier"] == t and not q.get("ask_if")]
               for t in (1, 2, 3)}
    assert questions == by_tier[1] + exclusions + by_tier[2] + by_tier[3]    # red flags first
