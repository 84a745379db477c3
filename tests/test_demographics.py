"""Demographics in aggregate: small-cell suppression (hand-computed cases), no cross-tabs, the
shipped country table and the offline world map."""
from __future__ import annotations

import pytest

from workbench.participation import demographics as demo
from workbench.participation.demographics import FEWER
from workbench.core.errors import RuleError, ValidationError
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import PREFER_NOT, Demographics, JoinAnswers
from workbench.participation.store.participants import join_session
from workbench.visioning.store.sessions import add_visioning_session, update_phase


def test_cells_under_five_are_fewer_than_5_and_zero_cells_are_dropped():
    assert demo.suppress({"a": 5, "b": 4, "c": 1, "d": 0}, with_total=False) == \
        {"a": 5, "b": FEWER, "c": FEWER}


def test_one_suppressed_cell_beside_a_total_takes_the_next_smallest_with_it():
    # total 30 = 12 + 9 + 6 + 3: showing 12, 9, 6 and the total would give away the 3
    assert demo.suppress({"TZ": 12, "KE": 9, "UG": 6, "RW": 3}) == \
        {"TZ": 12, "KE": 9, "UG": FEWER, "RW": FEWER}
    # ties for next-smallest: the category name decides (KE before UG)
    assert demo.suppress({"TZ": 12, "UG": 6, "KE": 6, "RW": 3}) == \
        {"TZ": 12, "UG": 6, "KE": FEWER, "RW": FEWER}


def test_two_suppressed_cells_need_no_more_and_all_small_stays_small():
    assert demo.suppress({"a": 10, "b": 7, "c": 2, "d": 1}) == {"a": 10, "b": 7, "c": FEWER, "d": FEWER}
    assert demo.suppress({"a": 3}) == {"a": FEWER}
    assert demo.suppress({"a": 8}) == {"a": 8}
    assert demo.shown_total(4) == FEWER and demo.shown_total(5) == 5 and demo.shown_total(0) == 0


def test_demographics_are_never_cross_tabulated():
    with pytest.raises(RuleError, match="never cross-tabulated"):
        demo.crosstab("gender", "country")
    with pytest.raises(ValidationError):
        demo.raw_counts([], "religion")


def test_country_table_has_every_territory_and_points_for_the_likely_ones():
    table = demo.country_table()
    assert len(table) > 240
    assert table["TZ"]["name"] == "Tanzania" and table["TZ"]["region"] == "Africa"
    with_points = [c for c, row in table.items() if row["lat"] is not None]
    assert len(with_points) >= 60
    for code in with_points:
        assert -90 <= table[code]["lat"] <= 90 and -180 <= table[code]["lon"] <= 180, code


@pytest.fixture
def joined(fresh_store):
    session = add_visioning_session(fresh_store, {"en": "W"}, [{"en": "In ten years …"}], {"en": "consent"})
    update_phase(fresh_store, session["id"], "gathering")
    people = ([("TZ", "woman", "25-34", ("sw",))] * 7 + [("KE", "man", "35-44", ("sw", "en"))] * 6
              + [("UG", "woman", "25-34", ("en",))] * 2 + [("FR", PREFER_NOT, None, None)])
    for n, (country, gender, age, spoken) in enumerate(people):
        join_session(fresh_store, session["id"], JoinAnswers(
            f"Person {n:02d}", "en", 1, SYNTHETIC_CONSENT, Demographics(country, spoken, age, gender)))
    return fresh_store, session


def test_summary_suppresses_every_dimension(joined):
    store, session = joined
    data = demo.summary(store, [session["id"]])
    assert data["total"] == 16
    # countries 7, 6, 2, 1: two small cells already, nothing more to hide
    assert data["country"] == {"TZ": 7, "KE": 6, "UG": FEWER, "FR": FEWER}
    # regions: Africa 15, Europe 1 → Europe hidden, and Africa with it (total is shown)
    assert data["region"] == {"Africa": FEWER, "Europe": FEWER}
    # gender: woman 9, man 6, prefer not 1 → man hidden as well
    assert data["gender"] == {"woman": 9, "man": FEWER, PREFER_NOT: FEWER}
    # age: 25-34 9, 35-44 6, unanswered 1
    assert data["age_band"] == {"25-34": 9, "35-44": FEWER, "unanswered": FEWER}
    # languages (a person counts once per language, no total): sw 13, en 8, unanswered 1
    assert data["language"] == {"sw": 13, "en": 8, "unanswered": FEWER}
    assert demo.summary(store, [])["total"] == 0
    assert "participants: 16" in demo.report_lines(store)


def test_map_has_one_dot_per_country_and_no_small_counts(joined):
    store, session = joined
    points = demo.map_points(store, [session["id"]])
    assert [(p["code"], p["count"]) for p in points] == [("FR", FEWER), ("KE", 6), ("TZ", 7), ("UG", FEWER)]
    figure = demo.world_map(store, [session["id"]])
    ax = figure.axes[0]
    assert len(ax.collections[0].get_offsets()) == 4
    assert sorted(t.get_text() for t in ax.texts) == ["6", "7"]


def test_facilitator_tab_shows_the_summary_and_the_map(joined):
    from workbench.visioning.screens.facilitator import TABS, FacilitatorScreen
    store, _session = joined
    screen = FacilitatorScreen(store, language="en", live=False)
    screen.tabs.selected_index = TABS.index("people")
    tables = screen.people.tables.value
    assert "Participants: 16" in tables and "Tanzania" in tables and "fewer than 5" in tables
    assert "<td>7</td>" in tables and "<td>2</td>" not in tables and "<td>1</td>" not in tables
    assert bytes(screen.people.map.value).startswith(b"\x89PNG")
