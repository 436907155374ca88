"""The colon commands shared by the REPL and --jsonl: :launch, :end, :state, :advance, :permissions, :locale."""

from __future__ import annotations

import json

from simulator.durations import parse_clock

HELP = """Type what you would say to Alexa ("open spasm coach", "start ice for fifteen minutes").
An empty line is silence: the reprompt is spoken; a second one ends the session (EXCEEDED_MAX_REPROMPTS).
Commands:
  :launch                 open the skill (a LaunchRequest)
  :end                    end the session (SessionEndedRequest, USER_INITIATED)
  :state                  session attributes, permissions, timers, reminders, the virtual time
  :advance 20m            move the virtual clock (timers and reminders fire in order)
  :permissions on|off     grant or revoke every permission (timers, reminders, country and postal code)
  :consent allow|deny     how to answer the skill's permission requests
  :fail 500|timeout|off   make the emulated Alexa APIs fail: timers, reminders, time zone, address (until ':fail off')
  :timezone Asia/Kolkata  the device's time zone (what the Settings API says)
  :country IE             the device address country (readable only with the address permission)
  :locale en-GB           switch locale (reloads that interaction model)
  :debug                  toggle showing the resolved intent and the JSON both ways
  :help                   this text;  :quit  leave"""


def state(sim) -> dict:
    """What :state shows."""
    return {"command": ":state", "session_open": sim.session is not None,
            "session_id": sim.session.session_id if sim.session else None,
            "attributes": sim.session.attributes if sim.session else {},
            "timers_permission": sim.device.timers_granted, "permissions": sim.device.scopes(),
            "consent": sim.consent if isinstance(sim.consent, str) else "ask", "locale": sim.locale,
            "time_zone": sim.device.timezone, "country": sim.device.country, "postal_code": sim.device.postal_code,
            "virtual_time": sim.clock.now().isoformat(), "local_time": sim.local_now().isoformat(timespec="seconds"),
            "timers": [t.json() | {"label": t.label} for t in sim.api.timers.values()],
            "reminders": sim.api.reminder_list()}


def run_line(sim, line: str):
    """A Turn for an utterance (an empty line: silence) or :launch/:end/:advance; a dict for the other commands."""
    if not line.strip():
        return sim.silence()
    if not line.startswith(":"):
        return sim.say(line)
    cmd, _, arg = line[1:].partition(" ")
    arg = arg.strip()
    if cmd == "launch":
        return sim.launch(line)
    if cmd == "end":
        return sim.end("USER_INITIATED", line)
    if cmd == "advance":
        seconds = parse_clock(arg)
        if seconds is None:
            return {"command": line, "error": "say how long, for example ':advance 20m' or ':advance 1h30m'"}
        return sim.advance(seconds, line)
    if cmd == "state":
        return state(sim)
    if cmd == "permissions" and arg in ("on", "off"):
        from simulator.envelopes import ALL_SCOPES
        for scope in ALL_SCOPES:
            sim.device.grant(scope, arg == "on")
        return {"command": line, "timers_permission": sim.device.timers_granted, "permissions": sim.device.scopes()}
    if cmd == "timezone" and arg:
        import zoneinfo
        try:
            zoneinfo.ZoneInfo(arg)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return {"command": line, "error": f"unknown time zone {arg!r} (an IANA name such as Europe/Dublin)"}
        sim.device.timezone = arg
        return {"command": line, "time_zone": arg, "note": "the skill reads it at the start of a session"}
    if cmd == "country" and arg:
        from simulator.session import POSTAL_CODES
        sim.device.country = arg.upper().split("-")[0]
        sim.device.postal_code = POSTAL_CODES.get(arg.upper())
        return {"command": line, "country": sim.device.country, "postal_code": sim.device.postal_code}
    if cmd == "consent" and arg in ("allow", "deny"):
        sim.consent = arg
        return {"command": line, "consent": arg}
    if cmd == "fail" and (arg.isdigit() or arg in ("timeout", "off")):
        sim.api.fail(arg)
        working = "working" if sim.api.failure is None else sim.api.failure
        return {"command": line, "timers_api": working, "alexa_api": working}
    if cmd == "locale" and arg:
        from simulator.nlu import Matcher
        try:
            sim.matcher = Matcher.for_locale(arg)
        except FileNotFoundError:
            return {"command": line, "error": f"no interaction model for {arg}"}
        sim.locale = sim.api.locale = arg
        return {"command": line, "locale": arg}
    if cmd == "help":
        return {"command": line, "help": HELP}
    return {"command": line, "error": f"unknown command; {json.dumps(':help')} lists them"}
