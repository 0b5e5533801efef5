"""The route facts table: written in the transaction of the step each fact describes, read
for the evaluation, and never deleted by retention.

The rows have no key and no time finer than a month. What could still tie a row to the step
that wrote it is where and when it was written: the storage order (SQLite's rowid, a
PostgreSQL row's place) and, in PostgreSQL, the writing transaction's id (`xmin`), which the
audit entry of the same step shares. So when retention deletes cases or questions, it calls
`reshuffle`, which writes every fact anew in random order in its own transaction: afterwards
neither order nor transaction id says which step wrote which fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from domain.statistics import FACT_FIELDS, Period, RouteFact
from storage import audit
from storage.schema import route_facts

_INSERT = insert(route_facts)


async def add_facts(conn: AsyncConnection, facts: Sequence[RouteFact]) -> None:
    """Write facts inside the caller's transaction (the step they describe)."""
    if facts:
        await conn.execute(_INSERT, [_row(fact) for fact in facts])


def _row(fact: RouteFact) -> dict[str, object]:
    return {name: getattr(fact, name) for name in FACT_FIELDS}


_COLUMNS = ", ".join(c.name for c in route_facts.columns)


async def reshuffle(conn: AsyncConnection) -> int:
    """Rewrite all facts in random order inside the caller's transaction; returns how many.
    Done in SQL through a temporary copy, so no row passes through Python."""
    await conn.execute(
        text(f"CREATE TEMPORARY TABLE route_facts_shuffle AS SELECT {_COLUMNS} FROM route_facts")
    )
    await conn.execute(delete(route_facts))
    moved = await conn.execute(
        text(
            f"INSERT INTO route_facts ({_COLUMNS}) "
            f"SELECT {_COLUMNS} FROM route_facts_shuffle ORDER BY random()"
        )
    )
    await conn.execute(text("DROP TABLE route_facts_shuffle"))
    return moved.rowcount or 0


class StatisticsRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def record(self, facts: Sequence[RouteFact]) -> None:
        """Facts of a step that changes nothing else (a knowledge-base search)."""
        async with self._engine.begin() as conn:
            await add_facts(conn, facts)

    async def facts(self, period: Period) -> list[RouteFact]:
        query = select(route_facts).where(
            route_facts.c.month >= period.first, route_facts.c.month <= period.last
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [RouteFact(**{name: row[name] for name in FACT_FIELDS}) for row in rows]

    async def any_in(self, period: Period) -> bool:
        query = (
            select(route_facts.c.month)
            .where(route_facts.c.month >= period.first, route_facts.c.month <= period.last)
            .limit(1)
        )
        async with self._engine.connect() as conn:
            return (await conn.execute(query)).first() is not None

    async def audit(self, actor: str, action: str, what: str, result: str, at: datetime) -> None:
        await audit.record(
            self._engine, audit.AuditEvent(actor or "unknown", action, what[:64], result[:16]), at
        )
