"""Who is talking: the sender of a turn as the route stores a reporter or an asker."""

from __future__ import annotations

from botbuilder.core import TurnContext

from bot.wire import to_wire
from domain.validation import clean_name
from storage.signals import ReporterIdentity


def sender_identity(context: TurnContext) -> ReporterIdentity:
    """The sender's Entra object id, display name and the reference to reach them again."""
    sender = context.activity.from_property
    reference = TurnContext.get_conversation_reference(context.activity)
    return ReporterIdentity(
        aad_object_id=sender.aad_object_id or sender.id,
        name=clean_name(sender.name),
        conversation_reference=to_wire(reference),
    )
