"""The routing file, re-read while the bot runs: who is taakaccenthouder or
aandachtsfunctionaris changes without a restart.

`check` (every few seconds, and at once on SIGHUP) reloads the file when it changed. A file
that does not validate keeps the old routing; the log and the coordinators' channel say so,
once per version of the file. A valid file takes effect at once: roles are decided from it on
the next request, so a removed person's access ends immediately; their pending messages are
ended; signals waiting in a department whose taakaccenthouders changed go to the new ones (or,
with none left, to the aandachtsfunctionaris), and so do open questions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from domain.clock import Clock
from domain.routing import LiveRouting, Routing, RoutingConfigError, load_routing, people_of
from services.case_service import CaseService, channel_text_message
from services.question_service import QuestionService
from storage.keyring import Keyring
from storage.outbox import Outbox, dedupe_key
from texts import nl as t

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoutingChange:
    ended_messages: int
    rerouted_signals: int
    escalated_signals: int
    rerouted_questions: int


class RoutingWatch:
    def __init__(
        self,
        *,
        path: Path,
        routing: LiveRouting,
        cases: CaseService,
        questions: QuestionService,
        outbox: Outbox,
        keyring: Keyring,
        clock: Clock,
    ) -> None:
        self._path = path
        self._routing = routing
        self._cases = cases
        self._questions = questions
        self._outbox = outbox
        self._keyring = keyring
        self._clock = clock
        self._seen = self._version()
        self._reported_invalid: tuple[float, int] | None = None

    def _version(self) -> tuple[float, int] | None:
        try:
            stat = self._path.stat()
        except OSError:
            return None
        return (stat.st_mtime, stat.st_size)

    async def check(self, *, force: bool = False) -> RoutingChange | None:
        """Reload the file if it changed (or `force`); the change it made, if any."""
        version = self._version()
        if not force and version == self._seen:
            return None
        self._seen = version
        try:
            new = load_routing(self._path)
        except RoutingConfigError as error:
            if version != self._reported_invalid:
                self._reported_invalid = version
                # The message names the entry and the rule, never a person's name.
                log.error("routing file not applied, the old routing stays: %s", error)
                await self._outbox.enqueue(
                    [
                        channel_text_message(
                            t.ROUTING_INVALID,
                            dedupe_key("routing_invalid", str(version)),
                        )
                    ],
                    self._clock(),
                )
            return None
        return await self.apply(new)

    async def apply(self, new: Routing) -> RoutingChange:
        old = self._routing.current
        self._routing.replace(new)
        now = self._clock()
        removed = people_of(old) - people_of(new)
        ended = await self._outbox.end_pending_for(
            {self._keyring.person_digest(oid) for oid in removed}, "not_in_routing", now
        )
        rerouted = escalated = questions = 0
        for department in new.departments:
            before = old.department(department.id)
            if before and before.taakaccenthouders == department.taakaccenthouders:
                continue
            added = set(department.taakaccenthouders) - set(
                before.taakaccenthouders if before else ()
            )
            for case in await self._cases.cases.received_in(department.id):
                if department.taakaccenthouders:
                    await self._cases.send_to_taakaccenthouders(case, added)
                    rerouted += 1
                elif await self._cases.escalate_without_taakaccenthouder(case):
                    escalated += 1
            questions += await self._questions.send_to_taakaccenthouders(department.id, added)
        change = RoutingChange(ended, rerouted, escalated, questions)
        await self._cases.cases.record_read(
            "system",
            "routing.reload",
            f"e{ended}-r{rerouted}-x{escalated}-q{questions}",
            now,
        )
        log.info(
            "routing reloaded ended=%d rerouted=%d escalated=%d questions=%d",
            ended,
            rerouted,
            escalated,
            questions,
        )
        return change
