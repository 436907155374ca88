"""Lambda cold start: the first LaunchRequest answered from the unzipped zip, ours next to a hello-world handler.

Both run from the same read-only folder (the zip `make package` built, plus bench/hello_lambda.py compiled the same
way), each time in a fresh python3.12, taking turns so that background load hits both alike. The time is from
before the handler module's import (Lambda's init phase) to the first answer; the interpreter's own start-up,
the same for both, is left out. `python -m bench.cold_start [ZIP]`, or `make bench`. With BENCH_DYNAMODB=1 (in the
venv: moto and boto3), a third row runs ours against a moto DynamoDB, boto3 beside the zip as the runtime has it;
with BENCH_OTHER_ZIP=path, another build's zip (main's, say) takes turns with them too: a fair before/after.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
from pathlib import Path

from deploy.lambda_zip import HANDLER, ZIP, function_env, lambda_python, launch_event, release, run_once, unpack

RUNS = int(os.environ.get("BENCH_COLD_RUNS", "9"))
DYNAMODB = os.environ.get("BENCH_DYNAMODB") == "1"   # also the production store: boto3 beside the zip, moto
OTHER = os.environ.get("BENCH_OTHER_ZIP")             # another build's zip (say, main's) as one more row: before/after
RUNTIME_BOTO3 = ZIP.parent / "runtime-boto3"          # boto3 for python3.12, as the Lambda runtime provides it
HELLO = Path(__file__).with_name("hello_lambda.py")
GOAL = 1.5
KEYS = ("init_ms", "first_ms", "total_ms", "init_cpu_ms", "first_cpu_ms", "total_cpu_ms")


def measure(zip_path: Path = ZIP, runs: int = RUNS) -> dict:
    """Median init, first-request and total ms for ours and hello-world over RUNS interleaved cold starts."""
    python = lambda_python()
    work = Path(tempfile.mkdtemp(prefix="spasm-cold-"))
    samples: dict[str, list[dict]] = {"spasm-coach": [], "hello-world": []}
    rows = [("spasm-coach", HANDLER, {}, None), ("hello-world", "hello_lambda.handler", {}, None)]
    server = None
    try:
        task = unpack(zip_path, work, python, extra_modules=(HELLO,))
        env = function_env(work)
        if OTHER:
            samples["other zip"] = []
            other = unpack(Path(OTHER), work / "other", python)
            rows.append(("other zip", HANDLER, {"PYTHONPATH": str(other)}, other))
        if DYNAMODB:
            server, dynamodb_env = _dynamodb(python, task)
            samples["spasm-coach+ddb"] = []
            rows.append(("spasm-coach+ddb", HANDLER, dynamodb_env, None))
        for number in range(runs):
            for name, handler, extra, folder in rows:
                report = run_once(python, folder or task, handler, launch_event(), {**env, **extra})
                assert report["response"]["response"]["outputSpeech"], report
                if report["compiled"]:
                    raise SystemExit(f"{name} compiled {len(report['compiled'])} modules from source: no bytecode?")
                samples[name].append(report)
    finally:
        release(work)
        if server is not None:
            server.stop()
    return {name: {key: statistics.median(report[key] for report in reports)
                   for key in KEYS} | {"runs": len(reports)}
            for name, reports in samples.items()}


def _dynamodb(python: str, task: Path):
    """A moto DynamoDB on loopback with the table, and the function's environment for it (boto3 for python3.12
    installed once into RUNTIME_BOTO3 from pip's cache, standing in for the runtime's)."""
    import subprocess

    import boto3
    from moto.server import ThreadedMotoServer

    if not (RUNTIME_BOTO3 / "boto3").exists():
        installed = subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                    "--root-user-action=ignore", "--target", str(RUNTIME_BOTO3), "boto3"],
                                   capture_output=True, text=True)
        if installed.returncode != 0:
            raise SystemExit(f"could not install boto3 for {python}:\n{installed.stderr}")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)   # moto's server logs every request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="bench",
                 aws_secret_access_key="bench").create_table(
        TableName="spasm-bench", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    return server, {"PYTHONPATH": f"{task}{os.pathsep}{RUNTIME_BOTO3}", "SPASM_STORE": "dynamodb",
                    "SPASM_DYNAMODB_TABLE": "spasm-bench", "SPASM_DYNAMODB_ENDPOINT": endpoint,
                    "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}


def report(zip_path: Path = ZIP, runs: int = RUNS) -> float:
    """Print the cold-start table and ratio; returns the ratio."""
    if not zip_path.exists():
        print(f"cold start: {zip_path} is missing (make package)")
        return float("nan")
    results = measure(zip_path, runs)
    print(f"Lambda cold start from {zip_path.name} ({zip_path.stat().st_size / 1e6:.2f} MB) unzipped read-only, "
          f"fresh python3.12 each run, {runs} interleaved runs, medians:")
    print(f"{'':<16}{'wall clock':^30}{'CPU time':^30}")
    print(f"{'handler':<16}" + f"{'init ms':>10}{'first ms':>10}{'total ms':>10}" * 2)
    for name, row in results.items():
        print(f"{name:<16}" + "".join(f"{row[key]:>10.0f}" for key in KEYS))
    ours, hello = results["spasm-coach"], results["hello-world"]
    ratio = ours["total_ms"] / hello["total_ms"]
    print(f"cold start ratio spasm-coach / hello-world, first LaunchRequest answered: {ratio:.2f} wall clock, "
          f"{ours['total_cpu_ms'] / hello['total_cpu_ms']:.2f} CPU time (aim <= {GOAL}); init alone "
          f"{ours['init_ms'] / hello['init_ms']:.2f} / {ours['init_cpu_ms'] / hello['init_cpu_ms']:.2f}, first request "
          f"alone {ours['first_ms'] / hello['first_ms']:.2f} / {ours['first_cpu_ms'] / hello['first_cpu_ms']:.2f}; "
          f"SQLite in /tmp as the store{'' if DYNAMODB else '; BENCH_DYNAMODB=1 adds the DynamoDB row'}")
    if "other zip" in results:
        other = results["other zip"]
        print(f"the other zip ({OTHER}): {other['total_ms'] / hello['total_ms']:.2f} wall clock, "
              f"{other['total_cpu_ms'] / hello['total_cpu_ms']:.2f} CPU time")
    return ratio


if __name__ == "__main__":
    report(Path(sys.argv[1]) if len(sys.argv) > 1 else ZIP)
