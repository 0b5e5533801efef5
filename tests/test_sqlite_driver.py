"""The embedded database: statements on the event loop, commits on disk, the log checkpointed
on a thread."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from sqlalchemy import text

from storage.database import checkpoint_wal, create_engine
from storage.sqlite_driver import InlineSQLiteConnection


async def test_statements_and_commits_run_on_the_loop_thread(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'inline.db'}")
    threads: set[int] = set()
    try:
        async with engine.begin() as conn:
            raw = await conn.get_raw_connection()
            driver = raw.driver_connection
            assert isinstance(driver, InlineSQLiteConnection)
            driver._conn.set_trace_callback(lambda _sql: threads.add(threading.get_ident()))
            await conn.execute(text("CREATE TABLE t (v TEXT)"))
            await conn.execute(text("INSERT INTO t VALUES ('x')"))
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT v FROM t"))).scalar_one() == "x"
            assert (await conn.execute(text("PRAGMA synchronous"))).scalar_one() == 2  # FULL
            assert (await conn.execute(text("PRAGMA wal_autocheckpoint"))).scalar_one() == 0
        assert threads == {threading.get_ident()}
    finally:
        await engine.dispose()


async def test_checkpoint_copies_the_log_into_the_database_file(tmp_path: Path) -> None:
    path = tmp_path / "checkpoint.db"
    engine = create_engine(f"sqlite:///{path}")

    def rows_in_database_file() -> int:
        # immutable=1 reads the main file only, ignoring the write-ahead log.
        with sqlite3.connect(f"file:{path}?immutable=1", uri=True) as reader:
            try:
                return reader.execute("SELECT count(*) FROM t").fetchone()[0]
            except sqlite3.OperationalError:
                return -1  # the table itself is still only in the log

    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (v INTEGER)"))
            for i in range(100):
                await conn.execute(text("INSERT INTO t VALUES (:i)"), {"i": i})
        assert rows_in_database_file() == -1
        await checkpoint_wal(engine)
        assert rows_in_database_file() == 100
    finally:
        await engine.dispose()
