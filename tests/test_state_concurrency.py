"""Conversation state: optimistic concurrency, so concurrent turns cannot overwrite each other."""

from __future__ import annotations

import asyncio

import pytest
from botbuilder.dialogs import DialogInstance, DialogState
from sqlalchemy import event

from bot.state_storage import DatabaseStorage
from storage.state_store import StateConflict
from tests.support.harness import REPORTER, BotHarness, last_card, submit_data
from tests.test_report_dialog import FULL_REPORT, answer, merged, start_report
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
    values = merged(FULL_REPORT)
    # Two clicks on the same card arrive at once. Both turns read the same state; the one that
    # saves second must fail loudly (the user is told) instead of overwriting the first.
    results = await asyncio.gather(
        bot.submit(REPORTER, {**submit_data(form), **values}, form.activity_id),
        bot.submit(REPORTER, {**submit_data(form), **values, "form": "sexual"}, form.activity_id),
    )
    texts = [s.text for sent in results for s in sent if s.text]
    assert texts.count(t.BUSY) + texts.count(t.UNKNOWN_ACTION) == 1, texts
    # What is stored is one whole turn's result, and the dialog goes on from there.
    stored = await storage_of(bot).read([f"msteams/conversations/personal-{REPORTER.id}"])
    state = next(iter(stored.values()))["DialogState"].dialog_stack[0].state
    assert state["step"] == "summary" and state["draft"]["form"] in ("labour", "sexual")
    sent = await bot.say(REPORTER, "help")
    assert sent[0].text.startswith(t.HELP["summary"])


def commits_counted(bot: BotHarness) -> list[int]:
    """A list whose length is the number of commits on the bot's engine from now on."""
    commits: list[int] = []
    event.listen(bot.services.engine.sync_engine, "commit", lambda _conn: commits.append(1))
    return commits


async def test_concurrent_turns_share_a_commit_and_each_gets_its_own_etag(
    bot_on_each_database: BotHarness,
) -> None:
    storage = storage_of(bot_on_each_database)
    keys = [f"conv/group-{i}" for i in range(8)]
    commits = commits_counted(bot_on_each_database)
    await asyncio.gather(*(storage.write({key: {"n": i}}) for i, key in enumerate(keys)))
    # All eight were waiting when the commit started: one transaction, one flush to disk.
    assert len(commits) == 1
    stored = await storage.read(keys)
    assert [stored[key]["n"] for key in keys] == list(range(8))
    assert {stored[key]["e_tag"] for key in keys} == {"1"}
    # Each caller can go on writing with the etag it was given.
    items = [{**stored[key], "n": 100} for key in keys]
    await asyncio.gather(
        *(storage.write({key: item}) for key, item in zip(keys, items, strict=True))
    )
    assert {item["e_tag"] for item in items} == {"2"}


async def test_a_stale_write_in_a_shared_commit_fails_alone(
    bot_on_each_database: BotHarness,
) -> None:
    storage = storage_of(bot_on_each_database)
    await storage.write({"conv/a": {"v": 1}, "conv/b": {"v": 1}})
    stale = (await storage.read(["conv/a"]))["conv/a"]
    fresh = (await storage.read(["conv/a"]))["conv/a"]
    await storage.write({"conv/a": {**fresh, "v": 2}})
    pair = await storage.read(["conv/b", "conv/c"])
    results = await asyncio.gather(
        storage.write({"conv/b": {**pair["conv/b"], "v": 2}}),
        # A write of two keys whose second is stale: neither of its keys may change.
        storage.write({"conv/c": {"v": 1}, "conv/a": {**stale, "v": 99}}),
        storage.write({"conv/d": {"v": 1}}),
        return_exceptions=True,
    )
    assert results[0] is None and results[2] is None
    assert isinstance(results[1], StateConflict)
    stored = await storage.read(["conv/a", "conv/b", "conv/c", "conv/d"])
    assert stored["conv/a"]["v"] == 2 and stored["conv/b"]["v"] == 2
    assert "conv/c" not in stored and stored["conv/d"]["v"] == 1


async def test_a_failed_transaction_fails_its_writes_and_the_next_ones_go_on(
    bot: BotHarness,
) -> None:
    storage = storage_of(bot)
    engine = bot.services.engine
    failing = [True]

    def fail_once(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if failing and "bot_state" in statement:
            failing.clear()
            raise RuntimeError("disk full")

    event.listen(engine.sync_engine, "before_cursor_execute", fail_once)
    with pytest.raises(RuntimeError):
        await storage.write({"conv/f0": {"i": 0}})
    # The writer is not stuck: the next writes, sharing a commit, go through.
    await asyncio.gather(*(storage.write({f"conv/f{i}": {"i": i}}) for i in (1, 2)))
    stored = await storage.read([f"conv/f{i}" for i in range(3)])
    assert set(stored) == {"conv/f1", "conv/f2"}
