"""Certificate chains: the real Amazon chain by date, swapped and missing certificates, SAN, expiry, cache."""

import datetime as dt
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from skill.certs import SigningCertCache, VerificationError, dev_fetcher, fetch_url, load_roots

AMAZON_CHAIN = Path(__file__).resolve().parent / "fixtures" / "amazon" / "echo-api-cert-12.pem"
URL = "https://s3.amazonaws.com/echo.api/"
INSIDE = dt.datetime(2023, 6, 1, tzinfo=dt.timezone.utc)


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture
def amazon_dir(tmp_path):
    if not AMAZON_CHAIN.exists():
        pytest.fail(f"missing fixture {AMAZON_CHAIN}")
    folder = tmp_path / "amazon"
    folder.mkdir()
    shutil.copy(AMAZON_CHAIN, folder / "echo-api-cert-12.pem")
    return folder


def amazon_cache(folder) -> SigningCertCache:
    return SigningCertCache(load_roots(), dev_fetcher(folder))


def test_real_amazon_chain_is_accepted_inside_its_validity(amazon_dir):
    key = amazon_cache(amazon_dir).public_key(URL + "echo-api-cert-12.pem", INSIDE)
    leaf = x509.load_pem_x509_certificates(AMAZON_CHAIN.read_bytes())[0]
    assert key.public_numbers() == leaf.public_key().public_numbers()


@pytest.mark.parametrize("when", [dt.datetime(2023, 3, 15, tzinfo=dt.timezone.utc),
                                  dt.datetime(2023, 12, 24, tzinfo=dt.timezone.utc),
                                  dt.datetime.now(dt.timezone.utc)])
def test_real_amazon_chain_is_rejected_outside_its_validity(amazon_dir, when):
    with pytest.raises(VerificationError, match="certificate chain rejected"):
        amazon_cache(amazon_dir).public_key(URL + "echo-api-cert-12.pem", when)


def test_real_chain_with_the_intermediate_missing_is_rejected(amazon_dir):
    leaf = x509.load_pem_x509_certificates(AMAZON_CHAIN.read_bytes())[0]
    (amazon_dir / "leaf-only.pem").write_bytes(pem(leaf))
    with pytest.raises(VerificationError, match="certificate chain rejected"):
        amazon_cache(amazon_dir).public_key(URL + "leaf-only.pem", INSIDE)


def test_real_chain_with_the_leaf_swapped_is_rejected(amazon_dir, dev_ca):
    amazon = x509.load_pem_x509_certificates(AMAZON_CHAIN.read_bytes())
    dev_leaf = x509.load_pem_x509_certificates((dev_ca.dir / "echo-api-cert.pem").read_bytes())[0]
    (amazon_dir / "swapped.pem").write_bytes(b"".join(pem(c) for c in [dev_leaf, *amazon[1:]]))
    with pytest.raises(VerificationError, match="certificate chain rejected"):
        amazon_cache(amazon_dir).public_key(URL + "swapped.pem", INSIDE)


def test_dev_chain_is_not_trusted_without_its_root(dev_ca):
    cache = SigningCertCache(load_roots(), dev_fetcher(dev_ca.dir))
    with pytest.raises(VerificationError, match="certificate chain rejected"):
        cache.public_key(URL + "echo-api-cert.pem", dt.datetime.now(dt.timezone.utc))


def test_wrong_san_and_expired_leaf_are_rejected(dev_ca):
    now = dt.datetime.now(dt.timezone.utc)
    dev_ca.issue_leaf("wrong-san.pem", san="echo-api.example.com")
    dev_ca.issue_leaf("expired.pem", not_before=now - dt.timedelta(days=30), not_after=now - dt.timedelta(days=1))
    cache = SigningCertCache(load_roots([dev_ca.dir / "root.pem"]), dev_fetcher(dev_ca.dir))
    for name in ("wrong-san.pem", "expired.pem"):
        with pytest.raises(VerificationError, match="certificate chain rejected"):
            cache.public_key(URL + name, now)
    assert cache.public_key(URL + "echo-api-cert.pem", now) is not None


def test_cache_is_bounded_and_drops_expired_entries(dev_ca):
    fetched = []
    inner = dev_fetcher(dev_ca.dir)

    def counting(url, timeout):
        fetched.append(url)
        return inner(url, timeout)

    now = dt.datetime.now(dt.timezone.utc)
    names = [f"cache-{i}.pem" for i in range(3)]
    for name in names:
        dev_ca.issue_leaf(name, not_after=now + dt.timedelta(hours=1))
    cache = SigningCertCache(load_roots([dev_ca.dir / "root.pem"]), counting, size=2)
    for name in names:
        cache.public_key(URL + name, now)
    cache.public_key(URL + names[2], now)
    assert len(cache) == 2 and len(fetched) == 3          # a hit does not refetch; the oldest was evicted
    cache.public_key(URL + names[0], now)
    assert len(fetched) == 4
    later = now + dt.timedelta(hours=2)                   # past the leaf's expiry: dropped, refetched, rejected
    with pytest.raises(VerificationError):
        cache.public_key(URL + names[0], later)
    assert len(fetched) == 5 and len(cache) == 1


def test_fetch_gives_up_quickly_on_a_silent_server():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    threading.Thread(target=lambda: listener.accept(), daemon=True).start()
    started = time.monotonic()
    with pytest.raises(VerificationError, match="certificate fetch failed"):
        fetch_url(f"http://127.0.0.1:{port}/echo.api/x.pem", timeout=0.3)
    assert time.monotonic() - started < 3       # 0.3 s (a fetch with no timeout waits forever); slack for load
    listener.close()


def test_dev_fetcher_refuses_paths_outside_its_folder(dev_ca):
    fetch = dev_fetcher(dev_ca.dir)
    with pytest.raises(VerificationError):
        fetch(URL + "sub/../../etc/passwd", 1)
    with pytest.raises(VerificationError):
        fetch(URL + "missing.pem", 1)
