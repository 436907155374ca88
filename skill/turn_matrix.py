"""The golden intent x state -> outcome matrix: every intent of the en-US model played in every conversation state
of skill/handlers/turns.py through the real skill (in process, a store in memory), so any routing change shows up
in review as a change to tests/fixtures/turn_matrix.yaml.

    spasm-coach turns matrix            # rewrite the fixture
    spasm-coach turns matrix --check    # exit 1 when the skill no longer matches it
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
import uuid
from pathlib import Path

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from skill.handlers import turns

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "turn_matrix.yaml"
APP_ID = "amzn1.ask.skill.turn-matrix"
USER_ID = "amzn1.ask.account.TURNS"
LOCALE = "en-US"
# One way to fill each intent's slots: (words heard, resolved id or None).
SLOTS = {"StartTherapyIntent": {"therapy": ("ice", "ice")}, "StopTherapyIntent": {"therapy": ("ice", "ice")},
         "ReportSymptomIntent": {"symptom": ("a fever", "fever")}, "PainCheckIntent": {"change": ("worse", "worse")},
         "SetReminderIntent": {}, "CancelReminderIntent": {},
         "HealthInfoIntent": {"condition": ("I'm diabetic", "diabetes")},
         "SkinReactionIntent": {"skin": ("red", "red"), "therapy": ("heat pad", "heat")}}
LAUNCH = "LaunchRequest"           # a setup step that opens the skill ("open spasm coach") rather than an intent
# The tier-1 questions asked before the first stretches of a day, answered no.
GATE = [("AMAZON.NoIntent", {})] * 8
# The routine's own exclusion questions (under 16, pregnant, a recent spine procedure), answered no.
EXCLUSIONS = [("AMAZON.NoIntent", {})] * 3
# How each state is reached from a new session of a new user: the intents said, in order.
SETUPS = {
    turns.NONE: [("AMAZON.HelpIntent", {})],
    turns.SCREENING_QUESTION: [("StartScreeningIntent", {})],
    turns.SCREENING_CLARIFY: [("ReportSymptomIntent", {"symptom": ("I can't walk", "cant_walk")})],
    turns.ROUTINE_QUESTION: [("StartRoutineIntent", {}), *GATE],
    turns.ROUTINE_PAIN_CHECK: [("StartRoutineIntent", {}), *GATE, *EXCLUSIONS],
    turns.ROUTINE_EXERCISE: [("StartRoutineIntent", {}), *GATE, *EXCLUSIONS,
                             ("PainCheckIntent", {"change": ("better", "better")})],
    turns.THERAPY_QUESTION: [("StartTherapyIntent", {"therapy": ("heat", "heat")})],
    turns.PERMISSION_PENDING: [("StartTherapyIntent", {"therapy": ("ice", "ice")}), ("AMAZON.NoIntent", {})],
    turns.FORGET_CONFIRM: [("ForgetMeIntent", {})],
    turns.EMERGENCY_OFFER: [("EmergencyIntent", {})],
    turns.CHECKIN_QUESTION: [(LAUNCH, {})],
}
# Every request of the matrix carries this time (midday in New York), so the matrix never depends on the day it is
# built: the check-in's "a later day" once failed an hour a year, on the 25-hour day the clocks go back.
CLOCK = dt.datetime(2026, 12, 1, 17, 0, tzinfo=dt.timezone.utc)


def _the_day_before(now: dt.datetime) -> str:
    """Noon of the day before NOW on the locale's clock, as the store keeps it: a day earlier whatever the day's
    length (now - 24 h is the same day late on a 25-hour day)."""
    import zoneinfo
    from skill.locality import LOCALE_ZONES
    zone = zoneinfo.ZoneInfo(LOCALE_ZONES[LOCALE])
    noon = dt.datetime.combine(now.astimezone(zone).date() - dt.timedelta(days=1), dt.time(12), zone)
    return noon.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# What the store holds for a state before its setup: the check-in is asked at a launch on a later day of the episode.
RECORDS = {turns.CHECKIN_QUESTION: lambda now: {"first_seen": _the_day_before(now)}}


class MemoryStore(AbstractPersistenceAdapter):
    """A store in memory, one record per user."""

    def __init__(self):
        self.records: dict[str, dict] = {}

    def get_attributes(self, request_envelope):
        return copy.deepcopy(self.records.get(request_envelope.context.system.user.user_id, {}))

    def save_attributes(self, request_envelope, attributes):
        self.records[request_envelope.context.system.user.user_id] = copy.deepcopy(attributes)

    def delete_attributes(self, request_envelope):
        self.records.pop(request_envelope.context.system.user.user_id, None)


def _slot(name: str, words: str, value_id: str | None) -> dict:
    slot = {"name": name, "value": words, "confirmationStatus": "NONE"}
    if value_id is not None:
        slot["resolutions"] = {"resolutionsPerAuthority": [{
            "authority": f"amzn1.er-authority.echo-sdk.{APP_ID}.{name.upper()}",
            "status": {"code": "ER_SUCCESS_MATCH"}, "values": [{"value": {"name": words, "id": value_id}}]}]}
    return slot


def envelope(intent: str, slots: dict, attributes: dict, *, new: bool, now: dt.datetime = CLOCK) -> dict:
    application, user = {"applicationId": APP_ID}, {"userId": USER_ID}
    stamp = now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "version": "1.0",
        "session": {"new": new, "sessionId": "amzn1.echo-api.session.turns", "application": application,
                    "attributes": attributes, "user": user},
        "context": {"System": {"application": application, "user": user,
                               "device": {"deviceId": "amzn1.ask.device.TURNS", "supportedInterfaces": {}},
                               "apiEndpoint": "http://127.0.0.1:9", "apiAccessToken": "token"}},
        "request": ({"type": LAUNCH, "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}", "timestamp": stamp,
                     "locale": LOCALE} if intent == LAUNCH else
                    {"type": "IntentRequest", "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
                     "timestamp": stamp, "locale": LOCALE,
                     "intent": {"name": intent, "confirmationStatus": "NONE",
                                "slots": {n: _slot(n, *v) for n, v in slots.items()}}}),
    }


class Player:
    """Plays intents through one skill built for the matrix."""

    def __init__(self, now: dt.datetime = CLOCK):
        from skill.builder import build_skill
        from skill.config import Settings
        import random
        settings = Settings.from_env({}, verify="off")
        self.now = now
        self.store = MemoryStore()
        self.skill = build_skill(settings, persistence_adapter=self.store, rng=random.Random(0))

    def play(self, intent: str, slots: dict, attributes: dict, *, new: bool = False) -> tuple[dict, list[str]]:
        from skill.render import collected_keys
        request = self.skill.serializer.deserialize_object(envelope(intent, slots, attributes, new=new, now=self.now),
                                                           RequestEnvelope)
        response = self.skill.invoke(request_envelope=request, context=None)
        return self.skill.serializer.serialize(response), collected_keys()

    def reach(self, state: str) -> dict:
        """The session attributes of STATE, reached by playing its setup from a new session."""
        attributes: dict = {}
        self.store.records.clear()              # a new user each time
        if state in RECORDS:
            self.store.records[USER_ID] = RECORDS[state](self.now)
        for index, (intent, slots) in enumerate(SETUPS[state]):
            body, _ = self.play(intent, slots, attributes, new=index == 0)
            attributes = body.get("sessionAttributes") or {}
        if turns.state_of(attributes) != state:
            raise RuntimeError(f"setup for {state} reached {turns.state_of(attributes)}: {attributes}")
        return attributes


def model_intents() -> list[str]:
    model = json.loads((ROOT / "interaction_models" / f"{LOCALE}.json").read_text(encoding="utf-8"))
    return sorted(i["name"] for i in model["interactionModel"]["languageModel"]["intents"])


def _question(state: str, attributes: dict):
    """What is on the table in STATE (to tell "kept" from "moved"): the screening index and phase, the routine's
    step, the therapy question."""
    if state in turns.SCREENING_STATES:
        screening = attributes.get("screening") or {}
        return screening.get("phase"), screening.get("question_index")
    if state.startswith("routine"):
        routine = attributes.get("routine") or {}
        return routine.get("awaiting"), routine.get("exercise_index")
    if state in (turns.THERAPY_QUESTION, turns.PERMISSION_PENDING):
        return (attributes.get("therapy") or {}).get("awaiting")
    if state == turns.CHECKIN_QUESTION:
        return state                            # asked again ("the same, or worse?") is the same question
    return attributes.get("flow")


def observe(before_state: str, before: dict, body: dict, keys: list[str]) -> str:
    """kept: the same question still on the table; moved: another step of the same flow; outcome: a screening
    outcome was said; left: the state was left."""
    after = body.get("sessionAttributes") or {}
    open_ = not (body.get("response") or {}).get("shouldEndSession", False)
    if any(k.startswith("screening.outcome.") for k in keys):
        return "outcome"
    after_state = turns.state_of(after) if open_ else turns.NONE
    if after_state == before_state and before_state != turns.NONE:
        return "kept" if _question(before_state, before) == _question(after_state, after) else "moved"
    if before_state in turns.SCREENING_STATES and after_state in turns.SCREENING_STATES:
        return "moved"
    return "left"


def build() -> dict:
    player = Player()
    intents = model_intents()
    matrix: dict = {}
    for state in turns.STATES:
        before = player.reach(state)
        stored = copy.deepcopy(player.store.records)
        row = {}
        for intent in intents:
            player.store.records = copy.deepcopy(stored)    # each cell from the same stored record
            body, keys = player.play(intent, SLOTS.get(intent, {}), copy.deepcopy(before))
            row[intent] = {"outcome": turns.outcome(state, intent), "observed": observe(state, before, body, keys),
                           "keys": keys}
        matrix[state] = row
    return matrix


# Words that are no answer to a red-flag question, as Alexa can deliver them in any custom slot of any intent
# (ER_SUCCESS_NO_MATCH): a question asked, a remark about another question, the back's own pain, an aside. The
# golden matrix plays each intent with one filling only, so words reaching the answer reader were never played
# (explore6 #2: "is sex ok with a bad back" was read as a no and the saddle question was never asked again).
NO_ANSWER_WORDS = ("is sex okay with a bad back", "sex is that okay", "my sex life is fine", "my back is sore",
                   "is it a slipped disc", "what about work is that okay")


def custom_slots() -> dict[str, list[str]]:
    """intent -> the names of its slots of a custom type (the ones that can carry any words)."""
    model = json.loads((ROOT / "interaction_models" / f"{LOCALE}.json").read_text(encoding="utf-8"))
    return {i["name"]: [s["name"] for s in i.get("slots", ()) if not s["type"].startswith("AMAZON.")]
            for i in model["interactionModel"]["languageModel"]["intents"] if i.get("slots")}


def no_answer_words(state: str = turns.SCREENING_QUESTION, times: int = 2) -> list[dict]:
    """Each of NO_ANSWER_WORDS in each custom slot of each intent but the safety exits, said TIMES in a row at
    STATE: what was observed after each (kept, moved, outcome, left) and the keys said."""
    player = Player()
    before = player.reach(state)
    stored = copy.deepcopy(player.store.records)
    rows = []
    for intent, names in custom_slots().items():
        if intent in turns.STOP + ("EmergencyIntent",):
            continue
        for name in names:
            for words in NO_ANSWER_WORDS:
                player.store.records = copy.deepcopy(stored)
                attributes, seen = copy.deepcopy(before), []
                for _ in range(times):
                    body, keys = player.play(intent, {name: (words, None)}, attributes)
                    seen.append((observe(state, before, body, keys), keys))
                    attributes = body.get("sessionAttributes") or {}
                rows.append({"intent": intent, "slot": name, "words": words, "seen": seen})
    return rows


def dump(matrix: dict) -> str:
    """One line per cell, so a routing change is a one-line diff."""
    lines = ["# Generated by `spasm-coach turns matrix` (skill/turn_matrix.py): every intent in every conversation",
             "# state. outcome: the turn table's word (skill/handlers/turns.py); observed: what the skill did (kept:",
             "# the same question on the table; moved: the flow's next step; outcome: a screening outcome; left: the",
             "# state was left); keys: the response keys said.", ""]
    for state, row in matrix.items():
        lines.append(f"{state}:")
        for intent, cell in row.items():
            keys = ", ".join(cell["keys"])
            lines.append(f"  {intent}: {{outcome: {cell['outcome']}, observed: {cell['observed']}, keys: [{keys}]}}")
    return "\n".join(lines) + "\n"


def add_command(subparsers) -> None:
    turns_parser = subparsers.add_parser("turns", help="the turn ownership table and its golden matrix")
    sub = turns_parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    matrix = sub.add_parser("matrix", help=f"regenerate {FIXTURE.relative_to(ROOT)} (or --check it)")
    matrix.add_argument("--check", action="store_true", help="exit 1 if the skill no longer matches the fixture")
    matrix.set_defaults(func=run_matrix)


def run_matrix(args) -> int:
    import logging
    logging.disable(logging.CRITICAL)            # the emulated API is not there: its errors are expected
    text = dump(build())
    if args.check:
        same = FIXTURE.exists() and FIXTURE.read_text(encoding="utf-8") == text
        print("turn matrix: up to date" if same else f"turn matrix: {FIXTURE} is out of date "
              "(run `spasm-coach turns matrix` and review the diff)", file=sys.stdout if same else sys.stderr)
        return 0 if same else 1
    FIXTURE.write_text(text, encoding="utf-8")
    print(f"wrote {FIXTURE.relative_to(ROOT)}")
    return 0
