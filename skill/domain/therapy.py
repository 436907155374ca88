"""Every ice and heat decision, on plain values: lengths, rest gaps, the chain, the stored record, the flow's
questions; a turn's answer is a Plan (what to say, the timers to set or change) that the handlers carry out."""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace

from skill.domain.clock import iso, parse_time
from skill.plan import Phrase, Speech

MAX_TIMER_SECONDS = 2 * 3600          # the Timers API refuses anything longer
MAX_LABEL_CHARS = 256
PHASES = ("ice", "heat", "rest", "skin_rest")
# Lines said in full the first time (in the conversation, and ever where the store keeps it), then as a short
# reminder: the care line of a start (therapy.care.<therapy>[.short]) and what its timer announces
# (therapy.announce.<therapy>[.short]). The careful heat line (a check answered yes) is always said in full.
TOLD = ("care.ice", "care.heat", "announce.ice", "announce.heat")
# AMAZON.DURATION as Alexa sends it: any field may be a decimal ("PT0.5H", "PT1.5M"), weeks too ("P1W").
_NUM = r"(\d+(?:[.,]\d+)?)"
_ISO_DURATION = re.compile(rf"^P(?:{_NUM}W)?(?:{_NUM}D)?(?:T(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?$")


# -- time ------------------------------------------------------------------------------------------------------

def duration_minutes(value: str | None) -> float | None:
    """AMAZON.DURATION ("PT20M", "PT1H30M", "PT45S", "PT0.5H", "P1D") in minutes; None when absent or unreadable
    ("?", "PT", "PT5X"); see duration_unreadable for telling the two apart."""
    if not isinstance(value, str):
        return None
    m = _ISO_DURATION.match(value.strip().upper())
    if not m or not any(m.groups()):
        return None
    weeks, days, hours, minutes, seconds = (float(g.replace(",", ".")) if g else 0.0 for g in m.groups())
    total = weeks * 10080 + days * 1440 + hours * 60 + minutes + seconds / 60
    return total if 0 < total < math.inf else None   # 400 digits of days make float infinity


def duration_unreadable(value: str | None) -> bool:
    """Whether Alexa sent a duration the skill cannot read ("?" for "for a while", "PT"): say so and ask again,
    rather than quietly using the default length."""
    return isinstance(value, str) and bool(value.strip()) and duration_minutes(value) is None


def minutes_until(later: dt.datetime, now: dt.datetime) -> int:
    """Whole minutes from NOW to LATER, rounded up; 0 once LATER has passed."""
    seconds = (later - now).total_seconds()
    return max(0, math.ceil(seconds / 60 - 1e-9))


# -- lengths ---------------------------------------------------------------------------------------------------

def plan_minutes(settings: dict, requested: float | None) -> dict:
    """The length to set for one therapy: {minutes, capped, short, requested}.

    No length -> the default; over the maximum -> the maximum (capped); under the minimum -> as asked,
    marked short so the caller confirms it first; never under one minute.
    """
    if requested is None:
        return {"minutes": settings["default_minutes"], "capped": False, "short": False, "requested": None}
    asked = max(1, round(requested))
    if asked > settings["max_minutes"]:
        return {"minutes": settings["max_minutes"], "capped": True, "short": False, "requested": asked}
    return {"minutes": asked, "capped": False, "short": asked < settings["min_minutes"], "requested": asked}


def alternating_steps(alternating: dict, per_phase: float | None = None) -> list[dict]:
    """The chain: [{step, phase, minutes, at_minutes}] where at_minutes is when that step ends from the start.

    PER_PHASE (the person's "alternate every ten minutes") replaces the ice and heat lengths, within the
    per-phase maximum; the rest stays as the content says.
    """
    most = alternating.get("max_minutes_per_phase", 20)
    steps, at = [], 0
    for number, step in enumerate(alternating["steps"], start=1):
        minutes = step["minutes"]
        if per_phase is not None and step["phase"] in ("ice", "heat"):
            minutes = min(most, max(1, round(per_phase)))
        at += minutes
        steps.append({"step": number, "phase": step["phase"], "minutes": minutes, "at_minutes": at})
    return steps


# -- the stored record ("therapy" key of the persistent attributes) --------------------------------------------

@dataclass
class Record:
    """The stored record (the "therapy" key of the persistent attributes), parsed once where it is read."""

    active: list = field(default_factory=list)      # [{id, therapy, phase, ends_at, paused?}]
    last_end: dict = field(default_factory=dict)    # {ice|heat: iso}: when that therapy was last on the skin
    today: dict = field(default_factory=dict)       # {date: YYYY-MM-DD, ice: n, heat: n}
    told: list = field(default_factory=list)        # lines said in full once ever (TOLD): short after


    @classmethod
    def parse(cls, raw) -> Record:
        """From the store: every part present; a missing or damaged record (or part, or entry) starts empty."""
        out = cls()
        if isinstance(raw, dict):
            if isinstance(raw.get("active"), list):
                out.active = [dict(a) for a in raw["active"]
                              if isinstance(a, dict) and a.get("id") and parse_time(a.get("ends_at"))]
            if isinstance(raw.get("last_end"), dict):
                out.last_end = {k: v for k, v in raw["last_end"].items() if k in ("ice", "heat") and parse_time(v)}
            if isinstance(raw.get("today"), dict):
                out.today = copy.deepcopy(raw["today"])
            if isinstance(raw.get("told"), list):
                out.told = [name for name in TOLD if name in raw["told"]]
        return out

    def copy(self) -> Record:
        return Record([dict(a) for a in self.active], dict(self.last_end), copy.deepcopy(self.today),
                      list(self.told))

    def as_dict(self) -> dict:
        """For the store."""
        out = {"active": [dict(a) for a in self.active], "last_end": dict(self.last_end),
               "today": copy.deepcopy(self.today)}
        if self.told:
            out["told"] = list(self.told)
        return out


def reconcile(record: Record, live: dict | None, now: dt.datetime) -> Record:
    """Drop stored timers that have ended or that Alexa no longer has.

    LIVE: timer id -> its trigger time (running) or the time it has left (a timedelta: paused); None = unknown.
    An ice or heat phase that ended records its end time (the stored end, or now if it was cancelled early).
    """
    out = record.copy()
    keep = []
    for entry in out.active:
        value = live.get(entry["id"]) if live is not None else None
        if isinstance(value, dt.timedelta):                  # paused: its end moves on with the clock
            entry.update(ends_at=iso(now + value), paused=True)
            keep.append(entry)
            continue
        if live is None and entry.get("paused"):
            keep.append(entry)
            continue
        ends = parse_time(entry["ends_at"])
        gone = ends <= now or (live is not None and value is None)
        if not gone:
            if value is not None:
                entry["ends_at"] = iso(value)
                entry.pop("paused", None)
            keep.append(entry)
            continue
        if entry.get("phase") in ("ice", "heat"):
            _set_last_end(out, entry["phase"], min(ends, now))
    out.active = keep
    return out


def _set_last_end(record: Record, therapy: str, when: dt.datetime) -> None:
    current = parse_time(record.last_end.get(therapy))
    if current is None or when > current:
        record.last_end[therapy] = iso(when)


def running(record: Record, therapy: str | None = None) -> list[dict]:
    """Stored active timers, soonest first; only those that are (or are part of) THERAPY when given."""
    entries = sorted(record.active, key=lambda a: a["ends_at"])
    if therapy is None:
        return entries
    return [a for a in entries if a.get("therapy") == therapy or (a.get("therapy") == "alternating"
                                                                   and therapy in ("ice", "heat"))]


def rest_left(record: Record, therapy: str, settings: dict, now: dt.datetime) -> int:
    """Minutes of skin rest still needed before THERAPY again (0 when it is fine now)."""
    last = parse_time(record.last_end.get(therapy))
    if last is None:
        return 0
    return minutes_until(last + dt.timedelta(minutes=settings["min_gap_minutes"]), now)


def count_today(record: Record, therapy: str, now: dt.datetime) -> int:
    today = record.today
    return int(today.get(therapy, 0)) if today.get("date") == now.date().isoformat() else 0


def over_daily_limit(record: Record, therapy: str, settings: dict, now: dt.datetime) -> bool:
    limit = settings.get("max_sessions_per_day")
    return bool(limit) and count_today(record, therapy, now) >= limit


def kept_for_the_skin(record: Record, rules: dict, now: dt.datetime) -> dict | None:
    """What "delete my data" keeps of RECORD, for the skin's safety only: the timers still stored as on, the end of a
    round still inside its rest gap, and today's count of rounds (explore6 #10: otherwise a new round could start a
    minute after the last). None when nothing is needed; everything else (the lines said, older ends) goes."""
    kept = Record(active=[dict(entry) for entry in record.active])
    for therapy, ended in record.last_end.items():
        gap = rules["therapies"][therapy]["min_gap_minutes"]
        if parse_time(ended) + dt.timedelta(minutes=gap) > now:
            kept.last_end[therapy] = ended
    if record.today.get("date") == now.date().isoformat():
        kept.today = copy.deepcopy(record.today)
    return kept.as_dict() if kept.active or kept.last_end or kept.today else None


def record_told(record: Record, names) -> Record:
    """RECORD with the TOLD lines NAMES said in full (from now on, their short forms)."""
    out = record.copy()
    out.told = [name for name in TOLD if name in out.told or name in names]
    return out


def record_started(record: Record, entries: list[dict], now: dt.datetime, *, count: bool = True) -> Record:
    """Add ENTRIES ({id, therapy, phase, ends_at}) to the active list and count today's ice and heat sessions
    (COUNT false: timers set again for a session already counted, such as a chain moved on)."""
    out = record.copy()
    date = now.date().isoformat()
    if out.today.get("date") != date:
        out.today = {"date": date}
    for entry in entries:
        out.active.append({k: entry[k] for k in ("id", "therapy", "phase", "ends_at")})
        if count and entry["phase"] in ("ice", "heat"):
            out.today[entry["phase"]] = int(out.today.get(entry["phase"], 0)) + 1
    return out


def adopt(record: Record, live: dict, labels: dict, kinds: dict, now: dt.datetime) -> Record:
    """Add the skill's running timers the record missed (set, then the request failed before it was saved).

    LIVE: timer id -> trigger time or time left (paused); LABELS: timer id -> its label; KINDS: label ->
    (therapy, phase), from the labels the skill sets. A timer with a label the skill does not set is left alone.
    """
    out = record.copy()
    known = {entry["id"] for entry in out.active}
    found = []
    for timer_id, value in live.items():
        kind = kinds.get(labels.get(timer_id))
        if timer_id in known or kind is None:
            continue
        paused = isinstance(value, dt.timedelta)
        found.append({"id": timer_id, "therapy": kind[0], "phase": kind[1],
                      "ends_at": iso(now + value if paused else value), "paused": paused})
    out = record_started(out, found, now)
    for entry in out.active:
        if any(f["id"] == entry["id"] and f["paused"] for f in found):
            entry["paused"] = True
    return out


def forget(record: Record, entries: list[dict], *, counted: bool = True) -> Record:
    """Remove ENTRIES without recording an end (a chain taken back before anything was on the skin); when they
    were COUNTED in today's sessions, take them off the count too."""
    out = record.copy()
    ids = {entry["id"] for entry in entries}
    out.active = [entry for entry in out.active if entry["id"] not in ids]
    for entry in entries:
        phase = entry.get("phase")
        if counted and phase in ("ice", "heat") and out.today.get(phase):
            out.today[phase] = int(out.today[phase]) - 1
    return out


def record_stopped(record: Record, ids, now: dt.datetime) -> Record:
    """Remove the timers IDS; an ice or heat phase that was on (its time not yet reached) ends now."""
    out = record.copy()
    ids = set(ids)
    keep = []
    for entry in out.active:
        if entry["id"] not in ids:
            keep.append(entry)
            continue
        if entry.get("phase") in ("ice", "heat") and _phase_was_on(entry, out.active, now):
            _set_last_end(out, entry["phase"], min(parse_time(entry["ends_at"]), now))
    out.active = keep
    return out


def _phase_was_on(entry: dict, active: list[dict], now: dt.datetime) -> bool:
    """A chained phase is on only once the step before it has ended."""
    if entry.get("therapy") != "alternating":
        return True
    earlier = [a for a in active if a.get("therapy") == "alternating" and a["ends_at"] < entry["ends_at"]]
    return all(parse_time(a["ends_at"]) <= now for a in earlier)


# -- status ----------------------------------------------------------------------------------------------------

def status(record: Record, now: dt.datetime) -> list[dict]:
    """What is running now, one item per single timer and one for an alternating chain:
    [{kind: single|alternating|skin_rest, therapy, phase, minutes_left, seconds_left}], soonest first."""
    items = []
    chain = [a for a in running(record) if a.get("therapy") == "alternating"]
    for entry in running(record):
        if entry.get("therapy") == "alternating":
            continue
        kind = "skin_rest" if entry.get("phase") == "skin_rest" else "single"
        items.append(_item(kind, entry, entry["therapy"], now))
    if chain:
        items.append(_item("alternating", chain[0], "alternating", now))
    return sorted(items, key=lambda i: i["seconds_left"])


def _item(kind, entry, therapy, now) -> dict:
    ends = parse_time(entry["ends_at"])
    seconds = max(0, int((ends - now).total_seconds()))
    return {"kind": kind, "therapy": therapy, "phase": entry["phase"], "seconds_left": seconds,
            "minutes_left": minutes_until(ends, now), "paused": bool(entry.get("paused"))}


def blocking(record: Record, wanted: str, now: dt.datetime) -> dict | None:
    """The status item that stops WANTED (ice | heat | alternating) from starting now, or None.

    One thing on the skin at a time: a chain blocks any start; a single ice or heat timer blocks any other start
    too (heat straight onto skin still numb from the ice is a burn risk; "switch" is: stop it, rest, then start).
    """
    items = status(record, now)
    chain = [item for item in items if item["kind"] == "alternating"]
    singles = sorted((item for item in items if item["kind"] == "single"), key=lambda i: i["therapy"] != wanted)
    return (chain + singles)[0] if chain or singles else None


def switch_rest_left(record: Record, therapy: str, rules: dict, now: dt.datetime) -> tuple[str, int] | None:
    """(the other therapy, minutes of rest still needed) when THERAPY comes too soon after the other one ended,
    else None. The rest is the one rule for the skin (explore4 F16): THERAPY's min_gap_minutes after the last round,
    whichever it was (the alternating chain's rest step is the same hour)."""
    rest = rules["therapies"][therapy]["min_gap_minutes"]
    other = "heat" if therapy == "ice" else "ice"
    last = parse_time(record.last_end.get(other))
    if last is None or not rest:
        return None
    left = minutes_until(last + dt.timedelta(minutes=rest), now)
    return (other, left) if left else None


def set_paused(record: Record, ids, paused: bool, now: dt.datetime) -> Record:
    """Mark the timers IDS paused (their end floats) or running again (their end is now plus what was left)."""
    out = record.copy()
    ids = set(ids)
    for entry in out.active:
        if entry["id"] in ids:
            if paused:
                entry["paused"] = True
            else:
                entry.pop("paused", None)
    return out


# -- stopping ----------------------------------------------------------------------------------------------------

def stop_plan(record: Record, therapy: str | None, now: dt.datetime) -> dict:
    """What "stop" (THERAPY named or not) means now: {outcome, delete: [ids], create: [{phase, minutes}], ...}.

    outcomes: none; single (timers of THERAPY, or everything when none is named); chain (the whole chain);
    ice_early (the ice part of a chain ends now; the rest and heat are set again from now); ice_over (the ice
    part is already done: nothing changes); no_heat (the heat part is dropped; ice still on: a plain ice timer
    for the time it had left).
    """
    entries = running(record)
    chain = [a for a in entries if a.get("therapy") == "alternating"]
    singles = [a for a in entries if a.get("therapy") != "alternating"]
    if therapy is None:
        if not entries:
            return {"outcome": "none", "delete": [], "create": []}
        outcome = "chain" if chain and not [s for s in singles if s["phase"] != "skin_rest"] else "single"
        return {"outcome": outcome, "delete": [a["id"] for a in entries], "create": [], "stopped": entries}
    mine = [a for a in singles if a.get("therapy") == therapy]
    if mine:
        return {"outcome": "single", "delete": [a["id"] for a in mine], "create": [], "stopped": mine}
    if not chain:
        return {"outcome": "none", "delete": [], "create": []}
    phase = chain[0]["phase"]
    ends = {a["phase"]: parse_time(a["ends_at"]) for a in chain}
    ids = [a["id"] for a in chain]
    if therapy == "heat" and phase == "heat":
        return {"outcome": "chain", "delete": ids, "create": [], "stopped": chain}
    if therapy == "heat":
        create = [{"phase": "ice", "seconds": (ends["ice"] - now).total_seconds()}] if phase == "ice" else []
        return {"outcome": "no_heat", "phase": phase, "delete": ids, "create": create, "stopped": chain}
    if phase != "ice":
        return {"outcome": "ice_over", "phase": phase, "delete": [], "create": [],
                "seconds_left": max(0, int((ends[phase] - now).total_seconds()))}
    # The chain's phases last whole minutes; the gaps between the stored ends may carry the second or so that
    # passed between setting one timer and the next, which must not make "20 minutes" into "21".
    rest = _whole_minutes(ends["rest"] - ends["ice"]) if "rest" in ends else 0
    heat = _whole_minutes(ends["heat"] - ends.get("rest", ends["ice"])) if "heat" in ends else 0
    create = [{"phase": "rest", "seconds": rest}] if rest > 0 else []
    if heat > 0:
        create.append({"phase": "heat", "seconds": rest + heat})
    return {"outcome": "ice_early", "delete": ids, "create": create, "stopped": chain, "rest_seconds": rest}


def _whole_minutes(span: dt.timedelta) -> float:
    """SPAN in seconds, to the nearest whole minute."""
    return round(span.total_seconds() / 60) * 60.0


# -- timer payloads --------------------------------------------------------------------------------------------

def timer_payload(label: str, minutes: float, announcements: dict[str, str]) -> dict:
    """A create-timer body as the Timers API takes it: visible, labelled, ANNOUNCE per locale, at most 2 hours."""
    seconds = int(round(minutes * 60))
    if not 0 < seconds <= MAX_TIMER_SECONDS:
        raise ValueError(f"a timer runs from 1 second to 2 hours, not {minutes} minutes")
    if not label or len(label) > MAX_LABEL_CHARS:
        raise ValueError(f"a timer label is 1 to {MAX_LABEL_CHARS} characters: {label!r}")
    if not announcements or not all(text for text in announcements.values()):
        raise ValueError("an ANNOUNCE timer needs text for at least one locale")
    return {
        "duration": iso_duration(seconds),
        "timerLabel": label,
        "creationBehavior": {"displayExperience": {"visibility": "VISIBLE"}},
        "triggeringBehavior": {
            "operation": {"type": "ANNOUNCE",
                          "textToAnnounce": [{"locale": loc, "text": text} for loc, text in announcements.items()]},
            "notificationConfig": {"playAudible": True},
        },
    }


def iso_duration(seconds: int) -> str:
    """PT1H5M, PT15M, PT30S."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")


# -- the heat check (answers live in the session only) ---------------------------------------------------------

def next_check_question(checks: dict, therapy: str, index: int) -> dict | None:
    """The check question at INDEX for THERAPY, or None when they are all answered."""
    questions = (checks.get(therapy) or {}).get("questions") or []
    return questions[index] if 0 <= index < len(questions) else None


# -- spoken times ----------------------------------------------------------------------------------------------

def time_phrase(minutes: float | None = None, *, seconds: float | None = None) -> Phrase:
    """'less than a minute', 'one minute', '12 minutes', 'an hour', '2 hours' (a line the renderer fills in)."""
    if seconds is not None and seconds < 60:
        return Phrase("therapy.time.under_minute")
    if minutes is None:
        minutes = -(-int(seconds) // 60)
    minutes = int(round(minutes))
    if minutes == 1:
        return Phrase("therapy.time.one_minute")
    if minutes == 60:
        return Phrase("therapy.time.one_hour")
    if minutes > 60 and minutes % 60 == 0:
        return Phrase("therapy.time.hours", {"hours": minutes // 60})
    return Phrase("therapy.time.minutes", {"minutes": minutes})


def gaps(rules: dict, therapy: str) -> dict:
    """The rest between rounds as every line says it: {min_gap: 'an hour', better_gap: '2 hours'}."""
    s = rules["therapies"][therapy]
    return {"min_gap": time_phrase(s["min_gap_minutes"]), "better_gap": time_phrase(s["recommended_gap_minutes"])}


# -- the request, the conversation, what the shell read --------------------------------------------------------

THERAPIES = ("ice", "heat")
KINDS = ("start", "alternate", "skin_rest", "status", "stop", "pause", "resume")
CHECKING = ("status", "stop", "pause", "resume")     # kinds that only look after timers already set
QUESTIONS = ("check", "short", "rest_offer", "cautious_offer", "type", "length",   # what the flow can wait on
             "stop_offer", "switch_offer", "offer")
# The questions yes or no answer ("how many minutes?": yes or not sure is the usual length, no is no timer).
YES_NO = ("check", "short", "rest_offer", "cautious_offer", "length", "type", "stop_offer", "switch_offer", "offer")
CHECKED = ("clear", "caution")                       # the heat check's result, once answered (no yes / a yes)


SAY_REQUESTED_MINUTES = 120     # a longer length asked for is not said back in minutes ("a week": 10080)
# A bare number heard as "one" with no unit ("the warm one", "the cold one", "ice, one please") is the pronoun or a
# count, never a length: a one-minute timer is nobody's wish (explore6 #22). "For one minute" is a duration.
NOT_A_LENGTH = 1


def _minutes(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        return None
    return value


@dataclass(frozen=True)
class Request:
    """What the person asked for, carried through the flow's questions and the permission's AskFor token."""

    kind: str                         # one of KINDS
    therapy: str | None = None        # ice | heat (a start waiting for "ice or heat?" has none yet)
    minutes: float | None = None      # the length asked for (a skin rest: its length)
    confirmed: bool = False           # a short length already confirmed

    @classmethod
    def parse(cls, raw) -> Request | None:
        """From session or token data; None when it is not a request (unknown kind, wrong types)."""
        if not isinstance(raw, dict) or raw.get("kind") not in KINDS:
            return None
        therapy = raw.get("therapy") if raw.get("therapy") in THERAPIES else None
        return cls(raw["kind"], therapy, _minutes(raw.get("minutes")), raw.get("confirmed") is True)

    @property
    def runnable(self) -> bool:
        """Complete enough to carry out: a start or a skin rest knows its therapy."""
        return self.kind in CHECKING + ("alternate",) or self.therapy is not None

    @property
    def therapies(self) -> tuple:
        """What it puts on the skin, in order: the checks before it are asked in this order."""
        if self.kind == "alternate":
            return THERAPIES
        return (self.therapy,) if self.kind == "start" and self.therapy in THERAPIES else ()

    def as_dict(self) -> dict:
        out = {"kind": self.kind, "therapy": self.therapy, "minutes": self.minutes}
        if self.confirmed:
            out["confirmed"] = True
        return out


@dataclass
class Conversation:
    """The flow's session state (session["therapy"]): the question open, the request it carries, and what this
    conversation has learnt (the checks' results, whether the cold caution was said). Session only."""

    awaiting: str | None = None       # one of QUESTIONS, or "permission"
    pending: Request | None = None
    check: str | None = None          # the check open: heat | ice (awaiting "check")
    check_index: int = 0
    unsure: bool = False              # one "not sure" to an offer already
    heat_check: str | None = None     # clear | caution
    ice_check: str | None = None      # clear
    ruled_out: dict = field(default_factory=dict)   # therapy -> the check's line that ruled it out
    declined: list = field(default_factory=list)    # therapies said not wanted ("no ice thanks"): not offered again
    told: list = field(default_factory=list)        # TOLD lines said in full in this conversation

    @classmethod
    def parse(cls, raw) -> Conversation:
        """Validated once: anything damaged or from an older version is dropped (the question is not open)."""
        raw = raw if isinstance(raw, dict) else {}
        awaiting = raw.get("awaiting") if raw.get("awaiting") in QUESTIONS + ("permission",) else None
        pending = Request.parse(raw.get("pending"))
        index = raw.get("check_index")
        index = index if isinstance(index, int) and not isinstance(index, bool) and index >= 0 else 0
        ruled_out = raw.get("ruled_out") if isinstance(raw.get("ruled_out"), dict) else {}
        if awaiting in ("rest_offer", "cautious_offer") and (pending is None or pending.minutes is None):
            awaiting = None                       # an offer without its length cannot be answered
        return cls(awaiting=awaiting if pending is not None or awaiting == "type" else None, pending=pending,
                   check=raw.get("check") if raw.get("check") in THERAPIES else None,
                   check_index=index, unsure=raw.get("unsure") is True,
                   heat_check=raw.get("heat_check") if raw.get("heat_check") in CHECKED else None,
                   ice_check=raw.get("ice_check") if raw.get("ice_check") == "clear" else None,
                   ruled_out={t: v for t, v in ruled_out.items() if t in THERAPIES and isinstance(v, str)},
                   told=[name for name in TOLD if isinstance(raw.get("told"), list) and name in raw["told"]],
                   declined=[t for t in THERAPIES if isinstance(raw.get("declined"), list) and t in raw["declined"]])

    def checked(self, therapy: str) -> bool:
        """Whether THERAPY's check has been answered in this conversation."""
        return (self.heat_check if therapy == "heat" else self.ice_check) is not None or therapy in self.ruled_out

    def results(self) -> dict:
        """The checks' results, as the AskFor token carries them."""
        out = {name: getattr(self, name) for name in ("heat_check", "ice_check") if getattr(self, name)}
        if self.ruled_out:
            out["ruled_out"] = dict(self.ruled_out)
        return out

    def take(self, results: dict) -> None:
        """The checks' results a token carried (validated as the session is), where this conversation has none."""
        carried = Conversation.parse(results)
        self.heat_check = self.heat_check or carried.heat_check
        self.ice_check = self.ice_check or carried.ice_check
        self.ruled_out = {**carried.ruled_out, **self.ruled_out}

    def as_dict(self) -> dict:
        out = {}
        if self.awaiting is not None:
            out["awaiting"] = self.awaiting
        if self.pending is not None:
            out["pending"] = self.pending.as_dict()
        if self.check is not None:
            out["check"] = self.check
        if self.check_index:
            out["check_index"] = self.check_index
        if self.unsure:
            out["unsure"] = True
        if self.told:
            out["told"] = list(self.told)
        if self.declined:
            out["declined"] = list(self.declined)
        out.update(self.results())
        return out


@dataclass(frozen=True)
class Snapshot:
    """Alexa's own list of the skill's timers, as the shell read it: id -> trigger time (running) or time left
    (paused); id -> label; Alexa's time now."""

    live: dict
    labels: dict
    now: dt.datetime


@dataclass
class Facts:
    """Everything a decision needs, as plain values."""

    rules: dict                       # content.therapy
    state: Conversation
    record: Record                    # the stored record, parsed
    granted: bool                     # the timers permission
    snapshot: Snapshot | None = None  # read when the request may touch timers and the permission is there
    error: str | None = None          # why the list could not be read: permission | rejected | unavailable
    label_kinds: dict = field(default_factory=dict)   # every label the skill sets -> (therapy, phase)
    answered: dict = field(default_factory=dict)   # check question id answered yes already ("I'm diabetic") -> its line


@dataclass(frozen=True)
class TimerSpec:
    """One announced timer to set: what it is, its length from now, its label and announcement (lines)."""

    therapy: str                      # ice | heat | alternating
    phase: str                        # ice | heat | rest | skin_rest
    minutes: float
    label: Phrase
    announce: Phrase


@dataclass
class Plan:
    """One answer: what to say, the new conversation state, and the timer work for the shell, in this order:
    store RECORD; delete DELETE (their ends recorded); pause PAUSE or resume RESUME; set CREATE (all or none;
    each recorded the moment Alexa sets it; COUNT: they count as today's sessions)."""

    speech: Speech
    state: Conversation
    flow: str | None = None           # "own": the flow takes Yes/No...; "release": it lets go; None: unchanged
    record: Record | None = None
    delete: list = field(default_factory=list)
    pause: list = field(default_factory=list)
    resume: list = field(default_factory=list)
    create: list = field(default_factory=list)
    count: bool = True
    permissions_card: bool = False    # the Alexa app's permissions card (after rendering: no line's card wins)
    ask_permission: dict | None = None   # ask for the timers permission (AskFor); the token: the request
    missed: bool = False              # the answer was not understood: the question again (skill/handlers/misses.py)
    told: list = field(default_factory=list)   # TOLD lines said in full: stored once the timers are set


def needs_snapshot(request: Request, state: Conversation, granted: bool, check_permission: bool = True) -> bool:
    """Whether run(REQUEST) may read Alexa's timers: a refusal before a check, or the work itself."""
    if any(not state.checked(therapy) for therapy in request.therapies):
        return granted
    return granted or not check_permission


# -- one turn ----------------------------------------------------------------------------------------------------

class _Turn:
    """Builds one Plan from FACTS; the helpers mirror what a turn can do (wait for an answer, finish, say)."""

    def __init__(self, facts: Facts):
        self.facts, self.rules = facts, facts.rules
        self.state = copy.deepcopy(facts.state)
        self.speech = Speech()
        self.flow = None
        self.record = None
        self.work: dict = {}

    # state
    def wait(self, awaiting: str, pending: Request) -> None:
        if self.state.awaiting != awaiting:
            self.state.unsure = False
        self.state.awaiting, self.state.pending = awaiting, pending
        self.flow = "own"

    def finish(self) -> None:
        """Done: keep only what this conversation learnt (the checks), release Yes/No."""
        self.state.awaiting, self.state.pending, self.state.check_index, self.state.unsure = None, None, 0, False
        self.state.check = None
        self.flow = "release"

    # speech
    def say(self, key: str, **params) -> _Turn:
        self.speech.say(key, **params)
        return self

    def plan(self, end: bool | None) -> Plan:
        self.speech.end = end
        return Plan(self.speech, self.state, self.flow, self.record, **self.work)

    def ask(self) -> Plan:
        return self.plan(False)

    def tell(self, key: str | None = None, **params) -> Plan:
        self.finish()
        if key is not None:
            self.say(key, **params)
        return self.plan(True)

    # lines said once in full
    def once(self, key: str) -> str:
        """KEY ("therapy.care.ice", "therapy.announce.heat"...) the first time, in this conversation and (with a
        store) ever; KEY.short after. Marks it said in the session, and in the plan's `told` for the shell to
        store once the timer is set."""
        name = key.removeprefix("therapy.")
        if name in self.state.told or name in self.facts.record.told:
            return f"{key}.short"
        self.state.told = self.state.told + [name]
        self.work.setdefault("told", []).append(name)
        return key

    # content
    def settings(self, therapy: str) -> dict:
        return self.rules["therapies"][therapy]

    def name(self, therapy: str) -> str:
        return self.settings(therapy)["name"]

    def check_question(self, index: int) -> dict | None:
        return next_check_question(self.rules["checks"], self.state.check or "heat", index)

    def ask_check(self, therapy: str, request: Request) -> Plan:
        """THERAPY's check, from its first question; REQUEST waits for it."""
        self.wait("check", request)
        self.state.check, self.state.check_index = therapy, 0
        return self.say(self.check_question(0)["prompt"]).ask()

    def ruled_out_line(self, therapy: str) -> str:
        """The line a check said when it ruled THERAPY out (a line of that check, whatever the session holds)."""
        block = self.rules["checks"][therapy]
        lines = [block["if_yes"]] + [q["if_yes"] for q in block["questions"] if q.get("if_yes")]
        said = self.state.ruled_out.get(therapy)
        return said if said in lines else lines[-1]

    # the timers, as read
    def current(self) -> tuple[dict, dt.datetime]:
        """The stored record against Alexa's list (ended timers dropped, ours it missed added); stored first."""
        snap = self.facts.snapshot
        record = reconcile(self.facts.record, snap.live, snap.now)
        record = adopt(record, snap.live, snap.labels, self.facts.label_kinds, snap.now)
        self.record = record
        return record, snap.now


# -- questions ---------------------------------------------------------------------------------------------------

def _question(turn: _Turn) -> _Turn:
    """Say the question the flow is waiting on (the same words, so the person can answer it)."""
    state, pending = turn.state, turn.state.pending
    if state.awaiting == "check":
        question = turn.check_question(state.check_index) or turn.check_question(0)
        return turn.say(question["prompt"])
    if state.awaiting == "short":
        therapy = pending.therapy or "ice"
        minutes = plan_minutes(turn.settings(therapy), pending.minutes)["minutes"]
        return turn.say("therapy.confirm_short", length=time_phrase(minutes), therapy_name=turn.name(therapy))
    if state.awaiting == STOP_OFFER:
        return turn.say(STOP_OFFER_LINE, therapy_name=turn.name(pending.therapy or "heat"))
    if state.awaiting == SWITCH_OFFER:
        return turn.say("therapy.switch_offer.again", other_name=turn.name(pending.therapy or "ice"))
    if state.awaiting == OFFER:
        therapy = pending.therapy or "ice"
        return turn.say("therapy.offer.again", minutes=turn.settings(therapy)["default_minutes"],
                        therapy_name=turn.name(therapy))
    if state.awaiting == "rest_offer":
        return turn.say("therapy.rest_offer.again", time_left=time_phrase(int(pending.minutes)))
    if state.awaiting == "cautious_offer":
        return turn.say("therapy.check.heat_offer", minutes=pending.minutes)
    if state.awaiting == "length":
        return turn.say("therapy.ask_length", max_minutes=turn.settings(pending.therapy or "ice")["max_minutes"])
    return turn.say("therapy.ask_type")


def ask_type(facts: Facts, minutes: float | None) -> Plan:
    """"Ice or heat?", keeping the length already said."""
    turn = _Turn(facts)
    turn.wait("type", Request("start", None, minutes))
    return turn.say("therapy.ask_type").ask()


def start(facts: Facts, therapy: str | None, minutes: float | None, unreadable: bool = False) -> Plan | Request:
    """"Start the ice (for 20 minutes)": the request to run; no therapy named -> "ice or heat?" (a length said
    earlier, while "ice or heat?" was open, is kept). UNREADABLE: a length was said that is not one ("ice for
    banana minutes"): "how many minutes?" rather than quietly the usual length; the answer keeps the therapy.
    A length alone said while a check question is open ("twenty five minutes" at "is the skin numb?") is kept
    for the therapy asked for, and the question is asked again: it still needs its answer."""
    state = facts.state
    pending = state.pending
    if (therapy not in THERAPIES and minutes is not None and state.awaiting == "check" and pending is not None
            and pending.kind == "start" and pending.therapy in THERAPIES):
        turn = _Turn(facts)
        turn.wait("check", replace(pending, minutes=minutes))
        return _question(turn.say("therapy.check.length_kept")).ask()
    if state.pending is not None and state.awaiting == "length":
        therapy = therapy if therapy in THERAPIES else state.pending.therapy
    elif minutes is None and state.awaiting == "type" and state.pending is not None:
        minutes = state.pending.minutes
    if unreadable and minutes is None:
        return ask_length(facts, therapy if therapy in THERAPIES else None)
    if therapy not in THERAPIES:
        return ask_type(facts, minutes)
    return Request("start", therapy, minutes)


def ask_length(facts: Facts, therapy: str | None) -> Plan:
    """"How many minutes, up to 20?" after a length that could not be read: a misunderstanding (a short re-ask
    the first time; skill/handlers/misses.py escalates the next ones)."""
    turn = _Turn(facts)
    turn.wait("length", Request("start", therapy))
    plan = _question(turn.say("therapy.not_understood.length")).ask()
    plan.missed = True
    return plan


def evidence(facts: Facts) -> Plan:
    """"Ice or heat?" asked as a question: the evidence stance."""
    return _Turn(facts).say(facts.rules["evidence"]["line"]).ask()


OFFER = "offer"                                 # "shall I start a 15 minute ice timer?" after how to use it


def about(facts: Facts, therapy: str, on_now: str | None = None) -> Plan:
    """"How long should I put ice on for?", "what does heat do?": how to use THERAPY, then a timer of its usual
    length offered; only a yes starts it, its check first (explore7 #6: a question never sets a timer). With THERAPY
    on the skin now (ON_NOW): how to use it, and that its timer is on (nothing offered)."""
    turn = _Turn(facts)
    settings = turn.settings(therapy)
    params = {"minutes": settings["default_minutes"], "max_minutes": settings["max_minutes"]}
    if on_now == therapy:
        return turn.tell(f"therapy.about.{therapy}.running", **params)
    turn.wait(OFFER, Request("start", therapy))
    return turn.say(f"therapy.about.{therapy}", **params).ask()


STOP_OFFER = "stop_offer"                       # "shall I cancel your heat timer?" (drowsy with it on)
SWITCH_OFFER = "switch_offer"                   # "shall I cancel the ice now, so you can switch to heat?"
STOP_OFFER_LINE = "therapy.asleep.cancel"


def asleep(facts: Facts, on_now: str | None, named: str | None) -> Plan:
    """"I'm going to sleep with the heat pad on", "I'm drowsy", "I'm nodding off": never asleep with heat or cold on
    the skin. ON_NOW: the therapy on the skin now: take it off now, and "shall I cancel your timer?" (explore6 #5: a
    yes cancels it, a no keeps it); else NAMED, the one said, else both, and the conversation ends: someone about to
    sleep needs the one line."""
    rules = facts.rules["asleep"]
    if on_now in THERAPIES:
        turn = _Turn(facts)
        turn.wait(STOP_OFFER, Request("stop", on_now))
        return turn.say(rules["now"][on_now]).say(STOP_OFFER_LINE, therapy_name=turn.name(on_now)).ask()
    key = rules["named"][named] if named in THERAPIES else rules["either"]
    return _Turn(facts).tell(key)


# Said at an open question, these are no answer to it and never leave it (explore4 F14): the question stays on the
# table, after a line. "again": a step word ("next", "skip", "go back", "start over", "pause", "resume") or a pain
# change that is no answer ("better"); "worse": the pain is getting worse (what to watch for, then the question);
# "number": "what's the emergency number?" (the number, then the question).
# "ack": a bare "okay" at a check (no answer to "is the skin numb?"): what a yes or a no means (to an offer, the yes).
AGAIN, WORSE, NUMBER, ACK = "again", "worse", "number", "ack"
AGAIN_LINES = {AGAIN: "therapy.question.first", WORSE: "therapy.question.worse", NUMBER: "frame.number",
               ACK: "screening.acknowledged"}


def answer(facts: Facts, intent: str) -> Plan | Run:
    """An answer to the open question (INTENT: yes | no | unsure | help | repeat | fallback, or one of AGAIN_LINES,
    which keep the question on the table): what to say, or the request to carry out now."""
    if intent == ACK and facts.state.awaiting != "check":
        intent = "yes"
    if intent in AGAIN_LINES:
        turn = _Turn(facts)
        if turn.state.awaiting == "check" and turn.check_question(turn.state.check_index) is None:
            turn.state.check_index = 0          # past the last question (stale or forged): the check from its start
        return _question(turn.say(AGAIN_LINES[intent])).ask()
    turn, state = _Turn(facts), facts.state
    waiting, pending = state.awaiting, state.pending
    if waiting == "length" and intent in ("yes", "unsure", "no"):
        settings = turn.settings(pending.therapy or "ice")
        if intent == "no":
            return turn.tell("therapy.short_declined", minutes=settings["default_minutes"])
        request = replace(pending, minutes=None)                   # "yes" / "not sure": the usual length
        return Run(state, request) if request.runnable else ask_type(facts, None)
    if waiting == "type" and intent in ("yes", "no"):    # "Would you like ice or heat?" answered yes or no
        if intent == "no":
            return turn.tell("frame.goodbye")
        return ask_type(facts, pending.minutes if pending is not None else None)
    if waiting == "check" and turn.check_question(state.check_index) is None:
        turn.state.check_index = 0              # past the last question (stale or forged): the check from its start
        return _question(turn).ask()
    if intent == "yes" or (intent == "unsure" and waiting == "check"):
        if waiting == "check":
            return _check_yes(turn)
        if pending is None or not pending.runnable:
            turn.finish()
            return turn.say("therapy.ask_type").ask()
        return Run(state, pending)
    if intent == "no":
        return _no(turn)
    return _other_answer(turn, intent)


def _check_yes(turn: _Turn, caution: str | None = None) -> Plan:
    """A yes (or "not sure": the careful reading) to a check question. Ice: no ice. Heat: a question with its own
    line (numb skin, drowsy) rules heat out, nothing offered; any other: heat only on low, briefly, with someone
    checking, offered as such (CAUTION: the line saying why, when the yes was said before the question)."""
    therapy = turn.state.check or "heat"
    question = turn.check_question(turn.state.check_index) or {}
    if therapy == "ice" or question.get("if_yes"):
        turn.state.ruled_out[therapy] = question.get("if_yes") or turn.rules["checks"][therapy]["if_yes"]
        others_out = any(other in turn.state.ruled_out for other in THERAPIES if other != therapy)
        return _instead(turn, therapy, turn.ruled_out_line(therapy), None if others_out else question.get("instead"))
    turn.state.heat_check = "caution"
    offer = Request("start", "heat", turn.settings("heat")["cautious_minutes"], confirmed=True)
    turn.wait("cautious_offer", offer)
    return turn.say(caution or turn.rules["checks"]["heat"]["if_yes"]).say("therapy.check.heat_offer",
                                                                minutes=offer.minutes).ask()


# After a check rules ice or heat out (or the careful heat is declined): what else there is, as a question, so the
# next sentence ("heat then", "what can I do then") is heard. Ice out: heat or stretches; heat out: stretches.
INSTEAD = {"ice": "therapy.instead.ice", "heat": "therapy.instead.heat"}


def declined(facts: Facts, therapy: str) -> Plan:
    """"No ice", "I don't want the heat", "so no heat" with no timer of ours on: THERAPY is not wanted (explore6 #18),
    so any question of it is dropped, and what else there is, asked. After a check ruled anything out in this
    conversation, only stretches or the questions are offered (never the other one to someone the checks stopped)."""
    turn = _Turn(facts)
    turn.finish()
    turn.state.declined = [t for t in THERAPIES if t in turn.state.declined or t == therapy]
    if turn.state.ruled_out or len(turn.state.declined) == len(THERAPIES):
        offer = INSTEAD["heat"]             # neither is on offer: stretches or the questions (explore7 #4)
    else:
        offer = INSTEAD["ice"] if therapy == "ice" else DECLINED_OFFER
    return turn.say(f"therapy.declined.{therapy}").say(offer).ask()


DECLINED_OFFER = "therapy.declined.offer"      # heat declined: ice, stretches or the questions


def _instead(turn: _Turn, therapy: str, line: str, offer: str | None = None) -> Plan:
    """LINE (why THERAPY is skipped), then what else (OFFER, else the usual for THERAPY), asked; nothing of the flow
    is left waiting."""
    turn.finish()
    return turn.say(line).say(offer or INSTEAD[therapy]).ask()


def _other_answer(turn: _Turn, intent: str) -> Plan | Run:
    """Not sure (to an offer, or to "ice or heat?"), help, words not understood, "what?"."""
    facts, state, waiting = turn.facts, turn.state, turn.state.awaiting
    if intent == "unsure":
        if waiting == "type":
            return turn.say(facts.rules["evidence"]["line"]).say("therapy.ask_type").ask()
        if state.unsure:
            return _no(turn)
        turn.state.unsure = True
        return _question(turn.say("therapy.unsure.offer")).ask()
    if intent == "help":
        key = {"check": "therapy.help.check.ice" if state.check == "ice" else "therapy.help.check",
               "type": "therapy.help.type", "length": "therapy.help.length"}.get(waiting, "therapy.help.offer")
        return _question(turn.say(key)).ask()
    if intent == "fallback":
        plan = _question(turn.say("therapy.not_understood.type" if waiting in ("type", "length")
                                  else "therapy.not_understood")).ask()
        plan.missed = True
        return plan
    return _question(turn).ask()                       # repeat


def gave_up(facts: Facts) -> Plan:
    """The third misunderstanding in a row: the question is dropped, nothing is set; the words are the
    caller's (skill/handlers/misses.py)."""
    return _Turn(facts).tell()


def _no(turn: _Turn) -> Plan | Run:
    """The answer no (or a second "not sure" to an offer: nothing starts without a clear yes)."""
    state = turn.state
    if state.awaiting == "check":
        index = state.check_index + 1
        if turn.check_question(index) is not None:
            state.check_index = index
            said = turn.facts.answered.get(turn.check_question(index)["id"])
            if said:
                return _check_yes(turn, said)       # said already ("I'm diabetic"): a yes, not asked again
            return turn.say(turn.check_question(index)["prompt"]).ask()
        if state.check == "ice":
            state.ice_check = "clear"
        else:
            state.heat_check = "clear"
        return Run(state, state.pending)
    if state.awaiting == "cautious_offer":
        return _instead(turn, "heat", "therapy.check.heat_skipped")
    if state.awaiting == "short":
        therapy = state.pending.therapy or "ice"
        return turn.tell("therapy.short_declined", minutes=turn.settings(therapy)["default_minutes"])
    if state.awaiting == STOP_OFFER:
        return turn.tell("therapy.asleep.kept")
    if state.awaiting == SWITCH_OFFER:
        return turn.tell("therapy.switch_declined", other_name=turn.name(state.pending.therapy or "ice"))
    if state.awaiting == OFFER:
        return turn.tell("therapy.offer_declined")
    return turn.tell("therapy.rest_declined")


@dataclass(frozen=True)
class Run:
    """Carry out REQUEST now, with the conversation STATE (a check just answered is in it)."""

    state: Conversation
    request: Request


def inside_status(facts: Facts) -> Plan:
    """"How long is left?" while a question is open: the answer (when the timers could be read), the question."""
    turn = _Turn(facts)
    if facts.snapshot is None:
        turn.say("therapy.status.unknown.inside")
    else:
        _status_lines(turn, inside=True)
    return _question(turn).ask()


def resume_line(record: Record, snapshot: Snapshot | None, now: dt.datetime) -> tuple[str, dict] | None:
    """What a launch says about a timer left on (running or paused): the record against Alexa's list when it
    was read, else its stored end times against NOW; None when nothing is on the skin."""
    when = snapshot.now if snapshot is not None else now
    record = reconcile(record, snapshot.live if snapshot is not None else None, when)
    items = [item for item in status(record, when) if item["kind"] in ("single", "alternating")]
    if not items:
        return None
    item = items[0]
    if item["paused"]:
        return "frame.resume.paused", {}
    if item["minutes_left"] < 2:
        return "frame.resume.nearly_done", {}
    key = "frame.resume.alternating" if item["kind"] == "alternating" else (
        "frame.resume.heat" if item["therapy"] == "heat" else "frame.resume.ice")
    return key, {"minutes": item["minutes_left"]}


# -- carrying out a request ------------------------------------------------------------------------------------

def run(request: Request, facts: Facts, *, check_permission: bool = True) -> Plan:
    """Carry out REQUEST: nothing a check ruled out; the checks first, ice then heat, each once a conversation
    (they need no permission); then the permission; then the work on the timers as read (facts.snapshot)."""
    turn = _Turn(facts)
    for therapy in request.therapies:
        if therapy in turn.state.ruled_out:
            return _instead(turn, therapy, turn.ruled_out_line(therapy))
    unchecked = [therapy for therapy in request.therapies if not turn.state.checked(therapy)]
    if unchecked:
        if facts.granted and facts.snapshot is not None:
            refusal = _refusal(turn, request)
            if refusal is not None:
                return refusal
        return turn.ask_check(unchecked[0], request)
    if check_permission and not facts.granted:
        return _no_permission(turn, request)
    if facts.snapshot is None:
        return failed(request, facts, facts.error or "unavailable", check_permission=check_permission)
    return _RUNNERS[request.kind](turn, request)


def _refusal(turn: _Turn, request: Request) -> Plan | None:
    """An answer that sets nothing (something already on the skin, the rest gap, today's limit), said before a
    check so nobody answers five questions to hear it. Else None."""
    record, now = turn.current()
    wanted = "alternating" if request.kind == "alternate" else request.therapy
    busy = blocking(record, wanted, now)
    if busy is not None:
        return _busy(turn, busy, wanted)
    return _gap_or_limit(turn, record, "ice" if wanted == "alternating" else wanted, now)


def failed(request: Request, facts: Facts, kind: str, *, check_permission: bool = True) -> Plan:
    """A Timers API call failed (KIND: permission | rejected | unavailable): what to say instead."""
    turn = _Turn(facts)
    if kind == "permission":
        return _no_permission(turn, request) if check_permission else _denied(turn, request)
    if request.kind in CHECKING:
        return turn.tell(f"therapy.api.cannot.{request.kind}")
    return _fallback(turn, "therapy.api.rejected" if kind == "rejected" else "therapy.api.unavailable", request)


def permission_result(facts: Facts, request: Request | None, accepted: bool) -> Plan | Run:
    """The answer to the timers AskFor: accepted -> carry out what was asked (a lost request: "ice or heat?",
    never a guess); refused -> how to allow it, and the plain fallback."""
    turn = _Turn(facts)
    if request is None:
        if accepted:
            turn.wait("type", Request("start"))
            return turn.say("therapy.ask_type").ask()
        turn.finish()
        turn.say("therapy.permission.denied", minutes=turn.settings("ice")["default_minutes"])
        return _with_card(turn.plan(True))
    if accepted:
        return Run(facts.state, request)
    return _denied(turn, request)


def _with_card(plan: Plan) -> Plan:
    plan.permissions_card = True
    return plan


def _no_permission(turn: _Turn, request: Request) -> Plan:
    """No timers permission: a start asks for it by voice (the AskFor token carries the request and the heat
    check's result); status, stop, pause and resume say where to allow it."""
    if request.kind in CHECKING:
        return _with_card(turn.tell(f"therapy.permission.needed.{request.kind}"))
    turn.wait("permission", request)
    token = {**request.as_dict(), **turn.state.results()}
    turn.work["ask_permission"] = token
    return turn.plan(None)


def _denied(turn: _Turn, request: Request) -> Plan:
    """Permission not given: how to allow it in the Alexa app, a permissions card, and the plain fallback
    (with the care line of that therapy: a plain timer still needs the cloth, and heat its low setting)."""
    if request.kind in CHECKING:
        return _no_permission(turn, request)
    return _with_card(_fallback(turn, "therapy.permission.denied", request))


def _fallback(turn: _Turn, key: str, request: Request) -> Plan:
    """KEY (a "set a timer yourself" line taking {minutes}) and the care line for what was asked for."""
    turn.finish()
    turn.say(key, minutes=_fallback_minutes(turn, request))
    cautious = turn.state.heat_check == "caution"
    if request.kind == "alternate":
        turn.say("therapy.fallback.care.alternating_cautious" if cautious else "therapy.fallback.care.alternating")
    elif request.kind == "start":       # a plain timer: no announcement of ours, so the care line in full
        turn.say(("therapy.care.heat_cautious" if cautious else "therapy.care.heat") if request.therapy == "heat"
                 else "therapy.care.ice")
    return turn.plan(True)


def _fallback_minutes(turn: _Turn, request: Request) -> int:
    """The length to suggest for a plain Alexa timer: what was asked for, within the limits (10 after a heat
    check answered yes)."""
    if request.kind == "skin_rest":
        return int(request.minutes or turn.settings(request.therapy or "ice")["min_gap_minutes"])
    therapy = (request.therapy if request.kind == "start" else None) or "ice"
    minutes = plan_minutes(turn.settings(therapy), request.minutes)["minutes"]
    if therapy == "heat" and turn.state.heat_check == "caution":
        minutes = min(minutes, turn.settings("heat")["cautious_minutes"])
    return minutes


def _gap_or_limit(turn: _Turn, record: Record, therapy: str, now: dt.datetime) -> Plan | None:
    """The answer when THERAPY must wait (rest gap: offer a timer) or has had enough today; else None."""
    settings = turn.settings(therapy)
    if over_daily_limit(record, therapy, settings, now):
        return turn.tell("therapy.daily_limit", count=count_today(record, therapy, now),
                         therapy_name=turn.name(therapy))
    left = rest_left(record, therapy, settings, now)
    if left:
        turn.wait("rest_offer", Request("skin_rest", therapy, left))
        return turn.say("therapy.rest_gap", therapy_name=turn.name(therapy), time_left=time_phrase(left),
                        **gaps(turn.rules, therapy)).ask()
    switch = switch_rest_left(record, therapy, turn.rules, now)
    if switch:
        other, left = switch
        turn.wait("rest_offer", Request("skin_rest", therapy, left))
        return turn.say("therapy.switch_gap", therapy_name=turn.name(therapy), other_name=turn.name(other),
                        time_left=time_phrase(left), **gaps(turn.rules, therapy)).ask()
    return None


def _busy(turn: _Turn, item: dict, wanted: str) -> Plan:
    """Something is already on the skin: say what, and how long it has left."""
    left = time_phrase(seconds=item["seconds_left"])
    if item["paused"]:
        return turn.tell(*_paused_line(turn, item, left))
    if item["kind"] == "alternating":
        return turn.tell("therapy.alternate.already_running")
    if wanted not in ("alternating", item["therapy"]):           # "heat" while the ice is on: switch?
        turn.wait(SWITCH_OFFER, Request("stop", item["therapy"]))    # a yes stops it (_stop: then the skin's rest)
        return turn.say("therapy.other_running", therapy_name=turn.name(wanted),
                        other_name=turn.name(item["therapy"]), time_left=left).ask()
    key = "therapy.alternate.single_running" if wanted == "alternating" else "therapy.already_running"
    return turn.tell(key, therapy_name=turn.name(item["therapy"]), time_left=left)


def _paused_line(turn: _Turn, item: dict, left: Phrase) -> tuple:
    """(key, params) for a paused timer with LEFT to go."""
    extra = {"therapy_name": turn.name(item["therapy"])} if item["kind"] != "alternating" else {}
    return f"therapy.status.paused.{item['kind']}", {"time_left": left, **extra}


def _single(turn: _Turn, therapy: str, minutes: float) -> TimerSpec:
    """An announced ice or heat timer of MINUTES: the full announcement the first time, a short one after."""
    return TimerSpec(therapy, therapy, minutes, Phrase(f"therapy.label.{therapy}"),
                     Phrase(turn.once(f"therapy.announce.{therapy}"), gaps(turn.rules, therapy)))


def _chain(turn: _Turn, steps: list[dict], rest_minutes: float) -> list[TimerSpec]:
    """The chain's timers (STEPS: {phase, step, minutes from now})."""
    return [TimerSpec("alternating", step["phase"], step["minutes"],
                      Phrase(f"therapy.label.alternating.{step['phase']}", {"step": step["step"]}),
                      Phrase(f"therapy.announce.alternating.{step['phase']}",
                             {"rest": time_phrase(rest_minutes)} if step["phase"] == "ice" else {}))
            for step in steps]


def _start(turn: _Turn, request: Request) -> Plan:
    therapy = request.therapy
    settings = turn.settings(therapy)
    record, now = turn.current()
    busy = blocking(record, therapy, now)
    if busy is not None:
        return _busy(turn, busy, therapy)
    waiting = _gap_or_limit(turn, record, therapy, now)
    if waiting is not None:
        return waiting
    length = plan_minutes(settings, request.minutes)
    cautious = therapy == "heat" and turn.state.heat_check == "caution"
    if cautious:
        length["minutes"] = min(length["minutes"], settings["cautious_minutes"])
    if length["short"] and not request.confirmed:
        turn.wait("short", replace(request, confirmed=True))
        return turn.say("therapy.confirm_short", length=time_phrase(length["minutes"]),
                        therapy_name=turn.name(therapy)).ask()
    turn.work["create"] = [_single(turn, therapy, length["minutes"])]
    # Two sentences: the length (capped with the reason), then the care line for this therapy.
    if length["capped"] and length["requested"] > SAY_REQUESTED_MINUTES:     # "a week": not "10080 minutes"
        turn.say("therapy.capped.long", minutes=length["minutes"], therapy_name=turn.name(therapy))
    elif length["capped"]:
        turn.say("therapy.capped", requested=length["requested"], minutes=length["minutes"],
                 therapy_name=turn.name(therapy))
    else:
        turn.say("therapy.started.heat_cautious" if cautious else f"therapy.started.{therapy}",
                 length=time_phrase(length["minutes"]))
    return turn.tell(_care_key(turn, therapy, cautious))


def _care_key(turn: _Turn, therapy: str, cautious: bool) -> str:
    """The second sentence of a start: cloth (and low heat, not lying on it), no dozing off; in full the first
    time, a short reminder after. The careful heat line, after a check answered yes, is said in full every time.
    (The ice check has just asked about numb skin, Raynaud's and hives: the care line does not say them again.)"""
    if cautious:
        return "therapy.care.heat_cautious"
    return turn.once(f"therapy.care.{therapy}")


def _alternate(turn: _Turn, request: Request) -> Plan:
    record, now = turn.current()
    busy = blocking(record, "alternating", now)
    if busy is not None:
        return _busy(turn, busy, "alternating")
    waiting = _gap_or_limit(turn, record, "ice", now)
    if waiting is not None:
        return waiting
    steps = alternating_steps(turn.rules["alternating"], request.minutes)
    if turn.state.heat_check == "caution":
        at = 0
        for step in steps:
            if step["phase"] == "heat":
                step["minutes"] = min(step["minutes"], turn.settings("heat")["cautious_minutes"])
            at += step["minutes"]
            step["at_minutes"] = at
    minutes = {step["phase"]: step["minutes"] for step in steps}
    turn.work["create"] = _chain(turn, [{"phase": s["phase"], "step": s["step"], "minutes": s["at_minutes"]}
                                        for s in steps], minutes.get("rest", 0))
    return turn.tell("therapy.alternate.started", ice_minutes=minutes["ice"], rest=time_phrase(minutes["rest"]),
                     heat_minutes=minutes["heat"])


def _skin_rest(turn: _Turn, request: Request) -> Plan:
    therapy, minutes = request.therapy, int(request.minutes)
    record, now = turn.current()
    for item in status(record, now):     # one already set: its label is taken, and one is enough
        if item["kind"] == "skin_rest" and item["therapy"] == therapy:
            return turn.tell("therapy.rest_timer_set", time_left=time_phrase(seconds=item["seconds_left"]))
    name = turn.name(therapy)
    turn.work["create"] = [TimerSpec(therapy, "skin_rest", minutes,
                                     Phrase("therapy.label.skin_rest", {"therapy_name": name}),
                                     Phrase("therapy.announce.skin_rest", {"therapy_name": name}))]
    return turn.tell("therapy.rest_timer_set", time_left=time_phrase(minutes))


def _status_lines(turn: _Turn, *, inside: bool = False) -> None:
    """What is running (INSIDE a question: the short "nothing running")."""
    record, now = turn.current()
    items = status(record, now)
    if not items:
        turn.say("therapy.status.none.inside" if inside else "therapy.status.none")
    for item in items:
        left = time_phrase(seconds=item["seconds_left"])
        if item["paused"]:
            key, params = _paused_line(turn, item, left)
            turn.say(key, **params)
        elif item["kind"] == "alternating":
            turn.say(f"therapy.status.alternating.{item['phase']}", time_left=left)
        elif item["kind"] == "skin_rest":
            turn.say("therapy.status.skin_rest", therapy_name=turn.name(item["therapy"]), time_left=left)
        else:
            turn.say(f"therapy.status.single.{item['phase']}", time_left=left)


def _status(turn: _Turn, request: Request) -> Plan:
    _status_lines(turn)
    if turn.speech.keys() == ["therapy.status.none"]:
        turn.wait("type", Request("start"))       # "... Would you like ice or heat?": "yes" or "ice" answers it
        return turn.ask()
    return turn.tell()


def _stop(turn: _Turn, request: Request) -> Plan:
    record, now = turn.current()
    therapy = request.therapy
    switching = turn.state.awaiting == SWITCH_OFFER        # a yes to "shall I cancel the ice, so you can switch?"
    plan = stop_plan(record, therapy, now)
    if plan["outcome"] == "none":
        other = [item for item in status(record, now) if item["kind"] == "single"]
        if therapy is not None and other:           # "stop the ice" while the heat is on: say so
            return turn.tell("therapy.stop.none.other", therapy_name=turn.name(therapy),
                             other_name=turn.name(other[0]["therapy"]),
                             time_left=time_phrase(seconds=other[0]["seconds_left"]))
        return turn.tell("therapy.stop.none")
    if plan["outcome"] == "ice_over":
        return turn.tell(f"therapy.stop.ice_over.{plan['phase']}", time_left=time_phrase(seconds=plan["seconds_left"]))
    turn.work["delete"] = plan["delete"]
    turn.work["count"] = False
    if plan["outcome"] == "no_heat" and plan["create"]:         # ice still on: a plain ice timer for its time left
        turn.work["create"] = [_single(turn, "ice", plan["create"][0]["seconds"] / 60)]
    elif plan["create"]:                                          # the rest and heat set again from now
        steps = {s["phase"]: number for number, s in enumerate(turn.rules["alternating"]["steps"], 1)}
        turn.work["create"] = _chain(turn, [{"phase": c["phase"], "step": steps.get(c["phase"], 0),
                                             "minutes": c["seconds"] / 60} for c in plan["create"]],
                                     plan.get("rest_seconds", 0) / 60)
    if plan["outcome"] == "ice_early":
        return turn.tell("therapy.stopped.alternating_ice", time_left=time_phrase(seconds=plan["rest_seconds"]))
    if plan["outcome"] == "no_heat":
        if plan["phase"] == "ice":
            return turn.tell("therapy.stopped.no_heat.ice", time_left=time_phrase(seconds=plan["create"][0]["seconds"]))
        return turn.tell("therapy.stopped.no_heat.rest")
    single = [e for e in plan["stopped"] if e["phase"] in ("ice", "heat")
              and (e["therapy"] != "alternating" or therapy == "heat")]
    if single:
        name = single[0]["phase"]
        if switching and name in THERAPIES:
            # the one rule for the skin (F16): the other one after its rest, a timer for that rest offered
            other = next(t for t in THERAPIES if t != name)
            turn.wait("rest_offer", Request("skin_rest", other, turn.settings(other)["min_gap_minutes"]))
            return turn.say("therapy.switched", therapy_name=turn.name(other), other_name=turn.name(name),
                            **gaps(turn.rules, other)).ask()
        return turn.tell("therapy.stopped", therapy_name=turn.name(name), **gaps(turn.rules, name))
    if plan["outcome"] == "chain":
        return turn.tell("therapy.stopped.alternating")
    return turn.tell("therapy.stopped.skin_rest")


def _pause(turn: _Turn, request: Request) -> Plan:
    record, now = turn.current()
    entries = running(record)
    on = [e for e in entries if not e.get("paused")]
    if not on:
        return turn.tell("therapy.pause.already" if entries else "therapy.pause.none")
    turn.work["pause"] = [e["id"] for e in on]
    item = status(record, now)[0]
    return turn.tell("therapy.paused", time_left=time_phrase(seconds=item["seconds_left"]))


def _resume(turn: _Turn, request: Request) -> Plan:
    record, now = turn.current()
    paused = [e for e in running(record) if e.get("paused")]
    if not paused:
        return turn.tell("therapy.resume.none" if not record.active else "therapy.resume.not_paused")
    turn.work["resume"] = [e["id"] for e in paused]
    item = status(set_paused(record, turn.work["resume"], False, now), now)[0]
    return turn.tell("therapy.resumed", time_left=time_phrase(seconds=item["seconds_left"]))


_RUNNERS = {"start": _start, "alternate": _alternate, "skin_rest": _skin_rest, "status": _status, "stop": _stop,
            "pause": _pause, "resume": _resume}
