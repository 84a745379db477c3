"""Plan files: the shipped plan, YAML and CSV round trips, and refusals that name file/row/field."""
from __future__ import annotations

import json

import pytest

from workbench.demo import load_defaults
from workbench.core.errors import ValidationError
from workbench.plan.files import (PlanFileError, read_plan, read_plan_csv, read_plan_yaml,
                                write_plan_csv, write_plan_yaml)
from workbench.core.shipped import PLAN_FILE, default_lists, default_plan
from workbench.plan.store.plans import add_plan, get_list, get_plan, list_plans

PER_GOAL = {(1, 1): 14, (1, 2): 11, (1, 3): 12, (1, 4): 8, (1, 5): 7, (2, 1): 10, (2, 2): 6,
            (2, 3): 13, (3, 1): 8, (3, 2): 12, (3, 3): 15, (4, 1): 11, (4, 2): 8, (4, 3): 8}


def test_shipped_plan_has_the_texts_counts():
    plan = default_plan()
    counts = {(t.number, g.number): len(g.actions) for t in plan.themes for g in t.goals}
    assert counts == PER_GOAL
    assert plan.actions_found == 143 and plan.actions_stated == 145
    assert "145" in plan.meta["notes"] and "143" in plan.meta["notes"]
    assert "Survivor Alliance" in plan.meta["source"]["credit"]
    for _, _, node in plan.walk():
        assert node.title.get("sw") and node.title.get("en")


def test_shipped_lists():
    lists = {item_list.slug: item_list for item_list in default_lists()}
    assert len(lists["capacity-building"].items) == 6
    assert len(lists["barriers"].items) == 7
    assert len(lists["calls-to-partners"].items) == 6
    assert all(item.items for item in lists["capacity-building"].items)


def test_yaml_round_trip_through_the_store(plan_store, tmp_path):
    exported = tmp_path / "out.yaml"
    exported.write_text(write_plan_yaml(get_plan(plan_store)), encoding="utf-8")
    again = read_plan_yaml(exported)
    assert again == default_plan()
    assert write_plan_yaml(again) == exported.read_text(encoding="utf-8")


def test_csv_round_trip_through_the_store(plan_store, tmp_path):
    first = tmp_path / "plan.csv"
    first.write_text(write_plan_csv(get_plan(plan_store)), encoding="utf-8")
    imported = read_plan_csv(first, slug="copy")
    add_plan(plan_store, imported)
    second = write_plan_csv(get_plan(plan_store, "copy"))
    assert second == first.read_text(encoding="utf-8")
    original = default_plan()
    assert imported.themes == original.themes      # the whole tree, every language, every note


def test_lists_round_trip_through_the_store(plan_store):
    for item_list in default_lists():
        assert get_list(plan_store, item_list.slug) == item_list


def test_init_is_idempotent(plan_store):
    assert load_defaults(plan_store) is False
    assert [p["versions"] for p in list_plans(plan_store)] == [1]


def csv_file(tmp_path, text, name="plan.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


GOOD_CSV = ("theme,goal,action,theme_title_en,goal_title_en,title_en,title_sw\n"
            "1,1,1,Theme,Goal,First,Kwanza\n"
            "1,1,2,Theme,Goal,Second,Pili\n")


@pytest.mark.parametrize("text, where, field", [
    (GOOD_CSV.replace("action,", "act,"), "row 1", "action"),                      # missing column
    (GOOD_CSV + "1,1,2,Theme,Goal,Again,Tena\n", "row 4", "action"),               # duplicate number
    (GOOD_CSV.replace(",Second,Pili", ",,"), "row 3", "title_<lang>"),             # empty title
    (GOOD_CSV.replace("title_sw", "title_xx"), "row 1", "title_xx"),               # unknown language
    (GOOD_CSV.replace("1,1,2,", ",1,2,"), "row 3", "theme"),                       # goal without theme
    (GOOD_CSV.replace("1,1,2,", "1,x,2,"), "row 3", "goal"),                       # not a number
])
def test_bad_csv_is_refused_naming_file_row_and_field(plan_store, tmp_path, text, where, field):
    path = csv_file(tmp_path, text)
    with pytest.raises(PlanFileError) as refused:
        read_plan(path)
    assert (refused.value.where, refused.value.field) == (where, field)
    assert str(path) in str(refused.value)


def test_bad_encoding_is_refused(tmp_path):
    path = csv_file(tmp_path, GOOD_CSV.replace("Pili", "Pili ñ"), encoding="latin-1")
    with pytest.raises(PlanFileError) as refused:
        read_plan(path)
    assert refused.value.field == "encoding" and refused.value.where == "line 3"


YAML_PLAN = """format: planning-workbench/plan@1
id: tiny
title: {en: Tiny plan}
themes:
  - number: 1
    title: {en: Theme one, sw: Mada moja}
    goals:
      - number: 1
        title: {en: Goal one}
        actions:
          - number: 1
            title: {en: Act, sw: Tenda}
          - number: 2
            title: {en: Act again}
"""


@pytest.mark.parametrize("change, where, field", [
    (("number: 2\n            title: {en: Act again}", "number: 1\n            title: {en: Act again}"),
     "line 13", "number"),                                                        # duplicate number
    (("title: {en: Act again}", "title: {en: ''}"), "line 14", "title.en"),       # empty title
    (("sw: Tenda", "xx: Tenda"), "line 12", "title.xx"),                          # unknown language
    (("themes:", "goals: []\nthemes:"), "line 1", "goals"),                       # goal without theme
    (("title: {en: Goal one}", "name: Goal one"), "line 8", "title"),             # missing field
    (("title: {en: Act, sw: Tenda}", "title: {en: Act, sw: [Tenda"), "line 13", "yaml"),  # not YAML
])
def test_bad_yaml_is_refused_naming_file_line_and_field(tmp_path, change, where, field):
    path = tmp_path / "plan.yaml"
    path.write_text(YAML_PLAN.replace(*change), encoding="utf-8")
    with pytest.raises(PlanFileError) as refused:
        read_plan(path)
    assert (refused.value.where, refused.value.field) == (where, field), str(refused.value)


def test_good_yaml_reads(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(YAML_PLAN, encoding="utf-8")
    plan = read_plan(path)
    assert plan.actions_found == 2 and plan.themes[0].title == {"en": "Theme one", "sw": "Mada moja"}


def test_plan_file_error_is_a_validation_error():
    assert issubclass(PlanFileError, ValidationError)


def test_shipped_plan_file_is_valid_json_compatible():
    meta = read_plan_yaml(PLAN_FILE).meta
    assert meta["source"]["credit"] and meta["notes"]
    # JSON-compatible: every value survives a round trip unchanged (no dates, tuples, sets…).
    assert json.loads(json.dumps(meta, ensure_ascii=False)) == meta
