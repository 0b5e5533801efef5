"""Outbox delivery rate against a stub connector that allows 50 messages/s and answers 429 with
Retry-After above that (the Teams limit per bot per tenant); counts lost and doubled messages."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

from bench.processes import connector_stats, free_port, start, stop, wait_ready
from bot.app import build_services
from bot.settings import load_settings
from storage.outbox import OutboxMessage, dedupe_key

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = 500


async def outbox_benchmark(work: Path) -> None:
    port = free_port()
    connector = start(["-m", "bench.peers", "connector", "--port", str(port), "--rate-limit", "50"])
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(f"{base}/stats", connector)
        settings = load_settings(
            {
                "MELDROUTE_ENV": "development",
                "DATABASE_URL": f"sqlite:///{work / 'outbox.db'}",
                "MELDROUTE_KEY_FILE": str(work / "outbox.key"),
                "MELDROUTE_AUDIT_ANCHOR_FILE": str(work / "audit-anchors.jsonl"),
                "MELDROUTE_ROUTING_FILE": str(ROOT / "bench" / "routing.toml"),
            },
            dotenv=work / "none.env",
        )
        services = await build_services(settings)
        person = "bench-person"
        reference = {
            "channelId": "msteams",
            "serviceUrl": base,
            "bot": {"id": "28:bot"},
            "user": {"id": "29:bench"},
            "conversation": {"id": "bench-outbox", "conversationType": "personal"},
        }
        now = services.clock()
        await services.directory.remember_person(person, reference, now)
        target = services.keyring.person_digest(person)
        await services.outbox.enqueue(
            [
                OutboxMessage(
                    "user_text", target, dedupe_key("bench", str(i)), {"text": f"bench:{i}"}
                )
                for i in range(MESSAGES)
            ],
            now,
        )
        worker = asyncio.create_task(services.worker.run_forever(idle_seconds=0.1))
        started = time.perf_counter()
        while (await services.outbox.counts()).get(
            "sent", 0
        ) < MESSAGES and time.perf_counter() - started < 120:
            await asyncio.sleep(0.2)
        elapsed = time.perf_counter() - started
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
        counts = await services.outbox.counts()
        keys = (await connector_stats(base))["keys"]
        lost = MESSAGES - len(keys)
        doubled = sum(n - 1 for n in keys.values() if n > 1)
        print(
            f"outbox: {counts.get('sent', 0)} of {MESSAGES} delivered in {elapsed:.1f} s = "
            f"{counts.get('sent', 0) / elapsed:.1f} messages/s; lost {lost}, sent twice {doubled}, "
            f"dead {counts.get('dead', 0)}",
            flush=True,
        )
        await services.authentication.close()
        await services.engine.dispose()
    finally:
        stop(connector)
