"""The Lambda zip's hashed CA directory: OpenSSL finds each root by the name skill/castore.py gives its file."""

import datetime as dt
import socket
import ssl
import threading

import certifi
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from skill import castore


def _name(*attributes) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, value, *kind) for oid, value, *kind in attributes])


def _certificate(subject, issuer, key, issuer_key, *, ca: bool, host: str | None = None) -> x509.Certificate:
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if host:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


# Names as real roots spell them: printable and UTF-8 strings, capitals, runs of spaces, a leading and trailing
# space, a non-ASCII letter, a BMP string, several attributes.
NAMES = {
    "printable": _name((NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Spasm Coach Tests"),
                       (NameOID.COMMON_NAME, "Test Root CA 1", x509.name._ASN1Type.PrintableString)),
    "utf8 spaces and capitals": _name((NameOID.ORGANIZATION_NAME, "  Spasm   Coach\tTest  "),
                                      (NameOID.COMMON_NAME, "ROOT Ünïcode CA")),
    "bmp": _name((NameOID.COMMON_NAME, "Bmp Root", x509.name._ASN1Type.BMPString)),
}


@pytest.mark.parametrize("kind", sorted(NAMES))
def test_a_handshake_finds_its_root_in_the_hashed_directory(tmp_path, kind):
    root_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root = _certificate(NAMES[kind], NAMES[kind], root_key, root_key, ca=True)
    leaf = _certificate(_name((NameOID.COMMON_NAME, "localhost")), NAMES[kind], leaf_key, root_key, ca=False,
                        host="localhost")
    folder = tmp_path / "ca-hashed"
    pem = root.public_bytes(serialization.Encoding.PEM)
    assert castore.write_hashed_dir(certifi.contents().encode() + pem, folder) > 100
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM) + leaf_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))

    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(tmp_path / "leaf.pem")
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve():
        connection, _ = listener.accept()
        try:
            with server.wrap_socket(connection, server_side=True) as tls:
                tls.sendall(b"ok")
        except (ssl.SSLError, OSError):
            pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    client = ssl.create_default_context(capath=str(folder))
    assert client.get_ca_certs() == []   # nothing parsed before a handshake asks
    with socket.create_connection(("127.0.0.1", port), timeout=15) as raw:
        with client.wrap_socket(raw, server_hostname="localhost") as tls:
            assert tls.recv(2) == b"ok"
    thread.join(15)
    listener.close()
    assert len(client.get_ca_certs()) == 1   # only the root this handshake needed


def test_without_the_root_the_same_handshake_fails(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = _certificate(_name((NameOID.COMMON_NAME, "localhost")), NAMES["printable"], key,
                        ec.generate_private_key(ec.SECP256R1()), ca=False, host="localhost")
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    castore.write_hashed_dir(certifi.contents().encode(), tmp_path / "ca-hashed")
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(tmp_path / "leaf.pem")
    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        connection, _ = listener.accept()
        try:
            server.wrap_socket(connection, server_side=True).close()
        except (ssl.SSLError, OSError):
            pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    client = ssl.create_default_context(capath=str(tmp_path / "ca-hashed"))
    with socket.create_connection(("127.0.0.1", listener.getsockname()[1]), timeout=15) as raw:
        with pytest.raises(ssl.SSLCertVerificationError):
            client.wrap_socket(raw, server_hostname="localhost")
    thread.join(15)
    listener.close()


def test_every_root_of_the_bundle_gets_one_file_named_by_its_subject_hash(tmp_path):
    bundle = certifi.contents().encode()
    count = castore.write_hashed_dir(bundle, tmp_path)
    files = sorted(tmp_path.iterdir())
    assert count == len(castore.certificates(bundle)) == len(files) > 100
    assert {path.name.split(".")[0] for path in files} == {castore.subject_hash(der)
                                                           for der in castore.certificates(bundle)}
    # The bundle's certificates, each once, byte for byte.
    assert sorted(castore.certificates(b"".join(path.read_bytes() for path in files))) == \
        sorted(castore.certificates(bundle))
