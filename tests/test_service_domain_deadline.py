"""The request deadline's parts: bound() clipping, abandon(), the watchdog (REAPER) and the daemon worker pool."""

import threading
import time

import pytest

from skill import deadline


def test_bound_is_the_limit_outside_a_request_and_clipped_inside_one():
    assert deadline.bound(20.0) == 20.0
    token = deadline.activate(deadline.Deadline(5.0))       # seconds: a loaded machine's pause cannot spend it
    try:
        assert 3.0 < deadline.bound(20.0) <= 5.0
        assert deadline.bound(0.1) == 0.1
        with pytest.raises(deadline.DeadlineExceeded):
            deadline.bound(1.0, reserve=6.0)
        deadline.current().abandon()
        with pytest.raises(deadline.DeadlineExceeded):     # answered without this work: nothing more starts
            deadline.bound(0.1)
    finally:
        deadline.deactivate(token)
    assert deadline.current() is None


def test_the_reaper_runs_a_callback_on_time_unless_cancelled():
    fired, done = [], threading.Event()
    started = time.monotonic()
    deadline.REAPER.schedule(0.1, lambda: fired.append(("late", time.monotonic() - started)))
    cancelled = deadline.REAPER.schedule(0.1, lambda: fired.append(("cancelled", 0)))
    deadline.REAPER.schedule(0.2, done.set)                 # runs after both (in order of their times)
    assert deadline.REAPER.cancel(cancelled) is True
    assert done.wait(10)
    assert [name for name, _ in fired] == ["late"]
    assert fired[0][1] >= 0.1                               # not before its time (after it: however loaded)
    ran = threading.Event()
    handle = deadline.REAPER.schedule(0.0, ran.set)
    assert ran.wait(10)
    assert deadline.REAPER.cancel(handle) is False          # already ran


def test_workers_are_bounded_daemon_threads_and_pass_exceptions_back():
    workers = deadline.Workers(3)
    release = threading.Event()
    stuck = [workers.submit(release.wait, 5) for _ in range(3)]
    queued = workers.submit(lambda: "ran")
    time.sleep(0.1)
    assert workers._threads == 3 and not queued.done()       # at most 3 at once: the fourth waits
    alive = [t for t in threading.enumerate() if t.name.startswith("spasm-coach-dispatch")]
    assert alive and all(t.daemon for t in alive)
    release.set()
    assert queued.result(10) == "ran" and all(f.result(10) for f in stuck)
    with pytest.raises(ZeroDivisionError):
        workers.submit(lambda: 1 / 0).result(10)


def test_an_api_host_that_did_not_answer_is_not_tried_again_in_the_same_request():
    from ask_sdk_core.exceptions import ApiClientException
    from ask_sdk_model.services import ApiClientRequest

    from faults import FaultyEndpoint
    from skill.api_client import TimeoutApiClient

    bound = 0.15        # short, so the fast loop does not sit waiting: the bound is what is checked, not its size
    client = TimeoutApiClient(1.0, 1.0, call_timeout=bound, allow_loopback_http=True)
    with FaultyEndpoint("hang") as api:
        call = ApiClientRequest(url=f"{api.url}/v1/alerts/timers", method="GET", headers=[])
        token = deadline.activate(deadline.Deadline(10.0))
        try:
            with pytest.raises(ApiClientException, match="no answer within"):
                client.invoke(call)
            tried = api.connections
            started = time.monotonic()
            with pytest.raises(ApiClientException, match="earlier in this request"):
                client.invoke(call)
            assert api.connections == tried                      # not one more connection...
            assert time.monotonic() - started < bound            # ...nor the 0.15 s of another call
        finally:
            deadline.deactivate(token)
        token = deadline.activate(deadline.Deadline(10.0))  # the next request tries again
        try:
            with pytest.raises(ApiClientException, match="no answer within"):
                client.invoke(call)
            assert api.connections == tried + 1
        finally:
            deadline.deactivate(token)
