"""`python -m bot demo-data` and `python -m bot evaluation`, as an administrator runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.__main__ import main
from tests.support.harness import TEST_ROUTING


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MELDROUTE_ENV", "development")
    monkeypatch.setenv("MELDROUTE_KEY_FILE", str(tmp_path / "kek.key"))
    monkeypatch.setenv("MELDROUTE_ROUTING_FILE", str(TEST_ROUTING))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'meldroute.db'}")
    return tmp_path


def run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    return int(stopped.value.code or 0)


def test_demo_data_then_the_report_of_that_year(
    environment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = f"sqlite:///{environment / 'demo.db'}"
    assert (
        run(
            [
                "demo-data",
                "--year",
                "2026",
                "--signals",
                "40",
                "--questions",
                "10",
                "--database",
                demo,
            ]
        )
        == 0
    )
    assert "40 signals, 10 questions in 2026" in capsys.readouterr().out
    output = environment / "evaluatie.html"
    assert run(["evaluation", "--year", "2026", "--database", demo, "--output", str(output)]) == 0
    assert f"evaluation written: {output}" in capsys.readouterr().out
    page = output.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Evaluatie meldroute mensenhandel 2026" in page

    months = environment / "voorjaar.html"
    assert (
        run(
            [
                "evaluation",
                "--from",
                "2026-03",
                "--to",
                "2026-05",
                "--database",
                demo,
                "--output",
                str(months),
            ]
        )
        == 0
    )
    assert "maart 2026 t/m mei 2026" in months.read_text(encoding="utf-8")


def test_an_empty_period_still_gives_a_report_that_says_so(
    environment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = environment / "leeg.html"
    assert run(["evaluation", "--year", "2020", "--output", str(output)]) == 0
    assert "nothing was recorded in this period" in capsys.readouterr().out
    assert "Over deze periode is (nog) niets vastgelegd." in output.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["evaluation"], "give --year YYYY, or --from YYYY-MM and --to YYYY-MM"),
        (["evaluation", "--from", "2026-03-15", "--to", "2026-04"], "kept per month"),
        (["evaluation", "--from", "2026-06", "--to", "2026-01"], "ends before it starts"),
        (["evaluation", "--year", "26"], "expect a year"),
    ],
)
def test_a_wrong_period_gets_one_clear_line(
    environment: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert run(argv) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error


def test_demo_data_stays_out_of_a_production_database(
    environment: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MELDROUTE_ENV", "production")
    monkeypatch.setenv("MICROSOFT_APP_ID", "app")
    monkeypatch.setenv("MICROSOFT_APP_PASSWORD", "secret")
    assert run(["demo-data", "--year", "2026"]) == 2
    assert "not written to the configured database" in capsys.readouterr().err
    assert not (environment / "meldroute.db").exists()
