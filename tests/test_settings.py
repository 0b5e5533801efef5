"""Start-up settings: a wrong value stops start-up with one clear line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT, SettingsError, load_settings, read_dotenv


def settings(tmp_path: Path, **env: str):  # type: ignore[no-untyped-def]
    return load_settings(env, dotenv=tmp_path / "absent.env")


def test_development_runs_without_an_app_id(tmp_path: Path) -> None:
    result = settings(tmp_path, MELDROUTE_ENV="development")
    assert not result.authentication_enabled and result.port == 3978
    assert result.database_url.startswith("sqlite:///")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "MICROSOFT_APP_ID is required outside development"),
        ({"MELDROUTE_ENV": "staging"}, "MELDROUTE_ENV must be one of"),
        ({"MELDROUTE_ENV": "development", "PORT": "eighty"}, "PORT must be a whole number"),
        ({"MELDROUTE_ENV": "development", "PORT": "70000"}, "PORT must be between 1 and 65535"),
        (
            {"MELDROUTE_ENV": "development", "DATABASE_URL": "mysql://x/y"},
            "dialect 'mysql' is not supported",
        ),
        ({"MELDROUTE_ENV": "development", "DATABASE_URL": "::::"}, "DATABASE_URL is not a valid"),
        (
            {"MELDROUTE_ENV": "development", "MICROSOFT_APP_TYPE": "Magic"},
            "MICROSOFT_APP_TYPE must be one of",
        ),
        (
            {"MELDROUTE_ENV": "development", "MICROSOFT_APP_ID": "abc"},
            "MICROSOFT_APP_PASSWORD is required",
        ),
        (
            {
                "MELDROUTE_ENV": "development",
                "MICROSOFT_APP_ID": "abc",
                "MICROSOFT_APP_TYPE": "SingleTenant",
            },
            "MICROSOFT_APP_TENANT_ID is required",
        ),
        (
            {"MICROSOFT_APP_ID": "abc", "MICROSOFT_APP_PASSWORD": "p"},
            "MELDROUTE_ROUTING_FILE is required outside development",
        ),
        (
            {"MELDROUTE_ENV": "development", "MELDROUTE_ROUTING_FILE": "/nonexistent.toml"},
            "does not exist",
        ),
        (
            {"MELDROUTE_ENV": "development", "MELDROUTE_DRAFT_TTL_HOURS": "0"},
            "MELDROUTE_DRAFT_TTL_HOURS",
        ),
        (
            {
                "MELDROUTE_ENV": "test",
                "MICROSOFT_APP_ID": "abc",
                "MICROSOFT_APP_PASSWORD": "p",
                "MELDROUTE_ROUTING_FILE": str(PROJECT_ROOT / "config" / "demo-routing.toml"),
                "MELDROUTE_DEV_LOCALE": "nl-NL",
            },
            "MELDROUTE_DEV_LOCALE may only be set with MELDROUTE_ENV=development",
        ),
        (
            {"MELDROUTE_ENV": "development", "MELDROUTE_DEV_LOCALE": "nederlands please"},
            "MELDROUTE_DEV_LOCALE must be a locale like nl-NL",
        ),
        (
            {"MELDROUTE_ENV": "development", "MELDROUTE_PARTNER_FEEDBACK_DAYS": "400"},
            "MELDROUTE_PARTNER_FEEDBACK_DAYS must be between 1 and 365",
        ),
    ],
)
def test_a_wrong_setting_names_itself(tmp_path: Path, env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message.replace("(", r"\(")) as error:
        settings(tmp_path, **env)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("departments = 3", "at least one"),
        ('[[departments]]\nid = "A B"\nname = "x"\n', "id must be"),
        ('[[departments]]\nid = "a"\nname = "x"\n', "at least one \\[\\[coordinators\\]\\]"),
        (
            '[[departments]]\nid = "a"\nname = "x"\n[[departments]]\nid = "a"\nname = "y"\n'
            '[[coordinators]]\naad_object_id = "c"\nname = "C"\n',
            "duplicate department id: a",
        ),
        ("not toml [", "not valid TOML"),
        (
            '[[departments]]\nid = "a"\nname = "x"\n[[coordinators]]\naad_object_id = "c"\n'
            'name = "C"\n[[partners]]\nid = "p"\nname = "P"\nfeedback_days = 0\n',
            "partners\\[0\\].feedback_days must be a whole number from 1 to 365",
        ),
        (
            '[[departments]]\nid = "a"\nname = "x"\n[[coordinators]]\naad_object_id = "c"\n'
            'name = "C"\n[overleg]\ndates = ["3 december"]\n',
            "overleg.dates must be a list of dates without quotes",
        ),
        (
            '[[departments]]\nid = "a"\nname = "x"\n[[coordinators]]\naad_object_id = "c"\n'
            'name = "C"\n[overleg]\ndates = [2026-12-03T10:00:00]\n',
            "overleg.dates must be a list of dates",
        ),
    ],
)
def test_a_broken_routing_file_is_explained(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "routing.toml"
    path.write_text(content)
    with pytest.raises(SettingsError, match=message):
        settings(tmp_path, MELDROUTE_ENV="development", MELDROUTE_ROUTING_FILE=str(path))


def test_dotenv_values_are_read_and_the_environment_wins(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("# local\nMELDROUTE_ENV=development\nPORT='4000'\nLOG_LEVEL=debug\n")
    assert read_dotenv(dotenv)["PORT"] == "4000"
    result = load_settings({"PORT": "5000"}, dotenv=dotenv)
    assert result.port == 5000 and result.log_level == "DEBUG" and result.development


def test_start_up_with_a_bad_setting_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MICROSOFT_", "MELDROUTE_", "DATABASE_"))
    }
    env.update({"MELDROUTE_ENV": "development", "PORT": "not-a-port"})
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "meldroute: configuration error: PORT must be a whole number, got 'not-a-port'"
    )
    assert "Traceback" not in result.stderr


def test_production_without_app_id_refuses_to_start(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MICROSOFT_", "MELDROUTE_", "DATABASE_"))
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "MICROSOFT_APP_ID is required" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_meeting_dates_and_partner_periods_come_from_the_routing_file(tmp_path: Path) -> None:
    path = tmp_path / "routing.toml"
    path.write_text(
        '[[departments]]\nid = "a"\nname = "x"\n[[coordinators]]\naad_object_id = "c"\n'
        'name = "C"\n[[partners]]\nid = "p"\nname = "P"\nfeedback_days = 14\n'
        '[[partners]]\nid = "q"\nname = "Q"\n'
        "[overleg]\ndates = [2026-12-17, 2026-12-03]\n"
    )
    loaded = settings(tmp_path, MELDROUTE_ENV="development", MELDROUTE_ROUTING_FILE=str(path))
    assert [d.isoformat() for d in loaded.routing.meeting_dates] == ["2026-12-03", "2026-12-17"]
    assert [p.feedback_days for p in loaded.routing.partners] == [14, None]
    assert loaded.partner_feedback_days == 28 and loaded.partner_reminder_days == 7
