"""`make fast-loop`: the fast loop (`pytest -m "not server"`) timed as a developer feels it, wall time, beside its
CPU time (user + sys of pytest and anything it starts) measured in the same run, with the load average before and
after: on a shared machine wall time grows with the load while CPU time barely does, so a figure means something
only beside its load and its wall/CPU ratio. On Linux it also reads how long each of pytest's threads waited,
ready, for a CPU (schedstat): wall less those waits bounds what a quiet machine would take. Then where the time goes: the tests that wait (wall well above CPU:
a timeout, a sleep, a thread), the files that cost most CPU, and collection.

    python -m bench.fast_loop [--runs N] [--top N] [--json PATH] [-- PYTEST ARGS...]

Run from the repository root (make does); exits with pytest's status. Loaded into pytest as a plugin (`-p
bench.fast_loop`) it writes each test's wall and CPU to $FAST_LOOP_TIMES."""

from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMMAND = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not server"]


def load() -> str:
    try:
        return "%.2f" % os.getloadavg()[0]
    except OSError:          # not on every platform
        return "?"


def run_once(pytest_args: list[str]) -> dict:
    """One run of the fast loop in a child process: wall, CPU and load, and the plugin's per-test times."""
    with tempfile.TemporaryDirectory() as folder:
        times = Path(folder) / "times.json"
        env = dict(os.environ, FAST_LOOP_TIMES=str(times),
                   PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        before_load, before = load(), resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, *COMMAND, "-p", "bench.fast_loop", *pytest_args], cwd=ROOT,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        wall = time.perf_counter() - started
        after, after_load = resource.getrusage(resource.RUSAGE_CHILDREN), load()
        detail = json.loads(times.read_text()) if times.exists() else {"tests": {}, "collection": [0, 0],
                                                                          "run_delay": None, "threads_run_delay": None}
    summary = next((line.strip("= ") for line in reversed(result.stdout.splitlines()) if line.strip()), "")
    return {"status": result.returncode, "summary": summary, "wall": wall,
            "user": after.ru_utime - before.ru_utime, "sys": after.ru_stime - before.ru_stime,
            "load": [before_load, after_load], "output": result.stdout, **detail}


def report(run: dict, top: int) -> None:
    cpu = run["user"] + run["sys"]
    print(f"fast loop: {run['summary']}")
    print(f"  {run['wall']:.1f} s wall, {cpu:.1f} s CPU ({run['user']:.1f} user + {run['sys']:.1f} sys), "
          f"wall/CPU {run['wall'] / cpu:.2f}; load average {run['load'][0]} before, {run['load'][1]} after "
          f"({os.cpu_count()} CPUs)")
    if run.get("run_delay") is not None:
        main, every = run["run_delay"], run["threads_run_delay"]
        print(f"  waits for a CPU (the load's share; Linux schedstat): the main thread {main:.1f} s, all its threads "
              f"{every:.1f} s; a quiet machine's wall is about {run['wall'] - every:.1f}-{run['wall'] - main:.1f} s "
              f"(wall less those; nearer the first when the main thread mostly waits on the others, as in a webhook "
              f"test; CPU time also grows with the load, so both ends are high)")
    if not top or not run["tests"]:
        return
    wall, cpu_ = run["collection"]
    print(f"  collection: {wall:.1f} s wall, {cpu_:.1f} s CPU")
    tests = run["tests"]
    waits = sorted(tests.items(), key=lambda kv: kv[1][1] - kv[1][0])[:top]
    print(f"  waiting most (wall - CPU; all tests together {sum(w - c for w, c in tests.values()):.1f} s):")
    for name, (w, c) in waits:
        print(f"    {w - c:5.2f} s  ({w:.2f} wall, {c:.2f} CPU)  {name}")
    files = collections.defaultdict(lambda: [0.0, 0.0, 0])
    for name, (w, c) in tests.items():
        row = files[name.split("::")[0]]
        row[0], row[1], row[2] = row[0] + w, row[1] + c, row[2] + 1
    print("  CPU most, by file:")
    for name, (w, c, n) in sorted(files.items(), key=lambda kv: -kv[1][1])[:top]:
        print(f"    {c:5.2f} s CPU  ({w:.2f} wall, {n} tests)  {name}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    pytest_args = argv[argv.index("--") + 1:] if "--" in argv else []
    ours = argv[:argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(prog="python -m bench.fast_loop", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs one after another (each reported)")
    parser.add_argument("--top", type=int, default=10, help="slowest tests and files listed (0: none)")
    parser.add_argument("--json", help="write every run's figures and per-test times here")
    options = parser.parse_args(ours)
    runs = []
    for number in range(options.runs):
        run = run_once(pytest_args)
        runs.append(run)
        if run["status"] != 0:
            print(run["output"][-3000:])
        if options.runs > 1:
            print(f"run {number + 1} of {options.runs}")
        report(run, options.top)
    if options.json:
        Path(options.json).write_text(json.dumps([{k: v for k, v in r.items() if k != "output"} for r in runs]))
    return max(run["status"] for run in runs)


# -- the pytest plugin (-p bench.fast_loop): each test's wall and CPU time, and collection's -------------------
_times: dict[str, list[float]] = {}
_started: list[float] = []
_run_delay: list[float] = []
_threads_delay: dict[int, float] = {}          # every thread of the run: its latest run delay seen (thread id -> s)
_sampling = threading.Event()


def _schedstat(path: str) -> float | None:
    """Seconds the task at PATH (/proc/.../schedstat) has waited, ready to run, for a CPU (Linux), else None."""
    try:
        with open(path) as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


def _sample_threads() -> None:
    """Every 0.2 s (and once at the end), each live thread's run delay: a thread that ends between two looks loses
    only its last 0.2 s."""
    me = threading.get_native_id()                          # not counted: this thread's waits cost no wall
    while True:
        for task in os.listdir("/proc/self/task"):
            delay = _schedstat(f"/proc/self/task/{task}/schedstat")
            if delay is not None and int(task) != me:
                _threads_delay[int(task)] = max(delay, _threads_delay.get(int(task), 0.0))
        if _sampling.wait(0.2):
            return


def pytest_sessionstart(session) -> None:
    _started[:] = [time.perf_counter(), time.process_time()]
    _run_delay[:] = [_schedstat("/proc/thread-self/schedstat")]
    if _run_delay[0] is not None:
        threading.Thread(target=_sample_threads, name="fast-loop-schedstat", daemon=True).start()


def pytest_collection_finish(session) -> None:
    _started.append(time.perf_counter() - _started[0])
    _started.append(time.process_time() - _started[1])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Wraps each test (setup, call, teardown): process CPU time counts every thread, plus any child waited for."""
    wall, cpu = time.perf_counter(), time.process_time() + _children_cpu()
    yield
    _times[item.nodeid] = [time.perf_counter() - wall, time.process_time() + _children_cpu() - cpu]


def pytest_sessionfinish(session) -> None:
    target = os.environ.get("FAST_LOOP_TIMES")
    if target:
        delay = _schedstat("/proc/thread-self/schedstat")
        waited = None if delay is None or _run_delay[0] is None else delay - _run_delay[0]
        _sampling.set()
        time.sleep(0.3)                                         # the sampler's last look
        threads = sum(_threads_delay.values()) - _run_delay[0] if waited is not None else None
        Path(target).write_text(json.dumps({"tests": _times, "collection": _started[2:4] or [0, 0],
                                            "run_delay": waited, "threads_run_delay": threads}))


if __name__ == "__main__":
    sys.exit(main())
