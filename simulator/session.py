"""The simulator engine: a person talking to the skill over HTTP, with Alexa's sessions, consent and timers."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from simulator import envelopes as env
from simulator.alexa_api import AlexaApi, Fired, VirtualClock
from simulator.datetimes import alexa_date, alexa_time
from simulator.nlu import MODELS_DIR, Matcher, Resolution, alexa_slots

KEYS_HEADER = "X-Spasm-Response-Keys"
# A postal code for --country when none is given (GB-NIR: a Belfast code, so the address says Northern Ireland).
POSTAL_CODES = {"US": "10001", "CA": "M5V 3L9", "GB": "SW1A 1AA", "GB-NIR": "BT1 5GS", "IE": "D02 X285",
                "AU": "2000", "NZ": "1010", "IN": "110001"}
READY = re.compile(r"https?://127\.0\.0\.1:(\d+)|port[ =:]+(\d+)", re.I)


def plain_speech(ssml: str | None) -> str:
    """SSML as the person hears it, as text: tags gone, pauses shown as '[pause 2s]'."""
    if not ssml:
        return ""
    text = re.sub(r'<break\s+time="([^"]+)"\s*/>', r" [pause \1] ", ssml)
    text = re.sub(r'<break\s+strength="([^"]+)"\s*/>', r" [pause] ", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


@dataclass
class Turn:
    """One exchange: what was said, what was sent, what came back, and what the person would notice."""

    utterance: str
    resolution: Resolution | None = None
    request: dict | None = None
    response: dict | None = None
    status: int | None = None
    response_keys: list = field(default_factory=list)
    announcements: list = field(default_factory=list)
    progressive: list = field(default_factory=list)
    consent: str | None = None               # ACCEPTED / DENIED when an AskFor came back
    followups: list = field(default_factory=list)   # turns the simulator made on its own (Connections.Response)
    reminders: list = field(default_factory=list)   # the skill's reminders the emulated API holds after the turn
    error: str | None = None
    reprompted: str | None = None            # silence: the device spoke the last reprompt (nothing was sent)

    @property
    def request_type(self):
        return (self.request or {}).get("request", {}).get("type")

    @property
    def intent(self):
        return ((self.request or {}).get("request", {}).get("intent") or {}).get("name")

    @property
    def slots(self) -> dict:
        return self.resolution.slots_brief() if self.resolution and self.request_type == "IntentRequest" else {}

    @property
    def _last(self) -> "Turn":
        return self.followups[-1]._last if self.followups else self

    @property
    def _out(self) -> dict:
        return (self._last.response or {}).get("response") or {}

    @property
    def speech(self) -> str:
        if self.reprompted is not None:
            return self.reprompted
        parts = [plain_speech(p) for p in self.progressive]
        parts.append(plain_speech((self._own.get("outputSpeech") or {}).get("ssml")
                                  or (self._own.get("outputSpeech") or {}).get("text")))
        for f in self.followups:
            parts.append(f.speech)
        return " ".join(p for p in parts if p)

    @property
    def _own(self) -> dict:
        return (self.response or {}).get("response") or {}

    @property
    def reprompt(self) -> str:
        if self.reprompted is not None:
            return self.reprompted
        speech = ((self._out.get("reprompt") or {}).get("outputSpeech") or {})
        return plain_speech(speech.get("ssml") or speech.get("text"))

    @property
    def card(self):
        """A Simple/Standard card as {title, text}; a permissions card as {type, permissions}; others {type}."""
        card = self._out.get("card")
        if not card:
            return None
        kind = card.get("type", "Simple")
        if kind == "AskForPermissionsConsent":
            return {"type": kind, "permissions": list(card.get("permissions") or [])}
        if kind not in ("Simple", "Standard"):
            return {"type": kind}
        return {"title": card.get("title", ""), "text": card.get("content") or card.get("text") or ""}

    @property
    def session_open(self) -> bool:
        if self.reprompted is not None:
            return True                      # the device spoke the reprompt and listens again
        last = self._last
        if last.response is None:
            return False
        return self._out.get("shouldEndSession") is not True and last.request_type != "SessionEndedRequest"

    @property
    def all_keys(self) -> list:
        return self.response_keys + [k for f in self.followups for k in f.response_keys]

    def as_json(self) -> dict:
        """The --jsonl line."""
        return {"utterance": self.utterance, "request_type": self.request_type, "intent": self.intent,
                "slots": self.slots, "speech": self.speech, "reprompt": self.reprompt, "card": self.card,
                "session_open": self.session_open, "response_keys": self.all_keys,
                "announcements": self.announcements, "reminders": self.reminders,
                **({"error": self.error} if self.error else {})}


def _skill_command() -> list[str]:
    script = Path(sys.executable).with_name("spasm-coach")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import spasm_coach, sys; sys.exit(spasm_coach.main())"]


class Simulator:
    """Talk to the skill: say('open spasm coach') -> Turn. Starts the webhook itself unless given a url."""

    def __init__(self, url: str | None = None, locale: str = "en-US", *, permissions: bool = False,
                 consent: str | None = "allow", clock_speed: float = 1.0, ca_dir: str | None = None,
                 app_id: str = env.DEV_SKILL_ID, matcher: Matcher | None = None, timeout: float = 10.0,
                 skill_env: dict | None = None, implicit_invocation: bool = False, timezone: str | None = None,
                 country: str | None = None, postal_code: str | None = None, clock_start: dt.datetime | None = None,
                 virtual_timestamps: bool | None = None):
        self.url = url
        # Requests carry the virtual time (so :advance moves "today" for the skill too) when the simulator starts
        # the webhook itself (with --virtual-clock), or when told the webhook at URL was started that way.
        self.virtual_timestamps = url is None if virtual_timestamps is None else virtual_timestamps
        self.locale = locale
        self.consent = consent                  # "allow" / "deny" / a callable(directive) -> bool
        self.ca_dir = ca_dir
        self.timeout = timeout
        self.skill_env = skill_env
        self.implicit_invocation = implicit_invocation    # True: words outside a session act as a one-shot
        self.matcher = matcher
        if matcher is None and not (MODELS_DIR / f"{locale}.json").is_file():
            known = ", ".join(sorted(p.stem for p in MODELS_DIR.glob("??-??.json")))
            raise ValueError(f"no interaction model for locale {locale!r} (the skill speaks {known})")
        if timezone is not None:
            import zoneinfo
            try:
                zoneinfo.ZoneInfo(timezone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {timezone!r} (an IANA name such as Europe/Dublin)") from None
        # permissions=True: every permission the skill asks for (timers, reminders, country and postal code).
        self.device = env.Device(app_id=app_id, timers_granted=permissions,
                                 granted=set(env.ALL_SCOPES) - {env.TIMER_SCOPE} if permissions else set(),
                                 timezone=timezone or env.LOCALE_ZONES.get(locale, "America/New_York"),
                                 country=country.upper().split("-")[0] if country else None,
                                 postal_code=postal_code or (POSTAL_CODES.get(country.upper()) if country else None))
        self.clock = VirtualClock(clock_speed, clock_start)
        self.api = AlexaApi(self.clock, token=self.device.api_token, granted=lambda: self.device.timers_granted,
                            locale=locale, device=self.device)
        self.session: env.SessionState | None = None
        self.pending: list[Fired] = []
        self.silences = 0                       # silences in a row since the skill last answered
        self.history: list[Turn] = []
        self._proc: subprocess.Popen | None = None
        self._http = None
        self._lock = threading.RLock()

    # -- life cycle ----------------------------------------------------------------------------------------
    def start(self) -> "Simulator":
        """Start the emulated API, and the webhook when no url was given."""
        from simulator.signing import DevCA
        self.ca = DevCA.ensure(self.ca_dir)
        self.device.api_endpoint = self.api.start()
        if self.url is None:
            self._launch_skill()              # boots while the interaction model compiles
        if self.matcher is None:
            self.matcher = Matcher.for_locale(self.locale)
        if self.url is None:
            self._wait_for_skill()
        import requests
        self._http = requests.Session()
        return self

    def _launch_skill(self) -> None:
        self._cmd = _skill_command() + ["serve", "--host", "127.0.0.1", "--port", "0", "--dev-certs",
                                        str(self.ca.dir)] + (["--virtual-clock"] if self.virtual_timestamps else [])
        environment = {**os.environ, **(self.skill_env or {}), "PYTHONUNBUFFERED": "1"}
        self._proc = subprocess.Popen(self._cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                      env=environment)

    def _wait_for_skill(self) -> None:
        cmd = self._cmd
        lines = []
        # the webhook starts in about a second; a loaded machine (CI, a shared box) can take many times that
        timer = threading.Timer(max(60.0, self.timeout * 2), self._proc.kill)
        timer.start()
        try:
            for line in self._proc.stdout:
                lines.append(line)
                m = READY.search(line)
                if m:
                    self.url = f"http://127.0.0.1:{m.group(1) or m.group(2)}/"
                    break
        finally:
            timer.cancel()
        if self.url is None:
            raise RuntimeError("the skill did not start: " + " ".join(cmd) + "\n" + "".join(lines[-20:]))
        threading.Thread(target=_drain, args=(self._proc.stdout,), daemon=True).start()

    def close(self) -> None:
        """Stop what start() started."""
        self.api.stop()
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(5)
            self._proc = None
        if self._http is not None:
            self._http.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

    # -- talking -------------------------------------------------------------------------------------------
    def say(self, text: str) -> Turn:
        """What a person says: a launch phrase, an utterance in the session, a one-shot, or 'exit'."""
        res = self.matcher.resolve(text)
        if res.request_type == "LaunchRequest":
            return self.launch(text, resolution=res)
        if res.request_type == "SessionEndedRequest":
            return self.end("USER_INITIATED", text, resolution=res)
        if self.session is None and not res.one_shot and not self.implicit_invocation:
            turn = Turn(text, res, error="no session is open: Alexa would not send this to the skill "
                                         "(say \"open spasm coach\" or \"ask spasm coach to ...\")")
            turn.announcements = self._collect()
            return turn
        if res.one_shot or self.session is None:
            self.session = env.SessionState()
        self._typed_values(res)
        request = env.intent_request(self.locale, res.intent, alexa_slots(res, self.device.app_id))
        return self._exchange(Turn(text, res), request)

    def local_now(self) -> dt.datetime:
        """The virtual time on the device's own clock (its time zone)."""
        import zoneinfo
        return self.clock.now().astimezone(zoneinfo.ZoneInfo(self.device.timezone))

    def _typed_values(self, res: Resolution) -> None:
        """AMAZON.DATE / AMAZON.TIME words to the values Alexa sends, against the device's date now."""
        for fill in res.slots.values():
            if fill.value is None or fill.type not in ("AMAZON.DATE", "AMAZON.TIME"):
                continue
            value = (alexa_date(fill.value, self.local_now().date()) if fill.type == "AMAZON.DATE"
                     else alexa_time(fill.value))
            if value is not None:
                fill.value = value

    def silence(self, text: str = "") -> Turn:
        """The person says nothing while the microphone is open. As a device does: the first time, the last
        reprompt is spoken (nothing is sent to the skill); the second time (or when there was no reprompt), the
        session ends with a SessionEndedRequest, reason EXCEEDED_MAX_REPROMPTS."""
        turn = Turn(text)
        if self.session is None:
            turn.error = "no session is open: the microphone is closed, so silence goes nowhere"
            turn.announcements = self._collect()
            return turn
        last = self.history[-1] if self.history else None
        if self.silences == 0 and last is not None and last.reprompt:
            self.silences = 1
            turn.reprompted = last.reprompt
            turn.announcements = self._collect()
            return turn
        return self.end("EXCEEDED_MAX_REPROMPTS", text)

    def launch(self, text: str = ":launch", resolution=None, task: dict | None = None) -> Turn:
        """A LaunchRequest in a new session."""
        self.session = env.SessionState()
        return self._exchange(Turn(text, resolution), env.launch_request(self.locale, None, task))

    def end(self, reason: str = "USER_INITIATED", text: str = ":end", resolution=None) -> Turn:
        """A SessionEndedRequest for the open session (nothing is sent when none is open)."""
        turn = Turn(text, resolution)
        if self.session is None:
            turn.announcements = self._collect()
            return turn
        return self._exchange(turn, env.session_ended_request(self.locale, reason))

    def advance(self, seconds: float, text: str | None = None) -> Turn:
        """Move the virtual clock on, firing timers in order; LAUNCH_TASK timers start the skill."""
        turn = Turn(text or f":advance {int(seconds)}s")
        target = self.clock.now() + dt.timedelta(seconds=seconds)
        while True:
            nxt = self.api.next_trigger()
            if nxt is None or nxt > target:
                break
            self.clock.set(nxt)
            self._fire(self.api.due(nxt), turn)
        self.clock.set(target)
        self._fire(self.api.due(), turn)
        turn.announcements += self._collect()
        turn.reminders = self.api.reminder_list()
        return turn

    def poll(self) -> list[Fired]:
        """Timers due by now (with --clock-speed, real time moves the virtual clock too)."""
        fired = self.api.due()
        with self._lock:
            self.pending.extend(fired)
        return fired

    def _fire(self, fired: list[Fired], turn: Turn) -> None:
        for f in fired:
            turn.announcements.append(f.text)
            if f.kind == "LAUNCH_TASK":
                turn.followups.append(self.launch(f":task {f.task.get('name')}", task=f.task))

    def _collect(self) -> list[str]:
        self.poll()
        with self._lock:
            texts = [f.text for f in self.pending]
            self.pending.clear()
        return texts

    def _exchange(self, turn: Turn, request: dict) -> Turn:
        # The request's timestamp: the virtual time when the webhook accepts it, else real time (the webhook checks).
        if self.virtual_timestamps and "timestamp" in request:
            request["timestamp"] = env.timestamp(self.clock.now())
        session = self.session
        self.silences = 0
        body = env.envelope(self.device, request, session)
        turn.request = body
        progressive_before = len(self.api.progressive)
        try:
            raw = json.dumps(body).encode()
            headers = {"Content-Type": "application/json", **self.ca.sign(raw)}
            reply = self._http.post(self.url, data=raw, headers=headers, timeout=self.timeout)
            turn.status = reply.status_code
            keys = reply.headers.get(KEYS_HEADER, "")
            turn.response_keys = [k.strip() for k in keys.split(",") if k.strip()]
            if reply.status_code != 200:
                turn.error = f"HTTP {reply.status_code}: {reply.text[:300]}"
            else:
                turn.response = reply.json()
        except Exception as exc:  # noqa: BLE001 - the person sees what went wrong, the REPL goes on
            turn.error = f"{type(exc).__name__}: {exc}"
        turn.progressive = [p["speech"] for p in self.api.progressive[progressive_before:]]
        self._after(turn, request)
        if not turn.announcements:
            turn.announcements = self._collect()
        turn.reminders = self.api.reminder_list()
        self.history.append(turn)
        return turn

    def _after(self, turn: Turn, request: dict) -> None:
        """Carry the session on (or close it) and answer AskFor consent requests."""
        if request["type"] == "SessionEndedRequest" or turn.response is None:
            self.session = None
            return
        resp = turn.response.get("response") or {}
        if self.session is not None:
            self.session.new = False
            self.session.attributes = turn.response.get("sessionAttributes") or {}
        for directive in resp.get("directives") or []:
            scope = ask_for_scope(directive)
            if scope:
                accepted = self._consent(directive)
                turn.consent = "ACCEPTED" if accepted else "DENIED"
                if accepted:
                    self.device.grant(scope)
                req = env.connections_response(self.locale, directive.get("name", "AskFor"), turn.consent, scope,
                                               directive.get("token", ""))
                turn.followups.append(self._exchange(Turn(f":consent {turn.consent.lower()}"), req))
                return
        if resp.get("shouldEndSession") is True:
            self.session = None

    def _consent(self, directive: dict) -> bool:
        if callable(self.consent):
            return bool(self.consent(directive))
        return self.consent in ("allow", "yes", True, "accept", "on")


def _drain(stream) -> None:
    """Read the skill's output so its pipe never fills; closes the pipe when the skill exits."""
    try:
        for _ in stream:
            pass
    except (ValueError, OSError):
        pass
    finally:
        stream.close()


def ask_for_scope(directive: dict) -> str | None:
    """The permission scope an AskFor (SendRequest v1/v2 or StartConnection) asks for, else None."""
    kind = directive.get("type")
    payload = directive.get("payload") or directive.get("input") or {}
    if kind == "Connections.SendRequest" and directive.get("name") == "AskFor":
        pass
    elif kind == "Connections.StartConnection" and "AskForPermissionsConsent" in (directive.get("uri") or ""):
        pass
    else:
        return None
    if payload.get("permissionScope"):
        return payload["permissionScope"]
    scopes = payload.get("permissionScopes") or [{}]
    return scopes[0].get("permissionScope") or env.TIMER_SCOPE
