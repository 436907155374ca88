"""Run the packaged Lambda function as Lambda does: the zip unpacked into a read-only folder, a fresh python3.12.

`make invoke-local` (CI): answers a real LaunchRequest event from .serverless/spasm-coach.zip and checks the answer.
`make bench` uses the same pieces for the cold-start figure. Nothing from the repository or its venv is on the
path of the function: only the zip's contents, as in /var/task. Running as root, file modes alone do not stop
writes, so the child also runs with PYTHONDONTWRITEBYTECODE=1, and every module it had to compile from source
(bytecode missing, stale or unusable) is counted.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ZIP = ROOT / ".serverless" / "spasm-coach.zip"
HANDLER = "skill.lambda_function.handler"          # serverless.yml: skill/lambda_function.handler
SKILL_ID = "amzn1.ask.skill.5e1f0000-0000-4000-8000-00000000c0de"
MAX_ZIP_BYTES = 5_000_000                          # issue 15: the zip stays under 5 MB
# Where the event says the Alexa APIs are: a closed loopback port, so that an API call the skill makes (the time
# zone at a session's start, skill/locality.py) fails at once, as nothing here reaches Amazon; on Lambda that call is
# one HTTPS round trip to Alexa, which the figures here leave out.
API_ENDPOINT = "https://127.0.0.1:9"

# The child: time (wall clock, and this process's CPU time, which background load disturbs less) from before the
# handler module's import (Lambda's init) to the first answer; the modules it
# compiled from source; the answers. The events (and modules to import after them) come on stdin, parsed before
# the clock starts; the first event is the timed one, the others follow in the same warm process.
CHILD = r"""
import importlib, importlib.machinery, json, sys, time
import decimal, logging, os, traceback, warnings  # what the Lambda runtime's bootstrap has imported by then
given = json.loads(sys.stdin.read())
task = sys.argv[2]
compiled = []
_source_to_code = importlib.machinery.SourceFileLoader.source_to_code
def _counting(self, data, path, *args, **kwargs):
    if str(path).startswith(task):
        compiled.append(str(path)[len(task) + 1:])
    return _source_to_code(self, data, path, *args, **kwargs)
importlib.machinery.SourceFileLoader.source_to_code = _counting
cpu_started, started = time.process_time(), time.perf_counter()
module_name, _, function = sys.argv[1].rpartition(".")
handler = getattr(importlib.import_module(module_name), function)
cpu_initialised, initialised = time.process_time(), time.perf_counter()
responses = [handler(given["events"][0], None)]
cpu_answered, answered = time.process_time(), time.perf_counter()
responses += [handler(event, None) for event in given["events"][1:]]
for name in given.get("imports", []):
    importlib.import_module(name)
print(json.dumps({"init_ms": (initialised - started) * 1000, "first_ms": (answered - initialised) * 1000,
                  "total_ms": (answered - started) * 1000, "init_cpu_ms": (cpu_initialised - cpu_started) * 1000,
                  "first_cpu_ms": (cpu_answered - cpu_initialised) * 1000,
                  "total_cpu_ms": (cpu_answered - cpu_started) * 1000, "compiled": compiled, "response": responses[0],
                  "responses": responses}))
"""

def lambda_python() -> str:
    """The python3.12 to run the function with: $LAMBDA_PYTHON, else python3.12 on PATH, else pyenv's newest 3.12."""
    if os.environ.get("LAMBDA_PYTHON"):
        return os.environ["LAMBDA_PYTHON"]
    candidates = ["python3.12"]
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += [str(path) for path in sorted(pyenv_root.glob("versions/3.12*/bin/python3.12"), reverse=True)]
    for candidate in candidates:
        try:
            return subprocess.run([candidate, "-c", "import sys; assert sys.version_info[:2] == (3, 12); "
                                   "print(sys.executable)"], capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            continue
    raise SystemExit("no python3.12 found (the Lambda runtime); set LAMBDA_PYTHON=/path/to/python3.12")


def launch_event(skill_id: str = SKILL_ID) -> dict:
    """A real-shaped LaunchRequest event, as the alexaSkill trigger passes it to the handler."""
    application, user = {"applicationId": skill_id}, {"userId": f"amzn1.ask.account.LOCAL{uuid.uuid4().hex}"}
    return {"version": "1.0",
            "session": {"new": True, "sessionId": f"amzn1.echo-api.session.{uuid.uuid4()}",
                        "application": application, "user": user, "attributes": {}},
            "context": {"System": {"application": application, "user": user,
                                   "device": {"deviceId": "amzn1.ask.device.LOCAL",
                                              "supportedInterfaces": {"AudioPlayer": {}}},
                                   "apiEndpoint": API_ENDPOINT, "apiAccessToken": "local"}},
            "request": {"type": "LaunchRequest", "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
                        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "locale": "en-US",
                        "shouldLinkResultBeReturned": False}}


def follow_up(event: dict, kind: str, **request: Any) -> dict:
    """The next request of EVENT's session: KIND ("IntentRequest", "SessionEndedRequest") with REQUEST's fields."""
    session = {**event["session"], "new": False}
    return {**event, "session": session,
            "request": {"type": kind, "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
                        "timestamp": event["request"]["timestamp"], "locale": event["request"]["locale"], **request}}


def unpack(zip_path: Path, into: Path, python: str, extra_modules: tuple[Path, ...] = ()) -> Path:
    """The zip unpacked into INTO/task (plus EXTRA_MODULES at the top, compiled like the rest), then read-only."""
    task = into / "task"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(task)
    for module in extra_modules:
        shutil.copy(module, task / module.name)
        subprocess.run([python, "-c", "import py_compile, sys; py_compile.compile(sys.argv[1], doraise=True, "
                        "invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)", str(task / module.name)],
                       check=True)
    for path in [task, *task.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return task


def release(into: Path) -> None:
    """Make INTO writable again and remove it."""
    for path in [into, *into.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    shutil.rmtree(into)


def run_once(python: str, task: Path, handler: str, event: dict, env: dict[str, str], *, more: tuple = (),
             imports: tuple = ()) -> dict:
    """One fresh interpreter: import HANDLER's module from TASK, answer EVENT (then the events in MORE, then
    import the modules in IMPORTS); the child's report."""
    child_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "TZ": "UTC",
                 "PYTHONPATH": str(task), "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
                 "LAMBDA_TASK_ROOT": str(task), **env}
    result = subprocess.run([python, "-c", CHILD, handler, str(task)], input=json.dumps({"events": [event, *more], "imports": list(imports)}), capture_output=True,
                            text=True, cwd=task, env=child_env, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f"{handler} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def function_env(work: Path) -> dict[str, str]:
    """The function's environment as serverless.yml sets it, with SQLite in the writable /tmp instead of DynamoDB
    (boto3 comes with the Lambda runtime, not the zip)."""
    return {"ALEXA_SKILL_ID": SKILL_ID, "SPASM_STORE": "sqlite", "SPASM_DB_PATH": str(work / "tmp" / "db.sqlite3"),
            "SPASM_LOG_LEVEL": "INFO"}


def check(zip_path: Path = ZIP) -> int:
    """`make invoke-local`: the packaged handler answers a LaunchRequest with the welcome from bytecode only, then
    HelpIntent and SessionEndedRequest in the same process; the libraries it ships import."""
    if not zip_path.exists():
        print(f"invoke-local: {zip_path} is missing; run make package first", file=sys.stderr)
        return 1
    python = lambda_python()
    work = Path(tempfile.mkdtemp(prefix="spasm-lambda-"))
    try:
        task = unpack(zip_path, work, python)
        launch = launch_event()
        more = (follow_up(launch, "IntentRequest", intent={"name": "AMAZON.HelpIntent", "confirmationStatus": "NONE"}),
                follow_up(launch, "SessionEndedRequest", reason="USER_INITIATED"))
        report = run_once(python, task, HANDLER, launch, function_env(work), more=more,
                          imports=("requests", "certifi", "yaml", "dateutil.parser", "dateutil.tz"))
    finally:
        release(work)
    response = report["response"].get("response", {})
    speech = response.get("outputSpeech", {}).get("ssml", "")
    problems = []
    if "Spasm Coach" not in speech or response.get("shouldEndSession") is not False:
        problems.append(f"not the welcome with the session open: {json.dumps(report['response'])[:400]}")
    if not response.get("reprompt", {}).get("outputSpeech", {}).get("ssml"):
        problems.append("no reprompt")
    help_, ended = (answer.get("response", {}) for answer in report["responses"][1:])
    if not help_.get("outputSpeech", {}).get("ssml") or help_.get("shouldEndSession") is not False:
        problems.append(f"AMAZON.HelpIntent not answered with the session open: {json.dumps(help_)[:400]}")
    if ended.get("outputSpeech"):
        problems.append(f"a SessionEndedRequest answered with speech: {json.dumps(ended)[:400]}")
    if zip_path.stat().st_size >= MAX_ZIP_BYTES:
        problems.append(f"the zip is {zip_path.stat().st_size / 1e6:.2f} MB, over the {MAX_ZIP_BYTES / 1e6:.0f} MB budget")
    if report["compiled"]:
        problems.append(f"{len(report['compiled'])} modules compiled from source at init (no usable bytecode), "
                        f"e.g. {report['compiled'][:3]}")
    version = subprocess.run([python, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"invoke-local: {zip_path.name} ({zip_path.stat().st_size / 1e6:.2f} MB) unpacked read-only, {version}: "
          f"LaunchRequest answered in {report['total_ms']:.0f} ms from a cold start "
          f"(init {report['init_ms']:.0f} ms, first request {report['first_ms']:.0f} ms), "
          f"{len(report['compiled'])} modules compiled from source; then HelpIntent and SessionEndedRequest "
          f"answered warm, and the libraries import")
    for problem in problems:
        print(f"invoke-local: FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(check(Path(sys.argv[1]) if len(sys.argv) > 1 else ZIP))
