"""Polls in headless Chromium: three participants on 360×640 phones rank, dot-vote and compare
pairs (one of them reviews and changes their ballot); the facilitator follows the count, closes
the polls and sees the results and the breakdown by working group; a closed poll says so live."""
from __future__ import annotations

import time

import pytest

from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import Demographics, JoinAnswers
from workbench.store import Store
from workbench.polls.store.ballots import cast_ballot, get_ballot, set_group
from workbench.participation.store.participants import join_session
from workbench.polls.store.polls import add_poll, resolve_source, update_phase

from tests.browser.conftest import join, new_context, new_page

pytestmark = pytest.mark.browser


def open_poll(store, title, source, method, params=None):
    items, found = resolve_source(store, source)
    poll = add_poll(store, {"en": title}, items, method, params, source=found)
    return update_phase(store, poll["id"], "open")


@pytest.fixture(scope="module")
def polls(server):
    """A ranking, a dots and a pairs poll, open; the ranking poll already has ten ballots from
    two working groups (five each), so its breakdown has groups to show."""
    with Store.open(server.db) as store:
        ranking = open_poll(store, "Browser ranking", "goal:1.2", "schulze")
        dots = open_poll(store, "Browser dots", "goal:1.4", "dots", {"budget": 3, "max_per_item": 2})
        pairs = open_poll(store, "Browser pairs", "list:capacity-building", "bradley-terry")
        for n in range(10):
            pid = join_session(store, ranking["session_id"],
                               JoinAnswers(f"Seeded Voter {n:02d}", "en", 1, SYNTHETIC_CONSENT,
                                           Demographics("TZ")))["id"]
            set_group(store, pid, "wg1" if n < 5 else "wg2")
            cast_ballot(store, ranking["id"], pid, ["1.2.3", "1.2.1"] if n < 5 else ["1.2.5", "1.2.3"])
    return {"ranking": ranking, "dots": dots, "pairs": pairs}


def row(page, key: str):
    return page.locator(".wb-row", has_text=key)


def choose(picker, title: str) -> None:
    """Pick the poll whose option names ``title`` in the facilitator's poll picker."""
    option = picker.locator("option", has_text=title)
    option.wait_for(state="attached")
    picker.select_option(value=option.get_attribute("value"))


def assert_fits(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide on a 360px screen"


def test_three_phones_vote_and_the_facilitator_sees_results_and_groups(server, browser, polls):
    contexts = [new_context(browser, "laptop")] + [new_context(browser) for _ in range(3)]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.set_default_timeout(60_000)
        facilitator, ranker, dotter, pairer = pages

        # 1. ranking, by tapping items into order and moving one up; then review and change
        join(ranker, server.url("vote", code=polls["ranking"]["code"], group="wg1", lang="en"),
             ".wb-ballot")
        row(ranker, "1.2.4").get_by_role("button", name="Add").click()
        row(ranker, "1.2.2").get_by_role("button", name="Add").click()
        ranker.locator(".wb-order .wb-row", has_text="1.2.2").get_by_role("button", name="▲").click()
        ranker.wait_for_function("() => document.querySelector('.wb-order').innerText.indexOf('1.2.2') "
                                 "< document.querySelector('.wb-order').innerText.indexOf('1.2.4')")
        assert_fits(ranker)
        ranker.locator(".wb-submit").click()
        ranker.get_by_text("Your ballot is saved").wait_for()
        ranker.get_by_role("button", name="Review or change my ballot").click()
        row(ranker, "1.2.7").get_by_role("button", name="Add").click()
        ranker.locator(".wb-submit").click()
        ranker.get_by_text("Your ballot is saved").wait_for()

        # 2. dots: + and −, the dots left shown, the per-item cap held by the buttons
        join(dotter, server.url("vote", code=polls["dots"]["code"], group="wg2", lang="en"), ".wb-ballot")
        plus = row(dotter, "1.4.1").get_by_role("button", name="+", exact=True)
        plus.click()
        dotter.get_by_text("2 dots left of 3").wait_for()
        plus.click()
        dotter.get_by_text("1 dot left of 3").wait_for()
        assert plus.is_disabled()                                    # at most 2 on one item
        row(dotter, "1.4.3").get_by_role("button", name="+", exact=True).click()
        dotter.get_by_text("0 dots left of 3").wait_for()
        assert_fits(dotter)
        dotter.locator(".wb-submit").click()
        dotter.get_by_text("Your ballot is saved").wait_for()

        # 3. pairs: two large buttons, can't decide with a reason, a progress line
        join(pairer, server.url("vote", code=polls["pairs"]["code"], lang="en"), ".wb-ballot")
        pairer.locator(".wb-choice").first.click()
        pairer.get_by_text("Pairs answered: 1").wait_for()
        pairer.get_by_role("button", name="I can't decide").click()
        pairer.get_by_role("button", name="Both are good").click()
        pairer.get_by_text("Pairs answered: 2").wait_for()
        pairer.locator(".wb-choice").last.click()
        pairer.get_by_text("Pairs answered: 3").wait_for()
        assert_fits(pairer)

        # the facilitator: live count, results hidden until close, then results and groups
        facilitator.goto(server.url("polls", key=server.key, lang="en"))
        picker = facilitator.locator(".wb-poll-picker select")
        picker.wait_for()
        choose(picker, "Browser ranking")
        facilitator.get_by_text("People who voted: 11").wait_for()
        facilitator.get_by_text("hidden until it closes").first.wait_for()
        facilitator.get_by_role("button", name="Close the poll").click()
        table = facilitator.locator(".wb-ranking")
        table.wait_for()
        assert "1.2.3" in table.inner_text()
        breakdown = facilitator.locator(".wb-breakdown")
        assert "wg1" in breakdown.inner_text() and "wg2" in breakdown.inner_text()
        assert "Consensus across groups" in facilitator.locator(".wb-consensus").inner_text()
        facilitator.get_by_role("button", name="Show charts").click()
        facilitator.locator(".wb-chart-heatmap img").wait_for()

        # a closed poll says so on the phone at once, and refuses ballots in the core
        choose(picker, "Browser dots")
        facilitator.get_by_text("People who voted: 1").wait_for()
        facilitator.get_by_role("button", name="Close the poll").click()
        facilitator.locator(".wb-ranking").wait_for()
        dotter.get_by_text("This poll is closed").wait_for()
    finally:
        for context in contexts:
            context.close()
    with Store.open(server.db) as store:
        people = {r["pseudonym"]: r["id"] for r in store.db.query(
            "SELECT id, pseudonym FROM participants WHERE session_id = ?", [polls["ranking"]["session_id"]])}
        mine = [pid for name, pid in people.items() if not name.startswith("Seeded")]
        assert [get_ballot(store, polls["ranking"]["id"], pid) for pid in mine] == [["1.2.2", "1.2.4", "1.2.7"]]
        dots_voter = store.db.execute("SELECT ballot FROM ballots WHERE poll_id = ?", [polls["dots"]["id"]]).fetchall()
        assert [row[0] for row in dots_voter] == ['{"1.4.1": 2, "1.4.3": 1}']
        assert store.db.execute("SELECT count(*) FROM comparisons WHERE poll_id = ?",
                                [polls["pairs"]["id"]]).fetchone()[0] == 3


def test_the_score_ballot_shows_the_items_being_scored(server, browser):
    with Store.open(server.db) as store:
        poll = open_poll(store, "Browser scores", "goal:1.5", "score", {"max_score": 5})
    context, page = new_page(browser)
    try:
        join(page, server.url("vote", code=poll["code"], lang="en"), ".wb-ballot")
        labels = page.locator(".wb-ballot .wb-item-label")
        assert labels.count() == 7
        for n in range(labels.count()):
            box, deadline = None, time.monotonic() + 30
            while box is None and time.monotonic() < deadline:   # a busy machine draws (and redraws)
                labels.nth(n).wait_for()                          # the rows one by one
                box = labels.nth(n).bounding_box()
            assert box and box["height"] >= 16 and box["width"] >= 200, (n, box)
            assert labels.nth(n).inner_text().strip().startswith("1.5.")
    finally:
        context.close()
