"""Shared fixtures: a real database per test (SQLite file, and PostgreSQL when one is available)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.harness import BotHarness, FakeClock, make_settings

POSTGRES_ENV = "MELDROUTE_TEST_POSTGRES_URL"


async def _create_postgres_database(admin_url: str) -> tuple[str, str]:
    import asyncpg

    name = "mr_test_" + uuid.uuid4().hex[:12]
    conn = await asyncpg.connect(admin_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base, _, _ = admin_url.rpartition("/")
    return name, f"{base}/{name}"


async def _drop_postgres_database(admin_url: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'meldroute.db'}"
        return
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV} (.ci/run starts one)")
    name, url = await _create_postgres_database(admin_url)
    try:
        yield url
    finally:
        await _drop_postgres_database(admin_url, name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'meldroute.db'}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def bot(tmp_path: Path, sqlite_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    harness = await BotHarness.start(make_settings(tmp_path, sqlite_url), clock)
    try:
        yield harness
    finally:
        await harness.close()


@pytest.fixture
async def bot_on_each_database(
    tmp_path: Path, database_url: str, clock: FakeClock
) -> AsyncIterator[BotHarness]:
    harness = await BotHarness.start(make_settings(tmp_path, database_url), clock)
    try:
        yield harness
    finally:
        await harness.close()
