"""What an answer's words mean outside yes and no (skill/domain/answers.py): a toilet out of reach is no urinary
retention, the answer to "the pain, or a weak or numb leg?", and an age said as an answer."""

from __future__ import annotations

import pytest

from skill.domain.answers import (Answer, acknowledgement, age_in, answer_meaning, cant_walk_meaning, correction_of,
                                  numbness_said, pregnancy_length, pregnancy_said, toilet_out_of_reach, weakening_denied)
from skill.domain.answers import ASIDE, ASKED, BACK_PAIN, NO, SET_ASIDE, UNSURE, YES


@pytest.mark.parametrize("words", [
    "I need a wee but I can't get up to go", "honestly right now I can't even get to the loo",
    "I can't get up to go to the toilet", "I'm desperate for the loo but I can't walk",
    "I need the toilet and I can't move", "I can't get to the bathroom",
])
def test_a_toilet_out_of_reach_is_a_mobility_problem(words):
    assert toilet_out_of_reach(words)


@pytest.mark.parametrize("words", [
    "I need to wee but nothing comes out", "I can't pee", "I can't go", "I can't wee even when I try",
    "I need a wee but I can't start", "I need to pee but I can't get up and I've wet myself a bit",
    "I can't get to the loo and I can't feel when I need to go", "I can't get up", "my leg is numb",
])
def test_retention_leaking_or_lost_feeling_is_never_read_as_a_toilet_out_of_reach(words):
    assert not toilet_out_of_reach(words)


@pytest.mark.parametrize("words, meaning", [
    ("both", "weak"), ("both really", "weak"), ("a bit of both", "weak"), ("the pain and the leg", "weak"),
    ("my leg is weak", "weak"), ("my leg gives way", "weak"), ("my leg feels numb", "numb"),
    ("pins and needles in my leg", "numb"),
    ("just the pain, it's agony when I try", "pain"), ("it's the pain", "pain"), ("it hurts too much", "pain"),
    ("my legs are fine it's the pain", "pain"), ("not sure really", "unsure"), ("I don't know", "unsure"),
    ("the kettle", None),
])
def test_the_cant_walk_answer_names_the_leg_whenever_a_leg_is_in_it(words, meaning):
    assert cant_walk_meaning(words) == meaning


@pytest.mark.parametrize("words, age", [
    ("67", 67), ("no i'm 67", 67), ("yes I'm fifteen", 15), ("no I'm seventy two", 72), ("I'm 82 years old", 82),
    ("15 minutes", None), ("2", None), ("I had a fall", None), (None, None),
])
def test_an_age_said_as_an_answer(words, age):
    assert age_in(words) == age


@pytest.mark.parametrize("question, words", [
    ("bladder_change", "I tried to wee earlier and nothing came out"), ("bladder_change", "nothing comes out"),
    ("bladder_change", "no feeling when I need to go"), ("bladder_change", "none at all, can't go"),
    ("saddle_numbness", "no not numb but a bit tingly"), ("saddle_numbness", "no, well, a bit tingly"),
    ("saddle_numbness", "nothing down there, it's numb"), ("bowel_change", "I didn't feel it, it just came out"),
    ("leg_weakness", "neither of my legs will move"),
])
def test_a_no_word_never_beats_the_symptom_said_with_it_at_a_red_flag_question(question, words):
    assert answer_meaning(words, question, "en-GB").meaning == "yes"


@pytest.mark.parametrize("question, words", [
    ("bladder_change", "no problems peeing"), ("saddle_numbness", "no not numb"), ("saddle_numbness", "no numbness"),
    ("bowel_change", "I was just bending over, no accident"), ("bowel_change", "there's been no accident"),
    ("bowel_change", "no worries there"), ("saddle_numbness", "no no, sensation is fine"),
])
def test_a_denial_of_the_questions_own_area_is_a_no(question, words):
    assert answer_meaning(words, question, "en-GB") == Answer("no")


@pytest.mark.parametrize("words", ["okay", "fine", "alright", "sure", "ok", "ice I guess", "I don't know what I need"])
def test_an_acknowledgement_or_a_request_is_no_answer_to_a_red_flag_question(words):
    assert answer_meaning(words, "saddle_numbness", "en-US").meaning is None


@pytest.mark.parametrize("words", ["okay", "grand so", "sweet as mate", "um okay then", "go on", "yeah go on", "mm",
                                   "okay thank you", "right then"])
def test_a_bare_acknowledgement_is_told_apart_from_an_answer(words):
    assert acknowledgement(words)
    assert answer_meaning(words, "chest_or_tummy_pain", "en-GB").meaning is None


@pytest.mark.parametrize("words, meaning", [("okay yes", "yes"), ("yes", "yes"), ("yeah", "yes"), ("I do", "yes"),
                                            ("haan", "yes"), ("yeah nah all good", "no"), ("it's fine", "no"),
                                            ("I'm okay", "no"), ("okay, I've got numbness", "yes")])
def test_an_answer_said_with_an_acknowledgement_word_is_still_the_answer(words, meaning):
    assert not acknowledgement(words)
    assert answer_meaning(words, "saddle_numbness", "en-IN").meaning == meaning


@pytest.mark.parametrize("question, words", [("saddle_numbness", "not numb"), ("saddle_numbness", "I'm not tingly at all"),
                                             ("leg_weakness", "not weak"), ("bladder_change", "not leaking")])
def test_the_questions_own_area_denied_where_it_is_said_is_a_no(question, words):
    assert answer_meaning(words, question, "en-GB") == Answer("no")


@pytest.mark.parametrize("words", ["not numb but tingly", "numb, not tingly", "it's not normal down there", "a bit numb"])
def test_the_area_named_beside_a_denial_is_still_a_yes(words):
    assert answer_meaning(words, "saddle_numbness", "en-GB").meaning == "yes"


@pytest.mark.parametrize("words, said", [("yeah a bit numb", True), ("it's numb there", True), ("yes, numb", True),
                                         ("not numb", False), ("my bum is numb", None), ("my legs are numb", None),
                                         ("I'm not sure", None)])
def test_numbness_at_the_skin_check_is_its_answer_unless_a_red_flag_place_is_named(words, said):
    assert numbness_said(words, "en-AU") is said


@pytest.mark.parametrize("words", ["my right leg", "one leg", "the left one", "only the left", "just the one"])
def test_one_leg_at_the_both_legs_question_is_a_no_there_noted_for_the_one_leg_question(words):
    assert answer_meaning(words, "leg_weakness", "en-AU") == Answer("no", other="one_leg_symptoms")


def test_words_that_already_say_the_leg_is_not_getting_weaker():
    assert weakening_denied("only my right leg hurts, but it's not getting weaker")
    assert weakening_denied("no, pain only in left leg, strength is fine")
    assert not weakening_denied("just my left leg")


@pytest.mark.parametrize("words, pregnant", [
    ("I'm 30 weeks pregnant and my back has gone into spasm", True), ("I'm pregnant", True),
    ("I'm not pregnant", False), ("I can't be pregnant", False), ("my back hurts", False),
])
def test_a_pregnancy_said_in_passing(words, pregnant):
    assert pregnancy_said(words) is pregnant


def test_a_length_in_weeks_or_months_at_the_pregnancy_question_is_a_yes():
    assert pregnancy_length("P30W") and pregnancy_length("P6M") and not pregnancy_length("PT20M")


@pytest.mark.parametrize("question, words, other", [
    ("bladder_change", "no, but it stings a bit when I pee", "urinary_symptoms"),
    ("bladder_change", "no, but it burns when I pee", "urinary_symptoms"),
    ("saddle_numbness", "no, well my foot is tingly", "one_leg_symptoms"),
])
def test_no_but_another_lower_tier_symptom_is_noted_for_its_own_question_not_a_yes_here(question, words, other):
    """Review 3: a "no" then a symptom of another, lower-tier flag ("it stings when I pee" is not retention) is
    that flag, noted for its own question; this red-flag question is asked again, not answered yes (999)."""
    assert answer_meaning(words, question, "en-GB") == Answer(None, other=other)


@pytest.mark.parametrize("words", ["no, I mean my stomach's a little upset from the ibuprofen but nothing sudden or bad",
                                   "I mean, it hurts"])
def test_i_mean_that_explains_is_no_change_of_the_last_answer(words):
    # a discourse "I mean" re-opened the last question with a yes (the trauma question's emergency advice)
    assert correction_of(words, "en-US") == (False, None, False)
    assert correction_of("sorry, I mean yes", "en-US") == (True, "yes", False)


# Review4 #0: how bad a pain is, with no place named ("it's killing me", "it hurts so much"), at "right now, any
# chest pain, sudden severe tummy pain...?" is neither a yes nor a silent no: asked again with what the question
# means. With the back named, or after a no, it is the back's pain: a no.
@pytest.mark.parametrize("words", ["it's killing me", "it hurts so much", "it hurts a bit", "it's agony",
                                   "it's really really bad"])
def test_how_bad_with_no_place_at_the_chest_question_is_asked_again(words):
    assert answer_meaning(words, "chest_or_tummy_pain", "en-GB").meaning is None


@pytest.mark.parametrize("words", ["my back is agony", "no, it's just killing me", "the back's killing me"])
def test_how_bad_with_the_back_named_at_the_chest_question_is_a_no(words):
    assert answer_meaning(words, "chest_or_tummy_pain", "en-GB") == Answer("no")


# Review4 #1c: how often at the bladder question is the urinary-symptoms question's fact (noted there), never a yes.
@pytest.mark.parametrize("words", ["I'm always weeing", "I keep needing the toilet", "I'm pregnant so I'm always weeing",
                                   "I need to wee all the time"])
def test_how_often_at_the_bladder_question_is_noted_for_the_urinary_question(words):
    assert answer_meaning(words, "bladder_change", "en-GB") == Answer(None, other="urinary_symptoms")


# Review4 #1d: the question's own flag said as long ago or of an everyday cause is weak evidence: never a yes at once.
@pytest.mark.parametrize("question, words", [("chest_or_tummy_pain", "I had a heart attack last year"),
                                             ("leg_weakness", "my feet have been numb for years"),
                                             ("bladder_change", "he's wet himself laughing")])
def test_the_questions_flag_of_long_ago_is_not_a_yes(question, words):
    assert answer_meaning(words, question, "en-GB").meaning not in ("yes", "emergency")


# Explore4 F13: vague words about the legs at the leg question are not sure (asked once more), never a guess.
@pytest.mark.parametrize("words, meaning", [("my legs feel odd", "unsure"), ("my legs feel kinda weird", "unsure"),
                                            ("my knees buckled", "yes"), ("my legs keep giving way", "yes")])
def test_leg_words_at_the_leg_question(words, meaning):
    assert answer_meaning(words, "leg_weakness", "en-US").meaning == meaning


# Explore5 #1: a no taken back is the yes it ends on; a bare "no yes" is asked again; "yeah no" stays a no.
@pytest.mark.parametrize("words, meaning", [("no actually yes", "yes"), ("no wait yes", "yes"),
                                            ("no, well actually yes a bit", "yes"), ("not really, well yes a little", "yes"),
                                            ("nope, actually yes", "yes"), ("no yes", None), ("yeah no", "no"),
                                            ("yeah nah", "no"), ("nah yeah", "yes"), ("no, not at all", "no")])
def test_a_no_taken_back_is_the_yes_it_ends_on(words, meaning):
    assert answer_meaning(words, "saddle_numbness", "en-GB").meaning == meaning


# Explore5 #6 and #2: a question about the question, or an answer about another question, is no answer here.
@pytest.mark.parametrize("question, words", [("saddle_numbness", "what's genitals"), ("leg_weakness", "what counts as weaker"),
                                             ("saddle_numbness", "what do you mean by genitals"),
                                             ("saddle_numbness", "peeing is fine")])
def test_a_question_about_the_question_or_another_answer_is_no_answer(question, words):
    assert answer_meaning(words, question, "en-AU").meaning in (None, *SET_ASIDE)


# Explore6 #2 and #7: a question asked, a remark about another question, the back's own pain: set aside, never an
# answer and never counted towards one (skill/domain/screening.py set_aside).
@pytest.mark.parametrize("question, words, meaning", [
    ("saddle_numbness", "is sex ok with a bad back", ASKED), ("leg_weakness", "sex is that okay", ASKED),
    ("bladder_change", "can I still go to work", ASKED), ("major_trauma", "what about driving is that alright", ASKED),
    ("bowel_change", "should I be taking something for it", ASKED), ("saddle_numbness", "is it a slipped disc", ASKED),
    ("leg_weakness", "my sex life is fine thanks", ASIDE), ("saddle_numbness", "peeing is fine", ASIDE),
    ("saddle_numbness", "my back is sore", BACK_PAIN), ("bladder_change", "it just hurts in my back", BACK_PAIN),
    ("bowel_change", "my lower back is catching", BACK_PAIN), ("stroke_signs", "it really hurts", BACK_PAIN),
    ("leg_weakness", "my waist is paining since morning", BACK_PAIN),
    # still answers: a red flag asked about is that flag; hedges are not sure; pain words at the pain question
    ("saddle_numbness", "is it bad if my bum is numb", YES), ("saddle_numbness", "does that count", UNSURE),
    ("chest_or_tummy_pain", "my back is agony", NO), ("sexual_function", "my sex life is fine", NO),
    ("saddle_numbness", "no my back is just sore", NO), ("saddle_numbness", "yes and my back is sore", YES)])
def test_words_that_are_no_answer_are_set_aside(question, words, meaning):
    assert answer_meaning(words, question, "en-GB").meaning == meaning


def test_a_red_flag_said_in_a_question_is_still_read():
    assert answer_meaning("does it count if my bum is numb", "saddle_numbness", "en-AU").meaning == "yes"


# Explore5 #8: a small accident said after a no ("no, well, I slipped") is asked about, never a yes at once.
def test_a_simple_fall_after_a_no_is_not_sure():
    assert answer_meaning("no, well, I slipped", "major_trauma", "en-GB").meaning == "unsure"
    assert answer_meaning("no, well, I fell off a ladder", "major_trauma", "en-GB").meaning == "yes"


# A no with only a hold word after it ("no wait", "no, hang on") is being taken back: asked again. A tag after a
# no that said something ("no, nothing like that, yeah") leaves it the no it is; "no sorry", "no thanks" are noes.
@pytest.mark.parametrize("words, meaning", [("no wait", None), ("no, hang on", None), ("no well actually", None),
                                            ("um no, yes", None), ("no, yes a bit", None), ("not really yeah", None),
                                            ("no, nothing like that, yeah", "no"), ("no sorry", "no"),
                                            ("no thanks", "no"), ("no sorry yes", "yes")])
def test_a_no_being_taken_back_is_asked_again_and_a_tagged_no_stays_no(words, meaning):
    assert answer_meaning(words, "bladder_change", "en-AU").meaning == meaning


# Review5 #0: after a leading no, the question's own change said in a clause of its own is the symptom: a yes.
@pytest.mark.parametrize("words, meaning", [("no, it's numb", "yes"), ("nah it's numb", "yes"), ("nope, it's tingling", "yes"),
                                            ("no it's a bit numb actually", "yes"), ("no wait, it is a bit numb", "yes"),
                                            ("yeah nah it's numb", "yes"), ("yeah no feeling down there", "yes"),
                                            ("no numbness", "no"), ("no, not numb", "no"), ("no, it's just my back", "no"),
                                            ("no it's fine", "no"), ("nope no numbness", "no")])
def test_a_no_then_the_symptom_in_its_own_clause_is_a_yes(words, meaning):
    assert answer_meaning(words, "saddle_numbness", "en-GB").meaning == meaning


def test_a_no_then_a_place_alone_is_still_a_no():
    assert answer_meaning("no, I went to the toilet this morning", "bladder_change", "en-GB").meaning == "no"


@pytest.mark.parametrize("question, words", [
    ("bladder_change", "I'm afraid so"), ("bowel_change", "afraid so"), ("saddle_numbness", "fraid so, yeah"),
    ("leg_weakness", "sadly so"), ("fever", "I feel rotten"), ("fever", "I feel terrible"),
    ("fever", "I'm feeling really poorly"), ("fever", "really unwell"), ("fever", "I feel crook, mate"),
])
def test_a_yes_in_other_words_is_a_yes(question, words):
    """"I'm afraid so" is a yes; "I feel rotten" answers "feeling very unwell?" (the blind answer table's misses)."""
    assert answer_meaning(words, question, "en-GB").meaning == "yes"


@pytest.mark.parametrize("words, meaning", [
    ("I feel terrible because of my back", None), ("I feel rotten with the pain", None), ("no I feel fine", "no"),
    ("no, not ill, just sore", "no"), ("I'm afraid I'm not sure", "unsure"),
])
def test_feeling_bad_from_the_back_pain_is_not_a_fever(words, meaning):
    """At the fever question, the back's own pain is asked about again, never a yes to feeling very unwell."""
    assert answer_meaning(words, "fever", "en-GB").meaning == meaning


# Explore7 #3: something else said to be fine is no answer to a question about another thing; its own area said fine
# is the no.
@pytest.mark.parametrize("question, words", [
    ("bladder_change", "my bones are fine"), ("saddle_numbness", "my shoulder is ok"), ("bowel_change", "my bones are ok"),
    ("leg_weakness", "my shoulders fine"), ("chest_or_tummy_pain", "the heat pack was fine"),
    ("stroke_signs", "my wife is fine"), ("cancer_history", "my neck's alright"), ("fever", "my knees are good")])
def test_something_else_said_to_be_fine_is_no_answer(question, words):
    assert answer_meaning(words, question, "en-GB").meaning == "aside"


@pytest.mark.parametrize("question, words", [
    ("bladder_change", "my waterworks are fine"), ("leg_weakness", "my legs are fine"), ("fever", "my temperature's normal"),
    ("chest_or_tummy_pain", "my breathing is fine"),
    ("bladder_change", "I'm fine"), ("bowel_change", "no, my bones are fine")])
def test_the_questions_own_area_or_everything_said_fine_is_a_no(question, words):
    assert answer_meaning(words, question, "en-GB").meaning == "no"


# Explore7 #23: an admission made little of is the admission; a hedge alone is still not sure.
@pytest.mark.parametrize("question, words, meant", [
    ("bowel_change", "well i had a bit of an accident earlier but its probably nothing", "yes"),
    ("bladder_change", "I leaked a little bit, probably nothing though", "yes"),
    ("saddle_numbness", "bit numb down there but I'm sure it's nothing", "yes"),
    ("leg_weakness", "my legs are a bit weak but it's probably just the pain", "yes"),
    ("bowel_change", "probably nothing", "unsure"), ("bowel_change", "I think I had an accident", "unsure"),
    ("bowel_change", "no, nothing", "no")])
def test_an_admission_made_little_of_is_still_the_admission(question, words, meant):
    assert answer_meaning(words, question, "en-GB").meaning == meant


# Explore7 #16: how far along, at the pregnancy question.
@pytest.mark.parametrize("words, pregnant", [
    ("yes im 28 weeks", True), ("yeah 28 weeks", True), ("about seven months now", True), ("twenty weeks along", True),
    ("no I had the baby six weeks ago", False), ("not pregnant, I'm 28", False), ("no", False)])
def test_how_far_along_at_the_pregnancy_question(words, pregnant):
    assert (answer_meaning(words, "pregnant", "en-GB").meaning == "yes") is pregnant


# Explore7 #13, #15: declining and "why?" are neither an answer nor doubt.
@pytest.mark.parametrize("words", ["I'd rather not say", "i dont want to answer that", "that's private", "pass",
                                   "I'd prefer not to say thanks", "none of your business", "I'm not answering that",
                                   "i would prefer not to say", "I'd rather you didn't ask", "I do not wish to answer that"])
def test_declining_is_told_apart_from_not_sure(words):
    assert answer_meaning(words, "saddle_numbness", "en-GB").meaning == "declined"


@pytest.mark.parametrize("words", ["why are you asking me that", "why do you need to know that", "why",
                                   "what's that got to do with my back", "why does that matter"])
def test_why_a_question_is_asked_is_no_answer(words):
    assert answer_meaning(words, "bladder_change", "en-GB").meaning == "why"


@pytest.mark.parametrize("question, words", [
    ("chest_or_tummy_pain", "not my chest, just my back"), ("chest_or_tummy_pain", "only my back hurts, my chest is fine"),
    ("chest_or_tummy_pain", "it's not my chest it's my back"), ("chest_or_tummy_pain", "not my tummy, just my back"),
    ("chest_or_tummy_pain", "chest no, just the back"), ("chest_or_tummy_pain", "not the chest, the back only"),
    ("leg_weakness", "not my legs, just my back"), ("leg_weakness", "my legs are fine, it's only my back"),
    ("saddle_numbness", "not down there, just my back"), ("stroke_signs", "not my face or arm, just my back"),
    ("bladder_change", "not my bladder, just my back"), ("bowel_change", "not my bowels, just my back"),
])
def test_the_place_asked_about_denied_and_only_the_back_named_is_a_no(question, words):
    assert answer_meaning(words, question, "en-GB") == Answer(NO)     # explore8 F11


@pytest.mark.parametrize("question, words", [
    ("chest_or_tummy_pain", "not just my back, my chest too"), ("chest_or_tummy_pain", "not my back, my chest"),
    ("chest_or_tummy_pain", "not only my back, my chest as well"), ("leg_weakness", "not just my back, my legs too"),
    ("chest_or_tummy_pain", "it's not my chest, it's lower down in my tummy"),
    ("chest_or_tummy_pain", "not my chest, it's my back and it's tearing"),
])
def test_both_places_named_or_a_tearing_back_is_still_a_yes(question, words):
    assert answer_meaning(words, question, "en-GB").meaning == YES


@pytest.mark.parametrize("question, words", [
    ("bladder_change", "my bladder was fine until today"), ("leg_weakness", "my legs were fine until I got up"),
    ("leg_weakness", "my legs were fine this morning"), ("leg_weakness", "my left leg is fine"),
    ("stroke_signs", "my left arm is fine"), ("bladder_change", "everything else is fine"),
    ("bladder_change", "the rest of me is fine"), ("bowel_change", "my bowels were okay till last night"),
    ("leg_weakness", "the good leg is fine"), ("cancer_history", "my health is fine now"),
    ("immune_risk", "my health is fine now"), ("bladder_change", "my bladder's fine I think"),
    ("leg_weakness", "my legs are fine I think"), ("chest_or_tummy_pain", "my chest is okay I guess")])
def test_a_change_one_side_the_rest_or_a_hedged_fine_is_never_a_no_nor_a_yes(question, words):
    """Review7 C2, MAJOR 3, 6, 10: "was fine until today" is a change; one leg fine says nothing of the other; "the
    rest is fine" is a contrast; present health is no answer about ever; "fine, I think" is not sure, never a yes."""
    for locale in ("en-GB", "en-US"):
        assert answer_meaning(words, question, locale, tier=1).meaning not in ("no", "yes", "emergency")
