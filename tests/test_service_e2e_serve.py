"""`spasm-coach serve` and the real waitress server: ready line, refusals, real HTTP, the request log line."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import USER_ID, encode, make_envelope
from skill.config import DEV_SKILL_ID

ROOT = Path(__file__).resolve().parents[1]


def post(url, body: bytes, headers: dict | None = None):
    request = urllib.request.Request(url + "/", data=body, method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_real_server_answers_signed_requests_and_rejects_garbage(live_server, dev_ca):
    body = encode(make_envelope())
    status, headers, payload = post(live_server, body, dev_ca.sign(body))
    assert status == 200 and payload["response"]["shouldEndSession"] is False
    assert headers["X-Spasm-Response-Keys"] == "frame.welcome.first"
    assert post(live_server, b"garbage")[0] == 400
    with urllib.request.urlopen(live_server + "/healthz", timeout=5) as response:
        assert response.status == 200 and json.loads(response.read())["status"] == "ok"


def spawn(args, env=None, tmp_path=None):
    environment = {k: v for k, v in os.environ.items() if k != "ALEXA_SKILL_ID"}
    environment.update(env or {})
    if tmp_path is not None:
        environment["SPASM_DB_PATH"] = str(tmp_path / "serve.sqlite3")
    return subprocess.Popen([sys.executable, "-m", "spasm_coach", "serve", *args], cwd=ROOT, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_serve_prints_one_ready_line_with_the_real_port_and_logs_each_request(dev_ca, tmp_path):
    process = spawn(["--host", "127.0.0.1", "--port", "0", "--dev-certs", str(dev_ca.dir)], tmp_path=tmp_path)
    try:
        line = process.stdout.readline()
        assert line.startswith("Spasm Coach listening on http://127.0.0.1:")
        assert f"(verification: dev certificates from {dev_ca.dir})" in line
        port = int(line.split("127.0.0.1:")[1].split()[0])
        assert port > 0
        envelope = make_envelope("IntentRequest", intent="AMAZON.HelpIntent", app_id=DEV_SKILL_ID,
                                 slots={"secret": "my slot value"})
        body = encode(envelope)
        status, headers, payload = post(f"http://127.0.0.1:{port}", body, dev_ca.sign(body))
        assert status == 200 and headers["X-Spasm-Response-Keys"] == "frame.help"
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
    lines = [entry for entry in err.splitlines() if "spasm_coach.request" in entry]
    assert len(lines) == 1
    assert "type=IntentRequest intent=AMAZON.HelpIntent status=200 ms=" in lines[0]
    assert USER_ID not in err and "my slot value" not in err


def test_serve_refuses_to_start_without_a_skill_id(tmp_path):
    process = spawn(["--port", "0"], tmp_path=tmp_path)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 2 and "ALEXA_SKILL_ID" in err and out == ""


@pytest.mark.parametrize("flag", [["--no-verify"], ["--dev-certs", "/tmp"]])
def test_dev_modes_refuse_non_loopback_binds(flag, tmp_path):
    process = spawn(["--host", "0.0.0.0", "--port", "0", *flag], tmp_path=tmp_path)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 2 and "loopback" in err


def test_no_verify_warns_at_start(tmp_path):
    process = spawn(["--port", "0", "--no-verify"], tmp_path=tmp_path)
    try:
        line = process.stdout.readline()
        assert "verification: OFF" in line
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
    assert "verification is OFF" in err


def test_serve_with_a_skill_id_verifies_against_amazon_roots(tmp_path):
    process = spawn(["--port", "0"], env={"ALEXA_SKILL_ID": "amzn1.ask.skill.x"}, tmp_path=tmp_path)
    try:
        line = process.stdout.readline()
        assert "verification: on (Amazon roots)" in line
        port = int(line.split("127.0.0.1:")[1].split()[0])
        assert post(f"http://127.0.0.1:{port}", b"{}")[0] == 400
    finally:
        process.terminate()
        process.communicate(timeout=10)
