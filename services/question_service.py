"""Quick questions: the knowledge base first, then a person; first answer wins and is relayed.

Who may answer is checked by Entra object id on every attempt: a taakaccenthouder of the
question's department, or an aandachtsfunctionaris. Nothing here imports botbuilder.
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from domain import statistics
from domain.case_number import parse_question_number
from domain.clock import Clock
from domain.kb_matcher import Answer, Matcher, fold
from domain.knowledge import KnowledgeBase
from domain.question import QuestionView, quoted_line
from domain.routing import Routing
from domain.validation import has_invisible_characters, safe_label
from domain.visibility import View, may_view, roles_of
from services.recipients import taakaccenthouder_recipients
from storage.kb_usage import KbUsageRepository
from storage.keyring import Keyring
from storage.outbox import CHANNEL, OutboxMessage, dedupe_key
from storage.questions import (
    ANSWERED,
    ESCALATED,
    OPEN,
    QuestionContent,
    QuestionRecord,
    QuestionRepository,
)
from storage.statistics import StatisticsRepository
from texts import message, t

log = logging.getLogger(__name__)
MAX_QUESTION = 1000
MAX_ANSWER = 2000
# A text that describes something seen or heard is probably a signal (Dutch and English).
_SIGNAL_LIKE = re.compile(
    r"\b(ik zag|ik zie|ik heb gezien|ik hoorde|ik hoor|ik heb gehoord|zag ik|hoorde ik|"
    r"ik merkte|ik merk|ik sprak|kwam .* aan de balie|aan de balie kwam|op huisbezoek|"
    r"bij een controle|vandaag|gisteren|vanochtend|vanmiddag|vanavond|zojuist|"
    r"vorige week|vannacht|"
    # A worry about someone, or what was met at work (a home visit, an inspection).
    r"maak me zorgen|maak mij zorgen|zorgen om|zorgen over|bezorgd om|bezorgd over|niet pluis|"
    r"huisbezoek|tijdens (een |het |de )?(controle|inspectie|intake|gesprek)|"
    r"i saw|i see|i have seen|i heard|i have heard|i noticed|i spoke|today|yesterday|"
    r"this morning|this afternoon|tonight|last night|just now|last week|"
    r"i am worried|i.m worried|worried about|concerned about|home visit|during an inspection)\b"
)
# "Who is my taakaccenthouder / the aandachtsfunctionaris?": answered from the routing file.
_WHO_TAH = re.compile(r"\b(wie|who)\b.*\b(taakaccenthouders?|task holders?)\b")
_WHO_COORDINATOR = re.compile(
    r"\b(wie|who)\b.*\b(aandachtsfunctionaris(sen)?|coordinators?|coordinatoren)\b"
)


@dataclass(frozen=True)
class AskCheck:
    problem: str | None  # a text to show when the question cannot be used
    signal_like: bool = False


def check_question(text: object) -> AskCheck:
    if not isinstance(text, str) or not text.strip():
        return AskCheck(t.ASK_EMPTY)
    if len(text) > MAX_QUESTION:
        return AskCheck(t.ASK_TOO_LONG)
    if not any(ch.isalnum() for ch in text):
        return AskCheck(t.ASK_NO_WORDS)
    if has_invisible_characters(text):
        return AskCheck(t.EXPECTATIONS["expect_plain_text"])
    return AskCheck(None, bool(_SIGNAL_LIKE.search(fold(text))))


@dataclass(frozen=True)
class PlainText:
    """What a message typed outside a dialog is: who holds a role (answered from the routing
    file), something seen or heard (offer to report), a question (the knowledge base), or
    unusable (`problem` says why)."""

    kind: str  # "who_tah", "who_coordinator", "signal", "question" or "unusable"
    problem: str | None = None


def classify_plain_text(text: object) -> PlainText:
    check = check_question(text)
    if check.problem == t.ASK_TOO_LONG:
        return PlainText("signal")  # a long story is a signal more often than a question
    if check.problem:
        return PlainText("unusable", check.problem)
    folded = fold(str(text))
    if _WHO_TAH.search(folded):
        return PlainText("who_tah")
    if _WHO_COORDINATOR.search(folded):
        return PlainText("who_coordinator")
    return PlainText("signal" if check.signal_like else "question")


@dataclass(frozen=True)
class AnswerOutcome:
    ok: bool
    message: str
    question: QuestionRecord | None = None


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + t.ROUTING_AND + names[-1]


def routing_facts(routing: Routing) -> dict[str, str]:
    """What {routing:...} in a knowledge-base answer says: who holds a role, from the routing
    file, so that 'who is my taakaccenthouder?' is answered from the same source the route
    itself uses."""
    lines = [t.ROUTING_TAH_HEADER]
    for department in routing.departments:
        named = [name for _oid, name in department.taakaccenthouder_names]
        count = len(department.taakaccenthouders)  # in the routing file, named or not
        if named:
            people = _names(named)
        elif count == 1:
            people = t.ROUTING_TAH_NAMELESS_ONE
        elif count:
            people = t.ROUTING_TAH_NAMELESS.format(count=count)
        else:
            people = t.ROUTING_TAH_NONE
        lines.append(t.ROUTING_TAH_LINE.format(department=department.name, people=people))
    coordinators = [c.name for c in routing.coordinators]
    return {
        "taakaccenthouders": "\n".join(lines),
        "aandachtsfunctionarissen": t.ROUTING_COORDINATORS.format(names=_names(coordinators)),
    }


def knowledge_with_routing(knowledge: KnowledgeBase, routing: Routing) -> KnowledgeBase:
    return knowledge.with_routing_facts(routing_facts(routing))


SUGGESTIONS = 3  # one-click answers on the taakaccenthouder's question card


class QuestionService:
    def __init__(
        self,
        repository: QuestionRepository,
        knowledge: KnowledgeBase,
        keyring: Keyring,
        routing: Routing,
        clock: Clock,
        usage: KbUsageRepository,
        statistics: StatisticsRepository | None = None,
        model_cache: Path | None = None,
    ) -> None:
        self.repository = repository
        self._statistics = statistics
        self.knowledge = knowledge
        self.matcher = Matcher(knowledge, model_cache=model_cache)
        self._keyring = keyring
        self.routing = routing
        self._clock = clock
        self.usage = usage

    async def search(self, text: str) -> Answer:
        """What the knowledge base shows for a question; counted per entry shown, and for the
        yearly evaluation as a question asked with its first answer as topic (no text)."""
        answer = self.matcher.answer(text)
        await self.usage.count(answer.entry_ids, "shown")
        if self._statistics:
            topic = answer.entry_ids[0] if answer.entry_ids else None
            await self._statistics.record(statistics.question_asked(self._clock(), topic))
        return answer

    async def helped(self, entry_id: object, shown: list[str]) -> None:
        """'Dit helpt' on an entry that was shown; anything else is not counted."""
        if isinstance(entry_id, str) and entry_id in shown:
            await self.usage.count([entry_id], "helpful")
            if self._statistics:
                await self._statistics.record(statistics.question_helped(self._clock(), entry_id))

    async def wants_person(self, shown: list[str]) -> None:
        await self.usage.count(shown, "wants_person")

    def _card_messages(self, question_id: str, department_id: str, tag: str) -> list[OutboxMessage]:
        messages = []
        for target in taakaccenthouder_recipients(self.routing, self._keyring, department_id):
            messages.append(
                OutboxMessage(
                    "question_card",
                    target,
                    dedupe_key("question_card", question_id, target, tag),
                    {},
                    question_id=question_id,
                )
            )
        return messages

    async def ask_person(
        self,
        submission_id: str,
        department_id: str,
        text: str,
        asker: dict[str, Any],
        shown: list[str] | None = None,
    ) -> tuple[QuestionRecord, bool]:
        """Store the question and send it on; returns it and whether a taakaccenthouder gets it.

        The taakaccenthouder's one-click answers are what the asker's card showed (`shown`,
        or the same search again), then the entries the matcher finds most likely even when
        it was not sure enough to show them to the asker: a person judges them."""
        department = self.routing.department(department_id)
        has_tah = bool(department and department.taakaccenthouders)
        if shown is None:
            shown = list(self.matcher.answer(text).entry_ids)
        shown = [e for e in shown if self.knowledge.entry(e)]
        suggestions = list(dict.fromkeys([*shown, *self.matcher.likely(text)]))[:SUGGESTIONS]
        content = QuestionContent(
            text, asker["aad_object_id"], asker["name"], asker["reference"], suggestions, shown
        )

        def messages_for(question_id: str) -> list[OutboxMessage]:
            if has_tah:
                return self._card_messages(question_id, department_id, "new")
            return [
                OutboxMessage(
                    "question_pointer",
                    CHANNEL,
                    dedupe_key("question_pointer", question_id, "new"),
                    {},
                    question_id=question_id,
                )
            ]

        now = self._clock()
        record = await self.repository.create(
            submission_id, department_id, content, now, messages_for
        )
        if not has_tah and record.state == OPEN:
            await self.repository.set_fields(record.id, state=ESCALATED, escalated_at=now)
        log.info("question stored number=%s to_taakaccenthouder=%s", record.number, has_tah)
        return record, has_tah

    async def open_for(self, departments: tuple[str, ...]) -> list[QuestionRecord]:
        """Unanswered questions of these departments (also those already escalated, which a
        taakaccenthouder may still answer), oldest first."""
        later = self._clock() + timedelta(days=1)
        found = [
            question
            for state in (OPEN, ESCALATED)
            for question in await self.repository.unanswered(state, later)
            if question.department in departments
        ]
        return sorted(found, key=lambda question: question.created_at)

    def may_answer(self, actor: str | None, question: QuestionRecord) -> bool:
        """Who may read a question may answer it (domain/visibility.py decides who)."""
        if not actor:
            return False
        roles = roles_of(actor, self.routing, department=question.department)
        return may_view(View.QUESTION, roles)

    async def _authorised(
        self, actor: str | None, number: object, action: str
    ) -> tuple[QuestionRecord | None, AnswerOutcome | None]:
        """The question if this actor may answer (and so read) it; else an audited refusal."""
        now = self._clock()
        canonical = parse_question_number(number)
        question = await self.repository.by_number(canonical) if canonical else None
        if question is None:
            label = safe_label(number)
            await self.repository.record(actor or "unknown", action, label, "refused:unknown", now)
            return None, AnswerOutcome(False, t.QUESTION_UNKNOWN)
        if not self.may_answer(actor, question):
            await self.repository.record(
                actor or "unknown", action, question.number, "refused:role", now
            )
            return None, AnswerOutcome(False, t.QUESTION_REFUSED)
        return question, None

    async def refuse_unknown_verb(self, actor: str | None, number: object) -> None:
        await self.repository.record(
            actor or "unknown",
            "question.unknown_verb",
            safe_label(number),
            "refused:verb",
            self._clock(),
        )

    def display_name(self, actor: str | None) -> str:
        return self.routing.person_name(actor) or t.TAH_ROLE_NAME

    async def answer(
        self, actor: str | None, number: object, text: object = None, entry_id: object = None
    ) -> AnswerOutcome:
        now = self._clock()
        question, refusal = await self._authorised(actor, number, "question.answer")
        if refusal:
            return refusal
        assert question is not None and actor is not None
        if question.answered_at:
            await self.repository.record(
                actor, "question.answer", question.number, "refused:done", now
            )
            return AnswerOutcome(
                False,
                t.QUESTION_ALREADY_ANSWERED.format(name=self.display_name(question.answered_by)),
                question,
            )
        topic = None
        # What the answerer typed: the answer itself, or a note sent with a knowledge-base
        # entry chosen with one click (typed first, then 'Stuur dit': it is not dropped).
        typed = text.strip() if isinstance(text, str) else ""
        if has_invisible_characters(typed):
            return AnswerOutcome(False, t.EXPECTATIONS["expect_plain_text"])
        typed = typed[:MAX_ANSWER]
        if entry_id is not None:
            entry = self.knowledge.entry(entry_id) if isinstance(entry_id, str) else None
            if entry is None:
                return AnswerOutcome(False, t.KB_UNKNOWN)
            answer = f"**{entry.title}**\n\n{entry.answer}"
            if typed:
                answer = f"{typed}\n\n{answer}"
            topic = entry.id
        else:
            answer = typed
            if not answer:
                return AnswerOutcome(False, t.QUESTION_ANSWER_EMPTY)
        content = await self.repository.content(question.id)
        asker = self._keyring.person_digest(content.asker_aad_object_id)
        messages = [
            OutboxMessage(
                "asker_text",
                asker,
                dedupe_key("question_answer", question.id),
                {
                    "message": message(
                        "QUESTION_ANSWER_WITH_QUESTION",
                        number=question.number,
                        question=quoted_line(content.text),
                        answer=answer,
                    )
                },
                question_id=question.id,
            ),
            *self._card_messages(question.id, question.department, "answered"),
        ]
        if question.escalated_at:
            messages.append(
                OutboxMessage(
                    "question_pointer",
                    CHANNEL,
                    dedupe_key("question_pointer", question.id, "answered"),
                    {},
                    question_id=question.id,
                )
            )
        if not await self.repository.answer(question, actor, answer, now, messages, topic):
            fresh = await self.repository.by_id(question.id)
            name = self.display_name(fresh.answered_by if fresh else None)
            return AnswerOutcome(False, t.QUESTION_ALREADY_ANSWERED.format(name=name), fresh)
        log.info("question answered number=%s", question.number)
        return AnswerOutcome(True, t.QUESTION_ANSWER_SENT, await self.repository.by_id(question.id))

    async def view_for(
        self, actor: str | None, number: object
    ) -> tuple[AnswerOutcome, QuestionContent | None]:
        now = self._clock()
        question, refusal = await self._authorised(actor, number, "question.view")
        if refusal:
            return refusal, None
        assert question is not None
        await self.repository.record(actor or "", "question.view", question.number, "ok", now)
        return AnswerOutcome(True, "", question), await self.repository.content(question.id)

    async def watch_deadlines(self, remind_after: timedelta, escalate_after: timedelta) -> int:
        """Remind the taakaccenthouders once, then hand unanswered questions to the channel."""
        now = self._clock()
        handled = 0
        for question in await self.repository.unanswered(OPEN, now - escalate_after):
            pointer = OutboxMessage(
                "question_pointer",
                CHANNEL,
                dedupe_key("question_pointer", question.id, "new"),
                {},
                question_id=question.id,
            )
            cards = self._card_messages(question.id, question.department, "escalated")
            await self.repository.set_fields(
                question.id,
                [pointer, *cards],
                statistics.question_escalated(now),
                state=ESCALATED,
                escalated_at=now,
            )
            handled += 1
        for question in await self.repository.unanswered(OPEN, now - remind_after):
            if question.reminded_at:
                continue
            hours = int((now - question.created_at).total_seconds() // 3600)
            reminders = [
                OutboxMessage(
                    "user_text",
                    target,
                    dedupe_key("question_reminder", question.id, target),
                    {"message": message("QUESTION_REMINDER", number=question.number, hours=hours)},
                    question_id=question.id,
                )
                for target in taakaccenthouder_recipients(
                    self.routing, self._keyring, question.department
                )
            ]
            await self.repository.set_fields(
                question.id, reminders, statistics.reminder(now, "question"), reminded_at=now
            )
            handled += 1
        return handled

    async def send_to_taakaccenthouders(self, department_id: str, people: set[str]) -> int:
        """Open questions of a department go to taakaccenthouders who joined it."""
        digests = {self._keyring.person_digest(oid) for oid in people}
        if not digests:
            return 0
        count = 0
        for question in await self.repository.unanswered(OPEN, self._clock()):
            if question.department != department_id:
                continue
            messages = [
                m
                for m in self._card_messages(question.id, department_id, "routing")
                if m.target in digests
            ]
            if messages:
                await self.repository.set_fields(question.id, messages)
                count += 1
        return count


async def load_question_view(
    repository: QuestionRepository,
    question: QuestionRecord,
    routing: Routing,
    knowledge: KnowledgeBase,
    content: QuestionContent | None = None,
) -> QuestionView:
    """The question card's model read from the store (its text unless `content` was read
    already) and, once answered, the answer that was sent (so every taakaccenthouder of the
    department sees what went out)."""
    if content is None:
        content = await repository.content(question.id)
    answer = await repository.answer_text(question.id) if question.answered_at else None
    return question_view(question, content, routing, knowledge, answer)


def question_view(
    question: QuestionRecord,
    content: QuestionContent,
    routing: Routing,
    knowledge: KnowledgeBase,
    answer: str | None = None,
) -> QuestionView:
    """The model of a taakaccenthouder's question card (cards are pure functions of it)."""
    department = routing.department(question.department)
    answered_by = None
    if question.answered_by:
        answered_by = routing.person_name(question.answered_by) or t.TAH_ROLE_NAME
    return QuestionView(
        number=question.number,
        asker_name=content.asker_name,
        department_name=department.name if department else question.department,
        asked_at=question.created_at,
        text=content.text,
        suggestions=tuple(e for e in (knowledge.entry(i) for i in content.suggested_entries) if e),
        answered_by_name=answered_by,
        escalated=question.escalated_at is not None,
        already_shown=frozenset(content.shown_entries),
        answer=answer,
    )


def new_submission_id() -> str:
    return str(uuid.uuid4())


__all__ = [
    "ANSWERED",
    "AnswerOutcome",
    "PlainText",
    "QuestionService",
    "check_question",
    "classify_plain_text",
    "knowledge_with_routing",
    "load_question_view",
    "new_submission_id",
    "question_view",
]
