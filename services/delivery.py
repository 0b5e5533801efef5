"""What each outbox message becomes: to whom it goes, what it shows, and what is recorded once
it went out.

The Teams surface (`bot/outbox_sender.py`) claims messages, asks `plan` for each, draws the
content as a card or a text, sends it and calls `delivered`. The decisions live here, free of
botbuilder: which conversation, which model a card is drawn from, whether an earlier card is
updated in place, and what the case or question records after delivery.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.case import CaseRecord
from domain.clock import Clock
from domain.knowledge import KnowledgeBase
from domain.question import QuestionView
from domain.routing import Routing
from domain.workflow import Action, Role, decide
from services.question_service import question_view
from storage.cases import CaseRepository
from storage.directory import Directory
from storage.outbox import CHANNEL, ClaimedMessage, Outbox, OutboxMessage, dedupe_key
from storage.questions import QuestionRepository
from storage.signals import SignalRepository
from texts import nl as t

# Where a message sits in Teams: (conversation id, activity id).
Location = tuple[str, str]


class Unreachable(Exception):
    """The recipient has no conversation the bot may use (yet)."""


# --- what a message shows -------------------------------------------------------------------------
@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class TahSignal:
    """The taakaccenthouder's 1:1 card about a signal of their department."""

    case: CaseRecord
    reporter_name: str
    department_name: str
    can_forward: bool


@dataclass(frozen=True)
class CasePointer:
    """The channel's pointer card: routing facts only."""

    case: CaseRecord
    now: datetime
    assignee_name: str | None


@dataclass(frozen=True)
class QuestionForAnswerer:
    view: QuestionView


@dataclass(frozen=True)
class QuestionPointer:
    """The channel's card for an unanswered question: no text, no asker."""

    number: str
    asked_at: datetime
    now: datetime
    answered: bool


Content = Text | TahSignal | CasePointer | QuestionForAnswerer | QuestionPointer


@dataclass(frozen=True)
class Delivery:
    """One send: in the conversation of `reference`, or as a new thread of the channel it
    names; an `existing` message is updated in place instead when it is still there."""

    reference: dict[str, Any]
    content: Content
    new_thread: bool = False
    existing: Location | None = None


def _location(conversation_id: str | None, activity_id: str | None) -> Location | None:
    return (conversation_id, activity_id) if conversation_id and activity_id else None


class DeliveryPlanner:
    def __init__(
        self,
        *,
        outbox: Outbox,
        directory: Directory,
        cases: CaseRepository,
        signals: SignalRepository,
        questions: QuestionRepository,
        routing: Routing,
        knowledge: KnowledgeBase,
        clock: Clock,
    ) -> None:
        self._outbox = outbox
        self._directory = directory
        self._cases = cases
        self._signals = signals
        self._questions = questions
        self._routing = routing
        self._knowledge = knowledge
        self._clock = clock
        self._planners = {
            "tah_card": self._tah_card,
            "user_text": self._user_text,
            "reporter_text": self._reporter_text,
            "channel_card": self._channel_card,
            "channel_text": self._channel_text,
            "question_card": self._question_card,
            "asker_text": self._asker_text,
            "question_pointer": self._question_pointer,
        }

    async def plan(self, message: ClaimedMessage) -> Delivery | None:
        """The send this message needs now; None when there is nothing left to send (its case
        or question was deleted meanwhile). Raises Unreachable to wait for the recipient."""
        planner = self._planners.get(message.kind)
        if planner is None:
            raise ValueError(f"unknown outbox kind {message.kind}")
        return await planner(message)

    async def delivered(
        self, message: ClaimedMessage, delivery: Delivery, posted: Location | None
    ) -> None:
        """Record what a completed send changes: where a new card now sits, feedback received."""
        if message.kind == "channel_card" and posted:
            await self._cases.set_fields(
                message.signal_id or "",
                channel_conversation_id=posted[0],
                channel_activity_id=posted[1],
            )
        elif message.kind == "question_pointer" and posted:
            await self._questions.set_fields(
                message.question_id or "",
                channel_conversation_id=posted[0],
                channel_activity_id=posted[1],
            )
        elif message.kind == "question_card" and posted:
            await self._questions.remember_card(message.question_id or "", message.target, *posted)
        elif message.kind == "reporter_text" and message.payload.get("feedback"):
            case_id = message.signal_id or ""
            now = self._clock()
            await self._cases.record_feedback_delivered(case_id, now)
            case = await self._cases.by_id(case_id)
            await self._cases.record_read(
                "system", "case.feedback_delivered", case.case_number if case else case_id, now
            )

    async def announce_dead(self, message: ClaimedMessage) -> None:
        """Tell the coordinators (without content) that a message could not be delivered."""
        if message.kind == "channel_text" and message.payload.get("dead_letter"):
            return  # never loop on a notice about a notice
        case = await self._cases.by_id(message.signal_id) if message.signal_id else None
        text = t.DEAD_LETTER.format(
            case_number=case.case_number if case else "-",
            what=t.DEAD_LETTER_WHAT.get(message.kind, message.kind),
        )
        notice = OutboxMessage(
            "channel_text",
            CHANNEL,
            dedupe_key("dead", message.dedupe_key),
            {"text": text, "dead_letter": True},
            message.signal_id,
        )
        await self._outbox.enqueue([notice], self._clock())

    # --- addresses ---------------------------------------------------------------------------------
    async def _person(self, target: str) -> dict[str, Any]:
        reference = await self._directory.person_reference(target)
        if reference is None:
            raise Unreachable("no conversation")
        return reference

    async def _channel(self) -> dict[str, Any]:
        reference = await self._directory.channel_reference()
        if reference is None:
            raise Unreachable("channel not linked")
        return reference

    # --- one planner per kind ------------------------------------------------------------------------
    async def _tah_card(self, message: ClaimedMessage) -> Delivery | None:
        case = await self._cases.by_id(message.signal_id or "")
        if case is None:
            return None  # deleted meanwhile (retention): nothing to show
        reference = await self._person(message.target)
        reporter = await self._signals.read_reporter(case.id)
        department = self._routing.department(case.department)
        can_forward = decide(Action.FORWARD, case.state, frozenset({Role.TAAKACCENTHOUDER})).allowed
        content = TahSignal(
            case, reporter.name, department.name if department else case.department, can_forward
        )
        return Delivery(reference, content)

    async def _user_text(self, message: ClaimedMessage) -> Delivery:
        return Delivery(await self._person(message.target), Text(message.payload["text"]))

    async def _reporter_text(self, message: ClaimedMessage) -> Delivery | None:
        try:
            reporter = await self._signals.read_reporter(message.signal_id or "")
        except LookupError:
            return None
        return Delivery(reporter.conversation_reference, Text(message.payload["text"]))

    async def _channel_card(self, message: ClaimedMessage) -> Delivery | None:
        case = await self._cases.by_id(message.signal_id or "")
        if case is None:
            return None
        pointer = CasePointer(case, self._clock(), self._routing.coordinator_name(case.assignee))
        existing = _location(case.channel_conversation_id, case.channel_activity_id)
        return Delivery(await self._channel(), pointer, new_thread=True, existing=existing)

    async def _channel_text(self, message: ClaimedMessage) -> Delivery:
        channel = await self._channel()
        text = Text(message.payload["text"])
        case = await self._cases.by_id(message.signal_id) if message.signal_id else None
        if case and case.channel_conversation_id:
            # A reminder about a case goes into that case's thread.
            return Delivery({**channel, "conversation": {"id": case.channel_conversation_id}}, text)
        return Delivery(channel, text, new_thread=True)

    async def _question_card(self, message: ClaimedMessage) -> Delivery | None:
        question = await self._questions.by_id(message.question_id or "")
        if question is None:
            return None
        reference = await self._person(message.target)
        content = await self._questions.content(question.id)
        view = question_view(question, content, self._routing, self._knowledge)
        existing = await self._questions.card_of(question.id, message.target)
        return Delivery(reference, QuestionForAnswerer(view), existing=existing)

    async def _asker_text(self, message: ClaimedMessage) -> Delivery:
        reference = await self._directory.person_reference(message.target)
        if (
            reference is None
            and message.question_id
            and await self._questions.by_id(message.question_id)
        ):
            reference = (await self._questions.content(message.question_id)).conversation_reference
        if reference is None:
            raise Unreachable("no conversation")
        return Delivery(reference, Text(message.payload["text"]))

    async def _question_pointer(self, message: ClaimedMessage) -> Delivery | None:
        question = await self._questions.by_id(message.question_id or "")
        if question is None:
            return None
        pointer = QuestionPointer(
            question.number, question.created_at, self._clock(), question.answered_at is not None
        )
        existing = _location(question.channel_conversation_id, question.channel_activity_id)
        return Delivery(await self._channel(), pointer, new_thread=True, existing=existing)
