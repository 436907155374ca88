"""The Alexa API client's trusted roots as an OpenSSL hashed directory, which OpenSSL reads lazily.

`ssl.create_default_context(cafile=certifi.where())` parses all ~120 roots of the bundle before the first call (about
25 ms on the Lambda cold start, most of the first request's own work); with `capath=` OpenSSL opens only the file of
the root a handshake needs, found by the hash of its subject name. `make package` (deploy/finish_zip.py) writes that
directory into the zip from the zip's own certifi bundle (`write_hashed_dir`); skill/api_client.py uses it when it is
there (CA_DIR) and the bundle otherwise (the webhook). Same roots, same checks; only when they are read differs.

subject_hash() is OpenSSL's X509_NAME_hash (what `openssl x509 -subject_hash` and `openssl rehash` print): SHA-1 of
the subject's canonical encoding (string values as lower-cased UTF-8 with spaces collapsed), first four bytes read
little-endian, as 8 hex digits.
"""

from __future__ import annotations

from pathlib import Path

# Only in the Lambda zip. The rest of this module runs at packaging (and in tests): its imports are in its functions,
# since the Lambda's init imports this module for CA_DIR alone.
CA_DIR = Path(__file__).resolve().parent.parent / "ca-hashed"
_PEM = rb"-----BEGIN CERTIFICATE-----\s*(.+?)\s*-----END CERTIFICATE-----"
# Universal string tags OpenSSL canonicalises (ASN1_MASK_CANON), and how each one's bytes decode.
_CANON = {12: "utf-8", 19: "latin-1", 20: "latin-1", 22: "latin-1", 26: "latin-1", 28: "utf-32-be", 30: "utf-16-be"}
_SPACE = b" \t\n\v\f\r"


def _tlv(data: bytes, at: int) -> tuple[int, int, int]:
    """(tag, start of the value, end of the value) of the DER element at AT."""
    tag, length = data[at], data[at + 1]
    at += 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[at:at + count], "big")
        at += count
    return tag, at, at + length


def _children(data: bytes, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """(tag, element start, value start, value end) of each element between START and END."""
    out = []
    while start < end:
        tag, value, stop = _tlv(data, start)
        out.append((tag, start, value, stop))
        start = stop
    return out


def _encode(tag: int, value: bytes) -> bytes:
    size = len(value)
    if size < 0x80:
        return bytes((tag, size)) + value
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(length))) + length + value


def _canonical(text: bytes) -> bytes:
    text = text.strip(_SPACE)
    out = bytearray()
    i = 0
    while i < len(text):
        byte = text[i]
        if byte in _SPACE:
            out.append(0x20)
            while i < len(text) and text[i] in _SPACE:
                i += 1
            continue
        out.append(byte + 32 if 0x41 <= byte <= 0x5A else byte)
        i += 1
    return bytes(out)


def subject_hash(der: bytes) -> str:
    """OpenSSL's subject name hash of the DER certificate DER, as the 8 hex digits of its hashed-directory name."""
    import hashlib

    _, cert_start, cert_end = _tlv(der, 0)
    _, tbs_start, tbs_end = _tlv(der, cert_start)
    fields = _children(der, tbs_start, tbs_end)
    if fields[0][0] == 0xA0:       # [0] version, present from v2 on
        fields = fields[1:]
    _, _, name_start, name_end = fields[4]   # serial, signature algorithm, issuer, validity, subject
    canon = bytearray()
    for _, _, rdn_start, rdn_end in _children(der, name_start, name_end):
        entries = []
        for _, _, ava_start, ava_end in _children(der, rdn_start, rdn_end):
            (_, oid_at, _, oid_end), (tag, value_at, value_start, value_end) = _children(der, ava_start, ava_end)
            if tag in _CANON:
                text = der[value_start:value_end].decode(_CANON[tag]).encode("utf-8")
                value = _encode(12, _canonical(text))
            else:
                value = der[value_at:value_end]
            entries.append(_encode(0x30, der[oid_at:oid_end] + value))
        canon += _encode(0x31, b"".join(sorted(entries)))   # SET OF: DER order
    return hashlib.sha1(bytes(canon)).digest()[:4][::-1].hex()


def certificates(pem: bytes) -> list[bytes]:
    """The DER certificates of a PEM bundle, in order."""
    import base64
    import re

    return [base64.b64decode(b"".join(body.split())) for body in re.findall(_PEM, pem, re.S)]


def write_hashed_dir(pem: bytes, folder: Path) -> int:
    """Write every certificate of the PEM bundle into FOLDER as HASH.N (PEM), as `openssl rehash` names them;
    returns how many."""
    import base64

    folder.mkdir(parents=True, exist_ok=True)
    seen: dict[str, int] = {}
    ders = certificates(pem)
    for der in ders:
        digest = subject_hash(der)
        number = seen.get(digest, 0)
        seen[digest] = number + 1
        body = base64.encodebytes(der).decode("ascii").replace("\n", "")
        lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
        (folder / f"{digest}.{number}").write_text(
            f"-----BEGIN CERTIFICATE-----\n{lines}\n-----END CERTIFICATE-----\n", encoding="ascii")
    return len(ders)
