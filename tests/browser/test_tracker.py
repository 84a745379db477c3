"""The decade tracker served by Voila, on a phone-sized screen in headless Chromium: an owner
records an update, the dashboard and the annual review show it, a bad update is refused."""
from __future__ import annotations

import base64
import datetime as dt

import pytest

from workbench.store import Store
from workbench.tracker.store.milestones import add_milestone, add_update, list_updates
from workbench.tracker.rules import Indicator, Milestone, Target, Update

pytestmark = pytest.mark.browser

OWNER = "Working group 1 (browser test)"
NOTE = "Second meeting held in Nairobi <b>not bold</b>"


@pytest.fixture(scope="module")
def milestone(server):
    """A milestone with an indicator owned by OWNER, with one earlier report."""
    with Store.open(server.db) as store:
        found = add_milestone(store, Milestone(
            "BT-1", "1.1.14", {"en": "International meetings of survivor leaders", "sw": "Mikutano ya kimataifa"},
            Target(2025, 4), OWNER, Indicator("meetings held", 0, 4)))
        add_update(store, Update(found.id, dt.date(2025, 3, 31), "on track", 1, "first meeting", OWNER))
    return found


def updates_of(server, milestone) -> list[Update]:
    with Store.open(server.db) as store:
        return list_updates(store, milestone=milestone.id)


def submit(page, **entries):
    for name, value in entries.items():
        field = page.locator(f".wb-{name} input, .wb-{name} textarea").first
        field.fill(value)
    page.locator(".wb-submit").click()


def test_owner_update_reaches_dashboard_and_review_and_bad_updates_change_nothing(server, phone, milestone):
    phone.goto(server.url("tracker_update", key=server.key, lang="en"))
    phone.locator(".wb-owner select").wait_for()
    phone.locator(".wb-owner select").select_option(label=OWNER)
    phone.locator(".wb-milestone select").select_option(value=phone.locator(
        ".wb-milestone option", has_text="BT-1").get_attribute("value"))
    phone.locator(".wb-value input").wait_for(state="visible")
    phone.locator(".wb-status select").select_option(label="at risk")

    # refused: a value of the wrong type, then a date outside the plan; nothing is written
    submit(phone, value="three", date="2025-06-30", **{"note-input": NOTE})
    message = phone.locator(".wb-message")
    phone.wait_for_function("() => document.querySelector('.wb-message').innerText.includes('Not saved')")
    assert "value" in message.inner_text() and "number" in message.inner_text()
    submit(phone, value="2", date="2034-01-01")
    phone.wait_for_function("() => document.querySelector('.wb-message').innerText.includes('outside')")
    assert len(updates_of(server, milestone)) == 1

    # accepted
    submit(phone, value="2", date="2025-06-30")
    phone.wait_for_function("() => document.querySelector('.wb-message').innerText.includes('Saved')")
    saved = updates_of(server, milestone)
    assert len(saved) == 2 and saved[-1].status == "at risk" and saved[-1].value == 2
    assert saved[-1].note == NOTE
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"the form is {width}px wide on a 360px screen"

    # the dashboard shows it, on a phone as lists
    phone.goto(server.url("tracker", as_of="2025-12-31", lang="en"))
    phone.locator(".wb-summary").wait_for()
    phone.wait_for_function("() => document.querySelector('.wb-summary').innerText.includes('milestones')")
    assert "at risk 1" in phone.locator(".wb-summary").inner_text()
    assert not phone.locator(".wb-timeline .wb-chart").is_visible()          # charts give way…
    assert "2025" in phone.locator(".wb-timeline .wb-narrow-only").inner_text()   # …to lists
    for name in ("Survivors leading the global", "We will build community", "1.1.14", "BT-1"):
        phone.locator(".wb-toggle", has_text=name).first.click()
    history = phone.locator(".wb-history").last
    history.wait_for()
    phone.wait_for_function("() => [...document.querySelectorAll('.wb-history')]"
                            ".some(e => e.innerText.includes('Nairobi'))")
    text = " ".join(phone.locator(".wb-history").all_inner_texts())
    assert NOTE in text                      # shown as typed: the tag is text, not markup
    assert phone.locator(".wb-history b", has_text="not bold").count() == 0
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"the dashboard is {width}px wide on a 360px screen"

    # the annual review includes it
    phone.locator(".wb-since input").fill("2024-12-31")
    phone.locator(".wb-review-button").click()
    link = phone.locator("a.wb-review-html")
    link.wait_for(timeout=90_000)
    report = base64.b64decode(link.get_attribute("href").split("base64,", 1)[1]).decode("utf-8")
    assert "Second meeting held in Nairobi &lt;b&gt;not bold&lt;/b&gt;" in report
    assert "BT-1" in report and 'src="data:image/png;base64,' in report


def test_dashboard_on_a_wide_screen_shows_the_charts(server, browser, milestone):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.set_default_timeout(60_000)
        page.goto(server.url("tracker", as_of="2025-12-31"))
        chart = page.locator(".wb-timeline .wb-chart img")
        chart.wait_for()
        assert chart.evaluate("img => img.naturalWidth") > 500
        assert page.locator(".wb-heatmap .wb-chart img").is_visible()
        assert not page.locator(".wb-timeline .wb-narrow-only").is_visible()
    finally:
        page.close()


def test_update_form_refuses_visitors_without_the_key(server, phone):
    phone.goto(server.url("tracker_update"))
    phone.locator(".wb-error").wait_for()
    assert "facilitator" in phone.locator(".wb-error").inner_text()
    assert phone.locator(".wb-submit").count() == 0


def test_tracker_pages_are_accessible_with_touch_targets_of_44px(server, phone, milestone):
    from tests.browser.conftest import accessibility_problems
    small_buttons = """() => [...document.querySelectorAll('button, select, input, textarea')]
        .filter(b => b.offsetParent !== null)
        .map(b => [b.innerText || b.value || b.tagName, b.getBoundingClientRect()])
        .filter(([_, r]) => r.height < 44 || r.width < 44)
        .map(([t, r]) => `${String(t).slice(0, 30)}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    phone.goto(server.url("tracker", as_of="2025-12-31", lang="sw"))
    phone.locator(".wb-summary").wait_for()
    phone.wait_for_function("() => document.querySelector('.wb-summary').innerText.length > 5")
    phone.locator(".wb-toggle").first.click()
    assert accessibility_problems(phone) == []
    assert phone.evaluate(small_buttons) == []
    phone.goto(server.url("tracker_update", key=server.key))
    phone.locator(".wb-owner select").wait_for()
    assert accessibility_problems(phone) == []
    assert phone.evaluate(small_buttons) == []
