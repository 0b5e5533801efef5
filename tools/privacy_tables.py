"""The tables of docs/privacy.md that must say what the code does: who may see which view, who
may take which step, and how long each kind of data is kept. Generated from
domain/visibility.py, domain/workflow.py and domain/retention_policy.py
(`python -m bot privacy-tables --write`); a test fails when the document and the code differ."""

from __future__ import annotations

import re
from pathlib import Path

from domain.retention_policy import CLOSED_DAYS_BY_REASON, RULES, STALE_CASE_DAYS
from domain.visibility import View, view_table
from domain.workflow import TRANSITIONS, Role, State
from tools import PROJECT_ROOT

PRIVACY_DOC = PROJECT_ROOT / "docs" / "privacy.md"
ADMIN_DOC = PROJECT_ROOT / "docs" / "admin.md"
DOCUMENTS = (PRIVACY_DOC, ADMIN_DOC)

_VIEW_CONTENT: dict[View, str] = {
    View.CHANNEL_POINTER: "case number, form, urgency, state, assignee, since when; no names, "
    "no content",
    View.CASE_DETAIL: "the report's content, notes, history, earlier signals (enrichment); "
    "the reporter hidden",
    View.REPORTER_IDENTITY: "the reporter's name, only after a reason is given",
    View.TAH_SIGNAL: "the reporter's name and the report's content",
    View.TAH_PHASE: "case number, department, date received and phase only",
    View.OWN_STATUS: "the reporter's own cases: phase, dates, who knows their name",
    View.QUESTION: "a quick question (not a case): its text, the asker's name and, once "
    "answered, what was sent",
}
_ROLE_NAMES = {
    Role.REPORTER: "melder (own cases)",
    Role.TAAKACCENTHOUDER: "taakaccenthouder (own department)",
    Role.COORDINATOR: "aandachtsfunctionaris",
    Role.SYSTEM: "the bot itself (deadlines)",
}


def _roles(roles: frozenset[Role]) -> str:
    return ", ".join(_ROLE_NAMES[r] for r in Role if r in roles)


def _states(states: frozenset[State] | None) -> str:
    if states is None or states == frozenset(State):
        return "any"
    if not states:
        return "(none: it creates the case)"
    return ", ".join(s.value for s in State if s in states)


def access_table() -> str:
    lines = [
        "| view | shows | who | while the case is |",
        "|---|---|---|---|",
    ]
    for view, roles, states in view_table():
        lines.append(
            f"| {view.value} | {_VIEW_CONTENT[view]} | {_roles(roles)} | {_states(states)} |"
        )
    return "\n".join(lines)


def action_table() -> str:
    lines = ["| step | who | from state | to state |", "|---|---|---|---|"]
    for action, transition in TRANSITIONS.items():
        to_state = transition.to_state.value if transition.to_state else "(unchanged)"
        lines.append(
            f"| {action.value} | {_roles(transition.roles)} | "
            f"{_states(transition.from_states)} | {to_state} |"
        )
    return "\n".join(lines)


def retention_table() -> str:
    lines = ["| data | kept for (default) | counted from | setting |", "|---|---|---|---|"]
    for rule in RULES:
        lines.append(
            f"| {rule.data} | {rule.default} {rule.unit} | {rule.when} | `{rule.setting}` |"
        )
    for reason, days in CLOSED_DAYS_BY_REASON.items():
        lines.append(
            f"| a closed case with close reason `{reason}` | {days} days | the case was closed | "
            "`MELDROUTE_RETENTION_CLOSED_DAYS_BY_REASON` |"
        )
    lines.append(
        f"| an open case | never deleted; after {STALE_CASE_DAYS} days without a step the "
        "aandachtsfunctionarissen are asked to close it or take the next step | the last step | "
        "`MELDROUTE_STALE_CASE_DAYS` |"
    )
    return "\n".join(lines)


TABLES = {"access": access_table, "actions": action_table, "retention": retention_table}
_BLOCK = re.compile(r"(<!-- generated: (\w+) -->\n)(.*?)(<!-- end of generated -->)", re.DOTALL)


def render(document: str) -> str:
    """The document with every generated block replaced by what the code says now."""
    return _BLOCK.sub(lambda m: m.group(1) + TABLES[m.group(2)]() + "\n" + m.group(4), document)


def write(paths: tuple[Path, ...] = DOCUMENTS) -> bool:
    """Update the documents in place; True when something changed."""
    changed = False
    for path in paths:
        old = path.read_text(encoding="utf-8")
        new = render(old)
        if new != old:
            path.write_text(new, encoding="utf-8")
            changed = True
    return changed
