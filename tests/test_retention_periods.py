"""Retention for every table that holds personal data, each with a moved clock: closed cases
per close reason, open cases (never deleted; the coordinators are asked), unanswered questions,
stored conversations, finished messages; and after the reporter's identity goes, nothing in
the database file links the case to them while the audit chain still verifies."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from storage.audit import verify_chain
from storage.schema import conversation_refs, outbox, questions, reporter_identities, signals
from tests.route_helpers import greet, report, setup_route
from tests.support.harness import COORDINATOR, REPORTER, TAH, BotHarness, make_settings
from tests.test_route import card_text
from texts import nl as t


async def count(bot: BotHarness, table, *where) -> int:  # type: ignore[no-untyped-def]
    async with bot.services.engine.connect() as conn:
        query = select(func.count()).select_from(table)
        for condition in where:
            query = query.where(condition)
        return (await conn.execute(query)).scalar_one()


async def close(bot: BotHarness, case_number: str, reason: str) -> None:
    await bot.invoke(TAH, "tah.forward", {"case": case_number})
    await bot.invoke(COORDINATOR, "case.claim", {"case": case_number})
    done = await bot.invoke(
        COORDINATOR,
        "case.close",
        {"case": case_number, "reason": reason, "feedback": "Dank je voor je melding."},
    )
    assert t.STATE_LABELS["closed"] in card_text(done["value"])


async def retention(bot: BotHarness) -> None:
    await bot.services.housekeeping.apply_retention()


async def test_closed_cases_are_kept_per_close_reason(bot: BotHarness) -> None:
    await setup_route(bot)
    nowhere = await report(bot)
    handed_over = await report(bot)
    await close(bot, nowhere, "no_grounds")
    await close(bot, handed_over, "handed_over_done")
    await bot.deliver()
    bot.clock.advance(days=179)
    await retention(bot)
    assert await count(bot, signals) == 2
    bot.clock.advance(days=2)  # 181 days: a signal that led nowhere goes (default 180)
    await retention(bot)
    cases = bot.services.cases.cases
    assert await cases.by_number(nowhere) is None
    assert await cases.by_number(handed_over) is not None
    bot.clock.advance(days=550)  # 731 days: one that was handed over goes too (default 730)
    await retention(bot)
    assert await cases.by_number(handed_over) is None


async def test_open_cases_are_never_deleted_and_the_coordinators_are_asked(
    bot: BotHarness,
) -> None:
    await setup_route(bot)
    case_number = await report(bot, department={"department": "wmo"})  # straight to the channel
    await bot.deliver()
    bot.clock.advance(days=91)
    await bot.services.housekeeping.watch_deadlines()
    await retention(bot)
    sent = await bot.deliver()
    asked = [s.text for s in sent if "geen nieuwe stap" in s.text]
    assert len(asked) == 1 and case_number in asked[0] and REPORTER.name not in asked[0]
    await bot.services.housekeeping.watch_deadlines()
    assert not [s for s in await bot.deliver() if "geen nieuwe stap" in s.text]  # not again
    bot.clock.advance(days=3 * 365)
    await bot.services.housekeeping.watch_deadlines()
    await retention(bot)
    assert await bot.services.cases.cases.by_number(case_number) is not None
    assert [s for s in await bot.deliver() if "geen nieuwe stap" in s.text]  # asked again


async def test_unanswered_questions_conversations_and_finished_messages_expire(
    bot: BotHarness,
) -> None:
    await setup_route(bot)
    await bot.services.questions.ask_person(
        "q-1",
        "stadswinkel",
        "Hoe lang wordt mijn naam bewaard?",
        {"aad_object_id": REPORTER.aad_object_id, "name": REPORTER.name, "reference": {}},
    )
    await bot.deliver()
    assert await count(bot, outbox, outbox.c.status == "sent") > 0
    bot.clock.advance(days=31)
    await greet(bot, TAH)  # the taakaccenthouder is seen again; the coordinator is not
    await retention(bot)
    assert await count(bot, outbox, outbox.c.status == "sent") == 0  # finished: 30 days
    assert await count(bot, questions) == 1  # unanswered: 90 days
    bot.clock.advance(days=60)
    await retention(bot)
    assert await count(bot, questions) == 0
    bot.clock.advance(days=365 - 91 + 1)
    await retention(bot)
    tah_digest = bot.services.keyring.person_digest(TAH.aad_object_id)
    coordinator_digest = bot.services.keyring.person_digest(COORDINATOR.aad_object_id)
    async with bot.services.engine.connect() as conn:
        kept = set((await conn.execute(select(conversation_refs.c.user_digest))).scalars())
    assert tah_digest in kept and coordinator_digest not in kept


async def test_after_the_identity_goes_nothing_links_the_case_to_the_reporter(
    tmp_path: Path,
) -> None:
    database = tmp_path / "retention.db"
    bot = await BotHarness.start(make_settings(tmp_path, f"sqlite:///{database}"))
    try:
        await setup_route(bot)
        case_number = await report(bot)
        await close(bot, case_number, "handed_over_done")
        await bot.deliver()  # the feedback reaches the reporter
        bot.clock.advance(days=31)
        await retention(bot)
        assert await count(bot, reporter_identities) == 0
        assert await bot.services.cases.cases.by_number(case_number) is not None
        keyring, signals_repo = bot.services.keyring, bot.services.signals
        secrets = {
            "name": REPORTER.name.encode(),
            "object id": REPORTER.aad_object_id.encode(),
            "reporter index": signals_repo.reporter_index(REPORTER.aad_object_id).encode(),
        }
        digest = keyring.person_digest(REPORTER.aad_object_id)
        async with bot.services.engine.connect() as conn:
            # The reporter's stable pseudonym is only in the directory of people who talked to
            # the bot (no case in it), not next to the case anywhere.
            assert (
                await conn.execute(
                    select(func.count()).select_from(outbox).where(outbox.c.target == digest)
                )
            ).scalar_one() == 0
        assert (await verify_chain(bot.services.engine)).intact
    finally:
        await bot.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("retention.db*"))
    found = [label for label, value in secrets.items() if value in raw]
    assert found == []
