"""Page weight: the bytes a participant's browser downloads to open each app, cold cache.

Serves the apps with ``workbench serve`` on a temporary database, opens each app in headless
Chromium with an empty cache, and sums the sizes of every response body (uncompressed, as
Voila serves them) and the number of requests. The baseline, measured in the same run, is
Voila's own tree page (the home page), which loads Voila's front-end without an app.

    python bench/page_weight.py [app ...]
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_FLAGS, start_server, stop_server  # noqa: E402


def measure(browser, url: str, ready: str | None) -> tuple[int, int]:
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    sizes: list[int] = []

    def on_response(response):
        try:
            sizes.append(len(response.body()))
        except Exception:   # redirects and aborted requests have no body
            sizes.append(0)
    page.on("response", on_response)
    page.goto(url, wait_until="networkidle", timeout=120_000)
    if ready:
        page.locator(ready).first.wait_for(timeout=120_000)
    page.wait_for_load_state("networkidle")
    context.close()
    return sum(sizes), len(sizes)


def main(apps: list[str]) -> None:
    from playwright.sync_api import sync_playwright
    folder = Path(tempfile.mkdtemp())
    server = start_server(folder)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                                 args=CHROMIUM_FLAGS)
            base_bytes, base_requests = measure(browser, f"{server.base}/?token={server.token}", None)
            print(f"{'page':<16} {'bytes':>12} {'requests':>9} {'vs home':>8}")
            print(f"{'home (tree)':<16} {base_bytes:>12,} {base_requests:>9} {1:>8.2f}")
            for app in apps or sorted(p.stem for p in (ROOT / "apps").glob("*.ipynb")):
                size, requests = measure(browser, server.url(app), ".widget-box, .jp-OutputArea-output")
                print(f"{app:<16} {size:>12,} {requests:>9} {size / base_bytes:>8.2f}")
            browser.close()
    finally:
        stop_server(server)


if __name__ == "__main__":
    main(sys.argv[1:])
