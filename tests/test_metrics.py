"""Metrics: turn counts and latency, the outbox's depth, age and dead letters; and no personal
data in any metric or log line (text or JSON) after a full route with planted names."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp.test_utils import TestClient, TestServer

from bot.logging_setup import JsonLineFormatter
from bot.metrics import metrics_app
from tests.route_helpers import report, setup_route
from tests.support.harness import (
    COLLEAGUE,
    COORDINATOR,
    COORDINATOR2,
    REPORTER,
    TAH,
    BotHarness,
)
from tests.test_questions import QUESTION, ask_person
from tests.test_report_dialog import SECRET_WORDS

PLANTED = (
    *SECRET_WORDS,
    "Wilhelmina Zandvoort",  # in a taakaccenthouder's note
    "Zandvoort-Oost",  # in a coordinator's enrichment note
    "Geertruida Bos",  # in the feedback to the reporter
    "Karel Doornbos",  # in a quick question
    "Bram Terpstra",  # in the answer to it
    "3431",
    "12345678",
    REPORTER.name,
    TAH.name,
    COLLEAGUE.name,
    REPORTER.aad_object_id,
)


@asynccontextmanager
async def scraper(bot: BotHarness) -> AsyncIterator[TestClient]:
    services = bot.services
    client = TestClient(TestServer(metrics_app(services.metrics, services.engine, services.clock)))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def scrape(client: TestClient) -> str:
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    return await response.text()


def value(metrics: str, name: str, **labels: str) -> float:
    """The sample `name{labels}` from a Prometheus text exposition."""
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = re.escape(name) + (r"\{" + re.escape(wanted) + r"\}" if labels else "") + r" (\S+)"
    match = re.search(r"^" + pattern + r"$", metrics, re.MULTILINE)
    assert match, f"no {name} {labels} in metrics"
    return float(match.group(1))


async def test_turns_and_the_outbox_are_measured(bot: BotHarness) -> None:
    async with scraper(bot) as client:
        await setup_route(bot)
        await report(bot)
        bot.clock.advance(seconds=90)
        metrics = await scrape(client)
        turns = value(metrics, "meldroute_turns_total", activity="message", outcome="ok")
        assert turns >= 12  # greeting, linking, and the report's steps
        assert value(metrics, "meldroute_turn_duration_seconds_count", activity="message") == turns
        pending = (await bot.services.outbox.counts())["pending"]
        assert value(metrics, "meldroute_outbox_messages", status="pending") == pending > 0
        assert value(metrics, "meldroute_outbox_depth") == pending
        assert value(metrics, "meldroute_outbox_oldest_pending_age_seconds", status="pending") == 90
        assert value(metrics, "meldroute_outbox_dead_letters") == 0

        await bot.deliver()
        bot.connector.scripted_failures.extend([(400, {})])  # a message Teams refuses for good
        await bot.invoke(TAH, "tah.forward", {"case": "MH-2026-0001"})
        await bot.deliver()
        metrics = await scrape(client)
        assert value(metrics, "meldroute_outbox_messages", status="pending") == 0
        assert value(metrics, "meldroute_outbox_oldest_pending_age_seconds", status="pending") == 0
        assert value(metrics, "meldroute_outbox_dead_letters") == 1
        assert value(metrics, "meldroute_turns_total", activity="invoke", outcome="ok") == 1


async def test_no_personal_data_in_any_metric_or_log_line(bot: BotHarness, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    json_lines = io.StringIO()
    json_handler = logging.StreamHandler(json_lines)
    json_handler.setFormatter(JsonLineFormatter())
    logging.getLogger().addHandler(json_handler)
    try:
        async with scraper(bot) as client:
            await full_route_with_planted_names(bot)
            metrics = await scrape(client)
    finally:
        logging.getLogger().removeHandler(json_handler)

    lines = json_lines.getvalue().splitlines()
    assert len(lines) > 20  # the route was logged
    for line in lines:
        record = json.loads(line)  # every line is one JSON object
        assert set(record) >= {"time", "level", "logger", "message"}
    assert "meldroute_turns_total" in metrics and "meldroute_outbox_messages" in metrics
    for word in PLANTED:
        assert word not in metrics, f"{word!r} in a metric"
        assert word not in caplog.text, f"{word!r} in a log line"
        assert word not in json_lines.getvalue(), f"{word!r} in a JSON log line"
    # Labels take fixed values only.
    labels = set(re.findall(r'(\w+)="([^"]*)"', metrics))
    assert {name for name, _ in labels} <= {"activity", "outcome", "status", "kind", "what", "le"}


async def full_route_with_planted_names(bot: BotHarness) -> None:
    await setup_route(bot)
    await bot.say(COLLEAGUE, "hallo")
    number = await report(bot)
    await bot.deliver()
    await bot.invoke(TAH, "tah.view", {"case": number})
    await bot.invoke(
        TAH, "tah.forward", {"case": number, "note": "Gesprek met Wilhelmina Zandvoort gehad"}
    )
    await bot.deliver()
    await bot.invoke(COORDINATOR, "case.view", {"case": number}, in_channel=True)
    await bot.invoke(COORDINATOR, "case.claim", {"case": number}, in_channel=True)
    await bot.invoke(COORDINATOR, "case.enrich", {"case": number, "note": "Adres Zandvoort-Oost"})
    await bot.invoke(COORDINATOR2, "case.reveal_reporter", {"case": number})
    await bot.invoke(COLLEAGUE, "case.view", {"case": number})  # refused, audited
    await bot.invoke(
        COORDINATOR,
        "case.hand_over",
        {"case": number, "partner": "politie-avim", "date": "2026-11-28", "reference": "AV-1"},
    )
    await bot.invoke(
        COORDINATOR,
        "case.close",
        {
            "case": number,
            "reason": "handed_over_done",
            "feedback": "Opgepakt; Geertruida Bos is op de hoogte.",
        },
    )
    await bot.deliver()
    await bot.say(REPORTER, "mijn meldingen")
    question = await ask_person(bot, department="stadswinkel", question=QUESTION)
    await bot.deliver()
    await bot.invoke(
        TAH, "question.answer", {"question": question, "answer": "Vraag het Bram Terpstra"}
    )
    await bot.deliver()
    sent = bot.connector.everything_sent_text()
    assert "Geertruida Bos" in sent and "Bram Terpstra" in sent  # the planted text did travel
