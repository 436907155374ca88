"""The screening engine (skill/domain/screening.py) on its typed State: order, answers, clarifying, escalation."""

from __future__ import annotations

import re

import pytest

import content
from skill.domain import screening as engine

C = content.get()
ORDER = ([q["id"] for q in C.screening["questions"] if q["tier"] == 1]
         + [x["id"] for x in C.screening["exclusions"]]
         + [q["id"] for t in (2, 3) for q in C.screening["questions"] if q["tier"] == t])
N_TIER_1 = sum(1 for q in C.screening["questions"] if q["tier"] == 1)


def to(state, step, wanted):
    """Answer no until WANTED is asked."""
    while asked_id(step) != wanted:
        step = engine.answer(C, state, "no")
    return step


def asked_id(step):
    return step.ask.split(".", 2)[2] if step.ask else None


def test_items_are_red_flags_first_then_the_exclusions_then_tier_2_3():
    assert [i["id"] for i in engine.items(C)] == ORDER
    assert ORDER[N_TIER_1:N_TIER_1 + 3] == ["under_16", "pregnant", "recent_spine_procedure"]
    assert ORDER[0] == "saddle_numbness"


def test_begin_asks_the_first_red_flag_after_the_intro_and_says_how_many():
    state, step = engine.begin(C)
    assert step.keys() == ["screening.intro", "screening.question.saddle_numbness"]
    assert step.speech.ops[0][2] == {"urgent": N_TIER_1, "more": engine.count(C) - N_TIER_1}
    assert engine.count(C) == len(ORDER) - 2       # the total said: urgent + more
    assert step.outcome is None and not step.end and state.answers == {}


def test_tier_1_unsure_is_clarified_once_then_counts_as_yes():
    state, _ = engine.begin(C)
    first = engine.answer(C, state, "unsure")
    assert first.keys() == ["screening.clarify.unsure", "screening.question.saddle_numbness"]
    second = engine.answer(C, state, "unsure")
    assert second.outcome == "screening.outcome.emergency.ces" and second.tier == 1 and second.end


def test_a_tier_1_question_not_answered_clearly_after_one_reask_counts_as_yes_and_says_why():
    """tiers.1.unsure_counts_as_yes: explained and asked once more; the second unclear answer is a yes."""
    state, _ = engine.begin(C)
    step = engine.answer(C, state, "unclear")
    assert step.keys() == ["screening.unclear", "screening.explain.saddle_numbness"]
    assert step.ask == "screening.question.saddle_numbness" and step.tier is None and not step.end
    assert "saddle_numbness" not in state.answers
    second = engine.answer(C, state, "unclear")
    assert second.keys() == ["screening.unclear.counts_as_yes", "screening.outcome.emergency.ces"]
    assert second.tier == 1 and second.end
    state, _ = engine.begin(C)                  # an answer in between starts the count again
    for said in ("unclear", "no", "unclear"):
        step = engine.answer(C, state, said)
    assert not step.end and asked_id(step) == "bladder_change"


def test_not_understood_at_an_exclusion_or_later_is_explained_then_the_safety_net_on_the_third():
    state, step = engine.begin(C)
    to(state, step, "under_16")
    for _ in range(2):
        step = engine.answer(C, state, "unclear")
        assert step.keys() == ["screening.unclear", "screening.explain.under_16"]
    third = engine.answer(C, state, "unclear")
    assert third.keys() == ["screening.ended.unclear"] and third.end
    assert third.tier is None and third.outcome is None


def test_unclear_then_not_sure_clarifies_and_a_later_no_is_taken():
    state, _ = engine.begin(C, "one_leg_symptoms")          # the tier-1 questions first
    engine.answer(C, state, "unclear")
    engine.answer(C, state, "unsure")
    step = engine.answer(C, state, "no")
    assert state.answers["saddle_numbness"] == "no" and asked_id(step) == "bladder_change"


def test_not_sure_to_the_age_question_never_ends_the_screening():
    """F4: unclear or unsure answers about age are asked again; a guess never gives the under-16 ending."""
    state, step = engine.begin(C)
    to(state, step, "under_16")
    for said in ("unclear", "unclear"):
        assert asked_id(engine.answer(C, state, said)) == "under_16"
    first = engine.answer(C, state, "unsure")
    assert first.keys() == ["screening.clarify.unsure.exclusion", "screening.exclusion.under_16"]
    second = engine.answer(C, state, "unsure")
    assert second.outcome is None and asked_id(second) == "pregnant"
    state, step = engine.begin(C)               # not sure whether pregnant: the safer reading (yes), continue
    to(state, step, "under_16")
    engine.answer(C, state, "no")
    engine.answer(C, state, "unsure")
    step = engine.answer(C, state, "unsure")
    assert state.answers["pregnant"] == "yes" and "screening.outcome.pregnant" in step.keys()


def test_every_question_has_a_plain_explanation():
    for item in engine.items(C):
        assert engine.explanation(C, item["id"], item["prompt"]) == f"screening.explain.{item['id']}"


def test_tier_2_unclear_reasks_without_counting():
    state, _ = engine.begin(C)
    while asked_id(engine.answer(C, state, "no")) != "fever":
        pass
    step = engine.answer(C, state, "unclear")
    assert asked_id(step) == "fever" and "fever" not in state.answers
    assert engine.answer(C, state, "unsure").outcome is None and state.answers["fever"] == "unsure"


def test_optional_question_can_be_skipped_but_others_cannot():
    state, step = engine.begin(C)
    step = engine.answer(C, state, "skip")       # saddle_numbness is not optional: why, and the question again
    assert step.keys()[0] == "screening.skip.required" and asked_id(step) == "saddle_numbness"
    assert state.unclear == {"saddle_numbness": 1}      # it counts like an answer not understood
    step = to(state, step, "sexual_function")
    step = engine.answer(C, state, "skip")
    assert asked_id(step) == "under_16" and state.answers["sexual_function"] == "skipped"


@pytest.mark.parametrize("declined", ["skip", "declined"])
def test_a_red_flag_question_declined_twice_is_left_with_the_number_never_an_emergency(declined):
    """Explore7 #13: declining is no doubt said: why, then left with the number; the outcome is advice today."""
    state, step = engine.begin(C)
    step = engine.answer(C, state, declined)
    assert step.keys()[0] == "screening.skip.required" and asked_id(step) == "saddle_numbness"
    step = engine.answer(C, state, declined)
    assert step.tier is None and step.keys()[0] == "screening.decline.left" and asked_id(step) == "bladder_change"
    assert state.answers["saddle_numbness"] == "declined"
    while step.outcome is None:
        step = engine.answer(C, state, "no")
    assert (step.tier, step.outcome) == (2, "screening.outcome.declined")
    assert engine.tier1_noes(C, state.answers) == set(ORDER[1:N_TIER_1])    # a decline is never kept as a no


def test_a_declined_question_before_stretches_keeps_them_off():
    state, step = engine.gate(C)
    engine.answer(C, state, "declined")
    step = engine.answer(C, state, "declined")
    while step.outcome is None and not step.gate_clear:
        step = engine.answer(C, state, "no")
    assert not step.gate_clear and step.tier == 2


def test_one_urgent_question_left_is_said_in_the_singular():
    """Review6 #16, explore7 #17: never "1 quick questions"."""
    state = engine.new_state()
    state.answers = {qid: "no" for qid in ORDER[:N_TIER_1] if qid != "leg_weakness"}
    assert engine._intro(C, state, engine.INTRO_SYMPTOM)[0] == "screening.intro.symptom.one"
    state.answers["leg_weakness"] = "no"
    assert engine._intro(C, state, engine.INTRO_UNPLACED)[0] == "screening.intro.unplaced.none"


@pytest.mark.parametrize("symptom", [q["id"] for q in C.screening["questions"] if q["tier"] == 1])
def test_a_tier_1_symptom_said_first_is_the_emergency_at_once(symptom):
    state, step = engine.begin(C, symptom)
    assert step.tier == 1 and step.end and step.base == "screening.outcome.emergency"
    assert step.keys() == [step.outcome]


def test_another_symptom_said_first_is_recorded_and_skipped():
    state, step = engine.begin(C, "fever")
    assert step.keys()[0] == "screening.intro.symptom" and state.answers == {"fever": "yes"}
    asked = []
    while step.ask:
        asked.append(asked_id(step))
        step = engine.answer(C, state, "no")
    assert "fever" not in asked and step.outcome == "screening.outcome.today"


def test_a_symptom_said_mid_screening_is_noted_and_the_question_asked_again():
    state, step = engine.begin(C)
    to(state, step, "under_16")
    engine.answer(C, state, "no")
    step = engine.report(C, state, "recurring")
    assert step.keys() == ["screening.noted", "screening.exclusion.pregnant"]
    assert engine.report(C, state, "stroke_signs").tier == 1


def test_a_fact_said_out_of_turn_is_kept_and_changes_the_outcome():
    """"I had breast cancer" at the weight-loss question: recorded, nothing restarts, advice today."""
    state, step = engine.begin(C)
    to(state, step, "weight_loss")
    step = engine.report(C, state, "cancer_history")
    assert asked_id(step) == "weight_loss" and state.answers["cancer_history"] == "yes"
    asked, last = walk(state, step)
    assert "cancer_history" not in asked and not set(ORDER[:N_TIER_1]) & set(asked)
    assert last.tier == 2


def test_cant_walk_asks_pain_or_weak_and_follows_the_answer():
    state, step = engine.begin(C, "cant_walk")
    assert step.ask == "screening.clarify.cant_walk"
    assert engine.answer(C, state, "numb").outcome == "screening.outcome.emergency.ces"
    state, _ = engine.begin(C, "cant_walk")
    step = engine.answer(C, state, "pain")
    # a symptom started it: the urgent (tier-1) questions come first, then the exclusions
    assert asked_id(step) == "saddle_numbness" and state.answers["cant_walk"] == "yes"
    state, _ = engine.begin(C, "cant_walk")
    assert engine.answer(C, state, "yes").ask == "screening.clarify.cant_walk"   # unclear: asked again
    assert engine.answer(C, state, "no").ask == "screening.clarify.cant_walk"    # still not an answer
    assert engine.answer(C, state, "unsure").ask == "screening.clarify.cant_walk"  # not sure: clarified
    assert engine.answer(C, state, "unsure").tier == 1                            # then the tier-1 rule
    state, _ = engine.begin(C, "cant_walk")
    for _ in range(2):
        assert engine.answer(C, state, "unclear").keys()[1] == "screening.explain.cant_walk"
    assert engine.answer(C, state, "unclear").keys()[0] == "screening.ended.unclear"


@pytest.mark.parametrize("answers, expected", [
    ({}, (4, "screening.outcome.self_care")),
    ({"recurring": "yes"}, (3, "screening.outcome.days")),
    ({"recurring": "yes", "back_lump": "yes"}, (2, "screening.outcome.today")),
    ({"fever": "yes", "immune_risk": "yes"}, (2, "screening.outcome.ed_today")),
    ({"fever": "yes", "weight_loss": "yes"}, (2, "screening.outcome.today_not_tomorrow")),
    ({"recent_spine_procedure": "yes"}, (2, "screening.outcome.recent_procedure")),
    ({"recent_spine_procedure": "yes", "fever": "yes"}, (2, "screening.outcome.ed_today.procedure")),
    ({"fragility_risk": "yes"}, (4, "screening.outcome.self_care")),
    ({"fragility_risk": "yes", "fragility_fracture": "yes"}, (2, "screening.outcome.today")),
    ({"over_50": "yes"}, (4, "screening.outcome.self_care")),
    ({"fever": "unsure"}, (3, "screening.outcome.days")),
    ({"cancer_history": "yes", "one_leg_symptoms": "yes"}, (1, "screening.outcome.emergency.cancer_leg")),
    ({"cancer_history": "yes", "cant_walk": "yes"}, (1, "screening.outcome.emergency.cancer_leg")),
    ({"cancer_history": "unsure", "one_leg_symptoms": "yes"}, (3, "screening.outcome.days")),
    ({"weight_loss": "unsure", "pregnant": "yes"}, (3, "screening.outcome.days")),
])
def test_decide_applies_the_escalation_rules(answers, expected):
    assert engine.decide(C, answers) == expected


def test_under_16_ends_with_its_own_line_after_the_red_flags():
    state, step = engine.begin(C)
    step = to(state, step, "under_16")
    assert set(ORDER[:N_TIER_1]) - {"sexual_function"} <= set(state.answers)
    step = engine.answer(C, state, "yes")
    assert step.outcome == "screening.outcome.under_16" and step.end and step.tier is None


TIER_1 = [q["id"] for q in C.screening["questions"] if q["tier"] == 1]
EXCLUSIONS = [x["id"] for x in C.screening["exclusions"]]


def walk(state, step, answer="no"):
    """Answer every question with ANSWER; the ids asked, and the last step."""
    asked = []
    while step.ask:
        asked.append(asked_id(step))
        step = engine.answer(C, state, answer)
    return asked, step


def test_a_symptom_said_first_puts_every_tier_1_question_before_the_exclusions():
    state, step = engine.begin(C, "one_leg_symptoms")
    asked, last = walk(state, step)
    assert asked[:len(TIER_1)] == TIER_1 and asked[len(TIER_1):len(TIER_1) + 3] == EXCLUSIONS
    assert "one_leg_symptoms" not in asked and len(asked) == len(set(asked))
    assert last.outcome == "screening.outcome.days"


def test_a_symptom_the_skill_cannot_place_starts_at_the_tier_1_questions():
    state, step = engine.begin(C, None, unplaced=True)
    assert step.keys() == ["screening.intro.unplaced", "screening.question.saddle_numbness"]
    assert state.answers == {} and not step.end
    asked, last = walk(state, step)
    assert asked[:len(TIER_1)] == TIER_1 and set(EXCLUSIONS) <= set(asked)
    assert last.outcome == "screening.outcome.self_care"


def test_an_unplaced_symptom_mid_screening_restarts_nothing():
    state, step = engine.begin(C)
    step = to(state, step, "fever")
    step = engine.report_unplaced(C, state)
    assert step.keys() == ["screening.noted.unplaced", "screening.question.fever"]
    asked, _ = walk(state, step)
    assert asked[0] == "fever" and not set(TIER_1) & set(asked) and not set(EXCLUSIONS) & set(asked)
    state, step = engine.begin(C)            # at a tier-1 question: an unclear answer, the second one a yes
    to(state, step, "bowel_change")
    assert engine.report_unplaced(C, state).ask == "screening.question.bowel_change"
    assert engine.report_unplaced(C, state).tier == 1


def test_exclusion_answers_given_earlier_are_not_asked_again():
    state, step = engine.begin(C, known={"pregnant": "no", "recent_spine_procedure": "no", "junk": "maybe"})
    asked, _ = walk(state, step)
    assert asked[N_TIER_1] == "under_16" and "pregnant" not in asked and "recent_spine_procedure" not in asked
    assert engine.shared_exclusions(C, state) == {"under_16": "no", "pregnant": "no",
                                                  "recent_spine_procedure": "no"}
    state, step = engine.begin(C, known={"recent_spine_procedure": "yes"})
    _, last = walk(state, step)
    assert last.outcome == "screening.outcome.recent_procedure" and last.tier == 2


@pytest.mark.parametrize("locale, number", [("en-GB", "nine nine nine in the UK, or one one two in Ireland"),
                                            ("en-AU", "triple zero"), ("en-US", "nine one one")])
def test_the_under_16_line_reads_well_with_two_country_numbers(locale, number):
    """F28: the number comes last, after a colon, so "... in Ireland at once" cannot happen."""
    from skill.render import render_text
    said = render_text(C, locale, "screening.outcome.under_16")
    assert number in said and said.rstrip().endswith(".") and "at once" not in said
    assert re.search(r"straight away: [^.]*\.$", said)


def test_the_stretch_gate_asks_the_tier_1_questions_only_then_clears():
    state, step = engine.gate(C, then={"routine_id": "lying_down"})
    assert step.keys() == ["screening.gate.intro", "screening.question.saddle_numbness"]
    asked, last = walk(state, step)
    assert asked == TIER_1 and last.gate_clear and last.outcome is None
    assert last.keys() == ["screening.gate.clear"] and state.then == {"routine_id": "lying_down"}
    state, step = engine.gate(C)
    assert engine.answer(C, state, "yes").tier == 1


def test_the_stretch_gate_follows_the_rescreen_rules():
    import datetime as dt
    today = dt.date(2026, 12, 1)
    day = dt.timedelta(days=1)
    assert engine.needs_gate(C, first_seen=None, screened_on=None, today=today)              # first use
    assert engine.needs_gate(C, first_seen=today, screened_on=None, today=today)
    assert not engine.needs_gate(C, first_seen=today, screened_on=today, today=today)        # asked today
    assert engine.needs_gate(C, first_seen=today - 3 * day, screened_on=today - day, today=today)   # every day
    assert not engine.needs_gate(C, first_seen=today - 50 * day, screened_on=None, today=today)    # > 6 weeks


def _answered_no_until(question: str):
    state, step = engine.begin(C)
    while asked_id(step) != question:
        step = engine.answer(C, state, "no")
    return state, step


@pytest.mark.parametrize("said_next", ["symptom", "cant_walk_from_pain"])
def test_cancer_then_a_leg_symptom_said_in_words_is_the_emergency_advice_at_once(said_next):
    """Review 3: the cancer-and-leg rule holds however the leg symptom was recorded (said as a symptom, or "I can't
    walk ... it's the pain"), not only as an answer to its own question."""
    state, _ = _answered_no_until("cancer_history")
    step = engine.answer(C, state, "yes")
    assert step.outcome is None
    if said_next == "symptom":
        step = engine.report(C, state, "one_leg_symptoms")
    else:
        engine.report(C, state, engine.CANT_WALK)
        step = engine.answer(C, state, "pain")
    assert step.outcome == "screening.outcome.emergency.cancer_leg" and step.tier == 1 and step.end


def test_answers_that_earn_the_emergency_advice_are_never_ended_as_not_understood():
    state, _ = _answered_no_until("cancer_history")
    engine.answer(C, state, "yes")
    state.answers["one_leg_symptoms"] = "yes"          # recorded earlier, e.g. by an older state
    assert engine.emergency_earned(C, state.answers).outcome == "screening.outcome.emergency.cancer_leg"
    step = None
    for _ in range(engine.MAX_UNCLEAR):
        step = engine.answer(C, state, "unclear")
    assert step.tier == 1 and step.end


KEPT_NOW = __import__("datetime").datetime(2026, 12, 2, 15, 10, tzinfo=__import__("datetime").timezone.utc)
KEPT_ALL_NO = {q["id"]: "2026-12-02T15:05:00+00:00" for q in C.screening["questions"] if q["tier"] == 1}


@pytest.mark.parametrize("flag,concepts,asked_again,kept", [
    # new pain in both legs: the legs question again, the saddle, bladder and bowel questions stand (explore6 #15)
    ("leg_weakness", ("legs_both", "pain", "chest_change"), {"leg_weakness"},
     {"saddle_numbness", "bladder_change", "bowel_change"}),
    # numbness in one leg, placed: the legs (and stroke: droop) questions again, the saddle question stands
    ("one_leg_symptoms", ("leg_one", "numb", "droop", "body_change"), {"leg_weakness", "stroke_signs"},
     {"saddle_numbness", "major_trauma"}),
    # words about the bottom: the saddle and sexual-function questions again
    ("one_leg_symptoms", ("leg_one", "saddle"), {"saddle_numbness", "sexual_function", "leg_weakness"},
     {"bladder_change", "major_trauma"}),
    # a fall said: the serious-accident question again
    ("fragility_fracture", ("fall",), {"major_trauma"}, {"saddle_numbness", "chest_or_tummy_pain"}),
    # review6 #7: numbness, tingling or weakness with no place said: nothing stands, even with a flag
    ("one_leg_symptoms", ("numb",), set(KEPT_ALL_NO), set()),
    ("one_leg_symptoms", ("numb", "body_change", "droop"), set(KEPT_ALL_NO), set()),
    ("leg_weakness", ("weak", "arm_weak", "body_change"), set(KEPT_ALL_NO), set()),
    ("saddle_numbness", ("odd",), set(KEPT_ALL_NO), set()),
    # an accident / toilet words: the bladder and bowel questions again
    ("major_trauma", ("accident", "bladder_change"), set(KEPT_ALL_NO), set()),
    ("major_trauma", ("accident", "vehicle", "crash"), {"bladder_change", "bowel_change", "major_trauma"}, set()),
    ("bowel_change", ("soiled_self",), {"bladder_change", "bowel_change"}, {"chest_or_tummy_pain"}),
    ("bladder_change", ("wet_self", "in_clothes"), {"bladder_change", "bowel_change"}, {"major_trauma"}),
    ("bladder_change", ("at_toilet", "void_fail"), {"bladder_change", "bowel_change"}, {"stroke_signs"}),
    # dizzy, faint, speech, face words: the stroke and chest questions again
    ("chest_or_tummy_pain", ("dizzy",), {"stroke_signs", "chest_or_tummy_pain"}, {"saddle_numbness"}),
    ("chest_or_tummy_pain", ("faint",), {"stroke_signs", "chest_or_tummy_pain"}, {"bladder_change"}),
    ("stroke_signs", ("speech",), {"stroke_signs"}, set()),
    ("stroke_signs", ("face", "droop"), {"stroke_signs"}, set()),
    # words the skill cannot place, or a concept the rule does not know: nothing stands (when in doubt, ask)
    (None, ("numb",), set(KEPT_ALL_NO), set()),
    ("leg_weakness", ("legs_both", "a_new_concept"), set(KEPT_ALL_NO), set()),
    ("leg_weakness", (), set(KEPT_ALL_NO), set()),
])
def test_a_new_symptom_keeps_only_the_recent_noes_it_cannot_change(flag, concepts, asked_again, kept):
    still = engine.kept_no(C, KEPT_ALL_NO, KEPT_NOW, flag=flag, concepts=concepts)
    assert set(still) & asked_again == set()
    assert kept <= set(still)


def test_noes_older_than_the_window_or_not_plain_are_not_kept():
    late = KEPT_NOW + __import__("datetime").timedelta(minutes=engine.RECENT_NO_MINUTES + 1)
    assert engine.kept_no(C, KEPT_ALL_NO, late, flag="one_leg_symptoms", concepts=("leg_one",)) == {}
    assert engine.tier1_noes(C, {"saddle_numbness": "unsure", "bladder_change": "no", "fever": "no"}) == {"bladder_change"}


def test_every_symptom_concept_is_known_to_the_kept_no_rule():
    """A new concept in symptoms.yaml must say which red-flag questions it reopens (or none): unknown keeps nothing."""
    import yaml
    from pathlib import Path
    concepts = yaml.safe_load((Path(__file__).parents[1] / "content/data/symptoms.yaml").read_text())["concepts"]
    assert set(concepts) <= engine._known_concepts()


@pytest.mark.parametrize("words", ["I feel numb", "I've had a bit of an accident", "I feel a bit dizzy",
                                   "tingling", "I feel weak", "I feel odd", "I feel faint", "my speech is slurred",
                                   "I've had an accident in the toilet", "I've gone all numb", "pins and needles",
                                   "my face feels funny", "I wet myself", "I had a little accident"])
def test_the_saddle_bladder_or_stroke_no_is_asked_again_for_words_that_touch_it(words):
    """Review6 #7: read through the words (as the handler does), never the slot id."""
    from skill.domain.symptoms import read_symptom
    reading = read_symptom(words, "en-GB")
    still = engine.kept_no(C, KEPT_ALL_NO, KEPT_NOW, flag=reading.flag, concepts=reading.concepts)
    touched = {"saddle_numbness", "bladder_change", "bowel_change", "leg_weakness", "stroke_signs",
               "sexual_function"}
    if set(reading.concepts) & {"dizzy", "faint", "speech", "face"}:
        touched = {"stroke_signs", "chest_or_tummy_pain"}
    if set(reading.concepts) & {"accident", "wet_self", "at_toilet", "in_clothes"}:
        touched = {"bladder_change", "bowel_change"}
    assert not set(still) & touched, (words, reading.flag, reading.concepts, still)


def test_ice_or_heat_may_come_first_only_once_the_red_flag_questions_and_exclusions_are_answered_no():
    """Explore7 #7: from the first tier-2 question on (every tier-1 question and exclusion answered, none a yes),
    the progress line says ice or heat can come first; before it, urgent_clear is false at every question."""
    state, step = engine.begin(C, None, unplaced=True)
    while asked_id(step) != "fever":
        assert not engine.urgent_clear(C, state), asked_id(step)
        step = engine.answer(C, state, "no")
    assert engine.urgent_clear(C, state)
    assert step.keys() == ["screening.progress.tier2.open", "screening.question.fever"]
    assert engine.left_to_ask(C, state) == engine.intro_counts(C)["more"] - len(EXCLUSIONS)


def test_the_stretches_gate_never_lets_ice_or_heat_jump_its_questions():
    state, step = engine.gate(C)
    while step.ask:
        assert not engine.urgent_clear(C, state)
        step = engine.answer(C, state, "no")


@pytest.mark.parametrize("words, later", [
    ("rest later", True), ("heat now and finish these after", True), ("the others tomorrow", True),
    ("can we finish these later please", True), ("later", False), ("I had an accident later", False),
    ("my legs went numb after", False), ("it started after lifting", False), ("the pain continues after", False)])
def test_asking_to_leave_the_questions_for_later_is_read_only_from_words_about_them(words, later):
    from skill.domain import answers
    assert answers.asks_later(words) is later
