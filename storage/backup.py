"""SQLite backup and restore through SQLite's online backup API.

`backup` copies a live database in one step inside one read transaction: in WAL mode a reader
never blocks the bot's writes, and the copy is the database as of one commit. The copy is
checked (`PRAGMA integrity_check`) before it is moved into place, owner-only.

PostgreSQL is backed up with `pg_dump` (docs/admin.md); the key-encryption key that unwraps the
data keys is never in a backup of the database and is backed up on its own.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """The backup or restore could not be made; the message says why (no data in it)."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    bytes: int
    pages: int


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            "this command is for a SQLite database file; back up PostgreSQL with pg_dump "
            "(docs/admin.md)"
        )
    return Path(url.database)


def _integrity(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        raise BackupError(f"integrity check of {path} failed")


def _copy(source: Path, target: Path) -> int:
    """Copy `source` to a new file `target` (owner-only) with the online backup API."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        with (
            contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
            contextlib.closing(sqlite3.connect(partial)) as dst,
        ):
            src.execute("PRAGMA busy_timeout = 10000")
            src.backup(dst, pages=-1)  # all pages in one step: one consistent snapshot
            pages = dst.execute("PRAGMA page_count").fetchone()[0]
            # A single file: no write-ahead log beside the copy.
            dst.execute("PRAGMA journal_mode = DELETE")
        _integrity(partial)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return pages


def backup_sqlite(database_url: str, target: Path) -> BackupResult:
    source = sqlite_path(database_url)
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        pages = _copy(source, target)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite backup failed: {type(error).__name__}") from None
    return BackupResult(target, target.stat().st_size, pages)


def restore_sqlite(backup: Path, database_url: str) -> BackupResult:
    """Copy a backup into place as the database; only into an empty place (the bot stopped,
    the old file moved away), so a restore never overwrites data by mistake."""
    target = sqlite_path(database_url)
    if not backup.is_file():
        raise BackupError(f"no backup at {backup}")
    for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        if leftover.exists():
            raise BackupError(
                f"{leftover} exists: stop the bot and move the old database away first"
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        _integrity(backup)
        pages = _copy(backup, target)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite restore failed: {type(error).__name__}") from None
    return BackupResult(target, target.stat().st_size, pages)
