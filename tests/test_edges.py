"""Edges before authentication: certificate fetch failures remembered briefly per URL; the real server refuses an
oversized body before reading it, caps what it buffers, closes idle and slow connections."""

from __future__ import annotations

import datetime as dt
import socket
import time

import pytest

from conftest import make_envelope, serving
from skill.certs import SigningCertCache, VerificationError, dev_fetcher, load_roots

URL = "https://s3.amazonaws.com/echo.api/"
NOW = dt.datetime.now(dt.timezone.utc)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_failed_certificate_fetch_is_remembered_per_url_for_a_short_while(dev_ca):
    fetched = []
    inner = dev_fetcher(dev_ca.dir)

    def counting(url, timeout):
        fetched.append(url)
        return inner(url, timeout)

    clock = Clock()
    cache = SigningCertCache(load_roots([dev_ca.dir / "root.pem"]), counting, failure_seconds=10, clock=clock)
    for _ in range(5):
        with pytest.raises(VerificationError, match="dev certificate not found"):
            cache.public_key(URL + "missing.pem", NOW)
    assert fetched == [URL + "missing.pem"]                  # one fetch, four remembered refusals
    with pytest.raises(VerificationError):
        cache.public_key(URL + "other-missing.pem", NOW)     # per URL: another URL is its own fetch
    assert len(fetched) == 2
    clock.now += 11                                          # briefly: after the window it is tried again
    with pytest.raises(VerificationError):
        cache.public_key(URL + "missing.pem", NOW)
    assert len(fetched) == 3
    assert cache.public_key(URL + "echo-api-cert.pem", NOW) is not None   # a good URL is unaffected


def test_the_failure_memory_is_bounded(dev_ca):
    from skill import certs

    cache = SigningCertCache(load_roots([dev_ca.dir / "root.pem"]), dev_fetcher(dev_ca.dir))
    for n in range(certs.FAILURE_ENTRIES + 50):
        with pytest.raises(VerificationError):
            cache.public_key(f"{URL}missing-{n}.pem", NOW)
    assert len(cache._failures) == certs.FAILURE_ENTRIES
