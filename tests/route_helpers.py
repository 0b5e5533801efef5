"""Shared steps of the route for the tests: report as the reporter, link the channel."""

from __future__ import annotations

from typing import Any

from tests.support.harness import COORDINATOR, REPORTER, TAH, BotHarness, TeamsUser
from tests.test_report_dialog import FULL_REPORT, answer, walk_to_summary


async def report(bot: BotHarness, **overrides: dict[str, Any]) -> str:
    """A full report by REPORTER; returns the case number from the receipt."""
    summary = await walk_to_summary(bot, {**FULL_REPORT, **overrides})
    sent = await answer(bot, summary, {}, action="submit")
    text = str([s.activity for s in sent])
    start = text.index("MH-")
    return text[start : start + 12]


async def greet(bot: BotHarness, user: TeamsUser) -> None:
    """The user opens their chat with the bot, so it can reach them."""
    await bot.say(user, "hallo")


async def link_channel(bot: BotHarness, user: TeamsUser = COORDINATOR) -> None:
    await bot.say_in_channel(user, "koppel dit kanaal")


async def setup_route(bot: BotHarness) -> None:
    await greet(bot, TAH)
    await link_channel(bot)


__all__ = ["COORDINATOR", "REPORTER", "TAH", "greet", "link_channel", "report", "setup_route"]
