"""The simulator's subcommands: simulate, dialog, resolve, dev-certs."""

from __future__ import annotations

import argparse
import json
import sys


def add_commands(subparsers) -> None:
    """Register simulate, dialog, resolve and dev-certs on the `spasm-coach` parser."""
    p = subparsers.add_parser("simulate", help="talk to the skill from a terminal (a local Alexa)")
    p.add_argument("--url", help="the webhook URL; without it the simulator starts the skill itself")
    p.add_argument("--locale", default="en-US")
    p.add_argument("--speak", action="store_true", help="read responses aloud with espeak-ng")
    p.add_argument("--jsonl", action="store_true", help="one line in, one JSON object out (for scripts)")
    p.add_argument("--clock-speed", type=float, default=1.0, help="virtual clock speed (60 = a minute a second)")
    p.add_argument("--deny-permissions", action="store_true", help="answer permission requests with 'deny'")
    p.add_argument("--grant-permissions", action="store_true",
                   help="start with every permission the skill asks for (timers, reminders, country and postal code)")
    p.add_argument("--timezone", help="the device's time zone (default by locale: en-US America/New_York, en-GB "
                                      "Europe/London, en-CA America/Toronto, en-AU Australia/Sydney, en-IN Asia/Kolkata)")
    p.add_argument("--country", help="the device address country (US, GB, IE, AU, NZ, IN, CA; GB-NIR for Northern "
                                     "Ireland), readable by the skill only with the address permission")
    p.add_argument("--postal-code", help="the device address postal code (default: one in --country)")
    p.set_defaults(func=simulate)

    p = subparsers.add_parser("dialog", help="run scripted conversations (YAML)")
    p.add_argument("files", nargs="+")
    p.add_argument("--url")
    p.set_defaults(func=lambda a: __import__("simulator.dialog", fromlist=["main"]).main(a.files, url=a.url))

    p = subparsers.add_parser("resolve", help="utterances on stdin -> intent and slots as JSON lines")
    p.add_argument("--locale", default="en-US")
    p.set_defaults(func=resolve)

    p = subparsers.add_parser("dev-certs", help="create (if missing) the dev signing CA and print its folder")
    p.add_argument("dir", nargs="?")
    p.set_defaults(func=lambda a: __import__("simulator.signing", fromlist=["main"]).main([a.dir] if a.dir else []))


def simulate(args) -> int:
    """The REPL, or --jsonl."""
    from simulator.session import Simulator
    consent = "deny" if args.deny_permissions else ("allow" if args.jsonl else None)
    try:
        sim = Simulator(url=args.url, locale=args.locale, permissions=args.grant_permissions, consent=consent,
                        clock_speed=args.clock_speed, timezone=args.timezone, country=args.country,
                        postal_code=args.postal_code)
    except ValueError as exc:
        print(f"spasm-coach simulate: {exc}", file=sys.stderr)
        return 2
    try:
        sim.start()
    except (RuntimeError, OSError) as exc:
        print(f"spasm-coach simulate: {exc}", file=sys.stderr)
        return 2
    try:
        if args.jsonl:
            from simulator.jsonl import run
            return run(sim)
        from simulator.repl import Repl
        return Repl(sim, speak=args.speak).run()
    finally:
        sim.close()


def resolve(args, stdin=None, stdout=None) -> int:
    """`spasm-coach resolve`: NLU only, no skill."""
    from simulator.nlu import Matcher
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    try:
        matcher = Matcher.for_locale(args.locale)
    except FileNotFoundError:
        print(f"spasm-coach resolve: no interaction model for {args.locale}", file=sys.stderr)
        return 2
    for line in stdin:
        if not line.strip():
            continue
        r = matcher.resolve(line.strip())
        stdout.write(json.dumps({"utterance": r.utterance, "request_type": r.request_type, "intent": r.intent,
                                 "slots": r.slots_brief()}) + "\n")
        stdout.flush()
    return 0


def main(argv=None) -> int:
    """`python -m simulator ...`: the simulator's commands without the skill's."""
    parser = argparse.ArgumentParser(prog="python -m simulator")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args) or 0
