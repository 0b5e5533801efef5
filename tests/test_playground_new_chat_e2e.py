"""End to end through the real Agents Playground: the taakaccenthouder never opened the bot,
so the bot opens the 1:1 chat itself (the Playground's createConversation) and delivers the
signal's card there."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp

from tests.support.playground import running_stack, watching
from tests.test_playground_e2e import fill_in_report, pytestmark, titled
from texts import nl as t
from tools.demo_users import demo_user

__all__ = ["pytestmark"]


async def test_the_bot_opens_a_chat_with_a_taakaccenthouder_who_never_wrote(
    tmp_path: Path,
) -> None:
    reporter, tah = demo_user("reporter"), demo_user("taakaccenthouder")
    with running_stack(tmp_path, role="reporter", bot_opens_chats=True) as stack:
        async with aiohttp.ClientSession() as session:
            async with watching(stack, session, reporter.id) as (user, log):
                await user.install()
                await user.wait_for(titled(t.WELCOME_TITLE))
                welcome = user.messages[user.order[-1]]
                await user.submit(welcome["messageId"], {"meldroute": "menu", "choice": "report"})
                await fill_in_report(user)
                await user.wait_for(titled(t.RECEIPT_TITLE.format(case_number="MH-2026-0001")))
                entry = await log.wait_for(
                    lambda e: (
                        "MH-2026-0001" in json.dumps(e["activity"])
                        and "Nieuw signaal" in json.dumps(e["activity"])
                    )
                )
            # Not the reporter's chat: a 1:1 chat the bot created for the taakaccenthouder.
            assert entry["conversation"] != "personal-chat-reporter"
            assert tah.aad_object_id not in json.dumps(entry["activity"])
        assert "outbox opened a chat" in stack.log_file.read_text()
