"""Ice and heat on real Alexa timers: the entry intents, the permission result, and the error after a timer is set.

The work is in therapy_run (the Timers API), therapy_questions (the flow's questions), therapy_permission (the
AskFor) and therapy_common (what they share)."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.utils import is_intent_name, is_request_type

from skill.handlers import inputs
from skill.handlers import therapy_common as common
from skill.handlers import therapy_permission as permission
from skill.handlers import therapy_questions as questions
from skill.handlers.therapy_run import CREATED, run
from skill.render import Reply

log = logging.getLogger("spasm_coach.therapy")


class PermissionResultHandler(AbstractRequestHandler):
    """Connections.Response to the timers AskFor: accepted -> do what was asked; otherwise a card and a fallback."""

    def can_handle(self, handler_input):
        request = handler_input.request_envelope.request
        return is_request_type("Connections.Response")(handler_input) and getattr(request, "name", None) == "AskFor"

    def handle(self, handler_input):
        request = handler_input.request_envelope.request
        payload = request.payload or {}
        code = str(getattr(request.status, "code", "") or "")
        pending = permission.pending_from(handler_input, request.token) or {"kind": "start", "therapy": "ice"}
        if code == "200" and payload.get("status") == "ACCEPTED":
            return run(handler_input, pending, check_permission=False)
        log.info("timers permission not given: code=%s status=%s", code, payload.get("status"))
        return permission.denied(handler_input, pending)


class StartTherapyHandler(AbstractRequestHandler):
    """"Start the ice (for 20 minutes)": a timer; no therapy named -> "ice or heat?"."""

    def can_handle(self, handler_input):
        return is_intent_name("StartTherapyIntent")(handler_input)

    def handle(self, handler_input):
        therapy = common.therapy_named(handler_input)
        minutes = common.slot_minutes(handler_input)
        state = common.state(handler_input)
        earlier = state.get("pending") or {}
        if minutes is None and state.get("awaiting") == "type":
            minutes = earlier.get("minutes")
        if therapy not in ("ice", "heat"):
            common.wait(handler_input, "type", {"kind": "start", "therapy": None, "minutes": minutes})
            return Reply(handler_input).say("therapy.ask_type").ask()
        return run(handler_input, {"kind": "start", "therapy": therapy, "minutes": minutes})


class AlternateTherapyHandler(AbstractRequestHandler):
    """"Alternate ice and heat": ice, a rest, then heat, as a chain of announced timers."""

    def can_handle(self, handler_input):
        return is_intent_name("AlternateTherapyIntent")(handler_input)

    def handle(self, handler_input):
        return run(handler_input, {"kind": "alternate", "therapy": None, "minutes": common.slot_minutes(handler_input)})


class TherapyStatusHandler(AbstractRequestHandler):
    """"How long is left?": the skill's own timers, read back from Alexa."""

    def can_handle(self, handler_input):
        return is_intent_name("TherapyStatusIntent")(handler_input)

    def handle(self, handler_input):
        return run(handler_input, {"kind": "status", "therapy": None})


class StopTherapyHandler(AbstractRequestHandler):
    """"I took the ice off" / "cancel the heat": delete the skill's timers and record the end."""

    def can_handle(self, handler_input):
        return is_intent_name("StopTherapyIntent")(handler_input)

    def handle(self, handler_input):
        return run(handler_input, {"kind": "stop", "therapy": common.slot_id(handler_input, "therapy")})


class _TimerControl(AbstractRequestHandler):
    """Pause or Resume outside a routine or the screening, when the person has timers of ours stored."""

    intent = kind = ""

    def can_handle(self, handler_input):
        if not is_intent_name(self.intent)(handler_input):
            return False
        return (inputs.session(handler_input).get("flow") in (None, common.FLOW)
                and bool(common.record(handler_input)["active"]))

    def handle(self, handler_input):
        return run(handler_input, {"kind": self.kind, "therapy": None})


class PauseTimersHandler(_TimerControl):
    """"Pause": pause the skill's running timers (take the pack off meanwhile)."""

    intent, kind = "AMAZON.PauseIntent", "pause"


class ResumeTimersHandler(_TimerControl):
    """"Resume": carry on the skill's paused timers."""

    intent, kind = "AMAZON.ResumeIntent", "resume"


class IceOrHeatHandler(AbstractRequestHandler):
    """"Ice or heat?": the evidence stance in two or three sentences."""

    def can_handle(self, handler_input):
        return is_intent_name("IceOrHeatIntent")(handler_input)

    def handle(self, handler_input):
        return Reply(handler_input).say(common.content(handler_input).therapy["evidence"]["line"]).ask()


class TimerSetErrorHandler(AbstractExceptionHandler):
    """Something failed after a timer was set (it is already recorded): say the timer is on, never only "something
    went wrong" while it runs."""

    def can_handle(self, handler_input, exception):
        return bool(handler_input.attributes_manager.request_attributes.get(CREATED))

    def handle(self, handler_input, exception):
        created = handler_input.attributes_manager.request_attributes[CREATED]
        log.error("handler error after a timer was set: %s", type(exception).__name__)
        first = created[0]
        kind = first["therapy"] if first["therapy"] == "alternating" else first["phase"]
        if kind not in ("ice", "heat", "alternating", "skin_rest"):
            kind = "ice"
        if handler_input.request_envelope.session is not None:
            handler_input.attributes_manager.session_attributes["flow"] = None
        return Reply(handler_input).say(f"therapy.error.timer_on.{kind}").tell()


# DESIGN.md order: the permission result first, then the flow's own handlers, then the entry intents.
HANDLERS = ([PermissionResultHandler()] + questions.HANDLERS
            + [StartTherapyHandler(), AlternateTherapyHandler(), TherapyStatusHandler(), StopTherapyHandler(),
               PauseTimersHandler(), ResumeTimersHandler(), IceOrHeatHandler()])
EXCEPTION_HANDLERS = [TimerSetErrorHandler()]
