"""The meeting's home page, as a participant on a phone finds it: her language from the browser,
no kernel, a join code that leads to the right app in that language, and no facilitator app."""
from __future__ import annotations

import pytest

from tests.browser.conftest import new_page
from workbench.store import Store
from workbench.visioning.store.sessions import add_visioning_session, update_phase

pytestmark = pytest.mark.browser


def test_home_speaks_the_browsers_language_and_a_code_leads_to_its_app(server, browser):
    with Store.open(server.db) as store:
        session = add_visioning_session(store, {"en": "Home workshop", "sw": "Warsha ya nyumbani"},
                                        [{"en": "In ten years …"}], {"en": "We collect what you write."})
        update_phase(store, session["id"], "gathering")
    context, page = new_page(browser, extra_http_headers={"Accept-Language": "sw-TZ,sw;q=0.9,en;q=0.5"})
    try:
        documents = []
        page.on("requestfinished", lambda r: documents.append(r.sizes()["responseBodySize"])
                if r.resource_type == "document" else None)
        page.goto(f"{server.base}/?token={server.token}")
        assert page.locator("html").get_attribute("lang") == "sw"
        body = page.inner_text("body")
        assert "Kupanga pamoja" in body and "Soma mpango" in body
        assert "facilitator" not in page.content() and ".ipynb" not in body
        assert documents and documents[0] < 10_000, documents       # one small page, no kernel
        assert page.evaluate("document.scripts.length") == 0

        page.fill("#code", "zzzz")                                  # a typo: said in her language
        page.click("button[type=submit]")
        assert "Msimbo wa kujiunga una herufi na tarakimu 6" in page.inner_text("#problem")

        page.fill("#code", session["code"].lower())
        page.click("button[type=submit]")
        page.wait_for_url("**/voila/render/visioning.ipynb?code=*&lang=sw")
        page.get_by_text("Chagua lugha yako.").wait_for()
        assert "Warsha ya nyumbani" in page.inner_text("body")

        page.goto(f"{server.base}/?lang=en")                        # a choice of the five
        assert page.locator("nav a").count() == 5 and "Planning together" in page.inner_text("h1")
        page.get_by_role("link", name="Read the plan").click()
        page.wait_for_url("**/voila/render/plan.ipynb?lang=en")
    finally:
        context.close()
