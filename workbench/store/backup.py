"""Backups: one SQLite file holding the whole database (safe while the apps write), and
restoring one.

From SQLite, a backup is taken page by page through SQLite's backup API; from PostgreSQL, the
rows are copied (:mod:`workbench.store.copy`) from one snapshot into a new SQLite file. Either
way kernels may keep writing while it runs, and the file restores into either engine. Restoring
refuses to overwrite a database that holds data unless told to.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from workbench.core.errors import RuleError, ValidationError
from workbench.store.db import Store


def backup(store: Store, target: str | Path) -> Path:
    """Copy the open database into ``target`` (a new file); return its path.

    The copy is written to ``target`` + ``.partial`` and renamed when complete, so a
    half-written backup never looks like a good one. Raises ValidationError if ``target``
    exists.
    """
    target = Path(target)
    if target.exists():
        raise ValidationError(f"{target}: already exists; choose a new file name for the backup")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    if store.dialect == "postgresql":
        from workbench.store.copy import copy_database
        try:
            with Store.open(partial) as copy:
                copy_database(store, copy)
                copy.db.conn.execute("PRAGMA journal_mode = DELETE")   # one self-contained file
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.rename(target)
        return target
    destination = sqlite3.connect(partial)
    try:
        store.db.conn.backup(destination, pages=1024)
        destination.execute("PRAGMA journal_mode = DELETE")   # one self-contained file
    finally:
        destination.close()
    partial.rename(target)
    return target


def holds_data(store: Store) -> bool:
    """True if any table of the database has a row (beyond the schema's own bookkeeping)."""
    tables = [name for name in store.db.table_names()
              if name != "schema_migrations" and not name.startswith("sqlite_")]
    return any(store.db.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone() for name in tables)


def check_backup_file(source: str | Path) -> None:
    """Raise ValidationError unless ``source`` is a readable workbench database file."""
    source = Path(source)
    if not source.is_file():
        raise ValidationError(f"{source}: no such file")
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise ValidationError(f"{source}: not a SQLite database ({error})") from None
    if "plans" not in names:
        raise ValidationError(f"{source}: not a workbench database (it has no plans table)")


def restore(store: Store, source: str | Path, *, force: bool = False) -> None:
    """Replace the contents of the open database with the backup ``source``, then migrate it.

    Raises RuleError if the database holds data and ``force`` is false; ValidationError if
    ``source`` is not a workbench database.
    """
    check_backup_file(source)
    if holds_data(store) and not force:
        raise RuleError(f"{store.location}: this database holds data; restoring would replace it. "
                        "Back it up first, then restore with --force")
    if store.dialect == "postgresql":
        import shutil
        import tempfile
        from workbench.store.copy import copy_database
        with tempfile.TemporaryDirectory() as folder:   # the backup itself is left as it was
            upgraded = Path(folder) / "restore.db"
            shutil.copy(source, upgraded)
            with Store.open(upgraded) as origin:
                copy_database(origin, store, replace=True)
        return
    origin = sqlite3.connect(f"file:{Path(source)}?mode=ro", uri=True)
    try:
        origin.backup(store.db.conn)
    finally:
        origin.close()
    store.db.conn.execute("PRAGMA journal_mode = WAL")
    store.migrate()
