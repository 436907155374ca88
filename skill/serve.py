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
    from skill.persistence import quiet_library_loggers

    quiet_library_loggers()   # botocore, boto3, urllib3: WARNING at most, whatever LEVEL says (they leak at DEBUG)
    return writer


def describe_verification(settings: Settings) -> str:
    if settings.verify == "dev":
        return f"verification: dev certificates from {settings.dev_certs_dir}"
    if settings.verify == "off":
        return "verification: OFF (loopback only)"
    return "verification: on (Amazon roots)"


def create_server(settings: Settings, host: str, port: int, *, threads: int | None = None, app=None):
    """A waitress server bound to HOST:PORT (port 0 picks a free one: read server.effective_port).

    Before any request reaches the app (and its verification): a Content-Length above the app's limit is
    answered 413 without reading the body, and a chunked body stops being read at that limit; everything is
    buffered in memory up to that limit, never in temporary files; headers are capped; a connection with no
    request in progress is closed after idle_timeout, and one whose request has not arrived whole within
    request_read_timeout is closed too (a client trickling bytes keeps waitress's own idle timer fresh)."""
    from waitress.server import create_server as waitress_server

    check_startup(settings, host)
    if app is None:
        from skill.app import create_app

        app = create_app(settings)
    server = waitress_server(app, host=host, port=port, threads=threads or default_threads(),
                             ident="spasm-coach", clear_untrusted_proxy_headers=True,
                             max_request_body_size=settings.max_body_bytes + 1,   # waitress refuses >= this
                             max_request_header_size=settings.max_header_bytes,
                             inbuf_overflow=settings.max_body_bytes + settings.max_header_bytes,
                             channel_timeout=settings.idle_timeout, cleanup_interval=1,
                             connection_limit=settings.connection_limit)
    server.maintenance = _slow_request_reaper(server, settings.request_read_timeout)
    return server


def _slow_request_reaper(server, limit: float):
    """waitress's maintenance (idle connections), plus: close a connection whose request in progress was first
    seen more than LIMIT seconds ago. Runs on the server's own loop every cleanup_interval."""
    idle_maintenance = server.maintenance

    def maintenance(now):
        idle_maintenance(now)
        closed = 0
        for channel in list(server.active_channels.values()):
            partial = channel.request            # the request being received (None between requests)
            if partial is None or channel.requests:
                continue
            first_seen = getattr(partial, "spasm_first_seen", None)
            if first_seen is None:
                partial.spasm_first_seen = now
            elif now - first_seen > limit and not channel.will_close:
                channel.will_close = True
                closed += 1
        if closed:   # one line a pass, however many: a flood of slow clients does not flood the log
            log.warning("closed %d connection(s) whose request did not arrive within %s s", closed, limit)

    return maintenance


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

