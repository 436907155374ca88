"""The stretch coaching domain: gates, the walk through a routine, the pain check, navigation and resuming."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest

import content
from skill.domain import routine as d
from skill.render import Composer

ROOT = Path(__file__).resolve().parents[1]
C = content.get()
BREAK = re.compile(r'<break time="(\d+)(ms|s)"/>')


def render(plan: d.Plan, locale: str = "en-US"):
    """The plan through the real renderer (which enforces Alexa's limits)."""
    return Composer(C, locale, random.Random(7)).play(plan.speech()).render(need_reprompt=not plan.end)


def text(plan: d.Plan) -> str:
    return re.sub(r"<[^>]+>", " ", render(plan).speech)


def cleared(routine_id=None, exercise_id=None, **kw) -> d.Plan:
    """Start and answer no to every exclusion question."""
    plan = d.start(None, C, routine_id=routine_id, exercise_id=exercise_id, **kw)
    while plan.state and plan.state.awaiting == d.EXCLUSION:
        plan = d.answer(plan.state, C, False)
    return plan


def walk_to_end(plan: d.Plan, change: str = "better") -> list[d.Plan]:
    plans = [plan]
    while plan.state and plan.state.awaiting in d.IN_PROGRESS and not plan.end:
        if plan.state.awaiting == d.PAIN_CHECK:
            plan = d.pain(plan.state, C, change)
        elif plan.state.awaiting == d.CAUTION:
            plan = d.answer(plan.state, C, True)
        else:
            plan = d.next_exercise(plan.state, C)
        plans.append(plan)
    return plans


# ---------- before the first routine ----------

def test_first_request_asks_the_content_modules_exclusions_in_order():
    plan = d.start(None, C)
    wanted = ("under_16", "pregnant", "recent_spine_procedure")
    asked = [x["prompt"] for x in C.screening["exclusions"] if x["id"] in wanted]
    assert len(asked) == 3
    assert plan.keys() == ["routine.exclusions.intro", asked[0]]
    assert plan.state.awaiting == d.EXCLUSION and plan.flow == "routine"
    second = d.answer(plan.state, C, False)
    assert second.keys() == [asked[1]]
    third = d.answer(second.state, C, False)
    assert third.keys() == [asked[2]]
    assert "Hold" not in text(plan) + text(second) + text(third)


def test_under_sixteen_is_asked_before_any_stretch_and_is_one_short_question():
    """Explore3 F12: a child is never coached through stretches; the question is short (a few words)."""
    plan = d.start(None, C)
    assert plan.keys()[1] == "screening.exclusion.under_16"
    assert len(text(d.Plan(None, end=True).say("screening.exclusion.under_16")).split()) <= 5


@pytest.mark.parametrize("answer", [True, None], ids=["yes", "unsure"])
@pytest.mark.parametrize("position", [0, 1, 2])
def test_an_exclusion_means_no_routine_with_where_to_get_advice(answer, position):
    plan = d.start(None, C)
    for _ in range(position):
        plan = d.answer(plan.state, C, False)
    excluded = d.answer(plan.state, C, answer)
    exclusion = d.exclusions_to_ask(C)[position]["id"]
    assert excluded.keys() == [f"routine.excluded.{exclusion}"]
    assert excluded.flow is None and excluded.save is None
    assert not any(op[0] == "hold" for op in excluded.ops) and render(excluded).speech
    # the skill is not for children (a parent or carer, a doctor, and goodbye); otherwise heat or ice is offered
    assert excluded.end is (exclusion == "under_16")
    again = d.start(excluded.state, C)           # asking again in the same conversation: still no
    assert again.keys() == [f"routine.excluded.{exclusion}"]


def test_every_exclusion_the_routine_asks_has_its_own_answer():
    for exclusion in d.exclusions_to_ask(C):
        assert C.has(f"routine.excluded.{exclusion['id']}"), exclusion["id"]
        assert exclusion["id"] in C.routines["blocked_by"]["exclusions"]


def test_stop_rules_in_full_then_the_lying_down_routine_by_default():
    plan = cleared()
    keys = plan.keys()
    assert keys[:2] == [C.routines["stop_rules"]["line"], C.routine("lying_down")["intro"]]
    said = text(plan)
    assert re.search(r"spreads down a leg.*numbness, tingling or weakness.*tell me", said)
    assert plan.state.routine_id == "lying_down" and plan.state.exercise_index == 0
    assert plan.save == {"routine_id": "lying_down", "exercise_index": 0}


def test_exclusions_are_not_asked_twice_in_a_conversation():
    done = walk_to_end(cleared())[-1]
    again = d.start(done.state or d.State(cleared=True, stop_rules_said=True), C, routine_id="breathing")
    assert "screening.exclusion.pregnant" not in again.keys()
    assert again.keys()[0] == C.routines["stop_rules"]["short_line"]


@pytest.mark.parametrize("tier,key,ends", [(1, "routine.blocked.emergency", True), (2, "routine.blocked.today", False)])
def test_no_routine_after_an_emergency_or_advice_today_outcome(tier, key, ends):
    plan = d.start(None, C, outcome_tier=tier)
    assert plan.keys() == [key] and plan.end is ends and plan.flow is None
    assert "Hold" not in text(plan)
    resumed = d.start({"cleared": True}, C, outcome_tier=tier, routine_id="breathing")
    assert resumed.keys() == [key]


def test_a_days_outcome_does_not_block_the_routine():
    assert d.start(None, C, outcome_tier=3).keys()[-1] == "screening.exclusion.under_16"


# ---------- the routine ----------

def test_the_lying_down_routine_from_start_to_end():
    plans = walk_to_end(cleared())
    delivered = [p.state.exercise_index for p in plans if p.state and p.state.awaiting == d.PAIN_CHECK]
    assert delivered == list(range(len(C.routine("lying_down")["exercises"])))
    for p in plans:
        if p.state and p.state.awaiting == d.PAIN_CHECK:
            assert p.keys()[-1] == "routine.pain_check"
            assert render(p).reprompt
        if p.state and p.state.awaiting == d.NEXT:
            assert p.keys()[-1] == "routine.ready_next"
        if p.state and p.state.awaiting == d.PART:
            assert p.keys()[-1] in ("routine.part.side", "routine.part.more") and render(p).reprompt
    last = plans[-1]
    assert "routine.finished" in last.keys() and last.clear
    assert last.state.awaiting == d.OFFER_FLOOR and last.keys()[-1] == "routine.offer_floor"


def test_the_floor_stage_only_after_saying_you_can_get_there():
    last = walk_to_end(cleared())[-1]
    no = d.answer(last.state, C, False)
    assert not no.end and no.keys() == ["reminders.offer.stretches"] and no.offer == "stretches"
    yes = d.answer(last.state, C, True)
    assert yes.state.routine_id == "floor" and C.routine("floor")["intro"] in yes.keys()


def test_asking_for_a_hands_and_knees_routine_asks_first():
    plan = cleared(routine_id="floor")
    assert plan.keys() == ["routine.stage_check"] and plan.state.awaiting == d.STAGE_CHECK
    no = d.answer(plan.state, C, False)
    assert no.state.routine_id == "lying_down" and no.keys()[0] == "routine.stage_check.no"
    yes = d.answer(plan.state, C, True)
    assert yes.state.routine_id == "floor" and "exercise.pelvic_tilt.position" in yes.keys()


def test_worse_stops_the_routine_with_advice_and_forgets_the_progress():
    plan = cleared()
    worse = d.pain(plan.state, C, "worse")
    assert not worse.end and worse.clear and worse.keys() == ["routine.pain.worse"] and worse.card
    assert worse.ice_or_heat and worse.state is None and worse.flow is None      # the ice and heat flow asks
    assert re.search(r"^\s*Let's stop the stretches\. If you get numbness around your bottom.*nine one one", text(worse))


def test_an_unclear_pain_answer_asks_again():
    plan = cleared()
    unclear = d.pain(plan.state, C, None)
    assert unclear.keys()[-1] == "routine.pain_check" and unclear.state.awaiting == d.PAIN_CHECK
    also = d.answer(plan.state, C, True)
    assert also.keys() == ["routine.pain_check.unclear", "routine.pain_check"]
    assert render(also).reprompt == render(unclear).reprompt       # the pain check asked again


def test_not_sure_at_the_pain_check_goes_on_gently_instead_of_asking_again():
    plan = cleared()
    unsure = d.answer(plan.state, C, None)          # "I don't know", "hard to say"
    assert unsure.keys()[0] == "routine.pain.unsure" and "routine.pain_check" not in unsure.keys()
    assert render(unsure).speech and not unsure.missed
    assert unsure.state.awaiting != d.PAIN_CHECK and unsure.state.done == plan.state.done + 1


def test_progress_saved_is_the_exercise_to_resume_at():
    plan = cleared()
    assert plan.save["exercise_index"] == 0
    after = d.pain(plan.state, C, "same")
    assert after.save == {"routine_id": "lying_down", "exercise_index": 1}


# ---------- navigation ----------

def test_next_at_the_pain_check_asks_it_once_more_and_skip_leaves_out_a_cautioned_exercise():
    plan = cleared()
    asked = d.next_exercise(plan.state, C)      # "next" must not bypass the check that stops on "worse"
    assert asked.keys() == ["routine.pain_check.first", "routine.pain_check"]
    assert asked.state.exercise_index == 0 and asked.state.awaiting == d.PAIN_CHECK
    nxt = d.next_exercise(asked.state, C)       # asked once: a second "next" moves on
    assert nxt.state.exercise_index == 1 and "routine.skipped" not in nxt.keys()
    assert nxt.state.done == 1               # moving on from an exercise counts it as done
    while nxt.state.awaiting == d.PART:      # belly breathing: two sets of breaths, "next" between
        nxt = d.next_exercise(nxt.state, C)
    again = d.next_exercise(nxt.state, C)       # the new exercise's check is asked again too
    assert again.keys()[0] == "routine.pain_check.first"
    state = replace(nxt.state, exercise_index=3, awaiting=d.NEXT, done=3)
    caution = d.next_exercise(state, C)          # knee to chest: osteoporosis caution first
    assert caution.state.awaiting == d.CAUTION and "exercise.caution.osteoporosis" in caution.keys()
    assert "Hold" not in text(caution)
    skipped = d.next_exercise(caution.state, C)
    assert skipped.keys()[0] == "routine.skipped" and "routine.finished" in skipped.keys()


def test_repeat_does_the_same_exercise_again():
    plan = cleared()
    again = d.repeat(plan.state, C)
    assert again.keys()[0] == "routine.repeat" and again.state.exercise_index == 0
    assert "exercise.position_of_ease.move" in again.keys()


def test_help_explains_and_returns_to_the_same_step():
    plan = cleared()
    helped = d.help_(plan.state, C)
    assert helped.keys() == ["routine.help", "routine.pain_check"] and helped.state == plan.state
    waiting = d.pain(plan.state, C, "better")
    helped = d.help_(waiting.state, C)
    assert helped.keys() == ["routine.help", "routine.ready_next"] and "belly breathing" in text(helped)
    question = d.start(None, C)
    assert d.help_(question.state, C).keys()[-1] == "screening.exclusion.under_16"


def test_pause_and_resume():
    plan = d.pain(cleared().state, C, "better")
    paused = d.pause(plan.state, C)
    assert paused.state.paused and paused.keys() == ["routine.paused"] and not paused.end
    resumed = d.resume(paused.state, C)
    assert resumed.keys()[0] == "routine.resumed" and resumed.state.exercise_index == 1
    assert not resumed.state.paused and "exercise.belly_breathing.position" in resumed.keys()


def test_start_over_goes_back_to_the_first_exercise_without_the_questions():
    plan = d.next_exercise(cleared().state, C)
    over = d.start_over(plan.state, C)
    assert over.keys()[:2] == ["routine.start_over", C.routines["stop_rules"]["short_line"]]
    assert over.state.exercise_index == 0 and "screening.exclusion.pregnant" not in over.keys()


def test_stop_ends_at_once_and_says_how_to_carry_on_later():
    plan = cleared()
    stopped = d.stop(plan.state, C)
    assert stopped.end and stopped.keys() == ["routine.stopped.resumable"] and not stopped.clear
    assert d.stop(d.start(None, C).state, C).keys() == ["routine.stopped"]


# ---------- resuming later ----------

def test_resume_window_is_hours_since_the_last_step_not_a_utc_day():
    at = dt.datetime(2025, 3, 1, 23, 0, tzinfo=dt.timezone.utc)      # 3 pm in Los Angeles
    record = d.record_for({"routine_id": "lying_down", "exercise_index": 2}, at)
    assert record["date"] == "2025-03-01" and record["saved_at"] == "2025-03-01T23:00:00Z"
    later = at + dt.timedelta(hours=2)                                 # 5 pm there, the next UTC day
    assert d.resume_record(record, later, C) == {"routine_id": "lying_down", "exercise_index": 2}
    assert d.resume_record(record, at + dt.timedelta(hours=d.RESUME_HOURS, minutes=1), C) is None
    assert d.resume_record(record, at - dt.timedelta(minutes=5), C) is None      # saved "in the future"
    legacy = {"date": "2025-03-01", "routine_id": "lying_down", "exercise_index": 2}   # no saved_at
    assert d.resume_record(legacy, at, C) is not None and d.resume_record(legacy, later, C) is None


def test_every_exercise_skipped_gets_no_praise_and_no_harder_routine():
    # Nothing done: the last exercise left out at its caution, none moved on from before.
    last = len(C.routine("lying_down")["exercises"]) - 1
    state = replace(cleared().state, exercise_index=last - 1, awaiting=d.NEXT, done=0)
    caution = d.next_exercise(state, C)
    assert caution.state.awaiting == d.CAUTION
    step = d.answer(caution.state, C, False)
    assert "routine.finished.none_done" in step.keys() and "routine.finished" not in step.keys()
    assert "routine.offer_floor" not in step.keys() and step.end and step.clear
    assert "Well done" not in text(step)


def test_saying_next_after_each_exercise_counts_them_as_done():
    plan = cleared()
    for _ in range(60):
        plan = d.next_exercise(plan.state, C) if plan.state.awaiting != d.CAUTION else d.answer(
            plan.state, C, True)
        if plan.end or plan.state is None or plan.state.awaiting == d.OFFER_FLOOR:
            break
    assert "routine.finished" in plan.keys() and "routine.offer_floor" in plan.keys()
    assert "routine.finished.none_done" not in plan.keys()


def test_skip_to_a_yes_no_offer_is_a_no():
    offer = replace(cleared().state, awaiting=d.OFFER_FLOOR, done=2)
    skipped = d.next_exercise(offer, C)
    assert skipped.keys() == ["reminders.offer.stretches"] and skipped.offer == "stretches"


def test_help_while_paused_says_it_is_paused_and_how_to_resume():
    paused = d.pause(cleared().state, C)
    helped = d.help_(paused.state, C)
    assert helped.keys() == ["routine.help.paused"] and helped.state.paused


def test_feeling_sick_at_the_pain_check_stops_and_keeps_the_place():
    plan = cleared()
    sick = d.pain(plan.state, C, None, heard="sick")
    assert sick.end and sick.keys() == ["routine.pain.unwell"] and not sick.clear and sick.state is None
    asking = d.start(None, C)                                         # at an exclusion question: re-ask it
    fine = d.pain(asking.state, C, None, heard="fine")
    assert fine.keys() == ["routine.not_understood", "screening.exclusion.under_16"] and not fine.end


def test_worse_mid_routine_leads_with_the_emergency_signs_and_asks_about_heat_or_ice_with_the_session_open():
    worse = d.pain(cleared().state, C, "worse")
    said = text(worse)
    assert not worse.end and said.strip().endswith("?") and len(said.split()) <= 60      # explore6 #27: was 82 words
    assert said.index("nine one one") < said.index("rest in whatever position")
    idle = d.worse(None, C)                     # after the routine has ended: the session ends, so the words to say
    assert idle.keys() == ["routine.pain.worse.idle"] and idle.end and not idle.ice_or_heat
    assert "ask spasm coach" in text(idle).lower()


def test_start_again_mid_way_carries_on_where_it_was_left():
    plan = d.pain(cleared().state, C, "better")                       # waiting for "next" after exercise 0
    again = d.start(plan.state, C)
    assert again.keys()[0] == "routine.resumed.later" and again.state.exercise_index == 1
    assert "exercise.position_of_ease.position" not in again.keys()
    at_check = d.start(cleared().state, C)                            # the pain check was pending: the same one
    assert at_check.state.exercise_index == 0 and at_check.keys()[0] == "routine.resumed.later"
    other = d.start(plan.state, C, routine_id="breathing")            # a different routine starts it
    assert other.state.routine_id == "breathing" and other.state.exercise_index == 0


def test_nothing_to_continue_offers_the_stretches_from_the_beginning():
    offer = d.nothing_to_continue(None, C)
    assert offer.keys() == ["routine.nothing_to_continue"] and not offer.end and offer.flow == "routine"
    assert "lying down routine" in text(offer)
    yes = d.answer(offer.state, C, True)
    assert yes.keys()[:2] == ["routine.exclusions.intro", "screening.exclusion.under_16"]
    no = d.answer(offer.state, C, False)
    assert no.keys() == ["routine.offer_start.declined"] and no.end
    assert d.wants_resume("continue my stretches") and d.wants_resume("Carry on") and not d.wants_resume("stretches")


def test_resume_record_is_for_today_only_and_must_make_sense():
    good = {"date": "2025-03-01", "routine_id": "lying_down", "exercise_index": 2}
    assert d.resume_record(good, "2025-03-01", C) == {"routine_id": "lying_down", "exercise_index": 2}
    assert d.resume_record(good, "2025-03-02", C) is None
    for bad in ({**good, "exercise_index": 99}, {**good, "exercise_index": "2"}, {**good, "routine_id": "yoga"},
                {**good, "exercise_index": True}, None, "x"):
        assert d.resume_record(bad, "2025-03-01", C) is None


def test_resume_later_picks_up_at_the_same_exercise_with_the_stop_rules():
    plan = d.resume_later({"routine_id": "lying_down", "exercise_index": 2}, C)
    keys = plan.keys()
    assert keys[:2] == ["routine.resumed.later", C.routines["stop_rules"]["line"]]
    assert "exercise.pelvic_tilt.position" in keys and "exercise.position_of_ease.position" not in keys
    assert "screening.exclusion.pregnant" not in keys and plan.state.awaiting == d.PAIN_CHECK


# ---------- one exercise ----------

def test_a_single_exercise_with_its_cautions():
    plan = cleared(exercise_id="belly_breathing")
    assert plan.keys()[1] == "routine.single.intro" and "exercise.caution.dizziness" in plan.keys()
    assert "exercise.pelvic_tilt.position" not in plan.keys() and plan.save is None
    while plan.state.awaiting == d.PART:
        plan = d.next_exercise(plan.state, C)
    done = d.pain(plan.state, C, "better")
    assert done.keys()[-1] == "routine.single.done" and not done.end


# ---------- Alexa's limits ----------

def _every_delivery():
    for rid in C.routines["routines"]:
        for index in range(len(C.routine(rid)["exercises"])):
            yield rid, index


@pytest.mark.parametrize("locale", sorted(C.locales))
def test_every_step_is_within_alexas_limits_and_every_hold_is_counted(locale):
    for rid, index in _every_delivery():
        plan = d.resume_later({"routine_id": rid, "exercise_index": index}, C)
        if plan.state.awaiting == d.CAUTION:
            plan = d.answer(plan.state, C, True)
        turns = [plan]
        while turns[-1].state.awaiting == d.PART:     # the exercise's other turns (a side, or a set)
            turns.append(d.next_exercise(turns[-1].state, C))
        speeches = [render(t, locale).speech for t in turns]   # the renderer raises on any broken limit
        for speech in speeches:
            assert len(speech) <= 8000
            for amount, unit in BREAK.findall(speech):
                assert int(amount) * (1 if unit == "s" else 0.001) <= 10
        exercise = C.exercise(C.routine(rid)["exercises"][index])
        holds = exercise["reps"] * exercise["sides"] if exercise["hold_seconds"] else 0
        starts = "|".join(re.escape(v) for v in C.entry("common.hold.start", locale)["speech"])
        assert sum(len(re.findall(rf"(?:{starts}) <break", sp)) for sp in speeches) == holds, exercise["name"]
        if exercise["hold_seconds"] and exercise["hold_seconds"] <= 10:
            last = C.words("common.count", locale)[exercise["hold_seconds"] - 1]
            assert re.search(rf"(?:{starts}) <break[^>]*/> two .*{last} <break[^>]*/> And", speeches[0])
        assert "better, the same, or worse" in render(turns[-1], locale).reprompt
        assert all("Say next for" in render(t, locale).reprompt for t in turns[:-1])


def test_no_hold_break_is_longer_than_ten_seconds_even_for_the_longest_hold():
    plan = d.resume_later({"routine_id": "lying_down", "exercise_index": 0}, C)
    speech = render(plan).speech
    assert "sixty" in speech and all(int(a) <= 10 for a, u in BREAK.findall(speech) if u == "s")


# ---------- the interaction model ----------

def _model():
    return json.loads((ROOT / "interaction_models" / "en-US.json").read_text())["interactionModel"]["languageModel"]


def test_model_ids_are_the_content_ids_and_intents_have_enough_samples():
    lm = _model()
    types = {t["name"]: {v["id"] for v in t["values"]} for t in lm["types"]}
    assert types["ROUTINE_NAME"] == set(C.routines["routines"])
    assert types["EXERCISE_NAME"] == set(C.exercises["exercises"])
    assert types["PAIN_CHANGE"] == set(d.PAIN_CHANGES)
    intents = {i["name"]: i for i in lm["intents"]}
    for name in ("StartRoutineIntent", "ListRoutinesIntent", "PainCheckIntent"):
        assert len(intents[name]["samples"]) >= 25, name
    for builtin in ("AMAZON.NextIntent", "AMAZON.RepeatIntent", "AMAZON.PauseIntent", "AMAZON.ResumeIntent",
                    "AMAZON.StartOverIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.YesIntent",
                    "AMAZON.NoIntent", "AMAZON.HelpIntent"):
        assert builtin in intents


def test_the_list_names_every_routine():
    plan = d.list_routines(None, C)
    said = text(plan)
    for r in C.routines["routines"].values():
        assert r["name"] in said
    assert plan.state.awaiting == d.CHOOSE


# ---- review: exclusions shared with the screening, and "no" at "say next when you're ready" ----

def test_exclusions_already_answered_in_the_screening_are_not_asked_again():
    plan = d.start(None, C, known={"pregnant": "no", "recent_spine_procedure": "no", "under_16": "no"})
    assert "routine.exclusions.intro" not in plan.keys() and plan.state.awaiting == d.PAIN_CHECK
    assert "exercise.position_of_ease.position" in plan.keys()
    half = d.start(None, C, known={"pregnant": "no", "under_16": "no"})
    assert half.keys() == ["routine.exclusions.intro", "screening.exclusion.recent_spine_procedure"]
    plan = d.answer(half.state, C, False, known={"pregnant": "no"})
    assert plan.shared == {"recent_spine_procedure": "no"} and plan.state.awaiting == d.PAIN_CHECK


@pytest.mark.parametrize("excluded", ["under_16", "pregnant", "recent_spine_procedure"])
def test_a_yes_given_in_the_screening_means_no_routine(excluded):
    plan = d.start(None, C, known={"pregnant": "no", excluded: "yes"})
    assert plan.keys() == [f"routine.excluded.{excluded}"] and plan.flow is None   # under 16 not asked first
    assert not any(k.startswith("exercise.") for k in plan.keys())
    render(plan)


def test_the_routine_shares_its_clear_exclusion_answers_but_not_unsure():
    plan = d.start(None, C)
    first = d.answer(plan.state, C, False)
    assert first.shared == {"under_16": "no"}
    second = d.answer(first.state, C, False)
    assert second.shared == {"pregnant": "no"}
    assert d.answer(second.state, C, True).shared == {"recent_spine_procedure": "yes"}
    assert d.answer(second.state, C, None).shared == {}          # unsure: excluded here, asked again by the screen


@pytest.mark.parametrize("said", [False, None], ids=["no", "not sure"])
def test_no_at_say_next_means_not_ready_yet_and_waits(said):
    plan = d.pain(cleared().state, C, "better")
    assert plan.state.awaiting == d.NEXT
    waiting = d.answer(plan.state, C, said)
    assert waiting.keys() == ["routine.not_ready", "routine.ready_next"]
    assert not waiting.end and waiting.flow == "routine" and waiting.state.exercise_index == 0
    rendered = render(waiting)
    assert rendered.keys[-1] == "routine.ready_next" and rendered.reprompt
    assert "exercise.belly_breathing.position" in d.next_exercise(waiting.state, C).keys()


def test_every_answer_at_every_step_gives_an_answer_and_never_a_crash():
    """Yes, no, not sure, each pain change, next, repeat, pause, resume, start over, help: at every step."""
    actions = [lambda s: d.answer(s, C, True), lambda s: d.answer(s, C, False), lambda s: d.answer(s, C, None),
               lambda s: d.pain(s, C, "better"), lambda s: d.pain(s, C, "same"), lambda s: d.pain(s, C, None),
               lambda s: d.pain(s, C, "worse"), lambda s: d.stop(s, C),
               lambda s: d.next_exercise(s, C), lambda s: d.repeat(s, C), lambda s: d.pause(s, C),
               lambda s: d.resume(s, C), lambda s: d.start_over(s, C), lambda s: d.help_(s, C),
               lambda s: d.not_understood(s, C), lambda s: d.list_routines(s, C)]
    frontier, seen = [d.start(None, C).state, d.list_routines(None, C).state], set()
    while frontier and len(seen) < 400:
        state = frontier.pop()
        stored = state.as_dict()
        assert d.State.parse(json.loads(json.dumps(stored)), C) == state, stored    # what the session keeps reads back
        signature = json.dumps(stored, sort_keys=True)
        if signature in seen:
            continue
        seen.add(signature)
        for act in actions:
            plan = act(replace(state))
            rendered = render(plan)                 # within Alexa's limits, a reprompt whenever it stays open
            assert rendered.speech, plan.keys()
            if plan.state is not None and not plan.end and not plan.leave:
                frontier.append(plan.state)
    assert len(seen) > 20


@pytest.mark.parametrize("age, excluded", [(15, True), (12, True), (16, False), (40, False)])
def test_an_age_said_at_the_under_sixteen_question_answers_it(age, excluded):
    """Explore3 F12: "I'm fifteen" at "Are you under sixteen?" is a yes; an adult's age is a no (the next
    question); at any other question an age is not an answer there."""
    plan = d.start(None, C)
    assert d.asks_age(plan.state, C)
    said = d.age_given(plan.state, C, age)
    if excluded:
        assert said.keys() == ["routine.excluded.under_16"] and said.end and said.shared == {"under_16": "yes"}
    else:
        assert said.keys() == ["screening.exclusion.pregnant"] and said.shared == {"under_16": "no"}
        assert not d.asks_age(said.state, C)
        assert d.age_given(said.state, C, 40).keys() == ["routine.not_understood", "screening.exclusion.pregnant"]


def test_what_at_the_pain_check_says_the_question_again_and_do_it_again_redoes_the_exercise():
    """Explore3 F14: "what?" / "pardon" (RepeatIntent) at the pain check: the question, short, nothing replayed;
    "do it again" (RepeatExerciseIntent, domain.repeat) does the exercise once more; elsewhere both redo."""
    plan = d.pain(cleared().state, C, "better")
    plan = d.next_exercise(plan.state, C)                      # belly breathing, then its pain check
    assert plan.state.awaiting == d.PAIN_CHECK
    what = d.say_again(plan.state, C)
    assert what.keys() == ["routine.repeat.question", "routine.pain_check"] and what.state == plan.state
    assert len(text(what).split()) <= 12 and not what.end
    again = d.repeat(plan.state, C)
    assert again.keys()[0] == "routine.repeat" and "exercise.belly_breathing.position" in again.keys()
    assert again.keys()[-1] == "routine.pain_check"
    waiting = d.pain(plan.state, C, "better")                  # "say next when you're ready"
    assert waiting.state.awaiting == d.NEXT
    assert d.say_again(waiting.state, C).keys() == d.repeat(waiting.state, C).keys()


def test_the_number_how_long_is_left_and_start_again_mid_routine_keep_the_step():
    """Explore4 F12/F14: mid-routine, "what's the number" is the number then the same step; "how long is left"
    the exercises left then the same step; "start my stretches" (words heard as it) the same step, nothing
    replayed from the start."""
    plan = cleared()                                            # resting position, at its pain check
    number = d.number(plan.state, C)
    assert number.keys() == ["frame.number", "routine.pain_check"] and number.card == "frame.number"
    assert number.state == plan.state and not number.end
    left = d.left(plan.state, C)
    assert left.keys() == ["routine.left.more", "routine.pain_check"] and "4 more exercises" in text(left)
    assert left.state == plan.state and not left.end
    already = d.already(plan.state, C)
    # at the pain check, the stop rule for a leg or numbness before the question (review4 #1b: "the exercises hurt
    # my leg" heard as "start my stretches")
    assert already.keys() == ["routine.already", "routine.already.check", "routine.pain_check"] \
        and "lying down routine" in text(already)
    waiting = d.pain(plan.state, C, "better")
    assert d.already(waiting.state, C).keys() == ["routine.already", "routine.ready_next"]   # between exercises
    assert d.number(waiting.state, C).keys() == ["frame.number", "routine.ready_next"]
    last = walk_to_end(plan)[-2]                                 # the last exercise's pain check
    assert d.left(last.state, C).keys()[0] == "routine.left.last"


@pytest.mark.parametrize("said, need", [
    ("I need a wee", True), ("hang on I need the loo", True), ("I have to go to the toilet", True),
    ("I need a wee but nothing comes out", False), ("I need to pee but I can't", False), ("I wet myself", False),
    ("I need a wee and it burns", False), ("I need a wee and I can't feel it", False),
    ("I need a wee but I can't get up", False), ("I keep needing a wee", False), ("my leg is numb", False),
    ("sorry, hang on, I need the loo quickly", True), ("I need a wee and my bum is tingling", False),
    ("I need a wee urgently and my bum feels funny", False), ("I need a wee, my legs are shaking", False)])
def test_a_plain_toilet_need_mid_routine_is_a_break_and_any_trouble_is_not(said, need):
    """Explore4 F16: "I need a wee" during the stretches is a break (progress kept), never the red-flag questions;
    any word of retention, leaking, lost feeling, pain or "can't", or anything said beside the need (review 4 #0b:
    "... and my bum is tingling"), leaves it to the symptom reader."""
    from skill.domain.answers import toilet_need
    assert toilet_need(said) is need
    plan = d.toilet_break(cleared().state, C)
    assert plan.keys() == ["routine.toilet.resumable"] and plan.end and not plan.clear and plan.save is None


def test_worse_in_words_is_only_pain_words():
    """Explore4 F5: what reads as a plain "it's worse" mid-routine (the routine stops with its advice) and what is
    more than that (the red-flag questions read it: a place, a feeling, a negation)."""
    rows = {"worse actually": True, "a bit worse actually": True, "it worse": True, "that hurt more": True,
            "ouch that made it worse": True, "the exercises are making it worse": True, "my back hurts more": True,
            "it hurts when I move": True, "worse": True,
            "worse and my leg is going numb": False, "it hurts in my side": False, "I feel sick": False,
            "not worse": False, "worse i can't feel my legs": False, "better": False, "": False, None: False}
    got = {words: d.worse_only(words) for words in rows}
    assert got == rows
