"""Issue 7: consent uses (refusals enforced), return codes (resume, refuse, rate limit), assisted
participants, "my data", erasure across every feature and the proof that erased words are in
no file of the store, and the ``erase``/``mydata`` commands."""
from __future__ import annotations

import json
import uuid
from html import escape as html_escape

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.core.errors import NotFound, RuleError, ValidationError
from workbench.core.i18n import refusal
from workbench.feedback.rules import Decision
from workbench.feedback.report import render_html, render_markdown
from workbench.feedback.store.report import load_report
from workbench.participation.rules import JoinAnswers
from workbench.participation.privacy import MAX_WRONG_CODES, agreed, erasure_plan
from workbench.store import Store
from workbench.store.backup import backup
from workbench.polls.store.ballots import add_comparison, cast_ballot, get_ballot
from workbench.visioning.store.contributions import (
    add_contribution,
    add_translation,
    list_contributions,
)
from workbench.participation.store.erasure import (
    count_rows,
    erase_participant,
    find_participant,
    my_data,
)
from workbench.feedback.store.comments import (
    add_comment,
    add_feedback_session,
    add_round,
    update_session_phase,
)
from workbench.visioning.store.moderation import add_tag, merge_contribution
from workbench.participation.store.participants import join_session, update_role
from workbench.polls.store.polls import add_poll, add_proposal, resolve_source
from workbench.polls.store.polls import update_phase as poll_phase
from workbench.visioning.store.reactions import add_reaction
from workbench.participation.store.return_codes import (
    add_assisted_participant,
    issue_return_code,
    resume_participant,
)
from workbench.feedback.store.triage import add_decision
from workbench.visioning.store.drafts import (
    add_vision_draft,
    draft_sources,
    vision_numbers,
)
from workbench.visioning.store.sessions import add_visioning_session, update_phase

ALL_YES = {"take_part": True, "quote": True, "translate": True, "share_numbers": True}
ALL_NO = {"take_part": True, "quote": False, "translate": False, "share_numbers": False}


def visioning(store):
    session = add_visioning_session(store, {"en": "Workshop"}, [{"en": "In ten years …"}], {"en": "We collect …"})
    update_phase(store, session["id"], "gathering")
    return session


def person(store, session, name, consent=ALL_YES, language="en"):
    return join_session(store, session["id"], JoinAnswers(name, language, 1, consent))["id"]


def answer_every_use(join, value=True):
    """Answer each consent use in the join panel (none is answered for the person)."""
    for choice in join.use_buttons.values():
        choice.value = value


def test_consent_uses_are_yes_or_no_and_missing_means_the_older_text():
    assert agreed(ALL_YES, "quote") and not agreed(ALL_NO, "quote")
    assert agreed({"take_part": True}, "translate")                 # consent from before the questions
    assert not agreed({"take_part": False, "quote": True}, "quote")  # withdrew: nothing
    with pytest.raises(ValidationError):
        agreed(ALL_YES, "sell")


def test_translation_refused_when_the_author_said_no(fresh_store):
    session = visioning(fresh_store)
    no, yes = person(fresh_store, session, "Said No"), person(fresh_store, session, "Said Yes")
    fresh_store.db.execute("UPDATE consent_records SET answers = ? WHERE participant_id = ?",
                           [json.dumps(ALL_NO), no])
    interpreter = person(fresh_store, session, "Interpreter")
    update_role(fresh_store, interpreter, "interpreter")
    theirs = add_contribution(fresh_store, no, "healers")["id"]
    mine = add_contribution(fresh_store, yes, "schools")["id"]
    with pytest.raises(RuleError, match="did not agree to have it translated"):
        add_translation(fresh_store, theirs, "sw", "waganga", translator_id=interpreter)
    with pytest.raises(RuleError):
        add_translation(fresh_store, theirs, "sw", "waganga")              # the facilitator neither
    for empty_or_long in ("  ", "x" * 5000):                  # the interpreter reads why in her language
        with pytest.raises(ValidationError) as refused:
            add_translation(fresh_store, mine, "sw", empty_or_long, translator_id=interpreter)
        assert refused.value.msgid and refusal(refused.value, "sw") != str(refused.value)
    add_translation(fresh_store, mine, "sw", "shule", translator_id=interpreter)
    assert fresh_store.db.execute("SELECT count(*) FROM contribution_translations").fetchone()[0] == 1


def test_drafts_never_quote_and_numbers_leave_out_who_said_no(fresh_store):
    session = visioning(fresh_store)
    no, yes = person(fresh_store, session, "Said No", ALL_NO), person(fresh_store, session, "Said Yes")
    a = add_contribution(fresh_store, no, "secret words")["id"]
    b = add_contribution(fresh_store, yes, "shared words")["id"]
    draft = add_vision_draft(fresh_store, "vision", "en", "We dream.", [a, b])
    assert [s["text"] for s in draft_sources(fresh_store, draft["id"])] == ["shared words"]
    assert vision_numbers(fresh_store).participants == 1


@pytest.fixture
def feedback(plan_store):
    add_round(plan_store, "draft-1")
    session = add_feedback_session(plan_store, "draft-1")
    update_session_phase(plan_store, session["id"], "open")
    return session


def test_feedback_report_counts_but_never_quotes_who_said_no(plan_store, feedback):
    no, yes = person(plan_store, feedback, "Said No", ALL_NO), person(plan_store, feedback, "Said Yes")
    add_comment(plan_store, no, "1.1", "suggestion", "never quote me please")
    add_comment(plan_store, yes, "1.1", "suggestion", "quote me gladly")
    report = load_report(plan_store, "draft-1")
    page = render_html(report)
    assert "quote me gladly" in page and "never quote me" not in page
    assert "counted but not quoted" in page
    assert report.numbers["participants"] == 1 and report.numbers["comments"] == 2


def test_return_code_resumes_the_same_person_and_wrong_codes_are_limited(fresh_store):
    session = visioning(fresh_store)
    pid = person(fresh_store, session, "Calm Heron 27", language="sw")
    code = issue_return_code(fresh_store, pid)
    assert len(code) == 9 and code not in json.dumps(list(fresh_store.db.query("SELECT * FROM participants")))
    found = resume_participant(fresh_store, session["id"], code.lower().replace("-", " "))
    assert (found["id"], found["pseudonym"], found["language"]) == (pid, "Calm Heron 27", "sw")
    other = visioning(fresh_store)
    with pytest.raises(NotFound):
        resume_participant(fresh_store, other["id"], code)              # another session: not theirs
    with pytest.raises(ValidationError):
        resume_participant(fresh_store, session["id"], "nonsense")
    wrong = "AAAA-AAAA" if code != "AAAA-AAAA" else "CCCC-CCCC"
    for _ in range(MAX_WRONG_CODES - 1):
        with pytest.raises(NotFound):
            resume_participant(fresh_store, session["id"], wrong, now=1000.0)
    with pytest.raises(RuleError, match="too many wrong return codes"):
        resume_participant(fresh_store, session["id"], code, now=1001.0)   # even the right one, for a while
    assert resume_participant(fresh_store, session["id"], code, now=1000.0 + 601)["id"] == pid


def test_assisted_participant_is_marked_and_sees_what_was_entered(fresh_store):
    session = visioning(fresh_store)
    helped, code = add_assisted_participant(fresh_store, session["id"], JoinAnswers("By Phone", "sw", 1, ALL_YES),
                                            helper="facilitator", how="by phone, read aloud in Swahili")
    assert helped["assisted_by"] == "facilitator"
    add_contribution(fresh_store, helped["id"], "entered for them")
    back = resume_participant(fresh_store, session["id"], code)
    data = my_data(fresh_store, back["id"])
    assert data["assisted"] == "facilitator"
    assert data["tables"]["assisted_agreements"][0]["how"] == "by phone, read aloud in Swahili"
    assert [c["text"] for c in data["tables"]["contributions"]] == ["entered for them"]
    stranger = person(fresh_store, session, "Not Interpreter")
    with pytest.raises(RuleError, match="not an interpreter"):
        add_assisted_participant(fresh_store, session["id"], JoinAnswers("Other", "en", 1, ALL_YES),
                                 helper=str(stranger))


def everything(store, marker=None):
    """One person with rows in every feature, and someone else reacting to and merging into them."""
    marker = marker or "MARKER-" + uuid.uuid4().hex
    vis = visioning(store)
    me = person(store, vis, marker[:40])
    other = person(store, vis, "Someone Else")
    interpreter = person(store, vis, "Interpreter")
    update_role(store, interpreter, "interpreter")
    mine = add_contribution(store, me, f"{marker} contribution")["id"]
    theirs = add_contribution(store, other, "their idea")["id"]
    dup = add_contribution(store, other, "their duplicate")["id"]
    add_translation(store, mine, "sw", f"{marker} translation", translator_id=interpreter)
    add_tag(store, mine, "health")
    merge_contribution(store, dup, mine)
    update_phase(store, vis["id"], "reacting")
    add_reaction(store, other, mine, 1)
    add_reaction(store, me, theirs, -1)
    add_vision_draft(store, "vision", "en", "We dream.", [mine, theirs])
    add_round(store, "draft-1")
    fb = add_feedback_session(store, "draft-1")
    update_session_phase(store, fb["id"], "open")
    me_fb = person(store, fb, marker[:40])
    other_fb = person(store, fb, "Someone Else")
    comment = add_comment(store, me_fb, "1.1", "suggestion", f"{marker} comment")
    add_decision(store, comment.id, Decision("partly_accepted", response="thanks"))
    later = add_comment(store, other_fb, "1.1", "suggestion", "me too")
    add_decision(store, later.id, Decision("duplicate", duplicate_of=comment.id))
    items, found = resolve_source(store, "goal:1.1")
    poll = add_poll(store, {"en": "Which first?"}, items, "approval", None, source=found)
    poll_phase(store, poll["id"], "open")
    me_poll = person(store, {"id": poll["session_id"]}, marker[:40])
    cast_ballot(store, poll["id"], me_poll, [items[0].key])
    items, found = resolve_source(store, "list:capacity-building")
    pairs = add_poll(store, {"en": "Which matters more?"}, items, "bradley-terry", None, source=found)
    poll_phase(store, pairs["id"], "open")
    me_pairs = person(store, {"id": pairs["session_id"]}, marker[:40])
    add_comparison(store, pairs["id"], me_pairs, "1", "2", "2")
    add_proposal(store, pairs["id"], me_pairs, f"{marker} proposal", "en")
    return marker, {"visioning": me, "feedback": me_fb, "poll": me_poll, "pairs": me_pairs}, {"other": other}


def test_my_data_is_complete(plan_store):
    marker, me, _ = everything(plan_store)
    data = my_data(plan_store, me["visioning"])
    tables = data["tables"]
    assert data["participant"]["pseudonym"] == marker[:40] and "return_code_hash" not in data["participant"]
    assert {"consent_records", "demographics", "contributions", "contribution_translations",
            "contribution_tags", "reactions", "vision_draft_sources"} <= set(tables)
    assert len(tables["reactions"]) == 2                 # the one they gave and the one on their idea
    assert data["drafts"] == ["vision v1"]
    fb = my_data(plan_store, me["feedback"])["tables"]
    assert [c["text"] for c in fb["feedback_comments"]] == [f"{marker} comment"] and fb["triage_events"]
    assert my_data(plan_store, me["poll"])["tables"]["ballots"]
    assert my_data(plan_store, me["pairs"])["tables"]["comparisons"]


def test_erasure_removes_every_row_of_theirs_and_only_theirs(plan_store):
    marker, me, _others = everything(plan_store)
    before = count_rows(plan_store)
    results = [erase_participant(plan_store, pid) for pid in me.values()]
    after = count_rows(plan_store)
    assert results[0]["tables"]["contributions"] == 1 and results[0]["checkpoint"][0] == 0
    assert before["participants"] - after["participants"] == 4
    assert before["poll_items"] - after["poll_items"] == 1              # their pending proposal
    assert before["contributions"] - after["contributions"] == 1
    assert before["reactions"] - after["reactions"] == 2
    assert before["contribution_translations"] - after["contribution_translations"] == 1
    assert before["feedback_comments"] - after["feedback_comments"] == 1
    assert before["triage_events"] - after["triage_events"] == 2     # theirs, and "duplicate of theirs"
    assert before["ballots"] - after["ballots"] == 1 and before["comparisons"] - after["comparisons"] == 1
    assert before["consent_records"] - after["consent_records"] == 4
    assert after["erasures"] == 4
    others = list_contributions(plan_store, visible_only=False)
    assert [c["text"] for c in others] == ["their idea", "their duplicate"]
    assert all(c["merged_into"] is None for c in others)               # the merge into theirs undone
    with pytest.raises(NotFound):
        my_data(plan_store, me["visioning"])
    report = render_markdown(load_report(plan_store, "draft-1"))
    assert marker not in report and "counts already published are not recomputed" in report


def test_erased_words_are_in_no_file_of_the_store(tmp_path):
    folder = tmp_path / "store"
    store = Store.open(folder / "workbench.db")
    from workbench.demo import load_defaults
    load_defaults(store)
    marker, me, _ = everything(store)
    store.db.execute("UPDATE demographics SET languages = ? WHERE participant_id = ?",
                     [json.dumps([marker]), me["feedback"]])      # a free text, if there were one
    backup(store, folder / "before.db")
    (folder / "before.db").unlink()                             # backups made before are the keeper's to delete
    assert any(marker.encode() in path.read_bytes() for path in folder.iterdir())
    for pid in me.values():
        erase_participant(store, pid)
    backup(store, folder / "after.db")
    reader = Store.open(folder / "workbench.db")                 # another kernel still has it open
    assert reader.db.execute("SELECT count(*) FROM contributions").fetchone()[0] == 2
    files = sorted(folder.iterdir())
    assert {p.name for p in files} >= {"workbench.db", "workbench.db-wal", "workbench.db-shm", "after.db"}
    for path in files:
        assert marker.encode() not in path.read_bytes(), path.name
        assert marker.encode("utf-16-le") not in path.read_bytes(), path.name
    reader.close()
    store.close()


def test_erasure_plan_follows_cascades_only():
    keys = {"contributions": [("participant_id", "participants", "CASCADE")],
            "contribution_translations": [("contribution_id", "contributions", "CASCADE"),
                                          ("translator_id", "participants", "SET NULL")],
            "reactions": [("contribution_id", "contributions", "CASCADE"),
                          ("participant_id", "participants", "CASCADE")]}
    assert erasure_plan(keys) == [("contributions", "participant_id", "participants"),
                                  ("reactions", "participant_id", "participants"),
                                  ("contribution_translations", "contribution_id", "contributions"),
                                  ("reactions", "contribution_id", "contributions")]


def test_erase_and_mydata_commands(tmp_path):
    db = tmp_path / "w.db"
    with Store.open(db) as store:
        session = visioning(store)
        pid = person(store, session, "Calm Heron 27")
        add_contribution(store, pid, "please erase me")
        code = session["code"]
        assert find_participant(store, code.lower(), " Calm  Heron 27")["id"] == pid
    runner = CliRunner()
    shown = runner.invoke(main, ["mydata", "Calm Heron 27", "--session", code, "--db", str(db)])
    assert shown.exit_code == 0 and "please erase me" in shown.output
    as_json = json.loads(runner.invoke(main, ["mydata", "Calm Heron 27", "--session", code, "--db", str(db),
                                              "--json"]).output)
    assert as_json["tables"]["contributions"][0]["text"] == "please erase me"
    refused = runner.invoke(main, ["erase", "Calm Heron 27", "--session", code, "--db", str(db)], input="n\n")
    assert refused.exit_code == 1 and "nothing erased" in refused.output.lower()
    done = runner.invoke(main, ["erase", "Calm Heron 27", "--session", code, "--db", str(db), "--yes"])
    assert done.exit_code == 0 and "erased" in done.output
    missing = runner.invoke(main, ["mydata", "Calm Heron 27", "--session", code, "--db", str(db)])
    assert missing.exit_code == 1 and "no participant" in missing.output


# -- the participant app -------------------------------------------------------------------------
def test_visioning_app_return_code_language_switch_my_data_and_withdrawal(tmp_path):
    from workbench.visioning.screens.participant import VisioningScreen
    from workbench.visioning.store.sessions import live_numbers
    db = tmp_path / "w.db"
    store = Store.open(db)
    session = visioning(store)
    screen = VisioningScreen(Store.open(db), code=session["code"], language="en", live=False)
    join = screen.join
    join.language_button.click()
    join.pseudonym_input.value = "Calm Heron 27"
    join.pseudonym_button.click()
    join.use_buttons["quote"].value = True
    join.use_buttons["translate"].value = False
    join.use_buttons["share_numbers"].value = True
    join.agree_button.click()
    join.skip_button.click()
    pid = screen.participant["id"]
    note = screen.return_card.text.value
    code = note.split("Your return code is ")[1][:9]
    assert screen._memory.value == ""                                    # not remembered unless she chooses
    screen.return_card.remember.value = True
    assert f'data-wb-value="{code}"' in screen._memory.value and 'data-wb-max-age="43200"' in screen._memory.value
    screen.return_card.remember.value = False                            # changed her mind: forgotten
    assert 'data-wb-value=""' in screen._memory.value and 'data-wb-max-age="0"' in screen._memory.value
    assert json.loads(store.db.execute("SELECT answers FROM consent_records").fetchone()[0])["translate"] is False
    screen.editor.text.value = "<b>healers</b> in every village"
    screen.editor.add_button.click()
    screen.editor.text.value = "a draft not yet sent"
    screen.privacy.language_choice.value = "sw"                          # switch: the draft stays
    assert screen.editor.text.value == "a draft not yet sent" and screen.language == "sw"
    assert store.db.execute("SELECT language FROM participants WHERE id = ?", [pid]).fetchone()[0] == "sw"
    # a reload: a new screen, the return code
    again = VisioningScreen(Store.open(db), code=session["code"], live=False)
    again.join.return_button.click()
    again.join.return_input.value = "AAAA-AAAA" if code != "AAAA-AAAA" else "CCCC-CCCC"
    again.join.resume_button.click()
    assert "not right" in again.join.message.value and again.participant is None
    again.join.return_input.value = code
    again.join.resume_button.click()
    assert again.participant["id"] == pid and again.language == "sw"
    again.privacy.data_button.click()
    shown = again.privacy.data_text.value
    assert "&lt;b&gt;healers&lt;/b&gt;" in shown and "<b>healers" not in shown
    assert live_numbers(store, [session["id"]])["participants"] == 1
    again.privacy.withdraw_button.click()
    assert again.privacy.confirm_button.layout.display == "flex"
    again.privacy.cancel_button.click()
    assert store.db.execute("SELECT count(*) FROM participants").fetchone()[0] == 1
    again.privacy.withdraw_button.click()
    again.privacy.confirm_button.click()
    assert "erased" in again.privacy.children[0].value
    assert store.db.execute("SELECT count(*) FROM participants").fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM contributions").fetchone()[0] == 0
    assert live_numbers(store, [session["id"]])["participants"] == 0


def test_no_consent_use_is_chosen_for_her_and_a_forged_agree_joins_nobody(tmp_path):
    """Issue 13: each use starts unanswered; "I agree to take part" waits for every answer, with
    a note in her language naming what is missing; a forged tap (the widget message a browser
    could send to the disabled button) or a forced step joins nobody and writes nothing."""
    from workbench.core.i18n import translator
    from workbench.visioning.screens.participant import VisioningScreen
    db = tmp_path / "w.db"
    store = Store.open(db)
    session = visioning(store)
    screen = VisioningScreen(Store.open(db), code=session["code"], language="sw", live=False)
    join, _ = screen.join, translator("sw")
    join.language_button.click()
    join.pseudonym_button.click()
    assert join.step == "consent"
    assert [join.use_buttons[use].value for use in ("quote", "translate", "share_numbers")] == [None] * 3
    assert [join.use_buttons[use].index for use in ("quote", "translate", "share_numbers")] == [None] * 3
    assert join.agree_button.disabled and join.agree_button.description == _("I agree to take part")
    assert join.use_buttons["quote"].options == ((_("Yes"), True), (_("No"), False))
    names = {"quote": _("quoting your words"), "translate": _("translating what you write"),
             "share_numbers": _("counting you in shared numbers")}
    assert all(html_escape(name) in join.consent_note.value for name in names.values())
    join.use_buttons["quote"].value = True
    assert join.agree_button.disabled
    assert html_escape(names["quote"]) not in join.consent_note.value
    assert html_escape(names["translate"]) in join.consent_note.value

    def nobody():
        return (store.db.execute("SELECT count(*) FROM participants").fetchone()[0],
                store.db.execute("SELECT count(*) FROM consent_records").fetchone()[0]) == (0, 0)

    join.agree_button._handle_button_msg(None, {"event": "click"}, [])   # forged, from the browser
    join.agree_button.click()                                            # the handler, called directly
    assert join.step == "consent" and screen.participant is None and nobody()
    assert "wb-error" in join.message.value and html_escape(names["share_numbers"]) in join.message.value
    join.step = "demographics"                     # even past the consent step, the store refuses
    join.skip_button.click()
    refused = _("consent answers: yes or no is missing for %(uses)s; each use of your words needs your "
                "own answer") % {"uses": "translate, share_numbers"}              # in her language
    assert screen.participant is None and nobody() and html_escape(refused) in join.message.value
    join.step = "consent"
    join.use_buttons["translate"].value = False
    join.use_buttons["share_numbers"].value = True
    assert not join.agree_button.disabled and join.consent_note.value == ""
    join.agree_button.click()
    join.skip_button.click()
    assert screen.participant is not None
    stored = json.loads(store.db.execute("SELECT answers FROM consent_records").fetchone()[0])
    assert stored == {"take_part": True, "quote": True, "translate": False, "share_numbers": True}


def test_my_data_shows_the_stored_answers_and_each_can_be_changed(tmp_path):
    """Issue 13: "My data" shows her answers as stored (none pre-selected otherwise), each can
    be changed there, a language switch keeps them, and a refused change goes back."""
    from workbench.participation.store.participants import latest_consent
    from workbench.visioning.screens.participant import VisioningScreen
    from workbench.visioning.store.sessions import update_setup
    db = tmp_path / "w.db"
    store = Store.open(db)
    session = visioning(store)
    pid = person(store, session, "Calm Heron 27", {"take_part": True, "quote": True, "translate": False,
                                                   "share_numbers": False})
    code = issue_return_code(store, pid)
    screen = VisioningScreen(Store.open(db), code=session["code"], language="en", live=False)
    screen.join.return_button.click()
    screen.join.return_input.value = code
    screen.join.resume_button.click()
    panel = screen.privacy
    assert {use: b.value for use, b in panel.use_buttons.items()} == {
        "quote": True, "translate": False, "share_numbers": False}
    panel.data_button.click()
    assert panel.uses_box.layout.display == "flex"
    panel.use_buttons["quote"].value = False
    assert latest_consent(store, pid)["answers"] == {"take_part": True, "quote": False, "translate": False,
                                                     "share_numbers": False}
    assert "wb-ok" in panel.uses_message.value
    assert panel.data_text.value.count("Taking part") == 2          # her page lists both consent records
    panel.language_choice.value = "fr"                  # relabelled in French, the answers kept
    assert [b.value for b in panel.use_buttons.values()] == [False, False, False]
    panel.use_buttons["share_numbers"].value = True
    assert latest_consent(store, pid)["answers"]["share_numbers"] is True
    update_setup(store, session["id"], [{"en": "In ten years …"}], {"en": "A new consent text."})
    panel.use_buttons["translate"].value = True        # a new yes needs the new text: refused
    assert panel.use_buttons["translate"].value is False and "wb-error" in panel.uses_message.value
    assert latest_consent(store, pid)["answers"]["translate"] is False
    panel.use_buttons["share_numbers"].value = False   # a no is always honoured
    assert latest_consent(store, pid)["answers"] == {"take_part": True, "quote": False, "translate": False,
                                                     "share_numbers": False}


def test_facilitator_adds_an_assisted_participant(tmp_path):
    from workbench.visioning.screens.facilitator import FacilitatorScreen
    db = tmp_path / "w.db"
    store = Store.open(db)
    session = visioning(store)
    screen = FacilitatorScreen(Store.open(db), live=False)
    form = screen.assisted.children[0]
    assert all(choice.value is None for choice in form.uses.values())   # nothing chosen for them
    form.pseudonym.value = "By Phone 12"
    form.uses["translate"].value = True
    form.add_button.click()                                  # two uses not answered: nothing added
    assert "Not answered yet" in form.result.value and "quoting" in form.result.value
    form.uses["quote"].value = False
    form.uses["share_numbers"].value = False
    form.add_button.click()
    assert "choose a session" in form.result.value.lower()
    screen.session_filter.value = session["id"]
    form.pseudonym.value = "By Phone 12"
    form.add_button.click()                                  # agreement to take part not recorded
    assert "wb-error" in form.result.value and store.db.execute("SELECT count(*) FROM participants").fetchone()[0] == 0
    form.pseudonym.value = "By Phone 12"
    form.take_part.value = True
    form.how.value = "phone call, Swahili"
    form.add_button.click()
    code = form.result.value.split("return code is ")[1][:9]
    assert all(choice.value is None for choice in form.uses.values())   # the next person answers anew
    helped = resume_participant(store, session["id"], code)
    assert (helped["pseudonym"], helped["assisted_by"]) == ("By Phone 12", "facilitator")
    consent = json.loads(store.db.execute("SELECT answers FROM consent_records").fetchone()[0])
    assert consent == {"take_part": True, "quote": False, "translate": True, "share_numbers": False}


def test_feedback_app_keeps_the_draft_across_a_language_switch_and_erases(plan_store, feedback):
    from workbench.feedback.screens.participant import FeedbackScreen
    screen = FeedbackScreen(plan_store, code=feedback["code"], language="en", live=False)
    screen.join.language_button.click()
    screen.join.pseudonym_button.click()
    answer_every_use(screen.join)
    screen.join.agree_button.click()
    screen.join.skip_button.click()
    assert "return code" in screen.return_card.text.value
    screen.walk.child_buttons["1"].click()
    screen.walk.comment_button.click()
    screen.form.text.value = "half-written comment"
    screen.privacy.language_choice.value = "fr"
    assert screen.form.text.value == "half-written comment" and screen.language == "fr"
    screen.form.type_buttons.value = "suggestion"
    screen.form.submit_button.click()
    screen.privacy.data_button.click()
    assert "half-written comment" in screen.privacy.data_text.value
    screen.privacy.withdraw_button.click()
    screen.privacy.confirm_button.click()
    assert plan_store.db.execute("SELECT count(*) FROM feedback_comments").fetchone()[0] == 0
    assert screen.participant is None and screen.children[-1] is screen.privacy


@pytest.mark.parametrize("app", ["visioning", "feedback", "vote"])
def test_joining_puts_the_return_card_in_its_place_without_moving_the_app(plan_store, feedback, app):
    """A browser redraws every widget of a list after the first one inserted: the return card
    goes into its own place at the top, so once the app is shown, the page's list only grows at
    its end (the privacy panel), and the app is drawn once."""
    from workbench.feedback.screens.participant import FeedbackScreen
    from workbench.polls.screens.vote import VoteScreen
    from workbench.visioning.screens.participant import VisioningScreen
    if app == "visioning":
        screen = VisioningScreen(plan_store, code=visioning(plan_store)["code"], live=False)
    elif app == "feedback":
        screen = FeedbackScreen(plan_store, code=feedback["code"], live=False)
    else:
        items, found = resolve_source(plan_store, "goal:1.1")
        poll = add_poll(plan_store, {"en": "Which first?"}, items, "approval", None, source=found)
        poll_phase(plan_store, poll["id"], "open")
        screen = VoteScreen(plan_store, code=poll["code"])
    head = list(screen.head)
    assert list(screen.children[:len(head)]) == head
    screen.join.language_button.click()
    screen.join.pseudonym_button.click()
    answer_every_use(screen.join)
    screen.join.agree_button.click()
    changes = []
    screen.observe(lambda change: changes.append((list(change.old), list(change.new))), names="children")
    screen.join.skip_button.click()
    assert screen.participant is not None and changes
    assert all(new[:len(head)] == head for _old, new in changes)       # the head is never redrawn
    shown = next((n for n, (_old, new) in enumerate(changes) if screen.join not in new), -1)  # join → app
    for old, new in changes[shown + 1:]:
        assert new[:len(old)] == old, "a widget was inserted before the app's"
    assert screen.return_slot.children == (screen.return_card,) and "return code" in screen.return_card.text.value
    assert screen.children[-1] is screen.privacy
    screen.privacy.withdraw_button.click()
    screen.privacy.confirm_button.click()
    assert screen.return_slot.children == () and list(screen.children) == [*head, screen.privacy]


def test_vote_app_return_code_and_erasure(plan_store):
    from workbench.polls.screens.vote import VoteScreen
    items, found = resolve_source(plan_store, "goal:1.1")
    poll = add_poll(plan_store, {"en": "Which first?"}, items, "approval", None, source=found)
    poll_phase(plan_store, poll["id"], "open")
    screen = VoteScreen(plan_store, code=poll["code"], language="en")
    screen.join.language_button.click()
    screen.join.pseudonym_button.click()
    answer_every_use(screen.join)
    screen.join.agree_button.click()
    screen.join.skip_button.click()
    code = screen.return_card.text.value.split("Your return code is ")[1][:9]
    cast_ballot(plan_store, poll["id"], screen.participant["id"], [items[0].key])
    again = VoteScreen(plan_store, code=poll["code"])
    again.join.return_button.click()
    again.join.return_input.value = code
    again.join.resume_button.click()
    assert again.participant["id"] == screen.participant["id"]
    assert get_ballot(plan_store, poll["id"], again.participant["id"]) == [items[0].key]
    again.privacy.withdraw_button.click()
    again.privacy.confirm_button.click()
    assert plan_store.db.execute("SELECT count(*) FROM ballots").fetchone()[0] == 0
