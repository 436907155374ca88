"""Production serving: the Flask app under waitress, sized for the machine, one log line a request."""

from __future__ import annotations

import ipaddress
import logging
import os
import sys

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


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8080, *, threads: int | None = None,
          out=None) -> None:
    """Serve until interrupted; print one line when ready (the simulator waits for it)."""
    out = out or sys.stdout
    server = create_server(settings, host, port, threads=threads)
    if settings.verify == "off":
        log.warning("request verification is OFF: anyone who can reach %s:%s can drive the skill", host, port)
    bound_port = server.effective_port
    shown = f"[{host}]" if ":" in host else host
    print(f"Spasm Coach listening on http://{shown}:{bound_port} ({describe_verification(settings)})",
          file=out, flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()

