"""The Alexa API client over real HTTPS on loopback: TLS checked against the roots it is given, bodies by length,
by chunks and until close, kept-alive connections reused, a broken answer refused (skill/http11.py)."""

import datetime as dt
import socket
import ssl
import threading

import pytest
from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services import ApiClientRequest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from skill import castore
from skill.api_client import TimeoutApiClient


def _pair(tmp_path):
    """A root (as a hashed directory) and a localhost certificate it signed (as leaf.pem with its key)."""
    now = dt.datetime.now(dt.timezone.utc)

    def make(subject, issuer, key, signer, ca):
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
                   .not_valid_after(now + dt.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if not ca:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        return builder.sign(signer, hashes.SHA256())

    root_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Api Client Test Root")])
    root = make(root_name, root_name, root_key, root_key, True)
    leaf = make(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]), root_name, leaf_key, root_key,
                False)
    castore.write_hashed_dir(root.public_bytes(serialization.Encoding.PEM), tmp_path / "roots")
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM) + leaf_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return tmp_path / "roots", tmp_path / "leaf.pem"


class Server:
    """HTTPS on loopback answering each request with the next of ANSWERS (raw bytes; None: hang up, at once or
    after the answer before it); counts connections and keeps what each request said."""

    def __init__(self, leaf, answers):
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(leaf)
        self.answers = list(answers)
        self.requests: list[bytes] = []
        self.connections = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                raw, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(raw,), daemon=True).start()

    def _serve(self, raw):
        try:
            with self.context.wrap_socket(raw, server_side=True) as tls:
                reader = tls.makefile("rb")
                while self.answers:
                    head = b""
                    while not head.endswith(b"\r\n\r\n"):
                        line = reader.readline()
                        if not line:
                            return
                        head += line
                    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                                   if line.lower().startswith(b"content-length:")), 0)
                    self.requests.append(head + reader.read(length))
                    answer = self.answers.pop(0)
                    if answer is None:   # hang up without a word
                        return
                    tls.sendall(answer)
                    if self.answers and self.answers[0] is None:   # then hang up
                        self.answers.pop(0)
                        return
        except (ssl.SSLError, OSError):
            pass

    def close(self):
        self.listener.close()


def _client(roots) -> TimeoutApiClient:
    client = TimeoutApiClient(2.0, 2.0, call_timeout=3.0)
    client._tls = ssl.create_default_context(capath=str(roots))
    return client


def _get(client, port, path="/v2/devices/d/settings/System.timeZone"):
    return client.invoke(ApiClientRequest(url=f"https://localhost:{port}{path}", method="GET",
                                          headers=[("Authorization", "Bearer token")]))


def test_answers_by_length_and_by_chunks_come_back_whole_on_one_kept_connection(tmp_path):
    roots, leaf = _pair(tmp_path)
    server = Server(leaf, [
        b'HTTP/1.1 100 Continue\r\n\r\n'
        b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n"America/Chicago"',
        b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\n3;x=1\r\n 1}\r\n0\r\n\r\n',
        b"HTTP/1.1 204\r\n\r\n",   # no reason phrase: still an answer
    ])
    try:
        client = _client(roots)
        first = _get(client, server.port)
        assert (first.status_code, first.body) == (200, '"America/Chicago"')
        assert ("Content-Type", "application/json") in first.headers
        second = client.invoke(ApiClientRequest(url=f"https://localhost:{server.port}/v1/alerts/timers",
                                                 method="POST", headers=[("Content-Type", "application/json")],
                                                 body={"duration": "PT10M"}))
        assert (second.status_code, second.body) == (200, '{"a": 1}')
        third = _get(client, server.port)
        assert (third.status_code, third.body) == (204, "")
    finally:
        server.close()
    assert server.connections == 1
    head, _, body = server.requests[1].partition(b"\r\n\r\n")
    assert head.startswith(b"POST /v1/alerts/timers HTTP/1.1\r\n")
    assert f"Host: localhost:{server.port}".encode() in head and b"Content-Length: 21" in head
    assert body == b'{"duration": "PT10M"}'


def test_an_answer_until_close_or_with_connection_close_is_read_and_the_next_call_reconnects(tmp_path):
    roots, leaf = _pair(tmp_path)
    server = Server(leaf, [b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", None,
                           b"HTTP/1.0 200 OK\r\n\r\nuntil close", None])
    try:
        client = _client(roots)
        assert _get(client, server.port).body == "ok"
        assert _get(client, server.port).body == "until close"
    finally:
        server.close()
    assert server.connections == 2


@pytest.mark.parametrize("answer", [
    b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort",             # the body ends early
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",    # not a chunk size
    b"SMTP ready\r\n\r\n",                                               # not HTTP
    b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nbroken header\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nabc\r\n0\r\n\r\n",        # a negative size
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nab",          # a huge one
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 3\r\n\r\nabcde",            # two lengths
    None,                                                                # no answer at all
])
def test_a_broken_answer_is_an_api_client_exception(tmp_path, answer):
    roots, leaf = _pair(tmp_path)
    server = Server(leaf, [answer, None])
    try:
        with pytest.raises(ApiClientException):
            _get(_client(roots), server.port)
    finally:
        server.close()


@pytest.mark.parametrize("answer", [
    b"HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n" + b"x" * 2000,
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n" + b"x" * 2000 + b"\r\n0\r\n\r\n",
])
def test_an_answer_over_the_size_limit_is_refused_by_length_or_in_one_big_chunk(tmp_path, answer):
    roots, leaf = _pair(tmp_path)
    server = Server(leaf, [answer, answer])
    try:
        client = _client(roots)
        with pytest.raises(ApiClientException):
            client.get(f"https://localhost:{server.port}/v1/alerts/timers", limit=1000)
        assert client.get(f"https://localhost:{server.port}/v1/alerts/timers", limit=5000)[1] == b"x" * 2000
    finally:
        server.close()


def test_interim_answers_are_skipped_and_the_next_call_gets_its_own_answer(tmp_path):
    roots, leaf = _pair(tmp_path)
    server = Server(leaf, [b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                           b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst",
                           b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond"])
    try:
        client = _client(roots)
        assert _get(client, server.port).body == "first"
        assert _get(client, server.port).body == "second"
    finally:
        server.close()


def test_a_server_whose_root_is_not_trusted_is_refused(tmp_path):
    roots, leaf = _pair(tmp_path)
    other, _ = _pair(tmp_path / "other")
    server = Server(leaf, [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"])
    try:
        with pytest.raises(ApiClientException, match="SSLCertVerificationError"):
            _get(_client(other), server.port)
    finally:
        server.close()
    assert server.requests == []


def test_bytes_no_request_asked_for_are_never_read_as_the_next_answer(tmp_path):
    """An answer followed by bytes it did not announce (here a whole second answer, in the same write): the kept
    connection is not used again, so the next request gets its own answer, not the stray one."""
    roots, leaf = _pair(tmp_path)
    server = Server(leaf, [
        b'HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n"America/Chicago"'
        b'HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n"Europe/Dublin"',          # stray: nobody asked for it
        b'HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n"Asia/Kolkata!"',
    ])
    try:
        client = _client(roots)
        assert _get(client, server.port).body == '"America/Chicago"'
        assert _get(client, server.port).body == '"Asia/Kolkata!"'
    finally:
        server.close()
    assert server.connections == 2
