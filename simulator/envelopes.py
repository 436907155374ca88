"""Alexa request envelopes: Launch, Intent, SessionEnded and Connections.Response, shaped as Alexa sends them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

DEV_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
TIMER_SCOPE = "alexa::alerts:timers:skill:readwrite"


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

    def system(self) -> dict:
        """context.System."""
        user = {"userId": self.user_id}
        if self.timers_granted:
            user["permissions"] = {"consentToken": self.consent_token,
                                   "scopes": {TIMER_SCOPE: {"status": "GRANTED"}}}
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
        if device.timers_granted:
            body["session"]["user"]["permissions"] = device.system()["user"]["permissions"]
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
