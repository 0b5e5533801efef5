"""Crash recovery, measured on the real server process: `python -m bench.crash --rounds 20`.

Each round starts `python -m bot serve` on one temporary SQLite database, against a stub Bot
Connector (in this process) that answers every call after 150 ms and records everything. A
reporter confirms a report (urgent every other round, so a channel pointer is due as well);
the server is killed with SIGKILL at a random moment from 300 ms before the confirming answer
to 700 ms after it, that is around the confirm and while the outbox is sending, and started
again. Then it checks:

- every confirmed signal (the reporter saw its case number) is stored exactly once;
- each message it causes (the taakaccenthouder's card, or for urgent signals their notice and
  the channel pointer) arrived, and every copy after the first says it may be a repeat;
- how long after the restart the last of them arrived (the bar: 10 s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bench.processes import free_port, start, wait_ready
from bench.report_script import report_turns
from texts import nl as t

TAH = {"id": "29:crash-tah", "aadObjectId": "00000000-0000-4000-8000-0000000000a2", "name": "T"}
REPORTER = {"id": "29:crash-reporter", "aadObjectId": "00000000-0000-4000-8000-0000000000c1"}
CHANNEL = "19:crash-channel@thread.tacv2"
COORDINATORS = ("00000000-0000-4000-8000-0000000000a3", "00000000-0000-4000-8000-0000000000a4")
CASE_NUMBER = re.compile(r"MH-\d{4}-\d{4,}")


@dataclass
class Recorded:
    at: float
    conversation: str
    kind: str  # send, reply, update, create
    body: dict[str, Any]

    @property
    def text(self) -> str:
        return json.dumps(self.body, ensure_ascii=False)


@dataclass
class StubConnector:
    """A Bot Connector that answers after `latency` seconds and keeps what it was sent."""

    latency: float = 0.15
    records: list[Recorded] = field(default_factory=list)
    runner: web.AppRunner | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        counter = iter(range(1, 10**9))

        async def record(request: web.Request, kind: str) -> web.Response:
            body = await request.json()
            await asyncio.sleep(self.latency)
            activity_id = request.match_info.get("aid") or f"a{next(counter)}"
            conversation = request.match_info.get("cid", "")
            if kind == "create":
                conversation = f"{CHANNEL};messageid={activity_id}"
                body = body.get("activity") or {}
            self.records.append(Recorded(time.monotonic(), conversation, kind, body))
            if kind == "create":
                return web.json_response({"id": conversation, "activityId": activity_id})
            return web.json_response({"id": activity_id})

        app = web.Application()
        app.router.add_post("/v3/conversations", lambda r: record(r, "create"))
        app.router.add_post("/v3/conversations/{cid}/activities", lambda r: record(r, "send"))
        app.router.add_post(
            "/v3/conversations/{cid}/activities/{aid}", lambda r: record(r, "reply")
        )
        app.router.add_put(
            "/v3/conversations/{cid}/activities/{aid}", lambda r: record(r, "update")
        )
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        self.port = free_port()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    async def close(self) -> None:
        if self.runner:
            await self.runner.cleanup()


@dataclass
class RoundResult:
    confirmed: str | None
    killed_after_ms: float  # after the answer to the submit (negative: before it came)
    stored: int
    deliveries: int
    unlabelled_duplicates: int
    labelled_repeats: int
    recovery_seconds: float | None  # from the restart until the last expected message


@dataclass
class Server:
    work: Path
    connector: StubConnector
    process: subprocess.Popen[bytes] | None = None
    port: int = 0
    database_url: str = ""  # default: a SQLite file in `work`
    key_file: Path | None = None  # default: kek.key in `work`; instances of one bot share it

    def environment(self) -> dict[str, str]:
        routing = self.work / "routing.toml"
        routing.write_text(
            '[[departments]]\nid = "stadswinkel"\nname = "Stadswinkel"\n'
            f'taakaccenthouders = ["{TAH["aadObjectId"]}"]\n\n'
            f'[[coordinators]]\naad_object_id = "{COORDINATORS[0]}"\nname = "Noor Bakker"\n\n'
            f'[[coordinators]]\naad_object_id = "{COORDINATORS[1]}"\nname = "Pieter de Groot"\n\n'
            f'[channel]\nid = "{CHANNEL}"\nservice_url = "{self.connector.url}"\n',
            encoding="utf-8",
        )
        return {
            "MELDROUTE_ENV": "development",
            "PORT": str(self.port),
            "DATABASE_URL": self.database_url or f"sqlite:///{self.work / 'crash.db'}",
            "MELDROUTE_KEY_FILE": str(self.key_file or self.work / "kek.key"),
            "MELDROUTE_AUDIT_ANCHOR_FILE": str(self.work / "audit-anchors.jsonl"),
            "MELDROUTE_ROUTING_FILE": str(routing),
            "LOG_LEVEL": "WARNING",
        }

    def start(self) -> float:
        self.port = self.port or free_port()
        self.process = start(["-m", "bot", "serve"], self.environment())
        wait_ready(f"http://127.0.0.1:{self.port}/healthz", self.process)
        return time.monotonic()

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()

    async def post(self, session: aiohttp.ClientSession, activity: dict[str, Any]) -> int:
        async with session.post(f"http://127.0.0.1:{self.port}/api/messages", json=activity) as r:
            await r.read()
            return r.status


def activity(connector: StubConnector, user: dict[str, str], **fields: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channelId": "msteams",
        "serviceUrl": connector.url,
        "from": user,
        "recipient": {"id": "28:meldroute"},
        "conversation": {"id": f"personal-{user['id']}", "conversationType": "personal"},
        **fields,
    }


def stored_case_numbers(database: Path) -> list[str]:
    with sqlite3.connect(database) as conn:
        return [row[0] for row in conn.execute("select case_number from signals")]


def expected_messages(urgent: bool) -> list[str]:
    """The conversations where a message about the case must arrive."""
    return [f"personal-{TAH['id']}", *([CHANNEL] if urgent else [])]


def copies(connector: StubConnector, case_number: str, where: str) -> list[Recorded]:
    return [
        r
        for r in connector.records
        if r.conversation.startswith(where) and r.kind != "update" and case_number in r.text
    ]


async def one_round(
    server: Server, connector: StubConnector, rng: random.Random, urgent: bool
) -> RoundResult:
    turns = report_turns()
    if urgent:
        turns[-2]["value"]["urgent"] = "true"
    kill_at = rng.uniform(-0.3, 0.7)  # seconds relative to the confirming answer
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        for fields in turns[:-1]:
            await server.post(session, activity(connector, REPORTER, **fields))
        submit = asyncio.ensure_future(
            server.post(session, activity(connector, REPORTER, **turns[-1]))
        )
        started = time.monotonic()
        if kill_at < 0:
            # Around the confirm: the kill may land before the answer (then nothing is confirmed).
            await asyncio.sleep(-kill_at + rng.uniform(0.05, 0.35))
            server.kill()
            killed = time.monotonic()
        status = None
        try:
            status = await submit
        except (TimeoutError, aiohttp.ClientError):
            status = None
        answered = time.monotonic()
        if kill_at >= 0:
            await asyncio.sleep(kill_at)
            server.kill()
            killed = time.monotonic()
        killed_after = (killed - answered) * 1000
    receipts = [
        r
        for r in connector.records
        if r.conversation == f"personal-{REPORTER['id']}" and r.at >= started
    ]
    numbers = {m for r in receipts for m in CASE_NUMBER.findall(r.text)}
    confirmed = next(iter(numbers)) if status in (200, 201) and numbers else None

    restarted = server.start()
    last = None
    if confirmed:
        deadline = restarted + 30
        while time.monotonic() < deadline:
            arrived = [copies(connector, confirmed, w) for w in expected_messages(urgent)]
            if all(arrived):
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.0)  # let a late copy (a repeat) show itself
        arrived = [copies(connector, confirmed, w) for w in expected_messages(urgent)]
        if all(arrived):
            # When the last message, or a repeat of one, arrived after the restart (0: all of
            # them went out before the kill and nothing was sent again).
            last = max([restarted, *(r.at for group in arrived for r in group)])
    stored = stored_case_numbers(server.work / "crash.db").count(confirmed) if confirmed else 0
    unlabelled = labelled = deliveries = 0
    if confirmed:
        for where in expected_messages(urgent):
            group = copies(connector, confirmed, where)
            deliveries += bool(group)
            for extra in group[1:]:
                if t.REPEAT_NOTICE in extra.text:
                    labelled += 1
                else:
                    unlabelled += 1
    return RoundResult(
        confirmed,
        killed_after,
        stored,
        deliveries,
        unlabelled,
        labelled,
        (last - restarted) if last else None,
    )


async def run(rounds: int, seed: int) -> list[RoundResult]:
    rng = random.Random(seed)
    connector = StubConnector()
    await connector.start()
    work = Path(tempfile.mkdtemp(prefix="meldroute-crash-"))
    server = Server(work, connector)
    results = []
    try:
        server.start()
        async with aiohttp.ClientSession() as session:
            await server.post(session, activity(connector, TAH, text="hallo"))
        for number in range(rounds):
            result = await one_round(server, connector, rng, urgent=number % 2 == 1)
            results.append(result)
            print(
                f"round {number + 1:>2}: killed {_when(result.killed_after_ms)}, "
                f"confirmed {result.confirmed or '-':<13} stored {result.stored} "
                f"delivered {result.deliveries} labelled repeats {result.labelled_repeats} "
                f"UNLABELLED {result.unlabelled_duplicates} "
                f"recovery {f'{result.recovery_seconds:.2f} s' if result.recovery_seconds is not None else '-'}",
                flush=True,
            )
    finally:
        server.kill()
        await connector.close()
    return results


def _when(ms: float) -> str:
    return f"{-ms:4.0f} ms before answer" if ms < 0 else f"{ms:4.0f} ms after answer "


def summary(results: list[RoundResult]) -> dict[str, Any]:
    confirmed = [r for r in results if r.confirmed]
    recoveries = [r.recovery_seconds for r in confirmed if r.recovery_seconds is not None]
    return {
        "rounds": len(results),
        "confirmed": len(confirmed),
        "lost": sum(1 for r in confirmed if r.stored != 1 or r.recovery_seconds is None),
        "stored_twice": sum(1 for r in confirmed if r.stored > 1),
        "unlabelled_duplicates": sum(r.unlabelled_duplicates for r in results),
        "labelled_repeats": sum(r.labelled_repeats for r in results),
        "late": sum(1 for s in recoveries if s > 10),
        "slowest_recovery_s": max(recoveries, default=0.0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.crash")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    results = asyncio.run(run(args.rounds, args.seed))
    print(json.dumps(summary(results), indent=2))


if __name__ == "__main__":
    main()
