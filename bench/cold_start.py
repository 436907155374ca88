"""Lambda cold start: the first LaunchRequest answered from the unzipped zip, ours next to a hello-world handler.

Both run from the same read-only folder (the zip `make package` built, plus bench/hello_lambda.py compiled the same
way), each time in a fresh python3.12, taking turns so that background load hits both alike. The time is from
before the handler module's import (Lambda's init phase) to the first answer; the interpreter's own start-up,
the same for both, is left out. `python -m bench.cold_start [ZIP]`, or `make bench`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from deploy.lambda_zip import HANDLER, ZIP, function_env, lambda_python, launch_event, release, run_once, unpack

RUNS = int(os.environ.get("BENCH_COLD_RUNS", "9"))
HELLO = Path(__file__).with_name("hello_lambda.py")
GOAL = 1.5


def measure(zip_path: Path = ZIP, runs: int = RUNS) -> dict:
    """Median init, first-request and total ms for ours and hello-world over RUNS interleaved cold starts."""
    python = lambda_python()
    work = Path(tempfile.mkdtemp(prefix="spasm-cold-"))
    samples: dict[str, list[dict]] = {"spasm-coach": [], "hello-world": []}
    try:
        task = unpack(zip_path, work, python, extra_modules=(HELLO,))
        env = function_env(work)
        for number in range(runs):
            for name, handler in (("spasm-coach", HANDLER), ("hello-world", "hello_lambda.handler")):
                report = run_once(python, task, handler, launch_event(), env)
                assert report["response"]["response"]["outputSpeech"], report
                if report["compiled"]:
                    raise SystemExit(f"{name} compiled {len(report['compiled'])} modules from source: no bytecode?")
                samples[name].append(report)
    finally:
        release(work)
    return {name: {key: statistics.median(report[key] for report in reports)
                   for key in ("init_ms", "first_ms", "total_ms")} | {"runs": len(reports)}
            for name, reports in samples.items()}


def report(zip_path: Path = ZIP, runs: int = RUNS) -> float:
    """Print the cold-start table and ratio; returns the ratio."""
    if not zip_path.exists():
        print(f"cold start: {zip_path} is missing (make package)")
        return float("nan")
    results = measure(zip_path, runs)
    print(f"Lambda cold start from {zip_path.name} ({zip_path.stat().st_size / 1e6:.2f} MB) unzipped read-only, "
          f"fresh python3.12 each run, {runs} interleaved runs, medians:")
    print(f"{'handler':<14}{'init ms':>9}{'first ms':>10}{'total ms':>10}")
    for name, row in results.items():
        print(f"{name:<14}{row['init_ms']:>9.0f}{row['first_ms']:>10.0f}{row['total_ms']:>10.0f}")
    ratio = results["spasm-coach"]["total_ms"] / results["hello-world"]["total_ms"]
    print(f"cold start ratio spasm-coach / hello-world, first LaunchRequest answered: {ratio:.2f} (aim <= {GOAL})")
    return ratio


if __name__ == "__main__":
    report(Path(sys.argv[1]) if len(sys.argv) > 1 else ZIP)
