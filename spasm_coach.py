"""The `spasm-coach` console script: subcommands from skill.cli and (when present) simulator.cli."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand."""
    from skill import __version__, cli as skill_cli

    parser = argparse.ArgumentParser(prog="spasm-coach", description="Spasm Coach: the Alexa skill and its tools.")
    parser.add_argument("--version", action="version", version=f"spasm-coach {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    skill_cli.add_commands(subparsers)
    _add_content_commands(subparsers)
    try:
        from simulator import cli as simulator_cli
    except ImportError as error:
        if error.name not in ("simulator.cli", "simulator"):
            raise
    else:
        simulator_cli.add_commands(subparsers)
    return parser


def _add_content_commands(subparsers) -> None:
    """The `content` command group (content.cli) with the review pack (review.cli) registered on it."""
    from content import cli as content_cli
    try:
        from review import cli as review_cli
    except ImportError as error:
        if error.name not in ("review.cli", "review"):
            raise
    else:
        if review_cli.add_commands not in content_cli.REGISTRARS:
            content_cli.REGISTRARS.append(review_cli.add_commands)
    content_cli.add_commands(subparsers)


def main(argv: list[str] | None = None) -> int:
    """Parse ARGV and run the chosen subcommand; its return value is the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
