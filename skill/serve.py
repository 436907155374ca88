"""Production serving: the Flask app under waitress, sized for the machine, one log line a request."""

from __future__ import annotations

import ipaddress
import logging
import os
import signal
import sys
import threading

from skill.config import ConfigError, Settings

log = logging.getLogger("spasm_coach.serve")


def is_loopback(host: str) -> bool:
    """True when HOST only binds the loopback interface."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def default_threads() -> int:
    """Worker threads: requests wait on I/O (store, Alexa API), so four per core, at least four."""
    return max(4, 4 * (os.cpu_count() or 1))


def check_startup(settings: Settings, host: str) -> None:
    """Refuse configurations that must not serve: dev modes off loopback, no skill id when verifying."""
    if settings.loopback_dev and not is_loopback(host):
        raise ConfigError("--dev-certs and --no-verify only bind to loopback (127.0.0.1, ::1, localhost)")
    if not settings.effective_skill_id:
        raise ConfigError("ALEXA_SKILL_ID is not set; the skill must check every request's application id")


class LogWriter:
    """The one thread that writes log lines: every INTERVAL seconds it formats what requests queued and writes
    it in one go, so a request neither waits on a write nor wakes a thread per line."""

    def __init__(self, stream, interval: float = 0.1):
        import logging.handlers
        import queue
        import threading

        self.records: queue.SimpleQueue = queue.SimpleQueue()
        self.handler = logging.handlers.QueueHandler(self.records)
        self.stream = stream
        self.interval = interval
        self.formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="spasm-coach-log", daemon=True)

    def start(self) -> "LogWriter":
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.flush()
        self.flush()

    def flush(self) -> None:
        """Write every queued record now."""
        import queue

        lines = []
        while True:
            try:
                lines.append(self.formatter.format(self.records.get_nowait()))
            except queue.Empty:
                break
        if lines:
            self.stream.write("\n".join(lines) + "\n")
            self.stream.flush()

    def stop(self) -> None:
        """Write what is left and end the thread."""
        self._stop.set()
        self._thread.join(timeout=5)


def configure_logging(level: str, stream=None) -> LogWriter:
    """Route every log record (root logger, LEVEL) to a started LogWriter on STREAM (stderr); stop() it last."""
    writer = LogWriter(stream or sys.stderr).start()
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(writer.handler)
    root.setLevel(level.upper())
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return writer


def describe_verification(settings: Settings) -> str:
    if settings.verify == "dev":
        return f"verification: dev certificates from {settings.dev_certs_dir}"
    if settings.verify == "off":
        return "verification: OFF (loopback only)"
    return "verification: on (Amazon roots)"


def create_server(settings: Settings, host: str, port: int, *, threads: int | None = None, app=None):
    """A waitress server bound to HOST:PORT (port 0 picks a free one: read server.effective_port)."""
    from waitress.server import create_server as waitress_server

    check_startup(settings, host)
    if app is None:
        from skill.app import create_app

        app = create_app(settings)
    return waitress_server(app, host=host, port=port, threads=threads or default_threads(),
                           ident="spasm-coach", clear_untrusted_proxy_headers=True,
                           channel_timeout=30, connection_limit=200)


def _terminate(signum, frame):
    raise SystemExit(0)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8080, *, threads: int | None = None,
          out=None) -> None:
    """Serve until interrupted; print one line when ready (the simulator waits for it)."""
    out = out or sys.stdout
    server = create_server(settings, host, port, threads=threads)
    if settings.verify == "off":
        log.warning("request verification is OFF: anyone who can reach %s:%s can drive the skill", host, port)
    if threading.current_thread() is threading.main_thread():  # SIGTERM: close cleanly, flush the log
        signal.signal(signal.SIGTERM, _terminate)                # (before the ready line: a client may stop us)
    bound_port = server.effective_port
    shown = f"[{host}]" if ":" in host else host
    print(f"Spasm Coach listening on http://{shown}:{bound_port} ({describe_verification(settings)})",
          file=out, flush=True)
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()

