"""The development CA: a root, an intermediate and an echo-api leaf, and request signing with them."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import os
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CERT_URL_PREFIX = "https://s3.amazonaws.com/echo.api/"
LEAF_NAME = "echo-api-cert.pem"
SAN = "echo-api.amazon.com"


def default_dir() -> Path:
    """The user data folder for the dev CA: $XDG_DATA_HOME/spasm-coach/dev-ca."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "spasm-coach" / "dev-ca"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Spasm Coach dev CA"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _write_key(path: Path, key: rsa.RSAPrivateKey) -> None:
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    path.chmod(0o600)


def _load_key(path: Path) -> rsa.RSAPrivateKey:
    return _parse_key(path.read_bytes())


@functools.lru_cache(maxsize=16)
def _parse_key(pem: bytes) -> rsa.RSAPrivateKey:
    """A PEM private key, parsed once per process for the same bytes (parsing checks the RSA key: ~50 ms of CPU,
    paid by every leaf issued with the same intermediate)."""
    return serialization.load_pem_private_key(pem, password=None)


def _ca_cert(subject, issuer, key, issuer_key, *, path_length, issuer_cert=None, days=3650):
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                            crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if issuer_cert is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


class DevCA:
    """A dev CA living in a directory: root.pem, echo-api-cert.pem (leaf + intermediate) and their keys."""

    def __init__(self, directory: str | os.PathLike):
        self.dir = Path(directory)
        self._leaf_keys: dict[str, rsa.RSAPrivateKey] = {}

    @classmethod
    def ensure(cls, directory: str | os.PathLike | None = None) -> "DevCA":
        """Open the CA in DIRECTORY (default: the user data folder), creating it on first use."""
        ca = cls(directory or default_dir())
        if not (ca.dir / "root.pem").exists() or not (ca.dir / LEAF_NAME).exists():
            ca.create()
        return ca

    def create(self) -> None:
        """Make a fresh root, intermediate and echo-api leaf (overwrites what is there)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        root_key, inter_key = _key(), _key()
        root = _ca_cert(_name("Spasm Coach Dev Root"), _name("Spasm Coach Dev Root"), root_key, root_key,
                        path_length=1)
        inter = _ca_cert(_name("Spasm Coach Dev Intermediate"), root.subject, inter_key, root_key,
                         path_length=0, issuer_cert=root, days=3000)
        _write_key(self.dir / "root.key", root_key)
        _write_key(self.dir / "intermediate.key", inter_key)
        (self.dir / "root.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
        (self.dir / "intermediate.pem").write_bytes(inter.public_bytes(serialization.Encoding.PEM))
        self.issue_leaf(LEAF_NAME)

    def issue_leaf(self, name: str, *, san: str = SAN, not_before: dt.datetime | None = None,
                   not_after: dt.datetime | None = None, include_intermediate: bool = True) -> str:
        """Issue a signing leaf saved as NAME (leaf first, then the intermediate); returns its cert URL."""
        now = dt.datetime.now(dt.timezone.utc)
        inter_key = _load_key(self.dir / "intermediate.key")
        inter = x509.load_pem_x509_certificate((self.dir / "intermediate.pem").read_bytes())
        key = _key()
        leaf = (x509.CertificateBuilder().subject_name(_name(san)).issuer_name(inter.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(not_before or now - dt.timedelta(days=1))
                .not_valid_after(not_after or now + dt.timedelta(days=825))
                .add_extension(x509.SubjectAlternativeName([x509.DNSName(san)]), critical=False)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                             key_encipherment=True, data_encipherment=False, key_agreement=False,
                                             key_cert_sign=False, crl_sign=False, encipher_only=False,
                                             decipher_only=False), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                                      ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(inter_key.public_key()),
                               critical=False)
                .sign(inter_key, hashes.SHA256()))
        chain = leaf.public_bytes(serialization.Encoding.PEM)
        if include_intermediate:
            chain += inter.public_bytes(serialization.Encoding.PEM)
        (self.dir / name).write_bytes(chain)
        _write_key(self.dir / (name + ".key"), key)
        self._leaf_keys[name] = key
        return CERT_URL_PREFIX + name

    def _leaf_key(self, name: str) -> rsa.RSAPrivateKey:
        if name not in self._leaf_keys:
            self._leaf_keys[name] = _load_key(self.dir / (name + ".key"))
        return self._leaf_keys[name]

    def sign(self, body: bytes, *, cert_name: str = LEAF_NAME, cert_url: str | None = None) -> dict[str, str]:
        """Headers that make BODY verifiable: SignatureCertChainUrl and Signature-256 (SHA256withRSA)."""
        signature = self._leaf_key(cert_name).sign(body, padding.PKCS1v15(), hashes.SHA256())
        return {"SignatureCertChainUrl": cert_url or CERT_URL_PREFIX + cert_name,
                "Signature-256": base64.b64encode(signature).decode("ascii")}


_default: DevCA | None = None


def sign(body: bytes, ca_dir: str | os.PathLike | None = None) -> dict[str, str]:
    """Sign BODY with the dev CA in CA_DIR (default: the user data folder, created on first use)."""
    global _default
    if _default is None or (ca_dir is not None and Path(ca_dir) != _default.dir):
        _default = DevCA.ensure(ca_dir)
    return _default.sign(body)


def main(argv: list[str] | None = None) -> int:
    """`python -m simulator.signing [DIR]`: create the dev CA in DIR if missing and print DIR."""
    args = sys.argv[1:] if argv is None else argv
    ca = DevCA.ensure(args[0] if args else None)
    print(ca.dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
