"""Settings: defaults, then the environment, then an explicit mapping (tests, command-line flags)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import Any

DEV_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

MAX_TIMESTAMP_TOLERANCE = 150   # Alexa's rule for a request's timestamp, with Amazon's certificates

# environment variable -> settings field
ENVIRONMENT = {
    "ALEXA_SKILL_ID": "skill_id",
    "SPASM_STORE": "store",
    "SPASM_DB_PATH": "db_path",
    "SPASM_DYNAMODB_TABLE": "dynamodb_table",
    "SPASM_DYNAMODB_ENDPOINT": "dynamodb_endpoint",
    "AWS_REGION": "aws_region",
    "SPASM_LOG_LEVEL": "log_level",
}


class ConfigError(ValueError):
    """A setting is missing or has a value the service cannot run with."""


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything the service reads from outside; one frozen value passed to every factory."""

    skill_id: str | None = None
    verify: str = "on"                      # "on" (Amazon roots), "dev" (plus DIR/root.pem), "off" (loopback only)
    dev_certs_dir: str | None = None
    store: str = "sqlite"                   # "sqlite" | "dynamodb"
    db_path: str = "data/spasm-coach.sqlite3"
    dynamodb_table: str = "spasm-coach-users"
    dynamodb_endpoint: str | None = None
    aws_region: str | None = None
    request_budget: float = 5.0             # seconds from a request's arrival to its answer (DESIGN.md)
    store_timeout: float = 1.0              # one store call (SQLite busy wait, DynamoDB connect + read)
    store_attempts: int = 2                 # DynamoDB attempts per call (botocore retries, bounded)
    api_connect_timeout: float = 1.0
    api_read_timeout: float = 2.5
    api_call_timeout: float = 2.0           # one Alexa API call, start to last byte (connect, headers, body)
    cert_fetch_timeout: float = 2.0
    cert_cache_size: int = 16
    max_body_bytes: int = 128 * 1024
    max_header_bytes: int = 16 * 1024       # Alexa's headers are well under 2 KiB
    idle_timeout: int = 15                  # a connection with no request in progress is closed after this
    request_read_timeout: int = 10          # a request must arrive whole (headers and body) within this
    connection_limit: int = 256             # open connections (DESIGN.md "Request deadline" sizes it)
    timestamp_tolerance: int = 150
    skill_event_tolerance: int = 3600
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Defaults, then ENV (os.environ by default), then OVERRIDES; validated."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {field: env[name] for name, field in ENVIRONMENT.items() if env.get(name)}
        values.update({key: value for key, value in overrides.items() if value is not None})
        settings = cls(**values)
        settings.check()
        return settings

    @property
    def loopback_dev(self) -> bool:
        """True in the loopback-only dev modes (--dev-certs / --no-verify)."""
        return self.verify in ("dev", "off")

    @property
    def effective_skill_id(self) -> str | None:
        """The skill id requests must carry; the dev id in loopback modes when none is configured."""
        if self.skill_id:
            return self.skill_id
        return DEV_SKILL_ID if self.loopback_dev else None

    def check(self) -> None:
        """Raise ConfigError for combinations the service must not run with."""
        if self.verify not in ("on", "dev", "off"):
            raise ConfigError(f"verify must be on, dev or off, not {self.verify!r}")
        if self.verify == "dev" and not self.dev_certs_dir:
            raise ConfigError("verify=dev needs dev_certs_dir (the folder holding root.pem)")
        if self.store not in ("sqlite", "dynamodb"):
            raise ConfigError(f"SPASM_STORE must be sqlite or dynamodb, not {self.store!r}")
        for name in ("request_budget", "store_timeout", "api_call_timeout", "api_connect_timeout",
                     "api_read_timeout", "cert_fetch_timeout"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not 0 < value <= 60:
                raise ConfigError(f"{name} must be a number of seconds above 0 and at most 60, not {value!r}")
        if self.verify == "on" and self.timestamp_tolerance > MAX_TIMESTAMP_TOLERANCE:
            raise ConfigError(f"with Amazon's certificates a request's timestamp must be within "
                              f"{MAX_TIMESTAMP_TOLERANCE} s (a virtual clock is for the simulator's dev CA only)")
        if str(self.log_level).upper() not in LOG_LEVELS:
            raise ConfigError(f"SPASM_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {self.log_level!r}")

    def replace(self, **changes: Any) -> "Settings":
        """A copy with CHANGES applied and checked."""
        settings = dataclasses.replace(self, **changes)
        settings.check()
        return settings
