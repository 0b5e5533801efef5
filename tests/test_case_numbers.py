"""Case and question numbers carry the municipality's year (Europe/Amsterdam), not UTC's."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from domain.case_number import local_year, parse_case_number, parse_question_number
from tests.route_helpers import report
from tests.support.harness import BotHarness, FakeClock, make_settings


def test_local_year_turns_at_midnight_in_amsterdam() -> None:
    assert local_year(datetime(2026, 12, 31, 22, 59, tzinfo=UTC)) == 2026
    assert local_year(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == 2027  # 00:30 on 1 January


def test_numbers_are_parsed_before_anything_looks_them_up() -> None:
    assert parse_case_number(" mh-2026-0042 ") == "MH-2026-0042"
    for bad in ("MH-2026-0042\ud800", "MH-2026", "x" * 100, None, 42, "MH-2026-0042; drop"):
        assert parse_case_number(bad) is None
    assert parse_question_number("vr-2026-0007") == "VR-2026-0007"
    assert parse_question_number("MH-2026-0007") is None


async def test_a_signal_at_half_past_midnight_on_new_years_day_gets_the_new_year(
    tmp_path: Path, sqlite_url: str
) -> None:
    clock = FakeClock(datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    bot = await BotHarness.start(make_settings(tmp_path, sqlite_url), clock)
    try:
        assert await report(bot) == "MH-2027-0001"
    finally:
        await bot.close()
