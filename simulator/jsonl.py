"""--jsonl mode: one utterance or command a line in, exactly one JSON object a line out."""

from __future__ import annotations

import json
import sys

from simulator.commands import run_line


def run(sim, stdin=None, stdout=None) -> int:
    """Read lines until EOF; write one JSON line for each (a blank line is silence), flushed at once."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    for line in stdin:
        result = run_line(sim, line.strip())
        stdout.write(json.dumps(result if isinstance(result, dict) else result.as_json()) + "\n")
        stdout.flush()
    return 0
