"""Ice and heat handlers: read the request, let skill.domain.therapy decide, carry out its plan on the Timers API
and the store, and render it."""

from __future__ import annotations

import json
import logging
import math
import re

from ask_sdk_core.dispatch_components import (AbstractExceptionHandler, AbstractRequestHandler,
                                               AbstractRequestInterceptor)
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Slot, SlotConfirmationStatus

from skill import deadline
from skill.domain import answers as answer_words
from skill.domain import health
from skill.domain import questions
from skill.domain import therapy as domain
from skill.domain.symptoms import read_symptom
from skill.handlers import inputs, misses, turns
from skill.plan import Leftover, Speech
from skill.render import LEAD_LINE, Reply, render_text, resolve
from skill.timers import TIMER_SCOPE, Timers, TimersError, granted

log = logging.getLogger("spasm_coach.therapy")
# Before a symptom's advice, Alexa's timers are read only briefly (is a pack on the skin?), keeping the answer's time.
PACK_OFF_SECONDS = 0.8
ANSWER_RESERVE = 1.5

FLOW = "therapy"
CREATED = "therapy_created"          # request attribute: the timers set in this request (for the error handler)


# ------------------------------------------------------------------------------------------------
# Reading: the request's facts, Alexa's list of timers
# ------------------------------------------------------------------------------------------------

def _facts(hi) -> domain.Facts:
    content = inputs.content(hi)
    return domain.Facts(rules=content.therapy, state=domain.Conversation.parse(inputs.session(hi).get(FLOW)),
                        record=domain.Record.parse(hi.attributes_manager.persistent_attributes.get(FLOW)),
                        granted=granted(hi), label_kinds=_label_kinds(content),
                        answered=health.check_answered(inputs.session(hi).get(health.SESSION)))


def _read(hi, facts: domain.Facts) -> domain.Facts:
    """FACTS with Alexa's list of the skill's timers (or why it could not be read)."""
    try:
        facts.snapshot = domain.Snapshot(*Timers(hi).listing())
    except TimersError as error:
        facts.error = error.kind
    return facts


_KINDS_CACHE: dict[int, tuple[object, dict]] = {}


def _label_kinds(content) -> dict[str, tuple[str, str]]:
    """Every label the skill sets, in every locale -> (therapy, phase); worked out once per content."""
    cached = _KINDS_CACHE.get(id(content))
    if cached is not None and cached[0] is content:
        return cached[1]
    kinds = {}
    for code in content.locales:
        for therapy in ("ice", "heat"):
            name = content.therapy["therapies"][therapy]["name"]
            kinds[render_text(content, code, f"therapy.label.{therapy}", {})] = (therapy, therapy)
            kinds[render_text(content, code, "therapy.label.skin_rest", {"therapy_name": name})] = (therapy,
                                                                                                    "skin_rest")
        for number, step in enumerate(content.therapy["alternating"]["steps"], start=1):
            kinds[render_text(content, code, f"therapy.label.alternating.{step['phase']}",
                              {"step": number})] = ("alternating", step["phase"])
    _KINDS_CACHE[id(content)] = (content, kinds)
    return kinds


# ------------------------------------------------------------------------------------------------
# Carrying out a plan: the session, the store, the Timers API, the response
# ------------------------------------------------------------------------------------------------

def _run(hi, request: domain.Request, facts: domain.Facts | None = None, *, check_permission: bool = True):
    facts = facts or _facts(hi)
    if domain.needs_snapshot(request, facts.state, facts.granted, check_permission):
        facts = _read(hi, facts)
    plan = domain.run(request, facts, check_permission=check_permission)
    _keep(hi, plan)
    try:
        _work(hi, plan)
    except TimersError as error:
        plan = domain.failed(request, facts, error.kind, check_permission=check_permission)
        _keep(hi, plan)
    else:
        if plan.told:                 # the lines said in full: short from now on (only once the timer is set)
            _save(hi, domain.record_told(_record(hi), plan.told))
    return _respond(hi, plan)


def _play(hi, result, facts: domain.Facts):
    """A domain answer: a plan to render, or a request to carry out now."""
    if isinstance(result, domain.Run):
        facts.state = result.state
        return _run(hi, result.request, facts)
    _keep(hi, result)
    return _respond(hi, result)


def _keep(hi, plan: domain.Plan) -> None:
    """The conversation state and who owns the turn (session only), and the reconciled record."""
    if plan.record is not None:
        _save(hi, plan.record)
    if hi.request_envelope.session is None:
        return                       # out of session (a stray Connections.Response): nothing to keep
    session = hi.attributes_manager.session_attributes
    state = plan.state.as_dict()
    if state or FLOW in session:
        session[FLOW] = state
    if plan.flow == "own":
        session["flow"] = FLOW
    elif plan.flow == "release" and session.get("flow") == FLOW:
        session["flow"] = None


def _record(hi) -> domain.Record:
    return domain.Record.parse(hi.attributes_manager.persistent_attributes.get(FLOW))


def _save(hi, record: domain.Record) -> None:
    hi.attributes_manager.persistent_attributes[FLOW] = record.as_dict()


def _work(hi, plan: domain.Plan) -> None:
    """The plan's timer work, in order; every change to the record stored as it happens."""
    if not (plan.delete or plan.pause or plan.resume or plan.create):
        return
    api = Timers(hi)
    for ids, call, change in ((plan.delete, api.delete, domain.record_stopped),
                              (plan.pause, api.pause, lambda r, i, now: domain.set_paused(r, i, True, now)),
                              (plan.resume, api.resume, lambda r, i, now: domain.set_paused(r, i, False, now))):
        if ids:
            for timer_id in ids:
                now = call(timer_id)
            _save(hi, change(_record(hi), ids, now))
    created = []
    try:
        for spec in plan.create:
            created.append(_create(hi, api, spec, count=plan.count))
    except Exception:
        _take_back(hi, api, created, counted=plan.count)       # all or none: no half chains
        raise


def _store_now(hi) -> None:
    """Write the record at once: a timer is running, whatever fails after this."""
    try:
        hi.attributes_manager.save_persistent_attributes()
    except PersistenceException as error:
        log.error("store write failed after a timer was set: %s", type(error).__name__)


def _create(hi, api: Timers, spec: domain.TimerSpec, *, count: bool = True) -> dict:
    """Set one announced timer and record it straight away; its stored entry."""
    content, locale = inputs.content(hi), inputs.locale(hi)
    label = render_text(content, locale, spec.label.key, resolve(content, locale, spec.label.params))
    first = content.locale_code(locale)
    announce = {code: render_text(content, code, spec.announce.key, resolve(content, code, spec.announce.params))
                for code in [first] + [code for code in content.locales if code != first]}
    timer_id, trigger, now = api.create(domain.timer_payload(label, spec.minutes, announce))
    entry = {"id": timer_id, "therapy": spec.therapy, "phase": spec.phase, "ends_at": domain.iso(trigger)}
    _save(hi, domain.record_started(_record(hi), [entry], now, count=count))
    hi.attributes_manager.request_attributes.setdefault(CREATED, []).append(entry)
    _store_now(hi)
    log.info("timer set: %s %s %s min", spec.therapy, spec.phase, spec.minutes)
    return entry


def _take_back(hi, api: Timers, created: list[dict], *, counted: bool) -> None:
    """Delete timers just set and drop them from the record."""
    if not created:
        return
    for entry in created:
        try:
            api.delete(entry["id"])
        except TimersError:
            log.warning("could not take back a timer")
    _save(hi, domain.forget(_record(hi), created, counted=counted))
    done = hi.attributes_manager.request_attributes.get(CREATED) or []
    done[:] = [e for e in done if e not in created]
    _store_now(hi)


def _respond(hi, plan: domain.Plan):
    """Render the plan's speech; the AskFor directive and the permissions card when it has them."""
    from ask_sdk_model.interfaces.connections import SendRequestDirective
    from ask_sdk_model.ui import AskForPermissionsConsentCard

    from skill.handlers import screening as screening_handlers    # it imports this module
    screening_handlers.offer_paused(hi, plan.speech)     # questions left for later: offered once the timer is on
    reply = Reply(hi)
    if plan.ask_permission is not None:
        reply.directive(SendRequestDirective(
            name="AskFor", token=json.dumps(plan.ask_permission, separators=(",", ":"), allow_nan=False),
            payload={"@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": TIMER_SCOPE}))
    response = reply.play(plan.speech)
    if plan.permissions_card:        # after rendering, so no spoken line's card replaces it
        hi.response_builder.set_card(AskForPermissionsConsentCard(permissions=[TIMER_SCOPE]))
    return response


# ------------------------------------------------------------------------------------------------
# Reading the request
# ------------------------------------------------------------------------------------------------

def _therapy_named(hi) -> str | None:
    """ice | heat from the therapy slot: its resolved id, else the one therapy name among the words heard
    ("ice for ten" caught whole by the slot still says ice)."""
    resolved = inputs.slot_id(hi, "therapy")
    if resolved is not None:
        return resolved
    words = set(re.findall(r"[a-z]+", (inputs.slot_value(hi, "therapy") or "").lower()))
    named = [therapy for therapy in domain.THERAPIES if therapy in words]
    return named[0] if len(named) == 1 else None


MAX_SLOT_MINUTES = 7 * 24 * 60   # a length heard above this is read as this (then capped to the therapy's maximum)


def _slot_minutes(hi) -> float | None:
    """The length asked for: the duration slot, else a plain number of minutes (the "minutes" slot; a bare "one" is
    no length: "the warm one"). Only finite numbers above 0 count ("inf", "nan", "1e400" are not lengths); anything
    above a week is read as a week, so the arithmetic after it stays in range and the person hears the therapy's
    maximum."""
    minutes = domain.duration_minutes(inputs.slot_value(hi, "duration"))
    if minutes is None:
        try:
            minutes = float(inputs.slot_value(hi, "minutes"))
        except (TypeError, ValueError):
            return None
        if minutes == domain.NOT_A_LENGTH:
            return None              # "the warm one", "ice, one please": a bare "one" is no length (explore6 #22)
    if not math.isfinite(minutes) or minutes <= 0:
        return None
    return min(minutes, MAX_SLOT_MINUTES)


def _length_unreadable(hi) -> bool:
    """A length was said that is not one: Alexa's "?" for the duration, or a number slot that is no number
    above 0 (and nothing readable beside it)."""
    if domain.duration_unreadable(inputs.slot_value(hi, "duration")):
        return True
    raw = inputs.slot_value(hi, "minutes")
    if raw is None or not str(raw).strip():
        return False
    try:
        value = float(raw)
    except ValueError:
        return True
    return not (math.isfinite(value) and value > 0)


def _escalated(hi, result, facts: domain.Facts):
    """A plan that misunderstood the answer: the short re-ask, then help, then a goodbye that closes."""
    if not (isinstance(result, domain.Plan) and result.missed):
        return result
    level = misses.missed(hi)
    if level == misses.GOODBYE:
        result = domain.gave_up(facts)
        result.speech = misses.goodbye()
    elif level == misses.HELP:
        result.speech = misses.with_help(result.speech)
    return result


def _awaiting(hi) -> str | None:
    """The question the flow is waiting on, when the flow owns the conversation."""
    if inputs.session(hi).get("flow") != FLOW:
        return None
    return domain.Conversation.parse(inputs.session(hi).get(FLOW)).awaiting


def _token_request(hi, token, facts: domain.Facts) -> domain.Request | None:
    """The request the AskFor token carries (the checks' results back into the conversation), else the one
    the session waits on; None when neither is one the skill can carry out."""
    try:
        carried = json.loads(token) if token else None
    except ValueError:
        carried = None
    for raw in (carried, facts.state.pending.as_dict() if facts.state.pending else None):
        request = domain.Request.parse(raw)
        if request is not None and request.runnable:
            facts.state.take(raw)
            return request
    return None


# ------------------------------------------------------------------------------------------------
# Handlers
# ------------------------------------------------------------------------------------------------

class PermissionResultHandler(AbstractRequestHandler):
    """Connections.Response to the timers AskFor: accepted -> do what was asked; otherwise a card and a fallback.
    A request the token lost asks "ice or heat?" rather than guessing."""

    def can_handle(self, handler_input):
        request = handler_input.request_envelope.request
        return is_request_type("Connections.Response")(handler_input) and getattr(request, "name", None) == "AskFor"

    def handle(self, handler_input):
        request = handler_input.request_envelope.request
        payload = request.payload or {}
        code = str(getattr(request.status, "code", "") or "")
        accepted = code == "200" and payload.get("status") == "ACCEPTED"
        if not accepted:
            log.info("timers permission not given: code=%s status=%s", code, payload.get("status"))
        facts = _facts(handler_input)
        asked = _token_request(handler_input, request.token, facts)
        result = domain.permission_result(facts, asked, accepted)
        if isinstance(result, domain.Run):
            return _run(handler_input, result.request, facts, check_permission=False)
        return _play(handler_input, result, facts)


# Checks that ask whether the skin is numb: numbness said in words there ("yeah a bit numb") answers the check (the
# symptom slot heard it), never starts the red-flag questions; numbness with a place the reader files as a flag
# ("my bum is numb") is that flag's.
NUMB_CHECKS = ("numb_skin", "cold_or_numb")


class NumbAtTheCheckInterceptor(AbstractRequestInterceptor):
    """Before any handler: ReportSymptomIntent whose words only say numbness, while a check asks "is the skin numb?",
    is the yes (or, "not numb", the no) to that check."""

    def process(self, handler_input):
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        if intent is None or intent.name != "ReportSymptomIntent" or _awaiting(handler_input) != "check":
            return
        state = domain.Conversation.parse(inputs.session(handler_input).get(FLOW))
        question = domain.next_check_question(inputs.content(handler_input).therapy["checks"], state.check or "heat",
                                              state.check_index)
        if not question or question.get("id") not in NUMB_CHECKS:
            return
        said = answer_words.numbness_said(inputs.slot_value(handler_input, "symptom"),
                                          inputs.locale(handler_input) or "en-US")
        if said is not None:
            intent.name, intent.slots = ("AMAZON.YesIntent" if said else "AMAZON.NoIntent"), {}


SEDATED = "sedated"                   # the heat check's drowsiness question (therapy.yaml checks.heat)
# Intents whose words (or meaning) may say sedation at a heat check, besides the words of an answer.
SEDATION_CARRIERS = ("AMAZON.YesIntent", "AMAZON.NoIntent", "UnsureIntent", "AMAZON.FallbackIntent",
                     "ReportSymptomIntent", "MedicineIntent", "DrowsyIntent")


class SedatedAtTheCheckInterceptor(AbstractRequestInterceptor):
    """Before any handler: at any heat check question, sedation said ("no, but I took sleeping tablets", "no, though
    I've had a few drinks", "yeah took some codeine", "a couple of diazepam", "a few beers", "the tablets are making
    me sleepy") is the drowsiness question's yes, so heat is ruled out (explore6 #4, #13): never the medicines
    answer, "I need a yes or a no", or the sedation lost behind a "no". Words that also name a red flag stay the
    symptom."""

    def process(self, handler_input):
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        if intent is None or intent.name not in SEDATION_CARRIERS or _awaiting(handler_input) != "check":
            return
        conversation = inputs.session(handler_input).get(FLOW)
        if not isinstance(conversation, dict) or conversation.get("check") != "heat":
            return
        questions = inputs.content(handler_input).therapy["checks"]["heat"]["questions"]
        index = next((i for i, q in enumerate(questions) if q["id"] == SEDATED), None)
        if index is None or not self._sedation(handler_input, intent):
            return
        conversation["check_index"] = index
        intent.name, intent.slots = "AMAZON.YesIntent", {}

    @staticmethod
    def _sedation(handler_input, intent) -> bool:
        """Whether the request says sedation: drowsiness, a sedating medicine named (its slot id or its words), or
        any of the content's sedating words (therapy.yaml `sedating`: one list, with its source)."""
        if intent.name == "DrowsyIntent":
            return True
        sedating = inputs.content(handler_input).therapy["sedating"]
        if intent.name == "MedicineIntent":
            words = inputs.slot_value(handler_input, "medicine")
            return (inputs.slot_id(handler_input, "medicine") in sedating["medicines"]
                    or answer_words.sedation_said(words, sedating["words"]))   # "co-codamol an hour ago"
        if intent.name == "ReportSymptomIntent":
            words = inputs.slot_value(handler_input, "symptom")
            if inputs.slot_id(handler_input, "symptom") or read_symptom(words or "", inputs.locale(
                    handler_input) or "en-US").flag is not None:
                return False                 # a red flag said with it: the symptom's path
        else:
            words = handler_input.attributes_manager.request_attributes.get(inputs.ANSWER_WORDS)
        return answer_words.sedation_said(words, sedating["words"])


class InjuryNotTherapyInterceptor(AbstractRequestInterceptor):
    """Before any handler: a request for ice or heat whose words tell of a fall or an injury ("I slipped on the ice
    and landed on my back", heard as "{therapy} on my back") is that report, not a request: the word "ice" never
    outranks a fall (explore6 #6), so the symptom's path asks about it first. Only words that say more than the
    therapy's name, and that the symptom reader files under a red flag, undenied, count."""

    def process(self, handler_input):
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        if intent is None or intent.name != "StartTherapyIntent":
            return
        words = inputs.slot_value(handler_input, "therapy")
        if not words or len(words.split()) < INJURY_MIN_WORDS:
            return
        reading = read_symptom(words, inputs.locale(handler_input) or "en-US")
        if reading.flag is None or reading.negated:
            return
        intent.name = "ReportSymptomIntent"
        intent.slots = {"symptom": Slot(name="symptom", value=words, confirmation_status=SlotConfirmationStatus.NONE)}


INJURY_MIN_WORDS = 3      # "I fell", "ice pack": a therapy's name, or too little to be a report


# Answers to the flow's own questions: intent -> (the answer, the questions it answers).
ANSWERS = {"AMAZON.YesIntent": ("yes", domain.YES_NO), "AMAZON.NoIntent": ("no", domain.YES_NO),
           "UnsureIntent": ("unsure", domain.QUESTIONS), "AMAZON.HelpIntent": ("help", domain.QUESTIONS),
           "AMAZON.RepeatIntent": ("repeat", domain.QUESTIONS),
           "AMAZON.FallbackIntent": ("fallback", domain.QUESTIONS),
           "TherapyStatusIntent": ("status", domain.QUESTIONS),
           # no answer, but the question stays on the table (explore4 F14): the question again after a line
           **{name: (domain.AGAIN, domain.QUESTIONS) for name in turns.THERAPY_AGAIN},
           "EmergencyNumberIntent": (domain.NUMBER, domain.QUESTIONS),
           "PainCheckIntent": (domain.AGAIN, domain.QUESTIONS),
           "AcknowledgeIntent": (domain.ACK, domain.QUESTIONS)}     # only at a check (turns.asks_a_check)
# "Pause" and "resume" with timers of ours stored are theirs (PauseTimersHandler), whatever question is open.
TIMER_WORDS = ("AMAZON.PauseIntent", "AMAZON.ResumeIntent")


class QuestionAnswerHandler(AbstractRequestHandler):
    """While a therapy question is open (heat check, short length, rest timer, careful heat, ice or heat): yes,
    no, not sure, help, "what?", words not understood, and "how long is left?" (the answer, then the question).
    Nothing else said there leaves it unless another capability must answer (turns.THERAPY_QUESTION): a step word
    ("next", "go back", "start over"), a pain change ("the pain is getting worse": what to watch for) or "what's
    the number?" says its line and the question again."""

    def can_handle(self, handler_input):
        name = inputs.intent_name(handler_input)
        answer = ANSWERS.get(name)
        if answer is None or _awaiting(handler_input) not in answer[1]:
            return False
        return name not in TIMER_WORDS or not _record(handler_input).active

    def handle(self, handler_input):
        word = ANSWERS[inputs.intent_name(handler_input)][0]
        if word == domain.AGAIN and inputs.slot_id(handler_input, "change") == "worse":
            word = domain.WORSE
        facts = _facts(handler_input)
        if word == "status":
            if facts.granted:
                facts = _read(handler_input, facts)
            return _play(handler_input, domain.inside_status(facts), facts)
        return _play(handler_input, _escalated(handler_input, domain.answer(facts, word), facts), facts)


class StartTherapyHandler(AbstractRequestHandler):
    """"Start the ice (for 20 minutes)": a timer; no therapy named -> "ice or heat?"."""

    def can_handle(self, handler_input):
        return is_intent_name("StartTherapyIntent")(handler_input)

    def handle(self, handler_input):
        if questions.rub_named(inputs.slot_value(handler_input, "therapy")):
            # "can I use Voltaren gel with the heat pad", "can I use deep heat": what to check about heat over a
            # rub first, then the request as asked (explore6 #14)
            handler_input.attributes_manager.request_attributes[LEAD_LINE] = questions.RUB
        facts = _facts(handler_input)
        minutes = _slot_minutes(handler_input)
        result = domain.start(facts, _therapy_named(handler_input), minutes,
                              unreadable=minutes is None and _length_unreadable(handler_input))
        if isinstance(result, domain.Request):
            return _run(handler_input, result, facts)
        return _play(handler_input, _escalated(handler_input, result, facts), facts)


class TimerRequestHandler(AbstractRequestHandler):
    """Alternate ice and heat; how long is left; "I took the ice off"; pause or resume the skill's timers."""

    intent = kind = ""

    def can_handle(self, handler_input):
        return is_intent_name(self.intent)(handler_input)

    def request(self, handler_input) -> domain.Request:
        return domain.Request(self.kind)

    def handle(self, handler_input):
        return _run(handler_input, self.request(handler_input))


class AlternateTherapyHandler(TimerRequestHandler):
    """"Alternate ice and heat": ice, a rest, then heat, as a chain of announced timers. "Switch to heat" (the
    therapy slot filled) is a change of mind to that one: its own start (explore6 #17), never the chain."""

    intent, kind = "AlternateTherapyIntent", "alternate"

    def request(self, handler_input):
        switched = inputs.slot_id(handler_input, "therapy")
        if switched in domain.THERAPIES:
            return domain.Request("start", switched, _slot_minutes(handler_input))
        return domain.Request("alternate", None, _slot_minutes(handler_input))


class TherapyStatusHandler(TimerRequestHandler):
    """"How long is left?": the skill's own timers, read back from Alexa."""

    intent, kind = "TherapyStatusIntent", "status"


ROUTINE_STATES = (turns.ROUTINE_QUESTION, turns.ROUTINE_EXERCISE, turns.ROUTINE_PAIN_CHECK)
CARRY_ON = "frame.number.carry_on"     # "To carry on where we were, say repeat."


class StopTherapyHandler(TimerRequestHandler):
    """"I took the ice off" / "cancel the heat" / "stop everything": delete the skill's timers and record the end;
    "no ice" in a conversation with none of ours stored: that one is not wanted (domain.declined)."""

    intent, kind = "StopTherapyIntent", "stop"

    def request(self, handler_input):
        return domain.Request("stop", inputs.slot_id(handler_input, "therapy"))

    def handle(self, handler_input):
        therapy = inputs.slot_id(handler_input, "therapy")
        session = handler_input.request_envelope.session
        talking = session is not None and not session.new
        if therapy in domain.THERAPIES and talking and not _record(handler_input).active:
            # "no ice", "I don't want the heat" in a conversation, nothing of ours on: not wanted, never "no timer
            # running" (a one-shot "I took the ice off" keeps the stop's own answer: check your skin, cancel it)
            if turns.state_of(inputs.session(handler_input)) in ROUTINE_STATES:    # mid-stretch: carry on there
                return Reply(handler_input).say(f"therapy.declined.{therapy}").say(CARRY_ON).ask()
            facts = _facts(handler_input)
            return _play(handler_input, domain.declined(facts, therapy), facts)
        return super().handle(handler_input)


class PauseTimersHandler(TimerRequestHandler):
    """"Pause" outside a routine or the screening, when the person has timers of ours stored."""

    intent, kind = "AMAZON.PauseIntent", "pause"

    def can_handle(self, handler_input):
        return (super().can_handle(handler_input) and inputs.session(handler_input).get("flow") in (None, FLOW)
                and bool(_record(handler_input).active))


class ResumeTimersHandler(PauseTimersHandler):
    """"Resume": carry on the skill's paused timers."""

    intent, kind = "AMAZON.ResumeIntent", "resume"


class IceOrHeatHandler(AbstractRequestHandler):
    """"Ice or heat?": the evidence stance in two or three sentences. A question about one of them ("how long should
    I put ice on for?"): how to use it, and a timer offered (explore7 #6)."""

    def can_handle(self, handler_input):
        return is_intent_name("IceOrHeatIntent")(handler_input)

    def handle(self, handler_input):
        facts = _facts(handler_input)
        therapy = _therapy_named(handler_input)
        if therapy in domain.THERAPIES:
            return _play(handler_input, domain.about(facts, therapy, on_the_skin(handler_input)), facts)
        return _play(handler_input, domain.evidence(facts), facts)


class DrowsyHandler(AbstractRequestHandler):
    """"I'm going to sleep with the heat pad on", "I'm getting sleepy, can I leave it on?": never asleep with heat or
    ice on; take it off now when one is on the skin (the stored record against Alexa's timers, read briefly)."""

    def can_handle(self, handler_input):
        return is_intent_name("DrowsyIntent")(handler_input)

    def handle(self, handler_input):
        facts = _facts(handler_input)
        return _play(handler_input, domain.asleep(facts, on_the_skin(handler_input), _therapy_named(handler_input)),
                     facts)


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


def on_the_skin(handler_input) -> str | None:
    """ice | heat when one is on the skin now (running, not paused), else None. Read only: the stored record
    against Alexa's list of timers (one list call, made only when timers are stored and allowed), else against
    the request's time."""
    try:
        record, now = _record(handler_input), inputs.request_time(handler_input)
    except PersistenceException as error:         # the emergency advice goes on without the store
        log.error("store unavailable: %s", type(error).__name__)
        return None
    if not record.active:
        return None
    if granted(handler_input):
        record, now = _live(handler_input, record, now)
    for item in domain.status(record, now):
        if item["kind"] in ("single", "alternating") and not item["paused"] and item["phase"] in domain.THERAPIES \
                and item["seconds_left"] > 0:
            return item["phase"]
    return None


def _live(handler_input, record: domain.Record, now):
    """RECORD reconciled with Alexa's timers (and Alexa's time), read within PACK_OFF_SECONDS and never into the
    time the symptom's advice needs (ANSWER_RESERVE); else RECORD as stored, against the request's time."""
    try:
        budget = deadline.bound(PACK_OFF_SECONDS, reserve=ANSWER_RESERVE)
    except deadline.DeadlineExceeded:
        return record, now
    token = deadline.activate(deadline.Deadline(budget))
    try:
        live, alexa_now = Timers(handler_input).list()
        return domain.reconcile(record, live, alexa_now), alexa_now
    except (TimersError, deadline.DeadlineExceeded) as error:
        log.info("symptom: timers not read (%s)", getattr(error, "kind", type(error).__name__))
        return record, now
    finally:
        deadline.deactivate(token)


def ask_ice_or_heat(handler_input) -> None:
    """Another capability's line ends with "would you like heat or ice?" (the stretches stopped for pain): the flow's
    "ice or heat?" question is on the table, so "yes" asks which, "heat" starts the heat (its checks first) and "no"
    ends the conversation."""
    _keep(handler_input, domain.ask_type(_facts(handler_input), None))


def with_pack_off(handler_input, speech: Speech) -> None:
    """A symptom said while ice or heat is on (numb skin cannot feel cold or heat): "Take the ice pack off now."
    first in SPEECH; after the emergency advice, whose number comes first, when that ends the session."""
    phase = on_the_skin(handler_input)
    if phase is None:
        return
    line = ("say", f"therapy.symptom.pack_off.{phase}", {})
    speech.ops.insert(len(speech.ops) if speech.end else 0, line)


def resume_lines(handler_input) -> list[Leftover]:
    """What a launch says is left over: a timer still on or paused. Read only (the record is kept by the handlers
    above); one Timers API list call, made only when timers are stored and allowed."""
    record = _record(handler_input)
    snapshot = None
    if record.active and granted(handler_input):
        try:
            live, now = Timers(handler_input).list()
            snapshot = domain.Snapshot(live, {}, now)
        except TimersError as error:
            log.info("launch: timers not read (%s)", error.kind)
    line = domain.resume_line(record, snapshot, inputs.request_time(handler_input))
    return [Leftover(*line)] if line else []


# DESIGN.md order: the permission result first, then the flow's own questions, then the entry intents.
REQUEST_INTERCEPTORS = [InjuryNotTherapyInterceptor(), SedatedAtTheCheckInterceptor(), NumbAtTheCheckInterceptor()]
HANDLERS = [PermissionResultHandler(), QuestionAnswerHandler(), StartTherapyHandler(), AlternateTherapyHandler(),
            TherapyStatusHandler(), StopTherapyHandler(), PauseTimersHandler(), ResumeTimersHandler(),
            IceOrHeatHandler(), DrowsyHandler()]
EXCEPTION_HANDLERS = [TimerSetErrorHandler()]
