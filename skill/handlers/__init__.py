"""Intent handlers, grouped by capability; HANDLERS is the one ordered registration list."""

from __future__ import annotations

from skill.handlers import frame, reminders, routine, screening, therapy

# DESIGN.md order: screening first (emergency symptoms at any moment, then its flow), routine, therapy, reminders,
# the frame's catch-alls last. Each capability module exposes HANDLERS (its own list, already in order:
# events, flow-owned, entry intents) and may expose EXCEPTION_HANDLERS.
CAPABILITIES = (screening, routine, therapy, reminders)

HANDLERS = [handler for module in CAPABILITIES for handler in module.HANDLERS] + frame.HANDLERS
EXCEPTION_HANDLERS = ([handler for module in CAPABILITIES for handler in getattr(module, "EXCEPTION_HANDLERS", [])]
                      + frame.EXCEPTION_HANDLERS)
# Request interceptors run before any handler (the frame's: forget disarm, fallback count, mark seen).
REQUEST_INTERCEPTORS = list(frame.REQUEST_INTERCEPTORS)
# What each capability says is left over at launch (skill.plan.Leftover), in the order the welcome says it.
LEFTOVERS = [therapy.resume_lines, routine.resume_lines]
