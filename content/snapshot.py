"""A snapshot of the validated content for the Lambda zip: loaded in about a millisecond instead of parsing YAML.

`make package` (deploy/finish_zip.py) runs write() with the runtime's Python inside the unpacked zip, after the
usual load() has validated every file. At Lambda's init, prime() uses the snapshot only if it was made from exactly
the data files beside it (a CRC-32 over their names and bytes); otherwise get() loads and validates the YAML as
everywhere else. The webhook and the tests never see a snapshot (none is kept in the repository).
The data files read outside load() (PARSED: the symptom reader's) are in it too, parsed: `parsed(path)`.
"""

from __future__ import annotations

import marshal
import os
import zlib
from dataclasses import fields
from pathlib import Path

import content

DATA = Path(__file__).with_name("data")
SNAPSHOT = Path(__file__).with_name("snapshot.bin")
# Data files that code outside content.load() reads (skill/domain/symptoms.py): parsed at packaging as well, so the
# first symptom said after a cold start does not parse 40 KB of YAML (about 150 ms of CPU with pure-Python PyYAML).
PARSED = ("symptoms.yaml",)
_parsed: dict[str, object] = {}


def digest(data_dir: Path = DATA) -> str:
    """A CRC-32 over the relative names and bytes of every file under DATA_DIR, in name order. It catches files
    changed or added after packaging (whoever can change the zip's files can change its code, so no hash would
    do more); zlib rather than hashlib, whose OpenSSL import costs more than the whole snapshot load."""
    files = sorted(Path(folder, name) for folder, dirs, names in os.walk(data_dir) for name in names
                   if "__pycache__" not in folder)   # os.walk: pathlib's rglob costs more than the hashing
    crc = 0
    for path in files:
        crc = zlib.crc32(path.relative_to(data_dir).as_posix().encode() + b"\0", crc)
        crc = zlib.crc32(path.read_bytes() + b"\0", crc)
    return f"crc32:{crc:08x}:{len(files)}"


def write(target: Path = SNAPSHOT, data_dir: Path = DATA) -> Path:
    """Load and validate the content (ContentError if broken), then save its fields with the digest of its files:
    marshal (built in, nothing to import at load) when the values are plain data, pickle otherwise."""
    from content.loader import read_yaml

    loaded = content.load(data_dir)
    record = {"digest": digest(data_dir), "fields": {f.name: getattr(loaded, f.name) for f in fields(loaded)},
              "parsed": {name: read_yaml(data_dir / name, name) for name in PARSED if (data_dir / name).exists()}}
    try:
        target.write_bytes(b"M" + marshal.dumps(record))
    except ValueError:   # a value marshal cannot hold (a date, say): pickle keeps it
        import pickle

        target.write_bytes(b"P" + pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    return target


def prime(source: Path = SNAPSHOT, data_dir: Path = DATA) -> bool:
    """Make content.get() return the snapshot, if there is one made from these very files; True if it did."""
    _parsed.clear()
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        return False
    try:
        if data[:1] == b"M":
            record = marshal.loads(data[1:])   # made by this Python version (finish_zip uses the runtime's)
        else:
            import pickle

            record = pickle.loads(data[1:])  # noqa: S301 - our own file, shipped read-only beside this code
        if record["digest"] != digest(data_dir):
            return False
        content._cached = content.Content(**record["fields"])
        _parsed.update({str(Path(data_dir, name).resolve()): data for name, data in record.get("parsed", {}).items()})
    except (ValueError, EOFError, TypeError, KeyError):   # another Python's marshal, or an older layout
        return False
    return True


def parsed(path: Path | str) -> object | None:
    """PATH's data as parsed when the primed snapshot was made (a fresh copy), or None: no snapshot, or a file it
    does not hold. Only files of the data folder the snapshot was checked against, so never stale."""
    data = _parsed.get(str(Path(path).resolve()))
    return None if data is None else marshal.loads(marshal.dumps(data))
