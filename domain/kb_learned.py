"""What a staff question is about, learned from labelled examples of how staff ask.

The lexical matcher (domain/kb_matcher.py) reads a question: folding, Snowball stems, typo
correction, synonyms, compounds. On its own it ranks entries by hand-weighed word overlap,
which measured well on the questions it was tuned on and far worse on questions written
blind (issue 16; docs/admin.md has the figures). This module learns instead: a multinomial logistic regression
(scikit-learn) over three kinds of features of a question, trained on the labelled example
questions (knowledge/nl/_examples.tsv, with '-' for questions the knowledge base should not
answer) and on the entries' own titles and question variants:
- character n-grams (2 to 5 letters) of every word, which survive typos and compounds;
- words and word pairs as typed;
- what the lexical matcher read the question as (stems, corrected typos, synonyms), which
  brings in the knowledge base's own word lists.
Each kind is weighed like TF-IDF (sublinear counts times inverse document frequency) and
normalised on its own. The model answers with a probability per entry and for "none of them".

Training needs scikit-learn (about two seconds at start-up, once per process for the same
knowledge); answering needs only numpy: the features of one question are gathered from the
coefficient matrix and summed. `python -m bot kb-eval` measures the cost per question (about
0.2 ms median; its costliest adversarial input about 1 ms) and checks that the answers are
the same under several PYTHONHASHSEEDs (a fixed solver, features in sorted order).
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from threading import Lock

import numpy as np

NONE = "-"  # the label of a question the knowledge base should not answer
CHAR_GRAMS = range(2, 6)
C = 30.0  # inverse regularisation strength, chosen by cross-validation (see kb-eval)
MAX_ITERATIONS = 200
WORD_CACHE = 8192  # words whose known n-grams are remembered per model
TOLERANCE = 1e-3

Example = tuple[str, str]  # text, label (an entry id, or NONE)
Reader = Callable[[str], Iterable[str]]  # what the lexical matcher read a text as


def _grams(word: str) -> list[str]:
    """The character n-grams of a word, with a space before and after it."""
    padded = f" {word} "
    return [
        "c" + padded[start : start + size]
        for size in CHAR_GRAMS
        for start in range(len(padded) - size + 1)
    ]


def _blocks(words: Sequence[str], read_as: Iterable[str]) -> tuple[Counter[str], ...]:
    """The raw counts of each kind of feature; `words` are folded and bounded already."""
    grams: Counter[str] = Counter()
    for word in words:
        grams.update(_grams(word))
    typed: Counter[str] = Counter("w" + w for w in words)
    typed.update(f"p{a} {b}" for a, b in pairwise(words))
    read: Counter[str] = Counter({"r" + term: 1 for term in read_as})
    return grams, typed, read


@dataclass(frozen=True)
class Prediction:
    """The model's probabilities: per entry id, best first, and that no entry is meant."""

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
        self._idf_of = idf.tolist()
        self._known_grams: dict[str, list[int]] = {}

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

    def vector(self, words: Sequence[str], read_as: Iterable[str]) -> tuple[list[int], list[float]]:
        """The features of a question as (columns, values): TF-IDF per kind, each normalised.
        Only features the model knows are looked at; a word's known n-grams are remembered."""
        get = self._index.get
        grams: list[int] = []
        for word in words:
            known = self._known_grams.get(word)
            if known is None:
                known = [c for c in map(get, _grams(word)) if c is not None]
                if len(self._known_grams) < WORD_CACHE:
                    self._known_grams[word] = known
            grams.extend(known)
        typed = [get("w" + w) for w in words]
        typed += [get(f"p{a} {b}") for a, b in pairwise(words)]
        read = {get("r" + term) for term in read_as}
        columns: list[int] = []
        values: list[float] = []
        for block in (grams, typed, read):
            start = len(columns)
            counts = Counter(column for column in block if column is not None)
            for column, count in sorted(counts.items()):
                columns.append(column)
                values.append((1.0 + math.log(count)) * self._idf_of[column])
            norm = math.sqrt(sum(v * v for v in values[start:]))
            if norm:
                values[start:] = [v / norm for v in values[start:]]
        return columns, values

    def predict(self, words: Sequence[str], read_as: Iterable[str]) -> Prediction:
        columns, values = self.vector(words, read_as)
        logits = self._intercept.copy()
        if columns:
            logits += np.asarray(values) @ self._coefficients[columns]
        logits -= logits.max()
        odds = np.exp(logits)
        probabilities = odds / odds.sum()
        pairs = [(label, float(p)) for label, p in zip(self._labels, probabilities, strict=True)]
        none = next((p for label, p in pairs if label == NONE), 0.0)
        ranked = sorted(
            ((label, p) for label, p in pairs if label != NONE), key=lambda x: (-x[1], x[0])
        )
        return Prediction(tuple(ranked), none)


def train(
    examples: Sequence[Example], read: Reader, words_of: Callable[[str], list[str]]
) -> LearnedModel:
    """Fit the model on the examples. Needs at least two different labels."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    documents = [_blocks(words_of(text), read(text)) for text, _label in examples]
    frequency: Counter[str] = Counter()
    for blocks in documents:
        for block in blocks:
            frequency.update(block.keys())
    features = sorted(frequency)
    index = {feature: column for column, feature in enumerate(features)}
    count = len(documents)
    # scikit-learn's smooth IDF: ln((1 + n) / (1 + df)) + 1
    idf = np.array([math.log((1 + count) / (1 + frequency[f])) + 1.0 for f in features])
    labels = tuple(sorted({label for _text, label in examples}))
    model = LearnedModel(index, idf, np.zeros((len(features), len(labels))), np.zeros(0), labels)
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, (text, _label) in enumerate(examples):
        found, weights = model.vector(words_of(text), read(text))
        rows.extend([row] * len(found))
        columns.extend(found)
        values.extend(weights)
    matrix = csr_matrix((values, (rows, columns)), shape=(count, len(features)))
    regression = LogisticRegression(C=C, solver="newton-cg", max_iter=MAX_ITERATIONS, tol=TOLERANCE)
    regression.fit(matrix, [label for _text, label in examples])
    coefficients = np.ascontiguousarray(regression.coef_.T)
    intercept = np.asarray(regression.intercept_, dtype=float)
    if len(labels) == 2:  # a binary model has one column: the second label's log-odds
        coefficients = np.hstack([np.zeros((len(features), 1)), coefficients])
        intercept = np.array([0.0, float(intercept[0])])
    return LearnedModel(
        index, idf, coefficients, intercept, tuple(str(c) for c in regression.classes_)
    )


MODEL_FORMAT = 1  # raise when the features or the file change: older cached models are then unused


def digest(examples: Sequence[Example], *extra: str) -> str:
    """What a trained model depends on: the examples, whatever else the caller names (how the
    texts are read), and how it is trained."""
    hashed = hashlib.sha256()
    settings = f"{MODEL_FORMAT} {C} {tuple(CHAR_GRAMS)} {MAX_ITERATIONS} {TOLERANCE}\n"
    hashed.update(settings.encode())
    for text, label in examples:
        hashed.update(f"{text}\t{label}\n".encode("utf-8", "surrogatepass"))
    for part in extra:
        hashed.update(part.encode("utf-8", "surrogatepass"))
    return hashed.hexdigest()


def save(model: LearnedModel, path: Path) -> None:
    """Write a model as plain arrays (numpy's .npz, no pickled objects), atomically."""
    features = [""] * len(model.index)
    for feature, column in model.index.items():
        features[column] = feature
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    with partial.open("wb") as file:
        np.savez(
            file,
            features=np.array(features, dtype=str),
            idf=model.idf,
            coefficients=model.coefficients,
            intercept=model.intercept,
            labels=np.array(model.labels, dtype=str),
        )
    os.replace(partial, path)


def load(path: Path) -> LearnedModel:
    """A model written by `save`; ValueError when the file is not one."""
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
    except (OSError, KeyError, EOFError, zipfile.BadZipFile) as error:
        raise ValueError(f"not a saved model: {type(error).__name__}") from None
    shape = (len(features), len(model.labels))
    if model.coefficients.shape != shape or model.idf.shape != shape[:1]:
        raise ValueError("not a saved model: its arrays do not fit together")
    if model.intercept.shape != shape[1:]:
        raise ValueError("not a saved model: its arrays do not fit together")
    return model


_trained: dict[str, LearnedModel] = {}
_training = Lock()


def trained(key: str, build: Callable[[], LearnedModel], cache: Path | None = None) -> LearnedModel:
    """One trained model per process for the same key: training takes a few seconds, and the
    bot, the tools and the tests build matchers for the same knowledge many times. With a
    cache folder, a model trained before (by any process) is read from it instead; a file that
    cannot be read is trained anew and written again, and a folder that cannot be written to
    only costs the training."""
    with _training:
        if key not in _trained:
            if len(_trained) >= 8:
                _trained.pop(next(iter(_trained)))
            _trained[key] = _from_cache(key, build, cache) if cache else build()
        return _trained[key]


def _from_cache(key: str, build: Callable[[], LearnedModel], cache: Path) -> LearnedModel:
    path = cache / f"kb-model-{key[:40]}.npz"
    if path.is_file():
        try:
            return load(path)
        except ValueError:
            pass
    model = build()
    with contextlib.suppress(OSError):
        save(model, path)
    return model
