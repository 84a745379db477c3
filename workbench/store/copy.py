"""Copying a whole workbench database to another, on either engine (SQLite → PostgreSQL, back, or
the same engine): how a meeting piloted on a laptop moves to a shared server, and how a
PostgreSQL database is backed up into one SQLite file.

Both databases are opened (so migrated) by this workbench: they have the same tables and
columns. Rows keep their ids. The source is read in one snapshot; the destination is written in
one transaction, so a copy that fails writes nothing. Every table's row count is compared at the
end, and a difference undoes the copy.

Tables are copied in the order the migrations created them, so a row's parents are there before
it; a reference to a row of a table copied later, or of the same table (a contribution merged
into a later one), is written empty first and filled in once every table is there. Append-only
tables (whose rows may not change) point only at earlier rows of their own table and are written
in id order, with no second pass.
"""
from __future__ import annotations

from contextlib import contextmanager

from workbench.core.errors import RuleError
from workbench.store import schema
from workbench.store.db import Store

#: Rows written per statement batch.
BATCH = 500


def _later(table: schema.Table, before: list[str]) -> tuple[str, ...]:
    """The columns of ``table`` written in a second pass: optional references to a table not
    copied yet, or to its own rows (never for an append-only table)."""
    if table.append_only:
        return ()
    return tuple(column for column, target, _ in table.foreign_keys
                 if column not in table.required and (target == table.name or target not in before))


@contextmanager
def _snapshot(store: Store):
    """Read ``store`` as of one moment, while its apps may keep writing."""
    conn = store.db.conn
    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ" if store.dialect == "postgresql" else "BEGIN")
    try:
        yield conn
    finally:
        conn.execute("ROLLBACK")


def count_rows(store: Store) -> dict[str, int]:
    """Rows per table."""
    return {t.name: store.db.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in schema.tables()}


def copy_database(source: Store, destination: Store, *, replace: bool = False) -> dict[str, int]:
    """Copy every row of ``source`` into ``destination``; return the rows per table.

    Raises RuleError if ``destination`` holds data and ``replace`` is false (with ``replace``,
    its rows are removed in the same transaction), or if a count differs after the copy.
    """
    from workbench.store.backup import holds_data
    if source.schema_version() != destination.schema_version():
        raise RuleError(f"{source.location} is at schema version {source.schema_version()} and "
                        f"{destination.location} at {destination.schema_version()}: open both with "
                        "this workbench first")
    if holds_data(destination) and not replace:
        raise RuleError(f"{destination.location}: this database holds data; copying would replace it "
                        "(workbench copy --force replaces its rows)")
    order = schema.tables()
    later = {t.name: _later(t, [s.name for s in order[:i]]) for i, t in enumerate(order)}
    counts: dict[str, int] = {}
    seconds: dict[str, list[list]] = {}
    with _snapshot(source) as reading, destination.transaction() as writing:
        for table in reversed(order):
            writing.execute(f'DELETE FROM "{table.name}"')
        for table in order:
            names = ", ".join(f'"{c}"' for c in table.columns)
            marks = ", ".join("?" * len(table.columns))
            firsts = [c not in later[table.name] for c in table.columns]
            order_by = "id" if "id" in table.columns else "1"
            cursor = reading.execute(f'SELECT {names} FROM "{table.name}" ORDER BY {order_by}')
            counts[table.name] = 0
            while rows := cursor.fetchmany(BATCH):
                writing.executemany(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})',
                                    [[v if keep else None for v, keep in zip(row, firsts)] for row in rows])
                counts[table.name] += len(rows)
                if later[table.name]:
                    at = {c: i for i, c in enumerate(table.columns)}
                    seconds.setdefault(table.name, []).extend(
                        [row[at[c]] for c in later[table.name]] + [row[at["id"]]] for row in rows
                        if any(row[at[c]] is not None for c in later[table.name]))
        for name, rows in seconds.items():   # the references written empty, now that all rows are in
            sets = ", ".join(f'"{c}" = ?' for c in later[name])
            for start in range(0, len(rows), BATCH):
                writing.executemany(f'UPDATE "{name}" SET {sets} WHERE id = ?', rows[start:start + BATCH])
        written = {t.name: writing.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in order}
        if written != counts:
            wrong = {name: (counts[name], written[name]) for name in counts if counts[name] != written[name]}
            raise RuleError(f"the copy's row counts differ from the source's: {wrong}; nothing was copied")
        if destination.dialect == "postgresql":
            from workbench.store.postgres import reset_identities
            reset_identities(writing)
    return counts
