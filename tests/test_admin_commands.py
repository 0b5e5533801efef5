"""Maintenance commands run as an operator types them: production settings (database, key),
no app id, no routing file, no development mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.settings import PROJECT_ROOT, load_settings
from tests.support.harness import TEST_ROUTING


def operator_env(**values: str) -> dict[str, str]:
    """The shell of an operator: none of the bot's settings but those given (and an audit
    anchor file of this test's own, next to the key file or the database)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MICROSOFT_", "MELDROUTE_", "DATABASE_", "LOG_"))
    }
    beside = values.get("MELDROUTE_KEY_FILE") or values.get("DATABASE_URL", "").rsplit("///", 1)[-1]
    anchors = {"MELDROUTE_AUDIT_ANCHOR_FILE": f"{beside}.anchors.jsonl"} if beside else {}
    return {**env, "PYTHONPATH": str(PROJECT_ROOT), **anchors, **values}


def run_bot(
    args: list[str], env: dict[str, str], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_maintenance_commands_need_the_database_and_the_key_only(
    tmp_path: Path, database_url: str
) -> None:
    env = operator_env(DATABASE_URL=database_url, MELDROUTE_KEY_FILE=str(tmp_path / "kek.key"))
    migrated = run_bot(["migrate"], env, tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert migrated.stdout.strip() == "meldroute: schema is current"
    verified = run_bot(["verify-audit"], env, tmp_path)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("audit log intact: 0 entries\n")
    no_routing = run_bot(["retention"], env, tmp_path)
    assert no_routing.returncode == 2 and "MELDROUTE_ROUTING_FILE is required" in no_routing.stderr
    retention = run_bot(
        ["retention"], {**env, "MELDROUTE_ROUTING_FILE": str(TEST_ROUTING)}, tmp_path
    )
    assert retention.returncode == 0, retention.stderr
    assert "retention: identities removed 0, cases deleted 0, questions deleted 0," in (
        retention.stdout
    )
    output = tmp_path / "evaluatie.html"
    evaluation = ["evaluation", "--year", "2026", "--output", str(output)]
    no_routing = run_bot(evaluation, env, tmp_path)
    assert no_routing.returncode == 2 and "MELDROUTE_ROUTING_FILE is required" in no_routing.stderr
    written = run_bot(evaluation, {**env, "MELDROUTE_ROUTING_FILE": str(TEST_ROUTING)}, tmp_path)
    assert written.returncode == 0, written.stderr
    assert "evaluation written" in written.stdout and output.is_file()
    # Serving Teams still needs the app id outside development.
    served = run_bot(["serve"], env, tmp_path)
    assert served.returncode == 2 and "MICROSOFT_APP_ID is required" in served.stderr


def test_kb_eval_runs_without_settings(tmp_path: Path) -> None:
    # kb-eval trains 23 models with no cache (one per blind part, one on all examples, and one
    # in each of four fresh processes: three PYTHONHASHSEEDs and the hostile inputs' timing):
    # 8.5 minutes in round 4n on a quiet 2-core machine, up to twice that on a busy one.
    result = run_bot(["kb-eval"], operator_env(), tmp_path, timeout=1800)
    assert result.returncode == 0, result.stderr
    assert "top-1" in result.stdout


def test_a_wrong_database_setting_is_still_one_line(tmp_path: Path) -> None:
    result = run_bot(["verify-audit"], operator_env(DATABASE_URL="mysql://x/y"), tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "meldroute: configuration error: DATABASE_URL dialect 'mysql' is not supported "
        "(use sqlite or postgresql)"
    )


def test_maintenance_settings_skip_the_app_id_and_the_routing_file(tmp_path: Path) -> None:
    settings = load_settings(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"},
        dotenv=tmp_path / "absent.env",
        serving=False,
    )
    assert settings.environment == "production" and not settings.app_id
    assert settings.routing.coordinators == ()
