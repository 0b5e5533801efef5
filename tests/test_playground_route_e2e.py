"""End to end through the real Agents Playground: the whole route, as each demo user."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp

from tests.support.playground import (
    act_as,
    card_of,
    invoke_as,
    open_personal_chat,
    running_stack,
    watching,
)
from tests.test_playground_e2e import fill_in_report, pytestmark
from tests.test_report_dialog import SECRET_WORDS
from texts import nl as t
from tools.demo_users import demo_user

TEAM_CHANNEL = "19:team-oov@thread.tacv2"  # the team's General channel (its id is the team id)
MENTION = [
    {
        "type": "mention",
        "text": "<at>Meldroute</at>",
        "mentioned": {"id": "28:meldroute-bot", "name": "Meldroute"},
    }
]

__all__ = ["pytestmark"]


async def type_link_command(session: aiohttp.ClientSession, stack: Any, user: Any) -> None:
    """Someone types 'koppel dit kanaal' to the bot in the team channel."""
    await act_as(
        session,
        stack,
        TEAM_CHANNEL,
        user,
        text="<at>Meldroute</at> koppel dit kanaal",
        entities=MENTION,
    )


async def link_channel(
    session: aiohttp.ClientSession, stack: Any, coordinator: Any, log: Any
) -> None:
    """The coordinator links the team channel, as typed there."""
    await type_link_command(session, stack, coordinator)
    await log.wait_for(lambda e: e["activity"].get("text") == t.CHANNEL_LINKED)


def has_card_text(fragment: str, conversation: str | None = None) -> Any:
    def predicate(entry: dict[str, Any]) -> bool:
        card = card_of(entry["activity"])
        in_conversation = conversation is None or (entry["conversation"] or "").startswith(
            conversation
        )
        return bool(card) and in_conversation and fragment in json.dumps(card, ensure_ascii=False)

    return predicate


def invoke_text(response: dict[str, Any]) -> str:
    return json.dumps(response, ensure_ascii=False)


async def test_the_route_in_the_playground(tmp_path: Path) -> None:
    reporter, tah = demo_user("reporter"), demo_user("taakaccenthouder")
    coordinator, colleague = demo_user("coordinator"), demo_user("colleague")
    with running_stack(tmp_path, role="reporter") as stack:
        async with (
            aiohttp.ClientSession() as session,
            watching(stack, session, reporter.id) as (user, log),
        ):
            # The taakaccenthouder has a chat with the bot; a coordinator links the channel.
            tah_chat = await open_personal_chat(session, stack, tah.id)
            await act_as(session, stack, tah_chat, tah, text="hallo")
            await type_link_command(session, stack, colleague)
            await log.wait_for(lambda e: e["activity"].get("text") == t.CHANNEL_LINK_REFUSED)
            await link_channel(session, stack, coordinator, log)

            # The reporter reports (the browser user).
            await user.say("signaal melden")
            await fill_in_report(user)
            await user.wait_for(lambda m: "MH-2026-0001" in json.dumps(card_of(m) or {}))

            # The taakaccenthouder gets the card with the reporter's name and forwards it.
            tah_card = await log.wait_for(
                has_card_text("Nieuw signaal uit je afdeling: MH-2026-0001", tah_chat)
            )
            assert reporter.name in json.dumps(card_of(tah_card["activity"]))
            forwarded = await invoke_as(
                session,
                stack,
                tah_chat,
                tah,
                tah_card["id"],
                "tah.forward",
                {"case": "MH-2026-0001"},
            )
            assert t.TAH_FORWARDED in invoke_text(forwarded)

            # The channel shows a pointer card, without the reporter or any content.
            pointer = await log.wait_for(has_card_text("Signaal MH-2026-0001", TEAM_CHANNEL))
            pointer_json = json.dumps(pointer["activity"], ensure_ascii=False)
            for word in (*SECRET_WORDS, "3431", reporter.name, tah.name):
                assert word not in pointer_json, word
            thread = pointer["conversation"]

            # A colleague in the channel is refused; a coordinator claims, hands over and closes.
            refused = await invoke_as(
                session,
                stack,
                thread,
                colleague,
                pointer["id"],
                "case.view",
                {"case": "MH-2026-0001"},
            )
            assert t.ACTION_REFUSED_ROLE in invoke_text(refused) and "Kowalczyk" not in invoke_text(
                refused
            )
            detail = await invoke_as(
                session,
                stack,
                thread,
                coordinator,
                pointer["id"],
                "case.view",
                {"case": "MH-2026-0001"},
            )
            assert "Kowalczyk" in invoke_text(detail)
            await invoke_as(
                session,
                stack,
                thread,
                coordinator,
                pointer["id"],
                "case.claim",
                {"case": "MH-2026-0001"},
            )
            await log.wait_for(has_card_text(t.STATE_LABELS["in_progress"], TEAM_CHANNEL))
            handed = await invoke_as(
                session,
                stack,
                thread,
                coordinator,
                pointer["id"],
                "case.hand_over",
                {
                    "case": "MH-2026-0001",
                    "partner": "veilig-thuis",
                    "date": "2026-11-28",
                    "reference": "VT-1",
                },
            )
            assert t.STATE_LABELS["handed_over"] in invoke_text(handed)
            await invoke_as(
                session,
                stack,
                thread,
                coordinator,
                pointer["id"],
                "case.close",
                {
                    "case": "MH-2026-0001",
                    "reason": "handed_over_done",
                    "feedback": "Veilig Thuis heeft het opgepakt.",
                },
            )
            await log.wait_for(has_card_text(t.STATE_LABELS["closed"], TEAM_CHANNEL))

            # The reporter receives the feedback in their own chat, and sees the state.
            await user.wait_for(
                lambda m: (
                    "Veilig Thuis heeft het opgepakt."
                    in (m.get("text") or m.get("content") or json.dumps(m))
                )
            )
            await user.say("mijn meldingen")
            await user.wait_for(
                lambda m: (
                    t.REPORTER_PHASE_LABELS["closed"]
                    in json.dumps(card_of(m) or {}, ensure_ascii=False)
                )
            )
            await log.wait_for(
                lambda e: (
                    e["conversation"] == tah_chat
                    and "afgesloten" in (e["activity"].get("text") or "")
                )
            )
            channel_json = json.dumps(
                [
                    e["activity"]
                    for e in log.sent
                    if (e["conversation"] or "").startswith(TEAM_CHANNEL)
                ],
                ensure_ascii=False,
            )
            for word in (*SECRET_WORDS, "Veilig Thuis heeft het opgepakt", "VT-1"):
                assert word not in channel_json, word
