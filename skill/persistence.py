"""Per-user persistent attributes: a SQLite adapter (default) and the DynamoDB adapter, behind one factory."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from skill.config import ConfigError, Settings

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
    """Attributes as JSON rows in one SQLite file, WAL mode. Inside a process the threads share one connection
    behind a lock (measured on 2 cores with 8 threads: half the CPU of a connection per thread, which contend in
    SQLite's own file locks); other processes on the same file are covered by WAL and the busy timeout."""

    def __init__(self, path: str | os.PathLike, *, timeout: float = 5.0):
        self.path = Path(path)
        self.timeout = timeout
        self._local = threading.local()      # the record each thread read in its current request
        self._connection = None
        self._lock = threading.Lock()

    def _connect(self):
        """The shared connection, opened (and the file and table created) on first use; call with the lock."""
        import sqlite3  # on first use: the Lambda (DynamoDB) never loads it

        if self._connection is not None:
            return self._connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None,
                                     check_same_thread=False)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute(SCHEMA)
            connection.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error:
            connection.close()
            raise
        self._connection = connection
        return connection

    def _run(self, sql: str, params: tuple) -> list[tuple]:
        import sqlite3

        with self._lock:
            try:
                return self._connect().execute(sql, params).fetchall()
            except sqlite3.Error as error:
                self._close()   # reopened (and the table re-created) on the next call
                raise PersistenceException(f"SQLite store failed: {type(error).__name__}: {error}") from error

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
        key, text = user_key(request_envelope), json.dumps(attributes, separators=(",", ":"), default=str)
        read = getattr(self._local, "read", None)
        if read is not None and read[0] is not None and read == (_request_id(request_envelope), key, text):
            return
        self._run("INSERT INTO attributes (id, attributes) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET "
                  "attributes = excluded.attributes, updated_at = excluded.updated_at", (key, text))

    def delete_attributes(self, request_envelope) -> None:
        self._local.read = None
        self._run("DELETE FROM attributes WHERE id = ?", (user_key(request_envelope),))

    def close(self) -> None:
        """Close the connection (the next call reopens it)."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()


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
    return SQLiteAdapter(settings.db_path)
