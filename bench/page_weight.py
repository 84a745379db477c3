"""Page weight: the bytes a participant's browser downloads to open each app, cold cache.

Serves the apps with ``workbench serve`` on a temporary database, opens each app in headless
Chromium with an empty cache, and sums the sizes of every response body (uncompressed, as
Voila serves them) and the number of requests. The baseline, measured in the same run, is
the meeting's home page (the page people open first: no Voila front-end, a few KB). A body
whose size cannot be read is an error, never counted as 0 bytes (:class:`BodySizes`, also
used by the page-weight test in ``tests/browser/test_access.py``).

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


class BodySizes:
    """The size of the body of every response a page receives: ``page.on("response", sizes)``.

    Each body is read and counted as downloaded (uncompressed). Chromium keeps no body for a
    redirect: it is counted from its ``Content-Length``. A body that cannot be read otherwise
    (a request aborted, a body Chromium dropped) is not 0 bytes: :meth:`total` then refuses,
    naming the responses, and the measurement must be taken again.
    """

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self.unreadable: list[str] = []

    def __call__(self, response) -> None:
        try:
            self.sizes.append(len(response.body()))
            return
        except Exception as error:   # noqa: BLE001  (Playwright raises its own Error types)
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        length = response.headers.get("content-length", "")
        if response.request.redirected_to is not None and length.isdigit():
            self.sizes.append(int(length))
        else:
            self.unreadable.append(f"{response.status} {response.url}: {reason}")

    def total(self) -> tuple[int, int]:
        """(bytes, responses); raises RuntimeError if any body's size could not be read."""
        if self.unreadable:
            raise RuntimeError(f"{len(self.unreadable)} response bodies could not be read, so the page's "
                               "weight is unknown:\n  " + "\n  ".join(self.unreadable))
        return sum(self.sizes), len(self.sizes)


def measure(browser, url: str, ready: str | None) -> tuple[int, int]:
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    sizes = BodySizes()
    page.on("response", sizes)
    page.goto(url, wait_until="networkidle", timeout=120_000)
    if ready:
        page.locator(ready).first.wait_for(timeout=120_000)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", sizes)   # what arrives while closing is not the page's weight
    context.close()
    return sizes.total()


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
            print(f"{'home':<16} {base_bytes:>12,} {base_requests:>9} {1:>8.2f}")
            for app in apps or sorted(p.stem for p in (ROOT / "apps").glob("*.ipynb")):
                size, requests = measure(browser, server.url(app), ".widget-box, .jp-OutputArea-output")
                print(f"{app:<16} {size:>12,} {requests:>9} {size / base_bytes:>8.2f}")
            browser.close()
    finally:
        stop_server(server)


if __name__ == "__main__":
    main(sys.argv[1:])
