"""The SQLite driver connection: statements and commits run on the event loop's thread.

aiosqlite runs every call (cursor, execute, fetch, close, commit) on a thread of its own and
wakes the event loop for each result. A statement on the embedded database takes
microseconds, while each of those round trips costs a thread switch, a wake-up of the loop and
the GIL changing hands (milliseconds under load); a dialog turn made a few dozen of them, and
the one connection stayed held for that long, so turns queued for it. Here they run directly.

The cost is that a commit's flush to disk (synchronous=FULL, see storage.database) holds the
loop: about 0.2 ms on this project's machines, and commits are few (storage.group_commit
shares one between the state writes of concurrent turns). The process is the database's only
writer, so a statement never waits for a lock held by another connection. aiosqlite's thread
still opens and closes the connection.
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
        return fn(*args, **kwargs)


def inline_sqlite_connector(database: str) -> Callable[[], Any]:
    """An `async_creator` for SQLAlchemy: a new connection to the database file."""

    async def connect() -> InlineSQLiteConnection:
        # check_same_thread=False as SQLAlchemy's own aiosqlite connect passes it: the
        # connection is opened on aiosqlite's thread and used from the loop's.
        connector = partial(sqlite3.connect, database, check_same_thread=False)
        connection = InlineSQLiteConnection(connector, iter_chunk_size=64)
        # As SQLAlchemy does for aiosqlite: a connection nobody closed must not keep the
        # interpreter from exiting.
        connection._thread.daemon = True
        return await connection

    return connect
