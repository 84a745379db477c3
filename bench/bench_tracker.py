"""Time the decade tracker on the full plan against baselines run beside it.

Run: python3 bench/bench_tracker.py [--no-browser]

Data: the 2023–2033 plan (143 actions) with 5 milestones per action (715) and a quarterly
update for each from 2023-Q1 to 2032-Q4 (40 × 715 = 28,600 updates), seeded; about a third carry
an indicator. One as-of date, 2027-06-30.

Part 1 (in process, median of 5): reading the rows, all roll-ups for the date (status of every
milestone, counts and share done per action, goal, theme and year, overdue, the status summary)
and the dashboard's two charts, each printed next to a plain pandas group-by over the same rows
(last update on or before the date per milestone, then status counts per theme, goal, action and
year). The two must agree on the counts; the bench stops if they do not.

Part 2 (headless Chromium): the dashboard's first render, from the request until the overall
numbers are on screen, against an app that only shows "hello", served by the same Voila (a
temporary apps folder holding both notebooks; no preheated kernels, so both include a kernel
start). Median of 3, alternating.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_time

from workbench.demo import load_defaults  # noqa: E402
from workbench.tracker.rollups import overdue, rollup, status_summary, summarize  # noqa: E402
from workbench.store import Store  # noqa: E402
from workbench.plan.store.plans import get_plan  # noqa: E402
from workbench.tracker.store.milestones import UpdateWriter, load_tracker  # noqa: E402
from workbench.tracker.rules import (AT_RISK, OFF_TRACK, ON_TRACK, STATUSES, Indicator, Milestone,  # noqa: E402
                               Target, Update)
from workbench.tracker.demo import quarter_ends  # noqa: E402

PER_ACTION, REPEATS, BROWSER_REPEATS = 5, 5, 3
AS_OF = dt.date(2027, 6, 30)
APPS = Path(__file__).resolve().parent.parent / "apps"


def build(path: Path, seed: int = 0) -> tuple[int, int, float]:
    """Write the bench database; return (milestones, updates, seconds)."""
    start = time.perf_counter()
    rng = random.Random(seed)
    with Store.open(path) as store:
        load_defaults(store)
        plan = get_plan(store)
        quarters = quarter_ends(dt.date(2023, 1, 1), dt.date(2032, 12, 31))
        with store.transaction() as conn:
            plan_id = conn.execute("SELECT id FROM plans").fetchone()[0]
            milestones = []
            for ref, kind, _ in plan.walk():
                if kind != "action":
                    continue
                for k in range(1, PER_ACTION + 1):
                    indicator = Indicator("people", 0.0, 100.0) if rng.random() < 0.33 else None
                    m = Milestone(f"{ref}-{k}", ref, {"en": f"Milestone {k} of {ref}"},
                                  Target(rng.randint(2023, 2033), rng.choice((None, 1, 2, 3, 4))),
                                  f"Group {rng.randint(1, 12)}", indicator)
                    new_id = conn.execute(
                        "INSERT INTO milestones (plan_id, key, action_ref, title, target, target_end, owner,"
                        " unit, baseline, target_value, direction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [plan_id, m.key, m.action, json.dumps(m.title), str(m.target),
                         m.target.last_day.isoformat(), m.owner, "people" if indicator else None,
                         0.0 if indicator else None, 100.0 if indicator else None,
                         "up" if indicator else None]).lastrowid
                    milestones.append((new_id, indicator))
            writer = UpdateWriter(conn)
            count = 0
            for new_id, indicator in milestones:
                for n, date in enumerate(quarters):
                    status = rng.choice((ON_TRACK, ON_TRACK, AT_RISK, OFF_TRACK))
                    value = round(100 * (n + 1) / len(quarters), 1) if indicator else None
                    writer.append(Update(new_id, date, status, value))
                    count += 1
    return len(milestones), count, time.perf_counter() - start


def pandas_rows(path: Path):
    import pandas as pd
    with Store.open(path) as store:
        updates = pd.read_sql_query("SELECT id, milestone_id, date, status FROM progress_updates", store.db.conn)
        milestones = pd.read_sql_query("SELECT id, action_ref, target, target_end FROM milestones", store.db.conn)
    return updates, milestones


def pandas_rollups(updates, milestones, as_of: dt.date) -> dict:
    """The baseline: last update on or before ``as_of`` per milestone, then counts per level."""
    known = updates[updates["date"] <= as_of.isoformat()].sort_values(["date", "id"])
    last = known.groupby("milestone_id")["status"].last()
    frame = milestones.set_index("id")
    frame["status"] = last.reindex(frame.index).fillna("not started")
    frame["goal"] = frame["action_ref"].str.rsplit(".", n=1).str[0]
    frame["theme"] = frame["action_ref"].str.split(".").str[0]
    frame["year"] = frame["target"].str[:4].astype(int)
    frame["overdue"] = ~frame["status"].isin(["done", "dropped"]) & (frame["target_end"] < as_of.isoformat())
    out = {level: frame.groupby([level, "status"]).size().unstack(fill_value=0)
           for level in ("theme", "goal", "action_ref", "year")}
    out["overall"] = frame["status"].value_counts()
    out["overdue"] = int(frame["overdue"].sum())
    return out


def workbench_rollups(plan, tracker, as_of: dt.date) -> dict:
    states = tracker.snapshot(as_of)
    out = {level: rollup(states, level) for level in ("theme", "goal", "action", "year")}
    out["overall"] = summarize(states)
    out["overdue"] = overdue(states)
    out["summary"] = status_summary(plan, states, as_of)
    return out


def check_agree(ours: dict, baseline: dict) -> None:
    for status in STATUSES:
        expected = int(baseline["overall"].get(status, 0))
        if ours["overall"].by_status[status] != expected:
            sys.exit(f"roll-ups disagree on {status!r}: {ours['overall'].by_status[status]} vs {expected}")
    for theme, summary in ours["theme"].items():
        row = baseline["theme"].loc[theme]
        if any(summary.by_status[s] != int(row.get(s, 0)) for s in STATUSES):
            sys.exit(f"roll-ups disagree on theme {theme}")
    if len(ours["overdue"]) != baseline["overdue"]:
        sys.exit(f"overdue disagrees: {len(ours['overdue'])} vs {baseline['overdue']}")


def charts(plan, tracker, as_of: dt.date) -> None:
    from workbench.tracker.charts import heatmap_png, timeline_png
    from workbench.tracker.labels import status_labels
    states = tracker.snapshot(as_of)
    timeline_png(plan, states, as_of, status_labels("en"))
    heatmap_png(plan, states)


def line(label: str, seconds: float, baseline: float) -> str:
    return f"  {label:<52} {seconds * 1000:9.1f} ms {seconds / baseline:7.2f}x"


# -- part 2: the dashboard in Chromium --------------------------------------------------------
HELLO = {"cells": [{"cell_type": "markdown", "id": "h1", "metadata": {}, "source": ["# Hello"]},
                   {"cell_type": "code", "execution_count": None, "id": "h2", "metadata": {}, "outputs": [],
                    "source": ["import ipywidgets as widgets\n",
                               "widgets.HTML('<p class=\"wb-hello\">hello</p>')"]}],
         "metadata": json.loads((APPS / "plan.ipynb").read_text())["metadata"], "nbformat": 4, "nbformat_minor": 5}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def first_renders(db: Path) -> tuple[float, float]:
    """Median seconds to the first render of the dashboard and of the hello app."""
    from playwright.sync_api import sync_playwright

    from workbench.serve import unused_extensions
    folder = Path(tempfile.mkdtemp(prefix="bench-apps-"))
    shutil.copy(APPS / "tracker.ipynb", folder / "tracker.ipynb")
    (folder / "hello.ipynb").write_text(json.dumps(HELLO))
    port, token = free_port(), "bench"
    command = [sys.executable, "-m", "voila", str(folder), "--no-browser", f"--port={port}",
               f"--token={token}", "--KernelManager.transport=ipc", "--VoilaConfiguration.show_tracebacks=True",
               *[f"--VoilaConfiguration.extension_denylist={name}" for name in unused_extensions()]]
    log = open(folder / "voila.log", "w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                              env={**os.environ, "WORKBENCH_DB": str(db)})
    base = f"http://127.0.0.1:{port}/voila/render"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit(f"voila did not start:\n{(folder / 'voila.log').read_text()}")
                time.sleep(0.3)
        times: dict[str, list[float]] = {"tracker": [], "hello": []}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                                 args=["--headless", "--no-sandbox", "--disable-gpu"])
            for _ in range(BROWSER_REPEATS + 1):   # the first round warms the server and caches
                for app, url, ready in (
                        ("hello", f"{base}/hello.ipynb?token={token}",
                         "() => document.querySelector('.wb-hello')"),
                        ("tracker", f"{base}/tracker.ipynb?token={token}&as_of={AS_OF}",
                         "() => (document.querySelector('.wb-summary') || {innerText: ''}).innerText"
                         ".includes('milestones')")):
                    page = browser.new_page(viewport={"width": 1200, "height": 900})
                    start = time.perf_counter()
                    page.goto(url)
                    page.wait_for_function(ready, timeout=180_000)
                    times[app].append(time.perf_counter() - start)
                    page.close()
            browser.close()
        return statistics.median(times["tracker"][1:]), statistics.median(times["hello"][1:])
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true", help="Skip the first-render measurement.")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-tracker-"))
    db = folder / "bench.db"
    n_milestones, n_updates, build_seconds = build(db)
    print(f"{n_milestones} milestones, {n_updates} updates (built and checked in {build_seconds:.1f} s); "
          f"as of {AS_OF}; median of {REPEATS}")

    updates, milestones = pandas_rows(db)
    baseline_load = median_time(lambda: pandas_rows(db), REPEATS)
    baseline = median_time(lambda: pandas_rollups(updates, milestones, AS_OF), REPEATS)
    with Store.open(db) as store:
        plan, tracker = load_tracker(store)
        load = median_time(lambda: load_tracker(store), REPEATS)
    rollups = median_time(lambda: workbench_rollups(plan, tracker, AS_OF), REPEATS)
    check_agree(workbench_rollups(plan, tracker, AS_OF), pandas_rollups(updates, milestones, AS_OF))
    charts(plan, tracker, AS_OF)   # warm up: imports matplotlib
    chart_time = median_time(lambda: charts(plan, tracker, AS_OF), REPEATS)
    print("reading the rows")
    print(line("baseline: pandas.read_sql_query (2 tables)", baseline_load, baseline_load))
    print(line("load_tracker (rows -> Milestone/Update, histories)", load, baseline_load))
    print("roll-ups for one as-of date (counts agree with the baseline)")
    print(line("baseline: pandas last-update + group-by per level", baseline, baseline))
    print(line("workbench: snapshot + roll-ups + overdue + summary", rollups, baseline))
    print(line("dashboard charts (timeline + heatmap PNG)", chart_time, baseline))
    if not args.no_browser:
        tracker_render, hello_render = first_renders(db)
        print(f"first render in headless Chromium (Voila, no preheated kernel; median of {BROWSER_REPEATS})")
        print(f"  {'baseline: app that shows hello':<52} {hello_render * 1000:9.1f} ms    1.00x")
        print(f"  {'tracker dashboard':<52} {tracker_render * 1000:9.1f} ms "
              f"{tracker_render / hello_render:7.2f}x")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
