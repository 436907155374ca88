"""A snapshot of the validated content for the Lambda zip: loaded in about a millisecond instead of parsing YAML.

`make package` (deploy/finish_zip.py) runs write() with the runtime's Python inside the unpacked zip, after the
usual load() has validated every file. At Lambda's init, prime() uses the snapshot only if it was made from exactly
the data files beside it (a CRC-32 over their names and bytes); otherwise get() loads and validates the YAML as
everywhere else. The webhook and the tests never see a snapshot (none is kept in the repository).
"""

from __future__ import annotations

import os
import pickle
import zlib
from pathlib import Path

import content

DATA = Path(__file__).with_name("data")
SNAPSHOT = Path(__file__).with_name("snapshot.pickle")


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
    """Load and validate the content (ContentError if broken), then pickle it with the digest of its files."""
    loaded = content.load(data_dir)
    target.write_bytes(pickle.dumps({"digest": digest(data_dir), "content": loaded},
                                    protocol=pickle.HIGHEST_PROTOCOL))
    return target


def prime(source: Path = SNAPSHOT, data_dir: Path = DATA) -> bool:
    """Make content.get() return the snapshot, if there is one made from these very files; True if it did."""
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        return False
    snapshot = pickle.loads(data)  # noqa: S301 - our own file, shipped read-only beside the code that loads it
    if snapshot.get("digest") != digest(data_dir) or not isinstance(snapshot.get("content"), content.Content):
        return False
    content._cached = snapshot["content"]
    return True
