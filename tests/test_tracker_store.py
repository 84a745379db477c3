"""The tracker's store and files: milestones, appended updates, CSV import (all-or-nothing,
idempotent, errors naming file/row/field) and export, the demo part and the commands."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.core.errors import NotFound
from workbench.plan.files import PlanFileError
from workbench.store import Store
from workbench.tracker.store.milestones import (add_milestone, add_update, add_updates, get_milestone, list_milestones,
                                     list_owners, list_updates, load_tracker, update_milestone)
from workbench.tracker.store.files import export_tracker_csv, import_tracker_csv
from workbench.tracker.rules import FieldError, Indicator, Milestone, Target, Update

D = dt.date
MILESTONES = """id,action,title,target,owner,unit,baseline,target_value
M1,1.1.14,Yearly international meeting of survivor leaders,2025,Working group 1,meetings held,0,10
M2,2.3.1,Policy training curriculum,2026-Q3,Policy group,,,
M3,4.1.2,Survivor research fund,2024,Research group,,,
"""
UPDATES = """milestone,date,status,value,note,corrects
M1,2024-12-31,on track,1,first meeting held,
M1,2025-06-30,on track,2,,
M2,2025-03-31,at risk,,waiting for funding,
M1,2025-07-10,at risk,1,the second meeting was postponed,3
M3,2024-09-30,done,,,
"""


@pytest.fixture
def store(tmp_path, plan_template):
    shutil.copy(plan_template, tmp_path / "w.db")
    with Store.open(tmp_path / "w.db") as store:
        yield store


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def milestone(key="M1", action="1.1.14", target="2025", indicator=None, owner="Working group 1"):
    return Milestone(key, action, {"en": f"milestone {key}", "sw": f"hatua {key}"}, Target.parse(target),
                     owner, indicator)


def test_milestones_are_checked_against_the_plans_latest_version(store):
    stored = add_milestone(store, milestone(indicator=Indicator("meetings", 0, 10)))
    assert stored.id and get_milestone(store, "M1") == stored and get_milestone(store, stored.id) == stored
    for bad, field in [(milestone("M2", action="1.1.15"), "action"), (milestone("M2", target="2034"), "target"),
                       (milestone("M1"), "id")]:
        with pytest.raises(FieldError) as refused:
            add_milestone(store, bad)
        assert refused.value.field == field
    with pytest.raises(NotFound):
        get_milestone(store, "M9")
    changed = update_milestone(store, milestone(target="2026-Q2", owner="Someone else"))
    assert changed.target == Target(2026, 2) and changed.id == stored.id and changed.indicator is None
    assert list_owners(store) == ["Someone else"] and len(list_milestones(store, owner="Someone else")) == 1


def test_updates_are_appended_checked_and_never_changed(store):
    m = add_milestone(store, milestone(indicator=Indicator("meetings", 0, 10)))
    first = add_update(store, Update(m.id, D(2024, 12, 31), "done", 10, reporter="WG1"))
    with pytest.raises(FieldError, match="note"):
        add_update(store, Update(m.id, D(2025, 3, 31), "on track", 8))
    with pytest.raises(FieldError, match="date"):
        add_update(store, Update(m.id, D(2040, 1, 1), "done", 10))
    with pytest.raises(FieldError, match="corrects"):
        add_update(store, Update(m.id, D(2025, 1, 5), "on track", note="x", corrects=first.id + 100))
    with pytest.raises(FieldError):   # the whole batch is refused when one update is wrong
        add_updates(store, [Update(m.id, D(2025, 3, 31), "done", 10), Update(m.id, D(2025, 4, 1), "on tra")])
    assert [u.id for u in list_updates(store)] == [first.id]
    fix = add_update(store, Update(m.id, D(2025, 1, 5), "on track", 8, note="not finished yet", corrects=first.id))
    with pytest.raises(FieldError, match="already corrected"):
        add_update(store, Update(m.id, D(2025, 1, 6), "at risk", note="x", corrects=first.id))
    with pytest.raises(sqlite3.DatabaseError, match="appended"), store.transaction() as conn:
        conn.execute("UPDATE progress_updates SET status = 'done' WHERE id = ?", [fix.id])
    _, found = load_tracker(store)
    assert found.state(found.milestones[0], D(2025, 1, 4)).status == "done"
    assert found.state(found.milestones[0], D(2025, 1, 5)).status == "on track"


def test_import_csv_then_again_adds_nothing(store, tmp_path):
    ms, ups = write(tmp_path, "milestones.csv", MILESTONES), write(tmp_path, "updates.csv", UPDATES)
    counts = import_tracker_csv(store, ms, ups)
    assert counts == {"milestones_added": 3, "milestones_changed": 0, "milestones_present": 0,
                      "updates_added": 5, "updates_present": 0}
    again = import_tracker_csv(store, ms, ups)
    assert again["milestones_added"] == again["updates_added"] == 0 and again["updates_present"] == 5
    updates = list_updates(store)
    assert len(updates) == 5 and updates[3].corrects == updates[1].id     # row 5 corrects row 3
    _, found = load_tracker(store)
    m1 = found.milestones[0]
    assert m1.indicator == Indicator("meetings held", 0, 10)
    assert found.state(m1, D(2025, 7, 9)).status == "on track"
    state = found.state(m1, D(2025, 12, 31))
    assert state.status == "at risk" and state.value == 1 and state.overdue is False
    assert found.state(m1, D(2026, 1, 1)).overdue
    # a changed milestone row is updated in place; its updates stay
    changed = write(tmp_path, "m2.csv", MILESTONES.replace("Policy group", "Policy working group"))
    assert import_tracker_csv(store, changed)["milestones_changed"] == 1
    assert len(list_updates(store)) == 5


BAD_FILES = [
    ("milestones", MILESTONES.replace("1.1.14,", "1.1.99,"), "row 2", "action"),
    ("milestones", MILESTONES.replace("2026-Q3", "2026-Q7"), "row 3", "target"),
    ("milestones", MILESTONES.replace(",2024,", ",2035,"), "row 4", "target"),
    ("milestones", MILESTONES.replace(",0,10", ",none,10"), "row 2", "baseline"),
    ("milestones", MILESTONES + "M1,1.1.1,Again,2025,WG,,,\n", "row 5", "id"),
    ("milestones", MILESTONES.replace("id,", "key,"), "row 1", "id"),
    ("updates", UPDATES.replace("2025-06-30", "30/06/2025"), "row 3", "date"),
    ("updates", UPDATES.replace("at risk,,", "late,,"), "row 4", "status"),
    ("updates", UPDATES.replace("on track,2,", "on track,two,"), "row 3", "value"),
    ("updates", UPDATES.replace("M3,2024-09-30", "M3,2022-09-30"), "row 6", "date"),
    ("updates", UPDATES.replace("M2,2025-03-31,at risk,,", "M2,2025-03-31,at risk,3,"), "row 4", "value"),
    ("updates", UPDATES.replace("postponed,3", "postponed,9"), "row 5", "corrects"),
    ("updates", UPDATES.replace("postponed,3", "postponed,4"), "row 5", "corrects"),
    ("updates", UPDATES + "M9,2025-01-01,done,,,\n", "row 7", "milestone"),
    ("updates", UPDATES + "M3,2025-01-01,on track,,,\n", "row 7", "note"),
]


@pytest.mark.parametrize("which, text, where, field", BAD_FILES,
                         ids=[f"{w}-{row.replace(' ', '')}-{f}" for w, _, row, f in BAD_FILES])
def test_a_bad_file_names_file_row_and_field_and_writes_nothing(store, tmp_path, which, text, where, field):
    ms = write(tmp_path, "milestones.csv", text if which == "milestones" else MILESTONES)
    ups = write(tmp_path, "updates.csv", text if which == "updates" else UPDATES)
    with pytest.raises(PlanFileError) as refused:
        import_tracker_csv(store, ms, ups)
    error = refused.value
    assert (error.path, error.where, error.field) == (str(ms if which == "milestones" else ups), where, field)
    assert str(error).startswith(f"{error.path}: {where}: {field}: ")
    assert list_milestones(store) == [] and list_updates(store) == []


def test_export_imports_back_unchanged(store, tmp_path, plan_template):
    import_tracker_csv(store, write(tmp_path, "m.csv", MILESTONES), write(tmp_path, "u.csv", UPDATES))
    m2 = get_milestone(store, "M2")
    add_update(store, Update(m2.id, D(2025, 9, 30), "on track", note='said "yes" | ok',
                             evidence=("https://example.org/minutes",), reporter="Policy group"))
    paths = export_tracker_csv(store, tmp_path / "out")
    assert [p.name for p in paths] == ["milestones.csv", "updates.csv"]
    assert import_tracker_csv(store, *paths)["updates_added"] == 0
    shutil.copy(plan_template, tmp_path / "other.db")
    with Store.open(tmp_path / "other.db") as other:
        import_tracker_csv(other, *paths)
        export_tracker_csv(other, tmp_path / "again")
        assert [m.key for m in list_milestones(other)] == ["M1", "M2", "M3"]
        assert list_updates(other)[-1].evidence == ("https://example.org/minutes",)
    for name in ("milestones.csv", "updates.csv"):
        assert (tmp_path / "out" / name).read_text() == (tmp_path / "again" / name).read_text()


def test_demo_adds_a_synthetic_tracker_once(store):
    from workbench.tracker.demo import add_demo_milestones
    added = add_demo_milestones(store, 7)
    assert 143 <= added["milestones"] <= 3 * 143 and added["updates"] > 500
    assert add_demo_milestones(store, 7) == {"milestones": 0, "updates": 0}
    milestones = list_milestones(store)
    assert all(m.synthetic and "[synthetic]" in m.title["en"] for m in milestones)
    assert any(u.corrects for u in list_updates(store))


def test_commands_import_status_export_review(store, tmp_path):
    runner = CliRunner()
    db = ["--db", store.target]
    ms, ups = write(tmp_path, "m.csv", MILESTONES), write(tmp_path, "u.csv", UPDATES)
    result = runner.invoke(main, ["tracker", "import", *db, "--milestones", str(ms), "--updates", str(ups)])
    assert result.exit_code == 0, result.output
    assert "3 added" in result.output and "5 added" in result.output
    result = runner.invoke(main, ["tracker", "status", *db, "--as-of", "2026-01-01", "--json"])
    status = json.loads(result.output)
    assert set(status) == {"as_of", "milestones", "by_status", "done_share", "overdue", "themes"}
    assert status["milestones"] == 3 and status["overdue"] == ["M1"]
    assert status["by_status"]["done"] == 1 and status["done_share"] == pytest.approx(1 / 3)
    theme4 = status["themes"][3]
    assert theme4["number"] == 4 and theme4["done_share"] == 1.0
    assert set(theme4["goals"][0]) == {"number", "by_status", "done_share"}
    assert runner.invoke(main, ["tracker", "status", *db, "--as-of", "2026-01-01"]).exit_code == 0
    bad = runner.invoke(main, ["tracker", "import", *db, "--updates", str(write(tmp_path, "b.csv", "x,y\n"))])
    assert bad.exit_code == 1 and "b.csv: row 1: milestone: missing column" in bad.output
    result = runner.invoke(main, ["tracker", "export", *db, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0 and (tmp_path / "out" / "updates.csv").exists()
    result = runner.invoke(main, ["review", *db, "--as-of", "2025-12-31", "--since", "2024-12-31",
                                  "--format", "md"])
    assert result.exit_code == 0 and "the second meeting was postponed" in result.output
    backwards = runner.invoke(main, ["review", *db, "--as-of", "2024-12-31", "--since", "2025-12-31"])
    assert backwards.exit_code == 1 and "after the as-of date" in backwards.output
