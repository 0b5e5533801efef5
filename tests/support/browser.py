"""Headless Chromium on the Agents Playground's page, driven over the DevTools protocol: click a
card's button as a person would (the Playground sends the action and draws the bot's answer)
and save what the page shows, so a screenshot is the card as the Playground renders it."""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
from pathlib import Path
from typing import Any

import aiohttp

from tests.support.playground import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class Browser:
    def __init__(
        self,
        process: asyncio.subprocess.Process,
        session: aiohttp.ClientSession,
        ws: aiohttp.ClientWebSocketResponse,
    ) -> None:
        self._process, self._session, self._ws, self._ids = process, session, ws, 0

    @classmethod
    async def open(cls, url: str, profile: Path, size: str = "1400,2000") -> Browser:
        port = free_port()
        process = await asyncio.create_subprocess_exec(
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--remote-debugging-port={port}",
            f"--window-size={size}",
            "about:blank",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        session = aiohttp.ClientSession()
        page: dict[str, Any] = {}
        for _ in range(150):
            try:
                targets = await (await session.get(f"http://127.0.0.1:{port}/json/list")).json()
                page = next(x for x in targets if x.get("type") == "page")
                break
            except (aiohttp.ClientError, StopIteration):
                await asyncio.sleep(0.1)
        ws = await session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        browser = cls(process, session, ws)
        await browser.call("Page.navigate", url=url)
        await asyncio.sleep(5)  # the page loads and connects to the Playground
        return browser

    async def call(self, method: str, **params: object) -> dict[str, Any]:
        self._ids += 1
        await self._ws.send_json({"id": self._ids, "method": method, "params": params})
        async for frame in self._ws:
            data = json.loads(frame.data)
            if data.get("id") == self._ids:
                return data.get("result", {})
        return {}

    async def js(self, expression: str) -> Any:
        result = await self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        return result.get("result", {}).get("value")

    async def click(self, text: str, nth: int = -1) -> None:
        """Click the button with this text (the last one on the page by default: the newest
        card is at the bottom)."""
        found = await self.js(
            "(() => { const bs = Array.from(document.querySelectorAll('button'))"
            f".filter(b => b.innerText.trim() === {json.dumps(text)});"
            f" if (!bs.length) return 0; bs.at({nth}).scrollIntoView(); bs.at({nth}).click();"
            " return bs.length; })()"
        )
        assert found, f"no button {text!r} on the page"
        await asyncio.sleep(2)

    async def open_chat(self, title: str) -> None:
        """Open a chat or channel in the Playground's left column by its accessible name."""
        found = await self.js(
            "(() => { const e = Array.from(document.querySelectorAll('[aria-label]'))"
            f".find(x => x.getAttribute('aria-label') === {json.dumps(title)});"
            " if (!e) return false; e.click(); return true; })()"
        )
        assert found, f"no chat {title!r}"
        await asyncio.sleep(2)

    async def screenshot(self, path: Path) -> None:
        await asyncio.sleep(1.5)  # let the card render
        result = await self.call("Page.captureScreenshot", format="png")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(result["data"]))

    async def close(self) -> None:
        await self._ws.close()
        await self._session.close()
        self._process.terminate()
        await self._process.wait()
