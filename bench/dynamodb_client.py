"""Building the DynamoDB client on a cold python3.12: boto3.client (before) against botocore's own session (what
skill/persistence.py does), each in a fresh interpreter with boto3/botocore for 3.12 as the Lambda runtime has them
(.serverless/runtime-boto3, which `BENCH_DYNAMODB=1 python -m bench cold` installs). `python -m bench.dynamodb_client`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

from bench.cold_start import RUNTIME_BOTO3
from deploy.lambda_zip import lambda_python

RUNS = int(os.environ.get("BENCH_COLD_RUNS", "9"))
CONFIG = ("Config(connect_timeout=0.5, read_timeout=1, retries={'total_max_attempts': 2, 'mode': 'standard'}, "
          "max_pool_connections=32, tcp_keepalive=True)")
START = "import decimal, logging, os, traceback, warnings, json, time\ncpu, wall = time.process_time(), time.perf_counter()\n"
END = "print((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000)"
WAYS = {
    "boto3.client": START + "import boto3\nfrom botocore.config import Config\n"
                    f"boto3.client('dynamodb', region_name='us-east-1', endpoint_url='http://127.0.0.1:9', config={CONFIG})\n" + END,
    "botocore session": START + "import botocore.session\nfrom botocore.config import Config\n"
                        "botocore.session.get_session().create_client('dynamodb', region_name='us-east-1', "
                        f"endpoint_url='http://127.0.0.1:9', config={CONFIG})\n" + END,
}


def main() -> int:
    if not (RUNTIME_BOTO3 / "botocore").exists():
        raise SystemExit(f"{RUNTIME_BOTO3} is missing: run BENCH_DYNAMODB=1 python -m bench cold once")
    python = lambda_python()
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(RUNTIME_BOTO3), "PYTHONDONTWRITEBYTECODE": "1",
           "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}
    samples: dict[str, list[list[float]]] = {name: [] for name in WAYS}
    for _ in range(RUNS):
        for name, code in WAYS.items():
            out = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
            samples[name].append([float(value) for value in out.split()])
    print(f"DynamoDB client built on a cold python3.12, {RUNS} interleaved runs, medians:")
    for name, rows in samples.items():
        print(f"{name:<18} CPU {statistics.median(r[0] for r in rows):5.0f} ms, wall "
              f"{statistics.median(r[1] for r in rows):5.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
