"""The emulated Alexa API on loopback: Timers and Reminders (on a virtual clock), the Settings API's time zone,
the Device Address API's country and postal code, and progressive-response Directives."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
import threading
import time
import uuid
import zoneinfo
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from simulator.durations import iso_seconds, to_iso

MAX_TIMERS = 10
MAX_DURATION = 2 * 3600
MAX_LABEL = 256
MAX_PROGRESSIVE = 5
FAIL_TIMEOUT_SECONDS = 4.0   # longer than the skill's read timeout (2.5 s)
MAX_REMINDERS = 8            # active reminders per skill and user (kept small, as Alexa's limit is)
MAX_REMINDER_TEXT = 250
REMINDER_SCOPE = "alexa::alerts:reminders:skill:readwrite"
ADDRESS_SCOPE = "read::alexa:device:all:address:country_and_postal_code"


class VirtualClock:
    """Real time times SPEED, plus whatever `advance` added."""

    def __init__(self, speed: float = 1.0, start: dt.datetime | None = None):
        self.speed = speed
        self._start = start or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        self._real0 = time.monotonic()
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        """The virtual time now."""
        with self._lock:
            elapsed = (time.monotonic() - self._real0) * self.speed + self._offset
        return self._start + dt.timedelta(seconds=elapsed)

    def advance(self, seconds: float) -> None:
        """Move virtual time forward."""
        with self._lock:
            self._offset += seconds

    def set(self, when: dt.datetime) -> None:
        """Move virtual time forward to WHEN (never backwards)."""
        delta = (when - self.now()).total_seconds()
        if delta > 0:
            self.advance(delta)


def _iso(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


class ApiError(Exception):
    """An error the API answers with: status code, code and message."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass
class Timer:
    """One skill timer."""

    id: str
    duration: int
    label: str | None
    operation: dict
    play_audible: bool
    created: dt.datetime
    trigger: dt.datetime
    status: str = "ON"
    remaining: int | None = None
    updated: dt.datetime | None = None

    def json(self) -> dict:
        """TimerResponse as Alexa returns it."""
        out = {"id": self.id, "status": self.status, "duration": to_iso(self.duration),
               "triggerTime": _iso(self.trigger), "createdTime": _iso(self.created),
               "updatedTime": _iso(self.updated or self.created)}
        if self.label is not None:
            out["timerLabel"] = self.label
        if self.remaining is not None:
            out["remainingTimeWhenPaused"] = to_iso(self.remaining) if self.remaining else "PT0S"
        return out


@dataclass
class Reminder:
    """One skill reminder: what it says, when (UTC), and the request it was made from."""

    token: str
    text: str
    trigger: dt.datetime
    zone: str
    body: dict
    created: dt.datetime
    status: str = "ON"

    def json(self) -> dict:
        """A reminder as GET /v1/alerts/reminders lists it."""
        return {"alertToken": self.token, "createdTime": _iso(self.created), "updatedTime": _iso(self.created),
                "status": self.status, "version": "1", "trigger": self.body.get("trigger"),
                "alertInfo": self.body.get("alertInfo"), "pushNotification": self.body.get("pushNotification"),
                "href": f"/v1/alerts/reminders/{self.token}"}

    def brief(self) -> dict:
        """What --jsonl and :state show: the text and the scheduled time (the device's local time and UTC)."""
        local = self.trigger.astimezone(zoneinfo.ZoneInfo(self.zone))
        return {"text": self.text, "scheduled": local.replace(tzinfo=None).isoformat(timespec="minutes"),
                "time_zone": self.zone, "utc": _iso(self.trigger)}


def reminder_trigger(body, now: dt.datetime, device_zone: str, locale: str) -> tuple[dt.datetime, str, str]:
    """Check a create-reminder payload as Alexa does: (trigger time in UTC, its time zone, the spoken text for
    LOCALE) or ApiError(400)."""
    if not isinstance(body, dict):
        raise ApiError(400, "INVALID_REQUEST", "The request body must be a JSON object.")
    trigger = body.get("trigger") if isinstance(body.get("trigger"), dict) else {}
    zone = trigger.get("timeZoneId") or device_zone
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ApiError(400, "INVALID_TIMEZONE", f"Unknown timeZoneId {zone!r}.") from None
    if trigger.get("type") == "SCHEDULED_RELATIVE":
        offset = trigger.get("offsetInSeconds")
        if not isinstance(offset, int) or offset <= 0:
            raise ApiError(400, "INVALID_TRIGGER", "offsetInSeconds must be a positive whole number.")
        when = now + dt.timedelta(seconds=offset)
    elif trigger.get("type") == "SCHEDULED_ABSOLUTE":
        try:
            local = dt.datetime.fromisoformat(str(trigger.get("scheduledTime")))
        except ValueError:
            raise ApiError(400, "INVALID_TRIGGER", "scheduledTime must be YYYY-MM-DDThh:mm:ss.") from None
        if local.tzinfo is not None:
            raise ApiError(400, "INVALID_TRIGGER", "scheduledTime is local time, without an offset.")
        if trigger.get("recurrence"):
            raise ApiError(400, "INVALID_TRIGGER", "recurrence is not emulated.")
        when = local.replace(tzinfo=tz).astimezone(dt.timezone.utc)
        if when <= now:
            raise ApiError(400, "PAST_SCHEDULED_TIME", "The scheduled time is in the past.")
    else:
        raise ApiError(400, "INVALID_TRIGGER", "trigger.type must be SCHEDULED_ABSOLUTE or SCHEDULED_RELATIVE.")
    content = ((body.get("alertInfo") or {}).get("spokenInfo") or {}).get("content")
    if not content or not all(isinstance(c, dict) and c.get("locale") and c.get("text") for c in content):
        raise ApiError(400, "INVALID_ALERT_INFO", "alertInfo.spokenInfo.content needs [{locale, text}].")
    if any(len(c["text"]) > MAX_REMINDER_TEXT for c in content):
        raise ApiError(400, "INVALID_ALERT_INFO", f"A reminder's text is at most {MAX_REMINDER_TEXT} characters.")
    status = ((body.get("pushNotification") or {}).get("status") or "ENABLED")
    if status not in ("ENABLED", "DISABLED"):
        raise ApiError(400, "INVALID_REQUEST", "pushNotification.status must be ENABLED or DISABLED.")
    return when, zone, _for_locale(content, locale)


@dataclass
class Fired:
    """A timer or reminder that went off: what Alexa would say, or the task it would launch."""

    timer: Timer | Reminder
    at: dt.datetime
    kind: str                       # ANNOUNCE | NOTIFY_ONLY | LAUNCH_TASK
    text: str
    task: dict | None = None


def validate_timer(body, locale_ok=lambda loc: True) -> tuple[int, str | None, dict, bool]:
    """Check a create-timer payload as Alexa does: (seconds, label, operation, play_audible) or ApiError(400)."""
    if not isinstance(body, dict):
        raise ApiError(400, "INVALID_REQUEST", "The request body must be a JSON object.")
    seconds = iso_seconds(body.get("duration")) if isinstance(body.get("duration"), str) else None
    if not seconds:
        raise ApiError(400, "INVALID_DURATION", f"duration must be an ISO-8601 duration, got {body.get('duration')!r}.")
    if seconds > MAX_DURATION:
        raise ApiError(400, "INVALID_DURATION", "duration must be at most 2 hours (PT2H).")
    label = body.get("timerLabel")
    if label is not None and (not isinstance(label, str) or len(label) > MAX_LABEL):
        raise ApiError(400, "INVALID_TIMER_LABEL", "timerLabel must be a string of at most 256 characters.")
    visibility = (((body.get("creationBehavior") or {}).get("displayExperience") or {}).get("visibility"))
    if visibility not in (None, "VISIBLE", "HIDDEN"):
        raise ApiError(400, "INVALID_REQUEST", "creationBehavior.displayExperience.visibility must be VISIBLE or HIDDEN.")
    trig = body.get("triggeringBehavior")
    operation = (trig or {}).get("operation") if isinstance(trig, dict) else None
    if not isinstance(operation, dict):
        raise ApiError(400, "INVALID_REQUEST", "triggeringBehavior.operation is required.")
    kind = operation.get("type")
    if kind == "ANNOUNCE":
        texts = operation.get("textToAnnounce")
        if not texts or not all(isinstance(t, dict) and t.get("text") and t.get("locale") for t in texts):
            raise ApiError(400, "INVALID_REQUEST", "ANNOUNCE needs textToAnnounce [{locale, text}].")
    elif kind == "LAUNCH_TASK":
        texts = operation.get("textToConfirm")
        task = operation.get("task") or {}
        if not texts or not all(isinstance(t, dict) and "%s" in (t.get("text") or "") for t in texts):
            raise ApiError(400, "INVALID_REQUEST", "LAUNCH_TASK needs textToConfirm [{locale, text}] containing %s.")
        if not task.get("name") or not task.get("version"):
            raise ApiError(400, "INVALID_REQUEST", "LAUNCH_TASK needs task.name and task.version.")
    elif kind != "NOTIFY_ONLY":
        raise ApiError(400, "INVALID_REQUEST", "operation.type must be ANNOUNCE, NOTIFY_ONLY or LAUNCH_TASK.")
    config = trig.get("notificationConfig") or {}
    play = config.get("playAudible", True)
    if not isinstance(play, bool):
        raise ApiError(400, "INVALID_REQUEST", "notificationConfig.playAudible must be true or false.")
    return seconds, label, operation, play


class AlexaApi:
    """State of the emulated API (timers, progressive responses) and its loopback HTTP server."""

    def __init__(self, clock: VirtualClock | None = None, *, token: str = "", granted=lambda: True,
                 locale: str = "en-US", skill_name: str = "Spasm Coach", device=None):
        self.clock = clock or VirtualClock()
        self.token = token
        self.granted = granted
        self.device = device          # envelopes.Device: id, time zone, address and other permissions
        self.reminders: dict[str, Reminder] = {}
        self.locale = locale
        self.skill_name = skill_name
        self.timers: dict[str, Timer] = {}
        self.progressive: list[dict] = []
        self.calls: list[tuple[str, str, int]] = []
        self.failure: int | str | None = None    # fail(): an HTTP status, "timeout", or None (working)
        self.lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None

    def fail(self, mode: int | str | None) -> None:
        """Make the APIs fail (Timers, Reminders, Settings, Device Address; not progressive responses): an HTTP status (500, 503, 400...), "timeout" (no answer for 4 s), or None."""
        if mode in (None, "off", "none", False):
            self.failure = None
        elif mode == "timeout":
            self.failure = "timeout"
        elif isinstance(mode, int) or str(mode).isdigit():
            self.failure = int(mode)
        else:
            raise ValueError(f"fail: an HTTP status, 'timeout' or 'off', not {mode!r}")

    # -- timers --------------------------------------------------------------------------------------------
    def _active(self) -> list[Timer]:
        return [t for t in self.timers.values() if t.status in ("ON", "PAUSED")]

    def create(self, body) -> dict:
        """POST /v1/alerts/timers."""
        seconds, label, operation, play = validate_timer(body)
        with self.lock:
            active = self._active()
            if label is not None and any(t.label == label for t in active):
                raise ApiError(400, "INVALID_TIMER_LABEL", f"A timer labelled {label!r} already exists.")
            if len(active) >= MAX_TIMERS:
                raise ApiError(400, "MAX_TIMERS_REACHED", "At most 10 timers can be set at once.")
            now = self.clock.now()
            timer = Timer(str(uuid.uuid4()), seconds, label, operation, play, now, now + dt.timedelta(seconds=seconds))
            self.timers[timer.id] = timer
            return timer.json()

    def _get(self, timer_id: str) -> Timer:
        timer = self.timers.get(timer_id)
        if timer is None or timer.status == "OFF":
            raise ApiError(404, "TIMER_NOT_FOUND", f"No timer {timer_id}.")
        return timer

    def pause(self, timer_id: str) -> None:
        """POST /v1/alerts/timers/{id}/pause."""
        with self.lock:
            timer, now = self._get(timer_id), self.clock.now()
            if timer.status != "ON":
                raise ApiError(400, "INVALID_STATE", "Only a running timer can be paused.")
            timer.status, timer.updated = "PAUSED", now
            timer.remaining = max(0, int((timer.trigger - now).total_seconds()))

    def resume(self, timer_id: str) -> None:
        """POST /v1/alerts/timers/{id}/resume."""
        with self.lock:
            timer, now = self._get(timer_id), self.clock.now()
            if timer.status != "PAUSED":
                raise ApiError(400, "INVALID_STATE", "Only a paused timer can be resumed.")
            timer.status, timer.updated = "ON", now
            timer.trigger = now + dt.timedelta(seconds=timer.remaining or 0)
            timer.remaining = None

    def due(self, until: dt.datetime | None = None) -> list[Fired]:
        """Fire the running timers and the reminders whose time has come (by UNTIL, default now), in order."""
        fired = []
        with self.lock:
            until = until or self.clock.now()
            for timer in sorted(self._active(), key=lambda t: t.trigger):
                if timer.status == "ON" and timer.trigger <= until:
                    timer.status = "OFF"
                    fired.append(self._fire(timer))
                    del self.timers[timer.id]
            for reminder in sorted(self.reminders.values(), key=lambda r: r.trigger):
                if reminder.trigger <= until:
                    fired.append(Fired(reminder, reminder.trigger, "REMINDER", reminder.text))
                    del self.reminders[reminder.token]
        return sorted(fired, key=lambda f: f.at)

    def next_trigger(self) -> dt.datetime | None:
        """When the next running timer or reminder goes off."""
        with self.lock:
            times = [t.trigger for t in self._active() if t.status == "ON"]
            times += [r.trigger for r in self.reminders.values()]
        return min(times) if times else None

    # -- reminders -----------------------------------------------------------------------------------------
    def _zone(self) -> str:
        return getattr(self.device, "timezone", None) or "UTC"

    def create_reminder(self, body) -> dict:
        """POST /v1/alerts/reminders."""
        with self.lock:
            now = self.clock.now()
            when, zone, text = reminder_trigger(body, now, self._zone(), self.locale)
            if len(self.reminders) >= MAX_REMINDERS:
                raise ApiError(400, "MAX_REMINDERS_EXCEEDED", f"At most {MAX_REMINDERS} reminders per skill.")
            reminder = Reminder(str(uuid.uuid4()), text, when, zone, body, now)
            self.reminders[reminder.token] = reminder
            return {"alertToken": reminder.token, "createdTime": _iso(now), "updatedTime": _iso(now),
                    "status": "ON", "version": "1", "href": f"/v1/alerts/reminders/{reminder.token}"}

    def reminder_list(self) -> list[dict]:
        """The skill's reminders, soonest first, as --jsonl and :state show them."""
        with self.lock:
            return [r.brief() for r in sorted(self.reminders.values(), key=lambda r: r.trigger)]

    def _reminders(self, method: str, token: str | None, data) -> tuple[int, dict | None]:
        with self.lock:
            if token is None and method == "POST":
                return 200, self.create_reminder(data)
            if token is None and method == "GET":
                alerts = [r.json() for r in sorted(self.reminders.values(), key=lambda r: r.created)]
                return 200, {"totalCount": str(len(alerts)), "alerts": alerts, "links": None}
            if token is not None and token not in self.reminders:
                raise ApiError(404, "NOT_FOUND", f"No reminder {token}.")
            if method == "GET":
                return 200, self.reminders[token].json()
            if method == "DELETE":
                del self.reminders[token]
                return 200, None
        raise ApiError(405, "METHOD_NOT_ALLOWED", f"{method} is not emulated on reminders.")

    # -- settings and device address -----------------------------------------------------------------------
    def _device_path(self, device_id: str) -> None:
        if self.device is not None and device_id != self.device.device_id:
            raise ApiError(403, "DEVICE_NOT_FOUND", "That device is not the one talking to the skill.")


    def _fire(self, timer: Timer) -> Fired:
        op = timer.operation
        kind = op["type"]
        if kind == "ANNOUNCE":
            text = _for_locale(op["textToAnnounce"], self.locale)
            return Fired(timer, timer.trigger, kind, text)
        if kind == "LAUNCH_TASK":
            text = _for_locale(op["textToConfirm"], self.locale).replace("%s", f"continue with {self.skill_name}")
            return Fired(timer, timer.trigger, kind, text, task=op.get("task"))
        return Fired(timer, timer.trigger, kind, f"(timer {timer.label or ''} is ringing)".replace("  ", " "))

    # -- HTTP ----------------------------------------------------------------------------------------------
    def handle(self, method: str, path: str, headers, body: bytes) -> tuple[int, dict | None]:
        """Route one API call; returns (status, JSON body or None)."""
        try:
            if headers.get("Authorization") != f"Bearer {self.token}":
                raise ApiError(401, "UNAUTHORIZED", "Missing or invalid apiAccessToken.")
            data = None
            if body:
                try:
                    data = json.loads(body)
                except ValueError:
                    raise ApiError(400, "INVALID_REQUEST", "The request body is not JSON.") from None
            if path == "/v1/directives" and method == "POST":
                return self._directive(data)
            zone = re.fullmatch(r"/v2/devices/([^/]+)/settings/System\.timeZone", path)
            address = re.fullmatch(r"/v1/devices/([^/]+)/settings/address/countryAndPostalCode", path)
            reminders = re.fullmatch(r"/v1/alerts/reminders(?:/([\w-]+))?", path)
            m = re.fullmatch(r"/v1/alerts/timers(?:/([\w-]+))?(?:/(pause|resume))?", path)
            if not (m or zone or address or reminders):
                raise ApiError(404, "NOT_FOUND", f"No such API: {method} {path}")
            # Permission first, then an injected failure (as before: a refused call never reaches the service).
            if m and not self.granted():
                raise ApiError(401, "UNAUTHORIZED", "The user has not granted the timers permission.")
            if reminders and self.device is not None and REMINDER_SCOPE not in self.device.scopes():
                raise ApiError(401, "UNAUTHORIZED", "The user has not granted the reminders permission.")
            if address and (self.device is None or ADDRESS_SCOPE not in self.device.scopes()):
                raise ApiError(403, "ACCESS_DENIED", "The user has not granted the country and postal code permission.")
            if self.failure == "timeout":
                time.sleep(FAIL_TIMEOUT_SECONDS)
                raise ApiError(504, "TIMEOUT", "The emulated API was told to time out.")
            if self.failure is not None:
                raise ApiError(self.failure, "INJECTED_FAILURE", "The emulated API was told to fail.")
            if zone or address:
                if method != "GET":
                    raise ApiError(405, "METHOD_NOT_ALLOWED", f"{method} is not allowed on {path}.")
                self._device_path((zone or address).group(1))
                return (200, self._zone()) if zone else (200, {"countryCode": self.device.country,
                                                               "postalCode": self.device.postal_code})
            if reminders:
                return self._reminders(method, reminders.group(1), data)
            timer_id, action = m.groups()
            with self.lock:
                if timer_id is None and method == "POST":
                    return 200, self.create(data)
                if timer_id is None and method == "GET":
                    timers = [t.json() for t in sorted(self._active(), key=lambda t: t.created)]
                    return 200, {"totalCount": len(timers), "timers": timers, "nextToken": None}
                if timer_id is None and method == "DELETE":
                    self.timers.clear()
                    return 200, None
                if action and method == "POST":
                    (self.pause if action == "pause" else self.resume)(timer_id)
                    return 200, None
                if not action and method == "GET":
                    return 200, self._get(timer_id).json()
                if not action and method == "DELETE":
                    self._get(timer_id)
                    del self.timers[timer_id]
                    return 200, None
            raise ApiError(405, "METHOD_NOT_ALLOWED", f"{method} is not allowed on {path}.")
        except ApiError as err:
            return err.status, {"code": err.code, "message": err.message}

    def _directive(self, data) -> tuple[int, None]:
        header = (data or {}).get("header") or {}
        directive = (data or {}).get("directive") or {}
        if not header.get("requestId") or directive.get("type") != "VoicePlayer.Speak" or not directive.get("speech"):
            raise ApiError(400, "INVALID_DIRECTIVE", "Expected {header: {requestId}, directive: {type: "
                                                     "VoicePlayer.Speak, speech}}.")
        with self.lock:
            sent = sum(1 for p in self.progressive if p["requestId"] == header["requestId"])
            if sent >= MAX_PROGRESSIVE:
                raise ApiError(400, "TOO_MANY_DIRECTIVES", "At most 5 progressive responses per request.")
            self.progressive.append({"requestId": header["requestId"], "speech": directive["speech"]})
        return 204, None

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on loopback in a daemon thread; returns the base URL (the envelopes' apiEndpoint)."""
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, payload = api.handle(self.command, self.path.split("?")[0], self.headers, body)
                api.calls.append((self.command, self.path, status))
                data = json.dumps(payload).encode() if payload is not None else b""
                self.send_response(status)
                if data:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the skill gave up waiting (its read timeout), as it should

            do_GET = do_POST = do_DELETE = do_PUT = _serve

            def date_time_string(self, timestamp=None):
                # The Date header tells the virtual time, as Alexa's servers tell theirs.
                return email.utils.format_datetime(api.clock.now().astimezone(dt.timezone.utc), usegmt=True)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return f"http://{host}:{self._server.server_address[1]}"

    def stop(self) -> None:
        """Stop the HTTP server."""
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def _for_locale(texts: list[dict], locale: str) -> str:
    for t in texts:
        if t.get("locale") == locale:
            return t["text"]
    return texts[0]["text"]
