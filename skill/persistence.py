"""Per-user persistent attributes: a SQLite adapter (default) and the DynamoDB adapter, behind one factory."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
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


def once_per_request(method):
    """A store method that, once the store has failed in a request, fails at once for the rest of that request:
    two reads of a store that does not answer cost one bound, not two (the budget in DESIGN.md counts one)."""
    import functools

    @functools.wraps(method)
    def guarded(self, request_envelope, *args, **kwargs):   # the SDK passes attributes= by keyword
        request_id = _request_id(request_envelope)
        if request_id is not None and getattr(self._local, "failed", None) == request_id:
            raise PersistenceException("store failed earlier in this request; not tried again")
        try:
            return method(self, request_envelope, *args, **kwargs)
        except RecordNotStorable:
            raise                     # this record, not the store: the store is still there
        except PersistenceException:
            self._local.failed = request_id
            raise

    return guarded


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
            self._wal(connection, sqlite3)
            connection.execute(SCHEMA)
            connection.execute("PRAGMA synchronous = NORMAL")
            stat = os.stat(self.path)
        except (sqlite3.Error, OSError):
            connection.close()
            raise
        return connection, (stat.st_dev, stat.st_ino)

    def _wal(self, connection, sqlite3) -> None:
        """WAL mode, retried while another process holds the new file's lock (SQLite skips the busy handler here)."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                connection.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)

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

    @once_per_request
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

    @once_per_request
    def save_attributes(self, request_envelope, attributes: dict[str, Any]) -> None:
        """Write the record, unless this same request read it and it is unchanged (no write at all)."""
        key, text = user_key(request_envelope), dumps_record(attributes)
        read = getattr(self._local, "read", None)
        if read is not None and read[0] is not None and read == (_request_id(request_envelope), key, text):
            return
        self._run("INSERT INTO attributes (id, attributes) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET "
                  "attributes = excluded.attributes, updated_at = excluded.updated_at", (key, text))
        self._local.read = (_request_id(request_envelope), key, text)   # a second save of the same is skipped

    @once_per_request
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


class RecordNotStorable(PersistenceException):
    """The record itself cannot be stored (not JSON); the store is fine."""


def dumps_record(attributes: dict[str, Any]) -> str:
    """A record as strict JSON text: a NaN or Infinity (not JSON) is refused as a store failure, never stored."""
    try:
        return json.dumps(attributes, separators=(",", ":"), default=str, allow_nan=False)
    except ValueError as error:
        raise RecordNotStorable("record holds a non-finite number; not stored") from error


LIBRARY_LOGGERS = ("botocore", "boto3", "urllib3", "s3transfer")


def quiet_library_loggers() -> None:
    """botocore, boto3 and urllib3 log at WARNING at most, whatever SPASM_LOG_LEVEL says: at DEBUG they write
    request headers (the AWS access key id, the session token) and whole items (stored records)."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:   # NOTSET (0) inherits the root's level: clamp it too
            logger.setLevel(logging.WARNING)


def dynamodb_client(settings: Settings):
    """A botocore DynamoDB client for SETTINGS, built at start-up: connect and read timeouts from store_timeout,
    at most store_attempts attempts a call (standard retry mode), a connection per dispatch thread."""
    # The aws extra, imported only when the DynamoDB store is chosen. botocore's own session rather than boto3's:
    # a client is all this needs, and boto3's import (its resource layer) is a tenth of the Lambda init with it.
    import botocore.session
    from botocore.config import Config

    quiet_library_loggers()
    config = Config(connect_timeout=max(0.1, settings.store_timeout / 2), read_timeout=settings.store_timeout,
                    retries={"total_max_attempts": settings.store_attempts, "mode": "standard"},
                    max_pool_connections=32, tcp_keepalive=True)
    client = botocore.session.get_session().create_client(
        "dynamodb", region_name=settings.aws_region or os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION"), endpoint_url=settings.dynamodb_endpoint, config=config)
    client.meta.events.register("before-send.dynamodb", BoundedSend(settings.store_timeout))
    return client


class BoundedSend:
    """botocore's before-send hook: each attempt is sent by the Alexa API client's bounded call (the whole
    attempt, connect to last byte, within TIMEOUT and the request's deadline; a watchdog shuts the socket), so a
    DynamoDB endpoint that trickles bytes cannot hold a request the way per-read timeouts let it. Failures are
    botocore's own exceptions, so its bounded retries apply unchanged."""

    def __init__(self, timeout: float):
        from skill.api_client import TimeoutApiClient

        self.timeout = timeout
        self.http = TimeoutApiClient(max(0.1, timeout / 2), timeout, call_timeout=timeout)

    def __call__(self, request, **kwargs):
        from ask_sdk_core.exceptions import ApiClientException
        from botocore.awsrequest import AWSResponse
        from botocore.compat import HTTPHeaders
        from botocore.exceptions import EndpointConnectionError, ReadTimeoutError

        from skill import deadline

        try:
            budget = deadline.bound(self.timeout)
        except deadline.DeadlineExceeded as error:   # not retried: the request has no time for it
            raise PersistenceException(f"DynamoDB store skipped: {error}") from None
        body = request.body
        if hasattr(body, "read"):
            body = body.read()
        if isinstance(body, str):
            body = body.encode("utf-8")
        headers = {key: value.decode("ascii") if isinstance(value, bytes) else value
                   for key, value in request.headers.items()}
        try:
            status, pairs, data = self.http._call(request.method, request.url, headers, body or None, budget,
                                                  16 * 1024 * 1024)
        except ApiClientException as error:
            if "within" in str(error) or "timeout" in str(error).lower():
                raise ReadTimeoutError(endpoint_url=request.url, error=str(error)) from None
            raise EndpointConnectionError(endpoint_url=request.url, error=str(error)) from None
        return AWSResponse(request.url, status, HTTPHeaders.from_pairs(pairs), _Body(data))


class _Body:
    """What AWSResponse reads its content from."""

    def __init__(self, data: bytes):
        self.data = data

    def stream(self, **kwargs):
        yield self.data


_MISSING = object()


def merge(base: Any, ours: Any, theirs: Any) -> Any:
    """Three-way merge of a record: BASE (what this request read), OURS (what it wants to write), THEIRS (what
    is stored now, written meanwhile by another device). Dicts merge key by key; lists of dicts with an "id"
    (therapy.active timers) merge entry by entry; where both changed the same value, this request wins. A key
    or entry absent (_MISSING) on one side was added or removed there."""
    if ours == base:
        return theirs
    if theirs == base or theirs is _MISSING and base is _MISSING:
        return ours
    if isinstance(ours, dict) and isinstance(theirs, dict):
        old = base if isinstance(base, dict) else {}
        merged = {}
        for key in [*theirs, *(k for k in ours if k not in theirs), *(k for k in old if k not in theirs
                                                                        and k not in ours)]:
            value = merge(old.get(key, _MISSING), ours.get(key, _MISSING), theirs.get(key, _MISSING))
            if value is not _MISSING:
                merged[key] = value
        return merged
    if _entries(ours) is not None and _entries(theirs) is not None:
        old = _entries(base) or {}
        mine, other = _entries(ours), _entries(theirs)
        merged = []
        for key in [*other, *(k for k in mine if k not in other), *(k for k in old if k not in other
                                                                     and k not in mine)]:
            value = merge(old.get(key, _MISSING), mine.get(key, _MISSING), other.get(key, _MISSING))
            if value is not _MISSING:
                merged.append(value)
        return merged
    return ours


def _entries(value: Any) -> dict | None:
    """{id: entry} for a list of dicts that all carry a distinct "id", else None."""
    if not isinstance(value, list) or not all(isinstance(v, dict) and "id" in v for v in value):
        return None
    entries = {json.dumps(v["id"], sort_keys=True, default=str): v for v in value}
    return entries if len(entries) == len(value) else None


class DynamoDbAdapter(AbstractPersistenceAdapter):
    """Attributes as a map in one item per user ({id, attributes, version}), in the ask-sdk adapter's layout.
    Every write is conditional on the version this request read (or on no item, when it read none); when another
    device wrote in between, the item is read again, this request's change merged in (merge()), and written once
    more. Every call is bounded by the client's Config and skipped when the request's deadline is spent; every
    failure is a PersistenceException (the spoken fallback)."""

    def __init__(self, table: str, client, *, timeout: float = 1.0):
        self.table = table
        self.client = client
        self.timeout = timeout
        self._local = threading.local()   # the record (version, attributes) this thread read in its request

    def _call(self, name: str, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError

        from skill import deadline

        try:
            deadline.bound(self.timeout)
        except deadline.DeadlineExceeded as error:
            raise PersistenceException(f"DynamoDB store skipped: {error}") from None
        try:
            return getattr(self.client, name)(TableName=self.table, **kwargs)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "ClientError")
            if code == "ConditionalCheckFailedException":
                raise
            raise PersistenceException(f"DynamoDB store failed: {code}") from None
        except BotoCoreError as error:   # timeouts, refused connections, no credentials: type only, no message
            raise PersistenceException(f"DynamoDB store failed: {type(error).__name__}") from None

    def _read(self, key: str) -> tuple[dict[str, Any], int | None]:
        """The stored attributes and version (None: no item; 0: an item written before versions)."""
        item = self._call("get_item", Key={"id": {"S": key}}, ConsistentRead=True).get("Item")
        if item is None:
            return {}, None
        try:
            attributes = _from_dynamodb(item.get("attributes", {"M": {}}))
            version = int(item["version"]["N"]) if "version" in item else 0
        except (KeyError, TypeError, ValueError, ArithmeticError) as error:
            raise PersistenceException("DynamoDB store holds a corrupt record") from error
        if not isinstance(attributes, dict):
            raise PersistenceException("DynamoDB store holds a corrupt record")
        log.debug("store read: an item at version %s", version)   # never the key or the record
        return attributes, version

    @once_per_request
    def get_attributes(self, request_envelope) -> dict[str, Any]:
        key = user_key(request_envelope)
        attributes, version = self._read(key)
        self._local.read = (_request_id(request_envelope), key, version, json.loads(dumps_record(attributes)))
        return attributes

    @once_per_request
    def save_attributes(self, request_envelope, attributes: dict[str, Any]) -> None:
        key, text = user_key(request_envelope), dumps_record(attributes)
        ours = json.loads(text)
        read = getattr(self._local, "read", None)
        if read is not None and read[0] is not None and read[:2] == (_request_id(request_envelope), key):
            _, _, version, base = read
            if base == ours:
                return                        # read and unchanged: no write at all
        else:
            version, base = None, {}          # written without a read: add to whatever is there
        from botocore.exceptions import ClientError

        self._local.read = None
        try:
            written, version = ours, self._put(key, ours, version)
        except ClientError:                   # another device wrote since this request read: merge, once
            current, version = self._read(key)
            written = merge(base, ours, current)
            try:
                version = self._put(key, written, version)
            except ClientError:
                raise PersistenceException("DynamoDB store: the record kept changing; not written") from None
            log.info("store write merged with a concurrent change")
        # A second save in the same request (a timer saved at once, then the end of the request) is conditional on
        # this write, and skipped when nothing changed since.
        self._local.read = (_request_id(request_envelope), key, version, written)

    def _put(self, key: str, attributes: dict[str, Any], version: int | None) -> int:
        """Write ATTRIBUTES if the item is still at VERSION; the new version (ClientError on a conflict)."""
        if version is None:
            condition, values = "attribute_not_exists(id)", {}
        elif version == 0:
            condition, values = "attribute_exists(id) AND attribute_not_exists(version)", {}
        else:
            condition, values = "version = :read", {":read": {"N": str(version)}}
        item = {"id": {"S": key}, "attributes": _to_dynamodb(attributes), "version": {"N": str((version or 0) + 1)}}
        self._call("put_item", Item=item, ConditionExpression=condition,
                   **({"ExpressionAttributeValues": values} if values else {}))
        return (version or 0) + 1

    @once_per_request
    def delete_attributes(self, request_envelope) -> None:
        self._local.read = None
        self._call("delete_item", Key={"id": {"S": user_key(request_envelope)}})


def _to_dynamodb(value: Any) -> dict:
    """A JSON value as a DynamoDB attribute value (numbers as decimal strings, exactly as JSON wrote them)."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, (int, float)):
        return {"N": json.dumps(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, list):
        return {"L": [_to_dynamodb(v) for v in value]}
    return {"M": {str(k): _to_dynamodb(v) for k, v in value.items()}}


def _from_dynamodb(value: dict) -> Any:
    (kind, data), = value.items()
    if kind == "NULL":
        return None
    if kind in ("BOOL", "S"):
        return data
    if kind == "N":
        number = json.loads(data) if "." not in data and "e" not in data.lower() else float(data)
        return number
    if kind == "L":
        return [_from_dynamodb(v) for v in data]
    if kind == "M":
        return {k: _from_dynamodb(v) for k, v in data.items()}
    raise ValueError(f"unexpected DynamoDB type {kind}")


def make_dynamodb_adapter(settings: Settings, client=None) -> DynamoDbAdapter:
    """The DynamoDB store on SETTINGS' table, keyed like the SQLite store; the client is built now (start-up)."""
    region = settings.aws_region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if not region:
        raise ConfigError("the DynamoDB store needs AWS_REGION")
    if client is None:
        try:
            client = dynamodb_client(settings.replace(aws_region=region))
        except ImportError as error:
            raise ConfigError("the DynamoDB store needs the aws extra: pip install 'spasm-coach[aws]'") from error
    return DynamoDbAdapter(settings.dynamodb_table, client, timeout=settings.store_timeout)


def make_persistence_adapter(settings: Settings) -> AbstractPersistenceAdapter:
    """The store SETTINGS name: SQLite at settings.db_path, or DynamoDB."""
    if settings.store == "dynamodb":
        return make_dynamodb_adapter(settings)
    return SQLiteAdapter(settings.db_path, timeout=settings.store_timeout)
