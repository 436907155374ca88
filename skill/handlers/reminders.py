"""Reminders: "remind me to do my stretches tomorrow at nine", "remind me when I can ice again", the offers
after a routine, list and cancel; the reminders permission asked for by voice (AskFor), a card when declined."""

from __future__ import annotations

import datetime as dt
import json
import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler, AbstractRequestInterceptor
from ask_sdk_core.utils import is_intent_name, is_request_type

from skill import locality
from skill import reminders as api
from skill.domain import reminders as domain
from skill.domain import therapy as therapy_domain
from skill.domain.clock import parse_time
from skill.handlers import inputs
from skill.render import Reply, render_text

log = logging.getLogger("spasm_coach.reminders")

# session[OFFER]: {"kind"} while a yes/no reminder offer is on the table (one turn: the interceptor takes it off).
OFFER = "reminder_offer"
# session[CONTEXT]: the kind a bare "remind me tomorrow" means after an outcome that offered a check-in.
CONTEXT = "reminder_context"
TOKEN_KIND = "reminder"          # AskFor token {"kind": "reminder", "reminder": {...}}


# -- small helpers ---------------------------------------------------------------------------------------------

def _text(hi, key: str, **params) -> str:
    return render_text(inputs.content(hi), inputs.locale(hi), key, params)


def _word(hi, key: str) -> str:
    return inputs.content(hi).words(key, inputs.locale(hi))[0]


def _when_words(hi, at: dt.datetime, now: dt.datetime) -> str:
    day = domain.day_word(at, now)
    clock = domain.clock_words(at)
    if day == "weekday":
        return _text(hi, "reminders.when.weekday", weekday=at.strftime("%A"), clock=clock)
    return _text(hi, f"reminders.when.{day}", clock=clock)


def _texts_by_kind(hi) -> dict[str, set[str]]:
    c = inputs.content(hi)
    return {kind: {render_text(c, code, f"reminders.text.{kind}", {}) for code in c.locales}
            for kind in domain.KINDS}


def _zone(hi) -> str:
    return locality.zone(hi)


def _with_card(hi, response):
    from ask_sdk_model.ui import AskForPermissionsConsentCard
    hi.response_builder.set_card(AskForPermissionsConsentCard(permissions=[api.REMINDER_SCOPE]))
    return response


def _ask_permission(hi, request: dict):
    """Ask for the reminders permission by voice; the token carries the reminder to set once it is given."""
    from ask_sdk_model.interfaces.connections import SendRequestDirective
    token = json.dumps({"kind": TOKEN_KIND, "reminder": request}, separators=(",", ":"))
    directive = SendRequestDirective(
        name="AskFor", token=token,
        payload={"@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": api.REMINDER_SCOPE})
    return Reply(hi).directive(directive).send()


# -- setting ---------------------------------------------------------------------------------------------------

def request_from_slots(hi) -> dict:
    """{kind, date, time, duration} from the intent: the kind said, else the one the conversation offered; kind None
    when neither, or when the words name none of ours ("remind me to take my tablets")."""
    kind = inputs.slot_id(hi, "reminder")
    if kind not in domain.KINDS:
        context = inputs.session(hi).get(CONTEXT)
        said_other = bool(inputs.slot_value(hi, "reminder"))
        kind = context if context in domain.KINDS and not said_other else None
    return {"kind": kind, "date": inputs.slot_value(hi, "date"), "time": inputs.slot_value(hi, "time"),
            "duration": inputs.slot_value(hi, "duration")}


def set_reminder(hi, request: dict, *, check_permission: bool = True):
    """Set the reminder REQUEST asks for ({kind, date, time, duration?, later?}); ask for the permission first if
    needed. A kind that is none of ours is never guessed: the person hears which ones there are."""
    kind = request.get("kind")
    if kind not in domain.KINDS:
        return Reply(hi).say("reminders.which").ask()
    if check_permission and not api.granted(hi):
        return _ask_permission(hi, request)
    client = api.Reminders(hi, _zone(hi))
    try:
        listed, now = client.list()        # Alexa's time now (its Date header), on the device's clock
    except api.RemindersError as error:
        return _failed(hi, error, request)
    what = _word(hi, f"reminders.what.{kind}")
    texts = {inputs.content(hi).locale_code(inputs.locale(hi)): _text(hi, f"reminders.text.{kind}")}
    rest = offset = None
    try:
        if request.get("duration"):
            offset = domain.offset_seconds(request.get("duration"))
            at = now + dt.timedelta(seconds=offset)
        elif request.get("date") or request.get("time"):
            at = domain.when(now, request.get("date"), request.get("time"))
        elif kind in ("ice", "heat"):
            rest = _rest_left(hi, kind, now)
            if not rest:
                name = inputs.content(hi).therapy["therapies"][kind]["name"]
                return Reply(hi).say("reminders.rest_done", therapy_name=name).ask()
            offset = rest * 60
            at = now + dt.timedelta(minutes=rest)
        elif kind == "checkin" and not request.get("later"):
            at = domain.tomorrow_at(now)
        else:
            at = domain.later_today(now)
    except domain.WhenError as error:
        inputs.session(hi)[CONTEXT] = kind      # "remind me tomorrow at nine" next keeps the kind asked for
        return Reply(hi).say(f"reminders.{error.reason}").ask()
    when = _when_words(hi, at, now)
    if domain.already_set(listed, kind, at, _texts_by_kind(hi)):
        return Reply(hi).say("reminders.already", when=when, what=what).tell()
    payload = (domain.payload(texts, offset_seconds=offset) if offset
               else domain.payload(texts, at=at, zone=_zone(hi)))
    try:
        client.create(payload)
    except api.RemindersError as error:
        return _failed(hi, error, request)
    inputs.session(hi).pop(CONTEXT, None)
    log.info("reminder set: %s", kind)
    if rest:
        return Reply(hi).say("reminders.set.rest", time_left=therapy_domain.time_phrase(rest), when=when,
                             what=what).tell()
    return Reply(hi).say("reminders.set", when=when, what=what).tell()


def _rest_left(hi, therapy: str, now: dt.datetime) -> int:
    """Minutes until THERAPY may go on the skin again: the rest gap after the last round, or after the round on
    the skin now (the stored record; Alexa's time NOW)."""
    record = therapy_domain.Record.parse(hi.attributes_manager.persistent_attributes.get("therapy"))
    settings = inputs.content(hi).therapy["therapies"][therapy]
    left = therapy_domain.rest_left(record, therapy, settings, now)
    for entry in record.active:
        ends = parse_time(entry.get("ends_at"))
        if entry.get("phase") == therapy and ends is not None:
            left = max(left, therapy_domain.minutes_until(ends + dt.timedelta(minutes=settings["min_gap_minutes"]),
                                                          now))
    return left


def _failed(hi, error: api.RemindersError, request: dict):
    if error.kind == "permission":
        return _ask_permission(hi, request)
    key = "reminders.rejected" if error.kind == "rejected" else "reminders.unavailable"
    return Reply(hi).say(key).tell()


class SetReminderHandler(AbstractRequestHandler):
    """"Remind me to do my stretches tomorrow at nine", "remind me when I can ice again"."""

    def can_handle(self, handler_input):
        return is_intent_name("SetReminderIntent")(handler_input)

    def handle(self, handler_input):
        return set_reminder(handler_input, request_from_slots(handler_input))


class OfferInterceptor(AbstractRequestInterceptor):
    """A reminder offer lasts one turn: take it off the session into the request (yes/no below read it there)."""

    def process(self, handler_input):
        if handler_input.request_envelope.session is None:
            return
        offer = handler_input.attributes_manager.session_attributes.pop(OFFER, None)
        if isinstance(offer, dict):
            handler_input.attributes_manager.request_attributes[OFFER] = offer


def _offer(hi) -> dict | None:
    return hi.attributes_manager.request_attributes.get(OFFER)


class OfferYesHandler(AbstractRequestHandler):
    """Yes to "would you like a reminder to do them again later today?"."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.YesIntent")(handler_input) and _offer(handler_input) is not None

    def handle(self, handler_input):
        return set_reminder(handler_input, {"kind": _offer(handler_input).get("kind"), "later": True})


class OfferNoHandler(AbstractRequestHandler):
    """No to the offer: the goodbye the routine would have said."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.NoIntent")(handler_input) and _offer(handler_input) is not None

    def handle(self, handler_input):
        return Reply(handler_input).say("routine.finished.goodbye").tell()


class PermissionResultHandler(AbstractRequestHandler):
    """Connections.Response to the reminders AskFor: accepted -> set it; otherwise say so, with a card."""

    def can_handle(self, handler_input):
        request = handler_input.request_envelope.request
        if not is_request_type("Connections.Response")(handler_input) or getattr(request, "name", None) != "AskFor":
            return False
        return (request.payload or {}).get("permissionScope") == api.REMINDER_SCOPE or _token(request) is not None

    def handle(self, handler_input):
        request = handler_input.request_envelope.request
        payload = request.payload or {}
        code = str(getattr(request.status, "code", "") or "")
        wanted = _token(request) or {"kind": "checkin"}
        if code == "200" and payload.get("status") == "ACCEPTED":
            return set_reminder(handler_input, wanted, check_permission=False)
        log.info("reminders permission not given: code=%s status=%s", code, payload.get("status"))
        return _with_card(handler_input, Reply(handler_input).say("reminders.permission.denied").tell())


def _token(request) -> dict | None:
    try:
        token = json.loads(request.token or "")
    except ValueError:
        return None
    if isinstance(token, dict) and token.get("kind") == TOKEN_KIND and isinstance(token.get("reminder"), dict):
        return token["reminder"]
    return None


# -- listing and cancelling ------------------------------------------------------------------------------------

def _ours(hi) -> tuple[list[dict], dt.datetime, api.Reminders]:
    client = api.Reminders(hi, _zone(hi))
    listed, now = client.list()
    kinds = _texts_by_kind(hi)
    for item in listed:
        item["kind"] = domain.kind_of(item["text"], kinds)
    return listed, now, client


def _needs_permission(hi):
    return _with_card(hi, Reply(hi).say("reminders.permission.needed").tell())


class ListRemindersHandler(AbstractRequestHandler):
    """"What reminders do I have": each with what and when."""

    def can_handle(self, handler_input):
        return is_intent_name("ListRemindersIntent")(handler_input)

    def handle(self, handler_input):
        if not api.granted(handler_input):
            return _needs_permission(handler_input)
        try:
            listed, now, _ = _ours(handler_input)
        except api.RemindersError as error:
            return _needs_permission(handler_input) if error.kind == "permission" else Reply(handler_input).say(
                "reminders.unavailable").tell()
        if not listed:
            return Reply(handler_input).say("reminders.list.none").tell()
        items = []
        for item in listed:
            label = _word(handler_input, f"reminders.label.{item['kind'] or 'other'}")
            when = _when_words(handler_input, item["at"], now) if item["at"] else ""
            items.append(_text(handler_input, "reminders.item", label=label, when=when).strip())
        reply = Reply(handler_input)
        if len(items) == 1:
            return reply.say("reminders.list.one", items=items[0]).tell()
        return reply.say_list("reminders.list.many", items, count=len(items)).tell()


class CancelReminderHandler(AbstractRequestHandler):
    """"Cancel my reminders" (all of the skill's), or "cancel my stretches reminder" (that kind)."""

    def can_handle(self, handler_input):
        return is_intent_name("CancelReminderIntent")(handler_input)

    def handle(self, handler_input):
        if not api.granted(handler_input):
            return _needs_permission(handler_input)
        kind = inputs.slot_id(handler_input, "reminder")
        try:
            listed, _, client = _ours(handler_input)
            chosen = [r for r in listed if kind is None or r["kind"] == kind]
            for item in chosen:
                client.delete(item["token"])
        except api.RemindersError as error:
            return _needs_permission(handler_input) if error.kind == "permission" else Reply(handler_input).say(
                "reminders.unavailable").tell()
        reply = Reply(handler_input)
        if not chosen:
            if kind is not None and listed:
                return reply.say("reminders.cancelled.none_of_kind",
                                 label=_word(handler_input, f"reminders.label.{kind}")).tell()
            return reply.say("reminders.cancelled.none").tell()
        if len(chosen) == 1:
            return reply.say("reminders.cancelled.one").tell()
        return reply.say("reminders.cancelled.many", count=len(chosen)).tell()


REQUEST_INTERCEPTORS = [OfferInterceptor()]
HANDLERS = [PermissionResultHandler(), OfferYesHandler(), OfferNoHandler(), SetReminderHandler(),
            ListRemindersHandler(), CancelReminderHandler()]
