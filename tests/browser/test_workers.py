"""Two Voila servers behind nginx on PostgreSQL (``workbench serve --workers 2``): six phones
vote in one poll and a facilitator closes it. Every page's WebSocket reaches the server that
started its kernel (sticky routing), both servers hand out kernels, and the result equals the
same ballots counted on SQLite."""
from __future__ import annotations

import json
import re
import shutil
import time

import pytest

from workbench.demo import load_defaults
from workbench.polls.store.ballots import poll_data, results
from workbench.polls.store.polls import add_poll, resolve_source, update_phase
from workbench.store import Store
from workbench.store.copy import copy_database
from workbench.voting import count

from tests.browser.conftest import join, new_context, start_server, stop_server

pytestmark = pytest.mark.browser

#: The six phones' ballots (a ranking of goal 1.2's actions, best first).
BALLOTS = [["1.2.3", "1.2.4"], ["1.2.4", "1.2.3"], ["1.2.5", "1.2.3"],
           ["1.2.3", "1.2.5"], ["1.2.4"], ["1.2.3", "1.2.7", "1.2.4"]]
WORKERS = 2


@pytest.fixture(scope="module")
def cluster():
    """A throwaway PostgreSQL server (Debian's, as `make test` installs it)."""
    from tests.pgcluster import Cluster, server_bin
    from workbench.serve.proxy import NGINX_PLACES
    import os
    if not (shutil.which("nginx") or any(os.access(place, os.X_OK) for place in NGINX_PLACES)):
        pytest.fail("nginx is not installed: `make test` installs it (make nginx: apt-get install -y nginx)")
    if server_bin() is None:
        pytest.fail("PostgreSQL's server programs are not installed: `make test` installs them (make postgresql)")
    running = Cluster().start()
    yield running
    running.stop()


def upstream_of(line: str) -> str:
    return re.search(r"upstream=(\S+)", line).group(1)


def test_six_phones_vote_through_two_workers_behind_nginx_and_the_result_equals_sqlite(
        cluster, browser, tmp_path):
    import psycopg
    began = time.monotonic()
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute("CREATE DATABASE meeting")
    url = cluster.url("meeting")
    with Store.open(url) as store:
        load_defaults(store)
        items, found = resolve_source(store, "goal:1.2")
        poll = update_phase(store, add_poll(store, {"en": "Workers ranking"}, items, "schulze",
                                            source=found)["id"], "open")
    state = tmp_path / "state"
    server = start_server(tmp_path, expect=6, args=("--db", url, "--workers", str(WORKERS), "--apps", "vote",
                                                    "--state-dir", str(state)))
    try:
        statuses = [state / f"worker-{n}" / "kernels.json" for n in range(1, WORKERS + 1)]
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:   # both servers' pools ready
            ready = [json.loads(path.read_text()) if path.exists() else None for path in statuses]
            if all(s and s["preheated_ready"] >= s["preheated_target"] for s in ready):
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"the servers' pools were not ready within 90 s: {ready}\n{server.output.read_text()}")
        started = time.monotonic()

        contexts = [new_context(browser) for _ in BALLOTS] + [new_context(browser, "laptop")]
        try:
            pages = [context.new_page() for context in contexts]
            for page in pages:
                page.set_default_timeout(60_000)
            *phones, facilitator = pages
            link = server.url("vote", code=poll["code"], lang="en")
            for phone in phones:           # each opens the link (the servers build the pages at once)
                phone.goto(link, wait_until="commit")
            for phone, ballot in zip(phones, BALLOTS):
                join(phone, None, ".wb-ballot")
                for key in ballot:
                    phone.locator(".wb-row", has_text=key).get_by_role("button", name="Add").click()
                    phone.locator(".wb-order .wb-row", has_text=key).wait_for()
                phone.locator(".wb-submit").click()
            for phone in phones:
                phone.get_by_text("Your ballot is saved").wait_for()
            voted = time.monotonic()

            facilitator.goto(server.url("polls", key=server.key, lang="en"))
            picker = facilitator.locator(".wb-poll-picker select")
            option = picker.locator("option", has_text="Workers ranking")
            option.wait_for(state="attached")
            picker.select_option(value=option.get_attribute("value"))
            facilitator.get_by_text(f"People who voted: {len(BALLOTS)}").wait_for()
            facilitator.get_by_role("button", name="Close the poll").click()
            shown = facilitator.locator(".wb-ranking")
            shown.wait_for()
            shown_text = shown.inner_text()
            workers_of_phones = sorted(next(c["value"] for c in context.cookies() if c["name"] == "wb_worker")
                                       for context in contexts[:-1])
        finally:
            for context in contexts:
                context.close()
        closed = time.monotonic()
        deadline = time.monotonic() + 15   # nginx logs a WebSocket when it closes
        while True:
            log = (state / "nginx-access.log").read_text().splitlines()
            if sum("/channels" in line for line in log) >= len(contexts) or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        worker_status = [json.loads(path.read_text()) for path in statuses]
    finally:
        stop_server(server)

    # (a) both servers handed out kernels, and every page's WebSocket reached its kernel's server
    port = int(server.base.rsplit(":", 1)[1])
    addresses = {f"127.0.0.1:{port + n}" for n in range(1, WORKERS + 1)}
    assert workers_of_phones.count("w1") >= 2 and workers_of_phones.count("w2") >= 2, workers_of_phones
    assert all(status["handed_out"] >= 2 for status in worker_status), worker_status
    pages_served = [upstream_of(line) for line in log if '"GET /voila/render/vote.ipynb' in line]
    assert set(pages_served) == addresses, pages_served
    sockets = [line for line in log if re.search(r'"GET /api/kernels/[\w-]+/channels', line)]
    assert len(sockets) >= len(BALLOTS) + 1
    assert all(" 101 " in line for line in sockets), [line for line in sockets if " 101 " not in line]
    assert {upstream_of(line) for line in sockets} == addresses

    # (b) the ballots stored in PostgreSQL, counted there and on a SQLite copy: the same result
    with Store.open(url) as postgres:
        stored = poll_data(postgres, poll["id"])
        assert sorted(stored.ballots.values()) == sorted(BALLOTS)
        on_postgres = results(postgres, poll["id"])[1]
        with Store.open(tmp_path / "copy.db") as sqlite:
            copy_database(postgres, sqlite)
            on_sqlite = results(sqlite, poll["id"])[1]
    assert on_sqlite.to_dict() == on_postgres.to_dict()
    assert on_sqlite.to_dict() == count(stored.keys, BALLOTS, "schulze").to_dict()
    assert on_sqlite.winners == ["1.2.3"]
    first = min(stored.keys, key=lambda key: shown_text.find(key) if key in shown_text else len(shown_text))
    assert first == "1.2.3", shown_text          # the facilitator's screen shows the same winner
    print(f"\nworkers test: servers ready {started - began:.1f} s, six phones voted in {voted - started:.1f} s, "
          f"facilitator closed in {closed - voted:.1f} s; phones per worker {workers_of_phones}")
