"""Content: the validated data, with look-ups by locale and response key."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

# The device is in a country the content has no entry for (ISO 3166 "unknown"): lines say "your local emergency
# number", never another country's.
ELSEWHERE = "ZZ"


@dataclass(frozen=True)
class Content:
    """Everything the skill can say and the clinical data behind it, read-only after loading."""

    sources: dict
    locales: dict              # code -> locale dict (countries, say, responses?)
    default_locale: str
    therapy: dict
    exercises: dict            # the whole exercises.yaml (exercises, cautions)
    routines: dict             # the whole routines.yaml (routines, stop_rules, dosing, blocked_by)
    screening: dict
    responses: dict            # key -> entry
    response_files: dict = field(default_factory=dict)   # key -> responses/<area>.yaml
    referenced_keys: frozenset = frozenset()              # response keys data files speak through
    countries: dict = field(default_factory=dict)         # code -> country (name, emergency, say, zones, ...)

    def locale_code(self, locale: str | None) -> str:
        """The supported locale for a request locale: exact match, else the default (en-US)."""
        return locale if locale in self.locales else self.default_locale

    def locale(self, locale: str | None) -> dict:
        return self.locales[self.locale_code(locale)]

    def locale_params(self, locale: str | None, country: str | None = None) -> dict:
        """The placeholders every line may use in this locale ({emergency}, {urgent}, {hot_water_bottle}...);
        with a known COUNTRY, its emergency number, same-day route and emergency department replace the
        locale's (an en-US device in India says 112, not 911)."""
        params = dict(self.locale(locale)["say"])
        if isinstance(country, str) and country in self.countries:
            params.update(self.countries[country]["say"])
        return params

    def country_for_zone(self, zone: str | None) -> str | None:
        """The country whose time zones include ZONE, else None."""
        return self._zone_index.get(zone or "")

    def country_for_address(self, country_code: str | None, postal_code: str | None = None) -> str | None:
        """The country (or region with its own route, from the postal code) for a device address, else None."""
        code = (country_code or "").strip().upper()
        if code not in self.countries:
            return None
        postal = (postal_code or "").strip().upper()
        for prefix, region in (self.countries[code].get("postal_prefixes") or {}).items():
            if postal.startswith(prefix):
                return region
        return code

    def country_name(self, country: str | None) -> str:
        """'India (112)': a known country and its emergency number, for a log line; '-' when unknown."""
        found = self.countries.get(country) if isinstance(country, str) else None
        return f"{found['name']} ({found['emergency']})" if found else "-"

    def locale_countries(self, locale: str | None) -> list[str]:
        """The countries a locale serves (en-GB: GB and IE)."""
        return [c["code"] for c in self.locale(locale)["countries"]]

    @cached_property
    def _zone_index(self) -> dict[str, str]:
        return {zone: code for code, country in self.countries.items() for zone in country.get("zones", [])}

    def entry(self, key: str, locale: str | None = None) -> dict:
        """The catalogue entry for a key, with this locale's override when it has one; KeyError if unknown."""
        overrides = self.locale(locale).get("responses") or {}
        if key in overrides:
            return overrides[key]
        return self.responses[key]

    def has(self, key: str) -> bool:
        return key in self.responses

    def words(self, key: str, locale: str | None = None) -> list[str]:
        """A word list entry such as common.count or common.side."""
        return list(self.entry(key, locale)["words"])

    def exercise(self, exercise_id: str) -> dict:
        return self.exercises["exercises"][exercise_id]

    def routine(self, routine_id: str) -> dict:
        return self.routines["routines"][routine_id]

    def default_routine_id(self) -> str:
        return next(rid for rid, r in self.routines["routines"].items() if r.get("default"))

    def question(self, question_id: str) -> dict:
        return next(q for q in self.screening["questions"] if q["id"] == question_id)

    def question_for_phrase(self, phrase: str) -> str | None:
        """The symptom id a phrase a person said maps to (case and punctuation ignored), or None."""
        return self._phrase_index.get(_norm(phrase))

    @cached_property
    def _phrase_index(self) -> dict[str, str]:
        """Every symptom phrase, normalised -> its id (built on first use; the first question to list it wins,
        the screening's questions before its special cases)."""
        index: dict[str, str] = {}
        for q in self.screening["questions"]:
            for p in q["phrases"]:
                index.setdefault(_norm(p), q["id"])
        for sid, special in self.screening["special"].items():
            for p in special.get("phrases", []):
                index.setdefault(_norm(p), sid)
        return index


def _norm(text: str) -> str:
    return " ".join("".join(c for c in text.lower().replace("’", "'") if c.isalnum() or c in " '").split())
