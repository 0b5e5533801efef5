"""The yearly evaluation as one self-contained HTML file, in Dutch, printable to PDF.

Charts are drawn with matplotlib (Agg, no display, no network) and embedded as PNG. They are
meant to be read on paper: greys and hatching instead of colours, and every bar carries its
number (or "< 5" / "×" where the count is suppressed). All figures come from
domain/evaluation.py, so they are suppressed exactly as in the Teams card.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot
from matplotlib.patches import Patch

from domain.evaluation import (
    FEEDBACK_NONE,
    NO_TOPIC,
    Deadlines,
    Evaluation,
    Figure,
    evaluate,
    key_figures,
)
from domain.knowledge import KnowledgeBase
from domain.routing import Routing
from domain.signal_catalogue import FORMS
from domain.statistics import LOCAL_TIME, Period
from domain.suppression import (
    OTHER,
    TOTAL,
    Cell,
    Status,
    Table,
    format_count,
)
from storage.database import Engine
from storage.statistics import StatisticsRepository
from texts import nl as t

BAR = "#8c8c8c"
BAR_LIGHT = "#d9d9d9"
DPI = 150


@dataclass(frozen=True)
class Labels:
    """Names for the ids the facts keep (from the routing file and the knowledge base)."""

    routing: Routing
    knowledge: KnowledgeBase | None = None

    def department(self, key: str) -> str:
        if key == OTHER:
            return t.OTHER_LABEL
        department = self.routing.department(key)
        return department.name if department else key

    def partner(self, key: str) -> str:
        if key == OTHER:
            return t.OTHER_LABEL
        return self.routing.partner_name(key) or key

    def topic(self, key: str) -> str:
        if key == OTHER:
            return t.OTHER_LABEL
        if key == NO_TOPIC:
            return t.NO_TOPIC_LABEL
        entry = self.knowledge.entry(key) if self.knowledge else None
        return entry.title if entry else key


# --- loading ----------------------------------------------------------------------------------------
async def evaluations(
    engine: Engine,
    period: Period,
    *,
    routing: Routing,
    threshold: int,
    deadlines: Deadlines,
) -> tuple[Evaluation, Evaluation | None]:
    """The period's evaluation, and the previous period's when anything was recorded then."""
    repository = StatisticsRepository(engine)

    async def one(which: Period) -> Evaluation:
        return evaluate(
            await repository.facts(which),
            which,
            threshold=threshold,
            deadlines=deadlines,
            departments=[d.id for d in routing.departments],
            partners=[p.id for p in routing.partners],
            close_reasons=tuple(t.CLOSE_REASONS),
        )

    previous = period.previous()
    return await one(period), (await one(previous) if await repository.any_in(previous) else None)


# --- charts -------------------------------------------------------------------------------------------
def _png(figure: pyplot.Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    pyplot.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _bar_label(cell: Cell, threshold: int) -> str:
    return format_count(cell, threshold)


def _suppression_key(axes: pyplot.Axes, cells: Sequence[Cell], threshold: int) -> None:
    """Under a chart with suppressed bars: what '< 5' and '×' mean, for the printed page."""
    if any(cell.status != Status.SHOWN for cell in cells):
        axes.annotate(
            t.CHART_SUPPRESSION_KEY.format(threshold=threshold),
            xy=(0, 0),
            xycoords="axes fraction",
            xytext=(0, -42),
            textcoords="offset points",
            fontsize=8,
            va="top",
            ha="left",
        )


def hbar_chart(title: str, labels: Sequence[str], cells: Sequence[Cell], threshold: int) -> str:
    """Horizontal bars, one per category, the number at the end of each bar."""
    height = 0.9 + 0.42 * len(labels)
    figure, axes = pyplot.subplots(figsize=(8, height))
    values = [cell.shown or 0 for cell in cells]
    positions = range(len(labels))
    bars = axes.barh(positions, values, color=BAR, edgecolor="black", linewidth=0.6)
    for bar, label in zip(bars, labels, strict=True):
        if label == t.OTHER_LABEL:  # a fold of small categories: set apart by hatching
            bar.set_facecolor(BAR_LIGHT)
            bar.set_hatch("..")
    top = max(values, default=0) or 1
    for y, (cell, value) in enumerate(zip(cells, values, strict=True)):
        axes.text(value + top * 0.01, y, _bar_label(cell, threshold), va="center", fontsize=9)
    axes.set_yticks(list(positions), labels=list(labels), fontsize=9)
    axes.invert_yaxis()
    axes.set_xlim(0, top * 1.15)
    axes.set_xlabel(t.REPORT_COLUMNS["count"], fontsize=9)
    axes.set_title(title, fontsize=11, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    _suppression_key(axes, cells, threshold)
    return _png(figure)


def months_by_form_chart(evaluation: Evaluation) -> str:
    """Small multiples: one panel per form and one for all forms, a bar per month."""
    table = evaluation.signals_by_month_form
    months = list(table.rows)
    threshold = evaluation.threshold
    panels = [(t.FORM_LABELS[form], [table.cell(m, form) for m in months]) for form in FORMS]
    panels.append((t.TOTAL_LABEL, [table.cell(m, TOTAL) for m in months]))
    columns = 2
    rows = (len(panels) + 1) // columns
    figure, grid = pyplot.subplots(rows, columns, figsize=(10, 2.3 * rows), sharey=True)
    top = max((c.shown or 0 for _, cells in panels for c in cells), default=0) or 1
    short = len(months) <= 12
    for axes, (title, cells) in zip(grid.flat, panels, strict=False):
        values = [cell.shown or 0 for cell in cells]
        is_total = title == t.TOTAL_LABEL
        axes.bar(
            range(len(months)),
            values,
            color=BAR if not is_total else "white",
            hatch=None if not is_total else "///",
            edgecolor="black",
            linewidth=0.6,
        )
        for x, (cell, value) in enumerate(zip(cells, values, strict=True)):
            axes.text(x, value + top * 0.02, _bar_label(cell, threshold), ha="center", fontsize=7)
        axes.set_title(title, fontsize=10, loc="left")
        labels = [t.month_label(m, short=True) + ("" if short else f" '{m[2:4]}") for m in months]
        axes.set_xticks(range(len(months)), labels=labels, fontsize=7, rotation=0 if short else 90)
        axes.set_ylim(0, top * 1.2)
        axes.spines[["top", "right"]].set_visible(False)
    for axes in list(grid.flat)[len(panels) :]:
        axes.set_visible(False)
    for axes in grid[:, 0]:
        axes.set_ylabel(t.REPORT_COLUMNS["count"], fontsize=8)
    figure.suptitle(t.REPORT_CHART_TITLES["months"], fontsize=12, x=0.01, ha="left")
    figure.tight_layout()
    _suppression_key(grid[-1, 0], [c for _, cells in panels for c in cells], threshold)
    return _png(figure)


def lead_time_chart(evaluation: Evaluation) -> str:
    """Median and 90th percentile per step, against the feedback deadlines."""
    deadlines = evaluation.deadlines
    leads = list(evaluation.lead_times)
    figure, axes = pyplot.subplots(figsize=(9, 1.2 + 0.62 * len(leads)))
    top = max(
        [deadlines.outer_days, *(lead.p90 or 0 for lead in leads)],
    )
    for y, lead in enumerate(leads):
        if lead.median is None or lead.p90 is None:
            axes.text(
                0.5,
                y,
                t.TOO_FEW_OBSERVATIONS.format(threshold=evaluation.threshold),
                va="center",
                fontsize=8,
            )
            continue
        axes.barh(y - 0.18, lead.median, height=0.34, color=BAR, edgecolor="black", linewidth=0.6)
        axes.barh(
            y + 0.18,
            lead.p90,
            height=0.34,
            color="white",
            hatch="///",
            edgecolor="black",
            linewidth=0.6,
        )
        axes.text(
            lead.median + top * 0.01,
            y - 0.18,
            t.number(lead.median, 1 if lead.median % 1 else 0),
            va="center",
            fontsize=8,
        )
        axes.text(lead.p90 + top * 0.01, y + 0.18, t.number(lead.p90), va="center", fontsize=8)
    axes.axvline(deadlines.feedback_days, color="black", linestyle="--", linewidth=1)
    axes.axvline(deadlines.outer_days, color="black", linestyle=":", linewidth=1.2)
    marks = (
        (deadlines.feedback_days, t.REPORT_DEADLINE_MARK),
        (deadlines.outer_days, t.REPORT_OUTER_MARK),
    )
    for days, mark in marks:
        axes.text(days, -0.9, " " + mark.format(days=days), fontsize=8)
    labels = [t.LEAD_TIME_LABELS[lead.key] for lead in leads]
    axes.set_yticks(range(len(leads)), labels=labels, fontsize=9)
    axes.set_ylim(len(leads) - 0.4, -1.2)
    axes.set_xlim(0, top * 1.12)
    axes.set_xlabel(t.REPORT_COLUMNS["days"], fontsize=9)
    legend = [
        Patch(facecolor=BAR, edgecolor="black", label=t.REPORT_LEGEND_MEDIAN),
        Patch(facecolor="white", hatch="///", edgecolor="black", label=t.REPORT_LEGEND_P90),
    ]
    axes.legend(handles=legend, loc="lower right", fontsize=8, frameon=False)
    axes.set_title(t.REPORT_CHART_TITLES["lead_times"], fontsize=11, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def questions_chart(evaluation: Evaluation) -> str:
    e = evaluation
    cells = [
        e.questions_asked,
        e.questions_helped,
        e.questions_to_person,
        e.questions_answered,
        e.questions_answered_from_knowledge,
        e.questions_escalated,
    ]
    keys = ["asked", "helped", "to_person", "answered", "answered_from_knowledge", "escalated"]
    return hbar_chart(
        t.REPORT_CHART_TITLES["questions"],
        [t.QUESTION_FIGURE_LABELS[k] for k in keys],
        cells,
        e.threshold,
    )


def table_chart(title: str, table: Table, label: Callable[[str], str]) -> str:
    return hbar_chart(
        title,
        [label(row) for row in table.rows],
        [table.cell(r) for r in table.rows],
        table.threshold,
    )


# --- HTML ------------------------------------------------------------------------------------------
def _e(text: object) -> str:
    return html.escape(str(text))


COLUMN = t.REPORT_COLUMNS


def _count(cell: Cell, threshold: int) -> str:
    css = "" if cell.status == Status.SHOWN else ' class="suppressed"'
    return f"<td{css}>{_e(format_count(cell, threshold))}</td>"


def _share(cell: Cell, total: Cell) -> str:
    if cell.shown is None or total.shown is None or total.value == 0:
        return "<td></td>"
    return (
        f"<td>{_e(t.PERCENT_VALUE.format(percent=t.number(100 * cell.value / total.value)))}</td>"
    )


def _table(table_id: str, head: Sequence[str], rows: Sequence[str]) -> str:
    heads = "".join(f"<th>{_e(h)}</th>" for h in head)
    return (
        f'<table id="{table_id}"><thead><tr>{heads}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def one_way_table(table: Table, label: Callable[[str], str], heading: str, table_id: str) -> str:
    """Categories with count and share (the share only where count and total are shown)."""
    rows = [
        f"<tr><th>{_e(label(row))}</th>{_count(table.cell(row), table.threshold)}"
        f"{_share(table.cell(row), table.total)}</tr>"
        for row in table.rows
    ]
    rows.append(
        f'<tr class="total"><th>{_e(t.TOTAL_LABEL)}</th>'
        f"{_count(table.total, table.threshold)}<td></td></tr>"
    )
    return _table(table_id, (heading, COLUMN["count"], COLUMN["share"]), rows)


def month_form_table(evaluation: Evaluation) -> str:
    table = evaluation.signals_by_month_form
    threshold = table.threshold
    rows = []
    for month in (*table.rows, TOTAL):
        label = t.TOTAL_LABEL if month == TOTAL else t.month_label(month)
        cells = "".join(_count(table.cell(month, f), threshold) for f in (*FORMS, TOTAL))
        css = ' class="total"' if month == TOTAL else ""
        rows.append(f"<tr{css}><th>{_e(label)}</th>{cells}</tr>")
    head = (COLUMN["month"], *(t.FORM_LABELS[f] for f in FORMS), t.TOTAL_LABEL)
    return _table("month-form", head, rows)


def _figure_text(figure: Figure | None, threshold: int) -> str:
    if figure is None:
        return ""
    count = format_count(figure.count, threshold) if figure.count is not None else None
    return t.figure_value(count, figure.percent, figure.days)


def key_figures_table(current: Evaluation, previous: Evaluation | None) -> str:
    before = {f.key: f for f in key_figures(previous)} if previous else {}
    head = [COLUMN["figure"], t.period_label(current.period.first, current.period.last)]
    if previous:
        head.append(t.period_label(previous.period.first, previous.period.last))
    rows = []
    for figure in key_figures(current):
        cells = f"<td>{_e(_figure_text(figure, current.threshold))}</td>"
        if previous:
            cells += f"<td>{_e(_figure_text(before.get(figure.key), previous.threshold))}</td>"
        rows.append(f"<tr><th>{_e(t.FIGURE_LABELS[figure.key])}</th>{cells}</tr>")
    return _table("key-figures", head, rows)


def _days(value: float | None) -> str:
    if value is None:
        return "–"
    return t.number(value, 1 if value % 1 else 0)


def lead_time_table(evaluation: Evaluation) -> str:
    deadlines = evaluation.deadlines
    rows = []
    for lead in evaluation.lead_times:
        deadline = t.LEAD_TIME_DEADLINES.get(lead.key, "").format(
            forward_hours=deadlines.forward_hours,
            claim_hours=deadlines.claim_hours,
            feedback_days=deadlines.feedback_days,
        )
        rows.append(
            f"<tr><th>{_e(t.LEAD_TIME_LABELS[lead.key])}</th>"
            f"{_count(lead.count, evaluation.threshold)}<td>{_e(_days(lead.median))}</td>"
            f"<td>{_e(_days(lead.p90))}</td><td>{_e(deadline)}</td></tr>"
        )
    head = (COLUMN["step"], COLUMN["count"], COLUMN["median"], COLUMN["p90"], COLUMN["deadline"])
    return _table("lead-times", head, rows)


def question_cells(evaluation: Evaluation) -> dict[str, Cell]:
    e = evaluation
    return {
        "asked": e.questions_asked,
        "helped": e.questions_helped,
        "to_person": e.questions_to_person,
        "answered": e.questions_answered,
        "answered_from_knowledge": e.questions_answered_from_knowledge,
        "escalated": e.questions_escalated,
    }


def reporter_contact_table(evaluation: Evaluation) -> str:
    """Questions to reporters, their answers by kind (with the total answered) and additions:
    the two-way contact that keeps the reporter's identity hidden."""
    e, threshold = evaluation, evaluation.threshold
    labels = t.REPORTER_CONTACT_LABELS
    answers = e.reporter_answers
    cells = [
        ("asked", e.reporter_questions),
        *((kind, answers.cell(kind)) for kind in answers.rows),
        ("answered", answers.total),
        ("added", e.reporter_additions),
    ]
    rows = [f"<tr><th>{_e(labels[key])}</th>{_count(cell, threshold)}</tr>" for key, cell in cells]
    return _table("reporter-contact", (COLUMN["contact"], COLUMN["count"]), rows)


def questions_table(evaluation: Evaluation) -> str:
    rows = [
        f"<tr><th>{_e(t.QUESTION_FIGURE_LABELS[key])}</th>{_count(cell, evaluation.threshold)}</tr>"
        for key, cell in question_cells(evaluation).items()
    ]
    return _table("questions", (COLUMN["questions"], COLUMN["count"]), rows)


def _img(png: str, alt: str) -> str:
    return f'<img src="data:image/png;base64,{png}" alt="{_e(alt)}">'


def _section(key: str, *parts: str) -> str:
    """A numbered section; on paper its heading stays with what follows it (an introduction
    and the first chart or table)."""
    lead = 2 if parts and parts[0].startswith("<p") else 1
    head = f"<h2>{_e(t.REPORT_SECTIONS[key])}</h2>{''.join(parts[:lead])}"
    return f'<section id="section-{key}"><div class="keep">{head}</div>{"".join(parts[lead:])}</section>'


def _titled(key: str, content: str) -> str:
    """A subheading kept on one page with its table."""
    return f'<div class="keep"><h3>{_e(t.REPORT_SUBHEADINGS[key])}</h3>{content}</div>'


def _p(text: str, css: str = "") -> str:
    attribute = f' class="{css}"' if css else ""
    return f"<p{attribute}>{_e(text)}</p>"


CSS = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #000;
       max-width: 190mm; margin: 0 auto; line-height: 1.35; }
h1 { font-size: 18pt; margin-bottom: 2mm; }
h2 { font-size: 13pt; margin-top: 8mm; border-bottom: 1px solid #000; }
h3 { font-size: 11pt; margin-bottom: 1mm; }
p.note { font-size: 9pt; }
table { border-collapse: collapse; margin: 2mm 0 4mm; font-size: 9pt; break-inside: avoid; }
th, td { border: 1px solid #666; padding: 1mm 2mm; text-align: right; }
th:first-child { text-align: left; font-weight: normal; }
thead th { background: #e6e6e6; font-weight: bold; }
tr.total th, tr.total td { font-weight: bold; border-top: 2px solid #000; }
td.suppressed { font-style: italic; }
img { max-width: 100%; display: block; margin: 2mm 0; break-inside: avoid; }
.pair { display: flex; gap: 6mm; flex-wrap: wrap; }
.keep { break-inside: avoid; }
h2, h3, .keep-next { break-after: avoid; }
"""


def render_html(
    current: Evaluation,
    previous: Evaluation | None,
    labels: Labels,
    generated_at: datetime,
) -> str:
    e = current
    thr = e.threshold
    period = t.period_label(e.period.first, e.period.last)
    days = e.deadlines.feedback_days
    titles = t.REPORT_CHART_TITLES

    def feedback_label(key: str) -> str:
        return t.FEEDBACK_LABELS[key].format(days=days)

    def close_label(key: str) -> str:
        return t.CLOSE_REASONS.get(key, t.UNKNOWN_LABEL)

    def yes_no(key: str) -> str:
        return t.YES_NO_LABELS[key]

    def intake(key: str) -> str:
        return t.INTAKE_LABELS.get(key, key)

    def chart(key: str, table: Table, label: Callable[[str], str]) -> str:
        return _img(table_chart(titles[key], table, label), titles[key])

    traits = "".join(
        _titled(key, one_way_table(table, label, t.REPORT_SUBHEADINGS[key], key))
        for key, table, label in (
            ("urgent", e.urgent, yes_no),
            ("minor", e.minor, lambda k: t.MINOR_STAT_LABELS[k]),
            ("acute", e.acute, yes_no),
            ("via_tah", e.via_tah, yes_no),
        )
    )
    none = e.feedback.cell(FEEDBACK_NONE)
    feedback_intro = t.REPORT_FEEDBACK_INTRO
    if none.shown is not None and e.feedback.total.shown:
        delivered = 100 * (e.feedback.total.value - none.value) / e.feedback.total.value
        feedback_intro += " " + t.REPORT_FEEDBACK_SHARE.format(percent=t.number(delivered))
    note = t.SUPPRESSION_NOTE.format(threshold=thr)
    parts = [
        f"<h1>{_e(t.REPORT_TITLE.format(period=period))}</h1>",
        _p(t.REPORT_INTRO.format(period=period)),
        f'<p class="note" id="suppression-note"><strong>{_e(t.REPORT_SMALL_COUNTS)}</strong> '
        f"{_e(note)}</p>",
        "" if e.has_data else f"<p><strong>{_e(t.KEY_FIGURES_NO_DATA)}</strong></p>",
        _section(
            "key_figures",
            key_figures_table(e, previous),
            _p(t.REPORT_COMPARED if previous else t.REPORT_NOT_COMPARED, "note"),
        ),
        _section("months", _img(months_by_form_chart(e), titles["months"]), month_form_table(e)),
        _section(
            "departments",
            chart("departments", e.by_department, labels.department),
            one_way_table(e.by_department, labels.department, COLUMN["department"], "departments"),
        ),
        _section(
            "intake",
            chart("intake", e.by_intake, intake),
            one_way_table(e.by_intake, intake, COLUMN["intake"], "intake"),
            _titled(
                "forwarded",
                one_way_table(
                    e.forwarded_how,
                    lambda k: t.FORWARD_ROUTE_LABELS.get(k, k),
                    COLUMN["route"],
                    "forwarded",
                ),
            ),
            f'<h3 class="keep-next">{_e(t.REPORT_SUBHEADINGS["traits"])}</h3>',
            f'<div class="pair">{traits}</div>',
        ),
        _section(
            "lead_times",
            _p(t.REPORT_LEAD_TIMES_INTRO.format(days=days, threshold=thr)),
            _img(lead_time_chart(e), titles["lead_times"]),
            lead_time_table(e),
        ),
        _section(
            "partners",
            chart("partners", e.by_partner, labels.partner),
            one_way_table(e.by_partner, labels.partner, COLUMN["partner"], "partners"),
            _titled(
                "close_reasons",
                one_way_table(e.close_reasons, close_label, COLUMN["reason"], "close-reasons"),
            ),
        ),
        _section(
            "feedback",
            _p(feedback_intro),
            chart("feedback", e.feedback, feedback_label),
            one_way_table(e.feedback, feedback_label, COLUMN["feedback"], "feedback"),
            _titled(
                "reminders",
                one_way_table(
                    e.reminders,
                    lambda k: t.REMINDER_LABELS.get(k, k),
                    COLUMN["reminder"],
                    "reminders",
                ),
            ),
            _titled("reporter_contact", reporter_contact_table(e)),
        ),
        _section(
            "questions",
            _img(questions_chart(e), titles["questions"]),
            questions_table(e),
            _titled("topics", chart("topics", e.topics, labels.topic)),
            one_way_table(e.topics, labels.topic, COLUMN["topic"], "topics"),
        ),
        _p(
            t.REPORT_FOOTER.format(
                moment=generated_at.astimezone(LOCAL_TIME).strftime("%d-%m-%Y %H:%M"),
                threshold=thr,
            ),
            "note",
        ),
    ]
    title = _e(t.REPORT_TITLE.format(period=period))
    return (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{CSS}</style></head><body>{''.join(parts)}</body></html>"
    )


async def write_report(
    engine: Engine,
    period: Period,
    output: Path,
    *,
    labels: Labels,
    threshold: int,
    deadlines: Deadlines,
    generated_at: datetime,
) -> Evaluation:
    current, previous = await evaluations(
        engine, period, routing=labels.routing, threshold=threshold, deadlines=deadlines
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_html(current, previous, labels, generated_at), encoding="utf-8")
    return current


__all__ = ["Labels", "evaluations", "render_html", "write_report"]
