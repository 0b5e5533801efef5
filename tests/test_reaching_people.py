"""Reaching a taakaccenthouder or aandachtsfunctionaris who never opened the bot: the 1:1 chat
is created through the Bot Connector (tenant plus their Entra object id) and kept; when Teams
says the app is not installed for them, it is installed through Microsoft Graph first if that
is configured (a local Graph stub: success, 403, throttling)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from bot.graph_install import GraphInstaller
from storage.schema import outbox
from tests.route_helpers import link_channel, report
from tests.support.harness import TAH, BotHarness, FakeClock, make_settings
from tests.test_production_config import FakeTokenCredential
from tests.test_route import card_text

TENANT = "3f3d1cea-7a18-41af-872b-cfbbd5140984"
CATALOG_ID = "f1b6c2d4-0000-4000-8000-00000000c0de"


@pytest.fixture
async def tenant_bot(tmp_path: Path, sqlite_url: str) -> AsyncIterator[BotHarness]:
    settings = make_settings(tmp_path, sqlite_url, MICROSOFT_APP_TENANT_ID=TENANT)
    harness = await BotHarness.start(settings, FakeClock())
    try:
        yield harness
    finally:
        await harness.close()


def signal_cards(bot: BotHarness) -> list:
    return [
        s
        for s in bot.connector.sent
        if s.conversation_id == f"personal-created-{TAH.aad_object_id}" and s.card
    ]


async def status_of(bot: BotHarness, kind: str) -> str:
    async with bot.services.engine.connect() as conn:
        return (
            await conn.execute(select(outbox.c.status).where(outbox.c.kind == kind))
        ).scalar_one()


async def test_a_chat_is_created_for_someone_who_never_opened_the_bot(
    tenant_bot: BotHarness,
) -> None:
    bot = tenant_bot
    await link_channel(bot)
    case_number = await report(bot)
    await bot.deliver()
    (created,) = bot.connector.created_chats
    assert created["members"][0]["id"] == TAH.aad_object_id
    assert created["tenantId"] == TENANT and created["isGroup"] is False
    (card,) = signal_cards(bot)
    assert case_number in card_text(card.card)
    # The chat is kept: the next message goes straight there, without creating another.
    second = await report(bot)
    await bot.deliver()
    assert len(bot.connector.created_chats) == 1
    assert second in card_text(signal_cards(bot)[-1].card)


async def test_without_tenant_or_when_switched_off_the_message_waits(
    tmp_path: Path, sqlite_url: str
) -> None:
    settings = make_settings(
        tmp_path, sqlite_url, MICROSOFT_APP_TENANT_ID=TENANT, MELDROUTE_CREATE_CHATS="false"
    )
    bot = await BotHarness.start(settings, FakeClock())
    try:
        await link_channel(bot)
        await report(bot)
        await bot.deliver()
        assert bot.connector.created_chats == []
        assert await status_of(bot, "tah_card") == "awaiting_contact"
    finally:
        await bot.close()


class GraphStub:
    def __init__(self, bot: BotHarness, answers: list[tuple[int, dict[str, str]]]) -> None:
        self.bot = bot
        self.answers = answers
        self.requests: list[tuple[str, dict, str]] = []
        self.server: TestServer | None = None

    async def start(self) -> str:
        async def install(request: web.Request) -> web.Response:
            self.requests.append(
                (request.path, await request.json(), request.headers.get("Authorization", ""))
            )
            status, headers = self.answers.pop(0) if self.answers else (201, {})
            if status == 201:  # installed: Teams now lets the bot open the chat
                self.bot.connector.refused_conversations.pop(f"create:{TAH.aad_object_id}", None)
            return web.json_response({}, status=status, headers=headers)

        app = web.Application()
        app.router.add_post("/v1.0/users/{oid}/teamwork/installedApps", install)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()
        return str(self.server.make_url("/v1.0"))


@pytest.fixture
async def graph(tenant_bot: BotHarness) -> AsyncIterator[GraphStub]:
    stub = GraphStub(tenant_bot, [])
    url = await stub.start()
    tenant_bot.services.worker._installer = GraphInstaller(CATALOG_ID, FakeTokenCredential(), url)
    tenant_bot.connector.refused_conversations[f"create:{TAH.aad_object_id}"] = 403
    try:
        yield stub
    finally:
        assert stub.server is not None
        await stub.server.close()


async def test_the_app_is_installed_through_graph_when_teams_says_it_is_not(
    tenant_bot: BotHarness, graph: GraphStub
) -> None:
    bot = tenant_bot
    await link_channel(bot)
    case_number = await report(bot)
    await bot.deliver()
    ((path, body, authorization),) = graph.requests
    assert path == f"/v1.0/users/{TAH.aad_object_id}/teamwork/installedApps"
    assert body["teamsApp@odata.bind"].endswith(f"/appCatalogs/teamsApps/{CATALOG_ID}")
    assert authorization == "Bearer token-from-azure-identity"
    assert case_number in card_text(signal_cards(bot)[0].card)


async def test_graph_refusing_the_install_leaves_the_message_waiting(
    tenant_bot: BotHarness, graph: GraphStub
) -> None:
    graph.answers.append((403, {}))
    await link_channel(tenant_bot)
    await report(tenant_bot)
    await tenant_bot.deliver()
    assert signal_cards(tenant_bot) == []
    assert await status_of(tenant_bot, "tah_card") == "awaiting_contact"


async def test_graph_throttling_is_retried_after_its_retry_after(
    tenant_bot: BotHarness, graph: GraphStub
) -> None:
    bot = tenant_bot
    graph.answers.append((429, {"Retry-After": "30"}))
    await link_channel(bot)
    case_number = await report(bot)
    await bot.deliver()
    assert signal_cards(bot) == [] and await status_of(bot, "tah_card") == "pending"
    bot.clock.advance(seconds=31)
    await bot.deliver()
    assert case_number in card_text(signal_cards(bot)[0].card)
