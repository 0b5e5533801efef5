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

from domain import statistics
from domain.case import CaseRecord, FeedbackState
from domain.clock import Clock
from domain.knowledge import KnowledgeBase
from domain.question import QuestionView
from domain.routing import Routing, people_of
from domain.visibility import View, may_view
from domain.workflow import Action, Role, decide
from services.question_service import load_question_view
from services.recipients import taakaccenthouder_recipients
from storage.cases import CaseRepository
from storage.directory import Directory
from storage.keyring import Keyring
from storage.outbox import CHANNEL, ClaimedMessage, Outbox, OutboxMessage, dedupe_key
from storage.questions import QuestionRepository
from storage.signals import ReporterIdentity, SignalRepository
from texts import DEFAULT_LANGUAGE, catalogue, language_of, message, render

# Where a message sits in Teams: (conversation id, activity id).
Location = tuple[str, str]


class Unreachable(Exception):
    """The recipient has no conversation the bot may use (yet): the message waits for them."""


class Undeliverable(Exception):
    """The recipient can no longer be reached: the message is ended with this reason (a key
    of texts.UNDELIVERED_REASONS)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Gone(Exception):
    """What the message was about no longer exists (deleted by retention): nothing to send."""


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
class TahPhase:
    """The taakaccenthouder's card once the signal is no longer theirs: the phase only."""

    case: CaseRecord
    department_name: str


@dataclass(frozen=True)
class ReporterQuestionCard:
    """A coordinator's question in the reporter's chat (who asked is not said)."""

    case_number: str
    question_id: str
    question: str


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


@dataclass(frozen=True)
class ReportLine:
    """The line that replaces a card of a report draft that was deleted unfinished."""

    what: str  # a key of texts' DONE_LINES


Content = (
    Text
    | TahSignal
    | TahPhase
    | CasePointer
    | QuestionForAnswerer
    | QuestionPointer
    | ReporterQuestionCard
    | ReportLine
)


@dataclass(frozen=True)
class NewChat:
    """A 1:1 chat to create first: the person never talked to the bot (Teams allows it when
    the app is installed for them, e.g. by an app setup policy)."""

    aad_object_id: str
    tenant_id: str
    service_url: str


@dataclass(frozen=True)
class Delivery:
    """One send: in the conversation of `reference`, or as a new thread of the channel it
    names, or in a 1:1 chat created first (`new_chat`); an `existing` message is updated in
    place instead when it is still there (and with `update_only`, nothing is sent when it is
    not). Cards are drawn in `language`: the recipient's, from the locale of their last turn
    (Dutch for someone who never wrote); the coordinators' channel is Dutch."""

    reference: dict[str, Any]
    content: Content
    new_thread: bool = False
    existing: Location | None = None
    new_chat: NewChat | None = None
    # Where to post instead when the thread of `reference` is gone (404): the channel itself.
    fallback_channel: dict[str, Any] | None = None
    language: str = DEFAULT_LANGUAGE
    update_only: bool = False


def language_of_reference(reference: dict[str, Any] | None) -> str:
    return language_of((reference or {}).get("locale"))


def text_of(payload: dict[str, Any], language: str) -> str:
    """A message's text in the recipient's language: texts written by a service are kept as
    a name and values (texts.message) and formatted here; older rows carry the text itself."""
    spec = payload.get("message")
    if isinstance(spec, dict):
        return render(spec, language)
    return str(payload.get("text", ""))


@dataclass(frozen=True)
class UndeliveredItem:
    """A message that did not arrive, as the coordinators see it: no content, no recipient."""

    created_at: datetime
    kind: str
    number: str
    reason: str


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
        keyring: Keyring,
        clock: Clock,
        create_chats: bool = True,
        tenant_id: str = "",
        service_url: str = "",
    ) -> None:
        self._outbox = outbox
        self._keyring = keyring
        # Reaching people who never opened the bot: create the 1:1 chat through the connector.
        self._create_chats = create_chats
        self._tenant_id = tenant_id
        self._service_url = service_url
        self._directory = directory
        self._cases = cases
        self._signals = signals
        self._questions = questions
        self._routing = routing
        self._knowledge = knowledge
        self._clock = clock
        self._planners = {
            "tah_card": self._tah_card,
            "tah_notice": self._tah_notice,
            "user_text": self._user_text,
            "reporter_text": self._reporter_text,
            "channel_card": self._channel_card,
            "channel_text": self._channel_text,
            "question_card": self._question_card,
            "asker_text": self._asker_text,
            "question_pointer": self._question_pointer,
            "reporter_question": self._reporter_question,
            "draft_card": self._draft_card,
        }

    async def plan(self, message: ClaimedMessage) -> Delivery:
        """The send this message needs now. Raises Unreachable (wait for the recipient),
        Undeliverable (end it with a reason) or Gone (its case or question was deleted)."""
        planner = self._planners.get(message.kind)
        if planner is None:
            raise Undeliverable("error")
        return await planner(message)

    async def delivered(
        self, message: ClaimedMessage, delivery: Delivery, posted: Location | None
    ) -> None:
        """Record what a completed send changes: where a new card now sits, feedback received
        (and only then the taakaccenthouder is told the reporter has it)."""
        if message.kind == "channel_card":
            where = (
                {"channel_conversation_id": posted[0], "channel_activity_id": posted[1]}
                if posted
                else {}
            )
            await self._cases.set_fields(
                message.signal_id or "", pointer_refreshed_at=self._clock(), **where
            )
        elif message.kind == "question_pointer" and posted:
            await self._questions.set_fields(
                message.question_id or "",
                channel_conversation_id=posted[0],
                channel_activity_id=posted[1],
            )
        elif message.kind == "question_card" and posted:
            await self._questions.remember_card(message.question_id or "", message.target, *posted)
        if message.kind == "tah_card":
            await self._tah_card_delivered(message, delivery, posted)
        elif message.kind == "reporter_question" and posted:
            await self._cases.set_reporter_question(
                message.payload["question_id"],
                conversation_id=posted[0],
                activity_id=posted[1],
            )
        elif _is_feedback(message):
            await self._feedback_delivered(message.signal_id or "")

    async def _tah_card_delivered(
        self, message: ClaimedMessage, delivery: Delivery, posted: Location | None
    ) -> None:
        case_id = message.signal_id or ""
        if posted:
            await self._cases.remember_card(case_id, message.target, *posted)
        if isinstance(delivery.content, TahSignal):
            # The reporter's name went to a person: who, what and when go into the audit log.
            actor = self._person_of(message.target, delivery.content.case.department)
            await self._cases.record_read(
                actor, "case.disclosed_to_tah", delivery.content.case.case_number, self._clock()
            )

    def _person_of(self, target: str, department: str) -> str:
        """The Entra object id behind a taakaccenthouder's outbox target."""
        found = self._routing.department(department)
        for oid in found.taakaccenthouders if found else ():
            if self._keyring.person_digest(oid) == target:
                return oid
        return "unknown"

    async def _feedback_delivered(self, case_id: str) -> None:
        case = await self._cases.by_id(case_id)
        if case is None:
            return
        now = self._clock()
        # Only a taakaccenthouder who had the signal (and spoke with the reporter) hears of it.
        recipients = (
            taakaccenthouder_recipients(self._routing, self._keyring, case.department)
            if case.taakaccenthouder_knows_reporter
            else []
        )
        notices = [
            OutboxMessage(
                "user_text",
                target,
                dedupe_key("tah_closed", case.id, target, now.isoformat()),
                {"message": message("TAH_CASE_CLOSED", case_number=case.case_number)},
                case.id,
            )
            for target in recipients
        ]
        await self._cases.set_fields_and_send(
            case.id,
            now,
            notices,
            statistics.feedback_delivered(case, now),
            feedback_delivered_at=now,
            feedback_state=FeedbackState.DELIVERED.value,
        )
        await self._cases.record_read("system", "case.feedback_delivered", case.case_number, now)

    async def waiting(self, message: ClaimedMessage) -> None:
        """The recipient cannot be reached yet; the message waits for them."""
        if _is_feedback(message):
            await self._cases.set_fields(
                message.signal_id or "", feedback_state=FeedbackState.WAITING.value
            )

    async def undeliverable(self, message: ClaimedMessage, reason: str) -> None:
        """The message failed for good or was ended: feedback is marked failed and the
        coordinators are told in the channel, without content."""
        if _is_feedback(message):
            await self._cases.set_fields(
                message.signal_id or "", feedback_state=FeedbackState.FAILED.value
            )
        if message.kind == "channel_text" and message.payload.get("dead_letter"):
            return  # never loop on a notice about a notice
        if message.kind == "draft_card":
            return  # a card of an unfinished report: nothing the coordinators could do
        case = await self._cases.by_id(message.signal_id) if message.signal_id else None
        question = await self._questions.by_id(message.question_id) if message.question_id else None
        number = case.case_number if case else question.number if question else "-"
        channel = catalogue(DEFAULT_LANGUAGE)  # the coordinators' channel is Dutch
        text = channel.DEAD_LETTER.format(
            case_number=number,
            what=channel.DEAD_LETTER_WHAT.get(message.kind, message.kind),
            reason=channel.UNDELIVERED_REASONS.get(reason, channel.UNDELIVERED_REASONS["error"]),
        )
        notice = OutboxMessage(
            "channel_text",
            CHANNEL,
            dedupe_key("dead", message.dedupe_key),
            {"text": text, "dead_letter": True},
            message.signal_id,
        )
        await self._outbox.enqueue([notice], self._clock())

    async def feedback_lost(self, case_id: str, reason: str) -> None:
        """The feedback can no longer reach the reporter (their identity was deleted while it
        waited): marked failed, and the coordinators are told without content."""
        case = await self._cases.by_id(case_id)
        if case is None:
            return
        channel = catalogue(DEFAULT_LANGUAGE)
        text = channel.DEAD_LETTER.format(
            case_number=case.case_number,
            what=channel.DEAD_LETTER_WHAT["reporter_text"],
            reason=channel.UNDELIVERED_REASONS[reason],
        )
        notice = OutboxMessage(
            "channel_text",
            CHANNEL,
            dedupe_key("feedback_lost", case.id),
            {"text": text, "dead_letter": True},
            case.id,
        )
        await self._cases.set_fields_and_send(
            case.id, self._clock(), [notice], feedback_state=FeedbackState.FAILED.value
        )

    async def undelivered(self, limit: int = 20) -> list[UndeliveredItem]:
        """The newest messages that did not arrive, with the number they were about."""
        items = []
        for row in await self._outbox.undelivered(limit):
            items.append(
                UndeliveredItem(
                    row.created_at,
                    row.kind,
                    await self._number(row.signal_id, row.question_id),
                    row.reason,
                )
            )
        return items

    async def _number(self, signal_id: str | None, question_id: str | None) -> str:
        if signal_id and (case := await self._cases.by_id(signal_id)):
            return case.case_number
        if question_id and (question := await self._questions.by_id(question_id)):
            return question.number
        return "-"

    # --- addresses ---------------------------------------------------------------------------------
    async def _person(self, target: str) -> dict[str, Any]:
        reference = await self._directory.person_reference(target)
        if reference is None:
            raise Unreachable("no conversation")
        return reference

    async def _person_or_new_chat(self, target: str) -> tuple[dict[str, Any], NewChat | None]:
        """Where a person with a role is reached: their stored conversation, or a 1:1 chat to
        create for them (they are in the routing file, so their Entra object id is known)."""
        reference = await self._directory.person_reference(target)
        if reference is not None:
            return reference, None
        oid = next(
            (o for o in people_of(self._routing) if self._keyring.person_digest(o) == target),
            None,
        )
        channel = await self._directory.channel_reference()
        tenant = self._tenant_id or (
            ((channel or {}).get("conversation") or {}).get("tenantId") or ""
        )
        service_url = self._service_url or (channel or {}).get("serviceUrl") or ""
        if oid is None or not self._create_chats or not tenant or not service_url:
            raise Unreachable("no conversation")
        return {}, NewChat(oid, tenant, service_url)

    async def chat_created(
        self, target: str, aad_object_id: str, reference: dict[str, Any]
    ) -> None:
        """A 1:1 chat was created for a person: keep it, so later messages go straight there."""
        await self._directory.remember_person(aad_object_id, reference, self._clock())

    async def _channel(self) -> dict[str, Any]:
        reference = await self._directory.channel_reference()
        if reference is None:
            raise Unreachable("channel not linked")
        return reference

    # --- one planner per kind ------------------------------------------------------------------------
    def _still_taakaccenthouder(self, target: str, department: str) -> None:
        if target not in taakaccenthouder_recipients(self._routing, self._keyring, department):
            raise Undeliverable("not_in_routing")

    async def _case(self, message: ClaimedMessage) -> CaseRecord:
        case = await self._cases.by_id(message.signal_id or "")
        if case is None:
            raise Gone()  # deleted meanwhile (retention): nothing to show
        return case

    async def _tah_card(self, message: ClaimedMessage) -> Delivery:
        """The named card while the signal waits for this taakaccenthouder; afterwards the
        phase only, replacing the named card in place where it was sent."""
        case = await self._case(message)
        self._still_taakaccenthouder(message.target, case.department)
        reference, new_chat = await self._person_or_new_chat(message.target)
        existing = await self._cases.card_of(case.id, message.target)
        department = self._routing.department(case.department)
        department_name = department.name if department else case.department
        roles = frozenset({Role.TAAKACCENTHOUDER})
        if case.taakaccenthouder_knows_reporter and may_view(View.TAH_SIGNAL, roles, case.state):
            try:
                reporter = await self._signals.read_reporter(case.id)
            except LookupError:
                raise Undeliverable("identity_deleted") from None
            can_forward = decide(Action.FORWARD, case.state, roles).allowed
            content: Content = TahSignal(case, reporter.name, department_name, can_forward)
        else:
            if message.payload.get("update_only") and existing is None:
                raise Gone()  # they never had a card about it: nothing to replace
            content = TahPhase(case, department_name)
        return Delivery(
            reference,
            content,
            existing=existing,
            new_chat=new_chat,
            language=language_of_reference(reference),
        )

    async def _tah_notice(self, message: ClaimedMessage) -> Delivery:
        case = await self._case(message)
        self._still_taakaccenthouder(message.target, case.department)
        reference, new_chat = await self._person_or_new_chat(message.target)
        language = language_of_reference(reference)
        notices = catalogue(language).TAH_NOTICES
        text = notices.get(message.payload.get("notice", "urgent"), notices["urgent"])
        return Delivery(
            reference,
            Text(text.format(case_number=case.case_number)),
            new_chat=new_chat,
            language=language,
        )

    async def _user_text(self, message: ClaimedMessage) -> Delivery:
        reference, new_chat = await self._person_or_new_chat(message.target)
        language = language_of_reference(reference)
        return Delivery(
            reference,
            Text(text_of(message.payload, language)),
            new_chat=new_chat,
            language=language,
        )

    async def _reporter_text(self, message: ClaimedMessage) -> Delivery:
        try:
            reporter = await self._signals.read_reporter(message.signal_id or "")
        except LookupError:
            raise Undeliverable("identity_deleted") from None
        reference = await self._reporter_reference(message, reporter)
        language = language_of_reference(reference)
        return Delivery(reference, Text(text_of(message.payload, language)), language=language)

    async def _reporter_reference(
        self, message: ClaimedMessage, reporter: ReporterIdentity
    ) -> dict[str, Any]:
        """Where the reporter is reached, in their language: as of their last turn (Teams may
        have moved them to another service URL since), else as of their report."""
        latest = await self._directory.person_reference(message.target)
        return latest or reporter.conversation_reference

    async def _channel_card(self, message: ClaimedMessage) -> Delivery:
        case = await self._case(message)
        pointer = CasePointer(case, self._clock(), self._routing.coordinator_name(case.assignee))
        existing = _location(case.channel_conversation_id, case.channel_activity_id)
        return Delivery(await self._channel(), pointer, new_thread=True, existing=existing)

    async def _channel_text(self, message: ClaimedMessage) -> Delivery:
        channel = await self._channel()
        text = Text(text_of(message.payload, DEFAULT_LANGUAGE))
        case = await self._cases.by_id(message.signal_id) if message.signal_id else None
        if case and case.channel_conversation_id:
            # A reminder about a case goes into that case's thread; a new thread if it is gone.
            return Delivery(
                {**channel, "conversation": {"id": case.channel_conversation_id}},
                text,
                fallback_channel=channel,
            )
        return Delivery(channel, text, new_thread=True)

    async def _question_card(self, message: ClaimedMessage) -> Delivery:
        question = await self._questions.by_id(message.question_id or "")
        if question is None:
            raise Gone()
        self._still_taakaccenthouder(message.target, question.department)
        reference, new_chat = await self._person_or_new_chat(message.target)
        view = await load_question_view(self._questions, question, self._routing, self._knowledge)
        existing = await self._questions.card_of(question.id, message.target)
        return Delivery(
            reference,
            QuestionForAnswerer(view),
            existing=existing,
            new_chat=new_chat,
            language=language_of_reference(reference),
        )

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
        language = language_of_reference(reference)
        return Delivery(reference, Text(text_of(message.payload, language)), language=language)

    async def _draft_card(self, message: ClaimedMessage) -> Delivery:
        """A card an unfinished report left in the reporter's chat, replaced in place by the
        'deleted' line; if it is no longer there, nothing is sent."""
        reference = message.payload.get("reference")
        activity_id = message.payload.get("activity_id")
        conversation = (reference or {}).get("conversation") or {}
        if not isinstance(reference, dict) or not activity_id or not conversation.get("id"):
            raise Gone()
        return Delivery(
            reference,
            ReportLine(str(message.payload.get("line", "expired"))),
            existing=(conversation["id"], str(activity_id)),
            language=language_of_reference(reference),
            update_only=True,
        )

    async def _reporter_question(self, message: ClaimedMessage) -> Delivery:
        case = await self._case(message)
        asked = await self._cases.reporter_question(message.payload.get("question_id", ""))
        if asked is None or asked.answered_at is not None:
            raise Gone()  # answered (or deleted) before it could be delivered
        try:
            reporter = await self._signals.read_reporter(case.id)
        except LookupError:
            raise Undeliverable("identity_deleted") from None
        question = next(
            (
                e.details["question"]
                for e in await self._cases.events(case.id)
                if e.details.get("question_id") == asked.id and "question" in e.details
            ),
            None,
        )
        if question is None:
            raise Gone()
        existing = _location(asked.conversation_id, asked.activity_id)
        reference = await self._reporter_reference(message, reporter)
        return Delivery(
            reference,
            ReporterQuestionCard(case.case_number, asked.id, question),
            existing=existing,
            language=language_of_reference(reference),
        )

    async def _question_pointer(self, message: ClaimedMessage) -> Delivery:
        question = await self._questions.by_id(message.question_id or "")
        if question is None:
            raise Gone()
        pointer = QuestionPointer(
            question.number, question.created_at, self._clock(), question.answered_at is not None
        )
        existing = _location(question.channel_conversation_id, question.channel_activity_id)
        return Delivery(await self._channel(), pointer, new_thread=True, existing=existing)


def _is_feedback(message: ClaimedMessage) -> bool:
    return message.kind == "reporter_text" and bool(message.payload.get("feedback"))
