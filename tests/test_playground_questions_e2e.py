"""End to end through the real Agents Playground: a question, the knowledge base, a person."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp

from tests.support.playground import (
    act_as,
    action_data,
    card_of,
    invoke_as,
    open_personal_chat,
    running_stack,
    watching,
)
from tests.test_playground_e2e import pytestmark
from texts import nl as t
from tools.demo_users import demo_user

__all__ = ["pytestmark"]


async def test_a_question_reaches_the_taakaccenthouder_and_the_answer_comes_back(
    tmp_path: Path,
) -> None:
    reporter, tah = demo_user("reporter"), demo_user("taakaccenthouder")
    with running_stack(tmp_path, role="reporter") as stack:
        async with (
            aiohttp.ClientSession() as session,
            watching(stack, session, reporter.id) as (user, log),
        ):
            tah_chat = await open_personal_chat(session, stack, tah.id)
            await act_as(session, stack, tah_chat, tah, text="hallo")
            await user.say("vraag stellen")
            ask = await user.wait_for(
                lambda m: t.ASK_TITLE in json.dumps(card_of(m) or {}, ensure_ascii=False)
            )
            await user.submit(
                ask["messageId"],
                {
                    **action_data(ask, "search"),
                    "question": "Wat is het verschil met mensensmokkel?",
                },
            )
            results = await user.wait_for(
                lambda m: t.RESULTS_TITLE in json.dumps(card_of(m) or {}, ensure_ascii=False)
            )
            assert "Het verschil met mensensmokkel" in json.dumps(
                card_of(results), ensure_ascii=False
            )
            await user.submit(results["messageId"], action_data(results, "person"))
            department = await user.wait_for(
                lambda m: t.PERSON_TITLE in json.dumps(card_of(m) or {}, ensure_ascii=False)
            )
            await user.submit(
                department["messageId"],
                {**action_data(department, "send"), "department": "stadswinkel"},
            )
            await user.wait_for(
                lambda m: "VR-2026-0001" in (m.get("text") or m.get("content") or json.dumps(m))
            )

            question = await log.wait_for(
                lambda e: (
                    e["conversation"] == tah_chat
                    and "VR-2026-0001" in json.dumps(card_of(e["activity"]) or {})
                )
            )
            answered = await invoke_as(
                session,
                stack,
                tah_chat,
                tah,
                question["id"],
                "question.answer",
                {
                    "question": "VR-2026-0001",
                    "answer": "Smokkel is hulp bij grensoverschrijding; bel me gerust.",
                },
            )
            assert "Beantwoord door" in json.dumps(answered, ensure_ascii=False)
            await user.wait_for(lambda m: "bel me gerust" in json.dumps(m, ensure_ascii=False))
