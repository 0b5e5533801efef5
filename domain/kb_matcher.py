"""Offline matching of a staff question to knowledge-base entries, fast and without any AI service.

Dutch text is normalised (case, accents, punctuation), reduced to light stems (plurals,
diminutives, doubled vowels: 'signalen' and 'signaal' meet), typos within one or two edits are
mapped onto the vocabulary, and compounds are split into known words ('mensensmokkel' also
counts as 'smokkel'). Entries are ranked with BM25 over their title, question variants and
keywords, plus a character-trigram similarity with the closest question variant.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from domain.knowledge import Entry, KnowledgeBase

_NON_WORD = re.compile(r"[^a-z0-9]+")
STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "voor",
        "op",
        "in",
        "aan",
        "met",
        "bij",
        "naar",
        "als",
        "dat",
        "die",
        "dit",
        "deze",
        "er",
        "is",
        "zijn",
        "was",
        "waren",
        "wordt",
        "worden",
        "word",
        "ik",
        "je",
        "jij",
        "u",
        "we",
        "wij",
        "ze",
        "zij",
        "hij",
        "haar",
        "hem",
        "ons",
        "mijn",
        "jouw",
        "zijn",
        "hun",
        "wat",
        "hoe",
        "wie",
        "waar",
        "wanneer",
        "welke",
        "welk",
        "waarom",
        "moet",
        "moeten",
        "kan",
        "kunnen",
        "mag",
        "mogen",
        "wil",
        "willen",
        "zou",
        "zal",
        "heb",
        "heeft",
        "hebben",
        "ben",
        "bent",
        "dan",
        "toch",
        "nog",
        "al",
        "ook",
        "wel",
        "niet",
        "geen",
        "maar",
        "om",
        "te",
        "tot",
        "uit",
        "zo",
        "even",
        "eigenlijk",
        "precies",
        "gewoon",
        "iets",
        "iemand",
        "men",
        "dus",
        "want",
        "omdat",
        "heel",
        "erg",
        "veel",
        "meer",
        "doe",
        "doen",
    ]
)
FIELD_WEIGHTS = {"title": 2.0, "question": 1.0, "keyword": 3.0, "answer": 0.3}
TRIGRAM_WEIGHT = 8.0
MIN_CONFIDENT_SCORE = 2.5


def fold(text: str) -> str:
    """Lower case, no accents, only letters and digits separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", plain).strip()


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light Dutch stem; the same for singular, plural and diminutive forms in practice."""
    for suffix in ("etjes", "etje", "tjes", "tje", "jes", "je"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("en") and len(word) > 5:
            word = word[:-2]
        elif word.endswith("s") and len(word) > 4 and not word.endswith("ss"):
            word = word[:-1]
    word = re.sub(r"([aeou])\1", r"\1", word)  # signaal/signalen, loon/lonen
    word = re.sub(r"([bcdfghjklmnpqrstvwxz])\1$", r"\1", word)  # bedden -> bedd -> bed
    return (
        word.replace("z", "s").replace("v", "f")
        if len(word) > 3 and word.endswith(("z", "v"))
        else word
    )


def tokens(text: str, synonyms: dict[str, str] | None = None) -> list[str]:
    words = fold(text).split()
    if synonyms:
        words = [synonyms.get(w, w) for w in words]
    return [stem(w) for w in words if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def trigrams(text: str) -> frozenset[str]:
    padded = f"  {fold(text)} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def _deletes(word: str, distance: int) -> set[str]:
    results, frontier = {word}, {word}
    for _ in range(distance):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        results |= frontier
    return results


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float

    @property
    def confident(self) -> bool:
        return self.score >= MIN_CONFIDENT_SCORE


class Matcher:
    def __init__(self, knowledge: KnowledgeBase, k1: float = 1.2, b: float = 0.5) -> None:
        self._entries = knowledge.entries
        self._synonyms = knowledge.synonyms
        self._k1, self._b = k1, b
        # One weighted bag of stems per entry (its "document").
        self._docs: list[Counter[str]] = []
        self._variants: list[list[frozenset[str]]] = []
        for entry in self._entries:
            bag: Counter[str] = Counter()
            fields = (
                ("title", [entry.title]),
                ("question", entry.questions),
                ("keyword", entry.keywords),
                ("answer", [entry.answer]),
            )
            for field, texts in fields:
                for text in texts:
                    for token in tokens(text, self._synonyms):
                        bag[token] += FIELD_WEIGHTS[field]
            self._docs.append(bag)
            self._variants.append([trigrams(q) for q in (entry.title, *entry.questions)])
        self._vocabulary = set().union(*self._docs)
        self._avg_len = sum(sum(d.values()) for d in self._docs) / len(self._docs)
        count = len(self._docs)
        self._idf = {
            term: math.log(1 + (count - df + 0.5) / (df + 0.5))
            for term in self._vocabulary
            for df in [sum(1 for d in self._docs if term in d)]
        }
        self._by_delete: dict[str, set[str]] = {}
        for term in self._vocabulary:
            for variant in _deletes(term, 2 if len(term) >= 8 else 1):
                self._by_delete.setdefault(variant, set()).add(term)

    def _known(self, token: str) -> list[str]:
        """Vocabulary terms for a query token: itself, its typo corrections, or its compound parts."""
        if token in self._vocabulary:
            return [token]
        if len(token) >= 4:
            distance = 2 if len(token) >= 8 else 1
            candidates: set[str] = set()
            for variant in _deletes(token, distance):
                candidates |= self._by_delete.get(variant, set())
            close = [c for c in candidates if _edit_distance(token, c) <= distance]
            if close:
                return [min(close, key=lambda c: (_edit_distance(token, c), -self._idf[c]))]
        for cut in range(3, len(token) - 2):
            head, tail = token[:cut], token[cut:]
            for part_head in (head, head.rstrip("s"), head[:-2] if head.endswith("en") else head):
                if part_head in self._vocabulary and stem(tail) in self._vocabulary:
                    return [part_head, stem(tail)]
        return []

    def search(self, question: str, limit: int = 3) -> list[Match]:
        terms: list[str] = []
        for token in tokens(question, self._synonyms):
            terms.extend(self._known(token))
        query_grams = trigrams(question)
        scores = []
        for index, doc in enumerate(self._docs):
            length = sum(doc.values())
            score = 0.0
            for term in set(terms):
                frequency = doc.get(term, 0.0)
                if frequency:
                    norm = frequency + self._k1 * (1 - self._b + self._b * length / self._avg_len)
                    score += self._idf[term] * frequency * (self._k1 + 1) / norm
            if query_grams:
                best = max(
                    len(query_grams & v) / len(query_grams | v) for v in self._variants[index]
                )
                score += TRIGRAM_WEIGHT * best
            scores.append(Match(self._entries[index], score))
        scores.sort(key=lambda m: m.score, reverse=True)
        return [m for m in scores[:limit] if m.score > 0]


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
