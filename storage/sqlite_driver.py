"""The SQLite driver connection: statements run on the event loop, commits on a thread.

aiosqlite runs every call (cursor, execute, fetch, close) on its own thread and wakes the event
loop for each result. A statement on the embedded database takes microseconds, while each of
those round trips costs a thread switch, a wake-up of the loop and the GIL changing hands; a
dialog turn made a few dozen of them. Here statements run directly on the loop's thread, and
only the commit, which waits for the disk (synchronous=FULL: a commit is on disk before the
bot answers), goes to aiosqlite's thread so the loop serves other turns meanwhile.

The process is the database's only writer (see storage.database), so a statement never waits
for a lock held by another connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial
from typing import Any

import aiosqlite


class InlineSQLiteConnection(aiosqlite.Connection):
    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        if fn == self._connection.commit:
            return await super()._execute(fn, *args, **kwargs)
        return fn(*args, **kwargs)


def inline_sqlite_connector(database: str) -> Callable[[], Any]:
    """An `async_creator` for SQLAlchemy: a new connection to the database file."""

    async def connect() -> InlineSQLiteConnection:
        # check_same_thread=False as SQLAlchemy's own aiosqlite connect passes it: the
        # connection is opened on aiosqlite's thread and used from the loop's.
        connector = partial(sqlite3.connect, database, check_same_thread=False)
        return await InlineSQLiteConnection(connector, iter_chunk_size=64)

    return connect
