"""Small-count suppression for every published figure.

A count below the threshold shows as "< 5", a zero too: whether something happened once or
not at all must not show either. Where a total and the visible cells of its row or column
would give such a count away, further cells are hidden ("×", only ever counts of at least the
threshold) until no hidden count above zero can be derived from what is shown. Categories with
too few counts (departments, partners) are first folded into one "other" row.

Whether a hidden cell can be derived is decided exactly, not by rule of thumb. A table with
its totals is a set of equations (each row and each column adds up to its total) over cells
that are known exactly (shown), known to lie in 0..threshold-1 ("< 5") or known to be at least
the threshold ("×"). Rows and columns are the nodes of a network, cells its arcs; a hidden
cell can take another value exactly when a unit of flow can go round a cycle through it
within every cell's bounds, which a path search finds. The matrix of such tables is totally
unimodular, so what holds for fractions holds for whole counts too.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

TOTAL = "__total__"
OTHER = "__other__"
COUNT = "count"
_UNBOUNDED = 10**12
_FREE = ("free", "")

Position = tuple[str, str]  # (row, column); TOTAL in either place for a total


class Status(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # below the threshold: "< 5"
    HIDDEN = "hidden"  # hidden to protect a small count elsewhere: "×"


@dataclass(frozen=True)
class Cell:
    value: int
    status: Status

    @property
    def shown(self) -> int | None:
        """The count as published, or None when it is suppressed."""
        return self.value if self.status == Status.SHOWN else None


@dataclass(frozen=True)
class Table:
    """A published table: `cells` holds the inner cells and the totals that are published
    (row totals at (row, TOTAL), column totals at (TOTAL, column), the grand total at
    (TOTAL, TOTAL); a one-way table has one column, COUNT, and its total at (TOTAL, COUNT))."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: Mapping[Position, Cell]
    threshold: int
    row_totals: bool
    column_totals: bool

    def cell(self, row: str, column: str = COUNT) -> Cell:
        return self.cells[(row, column)]

    @property
    def total_position(self) -> Position:
        if self.row_totals and self.column_totals:
            return (TOTAL, TOTAL)
        return (TOTAL, self.columns[0])

    @property
    def total(self) -> Cell:
        return self.cells[self.total_position]

    def exposed(self) -> list[Position]:
        """Suppressed cells above zero whose value follows from what is shown (none, once
        suppression is done)."""
        return exposed_cells(self)


def format_count(cell: Cell, threshold: int) -> str:
    if cell.status == Status.SMALL:
        return f"< {threshold}"
    if cell.status == Status.HIDDEN:
        return "×"
    return f"{cell.value:,}".replace(",", ".")


# --- building tables ------------------------------------------------------------------------------
def one_way(counts: Mapping[str, int], order: Iterable[str], threshold: int) -> Table:
    """A list of categories with their total (the total is never hidden to protect a cell:
    other tables publish the same total)."""
    rows = tuple(order)
    values = {(row, COUNT): counts.get(row, 0) for row in rows}
    values[(TOTAL, COUNT)] = sum(values.values())
    return _suppress(rows, (COUNT,), values, threshold, row_totals=False, column_totals=True)


def two_way(
    counts: Mapping[Position, int],
    rows: Iterable[str],
    columns: Iterable[str],
    threshold: int,
) -> Table:
    """A cross table with row totals, column totals and the grand total."""
    rows, columns = tuple(rows), tuple(columns)
    values = {(r, c): counts.get((r, c), 0) for r in rows for c in columns}
    for r in rows:
        values[(r, TOTAL)] = sum(values[(r, c)] for c in columns)
    for c in columns:
        values[(TOTAL, c)] = sum(values[(r, c)] for r in rows)
    values[(TOTAL, TOTAL)] = sum(values[(TOTAL, c)] for c in columns)
    return _suppress(rows, columns, values, threshold, row_totals=True, column_totals=True)


def single(value: int, threshold: int) -> Cell:
    """One count on its own (a figure that is no part of a table)."""
    return Cell(value, Status.SMALL if value < threshold else Status.SHOWN)


def fold_small(counts: Mapping[str, int], threshold: int) -> dict[str, int]:
    """Fold categories with fewer than `threshold` into OTHER; if OTHER itself stays below
    the threshold (but above zero), fold the next smallest categories in too."""
    kept = {key: value for key, value in counts.items() if value >= threshold}
    folded = sum(value for value in counts.values() if value < threshold)
    by_size = sorted(kept.items(), key=lambda item: (item[1], item[0]))
    while 0 < folded < threshold and by_size:
        key, value = by_size.pop(0)
        del kept[key]
        folded += value
    if folded:
        kept[OTHER] = folded
    return kept


# --- suppression ------------------------------------------------------------------------------------
def _suppress(
    rows: tuple[str, ...],
    columns: tuple[str, ...],
    values: dict[Position, int],
    threshold: int,
    *,
    row_totals: bool,
    column_totals: bool,
) -> Table:
    if threshold < 2:
        raise ValueError("the suppression threshold must be at least 2")
    status = {
        position: Status.SMALL if value < threshold else Status.SHOWN
        for position, value in values.items()
    }
    table = Table(rows, columns, {}, threshold, row_totals, column_totals)
    fixed = table.total_position
    while True:
        current = _with(table, values, status)
        exposed = exposed_cells(current)
        if not exposed:
            return current
        pick = _complement(current, exposed[0], fixed)
        if pick is None:
            # Nothing left to hide in its lines: hide the smallest shown cell anywhere.
            rest = [p for p, s in status.items() if s == Status.SHOWN and p != fixed]
            if not rest:
                return current  # everything but the shared total is hidden already
            pick = min(rest, key=lambda p: (_is_total(p), values[p]))
        status[pick] = Status.HIDDEN


def _with(table: Table, values: Mapping[Position, int], status: Mapping[Position, Status]) -> Table:
    cells = {position: Cell(values[position], status[position]) for position in values}
    return Table(
        table.rows, table.columns, cells, table.threshold, table.row_totals, table.column_totals
    )


def _is_total(position: Position) -> bool:
    return TOTAL in position


def _complement(table: Table, exposed: Position, fixed: Position) -> Position | None:
    """The shown cell to hide next, in a row or column of the exposed cell: an inner cell
    before a total, one with room to move, one that closes a cycle with hidden cells, and
    then the smallest count (the least information lost). On made-up years of 12 months by
    5 forms this hides about a third fewer counts than taking the smallest alone."""
    nodes = {n for n in _ends(table, exposed) if n != _FREE}
    candidates = [
        position
        for position, cell in table.cells.items()
        if cell.status == Status.SHOWN and position != fixed and nodes & set(_ends(table, position))
    ]
    if not candidates:
        return None
    hidden_nodes = {
        node
        for position, cell in table.cells.items()
        if cell.status != Status.SHOWN and position != exposed
        for node in _ends(table, position)
        if node != _FREE
    }

    def cost(position: Position) -> tuple[bool, bool, bool, int]:
        value = table.cells[position].value
        # A hidden count is known to be at least the threshold, so one just above it has
        # little room to move and would itself need protecting; one that closes a cycle
        # with other hidden cells protects at once.
        closes = bool((set(_ends(table, position)) - nodes) & hidden_nodes)
        return (_is_total(position), value < table.threshold + 2, not closes, value)

    return min(candidates, key=cost)


# --- what can be derived ------------------------------------------------------------------------------
def _has_equation(table: Table, node: tuple[str, str]) -> bool:
    side, key = node
    both = table.row_totals and table.column_totals
    if key == TOTAL:
        return both
    return table.row_totals if side == "r" else table.column_totals


def _ends(table: Table, position: Position) -> tuple[tuple[str, str], tuple[str, str]]:
    """The two equations (row node, column node) a cell takes part in; FREE where none."""
    row, column = position
    ends = []
    for node in (("r", row), ("c", column)):
        ends.append(node if _has_equation(table, node) else _FREE)
    return ends[0], ends[1]


def _bounds(cell: Cell, threshold: int) -> tuple[int, int]:
    if cell.status == Status.SMALL:
        return 0, threshold - 1
    if cell.status == Status.HIDDEN:
        return threshold, _UNBOUNDED
    return cell.value, cell.value


def exposed_cells(table: Table) -> list[Position]:
    """Suppressed cells above zero that what is shown pins to their one true value.

    In flow form every cell is an arc from its row node to its column node carrying y =
    value, negated for row and column totals (so every equation sums its arcs to zero). A
    cell can grow by one if its arc has room and a path leads back from its column node to
    its row node through arcs with room in the direction taken; it can shrink likewise the
    other way round. A cell that can do neither is determined."""
    arcs: list[tuple[Position, tuple[str, str], tuple[str, str], bool, bool]] = []
    for position, cell in table.cells.items():
        if cell.status == Status.SHOWN:
            continue
        low, high = _bounds(cell, table.threshold)
        sign = -1 if (position[0] == TOTAL) != (position[1] == TOTAL) else 1
        y = sign * cell.value
        y_low, y_high = (low, high) if sign == 1 else (-high, -low)
        start, end = _ends(table, position)
        arcs.append((position, start, end, y < y_high, y > y_low))

    def reachable(source: tuple[str, str], target: tuple[str, str], skip: Position) -> bool:
        if source == target:
            return True
        seen = {source}
        queue = deque([source])
        while queue:
            node = queue.popleft()
            for position, start, end, up, down in arcs:
                if position == skip:
                    continue
                for here, there, room in ((start, end, up), (end, start, down)):
                    if here == node and room and there not in seen:
                        if there == target:
                            return True
                        seen.add(there)
                        queue.append(there)
        return False

    exposed = []
    for position, start, end, up, down in arcs:
        if table.cells[position].value == 0:
            continue  # a hidden zero may be derivable: nobody is behind it
        can_grow = up and reachable(end, start, position)
        can_shrink = down and reachable(start, end, position)
        if not (can_grow or can_shrink):
            exposed.append(position)
    return exposed
