"""Feedback rounds: the rules, live comments in the store, triage decisions and their history."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.core.errors import NotFound, RuleError, ValidationError
from workbench.feedback.rules import (Comment, Decision, check_decision, check_ref, feedback_stats, normalize_ref,
                                parse_type, parse_yes_no, quotable)
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import Demographics, JoinAnswers
from workbench.feedback.store.comments import (add_comment, add_feedback_session, add_round, ensure_round, get_comment,
                                      get_round, list_comments, remove_comment, update_comment, update_round,
                                      update_session_phase)
from workbench.participation.store.participants import join_session
from workbench.plan.store.versions import add_version
from workbench.feedback.store.triage import add_decision, list_decisions, triage_counts

COMMENT = Comment(7, 1, "1.2.5", "action", "concern", "sw", "Wasiwasi", True)


@pytest.fixture
def live(plan_store):
    """A round on version 1 with an open live session and two participants."""
    add_round(plan_store, "draft-1")
    session = add_feedback_session(plan_store, "draft-1")
    update_session_phase(plan_store, session["id"], "open")
    people = [join_session(plan_store, session["id"], JoinAnswers(name, lang, 1, SYNTHETIC_CONSENT,
                                                                   Demographics(country)))
              for name, lang, country in (("Calm Heron 12", "sw", "TZ"), ("Kind Owl 31", "en", "US"))]
    return plan_store, session, people


# -- rules ---------------------------------------------------------------------------------------
def test_types_refs_and_yes_no():
    assert parse_type("Swali") == "question" and parse_type("SUPPORT") == "support"
    with pytest.raises(ValidationError, match="unknown comment type 'maybe'"):
        parse_type("maybe")
    assert normalize_ref(" 1.2.5 ") == "1.2.5"
    for bad in ("1.2.5.1", "a.b", "0.1", ""):
        with pytest.raises(ValidationError, match="not a plan reference"):
            normalize_ref(bad)
    assert check_ref("1.2", {"1.2": "goal"}) == ("1.2", "goal")
    with pytest.raises(ValidationError, match="unknown plan reference 9.9.9"):
        check_ref("9.9.9", {"1": "theme"})
    assert (parse_yes_no("Ndiyo"), parse_yes_no("no"), parse_yes_no(None)) == (True, False, None)


@pytest.mark.parametrize("decision, message", [
    (Decision("declined"), "declining a comment needs a reason"),
    (Decision("declined", reason="   "), "declining a comment needs a reason"),
    (Decision("accepted", response="Done"), "needs the plan version and item"),
    (Decision("accepted", landed_version=2, landed_ref="9.9.9"), "has no item 9.9.9"),
    (Decision("out_of_scope", landed_version=2, landed_ref="1.2.5"), "only an accepted"),
    (Decision("duplicate"), "needs the comment it repeats"),
    (Decision("reopened"), "unknown status"),
])
def test_decision_rules(decision, message):
    with pytest.raises(ValidationError, match=message):
        check_decision(decision, COMMENT, landed_refs={"1.2.5"})


def test_decisions_that_pass_and_withdrawn_comments():
    ok = check_decision(Decision("declined", reason=" Already in 2.3.1 "), COMMENT)
    assert ok.reason == "Already in 2.3.1"
    ok = check_decision(Decision("accepted", landed_version=2, landed_ref="1.2.5 "), COMMENT, landed_refs={"1.2.5"})
    assert (ok.landed_version, ok.landed_ref) == (2, "1.2.5")
    assert check_decision(Decision("partly_accepted", "Partly"), COMMENT).status == "partly_accepted"
    other = Comment(8, 1, "1.2.5", "action", "concern", "sw", "Wasiwasi", True)
    assert check_decision(Decision("duplicate"), COMMENT, duplicate=other).duplicate_of == 8
    with pytest.raises(ValidationError, match="not another comment"):
        check_decision(Decision("duplicate"), COMMENT, duplicate=COMMENT)
    gone = Comment(9, 1, "1", "theme", "support", "en", "", True, withdrawn=True)
    with pytest.raises(RuleError, match="withdrawn"):
        check_decision(Decision("out_of_scope"), gone)


def test_stats_and_quotable():
    comments = [COMMENT, Comment(8, 1, "2", "theme", "support", "en", "Yes", False, status="accepted"),
                Comment(9, 1, "2.1", "goal", "support", "en", "", True, withdrawn=True)]
    stats = feedback_stats(comments, ["1", "2", "3"])
    assert stats["comments"] == 2
    assert stats["by_type"] == {"support": 1, "concern": 1, "suggestion": 0, "question": 0}
    assert stats["by_status"]["new"] == 1 and stats["by_status"]["accepted"] == 1
    assert stats["by_theme"] == {"1": 1, "2": 1, "3": 0}
    assert quotable(comments) == [COMMENT]


# -- rounds and live comments ---------------------------------------------------------------------
def test_round_freezes_its_version_and_names_are_unique(plan_store):
    found = add_round(plan_store, "draft-1", title={"en": "Draft 1 review"})
    assert (found["version"], found["closed"]) == (1, False)
    with pytest.raises(RuleError, match="already exists"):
        add_round(plan_store, "draft-1")
    with pytest.raises(ValidationError, match="round name"):
        add_round(plan_store, "Draft 1!")
    add_version(plan_store)
    again, created = ensure_round(plan_store, "draft-2")
    assert created and again["version"] == 2
    with pytest.raises(NotFound, match="no feedback round 'nope'"):
        get_round(plan_store, "nope")


def test_comment_edit_withdraw_while_open(live):
    store, session, (amina, kim) = live
    comment = add_comment(store, amina["id"], "1.2.5", "suggestion", "  Mafunzo zaidi  ", quotable=False)
    assert (comment.ref, comment.kind, comment.language, comment.text, comment.quotable) == \
        ("1.2.5", "action", "sw", "Mafunzo zaidi", False)
    assert add_comment(store, kim["id"], "2", "support", "Yes").kind == "theme"
    edited = update_comment(store, comment.id, amina["id"], text="Mafunzo kwa lugha zetu", type_="concern")
    assert (edited.text, edited.type, edited.quotable) == ("Mafunzo kwa lugha zetu", "concern", False)
    with pytest.raises(NotFound):
        update_comment(store, comment.id, kim["id"], text="not mine")
    with pytest.raises(ValidationError, match="unknown plan reference"):
        add_comment(store, kim["id"], "1.2.99", "question", "?")
    with pytest.raises(ValidationError, match="comment is empty"):
        add_comment(store, kim["id"], "1.2", "question", "   ")
    remove_comment(store, comment.id, amina["id"])
    gone = get_comment(store, comment.id)
    assert gone.withdrawn and gone.text == ""
    assert [c.ref for c in list_comments(store, "draft-1")] == ["2"]
    assert len(list_comments(store, "draft-1", include_withdrawn=True)) == 2


def test_comments_only_while_session_open_and_round_not_closed(live):
    store, session, (amina, _) = live
    comment = add_comment(store, amina["id"], "1", "support", "Ndiyo")
    update_session_phase(store, session["id"], "closed")
    with pytest.raises(RuleError, match="session is closed"):
        add_comment(store, amina["id"], "1", "support", "Tena")
    with pytest.raises(RuleError):
        remove_comment(store, comment.id, amina["id"])
    update_session_phase(store, session["id"], "open")
    update_round(store, "draft-1", closed=True)
    with pytest.raises(RuleError, match="round is closed"):
        update_comment(store, comment.id, amina["id"], text="x")
    with pytest.raises(RuleError, match="cannot become"):
        update_session_phase(store, session["id"], "draft")


# -- triage ---------------------------------------------------------------------------------------
def test_triage_keeps_history_and_latest_is_the_status(live):
    store, _, (amina, kim) = live
    first = add_comment(store, amina["id"], "1.2.5", "suggestion", "Mafunzo zaidi")
    second = add_comment(store, kim["id"], "1.2.5", "suggestion", "More training")
    add_version(store, label="draft 2")
    with pytest.raises(ValidationError, match="needs a reason"):
        add_decision(store, first.id, Decision("declined"))
    add_decision(store, first.id, Decision("partly_accepted", "Partly: training in 3 languages"))
    now = add_decision(store, first.id, Decision("accepted", "Training added", landed_version=2, landed_ref="1.2.5"),
                       triaged_by="theme 1 group")
    assert (now.status, now.response, now.landed_version, now.landed_ref) == ("accepted", "Training added", 2, "1.2.5")
    history = list_decisions(store, first.id)
    assert [d["status"] for d in history] == ["partly_accepted", "accepted"]
    assert history[1]["triaged_by"] == "theme 1 group"
    with pytest.raises(ValidationError, match="after the reviewed one"):
        add_decision(store, first.id, Decision("accepted", landed_version=1, landed_ref="1.2.5"))
    assert add_decision(store, second.id, Decision("duplicate", duplicate_of=first.id)).status == "duplicate"
    with pytest.raises(store.IntegrityError, match="appended, never changed"):
        with store.transaction() as conn:
            conn.execute("UPDATE triage_events SET status = 'declined'")
    counts = triage_counts(store)["draft-1"]
    assert counts["comments"] == 2
    assert counts["by_status"]["accepted"] == 1 and counts["by_status"]["duplicate"] == 1
    assert counts["by_theme"]["1"]["accepted"] == 1
    assert [c.id for c in list_comments(store, "draft-1", status="accepted")] == [first.id]


def test_landed_item_follows_later_renumbering(live):
    from workbench.plan.store.versions import remove_action
    store, _, (amina, _) = live
    comment = add_comment(store, amina["id"], "1.2.5", "concern", "Wasiwasi")
    add_version(store)
    add_decision(store, comment.id, Decision("accepted", landed_version=2, landed_ref="1.2.5"))
    remove_action(store, "1.2.1", renumber=True)           # draft 2 is still being edited
    assert get_comment(store, comment.id).landed_ref == "1.2.4"


def test_cli_stats_json_and_triage(live, tmp_path):
    store, _, (amina, kim) = live
    add_comment(store, amina["id"], "1.2.5", "suggestion", "Mafunzo zaidi")
    comment = add_comment(store, kim["id"], "3.1", "question", "Who pays?")
    db = store.target
    result = CliRunner().invoke(main, ["feedback", "stats", "--round", "draft-1", "--json", "--db", db])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "comments": 2, "by_type": {"support": 0, "concern": 0, "suggestion": 1, "question": 1},
        "by_status": {"new": 2, "accepted": 0, "partly_accepted": 0, "declined": 0, "out_of_scope": 0,
                      "duplicate": 0},
        "by_theme": {"1": 1, "2": 0, "3": 1, "4": 0}}
    refused = CliRunner().invoke(main, ["feedback", "triage", str(comment.id), "--status", "declined", "--db", db])
    assert refused.exit_code == 1 and "needs a reason" in refused.output
    ok = CliRunner().invoke(main, ["feedback", "triage", str(comment.id), "--status", "out_of_scope",
                                   "--response", "For the partners' list", "--db", db])
    assert ok.exit_code == 0 and "out_of_scope" in ok.output
