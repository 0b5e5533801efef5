"""`python -m bot kb-report`: per knowledge-base entry, how often it was shown, marked
helpful, or followed by "Ik wil een persoon spreken". Counts only: nothing else is stored."""

from __future__ import annotations

from domain.knowledge import KnowledgeBase
from storage.database import Engine
from storage.kb_usage import NOTHING_FOUND, EntryUsage, KbUsageRepository

NOTHING_FOUND_LABEL = '(no answer: "dat weet ik niet")'
HEADER = ("entry", "shown", "helpful", "wanted a person")


def format_report(usage: list[EntryUsage], knowledge: KnowledgeBase) -> str:
    """Every entry of the knowledge base (unused ones with zeros), then ids no longer in it."""
    counts = {u.entry_id: u for u in usage}
    ids = [e.id for e in knowledge.entries] + [NOTHING_FOUND]
    ids += sorted(set(counts) - set(ids))  # entries removed since they were counted
    rows = []
    for entry_id in ids:
        found = counts.get(entry_id, EntryUsage(entry_id, 0, 0, 0))
        label = NOTHING_FOUND_LABEL if entry_id == NOTHING_FOUND else entry_id
        if entry_id != NOTHING_FOUND and knowledge.entry(entry_id) is None:
            label += " (removed)"
        rows.append((label, str(found.shown), str(found.helpful), str(found.wants_person)))
    width = max(len(r[0]) for r in [HEADER, *rows])
    lines = [f"{HEADER[0]:<{width}}  {HEADER[1]:>7}  {HEADER[2]:>7}  {HEADER[3]:>15}"]
    lines += [f"{a:<{width}}  {b:>7}  {c:>7}  {d:>15}" for a, b, c, d in rows]
    return "\n".join(lines)


async def kb_report(engine: Engine, knowledge: KnowledgeBase) -> str:
    return format_report(await KbUsageRepository(engine).all(), knowledge)
