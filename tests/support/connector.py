"""A recording Bot Connector: a real HTTP server the bot's connector client talks to.

It answers like the Bot Connector service and keeps every activity the bot sent or updated,
so tests can assert on what users would see. Failures (429, 5xx) can be scripted.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Sent:
    kind: str  # "send", "reply" or "update"
    conversation_id: str
    activity_id: str
    activity: dict[str, Any]
    authorization: str = ""

    @property
    def text(self) -> str:
        return self.activity.get("text") or ""

    @property
    def card(self) -> dict[str, Any] | None:
        for attachment in self.activity.get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return attachment["content"]
        return None


# Teams refuses a bot message over about 100 KB, counted in UTF-16 (Microsoft's "Format your bot
# messages" page); the recording connector answers such a message as Teams would.
TEAMS_MESSAGE_LIMIT = 100_000


def teams_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode("utf-16-le", "surrogatepass"))


def null_paths(value: Any, path: str = "") -> list[str]:
    """Where a JSON value holds null. Teams' Adaptive Card renderer does not expect nulls, and
    cards go out as built (cards.elements.JsonReady), so every test checks that none slipped in."""
    if value is None:
        return [path or "/"]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in null_paths(v, f"{path}/{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in null_paths(v, f"{path}/{i}")]
    return []


@dataclass
class RecordingConnector:
    sent: list[Sent] = field(default_factory=list)
    nulls: list[str] = field(default_factory=list)  # paths of nulls in anything sent
    too_large: list[int] = field(default_factory=list)  # sizes of messages refused as too large
    scripted_failures: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    # Conversations that answer with this status every time (a person who left, say).
    refused_conversations: dict[str, int] = field(default_factory=dict)
    created_chats: list[dict[str, Any]] = field(default_factory=list)  # bodies of 1:1 creates
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    server: TestServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("")).rstrip("/")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create_conversation)
        app.router.add_post("/v3/conversations/{cid}/activities", self._send)
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self._reply)
        app.router.add_put("/v3/conversations/{cid}/activities/{aid}", self._update)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()

    async def close(self) -> None:
        if self.server:
            await self.server.close()

    def _failure(self) -> web.Response | None:
        if self.scripted_failures:
            status, headers = self.scripted_failures.pop(0)
            return web.json_response(
                {"error": {"code": "Throttled"}}, status=status, headers=headers
            )
        return None

    async def _record(
        self, request: web.Request, kind: str, activity_id: str | None = None
    ) -> web.Response:
        failure = self._failure()
        if failure:
            return failure
        refused = self.refused_conversations.get(request.match_info["cid"])
        if refused:
            return web.json_response({"error": {"code": "Forbidden"}}, status=refused)
        body = await request.json()
        self.nulls += null_paths(body)
        if teams_size(body) > TEAMS_MESSAGE_LIMIT:
            # What Teams answers to a message over its size limit.
            self.too_large.append(teams_size(body))
            return web.json_response(
                {"error": {"code": "MessageSizeTooBig"}}, status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE
            )
        new_id = activity_id or f"act-{next(self._ids)}"
        self.sent.append(
            Sent(
                kind,
                request.match_info["cid"],
                new_id,
                body,
                request.headers.get("Authorization", ""),
            )
        )
        return web.json_response({"id": new_id})

    async def _create_conversation(self, request: web.Request) -> web.Response:
        """A new thread in a channel, or a new 1:1 chat with one member (by Entra object id)."""
        failure = self._failure()
        if failure:
            return failure
        body = await request.json()
        self.nulls += null_paths(body)
        if not body.get("isGroup"):
            member = (body.get("members") or [{}])[0].get("id", "")
            refused = self.refused_conversations.get(f"create:{member}")
            if refused:
                return web.json_response({"error": {"code": "Forbidden"}}, status=refused)
            conversation_id = f"personal-created-{member}"
            self.created_chats.append(body)
            return web.json_response({"id": conversation_id})
        channel_id = (body.get("channelData") or {}).get("channel", {}).get("id", "unknown")
        activity_id = f"act-{next(self._ids)}"
        conversation_id = f"{channel_id};messageid={activity_id}"
        self.sent.append(Sent("create", conversation_id, activity_id, body.get("activity") or {}))
        return web.json_response({"id": conversation_id, "activityId": activity_id})

    async def _send(self, request: web.Request) -> web.Response:
        return await self._record(request, "send")

    async def _reply(self, request: web.Request) -> web.Response:
        return await self._record(request, "reply")

    async def _update(self, request: web.Request) -> web.Response:
        return await self._record(request, "update", request.match_info["aid"])

    def everything_sent_text(self) -> str:
        """All text and card JSON the bot sent, for searching for data that must not be there."""
        import json

        return "\n".join(json.dumps(s.activity, ensure_ascii=False) for s in self.sent)
