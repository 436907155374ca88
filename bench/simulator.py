"""The simulator's own speed: REPL ready time, and the NLU model's compile and resolve times.

`.venv/bin/python -m bench.simulator [STARTS]` prints:
* the time from starting `spasm-coach simulate` (which starts its own webhook) to its first "you>" prompt, through a
  pty as a terminal would see it, over STARTS starts (default 9);
* the en-US model's size (samples, SYMPTOM words), compiling it (JSON load included), and resolve's median and p95 per utterance over three passes of
  the sentences of tests/test_nlu_tables_symptoms.yaml.
"""

from __future__ import annotations

import os
import pty
import select
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SIMULATE = [str(Path(sys.executable).with_name("spasm-coach")), "simulate"]


def repl_ready(timeout: float = 20.0) -> float:
    """Seconds from start to the first "you>" of one `spasm-coach simulate`."""
    master, slave = pty.openpty()
    started = time.perf_counter()
    process = subprocess.Popen(SIMULATE, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT)
    out = b""
    try:
        while b"you>" not in out and select.select([master], [], [], timeout)[0]:
            out += os.read(master, 4096)
        ready = time.perf_counter() - started
        os.write(master, b":quit\n")
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
        os.close(slave)
    return ready


def nlu() -> tuple[float, float, float]:
    """(compile s, median resolve ms, p95 resolve ms) for en-US."""
    from simulator.nlu import Matcher

    started = time.perf_counter()
    matcher = Matcher.for_locale("en-US")
    compiled = time.perf_counter() - started
    table = yaml.safe_load((ROOT / "tests" / "test_nlu_tables_symptoms.yaml").read_text(encoding="utf-8"))
    sentences = [s for group in table["all"].values() for s in group] * 3
    times = []
    for sentence in sentences:
        started = time.perf_counter()
        matcher.resolve(sentence)
        times.append(time.perf_counter() - started)
    times.sort()
    return compiled, 1000 * times[len(times) // 2], 1000 * times[int(len(times) * 0.95)]


def model_size(locale: str = "en-US") -> tuple[int, int]:
    """(samples, SYMPTOM values and synonyms) of a locale's model, counted from its JSON (the README's figures
    name the size they were measured at)."""
    import json

    model = json.loads((ROOT / "interaction_models" / f"{locale}.json").read_text(encoding="utf-8"))
    language = model["interactionModel"]["languageModel"]
    samples = sum(len(intent.get("samples", [])) for intent in language["intents"])
    symptom = next((t for t in language.get("types", []) if t["name"] == "SYMPTOM"), {"values": []})
    words = sum(1 + len(v["name"].get("synonyms", [])) for v in symptom["values"])
    return samples, words


def main(starts: int = 9) -> int:
    ready = [repl_ready() for _ in range(starts)]
    print(f"REPL ready: median {statistics.median(ready):.2f} s, {min(ready):.2f}-{max(ready):.2f} s "
          f"over {starts} starts")
    compiled, median, p95 = nlu()
    samples, words = model_size()
    print(f"en-US model ({samples} samples, {words} SYMPTOM words) compile {compiled:.3f} s; "
          f"resolve median {median:.2f} ms, p95 {p95:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:2])))
