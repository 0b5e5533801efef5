"""End to end through the Agents Playground: an aandachtsfunctionaris asks for the key figures
of a year that has data; a colleague without the role is refused."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from domain.knowledge import load_knowledge
from domain.routing import load_routing
from storage.database import create_engine, migrate
from storage.keyring import Keyring
from storage.keys import LocalKeyFileProvider
from tests.support.playground import (
    PLAYGROUND_BIN,
    act_as,
    card_of,
    free_port,
    open_personal_chat,
    running_stack,
    watching,
)
from texts import nl as t
from tools.demo_data import load_plan, plan_year
from tools.demo_users import demo_user

pytestmark = pytest.mark.skipif(
    not PLAYGROUND_BIN.exists() or shutil.which("node") is None,
    reason="the Agents Playground is not installed (run `make test`, which installs it)",
)
ROOT = Path(__file__).resolve().parent.parent


async def fill(tmp_path: Path) -> None:
    """A made-up 2026 in the database the stack's bot will open (same file, same key)."""
    routing = load_routing(ROOT / "tests" / "support" / "routing.toml")
    topics = [e.id for e in load_knowledge(ROOT / "knowledge" / "nl").entries]
    engine = create_engine(f"sqlite:///{tmp_path / 'e2e.db'}")
    await migrate(engine)
    keyring = await Keyring.load_or_create(
        engine, LocalKeyFileProvider(tmp_path / "kek.key"), datetime.now(UTC)
    )
    await load_plan(plan_year(2026, routing, topics, signals=60, questions=20), engine, keyring)
    await engine.dispose()


async def test_the_key_figures_card_in_the_playground(tmp_path: Path) -> None:
    await fill(tmp_path)
    coordinator, colleague = demo_user("coordinator"), demo_user("colleague")
    title = t.KEY_FIGURES_TITLE.format(period="2026")
    screenshots = os.environ.get("MELDROUTE_SCREENSHOT_DIR")
    with running_stack(tmp_path, role="coordinator") as stack:
        async with (
            aiohttp.ClientSession() as session,
            watching(stack, session, coordinator.id) as (user, log),
        ):
            browser = await Browser.open(stack.base, tmp_path) if screenshots else None
            try:
                user.chat = "personal-chat-coordinator"
                await user.say("jaaroverzicht 2026")
                message = await user.wait_for(
                    lambda m: title in json.dumps(card_of(m) or {}, ensure_ascii=False)
                )
                if browser and screenshots:  # to look at the card as the Playground draws it
                    await browser.screenshot(Path(screenshots) / "key-figures-card.png")
            finally:
                if browser:
                    await browser.close()
            facts = next(b for b in card_of(message)["body"] if b["type"] == "FactSet")["facts"]
            shown = {f["title"]: f["value"] for f in facts}
            assert shown[t.FIGURE_LABELS["signals"]] == "60"
            assert all(value for value in shown.values())

            colleague_chat = await open_personal_chat(session, stack, colleague.id)
            await act_as(session, stack, colleague_chat, colleague, text="jaaroverzicht 2026")
            await log.wait_for(lambda e: e["activity"].get("text") == t.KEY_FIGURES_REFUSED)


class Browser:
    """Headless Chromium on the Playground's page, driven over the DevTools protocol, so a
    screenshot shows what the bot sent while the page was open."""

    def __init__(
        self, process: asyncio.subprocess.Process, session: aiohttp.ClientSession, ws
    ) -> None:  # type: ignore[no-untyped-def]
        self._process, self._session, self._ws, self._ids = process, session, ws, 0

    @classmethod
    async def open(cls, url: str, tmp_path: Path) -> Browser:
        port = free_port()
        process = await asyncio.create_subprocess_exec(
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'chromium'}",
            f"--remote-debugging-port={port}",
            "--window-size=1200,1500",
            "about:blank",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        session = aiohttp.ClientSession()
        for _ in range(100):
            try:
                targets = await (await session.get(f"http://127.0.0.1:{port}/json/list")).json()
                page = next(x for x in targets if x.get("type") == "page")
                break
            except (aiohttp.ClientError, StopIteration):
                await asyncio.sleep(0.1)
        ws = await session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        browser = cls(process, session, ws)
        await browser.call("Page.navigate", url=url)
        await asyncio.sleep(5)  # the page loads and the Playground greets the user
        return browser

    async def call(self, method: str, **params: object) -> dict:
        self._ids += 1
        await self._ws.send_json({"id": self._ids, "method": method, "params": params})
        async for frame in self._ws:
            data = json.loads(frame.data)
            if data.get("id") == self._ids:
                return data.get("result", {})
        return {}

    async def screenshot(self, path: Path) -> None:
        await asyncio.sleep(2)  # let the card render
        result = await self.call("Page.captureScreenshot", format="png")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(result["data"]))

    async def close(self) -> None:
        await self._ws.close()
        await self._session.close()
        self._process.terminate()
        await self._process.wait()
