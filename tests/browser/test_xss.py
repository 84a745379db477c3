"""Participant text is shown as text everywhere: an HTML payload typed into a
contribution, a comment, a pseudonym and a proposed poll item is shown escaped in the
facilitator, triage, polls, visioning, feedback and vote apps and in the feedback report; no
dialog fires and no ``<img src=x>`` element is ever created."""
from __future__ import annotations

import pytest

from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import JoinAnswers
from workbench.store import Store
from workbench.visioning.store.contributions import add_contribution
from workbench.feedback.store.comments import add_comment, add_feedback_session, add_round, update_session_phase
from workbench.participation.store.participants import join_session
from workbench.plan.store.versions import add_version
from workbench.polls.store.polls import add_poll, add_proposal, decide_proposal, resolve_source, update_phase as poll_phase
from workbench.visioning.store.sessions import add_visioning_session, update_phase

from tests.browser.conftest import join

pytestmark = pytest.mark.browser

PAYLOAD = "<img src=x onerror=alert(1)>"
ROUND = "xss-round"


@pytest.fixture(scope="module")
def planted(server):
    with Store.open(server.db) as store:
        vision = add_visioning_session(store, {"en": "XSS workshop"}, [{"en": "In ten years …"}], {"en": "consent"})
        update_phase(store, vision["id"], "gathering")
        author = join_session(store, vision["id"], JoinAnswers(PAYLOAD, "en", 1, SYNTHETIC_CONSENT))
        add_contribution(store, author["id"], PAYLOAD + " healers")
        update_phase(store, vision["id"], "reacting")
        add_round(store, ROUND, title={"en": "XSS review"})
        feedback = add_feedback_session(store, ROUND)
        update_session_phase(store, feedback["id"], "open")
        add_version(store, label="draft (xss)")
        commenter = join_session(store, feedback["id"], JoinAnswers(PAYLOAD, "en", 1, SYNTHETIC_CONSENT))
        add_comment(store, commenter["id"], "1.2.5", "concern", PAYLOAD + " comment")
        items, found = resolve_source(store, "list:capacity-building")
        poll = poll_phase(store, add_poll(store, {"en": "XSS pairs"}, items, "bradley-terry", None,
                                          source=found)["id"], "open")
        voter = join_session(store, poll["session_id"], JoinAnswers(PAYLOAD, "en", 1, SYNTHETIC_CONSENT))
        key = add_proposal(store, poll["id"], voter["id"], PAYLOAD + " item", "en")
        decide_proposal(store, poll["id"], key, True)
        add_proposal(store, poll["id"], voter["id"], PAYLOAD + " pending", "en")   # waits for the facilitator
    return {"vision": vision, "feedback": feedback, "poll": poll}


@pytest.fixture
def watched(phone):
    dialogs: list[str] = []
    phone.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield phone, dialogs


def assert_inert(page, dialogs, shows_payload: bool = True) -> None:
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.locator('img[src="x"]').count() == 0
    if shows_payload:
        assert PAYLOAD in page.locator("body").inner_text()


def test_facilitator_shows_contribution_as_text(server, watched, planted):
    page, dialogs = watched
    page.goto(server.url("facilitator", key=server.key, lang="en"))
    page.locator(".wb-session-filter select").select_option(label="XSS workshop")
    page.get_by_role("tab", name="Contributions").click()
    page.get_by_text(PAYLOAD + " healers").first.wait_for()
    assert_inert(page, dialogs)


def test_triage_shows_comment_as_text(server, watched, planted):
    page, dialogs = watched
    page.goto(server.url("triage", key=server.key, round=ROUND, lang="en"))
    page.get_by_text(PAYLOAD + " comment").first.wait_for()
    assert_inert(page, dialogs)


def test_polls_shows_proposed_item_as_text(server, watched, planted):
    page, dialogs = watched
    page.goto(server.url("polls", key=server.key, lang="en"))
    picker = page.locator(".wb-poll-picker select")
    option = picker.locator("option", has_text="XSS pairs")
    option.wait_for(state="attached")
    picker.select_option(value=option.get_attribute("value"))
    page.get_by_text(PAYLOAD + " pending").first.wait_for()
    assert_inert(page, dialogs)


def test_visioning_card_shows_contribution_as_text(server, watched, planted):
    page, dialogs = watched
    join(page, server.url("visioning", code=planted["vision"]["code"], lang="en"), ".wb-quote")
    assert_inert(page, dialogs)


def test_feedback_and_vote_apps_stay_inert(server, watched, planted):
    page, dialogs = watched
    join(page, server.url("feedback", code=planted["feedback"]["code"], lang="en"), 'button[title="1"]')
    assert_inert(page, dialogs, shows_payload=False)
    join(page, server.url("vote", code=planted["poll"]["code"], lang="en"), ".wb-ballot")
    assert_inert(page, dialogs, shows_payload=False)


def test_feedback_report_shows_comment_as_text(server, browser, planted):
    from workbench.feedback.report import render_html
    from workbench.feedback.store.report import load_report
    with Store.open(server.db) as store:
        text = render_html(load_report(store, ROUND))
    assert PAYLOAD not in text
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.set_content(text)
        assert_inert(page, dialogs, shows_payload=False)
    finally:
        page.close()
