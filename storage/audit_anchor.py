"""Anchors of the audit log's chain head, kept outside the database.

The hash chain shows a changed or removed entry inside the log, but not a log whose newest
entries were cut off, nor one rewritten from the start. So at intervals the head (sequence
number and hash) is signed with a key of the keyring (HMAC-SHA256) and written where the
database cannot reach: a file (append-only, one JSON line per anchor) and a log line (shipped
to a log store the bot cannot change). `check` compares the database with the newest anchor:
the anchored entry must still be there with the same hash. Entries added after the newest
anchor are only protected by the chain until the next anchor.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import audit_log

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str
    mac: str


@dataclass(frozen=True)
class AnchorCheck:
    anchor: Anchor | None
    problem: str | None  # None: the database matches the newest anchor

    @property
    def ok(self) -> bool:
        return self.problem is None


def _mac(key: bytes, seq: int, head_hash: str, at: str) -> str:
    return hmac.new(key, f"{seq}|{head_hash}|{at}".encode(), hashlib.sha256).hexdigest()


async def chain_head(engine: AsyncEngine) -> tuple[int, str] | None:
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
            )
        ).first()
    return (row.seq, row.hash) if row else None


class AnchorFile:
    """Anchors appended to a file, one JSON object per line; the newest is the last line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, anchor: Anchor) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(anchor), separators=(",", ":")) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def latest(self) -> Anchor | None:
        if not self.path.is_file():
            return None
        lines = [line for line in self.path.read_text(encoding="utf-8").splitlines() if line]
        if not lines:
            return None
        return Anchor(**json.loads(lines[-1]))


async def write_anchor(
    engine: AsyncEngine, key: bytes, store: AnchorFile | None, now: datetime
) -> Anchor | None:
    """Sign the current head and write it out, unless it is already the newest anchor."""
    head = await chain_head(engine)
    if head is None:
        return None
    latest = store.latest() if store else None
    if latest and (latest.seq, latest.hash) == head:
        return latest
    at = now.isoformat()
    anchor = Anchor(head[0], head[1], at, _mac(key, head[0], head[1], at))
    if store:
        store.append(anchor)
    # The log line is the anchor for deployments that ship logs to a store the bot cannot change.
    log.info(
        "audit anchor seq=%d hash=%s at=%s mac=%s", anchor.seq, anchor.hash, anchor.at, anchor.mac
    )
    return anchor


async def check(engine: AsyncEngine, key: bytes, anchor: Anchor | None) -> AnchorCheck:
    """Does the database still hold the anchored entry, unchanged?"""
    if anchor is None:
        return AnchorCheck(None, None)
    if not hmac.compare_digest(anchor.mac, _mac(key, anchor.seq, anchor.hash, anchor.at)):
        return AnchorCheck(anchor, "the newest anchor's signature does not match")
    async with engine.connect() as conn:
        row = (
            await conn.execute(select(audit_log.c.hash).where(audit_log.c.seq == anchor.seq))
        ).first()
        newest = (await conn.execute(select(func.max(audit_log.c.seq)))).scalar()
    if row is None:
        return AnchorCheck(
            anchor,
            f"entry {anchor.seq} named by the anchor of {anchor.at} is missing "
            f"(newest entry: {newest or 0}): the log was cut off",
        )
    if row.hash != anchor.hash:
        return AnchorCheck(
            anchor, f"entry {anchor.seq} differs from its anchor: the log was rewritten"
        )
    return AnchorCheck(anchor, None)
