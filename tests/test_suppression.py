"""Small-count suppression: every count below the threshold is hidden, and no hidden count
above zero can be worked out from the totals and the visible cells.

The exact check in domain/suppression.py is compared here with brute force: every assignment
of values to the hidden cells that fits what is published ("< 5" is 0..4, "×" is 5 or more,
every row and column adds up to its total) is enumerated, and a hidden cell is derivable when
all those assignments give it the same value.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date

import pytest

from domain.statistics import Period, PeriodError, parse_month, period_from_words
from domain.suppression import (
    OTHER,
    TOTAL,
    Cell,
    Status,
    Table,
    exposed_cells,
    fold_small,
    format_count,
    one_way,
    two_way,
)

THRESHOLD = 5


def _interval(table: Table, position: tuple[str, str], ceiling: int) -> range:
    cell = table.cells[position]
    if cell.status == Status.SMALL:
        return range(THRESHOLD)
    if cell.status == Status.HIDDEN:
        return range(THRESHOLD, ceiling + 1)
    return range(cell.value, cell.value + 1)


def brute_force_ranges(table: Table) -> dict[tuple[str, str], set[int]]:
    """Every value each hidden cell can take, given what is published: the inner cells are
    enumerated (a row's last hidden cell follows from a shown row total), the totals are
    their sums and must fit what is published about them."""
    total = table.total
    # Wide enough for every feasible value (the true grand total bounds nothing when hidden).
    ceiling = total.value if total.status == Status.SHOWN else 3 * total.value + 10
    inner = [(r, c) for r in table.rows for c in table.columns]
    margins = [p for p in table.cells if p not in set(inner)]
    seen: dict[tuple[str, str], set[int]] = {
        p: set() for p, c in table.cells.items() if c.status != Status.SHOWN
    }

    def fits(position: tuple[str, str], value: int) -> bool:
        return value in _interval(table, position, max(ceiling, THRESHOLD))

    def finish(values: dict[tuple[str, str], int]) -> None:
        full = dict(values)
        for position in margins:
            row, column = position
            if row == TOTAL and column == TOTAL:
                full[position] = sum(values.values())
            elif row == TOTAL:
                full[position] = sum(values[(r, column)] for r in table.rows)
            else:
                full[position] = sum(values[(row, c)] for c in table.columns)
            if not fits(position, full[position]):
                return
        for position in seen:
            seen[position].add(full[position])

    def walk(index: int, values: dict[tuple[str, str], int]) -> None:
        if index == len(inner):
            finish(values)
            return
        position = inner[index]
        row, column = position
        row_total = table.cells.get((row, TOTAL))
        last_in_row = column == table.columns[-1]
        if last_in_row and row_total is not None and row_total.status == Status.SHOWN:
            value = row_total.value - sum(values[(row, c)] for c in table.columns[:-1])
            options: Iterable[int] = [value] if fits(position, value) else []
        else:
            options = _interval(table, position, max(ceiling, THRESHOLD))
        for value in options:
            values[position] = value
            partial = sum(values.get((row, c), 0) for c in table.columns)
            if partial <= ceiling:
                walk(index + 1, values)
            del values[position]

    walk(0, {})
    assert all(table.cells[p].value in values for p, values in seen.items())
    return seen


def check_published(table: Table) -> None:
    for position, cell in table.cells.items():
        if cell.value < THRESHOLD:
            assert cell.status == Status.SMALL, position
            assert format_count(cell, THRESHOLD) == "< 5"
        elif cell.status == Status.HIDDEN:
            assert format_count(cell, THRESHOLD) == "×"
        else:
            assert cell.status == Status.SHOWN
    exposed = exposed_cells(table)
    # No small count above zero can be worked out. A hidden count of at least the threshold
    # may still follow from the '×' marks when nothing but the grand total is left to hide.
    assert [p for p in exposed if table.cells[p].status == Status.SMALL] == []
    if exposed:
        shown = [p for p, c in table.cells.items() if c.status == Status.SHOWN]
        assert shown in ([], [table.total_position]), (shown, exposed)


def test_a_small_count_is_hidden_with_a_complement_so_the_total_does_not_give_it_away() -> None:
    table = one_way({"a": 3, "b": 50, "c": 60}, "abc", THRESHOLD)
    assert [format_count(table.cell(r), THRESHOLD) for r in "abc"] == ["< 5", "×", "60"]
    assert format_count(table.total, THRESHOLD) == "113"
    assert brute_force_ranges(table)[("a", "count")] == {0, 1, 2, 3, 4}
    check_published(table)


def test_without_the_complement_the_total_would_give_the_count_away() -> None:
    table = one_way({"a": 3, "b": 50, "c": 60}, "abc", THRESHOLD)
    cells = dict(table.cells)
    cells[("b", "count")] = type(cells[("b", "count")])(50, Status.SHOWN)
    leaky = Table(table.rows, table.columns, cells, THRESHOLD, False, True)
    assert exposed_cells(leaky) == [("a", "count")]
    assert brute_force_ranges(leaky)[("a", "count")] == {3}


def test_zero_shows_as_a_small_count_too() -> None:
    table = one_way({"teams": 300}, ["teams", "mailbox", "phone"], THRESHOLD)
    assert format_count(table.cell("mailbox"), THRESHOLD) == "< 5"
    # A hidden zero may be derivable (there is nobody behind it), so nothing else is hidden.
    assert table.cell("teams").status == Status.SHOWN
    check_published(table)


@pytest.mark.parametrize("seed", range(30))
def test_random_one_way_tables_agree_with_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    counts = {k: rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12]) for k in "abcde"[: rng.randint(1, 5)]}
    table = one_way(counts, counts, THRESHOLD)
    check_published(table)
    for position, values in brute_force_ranges(table).items():
        if table.cells[position].value > 0 and table.cells[position].status == Status.SMALL:
            assert len(values) > 1, (counts, position)


@pytest.mark.parametrize("seed", range(30))
def test_random_cross_tables_agree_with_brute_force(seed: int) -> None:
    rng = random.Random(1000 + seed)
    rows, columns = ["r1", "r2", "r3"][: rng.randint(2, 3)], ["c1", "c2"]
    counts = {(r, c): rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 9]) for r in rows for c in columns}
    table = two_way(counts, rows, columns, THRESHOLD)
    check_published(table)
    for position, values in brute_force_ranges(table).items():
        assert table.cells[position].value in values
        if table.cells[position].value > 0 and table.cells[position].status == Status.SMALL:
            assert len(values) > 1, (counts, position, values)


@pytest.mark.parametrize("seed", range(40))
def test_the_exact_check_finds_what_brute_force_finds(seed: int) -> None:
    """On tables hidden at random (not by the algorithm), 'exposed' means exactly: brute
    force finds one possible value."""
    rng = random.Random(5000 + seed)
    rows, columns = ["r1", "r2", "r3"][: rng.randint(1, 3)], ["c1", "c2", "c3"][: rng.randint(2, 3)]
    counts = {(r, c): rng.choice([0, 1, 3, 5, 6, 8]) for r in rows for c in columns}
    suppressed = two_way(counts, rows, columns, THRESHOLD)
    cells = {}
    for position, cell in suppressed.cells.items():
        status = Status.SMALL if cell.value < THRESHOLD else Status.SHOWN
        if status == Status.SHOWN and rng.random() < 0.3:
            status = Status.HIDDEN
        cells[position] = Cell(cell.value, status)
    table = Table(suppressed.rows, suppressed.columns, cells, THRESHOLD, True, True)
    ranges = brute_force_ranges(table)
    derivable = sorted(p for p, values in ranges.items() if len(values) == 1 and cells[p].value > 0)
    assert sorted(exposed_cells(table)) == derivable


def test_month_by_form_table_of_a_year_is_protected() -> None:
    rng = random.Random(7)
    months = Period.year(2026).months()
    forms = ["sexual", "labour", "criminal", "organ", "unknown"]
    means = [8, 7, 6, 0.2, 2]
    counts = {
        (m, f): max(0, round(rng.gauss(mean, 2.5)))
        for m in months
        for f, mean in zip(forms, means, strict=True)
    }
    table = two_way(counts, months, forms, THRESHOLD)
    check_published(table)
    assert table.total.status == Status.SHOWN  # the grand total is shared, never hidden
    assert any(c.status == Status.HIDDEN for c in table.cells.values())


def test_small_categories_are_folded_into_other() -> None:
    folded = fold_small({"a": 40, "b": 3, "c": 1, "d": 7}, THRESHOLD)
    # b and c together are still too few: the next smallest (d) joins them.
    assert folded == {"a": 40, OTHER: 11}
    assert fold_small({"a": 40, "b": 6}, THRESHOLD) == {"a": 40, "b": 6}
    assert fold_small({"a": 40, "b": 0}, THRESHOLD) == {"a": 40}


def test_periods_are_whole_months() -> None:
    today = date(2026, 5, 1)
    assert Period.year(2026).months()[0] == "2026-01" and len(Period.year(2026).months()) == 12
    assert Period.year(2026).previous() == Period.year(2025)
    assert Period.between("2026-03", "2026-05").previous() == Period("2025-12", "2026-02")
    assert parse_month("2026-03-01", end=False) == "2026-03"
    assert parse_month("2026-02-28", end=True) == "2026-02"
    for bad in (
        lambda: parse_month("2026-03-15", end=False),
        lambda: Period.between("2026-06", "2026-01"),
        lambda: period_from_words(["2026-13"], today),
        lambda: period_from_words(["a", "b", "c"], today),
    ):
        with pytest.raises(PeriodError):
            bad()
    assert period_from_words([], today) == Period.year(2026)
    assert period_from_words(["2026-01", "2026-06"], today) == Period("2026-01", "2026-06")
