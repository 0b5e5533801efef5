"""The real server process killed with SIGKILL around the confirm of a report and while it
sends, then restarted (bench/crash.py; `python -m bench.crash --rounds 20` for the full run):
a confirmed signal is stored once, its messages arrive within 10 s of the restart, and any
second copy says it may be a repeat."""

from __future__ import annotations

from bench.crash import run, summary


async def test_sigkill_around_the_confirm_loses_nothing_and_labels_repeats() -> None:
    results = await run(rounds=3, seed=7)
    figures = summary(results)
    assert figures["confirmed"] >= 1
    assert figures["lost"] == 0
    assert figures["stored_twice"] == 0
    assert figures["unlabelled_duplicates"] == 0
    assert figures["late"] == 0
