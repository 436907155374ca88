"""The colon commands shared by the REPL and --jsonl: :launch, :end, :state, :advance, :permissions, :locale."""

from __future__ import annotations

import json

from simulator.durations import parse_clock

HELP = """Type what you would say to Alexa ("open spasm coach", "start ice for fifteen minutes").
Commands:
  :launch                 open the skill (a LaunchRequest)
  :end                    end the session (SessionEndedRequest, USER_INITIATED)
  :state                  session attributes, permissions, timers, the virtual time
  :advance 20m            move the virtual clock (timers fire in order)
  :permissions on|off     grant or revoke the timers permission
  :consent allow|deny     how to answer the skill's permission requests
  :fail 500|timeout|off   make the emulated Timers API fail (until ':fail off')
  :locale en-GB           switch locale (reloads that interaction model)
  :debug                  toggle showing the resolved intent and the JSON both ways
  :help                   this text;  :quit  leave"""


def state(sim) -> dict:
    """What :state shows."""
    return {"command": ":state", "session_open": sim.session is not None,
            "session_id": sim.session.session_id if sim.session else None,
            "attributes": sim.session.attributes if sim.session else {},
            "timers_permission": sim.device.timers_granted, "consent": sim.consent if isinstance(sim.consent, str)
            else "ask", "locale": sim.locale, "virtual_time": sim.clock.now().isoformat(),
            "timers": [t.json() | {"label": t.label} for t in sim.api.timers.values()]}


def run_line(sim, line: str):
    """A Turn for an utterance or :launch/:end/:advance; a dict for the other commands."""
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
        sim.device.timers_granted = arg == "on"
        return {"command": line, "timers_permission": sim.device.timers_granted}
    if cmd == "consent" and arg in ("allow", "deny"):
        sim.consent = arg
        return {"command": line, "consent": arg}
    if cmd == "fail" and (arg.isdigit() or arg in ("timeout", "off")):
        sim.api.fail(arg)
        return {"command": line, "timers_api": "working" if sim.api.failure is None else sim.api.failure}
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
