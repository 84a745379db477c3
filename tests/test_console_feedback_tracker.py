"""The console's feedback and tracker panels, driven as a facilitator would: a new round (its
version frozen, a live session with a join code), written submissions uploaded (all rows or
none), tracker files uploaded and downloaded, and every text from a file escaped."""
from __future__ import annotations

import base64
import datetime as dt
import re

from workbench.console.feedback import FeedbackPanel
from workbench.console.links import Links
from workbench.console.tracker import TrackerPanel
from workbench.feedback.store.comments import get_round, list_comments, list_feedback_sessions
from workbench.plan.store.versions import get_version
from workbench.tracker.store.milestones import list_milestones, list_updates

GOOD = """ref,comment,type,language,country
1.2.5,Tunahitaji mafunzo kwa lugha zetu,suggestion,sw,TZ
1.2,This goal matters,support,en,Kenya
3,"Who pays survivors, and when?",question,English,US
"""
BAD = GOOD + """9.9.9,Unknown item,concern,en,KE
1.1.1,,support,en,KE
"""
MILESTONES = """id,action,title,target,owner,unit,baseline,target_value
M1,1.1.14,Yearly international meeting of survivor leaders,2025,Working group 1,meetings held,0,10
M2,2.3.1,Policy training curriculum,2026-Q3,Policy group,,,
"""
UPDATES = """milestone,date,status,value,note,corrects
M1,2024-12-31,on track,1,first meeting held,
M2,2025-03-31,at risk,,waiting for funding,
"""


def file_value(name: str, text: str) -> tuple[dict, ...]:
    """What ipywidgets 8 puts in ``FileUpload.value`` after a browser upload."""
    data = text.encode("utf-8")
    return ({"name": name, "type": "text/csv", "size": len(data), "content": memoryview(data),
             "last_modified": dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)},)


def text_of(widget) -> str:
    return widget.value


# -- feedback ---------------------------------------------------------------------------------
def test_create_a_round_freezes_its_version_and_makes_a_live_session(plan_store):
    panel = FeedbackPanel(plan_store, links=Links("K"))
    assert panel.round_version.value == get_version(plan_store)["number"]     # the latest by default
    panel.round_name.value = "draft-1"
    panel.create_button.click()
    found = get_round(plan_store, "draft-1")
    assert found["version"] == panel.round_version.value
    assert get_version(plan_store, number=found["version"])["frozen"]
    sessions = list_feedback_sessions(plan_store, "draft-1")
    assert len(sessions) == 1
    code = sessions[0]["code"]
    assert 'class="wb-ok" role="status"' in panel.message.value and code in panel.message.value
    assert panel.round_name.value == ""                                       # ready for the next one
    rounds = panel.rounds.value
    assert code in rounds and "triage.ipynb?key=K&amp;lang=en&amp;round=draft-1" in rounds
    assert f"feedback.ipynb?code={code}" in rounds               # the participants' link
    assert panel.import_round.value == "draft-1"


def test_a_taken_or_bad_name_is_refused(plan_store):
    panel = FeedbackPanel(plan_store)
    panel.round_name.value = "draft-1"
    panel.create_button.click()
    panel.round_name.value = "draft-1"
    panel.create_button.click()
    assert 'class="wb-error" role="alert"' in panel.message.value and "already exists" in panel.message.value
    assert len(list_feedback_sessions(plan_store, "draft-1")) == 1            # no second session
    assert panel.round_name.value == "draft-1"                                # the form is kept
    panel.round_name.value = "Draft <1>"
    panel.create_button.click()
    assert "lower-case letters" in panel.message.value and "&lt;1&gt;" in panel.message.value


def test_refresh_keeps_the_form_being_filled(plan_store):
    panel = FeedbackPanel(plan_store)
    panel.round_name.value = "draft-2"
    version = panel.round_version.value
    other = FeedbackPanel(plan_store)
    other.round_name.value = "draft-1"
    other.create_button.click()
    panel.refresh()
    assert (panel.round_name.value, panel.round_version.value) == ("draft-2", version)
    assert "draft-1" in panel.rounds.value and panel.import_round.value == "draft-1"


def test_upload_written_submissions(plan_store):
    panel = FeedbackPanel(plan_store)
    panel.round_name.value = "draft-1"
    panel.create_button.click()
    panel.upload.value = file_value("written.csv", GOOD)
    panel.import_button.click()
    assert 'class="wb-ok"' in panel.import_message.value
    assert "3 comments imported into round draft-1" in panel.import_message.value
    comments = list_comments(plan_store, "draft-1")
    assert len(comments) == 3 and all(c.source == "written" for c in comments)
    assert panel.upload.value == ()                                           # not imported twice by a click
    assert re.search(r"<td>3</td>", panel.rounds.value)                       # the count follows


def test_a_bad_file_writes_no_comment_and_lists_its_rows(plan_store):
    panel = FeedbackPanel(plan_store)
    panel.round_name.value = "draft-1"
    panel.create_button.click()
    panel.upload.value = file_value("written.csv", BAD)
    panel.import_button.click()
    message = panel.import_message.value
    assert 'class="wb-error" role="alert"' in message
    assert "written.csv: row 5: ref:" in message and "written.csv: row 6: comment: empty comment" in message
    assert "wb-upload-" not in message                                        # the file's name, not the temp path
    assert list_comments(plan_store, "draft-1") == []                         # the good rows neither
    assert len(panel.upload.value) == 1                                       # kept, to fix and try again
    assert not panel.import_file("notes.txt", b"x", "draft-1")
    assert ".csv or .xlsx" in panel.import_message.value
    assert not panel.import_file("written.csv", b"ref,text\n1,x\n", "draft-1")    # a missing column
    assert "written.csv: row 1: comment: missing column" in panel.import_message.value


def test_html_in_a_written_file_is_escaped(plan_store):
    panel = FeedbackPanel(plan_store)
    panel.round_name.value = "draft-1"
    panel.create_button.click()
    assert not panel.import_file("<b>evil</b>.csv", (
        "ref,comment,type,language\n<script>alert(1)</script>,hi,support,en\n").encode(), "draft-1")
    message = panel.import_message.value
    assert "<script>" not in message and "<b>" not in message
    assert "&lt;script&gt;" in message and "&lt;b&gt;evil&lt;/b&gt;.csv" in message


# -- tracker ----------------------------------------------------------------------------------
def test_tracker_links_and_empty_state(plan_store):
    panel = TrackerPanel(plan_store, links=Links("K"))
    assert "0 milestones, 0 progress updates." in panel.status.value
    assert 'href="tracker.ipynb"' in panel.app_links.value
    assert 'href="tracker_update.ipynb?key=K&amp;lang=en"' in panel.app_links.value


def test_upload_milestones_then_updates_and_download_them(plan_store):
    panel = TrackerPanel(plan_store)
    panel.milestones_upload.value = file_value("milestones.csv", MILESTONES)
    panel.import_button.click()
    assert 'class="wb-ok"' in panel.message.value and "Milestones: 2 added" in panel.message.value
    assert [m.key for m in list_milestones(plan_store)] == ["M1", "M2"]
    assert panel.milestones_upload.value == ()
    panel.updates_upload.value = file_value("updates.csv", UPDATES)
    panel.import_button.click()
    assert "updates: 2 added" in panel.message.value
    assert len(list_updates(plan_store)) == 2
    assert "2 milestones, 2 progress updates." in panel.status.value
    downloads = panel.downloads.value
    assert 'download="milestones.csv"' in downloads and 'download="updates.csv"' in downloads
    data = re.search(r'download="milestones.csv" href="data:text/csv;charset=utf-8;base64,([^"]+)"', downloads)
    exported = base64.b64decode(data.group(1)).decode("utf-8")
    assert exported.startswith("id,action,title,target,owner") and "M2,2.3.1,Policy training" in exported
    assert panel.import_files(("milestones.csv", exported.encode()))          # uploads back unchanged
    assert "0 added, 0 changed, 2 already there" in panel.message.value


def test_a_bad_milestones_file_writes_nothing(plan_store):
    panel = TrackerPanel(plan_store)
    panel.milestones_upload.value = file_value("milestones.csv", MILESTONES.replace("2.3.1,", "9.9.9,"))
    panel.updates_upload.value = file_value("updates.csv", UPDATES)
    panel.import_button.click()
    message = panel.message.value
    assert 'class="wb-error" role="alert"' in message and "milestones.csv: row 3: action:" in message
    assert "wb-upload-" not in message
    assert list_milestones(plan_store) == [] and list_updates(plan_store) == []     # not even M1
    assert len(panel.milestones_upload.value) == 1
    assert not panel.import_files()
    assert "Choose a milestones file" in panel.message.value


def test_html_in_a_tracker_file_is_escaped(plan_store):
    panel = TrackerPanel(plan_store)
    assert not panel.import_files(("<i>m</i>.csv", MILESTONES.replace("1.1.14,", "<img src=x>,").encode()))
    message = panel.message.value
    assert "<img" not in message and "<i>" not in message
    assert "&lt;img src=x&gt;" in message and "&lt;i&gt;m&lt;/i&gt;.csv: row 2: action:" in message
