"""The source document's whole process, from an empty database, through the served pages only.

A facilitator on a laptop opens the console link ``workbench serve`` printed and does everything
from there, by clicks and typing: a visioning session that three participants join in Swahili on
360×640 phones (from the home page, by its join code), contribute to and react in; the vision
draft; a poll for two working groups whose members vote through their groups' links, with the
results published and seen on a phone; a feedback round on a frozen plan version with live
comments and an uploaded written file; triage ("accepted" into a new plan version, "declined"
with a reason) and the "you said, we did" report; milestones uploaded and the tracker shown.
No fixture writes to the store: the only database the test reads is for its final check.

Each stage is a function over the pages, so the stages read in the order of the process.
"""
from __future__ import annotations

import re

import pytest

from workbench.core.i18n import translator

from tests.browser.conftest import join, start_server, stop_server

pytestmark = pytest.mark.browser

sw = translator("sw")
IDEAS = ["Viongozi wanaofundisha wengine", "Sheria zinazotulinda <b>sote</b>", "Kazi zenye heshima"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A server on a new, empty database (``serve`` creates it with the plan, as the README's
    first command does)."""
    server = start_server(tmp_path_factory.mktemp("workshop"), expect=3)
    yield server
    stop_server(server)


def laptop(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def phone(browser, language: str = "sw"):
    context = browser.new_context(viewport={"width": 360, "height": 640}, has_touch=True, is_mobile=True,
                                  locale=language, extra_http_headers={"Accept-Language": f"{language},en;q=0.5"})
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def open_link(console, name) -> object:
    """Click the console's link ``name`` (a new tab); return the new page."""
    with console.context.expect_page() as opened:
        console.get_by_role("link", name=name).first.click()
    page = opened.value
    page.set_default_timeout(60_000)
    return page


def stage(console, name: str) -> None:
    console.get_by_role("button", name=name).click()


def join_by_code(page, base: str, token: str, code: str, done: str) -> None:
    """From the home page in Swahili: type the join code, then join (Swahili all the way)."""
    page.goto(f"{base}/?token={token}")
    assert page.locator("html").get_attribute("lang") == "sw"
    page.fill("#code", code.lower())
    page.click("button[type=submit]")
    join(page, None, done, language="sw")


# -- 1. visioning -------------------------------------------------------------------------------
def visioning(console, phones, base: str, token: str) -> str:
    stage(console, "1 · Visioning")
    facilitator = open_link(console, re.compile("Create and run visioning sessions"))
    facilitator.get_by_text("New session").click()
    facilitator.locator(".wb-session-title-en input").fill("Visioning workshop 1")
    facilitator.locator(".wb-session-create").click()
    facilitator.get_by_text("Session created.").wait_for()
    code = facilitator.locator(".wb-code").first.inner_text().replace(" ", "")
    facilitator.get_by_role("button", name="Gathering").click()
    console.locator(".wb-console-live", has_text=code).wait_for()          # live now, with its code

    for page, idea in zip(phones, IDEAS):
        join_by_code(page, base, token, code, ".wb-contribution-input textarea")
        page.locator(".wb-contribution-input textarea").fill(idea)
        page.get_by_role("button", name=sw("Add"), exact=True).click()
        page.get_by_text(sw("Saved. You may add another.")).wait_for()
    facilitator.locator('.wb-numbers td[data-number="2"]', has_text="3").wait_for()

    facilitator.get_by_role("button", name="Reacting").click()
    answers = [sw("Agree"), sw("Disagree"), sw("Pass")]
    for n, page in enumerate(phones):
        for _ in range(2):                                                  # the two other people's ideas
            quote = page.locator(".wb-quote")
            quote.wait_for()
            shown = quote.inner_text()
            assert shown in IDEAS and page.locator(".wb-card b").count() == 0  # typed HTML shown as text
            page.get_by_role("button", name=answers[n], exact=True).click()
            page.wait_for_function("(before) => !document.querySelector('.wb-quote') || "
                                   "document.querySelector('.wb-quote').innerText !== before", arg=shown)
    facilitator.locator('.wb-numbers td[data-number="3"]', has_text="6").wait_for()

    facilitator.get_by_role("tab", name="Vision draft").click()
    picks = facilitator.locator(".wb-vision-picks select")
    picks.wait_for()
    picks.select_option(value=picks.locator("option", has_text="Viongozi").get_attribute("value"))
    facilitator.get_by_role("button", name="Compose from the picks").click()
    facilitator.locator(".wb-vision-name input").fill("Shared vision")
    facilitator.get_by_role("button", name="Save as a new version").click()
    facilitator.get_by_text("Export version 1:").wait_for()
    facilitator.close()

    stage(console, "2 · Working groups")                                    # the stage follows the database
    stage(console, "1 · Visioning")
    sessions = console.locator(".wb-visioning-sessions")
    sessions.get_by_text("Reacting").wait_for()
    assert code in sessions.inner_text() and re.search(r"\b3\b", sessions.inner_text())
    with console.expect_download() as download:
        console.locator(".wb-vision-html").click()
    page = open(download.value.path(), encoding="utf-8").read()
    assert "Viongozi wanaofundisha wengine" in page and download.value.suggested_filename.endswith(".html")
    return code


def test_a_whole_workshop_from_the_browser(served, browser):
    contexts = []
    try:
        context, console = laptop(browser)
        contexts.append(context)
        phones = []
        for _ in range(3):
            context, page = phone(browser)
            contexts.append(context)
            phones.append(page)
        console.goto(served.url("console", key=served.key))
        console.locator(".wb-console-live").get_by_text("Nothing is open to participants right now.").wait_for()

        visioning(console, phones, served.base, served.token)
    finally:
        for context in contexts:
            context.close()
