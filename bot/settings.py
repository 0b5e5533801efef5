"""Settings from the environment (and an optional .env file), typed and validated at start-up.

A wrong or missing value raises `SettingsError` with one line naming the setting; the entry
point prints that line and exits, never a traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.channel_tokens import CHANNEL_OPENID_METADATA_URL
from domain.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from domain.retention_policy import CLOSED_DAYS_BY_REASON, STALE_CASE_DAYS
from domain.retention_policy import rule as retention_rule
from domain.routing import Routing, RoutingConfigError, load_routing
from storage.database import DatabaseConfigError, dialect_of, sslmode_of

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'meldroute.db'}"
DEFAULT_KEY_FILE = PROJECT_ROOT / "var" / "kek.key"
DEFAULT_AUDIT_ANCHOR_FILE = PROJECT_ROOT / "var" / "audit-anchors.jsonl"
DEMO_ROUTING_FILE = PROJECT_ROOT / "config" / "demo-routing.toml"
DEFAULT_KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge" / "nl"
DEFAULT_MODEL_CACHE_DIR = PROJECT_ROOT / "var" / "cache"
ENVIRONMENTS = ("development", "test", "acceptance", "production")
APP_TYPES = ("MultiTenant", "SingleTenant", "UserAssignedMSI")
LOG_FORMATS = ("text", "json")
# Maintenance commands that never route anything run without a routing file.
NO_ROUTING = Routing(departments=(), coordinators=(), partners=())


class SettingsError(ValueError):
    """One line naming the setting that is wrong and what is expected."""


@dataclass(frozen=True)
class Settings:
    environment: str
    app_id: str
    app_password: str
    app_tenant_id: str
    app_type: str
    credential: str  # secret, managed_identity, certificate or workload_identity
    certificate_path: str
    key_vault_key_url: str
    database_url: str
    database_auth: str  # password (in DATABASE_URL) or entra (an azure-identity token)
    port: int
    key_file: Path
    routing: Routing
    routing_file: Path
    knowledge: KnowledgeBase
    draft_ttl_hours: int
    forward_timeout_hours: int
    claim_reminder_hours: int
    feedback_reminder_days: int
    question_reminder_hours: int
    question_escalation_hours: int
    retention_identity_days: int
    retention_closed_days: int
    retention_question_days: int
    retention_identity_max_days: int
    retention_closed_days_by_reason: dict[str, int]
    retention_unanswered_question_days: int
    retention_conversation_days: int
    retention_message_days: int
    stale_case_days: int
    reporter_question_reminder_days: int
    feedback_waiting_reminder_days: int
    unreachable_after_days: int
    partner_feedback_days: int
    partner_reminder_days: int
    log_level: str
    openid_metadata_url: str = CHANNEL_OPENID_METADATA_URL
    audit_anchor_path: Path = DEFAULT_AUDIT_ANCHOR_FILE
    create_chats: bool = True
    teams_service_url: str = ""
    graph_install_app_id: str = ""
    audit_anchor_minutes: int = 10
    statistics_threshold: int = 5
    log_format: str = "text"  # text, or json: one JSON object per line for log shipping
    # Old key-encryption key files that may still unwrap data keys while a rotation runs.
    previous_key_files: tuple[Path, ...] = ()
    # Port of the Prometheus /metrics listener, apart from the bot's public port; 0 = off.
    metrics_port: int = 0
    # On SIGTERM: how long turns in flight and the outbox round under way may take.
    shutdown_seconds: int = 20
    # Development only: the locale assumed for every activity instead of the client's. The
    # Agents Playground sends "en-US" on every activity and has no setting for it, so `make
    # run` would otherwise always be English; the development runner sets nl-NL by default.
    dev_locale: str = ""
    # Where the knowledge-base model learned at start-up is kept, so that the next start with
    # the same knowledge reads it instead of training again (domain/kb_learned.py).
    model_cache_dir: Path = DEFAULT_MODEL_CACHE_DIR

    @property
    def authentication_enabled(self) -> bool:
        return bool(self.app_id)

    @property
    def development(self) -> bool:
        return self.environment == "development"


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; '#' comments and blank lines skipped; quotes around values removed."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if "=" not in stripped:
            raise SettingsError(f"{path}:{number}: expected KEY=VALUE")
        key, value = stripped.split("=", 1)
        values[key.strip().removeprefix("export ").strip()] = value.strip().strip("'\"")
    return values


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got '{raw}'") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
    return value


# Closed cases are kept per close reason (a signal that led nowhere is kept shorter than one
# that was handed over); reasons not named here keep MELDROUTE_RETENTION_CLOSED_DAYS.
CLOSE_REASON_KEYS = ("handed_over_done", "no_grounds", "other_problem", "duplicate")


def _days_by_reason(env: Mapping[str, str]) -> dict[str, int]:
    """MELDROUTE_RETENTION_CLOSED_DAYS_BY_REASON, e.g. "no_grounds=180,duplicate=90"."""
    name = "MELDROUTE_RETENTION_CLOSED_DAYS_BY_REASON"
    raw = env.get(name, "").strip()
    if not raw:
        return dict(CLOSED_DAYS_BY_REASON)
    result: dict[str, int] = {}
    for part in raw.split(","):
        reason, _, days = part.strip().partition("=")
        if reason not in CLOSE_REASON_KEYS or not days.strip().isdigit():
            raise SettingsError(
                f"{name} must be reason=days pairs separated by commas, reasons from "
                f"{', '.join(CLOSE_REASON_KEYS)}; got '{part.strip()}'"
            )
        if not 1 <= int(days) <= 3650 * 3:
            raise SettingsError(f"{name}: {reason} must be between 1 and 10950 days")
        result[reason] = int(days)
    return result


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in ("true", "false", "1", "0", "yes", "no"):
        raise SettingsError(f"{name} must be true or false, got '{raw}'")
    return raw in ("true", "1", "yes")


def _service_url(env: Mapping[str, str]) -> str:
    """The Bot Connector URL for chats the bot opens itself (default: the channel's)."""
    raw = env.get("MELDROUTE_TEAMS_SERVICE_URL", "").strip()
    if raw and not raw.startswith(("https://", "http://localhost", "http://127.0.0.1")):
        raise SettingsError("MELDROUTE_TEAMS_SERVICE_URL must be an https URL")
    return raw


def _rule(env: Mapping[str, str], setting: str) -> int:
    """A retention setting, with the default and bounds of domain/retention_policy.py."""
    found = retention_rule(setting)
    return _int(env, setting, found.default, found.low, found.high)


CREDENTIALS = ("secret", "managed_identity", "certificate", "workload_identity")
_KEY_VAULT_KEY = re.compile(
    r"^https://[a-z0-9-]+\.vault\.(azure\.net|usgovcloudapi\.net|azure\.cn)/keys/[A-Za-z0-9-]+(/[0-9a-f]{32})?$"
)


def _credential_kind(env: Mapping[str, str], app_type: str) -> str:
    """How the bot proves itself to the Bot Connector; a managed identity needs no secret."""
    default = "managed_identity" if app_type == "UserAssignedMSI" else "secret"
    kind = env.get("MELDROUTE_CREDENTIAL", "").strip() or default
    if kind not in CREDENTIALS:
        raise SettingsError(
            f"MELDROUTE_CREDENTIAL must be one of {', '.join(CREDENTIALS)}, got '{kind}'"
        )
    if app_type == "UserAssignedMSI" and kind != "managed_identity":
        raise SettingsError(
            "MICROSOFT_APP_TYPE UserAssignedMSI goes with MELDROUTE_CREDENTIAL managed_identity"
        )
    return kind


def _check_database_tls(env: Mapping[str, str], database_url: str, database_auth: str) -> None:
    """A database reached over the network with a token must prove who it is: `ssl=require`
    encrypts but accepts any certificate, so Entra authentication needs verify-full, and a
    verifying mode needs the root certificates (PGSSLROOTCERT, read by asyncpg)."""
    if dialect_of(database_url) != "postgresql":
        return
    mode = (sslmode_of(database_url) or "").lower()
    if database_auth == "entra" and mode != "verify-full":
        raise SettingsError(
            "DATABASE_URL must end in ?ssl=verify-full with MELDROUTE_DATABASE_AUTH=entra "
            "(require does not check the server's certificate)"
        )
    if mode in ("verify-ca", "verify-full"):
        root = env.get("PGSSLROOTCERT", "").strip()
        if not root or not Path(root).is_file():
            raise SettingsError(
                f"PGSSLROOTCERT must name a readable file of root certificates for ssl={mode} "
                "(the image has /app/config/azure-postgresql-roots.pem)"
            )


def load_settings(
    environ: Mapping[str, str] | None = None,
    dotenv: Path | None = None,
    *,
    serving: bool = True,
) -> Settings:
    """The settings for serving Teams (`serving`), or for a maintenance command run by an
    operator (migrate, verify-audit, backup, rotate-keys, retention): those need the database
    and the key, not the bot's app id nor a routing file, and do not need development mode."""
    env = {
        **read_dotenv(dotenv or PROJECT_ROOT / ".env"),
        **(environ if environ is not None else os.environ),
    }
    environment = env.get("MELDROUTE_ENV", "production").strip() or "production"
    if environment not in ENVIRONMENTS:
        raise SettingsError(
            f"MELDROUTE_ENV must be one of {', '.join(ENVIRONMENTS)}, got '{environment}'"
        )
    app_id = env.get("MICROSOFT_APP_ID", "").strip()
    if not app_id and environment != "development" and serving:
        raise SettingsError(
            "MICROSOFT_APP_ID is required outside development (set MELDROUTE_ENV=development "
            "to run locally without inbound authentication)"
        )
    app_type = env.get("MICROSOFT_APP_TYPE", "MultiTenant").strip() or "MultiTenant"
    if app_type not in APP_TYPES:
        raise SettingsError(
            f"MICROSOFT_APP_TYPE must be one of {', '.join(APP_TYPES)}, got '{app_type}'"
        )
    tenant = env.get("MICROSOFT_APP_TENANT_ID", "").strip()
    if app_id and app_type in ("SingleTenant", "UserAssignedMSI") and not tenant:
        raise SettingsError(
            f"MICROSOFT_APP_TENANT_ID is required when MICROSOFT_APP_TYPE is {app_type}"
        )
    if app_type == "UserAssignedMSI" and not app_id:
        raise SettingsError(
            "MICROSOFT_APP_ID (the managed identity's client id) is required when "
            "MICROSOFT_APP_TYPE is UserAssignedMSI"
        )
    credential = _credential_kind(env, app_type)
    certificate = env.get("MELDROUTE_CERTIFICATE_PATH", "").strip()
    if credential == "certificate" and not (certificate and Path(certificate).is_file()):
        raise SettingsError(
            "MELDROUTE_CERTIFICATE_PATH must name a readable certificate file (PEM) "
            "when MELDROUTE_CREDENTIAL is certificate"
        )
    if credential in ("certificate", "workload_identity") and not tenant:
        raise SettingsError(
            f"MICROSOFT_APP_TENANT_ID is required when MELDROUTE_CREDENTIAL is {credential}"
        )
    password = env.get("MICROSOFT_APP_PASSWORD", "")
    if app_id and credential == "secret" and not password:
        raise SettingsError(
            f"MICROSOFT_APP_PASSWORD is required when MICROSOFT_APP_TYPE is {app_type}"
        )
    key_vault_url = env.get("MELDROUTE_KEY_VAULT_KEY_URL", "").strip()
    if key_vault_url and not _KEY_VAULT_KEY.match(key_vault_url):
        raise SettingsError(
            "MELDROUTE_KEY_VAULT_KEY_URL must be an https Key Vault key URL, "
            "e.g. https://<vault>.vault.azure.net/keys/<name>"
        )

    database_url = env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    try:
        dialect_of(database_url)
    except DatabaseConfigError as error:
        raise SettingsError(str(error)) from None

    database_auth = env.get("MELDROUTE_DATABASE_AUTH", "password").strip() or "password"
    if database_auth not in ("password", "entra"):
        raise SettingsError(
            f"MELDROUTE_DATABASE_AUTH must be password or entra, got '{database_auth}'"
        )
    if database_auth == "entra" and dialect_of(database_url) != "postgresql":
        raise SettingsError("MELDROUTE_DATABASE_AUTH=entra needs a postgresql DATABASE_URL")
    _check_database_tls(env, database_url, database_auth)

    routing_raw = env.get("MELDROUTE_ROUTING_FILE", "").strip()
    if not routing_raw and environment != "development" and serving:
        raise SettingsError("MELDROUTE_ROUTING_FILE is required outside development")
    routing_file = Path(routing_raw) if routing_raw else DEMO_ROUTING_FILE
    if routing_raw or serving or environment == "development":
        try:
            routing = load_routing(routing_file)
        except RoutingConfigError as error:
            raise SettingsError(f"MELDROUTE_ROUTING_FILE: {error}") from None
    else:
        routing = NO_ROUTING

    knowledge_dir = Path(env.get("MELDROUTE_KNOWLEDGE_DIR", "").strip() or DEFAULT_KNOWLEDGE_DIR)
    try:
        knowledge = load_knowledge(knowledge_dir)
    except KnowledgeError as error:
        raise SettingsError(f"MELDROUTE_KNOWLEDGE_DIR: {error}") from None

    # Tests point inbound token validation at a local stub; nothing else may move it.
    openid_metadata_url = env.get("MELDROUTE_OPENID_METADATA_URL", "").strip()
    if openid_metadata_url and environment != "test":
        raise SettingsError("MELDROUTE_OPENID_METADATA_URL may only be set with MELDROUTE_ENV=test")

    dev_locale = env.get("MELDROUTE_DEV_LOCALE", "").strip()
    if dev_locale and environment != "development":
        raise SettingsError("MELDROUTE_DEV_LOCALE may only be set with MELDROUTE_ENV=development")
    if dev_locale and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", dev_locale):
        raise SettingsError(f"MELDROUTE_DEV_LOCALE must be a locale like nl-NL, got '{dev_locale}'")

    log_level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise SettingsError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got '{log_level}'")
    log_format = env.get("LOG_FORMAT", "text").strip().lower() or "text"
    if log_format not in LOG_FORMATS:
        raise SettingsError(f"LOG_FORMAT must be text or json, got '{log_format}'")
    previous_key_files = tuple(
        Path(part.strip())
        for part in env.get("MELDROUTE_PREVIOUS_KEY_FILES", "").split(",")
        if part.strip()
    )
    for path in previous_key_files:
        if not path.is_file():
            raise SettingsError(f"MELDROUTE_PREVIOUS_KEY_FILES: {path} is not a readable file")

    return Settings(
        environment=environment,
        app_id=app_id,
        app_password=password,
        app_tenant_id=tenant,
        app_type=app_type,
        credential=credential,
        certificate_path=certificate,
        key_vault_key_url=key_vault_url,
        database_url=database_url,
        database_auth=database_auth,
        port=_int(env, "PORT", 3978, 1, 65535),
        key_file=Path(env.get("MELDROUTE_KEY_FILE", "").strip() or DEFAULT_KEY_FILE),
        routing=routing,
        routing_file=routing_file,
        knowledge=knowledge,
        model_cache_dir=Path(
            env.get("MELDROUTE_MODEL_CACHE_DIR", "").strip() or DEFAULT_MODEL_CACHE_DIR
        ),
        draft_ttl_hours=_rule(env, "MELDROUTE_DRAFT_TTL_HOURS"),
        forward_timeout_hours=_int(env, "MELDROUTE_FORWARD_TIMEOUT_HOURS", 48, 1, 24 * 14),
        claim_reminder_hours=_int(env, "MELDROUTE_CLAIM_REMINDER_HOURS", 24, 1, 24 * 14),
        # The EU whistleblower directive's three months is the outer bound.
        feedback_reminder_days=_int(env, "MELDROUTE_FEEDBACK_REMINDER_DAYS", 42, 1, 90),
        question_reminder_hours=_int(env, "MELDROUTE_QUESTION_REMINDER_HOURS", 4, 1, 24 * 7),
        question_escalation_hours=_int(env, "MELDROUTE_QUESTION_ESCALATION_HOURS", 24, 1, 24 * 14),
        # The reporter's identity is kept shortest; see docs/admin.md for the periods.
        retention_identity_days=_rule(env, "MELDROUTE_RETENTION_IDENTITY_DAYS"),
        retention_closed_days=_rule(env, "MELDROUTE_RETENTION_CLOSED_DAYS"),
        retention_question_days=_rule(env, "MELDROUTE_RETENTION_QUESTION_DAYS"),
        # Feedback that never arrives must not keep the identity for the case's whole period.
        retention_identity_max_days=_rule(env, "MELDROUTE_RETENTION_IDENTITY_MAX_DAYS"),
        retention_closed_days_by_reason=_days_by_reason(env),
        retention_unanswered_question_days=_rule(
            env, "MELDROUTE_RETENTION_UNANSWERED_QUESTION_DAYS"
        ),
        retention_conversation_days=_rule(env, "MELDROUTE_RETENTION_CONVERSATION_DAYS"),
        retention_message_days=_rule(env, "MELDROUTE_RETENTION_MESSAGE_DAYS"),
        stale_case_days=_int(env, "MELDROUTE_STALE_CASE_DAYS", STALE_CASE_DAYS, 7, 3650),
        reporter_question_reminder_days=_int(
            env, "MELDROUTE_REPORTER_QUESTION_REMINDER_DAYS", 7, 1, 365
        ),
        feedback_waiting_reminder_days=_int(
            env, "MELDROUTE_FEEDBACK_WAITING_REMINDER_DAYS", 7, 1, 365
        ),
        unreachable_after_days=_int(env, "MELDROUTE_UNREACHABLE_AFTER_DAYS", 60, 1, 3650),
        # When partner feedback is due unless the routing file gives the partner its own period.
        partner_feedback_days=_int(env, "MELDROUTE_PARTNER_FEEDBACK_DAYS", 28, 1, 365),
        partner_reminder_days=_int(env, "MELDROUTE_PARTNER_REMINDER_DAYS", 7, 1, 90),
        log_level=log_level,
        openid_metadata_url=openid_metadata_url or CHANNEL_OPENID_METADATA_URL,
        audit_anchor_path=Path(
            env.get("MELDROUTE_AUDIT_ANCHOR_FILE", "").strip() or DEFAULT_AUDIT_ANCHOR_FILE
        ),
        audit_anchor_minutes=_int(env, "MELDROUTE_AUDIT_ANCHOR_MINUTES", 10, 1, 24 * 60),
        create_chats=_flag(env, "MELDROUTE_CREATE_CHATS", True),
        teams_service_url=_service_url(env),
        graph_install_app_id=env.get("MELDROUTE_GRAPH_INSTALL_APP_ID", "").strip(),
        # Counts below this are suppressed in every statistic (see docs/admin.md).
        statistics_threshold=_int(env, "MELDROUTE_STATISTICS_THRESHOLD", 5, 2, 100),
        log_format=log_format,
        previous_key_files=previous_key_files,
        metrics_port=_int(env, "MELDROUTE_METRICS_PORT", 0, 0, 65535),
        shutdown_seconds=_int(env, "MELDROUTE_SHUTDOWN_SECONDS", 20, 1, 600),
        dev_locale=dev_locale,
    )
