"""Access on a 360×640 phone: every participant app at each main step has no serious
or critical axe-core violation, no horizontal scrolling, touch targets of 44×44 CSS px and a
name for every control; joining works by keyboard alone; each participant app's first page
weighs at most 5.1 MB; facilitator apps refuse visitors without the key and participant apps
show only the join screen without a code."""
from __future__ import annotations

import pytest

from tests.browser.conftest import accessibility_problems, join, new_context
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import Demographics, JoinAnswers
from workbench.store import Store
from workbench.polls.store.ballots import cast_ballot
from workbench.feedback.store.comments import add_feedback_session, add_round, update_session_phase
from workbench.participation.store.participants import join_session
from workbench.plan.store.versions import add_version
from workbench.polls.store.polls import add_poll, resolve_source, update_phase as update_poll_phase
from workbench.visioning.store.sessions import add_visioning_session, update_phase

pytestmark = pytest.mark.browser

MAX_PAGE_BYTES = 5.1e6
#: Visible controls smaller than 44×44 CSS px (a checkbox counts with its label).
SMALL_TARGETS = """() => [...document.querySelectorAll('button, select, input, textarea')]
    .filter(e => e.offsetParent !== null)
    .map(e => [e.innerText || e.value || e.tagName,
               (e.type === 'checkbox' && e.closest('label') || e).getBoundingClientRect()])
    .filter(([_, r]) => r.height < 44 || r.width < 44)
    .map(([t, r]) => `${String(t).slice(0, 30)}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""
#: Visible buttons whose words do not fit (cut off: a long Swahili label on a 360 px screen).
CLIPPED = """() => [...document.querySelectorAll('.wb-app button')]
    .filter(e => e.offsetParent !== null && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1))
    .map(e => `${e.innerText.slice(0, 40)}: ${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}`)"""
#: Visible controls without an accessible name (axe checks most; this is the belt to its braces).
UNNAMED = """() => [...document.querySelectorAll('.wb-app button, .wb-app select, .wb-app input, .wb-app textarea')]
    .filter(e => e.offsetParent !== null)
    .filter(e => !((e.innerText || '').trim() || e.getAttribute('aria-label') || e.title
                   || e.placeholder || (e.labels && [...e.labels].some(l => l.innerText.trim()))
                   || (e.type === 'checkbox' && e.closest('label') && e.closest('label').innerText.trim())))
    .map(e => e.outerHTML.slice(0, 80))"""


def check(page, step: str) -> None:
    """Everything a participant page must be, at one step."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"{step}: page is {width}px wide on a 360px screen"
    assert accessibility_problems(page) == [], step
    assert page.evaluate(SMALL_TARGETS) == [], step
    assert page.evaluate(UNNAMED) == [], step
    assert page.evaluate(CLIPPED) == [], step


@pytest.fixture(scope="module")
def sessions(server):
    """An open visioning session, an open feedback session and open polls of each ballot kind."""
    with Store.open(server.db) as store:
        vision = add_visioning_session(store, {"en": "Access workshop"}, [{"en": "In ten years …"}],
                                       {"en": "We collect what you write."})
        update_phase(store, vision["id"], "gathering")
        reacting = add_visioning_session(store, {"en": "Access reacting"}, [{"en": "In ten years …"}],
                                         {"en": "We collect what you write."})
        update_phase(store, reacting["id"], "gathering")
        from workbench.visioning.store.contributions import add_contribution
        someone = join_session(store, reacting["id"], JoinAnswers("Seed Person", "en", 1, SYNTHETIC_CONSENT))
        add_contribution(store, someone["id"], "Survivors lead the training of police")
        update_phase(store, reacting["id"], "reacting")
        add_round(store, "access-round", title={"en": "Access review"})
        feedback = add_feedback_session(store, "access-round")
        update_session_phase(store, feedback["id"], "open")
        add_version(store, label="draft (access)")
        polls = {}
        for method, source, params in (("schulze", "goal:1.2", None),
                                       ("dots", "goal:1.4", {"budget": 3, "max_per_item": 2}),
                                       ("bradley-terry", "list:capacity-building", None),
                                       ("approval", "goal:1.3", None), ("score", "goal:1.5", None)):
            items, found = resolve_source(store, source)
            poll = add_poll(store, {"en": f"Access {method}"}, items, method, params, source=found)
            polls[method] = update_poll_phase(store, poll["id"], "open")
    return {"visioning": vision, "reacting": reacting, "feedback": feedback, "polls": polls}


@pytest.mark.parametrize("language", ["en", "sw"])
@pytest.mark.parametrize("app", ["plan", "visioning", "feedback", "vote"])
def test_first_page_without_a_code_is_the_join_screen_and_accessible(server, phone, app, language):
    phone.goto(server.url(app, lang=language))
    if app == "plan":
        phone.locator(".wb-level-1").first.wait_for()
    else:
        phone.locator(".wb-app input").first.wait_for()
        text = phone.locator(".wb-app").first.inner_text()
        assert "Browser" not in text and "Access" not in text and "Seed Person" not in text
    check(phone, f"{app}: first page")


def test_visioning_contributing_and_reacting(server, phone, sessions):
    join(phone, server.url("visioning", code=sessions["visioning"]["code"], lang="en"),
         ".wb-contribution-input textarea", check)
    check(phone, "visioning: contributing")
    phone.locator(".wb-contribution-input textarea").fill("Survivor-led shelters in every region")
    phone.get_by_role("button", name="Add", exact=True).click()
    phone.get_by_text("Saved. You may add another.").wait_for()
    check(phone, "visioning: after adding")
    join(phone, server.url("visioning", code=sessions["reacting"]["code"], lang="en"), ".wb-quote", check)
    phone.get_by_role("button", name="Agree", exact=True).wait_for()
    check(phone, "visioning: reacting")
    assert "Seed Person" not in phone.locator(".wb-app").first.inner_text()


def test_every_join_step_in_swahili_fits_the_phone(server, phone, sessions):
    """Swahili labels are longer than English ones: none may be cut off at 360 px."""
    join(phone, server.url("visioning", code=sessions["visioning"]["code"], lang="sw"),
         ".wb-contribution-input textarea", check, language="sw")
    check(phone, "visioning in Swahili: contributing")


def test_feedback_walk_and_comment_form(server, phone, sessions):
    join(phone, server.url("feedback", code=sessions["feedback"]["code"], lang="en"), 'button[title="1"]', check)
    check(phone, "feedback: plan walk")
    phone.locator('button[title="1"]').click()
    phone.locator('button[title="1.2"]').click()
    phone.locator('button[title="1.2.5"]').click()
    phone.locator(".wb-comment-button").click()
    phone.locator(".wb-comment-text textarea").wait_for()
    check(phone, "feedback: comment form")


@pytest.mark.parametrize("method", ["schulze", "dots", "bradley-terry", "approval", "score"])
def test_each_ballot_kind(server, phone, sessions, method):
    join(phone, server.url("vote", code=sessions["polls"][method]["code"], lang="en"), ".wb-ballot", check)
    check(phone, f"vote: {method} ballot")


def tab_until(page, test: str, limit: int = 60) -> None:
    """Press Tab until ``test`` (a JS expression over ``document.activeElement``) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!({test}); }}"):
            return
    raise AssertionError(f"Tab never reached {test}")


def button_named(words: str) -> str:
    return f"e && e.tagName === 'BUTTON' && e.innerText.trim() === {words!r}"


def test_joining_by_keyboard_alone(server, phone, sessions):
    phone.goto(server.url("visioning", lang="en"))
    phone.locator(".wb-app input").first.wait_for()
    tab_until(phone, "e && e.tagName === 'INPUT' && e.type === 'text'")
    phone.keyboard.type(sessions["visioning"]["code"])
    phone.wait_for_timeout(500)   # as a person pauses: the typed value reaches the kernel first
    tab_until(phone, "e && e.tagName === 'BUTTON' && e.offsetParent !== null")
    phone.keyboard.press("Enter")
    phone.get_by_text("Choose your language.").wait_for()
    tab_until(phone, button_named("Continue"))
    phone.keyboard.press("Enter")
    phone.get_by_text("This is the name others will see.").wait_for()
    tab_until(phone, button_named("Continue"))
    phone.keyboard.press("Enter")
    phone.get_by_role("button", name="I agree to take part").wait_for()
    for _use in range(3):                    # each use of her words: nothing is answered for her
        tab_until(phone, button_named("Yes") + " && !e.classList.contains('mod-active')")
        phone.keyboard.press("Enter")
    phone.get_by_role("button", name="I agree to take part", disabled=False).wait_for()
    tab_until(phone, button_named("I agree to take part"))
    phone.keyboard.press("Enter")
    phone.get_by_text("These questions are optional.").wait_for()
    tab_until(phone, button_named("Skip these questions"))
    phone.keyboard.press("Enter")
    phone.locator(".wb-contribution-input textarea").wait_for()
    tab_until(phone, "e && e.tagName === 'TEXTAREA'")
    phone.keyboard.type("Typed without a mouse")
    phone.wait_for_timeout(500)
    tab_until(phone, button_named("Add"))
    phone.keyboard.press("Enter")
    phone.get_by_text("Saved. You may add another.").wait_for()


@pytest.mark.parametrize("app", ["plan", "visioning", "feedback", "vote"])
def test_participant_first_page_weighs_at_most_5_1_mb(server, browser, app):
    """Cold cache, uncompressed response bodies (a body whose size cannot be read fails the test:
    it is not 0 bytes); what travels compressed is checked in test_page_weight.py."""
    from bench.page_weight import BodySizes
    context = new_context(browser)
    sizes = BodySizes()
    try:
        page = context.new_page()
        page.on("response", sizes)
        page.goto(server.url(app), wait_until="networkidle", timeout=120_000)
        page.locator(".widget-box, .jp-OutputArea-output").first.wait_for(timeout=120_000)
        page.wait_for_load_state("networkidle")
        page.remove_listener("response", sizes)
    finally:
        context.close()
    weight, requests = sizes.total()
    print(f"{app}: {weight:,} bytes in {requests} requests")
    assert weight <= MAX_PAGE_BYTES, f"{app}: {weight:,} bytes"


@pytest.mark.parametrize("app", ["facilitator", "triage", "polls", "tracker_update"])
@pytest.mark.parametrize("key", [None, "wrong-key"])
def test_facilitator_apps_refuse_without_the_right_key(server, phone, sessions, app, key):
    phone.goto(server.url(app, **({"key": key} if key else {})))
    phone.locator(".wb-error").first.wait_for()
    assert "facilitator" in phone.locator(".wb-error").first.inner_text().lower()
    shown = phone.locator("body").inner_text()
    for secret in ("Access workshop", "Seed Person", "access-round", "Access schulze",
                   sessions["visioning"]["code"]):
        assert secret not in shown, f"{app} shows {secret!r} without the key"
    assert phone.locator(".wb-app button:visible, .widget-button:visible").count() == 0
