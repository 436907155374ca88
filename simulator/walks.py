"""Conversations walked end to end for the speech budget: a screening answered "no", every routine turn, the ice
started on first and on later use."""

from __future__ import annotations

from content import budget

SCREENING_START = "ask spasm coach is this serious"
ROUTINE_START = "ask spasm coach to start my stretches"
ICE_START = "ask spasm coach to start the ice"
ICE_GAP_SECONDS = 3 * 3600       # past the skin's rest, so the second ice starts
MAX_TURNS = 80


def talk(turn, content, locale: str) -> float:
    """Seconds of talk in a turn's speech (its counted holds and pauses take none)."""
    return budget.talk_seconds(budget.without_holds(turn.speech, content, locale))


def screening_all_no(sim) -> list:
    """Start the screening and answer "no" to everything until an outcome is said; the turns, in order."""
    turns = [sim.say(SCREENING_START)]
    while turns[-1].session_open and len(turns) < MAX_TURNS:
        if any(k.startswith("screening.outcome.") for k in turns[-1].all_keys):
            break
        turns.append(sim.say("no"))
    return turns


def routine_all(sim, *, floor: bool = True) -> list:
    """Every exercise of the default routine (then the floor routine): "no" to the gate's questions, "the same" at
    each pain check, "next" between; the turns, in order."""
    turns = [sim.say(ROUTINE_START)]
    while turns[-1].session_open and len(turns) < MAX_TURNS:
        last = turns[-1]
        keys = last.all_keys
        if "routine.offer_floor" in keys or "routine.stage_check" in keys:
            answer = "yes" if floor else "no"
        elif "routine.pain_check" in keys:
            answer = "the same"
        elif any(k.startswith(("screening.exclusion.", "screening.question.")) for k in keys):
            answer = "no"           # the red-flag gate and the exclusions before the first stretches
        elif any(k.startswith("routine.caution") for k in keys):
            answer = "ready"
        else:
            answer = "next"
        turns.append(sim.say(answer))
    return turns


def ice_starts(sim) -> list:
    """The ice started twice, hours apart (the simulator must have the timers permission): for each, the turn
    that starts it (after "no" to the ice check) and what its timer says when it ends; [(start, announcement)]."""
    out = []
    for _ in range(2):
        turn = sim.say(ICE_START)
        while turn.session_open and "therapy.check.ice" in turn.all_keys:
            turn = sim.say("no")
        fired = sim.advance(ICE_GAP_SECONDS)
        out.append((turn, " ".join(fired.announcements)))
    return out
