"""Enrichment look-up time with many stored signals: the real look-up code on a real database.

The rows are bulk-loaded straight into the schema (with the real keyed blind indexes) because
a million full reports through the dialog would take hours; the query under test is
`CaseRepository.related_case_numbers`, exactly as the coordinator's view runs it, and
`CaseRepository.with_blind_index`, as finding a case by address runs it. Addresses, company
numbers, organisation names and victims are loaded, each kind under its own key.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from storage.cases import CaseRepository
from storage.crypto import keyed_digest
from storage.database import create_engine, migrate
from storage.keyring import Keyring, blind_index_digest
from storage.keys import LocalKeyFileProvider
from storage.outbox import Outbox

BATCH = 50_000


async def enrichment_benchmark(count: int, work: Path, lookups: int = 1000) -> None:
    database = work / "enrichment.db"
    engine = create_engine(f"sqlite:///{database}")
    await migrate(engine)
    keyring = await Keyring.load_or_create(
        engine, LocalKeyFileProvider(work / "enrichment.key"), datetime.now(UTC)
    )
    await engine.dispose()
    blind_key = keyring["blind_index"]

    started = time.perf_counter()
    ids = [str(uuid.uuid4()) for _ in range(count)]
    raw = sqlite3.connect(database)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=OFF")
    now = datetime.now(UTC).isoformat(sep=" ")
    rng = random.Random(42)
    addresses = max(1, count // 3)  # about three signals per address: realistic repeat reports
    for start in range(0, count, BATCH):
        chunk = ids[start : start + BATCH]
        raw.executemany(
            "INSERT INTO signals (id, case_number, submission_id, created_at, updated_at, state, form, urgent,"
            " department, content) VALUES (?, ?, ?, ?, ?, 'received', 'labour', 0, 'stadswinkel', x'00')",
            [(sid, f"MH-B-{start + i:07d}", sid, now, now) for i, sid in enumerate(chunk)],
        )
        rows = []
        for sid in chunk:
            term = f"{1000 + rng.randrange(addresses) % 9000}AB|{rng.randrange(1, 200)}"
            rows.append((sid, "address", keyed_digest(blind_key, "address|" + term)))
            if rng.random() < 0.3:
                rows.append(
                    (sid, "company", keyed_digest(blind_key, f"company|{rng.randrange(count):08d}"))
                )
            # Victims and organisations, each under their own key, as storage writes them:
            # about half the signals name an organisation, a fifth a victim with a birth date.
            if rng.random() < 0.5:
                name = f"organisatie {rng.randrange(max(1, count // 4))}"
                rows.append(
                    (sid, "organisation", blind_index_digest(keyring, "organisation", name))
                )
            if rng.random() < 0.2:
                person = f"slachtoffer {rng.randrange(max(1, count // 2))}|2000-01-01"
                rows.append((sid, "victim", blind_index_digest(keyring, "victim", person)))
        raw.executemany(
            "INSERT INTO blind_indexes (signal_id, kind, digest) VALUES (?, ?, ?)", rows
        )
        raw.commit()
    raw.execute("ANALYZE")
    raw.close()
    print(
        f"loaded {count:,} signals with blind indexes in {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    engine = create_engine(f"sqlite:///{database}")
    cases = CaseRepository(engine, keyring, Outbox(engine, keyring))
    sample = rng.sample(ids, lookups)
    await cases.related_case_numbers(sample[0])  # warm the statement cache
    timings, found = [], 0
    for case_id in sample:
        t0 = time.perf_counter()
        related = await cases.related_case_numbers(case_id)
        timings.append((time.perf_counter() - t0) * 1000)
        found += bool(related)
    # Finding a case by address, as "zoek 3431 AB 12" runs it (CaseRepository.with_blind_index).
    search_timings = []
    for _ in range(lookups):
        term = f"{1000 + rng.randrange(addresses) % 9000}AB|{rng.randrange(1, 200)}"
        digest = blind_index_digest(keyring, "address", term)
        t0 = time.perf_counter()
        await cases.with_blind_index("address", digest)
        search_timings.append((time.perf_counter() - t0) * 1000)
    await engine.dispose()
    timings.sort()
    search_timings.sort()
    print(
        f"enrichment look-up over {count:,} signals: median {statistics.median(timings):.2f} ms, "
        f"p99 {timings[int(len(timings) * 0.99) - 1]:.2f} ms ({lookups} look-ups, {found} found earlier signals)",
        flush=True,
    )
    print(
        f"search by address over {count:,} signals: median "
        f"{statistics.median(search_timings):.2f} ms, "
        f"p99 {search_timings[int(len(search_timings) * 0.99) - 1]:.2f} ms ({lookups} searches)",
        flush=True,
    )
