"""Reading a raw Alexa envelope (a plain dict) before the SDK parses it: cheap to import, no cryptography."""

from __future__ import annotations

from typing import Any


def application_id(envelope: dict[str, Any]) -> str | None:
    """The application id of an envelope (context first, then the session)."""
    for path in (("context", "System", "application", "applicationId"), ("session", "application", "applicationId")):
        node: Any = envelope
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, str):
            return node
    return None
