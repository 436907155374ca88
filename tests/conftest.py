"""Shared fixtures: settings, app, client, a dev CA in tmp, Alexa envelopes, a real server on loopback."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import re
import threading
import uuid

import pytest
import yaml

from simulator.signing import DevCA
from skill.config import Settings

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
USER_ID = "amzn1.ask.account.TESTUSER0001"


# libyaml when present: the same data as yaml.safe_load (checked on every YAML file of the repository), ~8x faster;
# the tables and dialogs are read at collection, so this is paid by every run of the fast loop.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load_yaml(text: str):
    return yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - a safe loader


def dump_yaml(data) -> str:
    return yaml.dump(data, Dumper=YAML_DUMPER, sort_keys=False, allow_unicode=True)


# A sentence table is one test per table (and locale) that names every row it missed: a test per sentence cost more
# in pytest's bookkeeping (~1.3 ms of CPU an item) than resolving the sentence.
def check_table(rows, got_for):
    """ROWS of (said, expected): fail naming every row whose GOT_FOR(said) is not what was expected, and what it was."""
    _no_misses([(said, want, got) for said, want in rows if (got := got_for(said)) != want], len(rows))


def check_table_avoids(sentences, got_for, unwanted):
    """Fail naming every sentence whose GOT_FOR(sentence) is one of UNWANTED, and which it was."""
    _no_misses([(said, f"none of {sorted(unwanted)}", got) for said in sentences
                if (got := got_for(said)) in unwanted], len(sentences))


def _no_misses(misses, count):
    lines = [f"  {said!r}: expected {want}, got {got}" for said, want, got in misses]
    assert not misses, f"{len(misses)} of {count} rows missed:\n" + "\n".join(lines)


def iso_now(offset_seconds: float = 0) -> str:
    """An Alexa timestamp OFFSET_SECONDS from now."""
    stamp = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=offset_seconds)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def make_envelope(request_type: str = "LaunchRequest", *, intent: str | None = None, slots: dict | None = None,
                  session_attributes: dict | None = None, new: bool | None = None, user_id: str = USER_ID,
                  app_id: str = SKILL_ID, timestamp: str | None = None, locale: str = "en-US",
                  extra_request: dict | None = None) -> dict:
    """A real-shaped Alexa request envelope (version 1.0) for REQUEST_TYPE."""
    application = {"applicationId": app_id}
    user = {"userId": user_id}
    request = {"type": request_type, "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
               "timestamp": timestamp or iso_now(), "locale": locale}
    if intent:
        request["intent"] = {"name": intent, "confirmationStatus": "NONE",
                             "slots": {name: {"name": name, "value": value, "confirmationStatus": "NONE"}
                                       for name, value in (slots or {}).items()}}
    request.update(extra_request or {})
    envelope = {
        "version": "1.0",
        "session": {"new": request_type == "LaunchRequest" if new is None else new,
                    "sessionId": "amzn1.echo-api.session.test", "application": application,
                    "attributes": session_attributes or {}, "user": user},
        "context": {"System": {"application": application, "user": user,
                               "device": {"deviceId": "amzn1.ask.device.TEST", "supportedInterfaces": {}},
                               # a loopback port nobody listens on: refused at once, never a real host
                               "apiEndpoint": "http://127.0.0.1:9", "apiAccessToken": "token"}},
        "request": request,
    }
    return envelope


def past_checks(sim, said: str):
    """Say SAID in the simulator and answer no to each ice or heat check question it asks first (for tests about
    what comes after the checks); the last turn."""
    import content

    checks = content.get().therapy["checks"]
    prompts = {q["prompt"] for block in checks.values() for q in block["questions"]}
    turn = sim.say(said)
    while turn.session_open and prompts & set(turn.response_keys):
        turn = sim.say("no")
    return turn


def encode(envelope: dict) -> bytes:
    return json.dumps(envelope).encode("utf-8")


@pytest.fixture(scope="session", autouse=True)
def no_user_data(tmp_path_factory):
    """No test reads or writes the user's own data, so no result depends on it: what a Simulator started without
    a ca_dir would use ($XDG_DATA_HOME/spasm-coach/dev-ca, else ~/.local/share/...) and the store a skill opens
    by default (data/ in the working folder) are in a temporary folder for the whole run."""
    home = tmp_path_factory.mktemp("user-data")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("XDG_DATA_HOME", str(home))
        env.setenv("SPASM_DB_PATH", str(home / "spasm-coach.sqlite3"))
        yield home


@pytest.fixture(scope="session")
def dev_ca(tmp_path_factory) -> DevCA:
    """A dev CA (root, intermediate, echo-api leaf) made once per test run in a temporary folder."""
    return DevCA.ensure(tmp_path_factory.mktemp("dev-ca"))


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "spasm-coach.sqlite3"


@pytest.fixture
def settings(dev_ca, db_path) -> Settings:
    """Verification on with the dev CA trusted (the loopback dev mode), SQLite in tmp."""
    return Settings(skill_id=SKILL_ID, verify="dev", dev_certs_dir=str(dev_ca.dir), db_path=str(db_path))


@pytest.fixture
def app(settings):
    from skill.app import create_app

    return create_app(settings)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def signed_post(client, dev_ca):
    """POST an envelope (dict) or raw bytes to / through the test client, signed by the dev CA."""

    def post(envelope, *, headers: dict | None = None, cert_name: str = "echo-api-cert.pem"):
        body = envelope if isinstance(envelope, bytes) else encode(envelope)
        signed = dev_ca.sign(body, cert_name=cert_name)
        signed.update(headers or {})
        return client.post("/", data=body, headers=signed, content_type="application/json")

    return post


@contextlib.contextmanager
def serving(settings, *, threads: int = 4):
    """The real waitress server for SETTINGS on a free loopback port, in a thread; yields its base URL."""
    from skill.serve import create_server

    server = create_server(settings, "127.0.0.1", 0, threads=threads)
    stop, lock, closed = threading.Event(), threading.Lock(), []

    def run():
        # waitress's own loop, one poll at a time, so it can be told to stop; everything is closed here, in the
        # loop's thread: closing the sockets from another thread while the loop sits in select() makes it fail
        # with "[Errno 9] Bad file descriptor".
        from waitress import wasyncore

        try:
            while not stop.is_set():
                wasyncore.loop(timeout=server.adj.asyncore_loop_timeout, map=server._map,
                               use_poll=server.adj.asyncore_use_poll, count=1)
        finally:
            with lock:          # never while stop() below pulls the trigger: its file could be another's by then
                closed.append(True)
                wasyncore.close_all(server._map, ignore_all=True)    # the listener, the trigger, every connection
            server.task_dispatcher.shutdown(timeout=10)

    thread = threading.Thread(target=run, name="spasm-coach-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        with lock:
            stop.set()
            if not closed:
                server.pull_trigger()                             # wake the loop from its select()
        thread.join(timeout=30)
        assert not thread.is_alive(), "the test server did not stop"


@pytest.fixture
def live_server(settings):
    """The real waitress server on a free loopback port, in a thread; yields its base URL."""
    with serving(settings) as url:
        yield url


# -- the fast loop: `pytest -m "not server"` ---------------------------------------------------------------------
# A test is marked `server` when it, or a fixture it uses, calls (directly or through the project's own functions,
# a few calls deep) something that starts a real server, a subprocess or another process. Marked here, from the
# code, so a new test file needs no marker of its own. A whole-corpus measurement (an evaluation with floors over a
# held-out set) is marked `slow` by hand and is left out of the fast loop the same way (it is marked `server` too,
# so `-m "not server"` stays the one command); `make test` runs both.
SERVER_CALLS = ("serving(", "live_server", "Simulator(", "Popen(", "subprocess.", "create_server(", "run_file(",
                "ThreadedMotoServer(", "Moto(", "Process(", "ProcessPoolExecutor(")
PROJECT = ("test_", "conftest", "faults", "simulator", "skill", "review", "bench", "content", "deploy")
_LOCAL_IMPORT = re.compile(r"^\s+from ([\w.]+) import ([\w, ]+)$", re.M)
_CALLED = re.compile(r"\b([A-Za-z_][\w.]*)\(")


def pytest_configure(config):
    config.addinivalue_line("markers", "server: starts a real server or a subprocess (left out of the fast loop)")
    config.addinivalue_line("markers", "slow: a whole-corpus measurement (left out of the fast loop, as server)")
    keep_bytecode()
    temporary_files_in_memory()


def temporary_files_in_memory() -> None:
    """tmp_path and its kin in memory (/dev/shm, Linux's tmpfs) when there is one and the user chose no other root
    (PYTEST_DEBUG_TEMPROOT, pytest's own setting): hundreds of tests each make an SQLite store, and on a disk each
    new store waits for about ten flushes (fdatasync), 10-40 ms of wall time where it takes 2-4 ms in memory; the
    next run's clean-up of the old folders costs little there too. What the tests check is the same on either."""
    import os

    memory = "/dev/shm"
    if "PYTEST_DEBUG_TEMPROOT" not in os.environ and os.path.isdir(memory) and os.access(memory, os.W_OK | os.X_OK):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = memory


def keep_bytecode() -> None:
    """Compiled modules, pytest's assertion-rewritten test modules included, are kept from one run to the next in
    __pycache__ (ignored by git, left out of the Lambda zip and the content snapshot), as Python does by default,
    even where PYTHONDONTWRITEBYTECODE is set (this machine sets it): otherwise every run compiles and rewrites
    every module again, about a fifth of the fast loop's CPU. Servers and tools the tests start are left as set."""
    import sys

    sys.dont_write_bytecode = False


def _source(func) -> str:
    """FUNC's source lines, decorators included: from its first line to the last line any of its code (nested
    functions and comprehensions too) is on. What inspect.getsource gives for the calls looked for, without
    tokenizing the file again for each function (that was half the cost of marking)."""
    import inspect
    import linecache

    code = inspect.unwrap(func).__code__
    codes, last = [code], code.co_firstlineno
    while codes:
        current = codes.pop()
        last = max([last, *(line for _, _, line in current.co_lines() if line)])
        codes += [c for c in current.co_consts if hasattr(c, "co_lines")]
    lines = linecache.getlines(code.co_filename)
    if not lines:
        raise OSError(f"no source for {func!r}")
    return "".join(lines[code.co_firstlineno - 1:last])


def _starts_server(func, cache: dict, depth: int = 0) -> bool:
    import inspect

    if func in cache:
        return cache[func]
    cache[func] = False                                   # a recursive call is not a server
    try:
        source = _source(func)
    except (OSError, TypeError, AttributeError):
        return False
    found = any(call in source for call in SERVER_CALLS)
    if not found and depth < 4:
        names = dict(getattr(func, "__globals__", {}))
        for module, imported in _LOCAL_IMPORT.findall(source):     # imports inside the function
            if module.split(".")[0].startswith(PROJECT):
                try:
                    loaded = importlib.import_module(module)
                except Exception:
                    continue
                names.update({name: getattr(loaded, name, None) for name in re.findall(r"\w+", imported)})
        for name in set(_CALLED.findall(source)):
            first, *rest = name.split(".")
            try:                                          # a proxy (flask.request) may refuse to be looked at
                callee = names.get(first)
                for attribute in rest:
                    callee = getattr(callee, attribute, None)
                if not inspect.isfunction(callee):
                    continue
            except Exception:
                continue
            if (callee is not func
                    and (callee.__module__ or "").split(".")[0].startswith(PROJECT)
                    and _starts_server(callee, cache, depth + 1)):
                found = True
                break
    cache[func] = found
    return found


def pytest_collection_finish(session):
    """What collection built (modules, content, tables, test items: most of the heap) is never garbage: frozen out of
    the cyclic collector's reach, so its full collections scan only what the tests make (its CPU, 2.3 s of the
    fast loop, was mostly full collections re-walking that heap)."""
    import gc

    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(config, items):
    cache: dict = {}
    for item in items:
        function = getattr(item, "function", None)
        if function is None:
            continue
        fixtures = [d.func for defs in item._fixtureinfo.name2fixturedefs.values() for d in defs]
        funcs = [function] + [f for f in fixtures if (f.__module__ or "").split(".")[0].startswith(PROJECT)]
        if item.get_closest_marker("slow") is not None or any(_starts_server(f, cache) for f in funcs):
            item.add_marker(pytest.mark.server)
