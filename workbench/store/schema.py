"""The workbench's tables as the migrations make them: names in creation order, columns,
foreign keys and which tables are append-only.

Both engines get the same tables from the same migrations, so this is read once off a new
in-memory SQLite database, whichever engine a store is on. The copy (:mod:`workbench.store.copy`)
and erasure (:mod:`workbench.participation.store.erasure`) walk it; a table a feature adds is
walked with no change to them.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    #: Columns that must hold a value (``NOT NULL``).
    required: frozenset[str]
    #: ``(column, referenced table, on_delete)`` per foreign key; on_delete as SQL spells it.
    foreign_keys: tuple[tuple[str, str, str], ...]
    #: Rows are added, never changed (a trigger refuses ``UPDATE``).
    append_only: bool


@functools.cache
def tables() -> tuple[Table, ...]:
    """Every table but the migrations' own record, in creation order.

    >>> [t.name for t in tables()][:3]
    ['plans', 'plan_versions', 'plan_nodes']
    """
    from workbench.store.db import Store
    with Store.open(":memory:") as schema:
        conn = schema.db.conn
        names = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name != 'schema_migrations' ORDER BY rowid")]
        append_only = {row[0] for row in conn.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%BEFORE UPDATE%'")}
        out = []
        for name in names:
            info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
            keys = conn.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()
            out.append(Table(name, tuple(row[1] for row in info), frozenset(row[1] for row in info if row[3]),
                             tuple((row[3], row[2], row[6]) for row in keys), name in append_only))
        return tuple(out)


def table(name: str) -> Table:
    return next(t for t in tables() if t.name == name)


def foreign_keys() -> dict[str, list[tuple[str, str, str]]]:
    """``{table: [(column, referenced table, on_delete)]}``."""
    return {t.name: list(t.foreign_keys) for t in tables()}
