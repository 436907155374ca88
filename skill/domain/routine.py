"""Stretch coaching as pure functions: session state + content in, a Plan (what to say, new state) out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from skill.domain.clock import iso, local_date, parse_time, utc
from skill.plan import Speech

# Where the routine is waiting for the person (session["routine"]["awaiting"]).
EXCLUSION = "exclusion"        # a yes/no exclusion question before the first routine
STAGE_CHECK = "stage_check"    # "can you get onto your hands and knees comfortably?"
CAUTION = "caution"            # an exercise with a skip-caution: "say ready, or skip"
PAIN_CHECK = "pain_check"      # "better, the same, or worse?"
NEXT = "next"                  # "say next when you're ready"
PART = "part"                  # between the turns of one exercise (a side, or a set): "say next for the right side"
OFFER_FLOOR = "offer_floor"    # after the lying-down routine: the later stage, if comfortable
CHOOSE = "choose"              # after the list of routines: which one?
OFFER_START = "offer_start"    # "continue" with nothing saved: start the default routine from the beginning?
PAIN_CHANGES = ("better", "same", "worse")
NUMBER = "frame.number"        # "for an emergency, call ..." (the frame's line)
# What each question the routine can wait on says when asked again (an exclusion's is in the content).
QUESTIONS = {STAGE_CHECK: "routine.stage_check", OFFER_FLOOR: "routine.offer_floor", CHOOSE: "routine.choose",
             OFFER_START: "routine.offer_start", CAUTION: "routine.caution.ask", PAIN_CHECK: "routine.pain_check"}
IN_PROGRESS = (PAIN_CHECK, NEXT, CAUTION, PART)   # an exercise has been set up: there is a place to come back to
# Short turns: one side of a two-sided exercise per turn, and at most this many repetitions in one turn.
MAX_REPS_PER_TURN = 5
RESUME_HOURS = 18              # "continue" picks up progress saved up to this long after the last step
# Words that turn "start my stretches" into "continue my stretches" when heard in the routine slot.
RESUME_WORDS = ("continue", "resume", "carry on", "keep going", "finish")


@dataclass
class Plan:
    """One answer: the speech operations, the new session["routine"], and what to do with the stored record.

    ops: ("say", key, params) | ("hold", seconds) | ("pause", seconds) | ("list", key, items, params).
    save: {"routine_id", "exercise_index"} to store for today; clear: drop the stored record.
    shared: exclusion answers ({id: "yes"|"no"}) to share with the screening for this conversation (session only).
    """

    state: State | None
    ops: list = field(default_factory=list)
    end: bool = False
    reprompt: tuple | None = None
    card: str | None = None
    save: dict | None = None
    clear: bool = False
    leave: bool = False        # hand the conversation back (session["flow"] = None), keeping the state
    shared: dict = field(default_factory=dict)
    offer: str | None = None   # a reminder kind offered with yes/no (skill/handlers/reminders.py answers it)
    ice_or_heat: bool = False  # "would you like heat or ice?" asked: the ice and heat flow answers it
    missed: bool = False       # the answer was not understood: the question again (skill/handlers/misses.py)

    @property
    def flow(self) -> str | None:
        return "routine" if self.state is not None and not self.end and not self.leave else None

    def keys(self) -> list[str]:
        return [op[1] for op in self.ops if op[0] in ("say", "list")]

    def say(self, key: str, **params) -> "Plan":
        self.ops.append(("say", key, params))
        return self

    def speech(self) -> Speech:
        """What to say, as the one plan type every flow hands the renderer (skill.plan.Speech)."""
        return Speech(ops=list(self.ops), reprompt=self.reprompt,
                      card=(self.card, {}) if self.card is not None else None, end=bool(self.end))


AWAITING = (None, EXCLUSION, STAGE_CHECK, CAUTION, PAIN_CHECK, NEXT, PART, OFFER_FLOOR, CHOOSE, OFFER_START)


@dataclass(frozen=True)
class Pending:
    """The start asked for while its gates (exclusions, hands and knees) are open: a routine or one exercise."""

    routine_id: str | None
    exercise_id: str | None = None


@dataclass
class State:
    """The flow's session state (session["routine"]), parsed and validated once where a request reads it
    (State.parse); the domain works on it, the handler stores as_dict(). Session only.

    A field an older version did not store reads as its default, which is always the safe side (the exclusions
    and the full stop rules again, the first turn of the exercise)."""

    routine_id: str | None = None
    exercise_index: int = 0
    rep: int = 0
    paused: bool = False
    awaiting: str | None = None           # one of AWAITING
    single: str | None = None             # one exercise asked for by name (then no routine_id progress)
    cleared: bool = False                 # the exclusion questions answered no in this conversation
    stop_rules_said: bool = False
    exclusion_index: int = 0
    stage_ok: bool = False                # hands and knees said to be comfortable
    pending: Pending | None = None
    excluded: str | None = None           # the exclusion said yes: no stretches in this conversation
    done: int = 0                         # exercises done (pain-checked or moved on from)
    nudged: bool = False                  # the pain check asked once more before "next" moves on
    part: int = 0                         # the turn of the current exercise (a side, or a set)

    @classmethod
    def parse(cls, raw, content) -> State | None:
        """The state RAW names, or None when it cannot be read safely: not a dict, unknown routine, exercise
        or exclusion ids, an unknown step, a negative or out-of-range index, a wrong type. None restarts the
        routine at a safe point (from its start, the exclusions and stop rules again); it never resumes."""
        if not isinstance(raw, dict):
            return None
        values = {}
        for name, default in _DEFAULTS.items():
            value = raw.get(name, default)
            if isinstance(default, bool):
                if not isinstance(value, bool):
                    return None
            elif isinstance(default, int):
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    return None
            elif name in _IDS and value is not None and not isinstance(value, str):
                return None         # a list or a dict is no id (and would break the look-ups below)
            values[name] = value
        pending = values["pending"]
        if pending is not None:
            if not isinstance(pending, dict) or any(
                    pending.get(k) is not None and not isinstance(pending.get(k), str)
                    for k in ("routine_id", "exercise_id")):
                return None
            pending = Pending(pending.get("routine_id"), pending.get("exercise_id"))
            if pending.routine_id is not None and pending.routine_id not in content.routines["routines"] \
                    or pending.exercise_id is not None and pending.exercise_id not in content.exercises["exercises"]:
                return None
        state = cls(**{**values, "pending": pending})
        if state.routine_id is not None and state.routine_id not in content.routines["routines"]:
            return None
        if state.single is not None and state.single not in content.exercises["exercises"]:
            return None
        if state.awaiting not in AWAITING:
            return None
        if state.excluded is not None and state.excluded not in {x["id"] for x in content.screening["exclusions"]}:
            return None
        if state.awaiting == EXCLUSION and state.exclusion_index >= len(exclusions_to_ask(content)):
            return None
        if state.routine_id is not None and not state.single \
                and state.exercise_index > len(content.routine(state.routine_id)["exercises"]):
            return None
        if state.awaiting in IN_PROGRESS:       # an exercise set up: it must be one that exists
            if state.routine_id is None and state.single is None:
                return None
            if state.exercise_index >= len(exercises_of(state, content)):
                return None
        return state

    def update(self, **changes) -> None:
        for name, value in changes.items():
            if name not in _DEFAULTS:
                raise AttributeError(name)
            setattr(self, name, value)

    def copy(self) -> State:
        new = State.__new__(State)          # dataclasses.replace re-runs __init__: ten times slower
        new.__dict__.update(self.__dict__)
        return new

    def as_dict(self) -> dict:
        out = dict(self.__dict__)
        out["pending"] = None if self.pending is None else {"routine_id": self.pending.routine_id,
                                                            "exercise_id": self.pending.exercise_id}
        return out


_DEFAULTS = {f.name: f.default for f in fields(State)}
_IDS = ("routine_id", "awaiting", "single", "excluded")     # str or None


def _state(state: State | None) -> State:
    """A copy the domain may change (the session's own is stored only from the plan)."""
    return state.copy() if state is not None else State()


def valid_state(state, content) -> bool:
    """Whether STATE (session["routine"], a dict) can be read safely (State.parse)."""
    return State.parse(state, content) is not None


# ------------------------------------------------------------------------------------------------
# Content look-ups
# ------------------------------------------------------------------------------------------------

def exclusions_to_ask(content) -> list[dict]:
    """The screening exclusions asked before the first routine, in the screening's asking order."""
    wanted = content.routines["blocked_by"].get("ask_before_first") or content.routines["blocked_by"]["exclusions"]
    return [x for x in content.screening["exclusions"] if x["id"] in wanted]


def blocked_tiers(content) -> list[int]:
    return [int(t) for t in content.routines["blocked_by"]["tiers"]]


def pacing(content) -> dict:
    return {"rest_seconds": 3, "settle_seconds": 2, **(content.routines.get("pacing") or {})}


def exercises_of(state: State, content) -> list[str]:
    """The exercise ids being worked through: the single exercise, or the routine's list."""
    if state.single:
        return [state.single]
    return list(content.routine(state.routine_id)["exercises"])


def stage_of(content, routine_id: str | None, exercise_id: str | None) -> int:
    if exercise_id:
        return int(content.exercise(exercise_id)["stage"])
    return int(content.routine(routine_id)["stage"])


def skip_cautions(content, exercise_id: str) -> list[str]:
    """The caution lines of an exercise that someone with that condition should skip."""
    cautions = content.exercises["cautions"]
    return [cautions[c]["line"] for c in content.exercise(exercise_id)["cautions"] if cautions[c].get("skip")]


def all_cautions(content, exercise_id: str) -> list[str]:
    cautions = content.exercises["cautions"]
    return [cautions[c]["line"] for c in content.exercise(exercise_id)["cautions"]]


# ------------------------------------------------------------------------------------------------
# Speech for one exercise
# ------------------------------------------------------------------------------------------------

def exercise_parts(content, exercise_id: str, locale: str | None = None) -> list[dict]:
    """The turns of one exercise: a side at a time for two-sided exercises, and at most MAX_REPS_PER_TURN
    repetitions in a turn (a breathing exercise is one turn). Each part: {"side": word or None, "reps": n, "first": bool, "last": bool}."""
    ex = content.exercise(exercise_id)
    reps = int(ex["reps"])
    sides = content.words(content.exercises.get("side_words", "common.side"), locale) if ex["sides"] == 2 else [None]
    most = reps if ex.get("breathe_in_seconds") else MAX_REPS_PER_TURN     # breaths: one unhurried turn
    parts = []
    for side in sides:
        left = reps
        while left > 0:
            n = min(left, most)
            parts.append({"side": side, "reps": n})
            left -= n
    for i, part in enumerate(parts):
        part.update(first=i == 0, last=i == len(parts) - 1)
    return parts


def part_ops(content, exercise_id: str, part: dict) -> list:
    """One turn of an exercise. The instruction is said in full once (the release at most twice); after that the
    count carries the pace: "once more", a counted hold, a rest. Breaths: the move line, then in and out."""
    ex = content.exercise(exercise_id)
    pace = pacing(content)
    ops: list = []
    reps = part["reps"]
    if ex.get("breathe_in_seconds"):
        if part["first"]:
            ops.append(("say", f"exercise.{exercise_id}.move", {}))
        for _ in range(reps):
            ops.append(("say", "routine.breath.in", {}))
            ops.append(("pause", int(ex["breathe_in_seconds"])))
            ops.append(("say", "routine.breath.out", {}))
            ops.append(("pause", int(ex["breathe_out_seconds"])))
        if part["last"]:
            ops.append(("say", f"exercise.{exercise_id}.release", {}))
        return ops
    params = {"side": part["side"]} if part["side"] is not None else {}
    hold = int(ex["hold_seconds"])
    for rep in range(reps):
        if rep == 0:
            ops.append(("say", f"exercise.{exercise_id}.move", params))
        elif rep == reps - 1:
            ops.append(("say", "routine.rep.last", {}))
        else:
            ops.append(("say", "routine.rep.again", {}))
        if hold > 0:
            ops.append(("hold", hold))
        if rep == 0 or rep == reps - 1:
            ops.append(("say", f"exercise.{exercise_id}.release", {}))
        if rep < reps - 1:
            ops.append(("pause", pace["rest_seconds"]))
    return ops


def exercise_reps(content, exercise_id: str, locale: str | None = None) -> list:
    """Every turn of one exercise, one after the other (what the whole exercise says, for tests and counts)."""
    ops: list = []
    for part in exercise_parts(content, exercise_id, locale):
        ops.extend(part_ops(content, exercise_id, part))
    return ops


def _announce(plan: Plan, state: State, content, index: int) -> None:
    ids = exercises_of(state, content)
    name = content.exercise(ids[index])["name"]
    if state.single:
        plan.say("routine.single.intro", name=name)
    elif index == 0:
        plan.say("routine.exercise.first", name=name)
    elif index == len(ids) - 1:
        plan.say("routine.exercise.last", name=name)
    else:
        plan.say("routine.exercise.next", name=name)


def _deliver(plan: Plan, state: State, content, index: int, locale: str | None, *, announce: bool = True) -> Plan:
    """Exercise INDEX: its name and position; then either the caution question or the first turn of reps."""
    ids = exercises_of(state, content)
    exercise_id = ids[index]
    state.update(exercise_index=index, rep=0, paused=False, nudged=False, part=0)
    if announce:
        _announce(plan, state, content, index)
    plan.say(f"exercise.{exercise_id}.position")
    plan.ops.append(("pause", pacing(content)["settle_seconds"]))
    if not state.single:
        plan.save = {"routine_id": state.routine_id, "exercise_index": index}
    skips = skip_cautions(content, exercise_id)
    if skips:
        for line in skips:
            plan.say(line)
        plan.say("routine.caution.ask")
        state.awaiting = CAUTION
        plan.reprompt = ("routine.caution.ask", {})
        return plan
    return _do_reps(plan, state, content, locale)


def _do_reps(plan: Plan, state: State, content, locale: str | None) -> Plan:
    exercise_id = exercises_of(state, content)[state.exercise_index]
    for line in all_cautions(content, exercise_id):
        if line not in skip_cautions(content, exercise_id):
            plan.say(line)
    return _do_part(plan, state, content, locale, 0)


def _do_part(plan: Plan, state: State, content, locale: str | None, index: int) -> Plan:
    """Turn INDEX of the current exercise; then "say next" for the following turn, or the pain check."""
    exercise_id = exercises_of(state, content)[state.exercise_index]
    parts = exercise_parts(content, exercise_id, locale)
    state.part = index
    if index > 0 and parts[index]["side"] is not None and parts[index]["side"] != parts[index - 1]["side"]:
        plan.say("routine.part.side.start", side=parts[index]["side"])
    plan.ops.extend(part_ops(content, exercise_id, parts[index]))
    if index + 1 < len(parts):
        state.awaiting = PART
        return _part_prompt(plan, parts[index + 1], parts[index])
    plan.say("routine.pain_check")
    state.awaiting = PAIN_CHECK
    plan.reprompt = ("routine.pain_check", {})
    return plan


def _part_prompt(plan: Plan, following: dict, done: dict | None) -> Plan:
    """"Say next for the right side" (or for a few more) before the following turn of the same exercise."""
    if following["side"] is not None and (done is None or following["side"] != done["side"]):
        plan.say("routine.part.side", side=following["side"])
        plan.reprompt = ("routine.part.side", {"side": following["side"]})
    else:
        plan.say("routine.part.more")
        plan.reprompt = ("routine.part.more", {})
    return plan


# ------------------------------------------------------------------------------------------------
# Starting: blocks, exclusions, stage check, stop rules
# ------------------------------------------------------------------------------------------------

def start(state: State | None, content, *, routine_id: str | None = None, exercise_id: str | None = None,
          outcome_tier: int | None = None, locale: str | None = None, known: dict | None = None) -> Plan:
    """A request for a routine (or one exercise): refuse after a serious screening outcome, else go through the
    exclusion questions (once per conversation; KNOWN answers from the screening are not asked again), the stage
    check for hands-and-knees work, then begin."""
    state = _state(state)
    if outcome_tier is not None and int(outcome_tier) in blocked_tiers(content):
        return Plan(state, end=int(outcome_tier) == 1, leave=True).say(
            "routine.blocked.emergency" if int(outcome_tier) == 1 else "routine.blocked.today")
    if state.excluded:
        return _excluded(Plan(state), state, content, state.excluded)
    if exercise_id not in content.exercises["exercises"]:
        exercise_id = None
    if routine_id not in content.routines["routines"]:
        routine_id = None
    if in_progress(state) and exercise_id is None and routine_id in (None, state.routine_id):
        return carry_on(state, content, locale)      # "start my stretches" again mid-way: where we left off
    if exercise_id is None and routine_id is None:
        routine_id = content.default_routine_id()
    state.pending = Pending(routine_id, exercise_id)
    return _continue_start(Plan(state), state, content, locale, known, intro=True)


def _continue_start(plan: Plan, state: State, content, locale, known: dict | None = None, *,
                    intro: bool = False) -> Plan:
    """The next gate of the pending start, or the start itself."""
    questions = exclusions_to_ask(content)
    known = known or {}
    if not state.cleared:
        for question in questions[state.exclusion_index:]:
            if known.get(question["id"]) == "yes":     # already said yes (in the screening): no stretches, and
                state.update(excluded=question["id"], awaiting=None, pending=None)   # nothing more to ask
                return _excluded(plan, state, content, question["id"])
    while not state.cleared and state.exclusion_index < len(questions) \
            and known.get(questions[state.exclusion_index]["id"]) == "no":
        state.exclusion_index += 1
    if not state.cleared and state.exclusion_index < len(questions):
        if intro:
            plan.say("routine.exclusions.intro")
        question = questions[state.exclusion_index]
        plan.say(question["prompt"])
        state.awaiting = EXCLUSION
        plan.reprompt = (question["prompt"], {})
        return plan
    state.cleared = True
    pending = state.pending or Pending(content.default_routine_id())
    if stage_of(content, pending.routine_id, pending.exercise_id) >= 2 and not state.stage_ok:
        plan.say("routine.stage_check")
        state.awaiting = STAGE_CHECK
        plan.reprompt = ("routine.stage_check", {})
        return plan
    state.pending = None
    return begin(plan, state, content, pending.routine_id, pending.exercise_id, locale)


def _excluded(plan: Plan, state: State, content, exclusion_id: str) -> Plan:
    """No stretches in this conversation: the exclusion's own line after PLAN's. An exclusion that stops the
    skill altogether (screening.yaml `then: stop`: under sixteen) closes the session; the others hand the
    conversation back with heat or ice offered."""
    stops = any(x["id"] == exclusion_id and x.get("then") == "stop" for x in content.screening["exclusions"])
    return Plan(state, ops=plan.ops, leave=not stops, end=stops).say(f"routine.excluded.{exclusion_id}")


def begin(plan: Plan, state: State, content, routine_id: str | None, exercise_id: str | None, locale,
          index: int = 0) -> Plan:
    """Stop rules (in full the first time in a conversation), the routine's intro, then exercise INDEX."""
    state.update(routine_id=routine_id, single=exercise_id, awaiting=None, paused=False)
    rules = content.routines["stop_rules"]
    plan.say(rules["short_line"] if state.stop_rules_said else rules["line"])
    state.stop_rules_said = True
    if exercise_id is None:
        if index == 0:
            plan.say(content.routine(routine_id)["intro"])
    return _deliver(plan, state, content, index, locale)


def answer(state: State | None, content, yes: bool | None, locale: str | None = None,
           known: dict | None = None) -> Plan:
    """Yes / No (None = unsure) while the routine waits for an answer."""
    state = _state(state)
    awaiting = state.awaiting
    if awaiting == EXCLUSION:
        question = exclusions_to_ask(content)[state.exclusion_index]
        if yes is None or yes:   # unsure counts as yes: the safer route (only a clear answer is shared)
            state.update(excluded=question["id"], awaiting=None, pending=None)
            plan = _excluded(Plan(state), state, content, question["id"])
            plan.shared = {question["id"]: "yes"} if yes else {}
            return plan
        state.exclusion_index += 1
        plan = _continue_start(Plan(state), state, content, locale, known)
        plan.shared = {question["id"]: "no", **plan.shared}
        return plan
    if awaiting == STAGE_CHECK:
        if yes:
            state.stage_ok = True
            return _continue_start(Plan(state), state, content, locale)
        state.pending = None
        plan = Plan(state).say("routine.stage_check.no")
        if yes is None:
            plan.ops[-1] = ("say", "routine.stage_check.unsure", {})
        return begin(plan, state, content, content.default_routine_id(), None, locale)
    if awaiting == OFFER_FLOOR:
        if yes:
            state.stage_ok = True
            return begin(Plan(state), state, content, "floor", None, locale)
        return offer_reminder(Plan(None))
    if awaiting == CAUTION:
        if yes:
            state.paused = False
            return _do_reps(Plan(state), state, content, locale)
        if yes is None:
            return _reask(Plan(state), state, content)
        return next_exercise(state, content, locale, skipped=True)
    if awaiting == CHOOSE:
        if yes:
            return start(state, content, locale=locale)
        return stop(state, content)
    if awaiting == OFFER_START:
        if yes:
            state.awaiting = None
            return start(state, content, locale=locale, known=known)
        if yes is None:
            return _reask(Plan(state), state, content)
        return Plan(None, end=True).say("routine.offer_start.declined")
    if awaiting in (NEXT, PART):
        if yes:
            return next_exercise(state, content, locale)
        # "No" (or "not sure") to "say next when you're ready" means not ready yet: wait, never a dead end.
        return _reask(Plan(state).say("routine.not_ready"), state, content)
    if awaiting == PAIN_CHECK:
        if yes is None:       # "I don't know", "hard to say": no worse, so on gently (worse still stops, any time)
            plan = Plan(state).say("routine.pain.unsure")
            state.done += 1
            return _after_pain_check(plan, state, content)
        return _reask(Plan(state, missed=True).say("routine.pain_check.unclear"), state, content)
    return not_understood(state, content)


def acknowledged(state: State | None, content) -> Plan:
    """A bare "okay" at an exclusion question ("Are you under sixteen?"): no answer (it excluded an adult from the
    stretches); what a yes or a no means, and the question again."""
    state = _state(state)
    return _reask(Plan(state).say("screening.acknowledged"), state, content)


def asks_age(state: State | None, content) -> bool:
    """Whether the question on the table is an exclusion about age ("Are you under sixteen?")."""
    if state is None or state.awaiting != EXCLUSION or state.cleared:
        return False
    questions = exclusions_to_ask(content)
    return state.exclusion_index < len(questions) and questions[state.exclusion_index].get("age_below") is not None


def age_given(state: State | None, content, age: int, locale: str | None = None, known: dict | None = None) -> Plan:
    """An age said at "Are you under sixteen?" ("I'm fifteen", "no, I'm forty"): the answer it gives."""
    state = _state(state)
    if not asks_age(state, content):
        return not_understood(state, content)
    below = int(exclusions_to_ask(content)[state.exclusion_index]["age_below"])
    return answer(state, content, age < below, locale, known)


# ------------------------------------------------------------------------------------------------
# In the routine
# ------------------------------------------------------------------------------------------------

def pain(state: State | None, content, change: str | None, locale: str | None = None,
         heard: str | None = None) -> Plan:
    """The pain check: worse stops the routine with advice; better or the same moves on (or finishes).
    HEARD: words said that are not a pain change ("I feel sick", "dizzy"): during an exercise, stop and rest."""
    state = _state(state)
    if change not in PAIN_CHANGES:
        if heard and state.awaiting in IN_PROGRESS:
            return unwell(state, content)
        return _reask(Plan(state, missed=True).say("routine.pain_check.unclear" if state.awaiting == PAIN_CHECK
                                                   else "routine.not_understood"), state, content)
    if change == "worse":      # at any step, not only when asked: stop with the advice
        return worse(state, content)
    if state.awaiting != PAIN_CHECK:
        return not_understood(state, content)
    plan = Plan(state).say(f"routine.pain.{change}")
    state.done += 1
    return _after_pain_check(plan, state, content)


# A pain score out of ten (explore7 #8: "six out of ten", "about a four"). No clinical cut-off is read into the
# number itself: only its change since the last score said in this conversation is (lower is better, higher worse).
SCORE_RANGE = range(0, 11)


def pain_score(state: State | None, content, score: int, before: int | None, locale: str | None = None) -> Plan:
    """A score said at the pain check or during an exercise: compared with BEFORE (the last score said), lower is
    better, the same is the same, higher is worse (worse stops, at any step). With nothing to compare, or not at
    the pain check: the score said back and the question on the table again, which way the pain went when it is
    the pain check. A valid score is never counted as an answer not understood."""
    state = _state(state)
    if before is not None and score != before:
        change = "worse" if score > before else "better"
    else:
        change = "same" if before is not None else None
    if change == "worse":
        plan = worse(state, content)
        plan.ops.insert(0, ("say", "routine.pain_score.up", {"score": score, "before": before}))
        return plan
    if state.awaiting == PAIN_CHECK and change is not None:
        plan = pain(state, content, change, locale)
        plan.ops.insert(0, ("say", "routine.pain_score.down", {"score": score, "before": before}) if change == "better"
                        else ("say", "routine.pain_score.same", {"score": score}))
        return plan
    if state.awaiting == PAIN_CHECK:
        return _reask_as(Plan(state).say("routine.pain_score.which_way", score=score), state,
                         "routine.pain_score.which_way.ask")
    return _reask(Plan(state).say("routine.pain_score.noted", score=score), state, content)


def _reask_as(plan: Plan, state: State, key: str) -> Plan:
    """The pain check asked in KEY's words (its reprompt the pain check's own)."""
    state.awaiting = PAIN_CHECK
    plan.say(key)
    plan.reprompt = ("routine.pain_check", {})
    return plan


def _after_pain_check(plan: Plan, state: State, content) -> Plan:
    ids = exercises_of(state, content)
    index = state.exercise_index
    if state.single:
        state.awaiting = NEXT
        return plan.say("routine.single.done", name=content.exercise(ids[index])["name"])
    if index + 1 >= len(ids):
        return finish(plan, state, content)
    state.awaiting = NEXT
    state.exercise_index = index   # the exercise done; "next" delivers index + 1
    plan.save = {"routine_id": state.routine_id, "exercise_index": index + 1}
    plan.say("routine.ready_next", name=content.exercise(ids[index + 1])["name"])
    return plan


def worse(state: State | None, content) -> Plan:
    """Worse: stop the routine, the emergency signs first, and heat or ice offered with the session open (explore6
    #27: someone in more pain should not have to open the skill again for it); outside a routine the same advice,
    and the session ends, so it names the words that work with the microphone closed. The saved place is dropped."""
    in_routine = state is not None and bool(state.routine_id or state.single)
    plan = Plan(None, end=not in_routine, clear=True, ice_or_heat=in_routine)
    plan.say("routine.pain.worse" if in_routine else "routine.pain.worse.idle")
    plan.card = "routine.pain.worse"
    return plan


def unwell(state: State | None, content) -> Plan:
    """Sick, dizzy or faint (anything said at the pain check that is not better, same or worse): the
    conservative reading is to stop and rest. The place is kept, so "continue" works once it has passed."""
    plan = Plan(None, end=True).say("routine.pain.unwell")
    plan.card = "routine.pain.unwell"
    return plan


def finish(plan: Plan, state: State, content) -> Plan:
    """The routine is done: well done, how often, and the later stage offered only if it is comfortable."""
    routine = content.routine(state.routine_id)
    plan.clear = True
    if not state.done:      # every exercise skipped (or never checked): no praise, no harder routine
        plan.state, plan.end = None, True
        return plan.say("routine.finished.none_done", routine_name=routine["name"])
    plan.say("routine.finished", routine_name=routine["name"],
             times=content.routines["dosing"]["times_per_day"])
    if int(routine["stage"]) < 2 and state.routine_id != "floor" and "floor" in content.routines["routines"]:
        state.awaiting = OFFER_FLOOR
        plan.say("routine.offer_floor")
        plan.reprompt = ("routine.offer_floor", {})
        return plan
    plan.state = None
    return offer_reminder(plan)


def offer_reminder(plan: Plan) -> Plan:
    """The routine is over: instead of goodbye, offer a reminder to do it again later today (yes sets it, no is
    the goodbye; skill/handlers/reminders.py)."""
    plan.end, plan.offer = False, "stretches"
    plan.reprompt = ("reminders.offer.stretches", {})
    return plan.say("reminders.offer.stretches")


def next_exercise(state: State | None, content, locale: str | None = None, *, skipped: bool = False) -> Plan:
    """Next (or skip): the following exercise, or the end of the routine."""
    state = _state(state)
    if state.awaiting in (OFFER_FLOOR, STAGE_CHECK, OFFER_START) and not skipped:
        return answer(state, content, False, locale)     # "skip" to a yes/no offer is a no
    if state.awaiting in (EXCLUSION, STAGE_CHECK, OFFER_FLOOR, CHOOSE, OFFER_START) \
            or state.routine_id is None and not state.single:
        return not_understood(state, content)
    if state.awaiting == PART and not skipped:
        return _do_part(Plan(state), state, content, locale, state.part + 1)
    if state.awaiting == PAIN_CHECK and not state.nudged:
        state.nudged = True      # the pain check is asked once more before moving on: worse must stop
        plan = Plan(state).say("routine.pain_check.first")
        return _reask(plan, state, content)
    if state.awaiting == PAIN_CHECK and not skipped:
        state.done += 1     # done when the person moves on from it
    ids = exercises_of(state, content)
    plan = Plan(state)
    if skipped or state.awaiting == CAUTION:
        plan.say("routine.skipped")
    if state.single:
        state.awaiting = NEXT
        return plan.say("routine.single.done", name=content.exercise(ids[0])["name"])
    index = state.exercise_index + 1
    if index >= len(ids):
        return finish(plan, state, content)
    return _deliver(plan, state, content, index, locale)


def repeat(state: State | None, content, locale: str | None = None) -> Plan:
    """"Do it again": the same question again, or the exercise just done (or being set up) once more."""
    state = _state(state)
    if state.awaiting in (EXCLUSION, STAGE_CHECK, OFFER_FLOOR, CHOOSE):
        return _reask(Plan(state).say("routine.repeat.question"), state, content)
    plan = Plan(state).say("routine.repeat")
    return _deliver(plan, state, content, state.exercise_index, locale, announce=False)


def say_again(state: State | None, content, locale: str | None = None) -> Plan:
    """"What?", "pardon", "say that again" (RepeatIntent): at the pain check the question again, short (the person
    missed the question, not the exercise; "do it again" is RepeatExerciseIntent: repeat); elsewhere as repeat."""
    state = _state(state)
    if state.awaiting == PAIN_CHECK:
        return _reask(Plan(state).say("routine.repeat.question"), state, content)
    return repeat(state, content, locale)


def number(state: State | None, content) -> Plan:
    """"What's the emergency number?" while the routine owns the turn: the number, then the step it waits on again
    (the question, or "say next"): never a bare "say repeat"."""
    state = _state(state)
    plan = Plan(state).say(NUMBER)
    plan.card = NUMBER
    return _reask(plan, state, content)


def left(state: State | None, content) -> Plan:
    """"How long is left?" during a routine (no timers of ours running): how many exercises are left, then the
    step it waits on again; the routine goes on."""
    state = _state(state)
    if state.routine_id is None or state.single:
        return _reask(Plan(state).say("routine.left.last"), state, content) if state.single \
            else not_understood(state, content)
    count = len(exercises_of(state, content)) - state.exercise_index - 1
    plan = Plan(state)
    if count <= 0:
        plan.say("routine.left.last")
    else:
        plan.say("routine.left.one" if count == 1 else "routine.left.more", count=count)
    return _reask(plan, state, content)


def already(state: State | None, content) -> Plan:
    """"Start my stretches" (no routine or exercise named) while the routine is under way in this conversation and
    owns the turn: it goes on where it is (the question on the table again), never from the start. At the pain
    check, words heard as it may be about what the stretch did ("the exercises hurt my leg", review4 #1b): the stop
    rule for a leg or numbness is said before the question."""
    state = _state(state)
    plan = Plan(state).say("routine.already", routine_name=content.routine(state.routine_id)["name"])
    if state.awaiting == PAIN_CHECK:
        plan.say("routine.already.check")
    return _reask(plan, state, content)


# What a plain "it's worse" is made of ("a bit worse actually", "the exercises are making it worse", "ouch, that
# hurt more"): pain words, and words that only say how much, when or what did it. Anything else said ("my leg",
# "my side", "sick", "not") is more than a pain change: the red-flag questions read it (explore4 F5).
WORSE_WORDS = frozenset("""worse worsening hurt hurts hurting pain painful paining sore sorer ouch ow owww agony aching
    achy twinge twinges twinged sharper""".split())
PLAIN_WORDS = frozenset("""a an the it it's its is was has had that that's this these bit little lot much way heaps
    really actually now so very quite just more getting got gets get gone made make making makes feel feels feeling
    felt i i'm i've me my back lower think afraid bloody oh um uh er erm ah ugh argh ooh yeah yes well okay ok kind
    of sort kinda sorta slightly definitely than before still even too again stretch stretches stretching exercise
    exercises one do does did doing done and in on when move moving bend bending tad rather pretty to be been
    starting started already honestly are were am""".split())


def worse_only(words: str | None) -> bool:
    """Whether WORDS say only that the pain is worse (a pain word, and nothing but PLAIN_WORDS beside it)."""
    said = "".join(c if c.isalnum() or c == "'" else " " for c in (words or "").lower()).split()
    return any(w in WORSE_WORDS for w in said) and all(w in WORSE_WORDS or w in PLAIN_WORDS for w in said)


def previous(state: State | None, content, locale: str | None = None) -> Plan:
    """Go back: the exercise before the current one (after a pain check, "current" is the one announced next,
    so going back does the one just finished). At the first exercise, that one again. A question waiting is
    asked again."""
    state = _state(state)
    if state.awaiting in (EXCLUSION, STAGE_CHECK, OFFER_FLOOR, CHOOSE, OFFER_START) \
            or state.routine_id is None and not state.single:
        return _reask(Plan(state).say("routine.previous.none"), state, content)
    index = state.exercise_index if state.awaiting == NEXT else state.exercise_index - 1
    if state.single or index < 0:
        plan = Plan(state).say("routine.previous.first")
        index = max(index, 0)
    else:
        plan = Plan(state)
    name = content.exercise(exercises_of(state, content)[index])["name"]
    plan.say("routine.previous", name=name)
    return _deliver(plan, state, content, index, locale, announce=False)


def start_over(state: State | None, content, locale: str | None = None) -> Plan:
    """Start over: the same routine from its first exercise (the gates already passed stay passed)."""
    state = _state(state)
    if state.routine_id is None and not state.single:
        return start(state, content, locale=locale)
    plan = Plan(state).say("routine.start_over")
    return begin(plan, state, content, state.routine_id, state.single, locale)


def toilet_break(state: State | None, content) -> Plan:
    """"I need a wee" mid-routine: go ahead; the session ends as stop does (today's progress stays stored, so
    "continue" picks up at the same exercise)."""
    state = _state(state)
    in_routine = state.routine_id is not None and not state.single and state.awaiting in IN_PROGRESS
    return Plan(None, end=True).say("routine.toilet.resumable" if in_routine else "routine.toilet")


def pause(state: State | None, content) -> Plan:
    """Pause: wait, with the progress kept."""
    state = _state(state)
    state.paused = True
    plan = Plan(state).say("routine.paused")
    plan.reprompt = ("routine.paused", {})
    return plan


def resume(state: State | None, content, locale: str | None = None) -> Plan:
    """Resume in the same conversation: carry on where we were."""
    state = _state(state)
    state.paused = False
    plan = Plan(state).say("routine.resumed")
    awaiting = state.awaiting
    if awaiting == NEXT and not state.single:
        return _merge(plan, next_exercise(state, content, locale))
    if awaiting == CAUTION:
        return _do_reps(plan, state, content, locale)
    if awaiting == PART:
        return _do_part(plan, state, content, locale, state.part + 1)
    if awaiting is None and state.routine_id is None and not state.single:
        return not_understood(state, content)
    return _reask(plan, state, content)


def _merge(first: Plan, second: Plan) -> Plan:
    second.ops = first.ops + second.ops
    return second


def resume_record(record: dict | None, now, content) -> dict | None:
    """The stored progress "continue" picks up, if it names a routine and exercise that still exist and is
    recent: saved less than RESUME_HOURS before NOW (a datetime). The request carries no time zone, so a
    calendar day would be a UTC day (ending mid-afternoon in California); a window since the last step works
    in every zone. A record without "saved_at" (older) counts for its own UTC date; NOW may also be that date
    as "YYYY-MM-DD"."""
    if not isinstance(record, dict):
        return None
    if isinstance(now, dt.datetime):
        saved = parse_time(record.get("saved_at"))
        if saved is not None:
            if not dt.timedelta(0) <= utc(now) - saved <= dt.timedelta(hours=RESUME_HOURS):
                return None
        elif record.get("date") != local_date(now).isoformat():
            return None
    elif record.get("date") != now:
        return None
    routine_id = record.get("routine_id")
    index = record.get("exercise_index")
    if routine_id not in content.routines["routines"] or not isinstance(index, int) or isinstance(index, bool):
        return None
    if not 0 <= index < len(content.routine(routine_id)["exercises"]):
        return None
    return {"routine_id": routine_id, "exercise_index": index}


def record_for(save: dict, now: dt.datetime) -> dict:
    """The stored record of a plan's save at NOW: the person's date (NOW on the device's clock) and the time."""
    return {"date": local_date(now).isoformat(), "saved_at": iso(now), **save}


def in_progress(state: State | None) -> bool:
    """A routine (not a single exercise) set up in this conversation, with a place to come back to."""
    return state is not None and bool(state.routine_id) and not state.single \
        and state.awaiting in IN_PROGRESS and not state.excluded


def carry_on(state: State, content, locale: str | None = None) -> Plan:
    """Back to a routine left earlier in this conversation (a screening in between, say): the short stop
    rules, then the exercise whose pain check was pending, or the next one."""
    state = _state(state)
    index = state.exercise_index + (1 if state.awaiting == NEXT else 0)
    ids = exercises_of(state, content)
    plan = Plan(state).say("routine.resumed.later", routine_name=content.routine(state.routine_id)["name"])
    if index >= len(ids):
        return finish(plan, state, content)
    return begin(plan, state, content, state.routine_id, None, locale, index=index)


def nothing_to_continue(state: State | None, content) -> Plan:
    """"Continue" with no stretches saved: say so, and offer the default routine from the beginning."""
    state = _state(state)
    state.awaiting = OFFER_START
    plan = Plan(state).say("routine.nothing_to_continue",
                           routine_name=content.routine(content.default_routine_id())["name"])
    plan.reprompt = ("routine.offer_start", {})
    return plan


def wants_resume(heard: str | None) -> bool:
    """Whether words heard in the routine slot ("continue my stretches") ask to carry on, not to start."""
    words = " ".join((heard or "").lower().split())
    return any(words == w or words.startswith(w + " ") for w in RESUME_WORDS)


def resume_later(record: dict, content, locale: str | None = None) -> Plan:
    """"Ask spasm coach to continue" in a new conversation: the stop rules again, then the same exercise.
    The stored record exists only if the exclusion questions were passed earlier today."""
    state = _state(None)
    state.update(cleared=True, stage_ok=record["routine_id"] == "floor")
    name = content.routine(record["routine_id"])["name"]
    plan = Plan(state).say("routine.resumed.later", routine_name=name)
    return begin(plan, state, content, record["routine_id"], None, locale, index=record["exercise_index"])


def stop(state: State | None, content) -> Plan:
    """Stop or cancel: end now; progress stays stored for today."""
    state = _state(state)
    in_routine = state.routine_id is not None and not state.single and state.awaiting in IN_PROGRESS
    return Plan(None, end=True).say("routine.stopped.resumable" if in_routine else "routine.stopped")


def help_(state: State | None, content) -> Plan:
    """Help: the words the routine listens to, then the same step again."""
    state = _state(state)
    if state.paused:
        plan = Plan(state).say("routine.help.paused")
        plan.reprompt = ("routine.paused", {})
        return plan
    plan = Plan(state).say("routine.help")
    return _reask(plan, state, content)


def not_understood(state: State | None, content) -> Plan:
    state = _state(state)
    plan = Plan(state, missed=True).say("routine.not_understood")
    return _reask(plan, state, content)


def gave_up(state: State | None, content) -> Plan:
    """The third misunderstanding in a row: end as stop does (progress stays stored); the words are the
    caller's (skill/handlers/misses.py)."""
    plan = stop(state, content)
    plan.ops = []
    return plan


def _reask(plan: Plan, state: State, content) -> Plan:
    """Say again what the routine is waiting for (the question, or "say next")."""
    awaiting = state.awaiting
    ids = exercises_of(state, content) if state.routine_id or state.single else []
    if awaiting == EXCLUSION:
        key = exclusions_to_ask(content)[state.exclusion_index]["prompt"]
    elif awaiting in QUESTIONS:
        key = QUESTIONS[awaiting]
    elif awaiting == PART:
        exercise_id = ids[state.exercise_index]
        parts = exercise_parts(content, exercise_id)
        index = state.part
        if index + 1 < len(parts):
            return _part_prompt(plan, parts[index + 1], parts[index])
        key = "routine.what_next"
    elif awaiting == NEXT and not state.single and state.exercise_index + 1 < len(ids):
        plan.say("routine.ready_next", name=content.exercise(ids[state.exercise_index + 1])["name"])
        return plan
    else:
        key = "routine.what_next"
    plan.say(key)
    plan.reprompt = (key, {})
    return plan


def list_routines(state: State | None, content) -> Plan:
    """The routines by name, and which one to start."""
    state = _state(state)
    names = [r["name"] for r in content.routines["routines"].values()]
    state.awaiting = CHOOSE
    plan = Plan(state)
    plan.ops.append(("list", "routine.list", names, {}))
    plan.reprompt = ("routine.choose", {})
    return plan
