"""Asking a quick question: the knowledge base first, then (if wanted) a person.

Steps: ask -> (signal offer) -> results -> department. The question is typed in a card, which
is replaced by a receipt once read, so the text does not stay in the chat as a form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import Dialog, DialogContext, DialogInstance, DialogReason, DialogTurnResult

from cards import question_cards
from dialogs.activities import card_activity, replace_card
from dialogs.report_dialog import Identify
from services.question_service import QuestionService, check_question, new_submission_id
from texts import t


class QuestionDialog(Dialog):
    ID = "question"

    def __init__(
        self,
        service: QuestionService,
        departments: Callable[[], tuple[tuple[str, str], ...]],
        identify: Identify,
    ) -> None:
        super().__init__(self.ID)
        self._identify = identify
        self._service = service
        self._departments = departments

    async def begin_dialog(
        self, dialog_context: DialogContext, options: object = None
    ) -> DialogTurnResult:
        """Ask for the question; or, with {"question": text} (typed in plain words outside a
        dialog), answer it from the knowledge base at once."""
        state = dialog_context.active_dialog.state
        state.update({"step": "ask", "submission_id": new_submission_id()})
        question = options.get("question") if isinstance(options, dict) else None
        if isinstance(question, str) and not check_question(question).problem:
            state["question"] = question.strip()
            return await self._show_results(dialog_context, state, None)
        await self._send(dialog_context, question_cards.ask_card())
        return Dialog.end_of_turn

    async def end_dialog(
        self, context: TurnContext, instance: DialogInstance, reason: DialogReason
    ) -> None:
        """Left while its card still waits for a button (the asker typed something new, a new
        question, 'menu' or 'stop'): a results card settles (its answer stays, its buttons go);
        the question form, the signal offer or the department choice becomes a line saying the
        question was not sent. So no button of an earlier question is left that can only be
        refused."""
        state = instance.state
        if reason == DialogReason.CancelCalled:
            if isinstance(state.get("results_card"), dict):
                closed = question_cards.settled(state["results_card"])
            else:
                closed = question_cards.receipt_card(t.QUESTION_NOT_SENT)
            await replace_card(context, state.get("card_id"), closed)
        await super().end_dialog(context, instance, reason)

    @staticmethod
    def waits_for_text(dialog_context: DialogContext) -> bool:
        """Whether the question dialog waits for a typed question (rather than a button)."""
        active = dialog_context.active_dialog
        return bool(active) and active.id == QuestionDialog.ID and active.state["step"] == "ask"

    async def continue_dialog(self, dialog_context: DialogContext) -> DialogTurnResult:
        context = dialog_context.context
        state = dialog_context.active_dialog.state
        value = context.activity.value if isinstance(context.activity.value, dict) else {}
        if value and value.get("meldroute") != question_cards.KIND:
            await context.send_activity(t.UNKNOWN_ACTION)
            return Dialog.end_of_turn
        step, action = value.get("step"), value.get("action")
        card_id = context.activity.reply_to_id or state.get("card_id")
        if value and value.get(question_cards.QUESTION_ID) != state["submission_id"]:
            # A button on the card of an earlier question: it must not act on this one.
            await context.send_activity(t.QUESTION_CARD_EARLIER)
            return Dialog.end_of_turn
        if value and step != state["step"]:
            await context.send_activity(t.UNKNOWN_ACTION)
            return Dialog.end_of_turn
        if action == "cancel":
            await replace_card(context, card_id, question_cards.receipt_card(t.QUESTION_CANCELLED))
            return await dialog_context.end_dialog()
        if state["step"] == "ask":
            text = value.get("question") if value else context.activity.text
            return await self._on_question(dialog_context, state, text, card_id)
        if state["step"] == "signal_offer":
            if action == "report":
                await replace_card(
                    context, card_id, question_cards.receipt_card(t.SIGNAL_LIKE_TITLE)
                )
                return await dialog_context.replace_dialog("report")
            return await self._show_results(dialog_context, state, card_id)
        if state["step"] == "results":
            return await self._on_results(dialog_context, state, action, card_id)
        if state["step"] == "department":
            return await self._on_department(
                dialog_context, state, value.get("department"), card_id
            )
        await context.send_activity(t.EXPECTATIONS["expect_form_input"])
        return Dialog.end_of_turn

    async def _send(self, dialog_context: DialogContext, content: dict[str, Any]) -> None:
        state = dialog_context.active_dialog.state
        marked = question_cards.for_question(content, state["submission_id"])
        response = await dialog_context.context.send_activity(card_activity(marked))
        state["card_id"] = response.id if response else None

    async def _on_question(
        self,
        dialog_context: DialogContext,
        state: dict[str, Any],
        text: object,
        card_id: str | None,
    ) -> DialogTurnResult:
        check = check_question(text)
        if check.problem:
            previous = (
                text
                if isinstance(text, str) and len(text) <= 2 * question_cards.MAX_QUESTION
                else ""
            )
            content = question_cards.ask_card(
                previous[: question_cards.MAX_QUESTION], check.problem
            )
            return await _reprompt(dialog_context, card_id, content, check.problem)
        assert isinstance(text, str)
        state["question"] = text.strip()
        await replace_card(
            dialog_context.context, card_id, question_cards.receipt_card(t.ASK_RECEIPT)
        )
        if check.signal_like:
            state["step"] = "signal_offer"
            await self._send(dialog_context, question_cards.signal_offer_card())
            return Dialog.end_of_turn
        return await self._show_results(dialog_context, state, None)

    async def _show_results(
        self, dialog_context: DialogContext, state: dict[str, Any], card_id: str | None
    ) -> DialogTurnResult:
        if card_id:
            await replace_card(
                dialog_context.context, card_id, question_cards.receipt_card(t.SIGNAL_LIKE_QUESTION)
            )
        state["step"] = "results"
        answer = await self._service.search(state["question"])
        state["shown"] = list(answer.entry_ids)  # entry ids only, for the counts and the person
        results = question_cards.results_card(answer, state["question"])
        # Kept to settle the card once a button on it was used (in the conversation state,
        # which is encrypted and holds the question already).
        state["results_card"] = results
        await self._send(dialog_context, results)
        return Dialog.end_of_turn

    async def _on_results(
        self,
        dialog_context: DialogContext,
        state: dict[str, Any],
        action: object,
        card_id: str | None,
    ) -> DialogTurnResult:
        context = dialog_context.context
        value = context.activity.value if isinstance(context.activity.value, dict) else {}
        shown = [e for e in state.get("shown", []) if isinstance(e, str)]
        if action in ("helps", "again", "person") and isinstance(state.get("results_card"), dict):
            # The entry marked helpful stays open on the settled card (only shown ones count).
            helped = value.get("entry") if action == "helps" else None
            opened = helped if isinstance(helped, str) and helped in shown else None
            settled = question_cards.settled(state.pop("results_card"), opened)
            await replace_card(context, card_id, settled)
        if action == "helps":
            await self._service.helped(value.get("entry"), shown)
            await context.send_activity(t.RESULTS_THANKS)
            return await dialog_context.end_dialog()
        if action == "again":
            state.update({"step": "ask", "submission_id": new_submission_id()})
            await self._send(dialog_context, question_cards.ask_card())
            return Dialog.end_of_turn
        if action == "person":
            await self._service.wants_person(shown)
            state["step"] = "department"
            await self._send(dialog_context, question_cards.department_card(self._departments()))
            return Dialog.end_of_turn
        await context.send_activity(t.UNKNOWN_ACTION)
        return Dialog.end_of_turn

    async def _on_department(
        self,
        dialog_context: DialogContext,
        state: dict[str, Any],
        department: object,
        card_id: str | None,
    ) -> DialogTurnResult:
        context = dialog_context.context
        departments = self._departments()
        names = dict(departments)
        if department not in names:
            content = question_cards.department_card(
                departments, error=t.EXPECTATIONS["expect_choice"]
            )
            return await _reprompt(
                dialog_context, card_id, content, t.EXPECTATIONS["expect_choice"]
            )
        asker = self._identify(context)
        record, to_tah = await self._service.ask_person(
            state["submission_id"],
            str(department),
            state["question"],
            {
                "aad_object_id": asker.aad_object_id,
                "name": asker.name,
                "reference": asker.conversation_reference,
            },
            [e for e in state.get("shown", []) if isinstance(e, str)],
        )
        await replace_card(context, card_id, question_cards.receipt_card(t.PERSON_CHOSEN))
        text = t.PERSON_SENT if to_tah else t.PERSON_SENT_COORDINATOR
        await context.send_activity(
            text.format(number=record.number, department=names[str(department)])
        )
        return await dialog_context.end_dialog()


async def _reprompt(
    dialog_context: DialogContext, card_id: str | None, content: dict[str, Any], message: str
) -> DialogTurnResult:
    """Show the same form again with what is expected, and say it in the chat as well."""
    if card_id:
        question_id = dialog_context.active_dialog.state["submission_id"]
        marked = question_cards.for_question(content, question_id)
        await replace_card(dialog_context.context, card_id, marked)
    await dialog_context.context.send_activity(message)
    return Dialog.end_of_turn
