"""UTC times as the skill stores them (aware datetimes, ISO-8601 strings with a Z, to the second), and the
person's own day: the same instant on the device's clock (in_zone), whose .date() is their "today"."""

from __future__ import annotations

import datetime as dt


def utc(when: dt.datetime) -> dt.datetime:
    """WHEN in UTC (a naive time is taken to be UTC already)."""
    return when.astimezone(dt.timezone.utc) if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def iso(when: dt.datetime) -> str:
    """UTC ISO-8601 with a Z, to the second."""
    return utc(when).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_time(value) -> dt.datetime | None:
    """An ISO-8601 time (with Z or an offset; naive means UTC), or None when it cannot be read."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    if not isinstance(value, str) or not value:
        return None
    try:
        t = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


def in_zone(when: dt.datetime, zone: str | None) -> dt.datetime:
    """WHEN on the clock of the IANA time ZONE (UTC when the zone is missing or unknown). The instant is the same,
    so comparisons and iso() are unchanged; only .date() and the hour become the person's own."""
    import zoneinfo

    when = utc(when)
    if not zone or not isinstance(zone, str):
        return when
    try:
        return when.astimezone(zoneinfo.ZoneInfo(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return when


def local_date(when: dt.datetime) -> dt.date:
    """The calendar date of WHEN on its own clock: the person's day when WHEN came through in_zone (a naive
    time is UTC)."""
    return when.date() if when.tzinfo else utc(when).date()
