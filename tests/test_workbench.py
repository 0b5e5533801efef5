"""The aandachtsfunctionaris's workbench through the real adapter: the next step first (from
the workflow table), Dutch history, the pointer's dates, registering signals that came in
another way, the signaleringsoverleg, partner feedback with due dates, the hand-over text,
enrichment on victims and organisations, and finding a case."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from domain.case import case_facts
from domain.workflow import TRANSITIONS, Action, Role, State, next_steps
from storage.schema import audit_log, blind_indexes, route_facts, signals
from tests.route_helpers import link_channel, report, setup_route
from tests.support.harness import (
    CHANNEL_ID,
    COLLEAGUE,
    COORDINATOR,
    COORDINATOR2,
    REPORTER,
    TAH,
    BotHarness,
    FakeClock,
    last_card,
    make_settings,
    submit_data,
)
from tests.test_report_dialog import SECRET_WORDS
from tests.test_route import audit_rows, channel_sent
from tests.workbench_helpers import (
    INTAKE_SECRETS,
    PHONED_IN,
    card_text,
    history_lines,
    next_step_buttons,
    next_step_verbs,
    register,
    workbench_routing,
)
from texts import nl as t

COORDINATOR_ROLES = frozenset({Role.COORDINATOR})


@pytest.fixture
async def wbot(tmp_path: Path, sqlite_url: str, clock: FakeClock):  # type: ignore[no-untyped-def]
    """A bot whose routing has planned meetings and a partner with its own feedback period."""
    settings = make_settings(
        tmp_path, sqlite_url, MELDROUTE_ROUTING_FILE=str(workbench_routing(tmp_path))
    )
    harness = await BotHarness.start(settings, clock)
    try:
        yield harness
    finally:
        await harness.close()


async def view(bot: BotHarness, case_number: str, user=COORDINATOR) -> dict:  # type: ignore[no-untyped-def]
    response = await bot.invoke(user, "case.view", {"case": case_number})
    assert response["type"] == "application/vnd.microsoft.card.adaptive", response
    return response["value"]


async def act(bot: BotHarness, verb: str, case_number: str, **inputs: str) -> dict:
    response = await bot.invoke(COORDINATOR, verb, {"case": case_number, **inputs})
    assert response["type"] == "application/vnd.microsoft.card.adaptive", response["value"]
    return response["value"]


def shown_text(element: object) -> str:
    """What a card shows people (texts, facts, titles), not the values forms send back."""
    shown: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                shown.append(str(node.get("text", "")))
            if node.get("type") == "FactSet":
                shown.extend(f"{f['title']}: {f['value']}" for f in node["facts"])
            for key in ("title",):
                if isinstance(node.get(key), str):
                    shown.append(node[key])
            for child in node.values():
                if isinstance(child, dict | list):
                    walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(element)
    return "\n".join(shown)


def verb(action: Action) -> str:
    return f"case.{action.value}"


def table_order(state: State, facts: frozenset) -> list[str]:
    """The steps as the workflow table ranks them: read straight from TRANSITIONS."""
    ranked = [
        (transition.steps[state], action)
        for action, transition in TRANSITIONS.items()
        if transition.steps.get(state) is not None
        and Role.COORDINATOR in transition.roles
        and transition.needs <= facts
        and not transition.done_when & facts
    ]
    return [verb(a) for _, a in sorted(ranked, key=lambda pair: pair[0])]


# --- the next step first ------------------------------------------------------------------------
async def test_the_case_view_offers_the_tables_steps_the_usual_one_first(wbot: BotHarness) -> None:
    bot = wbot
    await setup_route(bot)
    number = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": number})

    async def check(expected_first: str, absent: tuple[str, ...] = ()) -> list[str]:
        case = await bot.services.cases.cases.by_number(number)
        detail = await view(bot, number)
        shown = next_step_verbs(detail)
        # The order is the workflow table's, not a list of the card's own.
        assert shown == table_order(case.state, case_facts(case))
        assert shown == [
            verb(a) for a in next_steps(case.state, COORDINATOR_ROLES, case_facts(case))
        ]
        assert shown[0] == expected_first, shown
        assert next_step_buttons(detail)[0]["style"] == "positive"
        assert all(b.get("style") != "positive" for b in next_step_buttons(detail)[1:])
        for gone in absent:
            assert gone not in shown, (gone, shown)
        return shown

    await check("case.claim")
    await act(bot, "case.claim", number)
    await check("case.enrich", absent=("case.claim",))
    await act(bot, "case.enrich", number, note="BRP: 9 inschrijvingen op het adres")
    await check("case.agenda", absent=("case.enrich",))
    await act(bot, "case.agenda", number, meeting="2026-12-03")
    await check("case.agenda_outcome", absent=("case.agenda",))
    bot.clock.advance(days=6)  # the meeting of 03-12-2026 took place
    await act(bot, "case.agenda_outcome", number, outcome="discussed", note="Bekend bij handhaving")
    shown = await check("case.hand_over", absent=("case.agenda", "case.agenda_outcome"))
    assert "case.request_feedback" not in shown  # not before a hand-over
    await act(bot, "case.hand_over", number, partner="politie-avim", date="2026-11-28")
    # After the hand-over: ask for feedback; "record" is no button before anything was asked.
    shown = await check("case.request_feedback", absent=("case.record_feedback",))
    assert shown.index("case.close") < shown.index("case.hand_over")  # another partner: a side step
    await act(bot, "case.request_feedback", number, partner="politie-avim")
    await check("case.record_feedback", absent=("case.request_feedback",))
    await act(bot, "case.record_feedback", number, partner="politie-avim", feedback="Loopt")
    await check("case.close", absent=("case.request_feedback", "case.record_feedback"))
    await act(
        bot, "case.close", number, reason="handed_over_done", feedback="Dank voor je signaal."
    )
    await check("case.reopen")


async def test_every_state_ranks_its_steps_in_the_table_and_never_offers_views() -> None:
    for state in State:
        ranked = [a for a, tr in TRANSITIONS.items() if tr.steps.get(state) is not None]
        for action in ranked:
            assert action not in (Action.VIEW, Action.REVEAL_REPORTER, Action.ESCALATE)
        # Every state a person works in has a usual next step.
        if state != State.RECEIVED:
            assert next_steps(state, COORDINATOR_ROLES), state


async def test_a_step_the_table_does_not_allow_yet_is_refused_and_audited(bot: BotHarness) -> None:
    await setup_route(bot)
    number = await register(bot)
    response = await bot.invoke(
        COORDINATOR, "case.agenda_outcome", {"case": number, "outcome": "discussed"}
    )
    assert response["value"] == t.ACTION_REFUSED_NOT_YET["agenda_outcome"]
    response = await bot.invoke(
        COORDINATOR, "case.record_feedback", {"case": number, "feedback": "x"}
    )
    assert response["value"].startswith("Dat kan niet meer")  # not handed over yet
    assert (COORDINATOR.aad_object_id, "case.agenda_outcome", number, "refused:not_yet") in (
        await audit_rows(bot)
    )


# --- history and dates -----------------------------------------------------------------------------
async def test_the_history_reads_as_dutch_sentences_with_one_date_format(bot: BotHarness) -> None:
    await setup_route(bot)
    number = await report(bot)
    await bot.invoke(TAH, "tah.note", {"case": number, "note": "Besproken met de melder"})
    await bot.invoke(TAH, "tah.forward", {"case": number})
    await act(bot, "case.claim", number)
    await act(
        bot, "case.hand_over", number, partner="veilig-thuis", date="2026-11-28", reference="VT-9"
    )
    detail = await view(bot, number)
    lines = history_lines(detail)
    assert all(re.match(r"^\d\d-\d\d-\d{4} \d\d:\d\d - ", line) for line in lines), lines
    # 11:00 in Amsterdam for 10:00 UTC: the municipality's own clock.
    assert lines[0].startswith("28-11-2026 11:00 - Een taakaccenthouder schreef een notitie")
    assert "Notitie: \u201cBesproken met de melder\u201d" in lines[0]
    assert "stuurde het signaal door naar de aandachtsfunctionarissen" in lines[1]
    assert "Noor Bakker (aandachtsfunctionaris) pakte de zaak op" in lines[2]
    assert "droeg de zaak op 28-11-2026 over aan Veilig Thuis Utrecht (kenmerk VT-9)" in lines[3]
    everything = shown_text(detail)
    for code in ("notitie:", "gevonden: -", "vastgelegd voor", "2026-11-28", "2026-11-27"):
        assert code not in everything, code
    # The content's own dates read the same way.
    assert "27-11-2026" in everything and "02-03-1975" in everything


async def test_the_pointer_says_since_when_and_is_redrawn_daily_while_open(bot: BotHarness) -> None:
    await setup_route(bot)
    number = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": number})
    await bot.deliver()
    pointer = card_text(channel_sent(bot)[-1].activity)
    assert f"{t.POINTER_SINCE}" in pointer and "28-11-2026" in pointer
    assert "Leeftijd" not in pointer and t.AGE_NEW not in pointer
    # Nothing happens for a day: the card is redrawn in place, once.
    bot.clock.advance(hours=25)
    await bot.services.housekeeping.watch_deadlines()
    await bot.services.housekeeping.watch_deadlines()
    redrawn = [s for s in await bot.deliver() if s.conversation_id.startswith(CHANNEL_ID)]
    assert [s.kind for s in redrawn if s.card] == ["update"]
    await act(bot, "case.claim", number)
    await act(bot, "case.close", number, reason="no_grounds", feedback="Dank je wel.")
    await bot.deliver()
    closed = card_text(channel_sent(bot)[-1].activity)
    assert t.POINTER_CLOSED_ON in closed and t.POINTER_SINCE not in closed
    # A closed case's card is not redrawn any more.
    bot.clock.advance(days=2)
    await bot.services.housekeeping.watch_deadlines()
    assert [
        s for s in await bot.deliver() if s.card and s.conversation_id.startswith(CHANNEL_ID)
    ] == []


async def test_every_step_redraws_the_pointer_in_place(bot: BotHarness) -> None:
    await setup_route(bot)
    number = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": number})
    await bot.deliver()
    await act(bot, "case.claim", number)
    await bot.deliver()
    before = len([s for s in channel_sent(bot) if s.kind == "update"])
    await act(bot, "case.note", number, note="Gebeld met wijkagent")
    await act(bot, "case.agenda", number, date="2026-12-10")
    await bot.deliver()
    updates = [s for s in channel_sent(bot) if s.kind == "update"]
    assert len(updates) == before + 2
    pointer = card_text(updates[-1].activity)
    assert t.POINTER_MEETING in pointer and "10-12-2026" in pointer
    assert "wijkagent" not in pointer


# --- registering a signal that came in another way ----------------------------------------------------
@pytest.mark.parametrize("source", ["mailbox", "phone", "partner", "other"])
async def test_a_registered_signal_goes_the_whole_route(bot: BotHarness, source: str) -> None:
    await setup_route(bot)
    intake = {**PHONED_IN["intake"], "intake_source": source}
    if source == "partner":
        intake["intake_partner"] = "Veilig Thuis Utrecht"
    number = await register(bot, steps={**PHONED_IN, "intake": intake})
    case = await bot.services.cases.cases.by_number(number)
    assert case.state == State.IN_PROGRESS and case.assignee == COORDINATOR.aad_object_id
    assert case.intake == source and case.registered and not case.taakaccenthouder_knows_reporter
    sent = await bot.deliver()
    # No taakaccenthouder, no reporter in Teams: only the channel's pointer.
    assert {s.conversation_id.split(";")[0] for s in sent} == {CHANNEL_ID}
    pointer = card_text([s.activity for s in sent])
    assert t.INTAKE_SOURCE_LABELS[source] in pointer and "Noor Bakker" in pointer
    for word in INTAKE_SECRETS:
        assert word not in pointer, word

    detail = await view(bot, number)
    assert "Ilona Varga" in card_text(detail)
    assert "Hoogendoorn" not in card_text(detail)  # kept like a reporter's name
    assert "registreerde het signaal" in history_lines(detail)[0]
    await act(bot, "case.enrich", number)
    await act(bot, "case.agenda", number, date="2026-12-03")
    early = await bot.invoke(
        COORDINATOR, "case.agenda_outcome", {"case": number, "outcome": "no_information"}
    )
    assert early["value"] == t.EXPECTATIONS["expect_meeting_held"]  # not before the meeting
    bot.clock.advance(days=6)
    await act(bot, "case.agenda_outcome", number, outcome="no_information")
    await act(bot, "case.hand_over", number, partner="politie-avim", date="2026-11-28")
    await act(bot, "case.request_feedback", number, partner="politie-avim")
    await act(bot, "case.record_feedback", number, partner="politie-avim", feedback="Onderzoek")
    # Closing asks no feedback text: it goes outside Meldroute, and nobody in Teams gets one.
    closed = await act(bot, "case.close", number, reason="handed_over_done")
    assert t.FEEDBACK_STATES["outside"] in card_text(closed)
    sent = await bot.deliver()
    assert all(s.conversation_id.startswith(CHANNEL_ID) for s in sent)
    assert (await bot.services.cases.cases.by_number(number)).feedback_state == "outside"
    # The registrar's own "Mijn meldingen" does not list it; the audit names the registrar.
    mine = await bot.say(COORDINATOR, "mijn meldingen")
    assert number not in card_text(mine[0].card)
    assert (COORDINATOR.aad_object_id, "signal.register", number, "ok") in await audit_rows(bot)
    # Counted like any other signal: how it came in, straight to the coordinators, claimed.
    async with bot.services.engine.connect() as conn:
        facts = [dict(r) for r in (await conn.execute(select(route_facts))).mappings()]
    signal = next(f for f in facts if f["kind"] == "signal")
    assert signal["intake"] == source and signal["tah_involved"] is False
    assert {"forwarded": "registered"}.items() <= {
        f["kind"]: f["detail"] for f in facts if f["kind"] == "forwarded"
    }.items()
    steps = {f["step"] for f in facts if f["kind"] == "duration"}
    assert {"forwarded", "claimed", "handed_over", "partner_feedback", "closed"} <= steps


async def test_the_external_reporter_is_kept_like_a_reporters_identity(bot: BotHarness) -> None:
    await setup_route(bot)
    number = await register(bot)
    case = await bot.services.cases.cases.by_number(number)
    revealed = await bot.invoke(
        COORDINATOR2, "case.reveal_reporter", {"case": number, "reveal_reason": "contact"}
    )
    assert "Marieke Hoogendoorn 06-12345678 (Woningcorporatie Jutphaas)" in card_text(revealed)
    assert (COORDINATOR2.aad_object_id, "case.reveal_reporter", number, "ok:contact") in (
        await audit_rows(bot)
    )
    # A note naming the contact is refused, as with a reporter's name.
    refused = await bot.invoke(
        COORDINATOR, "case.note", {"case": number, "note": "Hoogendoorn belt terug"}
    )
    assert t.EXPECTATIONS["expect_no_reporter_name"] in refused["value"]
    # Retention deletes it like a reporter's identity: 90 days after closing at most.
    await act(bot, "case.close", number, reason="no_grounds")
    bot.clock.advance(days=91)
    await bot.services.housekeeping.apply_retention()
    with pytest.raises(LookupError):
        await bot.services.signals.read_reporter(case.id)


async def test_a_signal_without_an_external_reporter_has_none_to_reveal(bot: BotHarness) -> None:
    await setup_route(bot)
    intake = {**PHONED_IN["intake"], "external_organisation": "", "external_contact": ""}
    number = await register(bot, steps={**PHONED_IN, "intake": intake})
    detail = await view(bot, number)
    assert t.DETAIL_REPORTER_NONE in card_text(detail)
    assert "case.reveal_reporter" not in card_text(detail)


async def test_only_a_coordinator_can_register_and_a_partner_needs_a_name(bot: BotHarness) -> None:
    await setup_route(bot)
    for person in (REPORTER, TAH, COLLEAGUE):
        sent = await bot.say(person, "signaal registreren")
        assert [s.text for s in sent] == [t.INTAKE_REFUSED]
    assert [r for r in await audit_rows(bot) if r[1] == "case.register"] == [
        (person.aad_object_id, "case.register", "list", "refused:role")
        for person in (REPORTER, TAH, COLLEAGUE)
    ]
    assert t.MENU_REGISTER not in card_text((await bot.say(REPORTER, "menu"))[0].card)
    assert t.MENU_REGISTER in card_text((await bot.say(COORDINATOR, "menu"))[0].card)
    sent = await bot.say(COORDINATOR, "signaal registreren")
    card = last_card(sent)
    values = {k: v for section in PHONED_IN.values() for k, v in section.items()}
    values.update(intake_source="partner", intake_partner="")
    sent = await bot.submit(COORDINATOR, {**submit_data(card), **values}, card.activity_id)
    # Asked again on the same card, where the field is.
    assert any(t.EXPECTATIONS["expect_partner_name"] in card_text(s.activity) for s in sent)
    async with bot.services.engine.connect() as conn:
        assert (await conn.execute(select(signals.c.id))).first() is None


async def test_a_registration_in_progress_is_refused_when_the_role_goes(
    tmp_path: Path, sqlite_url: str, clock: FakeClock
) -> None:
    routing = tmp_path / "routing.toml"
    routing.write_text(workbench_routing(tmp_path).read_text(encoding="utf-8"), encoding="utf-8")
    bot = await BotHarness.start(
        make_settings(tmp_path, sqlite_url, MELDROUTE_ROUTING_FILE=str(routing)), clock
    )
    try:
        await link_channel(bot)
        sent = await bot.say(COORDINATOR, "signaal registreren")
        card = last_card(sent)
        values = {k: v for section in PHONED_IN.values() for k, v in section.items()}
        sent = await bot.submit(COORDINATOR, {**submit_data(card), **values}, card.activity_id)
        card = last_card(sent)
        # The routing file changes before the summary is sent: Noor is no coordinator any more.
        routing.write_text(
            routing.read_text(encoding="utf-8").replace(COORDINATOR.aad_object_id, "removed"),
            encoding="utf-8",
        )
        await bot.services.routing_watch.check(force=True)
        sent = await bot.submit(COORDINATOR, submit_data(card, "submit"), card.activity_id)
        assert any(s.text == t.ACTION_REFUSED_ROLE for s in sent)
        async with bot.services.engine.connect() as conn:
            assert (await conn.execute(select(signals.c.id))).first() is None
    finally:
        await bot.close()


# --- the signaleringsoverleg -------------------------------------------------------------------------
async def test_the_agenda_lists_the_next_meeting_and_missed_outcomes(wbot: BotHarness) -> None:
    bot = wbot
    await setup_route(bot)
    first = await register(bot)
    second = await register(bot)
    later = await register(bot)
    form = await act(bot, "case.view", first)
    agenda_form = next(
        b for b in next_step_buttons(form) if b["title"] == t.ACTION_LABELS["agenda"]
    )
    # The planned meetings are offered, the first one chosen.
    meeting = agenda_form["card"]["body"][0]
    assert [c["value"] for c in meeting["choices"]] == ["2026-12-03", "2026-12-17"]
    assert [c["title"] for c in meeting["choices"]] == ["03-12-2026", "17-12-2026"]
    await act(bot, "case.agenda", first, meeting="2026-12-03")
    await act(bot, "case.agenda", second, meeting="2026-12-03")
    await act(bot, "case.agenda", later, meeting="2026-12-17")
    past = await bot.invoke(COORDINATOR, "case.agenda", {"case": later, "date": "2026-11-01"})
    assert t.EXPECTATIONS["expect_future_date"] in past["value"]

    for sent in (
        await bot.say_in_channel(COORDINATOR, "agenda"),
        await bot.say(COORDINATOR, "agenda"),
    ):
        listing = card_text(sent[0].card)
        assert t.AGENDA_TITLE.format(date="03-12-2026") in listing
        assert first in listing and second in listing and later not in listing
        for word in (*INTAKE_SECRETS, "Noor Bakker"):
            assert word not in listing, word
    refused = await bot.say_in_channel(COLLEAGUE, "agenda")
    assert [s.text for s in refused] == [t.ACTION_REFUSED_LIST]

    # After the meeting: one outcome recorded, one forgotten.
    bot.clock.advance(days=6)
    await act(bot, "case.agenda_outcome", first, outcome="discussed", note="Adres bekend bij BOA's")
    await bot.deliver()
    await bot.services.housekeeping.watch_deadlines()
    await bot.services.housekeeping.watch_deadlines()
    reminders = [s.text for s in await bot.deliver() if s.text]
    assert reminders == [t.REMINDER_AGENDA_OUTCOME.format(case_number=second, date="03-12-2026")]
    listing = card_text((await bot.say(COORDINATOR, "agenda"))[0].card)
    assert t.AGENDA_TITLE.format(date="17-12-2026") in listing
    assert t.AGENDA_MISSED in listing and second in listing and first not in listing

    # Postponed: it moves to the next planned meeting and waits for that one.
    await act(bot, "case.agenda_outcome", second, outcome="postponed")
    case = await bot.services.cases.cases.by_number(second)
    assert case.agenda_date == "2026-12-17" and case.agenda_outcome == "postponed"
    detail = await view(bot, second)
    assert "case.agenda_outcome" in next_step_verbs(detail)
    assert "case.agenda" not in next_step_verbs(detail)
    assert "de zaak staat nu op de agenda van 17-12-2026" in card_text(detail)
    first_detail = card_text(await view(bot, first))
    assert "legde de uitkomst van het signaleringsoverleg van 03-12-2026 vast" in first_detail
    assert "Adres bekend bij BOA" in first_detail


# --- partners: due dates, reminders, feedback -------------------------------------------------------------
async def test_partner_feedback_is_due_reminded_when_late_and_closed_when_recorded(
    wbot: BotHarness,
) -> None:
    bot = wbot
    await setup_route(bot)
    police, care = await register(bot), await register(bot)
    for number, partner in ((police, "politie-avim"), (care, "zorgcoordinator")):
        await act(bot, "case.hand_over", number, partner=partner, date="2026-11-28")
        form = next(
            b
            for b in next_step_buttons(await view(bot, number))
            if b["title"] == t.ACTION_LABELS["request_feedback"]
        )
        due_field = next(i for i in form["card"]["body"] if i["id"] == "due")
        # The routing file gives the police 14 days; others get the general 28.
        assert due_field["value"] == ("2026-12-12" if number == police else "2026-12-26")
        await act(bot, "case.request_feedback", number, partner=partner)
    requests = await bot.services.cases.cases.requests(
        (await bot.services.cases.cases.by_number(police)).id
    )
    assert [(r.partner, r.due_on, r.answered_at) for r in requests] == [
        ("politie-avim", "2026-12-12", None)
    ]
    await bot.deliver()

    bot.clock.advance(days=14)  # 12 December: due today, not late yet
    await bot.services.housekeeping.watch_deadlines()
    assert not [s for s in await bot.deliver() if s.text]
    bot.clock.advance(days=1)  # 13 December: late
    await bot.services.housekeeping.watch_deadlines()
    await bot.services.housekeeping.watch_deadlines()  # not twice
    sent = await bot.deliver()
    reminders = [s for s in sent if s.text]
    assert [s.text for s in reminders] == [
        t.REMINDER_PARTNER_FEEDBACK.format(case_number=police, due="12-12-2026")
    ]
    assert reminders[0].conversation_id.startswith(CHANNEL_ID + ";messageid=")  # its thread
    assert "Politie" not in reminders[0].text
    pointer = card_text(
        [s.activity for s in sent if s.card and police in card_text(s.activity)][-1]
    )
    assert t.POINTER_OVERDUE in pointer and "12-12-2026" in pointer
    detail = card_text(await view(bot, police))
    assert t.REQUEST_OVERDUE in detail

    bot.clock.advance(days=7)  # still open a week later: reminded again
    await bot.services.housekeeping.watch_deadlines()
    assert len([s for s in await bot.deliver() if s.text and police in s.text]) == 1

    await act(bot, "case.record_feedback", police, partner="politie-avim", feedback="Zaak loopt")
    case = await bot.services.cases.cases.by_number(police)
    assert case.partner_due_on is None and case.partner_feedback_at is not None
    bot.clock.advance(days=7)
    await bot.services.housekeeping.watch_deadlines()
    assert [s.text for s in await bot.deliver() if s.text and police in s.text] == []
    # Recording feedback nobody asked for is refused; the other case's request stays open.
    assert (
        await bot.invoke(
            COORDINATOR,
            "case.record_feedback",
            {"case": police, "partner": "politie-avim", "feedback": "x"},
        )
    )["value"] == t.ACTION_REFUSED_NOT_YET["record_feedback"]
    assert (await bot.services.cases.cases.by_number(care)).partner_due_on == "2026-12-26"


# --- the hand-over text -----------------------------------------------------------------------------------------
async def test_the_handover_text_is_structured_shown_to_the_asker_only_and_audited(
    bot: BotHarness,
) -> None:
    await setup_route(bot)
    earlier = await report(bot)
    number = await report(bot)
    await bot.invoke(TAH, "tah.forward", {"case": number})
    await act(bot, "case.claim", number)
    await act(bot, "case.enrich", number, note="BRP: negen personen ingeschreven op het adres")
    response = await bot.invoke(
        COORDINATOR, "case.handover_summary", {"case": number, "partner": "politie-avim"}
    )
    summary_card = response["value"]
    text = next(e["value"] for e in summary_card["body"] if e.get("id") == "summary")
    for expected in (
        t.HANDOVER_HEADER.format(partner="Politie (AVIM)"),
        number,
        t.HANDOVER_SEEN,
        "Arbeidsuitbuiting",
        "Meldt zich aan de balie met een ander die het woord voert",
        t.HANDOVER_WHEN,
        "27-11-2026",
        "14:30",
        t.HANDOVER_WHERE,
        "3431 AB",
        t.HANDOVER_WHO,
        "Tomasz Kowalczyk",
        "Hendrik van Dalen",
        "02-03-1975",
        t.HANDOVER_KNOWN,
        earlier,
        "BRP: negen personen",
        t.HANDOVER_REPORTER_OMITTED,
        "Noor Bakker",
    ):
        assert expected in text, expected
    assert REPORTER.name not in card_text(summary_card)
    assert text.index(t.HANDOVER_SEEN) < text.index(t.HANDOVER_WHEN) < text.index(t.HANDOVER_WHO)
    assert (COORDINATOR.aad_object_id, "case.handover_summary", number, "ok") in await audit_rows(
        bot
    )
    detail = await view(bot, number)
    assert "maakte de overdrachtstekst voor Politie (AVIM)" in history_lines(detail)[-1]

    # The reporter only after this coordinator's own reveal, and then only when asked for.
    refused = await bot.invoke(
        COORDINATOR,
        "case.handover_summary",
        {"case": number, "partner": "politie-avim", "include_reporter": "true"},
    )
    assert refused["value"] == t.SUMMARY_REVEAL_FIRST
    await bot.invoke(
        COORDINATOR2, "case.reveal_reporter", {"case": number, "reveal_reason": "contact"}
    )
    still = await bot.invoke(
        COORDINATOR,
        "case.handover_summary",
        {"case": number, "partner": "politie-avim", "include_reporter": "true"},
    )
    assert still["value"] == t.SUMMARY_REVEAL_FIRST  # someone else's reveal is not hers
    await bot.invoke(
        COORDINATOR, "case.reveal_reporter", {"case": number, "reveal_reason": "partner"}
    )
    with_name = await bot.invoke(
        COORDINATOR,
        "case.handover_summary",
        {"case": number, "partner": "politie-avim", "include_reporter": "true"},
    )
    assert REPORTER.name in card_text(with_name)
    assert (
        COORDINATOR.aad_object_id,
        "case.handover_summary",
        number,
        "ok:reporter",
    ) in await audit_rows(bot)
    # Nobody else can ask for it, and nothing of it reaches the channel.
    assert (
        await bot.invoke(
            COLLEAGUE, "case.handover_summary", {"case": number, "partner": "politie-avim"}
        )
    )["value"] == t.ACTION_REFUSED_ROLE
    await bot.deliver()
    channel = card_text([s.activity for s in channel_sent(bot)])
    for word in (*SECRET_WORDS, "negen personen", "Politie"):
        assert word not in channel, word


# --- enrichment ---------------------------------------------------------------------------------------------
async def test_enrichment_finds_the_same_victim_and_organisation_without_showing_them(
    bot: BotHarness,
) -> None:
    await setup_route(bot)
    first = await register(bot)
    other_address = {"place": "Zuilenstein", "postcode": "3434 AA", "house_number": "1"}
    # Same victim written differently, same organisation with another legal form, no KvK.
    second = await register(
        bot,
        steps={
            **PHONED_IN,
            "where_when": other_address,
            "victim": {"victim_name": "ilona  VARGA", "victim_dob": "01-06-2005"},
            "suspect": {"organisation": "Massagesalon Lotus bv"},
        },
    )
    unrelated = await register(
        bot,
        steps={
            **PHONED_IN,
            "where_when": {"postcode": "3437 JA", "house_number": "99"},
            "victim": {"victim_name": "Ilona Varga", "victim_dob": "2004-06-01"},
            "suspect": {"organisation": "Massagesalon Lotusbloem"},
        },
    )
    detail = await view(bot, second)
    rows = [
        e
        for e in detail["body"]
        if e.get("type") == "ColumnSet" and first in card_text(e["columns"][0])
    ]
    assert len(rows) == 1
    label = rows[0]["columns"][0]["items"][0]["text"]
    assert label == (
        f"**{first}**: {t.RELATED_KIND_LABELS['victim']}, {t.RELATED_KIND_LABELS['organisation']}"
    )
    assert rows[0]["columns"][1]["items"][0]["actions"][0]["verb"] == "case.view"
    assert unrelated not in card_text([e for e in detail["body"] if e.get("type") == "ColumnSet"])
    # The link opens for coordinators only.
    refused = await bot.invoke(COLLEAGUE, "case.view", {"case": first})
    assert refused["value"] == t.ACTION_REFUSED_ROLE
    async with bot.services.engine.connect() as conn:
        kinds = set((await conn.execute(select(blind_indexes.c.kind))).scalars())
    assert {"victim", "organisation"} <= kinds


# --- finding a case -----------------------------------------------------------------------------------------
async def test_a_coordinator_finds_a_case_by_number_address_or_kvk(bot: BotHarness) -> None:
    await setup_route(bot)
    number = await report(bot)
    other = await register(bot)
    for query in (
        f"zoek {number.lower()}",
        "zoek 3431 AB 12a",
        "zoek 3431ab 12 A",
        "zoek 12345678",
    ):
        found = card_text((await bot.say(COORDINATOR, query))[0].card)
        assert number in found and other not in found, query
        for word in SECRET_WORDS:
            assert word not in found
    assert other in card_text((await bot.say(COORDINATOR, "zoek 3435 CK 7"))[0].card)
    assert t.SEARCH_NONE in card_text((await bot.say(COORDINATOR, "zoek 1234 AB 1"))[0].card)
    assert t.SEARCH_NOT_UNDERSTOOD in card_text(
        (await bot.say(COORDINATOR, "zoek Kowalczyk"))[0].card
    )
    # The search card sends its query as a card submit, which leaves no message in the chat.
    card = last_card(await bot.say(COORDINATOR, "zoek"))
    sent = await bot.submit(
        COORDINATOR, {"meldroute": "search", "query": "3431AB 12a"}, card.activity_id
    )
    assert number in card_text(sent[0].card)
    # Others are refused and audited; the channel is no place to type an address.
    assert [s.text for s in await bot.say(COLLEAGUE, "zoek 3431 AB 12a")] == [t.SEARCH_REFUSED]
    assert [s.text for s in await bot.say_in_channel(COORDINATOR, "zoek 3431 AB 12a")] == [
        t.PERSONAL_CHAT_ONLY
    ]
    rows = await audit_rows(bot)
    assert (COLLEAGUE.aad_object_id, "case.find", "list", "refused:role") in rows
    finds = [r for r in rows if r[1].startswith("case.find.")]
    assert ("case.find.address", "found:1") in [(r[1], r[2]) for r in finds]
    assert not any("3431" in "".join(r) or "12345678" in "".join(r) for r in rows)


async def test_audit_and_database_hold_no_intake_personal_data(
    tmp_path: Path, clock: FakeClock
) -> None:
    from tests.test_privacy import raw_database_bytes

    database = tmp_path / "workbench.db"
    bot = await BotHarness.start(make_settings(tmp_path, f"sqlite:///{database}"), clock)
    try:
        await link_channel(bot)
        number = await register(bot)
        await act(bot, "case.enrich", number, note="Eigen registratie")
        await bot.say(COORDINATOR, "zoek 3435 CK 7")
        await bot.deliver()
        async with bot.services.engine.connect() as conn:
            audit_text = str((await conn.execute(select(audit_log))).all())
    finally:
        await bot.close()
    raw = raw_database_bytes(database)
    for word in INTAKE_SECRETS:
        assert word.encode() not in raw, word
        assert word not in audit_text, word


async def test_the_pointer_is_redrawn_after_midnight_in_amsterdam(bot: BotHarness) -> None:
    await setup_route(bot)
    number = await register(bot)
    await bot.deliver()
    # 28-11 11:00 in Amsterdam; at 23:00 it is still the same day there, at 00:00 the next.
    bot.clock.advance(hours=12)
    assert await bot.services.cases.refresh_pointers() == 0
    bot.clock.advance(hours=1)
    assert await bot.services.cases.refresh_pointers() == 1
    assert await bot.services.cases.refresh_pointers() == 0
    sent = await bot.deliver()
    assert [s.kind for s in sent if number in card_text(s.activity)] == ["update"]


def test_the_registration_cards_speak_of_the_person_who_reported() -> None:
    """An aandachtsfunctionaris registering a signal is not the one who saw it."""
    from cards.report_cards import ReportView, report_card, summary_card
    from domain.report import INTAKE_FLOW
    from tests.workbench_helpers import PHONED_IN

    view = ReportView(departments=(("stadswinkel", "Stadswinkel"),), flow=INTAKE_FLOW)
    draft = {k: v for section in PHONED_IN.values() for k, v in section.items()}
    draft["signals"] = ["many_visitors_at_dwelling"]
    draft["observations"] = "Buurvrouw zag steeds andere mannen"
    shown = json.dumps([report_card({}, view), summary_card(draft, view)], ensure_ascii=False)
    for text in (t.INTAKE_SIGNALS_TITLE, t.INTAKE_ACCOUNT_OBSERVATIONS, t.INTAKE_SUMMARY_TITLE):
        assert text in shown, text
    assert t.INTAKE_SUMMARY_LABELS["observations"] in shown
    for text in (t.SIGNALS_TITLE, t.ACCOUNT_OBSERVATIONS, t.SUMMARY_TITLE, t.CONTACT_TITLE):
        assert text not in shown, text
    # How it came in is asked once, up front; not again as 'how did it reach you'.
    assert t.ACCOUNT_SOURCE not in json.dumps(report_card({}, view), ensure_ascii=False)
