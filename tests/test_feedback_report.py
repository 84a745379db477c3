"""The "you said, we did" report: its numbers on a small hand-made round, quoting, escaping; the demo."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.feedback.rules import Decision
from workbench.feedback.report import md_escape, write_report
from workbench.feedback.store.report import load_report
from workbench.feedback.store.written import import_feedback
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import PREFER_NOT, Demographics, JoinAnswers
from workbench.feedback.store.comments import (add_comment, add_feedback_session, add_round, list_comments, round_numbers,
                                      update_session_phase)
from workbench.participation.store.participants import join_session
from workbench.plan.store.versions import add_version, update_item
from workbench.feedback.store.triage import add_decision

WRITTEN = """ref,comment,type,language,country,submission,quote
1.2.5,Mafunzo kwa lugha zetu,suggestion,sw,KE,form-1,yes
1.2.5,<script>alert(1)</script> *bold*,concern,en,KE,form-1,yes
2,Nani atalipa?,question,sw,UG,form-2,no
"""


@pytest.fixture
def round_store(plan_store, tmp_path):
    """Round draft-1: 2 live sessions (one unused), 3 participants from 2 countries (one prefers
    not to say) with 4 comments; 2 written submissions (3 rows) from 2 countries; draft 2 edits
    1.2.5; four decisions."""
    store = plan_store
    add_round(store, "draft-1", title={"en": "Draft 1 review"})
    session = add_feedback_session(store, "draft-1")
    add_feedback_session(store, "draft-1")
    update_session_phase(store, session["id"], "open")
    people = [join_session(store, session["id"], JoinAnswers(name, lang, 1, SYNTHETIC_CONSENT,
                                                              Demographics(country)))
              for name, lang, country in (("Secret Heron 12", "sw", "TZ"), ("Hidden Owl 31", "en", "US"),
                                          ("Quiet Fern 44", "en", PREFER_NOT))]
    live = [add_comment(store, people[0]["id"], "1.2.5", "suggestion", "Tunahitaji mafunzo zaidi"),
            add_comment(store, people[1]["id"], "1.2.5", "concern", "Private worry, not for quoting", quotable=False),
            add_comment(store, people[1]["id"], "2.1", "support", "Strong goal"),
            add_comment(store, people[2]["id"], "1.2.5", "support", "Yes")]
    path = tmp_path / "written.csv"
    path.write_text(WRITTEN, encoding="utf-8")
    import_feedback(store, path, "draft-1")
    add_version(store, label="draft 2")
    update_item(store, "1.2.5", title={"en": "Reflecting on colonialism, with training"})
    add_decision(store, live[0].id, Decision("accepted", "Training added to 1.2.5", landed_version=2, landed_ref="1.2.5"))
    add_decision(store, live[1].id, Decision("declined", reason="Covered by 3.2.1"))
    add_decision(store, live[3].id, Decision("duplicate", duplicate_of=live[0].id))
    written = [c for c in list_comments(store, "draft-1", source="written") if c.ref == "2"][0]
    add_decision(store, written.id, Decision("out_of_scope", "Passed on to the funders' list"))
    return store


def test_overall_numbers(round_store):
    assert round_numbers(round_store, "draft-1") == {
        "sessions": 2, "participants": 3, "countries": 2, "written_submissions": 2, "written_countries": 2,
        "comments": 7}


def test_report_items_counts_responses_changes(round_store):
    report = load_report(round_store, "draft-1")
    assert (report.reviewed, report.next, report.title) == ("2023–2033 (published)", "draft 2", "Draft 1 review")
    assert report.by_type == {"support": 2, "concern": 2, "suggestion": 2, "question": 1}
    assert report.by_status == {"new": 3, "accepted": 1, "partly_accepted": 0, "declined": 1, "out_of_scope": 1,
                                "duplicate": 1}
    items = {item.ref: item for item in report.items}
    assert list(items) == ["1", "1.2", "1.2.5", "2", "2.1"]          # with their parents, in plan order
    action = items["1.2.5"]
    assert action.by_type == {"support": 1, "concern": 2, "suggestion": 2, "question": 0}
    responses = {r.status: r for r in action.responses}
    assert responses["accepted"].landed == "draft 2, 1.2.5"
    assert responses["declined"].reason == "Covered by 3.2.1"
    assert [q.text for q in action.quotes] == ["Tunahitaji mafunzo zaidi", "Mafunzo kwa lugha zetu",
                                               "<script>alert(1)</script> *bold*"]
    assert action.not_quoted == 1
    assert [c.change for c in action.changes] == ["changed"]
    assert items["2"].not_quoted == 1 and items["2"].quotes == ()


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_text_quotes_only_allowed_and_never_pseudonyms(round_store, fmt):
    text = write_report(load_report(round_store, "draft-1"), fmt)
    assert "2 live sessions, 3 participants from 2 countries; 2 written submissions from 2 countries." in text
    assert "Training added to 1.2.5" in text and "Passed on to the funders" in text
    assert "Tunahitaji mafunzo zaidi" in text
    assert "Private worry" not in text and "Nani atalipa" not in text
    assert "1 comment is counted but not quoted, as its author asked." in text
    for name in ("Secret Heron", "Hidden Owl", "Quiet Fern"):
        assert name not in text
    assert "<script>" not in text
    if fmt == "html":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and text.startswith("<!DOCTYPE html>")
        assert "<script" not in text.lower().replace("&lt;script", "")
    else:
        assert r"\<script\>alert(1)\</script\> \*bold\*" in text


def test_md_escape():
    assert md_escape("a\n# b [x](y)") == r"a \# b \[x\](y)"


def test_cli_report(round_store, tmp_path):
    out = tmp_path / "report.md"
    result = CliRunner().invoke(main, ["feedback", "report", "--round", "draft-1", "--format", "md",
                                       "-o", str(out), "--db", round_store.target])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# You said, we did: Draft 1 review")


def test_demo_round_has_the_source_documents_scale(plan_store):
    from workbench.feedback.demo import add_demo_feedback
    from workbench.plan.store.plans import get_plan
    added = add_demo_feedback(plan_store)
    assert added["participants"] == 82
    numbers = round_numbers(plan_store, "draft-1")
    assert (numbers["sessions"], numbers["participants"], numbers["countries"]) == (5, 82, 12)
    assert (numbers["written_submissions"], numbers["written_countries"]) == (55, 10)
    assert get_plan(plan_store, version=3).themes == get_plan(plan_store, version=1).themes
    assert add_demo_feedback(plan_store) == {"comments": 0}           # once only
    report = load_report(plan_store, "draft-1")
    assert report.next == "draft 2 [synthetic]"
    assert sum(report.by_status.values()) == numbers["comments"]
