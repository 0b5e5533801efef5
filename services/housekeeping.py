"""The jobs that run on a clock: deadlines (escalate, remind), retention, and abandoned drafts.

The Teams surface schedules them (bot/app.py); what each does, and with which periods, is
decided here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from domain.clock import Clock
from services.case_service import CaseService
from services.delivery import DeliveryPlanner
from services.question_service import QuestionService
from storage.audit_anchor import AnchorFile, write_anchor
from storage.database import Engine
from storage.outbox import Outbox, OutboxMessage, dedupe_key
from storage.retention import RetentionResult, enforce_retention
from storage.state_store import StateStore

log = logging.getLogger(__name__)

# Where a report draft lists its cards still in the chat, with the conversation they are in
# (dialogs/report_dialog.py keeps it in the dialog state), so they can be replaced in place
# when the draft is deleted unfinished.
DRAFT_CARDS = "meldroute_draft_cards"
TARGET_DRAFT = "draft"  # outbox target of those replacements: the reference is in the payload


def reachable_reference(reference: dict[str, Any]) -> dict[str, Any]:
    """What is needed to update a card later: the conversation and the bot, not the person's
    name (the user's id only, which Teams needs to address the update)."""
    kept = {
        key: reference[key]
        for key in ("channelId", "serviceUrl", "conversation", "bot", "locale")
        if key in reference
    }
    user = reference.get("user")
    if isinstance(user, dict) and user.get("id"):
        kept["user"] = {"id": user["id"]}
    return kept


def abandoned_cards(value: Any) -> list[tuple[dict[str, Any], list[str]]]:
    """The card lists of report drafts found in a stored conversation state, at any depth
    (the dialog stack's layout is botbuilder's, the list is ours)."""
    found: list[tuple[dict[str, Any], list[str]]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            entry = item.get(DRAFT_CARDS)
            if isinstance(entry, dict) and isinstance(entry.get("reference"), dict):
                ids = [c for c in entry.get("card_ids") or [] if isinstance(c, str) and c]
                found.append((entry["reference"], ids))
            stack.extend(v for k, v in item.items() if k != DRAFT_CARDS)
        elif isinstance(item, list):
            stack.extend(item)
    return found


def draft_card_messages(values: list[Any]) -> list[OutboxMessage]:
    """One update per card an abandoned draft left in a chat: it becomes the 'deleted' line."""
    messages = []
    for value in values:
        for reference, card_ids in abandoned_cards(value):
            conversation = (reference.get("conversation") or {}).get("id")
            if not conversation:
                continue
            for card_id in card_ids:
                messages.append(
                    OutboxMessage(
                        "draft_card",
                        TARGET_DRAFT,
                        dedupe_key("draft_card", conversation, card_id),
                        {"reference": reference, "activity_id": card_id, "line": "expired"},
                    )
                )
    return messages


@dataclass(frozen=True)
class Periods:
    """How long things may wait or be kept (from the settings)."""

    draft_ttl: timedelta
    forward_timeout: timedelta
    claim_reminder: timedelta
    feedback_reminder: timedelta
    question_reminder: timedelta
    question_escalation: timedelta
    identity_retention: timedelta
    closed_retention: timedelta
    question_retention: timedelta
    identity_max_retention: timedelta  # after close, whether or not the feedback arrived
    feedback_waiting_reminder: timedelta
    unreachable_after: timedelta  # a message waiting this long for its recipient is ended
    closed_retention_by_reason: dict[str, timedelta]
    unanswered_question_retention: timedelta
    conversation_retention: timedelta  # a person's stored Teams conversation, since last seen
    message_retention: timedelta  # outbox messages that are done
    stale_case: timedelta  # an open case without a step this long: the coordinators decide
    # An overdue request for partner feedback is brought up again this often while open.
    partner_reminder_again: timedelta = timedelta(days=7)
    reporter_question_reminder: timedelta = timedelta(days=7)  # an unanswered question, once


class Housekeeping:
    def __init__(
        self,
        *,
        engine: Engine,
        outbox: Outbox,
        planner: DeliveryPlanner,
        state_store: StateStore,
        cases: CaseService,
        questions: QuestionService,
        periods: Periods,
        clock: Clock,
        anchor_key: bytes,
        anchor_file: AnchorFile | None,
    ) -> None:
        self._anchor_key = anchor_key
        self._anchor_file = anchor_file
        self._engine = engine
        self._outbox = outbox
        self._planner = planner
        self._state_store = state_store
        self._cases = cases
        self._questions = questions
        self.periods = periods
        self._clock = clock

    async def purge_abandoned_drafts(self) -> int:
        """Delete drafts nobody touched for the draft period; the cards they left in the chat
        (which may show what was typed) are replaced in place through the outbox."""
        now = self._clock()
        cutoff = now - self.periods.draft_ttl
        removed = await self._state_store.purge_not_updated_since(
            cutoff, now=now, outbox=self._outbox, messages_for=draft_card_messages
        )
        if removed:
            log.info("purged abandoned conversation state rows=%d", removed)
        return removed

    async def watch_deadlines(self) -> tuple[int, int]:
        """Escalate signals not forwarded in time and send the reminders that are due."""
        periods = self.periods
        escalated = await self._cases.escalate_overdue(periods.forward_timeout)
        reminded = await self._cases.send_reminders(
            periods.claim_reminder, periods.feedback_reminder
        )
        reminded += await self._questions.watch_deadlines(
            periods.question_reminder, periods.question_escalation
        )
        reminded += await self._cases.remind_waiting_feedback(periods.feedback_waiting_reminder)
        reminded += await self._cases.remind_stale(periods.stale_case)
        reminded += await self._cases.remind_partner_feedback(periods.partner_reminder_again)
        reminded += await self._cases.remind_missing_outcomes()
        await self._cases.refresh_pointers()
        reminded += await self._cases.remind_reporter_questions(periods.reporter_question_reminder)
        await self.end_unreachable()
        if escalated or reminded:
            log.info("deadlines escalated=%d reminded=%d", escalated, reminded)
        return escalated, reminded

    async def end_unreachable(self) -> int:
        """Messages that waited for their recipient too long are ended, and the coordinators
        told (the person has probably left the organisation)."""
        now = self._clock()
        waiting = await self._outbox.awaiting_contact_since(now - self.periods.unreachable_after)
        for message in waiting:
            await self._outbox.end(message.id, "not_reachable", now)
            await self._planner.undeliverable(message, "not_reachable")
        return len(waiting)

    async def anchor_audit(self) -> None:
        """Sign the audit log's head and write it outside the database (file and log line)."""
        await write_anchor(self._engine, self._anchor_key, self._anchor_file, self._clock())

    async def apply_retention(self) -> RetentionResult:
        """Delete what is past its period (the scheduled job, and `python -m bot retention`)."""
        now = self._clock()
        result = await enforce_retention(
            self._engine,
            now,
            identity_after_feedback_before=now - self.periods.identity_retention,
            closed_before=now - self.periods.closed_retention,
            answered_before=now - self.periods.question_retention,
            identity_closed_before=now - self.periods.identity_max_retention,
            closed_before_by_reason={
                reason: now - period
                for reason, period in self.periods.closed_retention_by_reason.items()
            },
            unanswered_before=now - self.periods.unanswered_question_retention,
            conversations_before=now - self.periods.conversation_retention,
            messages_done_before=now - self.periods.message_retention,
        )
        for case_id in result.feedback_lost:
            await self._planner.feedback_lost(case_id, "identity_deleted")
        log.info(
            "retention identities=%d cases=%d questions=%d conversations=%d messages=%d",
            result.identities_removed,
            result.cases_deleted,
            result.questions_deleted,
            result.conversations_deleted,
            result.messages_deleted,
        )
        return result
