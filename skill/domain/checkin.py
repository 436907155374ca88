"""The check-in on a return: when a launch asks how the back is, and what "better", "the same" or "worse" means
(plain values; skill/handlers/checkin.py carries it out)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# The stored record's day flag (the person's own day, never an answer): the check-in was asked that day.
ASKED_ON = "checkin_on"
# session["checkin"] = ASKED: the response before this one asked "better, the same, or worse?"; AGAIN: it asked
# again after an answer that did not say which (the next miss goes on to the offer, never a loop or a goodbye).
ASKED = "asked"
AGAIN = "again"
# WORSE_Q: the response before asked "is it worse than before?" after an answer that said "not better" (review5
# #4: a yes/no question, so a "no" to it means the same and a "yes" worse; never a guess between the two).
WORSE_Q = "worse_q"
MARKS = (ASKED, AGAIN, WORSE_Q)
CHANGES = ("better", "same", "worse")
# An answer that says the back is not better without saying whether it is the same or worse ("not good", "no",
# "not really", "awful"): sorry, and "the same, or worse?".
NOT_BETTER = "not_better"

ASK = "checkin.ask"
BETTER = "checkin.better"
SAME = "checkin.same"
UNCLEAR = "checkin.unclear"            # a pain change heard without which one: asked again
WORSE = "checkin.worse"                # "worse" to the check-in: sorry, then the red-flag questions
AFTER_TODAY = "checkin.after.today"    # better or the same after advice for today: that advice again
AFTER_DAYS = "checkin.after.days"      # ... after "see a doctor in the next few days": that again
OFFER = "frame.welcome.menu"           # ice, heat, stretches, or safety questions?
OFFER_NO_STRETCHES = "checkin.offer.no_stretches"   # after advice that stops the stretches today
ASK_NOT_BETTER = "checkin.not_better"  # "not good": sorry; is it worse than before?
ASK_WORSE = "checkin.worse_q"          # a bare "no" (it may be "I'm fine", "no thanks"): is it worse than before?
LEAVE_IT = "checkin.leave"             # asked twice, still not said: no more asking, then the offer
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


# "The same" this many days after the first use is the not-improving flag itself (screening.yaml not_improving: "over
# two weeks without starting to get better", brief R2: 2 weeks for voice): its tier-3 advice, not "a week or two"
# more (review4 #3b). The first use is no later than the start of the pain, so the episode is at least this long.
NOT_IMPROVING_DAYS = 14
SAME_WEEKS = "checkin.same.weeks"      # "the same" after two weeks: see someone in the next few days
SAME_WEEKS_TIER = 3                    # the tier that advice is (screening.yaml tiers), kept for the conversation


def reply(change: str | None, *, stretches_ok: bool, episode_days: int | None = None) -> list[str] | None:
    """The lines for a pain change said with nothing of a flow on the table: better or the same, a short answer
    and the offer; "the same" from NOT_IMPROVING_DAYS into the episode (EPISODE_DAYS, from the first use), the
    not-improving advice; "worse" is the caller's (the red-flag questions after the check-in, else the menu's own
    "it hurts" answer): None. An unknown change: None."""
    if change not in ("better", "same"):
        return None
    said = BETTER if change == "better" else SAME
    if change == "same" and episode_days is not None and episode_days >= NOT_IMPROVING_DAYS:
        said = SAME_WEEKS
    return [said, OFFER if stretches_ok else OFFER_NO_STRETCHES]


# Advice given on an earlier day of the episode stands until it is acted on or a later screening says otherwise
# (review4 #3, across conversations). The stored day flags (never the answers) say which, by tier:
# EMERGENCY_ADVISED_ON (a tier-1 result or an emergency request), skill/handlers/screening.py's stretches_blocked_on
# (tier 1 or 2: advice for today or sooner), DAYS_ADVISED_ON (tier 3: see someone in the next few days) and
# SELF_CARE_ON (tier 4: a full screening found nothing to act on). The latest day is the word that stands.
EMERGENCY_ADVISED_ON = "emergency_advised_on"
DAYS_ADVISED_ON = "days_advised_on"
SELF_CARE_ON = "self_care_on"
AFTER_EARLIER = "checkin.after.earlier"   # advice for today given on an earlier day: the welcome says it first
                                          # (explore6 #29), else better, the same or a question after it
AFTER_EARLIER_EMERGENCY = "checkin.after.earlier.emergency"   # ... after emergency advice on an earlier day


@dataclass(frozen=True)
class Standing:
    """The advice that stands when a person talks about their back: its TIER (1-3, None: none), and whether it was
    given on an EARLIER day (else in this conversation, or earlier today)."""

    tier: int | None = None
    earlier: bool = False


def standing(outcome_tier, *, days: dict, today: dt.date, episode_weeks: int) -> Standing:
    """The advice that stands: this conversation's outcome tier (self-care, 4: none); else the latest advice day
    within the episode's weeks (DAYS: tier -> the stored day of the latest result of that tier; the same day, the
    more urgent), EARLIER when before today; a self-care day latest: none."""
    if outcome_tier is not None:           # this conversation's questions are the latest word
        return Standing(int(outcome_tier)) if outcome_tier in (1, 2, 3) else Standing()
    since = today - dt.timedelta(weeks=episode_weeks)
    given = [(day, tier) for tier, day in days.items() if day is not None and since <= day <= today]
    if not given:
        return Standing()
    day, tier = max(given, key=lambda dated: (dated[0], -dated[1]))    # the latest; the same day: the more urgent
    return Standing(tier, earlier=day < today) if tier in (1, 2, 3) else Standing()


def episode_days(first_seen: dt.date | None, today: dt.date, episode_weeks: int) -> int | None:
    """Whole days since the first use while that is within the episode's weeks; None: not known (no first use, or
    a return after the episode: a new spasm, so its days are not the first use's; review5 #7b)."""
    if first_seen is None or (today - first_seen).days >= 7 * episode_weeks:
        return None
    return (today - first_seen).days


# How the check-in's answer is read from words (an answer's words, or a pain change's words no value matched), in
# order: a change named, then words that say only "not better". "Not bad" / "not too bad" decide nothing.
_NOT_WORSE = re.compile(r"\b(?:no|not|isn't|is not|not any|no) (?:any |much )?worse\b")
_NOT_BETTER_CHANGE = re.compile(r"\b(?:no|not|isn't|is not|hasn't|has not)(?: got| gotten| been)? (?:any |much |really )?"
                                r"(?:better|improved|improving|easier)\b")
_WORSE = re.compile(r"\b(?:worse|hurts? more|more pain(?:ful)?|sorer)\b")
_BETTER = re.compile(r"\b(?:better|easier|eased|easing|improv(?:ed|ing)|looser)\b")
_SAME = re.compile(r"\b(?:same|no change|unchanged|no different|not any different|still)\b")
_GOOD = re.compile(r"\b(?:good|great|fine|grand|brilliant|lovely|alright|all right|okay now|heaps|loads)\b")
_NOT_BAD = re.compile(r"\bnot (?:too |so |that |very )?bad\b")
_NOT_GOOD = re.compile(r"\b(?:no|nope|nah|not (?:really|great|good|so good|too good|very good|brilliant|well|fine|"
                       r"okay|ok|so great|too great)|bad|awful|terrible|horrible|dreadful|rough|rubbish|sore|"
                       r"painful|hurts?|hurting|agony|killing me|crook|dodgy|ropey|ropy|lousy|shocking|poor|"
                       r"miserable|struggling)\b")


def _plain(words: str | None) -> str:
    """WORDS lower-case, without punctuation, single-spaced."""
    return " ".join(re.sub(r"[^\w' ]", " ", (words or "").lower()).split())


def read_change(words: str | None) -> str | None:
    """What words said to "better, the same, or worse?" mean: a change, NOT_BETTER, or None (not said)."""
    text = _plain(words)
    if not text:
        return None
    negated = bool(_NOT_WORSE.search(text) or _NOT_BETTER_CHANGE.search(text))    # "no better", "not worse"
    rest = _NOT_BETTER_CHANGE.sub(" ", _NOT_WORSE.sub(" ", text))
    for change, pattern in (("worse", _WORSE), ("better", _BETTER), ("same", _SAME)):
        if pattern.search(rest):
            return change                   # "not better, worse": worse; "better, not worse": better
    if negated:
        return "same"                       # "no better, no worse"
    if _NOT_BAD.search(text):
        return None
    if _NOT_GOOD.search(text):
        return NOT_BETTER
    return "better" if _GOOD.search(text) else None       # "good", "pretty good", "fine thanks": better


_DIFFERENT = re.compile(r"\b(?:no|not|isn't|is not|nothing|not much|not any|not really|no real) (?:\w+ )?different\b")


def without_change_words(words: str | None) -> str:
    """WORDS less what says a pain change ("no different", "a lot worse", "not too bad"): what else was said."""
    text = _plain(words)
    for pattern in (_DIFFERENT, _NOT_WORSE, _NOT_BETTER_CHANGE, _NOT_BAD, _WORSE, _BETTER, _SAME):
        text = pattern.sub(" ", text)
    return " ".join(text.split())


def not_bad(words: str | None) -> bool:
    """Whether WORDS say "not (too) bad" (no change either way)."""
    return bool(_NOT_BAD.search(_plain(words)))


# The intents that answer the check-in without a change value: a no is "not better"; the rest say nothing by
# themselves (their words, when there were any, decide).
NOT_BETTER_INTENTS = ("AMAZON.NoIntent",)
# What someone says of their situation ("my back's gone again", "I'm on the floor": SituationIntent, no words) to
# "better, same, or worse?": not better (is it worse than before?), and to that question the worse it says (review6 #8).
SITUATION_INTENT = "SituationIntent"


YES_INTENT, NO_INTENT = "AMAZON.YesIntent", "AMAZON.NoIntent"
_BARE_NO = re.compile(r"(?:no|nope|nah|not really|not at all|no it's not|it's not|it isn't|no it isn't|not worse)"
                      r"(?: thanks| thank you)?")


def answer_meaning(intent: str | None, change: str | None, words: str | None, asked: str = ASKED) -> str | None:
    """What an answer to the check-in means: CHANGE when the model resolved one, else what the words say, else a
    no as NOT_BETTER; None when nothing was said about the back. ASKED = WORSE_Q ("is it worse than before?",
    after "not better"): yes is worse, no the same; "not better" words again ("it's horrible") are worse; nothing
    said is the same (it is not better)."""
    if change in CHANGES:
        return change
    said = read_change(words)
    if asked == WORSE_Q:
        if said in CHANGES:
            return said
        if intent == NO_INTENT or _BARE_NO.fullmatch(_plain(words)):
            return "same"                 # "no", "not really": not worse
        return "worse" if intent in (YES_INTENT, SITUATION_INTENT) or said == NOT_BETTER else "same"
    if said is not None:
        return said
    return NOT_BETTER if intent in NOT_BETTER_INTENTS + (SITUATION_INTENT,) else None


def after_miss(meaning: str | None, asked: str, *, bare_no: bool = False) -> tuple[str, str]:
    """What follows an answer that named no change, ASKED being the mark the question was asked with: (the line to
    say, the mark to ask with next). "Not better" asks "is it worse than before?" (a yes or no: WORSE_Q; BARE_NO, a
    no with no words, which may be "I'm fine": without "sorry to hear that"). Nothing
    said: the question once more, then no more asking (LEAVE_IT: the offer follows)."""
    if meaning == NOT_BETTER:
        return (ASK_WORSE if bare_no else ASK_NOT_BETTER), WORSE_Q
    return (LEAVE_IT, "") if asked == AGAIN else (UNCLEAR, AGAIN)


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
