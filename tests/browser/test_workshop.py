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

from tests.browser.conftest import join, new_page, start_server, stop_server

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


# -- 2. working groups --------------------------------------------------------------------------
def working_groups(console, phones, more_phones) -> None:
    """A poll on goal 1.2's actions for two working groups; five people vote through their
    groups' links; closed, published, and seen on a phone in Swahili."""
    stage(console, "2 · Working groups")
    polls = open_link(console, re.compile("Create a poll"))
    polls.get_by_role("button", name="New poll").click()
    polls.locator(".wb-poll-form .widget-text input").first.fill("Which actions of goal 1.2 come first?")
    source = polls.locator(".wb-poll-form select").first
    source.select_option(value=source.locator("option", has_text="1.2 We will build").get_attribute("value"))
    method = polls.locator(".wb-poll-form select").nth(1)
    method.select_option(value=method.locator("option", has_text="Approval").get_attribute("value"))
    polls.locator(".wb-create").click()
    polls.locator(".wb-poll-info", has_text="Which actions of goal 1.2").wait_for()
    polls.locator(".wb-groups input").fill("Kikundi-A, Kikundi-B")
    polls.get_by_role("button", name="Make a link per group").click()
    links = polls.locator(".wb-group-list a")
    links.nth(1).wait_for()
    group_links = {polls.locator(".wb-group-list li").nth(n).locator("b").inner_text(): links.nth(n).get_attribute("href")
                   for n in range(2)}
    assert set(group_links) == {"Kikundi-A", "Kikundi-B"} and "lang=" not in "".join(group_links.values())
    polls.get_by_role("button", name="Open the poll").click()
    polls.get_by_role("button", name="Open the poll").wait_for(state="hidden")   # open: its button is gone
    base = polls.url.split("?")[0].rsplit("/", 1)[0] + "/"

    voters = [*phones, *more_phones]
    for n, page in enumerate(voters):                                       # 3 in group A, 2 in group B
        group = "Kikundi-A" if n in (0, 1, 3) else "Kikundi-B"
        join(page, base + group_links[group], ".wb-ballot", language="sw")
        supports = page.locator(".wb-row").get_by_role("button", name=sw("Support"))
        supports.nth(0).click()
        if n % 2:
            supports.nth(2).click()
        page.locator(".wb-submit").click()
        page.get_by_text(sw("Your ballot is saved. You can change it until the poll closes.")).wait_for()
    polls.get_by_text("People who voted: 5").wait_for()

    polls.get_by_role("button", name="Close the poll").click()
    polls.locator(".wb-ranking").wait_for()
    assert "Kikundi-A" in polls.locator(".wb-breakdown").inner_text() or \
        "too small" in polls.locator(".wb-breakdown").inner_text()
    phones[0].get_by_text(sw("The results will be shown here when the facilitator publishes them.")).wait_for()
    polls.get_by_role("button", name="Show the results to participants").click()
    polls.get_by_role("button", name="Stop showing the results to participants").wait_for()
    results = phones[0].locator(".wb-results")                              # live, no reload
    results.wait_for()
    assert sw("Results") in results.inner_text() and "1.2.1" in results.inner_text()
    polls.close()
    console.locator(".wb-groups-polls", has_text="shown to participants").wait_for()


# -- 3. feedback --------------------------------------------------------------------------------
QUOTED = "Tunahitaji mafunzo kwa lugha zetu wenyewe"
CONCERN = "Hatua hii haitaji vijana"
WRITTEN = ("ref,comment,type,language,country\n"
           "2.1.3,Tungependa mafunzo ya uongozi kila mwaka,suggestion,sw,KE\n").encode()


def upload(page, css: str, name: str, data: bytes) -> None:
    """Choose ``data`` as the file ``name`` in the upload button ``css`` (its file input is not
    in the page: the button opens the browser's file chooser)."""
    with page.expect_file_chooser() as chooser:
        page.locator(css).click()
    chooser.value.set_files(files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    page.locator(css, has_text="(1)").wait_for()


def comment(page, type_index: int, text: str) -> None:
    page.locator(".wb-comment-button").click()
    page.locator(".wb-comment-type button").nth(type_index).click()
    page.locator(".wb-comment-text textarea").fill(text)
    page.locator(".wb-comment-save").click()
    page.locator(".wb-saved .wb-ok").wait_for()


def feedback(console, phones, base: str, token: str):
    """A round on plan version 1 (frozen by it), opened from triage; two phones comment live,
    a written submission is uploaded; returns the triage page."""
    stage(console, "3 · Feedback")
    console.locator(".wb-feedback-round-name input").fill("rasimu-1")
    console.locator(".wb-feedback-create").click()
    created = console.locator(".wb-feedback-message .wb-ok")
    created.wait_for()
    code = re.search(r"\b([A-Z0-9]{6})\b", created.inner_text()).group(1)
    assert "version 1 is now frozen" in created.inner_text()

    triage = open_link(console, "Triage and report")
    triage.locator(".wb-live-counts").get_by_text("Round rasimu-1: 0 comments").wait_for()
    triage.get_by_role("button", name="Open", exact=True).click()
    console.locator(".wb-console-live", has_text=code).wait_for()

    for page, (type_index, text) in zip(phones[:2], [(2, QUOTED), (1, CONCERN)]):
        join_by_code(page, base, token, code, 'button[title="1"]')
        page.locator('button[title="1"]').click()
        page.locator('button[title="1.2"]').click()
        page.locator('button[title="1.2.5"]').click()
        comment(page, type_index, text)
    triage.locator(".wb-live-counts").get_by_text("Round rasimu-1: 2 comments").wait_for()   # live

    upload(console, ".wb-feedback-upload", "barua.csv", WRITTEN)
    console.locator(".wb-feedback-import").click()
    console.locator(".wb-feedback-import-message .wb-ok").get_by_text("imported into round rasimu-1").wait_for()
    triage.locator(".wb-live-counts").get_by_text("Round rasimu-1: 3 comments").wait_for()
    assert "3" in console.locator(".wb-feedback-rounds").inner_text()
    return triage


# -- triage and the report ----------------------------------------------------------------------
def decide(triage, text: str, status: str) -> None:
    """Open the triage form of the comment saying ``text``; choose ``status``."""
    number = triage.locator(".wb-triage-list p.wb-mine", has_text=text).get_attribute("data-comment")
    triage.locator(f'.wb-triage-button[title="#{number}"]').click()
    triage.locator(".wb-triage-form").get_by_text(text).first.wait_for()
    triage.locator(".wb-status button", has_text=status).first.click()


def triage_and_report(triage) -> None:
    decide(triage, QUOTED, "accepted")
    triage.locator(".wb-new-version").click()                               # version 2: a copy to edit
    triage.locator(".wb-triage-form select").last.locator("option", has_text="2").wait_for(state="attached")
    triage.locator(".wb-landed-ref input").fill("1.2.5")
    triage.locator(".wb-response textarea").fill("Tumeongeza mafunzo kwa lugha nyingi katika toleo la 2")
    triage.locator(".wb-triage-save").click()
    triage.get_by_text(re.compile(r"comment #\d+ is now accepted")).wait_for()

    decide(triage, CONCERN, "declined")
    triage.locator(".wb-reason textarea").fill("Vijana wamo katika kitendo 1.2.3")
    triage.locator(".wb-triage-save").click()
    triage.get_by_text(re.compile(r"comment #\d+ is now declined")).wait_for()

    triage.locator(".wb-report-button").click()
    triage.locator(".wb-report").get_by_text("Tumeongeza mafunzo kwa lugha nyingi").wait_for()
    with triage.expect_download() as download:
        triage.locator(".wb-report-html").click()
    report = open(download.value.path(), encoding="utf-8").read()
    assert download.value.suggested_filename == "you-said-we-did-rasimu-1.html"
    assert QUOTED in report and "Vijana wamo katika kitendo 1.2.3" in report
    assert "1 written submission from 1 country" in report                 # counted; quoted only if it says so
    triage.close()


# -- 4. plan versions ---------------------------------------------------------------------------
def plan_versions(console) -> None:
    """Version 1 frozen (reviewed by the round); version 2, started from triage, edited here."""
    stage(console, "4 · Plan versions")
    versions = console.locator(".wb-versions-list")
    versions.get_by_text("rasimu-1").wait_for()
    assert "frozen" in versions.inner_text().lower() and "draft" in versions.inner_text().lower()
    picker = console.locator(".wb-versions-version select")
    picker.select_option(value=picker.locator("option", has_text="draft 2").get_attribute("value"))
    items = console.locator(".wb-versions-item select")
    items.select_option(value=items.locator("option", has_text=re.compile(r"1\.2\.5\b")).first.get_attribute("value"))
    language = console.locator(".wb-versions-language select")
    language.select_option(label="English")
    console.locator(".wb-versions-title input").fill("Training in our own languages")
    console.locator(".wb-versions-save").click()
    console.locator(".wb-versions-message .wb-ok").wait_for()
    console.locator(".wb-versions-diff").get_by_text("Training in our own languages").first.wait_for()


# -- 5. tracker ---------------------------------------------------------------------------------
MILESTONES = ("id,action,title,target,owner,unit,baseline,target_value\n"
              "M1,1.2.5,Training in our own languages,2026,Working group 1,trainings held,0,4\n"
              "M2,2.3.1,Policy training curriculum,2027-Q3,Policy group,,,\n").encode()


def tracker(console) -> None:
    stage(console, "5 · Tracker")
    console.locator(".wb-tracker-status").get_by_text("0 milestones").wait_for()
    bad = MILESTONES.replace(b"1.2.5", b"9.9.9")                           # an action the plan has not
    upload(console, ".wb-tracker-milestones-upload", "milestones.csv", bad)
    console.locator(".wb-tracker-import").click()
    problem = console.locator(".wb-tracker-message .wb-error")
    problem.wait_for()
    assert "9.9.9" in problem.inner_text() and "0 milestones" in console.locator(".wb-tracker-status").inner_text()
    upload(console, ".wb-tracker-milestones-upload", "milestones.csv", MILESTONES)
    console.locator(".wb-tracker-import").click()
    console.locator(".wb-tracker-message .wb-ok").get_by_text("2 added").wait_for()
    console.locator(".wb-tracker-status").get_by_text("2 milestones").wait_for()
    dashboard = open_link(console, "Decade tracker")
    dashboard.locator(".wb-summary").wait_for()
    dashboard.get_by_text(re.compile("Training in our own languages|2 milestones")).first.wait_for()


def everything_is_stored(db) -> None:
    """What the clicks made, as the database holds it (read-only: the one look at the store)."""
    import sqlite3
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        one = lambda sql: conn.execute(sql).fetchone()[0]   # noqa: E731
        assert one("SELECT count(*) FROM sessions WHERE kind = 'visioning'") == 1
        assert one("SELECT count(*) FROM contributions") == 3
        assert one("SELECT count(*) FROM participants WHERE language = 'sw'") == 3 + 5 + 2
        assert one("SELECT count(DISTINCT participant_id) FROM ballots") == 5
        assert one("SELECT count(*) FROM feedback_comments") == 3
        assert one("SELECT count(*) FROM plan_versions") == 2
        assert one("SELECT count(*) FROM milestones") == 2


def screenshots(contexts, folder) -> None:
    """Every open page as a PNG in ``folder`` (kept when the test fails, to see what went wrong)."""
    for n, context in enumerate(contexts):
        for m, page in enumerate(context.pages):
            try:
                page.screenshot(path=str(folder / f"page-{n}-{m}.png"), full_page=True)
            except Exception:   # a page that is closing: the others still matter
                pass


def test_a_whole_workshop_from_the_browser(served, browser, tmp_path):
    contexts = []
    try:
        context, console = new_page(browser, "laptop", accept_downloads=True)
        contexts.append(context)
        phones = []
        for _ in range(3):
            context, page = new_page(browser, language="sw")
            contexts.append(context)
            phones.append(page)
        console.goto(served.url("console", key=served.key))
        console.locator(".wb-console-live").get_by_text("Nothing is open to participants right now.").wait_for()

        visioning(console, phones, served.base, served.token)
        more_phones = []
        for _ in range(2):
            context, page = new_page(browser, language="sw")
            contexts.append(context)
            more_phones.append(page)
        working_groups(console, phones, more_phones)
        triage = feedback(console, phones, served.base, served.token)
        triage_and_report(triage)
        plan_versions(console)
        tracker(console)
        everything_is_stored(served.db)
    except Exception:
        screenshots(contexts, tmp_path)
        print(f"screenshots of every page: {tmp_path}")
        raise
    finally:
        for context in contexts:
            context.close()
