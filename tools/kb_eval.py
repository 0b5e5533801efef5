"""`python -m bot kb-eval`: how well the matcher finds the expected entry for staff questions."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from domain.kb_matcher import Matcher
from domain.knowledge import load_knowledge


def read_eval_set(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            question, expected = line.rsplit("\t", 1)
            pairs.append((question.strip(), expected.strip()))
    return pairs


def evaluate(
    knowledge_dir: Path, eval_file: Path, *, show_misses: bool = False
) -> dict[str, float]:
    knowledge = load_knowledge(knowledge_dir)
    matcher = Matcher(knowledge)
    pairs = read_eval_set(eval_file)
    unknown = {expected for _q, expected in pairs} - {e.id for e in knowledge.entries}
    if unknown:
        raise SystemExit(f"the evaluation set names unknown entries: {sorted(unknown)}")
    top1 = top3 = 0
    timings = []
    for question, expected in pairs:
        started = time.perf_counter()
        matches = matcher.search(question)
        timings.append((time.perf_counter() - started) * 1000)
        ids = [m.entry.id for m in matches]
        top1 += ids[:1] == [expected]
        top3 += expected in ids[:3]
        if show_misses and ids[:1] != [expected]:
            print(f"  miss: {question!r} -> {ids} (expected {expected})")
    return {
        "questions": len(pairs),
        "top1": top1 / len(pairs),
        "top3": top3 / len(pairs),
        "median_ms": statistics.median(timings),
        "p99_ms": sorted(timings)[max(0, int(len(timings) * 0.99) - 1)],
    }
