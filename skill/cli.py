"""The service's subcommands for the `spasm-coach` script: serve, models, turns."""

from __future__ import annotations

import argparse
import os
import sys

from skill.config import ConfigError, Settings


def add_commands(subparsers) -> None:
    """Register the skill's subcommands on an argparse SUBPARSERS object."""
    serve = subparsers.add_parser("serve", help="serve the skill webhook (waitress)",
                                  description="Serve POST / (Alexa) and GET /healthz.")
    serve.add_argument("--host", default=os.environ.get("SPASM_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("SPASM_PORT", "8080")),
                       help="0 picks a free port (printed when ready)")
    mode = serve.add_mutually_exclusive_group()
    mode.add_argument("--dev-certs", metavar="DIR",
                      help="loopback only: trust DIR/root.pem and read echo.api certificates from DIR")
    mode.add_argument("--no-verify", action="store_true",
                      help="loopback only: turn request verification off (curl experiments)")
    serve.add_argument("--db", metavar="PATH", help="SQLite file (default data/spasm-coach.sqlite3)")
    serve.add_argument("--store", choices=("sqlite", "dynamodb"), help="where user records live")
    serve.add_argument("--threads", type=int, help="worker threads (default: 4 per core)")
    serve.add_argument("--virtual-clock", action="store_true",
                       help="with --dev-certs: accept request timestamps far from real time (the simulator's "
                            "virtual clock, moved by :advance); never with Amazon's certificates")
    serve.set_defaults(func=run_serve)
    from skill import models, turn_matrix

    models.add_command(subparsers)        # spasm-coach models sync|lint|export
    turn_matrix.add_command(subparsers)   # spasm-coach turns matrix


# --virtual-clock: the simulator's requests carry its virtual time, which :advance moves days or weeks on.
VIRTUAL_CLOCK_TOLERANCE = 10 * 366 * 24 * 3600


def settings_from_args(args: argparse.Namespace, env=None) -> Settings:
    """Settings from the environment, overridden by the serve flags."""
    verify = "dev" if args.dev_certs else "off" if args.no_verify else None
    extra = ({"timestamp_tolerance": VIRTUAL_CLOCK_TOLERANCE, "skill_event_tolerance": VIRTUAL_CLOCK_TOLERANCE}
             if getattr(args, "virtual_clock", False) else {})
    return Settings.from_env(env, verify=verify,
                             dev_certs_dir=os.path.abspath(args.dev_certs) if args.dev_certs else None,
                             db_path=args.db, store=args.store, **extra)


def run_serve(args: argparse.Namespace) -> int:
    from skill.serve import configure_logging, serve

    listener = None
    try:
        settings = settings_from_args(args)
        listener = configure_logging(settings.log_level)
        serve(settings, args.host, args.port, threads=args.threads)
    except ConfigError as error:
        print(f"spasm-coach serve: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"spasm-coach serve: cannot listen on {args.host}:{args.port}: {error.strerror or error}",
              file=sys.stderr)
        return 2
    finally:
        if listener is not None:
            listener.stop()
    return 0
