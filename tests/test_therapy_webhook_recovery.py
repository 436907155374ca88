"""When the skill loses track of a timer it set (F7): recorded the moment Alexa sets it, said to be on when a later
step fails, and found again by status and stop from Alexa's own list. Also: a therapy named inside a longer slot
value (F18)."""

from __future__ import annotations

import json

import pytest

import content
from conftest import SKILL_ID, make_envelope, past_checks
from simulator.session import Simulator
from skill.domain import therapy as domain

C = content.get()


@pytest.fixture
def sim(live_server, dev_ca):
    with Simulator(url=live_server + "/", ca_dir=str(dev_ca.dir), app_id=SKILL_ID, permissions=True) as s:
        yield s


def test_a_failure_after_the_timer_is_set_says_the_timer_is_on_and_status_and_stop_still_find_it(sim, monkeypatch):
    from skill.handlers import therapy

    real = therapy._respond

    def broken(hi, plan):
        if plan.create:
            raise RuntimeError("a later step failed")
        return real(hi, plan)

    monkeypatch.setattr(therapy, "_respond", broken)       # fails after the timer is set
    turn = past_checks(sim, "ask spasm coach to start ice")
    assert turn.response_keys == ["therapy.error.timer_on.ice"], turn.speech
    assert "cloth" in turn.speech and not turn.session_open        # the care line still said
    assert [t.label for t in sim.api.timers.values()] == ["Ice pack"]
    monkeypatch.undo()
    turn = sim.say("ask spasm coach how long is left")
    assert "therapy.status.single.ice" in turn.response_keys, turn.speech
    turn = sim.say("ask spasm coach to start ice")                 # "try again" sets no second timer
    assert "therapy.already_running" in turn.response_keys and len(sim.api.timers) == 1
    turn = sim.say("ask spasm coach to stop the ice")
    assert "therapy.stopped" in turn.response_keys, turn.speech
    assert not sim.api.timers


def test_a_timer_of_ours_the_record_never_saw_is_found_by_status_and_stop(sim):
    # As if the skill set it and the answer was lost on the way back (a read timeout after Alexa set it).
    sim.api.create(domain.timer_payload("Heat", 12, {"en-US": "Time to take the heat off."}))
    sim.api.create(domain.timer_payload("Pasta", 9, {"en-US": "Pasta's ready."}))
    turn = sim.say("ask spasm coach how long is left")
    # (a first one-shot: the safety line with the number comes first)
    assert turn.response_keys == ["frame.first.safety", "therapy.status.single.heat"], turn.speech
    assert "12 minutes" in turn.speech
    turn = sim.say("ask spasm coach to cancel the heat")
    assert "therapy.stopped" in turn.response_keys, turn.speech
    assert [t.label for t in sim.api.timers.values()] == ["Pasta"]   # only our own labels are ours


def test_a_chain_that_fails_half_way_takes_back_what_it_set_and_leaves_no_rest_gap(sim, monkeypatch):
    from skill.handlers import therapy

    real = therapy._create
    calls = []

    def third_fails(hi, api, spec, **kwargs):
        calls.append(spec.phase)
        if len(calls) == 3:
            raise RuntimeError("rendering the last step failed")
        return real(hi, api, spec, **kwargs)

    monkeypatch.setattr(therapy, "_create", third_fails)
    sim.say("open spasm coach")
    turn = past_checks(sim, "alternate ice and heat")
    assert "frame.error" in turn.response_keys, turn.speech       # nothing is running, so the plain apology
    assert not sim.api.timers
    monkeypatch.undo()
    turn = past_checks(sim, "ask spasm coach to start ice")
    assert "therapy.started.ice" in turn.response_keys, turn.speech   # no rest gap from the chain taken back


@pytest.mark.parametrize("value, therapy", [("ice for ten", "ice"), ("the heat for a bit", "heat"),
                                            ("safety questions", None), ("ice or heat", None)])
def test_a_therapy_named_inside_a_longer_slot_value_is_still_heard(signed_post, value, therapy):
    envelope = make_envelope("IntentRequest", intent="StartTherapyIntent", slots={"therapy": value}, new=True)
    answer = signed_post(envelope).get_json()
    response = answer["response"]
    if therapy is None:
        assert "Ice or heat?" in response["outputSpeech"]["ssml"]
        return
    if therapy == "heat":                                       # heat: its check comes first, even here
        assert "Before we use heat" in response["outputSpeech"]["ssml"]
        return
    if therapy == "ice":                                        # and ice its own
        assert "Before we use ice" in response["outputSpeech"]["ssml"]
        envelope = make_envelope("IntentRequest", intent="AMAZON.NoIntent", new=False,
                                 session_attributes=answer["sessionAttributes"])
        response = signed_post(envelope).get_json()["response"]
    directive = response["directives"][0]                      # no permission in the envelope: the AskFor
    assert directive["name"] == "AskFor" and json.loads(directive["token"])["therapy"] == therapy


def test_heat_refused_the_permission_gets_the_permissions_card_not_the_care_card(live_server, dev_ca):
    with Simulator(url=live_server + "/", ca_dir=str(dev_ca.dir), app_id=SKILL_ID, permissions=False,
                   consent="deny") as sim:
        turn = sim.say("ask spasm coach to start heat")
        assert turn.response_keys == ["frame.first.safety", "therapy.check.numb_skin"]   # a first one-shot
        assert not turn.response["response"].get("directives")           # no AskFor before the check
        for _ in C.therapy["checks"]["heat"]["questions"]:
            turn = sim.say("no")
        assert turn.consent == "DENIED"
        response = turn.followups[-1].response["response"]            # the answer to the Connections.Response
        assert response["card"] == {"type": "AskForPermissionsConsent",
                                    "permissions": ["alexa::alerts:timers:skill:readwrite"]}
        assert "on low" in turn.speech and "rather than lying on it" in turn.speech
