"""Reporting and receiving as staff want it, through the real adapter: urgency from acute danger
and minors, a receipt per route, a menu per role, 'mijn signalen', plain words understood, and
a conversation in English."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from domain.routing import Coordinator
from storage.schema import audit_log, questions, signals
from tests.route_helpers import greet, link_channel, report, setup_route
from tests.support.harness import (
    CHANNEL_ID,
    COLLEAGUE,
    COORDINATOR,
    REPORTER,
    REPORTER_EN,
    TAH,
    BotHarness,
    Sent,
    card_title,
    last_card,
    submit_data,
)
from tests.test_report_dialog import (
    FULL_REPORT,
    MINIMAL_REPORT,
    SECRET_WORDS,
    answer,
    change_data,
    merged,
    start_report,
    step_of,
    walk_to_summary,
)
from texts import en, nl


def text_of(sent: Any) -> str:
    """Everything shown: of sent activities, a card, or a list of activities."""
    if isinstance(sent, list):
        sent = [s.activity if isinstance(s, Sent) else s for s in sent]
    return json.dumps(sent, ensure_ascii=False)


async def signal_row(bot: BotHarness, case_number: str) -> Any:
    async with bot.services.engine.connect() as conn:
        return (
            await conn.execute(select(signals).where(signals.c.case_number == case_number))
        ).one()


def sent_to(bot: BotHarness, conversation_part: str) -> list[Sent]:
    return [s for s in bot.connector.sent if conversation_part in s.conversation_id]


# --- acute danger and minors make a signal urgent ------------------------------------------------
async def test_acute_danger_after_the_112_card_makes_the_signal_urgent(bot: BotHarness) -> None:
    await setup_route(bot)
    acute = await start_report(bot)
    danger = last_card(await answer(bot, acute, {"acute": "yes"}))
    report_card = last_card(await answer(bot, danger, {}))
    summary = last_card(await answer(bot, report_card, merged(MINIMAL_REPORT)))
    shown = text_of(summary.card)
    reason = nl.URGENCY_REASONS["acute"]
    assert nl.SUMMARY_URGENT_BECAUSE.format(reasons=reason) in shown
    assert nl.WHO_KNOWS["urgent"] in shown
    # The route reads the same everywhere on the card: nobody first, straight through.
    assert nl.ROUTE_SHORT["urgent"] in shown and nl.ROUTE_SHORT["taakaccenthouder"] not in shown
    sent = await answer(bot, summary, {}, action="submit")
    receipt = text_of(sent)
    assert nl.RECEIPT_NEXT["urgent"] in receipt and nl.RECEIPT_ACUTE in receipt
    row = await signal_row(bot, "MH-2026-0001")
    assert row.urgent and row.state == "with_coordinator" and row.escalation_reason == "urgent"
    await bot.deliver()
    # The taakaccenthouder hears of it without name or content; the channel gets the pointer.
    notice = [s for s in sent_to(bot, TAH.id) if s.text]
    assert [n.text for n in notice] == [nl.TAH_NOTICES["urgent"].format(case_number="MH-2026-0001")]
    assert any(s.card for s in sent_to(bot, CHANNEL_ID))
    # The aandachtsfunctionaris reads that the reporter answered yes to the danger question.
    view = await bot.invoke(COORDINATOR, "case.view", {"case": "MH-2026-0001"})
    assert nl.DETAIL_ACUTE in text_of(view["value"])


async def test_a_possible_minor_makes_the_signal_urgent_and_is_marked_on_the_pointer(
    bot: BotHarness,
) -> None:
    await setup_route(bot)
    minor = {**FULL_REPORT, "victim": {**FULL_REPORT["victim"], "victim_minor": "yes"}}
    summary = await walk_to_summary(bot, minor)
    assert nl.MINOR_STEP in text_of(summary.card)
    sent = await answer(bot, summary, {}, action="submit")
    assert nl.MINOR_STEP in text_of(sent) and nl.RECEIPT_NEXT["urgent"] in text_of(sent)
    row = await signal_row(bot, "MH-2026-0001")
    assert row.minor and row.urgent and row.escalation_reason == "urgent"
    await bot.deliver()
    pointer = text_of([s.card for s in sent_to(bot, CHANNEL_ID) if s.card])
    assert nl.POINTER_MINOR in pointer and nl.POINTER_MINOR_VALUE in pointer
    for word in (*SECRET_WORDS, "Pools", "werkjas"):
        assert word not in pointer, word  # the marker, no other detail
    (notice,) = [s.text for s in sent_to(bot, TAH.id) if s.text]
    assert notice == nl.TAH_NOTICES["urgent_minor"].format(case_number="MH-2026-0001")
    assert "0800-2000" in notice and "Tomasz" not in notice


async def test_an_estimated_age_under_18_counts_as_a_possible_minor(bot: BotHarness) -> None:
    await setup_route(bot)
    number = await report(
        bot, victim={"victim_description": "Meisje", "victim_age": "15-17", "victim_minor": ""}
    )
    row = await signal_row(bot, number)
    assert row.minor and row.urgent
    adult = await report(bot)  # victim_age 19, minor "no"
    row = await signal_row(bot, adult)
    assert not row.minor and not row.urgent and row.state == "received"


# --- receipts per route ----------------------------------------------------------------------------
async def test_each_receipt_says_what_happens_next_for_this_signal(bot: BotHarness) -> None:
    await setup_route(bot)
    cases = {
        "taakaccenthouder": {"department": {"department": "stadswinkel"}},
        "reporter_choice": {"department": {"department": "stadswinkel", "route": "coordinator"}},
        "urgent": {"department": {"department": "stadswinkel", "urgent": "true"}},
        "no_taakaccenthouder": {"department": {"department": "wmo"}},
    }
    for route, overrides in cases.items():
        summary = await walk_to_summary(bot, {**FULL_REPORT, **overrides})
        sent = await answer(bot, summary, {}, action="submit")
        receipt = [s for s in sent if s.activity_id == summary.activity_id][-1]
        shown = text_of(receipt.card)
        assert nl.RECEIPT_NEXT[route] in shown, route
        others = [text for key, text in nl.RECEIPT_NEXT.items() if key != route]
        assert not any(text in shown for text in others), route
        # No promise of a call from a taakaccenthouder the signal does not go to.
        if route != "taakaccenthouder":
            assert "neemt contact met je op om het signaal te bespreken" not in shown, route


async def test_the_department_choice_says_which_have_no_taakaccenthouder(bot: BotHarness) -> None:
    acute = await start_report(bot)
    report_card = last_card(await answer(bot, acute, {"acute": "no"}))
    shown = text_of(report_card.card)
    assert nl.DEPARTMENT_WITHOUT_TAH.format(name="Wmo-consulenten") in shown
    assert nl.DEPARTMENT_WITHOUT_TAH.format(name="Stadswinkel (balie, burgerzaken)") not in shown


# --- a menu per role ---------------------------------------------------------------------------------
def menu_choices(card: dict[str, Any]) -> set[str]:
    found = set()
    for element in _walk(card):
        for action in element.get("actions", []) if isinstance(element, dict) else []:
            if action.get("data", {}).get("meldroute") == "menu":
                found.add(action["data"]["choice"])
    return found


def _walk(element: Any) -> list[Any]:
    out = [element]
    if isinstance(element, dict):
        for key in ("body", "items", "columns"):
            for child in element.get(key, []) or []:
                out += _walk(child)
    return out


async def test_the_menu_is_built_from_the_roles_a_person_has(bot: BotHarness) -> None:
    everyone = {"report", "question", "my_reports", "what_is"}
    reporter = menu_choices((await bot.say(REPORTER, "menu"))[0].card)
    assert reporter == everyone
    tah = menu_choices((await bot.say(TAH, "menu"))[0].card)
    assert tah == everyone | {"my_signals"}
    coordinator = menu_choices((await bot.say(COORDINATOR, "menu"))[0].card)
    workbench = {"register", "open_cases", "agenda", "search", "undelivered", "key_figures"}
    assert coordinator == everyone | workbench
    # Someone who is both sees both parts.
    routing = bot.services.cases.routing
    routing.replace(
        replace(
            routing.current,
            coordinators=(*routing.coordinators, Coordinator(TAH.aad_object_id, TAH.name)),
        )
    )
    both = (await bot.say(TAH, "menu"))[0].card
    assert menu_choices(both) == everyone | {"my_signals"} | workbench
    assert nl.MENU_AS_TAH in text_of(both) and nl.MENU_AS_COORDINATOR in text_of(both)


async def test_mijn_signalen_lists_what_waits_for_the_taakaccenthouder(bot: BotHarness) -> None:
    await setup_route(bot)
    waiting = await report(bot)
    forwarded = await report(bot)
    await bot.deliver()
    await bot.invoke(TAH, "tah.forward", {"case": forwarded})
    elsewhere = await report(bot, department={"department": "wmo"})
    # A question for the taakaccenthouder's department.
    ask = last_card(await bot.say(REPORTER, "vraag"))
    await bot.submit(
        REPORTER,
        {**submit_data(ask, "search"), "question": "Hoe lang bewaren jullie een melding?"},
        ask.activity_id,
    )
    results = last_card(bot.connector.sent)
    person = next(
        a["data"] for a in results.card["actions"] if a.get("data", {}).get("action") == "person"
    )
    sent = await bot.submit(REPORTER, person, results.activity_id)
    department = last_card(sent)
    await bot.submit(
        REPORTER,
        {**submit_data(department, "send"), "department": "stadswinkel"},
        department.activity_id,
    )

    sent = await bot.say(TAH, "mijn signalen")
    listing = sent[0].card
    shown = text_of(listing)
    assert card_title(listing) == nl.MY_SIGNALS_TITLE
    assert waiting in shown and forwarded not in shown and elsewhere not in shown
    assert "VR-2026-0001" in shown
    for word in (*SECRET_WORDS, "bewaren"):
        assert word not in shown, word  # numbers, departments and times only
    # The buttons open the signal and the question, checked again per click.
    verbs = {a["verb"] for e in _walk(listing) if isinstance(e, dict) for a in e.get("actions", [])}
    assert verbs == {"tah.view", "question.view"}
    view = await bot.invoke(TAH, "tah.view", {"case": waiting})
    assert "Kowalczyk" in text_of(view)
    # The same list from the menu button.
    menu = (await bot.say(TAH, "menu"))[0]
    sent = await bot.submit(TAH, {"meldroute": "menu", "choice": "my_signals"}, menu.activity_id)
    assert card_title(sent[0].card) == nl.MY_SIGNALS_TITLE


async def test_open_cases_points_a_taakaccenthouder_to_their_own_list(bot: BotHarness) -> None:
    async with bot.services.engine.connect() as conn:
        before = len((await conn.execute(select(audit_log))).all())
    sent = await bot.say(TAH, "open zaken")
    assert [s.text for s in sent] == [nl.OPEN_CASES_FOR_TAH]
    sent = await bot.say(COLLEAGUE, "mijn signalen")
    assert [s.text for s in sent] == [nl.MY_SIGNALS_NOT_TAH]
    async with bot.services.engine.connect() as conn:
        rows = (await conn.execute(select(audit_log))).all()[before:]
    assert {(r.action, r.result) for r in rows} == {
        ("case.list", "refused:role"),
        ("case.tah_list", "refused:role"),
    }


# --- plain words outside a dialog --------------------------------------------------------------------
async def test_a_typed_question_goes_to_the_knowledge_base(bot: BotHarness) -> None:
    sent = await bot.say(REPORTER, "Wat is het verschil tussen mensensmokkel en mensenhandel?")
    card = last_card(sent)
    assert card_title(card.card) == nl.RESULTS_TITLE
    assert nl.NOT_UNDERSTOOD not in text_of(sent)


async def test_a_typed_signal_gets_an_offer_and_nothing_is_stored_until_reporting(
    bot: BotHarness,
) -> None:
    words = "Ik zag vandaag een vrouw aan de balie bij wie een man het paspoort vasthield"
    sent = await bot.say(REPORTER, words)
    offer = last_card(sent)
    assert card_title(offer.card) == nl.SIGNAL_LIKE_TITLE
    async with bot.services.engine.connect() as conn:
        assert (await conn.execute(select(signals))).all() == []
        assert (await conn.execute(select(questions))).all() == []
    state = await bot.services.state_store.read([f"msteams/conversations/personal-{REPORTER.id}"])
    assert "paspoort" not in json.dumps(state, ensure_ascii=False)
    choice = next(a["data"] for a in offer.card["actions"] if a["data"]["choice"] == "offer_report")
    sent = await bot.submit(REPORTER, choice, offer.activity_id)
    line = [s for s in sent if s.activity_id == offer.activity_id][-1]
    assert line.card["body"][0]["text"] == nl.SIGNAL_LIKE_DONE  # the text left the card
    acute = last_card(sent)
    assert step_of(acute) == "acute"
    report_card = last_card(await answer(bot, acute, {"acute": "no"}))
    assert words in text_of(report_card.card)  # their words start the description


async def test_a_typed_signal_can_still_be_asked_as_a_question(bot: BotHarness) -> None:
    sent = await bot.say(REPORTER, "Ik hoorde gisteren iets over loverboys, wat zijn dat?")
    offer = last_card(sent)
    choice = next(
        a["data"] for a in offer.card["actions"] if a["data"]["choice"] == "offer_question"
    )
    sent = await bot.submit(REPORTER, choice, offer.activity_id)
    # Asked as a question: the results card, in whichever of its three forms.
    results = (nl.RESULTS_TITLE, nl.RESULTS_UNSURE_TITLE, nl.RESULTS_NONE_TITLE)
    assert card_title(last_card(sent).card) in results


async def test_who_is_my_taakaccenthouder_is_answered_from_the_routing_file(
    bot: BotHarness,
) -> None:
    sent = await bot.say(REPORTER, "Wie is mijn taakaccenthouder?")
    answer_text = sent[0].text
    assert "Stadswinkel (balie, burgerzaken)" in answer_text and nl.WHO_IS_TAH in answer_text
    assert nl.ROUTING_TAH_NONE in answer_text  # Wmo has none
    assert TAH.aad_object_id not in answer_text  # names only, no other data
    sent = await bot.say(REPORTER, "wie is de aandachtsfunctionaris")
    assert "Noor Bakker" in sent[0].text and "Pieter de Groot" in sent[0].text
    assert COORDINATOR.aad_object_id not in sent[0].text


async def test_text_that_cannot_be_read_gets_a_clear_answer(bot: BotHarness) -> None:
    sent = await bot.say(REPORTER, "🙂🙂")
    assert sent[0].text.startswith(nl.ASK_NO_WORDS)


# --- English -------------------------------------------------------------------------------------------
async def test_an_english_conversation_from_start_to_receipt(bot: BotHarness) -> None:
    await setup_route(bot)
    menu = (await bot.say(REPORTER_EN, "hello"))[0]
    assert card_title(menu.card) == en.WELCOME_TITLE
    # The manifest's English command starts the report; every card is in English.
    acute = last_card(await bot.say(REPORTER_EN, "report"))
    assert en.ACUTE_TITLE in text_of(acute.card) and en.ACUTE_NO in text_of(acute.card)
    report_card = last_card(await answer(bot, acute, {"acute": "no"}, user=REPORTER_EN))
    assert card_title(report_card.card) == en.REPORT_CARD_TITLE
    assert en.SIGNAL_LABELS["no_own_passport"] in text_of(report_card.card)
    sent = await answer(
        bot, report_card, {**merged(MINIMAL_REPORT), "postcode": "x"}, user=REPORTER_EN
    )
    again = [s for s in sent if s.kind == "update"][-1]
    assert en.EXPECTATIONS["expect_postcode"] in text_of(again.card)
    sent = await answer(bot, again, {"postcode": ""}, user=REPORTER_EN)
    summary = last_card(sent)
    assert card_title(summary.card) == en.SUMMARY_TITLE
    assert f"{en.WHO_KNOWS['taakaccenthouder']} {en.ANONYMOUS}" in text_of(summary.card)
    sent = await bot.submit(REPORTER_EN, change_data(summary, "contact"), summary.activity_id)
    assert en.EDIT_TITLE.format(section=en.SECTION_LABELS["contact"]) in text_of(sent)
    sent = await bot.submit(REPORTER_EN, submit_data(sent[-1], "back"), summary.activity_id)
    sent = await answer(bot, summary, {}, action="submit", user=REPORTER_EN)
    receipt = text_of(sent)
    assert en.RECEIPT_TITLE.format(case_number="MH-2026-0001") in receipt
    assert en.RECEIPT_NEXT["taakaccenthouder"] in receipt
    # Nothing Dutch slipped through on the reporter's side.
    for dutch in (nl.RECEIPT_NEXT["taakaccenthouder"], nl.SUMMARY_TITLE, nl.REPORT_CARD_TITLE):
        assert dutch not in text_of(bot.connector.sent)
    # The taakaccenthouder's Teams is Dutch: their card comes in Dutch.
    await bot.deliver()
    tah_card = [s for s in sent_to(bot, TAH.id) if s.card][-1]
    assert nl.TAH_CARD_TITLE.format(case_number="MH-2026-0001") in text_of(tah_card.card)
    # The other English commands of the manifest work too.
    mine = (await bot.say(REPORTER_EN, "my reports"))[0]
    assert card_title(mine.card) == en.MY_REPORTS_TITLE and "MH-2026-0001" in text_of(mine.card)
    ask = last_card(await bot.say(REPORTER_EN, "question"))
    assert card_title(ask.card) == en.ASK_TITLE


async def test_the_knowledge_base_says_in_english_that_it_is_dutch(bot: BotHarness) -> None:
    sent = await bot.say(REPORTER_EN, "What is the difference between smuggling and trafficking?")
    shown = text_of(last_card(sent).card)
    assert en.KB_LANGUAGE_NOTE in shown
    sent = await bot.say(REPORTER, "Wat is het verschil tussen mensensmokkel en mensenhandel?")
    # The same person, now in Dutch: the new card has no note (the English card before it is
    # settled in place, as it was, and may keep its note).
    assert en.KB_LANGUAGE_NOTE not in text_of([s for s in sent if s.kind != "update"])


async def test_feedback_reaches_an_english_reporter_in_english(bot: BotHarness) -> None:
    await setup_route(bot)
    await greet(bot, REPORTER_EN)
    summary = await walk_to_summary(
        bot, {**FULL_REPORT, "department": {"department": "wmo"}}, user=REPORTER_EN
    )
    await answer(bot, summary, {}, action="submit", user=REPORTER_EN)
    await bot.deliver()
    await bot.invoke(COORDINATOR, "case.claim", {"case": "MH-2026-0001"})
    await bot.invoke(
        COORDINATOR,
        "case.close",
        {"case": "MH-2026-0001", "reason": "no_grounds", "feedback": "Bedankt, bekeken."},
    )
    sent = await bot.deliver()
    feedback = [s.text for s in sent if REPORTER.id in s.conversation_id and s.text]
    assert feedback == [
        en.FEEDBACK_TO_REPORTER.format(case_number="MH-2026-0001", feedback="Bedankt, bekeken.")
    ]
    # The coordinators' channel stays Dutch whatever language caused a message.
    channel = text_of([s.activity for s in sent_to(bot, CHANNEL_ID)])
    assert nl.STATE_LABELS["closed"] in channel and en.STATE_LABELS["closed"] not in channel


async def test_the_channel_answers_in_dutch_even_for_an_english_client(bot: BotHarness) -> None:
    await link_channel(bot)
    coordinator_en = replace(COORDINATOR, locale="en-US")
    sent = await bot.say_in_channel(coordinator_en, "open cases")
    assert nl.OPEN_CASES_TITLE in text_of(sent)


def manifest_commands() -> list[tuple[str, str]]:
    """(scope, command) for every command of the manifest, Dutch and its English localisation."""
    root = Path(__file__).parent.parent / "manifest"
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    english = json.loads((root / "en-us.json").read_text(encoding="utf-8"))
    found = []
    for i, commands in enumerate(manifest["bots"][0]["commandLists"]):
        scope = commands["scopes"][0]
        for j, command in enumerate(commands["commands"]):
            found.append((scope, command["title"]))
            found.append((scope, english[f"bots[0].commandLists[{i}].commands[{j}].title"]))
    return found


async def test_every_command_of_the_manifest_works_in_both_languages(bot: BotHarness) -> None:
    plain_words = (nl.RESULTS_TITLE, nl.RESULTS_NONE_TITLE, nl.SIGNAL_LIKE_TITLE, nl.NOT_UNDERSTOOD)
    commands = manifest_commands()
    assert ("personal", "my reports") in commands and ("team", "link this channel") in commands
    for scope, command in commands:
        if scope == "team":
            sent = await bot.say_in_channel(COORDINATOR, command)
            assert nl.CHANNEL_HELP not in text_of(sent), command
        else:
            sent = await bot.say(REPORTER, command)
            await bot.say(REPORTER, "stop")  # leave whatever it started
        shown = text_of(sent)
        assert shown != "[]" and not any(p in shown for p in plain_words), command


# --- typed words around a dialog -------------------------------------------------------------------------
async def test_after_an_answered_question_a_typed_command_is_a_new_message(bot: BotHarness) -> None:
    results = last_card(await bot.say(REPORTER, "Wat is het verschil tussen smokkel en handel?"))
    assert card_title(results.card) == nl.RESULTS_TITLE
    sent = await bot.say(REPORTER, "mijn meldingen")
    assert nl.UNKNOWN_ACTION not in text_of(sent)
    assert nl.MY_REPORTS_TITLE in text_of(last_card(sent).card)
    await bot.say(REPORTER, "Wat is het verschil tussen smokkel en handel?")
    sent = await bot.say(REPORTER, "wie is mijn taakaccenthouder")
    assert nl.WHO_IS_TAH in text_of(sent) and nl.UNKNOWN_ACTION not in text_of(sent)


async def test_a_list_asked_for_during_a_report_leaves_the_report_open(bot: BotHarness) -> None:
    await setup_route(bot)
    acute = await start_report(bot)
    report_card = last_card(await answer(bot, acute, {"acute": "no"}))
    sent = await bot.say(REPORTER, "mijn meldingen")
    assert nl.MY_REPORTS_TITLE in text_of(last_card(sent).card)
    summary = last_card(await answer(bot, report_card, merged(MINIMAL_REPORT)))
    assert step_of(summary) == "summary"


@pytest.mark.parametrize(
    "words",
    [
        "Ik maak me zorgen om een schoonmaakster die zegt dat haar baas haar paspoort heeft",
        "Bij een huisbezoek sliepen tien mannen in een kamer boven de bedrijfshal",
        "I am worried about a cleaner who never gets a day off",
    ],
)
async def test_a_worry_or_a_home_visit_in_plain_words_gets_the_offer_to_report(
    bot: BotHarness, words: str
) -> None:
    offer = last_card(await bot.say(REPORTER, words))
    assert card_title(offer.card) in (nl.SIGNAL_LIKE_TITLE, en.SIGNAL_LIKE_TITLE)


async def test_words_without_letters_get_one_clear_answer(bot: BotHarness) -> None:
    (answer_sent,) = await bot.say(REPORTER, "🙂")
    assert answer_sent.text == f"{nl.ASK_NO_WORDS} {nl.MENU_HINT}"
