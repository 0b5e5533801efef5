"""Delivers outbox messages through the Bot Connector, and never loses or doubles one.

- Retries 429 (honouring Retry-After), 5xx and connection errors with exponential backoff and
  full jitter, up to a bounded number of attempts; then the message is dead and the
  coordinators' channel is told (without content).
- A person the bot cannot reach yet (no stored conversation, or 403/404 from Teams) keeps their
  messages waiting until they next talk to the bot.
- Leases make a crashed worker's messages come back; on PostgreSQL instances share the work.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import (
    Activity,
    ConversationParameters,
    ConversationReference,
)
from botbuilder.schema.teams import ChannelInfo, TeamsChannelData
from botframework.connector import Channels
from msrest.exceptions import ClientRequestError, HttpOperationError

from bot.activities import card_activity
from bot.cards.case_cards import pointer_card, tah_card
from bot.cards.question_cards import question_card, question_pointer_card
from bot.connector import ConnectorError
from bot.logging_setup import describe_exception
from bot.question_service import question_view
from bot.wire import from_wire
from domain.clock import Clock
from domain.knowledge import KnowledgeBase
from domain.routing import Routing
from domain.workflow import Action, Role, decide
from storage.cases import CaseRepository
from storage.directory import Directory
from storage.outbox import CHANNEL, ClaimedMessage, Outbox, OutboxMessage, dedupe_key
from storage.questions import QuestionRepository
from storage.signals import SignalRepository
from texts import nl as t

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    base_seconds: float = 2.0
    cap_seconds: float = 600.0
    lease: timedelta = timedelta(minutes=2)
    # Teams allows about 50 messages per second per bot per tenant; stay just under it.
    max_per_second: float = 48.0

    def backoff(self, attempts: int) -> float:
        """Full jitter: a random wait up to base * 2^attempts, capped."""
        return random.uniform(0, min(self.cap_seconds, self.base_seconds * (2**attempts)))


class Pacer:
    """Spaces sends evenly so the connector's rate limit is rarely hit (a 429 still is honoured)."""

    def __init__(self, per_second: float) -> None:
        self._interval = 1.0 / per_second if per_second > 0 else 0.0
        self._next = 0.0

    async def wait(self) -> None:
        if not self._interval:
            return
        now = time.monotonic()
        if self._next > now:
            await asyncio.sleep(self._next - now)
        self._next = max(self._next, now) + self._interval


class Unreachable(Exception):
    """The recipient has no conversation the bot may use (yet)."""


def _status_of(error: Exception) -> tuple[int | None, float | None]:
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    retry_after = None
    headers = getattr(response, "headers", None) or {}
    raw = headers.get("Retry-After") if hasattr(headers, "get") else None
    if raw:
        with contextlib.suppress(ValueError):
            retry_after = float(raw)
    return status, retry_after


class OutboxWorker:
    def __init__(
        self,
        *,
        outbox: Outbox,
        directory: Directory,
        cases: CaseRepository,
        signals: SignalRepository,
        adapter: CloudAdapter,
        bot_app_id: str,
        routing: Routing,
        clock: Clock,
        questions: QuestionRepository,
        knowledge: KnowledgeBase,
        policy: RetryPolicy | None = None,
    ) -> None:
        self._outbox = outbox
        self._directory = directory
        self._cases = cases
        self._signals = signals
        self._adapter = adapter
        self._app_id = bot_app_id
        self._routing = routing
        self._clock = clock
        self._questions = questions
        self._knowledge = knowledge
        self.policy = policy or RetryPolicy()
        self._pacer = Pacer(self.policy.max_per_second)
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run_forever(self, idle_seconds: float = 1.0) -> None:
        while True:
            try:
                delivered = await self.run_once()
            except Exception as error:
                log.error("outbox round failed: %s", describe_exception(error))
                delivered = 0
            if not delivered:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), idle_seconds)

    async def run_once(self, limit: int = 20) -> int:
        """Deliver what is due now; returns how many messages were handled."""
        claimed = await self._outbox.claim(self._clock(), self.policy.lease, limit)
        for message in claimed:
            await self._handle(message)
        return len(claimed)

    async def _handle(self, message: ClaimedMessage) -> None:
        try:
            await self._pacer.wait()
            await self._deliver(message)
        except Unreachable as error:
            await self._outbox.await_contact(message.id, str(error))
            log.info("outbox waiting for contact id=%d kind=%s", message.id, message.kind)
            return
        except (
            TimeoutError,
            ConnectorError,
            HttpOperationError,
            ClientRequestError,
            OSError,
        ) as error:
            await self._on_failure(message, error)
            return
        await self._outbox.mark_sent(message.id, self._clock())
        log.info("outbox delivered id=%d kind=%s", message.id, message.kind)

    async def _on_failure(self, message: ClaimedMessage, error: Exception) -> None:
        status, retry_after = _status_of(error)
        label = f"http {status}" if status else type(error).__name__
        if status in (403, 404) and message.target != CHANNEL:
            await self._outbox.await_contact(message.id, label)
            return
        if status == 429:
            wait = (
                retry_after
                if retry_after is not None
                else self.policy.backoff(message.attempts + 1)
            )
            await self._outbox.retry_later(
                message.id, self._clock() + timedelta(seconds=wait), label, count_attempt=False
            )
            log.info("outbox throttled id=%d kind=%s wait=%.1fs", message.id, message.kind, wait)
            return
        retryable = status is None or status >= 500
        attempts = message.attempts + 1
        if not retryable or attempts >= self.policy.max_attempts:
            await self._outbox.mark_dead(message.id, label)
            log.warning("outbox dead id=%d kind=%s error=%s", message.id, message.kind, label)
            await self._announce_dead(message)
            return
        wait = self.policy.backoff(attempts)
        await self._outbox.retry_later(message.id, self._clock() + timedelta(seconds=wait), label)
        log.info(
            "outbox retry id=%d kind=%s error=%s wait=%.1fs", message.id, message.kind, label, wait
        )

    async def _announce_dead(self, message: ClaimedMessage) -> None:
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

    # --- delivery per kind --------------------------------------------------------------------------
    async def _deliver(self, message: ClaimedMessage) -> None:
        if message.kind == "tah_card":
            await self._deliver_tah_card(message)
        elif message.kind == "user_text":
            await self._send(
                await self._person(message.target), MessageFactory.text(message.payload["text"])
            )
        elif message.kind == "reporter_text":
            await self._deliver_to_reporter(message)
        elif message.kind == "channel_card":
            await self._deliver_channel_card(message)
        elif message.kind == "channel_text":
            await self._deliver_channel_text(message)
        elif message.kind == "question_card":
            await self._deliver_question_card(message)
        elif message.kind == "asker_text":
            await self._deliver_to_asker(message)
        elif message.kind == "question_pointer":
            await self._deliver_question_pointer(message)
        else:
            raise ValueError(f"unknown outbox kind {message.kind}")

    async def _person(self, target: str) -> ConversationReference:
        reference = await self._directory.person_reference(target)
        if reference is None:
            raise Unreachable("no conversation")
        return from_wire(ConversationReference, reference)

    async def _channel(self) -> dict[str, Any]:
        reference = await self._directory.channel_reference()
        if reference is None:
            raise Unreachable("channel not linked")
        return reference

    async def _in_conversation(self, reference: ConversationReference, work: Any) -> None:
        """Run `work(context)` in a proactive turn and let its errors reach the retry logic
        (the adapter's turn-error handler would otherwise swallow them)."""
        failure: list[BaseException] = []

        async def callback(context: TurnContext) -> None:
            try:
                await work(context)
            except Exception as error:
                failure.append(error)

        await self._adapter.continue_conversation(reference, callback, self._app_id)
        if failure:
            raise failure[0]

    async def _send(self, reference: ConversationReference, activity: Activity) -> None:
        async def send(context: TurnContext) -> None:
            await context.send_activity(activity)

        await self._in_conversation(reference, send)

    async def _deliver_tah_card(self, message: ClaimedMessage) -> None:
        case = await self._cases.by_id(message.signal_id or "")
        if case is None:
            return  # deleted meanwhile (retention): nothing to show
        reference = await self._person(message.target)
        reporter = await self._signals.read_reporter(case.id)
        department = self._routing.department(case.department)
        can_forward = decide(Action.FORWARD, case.state, frozenset({Role.TAAKACCENTHOUDER})).allowed
        content = tah_card(
            case,
            reporter.name,
            department.name if department else case.department,
            can_forward=can_forward,
        )
        await self._send(reference, card_activity(content))

    async def _deliver_to_reporter(self, message: ClaimedMessage) -> None:
        case_id = message.signal_id or ""
        try:
            reporter = await self._signals.read_reporter(case_id)
        except LookupError:
            return
        reference = from_wire(ConversationReference, reporter.conversation_reference)
        await self._send(reference, MessageFactory.text(message.payload["text"]))
        if message.payload.get("feedback"):
            await self._cases.set_fields(case_id, feedback_delivered_at=self._clock())
            case = await self._cases.by_id(case_id)
            await self._cases.record_read(
                "system",
                "case.feedback_delivered",
                case.case_number if case else case_id,
                self._clock(),
            )

    async def _deliver_channel_card(self, message: ClaimedMessage) -> None:
        case = await self._cases.by_id(message.signal_id or "")
        if case is None:
            return
        content = pointer_card(case, self._clock(), self._routing.coordinator_name(case.assignee))
        existing = (
            (case.channel_conversation_id, case.channel_activity_id)
            if case.channel_conversation_id and case.channel_activity_id
            else None
        )
        posted = await self._update_or_post_in_channel(card_activity(content), existing)
        if posted:
            await self._cases.set_fields(
                case.id, channel_conversation_id=posted[0], channel_activity_id=posted[1]
            )

    async def _post_to_channel(
        self, channel: dict[str, Any], activity: Activity
    ) -> tuple[str, str]:
        """A new thread in the coordinators' channel; returns its conversation id and message id."""
        parameters = ConversationParameters(
            is_group=True,
            channel_data=TeamsChannelData(channel=ChannelInfo(id=channel["conversation"]["id"])),
            activity=activity,
        )
        result: dict[str, str] = {}

        async def created(context: TurnContext) -> None:
            result["conversation_id"] = context.activity.conversation.id
            result["activity_id"] = context.activity.id

        await self._adapter.create_conversation(
            self._app_id, created, parameters, Channels.ms_teams, channel["serviceUrl"], None
        )
        return result["conversation_id"], result["activity_id"]

    async def _update_in_place(
        self, reference: ConversationReference, activity: Activity, existing: tuple[str, str] | None
    ) -> bool:
        """Replace an earlier message; False if there is none or it is gone (404)."""
        if not existing:
            return False
        reference = from_wire(
            ConversationReference, {**reference.serialize(), "conversation": {"id": existing[0]}}
        )
        activity.id = existing[1]

        async def update(context: TurnContext) -> None:
            await context.update_activity(activity)

        try:
            await self._in_conversation(reference, update)
            return True
        except (ConnectorError, HttpOperationError) as error:
            if _status_of(error)[0] != 404:
                raise
            activity.id = None
            return False

    async def _send_new(
        self, reference: ConversationReference, activity: Activity
    ) -> tuple[str, str]:
        posted: dict[str, str] = {}

        async def send(context: TurnContext) -> None:
            response = await context.send_activity(activity)
            posted["conversation_id"] = context.activity.conversation.id
            posted["activity_id"] = response.id if response else ""

        await self._in_conversation(reference, send)
        return posted["conversation_id"], posted["activity_id"]

    async def _update_or_post_in_channel(
        self, activity: Activity, existing: tuple[str, str] | None
    ) -> tuple[str, str] | None:
        """Update a channel card in place, or post it as a new thread; returns a new location."""
        channel = await self._channel()
        if await self._update_in_place(
            from_wire(ConversationReference, channel), activity, existing
        ):
            return None
        if existing:
            log.info("channel card missing, posting it again")
        return await self._post_to_channel(channel, activity)

    async def _deliver_question_card(self, message: ClaimedMessage) -> None:
        question = await self._questions.by_id(message.question_id or "")
        if question is None:
            return
        reference = await self._person(message.target)
        content = await self._questions.content(question.id)
        view = question_view(question, content, self._routing, self._knowledge)
        activity = card_activity(question_card(view))
        existing = await self._questions.card_of(question.id, message.target)
        if not await self._update_in_place(reference, activity, existing):
            posted = await self._send_new(reference, activity)
            await self._questions.remember_card(question.id, message.target, *posted)

    async def _deliver_to_asker(self, message: ClaimedMessage) -> None:
        reference = await self._directory.person_reference(message.target)
        if (
            reference is None
            and message.question_id
            and await self._questions.by_id(message.question_id)
        ):
            reference = (await self._questions.content(message.question_id)).conversation_reference
        if reference is None:
            raise Unreachable("no conversation")
        await self._send(
            from_wire(ConversationReference, reference),
            MessageFactory.text(message.payload["text"]),
        )

    async def _deliver_question_pointer(self, message: ClaimedMessage) -> None:
        question = await self._questions.by_id(message.question_id or "")
        if question is None:
            return
        content = question_pointer_card(
            question.number, question.created_at, self._clock(), question.answered_at is not None
        )
        existing = (
            (question.channel_conversation_id, question.channel_activity_id)
            if question.channel_conversation_id and question.channel_activity_id
            else None
        )
        posted = await self._update_or_post_in_channel(card_activity(content), existing)
        if posted:
            await self._questions.set_fields(
                question.id, channel_conversation_id=posted[0], channel_activity_id=posted[1]
            )

    async def _deliver_channel_text(self, message: ClaimedMessage) -> None:
        channel = await self._channel()
        activity = MessageFactory.text(message.payload["text"])
        case = await self._cases.by_id(message.signal_id) if message.signal_id else None
        if case and case.channel_conversation_id:
            # A reminder about a case goes into that case's thread.
            reference = from_wire(
                ConversationReference,
                {**channel, "conversation": {"id": case.channel_conversation_id}},
            )
            await self._send(reference, activity)
            return
        await self._post_to_channel(channel, activity)
