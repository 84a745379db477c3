"""Kernel memory: the PSS of the kernel behind each app, after the app has rendered.

Serves the apps with ``workbench serve`` on a temporary demo database, opens each app in
headless Chromium, and reads the proportional set size (PSS, /proc/PID/smaps_rollup) of the
kernel that served it. The baseline, measured in the same run, is a kernel that only imports
ipywidgets.

    python bench/kernel_memory.py [app ...]
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_FLAGS, start_server, stop_server  # noqa: E402


def pss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    raise RuntimeError(f"no Pss for {pid}")


def kernel_pid(kernel_id: str) -> int:
    """The process of the kernel whose connection file names ``kernel_id``."""
    out = subprocess.run(["pgrep", "-f", f"kernel-{kernel_id}"], capture_output=True, text=True).stdout
    return int(out.split()[0])


def used_kernel(log: Path, app: str, skip: int) -> str:
    """The id of the preheated kernel Voila handed to the ``skip``-th request for ``app``."""
    for _ in range(100):
        found = re.findall(rf"Using pre-heated kernel: ([\w-]+) for {app}\.ipynb", log.read_text())
        if len(found) > skip:
            return found[skip]
        time.sleep(0.1)
    raise RuntimeError(f"no preheated kernel was used for {app}")


def baseline_kb() -> int:
    """A kernel-like process: ipykernel plus ipywidgets imported, nothing else."""
    from jupyter_client.manager import start_new_kernel
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        client.execute_interactive("import ipywidgets", timeout=60)
        time.sleep(1)
        return pss_kb(manager.provisioner.process.pid)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main(apps: list[str]) -> None:
    from playwright.sync_api import sync_playwright
    folder = Path(tempfile.mkdtemp())
    from workbench.demo import build_demo
    from workbench.store import Store
    with Store.open(folder / "workbench.db") as store:
        build_demo(store)
    server = start_server(folder)
    try:
        base = baseline_kb()
        print(f"{'kernel':<20} {'PSS MB':>8} {'vs ipywidgets':>14}")
        print(f"{'ipywidgets only':<20} {base / 1024:>8.1f} {1:>14.2f}")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                                 args=CHROMIUM_FLAGS)
            for app in apps or sorted(p.stem for p in (ROOT / "apps").glob("*.ipynb")):
                seen = server.output.read_text().count(f"for {app}.ipynb")
                page = browser.new_page(viewport={"width": 360, "height": 640})
                page.goto(server.url(app, key=server.key or ""), timeout=120_000)
                page.locator(".widget-box, .jp-OutputArea-output").first.wait_for(timeout=120_000)
                page.wait_for_timeout(3000)
                used = kernel_pid(used_kernel(server.output, app, seen))
                print(f"{app:<20} {pss_kb(used) / 1024:>8.1f} {pss_kb(used) / base:>14.2f}")
                page.close()
            browser.close()
    finally:
        stop_server(server)


if __name__ == "__main__":
    main(sys.argv[1:])
