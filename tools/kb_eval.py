"""`python -m bot kb-eval`: what the question card shows for staff questions, measured.

Two parts, each a list of staff questions as typed in Teams, labelled with the entries that
answer them, or '-' when the knowledge base should say it does not know:
- the examples (knowledge/nl/_examples.tsv), which the matcher learns from. The blind sets
  that became examples are marked as parts ('# part: <name>' lines): each part is answered by
  a model learned from all other examples (and the entries' own question variants), the way
  a new blind set is answered by the matcher; examples outside the parts are always learned
  and not measured. Without parts, the examples are measured by 5-fold cross-validation
  instead (a question written the same way twice is kept in one fold). The thresholds are
  chosen on these same answers (`--calibrate`), so the examples' figures are optimistic; the
  held-out part is the honest measure. Their misses may be listed (`--misses`);
- the held-out part (knowledge/eval/nl-heldout.tsv), written by someone who never saw the
  knowledge base, frozen, and labelled afterwards; answered by the model learned from all
  examples. Only aggregate figures are printed for it. When it holds no questions, kb-eval
  says so ("held-out: no questions").
For comparison, the lexical matcher alone (no examples) is measured on both parts as well.
For each part, of what the card shows after the thresholds:
- top-1: the card presents its first entry as the answer, and that entry answers the question;
- top-3: one of the (at most three) entries shown answers it, as the answer or as a choice;
- confident-wrong: the card presents an answer, and it does not answer the question (a card
  that is unsure offers its entries as choices, "Bedoel je ...?", and presents none);
- out of scope answered "I don't know": nothing shown for a question marked '-'.
Speed: every question timed, and a set of adversarial inputs (a 5,000-character word, 1,000
characters of random words and of near-typos, ...) for the worst case, with tracemalloc's peak.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import json
import os
import random
import re
import statistics
import string
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from domain.kb_matcher import Answer, Evidence, LearnedThresholds, Matcher, fold
from domain.knowledge import EXAMPLES_FILE, KnowledgeBase, Labelled, load_knowledge, read_labelled

HELD_OUT_FILE = "nl-heldout.tsv"
HASH_SEEDS = ("0", "1", "4242")
FOLDS = 5  # without parts marked among the examples
FOLD_SEED = 16  # the examples are shuffled with this seed before they are split into folds
PART_MARK = "# part:"  # starts a blind part among the examples; '# part: -' ends it
MISWRITTEN_MARK = re.compile(r"(?i)^#\s*part\b")


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


Answerer = Callable[[int, str], Answer]  # the card for question number i of a part


def evaluate_part(name: str, items: list[Labelled], answer: Answerer) -> PartResult:
    """The figures for one part. Each question is timed three times and its median kept:
    the machine is shared, and one run can be held up by someone else's work."""
    answers = []
    timings = []
    for number, (question, _expected) in enumerate(items):
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            card = answer(number, question)
            runs.append((time.perf_counter() - started) * 1000)
        answers.append(card)
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


def folds_of(questions: list[str]) -> list[int]:
    """The fold of each example: the distinct questions (as the matcher folds them) shuffled
    with a fixed seed, then every FOLDS-th one; a question written the same way twice among
    the examples is in one fold, so it is not answered by a model that learned that twin."""
    distinct = sorted({fold(q) for q in questions})
    random.Random(FOLD_SEED).shuffle(distinct)
    fold_of = {question: position % FOLDS for position, question in enumerate(distinct)}
    return [fold_of[fold(q)] for q in questions]


def parts_of(path: Path) -> list[str | None]:
    """The part each example of the file belongs to (None: none), in the order read_labelled
    reads the examples. A part name used again continues that part. A mark written otherwise
    ('#part: x', '# Part: x') is refused rather than read as a comment: its questions would
    silently drop out of the measurement."""
    parts: list[str | None] = []
    current: str | None = None
    if not path.is_file():
        return parts
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if MISWRITTEN_MARK.match(line) and not line.startswith(PART_MARK):
            raise SystemExit(f"{path.name}:{number}: write a part mark as '{PART_MARK} <name>'")
        if line.startswith(PART_MARK):
            name = line[len(PART_MARK) :].strip()
            current = None if name in ("", "-") else name
        elif line.strip() and not line.startswith("#"):
            parts.append(current)
    return parts


def folds_of_parts(parts: list[str | None], questions: list[str]) -> list[int | None]:
    """The fold of each example: its part (numbered in the order the parts first appear;
    None outside the parts: always learned), or, when no part is marked, 5-fold
    cross-validation (folds_of)."""
    names = list(dict.fromkeys(p for p in parts if p))
    if not names:
        return list(folds_of(questions))
    number = {name: position for position, name in enumerate(names)}
    return [number[p] if p else None for p in parts]


class Evaluation:
    """The matchers measured: the one learned from all examples, one per part (or fold)
    learned from all other examples, and the lexical matcher alone."""

    def __init__(self, knowledge_dir: Path, eval_dir: Path) -> None:
        self.knowledge = load_knowledge(knowledge_dir)
        self.examples = list(self.knowledge.examples)
        self.held_out = read_labelled(eval_dir / HELD_OUT_FILE)
        check_labels(self.knowledge, self.held_out, "held-out")
        self.matcher = Matcher(self.knowledge)
        self.lexical = Matcher(replace(self.knowledge, examples=()))
        questions = [q for q, _e in self.examples]
        parts = parts_of(knowledge_dir / EXAMPLES_FILE)
        if parts and len(parts) != len(questions):
            raise SystemExit("the part marks could not be matched to the examples")
        self.by_parts = any(parts)
        self.fold = folds_of_parts(parts, questions)
        # The examples that are measured, each answered by the model of its part or fold.
        self.measured = [number for number, f in enumerate(self.fold) if f is not None]
        self.per_fold = [
            self.matcher.with_examples(
                self.knowledge,
                [item for item, f in zip(self.examples, self.fold, strict=True) if f != fold],
            )
            for fold in sorted({f for f in self.fold if f is not None})
        ]

    @property
    def measured_examples(self) -> list[Labelled]:
        return [self.examples[number] for number in self.measured]

    def cross_validated(self, number: int, question: str) -> Answer:
        """The card for example `number`, from a model that did not learn it."""
        fold = self.fold[number]
        assert fold is not None, "an example outside the parts is not measured"
        return self.per_fold[fold].answer(question)

    def evidence(self) -> list[Evidence]:
        """The evidence for every measured example, from the model of its part or fold."""
        return [
            self.per_fold[fold].evidence(self.examples[number][0])
            for number in self.measured
            if (fold := self.fold[number]) is not None
        ]

    def results(self) -> dict[str, PartResult]:
        lexical = self.lexical.answer
        known = {fold(q) for q, _e in self.examples}
        # Staff ask the commonest questions in the same words ('wat is de avim'): a held-out
        # question that is also an example is answered by a model that learned it.
        new = [item for item in self.held_out if fold(item[0]) not in known]
        measured = self.measured
        return {
            "examples": evaluate_part(
                "examples",
                self.measured_examples,
                lambda n, q: self.cross_validated(measured[n], q),
            ),
            "held-out, not among the examples": evaluate_part(
                "held-out, new", new, lambda _n, q: self.matcher.answer(q)
            ),
            "held-out": evaluate_part(
                "held-out", self.held_out, lambda _n, q: self.matcher.answer(q)
            ),
            "examples, lexical matcher alone": evaluate_part(
                "examples, lexical", self.measured_examples, lambda _n, q: lexical(q)
            ),
            "held-out, lexical matcher alone": evaluate_part(
                "held-out, lexical", self.held_out, lambda _n, q: lexical(q)
            ),
        }

    def misses(self) -> list[str]:
        """Per-question misses of the examples (cross-validated); never of the held-out part."""
        lines = []
        for number in self.measured:
            question, expected = self.examples[number]
            answer = self.cross_validated(number, question)
            shown = answer.entry_ids
            right = bool(shown) and answer.sure and shown[0] in expected
            if (expected and not right) or (not expected and shown):
                form = "answer" if answer.sure else "choices"
                lines.append(
                    f"  miss: {question!r} -> {form} {list(shown)} "
                    f"(expected {list(expected) or '-'})"
                )
        return lines


def evaluate(knowledge_dir: Path, eval_dir: Path) -> dict[str, PartResult]:
    return Evaluation(knowledge_dir, eval_dir).results()


def answers_digest(knowledge_dir: Path, eval_dir: Path) -> str:
    """A digest of everything the card shows for every question of both parts, answered by
    the matcher learned from all examples (its training included)."""
    knowledge = load_knowledge(knowledge_dir)
    matcher = Matcher(knowledge)
    digest = hashlib.sha256()
    texts = [q for q, _e in [*knowledge.examples, *read_labelled(eval_dir / HELD_OUT_FILE)]]
    for text in [*texts, *adversarial_inputs()]:
        card = matcher.answer(text)
        shown = ",".join(card.entry_ids)
        digest.update(f"{text}\t{shown}\t{card.sure:d}{card.emergency:d}\n".encode())
    return digest.hexdigest()[:16]


def digests_under_hash_seeds(knowledge_dir: Path, eval_dir: Path) -> dict[str, str]:
    """The answers digest computed in fresh processes, one per PYTHONHASHSEED."""
    code = (
        "import sys; from pathlib import Path; from tools.kb_eval import answers_digest; "
        "print(answers_digest(Path(sys.argv[1]), Path(sys.argv[2])))"
    )
    return {
        seed: _in_fresh_process(code, [knowledge_dir, eval_dir], PYTHONHASHSEED=seed).strip()
        for seed in HASH_SEEDS
    }


@contextlib.contextmanager
def _collector_frozen() -> Iterator[None]:
    """As the bot does after start-up (bot/__main__.py): what was loaded is kept out of the
    collector's full scans, which would otherwise pause a question now and then for tens of
    milliseconds (the models and word lists are hundreds of thousands of objects)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _in_fresh_process(code: str, paths: list[Path], **environment: str) -> str:
    """What `code` prints when run in a new Python process of this project, with `paths` as
    its arguments; its error output in the exception when it fails."""
    run = subprocess.run(
        [sys.executable, "-c", code, *map(str, paths)],
        env={**os.environ, **environment},
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
    )
    if run.returncode:
        raise RuntimeError(f"a measuring process failed: {run.stderr[-2000:]}")
    return run.stdout


def adversarial_inputs(seed: int = 16) -> list[str]:
    """Inputs built to cost the most: long words, many typos, many words, odd characters
    (one that Unicode normalisation makes 18 times longer). Another seed gives other random
    words, so that nothing of them is remembered from a run before."""
    rng = random.Random(seed)
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
        "\ufdfa" * 2000,
        "\ufdfa," * 1000,  # a sentence mark after each: read per sentence for emergency words
        "slaat " + "a, " * 700,
    ]


@dataclass(frozen=True)
class WorstCase:
    inputs: int
    worst_median_ms: float  # the costliest input, median of its runs
    worst_p99_ms: float  # the highest 99th percentile of any kind's runs
    max_ms: float  # the slowest single run (machine noise included)
    peak_kib: float


def worst_case(matcher: Matcher, repeats: int = 101) -> WorstCase:
    """Each kind of adversarial input timed `repeats` times, each time with other random
    words (another seed), so that no run is helped by what the matcher remembered from the
    one before; and its memory peak measured with tracemalloc on a fresh input. The figures
    are the median and the 99th percentile per kind; the machine is shared, so a single run
    can be slowed by others."""
    medians, percentiles, slowest = [], [], 0.0
    peak = 0
    kinds = len(adversarial_inputs())
    variants = [adversarial_inputs(1000 + run) for run in range(repeats)]
    fresh = adversarial_inputs(9999)
    for kind in range(kinds):
        timings = []
        for run in range(repeats):
            started = time.perf_counter()
            matcher.answer(variants[run][kind])
            timings.append((time.perf_counter() - started) * 1000)
        medians.append(statistics.median(timings))
        percentiles.append(_percentile(timings, 0.99))
        slowest = max(slowest, *timings)
        tracemalloc.start()
        matcher.answer(fresh[kind][::-1])
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return WorstCase(kinds, max(medians), max(percentiles), slowest, peak / 1024)


def worst_case_as_served(knowledge_dir: Path) -> WorstCase:
    """`worst_case` in a fresh process that holds only the matcher, as the bot does after
    start-up (one model, what was loaded frozen out of the collector's scans). Measured in
    kb-eval's own process, next to the models of every part and the evaluation's data, the
    same inputs took up to half as long again."""
    code = (
        "import json, sys; from dataclasses import asdict; from pathlib import Path; "
        "from domain.knowledge import load_knowledge; from domain.kb_matcher import Matcher; "
        "from tools.kb_eval import _collector_frozen, worst_case; "
        "matcher = Matcher(load_knowledge(Path(sys.argv[1])))\n"
        "with _collector_frozen(): print(json.dumps(asdict(worst_case(matcher))))"
    )
    return WorstCase(**json.loads(_in_fresh_process(code, [knowledge_dir])))


BARS_AT = (0.85, 0.95, 0.03, 0.80)  # issue 16: top-1, top-3 at least; confident-wrong at most;
# "I don't know" at least


def margins(scores: tuple[float, float, float, float]) -> tuple[float, ...]:
    """How far the figures (top-1, top-3, confident-wrong, "I don't know") stay inside each
    of the four bars, in shares (negative when a bar is missed), smallest first."""
    top1, top3, wrong, dont_know = scores
    at_top1, at_top3, at_wrong, at_dont_know = BARS_AT
    return tuple(
        sorted((top1 - at_top1, top3 - at_top3, at_wrong - wrong, dont_know - at_dont_know))
    )


def room(scores: tuple[float, float, float, float]) -> float:
    """How far the figures stay inside all four bars at once: the smallest margin."""
    return margins(scores)[0]


def fit_sure_weights(
    evidence: list[Evidence], items: list[Labelled], matcher: Matcher
) -> tuple[float, ...]:
    """The weights of the rule that decides whether the first entry shown is the answer
    (LearnedThresholds.sure_weights): a logistic regression, over the examples that show an
    entry, of whether that entry answers the question. Questions the knowledge base should not
    answer count too (their first entry never answers them): fitted on in-scope questions
    alone, the rule grew surer as 'none of them' grew, and presented an answer to 133 of
    1,743 such questions of the blind parts against 81 when this changed (round 4k), at the
    same top-1."""
    from sklearn.linear_model import LogisticRegression

    rows, right = [], []
    for seen, (_question, expected) in zip(evidence, items, strict=True):
        shown = matcher.choose_learned(seen, LearnedThresholds(max_none=1.0, min_shown=0.0))
        if shown.matches:
            rows.append(seen.sure_features(shown.entry_ids[0]))
            right.append(bool(expected) and shown.entry_ids[0] in expected)
    fitted = LogisticRegression(C=1.0, max_iter=2000).fit(rows, right)
    return (round(float(fitted.intercept_[0]), 3), *(round(float(w), 3) for w in fitted.coef_[0]))


def preference(scores: tuple[float, float, float, float], bar: LearnedThresholds) -> tuple:
    """The order in which `calibrate` prefers thresholds (smaller first): the most room
    inside all four bars; among equal room, the most room on the next bar, and so on (a new
    set that misses one bar by a hair can as easily miss another); then the surest rule, the
    lowest "none of them" threshold and the fewest choices shown."""
    return (
        *(-round(margin, 6) for margin in margins(scores)),
        -bar.sure,
        bar.max_none,
        -bar.min_shown,
    )


def calibrate(evaluation: Evaluation) -> list[tuple[float, LearnedThresholds, tuple]]:
    """Thresholds tried on the examples' blind parts as measured (each part answered by a
    model that did not learn it), best first by `preference`. The rule for being sure is
    fitted on the same answers, so the figures it reaches there are optimistic."""
    items = evaluation.measured_examples
    evidence = evaluation.evidence()
    matcher = evaluation.matcher
    weights = fit_sure_weights(evidence, items, matcher)
    tried = []
    for max_none, min_shown, sure in itertools.product(
        (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9),
        (0.02, 0.03, 0.05),
        [round(0.5 + 0.02 * step, 2) for step in range(24)],
    ):
        bar = LearnedThresholds(max_none, min_shown, weights, sure)
        answers = [matcher.choose_learned(seen, bar) for seen in evidence]
        scores = _scores(answers, items)
        tried.append((round(room(scores), 6), bar, scores))
    tried.sort(key=lambda t: preference(t[2], t[1]))
    return tried


BARS = (
    (
        "bars on the held-out part: top-1 >= {:.0%}, top-3 >= {:.0%}, confident-wrong <= {:.0%}, "
        'out of scope answered "I don\'t know" >= {:.0%}, p99 < 2 ms'
    )
    .format(*BARS_AT)
    .replace("%", " %")
)


def _line(name: str, result: PartResult, timing: bool = True) -> str:
    if not result.in_scope + result.out_of_scope:
        return f"{name}: no questions"
    line = (
        f"{name:9} {result.in_scope:4} questions: top-1 {result.top1:6.1%}  "
        f"top-3 {result.top3:6.1%}  confident-wrong {result.confident_wrong:5.1%} | "
        f'{result.out_of_scope:3} out of scope: "I don\'t know" '
        f"{result.dont_know_out_of_scope:6.1%}"
    )
    if timing:
        line += (
            f" | per question (median of 3 runs): median {result.median_ms:.2f} ms, "
            f"p99 {result.p99_ms:.2f} ms"
        )
    return line


def run(
    knowledge_dir: Path,
    eval_dir: Path,
    *,
    show_misses: bool = False,
    show_calibration: bool = False,
    check_hash_seeds: bool = True,
) -> list[str]:
    """The lines `python -m bot kb-eval` prints."""
    started = time.perf_counter()
    evaluation = Evaluation(knowledge_dir, eval_dir)
    built = time.perf_counter() - started
    with _collector_frozen():  # the per-question timings are taken here
        results = evaluation.results()
    lines = [
        f"learned from {len(evaluation.examples)} examples and the entries' question variants "
        f"({len(evaluation.per_fold) + 1} models, {built:.1f} s in all)"
    ]
    how = (
        f"{len(evaluation.per_fold)} blind parts, each answered by a model learned from the rest"
        if evaluation.by_parts
        else "5-fold cross-validated"
    )
    lines.append(_line(f"examples ({how})", results["examples"]))
    lines.append(_line("held-out", results["held-out"]))
    lines.append(
        _line(
            "  of which not among the examples",
            results["held-out, not among the examples"],
            timing=False,
        )
    )
    lines.append("the lexical matcher alone, for comparison:")
    lines.append(_line("  examples", results["examples, lexical matcher alone"], timing=False))
    lines.append(_line("  held-out", results["held-out, lexical matcher alone"], timing=False))
    lines.append(BARS)
    worst = worst_case_as_served(knowledge_dir)
    lines.append(
        f"adversarial inputs, timed in a process holding only the matcher ({worst.inputs} kinds: a 5,000-character word, 1,000 characters of "
        f"random words, near-typos, digits, sentence marks, ...; new random words in each of 101 "
        f"runs): costliest kind {worst.worst_median_ms:.2f} ms (median), highest p99 of a kind "
        f"{worst.worst_p99_ms:.2f} ms, slowest single run {worst.max_ms:.2f} ms, "
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
        _value, bar, (top1, top3, wrong, dont_know) = calibrate(evaluation)[0]
        lines.append(
            f"calibrated on the examples as measured: {bar} -> top-1 {top1:.1%}, "
            f'top-3 {top3:.1%}, confident-wrong {wrong:.1%}, "I don\'t know" {dont_know:.1%}'
        )
    if show_misses:
        lines.append("misses among the examples as measured (held-out is never listed):")
        lines.extend(evaluation.misses())
    return lines
