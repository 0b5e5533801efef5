"""The key figures of a period, for an aandachtsfunctionaris (counts already suppressed)."""

from __future__ import annotations

from cards.elements import Card, card, fact_set, heading, paragraph
from domain.evaluation import Figure, KeyFigures
from domain.suppression import format_count
from texts import nl as t


def figure_text(figure: Figure, threshold: int) -> str:
    count = format_count(figure.count, threshold) if figure.count is not None else None
    return t.figure_value(count, figure.percent, figure.days)


def key_figures_card(model: KeyFigures) -> Card:
    period = t.period_label(model.period.first, model.period.last)
    body = [heading(t.KEY_FIGURES_TITLE.format(period=period))]
    if not model.has_data:
        body.append(paragraph(t.KEY_FIGURES_NO_DATA))
    body.append(
        fact_set(
            [
                (t.FIGURE_LABELS[figure.key], figure_text(figure, model.threshold))
                for figure in model.figures
            ]
        )
    )
    body.append(paragraph(t.SUPPRESSION_NOTE.format(threshold=model.threshold), subtle=True))
    body.append(paragraph(t.KEY_FIGURES_FULL_REPORT.format(year=model.period.first[:4])))
    return card(body)
