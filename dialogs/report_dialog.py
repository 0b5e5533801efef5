"""The guided signal report: one botbuilder dialog over three cards (domain.report).

1. `acute`: is there danger now? A 'yes' shows the 112 card (`danger`) first.
2. `report`: every section on one card; the optional ones are folded open on the card. A
   section with a problem is asked again on the same card, the others are kept.
3. `summary`: what was entered, section by section; "change" turns the card into that
   section's form and back, in place. It says who will know the reporter's name.

The draft lives in the dialog state (stored encrypted in the database). Every card the dialog
sent and has not yet replaced is listed with the conversation reference (`DRAFT_CARDS`), so
that on submit, cancel and expiry each one is replaced in place by a line without content, also
by the expiry job when the reporter never comes back. Nothing is stored as a signal until the
reporter sends the summary; that commit happens before the receipt with the case number.

The same dialog, with the registration flow (`domain.report.INTAKE_FLOW`), lets the
aandachtsfunctionaris register a signal that came in by mail, phone or from a partner: the same
report card and checks, with how it came in as its first section, and its own submit.
"""

from __future__ import annotations

import asyncio
import contextlib
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
from domain import report, validation
from domain.clock import Clock
from domain.signal_catalogue import ALL_SIGNALS
from domain.validation import MAX_LONG_TEXT, InvalidValue
from services.case_service import NotPermitted, Submitted
from services.housekeeping import DRAFT_CARDS, reachable_reference
from storage.signals import ReporterIdentity
from texts import t

log = logging.getLogger(__name__)
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
YES_WORDS = frozenset({"ja", "j", "yes", "y", "ja, er is nu gevaar", "yes, there is danger now"})
NO_WORDS = frozenset({"nee", "n", "no", "nee, verder met melden", "no, continue reporting"})

# The sender of a turn, as the route stores a reporter (the Teams surface knows how).
Identify = Callable[[TurnContext], ReporterIdentity]
SubmitReport = Callable[[report.Draft, ReporterIdentity], Awaitable[Submitted]]


def _reporter_receipt(submitted: Submitted, draft: report.Draft) -> Card:
    """What happens next for this signal (and, for a possible minor or acute danger, what
    applies now)."""
    return report_cards.final_receipt_card(
        submitted.case_number,
        submitted.route,
        minor=report.possible_minor(draft),
        acute=draft.get("acute") == "yes",
    )


@dataclass(frozen=True)
class ReportDeps:
    clock: Clock
    departments: Callable[[], tuple[tuple[str, str], ...]]  # (id, name), as routed now
    draft_ttl: timedelta
    identify: Identify
    submit: SubmitReport
    # Where a draft would go if it were sent now ("taakaccenthouder" or an escalation reason).
    preview_route: Callable[[report.Draft], str] = lambda _draft: "taakaccenthouder"
    # Departments without a taakaccenthouder, as routed now.
    without_taakaccenthouder: Callable[[], frozenset[str]] = frozenset
    flow: report.Flow = report.REPORT_FLOW
    dialog_id: str = "report"
    receipt: Callable[[Submitted, report.Draft], Card] = _reporter_receipt


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
        """Start a report; `options` may carry {"observations": text} that the reporter typed
        before choosing to report (it stays in the draft only)."""
        context = dialog_context.context
        state = dialog_context.active_dialog.state
        draft: report.Draft = {"submission_id": str(uuid.uuid4())}
        if isinstance(options, dict) and isinstance(options.get("observations"), str):
            # Not usable as a description (too long, odd characters)? Then it is typed anew.
            with contextlib.suppress(InvalidValue):
                draft["observations"] = validation.text(
                    "observations", options["observations"], limit=MAX_LONG_TEXT
                )
        state["draft"] = draft
        state["step"] = self._deps.flow.steps[0]
        state["pending"] = list(self._deps.flow.editable)
        state["last_activity"] = self._deps.clock().isoformat()
        state[DRAFT_CARDS] = {
            "reference": reachable_reference(self._deps.identify(context).conversation_reference),
            "card_ids": [],
        }
        await self._send(context, state, self._card(state))
        return Dialog.end_of_turn

    async def continue_dialog(self, dialog_context: DialogContext) -> DialogTurnResult:
        state = dialog_context.active_dialog.state
        context = dialog_context.context
        if self.is_expired(state):
            return await self.expire(dialog_context)
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
        self, dialog_context: DialogContext, message: str | None = None
    ) -> DialogTurnResult:
        """Cancel (typed 'stop', or the draft discarded): every card of the draft is replaced
        by a line, and `message` (default: cancelled; after the 112 card: call 112) is said."""
        state = dialog_context.active_dialog.state
        stopped = state.get("step") == "danger"
        await self._end(dialog_context.context, state, "stopped" if stopped else "cancelled")
        default = t.DANGER_STOPPED if stopped else t.CANCELLED
        await dialog_context.context.send_activity(message or default)
        return await dialog_context.end_dialog()

    async def expire(self, dialog_context: DialogContext) -> DialogTurnResult:
        """The draft waited longer than allowed: its cards are replaced and it is dropped."""
        await self._end(dialog_context.context, dialog_context.active_dialog.state, "expired")
        await dialog_context.context.send_activity(t.DRAFT_EXPIRED.format(hours=self.ttl_hours))
        return await dialog_context.end_dialog()

    async def resume(self, dialog_context: DialogContext) -> DialogTurnResult:
        """Show the current card again as a fresh message at the bottom of the chat."""
        state = dialog_context.active_dialog.state
        state["last_activity"] = self._deps.clock().isoformat()
        state.pop("editing", None)
        await self._replace_and_send(
            dialog_context.context, state, report_cards.done_card("moved"), self._card(state)
        )
        return Dialog.end_of_turn

    # --- cards in the chat ---------------------------------------------------------------
    def _view(
        self, draft: report.Draft, errors: list[Any] | None = None
    ) -> report_cards.ReportView:
        return report_cards.ReportView(
            self._deps.departments(),
            report_cards.view_errors(errors or []),
            self._deps.without_taakaccenthouder(),
            self._deps.preview_route(draft),
            self._deps.flow,
        )

    def _card(self, state: dict[str, Any], errors: list[Any] | None = None) -> Card:
        draft, step = state["draft"], state["step"]
        view = self._view(draft, errors)
        if step == "report":
            return report_cards.report_card(draft, view, tuple(state["pending"]))
        if step == "summary" and state.get("editing"):
            return report_cards.section_card(state["editing"], draft, view)
        return report_cards.step_card(step, draft, view)

    @staticmethod
    def _live(state: dict[str, Any]) -> list[str]:
        cards: list[str] = state[DRAFT_CARDS]["card_ids"]
        return cards

    async def _send(self, context: TurnContext, state: dict[str, Any], content: Card) -> None:
        response = await context.send_activity(card_activity(content))
        state["card_id"] = response.id if response else None
        if state["card_id"]:
            self._live(state).append(state["card_id"])

    async def _replace(
        self, context: TurnContext, state: dict[str, Any], card_id: str | None, content: Card
    ) -> None:
        """Replace a card of the draft with something without content; it stays listed as
        live if the update did not go through, so the end of the draft tries again."""
        if card_id and await replace_card(context, card_id, content):
            live = self._live(state)
            if card_id in live:
                live.remove(card_id)

    async def _update(self, context: TurnContext, state: dict[str, Any], content: Card) -> None:
        """Redraw the current card in place (a re-prompt, a change, back to the summary)."""
        await replace_card(context, state.get("card_id"), content)

    async def _replace_and_send(
        self, context: TurnContext, state: dict[str, Any], line: Card, content: Card
    ) -> None:
        """Replace the answered card by its line and send the next card. The two calls to the
        connector go out together, so the reporter waits for one round trip."""
        await asyncio.gather(
            self._replace(context, state, state.get("card_id"), line),
            self._send(context, state, content),
        )

    async def _end(
        self, context: TurnContext, state: dict[str, Any], what: str, final: Card | None = None
    ) -> None:
        """Replace every card the draft still has in the chat: the current one by `final` (the
        receipt) when given, the others by the line for `what`."""
        current = state.get("card_id")
        for card_id in list(self._live(state)):
            content = final if final is not None and card_id == current else None
            await self._replace(context, state, card_id, content or report_cards.done_card(what))

    # --- turns ---------------------------------------------------------------------------
    async def _on_typed_text(
        self, dialog_context: DialogContext, state: dict[str, Any], text: str
    ) -> DialogTurnResult:
        if state["step"] == "acute" and text in YES_WORDS | NO_WORDS:
            values = {"acute": "yes" if text in YES_WORDS else "no"}
            return await self._on_acute(dialog_context, state, values)
        await dialog_context.context.send_activity(
            f"{t.EXPECTATIONS['expect_form_input']} {t.STOP_HINT}"
        )
        return Dialog.end_of_turn

    async def _on_card_submit(
        self, dialog_context: DialogContext, state: dict[str, Any], value: dict[str, Any]
    ) -> DialogTurnResult:
        context = dialog_context.context
        step, action = value.get("step"), value.get("action")
        if step != state["step"]:
            # A card from an earlier step, or a forged payload: change nothing.
            await context.send_activity(t.UNKNOWN_ACTION)
            return Dialog.end_of_turn
        if action == "cancel":
            what = "stopped" if step == "danger" else "cancelled"
            await self._end(context, state, what)
            return await dialog_context.end_dialog()
        if step == "acute" and action == "next":
            return await self._on_acute(dialog_context, state, value)
        if step == "danger" and action == "next":
            return await self._advance(dialog_context, state)
        if step == "report" and action == "next":
            return await self._on_report(dialog_context, state, value)
        if step == "summary" and action in ("edit", "save", "back", "submit"):
            return await self._on_summary(dialog_context, state, value, str(action))
        await context.send_activity(t.UNKNOWN_ACTION)
        return Dialog.end_of_turn

    def _parse_context(self) -> report.ParseContext:
        return report.ParseContext(
            today=self._deps.clock().astimezone(LOCAL_TIME).date(),
            departments=tuple(d for d, _name in self._deps.departments()),
        )

    async def _on_acute(
        self, dialog_context: DialogContext, state: dict[str, Any], values: dict[str, Any]
    ) -> DialogTurnResult:
        result = report.parse_step("acute", values, state["draft"], self._parse_context())
        if not result.ok:
            await self._update(dialog_context.context, state, self._card(state, result.errors))
            return Dialog.end_of_turn
        state["draft"].update(result.updates)
        return await self._advance(dialog_context, state)

    async def _advance(
        self, dialog_context: DialogContext, state: dict[str, Any]
    ) -> DialogTurnResult:
        line = report_cards.done_card(state["step"])
        state["step"] = report.next_step(state["step"], state["draft"], self._deps.flow)
        await self._replace_and_send(dialog_context.context, state, line, self._card(state))
        return Dialog.end_of_turn

    async def _on_report(
        self, dialog_context: DialogContext, state: dict[str, Any], value: dict[str, Any]
    ) -> DialogTurnResult:
        pending = tuple(state["pending"])
        named = tuple(s for s in str(value.get("sections", "")).split(",") if s)
        # Only the sections this card carries, and only ones still pending: a forged list
        # cannot reopen or skip a section.
        sections = tuple(s for s in pending if s in named) if named else pending
        if not sections:
            await dialog_context.context.send_activity(t.UNKNOWN_ACTION)
            return Dialog.end_of_turn
        draft = state["draft"]
        results = report.parse_sections(sections, value, draft, self._parse_context())
        errors = [e for r in results.values() for e in r.errors]
        for section, result in results.items():
            if result.ok:
                draft.update(result.updates)
                state["pending"].remove(section)
        if state["pending"]:
            # A section with a problem (or one the card did not carry) is asked again; what
            # was typed in it is shown again as typed.
            # (Cut to the longest a field takes, as the Teams client's maxLength would: a
            # client that ignores it must not make the card too large to send.)
            typed: dict[str, Any] = {
                k: v[:MAX_LONG_TEXT] if isinstance(v, str) else v
                for section in state["pending"]
                for k, v in value.items()
                if k in report.SECTION_FIELDS[section]
            }
            if "signals" in state["pending"]:
                typed["signals"] = _typed_signals(value, draft)
            content = report_cards.report_card(
                {**draft, **typed}, self._view(draft, errors), tuple(state["pending"])
            )
            await self._update(dialog_context.context, state, content)
            return Dialog.end_of_turn
        return await self._advance(dialog_context, state)

    async def _on_summary(
        self,
        dialog_context: DialogContext,
        state: dict[str, Any],
        value: dict[str, Any],
        action: str,
    ) -> DialogTurnResult:
        context = dialog_context.context
        draft = state["draft"]
        if action == "edit":
            section = value.get("section")
            if section not in self._deps.flow.editable or state.get("editing"):
                await context.send_activity(t.UNKNOWN_ACTION)
                return Dialog.end_of_turn
            state["editing"] = section
            await self._update(context, state, self._card(state))
            return Dialog.end_of_turn
        if action == "back":
            state.pop("editing", None)
            await self._update(context, state, self._card(state))
            return Dialog.end_of_turn
        if action == "save":
            section = state.get("editing")
            if not section or value.get("section") != section:
                await context.send_activity(t.UNKNOWN_ACTION)
                return Dialog.end_of_turn
            result = report.parse_step(section, value, draft, self._parse_context())
            if not result.ok:
                typed = {k: v for k, v in value.items() if k in report.SECTION_FIELDS[section]}
                if section == "signals":
                    typed["signals"] = _typed_signals(value, draft)
                content = report_cards.section_card(
                    section, {**draft, **typed}, self._view(draft, result.errors)
                )
                await self._update(context, state, content)
                return Dialog.end_of_turn
            draft.update(result.updates)
            state.pop("editing", None)
            await self._update(context, state, self._card(state))
            return Dialog.end_of_turn
        if state.get("editing"):
            await context.send_activity(t.UNKNOWN_ACTION)
            return Dialog.end_of_turn
        # Commit first: only a stored signal gets a receipt. On failure the draft stays, and a
        # retry with the same submission id cannot create a second signal.
        try:
            submitted = await self._deps.submit(draft, self._deps.identify(context))
        except NotPermitted as refused:
            # The role went while the form was being filled in (the routing file changed).
            await self._end(context, state, "cancelled")
            await context.send_activity(refused.message)
            return await dialog_context.end_dialog()
        receipt = self._deps.receipt(submitted, draft)
        if state.get("card_id"):
            await self._end(context, state, "report", final=receipt)
        else:
            await context.send_activity(card_activity(receipt))
        return await dialog_context.end_dialog(submitted.case_number)


def _typed_signals(value: dict[str, Any], draft: report.Draft) -> list[str]:
    """The signals ticked on a card that came back with a problem, to show them ticked again
    (known ids only; anything else is refused by the validation anyway)."""
    ticked: list[str] = []
    for key, raw in value.items():
        if key.startswith("signals_") and key != "signals_other" and isinstance(raw, str):
            ticked += [s for s in raw.split(",") if s in ALL_SIGNALS]
    return ticked or list(draft.get("signals", []))
