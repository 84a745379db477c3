"""Opening the SQLite database: where it lives, how it is tuned, how its schema is upgraded.

This is the only module that opens a connection. Every kernel of a meeting (sixty is normal)
opens the same file, so the database runs in WAL mode with a long busy timeout, and every write
is a short ``BEGIN IMMEDIATE`` transaction that is retried if the lock cannot be taken.
"""
from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.core.errors import WorkbenchError


def _import_sqlite_utils():
    """Import sqlite-utils without letting it import pandas and numpy.

    sqlite-utils imports them, when installed, only to recognise their value types in
    ``insert``; the workbench writes with ``conn.execute`` and never passes them. Imported, they
    would make every participant's kernel ~40 MB heavier (measured PSS: 85 MB instead of 48 MB
    next to ipywidgets). Already imported (an analyst's notebook), they are left alone.
    """
    import sys
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # makes ``import name`` raise ImportError
    try:
        import sqlite_utils
    finally:
        for name in hidden:
            if sys.modules.get(name, "") is None:
                del sys.modules[name]
    return sqlite_utils


sqlite_utils = _import_sqlite_utils()
from workbench.store.migrations import MIGRATIONS

#: Seconds a connection waits for another writer before giving up (SQLite's busy timeout).
BUSY_TIMEOUT = 30.0
#: SQLite's ``synchronous`` setting. ``FULL`` syncs the WAL at every commit, so a ballot whose
#: confirmation a participant saw survives a power cut, not only a crash of the server
#: (``NORMAL``). Measured (``bench/bench_polls.py --synchronous``, best of 3, same run): 60
#: ballots one after another 0.016 s → 0.031 s; 61 ballots from 61 processes at the same instant
#: all stored in 0.56 s → 1.45 s (the busy handler's waits dominate). A meeting bears ~0.3 ms
#: more per write; a lost confirmed ballot it would not.
SYNCHRONOUS = "FULL"
#: Extra attempts to take the write lock after the busy timeout ran out.
WRITE_RETRIES = 3


def default_db() -> Path:
    """The database used when neither ``--db`` nor ``WORKBENCH_DB`` names one: in a checkout,
    ``var/workbench.db`` in the project folder (git-ignored); in a plain install (``pip install
    .``, a wheel), ``workbench.db`` in the user's data folder (``~/.local/share/planning-workbench/``
    on Linux, or under ``$XDG_DATA_HOME``)."""
    from workbench.core.shipped import DISTRIBUTION, checkout_dir
    root = checkout_dir()
    if root is not None:
        return root / "var" / "workbench.db"
    from platformdirs import user_data_dir
    return Path(user_data_dir(DISTRIBUTION, appauthor=False)) / "workbench.db"


def __getattr__(name: str):
    # DEFAULT_DB is worked out when used (it depends on the environment), not on import.
    if name == "DEFAULT_DB":
        return default_db()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def resolve_path(path: str | os.PathLike | None = None) -> Path:
    """Return the database path: ``path`` if given, else ``$WORKBENCH_DB``, else :func:`default_db`."""
    if path:
        return Path(path)
    if os.environ.get("WORKBENCH_DB"):
        return Path(os.environ["WORKBENCH_DB"])
    return default_db()


class Store:
    """One open workbench database: a sqlite-utils ``Database`` plus transactions that retry.

    >>> store = Store.open(":memory:")
    >>> store.schema_version() == max(MIGRATIONS)
    True
    """

    def __init__(self, db: sqlite_utils.Database, path: Path | None):
        self.db = db
        self.path = path
        self._depth = 0

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, migrate: bool = True,
             upto: int | None = None) -> "Store":
        """Open (creating if needed) the database at ``path`` and bring its schema up to date.

        ``upto`` stops the migrations at that version (for tests of upgrades).
        Raises :class:`WorkbenchError` if the file is not a workbench database or is newer than
        this version of the workbench.
        """
        memory = str(path) == ":memory:"
        target = None if memory else resolve_path(path)
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(":memory:" if memory else str(target),
                               timeout=BUSY_TIMEOUT, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            if not memory:
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
        except sqlite3.DatabaseError as error:
            conn.close()
            raise WorkbenchError(f"{target}: not a workbench database ({error})") from None
        store = cls(sqlite_utils.Database(conn), target)
        if migrate:
            store.migrate(upto)
        return store

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: changes when another connection commits a write
        (what the apps' live watchers poll)."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    # -- transactions ---------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``): all of its statements land, or none.

        Nested use joins the outer transaction. Taking the write lock is retried
        :data:`WRITE_RETRIES` times after the busy timeout.
        """
        conn = self.db.conn
        if self._depth:
            self._depth += 1
            try:
                yield conn
            finally:
                self._depth -= 1
            return
        for attempt in range(WRITE_RETRIES + 1):
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == WRITE_RETRIES:
                    raise
                time.sleep(0.05 * (attempt + 1))
        self._depth = 1
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
        finally:
            self._depth = 0

    # -- schema ---------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The highest migration applied (0 for a new database)."""
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def applied_migrations(self) -> set[int]:
        if not self.db["schema_migrations"].exists():
            # Databases made before migrations were recorded one by one applied 1..user_version.
            return set(range(1, self.schema_version() + 1))
        return {row[0] for row in self.db.execute("SELECT number FROM schema_migrations")}

    def migrate(self, upto: int | None = None) -> int:
        """Apply, in number order, the migrations this database has not had; return the version."""
        known = max(MIGRATIONS)
        if self.schema_version() > known:
            raise WorkbenchError(
                f"{self.path}: database schema version {self.schema_version()} is newer than "
                f"this workbench knows ({known}); upgrade the workbench")
        wanted = [n for n in sorted(MIGRATIONS) if upto is None or n <= upto]
        if set(wanted) <= self.applied_migrations():
            return self.schema_version()
        with self.transaction() as conn:   # one kernel migrates; the others wait, then see it done
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                         "number INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {row[0] for row in conn.execute("SELECT number FROM schema_migrations")}
            if not done:
                done = set(range(1, conn.execute("PRAGMA user_version").fetchone()[0] + 1))
                conn.executemany("INSERT INTO schema_migrations VALUES (?, 'before records')",
                                 [(n,) for n in sorted(done)])
        for number in wanted:
            if number in done:
                continue
            with self.transaction() as conn:
                if conn.execute("SELECT 1 FROM schema_migrations WHERE number = ?", [number]).fetchone():
                    continue
                for statement in MIGRATIONS[number]:
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                             [number])
                highest = conn.execute("SELECT max(number) FROM schema_migrations").fetchone()[0]
                conn.execute(f"PRAGMA user_version = {int(highest)}")
        return self.schema_version()
