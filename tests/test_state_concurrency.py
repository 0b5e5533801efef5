"""Conversation state: optimistic concurrency, so concurrent turns cannot overwrite each other."""

from __future__ import annotations

import asyncio

import pytest
from botbuilder.dialogs import DialogInstance, DialogState

from bot.state_storage import DatabaseStorage
from storage.state_store import StateConflict
from tests.support.harness import REPORTER, BotHarness, last_card, submit_data
from tests.test_report_dialog import FULL_REPORT, answer, start_report
from texts import nl as t


def storage_of(bot: BotHarness) -> DatabaseStorage:
    return DatabaseStorage(bot.services.state_store, bot.clock)


async def test_a_write_with_a_stale_etag_fails(bot_on_each_database: BotHarness) -> None:
    storage = storage_of(bot_on_each_database)
    await storage.write({"conv/1": {"count": 1}})
    first = (await storage.read(["conv/1"]))["conv/1"]
    second = (await storage.read(["conv/1"]))["conv/1"]
    first["count"] = 2
    await storage.write({"conv/1": first})
    second["count"] = 3
    with pytest.raises(StateConflict):
        await storage.write({"conv/1": second})
    assert (await storage.read(["conv/1"]))["conv/1"]["count"] == 2


async def test_two_first_writes_of_the_same_key_conflict(bot_on_each_database: BotHarness) -> None:
    storage = storage_of(bot_on_each_database)
    await storage.write({"conv/2": {"who": "first"}})
    with pytest.raises(StateConflict):
        await storage.write({"conv/2": {"who": "second"}})
    await storage.write({"conv/2": {"who": "forced", "e_tag": "*"}})
    assert (await storage.read(["conv/2"]))["conv/2"]["who"] == "forced"


async def test_dialog_state_roundtrips_as_json(bot_on_each_database: BotHarness) -> None:
    storage = storage_of(bot_on_each_database)
    instance = DialogInstance()
    instance.id, instance.state = "report", {"step": "form", "draft": {"signals": ["a", "b"]}}
    await storage.write({"conv/3": {"DialogState": DialogState([instance])}})
    read = (await storage.read(["conv/3"]))["conv/3"]["DialogState"]
    assert isinstance(read, DialogState)
    assert read.dialog_stack[0].id == "report" and read.dialog_stack[0].state["draft"][
        "signals"
    ] == ["a", "b"]


async def test_two_concurrent_turns_on_one_conversation_do_not_silently_overwrite(
    bot: BotHarness,
) -> None:
    card = await start_report(bot)
    sent = await answer(bot, card, {"acute": "no"})
    form = last_card(sent)
    # Two clicks on the same card arrive at once. Both turns read the same state; the one that
    # saves second must fail loudly (the user is told) instead of overwriting the first.
    results = await asyncio.gather(
        bot.submit(REPORTER, {**submit_data(form), **FULL_REPORT["form"]}, form.activity_id),
        bot.submit(REPORTER, {**submit_data(form), "form": "sexual"}, form.activity_id),
    )
    texts = [s.text for sent in results for s in sent if s.text]
    assert texts.count(t.BUSY) + texts.count(t.UNKNOWN_ACTION) == 1, texts
    # What is stored is one whole turn's result, and the dialog goes on from there.
    stored = await storage_of(bot).read([f"msteams/conversations/personal-{REPORTER.id}"])
    state = next(iter(stored.values()))["DialogState"].dialog_stack[0].state
    assert state["step"] == "signals" and state["draft"]["form"] in ("labour", "sexual")
    sent = await bot.say(REPORTER, "help")
    assert sent[0].text.startswith(t.HELP["signals"])
