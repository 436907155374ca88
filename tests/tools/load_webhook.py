"""`make load`: 8, 32 and 64 concurrent clients (keep-alive connections, loopback) against the real server
(`spasm-coach serve --dev-certs`, SQLite in a temporary folder), each level for a fixed time. Prints req/s, p50,
p99, errors and the server's RSS before and after each level.

    .venv/bin/python tests/tools/load_webhook.py [--levels 8,32,64] [--seconds 10]
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent.parent))

from conftest import encode, make_envelope  # noqa: E402
from tools.server import ServerProcess  # noqa: E402

MIX = [("LaunchRequest", None, None), ("IntentRequest", "AMAZON.HelpIntent", None),
       ("IntentRequest", "StartTherapyIntent", {"therapy": "ice"}),
       ("IntentRequest", "StartRoutineIntent", {"routine": "floor"}),
       ("IntentRequest", "StartScreeningIntent", None), ("IntentRequest", "TherapyStatusIntent", None),
       ("IntentRequest", "AMAZON.StopIntent", None), ("IntentRequest", "AMAZON.FallbackIntent", None)]


def bodies(ca, count: int) -> list[tuple[bytes, dict]]:
    """COUNT signed requests of the mix (100 users), signed now (the webhook allows 150 s of clock skew)."""
    out = []
    for n in range(count):
        kind, intent, slots = MIX[n % len(MIX)]
        body = encode(make_envelope(kind, intent=intent, slots=slots, new=kind == "LaunchRequest",
                                    user_id=f"amzn1.ask.account.LOAD{n % 100}"))
        out.append((body, {"Content-Type": "application/json", **ca.sign(body)}))
    return out


def run_level(port: int, clients: int, seconds: float, signed: list) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(index: int):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, n = [], index
        while time.monotonic() < stop_at:
            body, headers = signed[n % len(signed)]
            n += clients
            started = time.perf_counter()
            try:
                connection.request("POST", "/", body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                ok = response.status == 200 and json.loads(data).get("version") == "1.0"
            except (OSError, http.client.HTTPException, ValueError):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    errors[0] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.monotonic() - started
    latencies.sort()
    count = len(latencies)
    return {"clients": clients, "requests": count, "errors": errors[0], "rps": count / elapsed,
            "p50": latencies[count // 2] * 1000 if count else 0,
            "p99": latencies[min(count - 1, int(count * 0.99))] * 1000 if count else 0,
            "max": latencies[-1] * 1000 if count else 0}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="8,32,64")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args(argv)
    levels = [int(n) for n in args.levels.split(",")]
    with tempfile.TemporaryDirectory() as home, ServerProcess(Path(home)) as server:
        run_level(server.port, 4, 2.0, bodies(server.ca, 200))            # warm-up: imports, first records
        print(f"load: {args.seconds:.0f} s a level, loopback, server pid {server.proc.pid}")
        print("clients  requests  errors   req/s   p50 ms   p99 ms   max ms   RSS before -> after (MiB)")
        failed = 0
        for clients in levels:
            signed = bodies(server.ca, 4000)
            before = server.rss_kib()
            result = run_level(server.port, clients, args.seconds, signed)
            after = server.rss_kib()
            failed += result["errors"]
            print(f"{clients:7d}  {result['requests']:8d}  {result['errors']:6d}  {result['rps']:6.0f}  "
                  f"{result['p50']:7.1f}  {result['p99']:7.1f}  {result['max']:7.1f}   "
                  f"{before / 1024:.1f} -> {after / 1024:.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
