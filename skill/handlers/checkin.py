"""The check-in on a return: the launch's "how's your back today?", and "better", "the same" or "worse" said with
no question of a flow on the table (skill/domain/checkin.py decides)."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler, AbstractRequestInterceptor

from skill.domain import checkin as domain
from skill.domain import screening as engine
from skill.domain.clock import parse_time
from skill.handlers import inputs, turns
from skill.handlers import routine as routine_handlers
from skill.handlers import screening as screening_handlers
from skill.render import LEAD_LINE, Reply

SESSION = turns.CHECKIN_MARK         # session["checkin"] = "asked" / "again": the last response asked how the back is
ASKED_NOW = "checkin_asked"          # request attributes: this request answers that question
PAIN_CHANGE = "PainCheckIntent"


def ask_at_launch(handler_input, record: dict) -> bool:
    """Whether this launch asks the check-in (a return on a later day within the episode, once a day); if so,
    the day is remembered in RECORD and the question marked open for the next request."""
    now = inputs.request_time(handler_input)
    rescreen = inputs.content(handler_input).screening["rescreen"]
    if not domain.due(rescreen, first_seen=domain.local_day(parse_time(record.get("first_seen")), now),
                      asked_on=domain.stored_day(record.get(domain.ASKED_ON)), today=now.date()):
        return False
    record[domain.ASKED_ON] = now.date().isoformat()
    inputs.session(handler_input)[SESSION] = domain.ASKED
    return True


class CheckinInterceptor(AbstractRequestInterceptor):
    """The check-in question is open for one turn: its mark moves from the session to this request's
    attributes (ASKED or AGAIN; None when it was not asked), so any answer but the very next one is an ordinary
    request at the menu."""

    def process(self, handler_input):
        if handler_input.request_envelope.session is None:
            return
        asked = handler_input.attributes_manager.session_attributes.pop(SESSION, None)
        handler_input.attributes_manager.request_attributes[ASKED_NOW] = asked if asked in domain.MARKS else None


def _asked_now(handler_input) -> str | None:
    return handler_input.attributes_manager.request_attributes.get(ASKED_NOW)


def _no_flow(handler_input) -> bool:
    return not inputs.session(handler_input).get("flow")


def stretches_ok(handler_input) -> bool:
    """Stretches may be offered: nothing in this conversation or earlier today stops them (advice, a symptom said
    during the stretches, an exclusion said yes: routine_handlers.stretches_refused)."""
    return not routine_handlers.stretches_refused(handler_input)


class BetterOrSameHandler(AbstractRequestHandler):
    """"Better" or "the same" with no question of a flow on the table (the check-in's answer, or said at the menu):
    a short answer and the offer. After the emergency advice in this conversation: that advice again."""

    def can_handle(self, handler_input):
        return (inputs.intent_name(handler_input) == PAIN_CHANGE and _no_flow(handler_input)
                and inputs.slot_id(handler_input, "change") in ("better", "same"))

    def handle(self, handler_input):
        return better_or_same(handler_input, inputs.slot_id(handler_input, "change"))


def _record(handler_input) -> dict:
    try:
        return handler_input.attributes_manager.persistent_attributes
    except Exception:   # noqa: BLE001 - the store is down: nothing remembered
        return {}


def standing_advice(handler_input) -> domain.Standing:
    """The advice that stands now: this conversation's outcome, else the stored day flags (today's, or an earlier
    day's within the episode)."""
    record, now = _record(handler_input), inputs.request_time(handler_input)
    weeks = int(inputs.content(handler_input).screening["rescreen"]["episode_weeks"])
    flags = {1: domain.EMERGENCY_ADVISED_ON, 2: screening_handlers.BLOCKED_ON, 3: domain.DAYS_ADVISED_ON,
             4: domain.SELF_CARE_ON}
    return domain.standing(inputs.session(handler_input).get("outcome_tier"),
                           days={tier: domain.stored_day(record.get(key)) for tier, key in flags.items()},
                           today=now.date(), episode_weeks=weeks)


REMINDED = "advice_reminded"     # session: the launch said an earlier day's advice for today (not said twice)


def launch_reminder(handler_input) -> str | None:
    """The line a return's welcome says before "better, same, or worse?" when advice for the same day was given on
    an earlier day of the episode (explore6 #29: "if you haven't had it yet, today"), else None."""
    advice = standing_advice(handler_input)
    if advice.tier != 2 or not advice.earlier:
        return None
    if handler_input.request_envelope.session is not None:
        inputs.session(handler_input)[REMINDED] = True
    return domain.AFTER_EARLIER


def emergency_again(handler_input, advice: domain.Standing):
    """The emergency advice again, number first; given on an earlier day, after "when we spoke before, that needed
    emergency help: if you haven't been checked yet, don't wait" (never softened to a doctor today)."""
    if advice.earlier:
        handler_input.attributes_manager.request_attributes[LEAD_LINE] = domain.AFTER_EARLIER_EMERGENCY
    return screening_handlers.emergency_request(handler_input)


def better_or_same(handler_input, change: str):
    """"Better" or "the same": a short answer and the offer; after advice given in this conversation (or a day
    blocked by it, or an earlier day of the episode), that advice again, never softened (review4 #3)."""
    advice = standing_advice(handler_input)
    if advice.tier == 1:
        return emergency_again(handler_input, advice)     # told to call: that again, not "good" (review5 #1)
    if advice.tier == 2:
        # advice for today stands: said again, never softened to "a week or two" (review4 #3); given on an earlier
        # day: if not had yet, today (no stretches until then: brief tier 2)
        reply = Reply(handler_input)
        if not (advice.earlier and inputs.session(handler_input).get(REMINDED)):    # not just said at the welcome
            reply.say(domain.AFTER_EARLIER if advice.earlier else domain.AFTER_TODAY)
        return reply.say(domain.OFFER_NO_STRETCHES).ask()
    lines = domain.reply(change, stretches_ok=stretches_ok(handler_input), episode_days=_episode_days(handler_input))
    if advice.tier == 3:
        lines = [domain.AFTER_DAYS] + lines[1:]       # "see someone in the next few days" stands
    elif lines[0] == domain.SAME_WEEKS and handler_input.request_envelope.session is not None:
        inputs.session(handler_input)["outcome_tier"] = domain.SAME_WEEKS_TIER   # that advice stands from now on
        _record(handler_input)[domain.DAYS_ADVISED_ON] = inputs.request_time(handler_input).date().isoformat()
    reply = Reply(handler_input)
    for key in lines:
        reply.say(key)
    return reply.ask()


def _episode_days(handler_input) -> int | None:
    """Days since the first use (the stored record), on the person's own clock, within the episode; None when not
    known."""
    record, now = _record(handler_input), inputs.request_time(handler_input)
    weeks = int(inputs.content(handler_input).screening["rescreen"]["episode_weeks"])
    return domain.episode_days(domain.local_day(parse_time(record.get("first_seen")), now), now.date(), weeks)


def worse_at_checkin(handler_input):
    """"Worse" to the check-in: sorry, then the red-flag questions (the urgent ones first), with pain getting
    worse kept as a reason to see a doctor within days."""
    content = inputs.content(handler_input)
    state, step = engine.begin(content, domain.WORSE_MEANS, known=inputs.known_exclusions(handler_input))
    return screening_handlers.respond(handler_input, state, step.first(domain.WORSE))


class CheckinAnswerHandler(AbstractRequestHandler):
    """The check-in owns its turn (skill/handlers/turns.py CHECKIN_QUESTION, review4 #2): whatever answers it
    ("better", "the same", "worse", "not good", "no", "not really", "yes", words not understood) is read as an
    answer, never a goodbye. A change said is acted on; "not better" ("not good", "no", "awful") gets sorry and
    "is it worse than before?" (yes: worse, the red-flag questions; no: the same); nothing said asks once more,
    then the offer.
    "Repeat" asks it again. A symptom, an emergency request, stop, and any other request keep their handlers."""

    def can_handle(self, handler_input):
        if _asked_now(handler_input) is None or not _no_flow(handler_input):
            return False
        return turns.outcome(turns.CHECKIN_QUESTION, inputs.intent_name(handler_input)) in (turns.ANSWER,
                                                                                           turns.AGAIN)

    def handle(self, handler_input):
        asked, intent = _asked_now(handler_input), inputs.intent_name(handler_input)
        if turns.outcome(turns.CHECKIN_QUESTION, intent) == turns.AGAIN:
            inputs.session(handler_input)[SESSION] = asked
            return Reply(handler_input).say(domain.ASK_WORSE if asked == domain.WORSE_Q else domain.ASK).ask()
        words = (inputs.slot_value(handler_input, "change") if intent == PAIN_CHANGE
                 else handler_input.attributes_manager.request_attributes.get(inputs.ANSWER_WORDS))
        meaning = domain.answer_meaning(intent, inputs.slot_id(handler_input, "change"), words, asked)
        if meaning == "worse":
            return worse_at_checkin(handler_input)
        if meaning in domain.CHANGES:
            return better_or_same(handler_input, meaning)
        line, mark = domain.after_miss(meaning, asked, bare_no=intent == domain.NO_INTENT and not words)
        if line == domain.LEAVE_IT:
            offer = domain.OFFER if stretches_ok(handler_input) else domain.OFFER_NO_STRETCHES
            return Reply(handler_input).say(domain.LEAVE_IT).say(offer).ask()
        inputs.session(handler_input)[SESSION] = mark
        return Reply(handler_input).say(line).ask()


class ChangeUnclearHandler(AbstractRequestHandler):
    """A pain change heard without which one ("it's loosened up a bit" can reach the skill with no value; "seven out
    of ten", "could be better": PainReportIntent, which the frame's first interceptor makes this) and no flow: which
    one, asked as the check-in (so "worse" then is the red-flag path)."""

    def can_handle(self, handler_input):
        return (inputs.intent_name(handler_input) in (PAIN_CHANGE, turns.PAIN_REPORT_INTENT) and _no_flow(handler_input)
                and inputs.slot_id(handler_input, "change") not in domain.CHANGES)

    def handle(self, handler_input):
        session = inputs.session(handler_input)
        session[SESSION] = domain.ASKED
        said = inputs.slot_value(handler_input, "score")
        if said and said.isdigit() and int(said) in routine_handlers.domain.SCORE_RANGE:
            # "my pain is an eight out of ten" (explore7 #8): the score said back, never "sorry", and kept, so the
            # stretches' pain check can compare with it; then which way it has gone
            session[routine_handlers.SCORE] = int(said)
            return Reply(handler_input).say("routine.pain_score.noted", score=int(said)).say(domain.ASK).ask()
        return Reply(handler_input).say(domain.UNCLEAR).ask()


REQUEST_INTERCEPTORS = [CheckinInterceptor()]
HANDLERS = [CheckinAnswerHandler(), BetterOrSameHandler(), ChangeUnclearHandler()]
