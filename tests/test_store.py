"""The store: pragmas, migrations (upgrading an old file keeps its data), transactions, concurrency."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from workbench.core.errors import WorkbenchError
from workbench.store import Store
from workbench.store.db import BUSY_TIMEOUT, resolve_path
from workbench.store.migrations import MIGRATIONS
from workbench.plan.store.plans import get_plan
from workbench.participation.store.sessions import add_participant, add_session, count_participants

V1_FILE = "tests/data/schema-v1.db"


@pytest.mark.parametrize("backend", ["sqlite"])
def test_pragmas_wal_foreign_keys_busy_timeout(fresh_store):
    execute = fresh_store.db.execute
    assert execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert execute("PRAGMA busy_timeout").fetchone()[0] == int(BUSY_TIMEOUT * 1000) >= 30_000
    assert fresh_store.schema_version() == max(MIGRATIONS)


def test_path_comes_from_argument_then_environment_then_default(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "env.db"))
    assert resolve_path(tmp_path / "arg.db") == tmp_path / "arg.db"
    assert resolve_path() == tmp_path / "env.db"
    monkeypatch.delenv("WORKBENCH_DB")
    assert resolve_path().name == "workbench.db" and resolve_path().parent.name == "var"


@pytest.mark.parametrize("legacy", [False, True], ids=["recorded", "user_version-only"])
def test_database_made_by_the_first_migration_is_upgraded_and_keeps_its_data(tmp_path, legacy):
    path = tmp_path / "old.db"
    shutil.copy(V1_FILE, path)
    if legacy:   # as if made before migrations were recorded one by one
        with sqlite3.connect(path) as conn:
            conn.execute("DROP TABLE schema_migrations")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sessions'").fetchone()
    with Store.open(path) as store:
        assert store.schema_version() == max(MIGRATIONS)
        assert store.applied_migrations() == set(MIGRATIONS)
        assert get_plan(store).actions_found == 143          # the old data is still there
        session = add_session(store, "visioning", {"en": "after upgrade"})
        add_participant(store, session["id"], "Calm Heron 12", "sw")
        assert count_participants(store, session["id"]) == 1


def test_a_database_of_an_early_version_is_upgraded_on_either_engine(empty_database):
    with Store.open(empty_database, upto=1) as store:
        assert store.schema_version() == 1 and store.applied_migrations() == {1}
        from workbench.demo import load_defaults
        load_defaults(store)
    with Store.open(empty_database) as store:
        assert store.schema_version() == max(MIGRATIONS) and store.applied_migrations() == set(MIGRATIONS)
        assert get_plan(store).actions_found == 143
        session = add_session(store, "visioning", {"en": "after upgrade"})
        add_participant(store, session["id"], "Calm Heron 12", "sw")
        assert count_participants(store, session["id"]) == 1


def test_a_newer_database_is_refused_on_either_engine(empty_database):
    with Store.open(empty_database) as store, store.transaction() as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'later')", [max(MIGRATIONS) + 1])
        if store.dialect == "sqlite":
            conn.execute(f"PRAGMA user_version = {max(MIGRATIONS) + 1}")
    with pytest.raises(WorkbenchError, match="newer than this workbench"):
        Store.open(empty_database)


def test_a_write_waits_for_the_one_in_progress(fresh_store):
    """One writer at a time on both engines (SQLite's lock; PostgreSQL's advisory lock): what a
    transaction checked still holds when it writes."""
    import threading
    import time
    other = Store.open(fresh_store.target)
    session = add_session(fresh_store, "visioning", {"en": "t"})
    holding, waited = threading.Event(), []

    def first():
        with fresh_store.transaction():
            add_participant(fresh_store, session["id"], "First", "sw")
            holding.set()
            time.sleep(0.4)

    thread = threading.Thread(target=first)
    thread.start()
    holding.wait(5)
    started = time.perf_counter()
    with other.transaction() as conn:
        waited.append(time.perf_counter() - started)
        seen = conn.execute("SELECT count(*) FROM participants").fetchone()[0]
    thread.join()
    other.close()
    assert waited[0] >= 0.25 and seen == 1   # it waited, then saw the first one's row


def test_a_newer_database_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {max(MIGRATIONS) + 1}")
    with pytest.raises(WorkbenchError, match="newer than this workbench"):
        Store.open(path)


def test_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are not the droids " * 100)
    with pytest.raises(WorkbenchError, match="not a workbench database"):
        Store.open(path)


def test_transaction_rolls_back_everything_on_error(plan_store):
    before = count_participants(plan_store)
    session = add_session(plan_store, "visioning", {"en": "t"})
    with pytest.raises(RuntimeError):
        with plan_store.transaction():
            add_participant(plan_store, session["id"], "A", "sw")   # nested: joins the outer one
            add_participant(plan_store, session["id"], "B", "en")
            raise RuntimeError("boom")
    assert count_participants(plan_store) == before


WRITER = textwrap.dedent("""
    import sys
    from workbench.store import Store
    from workbench.participation.store.sessions import add_participant
    store = Store.open(sys.argv[1])
    for i in range(int(sys.argv[3])):
        add_participant(store, 1, f"{sys.argv[2]}-{i}", "sw")
""")


def test_many_processes_write_at_once_without_losing_a_row(fresh_store):
    """Kernels of a meeting write at the same moment: nothing is lost, nobody sees 'locked'."""
    path = fresh_store.target
    add_session(fresh_store, "visioning", {"en": "busy"})
    processes, each = 24, 20
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"p{n}", str(each)],
                                stderr=subprocess.PIPE, text=True) for n in range(processes)]
    errors = [w.communicate(timeout=120)[1] for w in writers]
    assert all(w.returncode == 0 for w in writers), errors
    with Store.open(path) as store:
        assert count_participants(store) == processes * each
