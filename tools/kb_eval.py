"""`python -m bot kb-eval`: what the question card shows for staff questions, measured.

The evaluation set is knowledge/eval/nl-tuning.tsv and nl-heldout.tsv: staff questions as
typed in Teams, each labelled with the entries that answer it, or '-' when the knowledge base
should say it does not know. The matcher and the knowledge base may be tuned against the
tuning part, whose misses `--misses` lists. The held-out part is written by someone who never
saw the knowledge base, and only aggregate figures are printed for it; when it holds no
questions, kb-eval says so ("held-out: no questions"). The first held-out part was retired
into the tuning part on 2026-11-29, after its aggregate had been seen repeatedly while tuning;
the second was written blind that day, measured once and then moved into the tuning part too.
For each part, of what the card shows after the threshold:
- top-1: the card presents its first entry as the answer, and that entry answers the question;
- top-3: one of the (at most three) entries shown answers it, as the answer or as a choice;
- confident-wrong: the card presents an answer, and it does not answer the question (a card
  that is unsure offers its entries as choices, "Bedoel je ...?", and presents none);
- out of scope answered "I don't know": nothing shown for a question marked '-'.
Speed: every question timed, and a set of adversarial inputs (a 5,000-character word, 1,000
characters of random words and of near-typos, ...) for the worst case, with tracemalloc's peak.
"""

from __future__ import annotations

import hashlib
import os
import random
import statistics
import string
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass, replace
from pathlib import Path

from domain.kb_matcher import Answer, Matcher, Ranking, Thresholds
from domain.knowledge import KnowledgeBase, load_knowledge

PARTS = (("tuning", "nl-tuning.tsv"), ("held-out", "nl-heldout.tsv"))
OUT_OF_SCOPE = "-"
HASH_SEEDS = ("0", "1", "4242")
MAX_WRONG = 0.025  # the bar is 3 %
MIN_DONT_KNOW = 0.88  # the bar is 80 %
NEVER = 99  # as many words as a question never shares with one entry
SHORTLIST = 40  # bars for showing an entry whose margins are calibrated too
# The shares of a question's telling words an entry must use, tried for the shortlist (with
# the current one, so that the bars found first are among those tried).
SUBJECT_SHARES = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)

Labelled = tuple[str, tuple[str, ...]]  # question, the entries that answer it (empty: none)


def read_eval_set(path: Path) -> list[Labelled]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if "\t" not in line:
            raise SystemExit(f"{path.name}:{number}: expected question<TAB>entries")
        question, labels = line.rsplit("\t", 1)
        expected = () if labels.strip() == OUT_OF_SCOPE else tuple(labels.strip().split("|"))
        items.append((question.strip(), expected))
    return items


@dataclass(frozen=True)
class PartResult:
    name: str
    in_scope: int
    out_of_scope: int
    top1: float
    top3: float
    confident_wrong: float
    dont_know_out_of_scope: float
    median_ms: float
    p99_ms: float


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def shown_ids(matcher: Matcher, question: str) -> tuple[str, ...]:
    return matcher.answer(question).entry_ids


def _scores(answers: list[Answer], items: list[Labelled]) -> tuple[float, float, float, float]:
    """top-1, top-3, confident-wrong (shares of the in-scope questions) and the share of the
    out-of-scope questions answered "I don't know"."""
    top1 = top3 = wrong = dont_know = 0
    for answer, (_q, expected) in zip(answers, items, strict=True):
        shown = answer.entry_ids
        if not expected:
            dont_know += not shown
            continue
        presented = shown[0] if shown and answer.sure else None
        top1 += presented in expected
        top3 += any(entry in expected for entry in shown[:3])
        wrong += presented is not None and presented not in expected
    in_scope = sum(1 for _q, e in items if e)
    out = len(items) - in_scope
    return (
        top1 / max(1, in_scope),
        top3 / max(1, in_scope),
        wrong / max(1, in_scope),
        (dont_know / out if out else 0.0),
    )


def evaluate_part(matcher: Matcher, name: str, items: list[Labelled]) -> PartResult:
    """The figures for one part. Each question is timed three times and its median kept:
    the machine is shared, and one run can be held up by someone else's work."""
    answers = []
    timings = []
    for question, _expected in items:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            answer = matcher.answer(question)
            runs.append((time.perf_counter() - started) * 1000)
        answers.append(answer)
        timings.append(statistics.median(runs))
    top1, top3, wrong, dont_know = _scores(answers, items)
    in_scope = sum(1 for _q, e in items if e)
    return PartResult(
        name,
        in_scope,
        len(items) - in_scope,
        top1,
        top3,
        wrong,
        dont_know,
        statistics.median(timings) if timings else 0.0,
        _percentile(timings, 0.99),
    )


def check_labels(knowledge: KnowledgeBase, items: list[Labelled], name: str) -> None:
    unknown = {e for _q, labels in items for e in labels} - {e.id for e in knowledge.entries}
    if unknown:
        raise SystemExit(f"the {name} part names unknown entries: {sorted(unknown)}")


def load_parts(eval_dir: Path) -> dict[str, list[Labelled]]:
    return {name: read_eval_set(eval_dir / file) for name, file in PARTS}


def evaluate(knowledge_dir: Path, eval_dir: Path) -> dict[str, PartResult]:
    knowledge = load_knowledge(knowledge_dir)
    matcher = Matcher(knowledge)
    results = {}
    for name, items in load_parts(eval_dir).items():
        check_labels(knowledge, items, name)
        results[name] = evaluate_part(matcher, name, items)
    return results


def tuning_misses(matcher: Matcher, items: list[Labelled]) -> list[str]:
    """Per-question misses; only ever asked for the tuning part."""
    lines = []
    for question, expected in items:
        answer = matcher.answer(question)
        shown = answer.entry_ids
        right = bool(shown) and answer.sure and shown[0] in expected
        if (expected and not right) or (not expected and shown):
            form = "answer" if answer.sure else "choices"
            lines.append(
                f"  miss: {question!r} -> {form} {list(shown)} (expected {list(expected) or '-'})"
            )
    return lines


def answers_digest(knowledge_dir: Path, eval_dir: Path) -> str:
    """A digest of everything the card shows for every question of both parts."""
    matcher = Matcher(load_knowledge(knowledge_dir))
    digest = hashlib.sha256()
    for items in load_parts(eval_dir).values():
        for question, _expected in items:
            digest.update(f"{question}\t{','.join(shown_ids(matcher, question))}\n".encode())
    for text in adversarial_inputs():
        digest.update(",".join(shown_ids(matcher, text)).encode())
    return digest.hexdigest()[:16]


def digests_under_hash_seeds(knowledge_dir: Path, eval_dir: Path) -> dict[str, str]:
    """The answers digest computed in fresh processes, one per PYTHONHASHSEED."""
    code = (
        "import sys; from pathlib import Path; from tools.kb_eval import answers_digest; "
        "print(answers_digest(Path(sys.argv[1]), Path(sys.argv[2])))"
    )
    root = Path(__file__).resolve().parent.parent
    found = {}
    for seed in HASH_SEEDS:
        run = subprocess.run(
            [sys.executable, "-c", code, str(knowledge_dir), str(eval_dir)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
        found[seed] = run.stdout.strip()
    return found


def adversarial_inputs() -> list[str]:
    """Inputs built to cost the most: long words, many typos, many words, odd characters."""
    rng = random.Random(16)
    letters = string.ascii_lowercase

    def word(low: int, high: int) -> str:
        return "".join(rng.choice(letters) for _ in range(rng.randint(low, high)))

    def fill(make: object) -> str:
        text = ""
        while len(text) < 1000:
            text += make() + " "  # type: ignore[operator]
        return text[:1000]

    near_typos = ["mensenhandle", "uitbuitnig", "taakacenthouder", "signalne", "meldroutte"]
    return [
        "a" * 5000,
        "mensenhandel" * 400,
        word(1000, 1000),
        fill(lambda: word(3, 12)),
        fill(lambda: word(15, 20)),
        fill(lambda: word(21, 40)),
        fill(lambda: rng.choice(near_typos)),
        fill(lambda: str(rng.randint(0, 99))),
        fill(lambda: "arbeidsuitbuitingsorgaandonatiemensensmokkel"[: rng.randint(20, 30)]),
        ("é" * 3 + "ß") * 250,
        "🙂 " * 500,
        " ".join(["nu"] * 400),
    ]


@dataclass(frozen=True)
class WorstCase:
    inputs: int
    worst_median_ms: float  # the costliest input, median of its runs
    max_ms: float  # the slowest single run (machine noise included)
    peak_kib: float


def worst_case(matcher: Matcher, repeats: int = 21) -> WorstCase:
    """Each adversarial input timed `repeats` times, and its memory peak measured with
    tracemalloc on a fresh input (reversed, so nothing comes from a cache). The machine is
    shared, so a single run can be slowed by others: the median per input is the figure."""
    medians, slowest = [], 0.0
    peak = 0
    inputs = adversarial_inputs()
    for text in inputs:
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            matcher.answer(text)
            timings.append((time.perf_counter() - started) * 1000)
        medians.append(statistics.median(timings))
        slowest = max(slowest, *timings)
        tracemalloc.start()
        matcher.answer(text[::-1])
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return WorstCase(len(inputs), max(medians), slowest, peak / 1024)


def calibrate(matcher: Matcher, items: list[Labelled]) -> list[tuple[float, Thresholds, tuple]]:
    """Thresholds tried on the tuning part, best first: the most right first answers, answers
    among the three and "I don't know" for out-of-scope questions (the three figures with a
    bar of their own, each question counting the same), among those that keep the issue's bars on confidently
    wrong answers and on "I don't know" with a margin (MAX_WRONG, MIN_DONT_KNOW), for held-out
    questions unlike the tuning ones.

    In two steps, since the margins only decide whether the first entry is presented as the
    answer, not which entries are shown: first every bar for showing an entry (with the
    margins and the share of telling words as they are), then every pair of margins and
    every share of SUBJECT_SHARES for the best SHORTLIST of those."""
    rankings: list[Ranking] = [matcher.rank(q) for q, _e in items]
    base = matcher.thresholds
    # Every question counts the same: an out-of-scope one weighs as much as one in scope.
    out_share = sum(1 for _q, e in items if not e) / max(1, sum(1 for _q, e in items if e))

    def judge(bar: Thresholds) -> tuple[float, Thresholds, tuple]:
        answers = [matcher.choose(r, bar) for r in rankings]
        top1, top3, wrong, dont_know = _scores(answers, items)
        within = wrong <= MAX_WRONG and dont_know >= MIN_DONT_KNOW
        value = top1 + top3 + dont_know * out_share - (0 if within else 3)
        return (round(value, 6), bar, (top1, top3, wrong, dont_know))

    shown_bars = []
    for score_step in range(5, 31, 3):
        for coverage_step in range(4, 21):
            for strong_step in (6, 8, 10, 12):
                for neutral_step in (0, *range(6, 17)):
                    for neutral_words in (2, 3, 4, NEVER):
                        bar = replace(
                            base,
                            min_score=score_step / 25,
                            min_coverage=coverage_step / 40,
                            strong_score=strong_step / 4,
                            neutral_coverage=neutral_step / 20,
                            neutral_words=neutral_words,
                        )
                        shown_bars.append(judge(bar))
    # The shortlist: those that keep "I don't know" high enough, most answers among the three.
    shown_bars.sort(key=lambda t: (t[2][3] < MIN_DONT_KNOW, -t[2][1], -t[0]))
    tried = shown_bars[:]
    for _value, bar, _figures in shown_bars[:SHORTLIST]:
        for subject_share in SUBJECT_SHARES:
            for margin_step in range(6):
                for close_step in range(min(margin_step, 4) + 1):
                    tried.append(
                        judge(
                            replace(
                                bar,
                                min_subject_share=subject_share,
                                sure_margin=margin_step / 20,
                                close_margin=close_step / 40,
                            )
                        )
                    )
    # Among equally good thresholds, the stricter ones: fewer answers that could be wrong or
    # given to out-of-scope questions unlike the tuning ones, at no cost on the tuning part.
    tried.sort(
        key=lambda t: (
            -t[0],
            -t[1].min_subject_share,
            -t[1].sure_margin,
            -t[1].close_margin,
            -t[1].neutral_coverage,
            -t[1].neutral_words,
            -t[1].min_coverage,
            -t[1].min_score,
            -t[1].strong_score,
        )
    )
    return tried


BARS = "bars on the held-out part: top-1 >= 85 %, top-3 >= 95 %, confident-wrong <= 3 %, "
BARS += 'out of scope answered "I don\'t know" >= 80 %, p99 < 2 ms'


def run(
    knowledge_dir: Path,
    eval_dir: Path,
    *,
    show_misses: bool = False,
    show_calibration: bool = False,
    check_hash_seeds: bool = True,
) -> list[str]:
    """The lines `python -m bot kb-eval` prints."""
    knowledge = load_knowledge(knowledge_dir)
    matcher = Matcher(knowledge)
    parts = load_parts(eval_dir)
    lines = []
    for name, items in parts.items():
        check_labels(knowledge, items, name)
        result = evaluate_part(matcher, name, items)
        if not items:
            lines.append(f"{name}: no questions")
            continue
        lines.append(
            f"{name:9} {result.in_scope:3} questions: top-1 {result.top1:6.1%}  "
            f"top-3 {result.top3:6.1%}  confident-wrong {result.confident_wrong:5.1%} | "
            f'{result.out_of_scope:2} out of scope: "I don\'t know" '
            f"{result.dont_know_out_of_scope:6.1%} | per question (median of 3 runs): median "
            f"{result.median_ms:.2f} ms, p99 {result.p99_ms:.2f} ms"
        )
    lines.append(BARS)
    worst = worst_case(matcher)
    lines.append(
        f"adversarial inputs ({worst.inputs}: a 5,000-character word, 1,000 characters of "
        f"random words, near-typos, digits, ...): costliest input {worst.worst_median_ms:.2f} ms "
        f"(median of 21 runs), slowest single run {worst.max_ms:.2f} ms, "
        f"tracemalloc peak {worst.peak_kib:.0f} KiB"
    )
    if check_hash_seeds:
        digests = digests_under_hash_seeds(knowledge_dir, eval_dir)
        same = len(set(digests.values())) == 1
        seeds = ", ".join(digests)
        lines.append(
            f"answers identical under PYTHONHASHSEED {seeds}: {'yes' if same else 'NO'} "
            f"(digest {next(iter(digests.values())) if same else digests})"
        )
    if show_calibration:
        _value, bar, (top1, top3, wrong, dont_know) = calibrate(matcher, parts["tuning"])[0]
        lines.append(
            f"calibrated on the tuning part: {bar} -> top-1 {top1:.1%}, top-3 {top3:.1%}, "
            f'confident-wrong {wrong:.1%}, "I don\'t know" {dont_know:.1%}'
        )
    if show_misses:
        lines.append("misses in the tuning part (the held-out part is never listed):")
        lines.extend(tuning_misses(matcher, parts["tuning"]))
    return lines
