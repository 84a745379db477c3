"""The tracker's screens, widgets and annual review without a browser: build them on a
temporary database, click their buttons, read what they show."""
from __future__ import annotations

import base64
import datetime as dt
import re
import shutil

import pytest

from workbench.core.access import FACILITATOR_ENV, key_hash
from workbench.tracker.review import build_review, write_review
from workbench.store import Store
from workbench.tracker.store.milestones import add_milestone, add_update, list_updates, load_tracker
from workbench.tracker.rules import Indicator, Milestone, Target, Update
from workbench.tracker.widgets.update_form import UpdateForm

D = dt.date
NOTE = "Second meeting held <script>alert(1)</script> | *Nairobi*"


@pytest.fixture(scope="module")
def tracker_file(tmp_path_factory, plan_template):
    """A database with the plan, two milestones of one owner and one of another, and updates."""
    path = tmp_path_factory.mktemp("template") / "plan.db"
    shutil.copy(plan_template, path)
    with Store.open(path) as store:
        m1 = add_milestone(store, Milestone("M1", "1.1.14", {"en": "Yearly meeting", "sw": "Mkutano wa mwaka"},
                                            Target(2025), "Working group 1", Indicator("meetings held", 0, 10)))
        m2 = add_milestone(store, Milestone("M2", "1.1.14", {"en": "Meeting report"}, Target(2024, 4),
                                            "Working group 1"))
        m3 = add_milestone(store, Milestone("M3", "4.1.2", {"en": "Research fund"}, Target(2026), "Research <group>"))
        add_update(store, Update(m1.id, D(2024, 12, 31), "on track", 1, "first meeting", "WG1"))
        add_update(store, Update(m2.id, D(2024, 12, 31), "done", note="report published"))
        add_update(store, Update(m3.id, D(2025, 6, 30), "at risk", note=NOTE))
    return path


@pytest.fixture
def db(tmp_path, tracker_file, monkeypatch):
    path = tmp_path / "w.db"
    shutil.copy(tracker_file, path)
    monkeypatch.setenv("WORKBENCH_DB", str(path))
    monkeypatch.setenv(FACILITATOR_ENV, key_hash("the-key"))
    return path


def count_updates(path) -> int:
    with Store.open(path) as store:
        return len(list_updates(store))


def fill(form: UpdateForm, owner="Working group 1", milestone="M1", **entries):
    form.owner_picker.value = owner
    form.milestone_picker.value = milestone
    for name, value in entries.items():
        getattr(form, f"{name}_input" if name not in ("status", "corrects") else f"{name}_picker").value = value


# -- the update form ---------------------------------------------------------------------------
def test_update_form_offers_an_owners_milestones_and_reports_what_it_submits():
    ms = [Milestone("M1", "1.1.14", {"en": "Meeting"}, Target(2025), "WG1", Indicator("meetings", 0, 10), id=1),
          Milestone("M2", "1.1.14", {"en": "Report"}, Target(2025), "WG1", id=2),
          Milestone("M3", "4.1.2", {"en": "Fund"}, Target(2026), "Research", id=3)]
    got = []
    form = UpdateForm(ms, lambda entries: got.append(entries) or "saved!", today=D(2025, 6, 30))
    assert list(form.owner_picker.options) == ["Research", "WG1"]
    form.owner_picker.value = "WG1"
    assert [v for _, v in form.milestone_picker.options] == ["M1", "M2"]
    fill(form, owner="WG1", status="at risk", value="3", note="late")
    assert form.value_box.layout.display == "flex"
    form.submit_button.click()
    assert got == [{"milestone": "M1", "date": "2025-06-30", "status": "at risk", "value": "3", "note": "late",
                    "reporter": "WG1", "evidence": "", "corrects": None}]
    assert "saved!" in form.message.value and form.note_input.value == ""
    form.milestone_picker.value = "M2"
    assert form.value_box.layout.display == "none"      # no indicator, no value to give


def test_update_screen_needs_the_key(db):
    from workbench.tracker.screens import update as tracker_update
    page = tracker_update.build({"key": "wrong"})
    assert "facilitator link" in page.children[-1].value
    assert not any(isinstance(w, UpdateForm) for w in page.children)


def test_update_screen_saves_a_report_and_refuses_bad_ones_without_writing(db):
    from workbench.tracker.screens import update as tracker_update
    page = tracker_update.build({"key": "the-key", "owner": "Working group 1"})
    form = next(w for w in page.children if isinstance(w, UpdateForm))
    before = count_updates(db)
    refusals = [({"value": "three"}, "value"), ({"date": "2034-01-01"}, "outside the plan"),
                ({"date": "30/06/2025"}, "YYYY-MM-DD")]
    for entries, problem in refusals:
        fill(form, **{"date": "2025-06-30", "status": "on track", "value": "2", **entries})
        form.submit_button.click()
        assert "Not saved" in form.message.value and problem in form.message.value, entries
        assert count_updates(db) == before
    fill(form, milestone="M2", status="on track", date="2025-03-31")
    form.submit_button.click()
    assert "note" in form.message.value and count_updates(db) == before     # from done without a note
    fill(form, milestone="M1", status="at risk", value="2", date="2025-06-30", note="venue cancelled",
         evidence="https://example.org/minutes")
    form.submit_button.click()
    assert "Saved" in form.message.value and count_updates(db) == before + 1
    assert "venue cancelled" in form.history_box.value
    corrected = [v for _, v in form.corrects_picker.options if v]
    fill(form, milestone="M1", status="on track", value="2", date="2025-07-02", note="the meeting moved, not cancelled",
         corrects=corrected[0])
    form.submit_button.click()
    assert "Saved" in form.message.value
    with Store.open(db) as store:
        _, found = load_tracker(store)
    m1 = found.milestones[0]
    assert found.state(m1, D(2025, 7, 1)).status == "at risk"
    assert found.state(m1, D(2025, 7, 2)).status == "on track" and found.state(m1, D(2025, 7, 2)).value == 2


# -- the dashboard ----------------------------------------------------------------------------
def test_dashboard_numbers_lists_drill_down_and_review(db):
    from workbench.tracker.screens import dashboard as tracker
    board = tracker.build({"as_of": "2026-01-01", "lang": "en"})
    assert "33%" in board.summary.value and "of 3 milestones" in board.summary.value
    assert "Overdue: 1" in board.summary.value and "M1" in board.overdue_box.value
    assert board.timeline.chart.value.startswith('<img alt="Decade timeline')
    assert "<b>2025</b>: 1 milestones" in board.timeline.narrow.value
    assert "1.1" in board.heatmap.narrow.value
    drill = board.drill
    for ref in ("4", "4.1", "4.1.2", "m:M3"):
        drill.toggle(ref)
    history = drill._panels["m:M3"].children[-1].value
    assert "&lt;script&gt;" in history and "<script>" not in history
    assert "at risk" in drill.buttons["m:M3"].description
    assert drill.buttons["4"].description.endswith("0% done of 1")
    board.as_of_input.value = "2024-06-30"
    board.show_button.click()
    assert "Overdue: 0" in board.summary.value and "of 3 milestones" in board.summary.value
    board.as_of_input.value = "soon"
    board.show_button.click()
    assert "YYYY-MM-DD" in board.message.value
    board.as_of_input.value = "2025-12-31"
    board.show_button.click()
    board.since_input.value = "2024-12-31"
    board.review_button.click()
    found = re.search(r'class="wb-review-html" download="review-2025-12-31.html" '
                      r'href="data:text/html;charset=utf-8;base64,([^"]+)"', board.review_links.value)
    report = base64.b64decode(found[1]).decode("utf-8")
    assert "Second meeting held &lt;script&gt;" in report and "<script>" not in report
    board.language_picker.value = "sw"
    assert "Walionusurika" in board.drill.buttons["1"].description


# -- the annual review ------------------------------------------------------------------------
def test_review_sections_escaping_and_self_containment(db):
    with Store.open(db) as store:
        plan, found = load_tracker(store)
    review = build_review(plan, found, D(2026, 1, 1), D(2024, 12, 31))
    html_text = write_review(review, "html")
    for heading in ("Overall progress", "Progress per theme", "Completed since", "Slipped since",
                    "Overdue on", "Indicators", "Notes reported in this period"):
        assert heading in html_text
    assert "<script>" not in html_text and "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text
    assert "Research &lt;group&gt;" in html_text
    assert 'src="data:image/png;base64,' in html_text
    assert not re.search(r'(src|href)="(?!data:|https://example)', html_text)   # nothing to fetch
    md = write_review(review, "md", charts=False)
    assert "&lt;script&gt;" in md and r"\| \*Nairobi\*" in md
    assert "M1 (1.1.14) Yearly meeting" in md     # slipped: overdue since 2025 ended
    assert "first meeting" not in md              # reported before the period


def test_the_dashboard_and_the_update_form_say_what_they_are_in_the_page_language(db):
    """Their purpose is said by the screen in the page's language, not by an English-first
    markdown header in the notebook (issue 13)."""
    import json
    from pathlib import Path

    from workbench.core.i18n import translator
    from workbench.tracker.screens import dashboard as tracker
    from workbench.tracker.screens import update as tracker_update
    apps = Path(__file__).resolve().parents[1] / "apps"
    for name in ("tracker.ipynb", "tracker_update.ipynb"):
        cells = json.loads((apps / name).read_text())["cells"]
        assert [cell["cell_type"] for cell in cells] == ["code"], name
    _ = translator("sw")
    intro = _("Where the plan stands: milestones by theme and year, what is done, what is overdue, "
              "and the reports behind them. Tap a theme to go down to goals, actions and milestones.")
    assert intro.startswith("Mpango") and intro in tracker.build({"as_of": "2026-01-01", "lang": "sw"}).heading.value
    page = tracker_update.build({"key": "the-key", "lang": "sw"})
    header = page.children[2].value
    assert _("Report progress") in header and _(
        "For milestone owners: pick your milestone, set its status and value, write a note, and submit. "
        "Earlier reports are never changed; to fix one, submit a correction.") in header
    board = tracker.build({"as_of": "2026-01-01", "lang": "en"})
    assert "Where the plan stands" in board.heading.value
    board.language_picker.value = "fr"                         # the picker changes it too
    assert "Où en est le plan" in board.heading.value
