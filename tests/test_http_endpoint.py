"""The HTTP surface: malformed requests get a 4xx without a stack trace; auth when configured."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from storage.schema import bot_state
from tests.support.harness import REPORTER, BotHarness, make_settings
from texts import nl as t


async def test_health_and_readiness(bot: BotHarness) -> None:
    assert (await bot.client.get("/healthz")).status == 200
    ready = await bot.client.get("/readyz")
    assert ready.status == 200 and (await ready.json())["status"] == "ready"


async def test_body_that_is_not_json_answers_400(bot: BotHarness) -> None:
    response = await bot.client.post(
        "/api/messages", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    body = await response.text()
    assert response.status == 400
    assert "Traceback" not in body and "not valid JSON" in body


async def test_wrong_content_type_answers_415(bot: BotHarness) -> None:
    response = await bot.client.post(
        "/api/messages", data=b"hello", headers={"Content-Type": "text/plain"}
    )
    assert response.status == 415


async def test_json_that_is_not_an_activity_answers_400(bot: BotHarness) -> None:
    for body in ([1, 2], {"hello": "world"}, {"type": "message"}, {"type": 5}, "text"):
        status, sent = await bot.post(body)
        assert status == 400, body
        assert sent == []


async def test_activity_with_broken_fields_answers_400(bot: BotHarness) -> None:
    activity = bot.activity(REPORTER, text="hallo")
    activity["conversation"] = "not an object"
    status, sent = await bot.post(activity)
    assert status == 400 and sent == []


async def test_card_action_with_a_non_object_value_is_refused_politely(bot: BotHarness) -> None:
    status, sent = await bot.post(bot.activity(REPORTER, value="DROP TABLE signals"))
    assert status in (200, 201)
    assert [s.text for s in sent] == [t.MALFORMED_ACTIVITY]


async def test_unknown_card_action_changes_nothing(bot: BotHarness) -> None:
    sent = await bot.submit(
        REPORTER, {"meldroute": "report", "step": "summary", "action": "submit"}, None
    )
    assert [s.text for s in sent] == [t.UNKNOWN_ACTION]
    sent = await bot.submit(REPORTER, {"meldroute": "nonsense"}, None)
    assert [s.text for s in sent] == [t.UNKNOWN_ACTION]


async def test_messages_in_a_channel_point_to_the_personal_chat(bot: BotHarness) -> None:
    activity = bot.activity(REPORTER, text="signaal melden")
    activity["conversation"] = {
        "id": "19:channel@thread.tacv2",
        "conversationType": "channel",
        "isGroup": True,
    }
    status, sent = await bot.post(activity)
    assert status in (200, 201)
    assert [s.text for s in sent] == [t.PERSONAL_CHAT_ONLY]


async def test_with_an_app_id_a_request_without_authorization_answers_401(
    tmp_path: Path, sqlite_url: str
) -> None:
    settings = make_settings(
        tmp_path,
        sqlite_url,
        MICROSOFT_APP_ID="11111111-2222-3333-4444-555555555555",
        MICROSOFT_APP_PASSWORD="not-used-offline",
    )
    harness = await BotHarness.start(settings)
    try:
        status, sent = await harness.post(harness.activity(REPORTER, text="signaal melden"))
        assert status == 401 and sent == []
        status, sent = await harness.post(
            harness.activity(REPORTER, text="signaal melden"),
            headers={"Authorization": "Bearer forged.token.value"},
        )
        assert status == 401 and sent == []
        async with harness.services.engine.connect() as conn:
            assert (
                await conn.execute(select(func.count()).select_from(bot_state))
            ).scalar_one() == 0
    finally:
        await harness.close()
