"""A lean Bot Connector client for the calls the adapter makes on every turn.

botbuilder's ConnectorClient (msrest 0.7) walks every outgoing activity with a validating
serializer and sends it through `requests` in a worker thread; for card-heavy replies that was
most of a turn's CPU. This client posts the same JSON over one pooled aiohttp session per
service URL, with the same credentials (a bearer token whenever an app id is configured).
Operations it does not implement fall through to the original client.
"""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import aiohttp
from botbuilder.schema import ConversationResourceResponse, ResourceResponse

from bot.wire import to_wire
from cards.fitting import notice_attachment, too_large


def _body(wire: Any) -> bytes:
    """The request body. The JSON is made here anyway, so here its size is checked the way
    Teams counts it (UTF-16): a message with cards over the limit goes out with a notice in
    their place (cards.fitting), instead of being refused by Teams."""
    text = json.dumps(wire, ensure_ascii=False)
    if isinstance(wire, dict) and wire.get("attachments") and too_large(text):
        wire = {**wire, "attachments": [notice_attachment(len(text))]}
        text = json.dumps(wire, ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate someone typed: escaped, as JSON allows, so the body stays UTF-8.
        return json.dumps(wire).encode("ascii")


class ConnectorError(Exception):
    """The Bot Connector answered with an error status; `response` carries status and headers."""

    def __init__(self, status: int, headers: dict[str, str]) -> None:
        super().__init__(f"connector answered {status}")
        self.response = SimpleNamespace(status_code=status, headers=headers)


class _Conversations:
    def __init__(self, client: FastConnectorClient) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client.fallback.conversations, name)

    async def send_to_conversation(
        self, conversation_id: str, activity: Any, **_: Any
    ) -> ResourceResponse:
        body = await self._client.call(
            "POST", f"v3/conversations/{quote(conversation_id, safe='')}/activities", activity
        )
        return ResourceResponse(id=body.get("id"))

    async def reply_to_activity(
        self, conversation_id: str, activity_id: str, activity: Any, **_: Any
    ) -> ResourceResponse:
        path = f"v3/conversations/{quote(conversation_id, safe='')}/activities/{quote(activity_id, safe='')}"
        body = await self._client.call("POST", path, activity)
        return ResourceResponse(id=body.get("id"))

    async def update_activity(
        self, conversation_id: str, activity_id: str, activity: Any, **_: Any
    ) -> ResourceResponse:
        path = f"v3/conversations/{quote(conversation_id, safe='')}/activities/{quote(activity_id, safe='')}"
        body = await self._client.call("PUT", path, activity)
        return ResourceResponse(id=body.get("id") or activity_id)

    async def create_conversation(self, parameters: Any, **_: Any) -> ConversationResourceResponse:
        payload = to_wire(parameters)
        if getattr(parameters, "tenant_id", None):
            # botbuilder's model names it "tenantID"; the Bot Connector reads "tenantId".
            payload["tenantId"] = payload.pop("tenantID", parameters.tenant_id)
        body = await self._client.call("POST", "v3/conversations", payload)
        return ConversationResourceResponse(
            id=body.get("id"),
            activity_id=body.get("activityId"),
            service_url=body.get("serviceUrl"),
        )


class FastConnectorClient:
    def __init__(self, service_url: str, fallback: Any) -> None:
        self._base = service_url.rstrip("/") + "/"
        self.fallback = fallback
        self.config = fallback.config
        self.conversations = _Conversations(self)
        self._session: aiohttp.ClientSession | None = None

    def _credentials_header(self) -> Any:
        credentials = self.config.credentials
        if not credentials or not getattr(credentials, "microsoft_app_id", None):
            return None  # development mode: no outbound token, as botbuilder does
        return credentials

    async def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json; charset=utf-8"}
        credentials = self._credentials_header()
        if credentials is not None:
            # msal caches the token; the call can block on a refresh, so it runs off the loop.
            token = await asyncio.to_thread(credentials.get_access_token)
            headers["Authorization"] = f"Bearer {token}"
        return headers

    def _session_for_loop(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self._session

    async def call(self, method: str, path: str, payload: Any) -> dict[str, Any]:
        session = self._session_for_loop()
        async with session.request(
            method, self._base + path, data=_body(to_wire(payload)), headers=await self._headers()
        ) as response:
            if response.status >= 400:
                await response.read()
                raise ConnectorError(response.status, dict(response.headers))
            if response.content_length == 0:
                return {}
            try:
                return await response.json(content_type=None)
            except ValueError:
                return {}

    async def close(self) -> None:
        if self._session:
            await self._session.close()
