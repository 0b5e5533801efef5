"""The guided signal report: one botbuilder dialog that walks the steps of `domain.report`.

The same dialog, with the registration flow (`domain.report.INTAKE_FLOW`), lets the
aandachtsfunctionaris register a signal that came in by mail, phone or from a partner: the
same step cards and checks, a first step about how it came in, and its own submit.

The dialog keeps the draft in its own dialog state (stored encrypted in the database), sends
one Adaptive Card form per step, validates what comes back, and replaces each accepted form
in the chat by a receipt without content. Nothing is stored as a signal until the reporter
confirms the summary; that commit happens before the receipt with the case number is sent.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from botbuilder.core import TurnContext
from botbuilder.dialogs import Dialog, DialogContext, DialogTurnResult

from cards import report_cards
from cards.elements import Card
from dialogs.activities import card_activity, replace_card
from domain import report, signal_catalogue
from domain.clock import Clock
from domain.validation import InvalidValue
from services.case_service import NotPermitted, Submitted
from storage.signals import ReporterIdentity
from texts import nl as t

log = logging.getLogger(__name__)
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
YES_WORDS = frozenset({"ja", "j", "yes", "ja, er is nu gevaar"})
NO_WORDS = frozenset({"nee", "n", "no", "nee, geen acuut gevaar"})

# The sender of a turn, as the route stores a reporter (the Teams surface knows how).
Identify = Callable[[TurnContext], ReporterIdentity]
SubmitReport = Callable[[report.Draft, ReporterIdentity], Awaitable[Submitted]]


def _reporter_receipt(submitted: Submitted) -> Card:
    return report_cards.final_receipt_card(submitted.case_number, submitted.route)


@dataclass(frozen=True)
class ReportDeps:
    clock: Clock
    departments: Callable[[], tuple[tuple[str, str], ...]]  # (id, name), as routed now
    draft_ttl: timedelta
    identify: Identify
    submit: SubmitReport
    flow: report.Flow = report.REPORT_FLOW
    dialog_id: str = "report"
    receipt: Callable[[Submitted], Card] = _reporter_receipt


class ReportDialog(Dialog):
    ID = "report"
    INTAKE_ID = "intake"  # the aandachtsfunctionaris registers a signal

    def __init__(self, deps: ReportDeps) -> None:
        super().__init__(deps.dialog_id)
        self._deps = deps

    # --- botbuilder entry points -------------------------------------------------------
    async def begin_dialog(
        self, dialog_context: DialogContext, options: object = None
    ) -> DialogTurnResult:
        now = self._deps.clock()
        state = dialog_context.active_dialog.state
        state["draft"] = {"submission_id": str(uuid.uuid4())}
        state["step"] = self._deps.flow.steps[0]
        state["last_activity"] = now.isoformat()
        await self._send_step(dialog_context.context, state)
        return Dialog.end_of_turn

    async def continue_dialog(self, dialog_context: DialogContext) -> DialogTurnResult:
        state = dialog_context.active_dialog.state
        context = dialog_context.context
        if self.is_expired(state):
            await context.send_activity(t.DRAFT_EXPIRED.format(hours=self.ttl_hours))
            return await dialog_context.end_dialog()
        state["last_activity"] = self._deps.clock().isoformat()
        value = context.activity.value
        if isinstance(value, dict) and value.get("meldroute") == report_cards.KIND:
            return await self._on_card_submit(dialog_context, state, value)
        return await self._on_typed_text(
            dialog_context, state, (context.activity.text or "").strip().lower()
        )

    # --- used by the bot for commands that interrupt the dialog -------------------------
    def is_expired(self, state: dict[str, Any]) -> bool:
        last = datetime.fromisoformat(state["last_activity"])
        return self._deps.clock() - last > self._deps.draft_ttl

    @property
    def ttl_hours(self) -> int:
        return int(self._deps.draft_ttl.total_seconds() // 3600)

    @staticmethod
    def current_step(dialog_context: DialogContext) -> str | None:
        """The step of the report or registration under way, if one is."""
        active = dialog_context.active_dialog
        if active and active.id in (ReportDialog.ID, ReportDialog.INTAKE_ID):
            step = active.state.get("step")
            return step if isinstance(step, str) else None
        return None

    async def cancel(
        self, dialog_context: DialogContext, message: str = t.CANCELLED
    ) -> DialogTurnResult:
        state = dialog_context.active_dialog.state
        await replace_card(
            dialog_context.context, state.get("card_id"), report_cards.cancelled_card()
        )
        await dialog_context.context.send_activity(message)
        return await dialog_context.end_dialog()

    async def resume(self, dialog_context: DialogContext) -> DialogTurnResult:
        """Show the current step again as a fresh card, prefilled with the draft."""
        state = dialog_context.active_dialog.state
        state["last_activity"] = self._deps.clock().isoformat()
        await self._replace_and_send_step(
            dialog_context.context,
            state.get("card_id"),
            report_cards.step_receipt_card(state["step"]),
            state,
        )
        return Dialog.end_of_turn

    # --- internals ---------------------------------------------------------------------
    def _view(self, errors: list[Any] | None = None) -> report_cards.ReportView:
        return report_cards.ReportView(
            self._deps.departments(), report_cards.view_errors(errors or []), self._deps.flow
        )

    async def _send_step(self, context: TurnContext, state: dict[str, Any]) -> None:
        content = report_cards.step_card(state["step"], state["draft"], self._view())
        response = await context.send_activity(card_activity(content))
        state["card_id"] = response.id if response else None

    async def _replace_and_send_step(
        self, context: TurnContext, card_id: str | None, receipt: Card, state: dict[str, Any]
    ) -> None:
        """Replace the answered card by its receipt and send the current step's card. The two
        calls to the connector go out together, so the reporter waits for one round trip."""
        await asyncio.gather(
            replace_card(context, card_id, receipt), self._send_step(context, state)
        )

    async def _on_typed_text(
        self, dialog_context: DialogContext, state: dict[str, Any], text: str
    ) -> DialogTurnResult:
        if state["step"] == "acute" and text in YES_WORDS | NO_WORDS:
            values = {"acute": "yes" if text in YES_WORDS else "no"}
            return await self._accept(dialog_context, state, values, card_id=state.get("card_id"))
        await dialog_context.context.send_activity(
            f"{t.EXPECTATIONS['expect_form_input']} {t.STOP_HINT}"
        )
        return Dialog.end_of_turn

    async def _on_card_submit(
        self, dialog_context: DialogContext, state: dict[str, Any], value: dict[str, Any]
    ) -> DialogTurnResult:
        context = dialog_context.context
        card_id = context.activity.reply_to_id or state.get("card_id")
        step, action = value.get("step"), value.get("action")
        if step != state["step"] or action not in ("next", "cancel", "submit", "edit"):
            # A card from an earlier step, a forged payload or an unknown button: change nothing.
            await context.send_activity(t.UNKNOWN_ACTION)
            return Dialog.end_of_turn
        if action == "cancel":
            state["card_id"] = card_id
            if step == "danger":
                return await self.cancel(dialog_context, t.DANGER_STOPPED)
            return await self.cancel(dialog_context)
        if step == "danger":
            return await self._advance(dialog_context, state, card_id)
        if step == "summary":
            return await self._on_summary(dialog_context, state, value, action, card_id)
        if action != "next":
            await context.send_activity(t.UNKNOWN_ACTION)
            return Dialog.end_of_turn
        return await self._accept(dialog_context, state, value, card_id=card_id)

    async def _accept(
        self,
        dialog_context: DialogContext,
        state: dict[str, Any],
        values: dict[str, Any],
        *,
        card_id: str | None,
    ) -> DialogTurnResult:
        step, draft = state["step"], state["draft"]
        context = report.ParseContext(
            today=self._deps.clock().astimezone(LOCAL_TIME).date(),
            departments=tuple(d for d, _name in self._deps.departments()),
        )
        result = report.parse_step(step, values, draft, context)
        if not result.ok:
            prefilled = {**draft, **{k: v for k, v in values.items() if k in report.REPORT_FIELDS}}
            content = report_cards.step_card(step, prefilled, self._view(result.errors))
            if card_id:
                await replace_card(dialog_context.context, card_id, content)
                state["card_id"] = card_id
            else:
                response = await dialog_context.context.send_activity(card_activity(content))
                state["card_id"] = response.id if response else None
            await dialog_context.context.send_activity(
                "\n".join(
                    [t.REPROMPT_INTRO]
                    + [f"- {t.EXPECTATIONS[e.expectation_key]}" for e in result.errors]
                )
            )
            return Dialog.end_of_turn
        draft.update(result.updates)
        if step == "form":
            allowed = signal_catalogue.signals_for(draft["form"])
            draft["signals"] = [s for s in draft.get("signals", []) if s in allowed]
        return await self._advance(dialog_context, state, card_id)

    async def _advance(
        self, dialog_context: DialogContext, state: dict[str, Any], card_id: str | None
    ) -> DialogTurnResult:
        receipt = report_cards.step_receipt_card(state["step"])
        state["step"] = report.next_step(state["step"], state["draft"], self._deps.flow)
        if state["step"] == "summary":
            state["draft"].pop("editing", None)
        await self._replace_and_send_step(dialog_context.context, card_id, receipt, state)
        return Dialog.end_of_turn

    async def _on_summary(
        self,
        dialog_context: DialogContext,
        state: dict[str, Any],
        value: dict[str, Any],
        action: str,
        card_id: str | None,
    ) -> DialogTurnResult:
        context = dialog_context.context
        if action == "edit":
            section = value.get("section")
            if section not in self._deps.flow.editable:
                await replace_card(
                    context,
                    card_id,
                    report_cards.summary_card(state["draft"], self._view([_choose_section()])),
                )
                await context.send_activity(t.EXPECTATIONS["expect_choice"])
                return Dialog.end_of_turn
            state["draft"]["editing"] = True
            state["step"] = section
            await self._replace_and_send_step(
                context, card_id, report_cards.step_receipt_card("summary"), state
            )
            return Dialog.end_of_turn
        if action != "submit":
            await context.send_activity(t.UNKNOWN_ACTION)
            return Dialog.end_of_turn
        draft = state["draft"]
        # Commit first: only a stored signal gets a receipt. On failure the draft stays, and a
        # retry with the same submission id cannot create a second signal.
        try:
            submitted = await self._deps.submit(draft, self._deps.identify(context))
        except NotPermitted as refused:
            # The role went while the form was being filled in (the routing file changed).
            await context.send_activity(refused.message)
            return await dialog_context.end_dialog()
        case_number = submitted.case_number
        receipt = self._deps.receipt(submitted)
        if card_id:
            await replace_card(context, card_id, receipt)
        else:
            await context.send_activity(card_activity(receipt))
        return await dialog_context.end_dialog(case_number)


def _choose_section() -> InvalidValue:
    return InvalidValue("section", "expect_choice")
