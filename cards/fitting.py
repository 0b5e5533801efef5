"""Cards that fit in a Teams message.

Teams refuses a bot message over about 100 KB, counted in UTF-16 (413 MessageSizeTooBig), and
Microsoft advises staying under 80 KB. A report holds six free-text fields of up to 4,000
characters, and a case gathers notes, answers and additions for as long as it is open, so a
view of a long case would otherwise stop opening. The card functions shorten their longest
texts to a character budget (`cap_texts`); as the last guard, every invoke answer passes
`fit_for_teams` and every message the connector sends is measured where its body is made
(`bot/connector.py`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping

from cards.elements import Card, card, heading, paragraph
from texts import t

log = logging.getLogger(__name__)

# Bytes of a card in UTF-16, the way Teams counts. The views aim below the 80 KB Microsoft
# advises (ADVISED_BYTES); the guard stops only what Teams would refuse, leaving room under its
# 100 KB for the activity around the card.
ADVISED_BYTES = 80_000
MAX_CARD_BYTES = 90_000
# Characters of free text one case view may show: with the rest of the card (facts, forms,
# buttons, history sentences) the view stays below ADVISED_BYTES.
TEXT_BUDGET = 16_000
# A shortened text keeps at least this much, so it still says what it is about.
MIN_KEPT = 200


def card_bytes(content: Card) -> int:
    """The card's size as Teams counts it: its JSON in UTF-16."""
    # surrogatepass: a lone surrogate someone typed is counted, not a reason to fail the turn.
    return len(json.dumps(content, ensure_ascii=False).encode("utf-16-le", "surrogatepass"))


def shortened(text: str, keep: int) -> str:
    return text[:keep].rstrip() + " " + t.TEXT_SHORTENED


def cap_texts(texts: Mapping[str, str], budget: int = TEXT_BUDGET) -> dict[str, str]:
    """The texts, the longest shortened first, so that together they stay within `budget`
    characters (and none below MIN_KEPT): a water level, so short texts stay whole and the
    long ones share what is left equally. Returns only the texts that were shortened."""
    lengths = sorted((len(text) for text in texts.values()), reverse=True)
    if sum(lengths) <= budget:
        return {}
    # Lower the level until the texts above it, cut to it, fit the budget.
    level = lengths[0]
    for count in range(1, len(lengths) + 1):
        below = sum(lengths[count:])
        level = max((budget - below) // count, MIN_KEPT)
        if count == len(lengths) or level >= lengths[count]:
            break
    return {key: shortened(text, level) for key, text in texts.items() if len(text) > level}


def too_large(text: str) -> bool:
    """Whether JSON text is over the limit as Teams counts it (UTF-16)."""
    return len(text.encode("utf-16-le", "surrogatepass")) > MAX_CARD_BYTES


def too_large_notice() -> Card:
    return card([heading(t.CARD_TOO_LARGE_TITLE, size="Medium"), paragraph(t.CARD_TOO_LARGE)])


def notice_attachment(size: int) -> dict[str, object]:
    """The notice as a message attachment, for a message whose cards were too large. Logs the
    size only, never the content."""
    log.warning("message too large for Teams (%d characters), cards replaced by a notice", size)
    return {"contentType": "application/vnd.microsoft.card.adaptive", "content": too_large_notice()}


def fit_for_teams(content: Card) -> Card:
    """The card itself when Teams will take it; otherwise a short card that says it could not
    be shown. The card functions keep their texts within budget, so this is the last guard: it
    logs the size only, never the content."""
    size = card_bytes(content)
    if size <= MAX_CARD_BYTES:
        return content
    log.warning("card too large for Teams (%d bytes), replaced by a notice", size)
    return too_large_notice()
