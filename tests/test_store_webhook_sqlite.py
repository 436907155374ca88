"""The SQLite store on a real file: first and returning users, forget-me, concurrent writers, a broken store."""

import json
import multiprocessing
import sqlite3
import threading

from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model import RequestEnvelope
from ask_sdk_core.serialize import DefaultSerializer

from conftest import USER_ID, encode, make_envelope
from skill.persistence import SQLiteAdapter, user_key


def request_envelope(user_id=USER_ID) -> RequestEnvelope:
    return DefaultSerializer().deserialize(json.dumps(make_envelope(user_id=user_id)), RequestEnvelope)


def keys(response) -> str:
    return response.headers["X-Spasm-Response-Keys"]


def test_file_is_created_on_first_use_and_holds_no_user_id_in_the_clear(tmp_path):
    path = tmp_path / "nested" / "store.sqlite3"
    adapter = SQLiteAdapter(path)
    assert not path.exists()
    adapter.save_attributes(request_envelope(), {"first_seen": "2024-01-01T00:00:00Z", "n": 1})
    assert adapter.get_attributes(request_envelope()) == {"first_seen": "2024-01-01T00:00:00Z", "n": 1}
    assert adapter.get_attributes(request_envelope("amzn1.ask.account.OTHER")) == {}
    raw = path.read_bytes() + (path.parent / "store.sqlite3-wal").read_bytes()
    assert USER_ID.encode() not in raw and user_key(request_envelope()).encode() in raw
    adapter.delete_attributes(request_envelope())
    assert adapter.get_attributes(request_envelope()) == {}


def test_returning_user_hears_the_shorter_welcome(signed_post, db_path):
    first = signed_post(make_envelope("LaunchRequest"))
    assert keys(first) == "frame.welcome.first"
    second = signed_post(make_envelope("LaunchRequest"))
    assert keys(second) == "frame.welcome.returning"
    assert len(second.get_json()["response"]["outputSpeech"]["ssml"]) < len(
        first.get_json()["response"]["outputSpeech"]["ssml"])
    assert db_path.exists()


def test_forget_me_wipes_the_record_only_after_yes(signed_post):
    signed_post(make_envelope("LaunchRequest"))
    asked = signed_post(make_envelope("IntentRequest", intent="ForgetMeIntent", new=False))
    assert keys(asked) == "frame.forget.confirm"
    assert asked.get_json()["response"]["shouldEndSession"] is False
    state = asked.get_json()["sessionAttributes"]
    kept = signed_post(make_envelope("IntentRequest", intent="AMAZON.NoIntent", session_attributes=state))
    assert keys(kept) == "frame.forget.kept"
    assert keys(signed_post(make_envelope("LaunchRequest"))) == "frame.welcome.returning"
    done = signed_post(make_envelope("IntentRequest", intent="AMAZON.YesIntent", session_attributes=state))
    assert keys(done) == "frame.forget.done"
    assert done.get_json()["response"]["shouldEndSession"] is True
    assert keys(signed_post(make_envelope("LaunchRequest"))) == "frame.welcome.first"


def test_a_yes_outside_the_forget_flow_deletes_nothing(signed_post):
    signed_post(make_envelope("LaunchRequest"))
    assert keys(signed_post(make_envelope("IntentRequest", intent="AMAZON.YesIntent"))) == "frame.fallback"
    assert keys(signed_post(make_envelope("LaunchRequest"))) == "frame.welcome.returning"


def test_many_threads_write_at_once_without_losing_a_user(tmp_path):
    adapter = SQLiteAdapter(tmp_path / "threads.sqlite3")
    errors = []

    def work(worker):
        try:
            for i in range(25):
                adapter.save_attributes(request_envelope(f"user-{worker}-{i}"), {"i": i})
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    count = sqlite3.connect(tmp_path / "threads.sqlite3").execute("SELECT count(*) FROM attributes").fetchone()
    assert count == (200,)


def _process_writer(path, worker):
    adapter = SQLiteAdapter(path)
    for i in range(30):
        envelope = request_envelope(f"proc-{worker}-{i}")
        adapter.save_attributes(envelope, {"worker": worker, "i": i})
        assert adapter.get_attributes(envelope) == {"worker": worker, "i": i}


def test_several_worker_processes_write_the_same_file(tmp_path):
    path = tmp_path / "procs.sqlite3"
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_process_writer, args=(path, n)) for n in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [p.exitcode for p in processes] == [0, 0, 0]
    assert sqlite3.connect(path).execute("SELECT count(*) FROM attributes").fetchone() == (90,)


def test_a_corrupt_file_raises_persistence_exception(tmp_path):
    path = tmp_path / "corrupt.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    try:
        SQLiteAdapter(path).get_attributes(request_envelope())
    except PersistenceException as error:
        assert "SQLite" in str(error)
    else:
        raise AssertionError("a corrupt store must raise PersistenceException")


def test_the_skill_still_answers_when_the_store_is_corrupt(signed_post, db_path):
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"garbage " * 512)
    response = signed_post(make_envelope("LaunchRequest"))
    assert response.status_code == 200
    assert keys(response).split(",")[0] == "frame.store_unavailable"
    body = response.get_json()["response"]
    assert "memory" in body["outputSpeech"]["ssml"] and body["shouldEndSession"] is False
    # requests that never touch the store are unaffected
    assert keys(signed_post(make_envelope("IntentRequest", intent="AMAZON.HelpIntent"))) == "frame.help"


def test_a_corrupt_record_is_a_store_failure_not_a_crash(signed_post, db_path):
    signed_post(make_envelope("LaunchRequest"))
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE attributes SET attributes = '{not json'")
    response = signed_post(make_envelope("LaunchRequest"))
    assert response.status_code == 200 and keys(response).startswith("frame.store_unavailable")


def _updated_at(path, key) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT updated_at FROM attributes WHERE id = ?", (key,)).fetchone()[0]


def test_a_record_read_and_left_unchanged_is_not_written_again(tmp_path):
    path = tmp_path / "store.sqlite3"
    adapter, envelope = SQLiteAdapter(path), request_envelope()
    adapter.save_attributes(envelope, {"first_seen": "2024-01-01T00:00:00Z"})
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE attributes SET updated_at = 'old'")
    key = user_key(envelope)
    same_request = request_envelope()
    attributes = adapter.get_attributes(same_request)
    adapter.save_attributes(same_request, attributes)                 # read, unchanged: no write
    assert _updated_at(path, key) == "old"
    attributes["last_seen"] = "2024-01-02T00:00:00Z"
    adapter.save_attributes(same_request, attributes)                 # changed: written
    assert _updated_at(path, key) != "old"
    assert adapter.get_attributes(request_envelope())["last_seen"] == "2024-01-02T00:00:00Z"


def test_an_unchanged_save_in_a_later_request_still_writes(tmp_path):
    # another worker may have changed the row since this thread's last read: only the same request may skip
    path = tmp_path / "store.sqlite3"
    adapter = SQLiteAdapter(path)
    first = request_envelope()
    adapter.save_attributes(first, {"n": 1})
    seen = adapter.get_attributes(first)
    SQLiteAdapter(path).save_attributes(request_envelope(), {"n": 2})   # someone else writes
    adapter.save_attributes(request_envelope(), seen)                   # a new request sets {"n": 1} again
    assert adapter.get_attributes(request_envelope()) == {"n": 1}
