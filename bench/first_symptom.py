"""The first symptom read after a Lambda cold start: CPU and wall time of read_symptom() right after the init.

From the unzipped zip (read-only, fresh python3.12 each run), as bench/cold_start.py runs it; with a second zip
(another build's, say main's before a change) the two take turns. `python -m bench.first_symptom [ZIP [OTHER_ZIP]]`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from deploy.lambda_zip import ZIP, function_env, lambda_python, release, unpack

RUNS = int(os.environ.get("BENCH_COLD_RUNS", "7"))
SAID = "my legs have gone numb and I cannot pee"
CHILD = f"""
import decimal, logging, os, traceback, warnings, json, time, sys   # what the runtime's bootstrap has imported
import skill.lambda_function
from skill.domain import symptoms
cpu, wall = time.process_time(), time.perf_counter()
reading = symptoms.read_symptom({SAID!r})
print((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000, reading.flag, "yaml" in sys.modules)
"""


def main(zips: list[Path]) -> int:
    python = lambda_python()
    work = Path(tempfile.mkdtemp(prefix="spasm-symptom-"))
    samples: dict[str, list[list[str]]] = {str(path): [] for path in zips}
    try:
        tasks = {str(path): unpack(path, work / str(number), python) for number, path in enumerate(zips)}
        for _ in range(RUNS):
            for name, task in tasks.items():
                result = subprocess.run([python, "-c", CHILD], cwd=task, capture_output=True, text=True, timeout=60,
                                        env={"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "TZ": "UTC",
                                             **function_env(work), "PYTHONPATH": str(task),
                                             "PYTHONDONTWRITEBYTECODE": "1"})
                if result.returncode != 0:
                    raise SystemExit(result.stderr)
                samples[name].append(result.stdout.split())
    finally:
        release(work)
    print(f"first read_symptom({SAID!r}) after the Lambda init, {RUNS} interleaved runs, medians:")
    for name, rows in samples.items():
        print(f"{name}: CPU {statistics.median(float(r[0]) for r in rows):.0f} ms, wall "
              f"{statistics.median(float(r[1]) for r in rows):.0f} ms (flag {rows[0][2]}; PyYAML imported: {rows[0][3]})")
    return 0


if __name__ == "__main__":
    sys.exit(main([Path(arg) for arg in sys.argv[1:]] or [ZIP]))
