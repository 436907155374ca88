"""Intent handlers, grouped by capability; HANDLERS is the one ordered registration list."""

from __future__ import annotations

from skill import locality
from skill.handlers import checkin, declines, frame, health, questions, reminders, routine, screening, therapy

# DESIGN.md order: screening first (emergency symptoms at any moment, then its flow), the check-in (a pain change
# said with no flow), health facts said ("I'm pregnant"), routine, reminders (its own
# intents, its AskFor answer and a pending offer's yes/no only, so before therapy's catch-all AskFor answer), therapy,
# the frame's catch-alls last. Each capability module exposes HANDLERS (its own list, already in order:
# events, flow-owned, entry intents) and may expose EXCEPTION_HANDLERS and REQUEST_INTERCEPTORS. Questions people ask
# ("how long will this last?") after them: at a screening question the screening's own handlers answer them. An offer
# declined ("I don't want the stretches") last: at a flow's question it is that flow's stop.
CAPABILITIES = (screening, checkin, health, routine, reminders, therapy, questions, declines)

HANDLERS = [handler for module in CAPABILITIES for handler in module.HANDLERS] + frame.HANDLERS
EXCEPTION_HANDLERS = ([handler for module in CAPABILITIES for handler in getattr(module, "EXCEPTION_HANDLERS", [])]
                      + frame.EXCEPTION_HANDLERS)
# Request interceptors run before any handler: the device's country and time zone (skill/locality.py), what a bare
# acknowledgement stands for (frame: at a screening question, elsewhere a yes), then the capabilities' own (the
# reminder offer's one turn), then the frame's (forget disarm, fallback count, mark seen).
REQUEST_INTERCEPTORS = ([locality.LocalityInterceptor()] + list(frame.FIRST_REQUEST_INTERCEPTORS)
                        + [i for module in CAPABILITIES for i in getattr(module, "REQUEST_INTERCEPTORS", [])]
                        + list(frame.REQUEST_INTERCEPTORS))
# Response interceptors, before the store is saved: the frame's (whether the response said the emergency number).
RESPONSE_INTERCEPTORS = list(frame.RESPONSE_INTERCEPTORS)
# What each capability says is left over at launch (skill.plan.Leftover), in the order the welcome says it.
LEFTOVERS = [therapy.resume_lines, routine.resume_lines]
