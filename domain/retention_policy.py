"""How long each kind of personal data is kept: one row per setting, with its default and
bounds. The settings read their defaults from here, and docs/privacy.md's retention table is
generated from it (`python -m bot privacy-tables`), so the document cannot drift from the code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RetentionRule:
    setting: str
    default: int
    unit: str  # "hours" or "days"
    low: int
    high: int
    data: str  # what is deleted (English, for the documentation)
    when: str  # counted from


RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        "MELDROUTE_DRAFT_TTL_HOURS",
        24,
        "hours",
        1,
        24 * 30,
        "an unfinished report (conversation state)",
        "the last answer in the dialog",
    ),
    RetentionRule(
        "MELDROUTE_RETENTION_IDENTITY_DAYS",
        30,
        "days",
        1,
        3650,
        "the reporter's identity (name, Entra object id, Teams conversation) and the messages "
        "to them about the case",
        "the feedback reached the reporter",
    ),
    RetentionRule(
        "MELDROUTE_RETENTION_IDENTITY_MAX_DAYS",
        90,
        "days",
        1,
        3650,
        "the same, when the feedback never arrived",
        "the case was closed",
    ),
    RetentionRule(
        "MELDROUTE_RETENTION_CLOSED_DAYS",
        365,
        "days",
        1,
        3650 * 3,
        "a closed case (content, history, blind indexes, card locations; its data key is "
        "deleted: crypto-shredding), for close reasons not listed below",
        "the case was closed",
    ),
    RetentionRule(
        "MELDROUTE_RETENTION_QUESTION_DAYS",
        365,
        "days",
        1,
        3650,
        "an answered quick question (text, asker, answer)",
        "the answer",
    ),
    RetentionRule(
        "MELDROUTE_RETENTION_UNANSWERED_QUESTION_DAYS",
        90,
        "days",
        1,
        3650,
        "an unanswered quick question",
        "the question was asked",
    ),
    RetentionRule(
        "MELDROUTE_RETENTION_CONVERSATION_DAYS",
        365,
        "days",
        30,
        3650,
        "a person's stored Teams conversation reference",
        "the person last used the bot",
    ),
    RetentionRule(
        "MELDROUTE_RETENTION_MESSAGE_DAYS",
        30,
        "days",
        1,
        3650,
        "outbox messages that are done (sent, ended, dead, dropped)",
        "the message was written",
    ),
)

# Closed cases per close reason (MELDROUTE_RETENTION_CLOSED_DAYS_BY_REASON): a signal that led
# nowhere is kept shorter than one that was handed over.
CLOSED_DAYS_BY_REASON: dict[str, int] = {
    "no_grounds": 180,
    "duplicate": 90,
    "handed_over_done": 730,
}

# Open cases are never deleted: after this many days without a step the coordinators are
# asked to decide (MELDROUTE_STALE_CASE_DAYS), again every period.
STALE_CASE_DAYS = 90


def rule(setting: str) -> RetentionRule:
    return next(r for r in RULES if r.setting == setting)
