"""Engine creation and schema migrations for SQLite (embedded) and PostgreSQL (production)."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

from storage.sqlite_driver import inline_sqlite_connector

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SUPPORTED_DIALECTS = ("sqlite", "postgresql")


# What the rest of the product holds on to; only storage/ knows it is SQLAlchemy's.
Engine = AsyncEngine


class DatabaseConfigError(ValueError):
    """DATABASE_URL names something this product cannot use."""


def dialect_of(url: str) -> str:
    try:
        parsed = make_url(url)
    except Exception as error:
        raise DatabaseConfigError("DATABASE_URL is not a valid SQLAlchemy URL") from error
    dialect = parsed.get_backend_name()
    if dialect not in SUPPORTED_DIALECTS:
        raise DatabaseConfigError(
            f"DATABASE_URL dialect '{dialect}' is not supported (use sqlite or postgresql)"
        )
    return dialect


def sslmode_of(url: str) -> str | None:
    """The TLS mode a PostgreSQL URL asks for (`ssl=` or `sslmode=`), or None."""
    query = make_url(url).query
    value = query.get("ssl") or query.get("sslmode")
    return value if isinstance(value, str) else None


def async_url(url: str) -> str:
    """Pick the async driver for a plain URL (sqlite:// -> aiosqlite, postgresql:// -> asyncpg)."""
    parsed = make_url(url)
    driver = {"sqlite": "aiosqlite", "postgresql": "asyncpg"}[dialect_of(url)]
    return parsed.set(drivername=f"{parsed.get_backend_name()}+{driver}").render_as_string(
        hide_password=False
    )


def create_engine(url: str, password_provider: Callable[[], str] | None = None) -> AsyncEngine:
    """An engine for the URL. With `password_provider` (PostgreSQL with Entra authentication),
    every new connection gets a fresh password from it, e.g. an access token from
    azure-identity, which caches the token and renews it before it expires."""
    url = async_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        return _create_sqlite_engine(url)
    # Recycle connections well within a token's lifetime, so none outlives its password.
    engine = create_async_engine(
        url, pool_size=10, max_overflow=10, pool_pre_ping=True, pool_recycle=1800
    )
    if password_provider is not None:

        async def password() -> str:
            # azure-identity's get_token can block on a network round trip: not on the loop.
            return await asyncio.to_thread(password_provider)

        @event.listens_for(engine.sync_engine, "do_connect")
        def _token_as_password(_dialect, _record, _cargs, cparams) -> None:  # type: ignore[no-untyped-def]
            cparams["password"] = password  # asyncpg awaits a password given as a coroutine

    return engine


def _create_sqlite_engine(url: str) -> AsyncEngine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        # One connection: SQLite allows one writer, and a single connection serialises writers
        # in the pool queue instead of in SQLite's busy handler (which gave multi-second tails).
        # No reset on return: every use ends its own transaction (begin() commits or rolls
        # back, connect() rolls back on close), so the pool's extra rollback was a wasted
        # round trip to the driver thread on every checkout.
        engine = create_async_engine(
            url,
            pool_size=1,
            max_overflow=0,
            pool_timeout=60,
            pool_reset_on_return=None,
            async_creator=inline_sqlite_connector(database),
        )
    else:
        engine = create_async_engine(url, poolclass=StaticPool)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit is on disk before it returns (NORMAL could lose the last commits on
        # a power cut, after the reporter was told their signal was received).
        cursor.execute("PRAGMA synchronous=FULL")
        # No checkpoint inside a commit (it would hold the event loop for a whole copy of the
        # log, half a second seen under load): checkpoint_wal does it on a thread.
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten, so retention leaves nothing readable in the file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    return engine


def _wal_database(engine: AsyncEngine) -> str | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return database


async def checkpoint_wal(engine: AsyncEngine) -> None:
    """SQLite: copy the write-ahead log into the database file, on a thread with a connection
    of its own, so the bot's connection never waits for it. A no-op for PostgreSQL."""
    database = _wal_database(engine)
    if database is not None:
        await asyncio.to_thread(_checkpoint, database)


def _checkpoint(database: str, mode: str = "PASSIVE") -> None:
    # PASSIVE: copies what no reader still needs, never blocks the writer.
    with contextlib.closing(sqlite3.connect(database)) as connection:
        connection.execute(f"PRAGMA wal_checkpoint({mode})")


async def truncate_wal(engine: AsyncEngine) -> None:
    """SQLite: checkpoint and empty the write-ahead log (after retention deleted rows)."""
    database = _wal_database(engine)
    if database is not None:
        await asyncio.to_thread(_checkpoint, database, "TRUNCATE")


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


async def migrate(engine: AsyncEngine) -> None:
    """Bring the schema to the newest revision."""

    def _upgrade(connection: Connection) -> None:
        command.upgrade(_alembic_config(connection), "head")

    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)


async def schema_is_current(engine: AsyncEngine) -> bool:
    def _check(connection: Connection) -> bool:
        head = ScriptDirectory.from_config(_alembic_config(connection)).get_current_head()
        return MigrationContext.configure(connection).get_current_revision() == head

    async with engine.connect() as connection:
        return await connection.run_sync(_check)
