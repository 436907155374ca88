"""The whole HTTP path with a CA of our own: a signed request is answered, every tampering gets 400."""

import datetime as dt
import json
import logging

import pytest

from conftest import SKILL_ID, USER_ID, encode, iso_now, make_envelope
from skill.app import create_app
from skill.config import Settings


def test_signed_launch_gets_a_spoken_welcome_with_the_session_open(signed_post):
    response = signed_post(make_envelope("LaunchRequest"))
    assert response.status_code == 200
    body = response.get_json()
    assert body["version"] == "1.0"
    assert body["response"]["outputSpeech"]["type"] == "SSML"
    assert "Spasm Coach" in body["response"]["outputSpeech"]["ssml"]
    assert body["response"]["shouldEndSession"] is False
    assert body["response"]["reprompt"]["outputSpeech"]["ssml"].startswith("<speak>")


def _rejected(response, reason):
    assert response.status_code == 400
    assert response.is_json and reason in response.get_json()["error"]


def test_one_changed_byte_is_rejected(client, dev_ca):
    body = encode(make_envelope("LaunchRequest"))
    headers = dev_ca.sign(body)
    tampered = body.replace(b'"LaunchRequest"', b'"LaunchRequesT"')
    _rejected(client.post("/", data=tampered, headers=headers), "signature does not match")


@pytest.mark.parametrize("offset", [-151, -3600, 400])
def test_stale_or_future_timestamp_is_rejected(signed_post, offset):
    _rejected(signed_post(make_envelope("LaunchRequest", timestamp=iso_now(offset))), "timestamp")


def test_skill_events_may_be_an_hour_old(signed_post):
    event = make_envelope("AlexaSkillEvent.SkillEnabled", timestamp=iso_now(-1800))
    del event["session"]
    response = signed_post(event)
    assert response.status_code == 200
    assert "outputSpeech" not in response.get_json().get("response", {})
    event = make_envelope("AlexaSkillEvent.SkillEnabled", timestamp=iso_now(-3700))
    _rejected(signed_post(event), "timestamp")


@pytest.mark.parametrize("url, reason", [
    ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", "scheme"),
    ("https://s3.amazonaws.example.com/echo.api/echo-api-cert.pem", "host"),
    ("https://s3.amazonaws.com/echo.api/../x", "path"),
    ("https://s3.amazonaws.com:8443/echo.api/echo-api-cert.pem", "port"),
])
def test_bad_certificate_urls_are_rejected(signed_post, url, reason):
    _rejected(signed_post(make_envelope("LaunchRequest"), headers={"SignatureCertChainUrl": url}), reason)


def test_chain_with_wrong_san_or_expired_is_rejected(signed_post, dev_ca):
    now = dt.datetime.now(dt.timezone.utc)
    dev_ca.issue_leaf("svc-wrong-san.pem", san="echo-api.evil.example")
    dev_ca.issue_leaf("svc-expired.pem", not_before=now - dt.timedelta(days=10), not_after=now - dt.timedelta(days=1))
    for name in ("svc-wrong-san.pem", "svc-expired.pem"):
        _rejected(signed_post(make_envelope("LaunchRequest"), cert_name=name), "certificate chain rejected")


def test_another_application_id_is_rejected(signed_post):
    other = "amzn1.ask.skill.99999999-9999-9999-9999-999999999999"
    _rejected(signed_post(make_envelope("LaunchRequest", app_id=other)), "application id")


def test_missing_headers_garbage_and_bad_base64_are_rejected(client, signed_post):
    _rejected(client.post("/", data=b"garbage"), "missing")
    _rejected(signed_post(b"garbage"), "not JSON")
    _rejected(signed_post(b'["a list"]'), "envelope")
    _rejected(signed_post(make_envelope(), headers={"Signature-256": "***not base64***"}), "base64")
    _rejected(signed_post(make_envelope(), headers={"Signature-256": "AAAA"}), "signature does not match")


def test_a_signed_but_malformed_envelope_gets_400_not_500(signed_post):
    envelope = make_envelope("IntentRequest", intent="AMAZON.HelpIntent")
    envelope["request"]["intent"]["slots"] = "not a mapping"
    response = signed_post(envelope)
    assert response.status_code in (200, 400)
    assert response.status_code != 500


def test_rejections_log_one_line_with_the_reason_and_never_the_body(client, caplog):
    caplog.set_level(logging.INFO, logger="spasm_coach.request")
    body = encode(make_envelope("LaunchRequest"))
    client.post("/", data=body, headers={"SignatureCertChainUrl": "http://x/", "Signature-256": "AAAA"})
    rejected = [r.getMessage() for r in caplog.records if "rejected" in r.getMessage()]
    assert len(rejected) == 1 and "scheme" in rejected[0]
    assert all(USER_ID not in r.getMessage() and "LaunchRequest\"" not in r.getMessage() for r in caplog.records)


def test_verification_on_uses_only_amazon_roots(settings, dev_ca):
    strict = create_app(Settings(skill_id=SKILL_ID, verify="on", db_path=settings.db_path))
    body = encode(make_envelope("LaunchRequest"))
    # the dev certificate URL would need the network in this mode; the dev root must never be trusted here
    strict.extensions["spasm_coach"]["verifier"].certs._fetch = lambda url, timeout: (
        dev_ca.dir / "echo-api-cert.pem").read_bytes()
    response = strict.test_client().post("/", data=body, headers=dev_ca.sign(body))
    _rejected(response, "certificate chain rejected")
    assert "X-Spasm-Response-Keys" not in response.headers


def test_the_simulator_virtual_clock_is_refused_with_amazon_roots_and_only_widens_the_dev_ca_window():
    """`serve --virtual-clock` (the simulator's :advance moves request timestamps days on) never applies to a
    webhook that trusts Amazon's certificates: there the 150 s replay window stays."""
    import argparse

    from skill.cli import settings_from_args
    from skill.config import ConfigError

    def args(**flags):
        return argparse.Namespace(**{"dev_certs": None, "no_verify": False, "db": None, "store": None,
                                     "virtual_clock": True, **flags})

    with pytest.raises(ConfigError, match="150 s"):
        settings_from_args(args(), env={"ALEXA_SKILL_ID": SKILL_ID})
    dev = settings_from_args(args(dev_certs="/tmp/dev-ca"), env={})
    assert dev.verify == "dev" and dev.timestamp_tolerance > 365 * 24 * 3600
    plain = settings_from_args(args(dev_certs="/tmp/dev-ca", virtual_clock=False), env={})
    assert plain.timestamp_tolerance == 150
