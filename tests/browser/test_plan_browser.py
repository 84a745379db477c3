"""The plan browser, served by Voila and driven in headless Chromium on a phone-sized screen."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_plan_browser_themes_goals_actions_and_language(server, phone):
    phone.goto(server.url("plan", lang="en"))
    themes = phone.locator(".wb-level-1")
    themes.first.wait_for()
    assert themes.count() == 4
    assert "Survivors leading the global anti-trafficking movement" in themes.nth(0).inner_text()

    themes.nth(0).click()
    goals = phone.locator(".wb-level-2")
    goals.first.wait_for()
    assert goals.count() == 5
    goals.nth(0).click()
    actions = phone.locator(".wb-actions li")
    actions.first.wait_for()
    assert actions.count() == 14
    assert "1.1.3" in actions.nth(2).inner_text()

    phone.get_by_role("button", name="Kiswahili").click()
    phone.wait_for_function(
        "() => document.querySelector('.wb-level-1').innerText.includes('Walionusurika Wanaoongoza')")
    assert "hifadhidata ya kimataifa" in phone.locator(".wb-actions li").nth(2).inner_text()

    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide on a 360px screen"


def test_apps_refuse_visitors_without_the_token(server):
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(f"{server.base}/voila/render/plan.ipynb", timeout=10)
    assert refused.value.code in (302, 403)


def test_plan_browser_has_no_serious_accessibility_problems(server, phone):
    from tests.browser.conftest import accessibility_problems
    phone.goto(server.url("plan", lang="sw"))
    phone.locator(".wb-level-1").first.wait_for()
    phone.locator(".wb-level-1").first.click()
    phone.locator(".wb-level-2").first.click()
    phone.locator(".wb-actions li").first.wait_for()
    assert accessibility_problems(phone) == []


def test_plan_browser_touch_targets_are_at_least_44px(server, phone):
    phone.goto(server.url("plan"))
    phone.locator(".wb-level-1").first.wait_for()
    small = phone.evaluate("""() => [...document.querySelectorAll('button')]
        .filter(b => b.offsetParent !== null)
        .map(b => [b.innerText.slice(0, 30), b.getBoundingClientRect()])
        .filter(([_, r]) => r.height < 44 || r.width < 44)
        .map(([t, r]) => `${t}: ${Math.round(r.width)}x${Math.round(r.height)}`)""")
    assert small == []
