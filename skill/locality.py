"""Where the person is: the device's country (for the emergency number and same-day route) and time zone (for
their own day). Granted address first, then the time zone, then the country remembered for the user, then the
locale (which says both numbers when it serves two countries). Decided once per session, within a time budget.
"""

from __future__ import annotations

import concurrent.futures
import contextvars
import datetime as dt
import logging
import threading
import time
import zoneinfo
from dataclasses import asdict, dataclass

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.exceptions import PersistenceException

from content.model import ELSEWHERE
from skill.permissions import scope_granted
from skill.render import COUNTRY_ATTRIBUTE, COUNTRY_HOOK

log = logging.getLogger("spasm_coach.locality")

ADDRESS_SCOPE = "read::alexa:device:all:address:country_and_postal_code"
SESSION_KEY = "locality"      # session attributes: {"zone", "country", "source"} once decided this session
STORED_KEY = "country"        # the user's record: the last country an address or time zone gave (never the address)
ZONE_ATTRIBUTE = "time_zone"  # request attributes: the device's IANA time zone (skill.handlers.inputs reads it)
BUDGET_SECONDS = 1.2          # both API calls together, well inside Alexa's 8 s (then the locale's answer)
# The time zone to count "today" in when the Settings API gives none: the locale's main zone.
LOCALE_ZONES = {"en-US": "America/New_York", "en-GB": "Europe/London", "en-CA": "America/Toronto",
                "en-AU": "Australia/Sydney", "en-IN": "Asia/Kolkata"}
DEFAULT_ZONE = "America/New_York"

_pool: concurrent.futures.ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


@dataclass(frozen=True)
class Locality:
    """The device's time zone and country (None: the locale's own lines), and what decided the country."""

    zone: str
    country: str | None
    source: str       # address | time_zone | remembered | locale

    def as_dict(self) -> dict:
        return asdict(self)


def decide(content, locale: str | None, *, address: tuple[str | None, str | None] | None = None,
           zone: str | None = None, remembered: str | None = None) -> Locality:
    """The pure decision. ADDRESS: (country code, postal code) when granted and read; ZONE: the device's time zone
    when read; REMEMBERED: the country stored for the user. A country the content does not know is skipped."""
    code = content.locale_code(locale)
    local_zone = zone if _valid_zone(zone) else LOCALE_ZONES.get(code, DEFAULT_ZONE)
    if address is not None:
        country = content.country_for_address(*address)
        if country:
            return Locality(local_zone, country, "address")
        if _is_country_code(address[0]) and ELSEWHERE in content.countries:
            return Locality(local_zone, ELSEWHERE, "address")
    country = content.country_for_zone(zone)
    if country:
        return Locality(local_zone, country, "time_zone")
    if _is_place(zone) and ELSEWHERE in content.countries:
        # A real place in a country with no entry (Tokyo, Berlin): no number we could be sure of, so never the
        # locale's own (an en-US device in Japan must not hear 911).
        return Locality(local_zone, ELSEWHERE, "time_zone")
    if remembered in content.countries:
        return Locality(local_zone, remembered, "remembered")
    served = content.locale_countries(code)
    # One country: its lines are the locale's own. Two (en-GB, en-AU): None, so the lines give both numbers.
    return Locality(local_zone, served[0] if len(served) == 1 else None, "locale")


def _is_country_code(code) -> bool:
    return isinstance(code, str) and len(code.strip()) == 2 and code.strip().isalpha()


def _is_place(zone: str | None) -> bool:
    """A valid time zone of a place (Area/City), not a bare offset such as UTC or Etc/GMT+1."""
    return _valid_zone(zone) and "/" in zone and not zone.startswith(("Etc/", "SystemV/"))


def _valid_zone(zone: str | None) -> bool:
    if not zone or not isinstance(zone, str):
        return False
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def address_granted(handler_input) -> bool:
    """Whether the request says the person allowed this skill the device's country and postal code."""
    return scope_granted(handler_input, ADDRESS_SCOPE)


def _executor() -> concurrent.futures.ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="locality")
        return _pool


def read_device(handler_input, budget: float = BUDGET_SECONDS) -> tuple[tuple | None, str | None]:
    """(address (country, postal code) or None, time zone or None) from the Alexa APIs, both asked at once;
    whatever has not answered within BUDGET seconds, or failed, is None."""
    system = getattr(getattr(handler_input.request_envelope, "context", None), "system", None)
    factory = handler_input.service_client_factory
    device_id = getattr(getattr(system, "device", None), "device_id", None)
    if factory is None or system is None or not system.api_endpoint or not system.api_access_token or not device_id:
        return None, None
    calls = {"zone": lambda: factory.get_ups_service().get_system_time_zone(device_id)}
    if address_granted(handler_input):
        def address():
            short = factory.get_device_address_service().get_country_and_postal_code(device_id)
            return (getattr(short, "country_code", None), getattr(short, "postal_code", None))
        calls["address"] = address
    started = time.monotonic()
    # Each call in a copy of this request's context, so the request deadline (skill/deadline.py) bounds it too.
    futures = {name: _executor().submit(contextvars.copy_context().run, call) for name, call in calls.items()}
    done, _ = concurrent.futures.wait(futures.values(), timeout=budget)
    results = {}
    for name, future in futures.items():
        if future not in done:
            log.warning("locality: %s not read within %.1f s", name, budget)
            future.cancel()
            continue
        try:
            results[name] = future.result()
        except Exception as error:  # noqa: BLE001 - any failure: the next source decides
            log.info("locality: %s not read (%s)", name, type(error).__name__)
    log.debug("locality read in %.3f s", time.monotonic() - started)
    zone = results.get("zone")
    address = results.get("address")
    if address is not None and not address[0]:
        address = None
    return address, zone if isinstance(zone, str) else None


def resolve(handler_input) -> Locality:
    """This session's locality: from the session when already decided, else from the APIs. No store call here
    (a store that is down must not cost its bound twice): the user's remembered country is read, and a new one
    written, only once a handler has loaded the record anyway (`country_at_reply`)."""
    from skill.handlers import inputs
    session = inputs.session(handler_input)
    cached = session.get(SESSION_KEY)
    if isinstance(cached, dict) and cached.get("zone"):
        return Locality(cached["zone"], cached.get("country"), cached.get("source", "locale"))
    content = inputs.content(handler_input)
    address, zone = read_device(handler_input)
    locality = decide(content, inputs.locale(handler_input), address=address, zone=zone)
    if handler_input.request_envelope.session is not None:
        session[SESSION_KEY] = locality.as_dict()
    log.info("locality: %s from %s", content.country_name(locality.country), locality.source)
    return locality


def _loaded_record(handler_input) -> dict | None:
    """The user's record when a handler has already read it in this request (never a store call of its own).
    ask-sdk has no public flag for "loaded", hence its attribute."""
    manager = handler_input.attributes_manager
    if not getattr(manager, "_persistent_attributes_set", False):
        return None
    record = manager.persistent_attributes
    return record if isinstance(record, dict) else None


def country_at_reply(handler_input) -> str | None:
    """The country a reply speaks in (called by Reply): this session's decision; when that came from the locale
    alone (the APIs failed or said nothing), the country remembered for the user, if the record is loaded. A
    country an address or time zone gave is remembered for the user (never the address)."""
    from skill.handlers import inputs
    attributes = handler_input.attributes_manager.request_attributes
    country = attributes.get(COUNTRY_ATTRIBUTE)
    session = inputs.session(handler_input)
    cached = session.get(SESSION_KEY) if isinstance(session.get(SESSION_KEY), dict) else {}
    source = cached.get("source")
    if source not in ("address", "time_zone", "locale", "remembered"):
        return country
    try:
        record = _loaded_record(handler_input)
    except PersistenceException:
        return country
    if record is None:
        return country
    content = inputs.content(handler_input)
    remembered = record.get(STORED_KEY)
    if source in ("address", "time_zone"):
        if country and remembered != country:
            record[STORED_KEY] = country
        return country
    if source == "locale" and isinstance(remembered, str) and remembered in content.countries:
        cached.update(country=remembered, source="remembered")
        attributes[COUNTRY_ATTRIBUTE] = remembered
        log.info("locality: %s remembered", content.country_name(remembered))
        return remembered
    return country


class LocalityInterceptor(AbstractRequestInterceptor):
    """Before any handler: the device's country and time zone into the request attributes (the renderer reads
    the country). Skill events outside a session are left alone."""

    def process(self, handler_input):
        if handler_input.request_envelope.session is None:
            return
        try:
            locality = resolve(handler_input)
        except Exception as error:  # noqa: BLE001 - never cost the person the answer: the locale's lines
            log.error("locality failed: %s", type(error).__name__)
            return
        attributes = handler_input.attributes_manager.request_attributes
        attributes[COUNTRY_ATTRIBUTE] = locality.country
        attributes[ZONE_ATTRIBUTE] = locality.zone
        attributes[COUNTRY_HOOK] = country_at_reply


def zone(handler_input) -> str:
    """The device's time zone (the locale's main zone until the interceptor has run)."""
    from skill.handlers import inputs
    found = handler_input.attributes_manager.request_attributes.get(ZONE_ATTRIBUTE)
    if found:
        return found
    cached = inputs.session(handler_input).get(SESSION_KEY)
    if isinstance(cached, dict) and _valid_zone(cached.get("zone")):
        return cached["zone"]
    return LOCALE_ZONES.get(inputs.content(handler_input).locale_code(inputs.locale(handler_input)), DEFAULT_ZONE)


def local_date(when: dt.datetime, zone_name: str | None) -> dt.date:
    """The calendar date at WHEN on a clock in ZONE_NAME (UTC when the zone is unknown)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    try:
        return when.astimezone(zoneinfo.ZoneInfo(zone_name)).date() if zone_name else when.date()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return when.astimezone(dt.timezone.utc).date()
