"""The meeting's database as the server process reads it: which kinds of activity are live (to
size the kernel pools) and which app a join code opens. SQLite file or PostgreSQL URL alike.

The server process keeps one connection, opened when first needed, without migrating (the
``serve`` command migrated before starting the server), and reads through the store modules, so
it holds no SQL of its own. A read that fails (the database is being restored, PostgreSQL
restarted) closes the connection, and the next read opens a new one. A SQLite file that does not
exist is not created: it reads as empty.

On PostgreSQL the connection stops listening for change notices: the server does not watch
changes, and notices it never reads would pile up in its memory for the whole meeting.
"""
from __future__ import annotations

import os
from pathlib import Path

from workbench.core.errors import WorkbenchError


class MeetingDatabase:
    """Short reads of the meeting's database, on one connection kept open."""

    def __init__(self, target: str | os.PathLike):
        self.target = str(target)
        self._store = None

    @property
    def is_postgres(self) -> bool:
        from workbench.store.postgres import is_url
        return is_url(self.target)

    def _open(self):
        if self._store is None:
            if not self.target or not self.is_postgres and not Path(self.target).exists():
                return None
            from workbench.store import Store
            store = Store.open(self.target, migrate=False)
            if store.dialect == "postgresql":
                store.db.execute("UNLISTEN *")
            self._store = store
        return self._store

    def close(self) -> None:
        if self._store is not None:
            try:
                self._store.close()
            except Exception:   # already broken
                pass
            self._store = None

    def read(self, reader, default):
        """``reader(store)``, or ``default`` when the database cannot be read. Errors the
        workbench raises on purpose (a code no session has) pass through."""
        for attempt in (1, 2):
            try:
                store = self._open()
                return default if store is None else reader(store)
            except (WorkbenchError, LookupError, ValueError):
                raise
            except Exception:   # sqlite3.Error, psycopg.Error: a connection that went bad
                self.close()
        return default

    def live_kinds(self) -> set[str]:
        """The kinds of activity (visioning, feedback, poll) with a real session that is not
        closed; an unreadable database counts as "nothing live"."""
        from workbench.participation.store.sessions import list_sessions
        return self.read(lambda store: {session["kind"] for session in list_sessions(store)
                                        if session["phase"] != "closed" and not session["synthetic"]},
                         set())

    def session_kind(self, code: str) -> str | None:
        """The kind of the session with join ``code``. Raises ValidationError (malformed) or
        NotFound; None when the database cannot be read."""
        from workbench.participation.store.sessions import find_session
        return self.read(lambda store: find_session(store, code)["kind"], None)


def reads(database: "MeetingDatabase | str | os.PathLike") -> tuple[MeetingDatabase, bool]:
    """``database`` itself, or a one-off one for a path or URL (True: close it after)."""
    if isinstance(database, MeetingDatabase):
        return database, False
    return MeetingDatabase(database), True


def state_folder(target: str | os.PathLike, chosen: str | os.PathLike | None = None) -> Path:
    """Where ``serve`` keeps its state for database ``target`` (secrets, settings, the lock, the
    kernel status): ``chosen`` if given; beside a SQLite file, ``serve/``; for a PostgreSQL
    database, ``serve-<database>-<hash of the URL without its password>`` in the folder of the
    default database (``var/`` in a checkout, else the user's data folder), so that every
    command run on the same machine for the same URL finds the same folder.

    >>> state_folder("/srv/meeting/workbench.db")
    PosixPath('/srv/meeting/serve')
    >>> state_folder("postgresql://wb:secret@db.example.org/meeting").name
    'serve-meeting-47171cb7'
    """
    if chosen:
        return Path(chosen).expanduser().resolve()
    from workbench.store.postgres import is_url, shown
    if not is_url(target):
        return Path(target).expanduser().resolve().parent / "serve"
    import hashlib
    import re
    from urllib.parse import urlsplit

    from workbench.store.db import default_db
    parts = urlsplit(str(target))
    name = parts.path.strip("/") or parts.username or "postgres"
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:40]
    digest = hashlib.sha256(shown(str(target)).encode()).hexdigest()[:8]
    return default_db().parent / f"serve-{name}-{digest}"

