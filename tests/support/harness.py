"""Drive the real bot (aiohttp app + CloudAdapter) over HTTP, as Teams would."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from bot.app import Services, build_services, create_app
from bot.settings import Settings, load_settings
from tests.support.connector import (
    TEAMS_MESSAGE_LIMIT,
    RecordingConnector,
    Sent,
    teams_size,
)


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 28, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass(frozen=True)
class TeamsUser:
    id: str
    name: str
    aad_object_id: str
    locale: str | None = None  # the Teams client's locale; None: the activity has none


REPORTER = TeamsUser("29:user-reporter", "Sanne Visser", "00000000-0000-4000-8000-0000000000a1")
TAH = TeamsUser("29:user-tah", "Ahmed El Idrissi", "00000000-0000-4000-8000-0000000000a2")
COORDINATOR = TeamsUser("29:user-af1", "Noor Bakker", "00000000-0000-4000-8000-0000000000a3")
COORDINATOR2 = TeamsUser("29:user-af2", "Pieter de Groot", "00000000-0000-4000-8000-0000000000a4")
TAH2 = TeamsUser("29:user-tah2", "Jeroen Smit", "00000000-0000-4000-8000-0000000000a7")
COLLEAGUE = TeamsUser("29:user-colleague", "Lisa Jansen", "00000000-0000-4000-8000-0000000000a5")
# The same reporter with Teams set to English.
REPORTER_EN = TeamsUser(
    "29:user-reporter", "Sanne Visser", "00000000-0000-4000-8000-0000000000a1", "en-US"
)
CHANNEL_ID = "19:signalen@thread.tacv2"
TEAM_ID = "19:team-oov@thread.tacv2"


TEST_ROUTING = Path(__file__).parent / "routing.toml"


def make_settings(tmp_path: Path, database_url: str, **extra: str) -> Settings:
    return load_settings(
        {
            "MELDROUTE_ENV": "development",
            "DATABASE_URL": database_url,
            "MELDROUTE_KEY_FILE": str(tmp_path / "kek.key"),
            "MELDROUTE_AUDIT_ANCHOR_FILE": str(tmp_path / "audit-anchors.jsonl"),
            "MELDROUTE_ROUTING_FILE": str(TEST_ROUTING),
            **extra,
        },
        dotenv=tmp_path / "no.env",
    )


@dataclass
class BotHarness:
    services: Services
    client: TestClient
    connector: RecordingConnector
    clock: FakeClock
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    owns_connector: bool = True

    @classmethod
    async def start(
        cls,
        settings: Settings,
        clock: FakeClock | None = None,
        connector: RecordingConnector | None = None,
        key_provider: Any = None,
    ) -> BotHarness:
        """A bot instance; pass another instance's connector to play a restart of the same bot."""
        clock = clock or FakeClock()
        owns_connector = connector is None
        if connector is None:
            connector = RecordingConnector()
            await connector.start()
        services = await build_services(settings, clock=clock, key_provider=key_provider)
        # Background jobs stay off: tests drive the outbox and deadlines with the fake clock.
        client = TestClient(
            TestServer(create_app(services, background_jobs=False), host="127.0.0.1")
        )
        await client.start_server()
        return cls(services, client, connector, clock, owns_connector=owns_connector)

    async def close(self) -> None:
        assert not self.connector.nulls, f"nulls sent to Teams at {self.connector.nulls[:5]}"
        assert not self.connector.too_large, (
            f"messages over Teams' limit: {self.connector.too_large}"
        )
        await self.client.close()
        await self.services.authentication.close()
        await self.services.engine.dispose()
        if self.owns_connector:
            await self.connector.close()

    def activity(
        self, user: TeamsUser, conversation_id: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        conversation_id = conversation_id or f"personal-{user.id}"
        if user.locale:
            fields = {"locale": user.locale, **fields}
        return {
            "type": "message",
            "id": f"in-{next(self._ids)}",
            "channelId": "msteams",
            "serviceUrl": self.connector.url,
            "timestamp": self.clock().isoformat(),
            "from": {"id": user.id, "name": user.name, "aadObjectId": user.aad_object_id},
            "recipient": {"id": "28:meldroute-bot", "name": "Meldroute"},
            "conversation": {
                "id": conversation_id,
                "conversationType": "personal",
                "tenantId": "tenant",
            },
            **fields,
        }

    async def post(
        self, body: Any, headers: dict[str, str] | None = None
    ) -> tuple[int, list[Sent]]:
        before = len(self.connector.sent)
        response = await self.client.post("/api/messages", json=body, headers=headers)
        await response.read()
        return response.status, self.connector.sent[before:]

    async def say(self, user: TeamsUser, text: str) -> list[Sent]:
        status, sent = await self.post(self.activity(user, text=text))
        assert status in (200, 201), status
        return sent

    def channel_activity(self, user: TeamsUser, **fields: Any) -> dict[str, Any]:
        activity = self.activity(user, conversation_id=CHANNEL_ID, **fields)
        activity["conversation"] = {
            "id": CHANNEL_ID,
            "conversationType": "channel",
            "isGroup": True,
            "tenantId": "tenant",
        }
        activity["channelData"] = {
            "channel": {"id": CHANNEL_ID},
            "team": {"id": TEAM_ID},
            "tenant": {"id": "tenant"},
        }
        return activity

    async def say_in_channel(self, user: TeamsUser, text: str) -> list[Sent]:
        body = self.channel_activity(
            user,
            text=f"<at>Meldroute</at> {text}",
            entities=[
                {
                    "type": "mention",
                    "text": "<at>Meldroute</at>",
                    "mentioned": {"id": "28:meldroute-bot", "name": "Meldroute"},
                }
            ],
        )
        status, sent = await self.post(body)
        assert status in (200, 201), status
        return sent

    async def invoke(
        self, user: TeamsUser, verb: str, data: dict[str, Any], *, in_channel: bool = False
    ) -> dict[str, Any]:
        """Click an Action.Execute button; returns the invoke response body (what only this user sees)."""
        value = {"action": {"type": "Action.Execute", "verb": verb, "data": data}}
        fields = {"type": "invoke", "name": "adaptiveCard/action", "value": value}
        body = (
            self.channel_activity(user, **fields) if in_channel else self.activity(user, **fields)
        )
        response = await self.client.post("/api/messages", json=body)
        assert response.status == 200, response.status
        answer = await response.json()
        # Teams shows an invoke's card under the same size limit as a message.
        assert teams_size(answer) <= TEAMS_MESSAGE_LIMIT, f"{verb}: {teams_size(answer)} bytes"
        return answer

    async def deliver(self, rounds: int = 10) -> list[Sent]:
        """Run the outbox worker until nothing is due now; returns what it sent."""
        before = len(self.connector.sent)
        for _ in range(rounds):
            if not await self.services.worker.run_once():
                break
        return self.connector.sent[before:]

    async def submit(
        self, user: TeamsUser, value: dict[str, Any], reply_to_id: str | None
    ) -> list[Sent]:
        fields: dict[str, Any] = {"value": value}
        if reply_to_id:
            fields["replyToId"] = reply_to_id
        status, sent = await self.post(self.activity(user, **fields))
        assert status in (200, 201), status
        return sent


def last_card(sent: list[Sent]) -> Sent:
    cards = [s for s in sent if s.card is not None and s.kind != "update"]
    assert cards, f"no new card in {[s.text or s.kind for s in sent]}"
    return cards[-1]


def submit_data(card_sent: Sent, action: str = "next") -> dict[str, Any]:
    """The data of the card's action with the given `action` (as a click would send it)."""
    card = card_sent.card
    assert card is not None
    for act in card.get("actions", []):
        if act["data"].get("action") == action:
            return dict(act["data"])
    raise AssertionError(f"no '{action}' action on card")


def new_submission_id() -> str:
    return str(uuid.uuid4())


def card_title(card: dict[str, Any] | None) -> str:
    """The first heading of a card (the step counter above it is not a heading)."""
    for block in (card or {}).get("body", []):
        if block.get("type") == "TextBlock" and block.get("weight") == "Bolder":
            return str(block.get("text", ""))
    return ""


def shown_now(sent: list[Sent], conversation_id: str | None = None) -> dict[str, dict[str, Any]]:
    """What the chat shows now: every message the bot posted, in its latest version (updates
    in place applied), by activity id."""
    shown: dict[str, dict[str, Any]] = {}
    for s in sent:
        if conversation_id and s.conversation_id != conversation_id:
            continue
        shown[s.activity_id] = s.activity
    return shown
