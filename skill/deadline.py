"""The request deadline: one time budget per request, read by every dependency call through a context variable.

The webhook starts a Deadline when a request arrives (`start(budget)`); the store and the Alexa API client take
their own bound clipped to what is left (`bound(limit)`), and raise DeadlineExceeded instead of starting a call
that could not finish in time. Outside a request (Lambda warm-up, tests, the CLI) there is no deadline and
`bound(limit)` is just LIMIT. DESIGN.md, "Request deadline", has the budget.
"""

from __future__ import annotations

import contextvars
import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger("spasm_coach.deadline")


class DeadlineExceeded(Exception):
    """The request's time is up (or too little is left to start a dependency call)."""


class Deadline:
    """An absolute end time (time.monotonic) for one request; `abandon()` once the answer has gone without it."""

    __slots__ = ("started", "end", "abandoned", "unreachable")

    def __init__(self, budget: float):
        self.started = time.monotonic()
        self.end = self.started + budget
        self.abandoned = False
        self.unreachable: set[str] = set()   # API hosts that did not answer in this request (not tried again)

    def remaining(self) -> float:
        """Seconds left (0 or less when spent, or when the request was answered without this work)."""
        return -1.0 if self.abandoned else self.end - time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def bound(self, limit: float, reserve: float = 0.0) -> float:
        """LIMIT, or less when the request has less left (keeping RESERVE for the answer); DeadlineExceeded when
        nothing is left."""
        left = self.remaining() - reserve
        if left <= 0.01:
            raise DeadlineExceeded(f"request deadline spent ({self.elapsed():.2f} s)")
        return min(limit, left)

    def abandon(self) -> None:
        """The request was answered without this work: every later bound() raises, so no late write lands."""
        self.abandoned = True


_current: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("spasm_coach_deadline", default=None)


def start(budget: float) -> Deadline:
    """Start the current context's deadline (call inside the request's own context)."""
    deadline = Deadline(budget)
    _current.set(deadline)
    return deadline


def activate(deadline: Deadline | None) -> contextvars.Token:
    """Make DEADLINE current in this thread's context until deactivate(token) (a server thread's context
    outlives its request)."""
    return _current.set(deadline)


def deactivate(token: contextvars.Token) -> None:
    _current.reset(token)


def current() -> Deadline | None:
    return _current.get()


def bound(limit: float, reserve: float = 0.0) -> float:
    """LIMIT clipped to the current request's deadline (LIMIT itself outside a request)."""
    deadline = _current.get()
    return limit if deadline is None else deadline.bound(limit, reserve)


class Reaper:
    """One daemon thread that runs callbacks at given times: it closes the socket of a call that outlives its
    bound, so a server that trickles bytes (each read inside its timeout) cannot hold a request."""

    def __init__(self):
        self._heap: list[tuple[float, int, list]] = []
        self._counter = itertools.count()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def schedule(self, delay: float, callback: Callable[[], None]) -> list:
        """Run CALLBACK in DELAY seconds unless cancel(handle) comes first; returns the handle."""
        entry = [callback]
        with self._cond:
            heapq.heappush(self._heap, (time.monotonic() + delay, next(self._counter), entry))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="spasm-coach-reaper", daemon=True)
                self._thread.start()
            self._cond.notify()
        return entry

    def cancel(self, handle: list) -> bool:
        """Cancel a scheduled callback; False when it has already run (or is running)."""
        with self._cond:
            if handle[0] is not None:
                handle[0] = None
                return True
        return False

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                when, _, entry = self._heap[0]
                wait = when - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
                callback, entry[0] = entry[0], None
            if callback is not None:
                try:
                    callback()
                except Exception as error:  # a reaped socket may already be closed
                    log.debug("reaper callback failed: %s", type(error).__name__)


REAPER = Reaper()


class Workers:
    """A small pool of daemon threads that run requests' work (at most SIZE at once, started as needed). Daemon
    threads, unlike ThreadPoolExecutor's: a worker stuck in a dependency that never answers must not hold the
    process at exit (the watchdog already answered its request)."""

    def __init__(self, size: int, name: str = "spasm-coach-dispatch"):
        import queue

        self.size = size
        self.name = name
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._idle = 0

    def submit(self, fn: Callable, *args):
        """Run FN(*ARGS) on a worker; a concurrent.futures.Future of its result."""
        import concurrent.futures

        future: concurrent.futures.Future = concurrent.futures.Future()
        with self._lock:
            start = self._idle == 0 and self._threads < self.size
            if start:
                self._threads += 1
            else:
                self._idle -= 1 if self._idle else 0
        self._tasks.put((future, fn, args))
        if start:
            threading.Thread(target=self._work, name=f"{self.name}-{self._threads}", daemon=True).start()
        return future

    def _work(self) -> None:
        while True:
            future, fn, args = self._tasks.get()
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(fn(*args))
                except BaseException as error:  # handed to the waiting request thread
                    future.set_exception(error)
            del future, fn, args
            with self._lock:
                self._idle += 1
