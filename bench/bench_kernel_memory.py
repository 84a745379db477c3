"""Memory (PSS) of a participant's and a facilitator's visioning kernel, against a kernel that
only imports ipywidgets, measured in the same run.

Run: python3 bench/bench_kernel_memory.py            (kernels started with jupyter_client)
     python3 bench/bench_kernel_memory.py --served   (the kernels of `workbench serve`, in Chromium)

Each scenario starts a fresh IPython kernel (jupyter_client), runs the app's code as a person
would use it (join, write, react; open every facilitator tab), then reads the kernel's
``/proc/<pid>/smaps_rollup``. A demo database (``workbench demo``) is built in a temporary folder.
Target: participant ≤ 1.3 × the ipywidgets-only kernel.
"""
from __future__ import annotations

import os
import sys
import tempfile
import textwrap
from pathlib import Path

from jupyter_client.manager import start_new_kernel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BARE = "import ipywidgets\nipywidgets.IntSlider()"
PARTICIPANT = textwrap.dedent("""
    from workbench.visioning.screens import participant as visioning
    from workbench.visioning.store.sessions import list_visioning_sessions
    from workbench.store import Store
    code = list_visioning_sessions(Store.open())[-1]["code"]   # the demo workshop still reacting
    app = visioning.build({"code": code, "lang": "sw"})
    app.join.language_button.click(); app.join.pseudonym_button.click()
    for choice in app.join.use_buttons.values():   # each use of her words: none is answered for her
        choice.value = True
    app.join.agree_button.click()
    app.join.demographics.country.value = "TZ"; app.join.join_button.click()
    app.editor.text.value = "waganga wa jamii"; app.editor.add_button.click()
    for _ in range(5):
        app.card.agree_button.click()
    app
""")
FACILITATOR = textwrap.dedent("""
    from workbench.visioning.screens.facilitator import FacilitatorScreen
    from workbench.ui.page import open_store
    app = FacilitatorScreen(open_store(), language="en")
    app.session_filter.value = app.session_filter.options[1][1]
    for tab in range(6):
        app.tabs.selected_index = tab
    app
""")


def pss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no Pss line")


def measure(code: str, env: dict) -> float:
    manager, client = start_new_kernel(kernel_name="python3", env=env)
    try:
        reply = client.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")
        return pss_mb(manager.provisioner.process.pid)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main() -> None:
    from workbench.demo import build_demo
    from workbench.store import Store
    folder = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    with Store.open(folder / "demo.db") as store:
        build_demo(store)
    env = {**os.environ, "WORKBENCH_DB": str(folder / "demo.db")}
    bare = measure(BARE, env)
    participant = measure(PARTICIPANT, env)
    facilitator = measure(FACILITATOR, env)
    print(f"kernel importing only ipywidgets: {bare:6.1f} MB PSS")
    print(f"participant visioning kernel:     {participant:6.1f} MB PSS  ({participant / bare:.2f}× ; target ≤ 1.30×)")
    print(f"facilitator kernel, all tabs:     {facilitator:6.1f} MB PSS  ({facilitator / bare:.2f}×)")


if __name__ == "__main__" and "--served" not in sys.argv:
    main()


# -- the same, in the kernels of a running `workbench serve`, driven by Chromium ----------------
SERVER_PID = 0


def parent_of(proc: Path) -> int:
    for line in (proc / "status").read_text().splitlines():
        if line.startswith("PPid:"):
            return int(line.split()[1])
    return 0


def kernels() -> dict[int, float]:
    """PSS (MB) of the kernel processes of our ``workbench serve`` (children of SERVER_PID)."""
    found = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if b"ipykernel_launcher" in (proc / "cmdline").read_bytes() and parent_of(proc) == SERVER_PID:
                    found[int(proc.name)] = pss_mb(int(proc.name))
            except (OSError, RuntimeError):
                continue
    return found


def settled(timeout: float = 90.0) -> dict[int, float]:
    """Kernels' PSS once no kernel starts or grows any more (the preheated pools are ready)."""
    import time
    last, deadline = kernels(), time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(2)
        now = kernels()
        if set(now) == set(last) and all(abs(now[p] - last[p]) < 0.3 for p in now):
            return now
        last = now
    return last


def grown(before: dict[int, float], after: dict[int, float]) -> tuple[int, float]:
    """The kernel that existed before and grew most: the one that served the page."""
    pid = max((p for p in after if p in before), key=lambda p: after[p] - before[p])
    return pid, after[pid]


def served(folder: Path) -> None:
    import re
    import shutil
    import signal
    import socket
    import subprocess
    import time
    import urllib.request

    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = folder / "serve.log"
    env = {**os.environ, "WORKBENCH_DB": str(folder / "demo.db")}
    with open(log, "w") as output:
        process = subprocess.Popen([sys.executable, "-m", "workbench", "serve", "--port", str(port), "--expect", "3"],
                                   stdout=output, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    global SERVER_PID
    SERVER_PID = process.pid   # `workbench serve` execs Voila in the same process
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            text = log.read_text()
            token, key = re.search(r"\?token=([\w-]+)", text), re.search(r"&key=([\w-]+)", text)
            if token and key:
                try:
                    urllib.request.urlopen(f"{base}/?token={token.group(1)}", timeout=2)
                    break
                except OSError:
                    pass
            time.sleep(0.3)
        from workbench.store import Store
        from workbench.visioning.store.sessions import list_visioning_sessions
        code = list_visioning_sessions(Store.open(folder / "demo.db"))[-1]["code"]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                                 args=["--headless", "--no-sandbox"])
            page = browser.new_page()
            page.set_default_timeout(60_000)
            idle = settled()
            page.goto(f"{base}/voila/render/visioning.ipynb?token={token.group(1)}&code={code}&lang=sw")
            for words, name in (("Choose your language.", "Continue"),
                                ("This is the name others will see.", "Continue"),
                                ("Before you take part", "I agree to take part")):
                page.get_by_text(words).wait_for()   # the step is drawn: tap its own button
                if name == "I agree to take part":   # first each use's first choice ("Yes")
                    for use in range(page.locator(".wb-consent-use").count()):
                        page.locator(".wb-consent-use").nth(use).locator("button").first.click()
                page.get_by_role("button", name=name, exact=True, disabled=False).click()
            page.get_by_text("These questions are optional.").wait_for()
            page.locator("select").first.select_option(label="Tanzania")
            page.get_by_role("button", name="Join", exact=True).click()
            page.locator(".wb-contribution-input textarea").fill("waganga wa jamii")
            page.get_by_role("button", name="Add", exact=True).click()
            page.get_by_text("Saved").wait_for()
            for _ in range(3):
                page.get_by_role("button", name="Agree", exact=True).click()
            participant_pid, participant = grown(idle, settled())
            idle_visioning = sorted(v for p, v in kernels().items() if p != participant_pid)
            before = settled()
            page.goto(f"{base}/voila/render/facilitator.ipynb?token={token.group(1)}&key={key.group(1)}")
            page.locator(".wb-session-filter select").select_option(index=1)
            for name in ("Contributions", "Where people agree", "Opinion groups", "Suggested themes", "Vision draft"):
                page.get_by_role("tab", name=name).click()
                time.sleep(1.5)
            _, facilitator = grown(before, settled())
            browser.close()
        bare = measure(BARE, env)   # beside the served kernels, sharing their libraries' pages
        print(f"beside them, a kernel importing only ipywidgets:                    {bare:6.1f} MB PSS")
        print(f"served by Voila: participant kernel after joining, writing, reacting: {participant:6.1f} MB PSS"
              f"  ({participant / bare:.2f}×)")
        print(f"served by Voila: facilitator kernel after every tab:                {facilitator:6.1f} MB PSS")
        print(f"served by Voila: the other (idle, preheated) kernels: "
              f"{', '.join(f'{v:.1f}' for v in idle_visioning)} MB PSS")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


if __name__ == "__main__" and "--served" in sys.argv:
    target = Path(tempfile.mkdtemp(prefix="bench-served-"))
    from workbench.demo import build_demo as _build
    from workbench.store import Store as _Store
    with _Store.open(target / "demo.db") as _store:
        _build(_store)
    served(target)
