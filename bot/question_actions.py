"""Action.Execute verbs on question cards, answered only to the person who clicked."""

from __future__ import annotations

from typing import Any

from botbuilder.core import InvokeResponse

from bot.case_actions import card_response, message_response
from cards.elements import paragraph
from cards.question_cards import question_card
from domain.question import QuestionContent, QuestionRecord, QuestionView
from services.question_service import QuestionService, load_question_view
from texts import t


class QuestionActions:
    def __init__(self, service: QuestionService) -> None:
        self._service = service

    async def handle(self, actor_id: str | None, verb: str, data: dict[str, Any]) -> InvokeResponse:
        number = data.get("question")
        if verb == "question.answer":
            outcome = await self._service.answer(actor_id, number, text=data.get("answer"))
        elif verb == "question.answer_kb":
            outcome = await self._service.answer(
                actor_id, number, text=data.get("answer"), entry_id=data.get("entry")
            )
        elif verb == "question.view":
            return await self._view(actor_id, number)
        else:
            await self._service.refuse_unknown_verb(actor_id, number)
            return message_response(t.UNKNOWN_ACTION)
        if not outcome.ok or outcome.question is None:
            return message_response(outcome.message)
        return card_response(question_card(await self._view_of(outcome.question)))

    async def _view_of(
        self, question: QuestionRecord, content: QuestionContent | None = None
    ) -> QuestionView:
        service = self._service
        return await load_question_view(
            service.repository, question, service.routing, service.knowledge, content
        )

    async def _view(self, actor_id: str | None, number: object) -> InvokeResponse:
        """A question opened from a list or the channel: the same card its answerer gets
        delivered, with the knowledge base's suggestions as one-click answers; shown only to
        the one who opened it."""
        outcome, content = await self._service.view_for(actor_id, number)
        if content is None or outcome.question is None:
            return message_response(outcome.message)
        answer = question_card(await self._view_of(outcome.question, content))
        answer["body"].insert(1, paragraph(t.DETAIL_ONLY_YOU, subtle=True))
        return card_response(answer)
