"""`make fuzz`: signed envelopes built from the interaction model (every intent, its slots), with random slot values
and random session attributes, against the real server (a `spasm-coach serve --dev-certs` process on loopback,
SQLite in a temporary folder, the emulated Alexa API on loopback). Counts 5xx, 4xx, answers that are not strict
JSON, apologies (frame.error) and the slowest answer; exits 1 if any 5xx, invalid JSON or answer over 6 s.

    .venv/bin/python tests/tools/fuzz_webhook.py [--count 5000] [--seed 14] [--clients 4]
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import http.client
import json
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))            # tests/: conftest helpers, faults
sys.path.insert(0, str(HERE.parent.parent))     # the repository

from conftest import SKILL_ID, encode, make_envelope  # noqa: E402
from faults import strict_json  # noqa: E402
from tools.server import ServerProcess  # noqa: E402

TIMER_SCOPE = "alexa::alerts:timers:skill:readwrite"
FLOWS = [None, "therapy", "routine", "screening", "forget", "reminder", "bogus", 7, [], {}]
SESSION_KEYS = ["flow", "therapy", "routine", "screening", "outcome_tier", "misses", "exclusions", "pending",
                "heat_check", "check_index", "question_index", "answers", "phase", "exercise_index", "rep",
                "awaiting", "routine_id", "kind", "minutes", "confirmed", "clarified", "urgent_first"]
ODD_STRINGS = ["", " ", "?", "null", "None", "1e400", "-1", "0", "NaN", "inf", "PT", "P1D", "PT99999H", "PT0S",
               "ice", "heat", "both", "floor", "yes", "no", "worse", "better", "same", "ask", "cant_walk",
               "\u0000", "\ud7ff\ue000", "é" * 50, "<speak>", "&amp;", "{", "]", "a" * 2000, "\n\t", "🙂" * 20,
               "2024-02-30", "9999-12-31T23:59:59Z", "amzn1.ask.skill.x", "%2e%2e%2fsecret"]
REQUEST_TYPES = ["LaunchRequest"] * 3 + ["IntentRequest"] * 14 + [
    "SessionEndedRequest", "Connections.Response", "CanFulfillIntentRequest", "System.ExceptionEncountered",
    "AlexaSkillEvent.SkillPermissionAccepted", "Display.ElementSelected", "AudioPlayer.PlaybackStarted",
    "Reminders.ReminderCreated", "Bogus.Type"]


def model(locale: str) -> dict:
    path = HERE.parent.parent / "interaction_models" / f"{locale}.json"
    return json.loads(path.read_text())["interactionModel"]["languageModel"]


def random_value(rng: random.Random, depth: int = 0):
    roll = rng.random()
    if depth > 3 or roll < 0.35:
        return rng.choice([None, True, False, 0, -1, 1, 2 ** 70, 3.5, -0.0, 1e308, rng.randint(-10, 100),
                           rng.choice(ODD_STRINGS), rng.choice(SESSION_KEYS)])
    if roll < 0.6:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(SESSION_KEYS + ["x", "id", "0"]): random_value(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def random_attributes(rng: random.Random) -> dict:
    roll = rng.random()
    if roll < 0.25:
        return {}
    attributes = {key: random_value(rng) for key in rng.sample(SESSION_KEYS, rng.randint(1, 6))}
    attributes["flow"] = rng.choice(FLOWS)
    if rng.random() < 0.05:                       # very deep nesting
        deep: dict = {}
        node = deep
        for _ in range(rng.choice([40, 200, 900])):
            node["d"] = {}
            node = node["d"]
        attributes[rng.choice(SESSION_KEYS)] = deep
    return attributes


def slot_value(rng: random.Random, slot_type: str, types: dict) -> str | None:
    roll = rng.random()
    if roll < 0.15:
        return None
    if slot_type == "AMAZON.NUMBER":
        return rng.choice([str(rng.randint(-5, 200)), "1e400", "inf", "nan", "?", "12.5", "9" * 30, "-0"])
    if slot_type == "AMAZON.DURATION":
        return rng.choice([f"PT{rng.randint(0, 300)}M", f"PT{rng.randint(0, 30)}H", "P" + "9" * 400 + "D",
                           "PT0.5S", "P1W", "PT", "garbage", f"PT{rng.randint(1, 90)}M{rng.randint(0, 59)}S"])
    if slot_type in ("AMAZON.DATE", "AMAZON.TIME"):
        return rng.choice(["2024-05-01", "2025-W01", "XXXX-12-25", "T", "MO", "EV", "17:30", "25:99", "?"])
    values = types.get(slot_type) or []
    if values and roll < 0.7:
        value = rng.choice(values)
        return rng.choice([value["name"]["value"], *(value["name"].get("synonyms") or [value["name"]["value"]])])
    return rng.choice(ODD_STRINGS)


def envelope(rng: random.Random, languages: dict, api_url: str) -> dict:
    locale = rng.choice(list(languages))
    language = languages[locale]
    types = {t["name"]: t["values"] for t in language["types"]}
    kind = rng.choice(REQUEST_TYPES)
    intent = slots = None
    if kind in ("IntentRequest", "CanFulfillIntentRequest"):
        chosen = rng.choice(language["intents"])
        intent = chosen["name"]
        slots = {}
        for slot in chosen.get("slots", []):
            value = slot_value(rng, slot["type"], types)
            if value is not None:
                slots[slot["name"]] = value
    extra = {}
    if kind == "SessionEndedRequest":
        extra = {"reason": rng.choice(["USER_INITIATED", "ERROR", "EXCEEDED_MAX_REPROMPTS", "x"])}
        if rng.random() < 0.5:
            extra["error"] = {"type": "INVALID_RESPONSE", "message": rng.choice(ODD_STRINGS)}
    if kind == "Connections.Response":
        extra = {"name": rng.choice(["AskFor", "Other", ""]), "status": {"code": rng.choice(["200", "400", 7])},
                 "token": rng.choice([json.dumps(random_value(rng)), "", "{", "null"]),
                 "payload": {"status": rng.choice(["ACCEPTED", "DENIED", "NOT_ANSWERED", None]),
                             "permissionScope": TIMER_SCOPE}}
    env = make_envelope(kind, intent=intent, slots=slots, session_attributes=random_attributes(rng),
                        new=rng.random() < 0.3, locale=locale, extra_request=extra,
                        user_id=f"amzn1.ask.account.FUZZ{rng.randint(0, 40)}")
    system = env["context"]["System"]
    system["apiEndpoint"] = rng.choice([api_url, api_url, "http://127.0.0.1:9", "https://127.0.0.1:9"])
    if rng.random() < 0.6:
        system["user"]["permissions"] = {"consentToken": "token",
                                         "scopes": {TIMER_SCOPE: {"status": rng.choice(["GRANTED", "DENIED"])}}}
    if rng.random() < 0.1:
        del env["session"]                                        # a one-shot without a session
    if rng.random() < 0.05 and intent:
        env["request"]["intent"]["slots"] = rng.choice([None, [], {"x": {"name": "x"}}])
    return env


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    languages = {locale: model(locale) for locale in ("en-US", "en-GB", "en-AU", "en-CA", "en-IN")}
    from simulator.alexa_api import AlexaApi

    api = AlexaApi()
    api_url = api.start()
    counts: collections.Counter = collections.Counter()
    slowest, failures, plain = 0.0, [], []
    with tempfile.TemporaryDirectory() as home, ServerProcess(Path(home)) as server:
        bodies = [encode(envelope(rng, languages, api_url)) for _ in range(args.count)]

        def send(body: bytes):
            started = time.monotonic()
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            try:
                connection.request("POST", "/", body=body, headers={"Content-Type": "application/json",
                                                                    **server.ca.sign(body)})
                response = connection.getresponse()
                data = response.read()
                return response.status, data, response.getheader("X-Spasm-Response-Keys") or "", \
                    time.monotonic() - started
            finally:
                connection.close()

        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
            for body, (status, data, keys, seconds) in zip(bodies, pool.map(send, bodies)):
                counts["sent"] += 1
                slowest = max(slowest, seconds)
                if seconds >= 6.0:
                    counts["over 6 s"] += 1
                if status >= 500:
                    counts["5xx"] += 1
                    failures.append((status, body[:300]))
                elif status >= 400:
                    counts[f"{status}"] += 1
                    continue
                try:
                    answer = strict_json(data)
                    assert answer.get("version") == "1.0" and isinstance(answer.get("response"), dict)
                except (ValueError, AssertionError):
                    counts["invalid JSON"] += 1
                    failures.append((status, data[:300]))
                    continue
                counts["200"] += 1
                if "frame.error" in keys.split(","):
                    counts["apologies (frame.error)"] += 1
                    sent = json.loads(body)
                    if not (sent.get("session") or {}).get("attributes") and "session" in sent \
                            and not sent["request"]["type"].startswith("Bogus"):
                        counts["  of them with empty session attributes, known request type"] += 1
                        plain.append(f"{sent['request']['type']} {(sent['request'].get('intent') or {}).get('name')} "
                                     f"{json.dumps((sent['request'].get('intent') or {}).get('slots'))[:160]} "
                                     f"{json.dumps({k: v for k, v in sent['request'].items() if k not in ('intent', 'requestId', 'timestamp', 'locale', 'type')})[:200]}")
                if "frame.store_unavailable" in keys.split(","):
                    counts["store fallback"] += 1
        elapsed = time.monotonic() - started
        errors = server.log_lines("dispatch error", "handler error", "deadline exceeded")
        if "--show-errors" in sys.argv:
            print("\n".join(sorted(set(line.split(" ", 3)[-1] for line in errors))))
    api.stop()
    print(f"fuzz: {counts['sent']} signed envelopes (seed {args.seed}, {args.clients} clients) in {elapsed:.1f} s")
    for key in ("200", "5xx", "invalid JSON", "apologies (frame.error)",
                "  of them with empty session attributes, known request type", "store fallback", "over 6 s"):
        print(f"  {key}: {counts.get(key, 0)}")
    for key in sorted(k for k in counts if k.isdigit() and k.startswith("4")):
        print(f"  {key}: {counts[key]}")
    print(f"  slowest answer: {slowest * 1000:.0f} ms")
    kinds = collections.Counter(line.split(" at ")[0].split("error: ")[-1] for line in errors)
    for kind, n in kinds.most_common(10):
        print(f"  logged: {n} x {kind}")
    if args.show_errors:
        print("\n".join(plain))
    for status, data in failures[:5]:
        print(f"  failure {status}: {data!r}")
    return 1 if counts["5xx"] or counts["invalid JSON"] or counts["over 6 s"] else 0


if __name__ == "__main__":
    sys.exit(main())
