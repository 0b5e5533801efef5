"""Outgoing activities built from Adaptive Cards, and replacing a card in place."""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity

from bot.cards.elements import Card

log = logging.getLogger(__name__)


class SentCard(dict[str, Any]):
    """A card's JSON once it is handed to botbuilder. botbuilder deep-copies every outgoing
    activity; cards are built fresh by pure functions and never changed afterwards, so the copy
    of a card (the bulk of an activity) was only CPU spent, and it is shared instead."""

    def __deepcopy__(self, memo: dict[int, Any]) -> SentCard:
        return self


def card_activity(content: Card, activity_id: str | None = None) -> Activity:
    activity = MessageFactory.attachment(CardFactory.adaptive_card(SentCard(content)))
    if activity_id:
        activity.id = activity_id
    return activity


async def replace_card(context: TurnContext, activity_id: str | None, content: Card) -> None:
    """Update a card in place; a client that cannot update keeps the old card, which is harmless."""
    if not activity_id:
        return
    try:
        await context.update_activity(card_activity(content, activity_id))
    except Exception as error:  # the conversation itself must not fail on a cosmetic update
        log.warning("card update failed: %s", type(error).__name__)
