"""The real server as a process for `make fuzz` and `make load`: `spasm-coach serve --dev-certs` on a free loopback
port, SQLite and the dev CA in a given folder, its log in a file; stopped (SIGTERM, then kill) on exit."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

READY = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")


class ServerProcess:
    def __init__(self, home: Path, *, threads: int | None = None, env: dict | None = None):
        from conftest import SKILL_ID
        from simulator.signing import DevCA

        self.home = home
        self.ca = DevCA.ensure(str(home / "dev-ca"))
        self.log_path = home / "serve.log"
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
                    "SPASM_DB_PATH": str(home / "store.sqlite3"), "ALEXA_SKILL_ID": SKILL_ID,
                    "SPASM_LOG_LEVEL": "WARNING", **(env or {})}
        self.args = [str(Path(sys.executable).with_name("spasm-coach")), "serve", "--host", "127.0.0.1",
                     "--port", "0", "--dev-certs", str(self.ca.dir)]
        if threads:
            self.args += ["--threads", str(threads)]
        self.proc = None
        self.port = None

    def __enter__(self) -> "ServerProcess":
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(self.args, stdout=log, stderr=subprocess.STDOUT, env=self.env)
        for _ in range(400):
            found = READY.search(self.log_path.read_text())
            if found:
                self.port = int(found.group(1))
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.__exit__()
        raise RuntimeError(f"the server did not start: {self.log_path.read_text()[-2000:]}")

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def rss_kib(self) -> int:
        """The server process's resident memory (VmRSS, KiB)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def log_lines(self, *needles: str) -> list[str]:
        time.sleep(0.3)   # the log writer flushes every 0.1 s
        return [line for line in self.log_path.read_text().splitlines() if any(n in line for n in needles)]
