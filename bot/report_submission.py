"""Turns a confirmed draft into a stored signal (the commit before the receipt)."""

from __future__ import annotations

import logging

from botbuilder.core import TurnContext

from domain import report
from domain.clock import Clock
from domain.workflow import INITIAL_STATE
from storage.signals import NewSignal, ReporterIdentity, SignalRepository

log = logging.getLogger(__name__)


def reporter_of(context: TurnContext) -> ReporterIdentity:
    sender = context.activity.from_property
    reference = TurnContext.get_conversation_reference(context.activity)
    return ReporterIdentity(
        aad_object_id=sender.aad_object_id or sender.id,
        name=sender.name or "",
        conversation_reference=reference.serialize(),
    )


class ReportSubmitter:
    def __init__(self, signals: SignalRepository, clock: Clock) -> None:
        self._signals = signals
        self._clock = clock

    async def __call__(self, context: TurnContext, draft: report.Draft) -> str:
        stored = await self._signals.create(
            NewSignal(
                submission_id=draft["submission_id"],
                content=report.report_content(draft),
                form=draft["form"],
                urgent=bool(draft.get("urgent")),
                department=draft["department"],
                state=INITIAL_STATE,
            ),
            reporter_of(context),
            self._clock(),
        )
        log.info("signal stored case=%s new=%s", stored.case_number, stored.newly_created)
        return stored.case_number
