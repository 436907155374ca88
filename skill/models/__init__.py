"""Interaction-model tools: locale sync from overlays, the linter, and the ASK CLI export (`spasm-coach models`)."""

from __future__ import annotations


def add_command(subparsers) -> None:
    """Register `models sync|lint|export` on an argparse SUBPARSERS object."""
    from skill.models.cli import add_command as add
    add(subparsers)
