"""End to end through the real Agents Playground: adding the app to a team makes the bot say
in the team how the coordinators' channel is linked."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from tests.support.playground import running_stack, watching
from tests.test_playground_e2e import pytestmark
from texts import nl as t
from tools.demo_users import demo_user

TEAM = "19:team-oov@thread.tacv2"  # the team's General channel (its id is the team id)

__all__ = ["pytestmark"]


async def test_adding_the_app_to_the_team_explains_the_channel_link(tmp_path: Path) -> None:
    coordinator = demo_user("coordinator")
    with running_stack(tmp_path, role="coordinator") as stack:
        async with (
            aiohttp.ClientSession() as session,
            watching(stack, session, coordinator.id) as (user, log),
        ):
            await user.install(TEAM)  # the Playground's conversationUpdate + installationUpdate
            entry = await log.wait_for(
                lambda e: (e["activity"].get("text") or "") == t.TEAM_WELCOME
            )
            assert (entry["conversation"] or "").startswith(TEAM)
            # Said once, in the team only.
            said = [e for e in log.sent if (e["activity"].get("text") or "") == t.TEAM_WELCOME]
            assert len(said) == 1
