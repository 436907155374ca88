"""Where a webhook request's time goes: CPU per request, ours next to hello-world, and a profile of ours.

In one process through Flask's test client (no sockets, no server threads, so load on the machine moves both
alike): the same signed envelopes to the full webhook (verification on with a dev CA, SQLite, the dispatch thread)
and to the hello-world app. CPU is process time over all threads, so the dispatch thread counts.
`python -m bench.profile_request [LaunchRequest|IntentRequest] [N]`.
"""

from __future__ import annotations

import concurrent.futures
import cProfile
import io
import json
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from unittest import mock

from bench.hello_skill import create_app as create_hello
from simulator.signing import DevCA
from skill.app import create_app
from skill.config import DEV_SKILL_ID, Settings


TOP = 40


def envelope(kind: str, user: int) -> bytes:
    application, person = {"applicationId": DEV_SKILL_ID}, {"userId": f"amzn1.ask.account.PROFILE{user:04d}"}
    request = {"type": kind, "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}", "locale": "en-US",
               "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    if kind == "IntentRequest":
        request["intent"] = {"name": "AMAZON.HelpIntent", "confirmationStatus": "NONE", "slots": {}}
    return json.dumps({"version": "1.0", "request": request,
                       "session": {"new": kind == "LaunchRequest", "sessionId": "amzn1.echo-api.session.profile",
                                   "application": application, "user": person, "attributes": {}},
                       "context": {"System": {"application": application, "user": person,
                                              "device": {"deviceId": "profile", "supportedInterfaces": {}},
                                              "apiEndpoint": "https://api.amazonalexa.com"}}}).encode()


def cpu_per_request(kind: str = "IntentRequest", count: int = 150, rounds: int = 9) -> tuple[float, float, float]:
    """(ours, hello-world, ratio): CPU ms per request, best of ROUNDS rounds of COUNT taking turns (no profile), and
    the median of the rounds' own ratios (each round's pair ran back to back, under the same load)."""
    (ours, hello), _, _, _, cpu = _measure(kind, count, rounds)
    return ours, hello, statistics.median(o / h for o, h in zip(cpu["spasm-coach"], cpu["hello-world"]))


def _measure(kind: str, count: int, rounds: int):
    work = Path(tempfile.mkdtemp(prefix="spasm-profile-"))
    ca = DevCA.ensure(work / "dev-ca")
    settings = Settings.from_env({}, verify="dev", dev_certs_dir=str(ca.dir), db_path=str(work / "db.sqlite3"),
                                 log_level="WARNING")
    clients = {"hello-world": create_hello().test_client(), "spasm-coach": create_app(settings).test_client()}
    signed = []
    for i in range(count * (rounds + 1) + 50):
        body = envelope(kind, i % 50)
        signed.append((body, {**ca.sign(body), "Content-Type": "application/json"}))

    def run(client, batch) -> None:
        for body, headers in batch:
            assert client.post("/", data=body, headers=headers).status_code == 200

    for client in clients.values():
        run(client, signed[:50])
    cpu: dict[str, list[float]] = {name: [] for name in clients}
    for number in range(rounds):
        batch = signed[50 + number * count: 50 + (number + 1) * count]
        for name, client in (clients.items() if number % 2 else reversed(clients.items())):   # alternate who goes first
            started = time.process_time()
            run(client, batch)
            cpu[name].append((time.process_time() - started) / count * 1000)
    return (min(cpu["spasm-coach"]), min(cpu["hello-world"])), settings, signed, run, cpu


def main(kind: str = "IntentRequest", count: int = 300, rounds: int = 3) -> int:
    (ours, hello), settings, signed, run, _ = _measure(kind, count, rounds)
    print(f"{kind}: CPU per request through Flask's test client, best of {rounds} rounds of {count}: "
          f"spasm-coach {ours:.2f} ms, hello-world {hello:.2f} ms, ratio {ours / hello:.2f}")
    # The profile: a second webhook whose dispatch "thread" runs inline, so that cProfile (one thread) sees the
    # skill's own work; the hand-off itself is the bench's hello+handoff row.
    with mock.patch("skill.deadline.Workers", InlineExecutor):
        inline = create_app(settings).test_client()
    run(inline, signed[:50])
    profile = cProfile.Profile()
    profile.enable()
    run(inline, signed[-count:])
    profile.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(order).print_stats(TOP)
        print(out.getvalue())
    return 0


class InlineExecutor:
    """A stand-in for the webhook's dispatch pool (skill.deadline.Workers) that runs each call at once on the
    calling thread."""

    def __init__(self, *args, **kwargs):
        pass

    def submit(self, fn, *args, **kwargs) -> concurrent.futures.Future:  # noqa: D102
        future: concurrent.futures.Future = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - handed to the caller, as a pool would
            future.set_exception(error)
        return future


if __name__ == "__main__":
    sys.exit(main(*(sys.argv[1:2] or ["IntentRequest"]), *(int(a) for a in sys.argv[2:3])))
