"""A feedback round in headless Chromium: a participant on a phone comments on an action in
Swahili (one comment marked "do not quote me"); the facilitator's counts follow without a reload;
the facilitator triages both; the report shows the response, quotes the one comment and only
counts the other."""
from __future__ import annotations

import pytest

from workbench.store import Store
from workbench.feedback.store.comments import add_feedback_session, add_round, list_comments, update_session_phase
from workbench.plan.store.versions import add_version

from tests.browser.conftest import join, new_context

pytestmark = pytest.mark.browser

ROUND = "browser-feedback"
QUOTED = "Tunahitaji mafunzo kwa lugha zetu wenyewe"
PRIVATE = "Siri yangu: usininukuu <b>tafadhali</b>"


def comment(phone, type_index: int, text: str, no_quote: bool) -> None:
    phone.locator(".wb-comment-button").click()
    phone.locator(".wb-comment-type button").nth(type_index).click()
    phone.locator(".wb-comment-text textarea").fill(text)
    if no_quote:
        phone.locator(".wb-no-quote input").check()
    phone.locator(".wb-comment-save").click()
    phone.locator(".wb-saved .wb-ok").wait_for()
    phone.locator(".wb-comment-button").wait_for()


def wait_counts(page, text: str) -> None:
    page.wait_for_function("(t) => { const c = document.querySelector('.wb-live-counts');"
                           " return c && c.innerText.includes(t); }", arg=text)


def test_comment_in_swahili_triage_and_report(server, browser):
    with Store.open(server.db) as store:
        add_round(store, ROUND, title={"en": "Browser review", "sw": "Mapitio ya kivinjari"})
        session = add_feedback_session(store, ROUND)
        update_session_phase(store, session["id"], "open")
        add_version(store, label="draft 2 (browser)")
    desk_context, phone_context = new_context(browser, "laptop"), new_context(browser)
    dialogs = []
    try:
        desk, phone = desk_context.new_page(), phone_context.new_page()
        for page in (desk, phone):
            page.set_default_timeout(60_000)
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        desk.goto(server.url("triage", key=server.key, round=ROUND, lang="en"))
        wait_counts(desk, f"Round {ROUND}: 0 comments")

        join(phone, server.url("feedback", code=session["code"], lang="sw"), 'button[title="1"]', language="sw")
        phone.locator('button[title="1"]').click()
        phone.locator('button[title="1.2"]').click()
        phone.locator('button[title="1.2.5"]').click()
        phone.locator(".wb-item h3").get_by_text("kutafakari kwa kina juu ya athari za ukoloni").wait_for()
        comment(phone, 2, QUOTED, no_quote=False)             # a suggestion
        comment(phone, 1, PRIVATE, no_quote=True)             # a concern, not to be quoted
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"page is {width}px wide on a 360px screen"

        wait_counts(desk, f"Round {ROUND}: 2 comments")       # live: no reload
        with Store.open(server.db) as store:
            ids = {c.text: c.id for c in list_comments(store, ROUND)}
            assert {c.language for c in list_comments(store, ROUND)} == {"sw"}
        desk.locator(f'.wb-triage-button[title="#{ids[QUOTED]}"]').click()
        desk.locator(".wb-status button", has_text="accepted").first.click()
        desk.locator(".wb-response textarea").fill("Tumeongeza mafunzo kwa lugha nyingi katika rasimu ya 2")
        desk.locator(".wb-triage-save").click()
        desk.get_by_text(f"comment #{ids[QUOTED]} is now accepted").wait_for()

        desk.locator(f'.wb-triage-button[title="#{ids[PRIVATE]}"]').click()
        desk.locator(".wb-status button", has_text="declined").click()
        desk.locator(".wb-triage-save").click()
        desk.locator(".wb-triage-form .wb-error").get_by_text("needs a reason").wait_for()
        desk.locator(".wb-reason textarea").fill("Covered by action 1.2.4")
        desk.locator(".wb-triage-save").click()
        desk.get_by_text(f"comment #{ids[PRIVATE]} is now declined").wait_for()

        desk.locator(".wb-report-button").click()
        report = desk.locator(".wb-report")
        report.get_by_text("Tumeongeza mafunzo kwa lugha nyingi").wait_for()
        text = report.inner_text()
        assert "1 live session, 1 participant" in text
        assert QUOTED in text and "Siri yangu" not in text
        assert "1 comment is counted but not quoted" in text
        assert "2 comments: concern 1 · suggestion 1" in text
        assert "Covered by action 1.2.4" in text
        with Store.open(server.db) as store:
            pseudonym = store.db.execute("SELECT pseudonym FROM participants WHERE session_id = ?",
                                         [session["id"]]).fetchone()[0]
        assert pseudonym not in text
        assert desk.locator(".wb-report-html").get_attribute("download") == f"you-said-we-did-{ROUND}.html"
        assert dialogs == []
    finally:
        desk_context.close()
        phone_context.close()


def test_feedback_app_wrong_code_and_triage_without_key(server, phone):
    phone.goto(server.url("feedback", code="AAAAAA", lang="en"))
    phone.get_by_text("No session has this code").wait_for()
    phone.goto(server.url("triage"))
    phone.get_by_text("This page is for facilitators").wait_for()
    assert "Traceback" not in phone.content()
