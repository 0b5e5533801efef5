"""Turns a confirmed draft into a stored signal (the commit before the receipt)."""

from __future__ import annotations

from botbuilder.core import TurnContext

from bot.case_service import CaseService
from bot.wire import to_wire
from domain import report
from storage.signals import ReporterIdentity


def reporter_of(context: TurnContext) -> ReporterIdentity:
    sender = context.activity.from_property
    reference = TurnContext.get_conversation_reference(context.activity)
    return ReporterIdentity(
        aad_object_id=sender.aad_object_id or sender.id,
        name=sender.name or "",
        conversation_reference=to_wire(reference),
    )


class ReportSubmitter:
    def __init__(self, cases: CaseService) -> None:
        self._cases = cases

    async def __call__(self, context: TurnContext, draft: report.Draft) -> str:
        return await self._cases.submit(draft, reporter_of(context))
