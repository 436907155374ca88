"""Alexa request verification: certificate URL, chain, Signature-256, timestamp and application id."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable, Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from skill.certs import SigningCertCache, VerificationError, dev_fetcher, fetch_url, load_roots, normalise_cert_url
from skill.config import Settings
from skill.envelope import application_id

__all__ = ["RequestVerifier", "VerificationError", "parse_body", "make_verifier"]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _not_json(name: str):
    raise ValueError(f"{name} is not JSON")


def parse_body(body: bytes) -> dict[str, Any]:
    """The request envelope as a dict, or VerificationError when it is not a JSON object (NaN, Infinity and
    -Infinity, which Python's parser would take, are not JSON either)."""
    try:
        envelope = json.loads(body, parse_constant=_not_json)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise VerificationError("body is not JSON") from None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("request"), dict):
        raise VerificationError("body is not an Alexa request envelope")
    return envelope


def _timestamp(envelope: dict[str, Any]) -> dt.datetime:
    raw = envelope["request"].get("timestamp")
    try:
        stamp = dt.datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        raise VerificationError("request timestamp is missing or malformed") from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)


class RequestVerifier:
    """Checks one raw request (headers + body bytes); returns the parsed envelope or raises VerificationError."""

    def __init__(self, settings: Settings, certs: SigningCertCache, *,
                 clock: Callable[[], dt.datetime] = _utcnow):
        self.settings = settings
        self.certs = certs
        self.clock = clock

    def verify(self, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        cert_url, signature_b64 = headers.get("SignatureCertChainUrl"), headers.get("Signature-256")
        if not cert_url or not signature_b64:
            raise VerificationError("missing SignatureCertChainUrl or Signature-256 header")
        url = normalise_cert_url(cert_url)
        try:
            signature = base64.b64decode(signature_b64, validate=True)
        except (binascii.Error, ValueError):
            raise VerificationError("Signature-256 is not base64") from None
        envelope = parse_body(body)
        now = self.clock()
        self.check_timestamp(envelope, now)
        self.check_application(envelope)
        key = self.certs.public_key(url, now)
        try:
            key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise VerificationError("signature does not match the body") from None
        return envelope

    def check_timestamp(self, envelope: dict[str, Any], now: dt.datetime) -> None:
        is_event = str(envelope["request"].get("type", "")).startswith("AlexaSkillEvent.")
        tolerance = self.settings.skill_event_tolerance if is_event else self.settings.timestamp_tolerance
        if abs((now - _timestamp(envelope)).total_seconds()) > tolerance:
            raise VerificationError("request timestamp is outside the tolerance")

    def check_application(self, envelope: dict[str, Any]) -> None:
        expected = self.settings.effective_skill_id
        if not expected or application_id(envelope) != expected:
            raise VerificationError("application id does not match this skill")


def make_verifier(settings: Settings, *, clock: Callable[[], dt.datetime] = _utcnow) -> RequestVerifier | None:
    """The verifier SETTINGS ask for: Amazon roots, plus the dev CA in dev mode; None when verification is off."""
    if settings.verify == "off":
        return None
    if settings.verify == "dev":
        certs = SigningCertCache(load_roots([f"{settings.dev_certs_dir}/root.pem"]),
                                 dev_fetcher(settings.dev_certs_dir), size=settings.cert_cache_size)
    else:
        certs = SigningCertCache(load_roots(), fetch_url, size=settings.cert_cache_size,
                                 timeout=settings.cert_fetch_timeout)
    return RequestVerifier(settings, certs, clock=clock)
