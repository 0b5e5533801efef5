"""Which Dutch words exist, and how common each is: the matcher never "corrects" a real word.
Common English words too, since staff mix them in ('where can a victim stay' is not 'stap').

The list is pyspellchecker's Dutch word-frequency list (about 343,000 words counted in
subtitles and checked against a dictionary; the rarest count 50). A set of that many strings
takes some 40 MB, so it is kept as sorted 64-bit BLAKE2b digests (a collision between two of
them is about as likely as 1 in 10^8) with a frequency class per word: under 4 MB, looked up
by bisection. Digests, not Python's hash(), so the result is the same in every process.
Most words a lookup meets are not in the list (typos, names, text built to cost), so a bit
array by Python's hash() answers "not in it" first, at a third of a lookup by digest's cost
(at least 16 bits per word, rounded up to a power of two: 1 MiB, 25 bits per word, for the
Dutch list, which leaves about 1 in 25 words not in it to their digest). Only its speed
differs between processes, never its answer (see _look_up); a copy taken to another process
(pickled) looks every word up by its digest.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterable

import numpy as np

_PLAIN_WORD = re.compile(r"^[a-z0-9]+$")
BUCKET_BITS = 16
ASKED = 1024  # words remembered between two forget() calls, at most
FILTER_BITS_PER_WORD = 16  # at least; the bit array's size is a power of two


def _digest(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")


def _plain(word: str) -> str:
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class Lexicon:
    """Known words with a frequency class: 1 for the rarest, about 7 for 'de' and 'ik'."""

    def __init__(self, counts: Iterable[tuple[str, int]] = ()) -> None:
        classes: dict[int, int] = {}
        hashes: list[int] = []
        plain_word = _PLAIN_WORD.match
        for word, count in counts:
            plain = _plain(word)
            if count > 0 and plain_word(plain):
                hashes.append(hash(plain))
                digest = _digest(plain)
                frequency_class = max(1, len(str(count)) - 1)  # floor(log10(count))
                if classes.get(digest, 0) < frequency_class:
                    classes[digest] = frequency_class
        ordered = sorted(classes)
        self._digests = array("Q", ordered)
        self._classes = bytes(classes[d] for d in ordered)
        # Where the digests of each value of their top BUCKET_BITS bits start: a lookup
        # bisects a handful of digests instead of all of them (the matcher looks up every
        # word of a question several times).
        self._starts = array("L", [0] * ((1 << BUCKET_BITS) + 1))
        for digest in ordered:
            self._starts[(digest >> (64 - BUCKET_BITS)) + 1] += 1
        for bucket in range(1 << BUCKET_BITS):
            self._starts[bucket + 1] += self._starts[bucket]
        # A bit for the hash() of every word in the list, at hash() modulo the array's size.
        size = 1 << max(3, (FILTER_BITS_PER_WORD * len(hashes)).bit_length())
        self._filter_mask = size - 1
        marked = np.zeros(size, dtype=bool)
        marked[np.array(hashes, dtype=np.int64) & self._filter_mask] = True
        self._filter = np.packbits(marked, bitorder="little").tobytes()
        self._fingerprint = ""
        self._asked: dict[str, int] = {}  # words looked up since the last forget()

    def __getstate__(self) -> dict[str, object]:
        # The quick filter is by this process's hash(), which another process computes
        # otherwise: a copy sets every bit, so each word is looked up by its digest.
        state = self.__dict__.copy()
        state["_filter"] = b"\xff" * len(self._filter)
        state["_asked"] = {}
        return state

    def fingerprint(self) -> str:
        """A digest of the words and classes: two lexicons with the same one read alike."""
        if not self._fingerprint:
            hashed = hashlib.sha256(self._digests.tobytes())
            hashed.update(self._classes)
            self._fingerprint = hashed.hexdigest()
        return self._fingerprint

    def __repr__(self) -> str:
        return f"Lexicon({len(self)} words, {self.fingerprint()[:16]})"

    def __len__(self) -> int:
        return len(self._digests)

    def frequency_class(self, word: str) -> int:
        """0 for a word the list does not know; higher for more common words."""
        known = self._asked.get(word)
        if known is not None:
            return known
        found = self._look_up(word)
        if len(self._asked) < ASKED:
            self._asked[word] = found
        return found

    @property
    def remembered(self) -> int:
        """How many looked-up words are remembered now (none after forget())."""
        return len(self._asked)

    def forget(self) -> None:
        """Forget the words looked up: the matcher calls this after each question, so that
        the list keeps none of its words; within a question each word is looked up once."""
        self._asked.clear()

    def _look_up(self, word: str) -> int:
        # Every word in the list has its bit set, so a word whose bit is not set is not in it,
        # in any process; one whose bit is set is looked up by its digest.
        position = hash(word) & self._filter_mask
        if not self._filter[position >> 3] >> (position & 7) & 1:
            return 0
        digest = _digest(word)
        bucket = digest >> (64 - BUCKET_BITS)
        end = self._starts[bucket + 1]
        at = bisect_left(self._digests, digest, self._starts[bucket], end)
        if at < end and self._digests[at] == digest:
            return self._classes[at]
        return 0

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.frequency_class(word) > 0


@functools.cache
def dutch_lexicon() -> Lexicon:
    """The Dutch word list, read once per process (about half a second)."""
    from spellchecker import SpellChecker

    frequencies = SpellChecker(language="nl", distance=1).word_frequency.dictionary
    return Lexicon(frequencies.items())


ENGLISH_MIN_COUNT = 10_000  # an English word counted fewer times may be a typo in the list


@functools.cache
def english_lexicon() -> Lexicon:
    """Common English words (pyspellchecker's English list, words counted at least
    ENGLISH_MIN_COUNT times): never "corrected" into a Dutch knowledge-base word."""
    from spellchecker import SpellChecker

    frequencies = SpellChecker(language="en", distance=1).word_frequency.dictionary
    return Lexicon((w, c) for w, c in frequencies.items() if c >= ENGLISH_MIN_COUNT)
