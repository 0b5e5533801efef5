"""Counts per knowledge-base entry: shown, marked helpful, followed by a wish for a person.

Only counters are kept: no question text, no person and no time, so nothing here can be
linked back to who asked what.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.dialect import insert_or_add
from storage.schema import kb_usage

NOTHING_FOUND = "_geen"  # the entry id that counts "I don't know" cards
COUNTERS = ("shown", "helpful", "wants_person")


@dataclass(frozen=True)
class EntryUsage:
    entry_id: str
    shown: int
    helpful: int
    wants_person: int


class KbUsageRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def count(self, entry_ids: Iterable[str], counter: str) -> None:
        """Add one to `counter` for each entry (NOTHING_FOUND for an empty card)."""
        if counter not in COUNTERS:
            raise ValueError(f"unknown counter {counter}")
        rows = [
            {"entry_id": entry_id[:64], **{c: int(c == counter) for c in COUNTERS}}
            for entry_id in sorted(set(entry_ids) or {NOTHING_FOUND})
        ]
        async with self._engine.begin() as conn:
            statement = insert_or_add(conn.dialect.name, kb_usage, ("entry_id",), COUNTERS)
            await conn.execute(statement, rows)

    async def all(self) -> list[EntryUsage]:
        async with self._engine.connect() as conn:
            rows = (await conn.execute(select(kb_usage).order_by(kb_usage.c.entry_id))).all()
        return [EntryUsage(r.entry_id, r.shown, r.helpful, r.wants_person) for r in rows]
