"""The activity handler: recognises commands and card actions and hands them to dialogs."""

from __future__ import annotations

import logging
import re

from botbuilder.core import ActivityHandler, ConversationState, TurnContext
from botbuilder.dialogs import DialogContext, DialogSet, DialogTurnStatus

from bot.cards import menu_cards, report_cards
from dialogs.report_dialog import ReportDialog, card_activity
from texts import nl as t

log = logging.getLogger(__name__)

STOP_WORDS = frozenset({"stop", "annuleer", "annuleren", "cancel"})
HELP_WORDS = frozenset({"help", "hulp", "?"})
MENU_WORDS = frozenset({"hallo", "hoi", "hi", "hello", "menu", "start", "begin"})
REPORT_WORDS = frozenset(
    {"signaal melden", "melden", "melding", "melding maken", "meld", "signaal"}
)
QUESTION_WORDS = frozenset({"vraag stellen", "vraag"})
MY_REPORTS_WORDS = frozenset({"mijn meldingen"})
WHAT_IS_WORDS = frozenset({"wat is mensenhandel", "wat is mensenhandel?", "uitleg"})
_TRAILING = re.compile(r"[\s.!]+$")


def normalise_command(text: str | None) -> str:
    return _TRAILING.sub("", (text or "").strip().lower())


class MeldrouteBot(ActivityHandler):
    def __init__(self, conversation_state: ConversationState, report_dialog: ReportDialog) -> None:
        self._conversation_state = conversation_state
        self._report = report_dialog
        self._dialogs = DialogSet(conversation_state.create_property("DialogState"))
        self._dialogs.add(report_dialog)

    async def on_turn(self, turn_context: TurnContext) -> None:
        await super().on_turn(turn_context)
        await self._conversation_state.save_changes(turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        if _is_personal(turn_context):
            await turn_context.send_activity(card_activity(menu_cards.welcome_card()))

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        if not _is_personal(turn_context):
            await turn_context.send_activity(t.PERSONAL_CHAT_ONLY)
            return
        dialog_context = await self._dialogs.create_context(turn_context)
        value = turn_context.activity.value
        if value is not None:
            await self._on_card_action(dialog_context, value)
            return
        await self._on_text(dialog_context, normalise_command(turn_context.activity.text))

    # --- typed text ----------------------------------------------------------------------
    async def _on_text(self, dialog_context: DialogContext, command: str) -> None:
        context = dialog_context.context
        step = await self._active_report_step(dialog_context)
        if command in STOP_WORDS:
            if step:
                await self._report.cancel(dialog_context)
            else:
                await context.send_activity(t.NOTHING_TO_CANCEL)
        elif command in HELP_WORDS:
            await context.send_activity(f"{t.HELP[step]} {t.STOP_HINT}" if step else t.HELP_GENERAL)
        elif command in MENU_WORDS or command in REPORT_WORDS:
            if step:
                await context.send_activity(card_activity(menu_cards.resume_card()))
            elif command in REPORT_WORDS:
                await dialog_context.begin_dialog(ReportDialog.ID)
            else:
                await context.send_activity(card_activity(menu_cards.welcome_card()))
        elif step:
            await dialog_context.continue_dialog()
        elif command in QUESTION_WORDS | MY_REPORTS_WORDS | WHAT_IS_WORDS:
            await context.send_activity(t.COMING_SOON)
        else:
            await context.send_activity(t.NOT_UNDERSTOOD)

    # --- card actions ----------------------------------------------------------------------
    async def _on_card_action(self, dialog_context: DialogContext, value: object) -> None:
        context = dialog_context.context
        if not isinstance(value, dict):
            await context.send_activity(t.MALFORMED_ACTIVITY)
            return
        kind = value.get("meldroute")
        step = await self._active_report_step(dialog_context)
        if kind == report_cards.KIND and step:
            result = await dialog_context.continue_dialog()
            if result.status == DialogTurnStatus.Complete:
                log.info("report dialog completed")
        elif kind == menu_cards.KIND:
            await self._on_menu_choice(dialog_context, value.get("choice"), step)
        else:
            await context.send_activity(t.UNKNOWN_ACTION)

    async def _on_menu_choice(
        self, dialog_context: DialogContext, choice: object, step: str | None
    ) -> None:
        context = dialog_context.context
        if choice == "report":
            if step:
                await context.send_activity(card_activity(menu_cards.resume_card()))
            else:
                await dialog_context.begin_dialog(ReportDialog.ID)
        elif choice == "resume" and step:
            await self._report.resume(dialog_context)
        elif choice == "discard" and step:
            await self._report.cancel(dialog_context, t.DRAFT_DISCARDED)
        elif choice in ("question", "my_reports", "what_is"):
            await context.send_activity(t.COMING_SOON)
        else:
            await context.send_activity(t.UNKNOWN_ACTION)

    async def _active_report_step(self, dialog_context: DialogContext) -> str | None:
        """The current report step, after dropping a draft that has expired."""
        step = ReportDialog.current_step(dialog_context)
        if step and self._report.is_expired(dialog_context.active_dialog.state):
            await dialog_context.cancel_all_dialogs()
            await dialog_context.context.send_activity(
                t.DRAFT_EXPIRED.format(hours=self._report.ttl_hours)
            )
            return None
        return step


def _is_personal(turn_context: TurnContext) -> bool:
    conversation = turn_context.activity.conversation
    return (
        bool(conversation)
        and (conversation.conversation_type in (None, "personal"))
        and not conversation.is_group
    )
