"""Run the bot and the real Microsoft 365 Agents Playground side by side, and drive the
Playground over its HTTP API as its own web UI does (see shared/playground.md)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from bot.settings import PROJECT_ROOT
from tools.demo_users import playground_config

PLAYGROUND_BIN = PROJECT_ROOT / "node_modules" / ".bin" / "agentsplayground"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: process exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@dataclass
class RunningStack:
    bot_port: int
    playground_port: int
    database_file: Path
    log_file: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.playground_port}"


@contextlib.contextmanager
def running_stack(
    tmp_path: Path,
    role: str = "reporter",
    *,
    bot_opens_chats: bool = False,
    routing: Path | None = None,
    locale: str | None = "nl-NL",
) -> Iterator[RunningStack]:
    """The bot and the Playground; `bot_opens_chats`: the bot knows the tenant and the
    Playground as its Bot Connector, so it can open 1:1 chats with people who never wrote;
    `routing`: another routing file than the tests' own. The Playground sends locale en-US on
    every activity, so the bot assumes `locale` instead (as `make run` does); None follows the
    Playground (English)."""
    bot_port, playground_port = free_port(), free_port()
    database_file = tmp_path / "e2e.db"
    log_file = tmp_path / "bot.log"
    config = tmp_path / "playground.yml"
    config.write_text(playground_config(role))
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MICROSOFT_", "MELDROUTE_", "DATABASE_"))
    }
    bot_env = {
        **env,
        "MELDROUTE_ENV": "development",
        "PORT": str(bot_port),
        "DATABASE_URL": f"sqlite:///{database_file}",
        "MELDROUTE_KEY_FILE": str(tmp_path / "kek.key"),
        "MELDROUTE_AUDIT_ANCHOR_FILE": str(tmp_path / "audit-anchors.jsonl"),
        "LOG_LEVEL": "DEBUG",
        "MELDROUTE_ROUTING_FILE": str(routing or Path(__file__).parent / "routing.toml"),
        **({"MELDROUTE_DEV_LOCALE": locale} if locale else {}),
    }
    if bot_opens_chats:
        bot_env["MICROSOFT_APP_TENANT_ID"] = "playground-tenant"
        bot_env["MELDROUTE_TEAMS_SERVICE_URL"] = f"http://127.0.0.1:{playground_port}/_connector"
    with open(log_file, "wb") as log:
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"],
            cwd=PROJECT_ROOT,
            env=bot_env,
            stdout=log,
            stderr=log,
        )
        playground = None
        try:
            _wait(f"http://127.0.0.1:{bot_port}/readyz", bot)
            playground = subprocess.Popen(
                [
                    str(PLAYGROUND_BIN),
                    "-e",
                    f"http://127.0.0.1:{bot_port}/api/messages",
                    "-c",
                    "msteams",
                    "--dt",
                    "-p",
                    str(playground_port),
                ],
                cwd=tmp_path,
                env={
                    **env,
                    "TEAMSAPPTESTER_BROWSER": "none",
                    "M365_AGENTS_PLAYGROUND_CONFIG_PATH": str(config),
                },
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _wait(f"http://127.0.0.1:{playground_port}/_debug/ping", playground)
            yield RunningStack(bot_port, playground_port, database_file, log_file)
        finally:
            for process in (playground, bot):
                if process and process.poll() is None:
                    process.terminate()
                    try:
                        process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        process.kill()


CONVERSATION_STREAM = "/_ws_conversation/v1/conversations/stream"
LOG_STREAM = "/_ws/log/stream"


async def follow_stream(
    session: aiohttp.ClientSession, stack: RunningStack, path: str, reader: Any
) -> asyncio.Task[None]:
    """Open one of the Playground's WebSockets and feed its frames to `reader` in a task."""
    ws = await session.ws_connect(stack.base.replace("http", "ws") + path)
    return asyncio.create_task(reader(ws))


def stop_following(task: asyncio.Task[None] | None) -> None:
    if task:
        task.cancel()


@dataclass
class PlaygroundClient:
    """The Playground's browser user: sends messages and card submits, sees what the bot shows."""

    stack: RunningStack
    user_id: str
    session: aiohttp.ClientSession
    chat: str = "personal-chat-reporter"
    messages: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # message id -> latest version
    order: list[str] = field(default_factory=list)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _reader: asyncio.Task[None] | None = None

    async def open(self) -> None:
        self._reader = await follow_stream(
            self.session, self.stack, CONVERSATION_STREAM, self._read
        )

    async def close(self) -> None:
        stop_following(self._reader)

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for frame in ws:
            data = json.loads(frame.data)
            message = data.get("message") or {}
            message_id = message.get("messageId") or message.get("id")
            if data.get("action") in ("createMessage", "updateMessage") and message_id:
                if message_id not in self.messages:
                    self.order.append(message_id)
                self.messages[message_id] = message
                self._changed.set()

    async def wait_for(self, predicate: Any, timeout: float = 15) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for message_id in reversed(self.order):
                if predicate(self.messages[message_id]):
                    return self.messages[message_id]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("the bot did not show the expected message")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    async def install(self, conversation: str | None = None) -> None:
        conversation = conversation or self.chat
        response = await self.session.post(
            f"{self.stack.base}/_debug/conversation/{conversation}/installation", json={}
        )
        assert response.status == 200, response.status

    async def say(self, text: str, conversation: str | None = None) -> None:
        conversation = conversation or self.chat
        response = await self.session.post(
            f"{self.stack.base}/_conversation/v1/conversations/{conversation}/messages",
            json={"from": {"id": self.user_id}, "text": text, "textFormat": "plain"},
        )
        assert response.status == 200, response.status

    async def submit(
        self, card_message_id: str, value: dict[str, Any], conversation: str | None = None
    ) -> None:
        conversation = conversation or self.chat
        response = await self.session.post(
            f"{self.stack.base}/_conversation/v1/submit",
            json={
                "conversation": {"id": conversation},
                "from": {"id": self.user_id},
                "replyToId": card_message_id,
                "value": value,
            },
        )
        assert response.status == 200, (response.status, await response.text())


def card_of(message: dict[str, Any]) -> dict[str, Any] | None:
    for attachment in message.get("attachments") or []:
        if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
            content = attachment.get("content")
            return json.loads(content) if isinstance(content, str) else content
    return None


def action_data(message: dict[str, Any], action: str = "next") -> dict[str, Any]:
    card = card_of(message) or {}
    for act in card.get("actions", []):
        if act.get("data", {}).get("action") == action:
            return dict(act["data"])
    raise AssertionError(f"no {action} action")


@dataclass
class PlaygroundLog:
    """Every activity the bot sent to the Playground, in any conversation (/_ws/log/stream)."""

    session: aiohttp.ClientSession
    stack: RunningStack
    sent: list[dict[str, Any]] = field(
        default_factory=list
    )  # {"conversation", "id", "activity", "kind"}
    _reader: asyncio.Task[None] | None = None

    async def open(self) -> None:
        self._reader = await follow_stream(self.session, self.stack, LOG_STREAM, self._read)

    async def close(self) -> None:
        stop_following(self._reader)

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for frame in ws:
            log = json.loads(frame.data).get("log") or {}
            if log.get("from") != "User Application":
                continue
            body = (log.get("request") or {}).get("body") or {}
            response = ((log.get("response") or {}).get("body")) or {}
            activity = (
                body.get("activity") if log.get("activityName") == "createConversation" else body
            )
            if not isinstance(activity, dict):
                continue
            self.sent.append(
                {
                    "conversation": response.get("id")
                    if log.get("activityName") == "createConversation"
                    else log.get("conversationId"),
                    "id": response.get("activityId") or response.get("id") or body.get("id"),
                    "activity": activity,
                    "kind": log.get("activityName"),
                }
            )

    async def wait_for(self, predicate: Any, timeout: float = 15) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for entry in reversed(self.sent):
                if predicate(entry):
                    return entry
            await asyncio.sleep(0.1)
        raise AssertionError("the bot did not send the expected activity")

    def text(self) -> str:
        return json.dumps([e["activity"] for e in self.sent], ensure_ascii=False)


async def act_as(
    session: aiohttp.ClientSession, stack: RunningStack, conversation: str, user: Any, **fields: Any
) -> None:
    """Send an activity from any demo user into a conversation (the Playground's custom activities)."""
    template_url = (
        f"{stack.base}/_internal/v1/customActivities/template?conversationId={conversation}"
    )
    template = await (await session.get(template_url)).json()
    activity = {
        **template,
        "type": "message",
        "from": {"id": user.id, "name": user.name, "aadObjectId": user.aad_object_id},
        **fields,
    }
    response = await session.post(f"{stack.base}/_internal/v1/customActivities", json=activity)
    assert response.status == 200, response.status


async def invoke_as(
    session: aiohttp.ClientSession,
    stack: RunningStack,
    conversation: str,
    user: Any,
    message_id: str,
    verb: str,
    data: dict[str, Any],
) -> dict[str, Any]:
    """Click an Action.Execute button as a demo user; returns what the bot answered that user."""
    response = await session.post(
        f"{stack.base}/_conversation/v1/invoke",
        json={
            "name": "adaptiveCard/action",
            "conversation": {"id": conversation},
            "from": {"id": user.id},
            "replyToId": message_id,
            "value": {"action": {"type": "Action.Execute", "verb": verb, "data": data}},
        },
    )
    assert response.status == 200, (response.status, await response.text())
    return await response.json()


async def open_personal_chat(
    session: aiohttp.ClientSession, stack: RunningStack, user_id: str
) -> str:
    response = await session.post(
        f"{stack.base}/_connector/v3/conversations",
        json={"isGroup": False, "members": [{"id": user_id}]},
    )
    return (await response.json())["id"]


@contextlib.asynccontextmanager
async def watching(
    stack: RunningStack, session: aiohttp.ClientSession, user_id: str
) -> AsyncIterator[tuple[PlaygroundClient, PlaygroundLog]]:
    """The browser user's view and the log of everything the bot sent, for one test."""
    log = PlaygroundLog(session, stack)
    await log.open()
    user = PlaygroundClient(stack, user_id, session)
    await user.open()
    try:
        yield user, log
    finally:
        await user.close()
        await log.close()
