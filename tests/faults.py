"""Fault injection helpers for the fault suite: a misbehaving HTTP endpoint on loopback, signed POSTs to a real
server with the answer time measured, and strict JSON (NaN or Infinity make a parse fail)."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
import urllib.parse

from conftest import encode

ANSWER_SECONDS = 6.0      # the promise: every request is answered within this, whatever a dependency does
FAULT_LIFETIME = 20.0     # no injected connection lives longer than this (bounded loops)


def strict_json(text: str | bytes):
    """json.loads that refuses NaN, Infinity and -Infinity (Python accepts them by default; JSON does not)."""
    def refuse(name):
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


class Answer:
    def __init__(self, status: int, body: bytes, headers: dict, seconds: float):
        self.status, self.body, self.headers, self.seconds = status, body, headers, seconds
        self.json = strict_json(body) if status == 200 else None

    @property
    def keys(self) -> list[str]:
        return [k for k in self.headers.get("X-Spasm-Response-Keys", "").split(",") if k]

    @property
    def speech(self) -> str:
        return ((self.json or {}).get("response", {}).get("outputSpeech") or {}).get("ssml", "")


def post(url: str, dev_ca, envelope: dict | bytes, timeout: float = 15.0) -> Answer:
    """A signed POST to a real server at URL; the time from sending to the last byte of the answer."""
    body = envelope if isinstance(envelope, bytes) else encode(envelope)
    headers = {"Content-Type": "application/json", **dev_ca.sign(body)}
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    started = time.monotonic()
    try:
        connection.request("POST", "/", body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        return Answer(response.status, data, dict(response.getheaders()), time.monotonic() - started)
    finally:
        connection.close()


def assert_spoken_in_time(answer: Answer) -> None:
    report = __import__("os").environ.get("SPASM_FAULT_REPORT")   # the fault table for the notes
    if report:
        case = __import__("os").environ.get("PYTEST_CURRENT_TEST", "?").split("::")[-1].split(" ")[0]
        with open(report, "a") as out:
            out.write(f"{case}\t{answer.seconds:.2f}\t{answer.status}\t{','.join(answer.keys[:2])}\n")
    assert answer.status == 200, (answer.status, answer.body[:200])
    assert answer.seconds < ANSWER_SECONDS, answer.seconds
    assert answer.json["version"] == "1.0"
    assert answer.speech.startswith("<speak>") and len(answer.speech) > 20, answer.json


class FaultyEndpoint:
    """A TCP endpoint on loopback that misbehaves in MODE: 'hang' (accepts, reads, never answers), 'silent'
    (accepts, never reads nor answers), 'trickle' (a valid status line and headers one byte every INTERVAL s),
    'status:NNN' (a JSON error with that status), 'garbage' (bytes that are not HTTP), 'badjson' (200 with a
    body that is not JSON). Every connection is closed after FAULT_LIFETIME seconds or at stop(). `connections`
    counts the connections accepted and `requests` the requests read: a count says "tried once" or "not tried
    again" whatever the machine's speed, where a time cannot."""

    def __init__(self, mode: str, *, interval: float = 0.2):
        self.mode = mode
        self.interval = interval
        self.connections = 0
        self.requests = 0
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> "FaultyEndpoint":
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):      # wake the accept() at once rather than at its next 0.2 s poll
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        for thread in self._threads:
            thread.join(timeout=2)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                sock, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            if self._stop.is_set():             # the wake-up from __exit__, not a client: not counted
                sock.close()
                break
            self.connections += 1
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, sock: socket.socket) -> None:
        ends = time.monotonic() + FAULT_LIFETIME
        sock.settimeout(0.2)
        with contextlib.closing(sock):
            if self.mode != "silent":
                request = b""
                while b"\r\n\r\n" not in request and time.monotonic() < ends and not self._stop.is_set():
                    try:
                        chunk = sock.recv(65536)
                    except TimeoutError:
                        continue
                    if not chunk:
                        return
                    request += chunk
                self.requests += 1
            try:
                if self.mode.startswith("status:"):
                    status = int(self.mode.split(":")[1])
                    body = json.dumps({"code": "FAULT", "message": "injected"}).encode()
                    sock.sendall(b"HTTP/1.1 %d Injected\r\nContent-Type: application/json\r\nContent-Length: %d"
                                 b"\r\nConnection: close\r\n\r\n%s" % (status, len(body), body))
                    return
                if self.mode == "garbage":
                    sock.sendall(b"\x00\xffNOT HTTP AT ALL\r\n\r\n{{{{")
                    return
                if self.mode == "badjson":
                    body = b'{"id": "x", "triggerTime": '
                    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                                 b"Connection: close\r\n\r\n%s" % (len(body), body))
                    return
                if self.mode == "trickle":
                    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: " + b"a" * 500:
                        if time.monotonic() > ends or self._stop.wait(self.interval):
                            return
                        sock.sendall(bytes([byte]))
                    return
            except OSError:
                return
            while time.monotonic() < ends and not self._stop.wait(0.2):   # hang / silent
                pass


AWS_TEST_ENV = {"AWS_ACCESS_KEY_ID": "AKIAFAKEKEYID4TESTS0", "AWS_SECRET_ACCESS_KEY": "fake-secret-for-tests-only",
                "AWS_SESSION_TOKEN": "FAKESESSIONTOKEN4TESTSxyzzy", "AWS_DEFAULT_REGION": "us-east-1"}


class Moto:
    """moto's DynamoDB server on loopback; stop() and start() again on the same port keep the data (moto's
    backend lives in this process)."""

    def __init__(self):
        from moto.server import ThreadedMotoServer

        self._make = lambda port: ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        self.server = self._make(0)
        self.server.start()
        host, self.port = self.server.get_host_and_port()
        self.url = f"http://{host}:{self.port}"

    def stop(self):
        self.server.stop()

    def start(self):
        self.server = self._make(self.port)
        self.server.start()

    def table(self, name: str) -> str:
        import boto3

        client = boto3.client("dynamodb", region_name="us-east-1", endpoint_url=self.url)
        client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
        return name


@contextlib.contextmanager
def aws_env():
    """AWS_TEST_ENV in the environment for the block; the environment as it was afterwards."""
    import pytest

    with pytest.MonkeyPatch.context() as env:
        for name, value in AWS_TEST_ENV.items():
            env.setenv(name, value)
        yield
