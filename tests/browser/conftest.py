"""Browser-test harness: a served workbench on a free port, driven by Debian's Chromium."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A running ``workbench serve``: its base URL, token and database."""

    def __init__(self, process, base: str, token: str, db: Path, output: Path):
        self.process, self.base, self.token, self.db, self.output = process, base, token, db, output
        found = re.search(r"&key=([\w-]+)", output.read_text())
        self.key = found.group(1) if found else None   # the facilitator key of this run

    def url(self, app: str, **params) -> str:
        """The link to ``app`` with the token and ``params`` (pass ``key=server.key`` for
        facilitator apps)."""
        query = "&".join(f"{k}={v}" for k, v in {"token": self.token, **params}.items())
        return f"{self.base}/voila/render/{app}.ipynb?{query}"


def start_server(folder: Path, expect: int = 1, args: tuple[str, ...] = (), port: int | None = None,
                 log_name: str = "serve.log") -> Server:
    """Start ``workbench serve`` on a free port (or ``port``) with a database in ``folder`` and
    the extra command-line ``args``; wait until it answers."""
    db, output = folder / "workbench.db", folder / log_name
    port = port or free_port()
    env = {**os.environ, "WORKBENCH_DB": str(db)}
    with open(output, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "workbench", "serve", "--port", str(port), "--expect", str(expect), *args],
            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"workbench serve exited:\n{output.read_text()}")
        found = re.search(r"\?token=([\w-]+)", output.read_text())
        if found:
            try:
                urllib.request.urlopen(f"{base}/?token={found.group(1)}", timeout=2)
                return Server(process, base, found.group(1), db, output)
            except OSError:
                pass
        time.sleep(0.3)
    stop_server_process(process)
    raise RuntimeError(f"workbench serve did not answer within 90 s:\n{output.read_text()}")


def stop_server_process(process) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def stop_server(server: Server) -> None:
    stop_server_process(server.process)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """``workbench serve`` on a free port with a temporary database holding the plan."""
    try:
        running = start_server(tmp_path_factory.mktemp("serve"))
    except RuntimeError as error:
        pytest.fail(str(error))
    yield running
    stop_server(running)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright (never ``playwright install``)."""
    from playwright.sync_api import sync_playwright
    executable = shutil.which("chromium")
    if not executable:
        pytest.fail("chromium is not installed: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


DEVICES = {"phone": {"viewport": {"width": 360, "height": 640}, "has_touch": True, "is_mobile": True},
           "laptop": {"viewport": {"width": 1100, "height": 900}}}


def new_context(browser, device: str = "phone", *, language: str | None = None, **options):
    """A fresh browser context: a 360×640 touch phone or a 1100×900 laptop (``device``).
    ``language`` sets its locale and Accept-Language; ``options`` go to Playwright's
    ``new_context`` and win over both."""
    settings = dict(DEVICES[device])
    if language:
        settings.update(locale=language, extra_http_headers={"Accept-Language": f"{language},en;q=0.5"})
    return browser.new_context(**{**settings, **options})


def new_page(browser, device: str = "phone", *, timeout: float = 60_000, language: str | None = None,
             **options):
    """(context, page): a fresh context (see ``new_context``) and its page, whose waits give up
    after ``timeout`` ms. Close the context when done."""
    context = new_context(browser, device, language=language, **options)
    page = context.new_page()
    page.set_default_timeout(timeout)
    return context, page


@pytest.fixture
def phone(browser):
    """A page in a fresh 360×640 phone context with touch (closed after the test)."""
    context, page = new_page(browser, device_scale_factor=2)
    yield page
    context.close()


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def accessibility_problems(page, impacts=("serious", "critical")) -> list[str]:
    """Run axe-core (from the npm registry, ``npm ci``) on ``page``; return the violations of
    the given impacts as readable lines (empty when there are none)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` in the project folder")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['impact']}: {v['id']}: {v['help']} ({len(v['nodes'])} elements, e.g. "
            f"{v['nodes'][0]['target']})"
            for v in result["violations"] if v["impact"] in impacts]


def join(page, url: str | None, done: str, check=None, language: str = "en", remember: bool = False) -> None:
    """Join a session in a participant app whose link carries the code (``url``; ``None``: the
    page is already open): language, the suggested pseudonym, consent ("Yes" to each use of her
    words: none is answered for her, and "I agree to take part" waits for every answer), no
    demographics; then wait for ``done`` (a CSS selector of the app's first screen). Each step's words are awaited
    before its button is tapped (two steps have a "Continue" button: tapping before the next
    step is drawn would tap the previous one again); ``check(page, step)`` runs on each step.
    ``language``: the page's language (its words are read from the catalogs); ``remember``: tick
    "remember me on this phone" once in."""
    from workbench.core.i18n import translator
    from workbench.participation.privacy import USES
    _ = translator(language)
    first = lambda text: re.split(r"(?<=[.!?])\s", _(text))[0]   # noqa: E731  (its first sentence)
    check = check or (lambda _page, _step: None)
    if url is not None:
        page.goto(url)
    page.get_by_text(_("Choose your language.")).wait_for()
    check(page, "language step")
    page.get_by_role("button", name=_("Continue")).click()
    page.get_by_text(first("This is the name others will see. We suggest one; you may change it. "
                           "Please do not use your real name.")).wait_for()
    check(page, "pseudonym step")
    page.get_by_role("button", name=_("Continue")).click()
    page.get_by_role("button", name=_("I agree to take part")).wait_for()
    check(page, "consent step")
    for use in range(len(USES)):                 # each use's Yes/No buttons, in the page's order
        page.locator(".wb-consent-use").nth(use).get_by_role("button", name=_("Yes"), exact=True).click()
    page.get_by_role("button", name=_("I agree to take part"), disabled=False).click()
    page.get_by_text(first("These questions are optional. The answers are only counted together with "
                           "everyone else's, never shown next to your pseudonym.")).wait_for()
    check(page, "optional questions")
    page.get_by_role("button", name=_("Skip these questions")).click()
    page.locator(done).first.wait_for()
    if remember:                                 # "remember me on this phone" (off unless she ticks it)
        page.locator(".wb-remember input").check()
        page.wait_for_function("() => document.cookie.includes('wb_')")   # the page wrote the cookie
