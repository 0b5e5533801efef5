"""Action.Execute verbs on case cards: each is authorised server-side by the case service, and
answers only the person who clicked (an invoke response is never posted to the chat)."""

from __future__ import annotations

from typing import Any

from botbuilder.core import InvokeResponse

from cards import menu_cards
from cards.case_cards import (
    DetailModel,
    HandoverModel,
    detail_card,
    full_text_card,
    handover_card,
    handover_text,
    receipt_card,
    tah_card,
    tah_detail_card,
    tah_phase_card,
)
from cards.elements import Card
from cards.fitting import fit_for_teams
from domain.validation import safe_label
from domain.workflow import Action
from services.case_service import CaseService, Outcome
from texts import t

CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"
ERROR = "application/vnd.microsoft.error"

_COORDINATOR_VERBS: dict[str, Action] = {
    f"case.{action.value}": action
    for action in (
        Action.CLAIM,
        Action.ASSIGN,
        Action.NOTE,
        Action.ENRICH,
        Action.AGENDA,
        Action.AGENDA_OUTCOME,
        Action.HAND_OVER,
        Action.REQUEST_FEEDBACK,
        Action.RECORD_FEEDBACK,
        Action.CLOSE,
        Action.REOPEN,
        Action.ASK_REPORTER,
    )
}
_TAH_VERBS: dict[str, Action] = {"tah.note": Action.TAH_NOTE, "tah.forward": Action.FORWARD}
# The reporter on their own case: answering a question, adding to the report.
_REPORTER_VERBS: dict[str, Action] = {
    "reporter.answer": Action.REPORTER_ANSWER,
    "reporter.add": Action.ADD_TO_REPORT,
}


def card_response(content: Card) -> InvokeResponse:
    value = fit_for_teams(content)
    return InvokeResponse(status=200, body={"statusCode": 200, "type": CARD, "value": value})


def message_response(text: str) -> InvokeResponse:
    return InvokeResponse(status=200, body={"statusCode": 200, "type": MESSAGE, "value": text})


def error_response(status: int, text: str) -> InvokeResponse:
    """A malformed request, answered as the Universal Actions error response."""
    return InvokeResponse(
        status=status,
        body={
            "statusCode": status,
            "type": ERROR,
            "value": {"code": "BadRequest", "message": text},
        },
    )


class CaseActions:
    def __init__(self, service: CaseService) -> None:
        self._service = service
        self._routing = service.routing  # read per click: the routing may change while running

    @property
    def _departments(self) -> dict[str, str]:
        return {d.id: d.name for d in self._routing.departments}

    def _detail_names(self) -> dict[str, Any]:
        routing = self._routing
        # Who did what in the history: "name (role)"; a taakaccenthouder without a name in
        # the routing file by the role alone.
        names = {
            oid: t.HISTORY_TAH_UNNAMED for d in routing.departments for oid in d.taakaccenthouders
        }
        names.update(
            {
                oid: t.HISTORY_PERSON.format(name=name, role=t.TAH_ROLE_NAME)
                for d in routing.departments
                for oid, name in d.taakaccenthouder_names
            }
        )
        names.update(
            {
                c.aad_object_id: t.HISTORY_PERSON.format(name=c.name, role=t.COORDINATOR_ROLE_NAME)
                for c in routing.coordinators
            }
        )
        return {
            "departments": self._departments,
            "partners": tuple((p.id, p.name) for p in routing.partners),
            "coordinators": tuple((c.aad_object_id, c.name) for c in routing.coordinators),
            "names": names,
        }

    async def handle(
        self, actor_id: str | None, verb: object, data: dict[str, Any]
    ) -> InvokeResponse:
        case_number = data.get("case")
        if verb in ("case.view", "case.reveal_reporter"):
            return await self._coordinator_view(
                actor_id, case_number, reveal=verb == "case.reveal_reporter", inputs=data
            )
        if verb == "case.handover_summary":
            return await self._handover_summary(actor_id, case_number, data)
        if isinstance(verb, str) and verb in _COORDINATOR_VERBS:
            outcome = await self._service.act(actor_id, case_number, _COORDINATOR_VERBS[verb], data)
            if not outcome.ok:
                return message_response(outcome.message)
            return await self._coordinator_view(actor_id, case_number, reveal=False, done=outcome)
        if verb == "tah.view":
            return await self._tah_view(actor_id, case_number)
        if isinstance(verb, str) and verb in _TAH_VERBS:
            outcome = await self._service.act(actor_id, case_number, _TAH_VERBS[verb], data)
            if not outcome.ok or outcome.case is None:
                return message_response(outcome.message)
            case = outcome.case
            department = self._departments.get(case.department, case.department)
            if verb == "tah.forward":
                # Forwarded: the signal is no longer theirs; the answer shows the phase only.
                content = tah_phase_card(case, department)
            else:
                reporter = await self._service.signals.read_reporter(case.id)
                content = tah_card(case, reporter.name, department, can_forward=True)
            content["body"].append(
                {"type": "TextBlock", "text": _tah_done(verb), "wrap": True, "color": "Good"}
            )
            return card_response(content)
        if isinstance(verb, str) and verb in _REPORTER_VERBS:
            return await self._reporter(actor_id, case_number, _REPORTER_VERBS[verb], data)
        outcome = await self._service.refuse(
            actor_id, "card.unknown_verb", safe_label(case_number), "verb", t.UNKNOWN_ACTION
        )
        return message_response(outcome.message)

    async def _reporter(
        self, actor_id: str | None, case_number: object, action: Action, data: dict[str, Any]
    ) -> InvokeResponse:
        """The card that held what the reporter typed is replaced by a receipt without it."""
        outcome = await self._service.act(actor_id, case_number, action, data)
        if outcome.case is None:
            if outcome.message == t.ADD_TO_CLOSED_CASE:
                return card_response(menu_cards.new_signal_card(outcome.message))
            return message_response(outcome.message)
        done = t.ADD_DONE if action == Action.ADD_TO_REPORT else t.REPORTER_QUESTION_DONE
        return card_response(receipt_card(done.format(case_number=outcome.case.case_number)))

    async def _coordinator_view(
        self,
        actor_id: str | None,
        case_number: object,
        *,
        reveal: bool,
        done: Outcome | None = None,
        inputs: dict[str, Any] | None = None,
    ) -> InvokeResponse:
        outcome, view = await self._service.coordinator_view(
            actor_id, case_number, reveal=reveal, inputs=inputs
        )
        if view is None:
            return message_response(outcome.message)
        model = DetailModel(**self._detail_names(), **view)
        if inputs is not None and inputs.get("show") == "full_text":
            # One text the case view shortened, whole; the read was audited as a view.
            full = full_text_card(model, inputs.get("full_text"))
            return card_response(full) if full else message_response(t.FULL_TEXT_UNKNOWN)
        content = detail_card(model)
        if done is not None:
            content["body"].insert(
                1, {"type": "TextBlock", "text": done.message, "wrap": True, "color": "Good"}
            )
        return card_response(content)

    async def _handover_summary(
        self, actor_id: str | None, case_number: object, data: dict[str, Any]
    ) -> InvokeResponse:
        outcome, summary = await self._service.handover_summary(actor_id, case_number, data)
        if summary is None or outcome.case is None:
            return message_response(outcome.message)
        text = handover_text(HandoverModel(**summary))
        return card_response(handover_card(outcome.case.case_number, text))

    async def _tah_view(self, actor_id: str | None, case_number: object) -> InvokeResponse:
        outcome, view = await self._service.tah_view(actor_id, case_number)
        if view is None:
            return message_response(outcome.message)
        return card_response(
            tah_detail_card(
                view["case"],
                view["reporter_name"],
                view["content"],
                self._departments,
                can_forward=view["can_forward"],
            )
        )


def _tah_done(verb: str) -> str:
    return t.TAH_FORWARDED if verb == "tah.forward" else t.TAH_NOTE_SAVED
