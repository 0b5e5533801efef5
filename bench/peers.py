"""The reference servers a benchmark run compares Meldroute against, each run as its own process:

- `bare`: aiohttp answering a JSON POST (the ceiling for an HTTP JSON endpoint here);
- `echo`: a stock botbuilder echo bot (CloudAdapter, auth off) replying through the connector;
- `connector`: a stub Bot Connector that accepts replies, counts them per conversation, and can
  enforce a rate limit with 429 + Retry-After (the Teams limit per app per tenant).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import time
from collections import Counter, deque

from aiohttp import web


def bare_app() -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response({"ok": True, "type": body.get("type")})

    app = web.Application()
    app.router.add_post("/api/messages", handle)
    return app


def echo_app() -> web.Application:
    from botbuilder.core import ActivityHandler, TurnContext
    from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
    from botbuilder.schema import Activity

    class Config:
        APP_ID = ""
        APP_PASSWORD = ""
        APP_TYPE = "MultiTenant"
        APP_TENANTID = ""

    class EchoBot(ActivityHandler):
        async def on_message_activity(self, turn_context: TurnContext) -> None:
            await turn_context.send_activity(f"Echo: {turn_context.activity.text}")

    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(Config()))
    bot = EchoBot()

    async def handle(request: web.Request) -> web.Response:
        activity = Activity().deserialize(await request.json())
        response = await adapter.process_activity(
            request.headers.get("Authorization", ""), activity, bot.on_turn
        )
        return (
            web.json_response(response.body, status=response.status)
            if response
            else web.Response(status=201)
        )

    app = web.Application()
    app.router.add_post("/api/messages", handle)
    return app


def connector_app(rate_limit: float | None) -> web.Application:
    ids = itertools.count(1)
    replies: Counter[str] = Counter()
    keys: Counter[str] = Counter()
    recent: deque[float] = deque()

    def limited() -> bool:
        if not rate_limit:
            return False
        now = time.monotonic()
        while recent and now - recent[0] > 1.0:
            recent.popleft()
        if len(recent) >= rate_limit:
            return True
        recent.append(now)
        return False

    async def accept(request: web.Request) -> web.Response:
        if limited():
            return web.json_response(
                {"error": {"code": "Throttled"}}, status=429, headers={"Retry-After": "1"}
            )
        body = await request.read()
        conversation = request.match_info.get("cid", "")
        replies[conversation] += 1
        text = (json.loads(body).get("text") or "") if body else ""
        if text.startswith("bench:"):
            keys[text] += 1
        return web.json_response({"id": f"a{next(ids)}"})

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response({"replies": dict(replies), "keys": dict(keys)})

    async def reset(_request: web.Request) -> web.Response:
        replies.clear()
        keys.clear()
        return web.json_response({})

    app = web.Application(client_max_size=4 * 1024 * 1024)
    app.router.add_post("/v3/conversations/{cid}/activities", accept)
    app.router.add_post("/v3/conversations/{cid}/activities/{aid}", accept)
    app.router.add_put("/v3/conversations/{cid}/activities/{aid}", accept)
    app.router.add_get("/stats", stats)
    app.router.add_post("/reset", reset)
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("bare", "echo", "connector"))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rate-limit", type=float, default=None)
    args = parser.parse_args()
    app = {"bare": bare_app, "echo": echo_app}.get(
        args.kind, lambda: connector_app(args.rate_limit)
    )()
    asyncio.set_event_loop(asyncio.new_event_loop())
    web.run_app(app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
