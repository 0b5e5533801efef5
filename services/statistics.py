"""The key figures of a period for an aandachtsfunctionaris in Teams.

Only an aandachtsfunctionaris gets them; anyone else is refused, and both are audited. The
figures are counted and suppressed exactly as in the full report (domain/evaluation.py), so
the card never shows what the report hides.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from domain.clock import Clock
from domain.evaluation import Deadlines, Evaluation, KeyFigures, evaluate, key_figures
from domain.routing import Routing
from domain.statistics import LOCAL_TIME, Period, PeriodError, period_from_words
from storage.statistics import StatisticsRepository
from texts import nl as t

log = logging.getLogger(__name__)
AUDIT_ACTION = "statistics.key_figures"


@dataclass(frozen=True)
class KeyFiguresOutcome:
    ok: bool
    message: str
    figures: KeyFigures | None = None


class StatisticsService:
    def __init__(
        self,
        repository: StatisticsRepository,
        routing: Routing,
        clock: Clock,
        *,
        threshold: int,
        deadlines: Deadlines,
    ) -> None:
        self.repository = repository
        self._routing = routing
        self._clock = clock
        self.threshold = threshold
        self.deadlines = deadlines

    async def evaluation(self, period: Period) -> Evaluation:
        return evaluate(
            await self.repository.facts(period),
            period,
            threshold=self.threshold,
            deadlines=self.deadlines,
            departments=[d.id for d in self._routing.departments],
            partners=[p.id for p in self._routing.partners],
            close_reasons=tuple(t.CLOSE_REASONS),
        )

    async def key_figures(self, actor: str | None, words: list[str]) -> KeyFiguresOutcome:
        """The key figures of the period `words` name (see period_from_words)."""
        now = self._clock()
        if not self._routing.is_coordinator(actor):
            await self.repository.audit(
                actor or "unknown", AUDIT_ACTION, "period", "refused:role", now
            )
            log.info("key figures refused reason=role")
            return KeyFiguresOutcome(False, t.KEY_FIGURES_REFUSED)
        try:
            period = period_from_words(words, now.astimezone(LOCAL_TIME).date())
        except PeriodError:
            return KeyFiguresOutcome(False, t.KEY_FIGURES_BAD_PERIOD)
        evaluation = await self.evaluation(period)
        await self.repository.audit(
            actor or "", AUDIT_ACTION, f"{period.first}..{period.last}", "ok", now
        )
        return KeyFiguresOutcome(
            True,
            "",
            KeyFigures(period, key_figures(evaluation), self.threshold, evaluation.has_data),
        )
