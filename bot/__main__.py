"""Command line: `python -m bot [serve|dev|...]`; `python -m bot --help` lists every command.

Maintenance and evaluation commands (migrate, verify-audit, backup, restore, rotate-keys,
new-key, retention, kb-report, evaluation) read the same settings as the service but need only
the database and the key (retention and evaluation also the routing file): no app id, no
development mode."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web

from bot.logging_setup import configure_logging, describe_exception
from bot.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from storage.database import Engine

log = logging.getLogger("bot")
DEV_MODE_BANNER = (
    "!!! DEVELOPMENT MODE: inbound authentication is OFF (no MICROSOFT_APP_ID). "
    "Anyone who can reach this port can talk to the bot. Never run like this with real data. !!!"
)


def _settings_or_exit(*, serving: bool = True) -> Settings:
    try:
        return load_settings(serving=serving)
    except SettingsError as error:
        print(f"meldroute: configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def serve(settings: Settings) -> None:
    from bot.app import build_services, create_app

    configure_logging(settings.log_level, settings.log_format)
    if not settings.authentication_enabled:
        log.warning(DEV_MODE_BANNER)

    async def application() -> web.Application:
        # Built on the server's own event loop: database connections and sessions opened
        # here must belong to the loop that later uses them.
        try:
            services = await build_services(settings)
        except Exception as error:
            print(
                f"meldroute: start-up failed: {describe_exception(error)}: {error}",
                file=sys.stderr,
            )
            raise SystemExit(1) from None
        log.info("meldroute listening port=%d environment=%s", settings.port, settings.environment)
        # What start-up loaded (libraries, knowledge base, routing, keys) lives as long as the
        # process: keep it out of the collector's full scans, which otherwise paused every
        # turn in flight for ~85 ms every few seconds under load.
        gc.collect()
        gc.freeze()
        return create_app(services)

    # SIGTERM or SIGINT drains: the listening socket closes, turns in flight finish, then the
    # outbox round under way (each within MELDROUTE_SHUTDOWN_SECONDS); the process exits 0.
    web.run_app(
        application(),
        host="0.0.0.0",
        port=settings.port,
        print=None,
        shutdown_timeout=settings.shutdown_seconds,
    )
    log.info("shutdown: complete")


# --- maintenance commands: production settings (database, key), no app id, no routing file ---


def _engine(settings: Settings) -> Engine:
    from bot.app import database_password_provider
    from storage.database import create_engine

    return create_engine(settings.database_url, database_password_provider(settings))


def _run(work: Callable[[Engine], Awaitable[int]], settings: Settings) -> int:
    """Run `work` on an engine for the configured database; a failure is one line, exit 1."""

    async def run() -> int:
        engine = _engine(settings)
        try:
            return await work(engine)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except Exception as error:
        print(f"meldroute: failed: {describe_exception(error)}: {error}", file=sys.stderr)
        return 1


def migrate_command(settings: Settings) -> int:
    from storage.database import migrate

    async def work(engine: Engine) -> int:
        await migrate(engine)
        print("meldroute: schema is current")
        return 0

    return _run(work, settings)


async def _verify_chain(engine: Engine) -> int:
    from storage.audit import verify_chain

    check = await verify_chain(engine)
    if check.intact:
        print(f"audit log intact: {check.entries} entries")
        return 0
    print(f"audit log BROKEN at entry {check.first_broken_seq} (of {check.entries} read)")
    return 1


def verify_audit_command(settings: Settings) -> int:
    """The hash chain, and the database against the newest anchor written outside it."""

    async def work(engine: Engine) -> int:
        from bot.app import default_key_provider
        from domain.clock import utc_now
        from storage import audit_anchor
        from storage.keyring import Keyring

        status = await _verify_chain(engine)
        keyring = await Keyring.load_or_create(engine, default_key_provider(settings), utc_now())
        store = audit_anchor.AnchorFile(settings.audit_anchor_path)
        anchored = await audit_anchor.check(engine, keyring["audit_anchor"], store.latest())
        if anchored.anchor is None:
            print(f"no anchor found in {settings.audit_anchor_path}: cut-off not checked")
        elif anchored.ok:
            print(f"matches the newest anchor (entry {anchored.anchor.seq}, {anchored.anchor.at})")
        else:
            print(f"audit log does NOT match its anchor: {anchored.problem}")
            status = 1
        return status

    return _run(work, settings)


def backup_command(settings: Settings, target: str) -> int:
    from storage.backup import BackupError, backup_sqlite

    try:
        result = backup_sqlite(settings.database_url, Path(target))
    except BackupError as error:
        print(f"meldroute: backup not made: {error}", file=sys.stderr)
        return 2
    print(f"backup written: {result.path} ({result.bytes} bytes, {result.pages} pages)")
    print(
        "the key-encryption key is not in it: back up "
        + (settings.key_vault_key_url or str(settings.key_file))
        + " on its own (docs/admin.md)"
    )
    return 0


def restore_command(settings: Settings, source: str) -> int:
    from storage.backup import BackupError, restore_sqlite

    if not settings.key_vault_key_url and not settings.key_file.is_file():
        # The local provider would make a new key, which cannot read the backup.
        print(
            f"meldroute: restore not made: no key file at {settings.key_file}; "
            "put the backed-up key there first (mode 600)",
            file=sys.stderr,
        )
        return 2
    try:
        result = restore_sqlite(Path(source), settings.database_url)
    except BackupError as error:
        print(f"meldroute: restore not made: {error}", file=sys.stderr)
        return 2
    print(f"restored: {result.path} ({result.bytes} bytes, {result.pages} pages)")
    checked = _run(_check_restored(settings), settings)
    if checked != 0:
        # A database the configured key cannot read (or with a broken audit chain) is not
        # left in place for the bot to start on.
        for path in (result.path, Path(f"{result.path}-wal"), Path(f"{result.path}-shm")):
            path.unlink(missing_ok=True)
        print("meldroute: restore undone: the check above failed", file=sys.stderr)
    return checked


def _check_restored(settings: Settings) -> Callable[[Engine], Awaitable[int]]:
    async def work(engine: Engine) -> int:
        from bot.app import default_key_provider
        from storage.key_rotation import readable_data_keys, versions_in_use

        readable = await readable_data_keys(engine, default_key_provider(settings))
        print(f"data keys readable with the configured key: {readable}")
        print(f"key versions in use: {await versions_in_use(engine)}")
        # The chain only: the newest anchor outside the database is likely later than the
        # backup, which `verify-audit` reports until the bot has written its next anchor.
        return await _verify_chain(engine)

    return work


def rotate_keys_command(settings: Settings) -> int:
    from bot.app import default_key_provider
    from storage.key_rotation import rotate_data_keys

    async def work(engine: Engine) -> int:
        from domain.clock import utc_now

        result = await rotate_data_keys(engine, default_key_provider(settings), utc_now())
        print(
            f"data keys re-wrapped: {result.rewrapped} (skipped, changed meanwhile: "
            f"{result.skipped}); current key: {result.current_version}"
        )
        print(f"key versions in use: {result.in_use}")
        others = {v: n for v, n in result.in_use.items() if v != result.current_version}
        if others:
            print("some data keys are still under an older key: run rotate-keys again")
            return 1
        print("no data key needs an older key any more: it can be retired (docs/admin.md)")
        return 0

    return _run(work, settings)


def new_key_command(target: str) -> int:
    from storage.keys import create_key_file

    try:
        create_key_file(Path(target))
    except FileExistsError:
        print(f"meldroute: {target} exists; choose a new file name", file=sys.stderr)
        return 2
    print(f"new key-encryption key written: {target} (mode 600)")
    return 0


def retention_command(settings: Settings) -> int:
    """The retention job once, with the service's own wiring: deleting an identity may mark
    feedback as lost and tell the coordinators, through the outbox (sent when the bot runs)."""
    from bot.app import build_services
    from bot.settings import NO_ROUTING

    if settings.routing is NO_ROUTING:
        print(
            "meldroute: configuration error: MELDROUTE_ROUTING_FILE is required for retention "
            "(lost feedback is announced to the coordinators)",
            file=sys.stderr,
        )
        return 2

    async def run() -> int:
        services = await build_services(settings)
        try:
            result = await services.housekeeping.apply_retention()
        finally:
            await services.authentication.close()
            await services.engine.dispose()
        print(
            f"retention: identities removed {result.identities_removed}, cases deleted "
            f"{result.cases_deleted}, questions deleted {result.questions_deleted}, "
            f"conversations deleted {result.conversations_deleted}, "
            f"messages deleted {result.messages_deleted}"
        )
        return 0

    try:
        return asyncio.run(run())
    except Exception as error:
        print(f"meldroute: failed: {describe_exception(error)}: {error}", file=sys.stderr)
        return 1


def package_command(output: str) -> int:
    import os
    from importlib.metadata import version
    from pathlib import Path

    from bot.settings import PROJECT_ROOT, read_dotenv
    from tools.app_package import PackageError, build_package

    env = {**read_dotenv(PROJECT_ROOT / ".env"), **os.environ}
    values = {
        "APP_ID": env.get("MICROSOFT_APP_ID", "").strip(),
        "HOSTNAME": env.get("MELDROUTE_PUBLIC_HOSTNAME", "").strip().lower(),
        "ORGANISATION": env.get("MELDROUTE_ORGANISATION", "Gemeente").strip() or "Gemeente",
        "VERSION": env.get("MELDROUTE_APP_VERSION", "").strip() or version("meldroute"),
    }
    try:
        path = build_package(values, Path(output))
    except PackageError as error:
        print(f"meldroute: app package not built: {error}", file=sys.stderr)
        return 2
    print(f"app package written: {path}")
    return 0


def kb_eval_command(show_misses: bool, show_calibration: bool) -> None:
    import os
    from pathlib import Path

    from bot.settings import DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT
    from tools.kb_eval import run

    knowledge = Path(os.environ.get("MELDROUTE_KNOWLEDGE_DIR") or DEFAULT_KNOWLEDGE_DIR)
    lines = run(
        knowledge,
        PROJECT_ROOT / "knowledge" / "eval",
        show_misses=show_misses,
        show_calibration=show_calibration,
    )
    print("\n".join(lines))


def kb_report_command(settings: Settings) -> int:
    from bot.app import database_password_provider
    from storage.database import create_engine, schema_is_current
    from tools.kb_report import kb_report

    async def run() -> str | None:
        engine = create_engine(settings.database_url, database_password_provider(settings))
        try:
            if not await schema_is_current(engine):
                return None
            return await kb_report(engine, settings.knowledge)
        finally:
            await engine.dispose()

    report = asyncio.run(run())
    if report is None:
        print("meldroute: the schema is not current; run `python -m bot migrate`", file=sys.stderr)
        return 1
    print(report)
    return 0


def evaluation_command(settings: Settings, args: argparse.Namespace) -> int:
    """Write the evaluation of a year or a period of whole months as one HTML file."""
    from datetime import UTC, datetime
    from pathlib import Path

    from bot.app import database_password_provider, deadlines_of
    from domain.statistics import Period, PeriodError
    from storage.database import create_engine, migrate
    from tools.evaluation_report import Labels, write_report

    try:
        if args.year is not None:
            period = Period.year(args.year)
        elif args.first and args.last:
            period = Period.between(args.first, args.last)
        else:
            raise PeriodError("give --year YYYY, or --from YYYY-MM and --to YYYY-MM")
    except PeriodError as error:
        print(f"meldroute: {error}", file=sys.stderr)
        return 2
    from bot.settings import NO_ROUTING

    if settings.routing is NO_ROUTING:
        print(
            "meldroute: configuration error: MELDROUTE_ROUTING_FILE is required for the "
            "evaluation (department names)",
            file=sys.stderr,
        )
        return 2
    name = period.first[:4] if period.is_calendar_year else f"{period.first}_{period.last}"
    output = Path(args.output or f"var/evaluatie-{name}.html")

    async def run() -> tuple[bool, int]:
        # Entra tokens only for the configured database, not for a --database given by hand.
        engine = create_engine(
            args.database or settings.database_url,
            None if args.database else database_password_provider(settings),
        )
        try:
            await migrate(engine)
            evaluation = await write_report(
                engine,
                period,
                output,
                labels=Labels(settings.routing, settings.knowledge),
                threshold=settings.statistics_threshold,
                deadlines=deadlines_of(settings),
                generated_at=datetime.now(UTC),
            )
        finally:
            await engine.dispose()
        return evaluation.has_data, evaluation.signals_by_month_form.total.value

    try:
        has_data, signals = asyncio.run(run())
    except Exception as error:
        print(f"meldroute: evaluation not written: {describe_exception(error)}", file=sys.stderr)
        return 1
    print(
        f"evaluation written: {output} ({signals} signals)"
        if has_data
        else f"evaluation written: {output} (nothing was recorded in this period)"
    )
    return 0


def demo_data_command(settings: Settings, args: argparse.Namespace) -> int:
    """Fill a database with a made-up year, to try the evaluation locally."""
    from datetime import UTC, datetime

    from storage.database import create_engine, migrate
    from storage.keyring import Keyring
    from storage.keys import KeyProviderError, LocalKeyFileProvider
    from tools.demo_data import load_plan, plan_year

    url = args.database or settings.database_url
    if settings.environment in ("production", "acceptance") and not args.database:
        print(
            "meldroute: demo data is not written to the configured database outside "
            "development and test; pass --database for a database of its own",
            file=sys.stderr,
        )
        return 2
    plan = plan_year(
        args.year,
        settings.routing,
        [entry.id for entry in settings.knowledge.entries],
        signals=args.signals,
        questions=args.questions,
        seed=args.seed,
    )

    async def run() -> None:
        engine = create_engine(url)
        try:
            await migrate(engine)
            keyring = await Keyring.load_or_create(
                engine, LocalKeyFileProvider(settings.key_file), datetime.now(UTC)
            )
            await load_plan(plan, engine, keyring)
        finally:
            await engine.dispose()

    try:
        asyncio.run(run())
    except KeyProviderError:
        print(
            "meldroute: demo data not written: the database's keys were made with another "
            "key file (MELDROUTE_KEY_FILE); use the same key file or a new database",
            file=sys.stderr,
        )
        return 1
    except Exception as error:
        print(f"meldroute: demo data not written: {describe_exception(error)}", file=sys.stderr)
        return 1
    print(
        f"demo data written: {len(plan.cases)} signals, {len(plan.questions)} questions in {args.year}"
    )
    return 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Meldroute Teams bot")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("serve", help="run the bot (default)")
    sub.add_parser("migrate", help="bring the database schema up to date")
    sub.add_parser("verify-audit", help="check the audit log's hash chain")
    backup = sub.add_parser("backup", help="SQLite: copy the live database to a new file")
    backup.add_argument("path")
    restore = sub.add_parser("restore", help="SQLite: put a backup in place and check it")
    restore.add_argument("path")
    sub.add_parser("rotate-keys", help="re-wrap every data key under the current key")
    new_key = sub.add_parser("new-key", help="write a new local key-encryption key file")
    new_key.add_argument("path")
    sub.add_parser("retention", help="delete what is past its retention period, now")
    evaluation = sub.add_parser("evaluation", help="write the yearly evaluation (HTML)")
    evaluation.add_argument("--year", type=int)
    evaluation.add_argument("--from", dest="first", help="first month, YYYY-MM")
    evaluation.add_argument("--to", dest="last", help="last month, YYYY-MM")
    evaluation.add_argument("--output", help="the HTML file (default var/evaluatie-<period>.html)")
    evaluation.add_argument("--database", help="a database URL instead of DATABASE_URL")
    demo = sub.add_parser(
        "demo-data", help="fill a database with a made-up year (to try the evaluation)"
    )
    demo.add_argument("--year", type=int, required=True)
    demo.add_argument("--signals", type=int, default=300)
    demo.add_argument("--questions", type=int, default=150)
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--database", help="a database URL instead of DATABASE_URL")
    dev = sub.add_parser("dev", help="run the bot and the Agents Playground together")
    dev.add_argument("--as", dest="role", default="reporter")
    kb_eval = sub.add_parser(
        "kb-eval", help="measure the knowledge-base matcher on the evaluation set"
    )
    kb_eval.add_argument(
        "--misses", action="store_true", help="list the tuning part's misses (never held-out)"
    )
    kb_eval.add_argument(
        "--calibrate", action="store_true", help="print the thresholds that fit the tuning part"
    )
    sub.add_parser(
        "kb-report", help="per knowledge-base entry: shown, helpful, wanted a person (counts)"
    )
    package = sub.add_parser("package", help="build and validate the Teams app package")
    package.add_argument("--output", default="appPackage.zip")
    sub.add_parser("icons", help="draw the app icons into manifest/")
    privacy = sub.add_parser(
        "privacy-tables", help="the access, step and retention tables of docs/privacy.md"
    )
    privacy.add_argument("--write", action="store_true", help="update docs/privacy.md in place")
    config = sub.add_parser("playground-config", help="print the Playground's demo tenant")
    config.add_argument("--as", dest="role", default="reporter")
    args = parser.parse_args(argv)

    if args.command == "playground-config":
        from tools.demo_users import playground_config

        sys.stdout.write(playground_config(args.role))
        return
    if args.command == "dev":
        from tools.dev_runner import run_dev

        raise SystemExit(run_dev(args.role))
    if args.command == "kb-eval":
        kb_eval_command(args.misses, args.calibrate)
        return
    if args.command == "package":
        raise SystemExit(package_command(args.output))
    if args.command == "privacy-tables":
        from tools import privacy_tables

        if args.write:
            changed = privacy_tables.write()
            print("docs/privacy.md, docs/admin.md " + ("updated" if changed else "already current"))
        else:
            for name, table in privacy_tables.TABLES.items():
                print(f"## {name}\n\n{table()}\n")
        return
    if args.command == "icons":
        from tools.app_package import MANIFEST_DIR
        from tools.icons import draw_icons

        draw_icons(MANIFEST_DIR)
        return
    if args.command == "new-key":
        raise SystemExit(new_key_command(args.path))
    maintenance: dict[str, Callable[[Settings], int]] = {
        "migrate": migrate_command,
        "verify-audit": verify_audit_command,
        "backup": lambda settings: backup_command(settings, args.path),
        "restore": lambda settings: restore_command(settings, args.path),
        "rotate-keys": rotate_keys_command,
        "retention": retention_command,
        "kb-report": kb_report_command,
        "evaluation": lambda settings: evaluation_command(settings, args),
    }
    if args.command in maintenance:
        settings = _settings_or_exit(serving=False)
        configure_logging("WARNING", settings.log_format)
        raise SystemExit(maintenance[args.command](settings))
    settings = _settings_or_exit()
    if args.command == "demo-data":
        raise SystemExit(demo_data_command(settings, args))
    serve(settings)


if __name__ == "__main__":
    main()
