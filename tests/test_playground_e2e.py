"""End to end through the real Microsoft 365 Agents Playground: a newcomer reports a signal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.support.playground import (
    PLAYGROUND_BIN,
    PlaygroundClient,
    action_data,
    card_of,
    running_stack,
)
from tests.test_privacy import raw_database_bytes
from tests.test_report_dialog import FULL_REPORT, SECRET_WORDS, merged
from texts import nl as t
from tools.demo_users import demo_user

pytestmark = pytest.mark.skipif(
    not PLAYGROUND_BIN.exists() or shutil.which("node") is None,
    reason="the Agents Playground is not installed (run `make test`, which installs it)",
)


def titled(title: str) -> Any:
    def predicate(message: dict[str, Any]) -> bool:
        card = card_of(message)
        return bool(card) and title in json.dumps(card.get("body", []), ensure_ascii=False)

    return predicate


async def fill_in_report(
    user: PlaygroundClient, report: dict[str, dict[str, Any]] = FULL_REPORT
) -> dict[str, Any]:
    """Answer the cards of the report the bot has just started (danger: no; the report card
    with every section's values; the summary: send); returns the summary card as sent."""
    acute = await user.wait_for(step_is("acute"))
    await user.submit(acute["messageId"], {**action_data(acute), "acute": "no"})
    card = await user.wait_for(step_is("report"))
    await user.submit(card["messageId"], {**action_data(card), **merged(report)})
    summary = await user.wait_for(step_is("summary"))
    await user.submit(summary["messageId"], action_data(summary, "submit"))
    return summary


def step_is(step: str) -> Any:
    def predicate(message: dict[str, Any]) -> bool:
        card = card_of(message)
        return bool(card) and any(
            a.get("data", {}).get("step") == step for a in card.get("actions", [])
        )

    return predicate


async def test_a_newcomer_reports_a_signal_in_the_playground(tmp_path: Path) -> None:
    reporter = demo_user("reporter")
    with running_stack(tmp_path, role="reporter") as stack:
        async with aiohttp.ClientSession() as session:
            user = PlaygroundClient(stack, reporter.id, session)
            await user.open()
            try:
                await user.install()
                await user.wait_for(titled(t.WELCOME_TITLE))
                welcome = user.messages[user.order[-1]]
                await user.submit(welcome["messageId"], {"meldroute": "menu", "choice": "report"})
                summary = await fill_in_report(user)
                receipt = await user.wait_for(
                    titled(t.RECEIPT_TITLE.format(case_number="MH-2026-0001"))
                )
                # The receipt replaced the summary in place, and no form in the chat keeps content.
                assert receipt["messageId"] == summary["messageId"]
                shown = str([user.messages[m] for m in user.order])
                for word in SECRET_WORDS:
                    assert word not in shown, word
            finally:
                await user.close()
        log_text = stack.log_file.read_text()
        assert "signal stored case=MH-2026-0001 new=True" in log_text
    raw = raw_database_bytes(stack.database_file)
    for word in (*SECRET_WORDS, reporter.aad_object_id):
        assert word not in log_text, word
        assert word.encode() not in raw, word
