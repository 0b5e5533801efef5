"""The activity handler: recognises commands and card actions and hands them on.

Personal chat: the report dialog, "mijn meldingen", the menu per role, "mijn signalen" for a
taakaccenthouder, and plain words (a question goes to the knowledge base, something that reads
like a signal gets an offer to report it). The coordinators' channel: linking it and listing
open cases. Action.Execute (invoke): case actions in bot/case_actions. Every turn from a
person in a personal chat stores where they can be reached.

Each turn answers in the language of the Teams client (`activity.locale`: English for an
English locale, Dutch otherwise); the coordinators' channel is always Dutch. Commands are
understood in both languages (the manifest lists the English ones in its localisation).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus

from botbuilder.core import ActivityHandler, ConversationState, InvokeResponse, TurnContext
from botbuilder.core.teams import teams_get_channel_id
from botbuilder.dialogs import DialogContext, DialogSet
from botbuilder.dialogs.memory import DialogStateManagerConfiguration

import texts
from bot.case_actions import CaseActions, error_response
from bot.question_actions import QuestionActions
from bot.wire import to_wire
from cards import menu_cards, question_cards, report_cards
from cards.case_cards import (
    agenda_card,
    found_card,
    my_reports_card,
    open_cases_card,
    search_card,
)
from cards.outbox_cards import UndeliveredLine, undelivered_card
from cards.statistics_cards import key_figures_card
from dialogs.activities import card_activity, replace_card
from dialogs.question_dialog import QuestionDialog
from dialogs.report_dialog import ReportDialog
from domain.clock import Clock
from domain.knowledge import KnowledgeBase
from services.case_service import CaseService
from services.delivery import DeliveryPlanner
from services.question_service import QuestionService, classify_plain_text, routing_facts
from services.statistics import StatisticsService
from storage.directory import Directory
from storage.outbox import CHANNEL, Outbox, OutboxMessage, dedupe_key
from texts import message, t

log = logging.getLogger(__name__)

# Commands in Dutch and in English (the manifest's command menu has both).
STOP_WORDS = frozenset({"stop", "annuleer", "annuleren", "cancel"})
HELP_WORDS = frozenset({"help", "hulp", "?"})
MENU_WORDS = frozenset({"hallo", "hoi", "hi", "hello", "hey", "menu", "start", "begin"})
REPORT_WORDS = frozenset(
    {
        "signaal melden",
        "melden",
        "melding",
        "melding maken",
        "meld",
        "signaal",
        "report",
        "report a signal",
        "new report",
    }
)
QUESTION_WORDS = frozenset({"vraag stellen", "vraag", "question", "ask a question", "ask"})
MY_REPORTS_WORDS = frozenset({"mijn meldingen", "mijn melding", "status", "my reports"})
MY_SIGNALS_WORDS = frozenset({"mijn signalen", "my signals"})
WHAT_IS_WORDS = frozenset(
    {
        "wat is mensenhandel",
        "wat is mensenhandel?",
        "uitleg",
        "what is human trafficking",
        "what is human trafficking?",
    }
)
LINK_WORDS = frozenset({"koppel dit kanaal", "koppel kanaal", "link this channel"})
OPEN_CASES_WORDS = frozenset({"open zaken", "zaken", "open cases"})
UNDELIVERED_WORDS = frozenset(
    {"niet bezorgd", "onbestelbaar", "niet bezorgde berichten", "undelivered"}
)
REGISTER_WORDS = frozenset(
    {"signaal registreren", "registreren", "registreer", "registreer signaal", "register a signal"}
)
AGENDA_WORDS = frozenset({"agenda", "agenda overleg", "overleg"})
SEARCH_WORDS = frozenset({"zoek", "zoeken", "zaak zoeken"})
SEARCH_KIND = "search"
KEY_FIGURES_WORDS = frozenset({"jaaroverzicht", "kerncijfers", "key figures"})
# Teams' channelData.channel.type; bots cannot post in private or shared channels.
NOT_POSTABLE_CHANNEL_TYPES = frozenset({"private", "shared"})
_TRAILING = re.compile(r"[\s.!]+$")
_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_DIALOG_MEMORY = DialogStateManagerConfiguration.__name__


def normalise_command(text: str | None) -> str:
    return _TRAILING.sub("", (text or "").strip().lower())


def key_figures_request(command: str) -> list[str] | None:
    """The period words after "jaaroverzicht" (none for this year), or None for another command."""
    for word in sorted(KEY_FIGURES_WORDS, key=len, reverse=True):
        if command == word or command.startswith(word + " "):
            return command[len(word) :].split()
    return None


@dataclass(frozen=True)
class BotDeps:
    conversation_state: ConversationState
    report_dialog: ReportDialog
    intake_dialog: ReportDialog  # the aandachtsfunctionaris registers a signal
    question_dialog: QuestionDialog
    knowledge: KnowledgeBase
    cases: CaseService
    questions: QuestionService
    case_actions: CaseActions
    question_actions: QuestionActions
    directory: Directory
    outbox: Outbox
    delivery: DeliveryPlanner
    clock: Clock
    person_digest: Callable[[str], str]  # where the outbox finds a person (Keyring.person_digest)
    statistics: StatisticsService | None = None


class MeldrouteBot(ActivityHandler):
    def __init__(self, deps: BotDeps) -> None:
        self._deps = deps
        self._reports = {d.id: d for d in (deps.report_dialog, deps.intake_dialog)}
        self._dialogs = DialogSet(deps.conversation_state.create_property("DialogState"))
        self._dialogs.add(deps.report_dialog)
        self._dialogs.add(deps.intake_dialog)
        self._turn_locks = KeyedLocks()
        self._dialogs.add(deps.question_dialog)
        self._dialog_memory: DialogStateManagerConfiguration | None = None

    async def on_turn(self, turn_context: TurnContext) -> None:
        # Turns of one conversation run one after another in this instance (a double click
        # waits instead of failing); across instances the state's etag still guards them.
        conversation = turn_context.activity.conversation
        language = texts.use_language(turn_language(turn_context.activity))
        try:
            async with self._turn_locks.hold(conversation.id if conversation else ""):
                if self._dialog_memory is not None:
                    # botbuilder builds its dialog memory scopes anew for every turn unless the
                    # turn state has them; they hold no state, so the first turn's are reused.
                    turn_context.turn_state[_DIALOG_MEMORY] = self._dialog_memory
                if _is_personal(turn_context):
                    await self._remember_sender(turn_context)
                elif _is_channel(turn_context):
                    await self._refresh_channel(turn_context)
                await super().on_turn(turn_context)
                await self._deps.conversation_state.save_changes(turn_context)
                self._dialog_memory = self._dialog_memory or turn_context.turn_state.get(
                    _DIALOG_MEMORY
                )
        finally:
            texts.reset_language(language)

    async def _remember_sender(self, turn_context: TurnContext) -> None:
        sender = turn_context.activity.from_property
        if not sender or not sender.aad_object_id:
            return
        reference = to_wire(TurnContext.get_conversation_reference(turn_context.activity))
        now = self._deps.clock()
        digest = await self._deps.directory.remember_person(sender.aad_object_id, reference, now)
        if digest:
            await self._deps.outbox.wake_recipient(digest, now)

    async def _refresh_channel(self, turn_context: TurnContext) -> None:
        """Keep the linked channel reachable at the service URL Teams uses now."""
        service_url = turn_context.activity.service_url
        if service_url and await self._deps.directory.refresh_channel(
            _channel_id(turn_context), service_url
        ):
            await self._deps.outbox.wake_recipient(CHANNEL, self._deps.clock())

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        if _is_personal(turn_context):
            await turn_context.send_activity(card_activity(self._welcome(turn_context)))
        elif _is_channel(turn_context):
            # Added to a team: say there how the coordinators' channel is linked, and by whom.
            await turn_context.send_activity(t.TEAM_WELCOME)

    def _welcome(self, turn_context: TurnContext) -> dict:
        """The menu for the roles this person has in the routing now."""
        sender = turn_context.activity.from_property
        actor = sender.aad_object_id if sender else None
        routing = self._deps.cases.routing
        return menu_cards.welcome_card(
            coordinator=routing.is_coordinator(actor),
            taakaccenthouder=bool(routing.departments_of_taakaccenthouder(actor)),
        )

    async def _coordinator(
        self, turn_context: TurnContext, what: str, refusal: str = t.ACTION_REFUSED_LIST
    ) -> str | None:
        """The sender's Entra object id if they are an aandachtsfunctionaris; otherwise the
        request is refused, answered and audited (as `what`), and None is returned. A
        taakaccenthouder asking for a coordinators' list is told where their own signals are."""
        sender = turn_context.activity.from_property
        actor = sender.aad_object_id if sender else None
        routing = self._deps.cases.routing
        if actor and routing.is_coordinator(actor):
            return actor
        await self._deps.cases.cases.record_refusal(
            actor or "unknown", what, "list", "role", self._deps.clock(), prefix=""
        )
        is_tah = bool(routing.departments_of_taakaccenthouder(actor))
        shown = t.OPEN_CASES_FOR_TAH if is_tah and refusal == t.ACTION_REFUSED_LIST else refusal
        await turn_context.send_activity(shown)
        return None

    async def _send_my_signals(self, turn_context: TurnContext) -> None:
        """A taakaccenthouder's own list: signals that wait for them and open questions."""
        sender = turn_context.activity.from_property
        actor = sender.aad_object_id if sender else None
        cases = await self._deps.cases.waiting_for(actor)
        if cases is None:
            await turn_context.send_activity(t.MY_SIGNALS_NOT_TAH)
            return
        routing = self._deps.cases.routing
        departments = routing.departments_of_taakaccenthouder(actor)
        questions = await self._deps.questions.open_for(departments)
        names = dict(routing.department_choices)
        await turn_context.send_activity(
            card_activity(menu_cards.my_signals_card(cases, questions, names))
        )

    async def _send_open_cases(self, turn_context: TurnContext) -> None:
        """Pointers to the open cases, each with a button for the details (checked per click)."""
        if not await self._coordinator(turn_context, "case.list"):
            return
        open_cases = await self._deps.cases.cases.open_cases()
        now = self._deps.clock()
        await turn_context.send_activity(card_activity(open_cases_card(open_cases, now)))

    async def _send_agenda(self, turn_context: TurnContext) -> None:
        """The next signaleringsoverleg's cases and missed outcomes, as pointers."""
        actor = await self._coordinator(turn_context, "case.agenda_list")
        if not actor:
            return
        meeting, cases, missed = await self._deps.cases.agenda(actor)
        await turn_context.send_activity(
            card_activity(agenda_card(meeting, cases, missed, self._deps.clock()))
        )

    async def _search(self, turn_context: TurnContext, query: str) -> None:
        """Find a case by number, address or KvK number (coordinators, personal chat only)."""
        actor = await self._coordinator(turn_context, "case.find", t.SEARCH_REFUSED)
        if not actor:
            return
        if not query:
            await turn_context.send_activity(card_activity(search_card()))
            return
        found = await self._deps.cases.find(actor, query)
        if found is None:
            await turn_context.send_activity(card_activity(search_card(t.SEARCH_NOT_UNDERSTOOD)))
            return
        await turn_context.send_activity(card_activity(found_card(found, self._deps.clock())))

    async def _begin_registration(self, dialog_context: DialogContext, step: str | None) -> None:
        if not await self._coordinator(dialog_context.context, "case.register", t.INTAKE_REFUSED):
            return
        if step:
            await dialog_context.context.send_activity(card_activity(menu_cards.resume_card()))
            return
        await dialog_context.begin_dialog(ReportDialog.INTAKE_ID)

    async def _send_undelivered(self, turn_context: TurnContext) -> None:
        """The messages that did not arrive and why, for the coordinators; never content."""
        actor = await self._coordinator(turn_context, "outbox.undelivered")
        if not actor:
            return
        items = await self._deps.delivery.undelivered()
        await self._deps.cases.cases.record_read(
            actor, "outbox.undelivered", "list", self._deps.clock()
        )
        lines = [UndeliveredLine(i.created_at, i.kind, i.number, i.reason) for i in items]
        await turn_context.send_activity(card_activity(undelivered_card(lines)))

    async def _send_key_figures(self, turn_context: TurnContext, words: list[str]) -> None:
        """The key figures of a period, for an aandachtsfunctionaris (checked and audited)."""
        if self._deps.statistics is None:
            await turn_context.send_activity(t.NOT_UNDERSTOOD)
            return
        sender = turn_context.activity.from_property
        actor = sender.aad_object_id if sender else None
        outcome = await self._deps.statistics.key_figures(actor, words)
        if outcome.figures is None:
            await turn_context.send_activity(outcome.message)
            return
        await turn_context.send_activity(card_activity(key_figures_card(outcome.figures)))

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        if _is_channel(turn_context):
            await self._on_channel_message(turn_context)
            return
        if not _is_personal(turn_context):
            await turn_context.send_activity(t.PERSONAL_CHAT_ONLY)
            return
        dialog_context = await self._dialogs.create_context(turn_context)
        value = turn_context.activity.value
        if value is not None:
            await self._on_card_action(dialog_context, value)
            return
        await self._on_text(dialog_context, normalise_command(turn_context.activity.text))

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """Action.Execute on a card; every other invoke is one the bot does not implement and
        answers 501, as botbuilder documents for unhandled invokes."""
        activity = turn_context.activity
        if activity.name != "adaptiveCard/action":
            return InvokeResponse(status=HTTPStatus.NOT_IMPLEMENTED)
        actor = activity.from_property.aad_object_id if activity.from_property else None
        value = activity.value if isinstance(activity.value, dict) else {}
        action = value.get("action")
        if (
            not isinstance(action, dict)
            or action.get("type") != "Action.Execute"
            or not isinstance(action.get("verb"), str)
        ):
            await self._deps.cases.refuse(actor, "card.malformed", "card", "payload", "")
            return error_response(HTTPStatus.BAD_REQUEST, t.MALFORMED_ACTIVITY)
        data = action.get("data") if isinstance(action.get("data"), dict) else {}
        verb = action["verb"]
        if verb.startswith("question."):
            return await self._deps.question_actions.handle(actor, verb, data)
        return await self._deps.case_actions.handle(actor, verb, data)

    # --- the coordinators' channel ------------------------------------------------------------------
    async def _on_channel_message(self, turn_context: TurnContext) -> None:
        # The mention tags are dropped from the text itself: botbuilder's own removal reads the
        # entities and fails on one without a type or an id.
        command = normalise_command(_MENTION.sub("", turn_context.activity.text or ""))
        sender = turn_context.activity.from_property
        actor = sender.aad_object_id if sender else None
        now = self._deps.clock()
        if command in LINK_WORDS:
            if not self._deps.cases.routing.is_coordinator(actor):
                await self._deps.cases.cases.record_refusal(
                    actor or "unknown", "channel.link", "channel", "role", now
                )
                await turn_context.send_activity(t.CHANNEL_LINK_REFUSED)
                return
            kind = _channel_type(turn_context)
            if kind in NOT_POSTABLE_CHANNEL_TYPES:
                await self._refuse_channel_type(turn_context, actor or "", kind, now)
                return
            reference = TurnContext.get_conversation_reference(turn_context.activity).serialize()
            channel_id = _channel_id(turn_context)
            reference["conversation"] = {**reference.get("conversation", {}), "id": channel_id}
            await self._deps.directory.link_channel(reference, actor or "", now)
            await self._deps.cases.cases.record_read(actor or "", "channel.link", "channel", now)
            await self._deps.outbox.wake_recipient(CHANNEL, now)
            await turn_context.send_activity(t.CHANNEL_LINKED)
        elif command in OPEN_CASES_WORDS:
            await self._send_open_cases(turn_context)
        elif command in AGENDA_WORDS:
            await self._send_agenda(turn_context)
        elif command in UNDELIVERED_WORDS:
            await self._send_undelivered(turn_context)
        elif (words := key_figures_request(command)) is not None:
            await self._send_key_figures(turn_context, words)
        elif (
            command in REPORT_WORDS | QUESTION_WORDS | MY_REPORTS_WORDS | MY_SIGNALS_WORDS
            or command in REGISTER_WORDS
            or _search_query(command) is not None
        ):
            # A search names an address or a company: never typed where others read along.
            await turn_context.send_activity(t.PERSONAL_CHAT_ONLY)
        else:
            await turn_context.send_activity(t.CHANNEL_HELP)

    async def _refuse_channel_type(
        self, turn_context: TurnContext, actor: str, kind: str, now: datetime
    ) -> None:
        """A private or shared channel cannot be the coordinators' channel: the bot cannot post
        there. Say so in the channel if Teams lets us, else in the coordinator's own chat."""
        await self._deps.cases.cases.record_refusal(actor, "channel.link", "channel", kind, now)
        try:
            await turn_context.send_activity(t.CHANNEL_NOT_STANDARD)
        except Exception as error:
            log.info("channel link refused, no reply possible in channel: %s", type(error).__name__)
            await self._deps.outbox.enqueue(
                [
                    OutboxMessage(
                        "user_text",
                        self._deps.person_digest(actor),
                        dedupe_key("channel_type", actor, now.isoformat()),
                        {"message": message("CHANNEL_NOT_STANDARD")},
                    )
                ],
                now,
            )

    # --- typed text in the personal chat ---------------------------------------------------------------
    async def _on_text(self, dialog_context: DialogContext, command: str) -> None:
        context = dialog_context.context
        if _active_dialog(dialog_context) == QuestionDialog.ID:
            await self._on_text_while_asking(dialog_context, command)
            return
        step = await self._active_report_step(dialog_context)
        report = self._active_report(dialog_context)
        if command in STOP_WORDS:
            if step and report:
                await report.cancel(dialog_context)
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
                await context.send_activity(card_activity(self._welcome(context)))
        elif command in REGISTER_WORDS:
            await self._begin_registration(dialog_context, step)
        # Lists only show something: they are answered during a report too, which stays open.
        elif command in MY_REPORTS_WORDS:
            await self._send_my_reports(context)
        elif command in MY_SIGNALS_WORDS:
            await self._send_my_signals(context)
        elif command in OPEN_CASES_WORDS:
            await self._send_open_cases(context)
        elif command in AGENDA_WORDS:
            await self._send_agenda(context)
        elif command in UNDELIVERED_WORDS:
            await self._send_undelivered(context)
        elif step:
            await dialog_context.continue_dialog()
        elif (query := _search_query(command)) is not None:
            await self._search(context, query)
        elif (words := key_figures_request(command)) is not None:
            await self._send_key_figures(context, words)
        elif command in QUESTION_WORDS:
            await dialog_context.begin_dialog(QuestionDialog.ID)
        elif command in WHAT_IS_WORDS:
            await context.send_activity(
                card_activity(question_cards.kb_menu_card(self._deps.knowledge))
            )
        else:
            await self._on_plain_words(dialog_context, context.activity.text or "")

    async def _on_plain_words(self, dialog_context: DialogContext, text: str) -> None:
        """A message in the person's own words, outside a dialog: who holds a role is answered
        from the routing file (names only), something seen or heard gets an offer to report it
        (nothing is stored unless they do), and anything else goes to the knowledge base."""
        context = dialog_context.context
        plain = classify_plain_text(text)
        if plain.kind == "who_tah":
            facts = routing_facts(self._deps.cases.routing)
            await context.send_activity(f"{facts['taakaccenthouders']}\n\n{t.WHO_IS_TAH}")
        elif plain.kind == "who_coordinator":
            facts = routing_facts(self._deps.cases.routing)
            await context.send_activity(
                f"{facts['aandachtsfunctionarissen']} {t.WHO_IS_COORDINATOR}"
            )
        elif plain.kind == "signal":
            await context.send_activity(card_activity(menu_cards.signal_offer_card(text.strip())))
        elif plain.kind == "question":
            await dialog_context.begin_dialog(QuestionDialog.ID, {"question": text.strip()})
        else:
            await context.send_activity(f"{plain.problem} {t.MENU_HINT}")

    async def _on_text_while_asking(self, dialog_context: DialogContext, command: str) -> None:
        context = dialog_context.context
        if command in STOP_WORDS:
            await dialog_context.cancel_all_dialogs()
            await context.send_activity(t.QUESTION_CANCELLED)
        elif command in HELP_WORDS:
            await context.send_activity(t.HELP["question"])
        elif command in MENU_WORDS:
            await dialog_context.cancel_all_dialogs()
            await context.send_activity(card_activity(self._welcome(context)))
        elif command in QUESTION_WORDS:
            # 'vraag stellen' again is a new question, not the question itself.
            await dialog_context.cancel_all_dialogs()
            await dialog_context.begin_dialog(QuestionDialog.ID)
        elif QuestionDialog.waits_for_text(dialog_context):
            await dialog_context.continue_dialog()
        else:
            # The question was answered and its card waits for a button; something typed now
            # is a new message: the question is left as it is and the text read afresh.
            await dialog_context.cancel_all_dialogs()
            await self._on_text(dialog_context, command)

    async def _send_my_reports(self, context: TurnContext) -> None:
        sender = context.activity.from_property
        actor = sender.aad_object_id or sender.id
        await context.send_activity(
            card_activity(my_reports_card(await self._deps.cases.my_cases(actor)))
        )

    # --- card actions (Action.Submit) in the personal chat ------------------------------------------------
    async def _on_card_action(self, dialog_context: DialogContext, value: object) -> None:
        context = dialog_context.context
        if not isinstance(value, dict):
            await context.send_activity(t.MALFORMED_ACTIVITY)
            return
        kind = value.get("meldroute")
        active = _active_dialog(dialog_context)
        step = await self._active_report_step(dialog_context)
        if (kind == report_cards.KIND and step) or (
            kind == question_cards.KIND and active == QuestionDialog.ID
        ):
            await dialog_context.continue_dialog()
        elif kind == question_cards.KB_KIND:
            await self._on_knowledge_action(context, value)
        elif kind == SEARCH_KIND:
            query = value.get("query")
            await self._search(context, query.strip() if isinstance(query, str) else "")
        elif kind == menu_cards.KIND:
            await self._on_menu_choice(dialog_context, value.get("choice"), step, value)
        else:
            await context.send_activity(t.UNKNOWN_ACTION)

    async def _on_offer(
        self, dialog_context: DialogContext, choice: str, value: dict, step: str | None
    ) -> None:
        """The answer to 'this sounds like a signal': report it (the typed text becomes the
        start of the description) or treat it as a question. The offer card is replaced by a
        line, so the text it carried is gone from it."""
        context = dialog_context.context
        if step or _active_dialog(dialog_context):
            await context.send_activity(card_activity(menu_cards.resume_card()))
            return
        text = value.get("text") if isinstance(value.get("text"), str) else ""
        reporting = choice == "offer_report"
        await replace_card(
            context,
            context.activity.reply_to_id,
            menu_cards.line_card(t.SIGNAL_LIKE_DONE if reporting else t.QUESTION_LIKE_DONE),
        )
        if reporting:
            await dialog_context.begin_dialog(ReportDialog.ID, {"observations": text})
        elif classify_plain_text(text).problem:
            await dialog_context.begin_dialog(QuestionDialog.ID)
        else:
            await dialog_context.begin_dialog(
                QuestionDialog.ID, {"question": text, "no_signal_check": True}
            )

    async def _on_menu_choice(
        self,
        dialog_context: DialogContext,
        choice: object,
        step: str | None,
        value: dict | None = None,
    ) -> None:
        context = dialog_context.context
        if choice == "report":
            if step:
                await context.send_activity(card_activity(menu_cards.resume_card()))
            else:
                await dialog_context.begin_dialog(ReportDialog.ID)
        elif (
            choice in ("resume", "discard")
            and step
            and (report := self._active_report(dialog_context))
        ):
            # The question card becomes a line of what was chosen, so it cannot be clicked again.
            await replace_card(
                context,
                context.activity.reply_to_id,
                menu_cards.line_card(t.DRAFT_RESUMED if choice == "resume" else t.DRAFT_DISCARDED),
            )
            if choice == "resume":
                await report.resume(dialog_context)
            else:
                await report.cancel(dialog_context, t.DRAFT_DISCARDED)
        elif choice == "register":
            await self._begin_registration(dialog_context, step)
        elif choice == "agenda":
            await self._send_agenda(context)
        elif choice == "search":
            await self._search(context, "")
        elif choice in ("offer_report", "offer_question"):
            await self._on_offer(dialog_context, str(choice), value or {}, step)
        elif choice == "my_reports":
            await self._send_my_reports(context)
        elif choice == "my_signals":
            await self._send_my_signals(context)
        elif choice == "open_cases":
            await self._send_open_cases(context)
        elif choice == "undelivered":
            await self._send_undelivered(context)
        elif choice == "key_figures":
            await self._send_key_figures(context, [])
        elif choice == "question":
            if step:
                await context.send_activity(card_activity(menu_cards.resume_card()))
            else:
                await dialog_context.cancel_all_dialogs()
                await dialog_context.begin_dialog(QuestionDialog.ID)
        elif choice == "what_is":
            await context.send_activity(
                card_activity(question_cards.kb_menu_card(self._deps.knowledge))
            )
        else:
            await context.send_activity(t.UNKNOWN_ACTION)

    async def _on_knowledge_action(self, context: TurnContext, value: dict) -> None:
        if value.get("action") == "read":
            entry = (
                self._deps.knowledge.entry(value.get("entry"))
                if isinstance(value.get("entry"), str)
                else None
            )
            if entry is None:
                await context.send_activity(t.KB_UNKNOWN)
                return
            await context.send_activity(card_activity(question_cards.kb_entry_card(entry)))
        else:
            await context.send_activity(
                card_activity(question_cards.kb_menu_card(self._deps.knowledge))
            )

    def _active_report(self, dialog_context: DialogContext) -> ReportDialog | None:
        """The report or registration under way, if one is."""
        active = dialog_context.active_dialog
        return self._reports.get(active.id) if active else None

    async def _active_report_step(self, dialog_context: DialogContext) -> str | None:
        """The current report step, after dropping a draft that has expired."""
        step = ReportDialog.current_step(dialog_context)
        report = self._active_report(dialog_context)
        if step and report and report.is_expired(dialog_context.active_dialog.state):
            # Its cards are replaced in place (they may show what was typed), then it goes.
            await report.expire(dialog_context)
            await dialog_context.cancel_all_dialogs()
            return None
        return step


class KeyedLocks:
    """One asyncio lock per key, dropped again when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


def _active_dialog(dialog_context: DialogContext) -> str | None:
    active = dialog_context.active_dialog
    return active.id if active else None


def _is_personal(turn_context: TurnContext) -> bool:
    conversation = turn_context.activity.conversation
    return (
        bool(conversation)
        and conversation.conversation_type in (None, "personal")
        and not conversation.is_group
    )


def turn_language(activity: object) -> str:
    """The language to answer in: the client's locale in a personal chat, Dutch in the
    coordinators' channel and group chats (read by several people)."""
    conversation = getattr(activity, "conversation", None)
    if conversation is not None and (
        conversation.conversation_type not in (None, "personal") or conversation.is_group
    ):
        return texts.DEFAULT_LANGUAGE
    return texts.language_of(getattr(activity, "locale", None))


def _channel_type(turn_context: TurnContext) -> str | None:
    """The channel's type (standard, private, shared) when Teams says it in channelData."""
    data = turn_context.activity.channel_data
    channel = data.get("channel") if isinstance(data, dict) else getattr(data, "channel", None)
    kind = channel.get("type") if isinstance(channel, dict) else getattr(channel, "type", None)
    return kind.lower() if isinstance(kind, str) else None


def _is_channel(turn_context: TurnContext) -> bool:
    conversation = turn_context.activity.conversation
    return bool(conversation) and conversation.conversation_type == "channel"


def _channel_id(turn_context: TurnContext) -> str:
    """The channel itself (a message in a thread carries the thread in its conversation id)."""
    return (
        teams_get_channel_id(turn_context.activity)
        or turn_context.activity.conversation.id.split(";")[0]
    )


def _search_query(command: str) -> str | None:
    """'zoek 3431 AB 12' -> '3431 AB 12'; 'zoek' alone -> '' (the search card); None when the
    text is no search."""
    if command in SEARCH_WORDS:
        return ""
    for word in SEARCH_WORDS:
        if command.startswith(word + " "):
            return command[len(word) + 1 :].strip()
    return None
