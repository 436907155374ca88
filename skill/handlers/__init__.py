"""Intent handlers, grouped by capability; HANDLERS is the one ordered registration list."""

from __future__ import annotations

import importlib

from skill.handlers import frame

# DESIGN.md order: screening first (emergency symptoms at any moment, then its flow), routine, therapy, reminders,
# the frame's catch-alls last. Each capability module exposes HANDLERS (its own list, already in order:
# events, flow-owned, entry intents) and may expose EXCEPTION_HANDLERS; a module that is not written yet
# is skipped.
CAPABILITIES = ("screening", "routine", "therapy", "reminders")


def _load(name: str):
    try:
        return importlib.import_module(f"skill.handlers.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"skill.handlers.{name}":
            raise  # a broken import inside an existing module must not be hidden
        return None


_MODULES = [module for module in map(_load, CAPABILITIES) if module is not None]

HANDLERS = [handler for module in _MODULES for handler in getattr(module, "HANDLERS", [])] + frame.HANDLERS
EXCEPTION_HANDLERS = ([handler for module in _MODULES for handler in getattr(module, "EXCEPTION_HANDLERS", [])]
                      + frame.EXCEPTION_HANDLERS)
# Request interceptors run before any handler (the frame's: forget disarm, fallback count, mark seen).
REQUEST_INTERCEPTORS = list(frame.REQUEST_INTERCEPTORS)
