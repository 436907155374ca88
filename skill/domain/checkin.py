"""The check-in on a return: when a launch asks how the back is, and what "better", "the same" or "worse" means
(plain values; skill/handlers/checkin.py carries it out)."""

from __future__ import annotations

import datetime as dt

# The stored record's day flag (the person's own day, never an answer): the check-in was asked that day.
ASKED_ON = "checkin_on"
# session["checkin"] = ASKED: the response before this one asked "better, the same, or worse?".
ASKED = "asked"
CHANGES = ("better", "same", "worse")

ASK = "checkin.ask"
BETTER = "checkin.better"
SAME = "checkin.same"
UNCLEAR = "checkin.unclear"            # a pain change heard without which one: asked again
WORSE = "checkin.worse"                # "worse" to the check-in: sorry, then the red-flag questions
AFTER_TODAY = "checkin.after.today"    # better or the same after advice for today: that advice again
AFTER_DAYS = "checkin.after.days"      # ... after "see a doctor in the next few days": that again
OFFER = "frame.welcome.menu"           # ice, heat, stretches, or safety questions?
OFFER_NO_STRETCHES = "checkin.offer.no_stretches"   # after advice that stops the stretches today
# "Worse" to the check-in starts the questions with this one answered yes: pain getting worse is a reason to see a
# doctor within days (NHS "see a GP": severe or getting worse), whatever the red-flag questions then find.
WORSE_MEANS = "not_improving"


def due(rescreen: dict, *, first_seen: dt.date | None, asked_on: dt.date | None, today: dt.date) -> bool:
    """Whether a launch asks how the back is: on a later day than the first use (a return), while the episode is
    under screening.yaml `rescreen.episode_weeks`, at most once a day."""
    if first_seen is None or first_seen >= today:
        return False
    if (today - first_seen).days >= 7 * int(rescreen["episode_weeks"]):
        return False
    return asked_on != today


def reply(change: str | None, *, stretches_ok: bool) -> list[str] | None:
    """The lines for a pain change said with nothing of a flow on the table: better or the same, a short answer
    and the offer; "worse" is the caller's (the red-flag questions after the check-in, else the menu's own
    "it hurts" answer): None. An unknown change: None."""
    if change not in ("better", "same"):
        return None
    return [BETTER if change == "better" else SAME, OFFER if stretches_ok else OFFER_NO_STRETCHES]


def local_day(stamp: dt.datetime | None, now: dt.datetime) -> dt.date | None:
    """The person's day of a stored UTC time (NOW is on the device's clock)."""
    if stamp is None:
        return None
    return stamp.astimezone(now.tzinfo).date() if now.tzinfo is not None else stamp.date()


def stored_day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
