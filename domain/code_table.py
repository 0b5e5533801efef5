"""A fixed map from integer codes to columns, looked up for many codes at once with numpy.

The learned model reads a question's character n-grams as integer codes (domain/kb_learned.py)
and needs the column of each one it knows. A binary search over the sorted codes compares each
code with about sixteen others, most of them far apart in memory: for the 1,100 codes of the
costliest inputs the search alone took about 90 us (the whole lookup 151 us, now 45). Here each
code is compared with two slots only (two-choice cuckoo hashing): a code is in one of two
tables, at a slot its hash gives in each.

Deterministic: the hash multipliers are fixed numbers, tried in order until every code fits, so
every process builds the same tables and finds the same columns.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

EMPTY = -1  # a slot without a code; codes are never negative
MAX_KICKS = 500  # moves of codes between the tables for one insertion before trying again
ATTEMPTS = 8  # multipliers tried for one table size before a larger one
_MASK = (1 << 64) - 1


def _multipliers(attempt: int) -> tuple[int, int]:
    """Two odd 64-bit multipliers for an attempt (splitmix64 of its number): fixed, so every
    process hashes alike."""

    def mix(value: int) -> int:
        value = (value + 0x9E3779B97F4A7C15) & _MASK
        value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
        return (value ^ (value >> 31)) | 1

    return mix(2 * attempt), mix(2 * attempt + 1)


class CodeTable:
    """Columns of distinct non-negative codes (below 2**63)."""

    def __init__(self, codes: Sequence[int], columns: Sequence[int]) -> None:
        if len(codes) != len(columns):
            raise ValueError("one column per code")
        if len(set(codes)) != len(codes) or any(code < 0 for code in codes):
            raise ValueError("codes must be distinct and non-negative")
        self._size = len(codes)
        # Each table has at least twice as many slots as there are codes: a quarter full at
        # most, where two-choice cuckoo hashing places every code with few moves (near half
        # full, it often cannot). Larger tables when no multipliers place them all.
        bits = max(4, len(codes).bit_length() + 1)
        placed = None
        while placed is None:  # each larger size leaves fewer codes competing for a slot
            for attempt in range(ATTEMPTS):
                multipliers = _multipliers(attempt)
                placed = _place(codes, columns, multipliers, bits)
                if placed is not None:
                    break
            else:
                bits += 1
        self._bits = bits
        self._multipliers = tuple(np.uint64(m) for m in multipliers)
        self._shift = np.uint64(64 - self._bits)
        self._keys = tuple(np.array(keys, dtype=np.int64) for keys, _ in placed)
        self._columns = tuple(np.array(cols, dtype=np.intp) for _, cols in placed)

    def __len__(self) -> int:
        return self._size

    def columns_of(self, codes: np.ndarray) -> np.ndarray:
        """The column of each of the codes (int64) that the table has, one per occurrence, in
        no particular order."""
        found = []
        hashed = codes.astype(np.uint64)
        for keys, columns, multiplier in zip(
            self._keys, self._columns, self._multipliers, strict=True
        ):
            slots = ((hashed * multiplier) >> self._shift).astype(np.intp)
            found.append(columns[slots[keys[slots] == codes]])
        return np.concatenate(found)


def _place(
    codes: Sequence[int], columns: Sequence[int], multipliers: tuple[int, int], bits: int
) -> list[tuple[list[int], list[int]]] | None:
    """Two tables (keys, columns) of 2**bits slots with every code placed, or None when some
    code could not be placed with these multipliers."""
    slots = 1 << bits
    tables = [([EMPTY] * slots, [0] * slots) for _ in range(2)]
    for code, column in zip(codes, columns, strict=True):
        side = 0
        for _kick in range(MAX_KICKS):
            keys, cols = tables[side]
            slot = ((code * multipliers[side]) & _MASK) >> (64 - bits)
            code, keys[slot] = keys[slot], code
            column, cols[slot] = cols[slot], column
            if code == EMPTY:
                break
            side = 1 - side  # the code moved out goes to its slot in the other table
        else:
            return None
    return tables
