"""Privacy in headless Chromium. Withdrawal: a participant joins the visioning app on a phone,
writes a contribution, opens "My data", withdraws; the facilitator's numbers drop without a
reload and the words are gone from the database. Consent uses: none is chosen for her, and she
cannot agree to take part before answering each."""
from __future__ import annotations

import json
import time

import pytest

from workbench.store import Store
from workbench.visioning.store.sessions import add_visioning_session, update_phase

from tests.browser.conftest import join, new_page

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
    context, facilitator = new_page(browser, "laptop")
    try:
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
        phone.locator(".wb-data", has_text=WORDS).wait_for()          # her page, readable
        mine = phone.locator(".wb-my-record").inner_text()
        assert "What is stored about you" in mine and "Your contributions" in mine and "participant_id" not in mine
        assert phone.locator(".wb-my-data-downloads a[download]").count() == 2   # saved as a page or as text
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= 360   # fits the phone
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


def test_no_consent_use_is_chosen_for_her_on_a_phone(server, phone):
    """Issue 13, at 360×640: each use of her words starts with neither Yes nor No chosen, "I
    agree to take part" stays disabled (a note names what is not answered yet) until every use
    is answered; what she chose is what is stored, and what "My data" shows."""
    with Store.open(server.db) as store:
        session = add_visioning_session(store, {"en": "Consent workshop"}, [{"en": "In ten years …"}],
                                        {"en": "We collect what you write."})
        update_phase(store, session["id"], "gathering")
    phone.goto(server.url("visioning", code=session["code"], lang="en"))
    phone.get_by_text("Choose your language.").wait_for()
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_text("This is the name others will see.").wait_for()
    phone.get_by_role("button", name="Continue").click()
    agree = phone.get_by_role("button", name="I agree to take part")
    agree.wait_for()
    uses = phone.locator(".wb-consent-use")
    assert uses.count() == 3
    assert phone.locator(".wb-consent-use button").count() == 6
    assert phone.locator(".wb-consent-use .mod-active").count() == 0          # nothing chosen for her
    phone.wait_for_function("""() => document.querySelectorAll(
        '.wb-consent-use button[aria-pressed="false"]').length === 6""")     # and a screen reader says so
    assert agree.is_disabled()
    note = phone.locator(".wb-consent-missing")
    for words in ("quoting your words", "translating what you write", "counting you in shared numbers"):
        assert words in note.inner_text()
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 360   # fits the phone

    for n, (use, choice) in enumerate((("quoting your words", "Yes"),
                                       ("translating what you write", "No"),
                                       ("counting you in shared numbers", "Yes"))):
        assert agree.is_disabled()
        uses.nth(n).get_by_role("button", name=choice, exact=True).click()
        phone.wait_for_function(f"""() => !document.querySelector('.wb-consent-missing')
                                       || !document.querySelector('.wb-consent-missing').innerText.includes({use!r})""")
    phone.get_by_role("button", name="I agree to take part", disabled=False).wait_for()
    assert not note.count() and phone.locator(".wb-consent-use .mod-active").count() == 3
    pressed = [uses.nth(n).get_by_role("button", pressed=True) for n in range(3)]
    assert [button.inner_text().strip() for button in pressed] == ["Yes", "No", "Yes"]   # aria-pressed
    agree.click()
    phone.get_by_role("button", name="Skip these questions").click()
    phone.locator(".wb-return-code").wait_for()
    with Store.open(server.db) as store:
        stored = store.db.execute(
            "SELECT c.answers FROM consent_records c JOIN participants p ON p.id = c.participant_id "
            "WHERE p.session_id = ?", [session["id"]]).fetchall()
    assert [json.loads(answers) for (answers,) in stored] == [
        {"take_part": True, "quote": True, "translate": False, "share_numbers": True}]

    phone.get_by_role("button", name="My data").click()                  # shown as stored, changeable
    mine = phone.locator(".wb-my-consent .wb-consent-use")
    mine.first.wait_for()
    assert [mine.nth(n).locator(".mod-active").inner_text().strip() for n in range(3)] == ["Yes", "No", "Yes"]


def test_return_code_on_top_and_remember_me_only_when_she_chooses(server, phone):
    """After joining, her return code is at the top of the screen (copy button, what it is for);
    a reload without "remember me" asks again (phones are shared); with it ticked, a reload brings
    her straight back."""
    with Store.open(server.db) as store:
        session = add_visioning_session(store, {"en": "Return workshop"}, [{"en": "In ten years …"}],
                                        {"en": "We collect what you write."})
        update_phase(store, session["id"], "gathering")
    link = server.url("visioning", code=session["code"], lang="sw")
    join(phone, link, ".wb-contribution-input textarea", language="sw")
    card = phone.locator(".wb-return-card")
    box = card.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 640, box          # above the fold at 360×640
    text = card.inner_text()
    assert "Msimbo wako wa kurudi ni" in text and "Nakili" in text
    assert not phone.locator(".wb-remember input").is_checked()
    assert "wb_" not in phone.evaluate("document.cookie")

    phone.reload()                                                            # not remembered: asked again
    phone.get_by_text("Chagua lugha yako.").wait_for()

    join(phone, link, ".wb-contribution-input textarea", language="sw", remember=True)
    phone.reload()                                                            # remembered: back in
    phone.locator(".wb-contribution-input textarea").wait_for()
    assert phone.locator(".wb-return-card").count() == 0 and phone.get_by_text("Chagua lugha yako.").count() == 0


def test_offline_says_so_and_what_waits_is_sent_when_back(server, phone):
    """The phone goes offline: the page says so in her language; an idea added meanwhile is said
    to be waiting; back online, the page says it was sent, and it is stored."""
    from workbench.core.i18n import translator
    from workbench.serve.messages import page_messages
    sw, said = translator("sw"), page_messages("sw")
    with Store.open(server.db) as store:
        session = add_visioning_session(store, {"en": "Offline workshop"}, [{"en": "In ten years …"}],
                                        {"en": "We collect what you write."})
        update_phase(store, session["id"], "gathering")
    join(phone, server.url("visioning", code=session["code"], lang="sw"), ".wb-contribution-input textarea",
         language="sw")
    phone.context.set_offline(True)
    phone.locator("#wb-status", has_text=said["offline"]).wait_for()
    phone.locator(".wb-contribution-input textarea").fill("offline-test: written on the bus")
    phone.get_by_role("button", name=sw("Add"), exact=True).click()
    phone.locator("#wb-status", has_text=said["waiting"]).wait_for()
    phone.context.set_offline(False)
    phone.locator("#wb-status", has_text=said["delivered"]).wait_for(timeout=90_000)
    phone.get_by_text(sw("Saved. You may add another.")).wait_for(timeout=90_000)
    with Store.open(server.db) as store:
        assert store.db.execute("SELECT count(*) FROM contributions WHERE text = ?",
                                ["offline-test: written on the bus"]).fetchone()[0] == 1
