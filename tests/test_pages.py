"""The privacy statement, terms of use and front page the Teams manifest links to are served
by the bot, in Dutch, with the configured retention periods."""

from __future__ import annotations

import json
from urllib.parse import urlparse

from bot.pages import markdown_to_html
from tests.support.harness import BotHarness
from tools.app_package import MANIFEST_DIR


async def test_the_manifest_links_point_to_pages_the_bot_serves(bot: BotHarness) -> None:
    developer = json.loads((MANIFEST_DIR / "manifest.json").read_text())["developer"]
    for key in ("websiteUrl", "privacyUrl", "termsOfUseUrl"):
        path = urlparse(developer[key].replace("{{HOSTNAME}}", "example.org")).path
        response = await bot.client.get(path)
        assert response.status == 200, (key, path)
        assert response.content_type == "text/html" and response.charset == "utf-8"
        page = await response.text()
        assert '<html lang="nl">' in page and "Meldroute" in page
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]


async def test_the_privacy_statement_names_the_configured_retention(bot: BotHarness) -> None:
    page = await (await bot.client.get("/privacy")).text()
    settings = bot.services.settings
    assert "<h1>Privacyverklaring Meldroute mensenhandel</h1>" in page
    assert f"tot {settings.retention_identity_days} dagen nadat" in page
    assert f"{settings.retention_closed_days} dagen na het afsluiten" in page
    assert f"nooit langer dan {settings.retention_identity_max_days} dagen" in page
    assert f"{settings.draft_ttl_hours} uur" in page
    assert "{" not in page.split("<style>")[1].split("</style>")[1]  # every placeholder filled
    terms = await (await bot.client.get("/gebruiksvoorwaarden")).text()
    assert "112" in terms and '<a href="/privacy">privacyverklaring</a>' in terms


def test_the_page_markdown_is_escaped() -> None:
    title, body = markdown_to_html("# A <b>\n\nText with **bold** and <script>x</script>\n- item")
    assert title == "A <b>" and "&lt;script&gt;" in body and "<strong>bold</strong>" in body
    assert "<ul><li>item</li></ul>" in body
