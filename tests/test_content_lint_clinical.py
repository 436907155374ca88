"""Clinical content: fixed ids, sources, emergency numbers and the safety invariants."""
from __future__ import annotations

import re

import pytest

import content
from skill.render import render_text

C = content.get()
LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]
EXERCISES = {"position_of_ease", "belly_breathing", "pelvic_tilt", "knee_rolls", "knee_to_chest", "bridge",
             "cat_cow", "bottom_to_heels"}
TIER_1 = {"saddle_numbness", "bladder_change", "bowel_change", "leg_weakness", "major_trauma",
          "chest_or_tummy_pain", "stroke_signs", "sexual_function"}
TIER_2 = {"fever", "cancer_history", "immune_risk", "fragility_risk", "fragility_fracture", "weight_loss", "night_pain", "back_lump",
          "upper_back_pain", "urinary_symptoms", "severe_pain"}
TIER_3 = {"one_leg_symptoms", "not_improving", "over_50", "first_time_over_50", "affecting_life", "recurring"}
FRAME_KEYS = ["frame.welcome.first", "frame.welcome.returning", "frame.help", "frame.goodbye", "frame.fallback",
              "frame.home", "frame.unknown_request", "frame.error", "frame.store_unavailable",
              "frame.forget.confirm", "frame.forget.done", "frame.forget.kept"]
NEEDS_REPROMPT = ["frame.welcome.first", "frame.welcome.returning", "frame.help", "frame.fallback", "frame.home",
                  "frame.forget.confirm"]
EMERGENCY_NUMBERS = {"en-US": ["911"], "en-GB": ["999", "112"], "en-CA": ["911"], "en-AU": ["000", "111"],
                     "en-IN": ["112", "108"]}


class Each:
    """A random source whose choice() returns variation number INDEX (to render every variation)."""

    def __init__(self, index):
        self.index = index

    def choice(self, seq):
        return seq[min(self.index, len(seq) - 1)]


SAMPLE = {"side": "left", "items": "ice, heat, and stretches"}


def sample_params(key, locale=None):
    return {name: SAMPLE.get(name, "sample") for name in C.entry(key, locale).get("params", [])}


def variations(key, locale, part="speech"):
    entry = C.entry(key, locale)
    count = len(entry["speech"]) if isinstance(entry.get("speech"), list) else 1
    return [render_text(C, locale, key, sample_params(key, locale), Each(i), part) for i in range(count)]


def test_fixed_ids():
    assert set(C.therapy["therapies"]) == {"ice", "heat"}
    assert set(C.exercises["exercises"]) == EXERCISES
    assert set(C.routines["routines"]) == {"lying_down", "breathing", "floor"}
    assert C.default_routine_id() == "lying_down"
    assert {q["id"] for q in C.screening["questions"] if q["tier"] == 1} == TIER_1
    assert {q["id"] for q in C.screening["questions"] if q["tier"] == 2} == TIER_2
    assert {q["id"] for q in C.screening["questions"] if q["tier"] == 3} == TIER_3
    assert set(C.screening["special"]) == {"cant_walk"}
    assert [x["id"] for x in C.screening["exclusions"]] == ["under_16", "pregnant", "recent_spine_procedure"]


def test_routines_match_their_stage():
    stages = {eid: e["stage"] for eid, e in C.exercises["exercises"].items()}
    assert C.routine("breathing")["exercises"] == ["position_of_ease", "belly_breathing"]
    assert max(stages[e] for e in C.routine("lying_down")["exercises"]) <= 1
    assert {"cat_cow", "bottom_to_heels"} <= set(C.routine("floor")["exercises"])


def _clinical_items():
    yield "therapy.ice", C.therapy["therapies"]["ice"]
    yield "therapy.heat", C.therapy["therapies"]["heat"]
    yield "therapy.alternating", C.therapy["alternating"]
    yield "therapy.evidence", C.therapy["evidence"]
    for tid, block in C.therapy["checks"].items():
        for q in block["questions"]:
            yield f"therapy.checks.{tid}.{q['id']}", q
    for eid, ex in C.exercises["exercises"].items():
        yield f"exercise.{eid}", ex
    for cid, caution in C.exercises["cautions"].items():
        yield f"caution.{cid}", caution
    for rid, routine in C.routines["routines"].items():
        yield f"routine.{rid}", routine
    yield "routine.stop_rules", C.routines["stop_rules"]
    yield "routine.blocked_by", C.routines["blocked_by"]
    for tier, block in C.screening["tiers"].items():
        yield f"screening.tier.{tier}", block
    yield "screening.rescreen", C.screening["rescreen"]
    yield "screening.cant_walk", C.screening["special"]["cant_walk"]
    for q in C.screening["questions"]:
        yield f"screening.{q['id']}", q
        if q.get("emergency_signs"):
            yield f"screening.{q['id']}.emergency_signs", q["emergency_signs"]
    for x in C.screening["exclusions"]:
        yield f"exclusion.{x['id']}", x
    for rule in C.screening["escalation"]:
        yield f"escalation.{rule['id']}", rule
    for code, loc in C.locales.items():
        for country in loc["countries"]:
            yield f"locale.{code}.{country['code']}", country
    for code, country in C.countries.items():        # a device's country: its numbers and same-day route
        yield f"country.{code}", country
    for key in sorted(k for k in C.referenced_keys if not k.startswith("common.")):
        yield f"response.{key}", C.responses[key]
    for key, entry in C.responses.items():
        if "tier" in entry:
            yield f"response.{key}", entry


@pytest.mark.parametrize("name,item", list(_clinical_items()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_clinical_item_has_a_known_source(name, item):
    assert item.get("sources"), f"{name} has no sources"
    assert set(item["sources"]) <= set(C.sources), f"{name}: unknown {set(item['sources']) - set(C.sources)}"


def test_every_source_is_cited_and_has_an_address_or_says_why_not():
    cited = {s for _, item in _clinical_items() for s in item["sources"]}
    cited |= {s for loc in C.locales.values() for s in loc["sources"]}
    cited |= {s for entry in C.responses.values() for s in entry.get("sources") or []}
    assert set(C.sources) - cited == set()
    for sid, source in C.sources.items():
        assert source.get("url", "").startswith("https://") or source.get("deep_link") is False, sid


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_has_its_emergency_numbers(locale):
    assert C.locale_code(locale) == locale
    say = C.locale(locale)["say"]
    numbers = [country["emergency"] for country in C.locale(locale)["countries"]]
    for number in EMERGENCY_NUMBERS[locale]:
        assert number in say["emergency_card"]
    assert set(numbers) <= set(EMERGENCY_NUMBERS[locale])
    assert say["emergency"] and not re.search(r"\d", say["emergency"]), "speak the number as words"
    assert say["urgent"] and say["ed"] and say["fever_threshold"]


def test_two_country_locales_say_both_numbers():
    assert "nine nine nine" in C.locale("en-GB")["say"]["emergency"]
    assert "one one two" in C.locale("en-GB")["say"]["emergency"]
    assert "triple zero" in C.locale("en-AU")["say"]["emergency"]
    assert "one one one" in C.locale("en-AU")["say"]["emergency"]


def test_unknown_locale_falls_back_to_us_english():
    assert C.locale_code("en-NZ") == "en-US"
    assert C.locale_code(None) == "en-US"


@pytest.mark.parametrize("therapy", ["ice", "heat"])
def test_no_therapy_default_or_maximum_above_twenty_minutes(therapy):
    t = C.therapy["therapies"][therapy]
    assert t["default_minutes"] == 15
    assert t["max_minutes"] == 20
    assert t["min_minutes"] <= t["default_minutes"] <= t["max_minutes"] <= 20
    assert t.get("cautious_minutes", 10) <= 20
    assert 60 <= t["min_gap_minutes"] <= t["recommended_gap_minutes"]


def test_alternating_is_cold_rest_heat_within_limits():
    steps = C.therapy["alternating"]["steps"]
    assert [s["phase"] for s in steps] == ["ice", "rest", "heat"]
    assert all(s["minutes"] <= 20 for s in steps if s["phase"] != "rest")
    assert C.therapy["therapies"]["ice"]["max_sessions_per_day"] == 4


def test_one_rest_rule_for_the_skin():
    """Explore4 F16: the rest between any two rounds on the skin is one rule, said the same way: the alternating
    chain's rest is the gap every single round asks for (it was 20 minutes against "an hour" after a single round),
    and it meets the brief's alternating rest (at least 20-30 minutes)."""
    rest = [s["minutes"] for s in C.therapy["alternating"]["steps"] if s["phase"] == "rest"]
    gaps = {t["min_gap_minutes"] for t in C.therapy["therapies"].values()}
    assert len(gaps) == 1 and rest == list(gaps) and rest[0] >= 30


# The ice and heat safety advice of the brief (section 3.3), each said by a sourced line that code speaks with
# every start (therapy.care.*) or when the timer ends (therapy.announce.*).
SAFETY_ADVICE_SPOKEN = {
    "cloth_barrier": [("therapy.care.ice", "cloth"), ("therapy.care.ice.short", "cloth"),
                      ("therapy.care.heat", "cloth"), ("therapy.care.heat.short", "cloth"),
                      ("therapy.care.heat_cautious", "cloth")],
    "heat_on_low": [("therapy.care.heat", "low"), ("therapy.care.heat.short", "low"),
                    ("therapy.care.heat_cautious", "low"),
                    ("therapy.announce.alternating.rest", "on low")],
    "no_sleeping": [("therapy.care.ice", "doze off"), ("therapy.care.ice.short", "doze off"),
                    ("therapy.care.heat", "fall asleep"), ("therapy.care.heat.short", "fall asleep"),
                    ("therapy.care.heat_cautious", "fall asleep")],
    "dont_lie_on_pad": [("therapy.care.heat", "rather than lying on it"),
                        ("therapy.care.heat_cautious", "rather than lying on it"),
                        ("therapy.care.heat.short", "not lying on it"),
                        ("therapy.announce.alternating.rest", "rather than lying on it")],
    "no_heat_on_numb_skin": [("therapy.check.heat_not_safe", "skip heat"), ("therapy.check.ice_skip", "skip heat too")],
    "skin_check": [("therapy.announce.ice", "check your skin"), ("therapy.announce.heat", "check your skin"),
                   ("therapy.announce.ice.short", "check your skin"), ("therapy.announce.heat.short", "check your skin"),
                   ("therapy.announce.alternating.heat", "check your skin")],
}


@pytest.mark.parametrize("advice", sorted(SAFETY_ADVICE_SPOKEN))
def test_the_ice_and_heat_safety_advice_is_spoken_by_sourced_lines(advice):
    for key, words in SAFETY_ADVICE_SPOKEN[advice]:
        assert C.responses[key].get("sources"), key
        for locale in LOCALES:
            for text in variations(key, locale):
                assert words in text.lower(), (advice, key, locale, text)


def test_the_heat_checks_cover_the_brief():
    heat = {q["id"] for q in C.therapy["checks"]["heat"]["questions"]}
    assert {"numb_skin", "diabetes_nerve_damage", "poor_circulation", "sedated", "broken_skin"} <= heat
    ice = " ".join(variations(q["prompt"], "en-US")[0] for q in C.therapy["checks"]["ice"]["questions"]).lower()
    assert "raynaud" in ice and "hives" in ice and "numb" in ice          # brief 3.4: cold contraindications
    evidence = " ".join(variations("therapy.evidence", "en-US")).lower()
    assert "heat" in evidence and "whichever feels better" in evidence


def test_knee_to_chest_is_skipped_with_osteoporosis():
    assert "osteoporosis" in C.exercise("knee_to_chest")["cautions"]
    assert C.exercises["cautions"]["osteoporosis"]["skip"] is True


TIER_1_KEYS = [k for k, e in C.responses.items() if e.get("tier") == 1]
SAFETY_NET_KEYS = [k for k, e in C.responses.items() if e.get("tier") in (2, 3, 4)]


def test_outcome_keys_exist_with_cards():
    for key in ["screening.outcome.emergency", "screening.outcome.today", "screening.outcome.days",
                "screening.outcome.self_care"]:
        assert "card" in C.responses[key], key
    assert C.responses["screening.outcome.emergency"]["tier"] == 1
    assert {C.responses[k]["tier"] for k in SAFETY_NET_KEYS} == {2, 3, 4}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("key", TIER_1_KEYS)
def test_tier_one_lines_say_the_number_twice_and_that_alexa_cannot_call(key, locale):
    emergency = C.locale(locale)["say"]["emergency"]
    for speech in variations(key, locale):
        assert speech.count(emergency) >= 2, speech
        assert "I can't make the call for you" in speech
        assert "use your phone" in speech and "someone nearby" in speech
        assert "Don't wait" in speech
    card = render_text(C, locale, key, {}, None, "card.text")
    assert C.locale(locale)["say"]["emergency_card"] in card and "cannot call" in card


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("key", SAFETY_NET_KEYS)
def test_tier_two_to_four_lines_carry_the_safety_net(key, locale):
    emergency = C.locale(locale)["say"]["emergency"]
    for speech in variations(key, locale):
        assert emergency in speech
        for words in ("numbness around your bottom", "genitals", "peeing", "weakness in your legs"):
            assert words in speech, (key, words)
    card = render_text(C, locale, key, {}, None, "card.text")
    assert C.locale(locale)["say"]["emergency_card"] in card


@pytest.mark.parametrize("key", FRAME_KEYS)
def test_frame_keys_exist(key):
    assert key in C.responses
    if key in NEEDS_REPROMPT:
        assert "reprompt" in C.responses[key]


def test_first_welcome_is_the_disclaimer():
    for locale in LOCALES:
        speech = render_text(C, locale, "frame.welcome.first", {})
        assert "not a doctor" in speech and "can't call for help" in speech
        assert "call out, or use a phone" in speech   # someone on the floor may not reach a phone
        assert C.locale(locale)["say"]["emergency"] in speech


@pytest.mark.parametrize("phrase,symptom", [
    ("I can't feel my legs", "leg_weakness"), ("I wet myself", "bladder_change"),
    ("my leg is going numb", "one_leg_symptoms"), ("I can't walk", "cant_walk"),
    ("I have chest pain", "chest_or_tummy_pain"), ("I CAN'T FEEL MY LEGS!", "leg_weakness"),
    ("I like turtles", None)])
def test_phrases_people_say_map_to_symptoms(phrase, symptom):
    assert C.question_for_phrase(phrase) == symptom


def test_escalation_rules_are_data():
    rules = {r["id"]: r for r in C.screening["escalation"]}
    assert rules["two_or_more_urgent"]["when"]["tier_count"] == {"tier": 2, "at_least": 2}
    assert set(rules["fever_with_infection_risk"]["when"]["all"]) == {"fever", "immune_risk"}
    assert rules["cancer_with_leg_symptom"]["tier"] == 1
    assert C.screening["special"]["cant_walk"]["answers"]["weak"]["becomes"] == "leg_weakness"
    assert C.screening["special"]["cant_walk"]["answers"]["pain"]["becomes"] is None


# Statements the clinical brief marks "Drop" (§1) or that a voice skill must never make.
DROPPED = [r"magnesium", r"seep", r"pinch", r"within 24 hours", r"24 hours", r"10 to 14 days", r"ten to fourteen",
           r"fifty to sixty minutes", r"hydrat", r"electrolyte", r"calcium", r"don't try to move",
           r"until you know the source", r"take (a )?muscle relax", r"\bcure[sd]?\b(?! the spasm)",
           r"I(?:'ll| will) call", r"calling (?:for )?help for you", r"hip flexor", r"sixty seconds"]


def test_no_dropped_statement_appears_in_any_line():
    for locale in LOCALES:
        for key, entry in C.responses.items():
            if "speech" not in entry:
                continue
            params = sample_params(key, locale)
            texts = variations(key, locale) + [render_text(C, locale, key, params, None, "reprompt")]
            if "card" in entry:
                texts.append(render_text(C, locale, key, params, None, "card.text"))
            for text in texts:
                for pattern in DROPPED:
                    assert not re.search(pattern, text, re.I), (key, pattern, text)
