"""Case work: authorise by Entra object id, decide with the workflow table, apply with storage.

Every action comes through `act`, which refuses (and audits) anything the table does not allow
for this actor and case, and otherwise applies the transition together with its history entry,
audit entry and outbox messages in one transaction. Nothing here imports botbuilder.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from domain import report, validation
from domain.case import CaseRecord, FeedbackState, ReporterRoute
from domain.case_number import LOCAL_TIME, parse_case_number
from domain.clock import Clock
from domain.matching import blind_index_terms
from domain.routing import Routing
from domain.validation import MAX_LONG_TEXT, InvalidValue, mentions_name, safe_label
from domain.visibility import View, may_view, roles_of
from domain.workflow import (
    REPORTER_ACTIONS,
    Action,
    EscalationReason,
    Refusal,
    Role,
    State,
    available_actions,
    decide,
    initial_route,
)
from services.recipients import taakaccenthouder_recipients
from storage.cases import CaseChanged, CaseRepository, QuestionChange
from storage.keyring import Keyring
from storage.outbox import CHANNEL, OutboxMessage, dedupe_key
from storage.signals import NewSignal, ReporterIdentity, SignalRepository
from texts import DEFAULT_LANGUAGE, catalogue, message, t

log = logging.getLogger(__name__)
SYSTEM_ACTOR = "system"


@dataclass(frozen=True)
class Submitted:
    """A stored signal: its number and where it went first (the receipt says what follows):
    "taakaccenthouder", or an EscalationReason value."""

    case_number: str
    route: str


REPORTER_ACTOR = "melder"
ANSWER_KINDS = ("answer", "dont_know", "decline")


class NoIdentity(Exception):
    """The reporter's identity was deleted: they cannot be asked anything any more."""


@dataclass(frozen=True)
class Effects:
    """What an action records (encrypted details), changes (columns) and sends (outbox)."""

    details: dict[str, Any]
    changes: dict[str, Any]
    messages: list[OutboxMessage]
    question: QuestionChange | None = None
    index_terms: list[tuple[str, str]] | None = None


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str
    case: CaseRecord | None = None


def channel_card_message(case_id: str) -> OutboxMessage:
    """Post or update the case's pointer card; it is rendered from the case when delivered."""
    return OutboxMessage(
        "channel_card", CHANNEL, dedupe_key("channel_card", case_id, str(uuid.uuid4())), {}, case_id
    )


def channel_text_message(
    text: dict[str, Any], dedupe_key: str, case_id: str | None = None
) -> OutboxMessage:
    """A text for the coordinators' channel, as a `texts.message`: it is written in Dutch when
    it is delivered, whatever the language of the turn that caused it."""
    return OutboxMessage("channel_text", CHANNEL, dedupe_key, {"message": text}, case_id)


class CaseService:
    def __init__(
        self,
        cases: CaseRepository,
        signals: SignalRepository,
        keyring: Keyring,
        routing: Routing,
        clock: Clock,
    ) -> None:
        self.cases = cases
        self.signals = signals
        self._keyring = keyring
        self.routing = routing
        self._clock = clock

    # --- a new signal -----------------------------------------------------------------------------
    def _tah_messages(self, case_id: str, department_id: str) -> list[OutboxMessage]:
        messages = []
        for target in taakaccenthouder_recipients(self.routing, self._keyring, department_id):
            messages.append(
                OutboxMessage(
                    "tah_card", target, dedupe_key("tah_card", case_id, target), {}, case_id
                )
            )
        return messages

    def _first_route(self, draft: report.Draft) -> tuple[State, EscalationReason | None]:
        department = self.routing.department(draft.get("department", ""))
        has_tah = bool(department and department.taakaccenthouders)
        skips_tah = draft.get("route") == "coordinator"
        return initial_route(report.is_urgent(draft), has_tah, skips_tah)

    def preview_route(self, draft: report.Draft) -> str:
        """Where this draft would go if it were sent now (as `Submitted.route`), so the
        reporter reads who will know their name before sending."""
        _state, reason = self._first_route(draft)
        return reason.value if reason else "taakaccenthouder"

    async def submit(self, draft: report.Draft, reporter: ReporterIdentity) -> Submitted:
        skips_tah = draft.get("route") == "coordinator"
        state, reason = self._first_route(draft)
        route = (
            ReporterRoute.TAAKACCENTHOUDER if state == State.RECEIVED else ReporterRoute.COORDINATOR
        )
        minor = report.possible_minor(draft)
        new = NewSignal(
            submission_id=draft["submission_id"],
            content=report.report_content(draft),
            form=draft["form"],
            # Acute danger, a possible minor or the reporter's mark: it does not wait.
            urgent=report.is_urgent(draft),
            department=draft["department"],
            state=state.value,
            escalation_reason=reason.value if reason else None,
            reporter_route=route.value,
            minor=minor,
        )
        messages: list[OutboxMessage] = []
        if state == State.RECEIVED:
            messages += self._tah_messages(new.id, new.department)
        else:
            messages.append(channel_card_message(new.id))
        if reason == EscalationReason.URGENT and not skips_tah:
            # The department's taakaccenthouder hears that an urgent signal went straight on,
            # without the reporter's name or anything of its content (for a possible minor,
            # with the meldcode step that applies).
            notice = "urgent_minor" if minor else "urgent"
            messages += self._tah_notices(new.id, new.department, notice)
        stored = await self.signals.create(new, reporter, self._clock(), messages)
        log.info(
            "signal stored case=%s new=%s state=%s",
            stored.case_number,
            stored.newly_created,
            state.value,
        )
        return Submitted(stored.case_number, reason.value if reason else "taakaccenthouder")

    async def _tah_card_updates(self, case: CaseRecord) -> list[OutboxMessage]:
        """The phase changed: each taakaccenthouder card about the case is redrawn in place,
        and once the signal is no longer theirs it shows the phase only (no name, no content)."""
        stamp = str(uuid.uuid4())
        return [
            OutboxMessage(
                "tah_card",
                target,
                dedupe_key("tah_card", case.id, target, stamp),
                {"update_only": True},
                case.id,
            )
            for target in await self.cases.card_recipients(case.id)
        ]

    def _tah_notices(self, case_id: str, department_id: str, notice: str) -> list[OutboxMessage]:
        """A notice for the department's taakaccenthouders: the case number, nothing more."""
        return [
            OutboxMessage(
                "tah_notice",
                target,
                dedupe_key("tah_notice", case_id, target, notice),
                {"notice": notice},
                case_id,
            )
            for target in taakaccenthouder_recipients(self.routing, self._keyring, department_id)
        ]

    # --- authorisation ---------------------------------------------------------------------------------
    def roles(self, actor_id: str | None, case: CaseRecord) -> frozenset[Role]:
        return roles_of(actor_id, self.routing, department=case.department)

    async def refuse(
        self, actor_id: str | None, action: str, case_number: str, reason: str, message: str
    ) -> Outcome:
        await self.cases.record_refusal(
            actor_id or "unknown", action, case_number, reason, self._clock()
        )
        log.info("action refused action=%s case=%s reason=%s", action, case_number, reason)
        return Outcome(False, message)

    async def _authorised(
        self, actor_id: str | None, case_number: object, action: Action
    ) -> tuple[CaseRecord | None, Outcome | None]:
        number = parse_case_number(case_number)
        case = await self.cases.by_number(number) if number else None
        if case is None:
            return None, await self.refuse(
                actor_id, action.value, safe_label(case_number), "unknown", t.ACTION_REFUSED_UNKNOWN
            )
        roles = await self._roles_for(actor_id, case, action)
        # A reporter's own steps are recorded under "melder": the audit log must not tie them
        # to their case, not even when they are refused.
        recorded = REPORTER_ACTOR if Role.REPORTER in roles else actor_id
        decision = decide(action, case.state, roles)
        if decision.allowed:
            return case, None
        if action in (Action.FORWARD, Action.TAH_NOTE) and Role.TAAKACCENTHOUDER in roles:
            # A taakaccenthouder of the department asks about a signal that is not (or no
            # longer) theirs. One that never came to them must not even seem to exist.
            known = case.taakaccenthouder_knows_reporter or case.escalation_reason == "urgent"
            text = t.TAH_NO_LONGER_YOURS if known else t.ACTION_REFUSED_UNKNOWN
            return None, await self.refuse(recorded, action.value, case.case_number, "state", text)
        if decision.refusal == Refusal.NOT_ALLOWED:
            text = (
                t.ACTION_REFUSED_TAH
                if action in (Action.FORWARD, Action.TAH_NOTE)
                else t.ACTION_REFUSED_REPORTER
                if action in REPORTER_ACTIONS
                else t.ACTION_REFUSED_ROLE
            )
            return None, await self.refuse(recorded, action.value, case.case_number, "role", text)
        text = (
            t.ADD_TO_CLOSED_CASE
            if action == Action.ADD_TO_REPORT
            else t.ACTION_REFUSED_STATE.format(state=t.STATE_LABELS[case.state.value])
        )
        return None, await self.refuse(recorded, action.value, case.case_number, "state", text)

    async def _roles_for(
        self, actor_id: str | None, case: CaseRecord, action: Action
    ) -> frozenset[Role]:
        """The actor's roles for this case; the reporter role only where a step needs it (it
        costs a look-up of the identity's index)."""
        roles = self.roles(actor_id, case)
        if (
            action in REPORTER_ACTIONS
            and actor_id
            and await self.cases.is_reporter(case.id, self.signals.reporter_index(actor_id))
        ):
            roles = roles | {Role.REPORTER}
        return roles

    # --- actions -------------------------------------------------------------------------------------------
    async def act(
        self, actor_id: str | None, case_number: object, action: Action, inputs: dict[str, Any]
    ) -> Outcome:
        case, refusal = await self._authorised(actor_id, case_number, action)
        if refusal:
            return refusal
        assert case is not None and actor_id
        now = self._clock()
        recorded = REPORTER_ACTOR if action in REPORTER_ACTIONS else actor_id
        try:
            if action in _CONTACT_ACTIONS:
                effects = await self._contact_effects(action, case, inputs, now)
            else:
                effects = Effects(*await self._effects(action, case, actor_id, inputs, now))
        except InvalidValue as error:
            return _needs_input(error)
        except NoIdentity:
            return Outcome(False, t.ASK_REPORTER_NO_IDENTITY)
        decision = decide(action, case.state, await self._roles_for(actor_id, case, action))
        messages = effects.messages
        if decision.new_state != case.state:
            messages = [*messages, *await self._tah_card_updates(case)]
        try:
            updated = await self.cases.apply(
                case,
                action=action.value,
                actor=recorded,
                new_state=decision.new_state,
                at=now,
                details=effects.details,
                changes=effects.changes,
                messages=messages,
                question=effects.question,
                index_terms=effects.index_terms,
            )
        except CaseChanged:
            return await self.refuse(
                recorded, action.value, case.case_number, "changed", t.ACTION_REFUSED_CHANGED
            )
        log.info(
            "case action action=%s case=%s state=%s",
            action.value,
            case.case_number,
            updated.state.value,
        )
        return Outcome(
            True,
            t.ACTION_DONE.format(
                action=t.ACTION_LABELS[action.value], case_number=case.case_number
            ),
            updated,
        )

    async def _effects(
        self, action: Action, case: CaseRecord, actor_id: str, inputs: dict[str, Any], now: datetime
    ) -> tuple[dict[str, Any], dict[str, Any], list[OutboxMessage]]:
        """What an action records (encrypted details), changes (columns) and sends (outbox)."""
        today = now.date()
        pointer = [channel_card_message(case.id)]
        if action in (Action.NOTE, Action.TAH_NOTE):
            note = await self._note(case, "note", _required_text("note", inputs))
            return {"note": note}, {}, []
        if action == Action.FORWARD:
            note = validation.text("note", inputs.get("note"), limit=MAX_LONG_TEXT)
            await self._note(case, "note", note)
            return ({"note": note} if note else {}), {"forwarded_at": now}, pointer
        if action == Action.CLAIM:
            return {"assignee": actor_id}, {"assignee": actor_id}, pointer
        if action == Action.ASSIGN:
            ids = tuple(c.aad_object_id for c in self.routing.coordinators)
            assignee = validation.parse_choice(
                "assignee", inputs.get("assignee"), ids, required=True
            )
            return {"assignee": assignee}, {"assignee": assignee}, pointer
        if action == Action.ENRICH:
            related = await self.cases.related_case_numbers(case.id)
            found = ", ".join(n for numbers in related.values() for n in numbers) or "-"
            note = validation.text("note", inputs.get("note"), limit=MAX_LONG_TEXT)
            await self._note(case, "note", note)
            return {"related": found, **({"note": note} if note else {})}, {}, []
        if action == Action.AGENDA:
            when = validation.parse_date("date", inputs.get("date"), today=today, allow_future=True)
            if not when:
                raise InvalidValue("date", "expect_date")
            return {"date": when}, {"on_agenda_at": now}, []
        if action == Action.HAND_OVER:
            partner = validation.parse_choice(
                "partner",
                inputs.get("partner"),
                tuple(p.id for p in self.routing.partners),
                required=True,
            )
            when = (
                validation.parse_date("date", inputs.get("date"), today=today) or today.isoformat()
            )
            reference = validation.text("reference", inputs.get("reference"))
            return (
                {"partner": partner, "date": when, "reference": reference},
                {"handed_over_at": now},
                pointer,
            )
        if action == Action.REQUEST_FEEDBACK:
            return {}, {}, []
        if action == Action.RECORD_FEEDBACK:
            feedback = await self._note(case, "feedback", _required_text("feedback", inputs))
            return {"feedback": feedback}, {}, []
        if action == Action.CLOSE:
            reason = validation.parse_choice(
                "reason", inputs.get("reason"), tuple(t.CLOSE_REASONS), required=True
            )
            feedback = _required_text("feedback", inputs, limit=1000)
            to_reporter = await self._feedback_to_reporter(case, feedback)
            # The taakaccenthouder hears of the close once the reporter has the feedback
            # (services/delivery.py); without an identity the coordinators are told instead.
            state = FeedbackState.PENDING if to_reporter else FeedbackState.FAILED
            if not to_reporter:
                to_reporter = [
                    channel_text_message(
                        message("FEEDBACK_NO_IDENTITY", case_number=case.case_number),
                        dedupe_key("feedback_no_identity", case.id, now.isoformat()),
                        case.id,
                    )
                ]
            return (
                # The case's history is a record of the municipality: kept in Dutch.
                {"reason": catalogue(DEFAULT_LANGUAGE).CLOSE_REASONS[reason], "feedback": feedback},
                {"closed_at": now, "feedback_state": state.value, "close_reason": reason},
                [*pointer, *to_reporter],
            )
        if action == Action.REOPEN:
            return {}, {"closed_at": None, "feedback_state": None, "close_reason": None}, pointer
        raise ValueError(f"no effects for {action}")

    async def _contact_effects(
        self, action: Action, case: CaseRecord, inputs: dict[str, Any], now: datetime
    ) -> Effects:
        """Two-way contact without revealing the reporter: a question to them, their answer,
        their addition. Texts go into the case's encrypted history; the channel hears of it by
        pointer only."""
        if action == Action.ASK_REPORTER:
            question = validation.text("question", inputs.get("question"), limit=1000)
            if not question:
                raise InvalidValue("question", "expect_text")
            try:
                reporter = await self.signals.read_reporter(case.id)
            except LookupError:
                raise NoIdentity() from None
            _refuse_reporter_name("question", question, reporter.name)
            question_id = str(uuid.uuid4())
            to_reporter = OutboxMessage(
                "reporter_question",
                self._keyring.person_digest(reporter.aad_object_id),
                dedupe_key("reporter_question", question_id),
                {"question_id": question_id},
                case.id,
            )
            return Effects(
                {"question": question, "question_id": question_id},
                {},
                [to_reporter],
                QuestionChange("ask", question_id),
            )
        if action == Action.REPORTER_ANSWER:
            question_id = inputs.get("question_id")
            asked = (
                await self.cases.reporter_question(question_id)
                if isinstance(question_id, str) and len(question_id) <= 64
                else None
            )
            if asked is None or asked.signal_id != case.id or asked.answered_at is not None:
                raise InvalidValue("question", "expect_open_question")
            kind = validation.parse_choice(
                "answer_kind", inputs.get("answer_kind") or "answer", ANSWER_KINDS, required=True
            )
            answer = validation.text("answer", inputs.get("answer"), limit=2000)
            if kind == "answer" and not answer:
                raise InvalidValue("answer", "expect_text")
            notice = channel_text_message(
                message("REPORTER_ANSWERED", case_number=case.case_number),
                dedupe_key("reporter_answered", question_id),
                case.id,
            )
            details = {"question_id": question_id, "answer_kind": kind}
            if kind == "answer":
                details["answer"] = answer
            return Effects(details, {}, [notice], QuestionChange("answer", question_id))
        # Action.ADD_TO_REPORT: new facts in the report's own fields and validation.
        addition = report.parse_addition(inputs, today=now.astimezone(LOCAL_TIME).date())
        notice = channel_text_message(
            message("REPORTER_ADDED", case_number=case.case_number),
            dedupe_key("reporter_added", case.id, now.isoformat()),
            case.id,
        )
        return Effects(
            {"addition": addition},
            {},
            [notice, channel_card_message(case.id)],
            index_terms=blind_index_terms(addition),
        )

    async def remind_reporter_questions(self, after: timedelta) -> int:
        """An unanswered question is brought to the reporter's attention once more."""
        now = self._clock()
        open_questions = await self.cases.unanswered_reporter_questions(now - after)
        for asked in open_questions:
            case = await self.cases.by_id(asked.signal_id)
            if case is None:
                continue
            try:
                reporter = await self.signals.read_reporter(case.id)
            except LookupError:
                continue
            reminder = OutboxMessage(
                "reporter_text",
                self._keyring.person_digest(reporter.aad_object_id),
                dedupe_key("reporter_question_reminder", asked.id),
                {"message": message("REPORTER_QUESTION_REMINDER", case_number=case.case_number)},
                case.id,
            )
            await self.cases.set_fields_and_send(case.id, now, [reminder])
            await self.cases.set_reporter_question(asked.id, reminded_at=now)
        return len(open_questions)

    async def _note(self, case: CaseRecord, field: str, text: str) -> str:
        """A note as it may be stored: never with the reporter's name in it."""
        if text:
            try:
                reporter = await self.signals.read_reporter(case.id)
            except LookupError:
                return text  # the identity is gone: there is no name to keep out
            _refuse_reporter_name(field, text, reporter.name)
        return text

    async def _feedback_to_reporter(self, case: CaseRecord, feedback: str) -> list[OutboxMessage]:
        """The closing feedback for the reporter, addressed by their pseudonym so it can wait
        for them if they cannot be reached right now."""
        try:
            reporter = await self.signals.read_reporter(case.id)
        except LookupError:
            return []  # the identity was already removed: there is nobody to tell
        target = self._keyring.person_digest(reporter.aad_object_id)
        # Written in the reporter's language when it is delivered.
        text = message("FEEDBACK_TO_REPORTER", case_number=case.case_number, feedback=feedback)
        return [
            OutboxMessage(
                "reporter_text",
                target,
                dedupe_key("reporter_feedback", case.id, str(uuid.uuid4())),
                {"message": text, "feedback": True},
                case.id,
            )
        ]

    # --- views -----------------------------------------------------------------------------------------------
    async def coordinator_view(
        self,
        actor_id: str | None,
        case_number: object,
        *,
        reveal: bool = False,
        inputs: dict[str, Any] | None = None,
    ) -> tuple[Outcome, dict[str, Any] | None]:
        """Everything a coordinator's detail view needs; every read is audited. Revealing the
        reporter needs a reason, is recorded in the case history with it, and shows the name
        only in this answer to the person who asked."""
        action = Action.REVEAL_REPORTER if reveal else Action.VIEW
        case, refusal = await self._authorised(actor_id, case_number, action)
        if refusal:
            return refusal, None
        assert case is not None and actor_id
        roles = self.roles(actor_id, case)
        assert may_view(View.CASE_DETAIL, roles)
        now = self._clock()
        reporter_name = None
        if reveal and may_view(View.REPORTER_IDENTITY, roles):
            try:
                reporter_name, case = await self._reveal(case, actor_id, inputs or {}, now)
            except InvalidValue as error:
                return _needs_input(error), None
            except LookupError:
                return Outcome(False, t.REVEAL_NO_IDENTITY), None
            except CaseChanged:
                return await self.refuse(
                    actor_id, action.value, case.case_number, "changed", t.ACTION_REFUSED_CHANGED
                ), None
        else:
            await self.cases.record_read(actor_id, f"case.{action.value}", case.case_number, now)
        view = {
            "case": case,
            "content": await self.signals.read_content(case.id),
            "events": await self.cases.events(case.id),
            "related": await self.cases.related_case_numbers(case.id),
            "actions": tuple(
                a for a in available_actions(case.state, roles) if a not in (Action.VIEW,)
            ),
            "reporter_name": reporter_name,
            "open_questions": tuple(
                q.asked_at
                for q in await self.cases.reporter_questions(case.id)
                if not q.answered_at
            ),
        }
        return Outcome(True, "", case), view

    async def _reveal(
        self, case: CaseRecord, actor_id: str, inputs: dict[str, Any], now: datetime
    ) -> tuple[str, CaseRecord]:
        reason = validation.parse_choice(
            "reveal_reason", inputs.get("reveal_reason"), tuple(t.REVEAL_REASONS), required=True
        )
        note = validation.text("reveal_note", inputs.get("reveal_note"))
        if reason == "other" and not note:
            raise InvalidValue("reveal_note", "expect_text")
        reporter = await self.signals.read_reporter(case.id)
        _refuse_reporter_name("reveal_note", note, reporter.name)
        records = catalogue(DEFAULT_LANGUAGE)  # the history is kept in Dutch, like the case
        details = {"reason": records.REVEAL_REASONS[reason], **({"note": note} if note else {})}
        updated = await self.cases.apply(
            case,
            action=Action.REVEAL_REPORTER.value,
            actor=actor_id,
            new_state=case.state,
            at=now,
            details=details,
            changes={"reporter_revealed_at": now},
            audit_result=f"ok:{reason}",
        )
        return reporter.name, updated

    async def tah_view(
        self, actor_id: str | None, case_number: object
    ) -> tuple[Outcome, dict[str, Any] | None]:
        number = parse_case_number(case_number)
        case = await self.cases.by_number(number) if number else None
        if case is None:
            return await self.refuse(
                actor_id, "tah_view", safe_label(case_number), "unknown", t.ACTION_REFUSED_UNKNOWN
            ), None
        roles = self.roles(actor_id, case)
        if not may_view(View.TAH_PHASE, roles):
            return await self.refuse(
                actor_id, "tah_view", case.case_number, "role", t.ACTION_REFUSED_TAH
            ), None
        if not case.taakaccenthouder_knows_reporter and case.escalation_reason != "urgent":
            # It never came to them: answered like a number that does not exist.
            return await self.refuse(
                actor_id, "tah_view", case.case_number, "role", t.ACTION_REFUSED_UNKNOWN
            ), None
        if not case.taakaccenthouder_knows_reporter or not may_view(
            View.TAH_SIGNAL, roles, case.state
        ):
            return await self.refuse(
                actor_id, "tah_view", case.case_number, "state", t.TAH_NO_LONGER_YOURS
            ), None
        assert actor_id
        await self.cases.record_read(actor_id, "case.tah_view", case.case_number, self._clock())
        view = {
            "case": case,
            "content": await self.signals.read_content(case.id),
            "reporter_name": (await self.signals.read_reporter(case.id)).name,
            "can_forward": decide(Action.FORWARD, case.state, roles).allowed,
        }
        return Outcome(True, "", case), view

    async def waiting_for(self, actor_id: str | None) -> list[CaseRecord] | None:
        """The signals that wait for this taakaccenthouder (their departments, still theirs to
        discuss); None, audited as a refusal, when they are no taakaccenthouder. The list
        holds no name and no content; opening one is the audited 'Melding bekijken'."""
        departments = self.routing.departments_of_taakaccenthouder(actor_id)
        if not departments:
            await self.cases.record_refusal(
                actor_id or "unknown", "tah_list", "list", "role", self._clock()
            )
            return None
        roles = frozenset({Role.TAAKACCENTHOUDER})
        waiting = [
            case
            for department in departments
            for case in await self.cases.received_in(department)
            if case.taakaccenthouder_knows_reporter and may_view(View.TAH_SIGNAL, roles, case.state)
        ]
        await self.cases.record_read(actor_id or "", "case.tah_list", "list", self._clock())
        return sorted(waiting, key=lambda case: case.created_at)

    async def my_cases(self, actor_id: str) -> list[CaseRecord]:
        return await self.cases.for_reporter_index(self.signals.reporter_index(actor_id))

    # --- deadlines ----------------------------------------------------------------------------------------------
    async def escalate_overdue(self, timeout: timedelta) -> int:
        """Signals the taakaccenthouder did not forward in time go to the channel anyway."""
        count = 0
        for case in await self.cases.received_before(self._clock() - timeout):
            count += await self._escalate(case, EscalationReason.NOT_FORWARDED_IN_TIME)
        return count

    async def escalate_without_taakaccenthouder(self, case: CaseRecord) -> bool:
        """The department has no taakaccenthouder any more: its waiting signal goes on."""
        return bool(await self._escalate(case, EscalationReason.NO_TAAKACCENTHOUDER))

    async def _escalate(self, case: CaseRecord, reason: EscalationReason) -> int:
        decision = decide(Action.ESCALATE, case.state, frozenset({Role.SYSTEM}))
        if not decision.allowed:
            return 0
        now = self._clock()
        try:
            await self.cases.apply(
                case,
                action=Action.ESCALATE.value,
                actor=SYSTEM_ACTOR,
                new_state=decision.new_state,
                at=now,
                changes={"forwarded_at": now, "escalation_reason": reason.value},
                messages=[channel_card_message(case.id), *await self._tah_card_updates(case)],
            )
        except CaseChanged:
            return 0
        return 1

    async def send_to_taakaccenthouders(self, case: CaseRecord, people: set[str]) -> None:
        """A waiting signal's card for taakaccenthouders who joined its department."""
        digests = {self._keyring.person_digest(oid) for oid in people}
        messages = [m for m in self._tah_messages(case.id, case.department) if m.target in digests]
        if messages:
            await self.cases.set_fields_and_send(case.id, self._clock(), messages)

    async def send_reminders(self, claim_after: timedelta, feedback_after: timedelta) -> int:
        now = self._clock()
        count = 0
        for case in await self.cases.unclaimed_since(now - claim_after):
            hours = int((now - (case.forwarded_at or case.created_at)).total_seconds() // 3600)
            text = message("REMINDER_UNCLAIMED", case_number=case.case_number, hours=hours)
            await self.cases.remind(
                case,
                "claim_reminded_at",
                now,
                [
                    channel_text_message(
                        text, dedupe_key("remind_claim", case.id, now.isoformat()), case.id
                    )
                ],
            )
            count += 1
        for case in await self.cases.without_feedback_since(now - feedback_after):
            days = (now - case.created_at).days
            text = message("REMINDER_NO_FEEDBACK", case_number=case.case_number, days=days)
            await self.cases.remind(
                case,
                "feedback_reminded_at",
                now,
                [
                    channel_text_message(
                        text, dedupe_key("remind_feedback", case.id, now.isoformat()), case.id
                    )
                ],
            )
            count += 1
        return count

    async def remind_waiting_feedback(self, after: timedelta) -> int:
        """Tell the coordinators once when closing feedback has waited too long for the reporter."""
        now = self._clock()
        waiting = await self.cases.feedback_waiting_since(now - after)
        for case in waiting:
            days = (now - (case.closed_at or case.created_at)).days
            text = message("FEEDBACK_WAITING_REMINDER", case_number=case.case_number, days=days)
            notice = channel_text_message(
                text, dedupe_key("feedback_waiting", case.id, now.isoformat()), case.id
            )
            await self.cases.remind(case, "feedback_waiting_reminded_at", now, [notice])
        return len(waiting)

    async def remind_stale(self, after: timedelta) -> int:
        """Open cases without activity for `after` are never deleted silently: the
        coordinators are asked to decide (close, or work on), again every `after`."""
        now = self._clock()
        stale = await self.cases.stale_since(now - after)
        for case in stale:
            days = (now - case.updated_at).days
            text = message("REMINDER_STALE", case_number=case.case_number, days=days)
            notice = channel_text_message(
                text, dedupe_key("remind_stale", case.id, now.isoformat()), case.id
            )
            await self.cases.remind(case, "stale_reminded_at", now, [notice])
        return len(stale)


# Expectations that are a whole answer by themselves (not "fill in this field first").
_WHOLE_MESSAGES = frozenset({"expect_no_reporter_name", "expect_open_question", "expect_addition"})

_CONTACT_ACTIONS = frozenset({Action.ASK_REPORTER, Action.REPORTER_ANSWER, Action.ADD_TO_REPORT})


def _input_labels() -> dict[str, str]:
    """The case-action inputs by name, in the language of the turn."""
    return {
        "note": t.INPUT_NOTE,
        "assignee": t.INPUT_ASSIGNEE,
        "partner": t.INPUT_PARTNER,
        "reason": t.INPUT_CLOSE_REASON,
        "feedback": t.INPUT_FEEDBACK_SHORT,
        "date": t.INPUT_AGENDA_DATE,
        "reference": t.INPUT_REFERENCE,
        "reveal_reason": t.INPUT_REVEAL_REASON,
        "question": t.INPUT_REPORTER_QUESTION,
        "answer": t.INPUT_REPORTER_ANSWER,
        "reveal_note": t.INPUT_REVEAL_NOTE,
    }


def _needs_input(error: InvalidValue) -> Outcome:
    if error.expectation_key in _WHOLE_MESSAGES:
        return Outcome(False, t.EXPECTATIONS[error.expectation_key])
    field_label = t.FIELD_LABELS.get(error.field) or _input_labels().get(error.field, error.field)
    field_label = field_label.rstrip("?.:")
    return Outcome(
        False,
        t.ACTION_NEEDS_INPUT.format(field=field_label)
        + " "
        + t.EXPECTATIONS[error.expectation_key],
    )


def _refuse_reporter_name(field: str, text: str, reporter_name: str) -> None:
    """Notes are read by other people than the one the reporter trusted: no reporter's name."""
    if text and mentions_name(text, reporter_name):
        raise InvalidValue(field, "expect_no_reporter_name")


def _required_text(name: str, inputs: dict[str, Any], *, limit: int = MAX_LONG_TEXT) -> str:
    value = validation.text(name, inputs.get(name), limit=limit)
    if not value:
        raise InvalidValue(name, "expect_text")
    return value
