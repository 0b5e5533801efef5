"""Two-way contact without revealing the reporter, through the real adapter: the coordinator asks
and the reporter answers; the reporter adds to their own open report; refusals for closed
cases, other people's cases and deleted identities; retention takes it all with the case."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.schema import case_events, reporter_identities, reporter_questions
from tests.route_helpers import report, setup_route
from tests.support.harness import CHANNEL_ID, COLLEAGUE, COORDINATOR, REPORTER, TAH, BotHarness
from tests.test_evaluation import facts_of
from tests.test_route import audit_rows, card_text
from texts import nl as t


def reporter_cards(bot: BotHarness, case_number: str) -> list:
    return [
        s
        for s in bot.connector.sent
        if s.conversation_id == f"personal-{REPORTER.id}"
        and s.card
        and t.REPORTER_QUESTION_TITLE.format(case_number=case_number) in card_text(s.card)
    ]


def channel_texts(bot: BotHarness) -> list[str]:
    return [s.text for s in bot.connector.sent if s.conversation_id.startswith(CHANNEL_ID)]


async def forwarded_case(bot: BotHarness) -> str:
    await setup_route(bot)
    case_number = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": case_number})
    await bot.invoke(COORDINATOR, "case.claim", {"case": case_number})
    await bot.deliver()
    return case_number


async def ask(bot: BotHarness, case_number: str, question: str) -> dict:
    return await bot.invoke(
        COORDINATOR, "case.ask_reporter", {"case": case_number, "question": question}
    )


async def answer(bot: BotHarness, case_number: str, card: dict, **values: str) -> dict:
    data = next(
        a["data"]
        for a in card["actions"]
        if a["data"].get("answer_kind") == values.get("answer_kind", "answer")
    )
    return await bot.invoke(REPORTER, "reporter.answer", {**data, **values})


async def test_the_coordinator_asks_and_the_reporter_answers_without_a_reveal(
    bot_on_each_database: BotHarness,
) -> None:
    bot = bot_on_each_database
    case_number = await forwarded_case(bot)
    asked = await ask(bot, case_number, "Welke kleur had het busje?")
    assert t.OPEN_REPORTER_QUESTIONS in card_text(asked["value"])
    await bot.deliver()
    (question,) = reporter_cards(bot, case_number)
    shown = card_text(question.card)
    assert "Welke kleur had het busje?" in shown
    assert "Noor" not in shown and "Bakker" not in shown  # who asked is not said

    receipt = await answer(bot, case_number, question.card, answer="Wit, met een deuk")
    assert "Wit" not in card_text(receipt["value"])  # the card becomes a receipt without it
    await bot.deliver()
    view = card_text((await bot.invoke(COORDINATOR, "case.view", {"case": case_number}))["value"])
    assert "Wit, met een deuk" in view and "Welke kleur had het busje?" in view
    assert t.OPEN_REPORTER_QUESTIONS not in view and REPORTER.name not in view
    rows = await audit_rows(bot)
    assert ("melder", "case.reporter_answer", case_number, "ok") in rows
    assert not [r for r in rows if r[1] == "case.reveal_reporter"]
    assert REPORTER.aad_object_id not in str(rows)
    channel = " ".join(channel_texts(bot))
    assert t.REPORTER_ANSWERED.format(case_number=case_number) in channel
    assert "Wit" not in channel and REPORTER.name not in channel
    # Answered once: the same card cannot answer again.
    again = await answer(bot, case_number, question.card, answer="Rood")
    assert t.EXPECTATIONS["expect_open_question"] in card_text(again["value"])


async def test_the_reporter_may_say_they_do_not_know(bot: BotHarness) -> None:
    case_number = await forwarded_case(bot)
    await ask(bot, case_number, "Hoe laat was het precies?")
    await bot.deliver()
    (question,) = reporter_cards(bot, case_number)
    await answer(bot, case_number, question.card, answer_kind="dont_know")
    view = card_text((await bot.invoke(COORDINATOR, "case.view", {"case": case_number}))["value"])
    assert t.ANSWER_KIND_LABELS["dont_know"] in view
    contact = [f["detail"] for f in await facts_of(bot) if f["kind"] == "reporter_contact"]
    assert contact == ["asked", "dont_know"]


async def test_only_the_reporter_can_answer_and_others_are_refused_and_audited(
    bot: BotHarness,
) -> None:
    case_number = await forwarded_case(bot)
    await ask(bot, case_number, "Was er een kind bij?")
    await bot.deliver()
    (question,) = reporter_cards(bot, case_number)
    data = next(a["data"] for a in question.card["actions"])
    refused = await bot.invoke(COLLEAGUE, "reporter.answer", {**data, "answer": "Nee"})
    assert refused["value"] == t.ACTION_REFUSED_REPORTER
    assert (COLLEAGUE.aad_object_id, "case.reporter_answer", case_number, "refused:role") in (
        await audit_rows(bot)
    )
    async with bot.services.engine.connect() as conn:
        open_ = await conn.execute(
            select(func.count())
            .select_from(reporter_questions)
            .where(reporter_questions.c.answered_at.is_(None))
        )
        assert open_.scalar_one() == 1


async def test_an_unanswered_question_is_reminded_once(bot: BotHarness) -> None:
    case_number = await forwarded_case(bot)
    await ask(bot, case_number, "Waar stond het busje?")
    await bot.deliver()
    bot.clock.advance(days=8)
    await bot.services.housekeeping.watch_deadlines()
    sent = await bot.deliver()
    reminders = [s.text for s in sent if s.conversation_id == f"personal-{REPORTER.id}"]
    assert len(reminders) == 1 and case_number in reminders[0]
    await bot.services.housekeeping.watch_deadlines()
    assert not [s for s in await bot.deliver() if s.conversation_id == f"personal-{REPORTER.id}"]


async def test_asking_a_reporter_whose_identity_was_deleted_is_refused(bot: BotHarness) -> None:
    case_number = await forwarded_case(bot)
    async with bot.services.engine.begin() as conn:
        await conn.execute(reporter_identities.delete())
    refused = await ask(bot, case_number, "Nog iets gezien?")
    assert refused["value"] == t.ASK_REPORTER_NO_IDENTITY
    assert await bot.deliver() == []


async def test_the_reporter_adds_to_an_open_report_and_it_links_through_enrichment(
    bot: BotHarness,
) -> None:
    case_number = await forwarded_case(bot)
    other = await report(
        bot,
        where_when={"place": "Loods", "postcode": "1011AB", "house_number": "5"},
        suspect={"organisation": "Ander BV"},
    )
    mine = await bot.say(REPORTER, "mijn meldingen")
    # Two open reports: one form, with the report to add to as a choice.
    (form,) = [a for a in mine[0].card.get("actions", []) if a["title"] == t.ADD_BUTTON]
    assert case_number in [c["value"] for c in form["card"]["body"][0]["choices"]]
    added = await bot.invoke(
        REPORTER,
        "reporter.add",
        {
            "case": case_number,
            "facts": "Het busje stond er vandaag weer",
            "postcode": "1011 ab",
            "house_number": "5",
        },
    )
    assert "busje" not in card_text(added["value"])  # a receipt without the content
    await bot.deliver()
    view = card_text((await bot.invoke(COORDINATOR, "case.view", {"case": case_number}))["value"])
    assert "Het busje stond er vandaag weer" in view
    assert other in view  # the added address links the other signal (enrichment)
    assert ("melder", "case.add_to_report", case_number, "ok") in await audit_rows(bot)
    channel = " ".join(channel_texts(bot))
    assert t.REPORTER_ADDED.format(case_number=case_number) in channel and "busje" not in channel
    # A bad value gets what is expected, and nothing is added.
    bad = await bot.invoke(REPORTER, "reporter.add", {"case": case_number, "postcode": "abc"})
    assert t.EXPECTATIONS["expect_postcode"] in card_text(bad["value"])


async def test_closed_cases_and_other_peoples_cases_cannot_be_added_to(bot: BotHarness) -> None:
    case_number = await forwarded_case(bot)
    refused = await bot.invoke(
        COLLEAGUE, "reporter.add", {"case": case_number, "facts": "Ik zag ook iets"}
    )
    assert refused["value"] == t.ACTION_REFUSED_REPORTER
    await bot.invoke(
        COORDINATOR,
        "case.close",
        {"case": case_number, "reason": "no_grounds", "feedback": "Dank je."},
    )
    closed = await bot.invoke(
        REPORTER, "reporter.add", {"case": case_number, "facts": "Nog iets gezien"}
    )
    offer = card_text(closed["value"])
    assert t.ADD_TO_CLOSED_CASE in offer and t.MENU_REPORT in offer  # offered a new signal
    mine = await bot.say(REPORTER, "mijn meldingen")
    assert not mine[0].card.get("actions")  # no "Aanvullen" on a closed case


async def test_retention_takes_questions_answers_and_additions_with_the_case(
    bot: BotHarness,
) -> None:
    case_number = await forwarded_case(bot)
    await ask(bot, case_number, "Welke dag was het?")
    await bot.deliver()
    (question,) = reporter_cards(bot, case_number)
    await answer(bot, case_number, question.card, answer="Dinsdag")
    await bot.invoke(REPORTER, "reporter.add", {"case": case_number, "facts": "Weer gezien"})
    await bot.invoke(
        COORDINATOR,
        "case.close",
        {"case": case_number, "reason": "no_grounds", "feedback": "Dank je."},
    )
    await bot.deliver()
    bot.clock.advance(days=181)
    await bot.services.housekeeping.apply_retention()
    async with bot.services.engine.connect() as conn:
        for table in (reporter_questions, case_events):
            assert (await conn.execute(select(func.count()).select_from(table))).scalar_one() == 0
    # The statistics keep the contact, without anything that points back to the case.
    contact = [f for f in await facts_of(bot) if f["kind"] == "reporter_contact"]
    assert sorted(f["detail"] for f in contact) == ["added", "answer", "asked"]
    assert all(set(f) <= {"id", "kind", "month", "detail"} for f in contact), contact
