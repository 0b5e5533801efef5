"""Two bot instances on one PostgreSQL database: `python -m bench.instances` (needs
MELDROUTE_TEST_POSTGRES_URL). Also part of `make bench` when PostgreSQL is available.

1. Throughput: the full report dialog from N concurrent conversations, first against one
   instance, then against two with consecutive turns of each conversation going to different
   instances (so every turn's conversation state was last written by the other one).
2. Delivery: after the load, every stored signal's card reached the taakaccenthouder exactly
   once (no crash here, so no repeat is acceptable), with both instances' outbox workers
   competing for the messages.
3. Lost updates: the two coordinators claim the same urgent cases at the same moment, one
   through each instance; each case must be claimed exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg

from bench.crash import (
    CASE_NUMBER,
    CHANNEL,
    COORDINATORS,
    REPORTER,
    TAH,
    Server,
    StubConnector,
    activity,
)
from bench.load import run_load
from bench.processes import postgres_url
from bench.report_script import report_turns


async def stored(database_url: str, query: str) -> list[Any]:
    conn = await asyncpg.connect(database_url)
    try:
        return list(await conn.fetch(query))
    finally:
        await conn.close()


async def wait_for_empty_outbox(database_url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        rows = await stored(database_url, "select count(*) from outbox where status = 'pending'")
        if rows[0][0] == 0:
            return
        await asyncio.sleep(0.2)


async def claim_race(servers: list[Server], connector: StubConnector, cases: list[str]) -> Counter:
    """Both coordinators click 'claim' on each case at once, one through each instance."""
    outcomes: Counter[str] = Counter()
    async with aiohttp.ClientSession() as session:

        async def claim(server: Server, coordinator: str, case_number: str) -> str:
            body = activity(
                connector,
                {"id": f"29:{coordinator}", "aadObjectId": coordinator, "name": "Coordinator"},
                type="invoke",
                name="adaptiveCard/action",
                value={
                    "action": {
                        "type": "Action.Execute",
                        "verb": "case.claim",
                        "data": {"case": case_number},
                    }
                },
            )
            url = f"http://127.0.0.1:{server.port}/api/messages"
            async with session.post(url, json=body) as response:
                answer = await response.json()
            return "claimed" if answer.get("type", "").endswith("card.adaptive") else "refused"

        for case_number in cases:
            results = await asyncio.gather(
                claim(servers[0], COORDINATORS[0], case_number),
                claim(servers[1], COORDINATORS[1], case_number),
            )
            outcomes[" + ".join(sorted(results))] += 1
    return outcomes


async def run(levels: list[int], duration: float) -> dict[str, Any]:
    admin = os.environ.get("MELDROUTE_TEST_POSTGRES_URL")
    if not admin:
        raise SystemExit("set MELDROUTE_TEST_POSTGRES_URL to a PostgreSQL server")
    database_url = await postgres_url()
    assert database_url
    connector = StubConnector(latency=0.0)
    await connector.start()
    work = Path(tempfile.mkdtemp(prefix="meldroute-instances-"))
    servers = [
        Server(work / name, connector, database_url=database_url, key_file=work / "kek.key")
        for name in ("a", "b")
    ]
    for server in servers:
        server.work.mkdir()
    figures: dict[str, Any] = {"throughput": {}}
    completed = 0
    try:
        servers[0].start()
        async with aiohttp.ClientSession() as session:
            await servers[0].post(session, activity(connector, TAH, text="hallo"))
        script = report_turns()
        single = servers[0]
        for level in levels:
            result = await run_load(
                f"http://127.0.0.1:{single.port}/api/messages",
                connector.url,
                level,
                script,
                duration,
                f"one-{level}",
            )
            figures["throughput"][f"1 instance, {level} conv"] = (result.rate, result.errors)
            completed += sum(1 for n in result.conversations.values() if n == len(script))
        servers[1].start()
        urls = [f"http://127.0.0.1:{s.port}/api/messages" for s in servers]
        for level in levels:
            result = await run_load(urls, connector.url, level, script, duration, f"two-{level}")
            figures["throughput"][f"2 instances, {level} conv"] = (result.rate, result.errors)
            completed += sum(1 for n in result.conversations.values() if n == len(script))

        # Urgent reports go straight to the channel, ready to be claimed.
        urgent = report_turns()
        urgent[-2]["value"]["urgent"] = "true"
        async with aiohttp.ClientSession() as session:
            for number in range(20):
                user = {**REPORTER, "id": f"29:race-{number}"}
                for index, fields in enumerate(urgent):
                    await servers[index % 2].post(session, activity(connector, user, **fields))
        await wait_for_empty_outbox(database_url)
        race_cases = [
            row[0]
            for row in await stored(
                database_url, "select case_number from signals where urgent order by case_number"
            )
        ]
        figures["claims"] = dict(await claim_race(servers, connector, race_cases))
        await wait_for_empty_outbox(database_url)

        cases = [row[0] for row in await stored(database_url, "select case_number from signals")]
        claimed = await stored(
            database_url,
            "select s.case_number, count(*) from case_events e join signals s "
            "on s.id = e.signal_id where e.action = 'claim' group by s.case_number",
        )
        tah_cards: Counter[str] = Counter()
        for record in connector.records:
            # The card of a signal that waits for them, or the notice of an urgent one.
            if record.conversation == f"personal-{TAH['id']}" and record.kind != "update":
                tah_cards.update(set(CASE_NUMBER.findall(record.text)) & set(cases))
        figures["reports"] = {
            "completed under load": completed,
            "stored": len(cases) - len(race_cases),
        }
        figures["signals stored"] = len(cases)
        # Each signal's one message to the taakaccenthouder: the card, or for an urgent signal
        # the notice without name or content (need to know).
        figures["taakaccenthouder cards"] = {
            "exactly once": sum(1 for c in cases if tah_cards[c] == 1),
            "missing": sum(1 for c in cases if tah_cards[c] == 0),
            "more than once": sum(1 for c in cases if tah_cards[c] > 1),
        }
        figures["claimed cases"] = {
            "raced": len(race_cases),
            "claimed exactly once": sum(1 for _c, n in claimed if n == 1),
            "claimed twice (lost update)": sum(1 for _c, n in claimed if n > 1),
        }
        figures["channel threads"] = sum(
            1
            for r in connector.records
            if r.kind == "create" and r.conversation.startswith(CHANNEL)
        )
    finally:
        for server in servers:
            server.kill()
        await connector.close()
    return figures


def print_figures(figures: dict[str, Any]) -> None:
    for name, (rate, errors) in figures["throughput"].items():
        print(f"  {name:<24} {rate:8.1f} turns/s  errors {errors}")
    for key in ("reports", "signals stored", "taakaccenthouder cards", "claims", "claimed cases"):
        print(f"  {key}: {json.dumps(figures[key])}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.instances")
    parser.add_argument("--levels", default="8")
    parser.add_argument("--duration", type=float, default=8.0)
    args = parser.parse_args()
    print("== Two instances on one PostgreSQL database ==", flush=True)
    figures = asyncio.run(run([int(x) for x in args.levels.split(",")], args.duration))
    print_figures(figures)


if __name__ == "__main__":
    main()
