"""A participant's first load on a phone: compressed by the server itself, at most 2.0 MB on
the wire, the front end kept by the phone (a second load fetches only the page), and nothing
fetched from another host (the icons come from the server). ``bench/page_weight.py`` measures
the same with a throttled network, for every app, against a one-button baseline."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from bench.page_weight import TARGET_BYTES, USABLE, Wire
from tests.browser.conftest import new_context

pytestmark = pytest.mark.browser

IMMUTABLE = "public, max-age=31536000, immutable"


def open_app(context, url: str):
    """Open ``url`` in a new page of ``context`` until the app is usable and the network idle;
    return the page, what came over the network (:class:`Wire`) and every response."""
    page = context.new_page()
    page.set_default_timeout(60_000)
    cdp = context.new_cdp_session(page)
    wire = Wire()
    wire.listen(cdp)
    cdp.send("Network.enable")
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(url)
    page.wait_for_function(USABLE, arg=".wb-app", timeout=60_000)
    page.wait_for_load_state("networkidle")
    return page, wire, responses


def test_the_first_load_is_compressed_light_cached_and_from_the_server_only(server, browser):
    context = new_context(browser)
    try:
        page, wire, requests = open_app(context, server.url("vote"))
        host = urlsplit(server.base).netloc
        assert wire.hosts() == {host}, wire.hosts()     # no CDN, no third party
        linked = page.evaluate("[...document.querySelectorAll('link[href], script[src]')]"
                               ".map(e => e.href || e.src)")
        assert all(urlsplit(url).netloc == host for url in linked if not url.startswith("data:")), linked
        assert "cdnjs" not in page.content()             # nbconvert's Mermaid loader is left out
        assert not wire.failed, wire.failed

        total = wire.total()
        assert total <= TARGET_BYTES, f"{total:,} bytes on the wire"

        headers = {request.url: request.response().all_headers() for request in requests if request.response()}
        scripts = {url: h for url, h in headers.items() if urlsplit(url).path.endswith(".js")}
        sizes = {wire.urls[rid]: wire.sizes[rid] for rid in wire.from_network()}
        big = sorted(scripts, key=lambda url: sizes.get(url, 0), reverse=True)[:10]   # ~60 % of the bytes
        assert big and all(scripts[url].get("content-encoding") in ("gzip", "br") for url in big), \
            {url: scripts[url].get("content-encoding") for url in big}
        page_html = next(url for url in headers if "/voila/render/vote.ipynb" in url)
        assert headers[page_html].get("content-encoding") in ("gzip", "br")
        assert "no-store" in headers[page_html].get("cache-control", "")

        voila_js = [url for url in scripts if "/voila/static/v-" in url and url.endswith("/voila.js")]
        assert voila_js and scripts[voila_js[0]].get("cache-control") == IMMUTABLE
        extension = [url for url in scripts if "/voila/labextensions/" in url and "?v=" in url]
        assert extension and all(scripts[url].get("cache-control") == IMMUTABLE for url in extension)

        icons = [url for url in headers if "/voila/workbench/icons.css?v=" in url]
        assert icons and headers[icons[0]].get("cache-control") == IMMUTABLE
        font = """async () => (await document.fonts.load('900 16px "wb-icons"', '\\uf007')).length"""
        assert page.evaluate(font) == 1                  # the icons' font, inside icons.css
        page.close()

        # the same app again (any app: they load the same files): only the page comes again
        page, wire, _ = open_app(context, server.url("vote"))
        again = sorted(urlsplit(wire.urls[rid]).path for rid in wire.from_network())
        assert any(path.startswith("/voila/render/") for path in again), again
        assert all(path.startswith(("/voila/render/", "/api/kernels/")) for path in again), again
        page.close()
    finally:
        context.close()
