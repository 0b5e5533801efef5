"""Action.Execute verbs on question cards, answered only to the person who clicked."""

from __future__ import annotations

from typing import Any

from botbuilder.core import InvokeResponse

from bot.case_actions import card_response, message_response
from cards.elements import card, fact_set, heading, paragraph, text_input
from cards.question_cards import question_card
from services.question_service import QuestionService, question_view
from texts import nl as t


class QuestionActions:
    def __init__(self, service: QuestionService) -> None:
        self._service = service

    async def handle(self, actor_id: str | None, verb: str, data: dict[str, Any]) -> InvokeResponse:
        number = data.get("question")
        if verb == "question.answer":
            outcome = await self._service.answer(actor_id, number, text=data.get("answer"))
        elif verb == "question.answer_kb":
            outcome = await self._service.answer(actor_id, number, entry_id=data.get("entry"))
        elif verb == "question.view":
            return await self._view(actor_id, number)
        else:
            await self._service.refuse_unknown_verb(actor_id, number)
            return message_response(t.UNKNOWN_ACTION)
        if not outcome.ok or outcome.question is None:
            return message_response(outcome.message)
        question = outcome.question
        content = await self._service.repository.content(question.id)
        view = question_view(question, content, self._service.routing, self._service.knowledge)
        return card_response(question_card(view))

    async def _view(self, actor_id: str | None, number: object) -> InvokeResponse:
        """The coordinator's own view of an escalated question: text and an answer field."""
        outcome, content = await self._service.view_for(actor_id, number)
        if content is None or outcome.question is None:
            return message_response(outcome.message)
        question = outcome.question
        department = self._service.routing.department(question.department)
        body = [
            heading(
                t.QUESTION_CARD_TITLE.format(
                    number=question.number, asker=content.asker_name or t.SOMEONE
                )
            ),
            paragraph(t.DETAIL_ONLY_YOU, subtle=True),
            fact_set(
                [
                    (
                        t.QUESTION_CARD_DEPARTMENT,
                        department.name if department else question.department,
                    )
                ]
            ),
            paragraph(content.text),
        ]
        if question.answered_at:
            body.append(
                paragraph(
                    t.QUESTION_CARD_ANSWERED.format(
                        name=self._service.display_name(question.answered_by)
                    ),
                    color="Good",
                )
            )
            return card_response(card(body))
        body.append(
            text_input("answer", t.QUESTION_CARD_ANSWER_LABEL, multiline=True, max_length=2000)
        )
        action = {
            "type": "Action.Execute",
            "title": t.QUESTION_CARD_ANSWER,
            "verb": "question.answer",
            "data": {"question": question.number},
        }
        return card_response(card(body, [action]))
