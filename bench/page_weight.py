"""Page weight and time to usable of the participant apps on a cheap phone on slow mobile data.

Starts one ``workbench serve`` (temporary database, the pools full before every load) and, in
the same run, a second server of the same code and settings (``voila_command``: the same
Voila, page template, compression and cache headers) that serves only ``bench/baseline.ipynb``:
one button, what Voila itself costs (it waits for its page like the apps do: the meeting's
server hands out only kernels that do). ``workbench serve`` serves the package's own apps
folder and has no option for another, hence the second process.

Each page is opened in headless Chromium at 360×640, throttled with the DevTools protocol
(``Network.emulateNetworkConditions``: 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency):

- **cold**: a new browser context (empty cache);
- **warm**: the same app again in that context. The files a page loads besides its HTML are
  the same for every app, so this is also what a second app opened after the first costs.

For each: the bytes on the wire (``encodedDataLength`` of every HTTP response that came over
the network: compressed bodies and headers; responses taken from the cache count 0; the
WebSocket is counted apart, as its uncompressed payload), the requests that reached the
server, and the seconds from the link being opened to the app being usable (its first
widget shown, the loading screen and banner gone). Any request to another host than the
server's is listed and fails the run.

Targets (issue 13): cold ≤ 2.0 MB on the wire and usable ≤ 15 s; warm usable ≤ 4 s. A
benchmark, one load each: the times move with the machine's load.

    python bench/page_weight.py [app ...]
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (CHROMIUM_FLAGS, free_port, new_context, start_server,  # noqa: E402
                                    stop_server, stop_server_process)

APPS = ("plan", "visioning", "feedback", "vote")
BASELINE = ROOT / "bench" / "baseline.ipynb"
#: 1.6 Mbit/s down, 750 kbit/s up (bytes per second), 150 ms latency.
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 93_750}
TARGET_BYTES = 2_000_000
TARGET_COLD_S = 15.0
TARGET_WARM_S = 4.0
TIMEOUT_MS = 180_000
#: The app is usable: ``selector`` is shown, the loading screen is gone and no banner is up.
USABLE = """selector => {
  const el = document.querySelector(selector);
  if (!el || !el.getClientRects().length || el.getBoundingClientRect().height === 0) return false;
  const loading = document.getElementById("loading");
  if (loading && loading.getClientRects().length) return false;
  const status = document.getElementById("wb-status");
  return !status || status.hidden;
}"""


class BodySizes:
    """The uncompressed size of the body of every response a page receives:
    ``page.on("response", sizes)`` (used by ``tests/browser/test_access.py``; this benchmark
    counts the bytes on the wire instead, see :class:`Wire`).

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


@dataclass
class Wire:
    """What one page received, from the DevTools protocol's Network events of its CDP session."""
    urls: dict[str, str] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)
    cached: set[str] = field(default_factory=set)
    sizes: dict[str, int] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    websocket_bytes: int = 0

    def listen(self, cdp) -> None:
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.setdefault(e["requestId"], e["request"]["url"]))
        cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished",
               lambda e: self.sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
        cdp.on("Network.loadingFailed", lambda e: self.failed.append(
            f"{self.urls.get(e['requestId'], '?')}: {e.get('errorText', '')}"))
        cdp.on("Network.webSocketFrameReceived",
               lambda e: setattr(self, "websocket_bytes", self.websocket_bytes + len(e["response"]["payloadData"])))

    def _response(self, event) -> None:
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            self.cached.add(event["requestId"])
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        self.encodings[event["requestId"]] = headers.get("content-encoding", "")

    def from_network(self) -> list[str]:
        return [rid for rid, size in self.sizes.items() if rid not in self.cached and size > 0]

    def total(self) -> int:
        return sum(self.sizes[rid] for rid in self.from_network())

    def hosts(self) -> set[str]:
        return {urlsplit(url).netloc for url in self.urls.values() if urlsplit(url).scheme in ("http", "https")}


@dataclass
class Load:
    bytes: int
    requests: int
    seconds: float
    websocket_bytes: int
    compressed_share: float
    foreign: list[str]


def wait_for_pools(state_dir: Path, timeout: float = 180) -> None:
    """Until every kernel pool of the server is full again (its ``kernels.json``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status = json.loads((state_dir / "kernels.json").read_text())
            if status["preheated_ready"] >= status["preheated_target"]:
                return
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"kernel pools not full within {timeout:.0f} s ({state_dir})")


def load(context, url: str, selector: str, server_host: str) -> Load:
    """Open ``url`` in a new throttled page of ``context``; measure until usable, then count
    what came until the network was idle."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    wire = Wire()
    wire.listen(cdp)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function(USABLE, arg=selector, timeout=TIMEOUT_MS, polling=50)
    seconds = time.perf_counter() - start
    page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    received = wire.from_network()
    compressible = [rid for rid in received
                    if urlsplit(wire.urls.get(rid, "")).path.endswith((".js", ".css", ".ipynb", ".json"))
                    or "/voila/render/" in wire.urls.get(rid, "")]
    compressed = [rid for rid in compressible if wire.encodings.get(rid) in ("gzip", "br")]
    foreign = sorted(url for url in wire.urls.values()
                     if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != server_host)
    result = Load(wire.total(), len(received), seconds, wire.websocket_bytes,
                  len(compressed) / len(compressible) if compressible else 1.0, foreign)
    cdp.detach()
    page.close()
    return result


def cold_and_warm(browser, url: str, selector: str, state_dir: Path, host: str) -> tuple[Load, Load]:
    context = new_context(browser)
    try:
        wait_for_pools(state_dir)
        cold = load(context, url, selector, host)
        wait_for_pools(state_dir)
        warm = load(context, url, selector, host)
    finally:
        context.close()
    return cold, warm


def start_baseline(folder: Path):
    """The same server code and settings as ``workbench serve`` (:func:`voila_command`),
    serving a folder with only ``baseline.ipynb``. Returns (process, url, state folder)."""
    from workbench.serve import MeetingPlan, apps_dir, voila_command
    from workbench.store import Store
    apps = folder / "apps"
    apps.mkdir(parents=True)
    shutil.copy(BASELINE, apps / BASELINE.name)
    db = folder / "workbench.db"
    Store.open(db).close()
    state_dir = folder / "serve"
    port = free_port()
    plan = MeetingPlan(expect=1, apps=(), pools={BASELINE.name: 1}, max_participants=50, grace=60)
    command, found, env = voila_command(db, port, plan, "127.0.0.1", state_dir)
    command[command.index(str(apps_dir()))] = str(apps)
    log = open(folder / "baseline.log", "w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                               env={**os.environ, **env, "WORKBENCH_DB": str(db)})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the baseline server exited:\n{(folder / 'baseline.log').read_text()}")
        try:
            urllib.request.urlopen(f"{base}/?token={found.token}", timeout=2)
            return process, f"{base}/voila/render/{BASELINE.name}?token={found.token}", state_dir
        except OSError:
            time.sleep(0.3)
    stop_server_process(process)
    raise RuntimeError("the baseline server did not answer within 90 s")


def verdict(cold: Load, warm: Load) -> str:
    problems = []
    if cold.bytes > TARGET_BYTES:
        problems.append("bytes")
    if cold.seconds > TARGET_COLD_S:
        problems.append("cold")
    if warm.seconds > TARGET_WARM_S:
        problems.append("warm")
    if cold.foreign or warm.foreign:
        problems.append("other host")
    return "PASS" if not problems else "FAIL (" + ", ".join(problems) + ")"


def main(apps: list[str]) -> int:
    from playwright.sync_api import sync_playwright
    folder = Path(tempfile.mkdtemp(prefix="page-weight-"))
    server = start_server(folder)
    baseline_process = None
    failed = False
    try:
        baseline_process, baseline_url, baseline_state = start_baseline(folder / "baseline")
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS)
            try:
                rows.append(("baseline", *cold_and_warm(browser, baseline_url, "#rendered_cells .widget-button",
                                                        baseline_state, urlsplit(baseline_url).netloc)))
                for app in apps or APPS:
                    rows.append((app, *cold_and_warm(browser, server.url(app), ".wb-app", folder / "serve",
                                                     urlsplit(server.base).netloc)))
            finally:
                browser.close()
        base_cold = rows[0][1]
        print(f"Chromium 360x640, {NETWORK['downloadThroughput'] * 8 / 1e6:.1f} Mbit/s down, "
              f"{NETWORK['uploadThroughput'] * 8 / 1e3:.0f} kbit/s up, {NETWORK['latency']} ms latency; "
              "KB on the wire (HTTP; WebSocket payload apart); usable in s; x: cold, to the baseline")
        print(f"targets: cold <= {TARGET_BYTES / 1e6:.1f} MB and <= {TARGET_COLD_S:g} s, "
              f"warm <= {TARGET_WARM_S:g} s")
        header = (f"{'page':<10} {'cold KB':>8} {'req':>4} {'gz/br':>6} {'ws KB':>6} {'usable':>7} "
                  f"{'warm KB':>8} {'req':>4} {'usable':>7} {'x KB':>5} {'x s':>5}  verdict")
        print(header)
        print("-" * len(header))
        for name, cold, warm in rows:
            result = verdict(cold, warm)
            failed |= name != "baseline" and result != "PASS"
            print(f"{name:<10} {cold.bytes / 1000:>8.0f} {cold.requests:>4} {cold.compressed_share:>6.0%} "
                  f"{cold.websocket_bytes / 1000:>6.0f} {cold.seconds:>7.1f} {warm.bytes / 1000:>8.0f} "
                  f"{warm.requests:>4} {warm.seconds:>7.1f} {cold.bytes / base_cold.bytes:>5.2f} "
                  f"{cold.seconds / base_cold.seconds:>5.2f}  {result}")
        for name, cold, warm in rows:
            for url in sorted(set(cold.foreign + warm.foreign)):
                print(f"{name}: request to another host: {url}")
    finally:
        if baseline_process is not None:
            stop_server_process(baseline_process)
        stop_server(server)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
