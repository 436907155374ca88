"""Dev script (not in CI): the en-US test set through bespoken's virtual-alexa, beside the simulator's NLU.

    npm install --no-save --prefix /tmp/va virtual-alexa@0.7.8
    NODE_PATH=/tmp/va/node_modules .venv/bin/python -m bench.virtual_alexa_nlu [tests/nlu/test]

Prints intent accuracy of both on the same en-US sentences (intent files only: red flags have no single intent).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from skill.models.evaluate import load_set, run

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    folder = argv[1] if len(argv) > 1 else "tests/nlu/test"
    cases = [c for c in load_set([folder]) if c.intent is not None and c.locale == "en-US"]
    feed = "\n".join(json.dumps({"text": c.text, "intent": c.intent}) for c in cases) + "\n"
    out = subprocess.run(["node", str(HERE / "virtual_alexa_nlu.js"), "interaction_models/en-US.json"], input=feed,
                         capture_output=True, text=True, check=True).stdout
    theirs = [json.loads(line) for line in out.splitlines() if line.strip()]
    ours = run(cases)
    va_right = sum(t["got"] == t["intent"] for t in theirs)
    our_right = sum(o.intent == o.case.intent for o in ours)
    errors = sum(str(t["got"]).startswith("ERROR") for t in theirs)
    print(f"en-US sentences: {len(cases)} ({folder})")
    print(f"virtual-alexa intent accuracy: {va_right / len(cases):.3f} ({va_right}/{len(cases)}; {errors} unmatched/errors)")
    print(f"simulator intent accuracy:     {our_right / len(cases):.3f} ({our_right}/{len(cases)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
