"""The fault suite, DynamoDB part: the real server on loopback with moto's DynamoDB server stopped, or an endpoint
that accepts and never answers (silent, hanging, trickling), with the shipped bounds; and the real server as a
process at SPASM_LOG_LEVEL=DEBUG on moto, whose log must hold no key id, token or stored record. Each case asserts a
spoken answer (strict JSON) within 6 s and the stored data intact."""

from __future__ import annotations

import hashlib
import os
import subprocess
import time

import pytest

from conftest import SKILL_ID, USER_ID, make_envelope, serving
from faults import FaultyEndpoint, assert_spoken_in_time, post


def _key(user_id):
    return hashlib.sha256(user_id.encode()).hexdigest()


# -- DynamoDB ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def moto():
    from faults import Moto, aws_env

    with aws_env():
        server = Moto()
        yield server
        server.stop()


@pytest.fixture
def dynamo(moto, settings):
    import uuid

    from faults import aws_env

    table = moto.table(f"faults-{uuid.uuid4().hex[:8]}")
    with aws_env():
        yield settings.replace(store="dynamodb", dynamodb_table=table, dynamodb_endpoint=moto.url,
                               aws_region="us-east-1")


def dynamo_record(settings, user_id=USER_ID):
    import boto3

    client = boto3.client("dynamodb", region_name="us-east-1", endpoint_url=settings.dynamodb_endpoint)
    return client.get_item(TableName=settings.dynamodb_table, Key={"id": {"S": _key(user_id)}}).get("Item")


def test_dynamodb_stopped_gives_the_fallback_and_the_record_is_there_after(dynamo, moto, dev_ca):
    with serving(dynamo) as url:
        assert post(url, dev_ca, make_envelope()).keys[0] == "frame.welcome.first"
        before = dynamo_record(dynamo)
        moto.stop()
        try:
            down = [post(url, dev_ca, make_envelope()),
                    post(url, dev_ca, make_envelope(user_id=f"{USER_ID}-new"))]
        finally:
            moto.start()
        back = post(url, dev_ca, make_envelope())
    for answer in down:
        assert_spoken_in_time(answer)
        assert answer.keys[0] == "frame.store_unavailable"
        assert answer.json["response"]["shouldEndSession"] is False
    assert back.keys[0] == "frame.welcome.returning"
    assert dynamo_record(dynamo) == before


@pytest.mark.parametrize("mode", ["silent", "hang", "trickle"])
def test_dynamodb_endpoint_that_never_answers_gives_the_fallback_within_the_budget(settings, dev_ca, mode):
    from faults import aws_env

    with aws_env(), FaultyEndpoint(mode) as endpoint:
        shipped = settings.replace(store="dynamodb", dynamodb_endpoint=endpoint.url, aws_region="us-east-1")
        with serving(shipped) as url:   # the shipped bounds: 1 s read, 0.5 s connect, 2 attempts
            answer = post(url, dev_ca, make_envelope())
    assert_spoken_in_time(answer)
    assert answer.keys[0] == "frame.store_unavailable", answer.keys     # the store's own bound, not the watchdog
    # 2 attempts of 1 s (about 2 s), even when trickling, not boto3's 240 s of retries nor the watchdog's 4.75 s
    # (the key above says which); the slack is for a slow, loaded machine
    assert answer.seconds < 4.5, answer.seconds
    assert endpoint.connections <= 2, endpoint.connections             # the bounded attempts, then not again
    assert answer.json["response"]["shouldEndSession"] is False


# -- logs ----------------------------------------------------------------------------------------------------

def test_debug_logs_with_dynamodb_hold_no_key_id_token_or_record(moto, tmp_path, dev_ca):
    """The real server as a process, SPASM_LOG_LEVEL=DEBUG, on moto: botocore and urllib3 stay at WARNING."""
    import re
    import sys
    from pathlib import Path

    from faults import AWS_TEST_ENV
    from simulator.session import READY

    table = moto.table("logs-debug")
    log_path = tmp_path / "serve.log"
    env = {**AWS_TEST_ENV, "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
           "SPASM_STORE": "dynamodb", "SPASM_DYNAMODB_TABLE": table, "SPASM_DYNAMODB_ENDPOINT": moto.url,
           "AWS_REGION": "us-east-1", "SPASM_LOG_LEVEL": "DEBUG", "ALEXA_SKILL_ID": SKILL_ID}
    script = Path(sys.executable).with_name("spasm-coach")
    with open(log_path, "w") as log:
        proc = subprocess.Popen([str(script), "serve", "--host", "127.0.0.1", "--port", "0", "--dev-certs",
                                 str(dev_ca.dir)], stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        url = None
        ready_by = time.monotonic() + 60                   # a start-up, however loaded the machine (about 1 s)
        while time.monotonic() < ready_by and proc.poll() is None:
            found = READY.search(log_path.read_text())
            if found:
                url = f"http://127.0.0.1:{found.group(1) or found.group(2)}"
                break
            time.sleep(0.05)
        assert url, log_path.read_text()
        assert post(url, dev_ca, make_envelope()).keys[0] == "frame.welcome.first"      # writes a record
        assert post(url, dev_ca, make_envelope()).keys[0] == "frame.welcome.returning"  # reads it
    finally:
        proc.terminate()
        proc.wait(10)
    text = log_path.read_text()
    item = dynamo_record(moto_settings(moto, table))
    first_seen = item["attributes"]["M"]["first_seen"]["S"]
    assert "DEBUG spasm_coach.persistence store read" in text                 # DEBUG was on
    for secret in (AWS_TEST_ENV["AWS_ACCESS_KEY_ID"], AWS_TEST_ENV["AWS_SESSION_TOKEN"],
                   AWS_TEST_ENV["AWS_SECRET_ACCESS_KEY"], first_seen, _key(USER_ID), USER_ID):
        assert secret not in text, secret
    assert not re.search(r"\b(botocore|boto3|urllib3)\S* DEBUG|DEBUG (botocore|boto3|urllib3)", text)


def moto_settings(moto, table):
    from skill.config import Settings

    return Settings(dynamodb_endpoint=moto.url, dynamodb_table=table)
