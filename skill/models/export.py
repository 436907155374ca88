"""`spasm-coach models export DIR`: an ASK CLI project (ask-resources.json, skill-package/) ready for `ask deploy`."""

from __future__ import annotations

import copy
import json
import struct
import zlib
from pathlib import Path
from urllib.parse import urlparse

from skill.models.lint import LAMBDA_ARN_RX
from skill.models.sync import dumps, load_models

PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net")
SSL_TYPES = ("Trusted", "Wildcard", "SelfSigned")
ICONS = {"skill-package/assets/images/icon-108.png": 108, "skill-package/assets/images/icon-512.png": 512}
ASK_RESOURCES = {"askcliResourcesVersion": "2020-03-31",
                 "profiles": {"default": {"skillMetadata": {"src": "./skill-package"}}}}


class ExportError(ValueError):
    """The export cannot produce a deployable package (bad endpoint, lint problems)."""


def endpoint_for(uri: str, ssl_certificate_type: str = "Trusted") -> dict:
    """The manifest's apis.custom.endpoint for an https URL or a Lambda ARN."""
    if LAMBDA_ARN_RX.fullmatch(uri):
        return {"uri": uri}
    parsed = urlparse(uri)
    if parsed.scheme != "https" or not parsed.hostname:
        raise ExportError(f"endpoint {uri!r}: give an https:// URL (port 443) or a Lambda function ARN")
    if parsed.port not in (None, 443):
        raise ExportError(f"endpoint {uri!r}: Alexa only calls port 443")
    if ssl_certificate_type not in SSL_TYPES:
        raise ExportError(f"sslCertificateType must be one of {', '.join(SSL_TYPES)}")
    return {"uri": uri, "sslCertificateType": ssl_certificate_type}


def package(manifest: dict, models: dict[str, dict], endpoint: dict | None = None) -> dict[str, str]:
    """Relative path -> file text of the ASK CLI project."""
    manifest = copy.deepcopy(manifest)
    custom = manifest["manifest"].setdefault("apis", {}).setdefault("custom", {})
    if endpoint is not None:
        custom["endpoint"] = endpoint
    host = urlparse(custom.get("endpoint", {}).get("uri", "")).hostname or ""
    if host.endswith(PLACEHOLDER_HOSTS):
        raise ExportError(f"the manifest's endpoint is the placeholder {host}: pass --endpoint https://your.host/ "
                          f"or --endpoint arn:aws:lambda:...")
    files = {"ask-resources.json": dumps(ASK_RESOURCES), "skill-package/skill.json": dumps(manifest)}
    for locale, model in sorted(models.items()):
        files[f"skill-package/interactionModels/custom/{locale}.json"] = dumps(model)
    return files


def icon_png(size: int) -> bytes:
    """The store icon: a calm teal square with a pale disc, as a PNG of SIZE x SIZE pixels."""
    teal, pale = b"\x1f\x7a\x80", b"\xe6\xf4\xf1"
    centre, radius = (size - 1) / 2, size * 0.34
    rows = b"".join(b"\x00" + b"".join(pale if (x - centre) ** 2 + (y - centre) ** 2 <= radius ** 2 else teal
                                         for x in range(size)) for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def export(dest: Path | str, *, endpoint: str | None = None, ssl_certificate_type: str = "Trusted",
           models_dir: Path | str | None = None) -> list[Path]:
    """Write the project under DEST; the files written."""
    from skill.models.project import load_manifest
    files = package(load_manifest(models_dir), load_models(models_dir),
                    endpoint_for(endpoint, ssl_certificate_type) if endpoint else None)
    written = []
    for relative, text in files.items():
        path = Path(dest) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for relative, size in ICONS.items():
        path = Path(dest) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(icon_png(size))
        written.append(path)
    return written


def read_package(dest: Path | str) -> dict:
    """What an export wrote, parsed (for checks): relative path -> JSON."""
    root = Path(dest)
    return {str(p.relative_to(root)): json.loads(p.read_text(encoding="utf-8")) for p in root.rglob("*.json")}
