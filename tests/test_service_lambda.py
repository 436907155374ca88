"""The Lambda entry: the same skill from an event dict, without importing Flask."""

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import SKILL_ID, make_envelope

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **env}, timeout=60)


def test_handler_answers_a_launch_event_and_never_imports_flask(tmp_path):
    code = f"""
import json, sys
import skill.lambda_function as lf
event = {json.dumps(make_envelope())!r}
out = lf.handler(json.loads(event), None)
print(json.dumps({{"out": out, "flask": "flask" in sys.modules, "werkzeug": "werkzeug" in sys.modules,
                  "simulator": any(m.startswith("simulator") for m in sys.modules)}}))
"""
    result = _run(code, {"ALEXA_SKILL_ID": SKILL_ID, "SPASM_DB_PATH": str(tmp_path / "l.sqlite3")})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["flask"] is False and report["werkzeug"] is False and report["simulator"] is False
    response = report["out"]["response"]
    assert response["shouldEndSession"] is False and "Spasm Coach" in response["outputSpeech"]["ssml"]


def test_handler_refuses_another_skill_id(tmp_path):
    code = f"""
import json
import skill.lambda_function as lf
try:
    lf.handler(json.loads({json.dumps(make_envelope(app_id="amzn1.ask.skill.other"))!r}), None)
except Exception as error:
    print("refused", type(error).__name__)
"""
    result = _run(code, {"ALEXA_SKILL_ID": SKILL_ID, "SPASM_DB_PATH": str(tmp_path / "l.sqlite3")})
    assert "refused" in result.stdout, result.stdout + result.stderr


def test_importing_the_module_builds_nothing(tmp_path):
    code = "import sys, skill.lambda_function; print('boto3' in sys.modules, skill.lambda_function._skill)"
    result = _run(code, {"SPASM_STORE": "dynamodb"})
    assert result.stdout.split() == ["False", "None"], result.stderr
