"""What a staff question is about, learned from labelled examples of how staff ask.

The lexical matcher (domain/kb_matcher.py) reads a question: folding, Snowball stems, typo
correction, synonyms, compounds. On its own it ranks entries by hand-weighed word overlap,
which measured well on the questions it was tuned on and far worse on questions written
blind (issue 16; docs/admin.md has the figures). This module learns instead: one logistic
regression per entry (scikit-learn, one-vs-rest) of whether that entry answers a question,
and one of whether none does, over three kinds of features of a question, trained on the
labelled example questions with every entry that answers each (knowledge/nl/_examples.tsv,
with '-' for questions the knowledge base should not answer), typo'd copies of most of them
(domain/kb_typos.py), and on the entries' own titles and question variants. A third of the
questions in scope are answered by more than one entry ('de meldroute' and 'signalen' for a
described situation); learned for its first entry only (the multinomial model before round
4o), such a question split its probability between them and the right first entry looked
unsure. The features:
- character n-grams (2 to 5 letters) of every word, which survive typos and compounds;
- words and word pairs as typed;
- what the lexical matcher read the question as (stems, corrected typos, synonyms), which
  brings in the knowledge base's own word lists.
Each kind is weighed like TF-IDF (sublinear counts times inverse document frequency) and
normalised on its own. The model answers with a probability per entry that it answers the
question, and one that none does; they need not add up to one.

Training needs scikit-learn (about 22 seconds at start-up on a quiet 2-core machine, the
regressions fitted up to four at a time, one per core; once per process for the same knowledge, or read from a
cache folder); answering needs only numpy: the features of one question are gathered from the
coefficient matrix and summed, and each label's sum is its log-odds.
`python -m bot kb-eval` measures the cost per question and for adversarial inputs, and checks
that the answers are the same under several PYTHONHASHSEEDs (a fixed solver, features in
sorted order).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import math
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from itertools import pairwise
from pathlib import Path
from threading import Lock

import numpy as np

from domain.code_table import CodeTable

log = logging.getLogger(__name__)

NONE = "-"  # the label of a question the knowledge base should not answer (no entry answers it)
CHAR_GRAMS = range(2, 6)
# Inverse regularisation strength of each entry's regression: 10 had a hair more room inside the
# bars than 30 on the blind parts (round 4o, nested: 86.0 / 97.4 / 2.1 / 82.7 % against 86.0 /
# 97.0 / 2.1 / 84.2 %).
C = 10.0
# Character n-grams read per question, counted as letters times n-gram sizes: the longest of
# the 6,168 texts of the examples, the entries and the held-out part comes to 896 by this
# count (a question of 48 words, MAX_WORDS, of average length about 930), so it bounds mainly
# text built to cost (1,200 cost the costliest such text a fifth more).
MAX_GRAMS = 1000
MAX_ITERATIONS = 200
TOLERANCE = 1e-3
# A label no example has, or every example has, cannot be fitted: its log-odds are this sure.
# A label that every example has, or none, cannot be fitted: its log-odds are this sure. Not
# reached through Matcher (each entry's title is an example of that entry alone), only by
# train() on examples of one label.
CONSTANT_LOGIT = 10.0
TRAINING_THREADS = 4  # at most, and no more than the cores this process may use

Example = tuple[str, tuple[str, ...]]  # text, the entries that answer it (none: learned as NONE)
Reader = Callable[[str], Iterable[str]]  # what the lexical matcher read a text as


def _gram_slices(word: str) -> Iterable[str]:
    """The character n-grams of a word, with a space before and after it."""
    padded = f" {word} "
    return (
        padded[start : start + size]
        for size in CHAR_GRAMS
        for start in range(len(padded) - size + 1)
    )


def _grams(word: str) -> list[str]:
    """The character n-grams of a word as features (with their kind's prefix)."""
    return ["c" + gram for gram in _gram_slices(word)]


# The letters of a folded word (fold() in kb_matcher.py) and the space around it, each as a
# number from 1 (six bits): an n-gram of up to 5 is then one integer, and a question's n-grams
# are looked up all at once (numpy) instead of one slice at a time in Python, which cost
# about 0.15 ms on long text built to cost. Any other character is OTHER, which no coded
# n-gram has, so it matches nothing (folded words have none).
GRAM_ALPHABET = " abcdefghijklmnopqrstuvwxyz0123456789"
OTHER = 63
_SYMBOL = np.full(256, OTHER, dtype=np.int64)
_SYMBOL[[ord(ch) for ch in GRAM_ALPHABET]] = np.arange(1, len(GRAM_ALPHABET) + 1)
_BITS = 6


def _gram_code(gram: str) -> int | None:
    """An n-gram as one integer (its symbols, first in the lowest bits); None when it has a
    character outside GRAM_ALPHABET. Symbols are never 0, so n-grams of different lengths
    never share a code."""
    if len(gram) >= CHAR_GRAMS.stop or any(ch not in GRAM_ALPHABET for ch in gram):
        return None  # never a window of a question (and too long for 64 bits)
    return sum(int(_SYMBOL[ord(ch)]) << (_BITS * at) for at, ch in enumerate(gram))


def _gram_codes(words: Sequence[str]) -> np.ndarray:
    """The codes of every window of 2 to 5 characters of the words, each with a space before
    and after it (shared between two words). Every character n-gram of a padded word
    (_gram_slices) is one of them; the others cross from one word into the next, with a space
    inside, which no word's n-gram has, so they match none of the model's."""
    text = (" " + " ".join(words) + " ").encode("ascii", "replace")
    size = len(text)
    # Windows running past the end take the padding's OTHER and match nothing either.
    symbols = _SYMBOL[np.frombuffer(text + b"\xff" * CHAR_GRAMS.stop, dtype=np.uint8)]
    codes = symbols[:size]  # of the windows of one character
    found: list[np.ndarray] = []
    for length in range(2, CHAR_GRAMS.stop):  # each length's codes extend the shorter ones
        codes = codes | (symbols[length - 1 : length - 1 + size] << (_BITS * (length - 1)))
        if length in CHAR_GRAMS:
            found.append(codes)
    return np.concatenate(found)


_LOG_COUNTS = np.array([0.0] + [1.0 + math.log(count) for count in range(1, 64)])


def _sublinear(counts: np.ndarray) -> np.ndarray:
    """1 + ln(count) per count, by math.log as before numpy counted (the same numbers to the
    last bit, so the same model is learned)."""
    if counts.max() < len(_LOG_COUNTS):
        return _LOG_COUNTS[counts]
    return np.array([1.0 + math.log(count) for count in counts.tolist()])


def _counted(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct columns of a block, sorted, and how often each occurs: what np.unique with
    return_counts gives, without its general-purpose checks (about a tenth of reading the
    model's features of a long question)."""
    ordered = np.sort(block)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


def _gram_words(words: Sequence[str]) -> Iterable[str]:
    """The words whose character n-grams are read: all of them, up to MAX_GRAMS."""
    budget = MAX_GRAMS
    for word in words:
        budget -= len(word) * len(CHAR_GRAMS)  # about the number of its n-grams
        if budget < 0:
            return  # only for text built to cost: no question staff typed comes near
        yield word


def _typed(words: Sequence[str]) -> list[str]:
    """The words and word pairs as typed."""
    return ["w" + w for w in words] + [f"p{a} {b}" for a, b in pairwise(words)]


def _blocks(words: Sequence[str], read_as: Iterable[str]) -> tuple[Counter[str], ...]:
    """The raw counts of each kind of feature; `words` are folded and bounded already."""
    grams: Counter[str] = Counter()
    for word in _gram_words(words):
        grams.update(_grams(word))
    read: Counter[str] = Counter({"r" + term: 1 for term in read_as})
    return grams, Counter(_typed(words)), read


@dataclass(frozen=True)
class Prediction:
    """The model's probabilities: per entry id that it answers the question, best first, and
    that no entry does. Each is its own regression's: they need not add up to one."""

    ranked: tuple[tuple[str, float], ...]
    none: float


class LearnedModel:
    """A trained model: the feature index, IDF weights and coefficients as numpy arrays."""

    def __init__(
        self,
        index: dict[str, int],
        idf: np.ndarray,
        coefficients: np.ndarray,
        intercept: np.ndarray,
        labels: tuple[str, ...],
    ) -> None:
        self._index = index
        self._idf = idf
        self._coefficients = coefficients  # features x labels
        self._intercept = intercept
        self._labels = labels
        # The character n-grams by their codes (_gram_code), with their columns (sorted, so
        # that the table is built alike whatever order the index has).
        coded = sorted(
            (code, column)
            for feature, column in index.items()
            if feature.startswith("c") and (code := _gram_code(feature[1:])) is not None
        )
        self._grams = CodeTable([code for code, _ in coded], [column for _, column in coded])

    @property
    def labels(self) -> tuple[str, ...]:
        return self._labels

    @property
    def index(self) -> dict[str, int]:
        return self._index

    @property
    def idf(self) -> np.ndarray:
        return self._idf

    @property
    def coefficients(self) -> np.ndarray:
        return self._coefficients

    @property
    def intercept(self) -> np.ndarray:
        return self._intercept

    def vector(self, words: Sequence[str], read_as: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """The features of a question as (columns, values): TF-IDF per kind, each normalised.
        `words` are folded (a-z and 0-9 only, as words_of gives them: other characters match no
        character n-gram). Only features the model knows are looked at; nothing of a question
        is remembered."""
        get = self._index.get
        grams = self._known_grams(list(_gram_words(words)))
        typed = [c for feature in _typed(words) if (c := get(feature)) is not None]
        read = {c for term in read_as if (c := get("r" + term)) is not None}  # each once
        columns: list[np.ndarray] = []
        values: list[np.ndarray] = []
        # Counted and weighed by numpy: a long question has up to a thousand n-grams, and
        # doing this per n-gram in Python took about 0.1 ms of the costliest inputs.
        for block in (grams, np.array(typed, dtype=np.intp), np.array(list(read), dtype=np.intp)):
            if not len(block):
                continue
            found, counts = _counted(block)
            weights = _sublinear(counts) * self._idf[found]
            # The norm summed left to right (cumsum), as Python 3.11's sum() did (3.12's
            # compensates): a model trained with other rounding learns other weights (its
            # solver stops at a tolerance).
            norm = math.sqrt(float(np.cumsum(weights * weights)[-1]))  # IDF >= 1: never 0
            columns.append(found)
            values.append(weights / norm)
        if not columns:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        return np.concatenate(columns), np.concatenate(values)

    def _known_grams(self, words: Sequence[str]) -> np.ndarray:
        """The columns of the words' character n-grams the model knows, one per occurrence."""
        if not words or not len(self._grams):
            return np.zeros(0, dtype=np.intp)
        return self._grams.columns_of(_gram_codes(words))

    def predict(self, words: Sequence[str], read_as: Iterable[str]) -> Prediction:
        columns, values = self.vector(words, read_as)
        logits = self._intercept.copy()
        if len(columns):
            logits += values @ self._coefficients[columns]
        probabilities = 1.0 / (1.0 + np.exp(-np.clip(logits, -50.0, 50.0)))
        pairs = [(label, float(p)) for label, p in zip(self._labels, probabilities, strict=True)]
        none = next((p for label, p in pairs if label == NONE), 0.0)
        ranked = sorted(
            ((label, p) for label, p in pairs if label != NONE), key=lambda x: (-x[1], x[0])
        )
        return Prediction(tuple(ranked), none)


def labels_of(examples: Sequence[Example]) -> tuple[str, ...]:
    """The labels a model of these examples tells apart: every entry they name, and NONE when
    some example has no entry."""
    return tuple(sorted({label for _text, names in examples for label in _learned_as(names)}))


def _learned_as(names: tuple[str, ...]) -> tuple[str, ...]:
    """The labels an example is learned as: its entries, or NONE when it has none."""
    return names or (NONE,)


def _threads() -> int:
    """How many regressions are fitted at once: one per core this process may use (a
    container's CPU limit included, where the system reports it as affinity), at most
    TRAINING_THREADS. liblinear copies the training matrix per fit, so more threads than cores
    would only cost memory."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cores = os.cpu_count() or 1
    return max(1, min(TRAINING_THREADS, cores))


def train(
    examples: Sequence[Example], read: Reader, words_of: Callable[[str], list[str]]
) -> LearnedModel:
    """Fit the model on the examples, one regression per label of labels_of; `words_of` gives
    folded words (see LearnedModel.vector)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    # Each text read once: reading (the lexical matcher) is the costly part of training.
    inputs = [(words_of(text), list(read(text))) for text, _labels in examples]
    documents = [_blocks(words, read_as) for words, read_as in inputs]
    frequency: Counter[str] = Counter()
    for blocks in documents:
        for block in blocks:
            frequency.update(block.keys())
    features = sorted(frequency)
    index = {feature: column for column, feature in enumerate(features)}
    count = len(documents)
    # scikit-learn's smooth IDF: ln((1 + n) / (1 + df)) + 1
    idf = np.array([math.log((1 + count) / (1 + frequency[f])) + 1.0 for f in features])
    labels = labels_of(examples)
    model = LearnedModel(index, idf, np.zeros((len(features), len(labels))), np.zeros(0), labels)
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, (words, read_as) in enumerate(inputs):
        found, weights = model.vector(words, read_as)
        rows.extend([row] * len(found))
        columns.extend(found.tolist())
        values.extend(weights.tolist())
    matrix = csr_matrix((values, (rows, columns)), shape=(count, len(features)))
    coefficients = np.zeros((len(features), len(labels)))
    intercept = np.zeros(len(labels))
    learned_as = [set(_learned_as(names)) for _text, names in examples]

    def fit(column: int) -> None:
        label = labels[column]
        positive = np.array([label in names for names in learned_as])
        if positive.all() or not positive.any():
            intercept[column] = CONSTANT_LOGIT if positive.all() else -CONSTANT_LOGIT
            return
        regression = LogisticRegression(
            C=C, solver="liblinear", max_iter=MAX_ITERATIONS, tol=TOLERANCE, random_state=0
        )
        regression.fit(matrix, positive)
        coefficients[:, column] = regression.coef_[0]
        intercept[column] = float(regression.intercept_[0])

    # liblinear lets go of the GIL while it fits, so the labels' regressions share the cores;
    # each writes only its own column and intercept. Threads are safe here only because this
    # solver (liblinear's primal one for L2 logistic regression) draws no random numbers:
    # liblinear's generator is one per process, so a solver that draws (the dual ones) would
    # learn a model that depends on how the threads interleave, and must fit one label at a time.
    with ThreadPoolExecutor(max_workers=_threads()) as pool:
        list(pool.map(fit, range(len(labels))))
    return LearnedModel(index, idf, coefficients, intercept, labels)


MODEL_FORMAT = 2  # raise when the saved file changes (2: one regression per label)
KEPT_MODELS = 4  # models kept in a cache folder; older ones are removed when one is written
# What a model also depends on besides its examples: the code that reads a text and makes
# its features and the typo'd copies, and the libraries that stem, correct and train.
CODE_FILES = ("kb_learned.py", "kb_matcher.py", "kb_typos.py", "knowledge.py", "lexicon.py")
LIBRARIES = ("numpy", "scikit-learn", "scipy", "PyStemmer", "rapidfuzz", "pyspellchecker")


@functools.cache
def code_fingerprint() -> str:
    """A digest of the code in CODE_FILES and the versions of LIBRARIES: a model cached by
    other code or other libraries is not used."""
    hashed = hashlib.sha256()
    folder = Path(__file__).parent
    for name in CODE_FILES:
        hashed.update((folder / name).read_bytes())
    for library in LIBRARIES:
        try:
            hashed.update(f"{library} {metadata.version(library)}\n".encode())
        except metadata.PackageNotFoundError:
            hashed.update(f"{library} -\n".encode())
    return hashed.hexdigest()


def digest(examples: Sequence[Example], *extra: str) -> str:
    """What a trained model depends on: the examples, whatever else the caller names (how the
    texts are read), how it is trained, and the code and libraries (code_fingerprint)."""
    hashed = hashlib.sha256()
    settings = f"{MODEL_FORMAT} {C} {tuple(CHAR_GRAMS)} {MAX_ITERATIONS} {TOLERANCE}\n"
    hashed.update(settings.encode())
    hashed.update(code_fingerprint().encode())
    for text, labels in examples:
        hashed.update(f"{text}\t{'|'.join(labels)}\n".encode("utf-8", "surrogatepass"))
    for part in extra:
        hashed.update(part.encode("utf-8", "surrogatepass"))
    return hashed.hexdigest()


def save(model: LearnedModel, path: Path) -> None:
    """Write a model as plain arrays (numpy's .npz, no pickled objects), atomically: to a
    temporary file of its own in the same folder, then renamed."""
    features = [""] * len(model.index)
    for feature, column in model.index.items():
        features[column] = feature
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez(
                file,
                features=np.array(features, dtype=str),
                idf=model.idf,
                coefficients=model.coefficients,
                intercept=model.intercept,
                labels=np.array(model.labels, dtype=str),
            )
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise


def load(path: Path, labels: tuple[str, ...]) -> LearnedModel:
    """A model written by `save` for these labels; ValueError when the file is not one (any
    error reading it, arrays that do not fit together or are not finite, IDF weights below 1,
    other labels)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            features = [str(f) for f in data["features"].tolist()]
            model = LearnedModel(
                {feature: column for column, feature in enumerate(features)},
                np.asarray(data["idf"], dtype=float),
                np.asarray(data["coefficients"], dtype=float),
                np.asarray(data["intercept"], dtype=float),
                tuple(str(label) for label in data["labels"].tolist()),
            )
    except Exception as error:  # numpy and zipfile raise many kinds on a damaged file
        raise ValueError(f"not a saved model: {type(error).__name__}") from None
    shape = (len(features), len(model.labels))
    fits = (
        bool(features)
        and len(model.index) == len(features)
        and model.coefficients.shape == shape
        and model.idf.shape == shape[:1]
        and model.intercept.shape == shape[1:]
    )
    if not fits:
        raise ValueError("not a saved model: its arrays do not fit together")
    if model.labels != labels:
        raise ValueError("not a saved model for this knowledge base: other labels")
    finite = all(
        np.isfinite(array).all() for array in (model.idf, model.coefficients, model.intercept)
    )
    if not finite:
        raise ValueError("not a saved model: numbers that are not finite")
    if (model.idf < 1.0).any():  # smooth IDF is at least 1; a feature vector divides by it
        raise ValueError("not a saved model: IDF weights below 1")
    return model


_trained: dict[str, LearnedModel] = {}
_training = Lock()


def trained(
    key: str,
    labels: tuple[str, ...],
    build: Callable[[], LearnedModel],
    cache: Path | None = None,
) -> LearnedModel:
    """One trained model per process for the same key: training takes seconds, and the bot,
    the tools and the tests build matchers for the same knowledge many times. With a cache
    folder, a model trained before (by any process, with the same code and libraries) is read
    from it instead; a file that cannot be read as a model for these labels is trained anew
    and written again, and a folder that cannot be written to only costs the training."""
    with _training:
        if key not in _trained:
            if len(_trained) >= 8:
                _trained.pop(next(iter(_trained)))
            _trained[key] = _from_cache(key, labels, build, cache) if cache else build()
        return _trained[key]


def _from_cache(
    key: str, labels: tuple[str, ...], build: Callable[[], LearnedModel], cache: Path
) -> LearnedModel:
    path = cache / f"kb-model-{key[:40]}.npz"
    if path.is_file():
        try:
            return load(path, labels)
        except ValueError as error:
            log.warning("knowledge-base model cache not used: %s", error)
    model = build()
    try:
        save(model, path)
    except OSError as error:
        log.warning("knowledge-base model not cached: %s", type(error).__name__)
        return model
    _prune(cache, keep=path)
    return model


def _prune(cache: Path, keep: Path) -> None:
    """Only the KEPT_MODELS most recently written models stay in the folder."""
    with contextlib.suppress(OSError):
        models = sorted(cache.glob("kb-model-*.npz"), key=lambda p: p.stat().st_mtime)
        for old in [p for p in models if p != keep][: max(0, len(models) - KEPT_MODELS)]:
            old.unlink(missing_ok=True)
