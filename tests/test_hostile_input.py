"""Odd and hostile input, each shape measured on the earlier main as a 500 or a half-written
turn: a 4xx at the HTTP level or a short answer in the turn, nothing changed, nothing half
written, one log line without personal data and never a traceback."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from storage.schema import audit_log, signals
from tests.route_helpers import link_channel, report, setup_route
from tests.support.harness import (
    COORDINATOR,
    REPORTER,
    TAH,
    BotHarness,
    TeamsUser,
    last_card,
    submit_data,
)
from tests.test_report_dialog import FULL_REPORT, answer, start_report
from texts import nl as t

NAME = "Sanne Visser"


async def count(bot: BotHarness, table) -> int:  # type: ignore[no-untyped-def]
    async with bot.services.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(table))).scalar_one()


async def raw_post(bot: BotHarness, data: bytes) -> tuple[int, str]:
    response = await bot.client.post(
        "/api/messages", data=data, headers={"Content-Type": "application/json"}
    )
    return response.status, await response.text()


@pytest.fixture(autouse=True)
def no_tracebacks(caplog: pytest.LogCaptureFixture):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO)
    yield
    for record in caplog.records:
        assert record.exc_info is None, record.getMessage()
        assert "Traceback" not in record.getMessage()
        assert NAME not in record.getMessage()


async def test_deeply_nested_json_answers_400(bot: BotHarness) -> None:
    status, body = await raw_post(bot, b'{"a":' * 30_000 + b"1" + b"}" * 30_000)
    assert status == 400 and "Traceback" not in body
    status, _ = await raw_post(bot, b"[" * 50_000 + b"]" * 50_000)
    assert status == 400


async def test_an_invoke_whose_value_is_not_an_object_answers_400(bot: BotHarness) -> None:
    for value in ("x", 5, None, [1, 2], {"action": "x"}, {"action": {"type": 5}}):
        body = bot.activity(REPORTER, type="invoke", name="adaptiveCard/action", value=value)
        status, sent = await bot.post(body)
        assert status == 400, value
        assert sent == []


async def test_invokes_the_bot_does_not_implement_answer_501(bot: BotHarness) -> None:
    for name in (
        "signin/tokenExchange",
        "signin/verifyState",
        "task/fetch",
        "composeExtension/query",
    ):
        body = bot.activity(REPORTER, type="invoke", name=name, value={"id": "x", "token": "y"})
        status, sent = await bot.post(body)
        assert status == 501, name
        assert sent == []


async def test_a_lone_surrogate_in_a_case_number_is_refused_and_audited(bot: BotHarness) -> None:
    await setup_route(bot)
    await report(bot)
    before = await count(bot, audit_log)
    response = await bot.invoke(COORDINATOR, "case.claim", {"case": "MH-2026-0001\ud800"})
    assert response["value"] == t.ACTION_REFUSED_UNKNOWN
    assert await count(bot, audit_log) == before + 1


async def test_a_lone_surrogate_or_control_character_in_a_text_field_reprompts(
    bot: BotHarness,
) -> None:
    card = await start_report(bot)
    sent = await answer(bot, card, {"acute": "no"})
    for step in ("form", "signals"):
        sent = await answer(bot, last_card(sent), FULL_REPORT[step])
    account = last_card(sent)
    assert submit_data(account)["step"] == "account"
    for bad in ("iets\ud800gezien", "iets\x00gezien", "bel\x1b[31mnu", "a\u202eb"):
        reply = await answer(bot, account, {**FULL_REPORT["account"], "facts": bad})
        assert t.REPROMPT_INTRO in " ".join(s.text for s in reply), repr(bad)
        account = (
            last_card(reply) if [s for s in reply if s.card and s.kind != "update"] else account
        )
    # The conversation state was saved each time: the valid answer moves on to the next step.
    reply = await answer(bot, account, FULL_REPORT["account"])
    assert submit_data(last_card(reply))["step"] == "where_when"
    assert await count(bot, signals) == 0


async def test_a_lone_surrogate_in_a_name_does_not_break_the_report(bot: BotHarness) -> None:
    await setup_route(bot)
    odd = TeamsUser(REPORTER.id, "Sanne\ud800 Visser", REPORTER.aad_object_id)
    sent = await bot.say(odd, "signaal melden")
    sent = await bot.submit(odd, {**submit_data(last_card(sent)), "acute": "no"}, None)
    for values in FULL_REPORT.values():
        card = last_card(sent)
        sent = await bot.submit(odd, {**submit_data(card), **values}, card.activity_id)
    summary = last_card(sent)
    sent = await bot.submit(odd, submit_data(summary, "submit"), summary.activity_id)
    assert "MH-" in str([s.activity for s in sent])
    assert await count(bot, signals) == 1


async def test_a_channel_mention_without_an_id_is_answered(bot: BotHarness) -> None:
    await link_channel(bot)
    for mention in (
        {"type": "mention", "text": "<at>Meldroute</at>", "mentioned": {"name": "x"}},
        {"type": "mention", "text": "<at>Meldroute</at>"},
        {"type": "mention", "mentioned": None},
        {"type": "mention", "mentioned": {"id": None}, "text": None},
    ):
        body = bot.channel_activity(COORDINATOR, text="<at>Meldroute</at> open zaken")
        body["entities"] = [mention]
        status, sent = await bot.post(body)
        assert status in (200, 201) and sent, mention


async def test_a_message_without_channel_id_answers_400(bot: BotHarness) -> None:
    body = bot.activity(REPORTER, text="hallo")
    del body["channelId"]
    status, sent = await bot.post(body)
    assert status == 400 and sent == []


async def test_over_long_ids_answer_400(bot: BotHarness) -> None:
    for field, value in (
        ("conversation", {"id": "x" * 5000, "conversationType": "personal"}),
        ("id", "y" * 5000),
        ("replyToId", "z" * 5000),
        ("serviceUrl", bot.connector.url + "/" + "a" * 5000),
    ):
        body = bot.activity(REPORTER, text="hallo", **{field: value})
        status, sent = await bot.post(body)
        assert status == 400, field
        assert sent == []


async def test_unknown_card_verbs_are_refused_and_audited(bot: BotHarness) -> None:
    await setup_route(bot)
    case_number = await report(bot)
    before = await count(bot, audit_log)
    for verb in ("case.delete_everything", "tah.reveal", 7, None):
        value = {"action": {"type": "Action.Execute", "verb": verb, "data": {"case": case_number}}}
        body = bot.activity(TAH, type="invoke", name="adaptiveCard/action", value=value)
        status, _ = await bot.post(body)
        assert status in (200, 400), verb
    assert await count(bot, audit_log) == before + 4
