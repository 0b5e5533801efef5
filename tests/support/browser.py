"""Headless Chromium on the Agents Playground's page, driven over the DevTools protocol: click a
card's button as a person would (the Playground sends the action and draws the bot's answer)
and save what the page shows, so a screenshot is the card as the Playground renders it.

`press`, `choose` and `fill` act like a person filling in a card: real mouse clicks at the spot
where the Playground drew the button, the radio button or tick box, or the text field (found by
the texts a person reads), each click counted in `counted`."""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from tests.support.playground import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# Finds an element on the newest card that shows `needle` and returns its centre, after
# scrolling it into view. kind: "button" (by its label), "choice" (a radio button or tick box
# under the input labelled `within`), "field" (the text field labelled `needle`).
_FIND = r"""
(function(kind, needle, within) {
  const norm = s => (s || '').replace(/\s*\*\s*$/, '').trim();
  const cards = Array.from(document.querySelectorAll('.ac-adaptiveCard'))
    .filter(c => !c.parentElement.closest('.ac-adaptiveCard'));
  let found = null;
  for (const card of cards.reverse()) {
    if (kind === 'button') {
      found = Array.from(card.querySelectorAll('button'))
        .find(b => norm(b.getAttribute('aria-label') || b.innerText) === needle);
    } else {
      const label = Array.from(card.querySelectorAll('label'))
        .find(l => norm(l.innerText) === (kind === 'field' ? needle : within) && l.htmlFor);
      if (!label) continue;
      const target = document.getElementById(label.htmlFor);
      if (kind === 'field') found = target;
      if (kind === 'choice') {
        // Radio buttons sit in the labelled group; tick boxes carry the group's id plus -n.
        let options = target ? Array.from(target.querySelectorAll('label')) : [];
        if (!options.length) {
          options = Array.from(card.querySelectorAll('label'))
            .filter(l => l.htmlFor && l.htmlFor.startsWith(label.htmlFor + '-'));
        }
        found = options.find(l => norm(l.innerText) === needle);
      }
    }
    if (found) break;
  }
  if (!found) return null;
  found.scrollIntoView({block: 'center'});
  const r = found.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2];
})
"""


@dataclass
class Clicks:
    """What filling in took: clicks (buttons, choices, folds) and text fields typed in."""

    clicks: int = 0
    text_fields: int = 0

    def __str__(self) -> str:
        return f"{self.clicks} clicks and {self.text_fields} text fields"


class Browser:
    def __init__(
        self,
        process: asyncio.subprocess.Process,
        session: aiohttp.ClientSession,
        ws: aiohttp.ClientWebSocketResponse,
    ) -> None:
        self._process, self._session, self._ws, self._ids = process, session, ws, 0
        self.counted = Clicks()

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

    async def screenshot(self, path: Path, height: int | None = None) -> None:
        """The page as it looks now; with `height`, the window is made that tall first so a
        long chat fits, and put back afterwards."""
        if height:
            await self.resize(height)
        await asyncio.sleep(1.5)  # let the card render
        result = await self.call("Page.captureScreenshot", format="png")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(result["data"]))
        if height:
            await self.call("Emulation.clearDeviceMetricsOverride")

    async def resize(self, height: int, width: int = 1200) -> None:
        await self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    # --- filling in a card as a person does -----------------------------------------------------
    async def page_text(self) -> str:
        return str(await self.js("document.body ? document.body.innerText : ''") or "")

    async def cards_text(self) -> list[str]:
        """The text of every card in the chat, top to bottom (cards inside cards not apart)."""
        return list(
            await self.js(
                "Array.from(document.querySelectorAll('.ac-adaptiveCard'))"
                ".filter(c => !c.parentElement.closest('.ac-adaptiveCard'))"
                ".map(c => c.innerText)"
            )
            or []
        )

    async def wait_for_text(self, text: str, timeout: float = 20) -> None:
        for _ in range(int(timeout / 0.2)):
            if text in await self.page_text():
                return
            await asyncio.sleep(0.2)
        raise AssertionError(f"the page never showed {text!r}")

    async def _point(self, kind: str, needle: str, within: str = "") -> tuple[float, float]:
        arguments = f"({json.dumps(kind)}, {json.dumps(needle)}, {json.dumps(within)})"
        for _ in range(50):
            if await self.js(f"{_FIND}{arguments}"):
                await asyncio.sleep(0.1)  # let the scroll settle, then measure again
                point = await self.js(f"{_FIND}{arguments}")
                return float(point[0]), float(point[1])
            await asyncio.sleep(0.2)
        raise AssertionError(f"no {kind} {needle!r} {within!r} on the page")

    async def _click_at(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            await self.call(
                "Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1
            )

    async def press(self, label: str) -> None:
        """Click the button with this label on the newest card that has it (one click)."""
        await self._click_at(*await self._point("button", label))
        self.counted.clicks += 1

    async def choose(self, label: str, option: str) -> None:
        """Click the radio button or tick box `option` of the input labelled `label`."""
        await self._click_at(*await self._point("choice", option, label))
        self.counted.clicks += 1

    async def fill(self, label: str, text: str) -> None:
        """Click into the text field labelled `label` and type `text` (one text field)."""
        await self._click_at(*await self._point("field", label))
        await self.call("Input.insertText", text=text)
        self.counted.text_fields += 1

    async def close(self) -> None:
        await self._ws.close()
        await self._session.close()
        self._process.terminate()
        await self._process.wait()
