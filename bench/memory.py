"""Resident memory of the bot process with many conversations holding dialog state."""

from __future__ import annotations

from pathlib import Path

from bench.load import run_load
from bench.processes import ROOT, free_port, meldroute_env, rss_mb, start, stop, wait_ready


async def memory_benchmark(conversations: int, work: Path) -> None:
    connector_port, port = free_port(), free_port()
    connector = start(["-m", "bench.peers", "connector", "--port", str(connector_port)])
    server = start(
        ["-m", "bot", "serve"], meldroute_env(f"sqlite:///{work / 'memory.db'}", work, port)
    )
    try:
        wait_ready(f"http://127.0.0.1:{connector_port}/stats", connector)
        wait_ready(f"http://127.0.0.1:{port}/readyz", server)
        before = rss_mb(server.pid)
        # One turn per conversation: each starts a report and keeps its draft in dialog state.
        result = await run_load(
            f"http://127.0.0.1:{port}/api/messages",
            f"http://127.0.0.1:{connector_port}",
            32,
            [{"text": "signaal melden"}],
            duration=600,
            label="memory",
            max_turns=conversations,
        )
        after = rss_mb(server.pid)
        print(
            f"memory: RSS {before:.0f} MB at start, {after:.0f} MB after {len(result.conversations):,} conversations "
            f"with dialog state ({result.errors} errors, {result.rate:.0f} turns/s)",
            flush=True,
        )
    finally:
        stop(server)
        stop(connector)


__all__ = ["ROOT", "memory_benchmark"]
