"""Outgoing activities built from Adaptive Cards, and replacing a card in place."""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import CardFactory, TurnContext
from botbuilder.schema import Activity, ActivityTypes, AttachmentLayoutTypes

from cards.elements import Card, JsonReady

log = logging.getLogger(__name__)


class OutgoingActivity(Activity):
    """An activity the bot sends. botbuilder deep-copies each one before addressing it, but
    addressing only sets top-level fields (conversation, from, recipient, ...), so a copy of
    the top level is enough; the card itself is shared (see cards.elements.JsonReady)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> OutgoingActivity:
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        return clone


def card_activity(content: Card, activity_id: str | None = None) -> Activity:
    """A message with one Adaptive Card, as MessageFactory.attachment would build it."""
    return OutgoingActivity(
        type=ActivityTypes.message,
        id=activity_id,
        attachment_layout=AttachmentLayoutTypes.list,
        attachments=[CardFactory.adaptive_card(JsonReady(content))],
    )


async def replace_card(context: TurnContext, activity_id: str | None, content: Card) -> bool:
    """Update a card in place; returns whether it went through. A failed update must not fail
    the conversation: the caller keeps the card listed and tries again later where it matters."""
    if not activity_id:
        return False
    try:
        await context.update_activity(card_activity(content, activity_id))
    except Exception as error:
        log.warning("card update failed: %s", type(error).__name__)
        return False
    return True
