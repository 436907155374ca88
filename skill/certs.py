"""Alexa signing certificates: URL rules, fetching with a timeout, chain validation and a bounded cache."""

from __future__ import annotations

import datetime as dt
import functools
import threading
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.verification import DNSName, PolicyBuilder, Store, VerificationError as ChainError

SIGNING_HOST = "s3.amazonaws.com"
SIGNING_PATH = "/echo.api/"
SIGNING_SAN = "echo-api.amazon.com"
MAX_CHAIN_BYTES = 64 * 1024
FAILURE_SECONDS = 10.0      # a URL whose fetch or chain failed is refused without refetching for this long
FAILURE_ENTRIES = 256       # bounded: a flood of new URLs evicts the oldest failures, never grows memory
AMAZON_ROOTS = Path(__file__).parent / "trust" / "amazon-roots.pem"


class VerificationError(Exception):
    """A request failed verification; str(error) is the short reason that is logged and returned."""


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, so that /echo.api/../x becomes /x before the prefix check."""
    output: list[str] = []
    for segment in path.split("/")[1:]:
        if segment == "..":
            if output:
                output.pop()
        elif segment != ".":
            output.append(segment)
    if path.endswith(("/.", "/..")):
        output.append("")
    return "/" + "/".join(output)


@functools.lru_cache(maxsize=64)  # the same few URLs arrive on every request; failures are not cached
def normalise_cert_url(url: str) -> str:
    """The canonical form of a SignatureCertChainUrl, or VerificationError naming the broken rule."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise VerificationError("certificate URL is malformed") from None
    if parts.scheme.lower() != "https":
        raise VerificationError("certificate URL scheme is not https")
    if (parts.hostname or "").lower() != SIGNING_HOST or parts.username or parts.password:
        raise VerificationError("certificate URL host is not s3.amazonaws.com")
    if port not in (None, 443):
        raise VerificationError("certificate URL port is not 443")
    if "%" in parts.path or "\\" in parts.path or parts.query or parts.fragment:
        raise VerificationError("certificate URL has escapes, a query or a fragment")
    path = _remove_dot_segments(parts.path)
    if not path.startswith(SIGNING_PATH) or path == SIGNING_PATH:
        raise VerificationError("certificate URL path is not under /echo.api/")
    return f"https://{SIGNING_HOST}{path}"


def fetch_url(url: str, timeout: float) -> bytes:
    """Download a certificate chain (URL already checked) within TIMEOUT as a whole, not per read (the Alexa API
    client's bounded call: a server trickling bytes cannot hold the request), and at most MAX_CHAIN_BYTES."""
    from ask_sdk_core.exceptions import ApiClientException

    from skill.api_client import TimeoutApiClient

    client = TimeoutApiClient(timeout, timeout, call_timeout=timeout)
    try:
        status, data = client.get(url, MAX_CHAIN_BYTES)
    except ApiClientException as error:
        reason = "too large" if "too large" in str(error) else "no answer in time" if "within" in str(error) \
            else str(error).rsplit(": ", 1)[-1]
        raise VerificationError(f"certificate fetch failed ({reason})") from None
    if status != 200:
        raise VerificationError(f"certificate fetch failed (status {status})")
    return data


def dev_fetcher(directory: str | Path) -> Callable[[str, float], bytes]:
    """A fetcher that reads https://s3.amazonaws.com/echo.api/NAME from DIRECTORY/NAME, never the network."""
    folder = Path(directory)

    def fetch(url: str, timeout: float) -> bytes:
        name = url[len(f"https://{SIGNING_HOST}{SIGNING_PATH}"):]
        if not name or "/" in name or name.startswith("."):
            raise VerificationError("certificate URL does not name a dev certificate")
        try:
            return (folder / name).read_bytes()[: MAX_CHAIN_BYTES + 1]
        except OSError:
            raise VerificationError("dev certificate not found") from None

    return fetch


def load_roots(extra: Iterable[str | Path] = ()) -> list[x509.Certificate]:
    """Amazon's root CAs plus any EXTRA PEM files (the dev CA's root.pem)."""
    roots: list[x509.Certificate] = []
    for path in (AMAZON_ROOTS, *extra):
        roots.extend(x509.load_pem_x509_certificates(Path(path).read_bytes()))
    return roots


class SigningCertCache:
    """Validated signing keys by normalised URL; bounded, and an entry is dropped once it expires. A URL whose
    fetch or chain failed is remembered for FAILURE_SECONDS (bounded too), so unsigned requests that name new
    or broken URLs cannot make the service fetch on every request."""

    def __init__(self, roots: list[x509.Certificate], fetch: Callable[[str, float], bytes] = fetch_url, *,
                 size: int = 16, timeout: float = 2.0, failure_seconds: float = FAILURE_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self._store = Store(roots)
        self._fetch = fetch
        self._size = size
        self._timeout = timeout
        self._entries: OrderedDict[str, tuple[rsa.RSAPublicKey, dt.datetime, dt.datetime]] = OrderedDict()
        self._failures: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._failure_seconds = failure_seconds
        self._clock = clock
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def public_key(self, url: str, now: dt.datetime) -> rsa.RSAPublicKey:
        """The signing key for normalised URL, valid at NOW; fetches and validates on a miss."""
        with self._lock:
            entry = self._entries.get(url)
            if entry is not None:
                key, not_before, not_after = entry
                if not_before <= now <= not_after:
                    self._entries.move_to_end(url)
                    return key
                del self._entries[url]
            failed = self._failures.get(url)
            if failed is not None:
                if failed[0] > self._clock():
                    raise VerificationError(f"{failed[1]} (remembered)")
                del self._failures[url]
        from skill import deadline  # the request's deadline bounds the fetch too

        try:
            timeout = deadline.bound(self._timeout, reserve=0.5)
        except deadline.DeadlineExceeded:
            raise VerificationError("no time left to fetch the certificate chain") from None
        try:
            key, not_before, not_after = self._validate(self._fetch(url, timeout), now)
        except VerificationError as error:
            with self._lock:
                self._failures[url] = (self._clock() + self._failure_seconds, str(error))
                self._failures.move_to_end(url)
                while len(self._failures) > FAILURE_ENTRIES:
                    self._failures.popitem(last=False)
            raise
        with self._lock:
            self._entries[url] = (key, not_before, not_after)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return key

    def _validate(self, pem: bytes, now: dt.datetime):
        if len(pem) > MAX_CHAIN_BYTES:
            raise VerificationError("certificate chain is too large")
        try:
            certs = x509.load_pem_x509_certificates(pem)
        except ValueError:
            raise VerificationError("certificate chain is not PEM") from None
        verifier = PolicyBuilder().store(self._store).time(now).max_chain_depth(4) \
            .build_server_verifier(DNSName(SIGNING_SAN))
        try:
            chain = verifier.verify(certs[0], certs[1:])
        except ChainError as error:
            raise VerificationError(f"certificate chain rejected ({_short(error)})") from None
        key = certs[0].public_key()
        if not isinstance(key, rsa.RSAPublicKey) or key.key_size < 2048:
            raise VerificationError("signing key is not RSA-2048 or stronger")
        return (key, max(cert.not_valid_before_utc for cert in chain),
                min(cert.not_valid_after_utc for cert in chain))


def _short(error: Exception) -> str:
    text = str(error).split(":")[-1].strip() or type(error).__name__
    return text[:80]
