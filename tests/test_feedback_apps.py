"""The feedback apps without a browser: join and comment, triage, the facilitator key."""
from __future__ import annotations

import pytest

from workbench.core.i18n import translator

from workbench.core.access import key_hash
from workbench.feedback.rules import Decision
from workbench.feedback.screens import triage
from workbench.feedback.screens.participant import FeedbackScreen
from workbench.feedback.screens.triage import TriageScreen
from workbench.feedback.store.comments import add_feedback_session, add_round, list_comments, update_session_phase
from workbench.plan.store.versions import add_version
from workbench.feedback.store.triage import list_decisions
from workbench.feedback.widgets.comment_form import CommentForm
from workbench.feedback.widgets.triage_form import TriageForm


@pytest.fixture
def open_session(plan_store):
    add_round(plan_store, "draft-1")
    session = add_feedback_session(plan_store, "draft-1")
    update_session_phase(plan_store, session["id"], "open")
    return plan_store, session


def joined(store, session, language="sw", name="Calm Heron 12"):
    screen = FeedbackScreen(store, code=session["code"], language=language, live=False)
    join = screen.join
    assert join.step == "language"
    join.language_button.click()
    join.pseudonym_input.value = name
    join.pseudonym_button.click()
    for choice in join.use_buttons.values():    # no use is answered for her (issue 13)
        choice.value = True
    join.agree_button.click()
    join.skip_button.click()
    assert join.step == "done" and screen.participant is not None
    return screen


def test_participant_walks_the_plan_and_comments(open_session):
    store, session = open_session
    screen = joined(store, session)
    walk = screen.walk
    assert list(walk.child_buttons) == ["1", "2", "3", "4"]
    walk.child_buttons["1"].click()
    walk.child_buttons["1.2"].click()
    walk.child_buttons["1.2.5"].click()
    assert 'lang="sw"' in walk.card.value and "ukoloni" in walk.card.value
    walk.comment_button.click()
    form = screen.form
    assert form.layout.display == "flex" and walk.layout.display == "none"
    form.text.value = "Tunahitaji <b>mafunzo</b>"
    form.submit_button.click()
    assert "wb-error" in form.message.value                     # no type chosen yet
    form.type_buttons.value = "suggestion"
    form.no_quote.value = True
    form.submit_button.click()
    assert "wb-ok" in screen.saved.value and form.layout.display == "none"   # saved (in Swahili)
    [comment] = list_comments(store, "draft-1")
    assert (comment.ref, comment.type, comment.language, comment.quotable) == ("1.2.5", "suggestion", "sw", False)
    screen.nav.value = "mine"
    assert "&lt;b&gt;mafunzo&lt;/b&gt;" in screen.mine.rows.children[0].children[0].value
    screen.mine.edit_buttons[comment.id].click()
    assert form.text.value == "Tunahitaji <b>mafunzo</b>" and form.no_quote.value
    form.text.value = "Tunahitaji mafunzo zaidi"
    form.submit_button.click()
    assert list_comments(store, "draft-1")[0].text == "Tunahitaji mafunzo zaidi"
    screen.mine.withdraw_buttons[comment.id].click()
    screen.mine.withdraw_buttons[comment.id].click()
    assert list_comments(store, "draft-1") == []


def test_a_refresh_keeps_the_buttons_a_reader_may_be_tapping(open_session):
    """A refresh (the watcher, a saved comment) relabels the buttons shown; it does not swap
    them for new ones, so a tap that arrives meanwhile is not lost."""
    store, session = open_session
    screen = joined(store, session)
    walk = screen.walk
    walk.go("1")
    shown = dict(walk.child_buttons)
    screen.refresh(force=True)
    walk.set_language("en")
    assert walk.child_buttons == shown and all(b is shown[r] for r, b in walk.child_buttons.items())
    walk.go("1.2")
    walk.comment_button.click()
    screen.form.type_buttons.value = "support"
    screen.form.text.value = "Ndiyo"
    screen.form.submit_button.click()
    walk.go("1")
    assert walk.child_buttons["1.2"].description.endswith(" ●")
    assert not walk.child_buttons["1.1"].description.endswith(" ●")
    walk.child_buttons["1.1"].click()                               # a new level: new buttons
    assert walk.ref == "1.1" and set(walk.child_buttons) & set(shown) == set()


def test_original_language_is_one_tap_away(open_session):
    store, session = open_session
    screen = joined(store, session, language="en", name="Kind Owl 31")
    screen.walk.go("1.1.3")
    assert "Global database of survivor leaders" in screen.walk.card.value
    assert "wb-original" not in screen.walk.card.value
    screen.walk.original_toggle.value = True
    assert "hifadhidata ya kimataifa" in screen.walk.card.value


def test_closing_the_session_hides_commenting(open_session):
    store, session = open_session
    screen = joined(store, session)
    update_session_phase(store, session["id"], "closed")
    screen.refresh()
    screen.walk.go("1")
    assert screen.walk.comment_button.layout.display == "none"
    assert translator("sw")("Comments are closed for now. Thank you for taking part!") in screen.phase_note.value


def test_comment_form_refusal_is_shown_and_text_kept():
    from workbench.core.errors import RuleError

    def refuse(*_):
        raise RuleError("the session is closed")
    form = CommentForm(refuse)
    form.open_for("1.2")
    form.type_buttons.value = "question"
    form.text.value = "Why?"
    form.submit_button.click()
    assert "the session is closed" in form.message.value and form.text.value == "Why?"


def test_triage_screen_decides_and_keeps_history(open_session):
    store, session = open_session
    screen = joined(store, session)
    screen.walk.go("2.1")
    screen.walk.comment_button.click()
    screen.form.type_buttons.value = "concern"
    screen.form.text.value = "Wasiwasi wangu"
    screen.form.submit_button.click()
    add_version(store, label="draft 2")
    desk = TriageScreen(store, live=False)
    assert "draft-1" in desk.counts.value
    [comment_id] = desk.list.triage_buttons
    desk.list.triage_buttons[comment_id].click()
    form = desk.form
    form.status_buttons.value = "declined"
    form.submit_button.click()
    assert "needs a reason" in form.message.value
    form.reason.value = "Covered by 2.1.3"
    form.submit_button.click()
    desk.list.triage_buttons[comment_id].click()
    form.status_buttons.value = "accepted"
    form.response.value = "Reworded in draft 2"
    assert form.landed_version.value == 2 and form.landed_ref.value == "2.1"
    form.submit_button.click()
    assert [d["status"] for d in list_decisions(store, comment_id)] == ["declined", "accepted"]
    assert "now accepted" in desk.message.value
    desk.list.filter_status.value = "accepted"
    assert list(desk.list.triage_buttons) == [comment_id]
    desk.make_report()
    assert "Reworded in draft 2" in desk.report_box.value and "wb-report-md" in desk.report_links.value
    desk.show_diff()
    assert "no changes" in desk.diff_box.value


def test_triage_form_decision_from_fields():
    form = TriageForm(lambda *_: None)
    form.status_buttons.value = "duplicate"
    form.duplicate_of.value = "#12"
    assert form.decision() == Decision("duplicate", duplicate_of=12)


def test_triage_needs_the_facilitator_key(open_session, monkeypatch):
    monkeypatch.setenv("WORKBENCH_FACILITATOR_KEY_HASH", key_hash("right"))
    refused = triage.build({"key": "wrong"})
    assert "for facilitators" in refused.children[-1].value
    monkeypatch.setenv("WORKBENCH_DB", open_session[0].target)
    assert isinstance(triage.build({"key": "right"}), TriageScreen)


def test_triage_without_a_later_version_partly_accepts_and_starts_the_next_version(open_session):
    """Before: "partly accepted" failed with "plan version None has no item …", and "accepted"
    needed a version only the command line could make."""
    store, session = open_session
    screen = joined(store, session)
    for ref, text in (("1.3", "Uponyaji wa pamoja"), ("2.1", "Wasiwasi wangu")):
        screen.walk.go(ref)
        screen.walk.comment_button.click()
        screen.form.type_buttons.value = "suggestion"
        screen.form.text.value = text
        screen.form.submit_button.click()
    desk = TriageScreen(store, live=False)
    first, second = sorted(desk.list.triage_buttons)
    desk.list.triage_buttons[first].click()
    form = desk.form
    form.status_buttons.value = "partly_accepted"
    assert form.landed_version.options == () and form.new_version_button.layout.display == "flex"
    form.submit_button.click()
    assert "now partly" in desk.message.value, form.message.value
    desk.list.triage_buttons[second].click()
    form.status_buttons.value = "accepted"
    form.new_version_button.click()                                   # a draft copy of the reviewed version
    assert form.landed_version.value == 2 and form.new_version_button.layout.display == "none"
    form.response.value = "In the next version"
    form.submit_button.click()
    assert [d["status"] for d in list_decisions(store, second)] == ["accepted"]
    assert [number for _label, number in desk.new_version.options] == [1, 2]
