"""Generated input against the in-process app (real adapter, real SQLite): activities of every
shape, invoke values and card payloads, many of them close to what the bot expects.

After every example: no 5xx (501 only for invokes the bot does not implement), and no log
record with a traceback or a failed turn. After all examples: no partial rows, the audit chain
intact. `MELDROUTE_FUZZ_EXAMPLES` sets the number of examples (CI: 2,000; a longer run:
MELDROUTE_FUZZ_EXAMPLES=20000).
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from storage.audit import verify_chain
from storage.schema import outbox, reporter_identities, signal_keys, signals
from tests.route_helpers import report, setup_route
from tests.support.harness import (
    CHANNEL_ID,
    COLLEAGUE,
    COORDINATOR,
    REPORTER,
    TAH,
    BotHarness,
    make_settings,
)
from tests.test_report_dialog import start_report

EXAMPLES = int(os.environ.get("MELDROUTE_FUZZ_EXAMPLES", "2000"))
USERS = (REPORTER, TAH, COORDINATOR, COLLEAGUE)
REPORT_STEPS = (
    "acute",
    "danger",
    "form",
    "signals",
    "account",
    "where_when",
    "victim",
    "suspect",
    "contact",
    "department",
    "summary",
)
VERBS = (
    "case.view",
    "case.reveal_reporter",
    "case.claim",
    "case.assign",
    "case.note",
    "case.enrich",
    "case.agenda",
    "case.hand_over",
    "case.request_feedback",
    "case.record_feedback",
    "case.close",
    "case.reopen",
    "tah.view",
    "tah.note",
    "tah.forward",
    "question.answer",
    "question.answer_kb",
    "question.view",
)
FIELDS = (
    "facts",
    "observations",
    "place",
    "postcode",
    "house_number",
    "date",
    "time",
    "victim_age",
    "victim_minor",
    "suspect_dob",
    "kvk",
    "department",
    "urgent",
    "form",
    "signals_general",
    "note",
    "feedback",
    "reason",
    "partner",
    "assignee",
    "question",
    "answer",
    "entry",
    "section",
    "choice",
)

# Text with the characters that broke things before: surrogates, controls, bidi, long words.
odd_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec=None), max_size=20),
    st.sampled_from(["\ud800", "a\x00b", "\u202e", "ja", "nee", "hallo", "stop", "help", "MH-"]),
    st.just("x" * 3000),
)
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), odd_text)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
case_ref = st.one_of(st.sampled_from(["MH-2026-0001", "MH-2026-0002", "VR-2026-0001"]), odd_text)


@st.composite
def card_value(draw: Any) -> dict[str, Any]:
    value: dict[str, Any] = {
        "meldroute": draw(st.sampled_from(["report", "question", "menu", "kb", "x", None])),
        "step": draw(st.one_of(st.sampled_from((*REPORT_STEPS, "ask", "results")), odd_text)),
        "action": draw(st.sampled_from(["next", "submit", "edit", "cancel", "read", "x", None])),
    }
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=5, unique=True)):
        value[field] = draw(st.one_of(odd_text, json_value))
    return {k: v for k, v in value.items() if v is not None}


@st.composite
def invoke_value(draw: Any) -> Any:
    data = {"case": draw(case_ref), "question": draw(case_ref)}
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=4, unique=True)):
        data[field] = draw(st.one_of(odd_text, json_value))
    action = {
        "type": draw(st.sampled_from(["Action.Execute", "Action.Submit", 5])),
        "verb": draw(st.one_of(st.sampled_from(VERBS), odd_text, st.integers())),
        "data": draw(st.one_of(st.just(data), json_value)),
    }
    return draw(st.one_of(st.just({"action": action}), json_value))


@st.composite
def activity(draw: Any, bot: BotHarness) -> dict[str, Any]:
    user = draw(st.sampled_from(USERS))
    kind = draw(
        st.sampled_from(
            ["message", "message", "card", "invoke", "invoke", "conversationUpdate", "other"]
        )
    )
    body = bot.activity(user)
    if draw(st.booleans()):
        body = bot.channel_activity(user)
    if kind == "message":
        body["text"] = draw(odd_text)
        if draw(st.booleans()):
            body["entities"] = draw(json_value)
    elif kind == "card":
        body["value"] = draw(st.one_of(card_value(), json_value))
        if draw(st.booleans()):
            body["replyToId"] = draw(st.text(max_size=20))
    elif kind == "invoke":
        body["type"] = "invoke"
        body["name"] = draw(
            st.sampled_from(["adaptiveCard/action"] * 4 + ["signin/tokenExchange", "x"])
        )
        body["value"] = draw(invoke_value())
    elif kind == "conversationUpdate":
        body["type"] = draw(st.sampled_from(["conversationUpdate", "installationUpdate"]))
        body["membersAdded"] = draw(st.one_of(json_value, st.just([{"id": user.id}])))
        body["action"] = draw(st.one_of(st.just("add"), odd_text))
    else:
        body["type"] = draw(
            st.one_of(st.sampled_from(["event", "typing", "messageReaction"]), odd_text)
        )
    # Now and then, break a field the HTTP layer checks.
    if draw(st.integers(0, 9)) == 0:
        key = draw(st.sampled_from(["conversation", "from", "channelId", "serviceUrl", "id"]))
        body[key] = draw(json_value)
    return body


@pytest.mark.filterwarnings("ignore")
def test_generated_input_never_breaks_a_turn_or_the_database(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    loop = asyncio.new_event_loop()
    bot = loop.run_until_complete(
        BotHarness.start(make_settings(tmp_path, f"sqlite:///{tmp_path / 'fuzz.db'}"))
    )
    statuses: dict[int, int] = {}

    async def prepare() -> None:
        await setup_route(bot)
        await report(bot)
        await report(bot, department={"department": "stadswinkel", "urgent": "true"})
        await bot.deliver()
        await start_report(bot)  # a report in progress, for card submits to land in

    async def post(body: dict[str, Any]) -> int:
        response = await bot.client.post("/api/messages", json=body)
        await response.read()
        return response.status

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def one_example(data: st.DataObject) -> None:
        body = data.draw(activity(bot))
        caplog.clear()
        status = loop.run_until_complete(post(body))
        statuses[status] = statuses.get(status, 0) + 1
        assert status < 500 or (status == 501 and body.get("type") == "invoke"), (status, body)
        broken = [
            r.getMessage()
            for r in caplog.records
            if r.exc_info or r.levelno >= logging.ERROR or "Traceback" in r.getMessage()
        ]
        assert not broken, (broken, body)

    try:
        loop.run_until_complete(prepare())
        one_example()
        loop.run_until_complete(bot.deliver())
        loop.run_until_complete(check_database(bot))
    finally:
        loop.run_until_complete(bot.close())
        loop.close()
    print(f"\nfuzz: {EXAMPLES} examples, HTTP statuses {dict(sorted(statuses.items()))}")


async def check_database(bot: BotHarness) -> None:
    """No half-written records and an intact audit chain."""
    engine = bot.services.engine
    async with engine.connect() as conn:

        async def scalar(query: Any) -> int:
            return (await conn.execute(query)).scalar_one()

        total = await scalar(select(func.count()).select_from(signals))
        with_key = await scalar(select(func.count()).select_from(signals.join(signal_keys)))
        with_reporter = await scalar(
            select(func.count()).select_from(signals.join(reporter_identities))
        )
        orphans = await scalar(
            select(func.count())
            .select_from(outbox)
            .where(outbox.c.signal_id.is_not(None), ~outbox.c.signal_id.in_(select(signals.c.id)))
        )
    assert total == with_key == with_reporter and total >= 2
    assert orphans == 0
    check = await verify_chain(engine)
    assert check.intact, check
    assert CHANNEL_ID  # the channel was linked in prepare()
