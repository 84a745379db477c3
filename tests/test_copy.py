"""Moving a whole database between engines: SQLite → PostgreSQL → SQLite keeps every row, and a
copy that cannot be completed writes nothing."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.core.errors import RuleError
from workbench.demo import build_demo
from workbench.store import Store
from workbench.store import schema
from workbench.store.copy import copy_database, count_rows
from workbench.polls.results import result_rows, tally
from workbench.polls.store.ballots import poll_data
from workbench.polls.store.polls import list_polls


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """A SQLite file holding the whole synthetic process (every feature's tables)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store.open(path) as store:
        build_demo(store)
    return path


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    out = {}
    for table in schema.tables():
        columns = ", ".join(f'"{c}"' for c in table.columns)
        out[table.name] = sorted(tuple(row) for row in store.db.execute(
            f'SELECT {columns} FROM "{table.name}"').fetchall())
    return out


@pytest.mark.parametrize("backend", ["postgresql"])
def test_sqlite_to_postgresql_and_back_keeps_every_row(demo_file, empty_database, tmp_path):
    with Store.open(demo_file) as origin, Store.open(empty_database) as shared:
        before = dump(origin)
        counts = copy_database(origin, shared)
        assert counts == count_rows(origin) and sum(counts.values()) > 5000
        assert dump(shared) == before
        # The copy is a working database: its rules and results are the same as the original's.
        for poll in list_polls(origin):
            here, there = poll_data(origin, poll["id"]), poll_data(shared, poll["id"])
            assert result_rows(tally(there), there.items) == result_rows(tally(here), here.items)
        # New rows get new ids after the copied ones.
        from workbench.participation.store.sessions import add_session
        assert add_session(shared, "visioning", {"en": "after the move"})["id"] > max(
            row[0] for row in before["sessions"])
        with Store.open(tmp_path / "back.db") as back:
            copy_database(shared, back)
            assert dump(back) == dump(shared)


def test_a_database_holding_data_is_replaced_only_when_asked(demo_file, plan_store):
    with Store.open(demo_file) as origin:
        with pytest.raises(RuleError, match="holds data"):
            copy_database(origin, plan_store)
        copy_database(origin, plan_store, replace=True)
        assert count_rows(plan_store) == count_rows(origin)


def test_a_copy_that_fails_writes_nothing(demo_file, fresh_store, monkeypatch):
    """A table that cannot be read after all the others were written: none of them is kept."""
    tables = schema.tables()
    monkeypatch.setattr(schema, "tables", lambda: (*tables, schema.Table("lost", ("id",), frozenset(), (), False)))
    with Store.open(demo_file) as origin, pytest.raises(Exception, match="lost"):
        copy_database(origin, fresh_store)
    monkeypatch.undo()
    assert sum(count_rows(fresh_store).values()) == 0


@pytest.mark.parametrize("backend", ["postgresql"])
def test_cli_copy_names_both_and_counts(demo_file, empty_database, tmp_path):
    run = CliRunner().invoke(main, ["copy", str(demo_file), empty_database])
    assert run.exit_code == 0, run.output
    assert "every table's count checked" in run.output and "rows in" in run.output
    again = CliRunner().invoke(main, ["copy", str(demo_file), empty_database])
    assert again.exit_code == 1 and "holds data" in again.output
    wrong = CliRunner().invoke(main, ["copy", str(tmp_path / "none.db"), "postgresql://nobody@/none?host=/nonexistent"])
    assert wrong.exit_code == 1 and "cannot connect" in wrong.output
