"""Withdrawal in headless Chromium: a participant joins the visioning app on a phone, writes a
contribution, opens "My data", withdraws; the facilitator's numbers drop without a reload and
the words are gone from the database."""
from __future__ import annotations

import time

import pytest

from workbench.store import Store
from workbench.visioning.store.sessions import add_visioning_session, update_phase

from tests.browser.conftest import join

pytestmark = pytest.mark.browser

WORDS = "privacy-browser-test: safe houses run by survivors"


def wait_number(page, row: int, value) -> None:
    page.wait_for_function(
        f"""() => {{ const cell = document.querySelector('.wb-numbers td[data-number="{row}"]');
                    return cell && cell.innerText.trim() === '{value}'; }}""")


def test_participant_sees_their_data_and_withdraws(server, browser, phone):
    with Store.open(server.db) as store:
        session = add_visioning_session(store, {"en": "Privacy workshop"}, [{"en": "In ten years …"}],
                                        {"en": "We collect what you write."})
        update_phase(store, session["id"], "gathering")
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        facilitator = context.new_page()
        facilitator.set_default_timeout(60_000)
        facilitator.goto(server.url("facilitator", key=server.key))
        facilitator.locator(".wb-session-filter select").select_option(label="Privacy workshop")
        wait_number(facilitator, 1, 0)

        phone.set_default_timeout(60_000)
        join(phone, server.url("visioning", code=session["code"], lang="en"), ".wb-return-code")
        assert "Your return code is" in phone.locator(".wb-return-code").inner_text()
        phone.locator(".wb-contribution-input textarea").fill(WORDS)
        phone.get_by_role("button", name="Add", exact=True).click()
        phone.get_by_text("Saved. You may add another.").wait_for()
        wait_number(facilitator, 1, 1)
        wait_number(facilitator, 2, 1)

        phone.get_by_role("button", name="My data").click()
        phone.locator(".wb-data", has_text=WORDS).wait_for()
        phone.get_by_role("button", name="Withdraw and erase").click()
        started = time.monotonic()
        phone.get_by_role("button", name="Yes, erase everything").click()
        phone.locator(".wb-erased").wait_for()
        print(f"erased and vacuumed, page told, in {time.monotonic() - started:.2f} s")
        wait_number(facilitator, 1, 0)   # the facilitator's numbers drop, no reload
        wait_number(facilitator, 2, 0)
        with Store.open(server.db) as store:
            assert not store.db.execute("SELECT count(*) FROM contributions WHERE text = ?", [WORDS]).fetchone()[0]
            assert not store.db.execute("SELECT count(*) FROM participants WHERE session_id = ?",
                                        [session["id"]]).fetchone()[0]
    finally:
        context.close()
