"""A bounded load generator on 127.0.0.1: concurrent conversations posting turns, timed."""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp


@dataclass
class LoadResult:
    turns: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    conversations: dict[str, int] = field(default_factory=dict)  # conversation id -> turns sent
    by_step: dict[int, list[float]] = field(default_factory=dict)  # script index -> latencies

    @property
    def rate(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0


def activity(
    conversation: str, service_url: str, fields: dict[str, Any], counter: Any
) -> dict[str, Any]:
    user = conversation.replace("conv", "user")
    return {
        "type": "message",
        "id": f"in-{next(counter)}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {"id": f"29:{user}", "name": "Bench User", "aadObjectId": f"aad-{user}"},
        "recipient": {"id": "28:bot", "name": "Bot"},
        "conversation": {"id": conversation, "conversationType": "personal"},
        **fields,
    }


async def run_load(
    url: str | list[str],
    service_url: str,
    concurrency: int,
    script: list[dict[str, Any]],
    duration: float,
    label: str,
    max_turns: int = 200_000,
) -> LoadResult:
    """`concurrency` conversations at once, each posting the script's turns in order, again and
    again in new conversations, until `duration` seconds or `max_turns` have passed. With
    several URLs (instances of one bot) consecutive turns go to different instances."""
    urls = [url] if isinstance(url, str) else url
    result = LoadResult()
    counter = itertools.count(1)
    deadline = time.monotonic() + duration
    connector = aiohttp.TCPConnector(limit=concurrency * 2)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=30)
    ) as session:

        async def worker(slot: int) -> None:
            for round_number in itertools.count():
                conversation = f"conv-{label}-{slot}-{round_number}"
                for step, fields in enumerate(script):
                    if time.monotonic() >= deadline or result.turns >= max_turns:
                        return
                    body = activity(conversation, service_url, fields, counter)
                    started = time.perf_counter()
                    target = urls[(slot + step) % len(urls)]
                    try:
                        async with session.post(target, json=body) as response:
                            await response.read()
                            ok = response.status in (200, 201)
                    except (aiohttp.ClientError, TimeoutError):
                        ok = False
                    elapsed_ms = (time.perf_counter() - started) * 1000
                    result.latencies_ms.append(elapsed_ms)
                    result.by_step.setdefault(step, []).append(elapsed_ms)
                    result.turns += 1
                    result.errors += not ok
                    result.conversations[conversation] = (
                        result.conversations.get(conversation, 0) + 1
                    )

        started = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        result.seconds = time.perf_counter() - started
    return result
