"""Issue 16 units: the country decision, the device's own day, AMAZON.DATE/TIME in the simulator, reminder times,
and that no reminder text names a symptom or an answer (reminders show in the Alexa app)."""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from pathlib import Path

import pytest

import content
from simulator.datetimes import alexa_date, alexa_time
from skill import locality
from skill.domain import reminders as domain
from skill.domain.clock import in_zone, local_date

C = content.get()
ROOT = Path(__file__).resolve().parents[1]


# -- the country decision -------------------------------------------------------------------------------------

@pytest.mark.parametrize("locale, kwargs, country, source", [
    ("en-US", {"zone": "Asia/Kolkata"}, "IN", "time_zone"),
    ("en-AU", {"zone": "Pacific/Auckland"}, "NZ", "time_zone"),
    ("en-GB", {"zone": "Europe/Dublin"}, "IE", "time_zone"),
    ("en-GB", {"zone": "Europe/London"}, "GB", "time_zone"),
    ("en-GB", {"zone": "Europe/London", "address": ("IE", "D02 X285")}, "IE", "address"),
    ("en-GB", {"zone": "Europe/London", "address": ("GB", "bt7 1nn")}, "GB-NIR", "address"),
    ("en-US", {"zone": "Asia/Kolkata", "address": ("US", "10001")}, "US", "address"),
    ("en-US", {"zone": "Asia/Kolkata", "address": ("DE", "10115")}, "ZZ", "address"),    # a country with no entry
    ("en-US", {"address": ("", "10115")}, "US", "locale"),                                # no country code: next
    ("en-GB", {"zone": "Europe/Berlin"}, "ZZ", "time_zone"),                              # never 999 in Germany
    ("en-US", {"zone": "Asia/Tokyo"}, "ZZ", "time_zone"),                                 # never 911 in Japan
    ("en-US", {"zone": "UTC"}, "US", "locale"),                                           # an offset is no place
    ("en-US", {"zone": "Etc/GMT+5"}, "US", "locale"),
    ("en-US", {"zone": "America/Phoenix"}, "US", "time_zone"),
    ("en-US", {"zone": "America/Knox_IN"}, "US", "time_zone"),                           # old aliases devices send
    ("en-US", {"zone": "US/Indiana-Starke"}, "US", "time_zone"),
    ("en-US", {"zone": "America/Shiprock"}, "US", "time_zone"),
    ("en-US", {"zone": "America/Atka"}, "US", "time_zone"),
    ("en-CA", {"zone": "America/Coral_Harbour"}, "CA", "time_zone"),
    ("en-GB", {"zone": "Europe/Belfast"}, "GB", "time_zone"),
    ("en-US", {"zone": "America/Puerto_Rico"}, "ZZ", "time_zone"),                       # no sourced number yet
    ("en-GB", {"zone": "Europe/Jersey"}, "ZZ", "time_zone"),
    ("en-GB", {}, None, "locale"),
    ("en-AU", {}, None, "locale"),
    ("en-US", {}, "US", "locale"),
    ("en-IN", {}, "IN", "locale"),
    ("en-GB", {"remembered": "IE"}, "IE", "remembered"),
    ("en-GB", {"zone": "Europe/London", "remembered": "IE"}, "GB", "time_zone"),
    ("en-GB", {"remembered": "XX"}, None, "locale"),
])
def test_address_then_time_zone_then_remembered_then_locale(locale, kwargs, country, source):
    decided = locality.decide(C, locale, **kwargs)
    assert (decided.country, decided.source) == (country, source)


def test_the_zone_for_the_day_falls_back_to_the_locales_main_zone():
    assert locality.decide(C, "en-IN").zone == "Asia/Kolkata"
    assert locality.decide(C, "en-GB", zone="Not/A_Zone").zone == "Europe/London"
    assert locality.decide(C, "en-US", zone="Pacific/Auckland").zone == "Pacific/Auckland"


@pytest.mark.parametrize("country, spoken, card, not_said", [
    ("IN", "one one two", "112", "nine one one"),
    ("NZ", "one one one", "111", "triple zero"),
    ("IE", "one one two, or nine nine nine", "112 or 999", "NHS"),
    ("GB-NIR", "nine nine nine", "999", "NHS"),
    ("GB", "nine nine nine", "999", "one one two"),
])
def test_a_known_country_replaces_the_locales_numbers_and_route(country, spoken, card, not_said):
    params = C.locale_params("en-US", country)
    assert params["emergency"].startswith(spoken) and card in params["emergency_card"]
    assert not_said not in params["emergency"] + params["urgent"] + params["urgent_card"]
    assert params["tummy"] == C.locale_params("en-US")["tummy"]       # the rest stays the locale's words


def test_a_country_with_no_entry_names_no_number_in_any_locale():
    for locale in C.locales:
        params = C.locale_params(locale, "ZZ")
        said = " ".join(params[name] for name in ("emergency", "emergency_card", "urgent", "urgent_card", "ed"))
        assert params["emergency"] == "your local emergency number", locale
        assert not any(ch.isdigit() for ch in said), (locale, said)
        for number in ("nine one one", "nine nine nine", "triple zero", "one one two", "one one one"):
            assert number not in said, (locale, number)


def test_every_country_is_sourced_and_every_zone_is_real():
    for code, country in C.countries.items():
        assert country["sources"] and all(s in C.sources for s in country["sources"]), code
        for zone in country["zones"]:
            zoneinfo.ZoneInfo(zone)


def test_northern_ireland_is_told_apart_by_the_postal_code_only():
    assert C.country_for_address("GB", "BT1 5GS") == "GB-NIR"
    assert C.country_for_address("GB", "SW1A 1AA") == "GB"
    assert "GP out-of-hours" in C.countries["GB-NIR"]["say"]["urgent"]
    assert "Northern Ireland" in C.countries["GB"]["say"]["urgent"]     # time zone alone: both UK routes


# -- the person's own day -------------------------------------------------------------------------------------

def test_the_day_is_the_devices_own():
    late_utc = dt.datetime(2026, 12, 1, 13, 30, tzinfo=dt.timezone.utc)      # 00:30 on the 2nd in Sydney
    assert local_date(in_zone(late_utc, "Australia/Sydney")) == dt.date(2026, 12, 2)
    assert local_date(in_zone(late_utc, None)) == dt.date(2026, 12, 1)
    assert in_zone(late_utc, "Australia/Sydney") == late_utc                 # the same instant
    assert locality.local_date(late_utc, "America/Los_Angeles") == dt.date(2026, 12, 1)


# -- AMAZON.DATE / AMAZON.TIME as the simulator fills them -----------------------------------------------------

@pytest.mark.parametrize("words, value", [
    ("nine", "09:00"), ("9", "09:00"), ("nine a m", "09:00"), ("9 30 pm", "21:30"), ("half past three in afternoon",
     "15:30"), ("quarter to nine", "08:45"), ("noon", "12:00"), ("evening", "EV"), ("ten o'clock", "10:00"),
    ("seven in evening", "19:00"),
])
def test_alexa_time(words, value):
    assert alexa_time(words) == value


def test_alexa_date():
    tuesday = dt.date(2026, 12, 1)
    assert alexa_date("today", tuesday) == "2026-12-01"
    assert alexa_date("tomorrow", tuesday) == "2026-12-02"
    assert alexa_date("day after tomorrow", tuesday) == "2026-12-03"
    assert alexa_date("friday", tuesday) == "2026-12-04"
    assert alexa_date("tuesday", tuesday) == "2026-12-08"
    assert alexa_date("someday", tuesday) is None


# -- when a reminder goes off ----------------------------------------------------------------------------------

KOLKATA = zoneinfo.ZoneInfo("Asia/Kolkata")


def test_when_a_date_and_time_a_time_alone_or_a_day_alone():
    now = dt.datetime(2026, 12, 1, 21, 30, tzinfo=KOLKATA)
    assert domain.when(now, "2026-12-02", "09:00") == dt.datetime(2026, 12, 2, 9, 0, tzinfo=KOLKATA)
    assert domain.when(now, None, "09:00") == dt.datetime(2026, 12, 2, 9, 0, tzinfo=KOLKATA)   # next nine
    assert domain.when(now, None, "22:00") == dt.datetime(2026, 12, 1, 22, 0, tzinfo=KOLKATA)
    assert domain.when(now, "2026-12-03", None) == dt.datetime(2026, 12, 3, 9, 0, tzinfo=KOLKATA)
    assert domain.when(now, "2026-12-02", "EV") == dt.datetime(2026, 12, 2, 18, 0, tzinfo=KOLKATA)
    with pytest.raises(domain.WhenError, match="past"):
        domain.when(now, "2026-12-01", "09:00")
    with pytest.raises(domain.WhenError, match="unreadable"):
        domain.when(now, "2026-W49", None)


def test_later_today_is_three_hours_on_unless_that_is_late_evening():
    assert domain.later_today(dt.datetime(2026, 12, 1, 10, 0, tzinfo=KOLKATA)).hour == 13
    late = domain.later_today(dt.datetime(2026, 12, 1, 19, 0, tzinfo=KOLKATA))
    assert (late.day, late.hour) == (2, 9)


def test_a_payload_is_local_time_with_the_devices_zone():
    at = dt.datetime(2026, 12, 2, 9, 0, tzinfo=KOLKATA)
    body = domain.payload({"en-US": "x"}, at=at, zone="Asia/Kolkata")
    assert body["trigger"] == {"type": "SCHEDULED_ABSOLUTE", "scheduledTime": "2026-12-02T09:00:00",
                               "timeZoneId": "Asia/Kolkata"}
    assert domain.payload({"en-US": "x"}, offset_seconds=3600)["trigger"] == {"type": "SCHEDULED_RELATIVE",
                                                                              "offsetInSeconds": 3600}


# -- what a reminder says ------------------------------------------------------------------------------------

def _symptom_words() -> set[str]:
    """Words a symptom or a screening answer is said with: the SYMPTOM slot type of every model, the screening's
    phrases, and the words of the outcomes."""
    phrases = set()
    for path in (ROOT / "interaction_models").glob("en-*.json"):
        lm = json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
        for slot_type in lm["types"]:
            if slot_type["name"] == "SYMPTOM":
                for value in slot_type["values"]:
                    phrases.add(value["name"]["value"])
                    phrases.update(value["name"].get("synonyms", []))
    for question in C.screening["questions"]:
        phrases.update(question.get("phrases", []))
    return phrases


ANSWER_WORDS = {"yes", "no", "unsure", "pain", "painful", "numb", "numbness", "tingling", "weak", "weakness",
                "fever", "bladder", "bowel", "bowels", "pee", "peeing", "cancer", "pregnant", "emergency", "urgent",
                "doctor", "gp", "hospital", "symptom", "symptoms", "serious", "warning", "worse", "leg", "legs",
                "sciatica", "injury", "fall", "steroid", "steroids", "osteoporosis", "weight", "night", "ambulance"}


@pytest.mark.parametrize("locale", sorted(C.locales))
def test_no_reminder_text_names_a_symptom_or_an_answer(locale):
    phrases = {p.lower() for p in _symptom_words() if len(p) > 3}
    assert len(phrases) > 50
    for kind in domain.KINDS:
        text = content.get().locales and __import__("skill.render", fromlist=["render_text"]).render_text(
            C, locale, f"reminders.text.{kind}")
        plain = text.lower().replace("spasm coach", "")           # the skill's own name, needed to open it
        words = set(re.findall(r"[a-z']+", plain))
        assert not words & ANSWER_WORDS, (kind, words & ANSWER_WORDS)
        said = [p for p in phrases if p in plain and re.search(rf"\b{re.escape(p)}\b", plain)]   # (`in`: fast)
        assert not said, (kind, said)
        assert text.endswith("Say: Alexa, open Spasm Coach.")


# -- the emulated APIs -----------------------------------------------------------------------------------------

def _api(**device):
    from simulator import envelopes as env
    from simulator.alexa_api import AlexaApi, VirtualClock
    dev = env.Device(**device)
    clock = VirtualClock(start=dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc))
    return AlexaApi(clock, token=dev.api_token, device=dev), dev


def _call(api, dev, method, path, body=None):
    headers = {"Authorization": f"Bearer {dev.api_token}"}
    return api.handle(method, path, headers, json.dumps(body).encode() if body is not None else b"")


def test_emulated_settings_and_address():
    from simulator.envelopes import ADDRESS_SCOPE
    api, dev = _api(timezone="Pacific/Auckland", country="NZ", postal_code="1010")
    assert _call(api, dev, "GET", f"/v2/devices/{dev.device_id}/settings/System.timeZone") == (200, "Pacific/Auckland")
    address = f"/v1/devices/{dev.device_id}/settings/address/countryAndPostalCode"
    assert _call(api, dev, "GET", address)[0] == 403                       # not readable without the permission
    dev.grant(ADDRESS_SCOPE)
    assert _call(api, dev, "GET", address) == (200, {"countryCode": "NZ", "postalCode": "1010"})
    assert _call(api, dev, "GET", "/v2/devices/someone-else/settings/System.timeZone")[0] == 403
    api.fail(503)
    assert _call(api, dev, "GET", address)[0] == 503


def test_emulated_reminders_fire_on_the_virtual_clock():
    from simulator.envelopes import REMINDER_SCOPE
    api, dev = _api(timezone="Asia/Kolkata")
    body = domain.payload({"en-US": "Time for your gentle stretches."},
                          at=dt.datetime(2026, 12, 2, 9, 0, tzinfo=KOLKATA), zone="Asia/Kolkata")
    assert _call(api, dev, "POST", "/v1/alerts/reminders", body)[0] == 401          # permission first
    dev.grant(REMINDER_SCOPE)
    status, made = _call(api, dev, "POST", "/v1/alerts/reminders", body)
    assert status == 200 and made["status"] == "ON"
    assert api.reminder_list() == [{"text": "Time for your gentle stretches.", "scheduled": "2026-12-02T09:00",
                                    "time_zone": "Asia/Kolkata", "utc": "2026-12-02T03:30:00.000Z"}]
    listed = _call(api, dev, "GET", "/v1/alerts/reminders")[1]
    assert listed["totalCount"] == "1" and listed["alerts"][0]["alertToken"] == made["alertToken"]
    past = domain.payload({"en-US": "x"}, at=dt.datetime(2026, 12, 1, 9, 0, tzinfo=KOLKATA), zone="Asia/Kolkata")
    assert _call(api, dev, "POST", "/v1/alerts/reminders", past)[0] == 400
    assert api.next_trigger() == dt.datetime(2026, 12, 2, 3, 30, tzinfo=dt.timezone.utc)
    fired = api.due(dt.datetime(2026, 12, 2, 3, 30, tzinfo=dt.timezone.utc))
    assert [(f.kind, f.text) for f in fired] == [("REMINDER", "Time for your gentle stretches.")]
    assert api.reminder_list() == []
    assert _call(api, dev, "DELETE", f"/v1/alerts/reminders/{made['alertToken']}")[0] == 404


def test_the_simulator_refuses_an_unknown_time_zone():
    from simulator.session import Simulator
    with pytest.raises(ValueError, match="unknown time zone"):
        Simulator(timezone="Mars/Base")
    with pytest.raises(ValueError, match="no interaction model for locale 'fr-FR'.*en-GB"):
        Simulator(locale="fr-FR")
    assert Simulator(locale="en-AU").device.timezone == "Australia/Sydney"      # the locale's default
    sim = Simulator(locale="en-GB", country="GB-NIR", permissions=True)
    assert (sim.device.country, sim.device.postal_code[:2]) == ("GB", "BT")


@pytest.mark.parametrize("duration, seconds", [("PT2H", 7200), ("PT1H", 3600), ("PT20M", 1200), ("PT0.5H", 1800),
                                               ("P1D", 86400)])
def test_remind_me_in_a_while_is_that_long_from_now(duration, seconds):
    assert domain.offset_seconds(duration) == seconds


@pytest.mark.parametrize("duration", ["PT10S", "?", "PT", "P40D", None])
def test_remind_me_in_a_while_that_cannot_be_meant_is_unreadable(duration):
    with pytest.raises(domain.WhenError, match="unreadable"):
        domain.offset_seconds(duration)


def test_the_same_reminder_is_not_set_twice():
    now = dt.datetime(2026, 12, 1, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    texts = {"stretches": {"Time for your gentle stretches."}, "checkin": {"Time for your check-in."}}
    listed = [{"text": "Time for your gentle stretches.", "at": now + dt.timedelta(hours=2)}]
    assert domain.already_set(listed, "stretches", now + dt.timedelta(hours=2, seconds=20), texts)
    assert not domain.already_set(listed, "checkin", now + dt.timedelta(hours=2), texts)
    assert not domain.already_set(listed, "stretches", now + dt.timedelta(hours=3), texts)
