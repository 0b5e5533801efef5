"""A quick question as the services and the cards see it: its record and its decrypted content."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.knowledge import Entry

OPEN, ANSWERED, ESCALATED = "open", "answered", "escalated"


QUOTED = 160  # characters of a question repeated above its results or its answer


def quoted_line(text: str) -> str:
    """The question as one line, shortened: repeated where it is answered (the asker's form is
    replaced by 'Vraag ontvangen', so the question itself is not in the chat)."""
    line = " ".join(text.split())
    return line if len(line) <= QUOTED else line[: QUOTED - 1].rstrip() + "…"


@dataclass(frozen=True)
class QuestionRecord:
    id: str
    number: str
    created_at: datetime
    department: str
    state: str
    answered_by: str | None
    answered_at: datetime | None
    reminded_at: datetime | None
    escalated_at: datetime | None
    channel_conversation_id: str | None
    channel_activity_id: str | None


@dataclass(frozen=True)
class QuestionContent:
    text: str
    asker_aad_object_id: str
    asker_name: str
    conversation_reference: dict[str, Any]
    suggested_entries: list[str]
    # What the asker's results card showed before they asked for a person (older questions
    # were stored without it).
    shown_entries: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class QuestionView:
    """What the answerer's question card shows (built by the question service, drawn by cards)."""

    number: str
    asker_name: str
    department_name: str
    asked_at: datetime
    text: str
    suggestions: tuple[Entry, ...]
    answered_by_name: str | None = None
    escalated: bool = False
    already_shown: frozenset[str] = frozenset()  # suggestions the asker saw on their card
    answer: str | None = None  # what was sent to the asker, once answered
