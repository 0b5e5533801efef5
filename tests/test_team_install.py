"""Added to a team, the bot says there how the coordinators' channel is linked; a private or
shared channel is refused as the coordinators' channel (the bot cannot post there)."""

from __future__ import annotations

from sqlalchemy import select

from storage.schema import audit_log
from tests.route_helpers import greet
from tests.support.harness import CHANNEL_ID, COORDINATOR, TEAM_ID, BotHarness
from texts import nl as t


def install_in_team(bot: BotHarness) -> dict:
    """The installationUpdate Teams sends when someone adds the app to a team (General)."""
    activity = bot.channel_activity(COORDINATOR, type="installationUpdate", action="add")
    activity["conversation"]["id"] = TEAM_ID
    activity["channelData"] = {"team": {"id": TEAM_ID}, "tenant": {"id": "tenant"}}
    activity["channelData"]["channel"] = {"id": TEAM_ID}
    return activity


def mention(text: str) -> dict:
    return {
        "text": f"<at>Meldroute</at> {text}",
        "entities": [
            {
                "type": "mention",
                "text": "<at>Meldroute</at>",
                "mentioned": {"id": "28:meldroute-bot", "name": "Meldroute"},
            }
        ],
    }


async def test_added_to_a_team_it_explains_how_to_link_the_channel(bot: BotHarness) -> None:
    status, sent = await bot.post(install_in_team(bot))
    assert status in (200, 201)
    assert [s.text for s in sent] == [t.TEAM_WELCOME]
    assert sent[0].conversation_id == TEAM_ID  # in the team, not in anyone's personal chat
    assert "koppel dit kanaal" in t.TEAM_WELCOME and "aandachtsfunctionaris" in t.TEAM_WELCOME


async def test_a_private_channel_is_not_linked_and_the_coordinator_is_told(
    bot: BotHarness,
) -> None:
    body = bot.channel_activity(COORDINATOR, **mention("koppel dit kanaal"))
    body["channelData"]["channel"] = {"id": CHANNEL_ID, "type": "private"}
    status, sent = await bot.post(body)
    assert status in (200, 201)
    assert [s.text for s in sent] == [t.CHANNEL_NOT_STANDARD]
    assert await bot.services.directory.channel_reference() is None
    async with bot.services.engine.connect() as conn:
        rows = (await conn.execute(select(audit_log.c.action, audit_log.c.result))).all()
    assert ("case.channel.link", "refused:private") in [tuple(r) for r in rows]

    # A standard channel links as before.
    body = bot.channel_activity(COORDINATOR, **mention("koppel dit kanaal"))
    body["channelData"]["channel"] = {"id": CHANNEL_ID, "type": "standard"}
    status, sent = await bot.post(body)
    assert [s.text for s in sent] == [t.CHANNEL_LINKED]
    assert await bot.services.directory.channel_reference() is not None


async def test_when_teams_refuses_the_reply_in_a_private_channel_it_reaches_the_personal_chat(
    bot: BotHarness,
) -> None:
    await greet(bot, COORDINATOR)
    body = bot.channel_activity(COORDINATOR, **mention("koppel dit kanaal"))
    body["channelData"]["channel"] = {"id": CHANNEL_ID, "type": "shared"}
    bot.connector.scripted_failures.append((403, {}))  # the bot may not post in the channel
    status, sent = await bot.post(body)
    assert status in (200, 201) and sent == []
    delivered = await bot.deliver()
    assert [(s.conversation_id, s.text) for s in delivered] == [
        (f"personal-{COORDINATOR.id}", t.CHANNEL_NOT_STANDARD)
    ]
    assert await bot.services.directory.channel_reference() is None
