"""The public pages the Teams manifest links to: the privacy statement, the terms of use and a
front page (Dutch). The texts live in texts/pages/*.nl.md; the retention periods in the
privacy statement are the configured ones. Rendered once, at start-up, to plain HTML."""

from __future__ import annotations

import html
import re
from pathlib import Path

from aiohttp import web

from bot.settings import Settings

PAGES_DIR = Path(__file__).resolve().parent.parent / "texts" / "pages"
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\((/[^)\s]*)\)")  # links to our own pages only
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5;color:#1b1b1b}h1{color:#005293}"
)


def _inline(text: str) -> str:
    escaped = html.escape(text, quote=True)
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    return _LINK.sub(r'<a href="\2">\1</a>', escaped)


def markdown_to_html(markdown: str) -> tuple[str, str]:
    """The small Markdown our pages use (# headings, paragraphs, - lists, **bold**, links to
    /paths) as HTML; returns (title, body)."""
    blocks: list[str] = []
    title = ""
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            blocks.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#"):
            flush()
            level = min(len(line) - len(line.lstrip("#")), 3)
            text = line.lstrip("#").strip()
            title = title or text
            blocks.append(f"<h{level}>{_inline(text)}</h{level}>")
        elif line.startswith("- "):
            if paragraph:
                flush()
            items.append(line[2:])
        elif items and raw.startswith("  "):
            items[-1] += " " + line  # continuation of a list item
        else:
            paragraph.append(line)
    flush()
    return title, "\n".join(blocks)


def render_page(markdown: str) -> str:
    title, body = markdown_to_html(markdown)
    return (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )


def _front_page() -> str:
    return (
        "# Meldroute mensenhandel\n\n"
        "Meldroute is de app in Microsoft Teams voor de interne meldroute mensenhandel van de "
        "gemeente. Je gebruikt hem in Teams; deze site heeft geen inhoud van meldingen.\n\n"
        "- [Privacyverklaring](/privacy)\n- [Gebruiksvoorwaarden](/gebruiksvoorwaarden)\n"
    )


def page_routes(settings: Settings) -> list[web.RouteDef]:
    privacy = (PAGES_DIR / "privacy.nl.md").read_text(encoding="utf-8")
    periods = {
        "identity_days": settings.retention_identity_days,
        "identity_max_days": settings.retention_identity_max_days,
        "closed_days": settings.retention_closed_days,
        "question_days": settings.retention_question_days,
        "draft_hours": settings.draft_ttl_hours,
        "unanswered_days": settings.retention_unanswered_question_days,
        "conversation_days": settings.retention_conversation_days,
        "by_reason": (
            " (voor sommige afsluitredenen een andere termijn, zoals de gemeente die heeft "
            "vastgesteld)"
            if settings.retention_closed_days_by_reason
            else ""
        ),
    }
    pages = {
        "/": render_page(_front_page()),
        "/privacy": render_page(privacy.format(**periods)),
        "/gebruiksvoorwaarden": render_page(
            (PAGES_DIR / "gebruiksvoorwaarden.nl.md").read_text(encoding="utf-8")
        ),
    }

    def serve(page: str) -> web.RouteDef:
        async def handler(_request: web.Request) -> web.Response:
            return web.Response(
                text=pages[page],
                content_type="text/html",
                charset="utf-8",
                headers={
                    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"
                },
            )

        return web.get(page, handler)

    return [serve(page) for page in pages]
