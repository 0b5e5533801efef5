"""Quick questions: knowledge base first, then the taakaccenthouder, the answer relayed back."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from domain.knowledge import KnowledgeError, load_knowledge
from storage.schema import audit_log
from tests.route_helpers import greet, link_channel
from tests.support.harness import COLLEAGUE, COORDINATOR, REPORTER, TAH, TAH2, BotHarness, last_card
from tests.test_privacy import raw_database_bytes
from texts import nl as t

QUESTION = (
    "Mijn collega Karel Doornbos vraagt of een schoonmaker die 14 uur per dag werkt voor bijna "
    "niks wordt uitgebuit?"
)


def text_of(sent: list) -> str:
    return json.dumps([s.activity for s in sent], ensure_ascii=False)


def data_of(card_sent, action: str) -> dict:  # type: ignore[no-untyped-def]
    """The data of a button on the card: in its actions, or in an ActionSet of its body."""
    content = card_sent.card
    in_body = [
        act
        for element in content.get("body", [])
        if element.get("type") == "ActionSet"
        for act in element["actions"]
    ]
    for act in [*in_body, *content.get("actions", [])]:
        if act.get("data", {}).get("action") == action:
            return dict(act["data"])
    raise AssertionError(action)


async def ask(bot: BotHarness, question: str = QUESTION):  # type: ignore[no-untyped-def]
    ask_card = last_card(
        await bot.submit(REPORTER, {"meldroute": "menu", "choice": "question"}, None)
    )
    sent = await bot.submit(
        REPORTER, {**data_of(ask_card, "search"), "question": question}, ask_card.activity_id
    )
    return ask_card, sent


async def ask_person(
    bot: BotHarness, department: str = "handhaving", question: str = QUESTION
) -> str:
    _ask_card, sent = await ask(bot, question)
    results = last_card(sent)
    sent = await bot.submit(REPORTER, data_of(results, "person"), results.activity_id)
    department_card = last_card(sent)
    # The asker is told before sending that their name goes with the question.
    assert "met je naam" in text_of([department_card])
    sent = await bot.submit(
        REPORTER,
        {**data_of(department_card, "send"), "department": department},
        department_card.activity_id,
    )
    confirmation = [s.text for s in sent if s.text][-1]
    return confirmation[confirmation.index("VR-") : confirmation.index("VR-") + 12]


async def test_an_entry_opened_on_the_card_and_marked_helpful_stays_open_once_settled(
    bot: BotHarness,
) -> None:
    # Two subjects in one question: the card shows one and folds the other (the first of
    # these that the matcher of the day answers with more than one entry).
    candidates = [
        "hoe lang duurt het en wat gebeurt er daarna",
        "bewaartermijn en doorlooptijd",
        "wie is mijn taakaccenthouder en wat doet de aandachtsfunctionaris",
    ]
    matcher = bot.services.questions.matcher
    question = next(q for q in candidates if len(matcher.answer(q).entry_ids) > 1)
    _ask_card, sent = await ask(bot, question)
    results = last_card(sent)
    body = results.card["body"]
    other = next(e for e in body if e["type"] == "Container" and e.get("id"))
    assert other["isVisible"] is False  # folded until 'Lees' is clicked
    [helps] = [a["data"] for e in other["items"] if e["type"] == "ActionSet" for a in e["actions"]]
    sent = await bot.submit(REPORTER, dict(helps), results.activity_id)
    assert [s.text for s in sent if s.kind != "update"] == [t.RESULTS_THANKS]
    (settled,) = [s for s in sent if s.kind == "update" and s.activity_id == results.activity_id]
    [opened] = [e for e in settled.card["body"] if e.get("id") == other["id"]]
    assert opened["isVisible"] is True  # the answer marked helpful is shown, not folded away
    assert "Action.Submit" not in json.dumps(settled.card)
    # Beside its title the button that folds it shut shows, not 'Lees'.
    shown = {
        button["actions"][0]["title"]
        for row in settled.card["body"]
        if row["type"] == "ColumnSet"
        for button in row["columns"][1]["items"]
        if other["id"] in {t["elementId"] for t in button["actions"][0]["targetElements"]}
        and button.get("isVisible", True)
    }
    assert shown == {t.RESULTS_CLOSE}


async def test_the_knowledge_base_answers_first(bot: BotHarness) -> None:
    ask_card, sent = await ask(bot, "Kan ik ook anoniem melden?")
    results = last_card(sent)
    assert "Anoniem melden" in text_of([results]) and "0800-7000" in text_of([results])
    # The form with the question was replaced by a receipt without the text.
    receipt = next(s for s in sent if s.kind == "update" and s.activity_id == ask_card.activity_id)
    assert "anoniem" not in text_of([receipt]).lower()
    sent = await bot.submit(REPORTER, data_of(results, "helps"), results.activity_id)
    assert [s.text for s in sent if s.kind != "update"] == [t.RESULTS_THANKS]
    # The answer stays readable; its buttons are gone, so none can be clicked twice.
    (settled,) = [s for s in sent if s.kind == "update" and s.activity_id == results.activity_id]
    assert "0800-7000" in text_of([settled])
    assert "Action.Submit" not in json.dumps(settled.card)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("", t.ASK_EMPTY),
        ("   ", t.ASK_EMPTY),
        ("x" * 1001, t.ASK_TOO_LONG),
        ("🙂🙂🙂 ?!", t.ASK_NO_WORDS),
    ],
)
async def test_unusable_questions_get_a_clear_answer(
    bot: BotHarness, question: str, expected: str
) -> None:
    ask_card, sent = await ask(bot, question)
    assert expected in [s.text for s in sent]
    # The dialog still waits for a question: a good one now gets results.
    sent = await bot.submit(
        REPORTER,
        {**data_of(ask_card, "search"), "question": "wat is de meldcode"},
        ask_card.activity_id,
    )
    assert "meldcode" in text_of([last_card(sent)]).lower()


async def test_a_question_that_is_a_signal_gets_the_offer_to_report(bot: BotHarness) -> None:
    _ask_card, sent = await ask(
        bot, "Ik zag vandaag aan de balie een vrouw die niet zelf mocht praten"
    )
    offer = last_card(sent)
    assert t.SIGNAL_LIKE_TITLE in text_of([offer])
    sent = await bot.submit(REPORTER, data_of(offer, "report"), offer.activity_id)
    assert t.ACUTE_TITLE in text_of([last_card(sent)])


async def test_a_signal_like_question_can_still_be_a_question(bot: BotHarness) -> None:
    _ask_card, sent = await ask(bot, "Ik hoorde gisteren het woord loverboy, mag je dat zeggen?")
    offer = last_card(sent)
    sent = await bot.submit(REPORTER, data_of(offer, "question"), offer.activity_id)
    assert "loverboy" in text_of([last_card(sent)]).lower()


async def test_asking_a_person_reaches_every_taakaccenthouder_and_the_first_answer_is_relayed(
    bot: BotHarness,
) -> None:
    await greet(bot, TAH)
    await greet(bot, TAH2)
    number = await ask_person(bot)
    sent = await bot.deliver()
    cards = {s.conversation_id: s for s in sent if s.card}
    assert set(cards) == {f"personal-{TAH.id}", f"personal-{TAH2.id}"}
    card_json = text_of([cards[f"personal-{TAH.id}"]])
    assert (
        "Karel Doornbos" in card_json
        and REPORTER.name in card_json
        and "question.answer_kb" in card_json
    )

    response = await bot.invoke(
        TAH, "question.answer", {"question": number, "answer": "Bespreek het met mij, ik bel je."}
    )
    assert t.QUESTION_CARD_ANSWERED.format(name=t.TAH_ROLE_NAME) in json.dumps(response)
    # The same answer card submitted again, and a second taakaccenthouder: relayed once.
    again = await bot.invoke(
        TAH, "question.answer", {"question": number, "answer": "Bespreek het met mij, ik bel je."}
    )
    late = await bot.invoke(
        TAH2, "question.answer", {"question": number, "answer": "Ander antwoord"}
    )
    assert again["value"].startswith("Deze vraag is al beantwoord") and late["value"].startswith(
        "Deze vraag is al beantwoord"
    )
    sent = await bot.deliver()
    to_asker = [s for s in sent if s.conversation_id == f"personal-{REPORTER.id}"]
    assert len(to_asker) == 1 and "ik bel je" in to_asker[0].text and number in to_asker[0].text
    # The answer says which question it answers: the asker's form is gone from the chat.
    assert to_asker[0].text.startswith(f'Antwoord op je vraag {number} ("Mijn collega Karel')
    updated = [s for s in sent if s.kind == "update" and s.conversation_id == f"personal-{TAH2.id}"]
    # The other taakaccenthouder's card says who answered and what went out (the card in the
    # answerer's chat is replaced by the invoke's answer, which says the same).
    assert updated and "Beantwoord door" in text_of(updated)
    assert t.QUESTION_CARD_SENT in text_of(updated) and "ik bel je" in text_of(updated)
    assert "Bespreek het met mij, ik bel je." in json.dumps(response)
    assert "Ander antwoord" not in text_of(updated)


async def test_an_answer_from_someone_else_is_refused_and_audited(bot: BotHarness) -> None:
    await greet(bot, TAH)
    number = await ask_person(bot, department="stadswinkel")
    for user in (COLLEAGUE, TAH2):  # TAH2 is taakaccenthouder of another department only
        response = await bot.invoke(user, "question.answer", {"question": number, "answer": "hoi"})
        assert response["value"] == t.QUESTION_REFUSED
    async with bot.services.engine.connect() as conn:
        rows = (
            await conn.execute(
                select(audit_log.c.actor, audit_log.c.result).where(audit_log.c.object == number)
            )
        ).all()
    assert (COLLEAGUE.aad_object_id, "refused:role") in rows and (
        TAH2.aad_object_id,
        "refused:role",
    ) in rows
    assert (await bot.services.questions.repository.by_number(number)).answered_at is None


async def test_a_knowledge_base_entry_can_be_sent_as_the_answer_with_one_click(
    bot: BotHarness,
) -> None:
    await greet(bot, TAH)
    number = await ask_person(
        bot, department="stadswinkel", question="Hoe werkt de meldroute precies?"
    )
    await bot.deliver()
    response = await bot.invoke(
        TAH, "question.answer_kb", {"question": number, "entry": "meldroute"}
    )
    shown = json.dumps(response, ensure_ascii=False)
    assert "Beantwoord door" in shown
    # Which entry went out is on the answerer's card (it offered several).
    assert t.QUESTION_CARD_SENT in shown and "De interne meldroute stap voor stap" in shown
    assert "question.answer_kb" not in shown
    sent = await bot.deliver()
    assert any("De interne meldroute stap voor stap" in s.text for s in sent)


async def test_an_unanswered_question_is_reminded_then_escalated_without_its_text(
    bot: BotHarness,
) -> None:
    await greet(bot, TAH)
    await link_channel(bot)
    number = await ask_person(bot, department="stadswinkel")
    await bot.deliver()
    service = bot.services.questions
    remind, escalate = timedelta(hours=4), timedelta(hours=24)
    assert await service.watch_deadlines(remind, escalate) == 0
    bot.clock.advance(hours=5)
    assert await service.watch_deadlines(remind, escalate) == 1
    sent = await bot.deliver()
    assert any(number in s.text and "wacht al" in s.text for s in sent)
    assert await service.watch_deadlines(remind, escalate) == 0  # reminded once
    bot.clock.advance(hours=20)
    assert await service.watch_deadlines(remind, escalate) == 1
    sent = await bot.deliver()
    pointer = [s for s in sent if s.kind == "create"]
    assert len(pointer) == 1 and number in text_of(pointer)
    assert (
        "Karel" not in text_of(pointer)
        and "schoonmaker" not in text_of(pointer)
        and REPORTER.name not in text_of(pointer)
    )
    # Only a coordinator opens the text; a colleague is refused.
    assert (await bot.invoke(COLLEAGUE, "question.view", {"question": number}, in_channel=True))[
        "value"
    ] == t.QUESTION_REFUSED
    view = await bot.invoke(COORDINATOR, "question.view", {"question": number}, in_channel=True)
    assert "schoonmaker" in json.dumps(view, ensure_ascii=False)
    # Opened from the channel it is the card its answerer gets, one-click answers included.
    verbs = re.findall(r'"verb": "([a-z_.]+)"', json.dumps(view["value"]))
    assert "question.answer" in verbs and "question.answer_kb" in verbs
    await bot.invoke(
        COORDINATOR,
        "question.answer",
        {"question": number, "answer": "Meld het als signaal, dan kijken we mee."},
    )
    sent = await bot.deliver()
    assert any(
        "kijken we mee" in s.text for s in sent if s.conversation_id == f"personal-{REPORTER.id}"
    )
    channel_updates = [s for s in sent if s.kind == "update" and "is beantwoord" in text_of([s])]
    assert channel_updates and "kijken we mee" not in text_of(channel_updates)
    # Once answered, opening the question shows what was sent, still only to those who may.
    assert (await bot.invoke(COLLEAGUE, "question.view", {"question": number}, in_channel=True))[
        "value"
    ] == t.QUESTION_REFUSED
    view = json.dumps(
        await bot.invoke(COORDINATOR, "question.view", {"question": number}, in_channel=True),
        ensure_ascii=False,
    )
    assert t.QUESTION_CARD_SENT in view and "kijken we mee" in view
    assert "question.answer" not in view  # nothing left to answer
    async with bot.services.engine.connect() as conn:
        refusals = (
            await conn.execute(
                select(audit_log.c.actor).where(
                    audit_log.c.object == number, audit_log.c.result == "refused:role"
                )
            )
        ).scalars()
        assert list(refusals).count(COLLEAGUE.aad_object_id) == 2


async def test_a_department_without_taakaccenthouder_sends_the_question_to_the_channel(
    bot: BotHarness,
) -> None:
    await link_channel(bot)
    _ask_card, sent = await ask(bot)
    results = last_card(sent)
    department_card = last_card(
        await bot.submit(REPORTER, data_of(results, "person"), results.activity_id)
    )
    sent = await bot.submit(
        REPORTER,
        {**data_of(department_card, "send"), "department": "wmo"},
        department_card.activity_id,
    )
    assert any("aandachtsfunctionaris" in s.text for s in sent)
    posted = [s for s in await bot.deliver() if s.kind == "create"]
    assert len(posted) == 1 and "VR-2026-0001" in text_of(posted) and "Karel" not in text_of(posted)


async def test_questions_are_stored_encrypted(tmp_path: Path) -> None:
    from tests.support.harness import make_settings

    database = tmp_path / "q.db"
    harness = await BotHarness.start(make_settings(tmp_path, f"sqlite:///{database}"))
    try:
        await greet(harness, TAH)
        number = await ask_person(harness, department="stadswinkel")
        await harness.deliver()
        await harness.invoke(
            TAH, "question.answer", {"question": number, "answer": "Geheim antwoord over Doornbos"}
        )
        await harness.deliver()
    finally:
        await harness.close()
    raw = raw_database_bytes(database)
    for word in ("Karel", "Doornbos", "schoonmaker", "Geheim antwoord"):
        assert word.encode() not in raw, word


async def test_what_is_trafficking_opens_a_browsable_menu(bot: BotHarness) -> None:
    menu = last_card(await bot.submit(REPORTER, {"meldroute": "menu", "choice": "what_is"}, None))
    assert "Het verschil met mensensmokkel" in text_of([menu])
    entry = last_card(
        await bot.submit(
            REPORTER,
            {"meldroute": "kb", "action": "read", "entry": "veilig-thuis"},
            menu.activity_id,
        )
    )
    assert "0800-2000" in text_of([entry])
    sent = await bot.submit(
        REPORTER,
        {"meldroute": "kb", "action": "read", "entry": "../../etc/passwd"},
        menu.activity_id,
    )
    assert [s.text for s in sent] == [t.KB_UNKNOWN]


def test_the_knowledge_files_are_validated(tmp_path: Path) -> None:
    source = Path(__file__).parent.parent / "knowledge" / "nl"
    assert len(load_knowledge(source).entries) >= 20
    for name in ("_numbers.toml", "_synonyms.toml", "veilig-thuis.toml"):
        (tmp_path / name).write_text((source / name).read_text())
    (tmp_path / "veilig-thuis.toml").write_text(
        (source / "veilig-thuis.toml")
        .read_text()
        .replace("{nummer:veilig_thuis}", "{nummer:onbekend}")
    )
    with pytest.raises(KnowledgeError, match="nummer:onbekend"):
        load_knowledge(tmp_path)
    (tmp_path / "veilig-thuis.toml").write_text(
        'id = "iets-anders"\ntitle = "x"\nanswer = "y"\nquestions = ["a", "b"]\nkeywords = ["c"]\n'
    )
    with pytest.raises(KnowledgeError, match="file name must be the id"):
        load_knowledge(tmp_path)


# Measured on 2026-11-30 in the fourth round of the learned matcher (issue 16, round 4o): the
# examples' blind parts, each answered by a model learned from all other examples; the held-out
# part (the twentieth blind set) once, before any of its questions was looked at: 253, 278
# and 2 of 284 questions, 222 of 256 out of scope.
EXAMPLES_MEASURED = (0.860, 0.975, 0.021, 0.824)
HELD_OUT_SIZE = (284, 256)
HELD_OUT_MEASURED = (253 / 284, 278 / 284, 2 / 284, 222 / 256)


def test_the_evaluation_set_is_large_enough_and_the_measured_figures_hold() -> None:
    from tools.kb_eval import evaluate

    root = Path(__file__).parent.parent / "knowledge"
    results = evaluate(root / "nl", root / "eval")
    examples = results["examples"]
    assert examples.in_scope >= 150 and examples.out_of_scope >= 25
    # The examples' blind parts (each answered by a model that did not learn it) are guarded
    # about a point below what was measured in round 4o (EXAMPLES_MEASURED): some twenty
    # questions going wrong fail it. The held-out part must keep what it measured once.
    top1, top3, wrong, dont_know = EXAMPLES_MEASURED
    assert examples.top1 >= top1 - 0.01 and examples.top3 >= top3 - 0.01
    assert examples.confident_wrong <= wrong + 0.01
    assert examples.dont_know_out_of_scope >= dont_know - 0.01
    held_out = results["held-out"]
    assert (held_out.in_scope, held_out.out_of_scope) == HELD_OUT_SIZE
    top1, top3, wrong, dont_know = HELD_OUT_MEASURED
    assert held_out.top1 >= top1 and held_out.top3 >= top3
    assert held_out.confident_wrong <= wrong and held_out.dont_know_out_of_scope >= dont_know


async def test_a_question_outside_the_knowledge_base_gets_i_dont_know_and_a_person(
    bot: BotHarness,
) -> None:
    _ask_card, sent = await ask(bot, "Waar kan ik mijn fiets laten repareren?")
    results = last_card(sent)
    assert t.RESULTS_NONE in text_of([results])
    assert "helps" not in text_of([results])  # nothing to mark helpful
    department = last_card(
        await bot.submit(REPORTER, data_of(results, "person"), results.activity_id)
    )
    assert t.PERSON_TITLE in text_of([department])


async def test_usage_is_counted_per_entry_without_the_question(
    bot_on_each_database: BotHarness, tmp_path: Path
) -> None:
    from tools.kb_report import kb_report

    bot = bot_on_each_database
    _ask_card, sent = await ask(bot, "Kan ik ook anoniem melden?")
    results = last_card(sent)
    helps = data_of(results, "helps")
    assert helps["entry"] == "anoniem-melden"
    await bot.submit(REPORTER, helps, results.activity_id)
    # A 'Dit helpt' for an entry that was not shown is not counted.
    _ask_card, sent = await ask(bot, "Kan ik ook anoniem melden?")
    results = last_card(sent)
    await bot.submit(REPORTER, {**helps, "entry": "orgaanhandel"}, results.activity_id)
    _ask_card, sent = await ask(bot, "Waar kan ik mijn fiets laten repareren?")
    results = last_card(sent)
    await bot.submit(REPORTER, data_of(results, "person"), results.activity_id)

    usage = {u.entry_id: u for u in await bot.services.questions.usage.all()}
    assert (usage["anoniem-melden"].shown, usage["anoniem-melden"].helpful) == (2, 1)
    assert "orgaanhandel" not in usage
    assert (usage["_geen"].shown, usage["_geen"].wants_person) == (1, 1)
    report = await kb_report(bot.services.engine, bot.services.questions.knowledge)
    lines = {line.split()[0]: line.split()[-3:] for line in report.splitlines()[1:]}
    assert lines["anoniem-melden"] == ["2", "1", "0"]
    assert lines["orgaanhandel"] == ["0", "0", "0"]
    assert "fiets" not in report and "anoniem melden?" not in report


async def test_kb_report_prints_the_counts_from_the_command_line(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.support.harness import TEST_ROUTING, make_settings

    database = tmp_path / "usage.db"
    harness = await BotHarness.start(make_settings(tmp_path, f"sqlite:///{database}"))
    try:
        _ask_card, sent = await ask(harness, "wat is een geldezel")
        results = last_card(sent)
        await harness.submit(REPORTER, data_of(results, "helps"), results.activity_id)
    finally:
        await harness.close()
    env = {
        **os.environ,
        "MELDROUTE_ENV": "development",
        "DATABASE_URL": f"sqlite:///{database}",
        "MELDROUTE_KEY_FILE": str(tmp_path / "kek.key"),
        "MELDROUTE_ROUTING_FILE": str(TEST_ROUTING),
    }
    run = subprocess.run(
        [sys.executable, "-m", "bot", "kb-report"],
        env=env,
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    row = next(line for line in run.stdout.splitlines() if line.startswith("criminele-uitbuiting"))
    assert row.split()[1:] == ["1", "1", "0"]


async def test_a_button_on_the_card_of_an_earlier_question_does_not_act_on_the_newest(
    bot: BotHarness,
) -> None:
    # Found in the Playground: 'Ik wil een persoon spreken' on an older results card sent the
    # newest question to the taakaccenthouder and replaced the older card with its answer.
    await greet(bot, TAH)
    _ask_card, sent = await ask(bot, "Waar kan ik mijn fiets laten repareren?")
    earlier = last_card(sent)
    # Asking again settles the earlier results card: its text stays, its buttons go.
    sent = await bot.submit(REPORTER, {"meldroute": "menu", "choice": "question"}, None)
    [settled] = [s for s in sent if s.kind == "update" and s.activity_id == earlier.activity_id]
    assert t.RESULTS_NONE in text_of([settled]) and "Action.Submit" not in text_of([settled])
    ask_card = last_card(sent)
    sent = await bot.submit(
        REPORTER,
        {**data_of(ask_card, "search"), "question": "Kan ik ook anoniem melden?"},
        ask_card.activity_id,
    )
    latest = last_card(sent)
    # A button clicked on it anyway (a client that had not updated the card yet) is refused.
    sent = await bot.submit(REPORTER, data_of(earlier, "person"), earlier.activity_id)
    assert [s.text for s in sent] == [t.QUESTION_CARD_EARLIER]  # no card, nothing replaced
    # The latest question is untouched: its own button still works, for its own question.
    sent = await bot.submit(REPORTER, data_of(latest, "person"), latest.activity_id)
    department = last_card(sent)
    assert t.PERSON_TITLE in text_of([department])
    await bot.submit(
        REPORTER,
        {**data_of(department, "send"), "department": "handhaving"},
        department.activity_id,
    )
    delivered = [s for s in await bot.deliver() if s.conversation_id == f"personal-{TAH.id}"]
    assert delivered and "anoniem melden" in text_of(delivered)
    assert "fiets" not in text_of(delivered)


async def test_the_taakaccenthouder_s_one_click_answers_show_whole_titles_and_what_the_asker_saw(
    bot: BotHarness,
) -> None:
    # The Playground cut 'Stuur: Wie is de taakaccenthouder van mijn afdelin' off at the
    # card's edge: a button's title does not wrap. The title now stands beside a short button.
    await greet(bot, TAH)
    question = "klant praat over een vriend die zijn geld beheert"
    number = await ask_person(bot, question=question)
    shown = bot.services.questions.matcher.answer(question).entry_ids
    assert len(shown) >= 2  # the asker was offered choices, and still asked a person
    [tah_card] = [s for s in await bot.deliver() if s.conversation_id == f"personal-{TAH.id}"]
    content = tah_card.card
    buttons = re.findall(r'"title": "([^"]*)", "verb"', json.dumps(content, ensure_ascii=False))
    assert set(buttons) == {t.QUESTION_CARD_ANSWER, t.QUESTION_CARD_SEND_ENTRY}
    texts = text_of([tah_card])
    for entry_id in shown:
        entry = bot.services.questions.knowledge.entry(entry_id)
        assert entry and f"**{entry.title}**" in texts
        assert f'"entry": "{entry_id}"' in json.dumps(content)
    assert texts.count(t.QUESTION_CARD_SEEN) == len(shown)
    # One click on a suggestion answers the asker with that entry.
    await bot.invoke(TAH, "question.answer_kb", {"question": number, "entry": shown[1]})
    to_asker = [s for s in await bot.deliver() if s.conversation_id == f"personal-{REPORTER.id}"]
    second = bot.services.questions.knowledge.entry(shown[1])
    assert second and to_asker and second.title in to_asker[0].text


async def test_a_note_typed_before_a_one_click_answer_is_sent_with_it(bot: BotHarness) -> None:
    # Found in the Playground: the note was sent along by Teams but dropped by the bot.
    await greet(bot, TAH)
    number = await ask_person(bot, department="stadswinkel", question="Hoe werkt de meldroute?")
    await bot.deliver()
    note = "Bel me gerust even als je wilt overleggen."
    await bot.invoke(
        TAH, "question.answer_kb", {"question": number, "entry": "meldroute", "answer": note}
    )
    [to_asker] = [s for s in await bot.deliver() if s.conversation_id == f"personal-{REPORTER.id}"]
    assert note in to_asker.text and "De interne meldroute stap voor stap" in to_asker.text
    assert to_asker.text.index(note) < to_asker.text.index("De interne meldroute")


async def test_asking_again_closes_the_open_question_card_and_starts_a_new_question(
    bot: BotHarness,
) -> None:
    ask_card = last_card(await bot.say(REPORTER, "vraag stellen"))
    # 'vraag stellen' typed again while the form waits is a new question, not the question.
    sent = await bot.say(REPORTER, "vraag stellen")
    [closed] = [s for s in sent if s.kind == "update" and s.activity_id == ask_card.activity_id]
    assert t.QUESTION_NOT_SENT in text_of([closed]) and "Action.Submit" not in text_of([closed])
    new_form = last_card(sent)
    assert t.ASK_TITLE in text_of([new_form]) and t.RESULTS_TITLE not in text_of(sent)
    # A department choice left open is closed the same way when the asker moves on.
    sent = await bot.submit(
        REPORTER,
        {**data_of(new_form, "search"), "question": "Waar kan ik mijn fiets laten repareren?"},
        new_form.activity_id,
    )
    results = last_card(sent)
    department = last_card(
        await bot.submit(REPORTER, data_of(results, "person"), results.activity_id)
    )
    sent = await bot.say(REPORTER, "menu")
    [closed] = [s for s in sent if s.kind == "update" and s.activity_id == department.activity_id]
    assert t.QUESTION_NOT_SENT in text_of([closed])


async def test_a_question_the_card_could_not_answer_still_gets_the_likely_entries_as_one_click(
    bot: BotHarness,
) -> None:
    await greet(bot, TAH)
    # Next to the subject: no entry answers it (the police entry is the likeliest).
    question = "kan de gemeente aangifte doen van mensenhandel"
    matcher = bot.services.questions.matcher
    likely = matcher.likely(question)
    assert matcher.answer(question).entry_ids == () and likely  # the premise of this test
    await ask_person(bot, question=question)
    [tah_card] = [s for s in await bot.deliver() if s.conversation_id == f"personal-{TAH.id}"]
    content = json.dumps(tah_card.card, ensure_ascii=False)
    for entry_id in likely:
        assert f'"entry": "{entry_id}"' in content
    assert t.QUESTION_CARD_SEEN not in content  # the asker saw none of them


def test_a_long_question_is_quoted_above_its_answer_on_one_shortened_line() -> None:
    from domain.question import QUOTED, quoted_line

    assert quoted_line("wat  is\nde avim") == "wat is de avim"
    long = "woord " * 100
    quoted = quoted_line(long)
    assert len(quoted) == QUOTED and quoted.endswith("…") and "\n" not in quoted


def test_taakaccenthouders_the_routing_file_gives_no_name_are_counted_in_words() -> None:
    """'Wie is mijn taakaccenthouder?' lists each department; where the routing file has only
    object ids, the answer says how many, in words that read right for one and for more."""
    from domain.routing import Coordinator, Department, Routing
    from services.question_service import routing_facts

    routing = Routing(
        departments=(
            Department("a", "Afdeling A", ("oid-1",)),
            Department("b", "Afdeling B", ("oid-2", "oid-3")),
            Department("c", "Afdeling C", ()),
        ),
        coordinators=(Coordinator("oid-9", "Noor Bakker"),),
        partners=(),
    )
    facts = routing_facts(routing)["taakaccenthouders"]
    assert "- Afdeling A: één taakaccenthouder\n" in facts
    assert "- Afdeling B: 2 taakaccenthouders\n" in facts
    assert f"- Afdeling C: {t.ROUTING_TAH_NONE}" in facts
    assert "(s)" not in facts and "oid-" not in facts
