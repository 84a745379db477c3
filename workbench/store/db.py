"""Opening the database: where it lives, how it is tuned, how its schema is upgraded.

This is the only module that opens a connection. The embedded default is a SQLite file: every
kernel of a meeting (sixty is normal) opens the same file, so the database runs in WAL mode with
a long busy timeout, and every write is a short ``BEGIN IMMEDIATE`` transaction that is retried
if the lock cannot be taken. A ``postgresql://`` URL opens a PostgreSQL database instead (see
:mod:`workbench.store.postgres`): there every write transaction first takes one advisory lock,
so writes follow one another exactly as SQLite's do, and a rule checked inside a transaction
holds on both engines.
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
from workbench.store import postgres
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
#: The PostgreSQL advisory lock every write transaction takes first (SQLite's one writer).
WRITE_LOCK = 0x776f726b   # "work"


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


def resolve_path(path: str | os.PathLike | None = None) -> Path | str:
    """Return the database: ``path`` if given, else ``$WORKBENCH_DB``, else :func:`default_db`.
    A file is returned as a ``Path``, a ``postgresql://`` URL as it is."""
    chosen = path or os.environ.get("WORKBENCH_DB") or None
    if chosen and postgres.is_url(chosen):
        return str(chosen)
    return Path(chosen) if chosen else default_db()


class Store:
    """One open workbench database: a sqlite-utils ``Database`` (or, on PostgreSQL, the same
    interface from :mod:`workbench.store.postgres`) plus transactions that retry.

    >>> store = Store.open(":memory:")
    >>> store.schema_version() == max(MIGRATIONS)
    True
    """

    def __init__(self, db, path: Path | None, url: str | None = None):
        self.db = db
        self.path = path
        self.url = url
        #: ``"sqlite"`` or ``"postgresql"``.
        self.dialect = "postgresql" if url else "sqlite"
        self._depth = 0
        self._changes = 0

    @property
    def IntegrityError(self) -> type[Exception]:
        """The engine's exception for a broken constraint (a unique key, an append-only table)."""
        if self.dialect == "postgresql":
            import psycopg
            return psycopg.IntegrityError
        return sqlite3.IntegrityError

    @property
    def row_key(self) -> str:
        """The column naming a row of any table, with or without an ``id``: SQLite's ``rowid``,
        PostgreSQL's ``ctid`` (stable while the transaction that read it lasts)."""
        return "ctid" if self.dialect == "postgresql" else "rowid"

    @property
    def target(self) -> str:
        """What :meth:`open` takes to open this database again: the file's path, or the URL."""
        return self.url or str(self.path)

    @property
    def location(self) -> str:
        """Where the data is, for messages: the file, or the URL without its password."""
        return postgres.shown(self.url) if self.url else str(self.path)

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
        if isinstance(target, str):
            return cls._open_postgres(target, migrate=migrate, upto=upto)
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

    @classmethod
    def _open_postgres(cls, url: str, *, migrate: bool, upto: int | None) -> "Store":
        try:
            raw = postgres.connect(url)
        except ImportError:
            raise WorkbenchError("PostgreSQL needs the psycopg driver: pip install "
                                 "'planning-workbench[postgresql]'") from None
        except Exception as error:   # psycopg.OperationalError: no server, wrong password …
            raise WorkbenchError(f"{postgres.shown(url)}: cannot connect ({error})".strip()) from None
        store = cls(postgres.Database(raw), None, url)
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
        """A number that changes when another connection commits a write (what the apps' live
        watchers poll): SQLite's ``PRAGMA data_version``; on PostgreSQL, the count of other
        connections' change notices received (``LISTEN``)."""
        if self.dialect == "postgresql":
            raw = self.db.conn.raw
            while True:   # a first call may give only what arrived during a query: ask again
                notices = list(raw.notifies(timeout=0))
                if not notices:
                    return self._changes
                self._changes += sum(notice.pid != raw.info.backend_pid for notice in notices)
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
        self._begin(conn)
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

    def _begin(self, conn) -> None:
        """Open a write transaction holding the (one) write lock."""
        if self.dialect == "postgresql":
            conn.execute("BEGIN")
            try:
                conn.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return
        for attempt in range(WRITE_RETRIES + 1):
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == WRITE_RETRIES:
                    raise
                time.sleep(0.05 * (attempt + 1))

    # -- schema ---------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The highest migration applied (0 for a new database)."""
        if self.dialect == "postgresql":
            if not self.db["schema_migrations"].exists():
                return 0
            return self.db.execute("SELECT coalesce(max(number), 0) FROM schema_migrations").fetchone()[0]
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
                f"{self.location}: database schema version {self.schema_version()} is newer than "
                f"this workbench knows ({known}); upgrade the workbench")
        wanted = [n for n in sorted(MIGRATIONS) if upto is None or n <= upto]
        if set(wanted) <= self.applied_migrations():
            return self.schema_version()
        with self.transaction() as conn:   # one kernel migrates; the others wait, then see it done
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                         "number INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {row[0] for row in conn.execute("SELECT number FROM schema_migrations")}
            if not done and self.dialect == "sqlite":
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
                    if isinstance(statement, dict):   # a per-engine variant
                        statement = statement[self.dialect]
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                             [number])
                if self.dialect == "sqlite":
                    highest = conn.execute("SELECT max(number) FROM schema_migrations").fetchone()[0]
                    conn.execute(f"PRAGMA user_version = {int(highest)}")
                else:
                    postgres.announce_changes(conn)
        return self.schema_version()


def dict_rows(cursor) -> list[dict]:
    """The rows of an executed ``cursor`` as dicts keyed by column name, on either engine."""
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def insert_id(conn, sql: str, params) -> int:
    """Run the ``INSERT`` statement ``sql`` and return the new row's ``id``, on either engine
    (``RETURNING id``: SQLite 3.35 and later, PostgreSQL).

    >>> with Store.open(":memory:") as store, store.transaction() as conn:
    ...     insert_id(conn, "INSERT INTO facilitators (name, key_hash) VALUES (?, ?)", ["Amina", "x"])
    1
    """
    return conn.execute(f"{sql} RETURNING id", params).fetchall()[0][0]
