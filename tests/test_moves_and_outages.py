"""Messages still arrive when Teams moves a conversation to another service URL, and after an
outage of hours, through the real adapter and the outbox worker.

Teams may answer from another service URL (another region, a failover); Microsoft asks bots to
use the latest one they saw. A message that was never sent (no connection) carries no "you may
have had this before" line when it finally goes out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.route_helpers import report, setup_route
from tests.support.connector import RecordingConnector
from tests.support.harness import COORDINATOR, REPORTER, TAH, BotHarness
from tests.test_delivery_faults import rows
from texts import nl

DEAD_URL = "http://127.0.0.1:9/"  # nothing listens: the connection is refused


@pytest.fixture
async def moved() -> AsyncIterator[RecordingConnector]:
    """Teams at another service URL."""
    connector = RecordingConnector()
    await connector.start()
    try:
        yield connector
    finally:
        await connector.close()


async def channel_click(bot: BotHarness, service_url: str, case_number: str) -> None:
    """A coordinator opens a case from the channel, with Teams at `service_url`."""
    value = {
        "action": {"type": "Action.Execute", "verb": "case.view", "data": {"case": case_number}}
    }
    body = bot.channel_activity(
        COORDINATOR, type="invoke", name="adaptiveCard/action", value=value, serviceUrl=service_url
    )
    status, _ = await bot.post(body)
    assert status == 200, status


def texts_to(connector: RecordingConnector, conversation_id: str) -> str:
    return " ".join(
        f"{s.text} {s.card}"
        for s in connector.sent
        if s.conversation_id.startswith(conversation_id)
    )


async def test_feedback_follows_the_reporter_to_the_service_url_teams_uses_now(
    bot: BotHarness, moved: RecordingConnector
) -> None:
    await setup_route(bot)
    number = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": number})
    await bot.invoke(COORDINATOR, "case.claim", {"case": number})
    await bot.deliver()
    # The reporter's next turn comes from another service URL.
    status, _ = await bot.post(bot.activity(REPORTER, text="mijn meldingen", serviceUrl=moved.url))
    assert status in (200, 201)
    before = len(bot.connector.sent)
    await bot.invoke(
        COORDINATOR, "case.close", {"case": number, "reason": "no_grounds", "feedback": "Dank je."}
    )
    await bot.deliver()
    personal = f"personal-{REPORTER.id}"
    assert f"Terugkoppeling over je melding {number}" in texts_to(moved, personal)
    assert not [s for s in bot.connector.sent[before:] if s.conversation_id == personal]


async def test_the_channel_follows_the_service_url_teams_uses_now(
    bot: BotHarness, moved: RecordingConnector
) -> None:
    await setup_route(bot)
    first = await report(bot, department={"department": "stadswinkel", "urgent": "true"})
    await bot.deliver()
    await channel_click(bot, moved.url, first)
    second = await report(bot, department={"department": "stadswinkel", "urgent": "true"})
    await bot.deliver()
    assert f"Signaal {second}" in texts_to(moved, "19:")


async def test_a_message_that_could_not_connect_arrives_later_without_a_repeat_line(
    bot: BotHarness,
) -> None:
    await setup_route(bot)
    first = await report(bot, department={"department": "stadswinkel", "urgent": "true"})
    await bot.deliver()
    # Teams (as the bot last heard) is at an address that refuses connections.
    await channel_click(bot, DEAD_URL, first)
    second = await report(bot, department={"department": "stadswinkel", "urgent": "true"})
    await bot.deliver()
    status, last_error, attempts = (await rows(bot))["channel_card"]
    assert (status, last_error, attempts) == ("pending", "ClientConnectorError", 1)
    # Teams is back at its usual address: the next click there wakes the message.
    await channel_click(bot, bot.connector.url, first)
    sent = await bot.deliver()
    pointer = [s for s in sent if f"Signaal {second}" in str(s.card)]
    assert len(pointer) == 1
    assert nl.REPEAT_NOTICE not in str(pointer[0].card)


async def test_an_outage_of_hours_loses_nothing(bot: BotHarness) -> None:
    await setup_route(bot)
    number = await report(bot)
    bot.connector.scripted_failures.extend([(503, {})] * 200)
    for _ in range(12 * 6):  # six hours, every five minutes
        await bot.deliver()
        bot.clock.advance(minutes=5)
    status, last_error, attempts = (await rows(bot))["tah_card"]
    assert status == "pending" and last_error == "http 503"
    assert attempts < bot.services.worker.policy.max_attempts
    bot.connector.scripted_failures.clear()
    bot.clock.advance(seconds=bot.services.worker.policy.cap_seconds)
    sent: list[Any] = await bot.deliver()
    assert [s for s in sent if number in str(s.card)], "the card arrives after the outage"
    assert (await rows(bot))["tah_card"][0] == "sent"
