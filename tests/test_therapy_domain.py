"""The therapy domain as plain functions: lengths, the chain, rest gaps, the stored record, status, payloads."""

import datetime as dt

import pytest

import content
from skill.domain import therapy as d

C = content.get()
ICE = C.therapy["therapies"]["ice"]
HEAT = C.therapy["therapies"]["heat"]
T0 = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.timezone.utc)


def at(minutes):
    return T0 + dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("value, minutes", [
    ("PT20M", 20), ("PT1H30M", 90), ("PT45S", 0.75), ("P1D", 1440), ("pt15m", 15),
    (None, None), ("", None), ("?", None), ("PT", None), ("PT0M", None), ("15", None)])
def test_duration_slot_values(value, minutes):
    assert d.duration_minutes(value) == minutes


def test_no_length_is_the_content_default():
    assert d.plan_minutes(ICE, None) == {"minutes": 15, "capped": False, "short": False, "requested": None}


def test_45_minutes_is_capped_at_the_maximum_and_says_what_was_asked():
    assert d.plan_minutes(ICE, 45) == {"minutes": 20, "capped": True, "short": False, "requested": 45}


def test_a_very_short_length_is_marked_for_confirmation_and_never_under_a_minute():
    assert d.plan_minutes(HEAT, 2)["short"] is True
    assert d.plan_minutes(HEAT, 0.2)["minutes"] == 1
    assert d.plan_minutes(HEAT, ICE["min_minutes"])["short"] is False


def test_the_alternating_chain_ends_in_order_and_per_phase_lengths_are_capped():
    steps = d.alternating_steps(C.therapy["alternating"])
    assert [(s["phase"], s["minutes"], s["at_minutes"]) for s in steps] == [
        ("ice", 15, 15), ("rest", 60, 75), ("heat", 15, 90)]
    steps = d.alternating_steps(C.therapy["alternating"], per_phase=40)
    assert [s["minutes"] for s in steps] == [20, 60, 20]
    assert steps[-1]["at_minutes"] * 60 <= d.MAX_TIMER_SECONDS


def test_a_timer_that_ended_records_its_end_and_leaves_the_active_list():
    record = d.record_started(d.Record(), [{"id": "a", "therapy": "ice", "phase": "ice", "ends_at": d.iso(at(15))}], T0)
    after = d.reconcile(record, {}, at(20))
    assert after.active == []
    assert after.last_end == {"ice": d.iso(at(15))}
    assert d.rest_left(after, "ice", ICE, at(20)) == 55
    assert d.rest_left(after, "ice", ICE, at(75)) == 0
    assert d.rest_left(after, "heat", HEAT, at(20)) == 0


def test_a_timer_alexa_no_longer_has_ended_now_and_live_times_win():
    record = d.record_started(d.Record(), [{"id": "a", "therapy": "heat", "phase": "heat", "ends_at": d.iso(at(15))},
                                   {"id": "b", "therapy": "ice", "phase": "skin_rest", "ends_at": d.iso(at(60))}], T0)
    after = d.reconcile(record, {"b": at(61)}, at(5))
    assert [a["id"] for a in after.active] == ["b"]
    assert after.active[0]["ends_at"] == d.iso(at(61))
    assert after.last_end == {"heat": d.iso(at(5))}
    assert d.reconcile(record, None, at(5)).active == record.active      # unknown: keep


def test_today_counts_sessions_and_starts_again_each_day():
    entry = {"id": "a", "therapy": "ice", "phase": "ice", "ends_at": d.iso(at(15))}
    record = d.Record()
    for _ in range(ICE["max_sessions_per_day"]):
        record = d.record_started(record, [entry], T0)
    assert d.count_today(record, "ice", T0) == 4
    assert d.over_daily_limit(record, "ice", ICE, T0)
    assert not d.over_daily_limit(record, "ice", ICE, T0 + dt.timedelta(days=1))
    assert not d.over_daily_limit(record, "heat", HEAT, T0)       # heat has no daily limit in the content


def test_stopping_a_chain_records_only_the_phases_that_had_begun():
    chain = [{"id": str(i), "therapy": "alternating", "phase": p, "ends_at": d.iso(at(m))}
             for i, (p, m) in enumerate([("ice", 15), ("rest", 35), ("heat", 50)])]
    record = d.record_started(d.Record(), chain, T0)
    early = d.record_stopped(record, ["0", "1", "2"], at(5))
    assert early.active == [] and early.last_end == {"ice": d.iso(at(5))}
    assert d.count_today(early, "ice", T0) == 1 and d.count_today(early, "heat", T0) == 1
    late = d.record_stopped(d.reconcile(record, {"1": at(35), "2": at(50)}, at(40)), ["1", "2"], at(40))
    assert late.last_end == {"ice": d.iso(at(15)), "heat": d.iso(at(40))}


def test_status_tells_the_current_phase_of_a_chain_and_single_timers_soonest_first():
    chain = [{"id": str(i), "therapy": "alternating", "phase": p, "ends_at": d.iso(at(m))}
             for i, (p, m) in enumerate([("ice", 15), ("rest", 35), ("heat", 50)])]
    rest = {"id": "r", "therapy": "heat", "phase": "skin_rest", "ends_at": d.iso(at(10))}
    record = d.reconcile(d.record_started(d.Record(), chain + [rest], T0), None, at(16))
    items = d.status(record, at(16))
    assert [(i["kind"], i["phase"], i["minutes_left"]) for i in items] == [("alternating", "rest", 19)]
    items = d.status(d.record_started(d.Record(), chain + [rest], T0), at(1))
    assert [(i["kind"], i["minutes_left"]) for i in items] == [("skin_rest", 9), ("alternating", 14)]


def test_a_damaged_stored_record_starts_empty_rather_than_crashing():
    assert d.Record.parse("nonsense") == d.Record()
    bad = {"active": [{"id": "x"}, "y", {"id": "z", "ends_at": "not a time"}], "last_end": {"ice": 3}, "today": 1}
    assert d.Record.parse(bad) == d.Record()


def test_timer_payload_is_what_the_timers_api_takes():
    payload = d.timer_payload("Ice pack", 15, {"en-US": "Take it off.", "en-GB": "Take it off."})
    assert payload == {
        "duration": "PT15M", "timerLabel": "Ice pack",
        "creationBehavior": {"displayExperience": {"visibility": "VISIBLE"}},
        "triggeringBehavior": {"operation": {"type": "ANNOUNCE", "textToAnnounce": [
            {"locale": "en-US", "text": "Take it off."}, {"locale": "en-GB", "text": "Take it off."}]},
            "notificationConfig": {"playAudible": True}}}
    assert d.timer_payload("x", 120, {"en-US": "t"})["duration"] == "PT2H"
    assert d.iso_duration(3930) == "PT1H5M30S"


@pytest.mark.parametrize("label, minutes, texts", [
    ("Ice", 121, {"en-US": "t"}), ("Ice", 0, {"en-US": "t"}), ("", 15, {"en-US": "t"}),
    ("x" * 257, 15, {"en-US": "t"}), ("Ice", 15, {}), ("Ice", 15, {"en-US": ""})])
def test_timer_payload_refuses_what_the_api_would_refuse(label, minutes, texts):
    with pytest.raises(ValueError):
        d.timer_payload(label, minutes, texts)


def _chain(start=T0):
    return [{"id": str(i), "therapy": "alternating", "phase": p, "ends_at": d.iso(start + dt.timedelta(minutes=m))}
            for i, (p, m) in enumerate([("ice", 15), ("rest", 35), ("heat", 50)])]


def test_one_thing_on_the_skin_at_a_time():
    ice = d.record_started(d.Record(), [{"id": "a", "therapy": "ice", "phase": "ice", "ends_at": d.iso(at(15))}], T0)
    assert d.blocking(ice, "alternating", at(1))["therapy"] == "ice"
    assert d.blocking(ice, "ice", at(1))["therapy"] == "ice"
    assert d.blocking(ice, "heat", at(1))["therapy"] == "ice"          # not heat on top of the ice
    assert d.blocking(d.reconcile(ice, {}, at(16)), "heat", at(16)) is None
    ended = d.record_stopped(ice, ["a"], at(15))
    # one rule for the skin (explore4 F16): an hour after the last round, whichever it was
    assert d.switch_rest_left(ended, "heat", C.therapy, at(25)) == ("ice", 50)
    assert d.switch_rest_left(ended, "heat", C.therapy, at(74)) == ("ice", 1)
    assert d.switch_rest_left(ended, "heat", C.therapy, at(75)) is None
    assert d.switch_rest_left(ended, "ice", C.therapy, at(25)) is None
    assert d.rest_left(ended, "ice", ICE, at(25)) == 50                          # the same hour as ice again
    chain = d.record_started(d.Record(), _chain(), T0)
    assert d.blocking(chain, "heat", at(1))["kind"] == "alternating"
    rest = d.record_started(d.Record(), [{"id": "r", "therapy": "ice", "phase": "skin_rest", "ends_at": d.iso(at(40))}], T0)
    assert d.blocking(rest, "alternating", at(1)) is None


def test_stopping_the_ice_of_a_chain_early_sets_the_rest_and_heat_again_from_now():
    record = d.record_started(d.Record(), _chain(), T0)
    plan = d.stop_plan(record, "ice", at(5))
    assert plan["outcome"] == "ice_early" and plan["delete"] == ["0", "1", "2"]
    assert plan["create"] == [{"phase": "rest", "seconds": 1200}, {"phase": "heat", "seconds": 2100}]
    stopped = d.record_stopped(record, plan["delete"], at(5))
    assert stopped.last_end == {"ice": d.iso(at(5))}
    again = d.record_started(stopped, [{"id": "x", "therapy": "alternating", "phase": "rest",
                                        "ends_at": d.iso(at(25))}], at(5), count=False)
    assert d.count_today(again, "ice", T0) == 1 and d.count_today(again, "heat", T0) == 1


def test_stop_means_what_the_phase_allows():
    record = d.record_started(d.Record(), _chain(), T0)
    assert d.stop_plan(record, "heat", at(5)) == {
        "outcome": "no_heat", "phase": "ice", "delete": ["0", "1", "2"], "create": [{"phase": "ice", "seconds": 600}],
        "stopped": record.active}
    resting = d.reconcile(record, {"1": at(35), "2": at(50)}, at(20))
    assert d.stop_plan(resting, "ice", at(20))["outcome"] == "ice_over"
    assert d.stop_plan(resting, "heat", at(20))["create"] == []
    heating = d.reconcile(record, {"2": at(50)}, at(40))
    assert d.stop_plan(heating, "heat", at(40))["outcome"] == "chain"
    assert d.stop_plan(heating, None, at(40))["delete"] == ["2"]
    assert d.stop_plan(d.Record(), None, at(40))["outcome"] == "none"


def test_a_paused_timer_keeps_its_time_left_and_is_not_taken_for_ended():
    record = d.record_started(d.Record(), [{"id": "a", "therapy": "ice", "phase": "ice", "ends_at": d.iso(at(15))}], T0)
    paused = d.reconcile(record, {"a": dt.timedelta(minutes=10)}, at(30))
    assert paused.active[0]["paused"] is True and paused.active[0]["ends_at"] == d.iso(at(40))
    assert d.status(paused, at(30))[0]["paused"] is True and d.status(paused, at(30))[0]["minutes_left"] == 10
    assert paused.last_end == {}
    running = d.reconcile(d.set_paused(paused, ["a"], False, at(30)), {"a": at(40)}, at(31))
    assert "paused" not in running.active[0] and d.status(running, at(31))[0]["minutes_left"] == 9


# ---- a timer of ours the record missed (F7), and a chain taken back ----

LABELS = {"Ice pack": ("ice", "ice"), "Heat": ("heat", "heat"), "Rest (alternating, step 2)": ("alternating", "rest")}


def test_a_running_timer_with_one_of_our_labels_that_the_record_missed_is_adopted_and_counted():
    live = {"x": at(15), "p": dt.timedelta(minutes=6), "other": at(30)}
    labels = {"x": "Ice pack", "p": "Heat", "other": "Pasta"}
    record = d.adopt(d.Record(), live, labels, LABELS, T0)
    got = {a["id"]: a for a in record.active}
    assert set(got) == {"x", "p"}                              # a label we never set is left alone
    assert got["x"] == {"id": "x", "therapy": "ice", "phase": "ice", "ends_at": d.iso(at(15))}
    assert got["p"]["paused"] is True and got["p"]["ends_at"] == d.iso(at(6))
    assert d.count_today(record, "ice", T0) == 1 and d.count_today(record, "heat", T0) == 1
    assert d.blocking(record, "ice", T0)["therapy"] == "ice"
    again = d.adopt(record, live, labels, LABELS, at(1))        # known ids are not added twice
    assert len(again.active) == 2 and d.count_today(again, "ice", T0) == 1


def test_a_chain_taken_back_leaves_no_rest_gap_and_no_count():
    entries = [{"id": "a", "therapy": "alternating", "phase": "ice", "ends_at": d.iso(at(15))},
               {"id": "b", "therapy": "alternating", "phase": "rest", "ends_at": d.iso(at(35))}]
    record = d.record_started(d.Record(), entries, T0)
    assert d.count_today(record, "ice", T0) == 1
    back = d.forget(record, entries)
    assert back.active == [] and back.last_end == {}
    assert d.count_today(back, "ice", T0) == 0 and d.rest_left(back, "ice", ICE, at(1)) == 0
    assert d.count_today(d.forget(record, entries, counted=False), "ice", T0) == 1


# -- decisions on plain values: a request and the facts in, a plan out ----------------------------------------

def facts(state=None, record=None, granted=True, live=None, now=T0):
    snapshot = d.Snapshot(live or {}, {}, now) if granted else None
    return d.Facts(rules=C.therapy, state=state or d.Conversation(), record=d.Record.parse(record), granted=granted,
                   snapshot=snapshot)


def test_heat_asks_the_heat_check_first_and_carries_the_request():
    plan = d.run(d.Request("start", "heat", 12), facts(granted=False))
    assert plan.speech.keys() == [C.therapy["checks"]["heat"]["questions"][0]["prompt"]]
    assert plan.speech.end is False and plan.flow == "own" and not plan.create
    assert plan.state.awaiting == "check" and plan.state.pending == d.Request("start", "heat", 12)


def test_ice_with_the_permission_and_the_ice_check_answered_is_one_timer_and_the_full_care_line_once():
    plan = d.run(d.Request("start", "ice"), facts(state=d.Conversation(ice_check="clear")))
    assert [(t.therapy, t.phase, t.minutes) for t in plan.create] == [("ice", "ice", 15)]
    assert plan.speech.keys() == ["therapy.started.ice", "therapy.care.ice"] and plan.speech.end is True
    assert plan.create[0].announce.key == "therapy.announce.ice"
    assert plan.flow == "release"
    assert set(plan.state.told) == set(plan.told) == {"care.ice", "announce.ice"}
    stored = d.record_told(plan.record, plan.told)         # what the shell stores once the timer is set
    # Later in the same conversation (no store), or in a later one (the store remembers): the short lines.
    for said in ({"state": d.Conversation(ice_check="clear", told=plan.state.told)},
                 {"state": d.Conversation(ice_check="clear"), "record": stored.as_dict()}):
        again = d.run(d.Request("start", "ice"), facts(**said))
        assert again.speech.keys() == ["therapy.started.ice", "therapy.care.ice.short"]
        assert again.create[0].announce.key == "therapy.announce.ice.short"


def test_the_careful_heat_line_is_said_in_full_every_time():
    told = list(d.TOLD)
    plan = d.run(d.Request("start", "heat", 10, confirmed=True),
                 facts(state=d.Conversation(heat_check="caution", told=told), record=d.Record(told=told).as_dict()))
    assert plan.speech.keys() == ["therapy.started.heat_cautious", "therapy.care.heat_cautious"]


def test_what_was_said_once_survives_the_store_and_the_session():
    record = d.Record.parse({"active": [], "last_end": {}, "today": {}, "told": ["care.heat", "nonsense", 3]})
    assert record.told == ["care.heat"] and record.as_dict()["told"] == ["care.heat"]
    assert "told" not in d.Record().as_dict()
    state = d.Conversation.parse({"told": ["announce.ice", "x"]})
    assert state.told == ["announce.ice"] and d.Conversation.parse(state.as_dict()) == state


def test_without_the_permission_a_start_asks_for_it_and_the_token_is_the_request_and_the_checks():
    plan = d.run(d.Request("start", "ice", 10), facts(state=d.Conversation(ice_check="clear"), granted=False))
    assert plan.ask_permission == {"kind": "start", "therapy": "ice", "minutes": 10, "ice_check": "clear"}
    assert plan.speech.end is None
    assert plan.state.awaiting == "permission"


def test_a_permission_given_for_a_lost_request_asks_ice_or_heat_rather_than_guessing():
    plan = d.permission_result(facts(), None, accepted=True)
    assert plan.speech.keys() == ["therapy.ask_type"] and plan.state.awaiting == "type" and not plan.create


def test_session_state_from_an_older_version_or_tampered_is_dropped_not_obeyed():
    state = d.Conversation.parse({"awaiting": "short", "pending": {"kind": "launch_missiles"}, "check_index": -3,
                                  "heat_check": "sure"})
    assert state == d.Conversation()
    assert d.Request.parse({"kind": "start", "therapy": "ice", "minutes": float("nan")}).minutes is None


def test_the_last_heat_check_no_runs_the_request_with_the_check_cleared():
    questions = C.therapy["checks"]["heat"]["questions"]
    state = d.Conversation(awaiting="check", pending=d.Request("start", "heat"), check_index=len(questions) - 1)
    result = d.answer(facts(state=state), "no")
    assert isinstance(result, d.Run) and result.state.heat_check == "clear"
    plan = d.run(result.request, facts(state=result.state))
    assert [t.phase for t in plan.create] == ["heat"]


def test_ice_asks_its_one_check_first_and_a_yes_rules_ice_out_for_the_conversation():
    plan = d.run(d.Request("start", "ice"), facts())
    assert plan.speech.keys() == ["therapy.check.ice"] and plan.state.check == "ice" and not plan.create
    plan = d.answer(facts(state=plan.state), "unsure")                 # not sure: the careful reading
    # ... and what else there is, asked (explore4 F11: the session stays open, nothing of the flow waits)
    assert plan.speech.keys() == ["therapy.check.ice_skip", "therapy.instead.ice"] and plan.speech.end is False
    assert plan.state.awaiting is None and plan.flow == "release"
    again = d.run(d.Request("alternate"), facts(state=plan.state))
    assert again.speech.keys() == ["therapy.check.ice_skip", "therapy.instead.ice"] and not again.create


@pytest.mark.parametrize("question, offer", [("numb_skin", "therapy.instead.heat"),
                                             ("sedated", "therapy.instead.heat.ice_ok")])
def test_numb_skin_or_drowsiness_rules_heat_out_with_nothing_offered(question, offer):
    ids = [q["id"] for q in C.therapy["checks"]["heat"]["questions"]]
    state = d.Conversation(awaiting="check", check="heat", pending=d.Request("start", "heat"),
                           check_index=ids.index(question))
    plan = d.answer(facts(state=state), "yes")
    # no heat of any kind offered; what else there is asked, the session open: numb skin, stretches or the questions
    # (numb skin rules ice out too); drowsy, ice as well, with "don't doze off" (explore7 #12)
    assert plan.speech.keys() == ["therapy.check.heat_not_safe", offer] and plan.speech.end is False
    assert "therapy.check.heat_offer" not in plan.speech.keys() and plan.state.awaiting is None
    for request in (d.Request("start", "heat", 5), d.Request("alternate")):
        again = d.run(request, facts(state=d.Conversation(ice_check="clear", ruled_out=plan.state.ruled_out)))
        assert again.speech.keys() == ["therapy.check.heat_not_safe", "therapy.instead.heat"] and not again.create


def test_the_questions_that_rule_heat_out_come_before_the_ones_that_only_call_for_care():
    questions = C.therapy["checks"]["heat"]["questions"]
    ruling = [bool(q.get("if_yes")) for q in questions]
    assert ruling == sorted(ruling, reverse=True) and ruling[:2] == [True, True]


def test_the_chain_asks_the_ice_check_then_the_heat_check():
    plan = d.run(d.Request("alternate"), facts())
    assert plan.state.check == "ice"
    result = d.answer(facts(state=plan.state), "no")
    plan = d.run(result.request, facts(state=result.state))
    assert plan.state.check == "heat" and plan.speech.keys() == [C.therapy["checks"]["heat"]["questions"][0]["prompt"]]


def test_a_token_carries_the_checks_back_into_a_new_session():
    state = d.Conversation()
    state.take({"heat_check": "caution", "ice_check": "clear", "ruled_out": {"heat": "x", "mud": "y"}})
    assert (state.heat_check, state.ice_check, state.ruled_out) == ("caution", "clear", {"heat": "x"})


def test_a_check_index_past_the_end_asks_the_check_again_and_never_counts_as_answered():
    state = d.Conversation(awaiting="check", check="heat", pending=d.Request("start", "heat"), check_index=99)
    plan = d.answer(facts(state=state), "no")
    assert isinstance(plan, d.Plan) and plan.state.check_index == 0 and plan.state.heat_check is None
    assert plan.speech.keys() == [C.therapy["checks"]["heat"]["questions"][0]["prompt"]] and not plan.create


def test_an_offer_without_its_length_is_not_an_open_question():
    state = d.Conversation.parse({"awaiting": "rest_offer", "pending": {"kind": "skin_rest", "therapy": "ice"}})
    assert state.awaiting is None


def test_stopping_the_ice_early_keeps_whole_minute_phases_when_the_timers_were_set_a_moment_apart():
    chain = [{"id": str(i), "therapy": "alternating", "phase": p, "ends_at": d.iso(at(m) + dt.timedelta(seconds=i))}
             for i, (p, m) in enumerate([("ice", 15), ("rest", 35), ("heat", 50)])]
    plan = d.stop_plan(d.record_started(d.Record(), chain, T0), "ice", at(5))
    assert plan["rest_seconds"] == 20 * 60 and [c["seconds"] for c in plan["create"]] == [20 * 60, 35 * 60]


@pytest.mark.parametrize("on_now, named, key", [
    (None, "heat", "therapy.asleep.heat"), (None, "ice", "therapy.asleep.ice"), (None, None, "therapy.asleep.either")])
def test_going_to_sleep_with_a_pack_is_one_line_that_says_take_it_off_and_sets_nothing(on_now, named, key):
    pending = d.Conversation(awaiting="check", check="heat", pending=d.Request("start", "heat"))
    plan = d.asleep(facts(state=pending), on_now, named)
    assert plan.speech.keys() == [key] and plan.speech.end is True
    assert not (plan.create or plan.delete or plan.pause or plan.resume)       # nothing set
    assert plan.state.awaiting is None and plan.flow == "release"             # no heat started after it either


@pytest.mark.parametrize("on_now, named, key", [
    ("heat", None, "therapy.asleep.now.heat"), ("heat", "ice", "therapy.asleep.now.heat"),   # what is on wins
    ("ice", "heat", "therapy.asleep.now.ice")])
def test_drowsy_with_a_pack_on_says_take_it_off_now_and_offers_to_cancel_its_timer(on_now, named, key):
    plan = d.asleep(facts(), on_now, named)
    assert plan.speech.keys() == [key, d.STOP_OFFER_LINE] and plan.speech.end is False     # explore6 #5
    assert not (plan.create or plan.delete)                                   # nothing changes before the answer
    assert plan.state.awaiting == d.STOP_OFFER and plan.state.pending == d.Request("stop", on_now)
    kept = d.answer(facts(state=plan.state), "no")
    assert kept.speech.keys() == ["therapy.asleep.kept"] and kept.speech.end is True and not kept.delete
    assert isinstance(d.answer(facts(state=plan.state), "yes"), d.Run)        # yes: the stop is carried out


def test_a_therapy_declined_drops_its_question_and_offers_what_else_there_is():
    asked = d.Conversation(awaiting="check", check="ice", pending=d.Request("start", "ice"))
    plan = d.declined(facts(state=asked), "ice")
    assert plan.speech.keys() == ["therapy.declined.ice", "therapy.instead.ice"] and plan.speech.end is False
    assert plan.state.awaiting is None and plan.flow == "release" and not plan.create
    assert d.declined(facts(), "heat").speech.keys() == ["therapy.declined.heat", d.DECLINED_OFFER]
    ruled = d.Conversation(ruled_out={"heat": "therapy.check.heat_not_safe"})     # "so no heat" after the check
    assert d.declined(facts(state=ruled), "heat").speech.keys() == ["therapy.declined.heat", "therapy.instead.heat"]
    assert d.declined(facts(state=ruled), "ice").speech.keys() == ["therapy.declined.ice", "therapy.instead.heat"]


def test_deleting_data_keeps_only_what_the_skins_rest_needs():
    rules = C.therapy
    record = d.Record(active=[], last_end={"ice": d.iso(T0 - dt.timedelta(minutes=1)),
                                           "heat": d.iso(T0 - dt.timedelta(hours=3))},
                      today={"date": T0.date().isoformat(), "ice": 2}, told=["care.ice"])
    kept = d.kept_for_the_skin(record, rules, T0)
    assert kept == {"active": [], "last_end": {"ice": record.last_end["ice"]}, "today": record.today}
    assert d.rest_left(d.Record.parse(kept), "ice", rules["therapies"]["ice"], T0) == 59       # still refused
    stale = d.Record(last_end={"ice": d.iso(T0 - dt.timedelta(hours=3))}, today={"date": "2000-01-01", "ice": 1})
    assert d.kept_for_the_skin(stale, rules, T0) is None


def test_a_length_said_at_a_check_question_keeps_the_therapy_and_asks_the_question_again():
    state = d.Conversation(awaiting="check", check="heat", check_index=2, pending=d.Request("start", "heat"))
    plan = d.start(facts(state=state), None, 25)
    question = C.therapy["checks"]["heat"]["questions"][2]["prompt"]
    assert plan.speech.keys() == ["therapy.check.length_kept", question] and plan.speech.end is False
    assert plan.state.pending == d.Request("start", "heat", 25) and plan.state.check_index == 2


def test_a_length_far_too_long_is_capped_without_being_said_back():
    plan = d.run(d.Request("start", "ice", 7 * 24 * 60), facts(state=d.Conversation(ice_check="clear")))
    assert plan.speech.keys()[0] == "therapy.capped.long" and plan.create[0].minutes == 20
    plan = d.run(d.Request("start", "ice", 25), facts(state=d.Conversation(ice_check="clear")))
    assert plan.speech.keys()[0] == "therapy.capped"


@pytest.mark.parametrize("therapy", ["ice", "heat"])
def test_a_question_about_one_answers_and_offers_a_timer_that_only_a_yes_starts(therapy):
    plan = d.about(facts(), therapy)                                          # explore7 #6
    assert plan.speech.keys() == [f"therapy.about.{therapy}"] and plan.speech.end is False and not plan.create
    assert plan.state.awaiting == d.OFFER and plan.state.pending == d.Request("start", therapy)
    assert d.answer(facts(state=plan.state), "yes") == d.Run(plan.state, d.Request("start", therapy))
    declined = d.answer(facts(state=plan.state), "no")
    assert declined.speech.keys() == ["therapy.offer_declined"] and declined.speech.end is True
    assert not (declined.create or declined.delete)


def test_both_declined_offers_neither_again():
    first = d.declined(facts(), "ice")                                        # explore7 #4: "no ice thanks"
    assert first.speech.keys() == ["therapy.declined.ice", "therapy.instead.ice"] and first.state.declined == ["ice"]
    both = d.declined(facts(state=d.Conversation.parse(first.state.as_dict())), "heat")    # "nothing hot please"
    assert both.speech.keys() == ["therapy.declined.heat", "therapy.instead.heat"] and both.speech.end is False


@pytest.mark.parametrize("therapy", ["ice", "heat"])
def test_a_question_about_the_one_on_the_skin_offers_nothing(therapy):
    plan = d.about(facts(), therapy, on_now=therapy)
    assert plan.speech.keys() == [f"therapy.about.{therapy}.running"] and plan.state.awaiting is None
    assert not (plan.create or plan.delete)
