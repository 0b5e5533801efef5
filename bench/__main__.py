"""`make bench`: Meldroute's report dialog against a bare aiohttp endpoint and a stock
botbuilder echo bot, in one run on 127.0.0.1, plus enrichment, outbox and memory figures."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.load import LoadResult, run_load
from bench.processes import (
    connector_reset,
    connector_stats,
    cpu_seconds,
    free_port,
    meldroute_env,
    postgres_url,
    start,
    stop,
    wait_ready,
)
from bench.report_script import report_turns


def row(name: str, level: int, result: LoadResult, cpu: float, replies_ok: str) -> dict[str, Any]:
    return {
        "system": name,
        "conversations": level,
        "turns_per_s": result.rate,
        "p50": result.p50,
        "p90": result.percentile(0.90),
        "p99": result.percentile(0.99),
        "cpu_ms": cpu * 1000 / max(result.turns, 1),
        "turns": result.turns,
        "errors": result.errors,
        "replies": replies_ok,
    }


async def measure(
    name: str,
    server: subprocess.Popen[bytes],
    url: str,
    connector: str,
    script: list[dict[str, Any]],
    levels: list[int],
    duration: float,
    check_replies: bool,
) -> list[dict[str, Any]]:
    rows = []
    await run_load(url, connector, 2, script, 2.0, f"{name}-warm")  # warm-up, not measured
    for level in levels:
        await connector_reset(connector)
        before = cpu_seconds(server.pid)
        result = await run_load(url, connector, level, script, duration, f"{name}-{level}")
        cpu = cpu_seconds(server.pid) - before
        replies_ok = "-"
        if check_replies:
            replies = (await connector_stats(connector))["replies"]
            missing = [c for c, turns in result.conversations.items() if replies.get(c, 0) < turns]
            replies_ok = "all" if not missing else f"MISSING in {len(missing)} conversations"
        rows.append(row(name, level, result, cpu, replies_ok))
        print_row(rows[-1])
        if len(script) > 1:
            print_steps(result)
    return rows


def print_row(r: dict[str, Any]) -> None:
    print(
        f"{r['system']:<22} {r['conversations']:>4} conv  {r['turns_per_s']:8.1f} turns/s  "
        f"p50 {r['p50']:7.1f} ms  p90 {r['p90']:7.1f} ms  p99 {r['p99']:7.1f} ms  "
        f"cpu {r['cpu_ms']:6.2f} ms/turn  turns {r['turns']:>6}  errors {r['errors']}  replies {r['replies']}",
        flush=True,
    )


def print_steps(result: LoadResult) -> None:
    """p99 per turn of the script (0 = the command that starts a report, last = the submit)."""
    cells = []
    for step, latencies in sorted(result.by_step.items()):
        ordered = sorted(latencies)
        cells.append(f"{step}:{ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]:.0f}")
    print(f"{'':<22}      p99 ms per step  {' '.join(cells)}", flush=True)


async def dialog_benchmarks(levels: list[int], duration: float, work: Path) -> list[dict[str, Any]]:
    connector_port = free_port()
    connector = start(["-m", "bench.peers", "connector", "--port", str(connector_port)])
    connector_url = f"http://127.0.0.1:{connector_port}"
    rows: list[dict[str, Any]] = []
    try:
        wait_ready(f"{connector_url}/stats", connector)
        systems: list[
            tuple[str, list[str], dict[str, str] | None, str, list[dict[str, Any]], bool]
        ] = []
        port = free_port()
        systems.append(
            (
                "bare aiohttp",
                ["-m", "bench.peers", "bare", "--port", str(port)],
                None,
                f"http://127.0.0.1:{port}",
                [{"text": "hallo"}],
                False,
            )
        )
        port = free_port()
        systems.append(
            (
                "botbuilder echo",
                ["-m", "bench.peers", "echo", "--port", str(port)],
                None,
                f"http://127.0.0.1:{port}",
                [{"text": "hallo"}],
                True,
            )
        )
        port = free_port()
        systems.append(
            (
                "meldroute sqlite",
                ["-m", "bot", "serve"],
                meldroute_env(f"sqlite:///{work / 'bench.db'}", work, port),
                f"http://127.0.0.1:{port}",
                report_turns(),
                True,
            )
        )
        pg = await postgres_url()
        if pg:
            port = free_port()
            systems.append(
                (
                    "meldroute postgresql",
                    ["-m", "bot", "serve"],
                    meldroute_env(pg, work, port),
                    f"http://127.0.0.1:{port}",
                    report_turns(),
                    True,
                )
            )
        else:
            print(
                "(PostgreSQL skipped: set MELDROUTE_TEST_POSTGRES_URL, e.g. from .ci/start-postgres.sh)"
            )
        for name, args, env, base, script, check in systems:
            server = start(args, env)
            try:
                wait_ready(
                    f"{base}/api/messages" if "peers" in args[1] else f"{base}/readyz", server
                )
                rows += await measure(
                    name,
                    server,
                    f"{base}/api/messages",
                    connector_url,
                    script,
                    levels,
                    duration,
                    check,
                )
            finally:
                stop(server)
    finally:
        stop(connector)
    return rows


def ratios(rows: list[dict[str, Any]]) -> None:
    echo = {r["conversations"]: r for r in rows if r["system"] == "botbuilder echo"}
    print("\nRatio of turns/s against the stock echo bot (same run):")
    for r in rows:
        if r["system"].startswith("meldroute") and r["conversations"] in echo:
            base = echo[r["conversations"]]["turns_per_s"] or 1
            print(
                f"  {r['system']:<22} {r['conversations']:>4} conv: {r['turns_per_s'] / base:5.2f}x"
            )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--levels", default="1,8,64")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per load level")
    parser.add_argument(
        "--skip",
        default="",
        help="comma list of: dialog,enrichment,outbox,memory,instances,crash",
    )
    parser.add_argument(
        "--signals", type=int, default=1_000_000, help="stored signals for the enrichment look-up"
    )
    parser.add_argument("--memory-conversations", type=int, default=10_000)
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    skip = set(args.skip.split(",")) - {""}
    work = Path(tempfile.mkdtemp(prefix="meldroute-bench-"))
    try:
        if "dialog" not in skip:
            print(
                "== Turns: bare endpoint, stock echo bot, Meldroute full report dialog ==",
                flush=True,
            )
            rows = asyncio.run(dialog_benchmarks(levels, args.duration, work))
            ratios(rows)
        if "enrichment" not in skip:
            from bench.enrichment import enrichment_benchmark

            print(f"\n== Enrichment look-up with {args.signals:,} stored signals ==", flush=True)
            asyncio.run(enrichment_benchmark(args.signals, work))
        if "outbox" not in skip:
            from bench.outbox import outbox_benchmark

            print("\n== Outbox delivery against a stub that allows 50 messages/s ==", flush=True)
            asyncio.run(outbox_benchmark(work))
        if "memory" not in skip:
            from bench.memory import memory_benchmark

            print(
                f"\n== Memory with {args.memory_conversations:,} conversations holding dialog state ==",
                flush=True,
            )
            asyncio.run(memory_benchmark(args.memory_conversations, work))
        if "instances" not in skip and os.environ.get("MELDROUTE_TEST_POSTGRES_URL"):
            from bench.instances import print_figures
            from bench.instances import run as two_instances

            print("\n== Two instances on one PostgreSQL database ==", flush=True)
            print_figures(asyncio.run(two_instances([8], args.duration)))
        if "crash" not in skip:
            from bench.crash import run as crash_rounds
            from bench.crash import summary

            print("\n== SIGKILL around the confirm and during delivery, 20 rounds ==", flush=True)
            print(json.dumps(summary(asyncio.run(crash_rounds(20, seed=1))), indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
