"""The coordinators' list of messages that did not arrive: kind, number, reason, time. Never
the content or the recipient."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cards.case_cards import local
from cards.elements import Card, card, heading, paragraph
from texts import nl as t


@dataclass(frozen=True)
class UndeliveredLine:
    created_at: datetime
    kind: str
    number: str
    reason: str  # a key of texts.UNDELIVERED_REASONS, or a connector error label


def undelivered_card(lines: list[UndeliveredLine]) -> Card:
    if not lines:
        return card([heading(t.UNDELIVERED_TITLE), paragraph(t.UNDELIVERED_NONE)])
    body = [heading(t.UNDELIVERED_TITLE)]
    for line in lines:
        body.append(
            paragraph(
                t.UNDELIVERED_LINE.format(
                    date=local(line.created_at),
                    what=t.DEAD_LETTER_WHAT.get(line.kind, line.kind),
                    number=line.number,
                    reason=t.UNDELIVERED_REASONS.get(line.reason, t.UNDELIVERED_REASONS["error"]),
                )
            )
        )
    return card(body)
