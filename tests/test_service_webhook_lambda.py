"""The Lambda entry: the webhook's skill and guarantees from an event dict, built at import, without Flask."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SKILL_ID, make_envelope

ROOT = Path(__file__).resolve().parents[1]

# Runs EVENTS (a JSON list) through a freshly imported handler; one JSON line per event: the answer or the error.
RUN_EVENTS = """
import json, sys
import skill.lambda_function as lf
for event in json.loads(sys.stdin.read()):
    try:
        print(json.dumps({"out": lf.handler(event, None)}))
    except Exception as error:
        print(json.dumps({"raised": type(error).__name__, "message": str(error)}))
print(json.dumps({"modules": sorted(m for m in sys.modules if m.split(".")[0] in
                                    ("flask", "werkzeug", "simulator", "cryptography", "waitress"))}))
"""


def _run(code: str, env: dict, stdin: str = "") -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("ALEXA_SKILL_ID", "SPASM_LAMBDA_DEV")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, input=stdin,
                          env={**base, **env}, timeout=300)


def _answers(events: list, env: dict) -> tuple[list[dict], dict, str]:
    result = _run(RUN_EVENTS, env, json.dumps(events))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.strip().splitlines()]
    return lines[:-1], lines[-1], result.stderr


@pytest.fixture
def lambda_env(tmp_path):
    return {"ALEXA_SKILL_ID": SKILL_ID, "SPASM_DB_PATH": str(tmp_path / "l.sqlite3"), "SPASM_LOG_LEVEL": "INFO"}


def _deep(levels: int) -> dict:
    node: dict = {}
    for _ in range(levels):
        node = {"x": node}
    return node


def test_launch_and_intents_are_answered_and_flask_is_never_imported(lambda_env):
    events = [make_envelope(), make_envelope("IntentRequest", intent="AMAZON.HelpIntent", new=False)]
    answers, modules, _ = _answers(events, lambda_env)
    launch, help_ = (answer["out"]["response"] for answer in answers)
    assert launch["shouldEndSession"] is False and "Spasm Coach" in launch["outputSpeech"]["ssml"]
    assert help_["outputSpeech"]["ssml"] and help_["reprompt"]["outputSpeech"]["ssml"]
    assert modules == {"modules": []}


def test_what_the_skill_cannot_read_gets_the_spoken_apology_not_an_exception(lambda_env):
    unknown = make_envelope("Alexa.Presentation.APL.MadeUpEvent", new=False)
    bad_time = make_envelope(timestamp="not a time at all")
    deep = make_envelope("IntentRequest", intent="AMAZON.HelpIntent", new=False,
                         session_attributes={"deep": _deep(900)})
    no_intent = make_envelope("IntentRequest", new=False)           # an IntentRequest without its intent
    odd_slots = make_envelope("IntentRequest", intent="AMAZON.HelpIntent", new=False)
    odd_slots["request"]["intent"]["slots"] = ["not", "a", "map"]
    events = [unknown, bad_time, deep, no_intent, odd_slots]
    answers, _, stderr = _answers(events, lambda_env)
    for event, answer in zip(events, answers):
        assert "out" in answer, (event["request"]["type"], answer)
        response = answer["out"]["response"]
        assert "Sorry" in response["outputSpeech"]["ssml"] and response["shouldEndSession"] is False, answer
    assert "not a time at all" not in stderr and "dispatch error" in stderr      # logged by type and place only


def test_a_failed_session_end_gets_the_empty_answer_alexa_expects(lambda_env):
    ended = make_envelope("SessionEndedRequest", new=False, timestamp="garbage", extra_request={"reason": "ERROR"})
    answers, _, _ = _answers([ended], lambda_env)
    assert answers == [{"out": {"version": "1.0", "response": {}}}]


def test_another_skill_and_non_alexa_events_are_refused_not_answered(lambda_env):
    answers, _, _ = _answers([make_envelope(app_id="amzn1.ask.skill.other"), {"hello": "world"}, [1, 2]],
                             lambda_env)
    assert [answer.get("raised") for answer in answers] == ["NotForThisSkill"] * 3


def test_without_alexa_skill_id_the_init_stops_with_a_clear_error(tmp_path):
    result = _run("import skill.lambda_function", {"SPASM_DB_PATH": str(tmp_path / "l.sqlite3")})
    assert result.returncode != 0
    assert "ConfigError: ALEXA_SKILL_ID is not set" in result.stderr and "SPASM_LAMBDA_DEV=1" in result.stderr


def test_the_dev_setting_answers_only_the_dev_skill_id(tmp_path):
    from skill.config import DEV_SKILL_ID

    env = {"SPASM_LAMBDA_DEV": "1", "SPASM_DB_PATH": str(tmp_path / "l.sqlite3")}
    answers, _, _ = _answers([make_envelope(app_id=DEV_SKILL_ID), make_envelope()], env)
    assert "Spasm Coach" in answers[0]["out"]["response"]["outputSpeech"]["ssml"]
    assert answers[1] == {"raised": "NotForThisSkill", "message": "the request is for another skill"}


def test_the_skill_is_built_at_import_and_the_rest_of_the_skill_builds_nothing_at_import(tmp_path):
    code = """
import sys, skill.app, skill.builder, skill.persistence, skill.handlers, content
assert "botocore" not in sys.modules and content._cached is None, "something was built at import"
import skill.lambda_function as lf
print(type(lf.SKILL).__name__, "botocore" in sys.modules, content._cached is not None)
"""
    result = _run(code, {"ALEXA_SKILL_ID": SKILL_ID, "SPASM_STORE": "dynamodb", "AWS_REGION": "us-east-1",
                         "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["CustomSkill", "True", "True"]


def test_the_cold_start_leaves_out_what_a_launch_does_not_use(tmp_path):
    """email.utils (a Date header), xml.sax, and PyYAML for the symptom reader are imported when first needed: at
    import they were a third of the Lambda cold start's own time; http.client (email's parser) not at all, the Alexa
    API client has its own HTTP/1.1 (skill/http11.py). What the first request's time zone call needs (ssl, socket,
    the TLS context) is made at init instead, and no certificate is parsed there: the zip's roots are a hashed
    directory that OpenSSL reads at the first handshake (skill/castore.py)."""
    code = """
import sys, skill.lambda_function
import skill.domain.symptoms
heavy = ("http.client", "email.utils", "xml.sax", "urllib.request")
print(" ".join(m for m in heavy if m in sys.modules) or "none")
warm = ("ssl", "socket")
print(all(m in sys.modules for m in warm), skill.lambda_function.SKILL.api_client._tls is not None)
"""
    result = _run(code, {"ALEXA_SKILL_ID": SKILL_ID, "SPASM_DB_PATH": str(tmp_path / "l.sqlite3")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["none", "True", "True"]
    result = _run("import sys, skill.domain.symptoms; print('yaml' in sys.modules)", {})
    assert result.stdout.split() == ["False"], result.stderr
