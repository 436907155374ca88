"""Alexa request envelopes: Launch, Intent, SessionEnded and Connections.Response, shaped as Alexa sends them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

DEV_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
TIMER_SCOPE = "alexa::alerts:timers:skill:readwrite"
REMINDER_SCOPE = "alexa::alerts:reminders:skill:readwrite"
ADDRESS_SCOPE = "read::alexa:device:all:address:country_and_postal_code"
ALL_SCOPES = (TIMER_SCOPE, REMINDER_SCOPE, ADDRESS_SCOPE)     # every permission the skill asks for
# The device's time zone when none is given: the locale's main zone, as a new device in that country has.
LOCALE_ZONES = {"en-US": "America/New_York", "en-GB": "Europe/London", "en-CA": "America/Toronto",
                "en-AU": "Australia/Sydney", "en-IN": "Asia/Kolkata"}


def _id(prefix: str) -> str:
    return f"{prefix}.{uuid.uuid4()}"


def timestamp(now: dt.datetime | None = None) -> str:
    """Alexa's request timestamp format: 2024-01-01T10:00:00Z."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Device:
    """The person, their device and what they have allowed: the stable part of every envelope."""

    app_id: str = DEV_SKILL_ID
    user_id: str = field(default_factory=lambda: "amzn1.ask.account." + uuid.uuid4().hex.upper())
    device_id: str = field(default_factory=lambda: "amzn1.ask.device." + uuid.uuid4().hex.upper())
    api_endpoint: str = "http://127.0.0.1:0"
    api_token: str = field(default_factory=lambda: "sim-token-" + uuid.uuid4().hex)
    timers_granted: bool = False
    consent_token: str = field(default_factory=lambda: "sim-consent-" + uuid.uuid4().hex)
    granted: set = field(default_factory=set)        # other scopes allowed (reminders, address)
    timezone: str = "America/New_York"               # System.timeZone of the Settings API
    country: str | None = None                       # the device address (readable with ADDRESS_SCOPE)
    postal_code: str | None = None

    def scopes(self) -> list[str]:
        """The permissions the person has given this skill, in ALL_SCOPES order."""
        have = set(self.granted) | ({TIMER_SCOPE} if self.timers_granted else set())
        return [s for s in ALL_SCOPES if s in have] + sorted(have - set(ALL_SCOPES))

    def grant(self, scope: str, on: bool = True) -> None:
        """Allow (or take back) one permission."""
        if scope == TIMER_SCOPE:
            self.timers_granted = on
        elif on:
            self.granted.add(scope)
        else:
            self.granted.discard(scope)

    def permissions(self) -> dict | None:
        """user.permissions: the consent token and each granted scope (None when nothing is granted)."""
        scopes = self.scopes()
        if not scopes:
            return None
        return {"consentToken": self.consent_token, "scopes": {s: {"status": "GRANTED"} for s in scopes}}

    def system(self) -> dict:
        """context.System."""
        user = {"userId": self.user_id}
        if self.permissions():
            user["permissions"] = self.permissions()
        return {"application": {"applicationId": self.app_id}, "user": user,
                "device": {"deviceId": self.device_id,
                           "supportedInterfaces": {"AudioPlayer": {}}},
                "apiEndpoint": self.api_endpoint, "apiAccessToken": self.api_token}


@dataclass
class SessionState:
    """A skill session as the simulator keeps it between turns."""

    session_id: str = field(default_factory=lambda: _id("amzn1.echo-api.session"))
    new: bool = True
    attributes: dict = field(default_factory=dict)


def envelope(device: Device, request: dict, session: SessionState | None) -> dict:
    """Wrap REQUEST with version, session (if any) and context, as Alexa does."""
    body = {"version": "1.0"}
    if session is not None:
        body["session"] = {"new": session.new, "sessionId": session.session_id,
                           "application": {"applicationId": device.app_id},
                           "user": {"userId": device.user_id}}
        if not session.new or session.attributes:
            body["session"]["attributes"] = dict(session.attributes)
        if device.permissions():
            body["session"]["user"]["permissions"] = device.permissions()
    body["context"] = {"System": device.system()}
    body["request"] = request
    return body


def _base(kind: str, locale: str, now: dt.datetime | None) -> dict:
    return {"type": kind, "requestId": _id("amzn1.echo-api.request"), "timestamp": timestamp(now), "locale": locale}


def launch_request(locale: str, now=None, task: dict | None = None) -> dict:
    """A LaunchRequest; TASK ({name, version, input}) when a LAUNCH_TASK timer started the skill."""
    req = _base("LaunchRequest", locale, now)
    if task:
        req["task"] = task
    return req


def intent_request(locale: str, intent: str, slots: dict, now=None, dialog_state: str | None = None) -> dict:
    """An IntentRequest with every declared slot (and its resolutions) present."""
    req = _base("IntentRequest", locale, now)
    req["intent"] = {"name": intent, "confirmationStatus": "NONE"}
    if slots:
        req["intent"]["slots"] = slots
    if dialog_state:
        req["dialogState"] = dialog_state
    return req


def session_ended_request(locale: str, reason: str = "USER_INITIATED", now=None, error: dict | None = None) -> dict:
    """A SessionEndedRequest (USER_INITIATED, EXCEEDED_MAX_REPROMPTS or ERROR)."""
    req = _base("SessionEndedRequest", locale, now)
    req["reason"] = reason
    if error:
        req["error"] = error
    return req


def connections_response(locale: str, name: str, status: str, scope: str, token: str = "", now=None) -> dict:
    """Connections.Response to an AskFor consent request: payload.status ACCEPTED / DENIED / NOT_ANSWERED."""
    req = _base("Connections.Response", locale, now)
    req.update({"status": {"code": "200", "message": "OK"}, "name": name, "token": token or "",
                "payload": {"permissionScope": scope, "status": status, "isCardThrown": status != "ACCEPTED"}})
    return req
