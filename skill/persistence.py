"""Per-user persistent attributes: a SQLite adapter (default) and the DynamoDB adapter, behind one factory."""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from skill.config import ConfigError, Settings

log = logging.getLogger("spasm_coach.persistence")

SCHEMA = """CREATE TABLE IF NOT EXISTS attributes (
    id TEXT PRIMARY KEY,
    attributes TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
)"""


def user_key(request_envelope) -> str:
    """The storage key of a request's user: a SHA-256 of the Alexa user id, so no id is stored in the clear."""
    import hashlib  # on first use: loading OpenSSL's hashes is a tenth of the Lambda module's import time

    try:
        user_id = request_envelope.context.system.user.user_id
    except AttributeError:
        user_id = None
    if not user_id:
        raise PersistenceException("request has no user id")
    return hashlib.sha256(user_id.encode("utf-8")).hexdigest()


def _request_id(request_envelope) -> str | None:
    """The Alexa request id (unique per request), so a remembered read never outlives its request."""
    return getattr(getattr(request_envelope, "request", None), "request_id", None)


class SQLiteAdapter(AbstractPersistenceAdapter):
    """Attributes as JSON rows in one SQLite file, WAL mode, a connection per thread (requests never queue
    behind one another's lock). Every call waits for a busy file at most TIMEOUT seconds, less when the request's
    deadline has less left, then raises PersistenceException (the spoken fallback). The file's identity
    (device, inode) is checked before each call: a file deleted or replaced under the running service is
    noticed, logged once, and every connection is closed and reopened on the file now at the path, so nothing
    is written into an unlinked file."""

    def __init__(self, path: str | os.PathLike, *, timeout: float = 1.0):
        self.path = Path(path)
        self.timeout = timeout
        self._local = threading.local()      # this thread's connection and the record it read in its request
        self._cond = threading.Condition()   # guards the fields below; never held during a query
        self._generation = 0                 # bumped when the file was replaced: older connections are stale
        self._identity: tuple[int, int] | None = None
        self._sidecars: dict[str, tuple[int, int]] = {}   # the -wal and -shm files the connections opened
        self._connections: dict[int, Any] = {}   # id -> connection, every thread's (to close them all)
        self._active = 0                     # calls running now
        self._resetting = False

    # -- connections ---------------------------------------------------------------------------------------

    def _open(self):
        import sqlite3  # on first use: the Lambda (DynamoDB) never loads it

        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None,
                                     check_same_thread=False)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute(SCHEMA)
            connection.execute("PRAGMA synchronous = NORMAL")
            stat = os.stat(self.path)
        except (sqlite3.Error, OSError):
            connection.close()
            raise
        return connection, (stat.st_dev, stat.st_ino)

    def _sidecar_identities(self) -> dict[str, tuple[int, int]]:
        """(device, inode) of the -wal and -shm files now at the path."""
        found = {}
        for suffix in ("-wal", "-shm"):
            try:
                stat = os.stat(f"{self.path}{suffix}")
            except OSError:
                continue
            found[suffix] = (stat.st_dev, stat.st_ino)
        return found

    def _changed(self) -> str | None:
        """'deleted' or 'replaced' when the file at the path is not the one the connections use."""
        if self._identity is None:
            return None
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return "deleted"
        except OSError:
            return None          # unreadable folder: the query itself reports it
        return None if (stat.st_dev, stat.st_ino) == self._identity else "replaced"

    def _reset(self, what: str, budget: float) -> None:
        """Close every thread's connection (waiting, within BUDGET, for running calls to end), so the old file's
        last close checkpoints into the old file and removes only the old WAL; the next call reopens."""
        import time

        end = time.monotonic() + budget
        with self._cond:
            if self._changed() != what:   # another thread already did it
                return
            self._resetting = True
            try:
                while self._active and self._cond.wait(max(0.0, end - time.monotonic())):
                    pass
                if self._active:
                    raise PersistenceException("SQLite store is being reopened")
                for connection in self._connections.values():
                    try:
                        connection.close()
                    except Exception:  # noqa: BLE001 - the old file is going; nothing to keep
                        pass
                self._connections.clear()
                self._generation += 1
                self._identity = None
                # The old file's WAL and shared memory, if still at the path, must not be replayed into the file
                # now there (SQLite keeps them when the database was moved); only the ones our connections used.
                for suffix, identity in self._sidecar_identities().items():
                    if identity == self._sidecars.get(suffix):
                        Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                self._sidecars = {}
                log.warning("SQLite file %s was %s under the running service; reopened it", self.path, what)
            finally:
                self._resetting = False
                self._cond.notify_all()

    def _enter(self, budget: float):
        """This thread's current connection, counted as active until _leave()."""
        import time

        what = self._changed()
        if what:
            self._reset(what, budget)
        end = time.monotonic() + budget
        with self._cond:
            while self._resetting:
                if not self._cond.wait(max(0.0, end - time.monotonic())):
                    raise PersistenceException("SQLite store is being reopened")
            self._active += 1
            generation = self._generation
        local = self._local
        if getattr(local, "connection", None) is not None and local.generation == generation:
            return local.connection
        try:
            connection, identity = self._open()
        except BaseException:
            self._leave()
            raise
        with self._cond:
            if self._identity is None:
                self._identity = identity
                self._sidecars = self._sidecar_identities()
            self._connections[id(connection)] = connection
        local.connection, local.generation = connection, generation
        return connection

    def _leave(self) -> None:
        with self._cond:
            self._active -= 1
            if not self._active:
                self._cond.notify_all()

    def _drop(self) -> None:
        """Forget this thread's connection after an error (reopened, and the table re-created, next call)."""
        connection, self._local.connection = getattr(self._local, "connection", None), None
        if connection is not None:
            with self._cond:
                self._connections.pop(id(connection), None)
            connection.close()

    def _run(self, sql: str, params: tuple) -> list[tuple]:
        import sqlite3

        from skill import deadline

        try:
            budget = deadline.bound(self.timeout)
        except deadline.DeadlineExceeded as error:
            raise PersistenceException(f"SQLite store skipped: {error}") from None
        try:
            connection = self._enter(budget)
        except sqlite3.Error as error:
            raise PersistenceException(f"SQLite store failed: {type(error).__name__}: {error}") from error
        except OSError as error:
            raise PersistenceException(f"SQLite store failed: {type(error).__name__}") from error
        try:
            connection.execute(f"PRAGMA busy_timeout = {max(1, int(budget * 1000))}")
            return connection.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            self._drop()
            raise PersistenceException(f"SQLite store failed: {type(error).__name__}: {error}") from error
        finally:
            self._leave()

    # -- the adapter ---------------------------------------------------------------------------------------

    def get_attributes(self, request_envelope) -> dict[str, Any]:
        key = user_key(request_envelope)
        rows = self._run("SELECT attributes FROM attributes WHERE id = ?", (key,))
        self._local.read = (_request_id(request_envelope), key, rows[0][0] if rows else "{}")
        if not rows:
            return {}
        try:
            attributes = json.loads(rows[0][0])
        except ValueError as error:
            raise PersistenceException("SQLite store holds a corrupt record") from error
        if not isinstance(attributes, dict):
            raise PersistenceException("SQLite store holds a corrupt record")
        return attributes

    def save_attributes(self, request_envelope, attributes: dict[str, Any]) -> None:
        """Write the record, unless this same request read it and it is unchanged (no write at all)."""
        key, text = user_key(request_envelope), dumps_record(attributes)
        read = getattr(self._local, "read", None)
        if read is not None and read[0] is not None and read == (_request_id(request_envelope), key, text):
            return
        self._run("INSERT INTO attributes (id, attributes) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET "
                  "attributes = excluded.attributes, updated_at = excluded.updated_at", (key, text))

    def delete_attributes(self, request_envelope) -> None:
        self._local.read = None
        self._run("DELETE FROM attributes WHERE id = ?", (user_key(request_envelope),))

    def close(self) -> None:
        """Close every connection (the next call reopens)."""
        with self._cond:
            for connection in self._connections.values():
                connection.close()
            self._connections.clear()
            self._generation += 1
            self._identity = None


def dumps_record(attributes: dict[str, Any]) -> str:
    """A record as strict JSON text: a NaN or Infinity (not JSON) is refused as a store failure, never stored."""
    try:
        return json.dumps(attributes, separators=(",", ":"), default=str, allow_nan=False)
    except ValueError as error:
        raise PersistenceException("record holds a non-finite number; not stored") from error


def dynamodb_resource(settings: Settings):
    """A boto3 DynamoDB resource for SETTINGS (region and optional endpoint); built at start-up only."""
    import boto3  # the aws extra; imported only when the DynamoDB store is chosen

    return boto3.resource("dynamodb", region_name=settings.aws_region or os.environ.get("AWS_DEFAULT_REGION"),
                          endpoint_url=settings.dynamodb_endpoint)


def make_dynamodb_adapter(settings: Settings, resource=None):
    """The ask-sdk DynamoDB adapter on SETTINGS' table, keyed like the SQLite store."""
    region = settings.aws_region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if not region:
        raise ConfigError("the DynamoDB store needs AWS_REGION")
    # ask_sdk_dynamodb builds a default boto3 resource as a default argument when it is imported,
    # which fails without a region; make the configured region visible before importing it.
    os.environ.setdefault("AWS_DEFAULT_REGION", region)
    try:
        from ask_sdk_dynamodb.adapter import DynamoDbAdapter
    except ImportError as error:
        raise ConfigError("the DynamoDB store needs the aws extra: pip install 'spasm-coach[aws]'") from error
    return DynamoDbAdapter(table_name=settings.dynamodb_table, partition_key_name="id",
                           attribute_name="attributes", create_table=False,
                           partition_keygen=user_key,
                           dynamodb_resource=resource if resource is not None else dynamodb_resource(settings))


def make_persistence_adapter(settings: Settings) -> AbstractPersistenceAdapter:
    """The store SETTINGS name: SQLite at settings.db_path, or DynamoDB."""
    if settings.store == "dynamodb":
        return make_dynamodb_adapter(settings)
    return SQLiteAdapter(settings.db_path, timeout=settings.store_timeout)
