"""The few statements whose form differs between SQLite and PostgreSQL, built once per dialect.

The statements are executed with their values as parameters (`conn.execute(statement,
{...})`), so a call builds nothing: SQLAlchemy finds the compiled form by the statement's
memoised cache key instead of coercing and hashing fresh literal values every time.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite


def _upsert_insert(dialect_name: str, table: Table) -> Any:
    """An INSERT that supports ON CONFLICT, for the engine's dialect."""
    if dialect_name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


@functools.cache
def insert_unless_exists(
    dialect_name: str, table: Table, keys: tuple[str, ...], returning: tuple[str, ...] = ()
) -> Any:
    """INSERT ... ON CONFLICT (keys) DO NOTHING [RETURNING ...]; no row comes back on a conflict."""
    statement = _upsert_insert(dialect_name, table).on_conflict_do_nothing(
        index_elements=[table.c[k] for k in keys]
    )
    return statement.returning(*(table.c[c] for c in returning)) if returning else statement


@functools.cache
def insert_or_update(
    dialect_name: str, table: Table, keys: tuple[str, ...], update: tuple[str, ...]
) -> Any:
    """INSERT ... ON CONFLICT (keys) DO UPDATE SET each of `update` to the new row's value."""
    statement = _upsert_insert(dialect_name, table)
    return statement.on_conflict_do_update(
        index_elements=[table.c[k] for k in keys],
        set_={c: statement.excluded[c] for c in update},
    )


@functools.cache
def insert_or_add(
    dialect_name: str, table: Table, keys: tuple[str, ...], counters: tuple[str, ...]
) -> Any:
    """INSERT ... ON CONFLICT (keys) DO UPDATE SET each counter to itself plus the new row's."""
    statement = _upsert_insert(dialect_name, table)
    return statement.on_conflict_do_update(
        index_elements=[table.c[k] for k in keys],
        set_={c: table.c[c] + statement.excluded[c] for c in counters},
    )


@functools.cache
def next_in_year(dialect_name: str, counter: Table) -> Any:
    """Take the next number of a yearly counter (columns year, last_number); parameter `year`."""
    return (
        _upsert_insert(dialect_name, counter)
        .values(year=bindparam("year"), last_number=1)
        .on_conflict_do_update(
            index_elements=[counter.c.year],
            set_={"last_number": counter.c.last_number + 1},
        )
        .returning(counter.c.last_number)
    )
