"""No personal data where it does not belong: not in the raw database, not in the logs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.support.harness import REPORTER, BotHarness, make_settings
from tests.test_report_dialog import SECRET_WORDS, answer, walk_to_summary


def raw_database_bytes(database_file: Path) -> bytes:
    """The SQLite file plus its write-ahead log, as an attacker with disk access would read them."""
    data = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(str(database_file) + suffix)
        if path.exists():
            data += path.read_bytes()
    return data


async def test_after_a_full_report_no_name_or_text_is_in_the_database_or_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    database_file = tmp_path / "privacy.db"
    harness = await BotHarness.start(make_settings(tmp_path, f"sqlite:///{database_file}"))
    try:
        summary = await walk_to_summary(harness)
        sent = await answer(harness, summary, {}, action="submit")
        assert any("MH-2026-0001" in str(s.activity) for s in sent)
    finally:
        await harness.close()

    raw = raw_database_bytes(database_file)
    assert len(raw) > 10_000  # the database really holds the report
    for word in (*SECRET_WORDS, REPORTER.aad_object_id, "3431", "12345678"):
        assert word.encode() not in raw, f"{word!r} is in the raw database file"
        assert word.encode("utf-16-le") not in raw
        assert word not in caplog.text, f"{word!r} is in the log output"
    assert "signal stored case=MH-2026-0001" in caplog.text  # the logs do record the event


async def test_the_key_file_is_created_owner_only(tmp_path: Path, sqlite_url: str) -> None:
    harness = await BotHarness.start(make_settings(tmp_path, sqlite_url))
    await harness.close()
    assert (tmp_path / "kek.key").stat().st_mode & 0o777 == 0o600
