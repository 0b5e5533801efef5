"""The database's TLS certificate is verified (ssl=verify-full with the root certificates in
PGSSLROOTCERT), not merely required: against a real PostgreSQL server with TLS on, a
certificate from another authority or for another host name is refused."""

from __future__ import annotations

import datetime
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import text

from bot.settings import PROJECT_ROOT, SettingsError, load_settings
from storage.database import create_engine
from tests.support.playground import free_port


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _certificate(subject: str, issuer_key, issuer_name, key, *, ca: bool, host: str | None = None):  # type: ignore[no-untyped-def]
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(issuer_name or x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if host:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(cert) -> bytes:  # type: ignore[no-untyped-def]
    return cert.public_bytes(serialization.Encoding.PEM)


def _authority(directory: Path, name: str) -> tuple[Path, object, object]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _certificate(name, key, None, key, ca=True)
    path = directory / f"{name}.pem"
    path.write_bytes(_pem(cert))
    return path, key, cert


@pytest.fixture(scope="module")
def tls_postgres() -> Iterator[tuple[int, Path, Path]]:
    """A PostgreSQL server with TLS on, its certificate for 'localhost' from a test authority;
    yields (port, the authority's certificate, another authority's certificate)."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not (initdb and pg_ctl) or os.geteuid() != 0 or not shutil.which("runuser"):
        pytest.skip("needs PostgreSQL's server binaries and root (to run them as postgres)")
    subprocess.run(["id", "postgres"], check=False, capture_output=True).returncode == 0 or (
        subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
    )
    # Not under pytest's root-only temporary directory: the server runs as postgres.
    work = Path(tempfile.mkdtemp(prefix="meldroute-tlspg-"))
    ca_path, ca_key, ca_cert = _authority(work, "test-root")
    other_path, _other_key, _other_cert = _authority(work, "other-root")
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = _certificate(
        "localhost", ca_key, ca_cert.subject, server_key, ca=False, host="localhost"
    )
    data = work / "data"
    data.mkdir()
    (work / "server.crt").write_bytes(_pem(server_cert))
    (work / "server.key").write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    os.chmod(work / "server.key", 0o600)
    for path in (work, data, work / "server.crt", work / "server.key"):
        shutil.chown(path, "postgres")
    os.chmod(work, 0o755)
    as_postgres = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*as_postgres, initdb, "-D", str(data), "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    port = free_port()
    options = (
        f"-p {port} -k {work} -c listen_addresses=127.0.0.1 -c ssl=on "
        f"-c ssl_cert_file={work / 'server.crt'} -c ssl_key_file={work / 'server.key'}"
    )
    subprocess.run(
        [
            *as_postgres,
            pg_ctl,
            "-D",
            str(data),
            "-l",
            str(work / "log"),
            "-w",
            "-o",
            options,
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield port, ca_path, other_path
    finally:
        subprocess.run(
            [*as_postgres, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(work, ignore_errors=True)


async def _connects(url: str) -> bool:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return (await conn.execute(text("SELECT 1"))).scalar_one() == 1
    except Exception:
        return False
    finally:
        await engine.dispose()


async def test_verify_full_accepts_only_the_right_authority_and_host_name(
    tls_postgres: tuple[int, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, right, other = tls_postgres
    by_name = f"postgresql://postgres@localhost:{port}/postgres"
    by_address = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    monkeypatch.setenv("PGSSLROOTCERT", str(right))
    assert await _connects(f"{by_name}?ssl=verify-full")
    assert not await _connects(f"{by_address}?ssl=verify-full")  # not the certificate's name
    monkeypatch.setenv("PGSSLROOTCERT", str(other))
    assert not await _connects(f"{by_name}?ssl=verify-full")  # another authority
    # What the guide used to say: without root certificates, require encrypts but takes any
    # certificate (with PGSSLROOTCERT set, asyncpg checks the chain, as libpq does).
    monkeypatch.delenv("PGSSLROOTCERT")
    assert await _connects(f"{by_name}?ssl=require")
    assert not await _connects(f"{by_name}?ssl=verify-full")  # no roots: refused, not trusted


def test_entra_authentication_needs_verify_full_and_root_certificates(tmp_path: Path) -> None:
    base = {
        "MELDROUTE_ENV": "development",
        "MELDROUTE_DATABASE_AUTH": "entra",
        "MICROSOFT_APP_ID": "client-id",
        "MICROSOFT_APP_TYPE": "UserAssignedMSI",
        "MICROSOFT_APP_TENANT_ID": "tenant",
    }
    url = "postgresql://id-meldroute@psql.postgres.database.azure.com/meldroute"
    with pytest.raises(SettingsError, match=r"ssl=verify-full with MELDROUTE_DATABASE_AUTH=entra"):
        load_settings({**base, "DATABASE_URL": f"{url}?ssl=require"}, dotenv=tmp_path / "x")
    with pytest.raises(SettingsError, match="PGSSLROOTCERT must name a readable file"):
        load_settings({**base, "DATABASE_URL": f"{url}?ssl=verify-full"}, dotenv=tmp_path / "x")
    roots = PROJECT_ROOT / "config" / "azure-postgresql-roots.pem"
    settings = load_settings(
        {**base, "DATABASE_URL": f"{url}?ssl=verify-full", "PGSSLROOTCERT": str(roots)},
        dotenv=tmp_path / "x",
    )
    assert settings.database_auth == "entra"


def test_the_shipped_root_bundle_holds_the_azure_roots() -> None:
    pem = (PROJECT_ROOT / "config" / "azure-postgresql-roots.pem").read_bytes()
    names = {
        cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
        for cert in x509.load_pem_x509_certificates(pem)
    }
    assert names == {
        "DigiCert Global Root G2",
        "Microsoft RSA Root Certificate Authority 2017",
        "DigiCert Global Root CA",
    }
