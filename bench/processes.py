"""Processes and figures the benchmarks share: ports, starting and stopping servers, CPU and
memory of a process, the stub connector's counters, Meldroute's environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode(errors="replace")[-800:] if process.stderr else ""
            raise RuntimeError(
                f"server exited ({process.returncode}) before {url} answered\n{error}"
            )
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers (405 for GET on a POST route is fine)
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def start(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


async def connector_stats(base: str) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session, session.get(f"{base}/stats") as response:
        return await response.json()


async def connector_reset(base: str) -> None:
    async with aiohttp.ClientSession() as session:
        await session.post(f"{base}/reset")


def meldroute_env(database_url: str, work: Path, port: int) -> dict[str, str]:
    return {
        "MELDROUTE_ENV": "development",
        "PORT": str(port),
        "DATABASE_URL": database_url,
        "MELDROUTE_KEY_FILE": str(work / "kek.key"),
        "MELDROUTE_AUDIT_ANCHOR_FILE": str(work / "audit-anchors.jsonl"),
        "MELDROUTE_ROUTING_FILE": str(ROOT / "bench" / "routing.toml"),
        "LOG_LEVEL": "WARNING",
    }


async def postgres_url() -> str | None:
    admin = os.environ.get("MELDROUTE_TEST_POSTGRES_URL")
    if not admin:
        return None
    import asyncpg

    name = f"meldroute_bench_{os.getpid()}"
    conn = await asyncpg.connect(admin)
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return admin.rsplit("/", 1)[0] + "/" + name
