"""A visioning session in headless Chromium: a facilitator and three participants, each in their
own browser context; they join, contribute and react, the facilitator's numbers follow without a
reload, and a contribution carrying HTML is shown as text with no script run."""
from __future__ import annotations

import time

import pytest

from workbench.store import Store
from workbench.visioning.store.sessions import add_visioning_session

from tests.browser.conftest import join, new_context, new_page

pytestmark = pytest.mark.browser

PAYLOAD = "<img src=x onerror=alert(1)>"
TEXTS = [PAYLOAD, "healers in our communities", "legislators who write the laws"]


def number(page, row: int) -> str:
    return page.locator(f'.wb-numbers td[data-number="{row}"]').inner_text()


def wait_number(page, row: int, value: int) -> None:
    page.wait_for_function(
        f"""() => {{ const cell = document.querySelector('.wb-numbers td[data-number="{row}"]');
                    return cell && cell.innerText.trim() === '{value}'; }}""")


def join_and_write(page, url: str, contribution: str) -> None:
    """Join with the code in the link, then write ``contribution``."""
    join(page, url, ".wb-contribution-input textarea")
    page.locator(".wb-contribution-input textarea").fill(contribution)
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_text("Saved. You may add another.").wait_for()


def test_facilitator_and_three_participants(server, browser):
    with Store.open(server.db) as store:
        session = add_visioning_session(store, {"en": "Browser workshop"},
                                        [{"en": "In ten years, survivors will be …"}],
                                        {"en": "We collect what you write. Nobody sees your name."})
    dialogs = []
    contexts = [new_context(browser, "laptop")] + [new_context(browser) for _ in range(3)]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.set_default_timeout(60_000)
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        facilitator, people = pages[0], pages[1:]

        facilitator.goto(server.url("facilitator", key=server.key))
        facilitator.locator(".wb-session-filter select").select_option(label="Browser workshop")
        facilitator.locator(".wb-code").wait_for()
        assert facilitator.locator(".wb-code").inner_text().replace(" ", "") == session["code"]
        facilitator.get_by_role("button", name="Gathering").click()
        wait_number(facilitator, 0, "Gathering")

        for page, text in zip(people, TEXTS):
            join_and_write(page, server.url("visioning", code=session["code"].lower(), lang="en"), text)
        wait_number(facilitator, 1, 3)   # participants joined: no reload
        wait_number(facilitator, 2, 3)   # contributions

        facilitator.get_by_role("button", name="Reacting").click()
        started = time.monotonic()
        for page in people:              # each participant's app follows the phase by itself
            page.get_by_role("button", name="Agree", exact=True).wait_for()
        followed = time.monotonic() - started
        print(f"participants' apps followed the phase change in {followed:.2f} s")
        assert followed < 5   # the issue asks for 1 s; measured 0.18 s; generous for busy CI machines
        for n, page in enumerate(people):
            for _ in range(2):           # everyone else's contribution, one at a time
                quote = page.locator(".wb-quote")
                shown = quote.inner_text()
                assert shown in TEXTS
                if shown == PAYLOAD:     # shown as text: no image element was made from it
                    assert page.locator(".wb-card img").count() == 0
                page.get_by_role("button", name=("Agree", "Disagree", "Pass")[n], exact=True).click()
                page.wait_for_function("(before) => !document.querySelector('.wb-quote') || "
                                       "document.querySelector('.wb-quote').innerText !== before", arg=shown)
            page.get_by_text("You have seen every contribution for now").wait_for()
        wait_number(facilitator, 3, 6)   # reactions

        people[1].get_by_role("button", name="Take a break").click()
        wait_number(facilitator, 4, "1 (1 in the last 10 minutes)")
        facilitator.get_by_role("tab", name="Contributions").click()
        facilitator.locator(".wb-table").wait_for()
        assert PAYLOAD in facilitator.locator(".wb-table").inner_text()
        assert facilitator.locator(".wb-table img").count() == 0
        assert dialogs == []
    finally:
        for context in contexts:
            context.close()


def test_wrong_code_and_missing_key_get_messages_not_tracebacks(server, phone):
    phone.goto(server.url("visioning", code="AAAAAA"))
    phone.get_by_text("No session has this code").wait_for()
    phone.goto(server.url("facilitator"))
    phone.get_by_text("This page is for facilitators").wait_for()
    assert "Traceback" not in phone.content()


def test_swahili_reader_of_a_spanish_contribution_sees_the_request_and_the_interpreters_list(
        server, browser, phone):
    """Issue 13, mixed-language sessions: a Spanish contribution read on a 360×640 phone in
    Swahili shows the original (marked as Spanish) and a note in Swahili that a translation was
    requested; the facilitator's interpret list shows it waiting for Kiswahili."""
    from workbench.core.i18n import translator
    from workbench.participation.privacy import SYNTHETIC_CONSENT
    from workbench.participation.rules import JoinAnswers
    from workbench.participation.store.participants import join_session
    from workbench.visioning.store.contributions import add_contribution
    from workbench.visioning.store.sessions import update_phase
    spanish = "curanderas en nuestras comunidades"
    with Store.open(server.db) as store:
        session = add_visioning_session(store, {"en": "Mixed languages", "sw": "Lugha mchanganyiko"},
                                        [{"en": "In ten years, survivors will be …"}],
                                        {"en": "We collect what you write.", "sw": "Tunakusanya unachoandika."})
        update_phase(store, session["id"], "gathering")
        author = join_session(store, session["id"], JoinAnswers("Ana Lopez", "es", 1, SYNTHETIC_CONSENT))
        add_contribution(store, author["id"], spanish)
        update_phase(store, session["id"], "reacting")

    _ = translator("sw")
    join(phone, server.url("visioning", code=session["code"].lower(), lang="sw"), ".wb-quote", language="sw")
    note = _("A translation has been requested. This is the original, in %(language)s.") % {"language": "Español"}
    phone.locator(".wb-translation-note").wait_for()
    assert phone.locator(".wb-translation-note").inner_text().strip() == note
    assert phone.locator('.wb-quote[lang="es"]').inner_text().strip() == spanish
    assert phone.get_by_role("button", name=_("Agree"), exact=True).is_visible()
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scroll

    context, facilitator = new_page(browser, "laptop")
    try:
        facilitator.goto(server.url("facilitator", key=server.key))
        facilitator.locator(".wb-session-filter select").select_option(label="Mixed languages")
        facilitator.locator(".wb-code").wait_for()
        facilitator.get_by_role("tab", name="Contributions").click()
        waiting = facilitator.locator(".wb-waiting li").first
        waiting.wait_for()
        text = waiting.inner_text()
        assert "1 request" in text and "Kiswahili (1)" in text and spanish in text
    finally:
        context.close()
