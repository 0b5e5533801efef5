"""The database tables. Content columns hold AES-GCM ciphertext only (see storage.crypto)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    false,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Named keys of the whole system (bot state, blind indexes), each wrapped by the KEK.
#
# Every table that keeps a wrapped data key has the same two columns beside `wrapped_key`:
# - `kek_version`: the key-encryption key version when the data key was made. It is bound
#   into the associated data of what the data key encrypted, so it never changes.
# - `wrapped_by`: the key-encryption key version that wraps `wrapped_key` now; key rotation
#   (storage/key_rotation.py) changes it. NULL (a row written before migration 0012, or by an
#   instance still running older code during a rolling update) means the same as `kek_version`.
# Both are String(512): a Key Vault key version is a URL of up to about 200 characters.
system_keys = Table(
    "system_keys",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("kek_version", String(512), nullable=False),
    Column("wrapped_by", String(512), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

case_counters = Table(
    "case_counters",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("last_number", Integer, nullable=False),
)

signals = Table(
    "signals",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_number", String(20), nullable=False, unique=True),
    # The draft's id: a second submit of the same draft finds the first signal, not a new one.
    Column("submission_id", String(36), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("state", String(32), nullable=False),
    # Routing facts that cards and deadlines need without decrypting: no personal data.
    Column("form", String(16), nullable=False),
    Column("urgent", Boolean, nullable=False),
    Column("department", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    # Case work bookkeeping: ids and times only.
    Column("assignee", String(64), nullable=True),
    Column("escalation_reason", String(32), nullable=True),
    Column("forwarded_at", DateTime(timezone=True), nullable=True),
    Column("handed_over_at", DateTime(timezone=True), nullable=True),
    Column("on_agenda_at", DateTime(timezone=True), nullable=True),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    Column("feedback_delivered_at", DateTime(timezone=True), nullable=True),
    # pending, delivered, waiting (reporter not reachable yet) or failed; None before closing.
    Column("feedback_state", String(16), nullable=True),
    Column("feedback_waiting_reminded_at", DateTime(timezone=True), nullable=True),
    Column("claim_reminded_at", DateTime(timezone=True), nullable=True),
    Column("feedback_reminded_at", DateTime(timezone=True), nullable=True),
    Column("channel_conversation_id", String(256), nullable=True),
    Column("channel_activity_id", String(128), nullable=True),
    # "taakaccenthouder" when the signal started with them (they saw the reporter's name),
    # "coordinator" when it went straight to the aandachtsfunctionaris.
    Column("reporter_route", String(16), nullable=False, server_default="taakaccenthouder"),
    Column("close_reason", String(32), nullable=True),  # a key of texts' CLOSE_REASONS
    Column("stale_reminded_at", DateTime(timezone=True), nullable=True),
    # The reporter is told in "Mijn meldingen" when an aandachtsfunctionaris revealed them.
    Column("reporter_revealed_at", DateTime(timezone=True), nullable=True),
    # How the signal came in: teams, or the aandachtsfunctionaris registered it from the
    # mailbox, the phone, a partner or otherwise (domain.case.Intake).
    Column("intake", String(16), nullable=False, server_default="teams"),
    Column("enriched_at", DateTime(timezone=True), nullable=True),
    # The signaleringsoverleg: the ISO date of the meeting the case waits for, the latest
    # outcome as a code, and when the coordinators were told an outcome is missing.
    Column("agenda_date", String(10), nullable=True),
    Column("agenda_outcome", String(16), nullable=True),
    Column("agenda_reminded_at", DateTime(timezone=True), nullable=True),
    # Feedback asked of partners (feedback_requests), summarised for cards and the workflow.
    Column("partner_requested_at", DateTime(timezone=True), nullable=True),
    Column("partner_due_on", String(10), nullable=True),  # earliest due date of open requests
    Column("partner_feedback_at", DateTime(timezone=True), nullable=True),
    # When the channel pointer was last drawn, so an open case's card is redrawn daily.
    Column("pointer_refreshed_at", DateTime(timezone=True), nullable=True),
    # The person may be under 18 (a flag only): marked on the pointer, the meldcode applies.
    Column("minor", Boolean, nullable=False, server_default=false()),
    Index("ix_signals_state_created_at", "state", "created_at"),
    Index("ix_signals_agenda_date", "agenda_date"),
)

# Each request for feedback from a chain partner: partner id and dates only (no content).
feedback_requests = Table(
    "feedback_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("signal_id", String(36), ForeignKey("signals.id", ondelete="CASCADE"), nullable=False),
    Column("partner", String(64), nullable=False),
    Column("requested_by", String(64), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("due_on", String(10), nullable=False),  # ISO date
    Column("answered_at", DateTime(timezone=True), nullable=True),
    Column("reminded_at", DateTime(timezone=True), nullable=True),
    Index("ix_feedback_requests_signal_id", "signal_id"),
    Index("ix_feedback_requests_due_on", "answered_at", "due_on"),
)

# The history of a case: one row per transition; details (notes, partner, reasons) encrypted
# under the case's own data key, so crypto-shredding the case removes them too.
case_events = Table(
    "case_events",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("signal_id", String(36), ForeignKey("signals.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("from_state", String(32), nullable=False),
    Column("to_state", String(32), nullable=False),
    Column("details", LargeBinary, nullable=False),
    Index("ix_case_events_signal_id_at", "signal_id", "at"),
)

# Where the bot can reach a person proactively; keyed by a digest of their Entra object id.
conversation_refs = Table(
    "conversation_refs",
    metadata,
    Column("user_digest", String(64), primary_key=True),
    Column("reference", LargeBinary, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# The coordinators' channel, linked with "koppel dit kanaal".
channel_links = Table(
    "channel_links",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("reference", LargeBinary, nullable=False),
    Column("linked_by", String(64), nullable=False),
    Column("linked_at", DateTime(timezone=True), nullable=False),
)

# Durable outbox: written in the same transaction as the change that causes the message.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dedupe_key", String(128), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("target", String(64), nullable=False),
    Column("signal_id", String(36), ForeignKey("signals.id", ondelete="CASCADE"), nullable=True),
    Column("question_id", String(36), nullable=True),
    Column("payload", LargeBinary, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Column("last_error", String(64), nullable=True),
    # The worker that holds the message (outbox_workers.id); its heartbeat keeps the claim.
    Column("claimed_by", String(36), nullable=True),
    # Set just before the send, cleared when the send is known to have failed: a message that
    # still has it when it is claimed again may have reached the recipient already.
    Column("send_started_at", DateTime(timezone=True), nullable=True),
    Column("ended_at", DateTime(timezone=True), nullable=True),
    Index("ix_outbox_status_due_at", "status", "due_at"),
    Index("ix_outbox_target_status", "target", "status"),
)

# The instances that deliver outbox messages; a claim by an instance whose heartbeat stopped
# is taken over at once.
outbox_workers = Table(
    "outbox_workers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("heartbeat_at", DateTime(timezone=True), nullable=False),
)

# One data key per signal; deleting the row makes the signal unreadable (crypto-shredding).
signal_keys = Table(
    "signal_keys",
    metadata,
    Column("signal_id", String(36), ForeignKey("signals.id", ondelete="CASCADE"), primary_key=True),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("kek_version", String(512), nullable=False),
    Column("wrapped_by", String(512), nullable=True),
)

# The reporter's identity, apart from the signal and under its own data key.
reporter_identities = Table(
    "reporter_identities",
    metadata,
    Column("signal_id", String(36), ForeignKey("signals.id", ondelete="CASCADE"), primary_key=True),
    Column("reporter_index", String(64), nullable=False, index=True),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("kek_version", String(512), nullable=False),
    Column("wrapped_by", String(512), nullable=True),
    Column("identity", LargeBinary, nullable=False),
)

blind_indexes = Table(
    "blind_indexes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("signal_id", String(36), ForeignKey("signals.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("digest", String(64), nullable=False),
    Index("ix_blind_indexes_kind_digest", "kind", "digest"),
    Index("ix_blind_indexes_signal_id", "signal_id"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("object", String(64), nullable=False),
    Column("result", String(16), nullable=False),
    Column("origin", String(32), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
)

# Bot conversation and user state; the key is a keyed digest, the data is ciphertext.
bot_state = Table(
    "bot_state",
    metadata,
    Column("key_digest", String(64), primary_key=True),
    Column("etag", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
)

question_counters = Table(
    "question_counters",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("last_number", Integer, nullable=False),
)

# Quick questions to a taakaccenthouder. The text, the asker and the answer are encrypted under
# the question's own data key (wrapped here), so deleting the row removes everything.
questions = Table(
    "questions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("submission_id", String(36), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("department", String(64), nullable=False),
    Column("state", String(16), nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("kek_version", String(512), nullable=False),
    Column("wrapped_by", String(512), nullable=True),
    Column("content", LargeBinary, nullable=False),
    Column("answer", LargeBinary, nullable=True),
    Column("answered_by", String(64), nullable=True),
    Column("answered_at", DateTime(timezone=True), nullable=True),
    Column("reminded_at", DateTime(timezone=True), nullable=True),
    Column("escalated_at", DateTime(timezone=True), nullable=True),
    Column("channel_conversation_id", String(256), nullable=True),
    Column("channel_activity_id", String(128), nullable=True),
    Index("ix_questions_state_created_at", "state", "created_at"),
)

# Where each taakaccenthouder's card for a question is, so all of them can show who answered.
question_cards = Table(
    "question_cards",
    metadata,
    Column(
        "question_id", String(36), ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("recipient", String(64), primary_key=True),
    Column("conversation_id", String(256), nullable=False),
    Column("activity_id", String(128), nullable=False),
)

# Where each taakaccenthouder's card about a case sits, so it can be updated in place (to the
# phase only, once the signal is no longer theirs).
case_cards = Table(
    "case_cards",
    metadata,
    Column("signal_id", String(36), ForeignKey("signals.id", ondelete="CASCADE"), primary_key=True),
    Column("recipient", String(64), primary_key=True),
    Column("conversation_id", String(256), nullable=False),
    Column("activity_id", String(128), nullable=False),
)

# How often each knowledge-base entry was shown on a results card, marked "Dit helpt", or
# followed by "Ik wil een persoon spreken": counts only; no question text, no person, no time.
# The entry id "_geen" counts the cards that said "I don't know".
kb_usage = Table(
    "kb_usage",
    metadata,
    Column("entry_id", String(64), primary_key=True),
    Column("shown", Integer, nullable=False),
    Column("helpful", Integer, nullable=False),
    Column("wants_person", Integer, nullable=False),
)

# The aandachtsfunctionaris's questions to a reporter: times and where the card sits only; the
# question and the answer are in the case's encrypted history (case_events).
reporter_questions = Table(
    "reporter_questions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column(
        "signal_id",
        String(36),
        ForeignKey("signals.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("asked_at", DateTime(timezone=True), nullable=False),
    Column("answered_at", DateTime(timezone=True), nullable=True),
    Column("reminded_at", DateTime(timezone=True), nullable=True),
    Column("conversation_id", String(256), nullable=True),
    Column("activity_id", String(128), nullable=True),
)

# Facts for the yearly evaluation (domain/statistics.py): a month and categories or whole-day
# durations, never an id, a case number, a name, free text or a precise time, so they outlive
# the cases they count. No key on purpose: nothing to order or link them by (retention rewrites
# the rows in random order, see storage/statistics.py).
route_facts = Table(
    "route_facts",
    metadata,
    Column("month", String(7), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("form", String(16), nullable=True),
    Column("department", String(64), nullable=True),
    Column("intake", String(16), nullable=True),
    Column("urgent", Boolean, nullable=True),
    Column("minor", String(8), nullable=True),
    Column("acute", Boolean, nullable=True),
    Column("tah_involved", Boolean, nullable=True),
    Column("partner", String(64), nullable=True),
    Column("close_reason", String(32), nullable=True),
    Column("detail", String(32), nullable=True),
    Column("topic", String(64), nullable=True),
    Column("step", String(24), nullable=True),
    Column("days", Integer, nullable=True),
    Column("days_total", Integer, nullable=True),
    Index("ix_route_facts_month_kind", "month", "kind"),
)
