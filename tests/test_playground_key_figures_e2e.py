"""End to end through the Agents Playground: an aandachtsfunctionaris asks for the key figures
of a year that has data; a colleague without the role is refused."""

from __future__ import annotations

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
from tests.support.browser import Browser
from tests.support.playground import (
    PLAYGROUND_BIN,
    act_as,
    card_of,
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
            browser = await Browser.open(stack.base, tmp_path / "chromium") if screenshots else None
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
