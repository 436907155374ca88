"""Schema checks for every data file; each problem names the file and the key path."""
from __future__ import annotations

import re
import string
from urllib.parse import urlsplit

KEY_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
LOCALE_SAY_REQUIRED = ("emergency", "emergency_card", "urgent", "urgent_card", "ed", "ed_card", "fever_threshold")
COUNTRY_SAY = ("emergency", "emergency_card", "urgent", "urgent_card", "ed", "ed_card")   # what a known country replaces
COUNTRY_RE = re.compile(r"^[A-Z]{2}(-[A-Z]{2,3})?$")                            # ISO 3166-1, or -2 for a region
SOURCE_KINDS = {"guideline", "review", "study", "patient", "platform", "seed"}
REVIEW_FIELDS = ("reviewed_by", "reviewed_on", "reviewed_digest")   # a clinician's sign-off (empty until signed)
ENTRY_FIELDS = {"speech", "reprompt", "card", "sources", "params", "tier", "words", *REVIEW_FIELDS}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DIGEST_RE = re.compile(r"^[0-9a-f]{12}$")
THERAPY_IDS = ("ice", "heat")
ANSWERS = {"yes", "no", "unsure"}
MAX_THERAPY_MINUTES = 20


def placeholders(text: str) -> list[str]:
    """The named {placeholders} in a line; raises ValueError for positional or malformed ones."""
    names = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not ID_RE.match(name) or spec or conversion:
            raise ValueError(f"placeholder {{{name}}} must be a plain {{snake_case_name}}")
        names.append(name)
    return names


def entry_texts(entry: dict) -> list[tuple[str, str]]:
    """(field path, text) for every spoken or written text of a response entry."""
    texts = []
    speech = entry.get("speech")
    if isinstance(speech, str):
        texts.append(("speech", speech))
    elif isinstance(speech, list):
        texts += [(f"speech[{i}]", s) for i, s in enumerate(speech) if isinstance(s, str)]
    if isinstance(entry.get("reprompt"), str):
        texts.append(("reprompt", entry["reprompt"]))
    card = entry.get("card")
    if isinstance(card, dict):
        texts += [(f"card.{f}", card[f]) for f in ("title", "text") if isinstance(card.get(f), str)]
    return texts


class Checker:
    """Collects problems while walking the files; `problems` is a list of (file, key, message)."""

    def __init__(self, files: dict, responses: dict):
        self.files = files
        self.response_files = responses
        self.problems: list[tuple[str, str, str]] = []
        self.catalogue: dict[str, dict] = {}
        self.catalogue_file: dict[str, str] = {}
        self.referenced: dict[str, tuple[str, str]] = {}   # response key -> (file, key) that refers to it
        self.plain_refs: set[str] = set()                   # referenced keys that state no clinical fact
        self.source_ids: set[str] = set()
        self.locale_say: set[str] = set()

    # ---- small helpers -------------------------------------------------------------------------------
    def bad(self, file: str, key: str, message: str) -> None:
        self.problems.append((file, key, message))

    def mapping(self, file, key, value, required=()) -> bool:
        if not isinstance(value, dict):
            self.bad(file, key, f"must be a mapping, got {type(value).__name__}")
            return False
        for field in required:
            if field not in value:
                self.bad(file, f"{key}.{field}" if key else field, "missing required key")
        return True

    def integer(self, file, key, value, low=None, high=None) -> bool:
        if not isinstance(value, int) or isinstance(value, bool):
            self.bad(file, key, f"must be a whole number, got {value!r}")
            return False
        if (low is not None and value < low) or (high is not None and value > high):
            self.bad(file, key, f"must be between {low} and {high}, got {value}")
            return False
        return True

    def text(self, file, key, value) -> bool:
        if not isinstance(value, str) or not value.strip():
            self.bad(file, key, f"must be non-empty text, got {value!r}")
            return False
        return True

    def text_list(self, file, key, value, allow_empty=False) -> bool:
        if not isinstance(value, list) or (not value and not allow_empty):
            self.bad(file, key, f"must be a {'' if allow_empty else 'non-empty '}list, got {value!r}")
            return False
        return all(self.text(file, f"{key}[{i}]", v) for i, v in enumerate(value))

    def sources(self, file, key, item) -> None:
        """A clinical item must cite at least one known source id."""
        value = item.get("sources") if isinstance(item, dict) else None
        if not isinstance(value, list) or not value:
            self.bad(file, f"{key}.sources", "clinical item needs a non-empty list of source ids")
            return
        for i, sid in enumerate(value):
            if sid not in self.source_ids:
                self.bad(file, f"{key}.sources[{i}]", f"unknown source id {sid!r} (see sources.yaml)")

    def refer(self, file, key, response_key, clinical=True) -> None:
        """Record that a data item speaks through a catalogue key; checked once the catalogue is known."""
        if not isinstance(response_key, str):
            self.bad(file, key, f"must be a response key, got {response_key!r}")
            return
        self.referenced.setdefault(response_key, (file, key))
        if not clinical:
            self.plain_refs.add(response_key)

    # ---- files ---------------------------------------------------------------------------------------
    def check_sources(self) -> None:
        """Each source: what it is, the claims the content takes from it, and a deep link (or a note on why not)."""
        file, data = "sources.yaml", self.files["sources.yaml"]
        if not self.mapping(file, "", data, ["sources"]) or not self.mapping(file, "sources", data["sources"]):
            return
        for sid, item in data["sources"].items():
            key = f"sources.{sid}"
            if not ID_RE.match(str(sid)):
                self.bad(file, key, "source ids are snake_case")
            self.source_ids.add(sid)
            if not self.mapping(file, key, item, ["title", "publisher", "kind", "claims"]):
                continue
            for field in ("title", "publisher"):
                if field in item:
                    self.text(file, f"{key}.{field}", item[field])
            if item.get("kind") not in SOURCE_KINDS:
                self.bad(file, f"{key}.kind", f"must be one of {sorted(SOURCE_KINDS)}")
            if "claims" in item:
                self.text_list(file, f"{key}.claims", item["claims"])
            deep = item.get("deep_link", True)
            if not isinstance(deep, bool):
                self.bad(file, f"{key}.deep_link", f"must be true or false, got {deep!r}")
            if "note" in item:
                self.text(file, f"{key}.note", item["note"])
            if deep is False and not item.get("note"):
                self.bad(file, f"{key}.note", "a source without a deep link needs a note saying why and where it was read")
            url = item.get("url")
            if url is None:
                if deep is not False:
                    self.bad(file, f"{key}.url", "missing: give the page that says it, or deep_link: false and a note")
                continue
            if not isinstance(url, str) or not url.startswith("https://"):
                self.bad(file, f"{key}.url", "must be an https:// address")
            elif urlsplit(url).path in ("", "/") and not urlsplit(url).query and not item.get("note"):
                self.bad(file, f"{key}.url", "is a site's front page, not the page that says it: give the deep link, "
                                             "or a note saying why the front page is that page")

    def check_locales(self) -> None:
        file, data = "locales.yaml", self.files["locales.yaml"]
        if not self.mapping(file, "", data, ["default", "locales"]) or not self.mapping(file, "locales", data["locales"]):
            return
        if data["default"] not in data["locales"]:
            self.bad(file, "default", f"{data['default']!r} is not one of the locales")
        say_keys = None
        for code, loc in data["locales"].items():
            key = f"locales.{code}"
            if not self.mapping(file, key, loc, ["countries", "say"]):
                continue
            self.sources(file, key, loc)
            say = loc.get("say")
            if not self.mapping(file, f"{key}.say", say, LOCALE_SAY_REQUIRED):
                continue
            for name, value in say.items():
                if not ID_RE.match(str(name)):
                    self.bad(file, f"{key}.say.{name}", "placeholder names are snake_case")
                self.text(file, f"{key}.say.{name}", value)
            if say_keys is None:
                say_keys = set(say)
            elif set(say) != say_keys:
                self.bad(file, f"{key}.say", f"must define the same placeholders as the other locales; "
                                             f"differs by {sorted(set(say) ^ say_keys)}")
            countries = loc.get("countries")
            if not isinstance(countries, list) or not countries:
                self.bad(file, f"{key}.countries", "must be a non-empty list")
                continue
            for i, country in enumerate(countries):
                ckey = f"{key}.countries[{i}]"
                if not self.mapping(file, ckey, country, ["code", "name", "emergency"]):
                    continue
                self.sources(file, ckey, country)
                number = country.get("emergency")
                if not isinstance(number, str) or not number.isdigit():
                    self.bad(file, f"{ckey}.emergency", f"must be the number as quoted digits, got {number!r}")
                elif number not in str(say.get("emergency_card", "")):
                    self.bad(file, f"{key}.say.emergency_card", f"must include {country.get('name')}'s number {number}")
        self.locale_say = say_keys or set()
        self.check_countries(file, data.get("countries"))
        self.check_elsewhere(file, data.get("elsewhere"))

    def check_elsewhere(self, file: str, elsewhere) -> None:
        """locales.yaml elsewhere: the lines for a country the skill has no entry for; they name no number."""
        if not self.mapping(file, "elsewhere", elsewhere, ["name", "say"]):
            return
        self.sources(file, "elsewhere", elsewhere)
        say = elsewhere.get("say")
        if not self.mapping(file, "elsewhere.say", say, COUNTRY_SAY):
            return
        for name in set(say) - set(COUNTRY_SAY):
            self.bad(file, f"elsewhere.say.{name}", f"replaces only {list(COUNTRY_SAY)}")
        for name in COUNTRY_SAY:
            self.text(file, f"elsewhere.say.{name}", say.get(name))
            if any(ch.isdigit() for ch in str(say.get(name, ""))):
                self.bad(file, f"elsewhere.say.{name}", "names no number: the country is not known")

    def check_countries(self, file: str, countries) -> None:
        """locales.yaml countries: per country the lines it replaces, its time zones and sources; every country a
        locale serves has an entry, and no time zone belongs to two countries."""
        if countries is None:
            return
        if not self.mapping(file, "countries", countries):
            return
        zones: dict[str, str] = {}
        for code, country in countries.items():
            key = f"countries.{code}"
            if not COUNTRY_RE.match(str(code)):
                self.bad(file, key, "country codes are ISO 3166 (US, GB, or GB-NIR for a region)")
            if not self.mapping(file, key, country, ["name", "emergency", "say", "zones"]):
                continue
            self.sources(file, key, country)
            say = country.get("say")
            if self.mapping(file, f"{key}.say", say, COUNTRY_SAY):
                for name in set(say) - set(COUNTRY_SAY):
                    self.bad(file, f"{key}.say.{name}", f"a country replaces only {list(COUNTRY_SAY)}")
                for name in COUNTRY_SAY:
                    self.text(file, f"{key}.say.{name}", say.get(name))
                number = country.get("emergency")
                if not isinstance(number, str) or not number.isdigit():
                    self.bad(file, f"{key}.emergency", f"must be the number as quoted digits, got {number!r}")
                elif number not in str(say.get("emergency_card", "")):
                    self.bad(file, f"{key}.say.emergency_card", f"must include the number {number}")
            if not isinstance(country.get("zones"), list):
                self.bad(file, f"{key}.zones", "must be a list of IANA time zone names")
                continue
            for zone in country["zones"]:
                if zone in zones:
                    self.bad(file, f"{key}.zones", f"{zone} is already {zones[zone]}'s")
                zones[zone] = code
            for prefix, region in (country.get("postal_prefixes") or {}).items():
                if region not in countries:
                    self.bad(file, f"{key}.postal_prefixes.{prefix}", f"{region} has no entry")
        for code, loc in (self.files["locales.yaml"].get("locales") or {}).items():
            for i, served in enumerate(loc.get("countries") or [] if isinstance(loc, dict) else []):
                if isinstance(served, dict) and served.get("code") not in countries:
                    self.bad(file, f"locales.{code}.countries[{i}]", f"{served.get('code')} has no countries entry")

    def check_therapy(self) -> None:
        file, data = "therapy.yaml", self.files["therapy.yaml"]
        if not self.mapping(file, "", data, ["therapies", "alternating", "checks", "evidence"]):
            return
        therapies = data.get("therapies")
        if self.mapping(file, "therapies", therapies, THERAPY_IDS):
            for tid, t in therapies.items():
                key = f"therapies.{tid}"
                if tid not in THERAPY_IDS:
                    self.bad(file, key, f"unknown therapy id; use {THERAPY_IDS}")
                if not self.mapping(file, key, t, ["default_minutes", "max_minutes", "min_minutes",
                                                   "min_gap_minutes", "recommended_gap_minutes"]):
                    continue
                self.sources(file, key, t)
                nums = {f: t.get(f) for f in ("default_minutes", "max_minutes", "min_minutes", "cautious_minutes")}
                for f, v in nums.items():
                    if v is not None:
                        self.integer(file, f"{key}.{f}", v, 1, MAX_THERAPY_MINUTES)
                for f in ("min_gap_minutes", "recommended_gap_minutes"):
                    self.integer(file, f"{key}.{f}", t.get(f), 0, 24 * 60)
                if t.get("max_sessions_per_day") is not None:
                    self.integer(file, f"{key}.max_sessions_per_day", t["max_sessions_per_day"], 1, 24)
                if all(isinstance(nums[f], int) for f in ("default_minutes", "max_minutes", "min_minutes")):
                    if not nums["min_minutes"] <= nums["default_minutes"] <= nums["max_minutes"]:
                        self.bad(file, key, "needs min_minutes <= default_minutes <= max_minutes")
                gaps = (t.get("min_gap_minutes"), t.get("recommended_gap_minutes"))
                if all(isinstance(g, int) for g in gaps) and gaps[0] > gaps[1]:
                    self.bad(file, f"{key}.min_gap_minutes", "must not be above recommended_gap_minutes")
        alt = data.get("alternating")
        if self.mapping(file, "alternating", alt, ["steps"]):
            self.sources(file, "alternating", alt)
            steps = alt.get("steps")
            if not isinstance(steps, list) or not steps:
                self.bad(file, "alternating.steps", "must be a non-empty list")
            else:
                for i, step in enumerate(steps):
                    skey = f"alternating.steps[{i}]"
                    if self.mapping(file, skey, step, ["phase", "minutes"]):
                        if step["phase"] not in (*THERAPY_IDS, "rest"):
                            self.bad(file, f"{skey}.phase", "must be ice, heat or rest")
                        high = 24 * 60 if step["phase"] == "rest" else MAX_THERAPY_MINUTES
                        self.integer(file, f"{skey}.minutes", step["minutes"], 1, high)
        checks = data.get("checks")
        if self.mapping(file, "checks", checks, THERAPY_IDS):
            for tid, block in checks.items():
                key = f"checks.{tid}"
                if not self.mapping(file, key, block, ["questions", "if_yes"]):
                    continue
                self.sources(file, key, block)
                self.refer(file, f"{key}.if_yes", block.get("if_yes"))
                for i, q in enumerate(block.get("questions") or []):
                    qkey = f"{key}.questions[{i}]"
                    if self.mapping(file, qkey, q, ["id", "prompt"]):
                        self.sources(file, qkey, q)
                        self.refer(file, f"{qkey}.prompt", q.get("prompt"))
                        if "if_yes" in q:
                            self.refer(file, f"{qkey}.if_yes", q.get("if_yes"))
                        if "instead" in q:
                            self.refer(file, f"{qkey}.instead", q.get("instead"))
        sedating = data.get("sedating")
        if sedating is not None and self.mapping(file, "sedating", sedating, ["medicines", "words"]):
            self.sources(file, "sedating", sedating)
            for part in ("medicines", "words"):
                if not isinstance(sedating[part], list) or not sedating[part] or not all(
                        isinstance(w, str) and w.strip() for w in sedating[part]):
                    self.bad(file, f"sedating.{part}", "must be a non-empty list of words")
        ev = data.get("evidence")
        if self.mapping(file, "evidence", ev, ["line"]):
            self.sources(file, "evidence", ev)
            self.refer(file, "evidence.line", ev.get("line"))
        asleep = data.get("asleep")
        if asleep is not None and self.mapping(file, "asleep", asleep, ["now", "named", "either"]):
            self.sources(file, "asleep", asleep)
            self.refer(file, "asleep.either", asleep.get("either"))
            for part in ("now", "named"):
                if self.mapping(file, f"asleep.{part}", asleep.get(part), THERAPY_IDS):
                    for tid in THERAPY_IDS:
                        self.refer(file, f"asleep.{part}.{tid}", asleep[part].get(tid))

    def check_exercises(self) -> None:
        file, data = "exercises.yaml", self.files["exercises.yaml"]
        if not self.mapping(file, "", data, ["exercises", "cautions"]):
            return
        if "side_words" in data:
            self.refer(file, "side_words", data["side_words"], clinical=False)
        cautions = data.get("cautions") if isinstance(data.get("cautions"), dict) else {}
        for cid, c in cautions.items():
            if self.mapping(file, f"cautions.{cid}", c, ["line", "skip"]):
                self.sources(file, f"cautions.{cid}", c)
                self.refer(file, f"cautions.{cid}.line", c.get("line"))
        if not self.mapping(file, "exercises", data.get("exercises")):
            return
        for eid, ex in data["exercises"].items():
            key = f"exercises.{eid}"
            if not ID_RE.match(str(eid)):
                self.bad(file, key, "exercise ids are snake_case")
            if not self.mapping(file, key, ex, ["name", "stage", "hold_seconds", "reps", "sides"]):
                continue
            self.sources(file, key, ex)
            self.text(file, f"{key}.name", ex.get("name"))
            self.integer(file, f"{key}.stage", ex.get("stage"), 0, 2)
            self.integer(file, f"{key}.hold_seconds", ex.get("hold_seconds"), 0, 120)
            self.integer(file, f"{key}.reps", ex.get("reps"), 1, 30)
            if ex.get("sides") not in (1, 2):
                self.bad(file, f"{key}.sides", "must be 1 or 2")
            for f in ("breathe_in_seconds", "breathe_out_seconds"):
                if f in ex:
                    self.integer(file, f"{key}.{f}", ex[f], 1, 10)
            for i, cid in enumerate(ex.get("cautions") or []):
                if cid not in cautions:
                    self.bad(file, f"{key}.cautions[{i}]", f"unknown caution {cid!r} (see cautions:)")
            for part in ("position", "move", "release"):
                self.refer(file, key, f"exercise.{eid}.{part}")

    def check_routines(self) -> None:
        file, data = "routines.yaml", self.files["routines.yaml"]
        if not self.mapping(file, "", data, ["routines", "stop_rules", "blocked_by"]):
            return
        exercise_ids = set((self.files["exercises.yaml"] or {}).get("exercises") or {})
        routines = data.get("routines")
        if self.mapping(file, "routines", routines):
            defaults = [rid for rid, r in routines.items() if isinstance(r, dict) and r.get("default")]
            if len(defaults) != 1:
                self.bad(file, "routines", f"exactly one routine must have default: true, found {defaults}")
            for rid, r in routines.items():
                key = f"routines.{rid}"
                if not self.mapping(file, key, r, ["name", "stage", "exercises", "intro"]):
                    continue
                self.sources(file, key, r)
                self.integer(file, f"{key}.stage", r.get("stage"), 0, 2)
                self.refer(file, f"{key}.intro", r.get("intro"))
                if self.text_list(file, f"{key}.exercises", r.get("exercises")):
                    for i, eid in enumerate(r["exercises"]):
                        if eid not in exercise_ids:
                            self.bad(file, f"{key}.exercises[{i}]", f"unknown exercise {eid!r} (see exercises.yaml)")
        stop = data.get("stop_rules")
        if self.mapping(file, "stop_rules", stop, ["line", "short_line"]):
            self.sources(file, "stop_rules", stop)
            self.refer(file, "stop_rules.line", stop.get("line"))
            self.refer(file, "stop_rules.short_line", stop.get("short_line"))
        if "dosing" in data:
            self.sources(file, "dosing", data["dosing"])
        if self.mapping(file, "blocked_by", data.get("blocked_by"), ["exclusions", "tiers"]):
            self.sources(file, "blocked_by", data["blocked_by"])

    def check_screening(self) -> None:
        file, data = "screening.yaml", self.files["screening.yaml"]
        if not self.mapping(file, "", data, ["tiers", "exclusions", "questions", "special", "escalation"]):
            return
        rescreen = data.get("rescreen")
        if self.mapping(file, "rescreen", rescreen, ["on_first_use", "on_new_symptom", "every_days", "episode_weeks",
                                                         "emergency_hours"]):
            for flag in ("on_first_use", "on_new_symptom"):
                if rescreen.get(flag) is not True:
                    self.bad(file, f"rescreen.{flag}", "must be true: the red-flag questions are never skipped then")
            self.integer(file, "rescreen.every_days", rescreen.get("every_days"), 1, 30)
            self.integer(file, "rescreen.episode_weeks", rescreen.get("episode_weeks"), 1, 52)
            # the emergency advice is remembered at least a day, whatever the clock time it was given (review6 #11)
            self.integer(file, "rescreen.emergency_hours", rescreen.get("emergency_hours"), 24, 72)
        tiers = data.get("tiers")
        if self.mapping(file, "tiers", tiers):
            if set(tiers) != {1, 2, 3, 4}:
                self.bad(file, "tiers", f"must define tiers 1, 2, 3 and 4, got {sorted(tiers)}")
            for t, block in tiers.items():
                if self.mapping(file, f"tiers.{t}", block, ["name", "outcome", "unsure_counts_as_yes"]):
                    self.sources(file, f"tiers.{t}", block)
                    self.refer(file, f"tiers.{t}.outcome", block.get("outcome"))
            if isinstance(tiers.get(1), dict) and tiers[1].get("unsure_counts_as_yes") is not True:
                self.bad(file, "tiers.1.unsure_counts_as_yes", "must be true: for tier 1, not sure counts as yes")
        ids = set()
        for i, ex in enumerate(data.get("exclusions") or []):
            key = f"exclusions[{i}]"
            if self.mapping(file, key, ex, ["id", "prompt", "outcome", "then"]):
                self.sources(file, key, ex)
                self.refer(file, f"{key}.prompt", ex.get("prompt"))
                self.refer(file, f"{key}.outcome", ex.get("outcome"))
                if "no_from_age" in ex and not isinstance(ex["no_from_age"], int):
                    self.bad(file, f"{key}.no_from_age", "must be a whole number of years")
                if "at_outcome" in ex:      # said again with a tier 2-4 outcome when the answer was yes
                    self.refer(file, f"{key}.at_outcome", ex["at_outcome"])
                if "self_care" in ex:       # the tier-4 outcome said instead when the answer was yes
                    self.refer(file, f"{key}.self_care", ex["self_care"])
                if ex.get("then") not in ("stop", "continue"):
                    self.bad(file, f"{key}.then", "must be stop or continue")
        questions = data.get("questions")
        if not isinstance(questions, list) or not questions:
            self.bad(file, "questions", "must be a non-empty list")
            questions = []
        for i, q in enumerate(questions):
            key = f"questions[{i}]"
            if not self.mapping(file, key, q, ["id", "tier", "prompt", "triggers", "phrases"]):
                continue
            key = f"questions[{i}]({q['id']})"
            if q["id"] in ids:
                self.bad(file, key, f"duplicate question id {q['id']!r}")
            ids.add(q["id"])
            self.sources(file, key, q)
            signs = q.get("emergency_signs")
            if signs is not None and self.mapping(file, f"{key}.emergency_signs", signs, ["rule"]):
                self.sources(file, f"{key}.emergency_signs", signs)   # a rule in code: its own sources
            self.integer(file, f"{key}.tier", q.get("tier"), 1, 3)
            self.refer(file, f"{key}.prompt", q.get("prompt"))
            if "outcome" in q:
                self.refer(file, f"{key}.outcome", q["outcome"])
            triggers = q.get("triggers")
            if not isinstance(triggers, list) or not triggers or not set(triggers) <= ANSWERS:
                hint = " (quote them: YAML reads a bare yes as true)" if isinstance(triggers, list) and any(
                    isinstance(t, bool) for t in triggers) else ""
                self.bad(file, f"{key}.triggers", f"must be a non-empty list from {sorted(ANSWERS)}{hint}")
            elif q.get("tier") == 1 and not {"yes", "unsure"} <= set(triggers):
                self.bad(file, f"{key}.triggers", "a tier-1 question must trigger on yes and unsure")
            self.text_list(file, f"{key}.phrases", q.get("phrases"))
        special = data.get("special")
        if self.mapping(file, "special", special):
            for sid, s in special.items():
                if self.mapping(file, f"special.{sid}", s, ["prompt", "answers"]):
                    self.sources(file, f"special.{sid}", s)
                    self.refer(file, f"special.{sid}.prompt", s.get("prompt"))
                    for ans, rule in (s.get("answers") or {}).items():
                        target = rule.get("becomes") if isinstance(rule, dict) else "?"
                        if target is not None and target not in ids:
                            self.bad(file, f"special.{sid}.answers.{ans}.becomes", f"unknown question id {target!r}")
        for q in questions:
            if isinstance(q, dict) and q.get("ask_if") is not None and q["ask_if"] not in ids:
                self.bad(file, f"questions({q.get('id')}).ask_if", f"unknown question id {q['ask_if']!r}")
            if isinstance(q, dict) and q.get("said_then_no") is not None and q["said_then_no"] not in ids:
                self.bad(file, f"questions({q.get('id')}).said_then_no", f"unknown question id {q['said_then_no']!r}")
            if isinstance(q, dict) and "age_at_least" in q:
                self.integer(file, f"questions({q.get('id')}).age_at_least", q["age_at_least"], 16, 120)
            if isinstance(q, dict) and "age_only" in q and (not isinstance(q["age_only"], bool) or "age_at_least" not in q):
                self.bad(file, f"questions({q.get('id')}).age_only", "must be true or false, beside age_at_least")
        # Escalation rules may name questions, special answers and exclusions (a yes to one counts as a hit).
        known = ids | set(special or {}) | {x.get("id") for x in data.get("exclusions") or [] if isinstance(x, dict)}
        for i, rule in enumerate(data.get("escalation") or []):
            key = f"escalation[{i}]"
            if not self.mapping(file, key, rule, ["id", "when", "tier", "outcome"]):
                continue
            self.sources(file, key, rule)
            self.refer(file, f"{key}.outcome", rule.get("outcome"))
            self.integer(file, f"{key}.tier", rule.get("tier"), 1, 4)
            when = rule.get("when") if isinstance(rule.get("when"), dict) else {}
            if not when:
                self.bad(file, f"{key}.when", "must be a mapping with all/any/tier_count")
            for field in ("all", "any"):
                for j, qid in enumerate(when.get(field) or []):
                    if qid not in known:
                        self.bad(file, f"{key}.when.{field}[{j}]", f"unknown question id {qid!r}")
            if "tier_count" in when:
                tc = when["tier_count"]
                if self.mapping(file, f"{key}.when.tier_count", tc, ["tier", "at_least"]):
                    self.integer(file, f"{key}.when.tier_count.at_least", tc.get("at_least"), 1, 20)

    def check_responses(self) -> None:
        for file, data in self.response_files.items():
            area = file.rsplit("/", 1)[-1][: -len(".yaml")]
            if data is None:
                continue                                # an empty area file is fine
            if not self.mapping(file, "", data):
                continue
            for key, entry in data.items():
                if not isinstance(key, str) or not KEY_RE.match(key):
                    self.bad(file, str(key), "response keys are dotted snake_case, like therapy.started")
                    continue
                if key.split(".", 1)[0] != area:
                    self.bad(file, key, f"keys in {file} must start with '{area}.'")
                if key in self.catalogue:
                    self.bad(file, key, f"already defined in {self.catalogue_file[key]}")
                    continue
                if self.check_entry(file, key, entry):
                    self.catalogue[key] = entry
                    self.catalogue_file[key] = file

    def check_entry(self, file: str, key: str, entry) -> bool:
        """One catalogue entry: fields, types, placeholders, sources."""
        if not self.mapping(file, key, entry):
            return False
        ok = True
        for field in entry:
            if field not in ENTRY_FIELDS:
                self.bad(file, f"{key}.{field}", f"unknown field; allowed: {sorted(ENTRY_FIELDS)}")
                ok = False
        if ("speech" in entry) == ("words" in entry):
            self.bad(file, key, "needs exactly one of speech (a line or a list of variations) or words")
            return False
        if "words" in entry and not self.text_list(file, f"{key}.words", entry["words"]):
            return False
        speech = entry.get("speech")
        if "speech" in entry:
            if isinstance(speech, list):
                ok &= self.text_list(file, f"{key}.speech", speech)
            else:
                ok &= self.text(file, f"{key}.speech", speech)
        if "reprompt" in entry:
            ok &= self.text(file, f"{key}.reprompt", entry["reprompt"])
        if "card" in entry and self.mapping(file, f"{key}.card", entry["card"], ["title", "text"]):
            for f in ("title", "text"):
                ok &= self.text(file, f"{key}.card.{f}", entry["card"].get(f))
        params = entry.get("params", [])
        if not isinstance(params, list) or not all(isinstance(p, str) and ID_RE.match(p) for p in params):
            self.bad(file, f"{key}.params", "must be a list of snake_case parameter names")
            params = []
        if "tier" in entry:
            ok &= self.integer(file, f"{key}.tier", entry["tier"], 1, 4)
            self.sources(file, key, entry)
        if "sources" in entry:
            self.sources(file, key, entry)
        ok &= self.review(file, key, entry)
        allowed = set(params) | self.locale_say
        for path, text in entry_texts(entry):
            try:
                names = placeholders(text)
            except ValueError as exc:
                self.bad(file, f"{key}.{path}", str(exc))
                ok = False
                continue
            for name in names:
                if name not in allowed:
                    self.bad(file, f"{key}.{path}", f"placeholder {{{name}}} is not in params {params} "
                                                    "nor a locale placeholder")
                    ok = False
        return ok

    def review(self, file: str, key: str, entry: dict) -> bool:
        """A sign-off names who and when (YYYY-MM-DD), or nothing; the digest is the one the review pack shows."""
        signed = {f: entry.get(f) for f in REVIEW_FIELDS if entry.get(f) not in (None, "")}
        if not signed:
            return True
        ok = True
        if "reviewed_by" not in signed or "reviewed_on" not in signed:
            self.bad(file, key, "a review needs both reviewed_by and reviewed_on (or neither)")
            ok = False
        if "reviewed_by" in signed:
            ok &= self.text(file, f"{key}.reviewed_by", signed["reviewed_by"])
        on = signed.get("reviewed_on")
        if on is not None and not DATE_RE.match(str(on)):
            self.bad(file, f"{key}.reviewed_on", f"must be a date YYYY-MM-DD (quoted), got {on!r}")
            ok = False
        dig = signed.get("reviewed_digest")
        if dig is not None and not DIGEST_RE.match(str(dig)):
            self.bad(file, f"{key}.reviewed_digest", f"must be the 12-character digest the review pack shows, got {dig!r}")
            ok = False
        return ok

    def check_links(self) -> None:
        """Every response key a data file refers to exists, and clinical lines cite a source."""
        for rkey, (file, key) in self.referenced.items():
            entry = self.catalogue.get(rkey)
            if entry is None:
                self.bad(file, key, f"refers to response key {rkey!r}, which no responses/*.yaml defines")
            elif not entry.get("sources") and rkey not in self.plain_refs:
                self.bad(self.catalogue_file[rkey], f"{rkey}.sources",
                         f"spoken by a clinical item ({file}: {key}), so it needs sources")
        for code, loc in (self.files["locales.yaml"] or {}).get("locales", {}).items():
            overrides = loc.get("responses") if isinstance(loc, dict) else None
            for rkey, entry in (overrides or {}).items():
                key = f"locales.{code}.responses.{rkey}"
                if rkey not in self.catalogue:
                    self.bad("locales.yaml", key, "overrides a response key that does not exist")
                else:
                    self.check_entry("locales.yaml", key, entry)

    def run(self) -> list[tuple[str, str, str]]:
        self.check_sources()
        self.check_locales()
        for name, check in (("therapy.yaml", self.check_therapy), ("exercises.yaml", self.check_exercises),
                            ("routines.yaml", self.check_routines), ("screening.yaml", self.check_screening)):
            if self.files.get(name) is None:
                self.bad(name, "-", "file is empty")
            else:
                check()
        self.check_responses()
        self.check_links()
        return self.problems
