"""The red-flag screening engine: walks screening.yaml one question a turn over a typed session State, and says
what each turn says as a Step (a skill.plan.Speech and what the turn means for the flow)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from skill.domain.clock import parse_time
from skill.plan import Speech

# Answers the engine understands. "unclear" is anything that is not an answer (a fallback); "skip" is "next".
# "unheard": nothing understood at all (a FallbackIntent: no words), never counted as a yes (see answer()).
ANSWERS = ("yes", "no", "unsure", "unclear", "skip", "unheard", "declined", "why")
# Declining to answer ("I'd rather not say", "skip") a red-flag question that must be answered (explore7 #13): no doubt
# said, so never the emergency advice on it alone. The first time, why it matters and that a yes or no is enough; the
# second, the question is left with the number said ("if you do have it, call now"), recorded "declined", and the
# outcome is never better than advice today (DECLINED_OUTCOME). The private (optional) question is simply skipped;
# an exclusion or a later question declined is "not sure", as before.
DECLINED, DECLINE_WHY, DECLINE_LEFT = "declined", "screening.skip.required", "screening.decline.left"
DECLINED_OUTCOME = "screening.outcome.declined"
# Words that are no answer and never count towards one (skill/domain/answers.py SET_ASIDE): a question asked, a
# remark about something else, the back's own pain at a question about something else. Set aside (or explained),
# and the same question again: nothing moves and nothing is counted (explore6 #2, #7).
ASKED, ASIDE, BACK_PAIN, WHY = "asked", "aside", "back_pain", "why"
WHY_ASKED = "screening.why"                 # "why are you asking me that?": why it matters (explore7 #15)
SET_ASIDE = {ASKED: "screening.aside.question", ASIDE: "screening.aside"}
NOT_THE_PAIN = "screening.not_the_pain"
CLARIFY_ANSWERS = ("weak", "numb", "pain")
PHASE_ASK, PHASE_CANT_WALK = "ask", "cant_walk"
CANT_WALK = "cant_walk"

INTRO = "screening.intro"
INTRO_SYMPTOM = "screening.intro.symptom"
INTRO_UNPLACED = "screening.intro.unplaced"     # a symptom said that the skill cannot place
INTRO_URGENT = "screening.intro.urgent"         # after an emergency request: the tier-1 questions first
GATE_INTRO = "screening.gate.intro"             # before the first stretches of a day: the tier-1 questions
GATE_CLEAR = "screening.gate.clear"             # ... all answered no: on to the stretches
NOTED_UNPLACED = "screening.noted.unplaced"     # ... said mid-screening: the urgent questions again
CLARIFY_UNSURE = "screening.clarify.unsure"
CLARIFY_UNSURE_EXCLUSION = "screening.clarify.unsure.exclusion"   # "not sure" to an exclusion: no "last few days"
UNCLEAR = "screening.unclear"                   # not understood: never an answer; explained and asked again
UNCLEAR_AS_YES = "screening.unclear.counts_as_yes"
SKIP_REQUIRED = "screening.skip.required"       # "skip" where only the private question may be skipped   # a tier-1 question still not answered after one re-ask
ENDED_UNCLEAR = "screening.ended.unclear"       # the third not-understood answer: the safety net, then stop
UNHEARD_SAFETY = "screening.unheard.safety"     # the 2nd miss at a tier-1 question, nothing heard: the number first
MAX_UNCLEAR = 3
NOTED = "screening.noted"
BACK = "screening.back"                     # "go back": the last question answered, asked again
CORRECTED = "screening.corrected"           # "I meant yes": the last answer changed
PROGRESS = {2: "screening.progress.tier2", 3: "screening.progress.tier3"}
PROGRESS_OPEN = "screening.progress.tier2.open"   # ... and the red-flag questions behind: ice or heat may come first


def items(content, state: State | None = None) -> list[dict]:
    """Everything asked, in order: red flags first. The tier-1 questions, then the exclusions (under sixteen,
    pregnancy, a recent procedure: asked after the red flags, where they change the advice), then tiers 2 and 3
    (file order within a tier). A screening begun from weak evidence (state.first: "I fell out of bed", "my
    stomach hurts") asks that question first."""
    exclusions = [{**x, "kind": "exclusion", "tier": 0} for x in content.screening["exclusions"]]
    questions = sorted(({**q, "kind": "question"} for q in content.screening["questions"]),
                       key=lambda q: q["tier"])
    urgent = [q for q in questions if q["tier"] == 1]
    if state is not None and state.gate:
        return urgent           # before stretches: the tier-1 questions only
    ordered = urgent + exclusions + [q for q in questions if q["tier"] != 1]
    first = state.first if state is not None else None
    if first:      # weak evidence said first ("I fell out of bed"): its own question before the others
        ordered = [i for i in ordered if i["id"] == first] + [i for i in ordered if i["id"] != first]
    return ordered


def count(content) -> int:
    """How many questions a screening can ask (follow-ups asked only after a yes are not counted)."""
    return sum(1 for item in items(content) if not item.get("ask_if"))


def intro_counts(content) -> dict:
    """The intro's numbers: the urgent (tier-1) questions first, then how many more (explore3 F14: "26 quick
    questions" is daunting on the floor; the urgent ones are few). Together they are count()."""
    urgent = sum(1 for item in items(content) if item["kind"] == "question" and item["tier"] == 1
                 and not item.get("ask_if"))
    return {"urgent": urgent, "more": count(content) - urgent}


def remaining_counts(content, state: State) -> dict:
    """The intro's numbers for a screening begun from what was said: the urgent (tier-1) questions still to ask,
    then how many more (follow-ups asked only after a yes not counted; answers already given left out)."""
    left = [item for item in items(content, state) if not item.get("ask_if") and item["id"] not in state.answers]
    urgent = sum(1 for item in left if item["kind"] == "question" and item["tier"] == 1)
    return {"urgent": urgent, "more": len(left) - urgent}


# "How many more questions?": how many are left, counting the one on the table; the last one said as such.
LEFT, LEFT_ONE = "screening.left", "screening.left.one"


def left_line(content, state: State) -> tuple[str, dict]:
    """How many questions are left, counting the one on the table (follow-ups asked only after a yes not counted):
    its ".one" form for the last one (explore7 #15)."""
    left = sum(remaining_counts(content, state).values())
    return (LEFT_ONE if left <= 1 else LEFT), {"left": left}


def _intro(content, state: State, key: str) -> tuple[str, dict]:
    """KEY with the counts of what is left; its ".one" or ".none" form when one or no urgent question is left
    ("1 quick questions" was said, review6 #16, explore7 #17)."""
    counts = remaining_counts(content, state)
    return INTRO_FORMS.get(key, {}).get(counts["urgent"], key), counts


# The intros' forms for one urgent question left, or none ({urgent} said as a number otherwise).
INTRO_FORMS = {INTRO_SYMPTOM: {0: "screening.intro.symptom.none", 1: "screening.intro.symptom.one"},
               INTRO_UNPLACED: {0: "screening.intro.unplaced.none", 1: "screening.intro.unplaced.one"}}


def urgent_clear(content, state: State) -> bool:
    """The red-flag questions and the exclusions are all answered (none earned the emergency advice, or the
    questions would have stopped) and a later question is on the table: from here ice or heat may come first and
    the other questions after (explore7 #7). Never before stretches (the gate asks the red-flag questions only)."""
    if state.gate or state.phase != PHASE_ASK:
        return False
    item = current(content, state)
    if item is None or item["kind"] != "question" or item["tier"] == 1:
        return False
    urgent = [i["id"] for i in items(content) if i["kind"] == "exclusion" or i["tier"] == 1]
    return (all(qid in state.answers for qid in urgent) and emergency_earned(content, state.answers) is None
            and red_flags_denied(content, state.answers))


def red_flags_denied(content, answers: dict) -> bool:
    """Whether every red-flag question answered so far was a no (or the optional one skipped): a declined one is
    no all-clear (review7 C9)."""
    return all(said in ("no", "not_asked", "skipped") for qid, said in answers.items()
               if any(i["id"] == qid and i["kind"] == "question" and i["tier"] == 1 for i in items(content)))


def left_to_ask(content, state: State) -> int:
    """How many questions are still to ask (follow-ups asked only after a yes not counted)."""
    return sum(1 for item in items(content, state) if not item.get("ask_if") and item["id"] not in state.answers)


def exclusion_ids(content) -> list[str]:
    return [x["id"] for x in content.screening["exclusions"]]


ANSWER_VALUES = ("yes", "no", "unsure", "skipped", "not_asked", DECLINED)
# A request made while a question was on the table ("ice please"): kept, and offered first at the end (explore6 #15).
WANTS = ("ice", "heat", "alternate", "stretches")
REQUIRED = ("phase", "question_index", "answers", "clarified")     # stored by every version
THEN_KEYS = ("routine_id", "exercise_id")


@dataclass
class State:
    """The screening's session state (session["screening"]), parsed and validated once where a request reads it
    (State.parse); the engine works on it, the handler stores as_dict(). Session only: never stored or logged."""

    phase: str = PHASE_ASK                  # ask | cant_walk ("the pain, or a weak or numb leg?")
    question_index: int = 0                 # into items(content, state)
    answers: dict[str, str] = field(default_factory=dict)     # id -> one of ANSWER_VALUES
    clarified: list[str] = field(default_factory=list)        # ids already explained after "not sure"
    first: str | None = None                # weak evidence said first: its question before the others
    weak: list[str] = field(default_factory=list)             # ids said as weak evidence (a simple fall)
    last: str | None = None                 # the last question answered ("go back", "I meant yes")
    gate: bool = False                      # before the day's first stretches: the tier-1 questions only
    then: dict | None = None                # ... and the routine request to carry out after them
    unclear: dict[str, int] = field(default_factory=dict)     # id -> answers not understood in a row
    urgent_first: bool = False              # begun from a symptom or an emergency request
    resume_intro: bool = False              # "I can't walk" said first: the intro after its answer
    wants: str | None = None                # a request made meanwhile (WANTS): offered first after the outcome

    @classmethod
    def parse(cls, raw, content) -> State | None:
        """The state RAW (session["screening"]) names, or None when it cannot be read safely: not a dict, a
        field missing that every version stores, an unknown phase or id, a wrong type, an index outside the
        questions of its own order, or an item before the index left unanswered (a jump past questions never
        asked). None restarts the questions (the urgent ones first); it never gives an outcome."""
        if not isinstance(raw, dict) or any(name not in raw for name in REQUIRED):
            return None
        ids = {q["id"] for q in content.screening["questions"]} | set(exclusion_ids(content)) | {CANT_WALK}
        phase, index = raw["phase"], raw["question_index"]
        if not isinstance(phase, str) or phase not in (PHASE_ASK, PHASE_CANT_WALK):
            return None
        if isinstance(index, bool) or not isinstance(index, int):
            return None
        answers = raw["answers"]
        if not isinstance(answers, dict) or not all(
                isinstance(k, str) and k in ids and isinstance(v, str) and v in ANSWER_VALUES
                for k, v in answers.items()):
            return None
        first, last = raw.get("first"), raw.get("last")
        if any(v is not None and not (isinstance(v, str) and v in ids) for v in (first, last)):
            return None
        lists = {"clarified": raw["clarified"], "weak": [] if raw.get("weak") is None else raw["weak"]}
        if not all(isinstance(v, list) and all(isinstance(k, str) and k in ids for k in v) for v in lists.values()):
            return None
        unclear = {} if raw.get("unclear") is None else raw["unclear"]
        if not isinstance(unclear, dict) or not all(
                isinstance(k, str) and k in ids and isinstance(v, int) and not isinstance(v, bool) and v >= 0
                for k, v in unclear.items()):
            return None
        flags = {name: raw.get(name, False) for name in ("gate", "urgent_first", "resume_intro")}
        if not all(isinstance(v, bool) for v in flags.values()):
            return None
        then = raw.get("then")
        if then is not None and not (isinstance(then, dict) and all(
                k in THEN_KEYS and (v is None or isinstance(v, str)) for k, v in then.items())):
            return None
        wants = raw.get("wants")
        if wants is not None and wants not in WANTS:
            return None
        state = cls(phase=phase, question_index=index, answers=dict(answers), clarified=list(lists["clarified"]),
                    first=first, weak=list(lists["weak"]), last=last, then=None if then is None else dict(then),
                    unclear=dict(unclear), wants=wants, **flags)
        order = items(content, state)
        if not 0 <= index < len(order) or any(item["id"] not in state.answers for item in order[:index]):
            return None
        return state

    def as_dict(self) -> dict:
        """The session's copy: the four fields every version stores, the others only when set."""
        out = {"phase": self.phase, "question_index": self.question_index, "answers": dict(self.answers),
               "clarified": list(self.clarified)}
        optional = {"first": self.first, "weak": list(self.weak), "last": self.last, "gate": self.gate,
                    "unclear": dict(self.unclear), "urgent_first": self.urgent_first,
                    "resume_intro": self.resume_intro, "wants": self.wants}
        out.update({name: value for name, value in optional.items() if value})
        if self.then is not None:
            out["then"] = dict(self.then)       # an empty request too: the gate is on
        return out


def new_state(known: dict | None = None, *, urgent_first: bool = False) -> State:
    """A screening not yet started; KNOWN: exclusion answers already given in this conversation (the routine's,
    session only), so they are not asked twice."""
    return State(urgent_first=urgent_first,
                 answers={key: said for key, said in (known or {}).items() if said in ("yes", "no")})


def shared_exclusions(content, state: State) -> dict:
    """The exclusion answers of this screening that other flows may reuse in the conversation (yes/no only)."""
    return {k: v for k, v in state.answers.items() if k in exclusion_ids(content) and v in ("yes", "no")}


@dataclass
class Step:
    """One turn of the screening: SPEECH, the plan type every flow hands the renderer (its end: the session ends;
    its reprompt: the question on the table, or the tier's offer after an outcome; its card: the emergency card),
    and what the turn means for the flow: the question asked (ASK), or the OUTCOME reached and its TIER (BASE:
    the tier's own outcome key), or GATE_CLEAR (the tier-1 questions before stretches all answered no)."""

    speech: Speech
    ask: str | None = None
    outcome: str | None = None
    tier: int | None = None
    base: str | None = None
    gate_clear: bool = False

    @property
    def end(self) -> bool:
        return bool(self.speech.end)

    @property
    def asking(self) -> bool:
        """A question is on the table after this turn (the flow goes on)."""
        return self.outcome is None and not self.end and not self.gate_clear

    def keys(self) -> list[str]:
        return self.speech.keys()

    def first(self, key: str, **params) -> Step:
        """KEY said before the rest of the turn."""
        self.speech.ops.insert(0, ("say", key, params))
        return self

    def instead_of_first(self, key: str, **params) -> Step:
        """KEY said instead of the turn's first line (an introduction more fitting to what was said)."""
        self.speech.ops[0] = ("say", key, params)
        return self


# A red-flag question answered a plain "no" earlier in this conversation (session only: answers are never stored) is
# not asked again when a new symptom is said within RECENT_NO_MINUTES only when the new words are clearly placed in
# ANOTHER area: they place a flag of their own (the words' reading, never the slot id alone), name no concept of the
# question's area (REOPENS: concepts of symptoms.yaml), and any feeling word (numb, weak, odd ...) comes with a body
# area (PLACES). Words the reader cannot place, a concept no list knows, accident / toilet words (bladder and bowel),
# dizziness / faint / speech / face words (stroke and chest) reopen what they could touch: when in doubt, ask.
# So new pain in both legs mid-stretch asks the legs question again, not the saddle question answered no three
# minutes before; "I feel numb" asks them all. A "not sure", a yes or an unclear answer is never kept. The person
# hears that earlier answers stand and to say if any of them has changed (KEPT_NO).
RECENT_NO_MINUTES = 60
_TOILET = ("accident", "in_clothes", "unaware", "control_loss", "at_toilet", "void_fail", "urge", "wet_self",
           "soiled_self")
_SEX = ("saddle", "wiping", "saddle_whole", "sexual", "intimacy", "sex_hint")
REOPENS = {
    "saddle_numbness": _SEX,
    "bladder_change": ("bladder", "toilet", "retention", "urinary_change", "urinary_infection") + _TOILET,
    "bowel_change": ("bowel", "toilet", "retention") + _TOILET,
    "leg_weakness": ("legs_both", "leg_one", "weak", "numb", "unsteady", "cant_walk", "radiating", "odd"),
    "major_trauma": ("fall", "height", "crash", "blow", "vehicle", "impact", "fragile"),
    "chest_or_tummy_pain": ("chest", "tummy", "tummy_severe", "breathless", "faint", "dizzy", "ribs", "indigestion",
                            "tearing", "speech", "face", "stroke_word", "sudden", "pale_skin"),
    "stroke_signs": ("face", "body_side", "droop", "speech", "speech_busy", "stroke_word", "arm", "arm_weak", "dizzy",
                     "faint", "unsteady"),
    "sexual_function": _SEX,
}
# Feeling words that say nothing of where: with no body area named (PLACES), nothing is kept.
UNPLACED = ("numb", "weak", "odd", "body_change", "bladder_change", "droop", "arm_weak", "unsteady", "cant_walk")
PLACES = ("saddle", "wiping", "legs_both", "leg_one", "bladder", "toilet", "bowel", "chest", "tummy", "face",
          "body_side", "arm", "at_toilet", "in_clothes", "intimacy", "vehicle", "ribs", "height")
# Concepts that touch no red-flag question's area (tier-2 topics, how bad, when): they neither keep nor reopen.
REOPENS_NOTHING = ("pain", "chest_change", "long_ago", "ordinary", "fine", "speech_ok", "sexual_ok", "minor",
                   "night_better", "weight_word", "weight_change", "things", "fever", "cancer", "immune", "weight",
                   "night", "lump", "upper_back", "severe", "not_improving", "first_time", "life", "recurring",
                   "over_50", "over_70", "strain", "cold_source")
KEPT_NO = "screening.kept_no"


def _known_concepts() -> set[str]:
    """Every concept the kept-no rule knows (a concept outside these keeps nothing)."""
    return {c for cs in REOPENS.values() for c in cs} | set(UNPLACED) | set(PLACES) | set(REOPENS_NOTHING)


def kept_no(content, answered: dict, now: dt.datetime, *, flag: str | None, concepts=()) -> dict:
    """The red-flag "no" answers of this conversation (ANSWERED: question id -> when, UTC ISO) that still stand
    for a new symptom (FLAG: the flag its WORDS place, None when they place none; CONCEPTS: what the words name):
    id -> "no". Conservative: anything unsure keeps nothing."""
    concepts = set(concepts or ())
    if flag is None or not isinstance(answered, dict) or not concepts or concepts - _known_concepts():
        return {}
    if concepts & set(UNPLACED) and not concepts & set(PLACES):
        return {}           # "I feel numb", "my pee won't come": where is not said, so ask them all
    kept = {}
    for qid, when in answered.items():
        said_at = parse_time(when)
        if said_at is None or tier_of(content, qid) != 1 or qid == flag:
            continue
        if not dt.timedelta(0) <= now - said_at <= dt.timedelta(minutes=RECENT_NO_MINUTES):
            continue
        if qid not in REOPENS or set(REOPENS[qid]) & concepts:
            continue
        kept[qid] = "no"
    return kept


def tier1_noes(content, answers: dict) -> set[str]:
    """The red-flag questions answered a plain no in ANSWERS."""
    return {qid for qid, said in answers.items() if said == "no" and tier_of(content, qid) == 1}


def sign_rule(item: dict) -> str | None:
    """The rule that reads emergency signs said at question ITEM (screening.yaml `emergency_signs`: its `rule`,
    e.g. infection_emergency at the fever question, and its sources), else None."""
    signs = item.get("emergency_signs") if isinstance(item, dict) else None
    return signs.get("rule") if isinstance(signs, dict) else None


def step(say=(), *, ask: str | None = None, outcome: str | None = None, tier: int | None = None,
         base: str | None = None, end: bool = False, gate_clear: bool = False, card: str | None = None) -> Step:
    """What to say this turn: lines (key or (key, params)), the question asked (or None), the outcome if finished.
    The reprompt is the question on the table; after an outcome, tier 1 (the session ends) shows the emergency
    card (CARD: the outcome's own, `emergency_card`; else BASE's) and tiers 2-4 (the session stays open) reprompt
    with the tier's offer (BASE) when the outcome said is another key."""
    speech = Speech(ops=[("say", k, {}) if isinstance(k, str) else ("say", k[0], k[1]) for k in say], end=end)
    if outcome is None and not end:
        speech.reprompt = (ask, {}) if ask else None
    elif base and tier == 1:
        speech.card = (card or base, {})     # the emergency card: the number and the advice
    elif base and base != outcome:
        speech.reprompt = (base, {})         # the tier's offer of heat, ice or stretches
    return Step(speech, ask=ask, outcome=outcome, tier=tier, base=base, gate_clear=gate_clear)


def emergency_card(content, outcome: str) -> str | None:
    """The Alexa app card of a tier-1 OUTCOME: its own when it has one (stroke, chest, cauda equina), else None
    (the tier's own outcome's card)."""
    return outcome if "card" in content.entry(outcome) else None


def tier_of(content, symptom: str) -> int | None:
    """The tier of a symptom id (None for cant_walk, which needs clarifying)."""
    for q in content.screening["questions"]:
        if q["id"] == symptom:
            return q["tier"]
    return None


def is_symptom(content, symptom: str | None) -> bool:
    return bool(symptom) and (symptom == CANT_WALK or tier_of(content, symptom) is not None)


def current(content, state: State) -> dict | None:
    """The item being asked now (None past the end)."""
    all_items = items(content, state)
    index = state.question_index
    return all_items[index] if index < len(all_items) else None


def prompt(content, state: State) -> str:
    """The key of the question on the table (for repeat and help)."""
    if state.phase == PHASE_CANT_WALK:
        return content.screening["special"][CANT_WALK]["prompt"]
    item = current(content, state)
    return item["prompt"] if item else INTRO


def begin(content, given: str | None = None, *, known: dict | None = None,
          unplaced: bool = False, urgent: bool = False, ask_first: str | None = None) -> tuple[State, Step]:
    """Start a screening; GIVEN is a symptom already said (a tier-1 one ends it at once). A symptom said, placed
    or not (UNPLACED), or an emergency request (URGENT) puts the urgent questions first. KNOWN: exclusion
    answers already given. ASK_FIRST: a question id to ask before the others (weak evidence of its flag)."""
    placed = given is not None and is_symptom(content, given)
    state = new_state(known, urgent_first=placed or unplaced or urgent)
    if ask_first is not None and tier_of(content, ask_first) is not None:
        state.first = ask_first          # weak evidence: ask its question rather than act on it
        state.weak = [ask_first]
        return state, _advance(content, state, [_intro(content, state, INTRO_SYMPTOM)])
    if placed:
        return state, report(content, state, given, starting=True)
    intro = (_intro(content, state, INTRO_UNPLACED) if unplaced else (INTRO_URGENT, {}) if urgent
             else (INTRO, intro_counts(content)))
    return state, _advance(content, state, [intro])


def gate(content, known: dict | None = None, then: dict | None = None) -> tuple[State, Step]:
    """Before the first stretches of a day: the tier-1 questions only. THEN: the routine request to carry out
    once they are all answered no (a plain dict the routine handler reads back)."""
    state = new_state(known)
    state.gate = True
    state.then = dict(then or {})
    return state, _advance(content, state, [GATE_INTRO])


def needs_gate(content, *, first_seen: dt.date | None, screened_on: dt.date | None, today: dt.date) -> bool:
    """Whether stretches today must wait for the tier-1 questions (screening.yaml `rescreen`): on first use,
    and then every `every_days` while the episode (from the first use) is under `episode_weeks`."""
    rule = content.screening["rescreen"]
    if first_seen is None or first_seen >= today:
        return bool(rule.get("on_first_use", True)) and screened_on != today
    if (today - first_seen).days >= 7 * int(rule["episode_weeks"]):
        return False
    return screened_on is None or (today - screened_on).days >= int(rule["every_days"])


def report_unplaced(content, state: State) -> Step:
    """Mid-screening, symptom words the skill cannot place. At a tier-1 question (or the can't-walk question)
    they are an unclear answer to it: explained and asked again, and a second time counts as yes. Later (the
    tier-1 questions are behind), they are noted and the question on the table is asked again; nothing restarts."""
    item = current(content, state)
    if state.phase == PHASE_CANT_WALK or item is None or (item["kind"] == "question" and item["tier"] == 1):
        return answer(content, state, "unclear")
    return step([NOTED_UNPLACED, item["prompt"]], ask=item["prompt"])


def report(content, state: State, symptom: str, *, starting: bool = False) -> Step:
    """The person said a symptom (now or mid-screening): tier 1 ends at once, others are recorded as yes."""
    if symptom == CANT_WALK:
        state.phase = PHASE_CANT_WALK
        state.resume_intro = starting
        return step([prompt(content, state)], ask=prompt(content, state))
    if tier_of(content, symptom) == 1:
        return _emergency(content, symptom)
    state.answers[symptom] = "yes"
    # noted, said as what it is when the content has its own line ("pain down one leg: noted"), never a flat "noted"
    noted = f"screening.noted.{symptom}" if f"screening.noted.{symptom}" in content.responses else NOTED
    if state.phase == PHASE_CANT_WALK:     # noted; "the pain, or a weak or numb leg?" is still on the table
        return step([noted, prompt(content, state)], ask=prompt(content, state))
    return _advance(content, state, [_intro(content, state, INTRO_SYMPTOM) if starting else noted])


def answer(content, state: State, said: str) -> Step:
    """The person answered the question on the table with SAID (one of ANSWERS, or weak/numb/pain).
    Only a real "not sure" counts towards yes (tier 1, after one clarifying reprompt); something not understood
    is never an answer: the question is explained and asked again, and the third time the screening ends with
    the safety net."""
    if state.phase == PHASE_CANT_WALK:
        return _answer_cant_walk(content, state, said)
    item = current(content, state)
    if item is None:
        return _finish(content, state)
    if said == ASIDE:           # "peeing is fine" at the numbness question: what this one asks, in other words
        return step([SET_ASIDE[said], explanation(content, item["id"], item["prompt"])], ask=item["prompt"])
    if said in SET_ASIDE:
        return set_aside(content, state, [SET_ASIDE[said]])
    if said == WHY:             # "why are you asking?": why it matters, then what it asks in other words
        return step([WHY_ASKED, explanation(content, item["id"], item["prompt"])], ask=item["prompt"])
    if said == BACK_PAIN:       # "my back is sore" at the numbness question: what it asks, in other words
        return step([NOT_THE_PAIN, explanation(content, item["id"], item["prompt"])], ask=item["prompt"])
    if said in CLARIFY_ANSWERS:
        said = "unclear"
    if said == "skip" and item["kind"] == "question" and item["tier"] == 1 and not item.get("optional"):
        said = DECLINED                 # "skip" at a red-flag question that must be answered: declining it
    if said == DECLINED:
        return _declined(content, state, item)
    skipped = said == "skip"
    if said == "skip":
        said = "skipped" if item.get("optional") else "unclear"
    # Nothing understood at all (no words: noise, "erm", an acknowledgement the model missed) never counts as a yes:
    # asked again, the second time with the number first, the third the safety net (lead's ruling, session 4).
    # Words not understood or hedged still count as yes after one re-ask (tiers.1.unsure_counts_as_yes).
    unheard = said == "unheard"
    if unheard:
        said = "unclear"
    if said == "unclear":
        if unheard or not _counts_as_yes_when_unclear(content, state, item):
            return _unclear(content, state, item["id"], item["prompt"], skipped=skipped and not item.get("optional"),
                            unheard=unheard and item["kind"] == "question" and item["tier"] == 1)
        said, reason = "yes", [UNCLEAR_AS_YES]
    else:
        reason = []
    exclusion = item["kind"] == "exclusion"
    if said == "unsure" and (exclusion or item["tier"] == 1):
        if item["id"] not in state.clarified:
            state.clarified.append(item["id"])
            line = CLARIFY_UNSURE_EXCLUSION if exclusion else CLARIFY_UNSURE
            own = f"screening.clarify.unsure.{item['id']}"    # a question's own ("a hard fall, or a smaller slip?")
            if own in content.responses:
                return step([own], ask=own)
            return step([line, item["prompt"]], ask=item["prompt"])
        # Still not sure: the safer reading. An exclusion that would end the screening (under sixteen) is not
        # concluded on a guess, since ending would skip the safety questions; the others count as yes.
        said = "unsure" if exclusion and item["then"] == "stop" else "yes"
    state.unclear = {}
    state.answers[item["id"]] = said
    state.last = item["id"]          # "go back", "I meant yes": this answer can be changed
    if said == "no" and item["id"] in state.weak:
        _keep_said(content, state, item)
    if exclusion:
        return _after_exclusion(content, state, item, said)
    if item["tier"] == 1 and said in item["triggers"] and content.screening["tiers"][1].get("stops_screen", True):
        return _emergency(content, item["id"], reason)
    state.question_index += 1
    return _advance(content, state, [])


def _declined(content, state: State, item: dict) -> Step:
    """ITEM declined ("I'd rather not say"): the private question skipped; a red-flag question the first time asked
    again with why, the second time left with the number said; anything else "not sure" (its own rule)."""
    if item.get("optional"):
        return answer(content, state, "skip")
    if item["kind"] != "question" or item["tier"] != 1:
        return answer(content, state, "unsure")
    misses = state.unclear.get(item["id"], 0)
    if misses < 1:
        state.unclear = {item["id"]: misses + 1}
        return step([DECLINE_WHY, item["prompt"]], ask=item["prompt"])
    state.unclear = {}
    state.answers[item["id"]] = DECLINED
    state.last = item["id"]
    state.question_index += 1
    return _advance(content, state, [DECLINE_LEFT])


def declined_questions(content, answers: dict) -> list[str]:
    """The red-flag questions declined in ANSWERS."""
    return [qid for qid, said in answers.items() if said == DECLINED and tier_of(content, qid) == 1]


def set_aside(content, state: State, lead: list) -> Step:
    """Words that are no answer (a question asked, a remark about something else): LEAD (what is said to them),
    then the question on the table again; nothing is answered, moved or counted."""
    key = prompt(content, state)
    return step([*lead, key], ask=key)


def emergency_earned(content, answers: dict) -> Step | None:
    """The emergency step when the answers so far already earn tier 1 (e.g. cancer in the past and now a leg
    symptom, however each was said), else None: the questions stop there, and so do stop and "not understood"."""
    tier, key = decide(content, answers)
    if tier != 1:
        return None
    return step([key], outcome=key, tier=1, base=content.screening["tiers"][1]["outcome"], end=True,
                card=emergency_card(content, key))


def back(content, state: State, said: str | None = None, *, first: bool = False) -> Step:
    """"Go back" / "I answered that wrong": the last question the person answered is open again (its answer, and
    the follow-ups skipped because of it, forgotten); FIRST ("the first one"): the first question. SAID ("I meant
    yes"): that answer is given to it at once. The questions then go on where they were. With nothing answered
    yet, the question on the table again."""
    all_items = items(content, state)
    last = state.last
    if first and state.phase == PHASE_ASK and all_items and all_items[0]["id"] in state.answers:
        last = all_items[0]["id"]
    index = next((i for i, item in enumerate(all_items) if item["id"] == last), None)
    if state.phase != PHASE_ASK or index is None or index > state.question_index:
        key = prompt(content, state)
        return step([key], ask=key)
    state.answers.pop(last, None)
    for item in all_items[index + 1:]:
        if state.answers.get(item["id"]) == "not_asked":
            state.answers.pop(item["id"])
    if last in state.clarified:
        state.clarified.remove(last)
    state.unclear = {}
    state.last = None
    state.question_index = index
    if said is not None:
        done = answer(content, state, said)
        if done.tier != 1:              # the emergency advice keeps the number first
            done.first(CORRECTED)
        return done
    key = all_items[index]["prompt"]
    return step([BACK, key], ask=key)


def _keep_said(content, state: State, item: dict) -> None:
    """Weak evidence of ITEM's flag was said ("I slipped in the bathroom") and ITEM answered no: what was said is
    kept as a yes to the question screening.yaml names (`said_then_no`: the small fall)."""
    kept = item.get("said_then_no")
    if kept:
        state.answers.setdefault(kept, "yes")


def remember_weak(state: State, symptom: str) -> None:
    """Weak evidence of SYMPTOM's flag was said (a simple fall): kept for its question (`said_then_no`)."""
    weak = state.weak
    if symptom not in weak:
        weak.append(symptom)


def note_weak(content, state: State, symptom: str) -> Step:
    """Weak evidence said mid-screening ("I had a fall"): remembered for its own question (asked in its turn; if
    already answered no, what was said is kept as `said_then_no` says); the question on the table again."""
    remember_weak(state, symptom)
    question = next((q for q in content.screening["questions"] if q["id"] == symptom), None)
    if question is not None and state.answers.get(symptom) == "no":
        _keep_said(content, state, question)
    key = prompt(content, state)
    return step([NOTED, key], ask=key)


def note_age(content, state: State, age: int | None) -> None:
    """An age said in passing ("I'm 78 and I had a fall"): a yes to the questions that ask about being that old
    (screening.yaml `age_at_least`), unless already answered."""
    if age is None:
        return
    for q in content.screening["questions"]:
        if q.get("age_at_least") is None:
            continue
        if age >= q["age_at_least"]:
            state.answers.setdefault(q["id"], "yes")
        elif q.get("age_only"):         # "Are you over fifty?" to someone who said they are 45: no
            state.answers.setdefault(q["id"], "no")
    for exclusion, said in age_exclusions(content, age).items():
        state.answers.setdefault(exclusion, said)


def age_exclusions(content, age: int) -> dict:
    """The exclusion answers an age gives (screening.yaml): under sixteen (`age_below`) yes or no; pregnancy no from
    `no_from_age` on (explore6 #26: never "Could you be pregnant?" to someone of 79)."""
    out = {}
    for x in content.screening["exclusions"]:
        if x.get("age_below") is not None:
            out[x["id"]] = "yes" if age < x["age_below"] else "no"
        if x.get("no_from_age") is not None and age >= x["no_from_age"]:
            out[x["id"]] = "no"
    return out


def age_given(content, state: State, age: int) -> Step:
    """An age said as the answer ("no, I'm 67" heard as just the number): the questions about age take it
    (note_age). When that answers the question on the table, the questions go on; otherwise (the age is only part
    of it: "thin bones, steroids, or over seventy?" to someone of 67) it is noted and the question asked again."""
    note_age(content, state, age)
    item = current(content, state) if state.phase == PHASE_ASK else None
    if item is not None and item["id"] in state.answers:
        said = state.answers[item["id"]]
        state.last = item["id"]
        if item["kind"] == "exclusion":
            done = _after_exclusion(content, state, item, said)
        else:
            state.question_index += 1
            done = _advance(content, state, [])
        if done.outcome is None:
            done.first(NOTED)
        return done
    key = prompt(content, state)
    return step([NOTED, key], ask=key)


def _counts_as_yes_when_unclear(content, state: State, item: dict) -> bool:
    """A tier-1 question not answered clearly after one re-ask counts as yes (the reviewed rule
    tiers.1.unsure_counts_as_yes): the first unclear answer is explained and asked again, the second decides."""
    if item["kind"] != "question" or item["tier"] != 1:
        return False
    if not content.screening["tiers"][item["tier"]].get("unsure_counts_as_yes"):
        return False
    misses = state.unclear
    return misses.get(item["id"], 0) >= 1


def explanation(content, item_id: str, prompt_key: str) -> str:
    """The plain-words explanation of a question (screening.explain.<id>), else the question itself."""
    key = f"screening.explain.{item_id}"
    return key if key in content.responses else prompt_key


def _unclear(content, state: State, item_id: str, prompt_key: str, *, skipped: bool = False,
            unheard: bool = False) -> Step:
    """Not understood ("what do you mean", "definitely not" unheard): explain and ask again, not an answer."""
    misses = state.unclear
    misses = {item_id: misses.get(item_id, 0) + 1}
    state.unclear = misses
    if misses[item_id] >= MAX_UNCLEAR:
        return emergency_earned(content, state.answers) or step([ENDED_UNCLEAR], end=True)
    if skipped:                 # "skip" where it can't be: why it matters, then the same question
        return step([SKIP_REQUIRED, prompt_key], ask=prompt_key)
    if unheard and misses[item_id] >= 2:   # a red-flag question, still nothing heard: the number first
        return step([UNHEARD_SAFETY, prompt_key], ask=prompt_key)
    return step([UNCLEAR, explanation(content, item_id, prompt_key)], ask=prompt_key)


def _after_exclusion(content, state: State, item: dict, said: str) -> Step:
    state.question_index += 1
    if said != "yes":
        return _advance(content, state, [])
    if item["then"] == "stop":
        return step([item["outcome"]], outcome=item["outcome"], end=True)
    # A continuing exclusion with its own tier (recent spine procedure) is spoken at the end, as the outcome.
    return _advance(content, state, [] if item.get("counts_as_tier") else [item["outcome"]])


def _answer_cant_walk(content, state: State, said: str) -> Step:
    special = content.screening["special"][CANT_WALK]
    if said == BACK_PAIN:
        said = "pain"               # "my back is just so sore": the pain
    if said in SET_ASIDE:
        return set_aside(content, state, [SET_ASIDE[said]])
    if said in special["answers"]:
        becomes = special["answers"][said]["becomes"]
    elif said == "unsure" and CANT_WALK in state.clarified:
        becomes = special["unsure"]["becomes"]
    elif said == "unsure":
        state.clarified.append(CANT_WALK)
        return step([CLARIFY_UNSURE, special["prompt"]], ask=special["prompt"])
    else:   # yes, no, skip or not understood: not an answer to "the pain, or a weak or numb leg?"
        return _unclear(content, state, CANT_WALK, special["prompt"])
    state.unclear = {}
    if becomes is not None:
        return _emergency(content, becomes)
    state.phase = PHASE_ASK
    state.answers[CANT_WALK] = "yes"
    intro, state.resume_intro = state.resume_intro, False
    return _advance(content, state, [_intro(content, state, INTRO_SYMPTOM) if intro else NOTED])


def _advance(content, state: State, say: list) -> Step:
    """Move to the next unanswered item and ask it, or finish with the outcome; answers that already earn the
    emergency advice (whatever recorded them: an answer, a symptom said, the can't-walk question) end it now."""
    urgent = emergency_earned(content, state.answers)
    if urgent is not None:
        return urgent
    all_items = items(content, state)
    previous_tier = all_items[state.question_index - 1]["tier"] if state.question_index else 0
    while state.question_index < len(all_items):
        item = all_items[state.question_index]
        if item["id"] in state.answers:
            state.question_index += 1
        elif item.get("ask_if") and state.answers.get(item["ask_if"]) != "yes":
            state.answers[item["id"]] = "not_asked"      # a follow-up only asked after a yes
            state.question_index += 1
        else:
            break
    if state.question_index >= len(all_items):
        return _finish(content, state, say)
    item = all_items[state.question_index]
    if item["tier"] in PROGRESS and previous_tier < item["tier"] and state.question_index > 0 and not say:
        # begun from what was said (a symptom, "my back's gone"): ice or heat can come first, it says so (explore7 #7)
        opens = item["tier"] == 2 and state.urgent_first and urgent_clear(content, state)
        if opens or item["tier"] != 2 or red_flags_denied(content, state.answers):
            say = [PROGRESS_OPEN if opens else PROGRESS[item["tier"]]]   # never "no emergency signs" after a decline
    return step([*say, item["prompt"]], ask=item["prompt"])


def _emergency(content, symptom: str, reason=()) -> Step:
    question = next(q for q in content.screening["questions"] if q["id"] == symptom)
    base = content.screening["tiers"][1]["outcome"]
    key = question.get("outcome") or base
    return step([*reason, key], outcome=key, tier=1, base=base, end=True, card=emergency_card(content, key))


def triggered(content, answers: dict) -> set[str]:
    """The ids whose answer counts against the person (a trigger answer; cant_walk and exclusions on yes)."""
    out = set()
    for q in content.screening["questions"]:
        if q.get("ask_if") and answers.get(q["ask_if"]) != "yes":
            continue            # a follow-up ("a small fall") counts only after a yes to its opener (thin bones)
        if q.get("counts", True) and answers.get(q["id"]) in q["triggers"]:
            out.add(q["id"])
    for x in content.screening["exclusions"]:
        if answers.get(x["id"]) == "yes":
            out.add(x["id"])
    if answers.get(CANT_WALK) == "yes":
        out.add(CANT_WALK)
    return out


def _tier_count(content, hits: set[str], tier: int) -> int:
    count = sum(1 for q in content.screening["questions"] if q["id"] in hits and q["tier"] == tier)
    return count + sum(1 for x in content.screening["exclusions"]
                       if x["id"] in hits and x.get("counts_as_tier") == tier)


def _matches(content, when: dict, hits: set[str]) -> bool:
    if any(i not in hits for i in when.get("all", [])):
        return False
    if when.get("any") and not any(i in hits for i in when["any"]):
        return False
    count = when.get("tier_count")
    return not count or _tier_count(content, hits, count["tier"]) >= count["at_least"]


def decide(content, answers: dict) -> tuple[int, str]:
    """(tier, outcome key) for a finished screening: the escalation rules first, then the highest tier hit."""
    hits = triggered(content, answers)
    if any(tier_of(content, h) == 1 for h in hits):
        first = next(h for h in hits if tier_of(content, h) == 1)
        return 1, _emergency(content, first).outcome
    for rule in content.screening["escalation"]:
        if _matches(content, rule["when"], hits):
            return rule["tier"], rule["outcome"]
    tiers = content.screening["tiers"]
    if _tier_count(content, hits, 2):
        own = [x for x in content.screening["exclusions"] if x["id"] in hits and x.get("counts_as_tier") == 2]
        only_exclusion = own and not any(tier_of(content, h) == 2 for h in hits)
        return 2, own[0]["outcome"] if only_exclusion else tiers[2]["outcome"]
    if declined_questions(content, answers):
        return 2, DECLINED_OUTCOME          # a red-flag question left unanswered: advice today, never "all clear"
    if _tier_count(content, hits, 3) or _unsure_at(content, answers, 2):
        return 3, tiers[3]["outcome"]       # "not sure" to a tier-2 question: at least a doctor within days
    return 4, tiers[4]["outcome"]


def _unsure_at(content, answers: dict, tier: int) -> bool:
    return any(answers.get(q["id"]) == "unsure" for q in content.screening["questions"] if q["tier"] == tier)


def _finish(content, state: State, say=()) -> Step:
    if state.gate and not declined_questions(content, state.answers):
        # Before stretches, the tier-1 questions all answered no: no outcome to give, the stretches go ahead.
        return step([*say, GATE_CLEAR], gate_clear=True)
    tier, key = decide(content, state.answers)
    tiers = content.screening["tiers"]
    said = [x for x in content.screening["exclusions"] if state.answers.get(x["id"]) == "yes"]
    own = [x["self_care"] for x in said if x.get("self_care")] if tier == 4 else []
    if own:
        key = own[0]            # pregnant: the midwife advice first, never "nothing points to a serious cause"
    also = [x["at_outcome"] for x in said if x.get("at_outcome") and tier != 1 and not own]   # the midwife advice
    return step([*say, key, *also] if tier != 1 else [key], outcome=key, tier=tier, base=tiers[tier]["outcome"],
                end=bool(tiers[tier]["ends_session"]), card=emergency_card(content, key) if tier == 1 else None)
