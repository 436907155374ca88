"""What the request says the person allowed this skill: one permission scope's status (timers, reminders, address)."""

from __future__ import annotations


def scope_granted(handler_input, scope: str, *, consent_alone: bool = False) -> bool:
    """True when the request lists SCOPE as GRANTED. A request that lists no scopes at all counts as granted only
    with CONSENT_ALONE and a consent token (how the Timers API's permission arrives on some devices)."""
    system = handler_input.request_envelope.context.system
    permissions = getattr(getattr(system, "user", None), "permissions", None)
    if permissions is None:
        return False
    scopes = getattr(permissions, "scopes", None)
    if scopes is None:
        return consent_alone and bool(getattr(permissions, "consent_token", None))
    entry = scopes.get(scope)          # scopes listed: only SCOPE counts, not another permission
    status = getattr(getattr(entry, "status", None), "value", getattr(entry, "status", None))
    return status == "GRANTED"
