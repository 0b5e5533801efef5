"""Two server processes on one PostgreSQL database (bench/instances.py; `python -m
bench.instances` prints the throughput): reports whose turns alternate between the instances
are all stored, each card reaches the taakaccenthouder once while both outbox workers compete,
and simultaneous claims of one case through both instances never both win."""

from __future__ import annotations

import os

import pytest

from bench.instances import run
from tests.conftest import POSTGRES_ENV


async def test_two_instances_lose_no_update_and_deliver_each_card_once() -> None:
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV} (.ci/run starts one)")
    figures = await run(levels=[4], duration=2.0)
    assert all(errors == 0 for _rate, errors in figures["throughput"].values())
    assert figures["reports"]["stored"] == figures["reports"]["completed under load"] > 0
    cards = figures["taakaccenthouder cards"]
    assert cards["missing"] == cards["more than once"] == 0
    assert figures["claimed cases"]["claimed twice (lost update)"] == 0
    assert figures["claimed cases"]["claimed exactly once"] == figures["claimed cases"]["raced"]
    assert figures["claims"] == {"claimed + refused": figures["claimed cases"]["raced"]}
