"""The aiohttp application: /api/messages, /healthz, /readyz, and the services behind them."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import timedelta
from typing import Any

from aiohttp import web
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ActivityTypes

from bot.auth import CachingBotFrameworkAuthentication, create_authentication
from bot.case_actions import CaseActions
from bot.graph_install import GraphInstaller
from bot.handler import BotDeps, MeldrouteBot, turn_language
from bot.identity import sender_identity
from bot.logging_setup import describe_exception
from bot.metrics import Metrics, metrics_app
from bot.outbox_sender import OutboxSender
from bot.pages import page_routes
from bot.question_actions import QuestionActions
from bot.settings import Settings
from bot.state_storage import DatabaseStorage, LeanConversationState
from bot.wire import from_wire
from cards.report_cards import registered_receipt_card
from dialogs.question_dialog import QuestionDialog
from dialogs.report_dialog import ReportDeps, ReportDialog
from domain import report
from domain.clock import Clock, utc_now
from domain.evaluation import Deadlines
from domain.routing import ChannelConfig, LiveRouting
from domain.validation import has_invisible_characters
from services.case_service import CaseService, Submitted
from services.delivery import DeliveryPlanner
from services.housekeeping import Housekeeping, Periods
from services.question_service import QuestionService, knowledge_with_routing
from services.routing_watch import RoutingWatch
from services.statistics import StatisticsService
from storage.audit_anchor import AnchorFile
from storage.cases import CaseRepository
from storage.database import (
    Engine,
    checkpoint_wal,
    create_engine,
    migrate,
    schema_is_current,
)
from storage.directory import Directory
from storage.kb_usage import KbUsageRepository
from storage.keyring import Keyring
from storage.keys import KeyProvider, LocalKeyFileProvider
from storage.outbox import Outbox
from storage.questions import QuestionRepository
from storage.signals import ReporterIdentity, SignalRepository
from storage.state_store import StateConflict, StateStore
from storage.statistics import StatisticsRepository
from texts import language, t

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 256 * 1024
PURGE_INTERVAL_SECONDS = 600
DEADLINE_INTERVAL_SECONDS = 60
RETENTION_INTERVAL_SECONDS = 6 * 3600
ROUTING_CHECK_SECONDS = 5
CHECKPOINT_INTERVAL_SECONDS = 2  # SQLite: how often the write-ahead log is copied into the database
# Proactive sends need a bot app id even when inbound authentication is off (development).
DEVELOPMENT_APP_ID = "meldroute-development"


@dataclass
class Services:
    settings: Settings
    clock: Clock
    engine: Engine
    keyring: Keyring
    state_store: StateStore
    signals: SignalRepository
    outbox: Outbox
    directory: Directory
    cases: CaseService
    questions: QuestionService
    worker: OutboxSender
    housekeeping: Housekeeping
    routing_watch: RoutingWatch
    authentication: CachingBotFrameworkAuthentication
    adapter: CloudAdapter
    bot: MeldrouteBot
    metrics: Metrics = field(default_factory=Metrics)


async def build_services(
    settings: Settings,
    *,
    clock: Clock = utc_now,
    key_provider: KeyProvider | None = None,
    graph_credential: Any = None,
) -> Services:
    """`graph_credential`: the identity for Graph app installs (default: azure-identity's)."""
    engine = create_engine(settings.database_url, database_password_provider(settings))
    await migrate(engine)
    keyring = await Keyring.load_or_create(
        engine, key_provider or default_key_provider(settings), clock()
    )
    state_store = StateStore(engine, keyring)
    outbox = Outbox(engine, keyring)
    await outbox.start(clock())
    directory = Directory(engine, keyring)
    if settings.routing.channel:
        await directory.link_channel(
            configured_channel_reference(
                settings.routing.channel, settings.app_id or DEVELOPMENT_APP_ID
            ),
            "configuration",
            clock(),
        )
    signals = SignalRepository(engine, keyring, outbox)
    # One routing object for everything: the routing watch swaps its content when the file
    # changes, so roles and recipients follow without a restart.
    routing = LiveRouting(settings.routing)
    cases = CaseService(
        CaseRepository(engine, keyring, outbox),
        signals,
        keyring,
        routing,
        clock,
        partner_feedback_days=settings.partner_feedback_days,
    )
    question_repository = QuestionRepository(engine, keyring, outbox)
    statistics = StatisticsRepository(engine)
    knowledge = knowledge_with_routing(settings.knowledge, routing)
    questions = QuestionService(
        question_repository,
        knowledge,
        keyring,
        routing,
        clock,
        KbUsageRepository(engine),
        statistics,
        model_cache=settings.model_cache_dir,
    )
    conversation_state = LeanConversationState(DatabaseStorage(state_store, clock))
    report_deps = ReportDeps(
        clock=clock,
        departments=lambda: routing.department_choices,
        draft_ttl=timedelta(hours=settings.draft_ttl_hours),
        identify=sender_identity,
        submit=cases.submit,
        preview_route=cases.preview_route,
        without_taakaccenthouder=lambda: frozenset(
            d.id for d in routing.departments if not d.taakaccenthouders
        ),
    )
    report_dialog = ReportDialog(report_deps)

    async def register(draft: report.Draft, registrar: ReporterIdentity) -> Submitted:
        return await cases.register(draft, registrar.aad_object_id)

    intake_dialog = ReportDialog(
        replace(
            report_deps,
            submit=register,
            flow=report.INTAKE_FLOW,
            dialog_id=ReportDialog.INTAKE_ID,
            receipt=lambda submitted, _draft: registered_receipt_card(submitted.case_number),
        )
    )
    authentication = create_authentication(settings)
    adapter = CloudAdapter(authentication)
    metrics = Metrics()

    async def on_turn_error(context: TurnContext, error: Exception) -> None:
        metrics.turn_failed(context.activity.type)
        await _on_turn_error(context, error)

    adapter.on_turn_error = on_turn_error
    planner = DeliveryPlanner(
        outbox=outbox,
        directory=directory,
        cases=cases.cases,
        signals=signals,
        questions=question_repository,
        routing=routing,
        knowledge=knowledge,
        keyring=keyring,
        clock=clock,
        create_chats=settings.create_chats,
        tenant_id=settings.app_tenant_id,
        service_url=settings.teams_service_url,
    )
    worker = OutboxSender(
        outbox=outbox,
        planner=planner,
        adapter=adapter,
        bot_app_id=settings.app_id or DEVELOPMENT_APP_ID,
        clock=clock,
        installer=graph_installer(settings, graph_credential),
    )
    routing_watch = RoutingWatch(
        path=settings.routing_file,
        routing=routing,
        cases=cases,
        questions=questions,
        outbox=outbox,
        keyring=keyring,
        clock=clock,
    )
    housekeeping = Housekeeping(
        engine=engine,
        outbox=outbox,
        planner=planner,
        state_store=state_store,
        cases=cases,
        questions=questions,
        periods=periods_of(settings),
        clock=clock,
        anchor_key=keyring["audit_anchor"],
        anchor_file=AnchorFile(settings.audit_anchor_path),
    )
    outbox.on_committed(worker.wake)
    bot = MeldrouteBot(
        BotDeps(
            conversation_state=conversation_state,
            report_dialog=report_dialog,
            intake_dialog=intake_dialog,
            question_dialog=QuestionDialog(
                questions, lambda: routing.department_choices, sender_identity
            ),
            knowledge=knowledge,
            cases=cases,
            questions=questions,
            case_actions=CaseActions(cases),
            question_actions=QuestionActions(questions),
            directory=directory,
            outbox=outbox,
            delivery=planner,
            clock=clock,
            person_digest=keyring.person_digest,
            statistics=StatisticsService(
                statistics,
                routing,
                clock,
                threshold=settings.statistics_threshold,
                deadlines=deadlines_of(settings),
            ),
        )
    )
    return Services(
        settings,
        clock,
        engine,
        keyring,
        state_store,
        signals,
        outbox,
        directory,
        cases,
        questions,
        worker,
        housekeeping,
        routing_watch,
        authentication,
        adapter,
        bot,
        metrics,
    )


def graph_installer(settings: Settings, credential: Any = None) -> GraphInstaller | None:
    """Installing the app for a person through Graph: only when configured (off by default)."""
    if not settings.graph_install_app_id:
        return None
    if credential is None:
        from bot.credentials import azure_credential

        kind = "managed_identity" if settings.credential == "secret" else settings.credential
        credential = azure_credential(
            kind, settings.app_id, settings.app_tenant_id, settings.certificate_path
        )
    return GraphInstaller(settings.graph_install_app_id, credential)


def periods_of(settings: Settings) -> Periods:
    return Periods(
        draft_ttl=timedelta(hours=settings.draft_ttl_hours),
        forward_timeout=timedelta(hours=settings.forward_timeout_hours),
        claim_reminder=timedelta(hours=settings.claim_reminder_hours),
        feedback_reminder=timedelta(days=settings.feedback_reminder_days),
        question_reminder=timedelta(hours=settings.question_reminder_hours),
        question_escalation=timedelta(hours=settings.question_escalation_hours),
        identity_retention=timedelta(days=settings.retention_identity_days),
        closed_retention=timedelta(days=settings.retention_closed_days),
        question_retention=timedelta(days=settings.retention_question_days),
        identity_max_retention=timedelta(days=settings.retention_identity_max_days),
        feedback_waiting_reminder=timedelta(days=settings.feedback_waiting_reminder_days),
        unreachable_after=timedelta(days=settings.unreachable_after_days),
        closed_retention_by_reason={
            reason: timedelta(days=days)
            for reason, days in settings.retention_closed_days_by_reason.items()
        },
        unanswered_question_retention=timedelta(days=settings.retention_unanswered_question_days),
        conversation_retention=timedelta(days=settings.retention_conversation_days),
        message_retention=timedelta(days=settings.retention_message_days),
        stale_case=timedelta(days=settings.stale_case_days),
        partner_reminder_again=timedelta(days=settings.partner_reminder_days),
        reporter_question_reminder=timedelta(days=settings.reporter_question_reminder_days),
    )


def deadlines_of(settings: Settings) -> Deadlines:
    """The deadlines the evaluation holds the route's lead times against."""
    return Deadlines(
        forward_hours=settings.forward_timeout_hours,
        claim_hours=settings.claim_reminder_hours,
        feedback_days=settings.feedback_reminder_days,
    )


POSTGRES_ENTRA_SCOPE = "https://ossrdbms-aad.database.windows.net/.default"


def database_password_provider(settings: Settings) -> Callable[[], str] | None:
    """For PostgreSQL with Entra authentication: an access token as the password."""
    if settings.database_auth != "entra":
        return None
    from bot.credentials import azure_credential

    kind = "managed_identity" if settings.credential == "secret" else settings.credential
    credential = azure_credential(
        kind, settings.app_id, settings.app_tenant_id, settings.certificate_path
    )
    return lambda: credential.get_token(POSTGRES_ENTRA_SCOPE).token


def default_key_provider(settings: Settings) -> KeyProvider:
    """Azure Key Vault when configured (production), else the local key file (embedded default)."""
    if settings.key_vault_key_url:
        from bot.credentials import azure_credential
        from storage.key_vault import KeyVaultKeyProvider

        kind = "managed_identity" if settings.credential == "secret" else settings.credential
        credential = azure_credential(
            kind, settings.app_id, settings.app_tenant_id, settings.certificate_path
        )
        return KeyVaultKeyProvider(settings.key_vault_key_url, credential)
    return LocalKeyFileProvider(settings.key_file, settings.previous_key_files)


def configured_channel_reference(channel: ChannelConfig, bot_id: str) -> dict[str, Any]:
    return {
        "channelId": "msteams",
        "serviceUrl": channel.service_url,
        "bot": {"id": bot_id},
        "conversation": {"id": channel.id, "isGroup": True, "conversationType": "channel"},
    }


async def _on_turn_error(context: TurnContext, error: Exception) -> None:
    log.error("turn failed: %s activity=%s", describe_exception(error), context.activity.type)
    if context.activity.type == ActivityTypes.message:
        with contextlib.suppress(Exception), language(turn_language(context.activity)):
            await context.send_activity(
                t.TECHNICAL_ERROR if not isinstance(error, StateConflict) else t.BUSY
            )


def _bad_request(reason: str, status: int = 400) -> web.Response:
    return web.json_response({"error": reason}, status=status)


MAX_ID_LENGTH = 512  # Teams ids are far shorter; longer ones would end up in reply URLs
MAX_URL_LENGTH = 1024


def _id_problem(value: object, name: str, *, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value):
        return f"{name} is required"
    if len(value) > MAX_ID_LENGTH or has_invisible_characters(value):
        return f"{name} is not a valid id"
    return None


def _activity_problem(body: Any) -> str | None:
    """Why a JSON body is not an activity we can handle, or None."""
    if not isinstance(body, dict):
        return "body must be a JSON object"
    if not isinstance(body.get("type"), str) or not body["type"] or len(body["type"]) > 64:
        return "activity type is required"
    service_url = body.get("serviceUrl")
    if (
        not isinstance(service_url, str)
        or not service_url.startswith(("https://", "http://"))
        or len(service_url) > MAX_URL_LENGTH
        or has_invisible_characters(service_url)
    ):
        return "serviceUrl is required"
    conversation = body.get("conversation")
    sender = body.get("from")
    return (
        _id_problem(body.get("channelId"), "channelId")
        or (None if isinstance(conversation, dict) else "conversation.id is required")
        or _id_problem((conversation or {}).get("id"), "conversation.id")
        or (None if isinstance(sender, dict) else "from.id is required")
        or _id_problem((sender or {}).get("id"), "from.id")
        or _id_problem(body.get("id"), "id", required=False)
        or _id_problem(body.get("replyToId"), "replyToId", required=False)
        or _id_problem(
            (body.get("recipient") or {}).get("id")
            if isinstance(body.get("recipient"), dict)
            else None,
            "recipient.id",
            required=False,
        )
    )


def create_app(services: Services, *, background_jobs: bool = True) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    lifecycle = Lifecycle()
    metrics = services.metrics

    async def messages(request: web.Request) -> web.Response:
        if lifecycle.stopping:
            # Draining after SIGTERM: another instance (or this one restarted) takes it.
            return web.json_response(
                {"error": "shutting down"}, status=503, headers={"Retry-After": "5"}
            )
        if request.content_type != "application/json":
            return _bad_request("content type must be application/json", 415)
        try:
            body = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError, RecursionError):
            # RecursionError: JSON nested deeper than the parser goes (no client sends that).
            return _bad_request("body is not valid JSON")
        problem = _activity_problem(body)
        if problem:
            return _bad_request(problem)
        try:
            activity = from_wire(Activity, body)
        except Exception:
            return _bad_request("body is not a valid activity")
        if services.settings.dev_locale:
            activity.locale = services.settings.dev_locale  # development only (see Settings)
        auth_header = request.headers.get("Authorization", "")
        started = time.perf_counter()
        try:
            invoke_response = await services.adapter.process_activity(
                auth_header, activity, services.bot.on_turn
            )
        except PermissionError:
            metrics.turn(activity.type, "unauthorized", time.perf_counter() - started)
            return _bad_request("unauthorized", 401)
        except Exception:
            metrics.turn(activity.type, "error", time.perf_counter() - started)
            raise
        metrics.turn(activity.type, "ok", time.perf_counter() - started)
        if invoke_response:
            return web.json_response(data=invoke_response.body, status=invoke_response.status)
        return web.Response(status=201)

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def readyz(_request: web.Request) -> web.Response:
        if lifecycle.stopping:
            return web.json_response({"status": "shutting down"}, status=503)
        try:
            current = await schema_is_current(services.engine)
        except Exception as error:
            log.warning("readiness check failed: %s", describe_exception(error))
            return web.json_response({"status": "database unreachable"}, status=503)
        if not current:
            return web.json_response({"status": "schema not current"}, status=503)
        stats = await services.outbox.stats(services.clock())
        return web.json_response({"status": "ready", "outbox": asdict(stats)})

    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_routes(page_routes(services.settings))
    app.middlewares.append(_no_tracebacks)

    async def stop_taking_turns(_app: web.Application) -> None:
        # aiohttp has closed the listening socket; turns in flight run on to their end
        # (bounded by the shutdown timeout), then the background jobs stop.
        lifecycle.stopping = True
        metrics.draining.set(1)
        log.info("shutdown: no new turns, finishing the turns in flight")

    app.on_shutdown.append(stop_taking_turns)
    if background_jobs:
        app.cleanup_ctx.append(_background_jobs(services))
    if services.settings.metrics_port:
        app.cleanup_ctx.append(_metrics_listener(services))

    async def close_connectors(_app: web.Application) -> None:
        await services.authentication.close()

    app.on_cleanup.append(close_connectors)
    return app


@dataclass
class Lifecycle:
    stopping: bool = False


@web.middleware
async def _no_tracebacks(request: web.Request, handler: Any) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception as error:
        log.error("request failed: %s", describe_exception(error))
        return web.json_response({"error": "internal error"}, status=500)


async def _every(seconds: float, job: Any, name: str, stop: asyncio.Event) -> None:
    """Run `job` now and every `seconds` until `stop`; a run under way is finished first."""
    while not stop.is_set():
        try:
            await job()
        except Exception as error:
            log.warning("%s failed: %s", name, describe_exception(error))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)


async def _watch_routing(watch: RoutingWatch, stop: asyncio.Event) -> None:
    """Re-read the routing file when it changes (checked every few seconds), and at once on
    SIGHUP (`kill -HUP <pid>`, or a container restart policy's reload); until `stop`, a check
    under way being finished first."""
    now = asyncio.Event()
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, now.set)
    while not stop.is_set():
        await _first_of(now, stop, ROUTING_CHECK_SECONDS)
        if stop.is_set():
            return
        forced, _ = now.is_set(), now.clear()
        try:
            await watch.check(force=forced)
        except Exception as error:
            log.warning("routing watch failed: %s", describe_exception(error))


async def _first_of(first: asyncio.Event, second: asyncio.Event, timeout: float) -> None:
    """Wait until either event is set, or `timeout` seconds."""
    waits = [asyncio.ensure_future(first.wait()), asyncio.ensure_future(second.wait())]
    try:
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()


def _background_jobs(services: Services) -> Any:
    jobs = services.housekeeping
    metrics = services.metrics

    async def retention() -> None:
        try:
            result = await jobs.apply_retention()
        except Exception:
            metrics.retention_runs.labels("failed").inc()
            raise
        metrics.retention(result.identities_removed, result.cases_deleted, result.questions_deleted)

    async def deadlines() -> None:
        metrics.deadlines(*await jobs.watch_deadlines())

    async def context(_app: web.Application) -> Any:
        stop = asyncio.Event()
        tasks = [
            asyncio.create_task(_every(RETENTION_INTERVAL_SECONDS, retention, "retention", stop)),
            asyncio.create_task(
                _every(PURGE_INTERVAL_SECONDS, jobs.purge_abandoned_drafts, "draft purge", stop)
            ),
            asyncio.create_task(
                _every(DEADLINE_INTERVAL_SECONDS, deadlines, "deadline watch", stop)
            ),
            asyncio.create_task(services.worker.run_forever(stop=stop)),
            asyncio.create_task(
                _every(
                    services.settings.audit_anchor_minutes * 60,
                    jobs.anchor_audit,
                    "audit anchor",
                    stop,
                )
            ),
            asyncio.create_task(_watch_routing(services.routing_watch, stop)),
            asyncio.create_task(
                _every(
                    CHECKPOINT_INTERVAL_SECONDS,
                    lambda: checkpoint_wal(services.engine),
                    "checkpoint",
                    stop,
                )
            ),
        ]
        yield
        # Turns in flight have finished (aiohttp waited for them); let each job finish the
        # run under way, within the shutdown bound, then cancel what is still running.
        stop.set()
        services.worker.wake()  # out of its idle wait; a round under way finishes first
        _done, late = await asyncio.wait(tasks, timeout=services.settings.shutdown_seconds)
        for task in late:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if late:
            log.warning("shutdown: %d background jobs cancelled after the bound", len(late))
        else:
            log.info("shutdown: background jobs and the outbox round under way finished")
        await checkpoint_wal(services.engine)
        await services.engine.dispose()

    return context


def _metrics_listener(services: Services) -> Any:
    """GET /metrics on MELDROUTE_METRICS_PORT, apart from the public port."""

    async def context(_app: web.Application) -> Any:
        runner = web.AppRunner(
            metrics_app(services.metrics, services.engine, services.clock), access_log=None
        )
        await runner.setup()
        site = web.TCPSite(runner, "0.0.0.0", services.settings.metrics_port)
        await site.start()
        log.info("metrics listening port=%d", services.settings.metrics_port)
        yield
        await runner.cleanup()

    return context
