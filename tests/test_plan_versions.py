"""Plan versions: copy as a draft, edit, add/remove/move/renumber actions, freeze; the diff."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.core.errors import NotFound, RuleError, ValidationError
from workbench.plan.model import Action, Goal, Plan, Theme
from workbench.plan.diff import diff_lines, diff_plans
from workbench.plan.store import versions as pv
from workbench.feedback.store.comments import add_round
from workbench.plan.store.plans import get_plan


def refs_of(plan, goal_ref):
    theme, goal = (int(n) for n in goal_ref.split("."))
    found = next(g for t in plan.themes if t.number == theme for g in t.goals if g.number == goal)
    return [(a.number, a.title.get("en")) for a in found.actions]


def diff(store, old, new):
    return diff_plans(get_plan(store, version=old), get_plan(store, version=new),
                      pv.item_uids(store, number=old), pv.item_uids(store, number=new))


def test_new_version_is_a_copy_of_the_last(plan_store):
    draft = pv.add_version(plan_store, label="draft 2")
    assert (draft["number"], draft["label"], draft["frozen"]) == (2, "draft 2", False)
    assert get_plan(plan_store, version=2) == get_plan(plan_store, version=1)
    assert [v["number"] for v in pv.list_versions(plan_store)] == [1, 2]
    assert pv.get_version(plan_store)["number"] == 2
    assert pv.add_version(plan_store, base=1)["label"] == "draft 3"
    assert diff(plan_store, 1, 2).changes == ()


def test_a_version_used_by_a_round_is_frozen(plan_store):
    add_round(plan_store, "draft-1")
    assert pv.get_version(plan_store, number=1)["frozen"]
    for edit in (lambda: pv.update_item(plan_store, "1.1.1", title={"en": "x"}),
                 lambda: pv.add_action(plan_store, "1.1", {"en": "x"}),
                 lambda: pv.remove_action(plan_store, "1.1.1"),
                 lambda: pv.move_action(plan_store, "1.1.1", "1.2"),
                 lambda: pv.renumber_actions(plan_store)):
        with pytest.raises(RuleError, match="frozen"):
            edit()
    draft = pv.add_version(plan_store)
    pv.update_item(plan_store, "1.1.1", title={"en": "Shared vision"})   # the copy is a draft
    assert get_plan(plan_store, version=1).themes[0].goals[0].actions[0].title["en"] != "Shared vision"
    assert pv.freeze_version(plan_store, number=draft["number"])["frozen"]


def test_edit_titles_and_texts(plan_store):
    pv.add_version(plan_store)
    pv.update_item(plan_store, "1", title={"en": "Survivors lead", "fr": "Les survivantes mènent"})
    pv.update_item(plan_store, "1.2.5", text={"en": "New text", "sw": ""})
    plan = get_plan(plan_store)
    assert plan.themes[0].title["fr"] == "Les survivantes mènent"
    assert plan.themes[0].goals[1].actions[4].text == {"en": "New text"}
    with pytest.raises(ValidationError, match="at least one language"):
        pv.update_item(plan_store, "1.1.1", title={"sw": "", "en": ""})
    with pytest.raises(NotFound, match="no item 9.9"):
        pv.update_item(plan_store, "9.9", title={"en": "x"})


def test_add_remove_move_renumber_actions(plan_store):
    pv.add_version(plan_store)
    assert pv.add_action(plan_store, "1.5", {"en": "Last"}) == "1.5.8"
    assert pv.add_action(plan_store, "1.5", {"en": "First"}, position=1) == "1.5.1"
    assert [n for n, _ in refs_of(get_plan(plan_store), "1.5")] == list(range(1, 10))
    pv.remove_action(plan_store, "1.5.3")                       # leaves a gap
    assert [n for n, _ in refs_of(get_plan(plan_store), "1.5")] == [1, 2, 4, 5, 6, 7, 8, 9]
    assert pv.move_action(plan_store, "1.5.9", "2.2") == "2.2.7"
    pv.renumber_actions(plan_store, "1.5")
    assert [n for n, _ in refs_of(get_plan(plan_store), "1.5")] == list(range(1, 8))
    assert pv.move_action(plan_store, "1.5.7", "1.5", position=1) == "1.5.1"   # reorder in the goal
    assert refs_of(get_plan(plan_store), "1.5")[0][0] == 1
    pv.remove_action(plan_store, "1.5.1", renumber=True)
    assert [n for n, _ in refs_of(get_plan(plan_store), "1.5")] == list(range(1, 7))
    with pytest.raises(ValidationError, match="position 40"):
        pv.add_action(plan_store, "1.5", {"en": "x"}, position=40)
    with pytest.raises(NotFound):
        pv.move_action(plan_store, "1.5.1", "1.1.1")            # an action is not a goal


def test_diff_sees_moves_and_renumbering_not_remove_and_add(plan_store):
    pv.add_version(plan_store)
    pv.update_item(plan_store, "1.1.3", title={"en": "A global database"})
    pv.remove_action(plan_store, "1.2.2", renumber=True)
    pv.move_action(plan_store, "1.1.5", "2.1")
    pv.move_action(plan_store, "1.4.8", "1.4", position=1)
    pv.add_action(plan_store, "1.3", {"en": "New"})
    found = diff(plan_store, 1, 2)
    by = {(c.change, c.old_ref, c.new_ref) for c in found.changes if c.change != "renumbered"}
    assert by == {("changed", "1.1.3", "1.1.3"), ("removed", "1.2.2", None), ("moved", "1.1.5", "2.1.11"),
                  ("moved", "1.4.8", "1.4.1"), ("added", None, "1.3.13")}
    renumbered = {(c.old_ref, c.new_ref) for c in found.changes if c.change == "renumbered"}
    assert ("1.2.3", "1.2.2") in renumbered and ("1.4.1", "1.4.2") in renumbered
    assert found.counts() == {"added": 1, "removed": 1, "moved": 2, "changed": 1,
                              "renumbered": len(renumbered)}
    changed = next(c for c in found.changes if c.change == "changed")
    assert changed.old_title["en"] == "Global database of survivor leaders"
    assert changed.new_title["en"] == "A global database"
    text = "\n".join(diff_lines(found))
    assert "“Global database of survivor leaders” → “A global database”" in text


def test_diff_without_identities_matches_by_title_then_ref():
    a, b, c = (Action(n, {"en": t}) for n, t in ((1, "Train"), (2, "Fund"), (3, "Meet")))
    v1 = Plan("p", {}, (Theme(1, {"en": "T"}, (Goal(1, {"en": "G"}, (a, b, c)), Goal(2, {"en": "H"}))),))
    v2 = Plan("p", {}, (Theme(1, {"en": "T"}, (Goal(1, {"en": "G"}, (Action(1, {"en": "Train"}),
                                                                    Action(2, {"en": "Fund more"}))),
                                               Goal(2, {"en": "H"}, (Action(1, {"en": "Meet"}),)))),))
    found = {(c.change, c.old_ref, c.new_ref) for c in diff_plans(v1, v2).changes}
    assert found == {("changed", "1.1.2", "1.1.2"), ("moved", "1.1.3", "1.2.1")}


def test_plan_cli_versions_and_diff(tmp_path):
    db = str(tmp_path / "cli.db")

    def run(*args, code=0):
        result = CliRunner().invoke(main, [*args, "--db", db])
        assert result.exit_code == code, result.output
        return result.output
    run("init")
    assert "version 2 (draft 2): draft" in run("plan", "draft")
    run("plan", "edit", "1.1.3", "--title", "en=A global database")
    assert "1.3.13: added" in run("plan", "add-action", "1.3", "--title", "en=Childcare at meetings")
    assert "2.1.11" in run("plan", "move-action", "1.1.5", "2.1")
    run("plan", "remove-action", "4.3.8")
    run("plan", "renumber", "1.1")
    out = run("plan", "diff", "1", "2")
    assert "1 added, 1 removed, 1 moved, 1 changed" in out
    assert "moved       action 1.1.5 → 2.1.11" in out
    data = json.loads(run("plan", "diff", "1", "2", "--json"))
    assert data["counts"]["moved"] == 1 and data["counts"]["added"] == 1
    run("plan", "freeze")
    assert "frozen" in run("plan", "edit", "1.1.1", "--title", "en=x", code=1)
    assert run("plan", "versions").splitlines()[1].endswith("frozen, copied from version 1")
