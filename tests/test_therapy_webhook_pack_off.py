"""Before a symptom's advice, the "is a pack on the skin?" look at Alexa's timers is brief and keeps the answer's time."""

from __future__ import annotations

import time

from skill import deadline
from skill.domain import therapy as domain
from skill.handlers import therapy as handlers


class _Clock:
    """The deadlines' clock, virtual: monotonic time plus the seconds "slept" by sleep(), which returns at once."""

    def __init__(self):
        self.slept = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.slept

    def sleep(self, seconds: float) -> None:
        self.slept += seconds


class _SlowTimers:
    """A Timers API that takes as long as the bound it is given allows (as a hanging one does), on the clock."""

    seen: list[float] = []
    clock: _Clock | None = None

    def __init__(self, handler_input):
        pass

    def list(self):
        bound = deadline.bound(30.0)
        _SlowTimers.seen.append(bound)
        if _SlowTimers.clock is not None:
            _SlowTimers.clock.sleep(bound)
        raise deadline.DeadlineExceeded("no answer")


def test_a_hanging_timers_api_costs_at_most_a_moment_before_the_advice(monkeypatch):
    clock = _Clock()           # virtual time: the hang costs its bound on the deadlines' clock, not the test's
    monkeypatch.setattr(deadline, "time", clock)
    monkeypatch.setattr(_SlowTimers, "clock", clock)
    monkeypatch.setattr(handlers, "Timers", _SlowTimers)
    token = deadline.activate(deadline.Deadline(5.0))
    try:
        started = clock.monotonic()
        record, now = handlers._live(None, domain.Record(), "now")
        took = clock.monotonic() - started
        left = deadline.current().remaining()
    finally:
        deadline.deactivate(token)
    assert (record, now) == (domain.Record(), "now")            # as stored: the advice goes on
    assert _SlowTimers.seen[-1] <= handlers.PACK_OFF_SECONDS
    # the look's own bound (0.8 s), not what the request has left (3.5 s here), waited out once; the slack is for
    # a loaded machine (the real time between the clock's readings)
    assert handlers.PACK_OFF_SECONDS - 0.01 < took < handlers.PACK_OFF_SECONDS + 1.5, took
    assert left > handlers.ANSWER_RESERVE


def test_with_little_time_left_the_timers_are_not_asked_at_all(monkeypatch):
    _SlowTimers.seen.clear()
    monkeypatch.setattr(handlers, "Timers", _SlowTimers)
    token = deadline.activate(deadline.Deadline(handlers.ANSWER_RESERVE))
    try:
        assert handlers._live(None, domain.Record(), "now") == (domain.Record(), "now")
    finally:
        deadline.deactivate(token)
    assert _SlowTimers.seen == []
