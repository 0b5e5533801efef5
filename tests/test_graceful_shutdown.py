"""SIGTERM during load: the real server stops taking turns, finishes the turns in flight and the
outbox round under way, and exits 0; after a restart every outbox message has gone out exactly
once and every acknowledged turn got its answer exactly once."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import aiohttp

from bot.app import build_services
from bot.settings import PROJECT_ROOT, load_settings
from storage.outbox import OutboxMessage, dedupe_key
from tests.support.connector import RecordingConnector
from tests.support.playground import free_port

MESSAGES = 400  # at the sender's pace of 48 per second: about eight seconds of sending
PERSON = "00000000-0000-4000-8000-00000000beef"
ROUTING = Path(__file__).parent / "support" / "routing.toml"


def server_env(tmp_path: Path, port: int, metrics_port: int) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MICROSOFT_", "MELDROUTE_", "DATABASE_", "LOG_"))
    }
    return {
        **env,
        "MELDROUTE_ENV": "development",
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'drain.db'}",
        "MELDROUTE_KEY_FILE": str(tmp_path / "kek.key"),
        "MELDROUTE_AUDIT_ANCHOR_FILE": str(tmp_path / "anchors.jsonl"),
        "MELDROUTE_ROUTING_FILE": str(ROUTING),
        "MELDROUTE_METRICS_PORT": str(metrics_port),
        "MELDROUTE_SHUTDOWN_SECONDS": "15",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
    }


async def queue_messages(env: dict[str, str], connector_url: str) -> None:
    """MESSAGES outbox messages to one person, queued before the server starts."""
    settings = load_settings(env, dotenv=Path(env["MELDROUTE_KEY_FILE"]).parent / "none.env")
    services = await build_services(settings)
    reference = {
        "channelId": "msteams",
        "serviceUrl": connector_url,
        "bot": {"id": "28:meldroute-bot"},
        "user": {"id": "29:drain"},
        "conversation": {"id": "drain-person", "conversationType": "personal"},
    }
    now = services.clock()
    await services.directory.remember_person(PERSON, reference, now)
    target = services.keyring.person_digest(PERSON)
    await services.outbox.enqueue(
        [
            OutboxMessage("user_text", target, dedupe_key("drain", str(i)), {"text": f"drain:{i}"})
            for i in range(MESSAGES)
        ],
        now,
    )
    await services.authentication.close()
    await services.engine.dispose()


def start_server(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=out,
        )


async def wait_ready(session: aiohttp.ClientSession, url: str, process: subprocess.Popen) -> None:
    for _ in range(300):
        assert process.poll() is None, "server exited during start-up"
        with contextlib.suppress(aiohttp.ClientError):
            async with session.get(url) as response:
                if response.status == 200:
                    return
        await asyncio.sleep(0.2)
    raise AssertionError(f"{url} did not come up")


def greeting(connector_url: str, number: int) -> dict:
    """'hallo' from a user of its own, in a conversation of its own: one welcome card back."""
    return {
        "type": "message",
        "id": f"load-{number}",
        "channelId": "msteams",
        "serviceUrl": connector_url,
        "from": {
            "id": f"29:load-{number}",
            "aadObjectId": f"00000000-0000-4000-9000-{number:012d}",
        },
        "recipient": {"id": "28:meldroute-bot"},
        "conversation": {"id": f"load-{number}", "conversationType": "personal"},
        "text": "hallo",
    }


def unsettled(database: Path) -> int:
    """Outbox messages still waiting that a worker holds, or whose send began."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        return connection.execute(
            "SELECT count(*) FROM outbox WHERE status = 'pending' "
            "AND (claimed_by IS NOT NULL OR send_started_at IS NOT NULL)"
        ).fetchone()[0]


def sent_texts(connector: RecordingConnector) -> Counter[str]:
    return Counter(s.text for s in connector.sent if s.text.startswith("drain:"))


async def test_sigterm_under_load_loses_nothing_and_sends_nothing_twice(tmp_path: Path) -> None:
    connector = RecordingConnector()
    await connector.start()
    port, metrics_port = free_port(), free_port()
    env = server_env(tmp_path, port, metrics_port)
    log = tmp_path / "server.log"
    base = f"http://127.0.0.1:{port}"
    await queue_messages(env, connector.url)
    outcomes: dict[int, int | str] = {}  # request number -> HTTP status, or the error
    server = start_server(env, log)
    try:
        async with aiohttp.ClientSession() as session:
            await wait_ready(session, f"{base}/readyz", server)
            async with session.get(f"http://127.0.0.1:{metrics_port}/metrics") as response:
                metrics = await response.text()
            assert 'meldroute_retention_runs_total{outcome="ok"} 1.0' in metrics

            numbers = iter(range(100_000))
            stop_load = asyncio.Event()

            async def load() -> None:
                while not stop_load.is_set():
                    number = next(numbers)
                    try:
                        async with session.post(
                            f"{base}/api/messages", json=greeting(connector.url, number)
                        ) as response:
                            outcomes[number] = response.status
                    except aiohttp.ClientError as error:
                        outcomes[number] = type(error).__name__
                        await asyncio.sleep(0.05)

            workers = [asyncio.create_task(load()) for _ in range(6)]
            # Load and outbox sends under way, then SIGTERM.
            for _ in range(200):
                await asyncio.sleep(0.05)
                # Mid-round: a round is up to 20 messages, so this is inside the third.
                if len(outcomes) >= 30 and sum(sent_texts(connector).values()) >= 45:
                    break
            sent_before_sigterm = sum(sent_texts(connector).values())
            assert 0 < sent_before_sigterm < MESSAGES
            server.send_signal(signal.SIGTERM)
            signalled = time.monotonic()
            exit_code = await asyncio.to_thread(server.wait, 60)
            drained_in = time.monotonic() - signalled
            await asyncio.sleep(0.3)  # requests still trying see the closed port
            stop_load.set()
            await asyncio.gather(*workers)
    finally:
        if server.poll() is None:
            server.kill()
    first_run = sent_texts(connector)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    messages = [line["message"] for line in lines]
    print(
        f"drain: exit {exit_code} after {drained_in:.1f} s; turns acknowledged "
        f"{sum(1 for o in outcomes.values() if o in (200, 201))}, refused "
        f"{sum(1 for o in outcomes.values() if o not in (200, 201))}; outbox sent "
        f"{sent_before_sigterm} of {MESSAGES} at SIGTERM, {sum(first_run.values())} at exit"
    )
    assert exit_code == 0
    assert "shutdown: no new turns, finishing the turns in flight" in messages
    assert "shutdown: background jobs and the outbox round under way finished" in messages
    assert not any("cancelled after the bound" in m for m in messages)
    assert sent_before_sigterm < sum(first_run.values()) < MESSAGES  # work left for the restart
    # The round under way was finished, not cut off: no message is left claimed by the stopped
    # worker or with a send of unknown outcome (which a restart would repeat).
    assert unsettled(tmp_path / "drain.db") == 0

    # Every acknowledged turn got exactly one answer; a refused one changed nothing.
    replies = Counter(s.conversation_id for s in connector.sent)
    for number, outcome in outcomes.items():
        expected = 1 if outcome in (200, 201) else 0
        assert replies[f"load-{number}"] == expected, (number, outcome)
    assert any(o not in (200, 201) for o in outcomes.values())  # load ran into the shutdown

    # Restart: the rest goes out; nothing is lost, nothing is sent twice.
    server = start_server(env, log)
    try:
        async with aiohttp.ClientSession() as session:
            await wait_ready(session, f"{base}/readyz", server)
            for _ in range(600):
                if sum(sent_texts(connector).values()) >= MESSAGES:
                    break
                await asyncio.sleep(0.1)
        server.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(server.wait, 60) == 0
    finally:
        if server.poll() is None:
            server.kill()
        await connector.close()
    everything = sent_texts(connector)
    assert set(everything) == {f"drain:{i}" for i in range(MESSAGES)}
    assert [text for text, count in everything.items() if count > 1] == []
