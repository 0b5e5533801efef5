"""Sends outbox messages through the Bot Connector: the Teams half of the outbox.

What a message shows and to whom is decided by services/delivery.py; this module draws it as
an Adaptive Card or a text, sends or updates it, and handles the connector's answers:

- Retries 429 (honouring Retry-After), 5xx and connection errors with exponential backoff and
  jitter for about a day (RetryPolicy); then the message is dead and the coordinators' channel
  is told (without content).
- A person the bot cannot reach yet (no stored conversation, or 403/404 from Teams) keeps their
  messages waiting until they next talk to the bot.
- A message that fails for any other reason is retried, then dead-lettered, on its own; a
  recipient who can no longer be reached (identity deleted, removed from the routing) ends it.
- Delivery is at least once, and a repeat is visible. "sending" is committed just before the
  send and "sent" right after it; a crash in between leaves the outcome unknown (the Bot
  Connector has no idempotency key), so the message is sent again after the restart with a
  line saying it may be a repeat. Updates in place (a card that already exists) are
  idempotent and carry no such line.
- A crashed instance's claims are taken over as soon as its heartbeat stops (storage/outbox.py);
  on PostgreSQL instances share the work.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import aiohttp
from botbuilder.core import MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationParameters,
    ConversationReference,
)
from botbuilder.schema.teams import ChannelInfo, TeamsChannelData
from botframework.connector import Channels
from msrest.exceptions import HttpOperationError

from bot.connector import ConnectorError
from bot.graph_install import GraphInstaller, GraphInstallError
from bot.logging_setup import describe_exception
from bot.wire import from_wire, to_wire
from cards.case_cards import pointer_card, reporter_question_card, tah_card, tah_phase_card
from cards.elements import JsonReady, repeat_notice
from cards.question_cards import question_card, question_pointer_card
from cards.report_cards import done_card
from dialogs.activities import card_activity
from domain.clock import Clock
from services.delivery import (
    CasePointer,
    Content,
    Delivery,
    DeliveryPlanner,
    Gone,
    Location,
    NewChat,
    QuestionForAnswerer,
    QuestionPointer,
    ReporterQuestionCard,
    ReportLine,
    TahPhase,
    TahSignal,
    Text,
    Undeliverable,
    Unreachable,
)
from storage.outbox import CHANNEL, THROTTLED, ClaimedMessage, Outbox
from texts import language, t

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 2.0


@dataclass(frozen=True)
class RetryPolicy:
    """Transient failures (5xx, no connection, anything unexpected) are retried for about a
    day before a message is given up: the waits double from 4 s to an hour, each between half
    and all of that (jitter). 30 attempts wait 15 to 30 hours together, so an outage of Teams
    or of the municipality's network for hours loses nothing, and the first attempts after a
    short one come within minutes."""

    max_attempts: int = 30
    base_seconds: float = 2.0
    cap_seconds: float = 3600.0
    lease: timedelta = timedelta(minutes=2)
    # Teams allows about 50 messages per second per bot per tenant; stay just under it.
    max_per_second: float = 48.0

    def backoff(self, attempts: int) -> float:
        """Equal jitter: a random wait between half and all of base * 2^attempts, capped."""
        ceiling = min(self.cap_seconds, self.base_seconds * (2 ** min(attempts, 40)))
        return random.uniform(ceiling / 2, ceiling)


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


def render(content: Content, *, repeat: bool = False, in_language: str | None = None) -> Activity:
    """The Teams activity for a planned content: one card builder or a text per model, in
    `in_language` (the recipient's). A `repeat` (sent again after a crash mid-send) says so at
    the top."""
    if in_language is not None:
        with language(in_language):
            return render(content, repeat=repeat)
    activity = _render(content)
    if repeat:
        if activity.text:
            activity.text = f"_{t.REPEAT_NOTICE}_\n\n{activity.text}"
        for attachment in activity.attachments or []:
            body = attachment.content.get("body", [])
            attachment.content = JsonReady({**attachment.content, "body": [repeat_notice(), *body]})
    return activity


def _render(content: Content) -> Activity:
    if isinstance(content, Text):
        return MessageFactory.text(content.text)
    if isinstance(content, TahSignal):
        return card_activity(
            tah_card(
                content.case,
                content.reporter_name,
                content.department_name,
                can_forward=content.can_forward,
            )
        )
    if isinstance(content, ReporterQuestionCard):
        return card_activity(
            reporter_question_card(content.case_number, content.question_id, content.question)
        )
    if isinstance(content, TahPhase):
        return card_activity(tah_phase_card(content.case, content.department_name))
    if isinstance(content, CasePointer):
        return card_activity(pointer_card(content.case, content.now, content.assignee_name))
    if isinstance(content, QuestionForAnswerer):
        return card_activity(question_card(content.view))
    if isinstance(content, QuestionPointer):
        return card_activity(
            question_pointer_card(content.number, content.asked_at, content.now, content.answered)
        )
    if isinstance(content, ReportLine):
        return card_activity(done_card(content.what))
    raise TypeError(f"no rendering for {type(content).__name__}")


class OutboxSender:
    def __init__(
        self,
        *,
        outbox: Outbox,
        planner: DeliveryPlanner,
        adapter: CloudAdapter,
        bot_app_id: str,
        clock: Clock,
        policy: RetryPolicy | None = None,
        installer: GraphInstaller | None = None,
    ) -> None:
        self._installer = installer
        self._outbox = outbox
        self._planner = planner
        self._adapter = adapter
        self._app_id = bot_app_id
        self._clock = clock
        self.policy = policy or RetryPolicy()
        self._pacer = Pacer(self.policy.max_per_second)
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run_forever(
        self, idle_seconds: float = 1.0, stop: asyncio.Event | None = None
    ) -> None:
        """Deliver until cancelled, or until `stop` is set: then the round under way is
        finished first (graceful shutdown; set `stop`, then `wake()`). Nothing a single message
        does can stop this loop."""
        stop = stop or asyncio.Event()
        await self._outbox.start(self._clock())
        heartbeat = asyncio.create_task(self._beat_forever())
        try:
            while not stop.is_set():
                try:
                    delivered = await self.run_once()
                except Exception as error:  # the database itself failed: wait and try again
                    log.error("outbox round failed: %s", describe_exception(error))
                    delivered = 0
                if not delivered:
                    self._wake.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), idle_seconds)
        finally:
            heartbeat.cancel()

    async def _beat_forever(self) -> None:
        """Keep this instance's claims alive while a send takes long (PostgreSQL: the other
        instances take over its claims once this stops)."""
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            try:
                await self._outbox.heartbeat(self._clock())
            except Exception as error:
                log.warning("outbox heartbeat failed: %s", describe_exception(error))

    async def run_once(self, limit: int = 20) -> int:
        """Deliver what is due now; returns how many messages were handled."""
        claimed = await self._outbox.claim(self._clock(), self.policy.lease, limit)
        for message in claimed:
            try:
                await self._handle(message)
            except Exception as error:
                # Even recording the outcome failed (database trouble): the claim runs out and
                # the message comes back; the others in this round still go out.
                log.error(
                    "outbox message not settled id=%d kind=%s: %s",
                    message.id,
                    message.kind,
                    describe_exception(error),
                )
        return len(claimed)

    async def _handle(self, message: ClaimedMessage) -> None:
        now = self._clock()
        try:
            delivery = await self._planner.plan(message)
        except Unreachable as error:
            await self._outbox.await_contact(message.id, str(error))
            await self._planner.waiting(message)
            log.info("outbox waiting for contact id=%d kind=%s", message.id, message.kind)
            return
        except Undeliverable as error:
            await self._end(message, error.reason)
            return
        except Gone:
            await self._outbox.drop(message.id, now)
            log.info("outbox subject deleted id=%d kind=%s", message.id, message.kind)
            return
        except Exception as error:
            await self._on_failure(message, error, sent=False)
            return
        await self._pacer.wait()
        if delivery.new_chat is not None:
            try:
                delivery = await self._open_chat(message, delivery)
            except GraphInstallError as error:
                if error.response.status == 403:
                    await self._outbox.await_contact(message.id, "graph 403")
                    await self._planner.waiting(message)
                    return
                await self._on_failure(message, error, sent=False)
                return
            except Exception as error:
                await self._on_failure(message, error, sent=False)
                return
        await self._outbox.mark_sending(message.id, self._clock())
        try:
            posted = await self._deliver(delivery, repeat=message.maybe_sent)
        except Exception as error:
            await self._on_failure(message, error, sent=True)
            return
        try:
            await self._planner.delivered(message, delivery, posted)
        finally:
            # It went out: never send it again, even if the bookkeeping above failed.
            await self._outbox.mark_sent(message.id, self._clock())
        log.info("outbox delivered id=%d kind=%s", message.id, message.kind)

    async def _end(self, message: ClaimedMessage, reason: str) -> None:
        await self._outbox.end(message.id, reason, self._clock())
        log.warning("outbox ended id=%d kind=%s reason=%s", message.id, message.kind, reason)
        await self._planner.undeliverable(message, reason)

    async def _on_failure(self, message: ClaimedMessage, error: Exception, *, sent: bool) -> None:
        """`sent`: the request went out, so unless Teams refused it the outcome is unknown."""
        status, retry_after = _status_of(error)
        label = THROTTLED if status == 429 else f"http {status}" if status else type(error).__name__
        refused = status is not None and 400 <= status < 500
        if status in (403, 404) and message.target != CHANNEL:
            await self._outbox.await_contact(message.id, label)
            await self._planner.waiting(message)
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
        # A connection that was never made sent nothing: no repeat line next time.
        sent = sent and not isinstance(error, aiohttp.ClientConnectorError)
        attempts = message.attempts + 1
        if refused or attempts >= self.policy.max_attempts:
            await self._outbox.mark_dead(message.id, label)
            log.warning("outbox dead id=%d kind=%s error=%s", message.id, message.kind, label)
            await self._planner.undeliverable(message, "failed" if refused else "error")
            return
        wait = self.policy.backoff(attempts)
        await self._outbox.retry_later(
            message.id,
            self._clock() + timedelta(seconds=wait),
            label,
            outcome_unknown=sent and not refused,
        )
        log.info(
            "outbox retry id=%d kind=%s error=%s wait=%.1fs", message.id, message.kind, label, wait
        )

    # --- a 1:1 chat with someone who never opened the bot --------------------------------------------
    async def _open_chat(self, message: ClaimedMessage, delivery: Delivery) -> Delivery:
        """Create the 1:1 chat (installing the app through Graph first if Teams says it is
        not installed and that is configured), keep it, and deliver into it."""
        chat = delivery.new_chat
        assert chat is not None
        try:
            reference = await self._create_chat(chat)
        except (ConnectorError, HttpOperationError) as error:
            if _status_of(error)[0] not in (403, 404) or self._installer is None:
                raise
            await self._installer.install(chat.aad_object_id)
            reference = await self._create_chat(chat)
        await self._planner.chat_created(message.target, chat.aad_object_id, reference)
        log.info("outbox opened a chat id=%d kind=%s", message.id, message.kind)
        return replace(delivery, reference=reference, new_chat=None)

    async def _create_chat(self, chat: NewChat) -> dict[str, Any]:
        parameters = ConversationParameters(
            is_group=False,
            bot=ChannelAccount(id=self._app_id),
            members=[ChannelAccount(id=chat.aad_object_id, aad_object_id=chat.aad_object_id)],
            tenant_id=chat.tenant_id,
            channel_data={"tenant": {"id": chat.tenant_id}},
        )
        created: dict[str, Any] = {}

        async def remember(context: TurnContext) -> None:
            reference = to_wire(TurnContext.get_conversation_reference(context.activity))
            reference["conversation"] = {
                **reference.get("conversation", {}),
                "conversationType": "personal",
                "tenantId": chat.tenant_id,
            }
            created["reference"] = reference

        await self._adapter.create_conversation(
            self._app_id, remember, parameters, Channels.ms_teams, chat.service_url, None
        )
        return created["reference"]

    # --- sending ----------------------------------------------------------------------------------
    async def _deliver(self, delivery: Delivery, *, repeat: bool) -> Location | None:
        """Send one planned delivery; returns where a newly posted message sits. An update in
        place is idempotent; a new message after an unknown outcome says it may be a repeat."""
        reference = from_wire(ConversationReference, delivery.reference)
        drawn = render(delivery.content, in_language=delivery.language)
        if await self._update_in_place(reference, drawn, delivery.existing):
            return None
        if delivery.update_only:
            return None  # the card to replace is gone: there is nothing to send instead
        activity = render(delivery.content, repeat=repeat, in_language=delivery.language)
        if delivery.existing:
            log.info("earlier card missing, posting it again")
        if delivery.new_thread:
            return await self._post_to_channel(delivery.reference, activity)
        try:
            return await self._send_new(reference, activity)
        except (ConnectorError, HttpOperationError) as error:
            if delivery.fallback_channel is None or _status_of(error)[0] != 404:
                raise
            log.info("channel thread missing, posting a new thread")
            return await self._post_to_channel(delivery.fallback_channel, render(delivery.content))

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

    async def _post_to_channel(self, channel: dict[str, Any], activity: Activity) -> Location:
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
        self, reference: ConversationReference, activity: Activity, existing: Location | None
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

    async def _send_new(self, reference: ConversationReference, activity: Activity) -> Location:
        posted: dict[str, str] = {}

        async def send(context: TurnContext) -> None:
            response = await context.send_activity(activity)
            posted["conversation_id"] = context.activity.conversation.id
            posted["activity_id"] = response.id if response else ""

        await self._in_conversation(reference, send)
        return posted["conversation_id"], posted["activity_id"]
