"""Shared by the operations tests (backup, key rotation, metrics): a database with a bit of
everything that is encrypted, and a read of all of it back."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.app import Services
from storage.audit import verify_chain
from storage.schema import questions, signals
from tests.route_helpers import report, setup_route
from tests.support.harness import COORDINATOR, TAH, BotHarness
from tests.test_questions import ask_person


async def populate(bot: BotHarness) -> list[str]:
    """Two cases (one forwarded, claimed and enriched: case events) and an answered question;
    returns the case numbers."""
    await setup_route(bot)
    first = await report(bot)
    second = await report(bot)
    await bot.deliver()
    await bot.invoke(TAH, "tah.forward", {"case": first, "note": "Besproken met melder"})
    await bot.invoke(COORDINATOR, "case.claim", {"case": first}, in_channel=True)
    await bot.invoke(COORDINATOR, "case.enrich", {"case": first, "note": "BRP bekeken"})
    number = await ask_person(bot, department="stadswinkel")
    await bot.deliver()
    await bot.invoke(TAH, "question.answer", {"question": number, "answer": "Bel Veilig Thuis"})
    await bot.deliver()
    return [first, second]


@dataclass(frozen=True)
class Readback:
    cases: dict[str, str]  # case number -> victim name from the decrypted content
    reporters: int
    case_event_notes: list[str]
    questions: dict[str, str | None]  # question number -> decrypted answer
    audit_entries: int
    audit_intact: bool


async def read_everything(services: Services) -> Readback:
    """Decrypt every case (content, reporter, history) and every question; check the audit."""
    async with services.engine.connect() as conn:
        case_rows = (await conn.execute(select(signals.c.id, signals.c.case_number))).all()
        question_rows = (await conn.execute(select(questions.c.id, questions.c.number))).all()
    cases: dict[str, str] = {}
    reporters = 0
    notes: list[str] = []
    for case_id, number in case_rows:
        cases[number] = (await services.signals.read_content(case_id))["victim_name"]
        reporters += bool((await services.signals.read_reporter(case_id)).name)
        notes += [str(e.details) for e in await services.cases.cases.events(case_id)]
    answers = {
        number: await services.questions.repository.answer_text(question_id)
        for question_id, number in question_rows
    }
    check = await verify_chain(services.engine)
    return Readback(cases, reporters, notes, answers, check.entries, check.intact)
