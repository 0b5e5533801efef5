"""Copies of labelled example questions with typos in them, for the learned model to learn from.

Staff type fast in Teams: a letter left out, a key next to the right one hit as well or
instead, two letters swapped. The model learns from its examples' character n-grams
(domain/kb_learned.py), so a typo it never saw breaks some of them; a typo'd copy of a labelled
question teaches it such n-grams too. Only words of letters only get a typo (a word with a
question mark attached does not), and a question none of whose words drew one gets no copy:
4,290 of the 6,011 examples of round 4n have a copy. Tried on the examples' blind parts in round
4m (docs/admin.md): the calibrated card kept all four bars with more room, its smallest margin
being confident-wrong (85.8 / 96.5 / 2.6 / 82.9 % against 85.9 / 96.9 / 2.8 / 82.8 % without the
copies: top-1 and top-3 0.1 and 0.4 points lower), at about twice the training time.

The copies are the same in every process: one generator seeded with a fixed number, the examples
in the order they are given (so a question's copy also depends on the questions before it).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

SEED = 1
CHANCE = 0.3  # of each word of MIN_LETTERS or more letters (letters only) getting one typo
MIN_LETTERS = 4
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _next_to(letter: str) -> list[str]:
    """The keys beside a letter on a QWERTY keyboard's row (the letter itself when it has none
    there: an accented letter)."""
    for row in KEYBOARD_ROWS:
        at = row.find(letter)
        if at >= 0:
            return [row[i] for i in (at - 1, at + 1) if 0 <= i < len(row)]
    return [letter]


def with_typos(text: str, chance: float, rng: random.Random) -> str:
    """The text with, for each word of letters only and at least MIN_LETTERS long, at the
    given chance one typo (never in its last letter): a letter left out, a neighbouring key
    typed before a letter or instead of it, or a letter swapped with the one before it."""
    words = []
    for word in text.split():
        if len(word) >= MIN_LETTERS and word.isalpha() and rng.random() < chance:
            at = rng.randrange(1, len(word) - 1)
            kind = rng.randrange(4)
            if kind == 0:
                word = word[:at] + word[at + 1 :]
            elif kind == 1:
                word = word[:at] + rng.choice(_next_to(word[at].lower())) + word[at:]
            elif kind == 2:
                word = word[:at] + rng.choice(_next_to(word[at].lower())) + word[at + 1 :]
            else:
                word = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
        words.append(word)
    return " ".join(words)


def typo_copies(
    labelled: Sequence[tuple[str, tuple[str, ...]]],
) -> list[tuple[str, tuple[str, ...]]]:
    """One copy of each labelled question with typos (CHANCE per word), with its labels; a
    question that came out unchanged is left out."""
    rng = random.Random(SEED)
    copies = []
    for question, labels in labelled:
        copy = with_typos(question, CHANCE, rng)
        if copy != question:
            copies.append((copy, labels))
    return copies
