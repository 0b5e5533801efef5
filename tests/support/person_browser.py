"""Click through the Agents Playground's own web page in headless Chromium, as a person would,
counting the clicks (tests/support/browser.py clicks buttons for screenshots; this one also
ticks choices and types in fields, as a report needs).

A small Chrome DevTools Protocol client: it opens the Playground's page, finds buttons, choices
and text fields on the Adaptive Cards as the Playground renders them (by the texts a person
reads), and clicks them with real mouse events, counting each click. It also takes screenshots.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import shutil
import socket
import subprocess
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"

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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Clicks:
    clicks: int = 0
    text_fields: int = 0

    def __str__(self) -> str:
        return f"{self.clicks} clicks and {self.text_fields} text fields"


class Browser:
    """Headless Chromium on one page, driven over the DevTools protocol."""

    def __init__(self, width: int = 1200, height: int = 1600) -> None:
        self.width, self.height = width, height
        self.counted = Clicks()
        self._port = _free_port()
        self._profile = tempfile.mkdtemp(prefix="meldroute-chromium-")
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._process: subprocess.Popen[bytes] | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self, session: aiohttp.ClientSession) -> None:
        self._process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={self._profile}",
                f"--remote-debugging-port={self._port}",
                f"--window-size={self.width},{self.height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        targets: list[dict[str, Any]] = []
        for _ in range(150):
            with contextlib.suppress(OSError):
                url = f"http://127.0.0.1:{self._port}/json"
                targets = json.loads(urllib.request.urlopen(url, timeout=1).read())
                if any(t["type"] == "page" for t in targets):
                    break
            await asyncio.sleep(0.2)
        page = next(t for t in targets if t["type"] == "page")
        self._ws = await session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        await self.call("Page.enable")
        await self.resize(self.height)

    async def close(self) -> None:
        if self._reader:
            self._reader.cancel()
        if self._ws:
            await self._ws.close()
        if self._process and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=10)
        shutil.rmtree(self._profile, ignore_errors=True)

    async def _read(self) -> None:
        assert self._ws is not None
        async for frame in self._ws:
            data = json.loads(frame.data)
            future = self._pending.pop(data.get("id", -1), None)
            if future and not future.done():
                future.set_result(data)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        assert self._ws is not None
        ident = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[ident] = future
        await self._ws.send_str(json.dumps({"id": ident, "method": method, "params": params}))
        answer = await asyncio.wait_for(future, 60)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return dict(answer.get("result", {}))

    async def js(self, expression: str) -> Any:
        result = await self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if result.get("exceptionDetails"):
            raise RuntimeError(str(result["exceptionDetails"]))
        return result["result"].get("value")

    async def resize(self, height: int) -> None:
        await self.call(
            "Emulation.setDeviceMetricsOverride",
            width=self.width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    async def open(self, url: str) -> None:
        await self.call("Page.navigate", url=url)
        await self.wait_for_text("Meldroute")

    async def page_text(self) -> str:
        return str(await self.js("document.body ? document.body.innerText : ''"))

    async def cards_text(self) -> list[str]:
        return list(
            await self.js(
                "Array.from(document.querySelectorAll('.ac-adaptiveCard'))"
                ".filter(c => !c.parentElement.closest('.ac-adaptiveCard'))"
                ".map(c => c.innerText)"
            )
        )

    async def wait_for_text(self, text: str, timeout: float = 20) -> None:
        for _ in range(int(timeout / 0.2)):
            if text in await self.page_text():
                return
            await asyncio.sleep(0.2)
        raise AssertionError(f"the page never showed {text!r}")

    async def _point(self, kind: str, needle: str, within: str = "") -> tuple[float, float]:
        for _ in range(50):
            point = await self.js(
                f"{_FIND}({json.dumps(kind)}, {json.dumps(needle)}, {json.dumps(within)})"
            )
            if point:
                await asyncio.sleep(0.1)  # let the scroll settle, then measure again
                point = await self.js(
                    f"{_FIND}({json.dumps(kind)}, {json.dumps(needle)}, {json.dumps(within)})"
                )
                return float(point[0]), float(point[1])
            await asyncio.sleep(0.2)
        raise AssertionError(f"no {kind} {needle!r} {within!r} on the page")

    async def _click_at(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            await self.call(
                "Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1
            )

    async def press(self, label: str) -> None:
        """Click the button with this label (a card button, or a fold-open button)."""
        await self._click_at(*await self._point("button", label))
        self.counted.clicks += 1

    async def choose(self, label: str, option: str) -> None:
        """Click the radio button or tick box `option` of the input labelled `label`."""
        await self._click_at(*await self._point("choice", option, label))
        self.counted.clicks += 1

    async def fill(self, label: str, text: str) -> None:
        """Click into the text field labelled `label` and type `text`."""
        await self._click_at(*await self._point("field", label))
        await self.call("Input.insertText", text=text)
        self.counted.text_fields += 1

    async def screenshot(self, path: Path, height: int | None = None) -> None:
        """The page as it looks now; with `height`, the window is made that tall first so the
        whole chat fits."""
        if height:
            await self.resize(height)
            await asyncio.sleep(0.5)
        shot = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
        if height:
            await self.resize(self.height)
