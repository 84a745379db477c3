"""The tracker core: targets, status as of a date, corrections, checks, roll-ups, overdue,
indicator progress and changes — each against small cases computed by hand."""
from __future__ import annotations

import datetime as dt

import pytest

from workbench.plan.model import Action, Goal, Plan, Theme
from workbench.tracker.rollups import (changes, count_statuses, cross, done_share, overdue, rollup,
                              status_summary, summarize)
from workbench.tracker.rules import (FieldError, History, Indicator, Milestone, Period, Target, Tracker,
                               Update, check_milestone, check_update, is_overdue, make_indicator,
                               parse_date, parse_number, status_as_of)

D = dt.date
PERIOD = Period(2023, 2033)


def milestone(mid, action="1.1.1", target="2025", indicator=None, key=None):
    return Milestone(key or f"m{mid}", action, {"en": f"milestone {mid}"}, Target.parse(target),
                     "Working group", indicator, mid)


# -- targets and periods ----------------------------------------------------------------------
@pytest.mark.parametrize("text, last", [
    ("2026", D(2026, 12, 31)), ("2026-Q1", D(2026, 3, 31)), ("2024-Q1", D(2024, 3, 31)),
    ("2026-Q2", D(2026, 6, 30)), ("2026-Q3", D(2026, 9, 30)), ("2026-Q4", D(2026, 12, 31)),
    (" 2026-q3 ", D(2026, 9, 30)), ("2026Q3", D(2026, 9, 30))])
def test_target_last_day(text, last):
    assert Target.parse(text).last_day == last


@pytest.mark.parametrize("text", ["", "26", "2026-Q5", "2026-Q0", "Q3-2026", "2026-07", None])
def test_bad_targets_are_refused_with_the_field_named(text):
    with pytest.raises(FieldError) as refused:
        Target.parse(text)
    assert refused.value.field == "target"


def test_target_round_trips_and_first_day():
    assert str(Target.parse("2026-Q3")) == "2026-Q3" and str(Target.parse("2026")) == "2026"
    assert Target.parse("2026-Q3").first_day == D(2026, 7, 1)


def test_period_from_plan_meta():
    assert Period.from_meta({"period": {"start": 2023, "end": 2033}}) == PERIOD
    assert Period.from_meta({}) is None


# -- status as of a date ----------------------------------------------------------------------
def test_status_is_the_latest_update_on_or_before_the_date():
    updates = [Update(1, D(2024, 3, 31), "on track", id=1), Update(1, D(2024, 6, 30), "at risk", id=2),
               Update(1, D(2024, 9, 30), "done", id=3)]
    assert status_as_of(updates, D(2024, 3, 30)) == "not started"
    assert status_as_of(updates, D(2024, 3, 31)) == "on track"
    assert status_as_of(updates, D(2024, 9, 29)) == "at risk"
    assert status_as_of(updates, D(2030, 1, 1)) == "done"
    assert status_as_of([], D(2030, 1, 1)) == "not started"


def test_updates_on_the_same_date_count_in_the_order_recorded():
    updates = [Update(1, D(2024, 3, 31), "at risk", id=5), Update(1, D(2024, 3, 31), "on track", id=4)]
    assert status_as_of(updates, D(2024, 3, 31)) == "at risk"


def test_a_correction_takes_the_place_of_the_update_it_corrects_from_its_own_date():
    updates = [Update(1, D(2024, 3, 31), "on track", id=1),
               Update(1, D(2024, 6, 30), "off track", value=3, id=2),
               Update(1, D(2024, 9, 30), "on track", id=3),
               Update(1, D(2024, 10, 15), "at risk", value=4, corrects=2, id=4)]
    history = History(updates)
    assert history.status(D(2024, 7, 1)) == "off track"       # the correction is not known yet
    assert history.status(D(2024, 10, 15)) == "on track"      # in place of update 2: update 3 is later
    assert [u.id for u in history.effective(D(2024, 12, 31))] == [1, 4, 3]
    assert history.value(D(2024, 12, 31)) == 4                 # update 2's value is replaced
    assert history.value(D(2024, 10, 14)) == 3


def test_a_correction_of_the_latest_update_changes_the_status_and_chains_follow():
    updates = [Update(1, D(2025, 3, 31), "done", id=1),
               Update(1, D(2025, 4, 2), "on track", note="not finished", corrects=1, id=2),
               Update(1, D(2025, 4, 3), "at risk", note="really", corrects=2, id=3)]
    assert status_as_of(updates, D(2025, 4, 1)) == "done"
    assert status_as_of(updates, D(2025, 4, 2)) == "on track"
    assert status_as_of(updates, D(2025, 4, 3)) == "at risk"


# -- overdue and indicators -------------------------------------------------------------------
def test_overdue_starts_the_day_after_the_targets_last_day():
    year, quarter = milestone(1, target="2025"), milestone(2, target="2025-Q2")
    assert not is_overdue(year, "on track", D(2025, 12, 31))
    assert is_overdue(year, "on track", D(2026, 1, 1))
    assert is_overdue(year, "not started", D(2026, 1, 1))
    assert not is_overdue(year, "done", D(2030, 1, 1)) and not is_overdue(year, "dropped", D(2030, 1, 1))
    assert not is_overdue(quarter, "at risk", D(2025, 6, 30))
    assert is_overdue(quarter, "at risk", D(2025, 7, 1))


def test_indicator_progress_is_the_share_of_the_way_from_baseline_to_target():
    up = Indicator("people trained", 20, 120)
    assert up.progress(20) == 0 and up.progress(70) == 0.5 and up.progress(120) == 1
    assert up.progress(170) == 1.5 and up.progress(None) is None
    down = Indicator("% without pay", 80, 40)
    assert down.direction == "down" and down.progress(60) == 0.5 and down.progress(90) == -0.25
    assert Indicator("x", 5, 5).progress(7) is None


def test_indicator_entries_are_checked():
    assert make_indicator("", "", "") is None
    assert make_indicator("org", "3", "10,5") == Indicator("org", 3.0, 10.5, "up")
    for unit, base, target, direction, field in [("org", "", "", "", "baseline"), ("", "1", "", "", "target_value"),
                                                 ("", "x", "2", "", "baseline"),
                                                 ("", "1", "2", "down", "direction")]:
        with pytest.raises(FieldError) as refused:
            make_indicator(unit, base, target, direction)
        assert refused.value.field == field


def test_numbers_and_dates_of_the_wrong_type_are_refused():
    assert parse_number("1 000") == 1000 and parse_number("") is None
    for text in ["many", "12a", "nan", "inf"]:
        with pytest.raises(FieldError, match="value"):
            parse_number(text)
    with pytest.raises(FieldError, match="YYYY-MM-DD"):
        parse_date("31/12/2025")


# -- checks -----------------------------------------------------------------------------------
def test_milestone_checks_name_the_field():
    good = milestone(1)
    assert check_milestone(good, {"1.1.1"}, PERIOD) is good
    cases = [(milestone(1, action="1.1.99"), "action"), (milestone(1, action="1-1"), "action"),
             (milestone(1, target="2034"), "target"), (milestone(1, target="2022-Q4"), "target"),
             (Milestone("m1", "1.1.1", {"en": " "}, Target(2025), "wg"), "title"),
             (Milestone("m1", "1.1.1", {"en": "x"}, Target(2025), " "), "owner")]
    for bad, field in cases:
        with pytest.raises(FieldError) as refused:
            check_milestone(bad, {"1.1.1"}, PERIOD)
        assert refused.value.field == field, bad


def check(update, history=(), m=None):
    return check_update(update, m or milestone(1, indicator=Indicator("people", 0, 10)), list(history), PERIOD)


def test_update_checks():
    done = [Update(1, D(2025, 3, 31), "done", id=1)]
    assert check(Update(1, D(2025, 6, 30), "on track", value=4))
    refusals = [
        (Update(1, D(2034, 1, 1), "on track"), (), "date"),
        (Update(1, D(2022, 12, 31), "on track"), (), "date"),
        (Update(1, D(2025, 6, 30), "finished"), (), "status"),
        (Update(1, D(2025, 6, 30), "on track", evidence=("www.example.org",)), (), "evidence"),
        (Update(1, D(2025, 6, 30), "on track"), done, "note"),
        (Update(1, D(2025, 6, 30), "dropped", note="  "), done, "note"),
        (Update(1, D(2025, 4, 1), "on track", corrects=1), done, "note"),
        (Update(1, D(2025, 4, 1), "on track", note="x", corrects=9), done, "corrects"),
        (Update(1, D(2025, 3, 1), "done", corrects=1), done, "date"),
    ]
    for update, history, field in refusals:
        with pytest.raises(FieldError) as refused:
            check(update, history)
        assert refused.value.field == field, update
    assert check(Update(1, D(2025, 6, 30), "on track", note="reopened: funding fell through"), done)
    assert check(Update(1, D(2025, 6, 30), "done"), done)       # done again needs no note
    assert check(Update(1, D(2025, 2, 1), "on track"), done)    # before it was done
    corrected = done + [Update(1, D(2025, 4, 1), "on track", note="x", corrects=1, id=2)]
    with pytest.raises(FieldError, match="already corrected"):
        check(Update(1, D(2025, 4, 2), "at risk", note="y", corrects=1), corrected)


def test_a_value_needs_an_indicator():
    with pytest.raises(FieldError) as refused:
        check(Update(1, D(2025, 6, 30), "on track", value=3), m=milestone(1))
    assert refused.value.field == "value" and "no indicator" in str(refused.value)


# -- roll-ups ---------------------------------------------------------------------------------
@pytest.fixture
def small():
    """Six milestones in two themes; updates computed by hand below."""
    ms = [milestone(1, "1.1.1", "2024"), milestone(2, "1.1.1", "2025-Q2"), milestone(3, "1.2.1", "2025"),
          milestone(4, "1.2.1", "2026", Indicator("orgs", 10, 30)), milestone(5, "2.1.1", "2024-Q4"),
          milestone(6, "2.1.2", "2025")]
    ups = [Update(1, D(2024, 6, 30), "on track", id=1), Update(1, D(2024, 12, 1), "done", id=2),
           Update(2, D(2024, 12, 31), "at risk", id=3), Update(3, D(2024, 12, 31), "on track", id=4),
           Update(3, D(2025, 12, 31), "off track", id=5),
           Update(4, D(2024, 12, 31), "on track", value=15, id=6),
           Update(4, D(2025, 12, 31), "on track", value=25, id=7),
           Update(5, D(2024, 3, 31), "dropped", id=8),
           Update(6, D(2025, 9, 30), "done", id=9)]
    return Tracker(ms, ups)


def test_rollups_by_level_as_of_a_date(small):
    states = small.snapshot(D(2025, 12, 31))
    # 1 done, 2 at risk (overdue since 2025-07-01), 3 off track, 4 on track, 5 dropped, 6 done
    assert [s.status for s in states] == ["done", "at risk", "off track", "on track", "dropped", "done"]
    total = summarize(states)
    assert total.by_status == {"not started": 0, "on track": 1, "at risk": 1, "off track": 1,
                               "done": 2, "dropped": 1}
    assert total.done_share == 2 / 5 and total.overdue == 1
    themes = rollup(states, "theme")
    assert list(themes) == ["1", "2"]
    assert themes["1"].done_share == 1 / 4 and themes["2"].done_share == 1.0
    goals = rollup(states, "goal")
    assert goals["1.1"].by_status["done"] == 1 and goals["1.1"].overdue == 1
    assert goals["1.2"].done_share == 0
    assert rollup(states, "action")["2.1.1"].done_share is None        # only a dropped milestone
    years = rollup(states, "year")
    assert list(years) == [2024, 2025, 2026]
    assert years[2024].total == 2 and years[2024].done_share == 1.0
    assert years[2025].by_status["done"] == 1 and years[2025].done_share == 1 / 3
    assert cross(states)[("1.2", 2026)].by_status["on track"] == 1
    with pytest.raises(ValueError):
        rollup(states, "country")


def test_overdue_list_and_indicator_progress(small):
    as_of = D(2026, 1, 1)
    states = small.snapshot(as_of)
    # 2025 targets end 2025-12-31: 2 (at risk, 2025-Q2) and 3 (off track, 2025) are overdue
    assert [s.milestone.key for s in overdue(states)] == ["m2", "m3"]
    assert states[3].value == 25 and states[3].progress == 0.75
    assert small.state(small.milestones[3], D(2025, 6, 30)).progress == 0.25
    assert count_statuses([]) == dict.fromkeys(count_statuses([]), 0)
    assert done_share({"dropped": 3}) is None


def test_changes_since_a_date(small):
    found = {c.milestone.key: c for c in changes(small, D(2024, 12, 31), D(2025, 12, 31))}
    assert set(found) == {"m2", "m3", "m4", "m6"}
    assert found["m6"].completed and not found["m6"].slipped
    assert found["m3"].slipped and not found["m3"].completed      # on track → off track
    assert found["m2"].slipped and found["m2"].newly_overdue       # still at risk, now overdue
    assert found["m4"].value_changed and not found["m4"].slipped
    with pytest.raises(ValueError):
        changes(small, D(2026, 1, 1), D(2025, 1, 1))


def test_reopening_a_done_milestone_is_a_slip():
    t = Tracker([milestone(1, target="2030")],
                [Update(1, D(2024, 1, 1), "done", id=1), Update(1, D(2024, 5, 1), "on track", note="n", id=2)])
    (change,) = changes(t, D(2024, 3, 1), D(2024, 6, 1))
    assert change.slipped and not change.completed


def test_status_summary_shape(small):
    plan = Plan("p", {"en": "P"}, (
        Theme(1, {"en": "T1"}, (Goal(1, {"en": "G"}, (Action(1, {"en": "a"}),)),
                                Goal(2, {"en": "G"}, (Action(1, {"en": "a"}),)),
                                Goal(3, {"en": "empty"}, (Action(1, {"en": "a"}),)))),
        Theme(2, {"en": "T2"}, (Goal(1, {"en": "G"}, (Action(1, {"en": "a"}), Action(2, {"en": "b"}))),))))
    summary = status_summary(plan, small.snapshot(D(2025, 12, 31)), D(2025, 12, 31))
    assert summary["as_of"] == "2025-12-31" and summary["milestones"] == 6
    assert summary["done_share"] == 0.4 and summary["overdue"] == ["m2"]
    assert summary["by_status"]["dropped"] == 1
    assert [t["number"] for t in summary["themes"]] == [1, 2]
    goal_shares = [g["done_share"] for g in summary["themes"][0]["goals"]]
    assert goal_shares == [0.5, 0.0, None]
    assert summary["themes"][0]["goals"][2]["by_status"]["done"] == 0
    assert summary["themes"][1]["done_share"] == 1.0
