"""Backup while others write; restore refuses to overwrite data unless forced."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.core.errors import RuleError, ValidationError
from workbench.store import Store
from workbench.store.backup import backup, holds_data, restore
from workbench.plan.store.plans import get_plan
from workbench.participation.store.sessions import add_participant, add_session, count_participants


def test_backup_is_consistent_while_another_process_writes(plan_store, tmp_path):
    session = add_session(plan_store, "visioning", {"en": "busy"})
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        from workbench.store import Store
        from workbench.participation.store.sessions import add_participant
        store = Store.open({plan_store.target!r})
        for i in range(300):
            add_participant(store, {session['id']}, f"w{{i}}", "sw")
    """)])
    copies = [backup(plan_store, tmp_path / f"copy{n}.db") for n in range(3)]
    assert writer.wait(timeout=120) == 0
    for copy in copies:
        with Store.open(copy) as restored:
            assert get_plan(restored).actions_found == 143
            assert 0 <= count_participants(restored) <= 300
    with pytest.raises(ValidationError, match="already exists"):
        backup(plan_store, copies[0])


def test_restore_refuses_to_overwrite_data_unless_forced(plan_store, tmp_path):
    session = add_session(plan_store, "visioning", {"en": "kept"})
    add_participant(plan_store, session["id"], "Calm Heron 12", "sw")
    copy = backup(plan_store, tmp_path / "copy.db")
    with Store.open(tmp_path / "other.db") as other:
        assert not holds_data(other)
        restore(other, copy)                    # an empty database: no --force needed
        assert count_participants(other) == 1
        with pytest.raises(RuleError, match="--force"):
            restore(other, copy)
        restore(other, copy, force=True)
        assert count_participants(other) == 1 and get_plan(other).actions_found == 143


def test_restore_refuses_a_file_that_is_not_a_workbench_database(fresh_store, tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_text("hello")
    with pytest.raises(ValidationError, match="not a SQLite database|not a workbench"):
        restore(fresh_store, bogus)


def test_backup_and_restore_commands(tmp_path):
    db, copy, other = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    runner = CliRunner()
    assert runner.invoke(main, ["init", "--db", str(db)]).exit_code == 0
    assert runner.invoke(main, ["backup", str(copy), "--db", str(db)]).exit_code == 0
    assert runner.invoke(main, ["restore", str(copy), "--db", str(other)]).exit_code == 0
    refused = runner.invoke(main, ["restore", str(copy), "--db", str(other)])
    assert refused.exit_code == 1 and "--force" in refused.output
    assert runner.invoke(main, ["restore", str(copy), "--db", str(other), "--force"]).exit_code == 0
