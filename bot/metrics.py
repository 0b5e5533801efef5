"""Prometheus metrics: what an operator watches, with no personal data in any of it.

Every label takes one of a few fixed values (an activity type, an outcome, a status); nothing
that comes from a person (ids, names, text) is ever a label or a value. The outbox figures are
read from the database at each scrape, so every instance reports the same shared queue: take
the max, not the sum, over instances. The counters are per process.

Served on a port of its own (MELDROUTE_METRICS_PORT), never on the bot's public port.
"""

from __future__ import annotations

from datetime import datetime

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.process_collector import ProcessCollector

from storage.database import Engine
from storage.outbox_stats import outbox_health

ACTIVITY_TYPES = frozenset(
    {"message", "invoke", "conversationUpdate", "installationUpdate", "messageReaction", "event"}
)
OUTBOX_STATUSES = ("pending", "awaiting_contact", "sent", "dead", "ended", "dropped")
TURN_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def activity_label(activity_type: object) -> str:
    """A fixed label for an activity type; anything unexpected is 'other'."""
    return (
        activity_type
        if isinstance(activity_type, str) and activity_type in ACTIVITY_TYPES
        else "other"
    )


class Metrics:
    def __init__(self) -> None:
        # A registry per bot instance (tests start several in one process).
        self.registry = CollectorRegistry()
        registry = self.registry
        self.turns = Counter(
            "meldroute_turns",
            "Activities handled on /api/messages, by activity type and outcome",
            ["activity", "outcome"],
            registry=registry,
        )
        self.turn_seconds = Histogram(
            "meldroute_turn_duration_seconds",
            "Time from a request on /api/messages to its answer",
            ["activity"],
            buckets=TURN_BUCKETS,
            registry=registry,
        )
        self.turn_errors = Counter(
            "meldroute_turn_errors",
            "Turns that failed inside the bot (the user got the technical-error text)",
            ["activity"],
            registry=registry,
        )
        self.outbox_messages = Gauge(
            "meldroute_outbox_messages",
            "Outbox messages by status (shared by all instances)",
            ["status"],
            registry=registry,
        )
        self.outbox_depth = Gauge(
            "meldroute_outbox_depth",
            "Outbox messages not yet delivered: pending plus awaiting contact",
            registry=registry,
        )
        self.outbox_oldest_pending = Gauge(
            "meldroute_outbox_oldest_pending_age_seconds",
            "Age of the oldest outbox message waiting, by status (0 when none waits)",
            ["status"],
            registry=registry,
        )
        self.outbox_dead_letters = Gauge(
            "meldroute_outbox_dead_letters",
            "Outbox messages given up after all retries (announced to the channel)",
            registry=registry,
        )
        self.deadline_messages = Counter(
            "meldroute_deadline_messages",
            "Reminders and escalations the deadline watch queued (each goes out via the outbox)",
            ["kind"],
            registry=registry,
        )
        self.retention_runs = Counter(
            "meldroute_retention_runs",
            "Runs of the retention job, by outcome",
            ["outcome"],
            registry=registry,
        )
        self.retention_deleted = Counter(
            "meldroute_retention_deleted",
            "What the retention job deleted",
            ["what"],
            registry=registry,
        )
        self.draining = Gauge(
            "meldroute_shutting_down",
            "1 while the instance drains after SIGTERM",
            registry=registry,
        )
        ProcessCollector(registry=registry)

    def turn(self, activity_type: object, outcome: str, seconds: float) -> None:
        label = activity_label(activity_type)
        self.turns.labels(label, outcome).inc()
        self.turn_seconds.labels(label).observe(seconds)

    def turn_failed(self, activity_type: object) -> None:
        self.turn_errors.labels(activity_label(activity_type)).inc()

    def deadlines(self, escalated: int, reminded: int) -> None:
        self.deadline_messages.labels("escalation").inc(escalated)
        self.deadline_messages.labels("reminder").inc(reminded)

    def retention(self, identities: int, cases: int, questions: int) -> None:
        self.retention_runs.labels("ok").inc()
        self.retention_deleted.labels("reporter_identity").inc(identities)
        self.retention_deleted.labels("case").inc(cases)
        self.retention_deleted.labels("question").inc(questions)

    async def refresh(self, engine: Engine, now: datetime) -> None:
        """Read the outbox figures from the database (at each scrape)."""
        health = await outbox_health(engine, now)
        for status in OUTBOX_STATUSES:
            self.outbox_messages.labels(status).set(health.counts.get(status, 0))
        self.outbox_depth.set(
            health.counts.get("pending", 0) + health.counts.get("awaiting_contact", 0)
        )
        self.outbox_dead_letters.set(health.counts.get("dead", 0))
        for status, age in health.oldest_age_seconds.items():
            self.outbox_oldest_pending.labels(status).set(age)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def metrics_app(metrics: Metrics, engine: Engine, clock: object) -> web.Application:
    """The /metrics listener (a separate aiohttp application on its own port)."""

    async def scrape(_request: web.Request) -> web.Response:
        await metrics.refresh(engine, clock())  # type: ignore[operator]
        return web.Response(
            body=metrics.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    app = web.Application()
    app.router.add_get("/metrics", scrape)
    return app
