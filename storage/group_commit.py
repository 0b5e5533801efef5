"""Group commit: writes that arrive while a commit is under way share the next one.

Every commit waits for the disk (SQLite flushes its log; PostgreSQL its WAL) and, on SQLite,
holds the only connection meanwhile. With many conversations at once, a commit per turn made
turns queue for the connection. Here the first write starts a transaction at once; writes
that arrive while it commits are gathered and go together in the next one. Each caller
still returns only after its own write is committed: nothing is acknowledged before it is
durable, and a caller waits at most for one commit ahead of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Generic, Protocol, TypeVar


class Outcome(Protocol):
    outcome: Any


W = TypeVar("W", bound=Outcome)


class GroupCommit(Generic[W]):
    def __init__(self, commit_batch: Callable[[list[W]], Awaitable[None]]) -> None:
        """`commit_batch` writes a batch in one transaction and sets each write's `outcome`:
        a result, or an exception that fails that write alone."""
        self._commit_batch = commit_batch
        self._waiting: list[tuple[W, asyncio.Future[Any]]] = []
        self._task: asyncio.Task[None] | None = None  # the one committing, while it runs

    async def write(self, write: W) -> Any:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting.append((write, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._commit_waiting())
        return await future

    async def _commit_waiting(self) -> None:
        while self._waiting:
            await asyncio.sleep(0)  # let the turns that are ready now add their writes
            batch, self._waiting = self._waiting, []
            try:
                await self._commit_batch([write for write, _ in batch])
            except BaseException as error:  # the transaction failed: so did every write in it
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                if not isinstance(error, Exception):
                    raise
                continue
            for write, future in batch:
                if future.done():
                    continue  # the caller gave up (cancelled); its write stands
                if isinstance(write.outcome, BaseException):
                    future.set_exception(write.outcome)
                else:
                    future.set_result(write.outcome)
