"""The fault suite: the real server on loopback, one injected fault per case (the SQLite file locked, read-only,
corrupted, deleted or replaced; the Timers API hanging, trickling, answering 500, 429 or garbage; a handler stuck past
the budget). Each case asserts a spoken answer (strict JSON) within 6 s and the stored data intact. DynamoDB
stopped or never answering, and the DEBUG logs: tests/test_skill_e2e_faults_dynamodb.py.

Short injected bounds keep the suite fast (store 0.3 s, one Alexa API call 0.5 s); one case per dependency runs
with the shipped defaults to prove the budget in DESIGN.md."""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import subprocess
import threading
import time

import pytest

from conftest import USER_ID, make_envelope, serving
from faults import ANSWER_SECONDS, FaultyEndpoint, assert_spoken_in_time, post

TIMER_SCOPE = "alexa::alerts:timers:skill:readwrite"
SEED = {"first_seen": "2024-05-01T07:00:00Z",
        "therapy": {"active": [], "last_end": {"ice": "2024-05-01T06:00:00Z"},
                    "today": {"date": "2024-05-01", "ice": 1, "heat": 0}}}


@pytest.fixture
def fast(settings):
    """Short injected bounds (the design allows them: every bound is a setting)."""
    return settings.replace(store_timeout=0.3, api_call_timeout=0.5)


def seed(db_path, record=SEED, user_id=USER_ID):
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("CREATE TABLE IF NOT EXISTS attributes (id TEXT PRIMARY KEY, attributes TEXT NOT NULL, "
                           "updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))")
        connection.execute("INSERT OR REPLACE INTO attributes (id, attributes) VALUES (?, ?)",
                           (_key(user_id), __import__("json").dumps(record)))
    connection.close()


def stored(db_path, user_id=USER_ID):
    connection = sqlite3.connect(db_path)
    try:
        row = connection.execute("SELECT attributes FROM attributes WHERE id = ?", (_key(user_id),)).fetchone()
    finally:
        connection.close()
    return None if row is None else __import__("json").loads(row[0])


def _key(user_id):
    return hashlib.sha256(user_id.encode()).hexdigest()


def timer_envelope(api_url: str, **kwargs) -> dict:
    """'start ice' with the timers permission granted and the Alexa API at API_URL."""
    envelope = make_envelope("IntentRequest", intent="StartTherapyIntent", slots={"therapy": "ice"}, new=False,
                             session_attributes={"therapy": {"ice_check": "clear"}}, **kwargs)   # check answered
    system = envelope["context"]["System"]
    system["apiEndpoint"] = api_url
    system["user"]["permissions"] = {"consentToken": "token", "scopes": {TIMER_SCOPE: {"status": "GRANTED"}}}
    envelope["session"]["user"] = system["user"]
    return envelope


# -- SQLite --------------------------------------------------------------------------------------------------

def test_sqlite_locked_by_another_writer_eight_launches_answer_in_parallel(settings, db_path, dev_ca):
    """Another process holds the file's exclusive lock: eight people launching at once each hear the fallback
    within the deadline (they do not queue behind one another), and the record is intact afterwards."""
    seed(db_path)
    before = stored(db_path)
    holder = subprocess.Popen(["python3", "-c", (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({str(db_path)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA locking_mode = EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n"
        "c.execute(\"UPDATE attributes SET updated_at = updated_at\")\n"
        "print('locked', flush=True); sys.stdin.read(1); c.execute('ROLLBACK')\n")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        answers = []
        with serving(settings.replace(store_timeout=1.0), threads=8) as url:   # shipped bound, 8 threads as served
            def launch(n):
                answers.append(post(url, dev_ca, make_envelope(user_id=f"{USER_ID}-{n}")))

            threads = [threading.Thread(target=launch, args=(n,)) for n in range(8)]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(15)
            wall = time.monotonic() - started
        assert len(answers) == 8
        for answer in answers:
            assert_spoken_in_time(answer)
            assert answer.keys[0] == "frame.store_unavailable", answer.keys
        assert wall < ANSWER_SECONDS, wall
    finally:
        holder.communicate("x", timeout=10)
    assert stored(db_path) == before


def test_sqlite_read_only_file_still_answers_and_is_left_as_it_was(fast, db_path, dev_ca):
    seed(db_path)
    for suffix in ("-wal", "-shm"):
        with open(f"{db_path}{suffix}", "ab"):
            pass
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    made_read_only = _read_only(db_path)
    try:
        with serving(fast) as url:
            returning = post(url, dev_ca, make_envelope())
            newcomer = post(url, dev_ca, make_envelope(user_id=f"{USER_ID}-new"))
    finally:
        made_read_only()
    assert_spoken_in_time(returning)
    assert_spoken_in_time(newcomer)
    assert newcomer.json["response"]["shouldEndSession"] is False      # the conversation goes on
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest
    assert stored(db_path) == SEED


def _read_only(path):
    """Make PATH and its folder unwritable even for root (chattr +i), else chmod; returns the undo."""
    paths = [path, path.parent]
    if os.geteuid() == 0:
        for p in paths:
            subprocess.run(["chattr", "+i", str(p)], check=True)
        return lambda: [subprocess.run(["chattr", "-i", str(p)], check=True) for p in paths]
    for p in paths:
        p.chmod(0o555)
    return lambda: [p.chmod(0o755) for p in paths]


def test_sqlite_corrupted_file_gives_the_fallback_and_is_never_overwritten(fast, db_path, dev_ca):
    db_path.parent.mkdir(parents=True, exist_ok=True)
    garbage = os.urandom(8192)
    db_path.write_bytes(garbage)
    with serving(fast) as url:
        answers = [post(url, dev_ca, make_envelope()),
                   post(url, dev_ca, make_envelope("IntentRequest", intent="AMAZON.HelpIntent", new=False))]
    for answer in answers:
        assert_spoken_in_time(answer)
    assert answers[0].keys[0] == "frame.store_unavailable"
    assert answers[0].json["response"]["shouldEndSession"] is False
    assert db_path.read_bytes() == garbage


def test_sqlite_file_deleted_under_the_server_is_noticed_reopened_and_logged_once(fast, db_path, dev_ca, caplog):
    caplog.set_level(logging.WARNING, logger="spasm_coach.persistence")
    with serving(fast) as url:
        assert post(url, dev_ca, make_envelope()).keys[0] == "frame.welcome.first"
        assert stored(db_path)["first_seen"]
        os.unlink(db_path)
        answers = [post(url, dev_ca, make_envelope()) for _ in range(3)]
        other = post(url, dev_ca, make_envelope(user_id=f"{USER_ID}-other"))
    for answer in answers + [other]:
        assert_spoken_in_time(answer)
    assert answers[0].keys[0] == "frame.welcome.first"           # the deleted file's record is gone...
    assert answers[1].keys[0] == "frame.welcome.returning"       # ...but what came after is in the new file
    assert db_path.exists() and stored(db_path)["first_seen"] and stored(db_path, f"{USER_ID}-other")
    notices = [r for r in caplog.records if "was deleted under the running service" in r.getMessage()]
    assert len(notices) == 1, [r.getMessage() for r in caplog.records]


def test_sqlite_file_replaced_under_the_server_is_reopened(fast, db_path, dev_ca, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="spasm_coach.persistence")
    with serving(fast) as url:
        post(url, dev_ca, make_envelope())
        backup = tmp_path / "restored.sqlite3"
        seed(backup, {"first_seen": "2020-01-01T00:00:00Z", "restored": True})
        os.replace(backup, db_path)
        answer = post(url, dev_ca, make_envelope("IntentRequest", intent="AMAZON.HelpIntent", new=True))
        assert_spoken_in_time(answer)
    assert stored(db_path)["restored"] is True
    assert sum("was replaced under the running service" in r.getMessage() for r in caplog.records) == 1


# -- the Alexa Timers API --------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["hang", "silent", "trickle", "status:500", "status:429", "garbage", "badjson"])
def test_timers_api_fault_gives_a_spoken_answer_and_sets_nothing(fast, db_path, dev_ca, mode):
    seed(db_path)
    with FaultyEndpoint(mode) as api, serving(fast) as url:
        answer = post(url, dev_ca, timer_envelope(api.url))
    assert_spoken_in_time(answer)
    # One 0.5 s call bound (about 0.5 s here), not a read timeout per byte (the trickle runs for 100 s) nor the
    # watchdog's 4.75 s: the slack is for a slow, loaded machine. A host that gave no answer is not asked again
    # for the timer itself (counted, so that holds on any machine); one that answered with an error is.
    assert answer.seconds < 3.0, answer.seconds
    assert api.connections <= (1 if mode in ("hang", "silent", "trickle", "garbage") else 2), api.connections
    assert "frame.error" not in answer.keys, answer.keys
    assert any(key.startswith("therapy.api.") for key in answer.keys), answer.keys
    assert answer.json["response"]["shouldEndSession"] is not True or "therapy.api.unavailable" in answer.keys
    assert stored(db_path) == SEED                       # no phantom timer, nothing else lost


@pytest.mark.parametrize("mode", ["trickle", "hang"])
def test_timers_api_fault_with_the_shipped_bounds_answers_within_the_budget(settings, db_path, dev_ca, mode):
    seed(db_path)
    with FaultyEndpoint(mode) as api, serving(settings) as url:
        answer = post(url, dev_ca, timer_envelope(api.url))
    assert_spoken_in_time(answer)
    # The zone read gives up at its 1.2 s budget, then the timers call at its 2 s bound: about 3.2 s, not 100 s of
    # trickle. What ended the wait is the call's own bound, not the watchdog (whose answer is frame.error, at
    # 4.75 s): said by the keys, so it holds however slow the machine. The time's slack is for a loaded CI
    # machine (a run measured 3.54 s); the promise itself (6 s) is checked above.
    assert "frame.error" not in answer.keys, answer.keys
    assert "therapy.api.unavailable" in answer.keys, answer.keys
    assert 1.5 < answer.seconds < 5.0, answer.seconds
    assert api.connections <= 2, api.connections            # the zone read and the timer: no retries
    assert stored(db_path) == SEED


# -- the watchdog ----------------------------------------------------------------------------------------------

def test_a_request_stuck_past_the_budget_is_answered_and_its_late_work_writes_nothing(settings, db_path, dev_ca,
                                                                                     monkeypatch):
    """Whatever blocks (here a handler waiting on an event), the answer goes 0.25 s before the budget ends,
    with the session's attributes given back, and the late work can no longer touch the store."""
    from ask_sdk_core.exceptions import PersistenceException

    from skill.handlers import frame

    release, late = threading.Event(), {}

    def stuck(self, handler_input):
        release.wait(10)
        try:
            handler_input.attributes_manager.persistent_attributes["late"] = True
            handler_input.attributes_manager.save_persistent_attributes()
            late["wrote"] = True
        except PersistenceException:
            late["wrote"] = False
        return handler_input.response_builder.response

    monkeypatch.setattr(frame.HelpHandler, "handle", stuck)
    seed(db_path)
    state = {"flow": None, "misses": 1, "exclusions": {"pregnant": "no"}}
    with serving(settings.replace(request_budget=1.5)) as url:
        answer = post(url, dev_ca, make_envelope("IntentRequest", intent="AMAZON.HelpIntent", new=False,
                                                 session_attributes=state))
        release.set()
        waited_until = time.monotonic() + 20                # the late work runs once released: wait for it
        while not late and time.monotonic() < waited_until:
            time.sleep(0.05)
    assert_spoken_in_time(answer)
    # the 1.5 s budget less the 0.25 s reserve (1.25 s), not the handler's 10 s: the slack is for a loaded machine
    assert 1.2 < answer.seconds < 4.0, answer.seconds
    assert answer.keys == ["frame.error"]
    assert answer.json["sessionAttributes"] == state            # the pending question is still pending
    assert answer.json["response"]["shouldEndSession"] is False
    assert late == {"wrote": False}
    assert stored(db_path) == SEED
