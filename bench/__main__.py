"""`make bench`: p50/p99/rps through the real server (verification on, SQLite) vs hello-world; Lambda cold start.

BENCH_CLIENTS, BENCH_REQUESTS, BENCH_ROUNDS size the webhook part; BENCH_HANDOFF=0 drops the hello+handoff row;
BENCH_OTHER_ROOT=path adds another checkout's server (main's, say) as a row taking turns with the rest."""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bench import cold_start
from simulator.signing import DevCA
from skill.config import DEV_SKILL_ID

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "3000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
HANDOFF = os.environ.get("BENCH_HANDOFF", "1") == "1"   # hello and ours alternate, so background load hits both
OTHER_ROOT = os.environ.get("BENCH_OTHER_ROOT")         # another checkout (main's, say) as one more row: before/after
WARMUP = 100
ROOT = Path(__file__).resolve().parents[1]


def envelope(kind: str, user: int) -> bytes:
    application, person = {"applicationId": DEV_SKILL_ID}, {"userId": f"amzn1.ask.account.BENCH{user:04d}"}
    request = {"type": kind, "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}", "locale": "en-US",
               "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    if kind == "IntentRequest":
        request["intent"] = {"name": "AMAZON.HelpIntent", "confirmationStatus": "NONE", "slots": {}}
    return json.dumps({"version": "1.0", "request": request,
                       "session": {"new": kind == "LaunchRequest", "sessionId": "amzn1.echo-api.session.bench",
                                   "application": application, "user": person, "attributes": {}},
                       "context": {"System": {"application": application, "user": person,
                                              "device": {"deviceId": "bench", "supportedInterfaces": {}},
                                              "apiEndpoint": "https://api.amazonalexa.com"}}}).encode()


def start(command: list[str], env: dict, cwd: Path = ROOT) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
                               cwd=cwd)
    line = process.stdout.readline()
    if "listening on http://127.0.0.1:" not in line:
        process.kill()
        raise SystemExit(f"server did not start: {command}: {line!r}")
    return process, int(line.split("127.0.0.1:")[1].split()[0].rstrip(")"))


def load(port: int, requests: list[tuple[bytes, dict]]) -> dict:
    """Send REQUESTS from CLIENTS keep-alive connections; latency per request in ms."""
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()
    chunks = [requests[i::CLIENTS] for i in range(CLIENTS)]

    def client(chunk):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        for body, headers in chunk:
            started = time.perf_counter()
            connection.request("POST", "/", body=body, headers={"Content-Type": "application/json", **headers})
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                errors.append(response.status)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(chunk,)) for chunk in chunks]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"latencies": latencies, "elapsed": elapsed, "errors": len(errors)}


def summarise(rounds: list[dict]) -> dict:
    """p50 and p99 over all requests of all rounds; requests per second over the summed run time."""
    latencies = sorted(ms for one in rounds for ms in one["latencies"])
    return {"p50": statistics.median(latencies), "p99": latencies[int(len(latencies) * 0.99) - 1],
            "rps": len(latencies) / sum(one["elapsed"] for one in rounds),
            "errors": sum(one["errors"] for one in rounds)}


def main(argv: list[str]) -> int:
    """`python -m bench [webhook|cpu|cold]`: all three by default."""
    parts = set(argv) or {"webhook", "cpu", "cold"}
    if "webhook" in parts:
        webhook()
    if "cpu" in parts:   # the steadiest per-request figure on a loaded machine: CPU, one process, no sockets
        from bench.profile_request import cpu_per_request

        print("\nCPU per request in one process (Flask's test client, the same signed envelopes, the dispatch "
              "thread included; `python -m bench.profile_request KIND` adds a profile):")
        for kind in ("LaunchRequest", "IntentRequest"):
            ours, hello, paired = cpu_per_request(kind)
            print(f"{kind:<16}spasm-coach {ours:.2f} ms, hello-world {hello:.2f} ms (best of 9 rounds each): ratio "
                  f"{ours / hello:.2f}; median of the rounds' own ratios {paired:.2f}")
    if "cold" in parts:
        print()
        cold_start.report()
    return 0


def webhook() -> None:
    """p50/p99/rps of LaunchRequest and IntentRequest, ours and hello-world, and the p50 ratios."""
    work = Path(tempfile.mkdtemp(prefix="spasm-bench-"))
    ca = DevCA.ensure(work / "dev-ca")
    # The production log level: spasm-coach writes its one line a request (to /dev/null here).
    env = {**os.environ, "SPASM_LOG_LEVEL": "INFO", "PYTHONPATH": str(ROOT)}
    ours, ours_port = start([sys.executable, "-m", "spasm_coach", "serve", "--port", "0", "--dev-certs",
                             str(ca.dir), "--db", str(work / "bench.sqlite3")], env)
    hello, hello_port = start([sys.executable, "-m", "bench.hello_skill"], env)
    servers = {"hello-world": hello_port, "spasm-coach": ours_port}
    processes = [ours, hello]
    if OTHER_ROOT:   # the same server from another checkout, taking turns with the rest
        other, servers["other root"] = start([sys.executable, "-m", "spasm_coach", "serve", "--port", "0",
                                              "--dev-certs", str(ca.dir), "--db", str(work / "other.sqlite3")],
                                             {**env, "PYTHONPATH": OTHER_ROOT}, cwd=Path(OTHER_ROOT))
        processes.append(other)
    if HANDOFF:   # hello-world with the webhook's dispatch thread: how much of the gap is that hand-off
        handoff, servers["hello+handoff"] = start([sys.executable, "-m", "bench.hello_skill", "--handoff"], env)
        processes.append(handoff)
    print(f"{CLIENTS} concurrent keep-alive clients, {REQUESTS} requests per row in {ROUNDS} alternating rounds, "
          f"{os.cpu_count()} cores; spasm-coach: waitress, verification on (dev CA), SQLite\n")
    print(f"{'server':<14}{'request':<16}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}{'errors':>8}")
    results = {}
    try:
        for kind in ("LaunchRequest", "IntentRequest"):
            per_round = REQUESTS // ROUNDS
            rounds: dict[str, list] = {name: [] for name in servers}
            for number in range(ROUNDS):
                batch = []    # signed just before use: the timestamps must stay within 150 s
                for i in range(per_round + WARMUP):
                    body = envelope(kind, i % 200)
                    batch.append((body, ca.sign(body)))
                for name, port in servers.items():
                    load(port, batch[:WARMUP])
                    rounds[name].append(load(port, batch[WARMUP:]))
            for name in rounds:
                results[name, kind] = row = summarise(rounds[name])
                print(f"{name:<14}{kind:<16}{row['p50']:>9.2f}{row['p99']:>9.2f}{row['rps']:>9.0f}"
                      f"{row['errors']:>8}")
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
    print()
    for kind in ("LaunchRequest", "IntentRequest"):
        ratio = results["spasm-coach", kind]["p50"] / results["hello-world", kind]["p50"]
        print(f"p50 ratio spasm-coach / hello-world, {kind}: {ratio:.2f} (aim <= 1.3); "
              f"p99 {results['spasm-coach', kind]['p99']:.1f} ms (aim < 25)"
              + (f"; the other root {results['other root', kind]['p50'] / results['hello-world', kind]['p50']:.2f}"
                 if OTHER_ROOT else ""))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
