"""Misunderstandings in a row, the same rule wherever a question is on the table: first a short re-ask, then help
with the emergency line (and the question again), then a goodbye that closes.

The count lives in session["misses"]; the frame's interceptor moves it into the request attributes before every
request, and only a turn that misunderstood again puts it back, so any understood answer starts it over. The
screening's questions keep their own rule (a tier-1 question not answered after one re-ask counts as yes).
"""

from __future__ import annotations

from skill.plan import Speech

MISSES = "misses"
BEFORE_MORE_HELP = 1
BEFORE_GOODBYE = 2                 # the third miss in a row closes the session (with the emergency line)
AGAIN, HELP, GOODBYE = "again", "help", "goodbye"
HELP_KEY = "frame.missed.help"     # replaces the "sorry, I didn't catch that" of a flow's re-ask
GOODBYE_KEY = "frame.fallback.goodbye"


def missed(handler_input) -> str:
    """Count one more misunderstanding in a row; AGAIN (the short re-ask), HELP or GOODBYE."""
    misses = int(handler_input.attributes_manager.request_attributes.get(MISSES) or 0) + 1
    if misses > BEFORE_GOODBYE:
        return GOODBYE
    handler_input.attributes_manager.session_attributes[MISSES] = misses
    return HELP if misses > BEFORE_MORE_HELP else AGAIN


def with_help(speech: Speech) -> Speech:
    """A flow's re-ask ("Sorry, I didn't catch that." and the question) with the help line for its first line."""
    ops = list(speech.ops)
    if ops and ops[0][0] == "say":
        ops[0] = ("say", HELP_KEY, {})
    else:
        ops.insert(0, ("say", HELP_KEY, {}))
    return Speech(ops=ops, reprompt=speech.reprompt, card=speech.card, directives=list(speech.directives),
                  end=speech.end)


def goodbye() -> Speech:
    """The third miss in a row: the emergency line, how to come back, and the session closes."""
    return Speech(ops=[("say", GOODBYE_KEY, {})], end=True)
