"""Meeting benchmark: M people join one app at once through the real server, and each act once.

    python bench/meeting.py [--app vote|visioning] [--pool 30] [--sizes 10,30,60] [--spread S]
                            [--after 120] [--quick] [--db postgresql://… [--workers N]]

Starts ``workbench serve --expect POOL --apps APP --max-participants …`` on a temporary SQLite
database (or ``--db``, a PostgreSQL database; ``--workers N``: N Voila servers behind nginx, each
with its status file in ``worker-i/`` of the state folder, read and summed) and waits for its
"Pools ready" log line, one per server (start-up time, kernels, and how many broken kernels were
replaced: run with ``--pool 60`` for the "``--expect 60`` starts with no broken kernel" check).
The participants are :class:`bench.meeting_client.Participant`: no browser, the page's HTTP and
Jupyter widget protocol, from this one process (its CPU is taken from the same 2 cores).

1. The single join (baseline, same run): one participant alone, with the pool full, opens the
   link, joins and acts; best of 3. Every time below is also given as a ratio to it.
2. For each M (default 10, 30, 60 and 2 × the pool): a fresh open approval poll (``--app vote``)
   or visioning session in its gathering phase (``--app visioning``), so that what is stored is
   counted per M. M participants open the link (``lang=en``) at moments spread evenly over the
   wave's spread (10 and 30 people: 5 s; 60 and more: 60 s, as the issue's "30 within 5 s" and
   "60 within one minute"; ``--spread`` sets one for all), join, and cast one ballot (two items
   approved) or write one contribution. When everyone has acted (or failed), everyone closes the
   page (the closing beacon, then the WebSocket), and the server is watched ``--after`` seconds.

Printed, one row per M: time to usable (the app drawn, a button to tap) and to confirmed (the
page says the ballot or contribution is saved), p50/p95 from each person's arrival, and p95 ×
the single join; p95 of confirmed − usable (the join steps and the ballot, no thinking time) and
of the ballot alone (the tap on "send" to "saved");
blank pages and other failures; stored (rows in the database for that poll or session) against
confirmed; the server's CPU over the wave (utime + stime of the Voila process, its kernels, and
the kernels it reaped, from /proc; with ``--workers``, of ``serve``, every server, nginx and
every kernel below them; in CPU seconds and mean cores busy); kernels and their total
PSS (``/proc/PID/smaps_rollup`` of the kernels below the server) at most during the wave and
``--after`` s after everyone left, and the seconds until the kernels were back to the pools' size
with nobody in; and the participants one 24 GB machine holds: (24 GB − the server's own PSS −
1.5 GB reserve) / the mean PSS of the participants' kernels once everyone has acted; the pages
each server built in the wave (kernels it handed out, from its status file). Then one
line per target of the issue, met or not, with the number measured. Exit code 0 either way.

``--quick`` (a smoke run): one wave of 5, a pool of 5 (unless ``--pool`` is given), 20 s after.
Every server and kernel started is stopped at the end.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_kernel_memory import parent_of  # noqa: E402
from bench.kernel_memory import pss_kb  # noqa: E402
from bench.meeting_client import Participant  # noqa: E402
from tests.browser.conftest import Server, start_server, stop_server  # noqa: E402
from workbench.serve.capacity import RESERVE_MB  # noqa: E402  (memory kept for the server and system)

MACHINE_MB = 24 * 1024
#: Single joins, alone with a full pool; the best of them is the baseline.
SINGLE_REPEATS = 3
#: Seconds between two looks at the server (its status file is rewritten every 2 s).
SAMPLE_SECONDS = 2.0
#: How long a wave waits for the pool to be full again before it starts anyway.
REFILL_WAIT = 300.0
POOLS_READY = re.compile(r"Pools ready: (\d+) kernels in ([\d.]+) s \((\d+) started, (\d+) replaced\)")
KERNEL_ID = re.compile(rb"kernel-([0-9a-f-]{36})\.json")
TICK = os.sysconf("SC_CLK_TCK")


# -- the server, seen from /proc and its status file(s) -----------------------------------------
@dataclass
class Meeting:
    """A running ``workbench serve`` for the benchmark: the server (with ``--workers N``, the
    ``serve`` process supervising N Voila servers and nginx), the database it serves (a SQLite
    path or a PostgreSQL URL) and its state folder (``--state-dir``: one ``worker-i/`` folder
    per server, each with its status file, when there are several)."""
    server: Server
    db: str
    state: Path
    workers: int = 1

    @property
    def base(self) -> str:
        return self.server.base

    @property
    def token(self) -> str:
        return self.server.token

    @property
    def pid(self) -> int:
        return self.server.process.pid

    def folders(self) -> list[Path]:
        return server_folders(self.state, self.workers)


def server_folders(state: Path, workers: int) -> list[Path]:
    """Each server's state folder: ``state`` itself for one server, else ``state/worker-i``
    (as ``serve --workers`` lays them out)."""
    return [state] if workers == 1 else [state / f"worker-{n}" for n in range(1, workers + 1)]


@dataclass
class Look:
    """One look at the server: its kernels' PSS by kernel id, its own PSS, CPU ticks so far."""
    at: float
    kernels: dict[str, int]        # kernel id → PSS kB
    server_kb: int
    cpu_ticks: int

    @property
    def total_kb(self) -> int:
        return sum(self.kernels.values())


def _stat_ticks(pid: int, children: bool) -> int:
    """utime + stime (and, with ``children``, cutime + cstime of the children it reaped)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # after "pid (comm)": state is fields[0]; utime, stime, cutime, cstime are fields[11:15]
    return sum(int(value) for value in fields[11:15 if children else 13])


def _descendants(top: int) -> list[int]:
    """``top`` and every process below it (the Voila servers, nginx, the kernels)."""
    children: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                children.setdefault(parent_of(proc), []).append(int(proc.name))
            except (OSError, ValueError):          # a process that just ended
                continue
    found, todo = [], [top]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def look(server_pid: int) -> Look:
    """The server's kernels (the ipykernel processes below it) with their PSS, the PSS of the
    rest (the Voila server, or with ``--workers`` the supervising ``serve``, every Voila server
    and nginx), and the CPU ticks of all of them and of the processes they already reaped."""
    kernels, server_kb, ticks = {}, 0, 0
    for pid in _descendants(server_pid):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            usage, pss = _stat_ticks(pid, children=True), pss_kb(pid)
        except (OSError, RuntimeError, ValueError, IndexError):   # a process that just ended
            continue
        found = KERNEL_ID.search(command)
        if b"ipykernel_launcher" in command and found is not None:
            kernels[found.group(1).decode()] = pss
        else:
            server_kb += pss
        ticks += usage
    return Look(time.monotonic(), kernels, server_kb, ticks)


def statuses(meeting: Meeting) -> list[dict]:
    """Each server's status file (kernels, participants_in_use, preheated_ready/target,
    handed_out…); {} for one not written yet."""
    found = []
    for folder in meeting.folders():
        try:
            found.append(json.loads((folder / "kernels.json").read_text()))
        except (OSError, ValueError):
            found.append({})
    return found


SUMMED = ("kernels", "participants_in_use", "preheated_ready", "preheated_target", "handed_out")


def status(meeting: Meeting) -> dict:
    """The servers' status files summed ({} while one of them has none yet)."""
    every = statuses(meeting)
    if not all(every):
        return {}
    return {key: sum(found[key] for found in every) for key in SUMMED}


def pool_full(meeting: Meeting, since: float | None = None) -> bool:
    """Every server's pools full, nobody in (with ``since``: in status files written after that
    ``time.time()``, not one written before the last person came or left)."""
    every = statuses(meeting)
    return all(found and found["participants_in_use"] == 0 and found["preheated_ready"] >= found["preheated_target"]
               and (since is None or found["updated"] > since) for found in every)


def fresh_statuses(meeting: Meeting, since: float, timeout: float = 3 * SAMPLE_SECONDS) -> list[dict]:
    """Each server's status as written after ``since`` (a ``time.time()``): a status file is
    rewritten every 2 s."""
    wait_for(lambda: all(found.get("updated", 0) > since for found in statuses(meeting)), timeout, 0.2)
    return statuses(meeting)


def wait_for(check, timeout: float, every: float = 1.0) -> float | None:
    """Seconds until ``check()`` was true, or None if it was not within ``timeout``."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if check():
            return time.monotonic() - began
        time.sleep(every)
    return None


def pools_ready(meeting: Meeting, timeout: float = 900) -> tuple[int, float, int, int]:
    """The "Pools ready" lines' numbers (one line per server, summed; the seconds of the
    last): kernels, seconds, started, replaced."""
    output = meeting.server.output

    def lines():
        found = POOLS_READY.findall(output.read_text())
        return found if len(found) >= meeting.workers else None
    if wait_for(lines, timeout, 0.5) is None:
        raise RuntimeError(f"the pools were not ready within {timeout:.0f} s:\n{output.read_text()[-3000:]}")
    found = lines()
    return (sum(int(line[0]) for line in found), max(float(line[1]) for line in found),
            sum(int(line[2]) for line in found), sum(int(line[3]) for line in found))


def start_meeting(folder: Path, expect: int, app: str, ceiling: int, db: str | None = None,
                  workers: int = 1) -> Meeting:
    """``workbench serve --expect EXPECT --apps APP --max-participants CEILING`` on ``db`` (a
    PostgreSQL URL; default: a new SQLite file in ``folder``) with ``--workers WORKERS`` and its
    state in ``folder/serve``; returns once it answers (then wait for :func:`pools_ready`)."""
    state = folder / "serve"
    args = ["--apps", app, "--max-participants", str(ceiling), "--state-dir", str(state)]
    if db:
        args += ["--db", db]
    if workers > 1:
        args += ["--workers", str(workers)]
    server = start_server(folder, expect=expect, args=tuple(args))
    return Meeting(server, db or str(server.db), state, workers)


def stop(meeting: Meeting | None, folder: Path, workers: int = 1) -> None:
    """Stop the server (its process group: ``serve``, its Voila servers, nginx), end any kernel
    it left, and delete its files."""
    from workbench.serve.leftovers import clean_runtime, runtime_dir
    try:
        if meeting is not None and meeting.server.process.poll() is None:
            stop_server(meeting.server)
    finally:
        for place in server_folders(folder / "serve", meeting.workers if meeting else workers):
            runtime = runtime_dir(place)
            clean_runtime(runtime)          # only kernels started from this server's own folder
            shutil.rmtree(runtime, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)


# -- what the participants act on ------------------------------------------------------------
def new_target(meeting: Meeting, app: str, title: str) -> tuple[str, Callable[[], int]]:
    """A fresh open approval poll or visioning session (gathering): its join code, and a
    function that counts what is stored for it."""
    from workbench.store import Store
    with Store.open(meeting.db) as store:
        if app == "vote":
            from workbench.polls.store.ballots import count_voters
            from workbench.polls.store.polls import add_poll, resolve_source, update_phase
            items, found = resolve_source(store, "goal:1.3")
            poll = update_phase(store, add_poll(store, {"en": title}, items, "approval", source=found)["id"], "open")

            def stored() -> int:
                with Store.open(meeting.db) as again:
                    return count_voters(again, poll["id"])
            return poll["code"], stored
        from workbench.visioning.store.sessions import add_visioning_session, update_phase
        session = add_visioning_session(store, {"en": title}, [{"en": "In ten years, our community …"}],
                                        {"en": "We collect what you write."})
        update_phase(store, session["id"], "gathering")

        def stored() -> int:
            with Store.open(meeting.db) as again:
                return again.db.execute("SELECT count(*) FROM contributions WHERE session_id = ? "
                                        "AND withdrawn_at IS NULL", [session["id"]]).fetchone()[0]
        return session["code"], stored


async def act(person: Participant, app: str, n: int) -> None:
    await person.open()
    await person.join()
    if app == "vote":
        await person.vote_approval(2)
    else:
        await person.contribute(f"Participant {n} would like community health workers in every village")


# -- a wave ---------------------------------------------------------------------------------
@dataclass
class Wave:
    m: int
    spread: float
    people: list[Participant]
    stored: int
    cpu_seconds: float
    wall_seconds: float
    during_kernels: int
    during_kb: int
    acted: Look
    after_kernels: int
    after_kb: int
    back_seconds: float | None        # kernels back to the pools' size, nobody in
    refilled_seconds: float | None    # and every preheated kernel ready again
    errors: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)   # pages (kernels handed out) by each server

    def times(self, name: str) -> list[float]:
        return [t[name] for t in (p.timings() for p in self.people) if t[name] is not None]

    def after_usable(self) -> list[float]:
        return [p.t_confirmed - p.t_usable for p in self.people if p.t_confirmed is not None]

    def tap_to_saved(self) -> list[float]:
        """From the tap on "send" (or "add") to the page saying it is saved."""
        return [p.t_confirmed - p.t_action for p in self.people
                if p.t_confirmed is not None and p.t_action is not None]

    @property
    def confirmed(self) -> int:
        return sum(p.t_confirmed is not None for p in self.people)

    @property
    def blank(self) -> int:
        return sum(p.blank for p in self.people)

    def participant_kernel_mb(self) -> float | None:
        """Mean PSS (MB) of the participants' kernels once everyone had acted."""
        mine = [self.acted.kernels[p.kernel_id] for p in self.people if p.kernel_id in self.acted.kernels]
        return sum(mine) / len(mine) / 1024 if mine else None

    def machine_holds(self) -> int | None:
        mean = self.participant_kernel_mb()
        return None if not mean else int((MACHINE_MB - self.acted.server_kb / 1024 - RESERVE_MB) / mean)


async def _wave(meeting: Meeting, app: str, m: int, spread: float, after: float, code: str) -> dict:
    pid = meeting.pid
    people = [Participant(meeting.base, meeting.token, app, {"code": code, "lang": "en"}, rng=random.Random(n))
              for n in range(m)]
    most = {"kernels": 0, "kb": 0}
    done = asyncio.Event()

    async def watch():
        while not done.is_set():
            seen = await asyncio.to_thread(look, pid)
            most["kernels"], most["kb"] = max(most["kernels"], len(seen.kernels)), max(most["kb"], seen.total_kb)
            try:
                await asyncio.wait_for(done.wait(), SAMPLE_SECONDS)
            except TimeoutError:
                pass

    async def arrive(n: int, person: Participant):
        await asyncio.sleep(spread * n / m)
        await act(person, app, n)

    first = await asyncio.to_thread(look, pid)
    watcher = asyncio.ensure_future(watch())
    await asyncio.gather(*(arrive(n, person) for n, person in enumerate(people)))
    done.set()
    await watcher
    acted = await asyncio.to_thread(look, pid)        # everyone is still on the page
    most["kernels"], most["kb"] = max(most["kernels"], len(acted.kernels)), max(most["kb"], acted.total_kb)
    await asyncio.gather(*(person.close() for person in people))     # everyone leaves
    left = time.monotonic()
    back = refilled = None
    last = acted
    while time.monotonic() - left < after:
        await asyncio.sleep(min(SAMPLE_SECONDS, max(after - (time.monotonic() - left), 0)))
        last, now = await asyncio.to_thread(look, pid), status(meeting)
        if now and back is None and now["participants_in_use"] == 0 and len(last.kernels) <= now["preheated_target"]:
            back = time.monotonic() - left
        if now and back is not None and refilled is None and now["preheated_ready"] >= now["preheated_target"]:
            refilled = time.monotonic() - left
    return {"people": people, "first": first, "acted": acted, "most": most, "last": last,
            "back": back, "refilled": refilled}


def wave(meeting: Meeting, app: str, m: int, spread: float, after: float) -> Wave:
    code, stored = new_target(meeting, app, f"Meeting benchmark, {m} people")
    since = time.time()
    wait_for(lambda: pool_full(meeting, since), REFILL_WAIT)
    before = [found.get("handed_out", 0) for found in fresh_statuses(meeting, since)]
    found = asyncio.run(_wave(meeting, app, m, spread, after, code))
    people, first, acted = found["people"], found["first"], found["acted"]
    errors = [p.error for p in people if p.error]
    after_all = [found.get("handed_out", 0) for found in fresh_statuses(meeting, time.time())]
    pages = [now - then for now, then in zip(after_all, before)]
    return Wave(m=m, spread=spread, people=people, stored=stored(),
                cpu_seconds=(acted.cpu_ticks - first.cpu_ticks) / TICK, wall_seconds=acted.at - first.at,
                during_kernels=found["most"]["kernels"], during_kb=found["most"]["kb"], acted=acted,
                after_kernels=len(found["last"].kernels), after_kb=found["last"].total_kb,
                back_seconds=found["back"], refilled_seconds=found["refilled"], errors=errors,
                pages=pages)


def single_join(meeting: Meeting, app: str) -> dict[str, float]:
    """The baseline: one person alone with a full pool; best of :data:`SINGLE_REPEATS` for each
    of usable, confirmed and confirmed − usable."""
    code, _ = new_target(meeting, app, "Meeting benchmark, single join")

    async def one(n: int) -> Participant:
        person = Participant(meeting.base, meeting.token, app, {"code": code, "lang": "en"}, rng=random.Random(n))
        await act(person, app, n)
        await person.close()
        return person
    best: dict[str, float] = {}
    for n in range(SINGLE_REPEATS):
        since = time.time()
        wait_for(lambda: pool_full(meeting, since), REFILL_WAIT)
        person = asyncio.run(one(n))
        if person.error:
            raise RuntimeError(f"the single join failed: {person.error}")
        timings = person.timings()
        for name, value in (("usable", timings["usable"]), ("confirmed", timings["confirmed"]),
                            ("after_usable", person.t_confirmed - person.t_usable)):
            best[name] = min(best.get(name, math.inf), value)
    return best


# -- the report -------------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(q * len(ordered)) - 1, 0)]


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def ratio(value: float | None, base: float) -> str:
    if value is None or not base:
        return "–"
    return f"{value / base:.1f}×" if value / base < 10 else f"{value / base:.0f}×"


COLUMNS = [("M", 4), ("spread s", 8), ("usable p50/p95 s", 16), ("×single", 7), ("confirmed p50/p95 s", 19),
           ("×single", 7), ("conf−usable p95", 15), ("tap→saved p95", 13), ("blank", 5), ("failed", 6), ("stored/conf", 11),
           ("CPU s (cores)", 13), ("kernels dur/aft", 15), ("PSS GB dur/aft", 14), ("back s", 6),
           ("pool s", 6), ("MB/kernel", 9), ("24 GB holds", 11), ("pages/server", 12)]


def row(w: Wave, single: dict[str, float]) -> list[str]:
    usable, confirmed = w.times("usable"), w.times("confirmed")
    u95, c95 = percentile(usable, 0.95), percentile(confirmed, 0.95)
    return [str(w.m), f"{w.spread:g}", f"{fmt(percentile(usable, 0.5), 2)}/{fmt(u95, 2)}", ratio(u95, single["usable"]),
            f"{fmt(percentile(confirmed, 0.5), 2)}/{fmt(c95, 2)}", ratio(c95, single["confirmed"]),
            fmt(percentile(w.after_usable(), 0.95), 2), fmt(percentile(w.tap_to_saved(), 0.95), 2), str(w.blank), str(len(w.errors) - w.blank),
            f"{w.stored}/{w.confirmed}",
            f"{w.cpu_seconds:.0f} ({w.cpu_seconds / w.wall_seconds:.2f})" if w.wall_seconds else "–",
            f"{w.during_kernels}/{w.after_kernels}", f"{w.during_kb / 2**20:.2f}/{w.after_kb / 2**20:.2f}",
            fmt(w.back_seconds, 0), fmt(w.refilled_seconds, 0), fmt(w.participant_kernel_mb(), 1),
            str(w.machine_holds() or "–"), pages_per_server(w)]


def pages_per_server(w: Wave) -> str:
    """Pages each server built during the wave, "15+15" (from each server's status file)."""
    return "+".join(map(str, w.pages)) or "–"


def print_table(waves: list[Wave], single: dict[str, float]) -> None:
    print("  ".join(f"{name:>{width}}" for name, width in COLUMNS))
    for w in waves:
        print("  ".join(f"{cell:>{width}}" for cell, (_, width) in zip(row(w, single), COLUMNS)))


def targets(waves: list[Wave], single: dict[str, float], start: tuple[int, float, int, int], pool: int,
            after: float, app: str) -> list[str]:
    """One line per target of the issue: met / not met / not measured, with the number."""
    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"
    lines = []
    for people, within, limit in ((30, 5, 10.0), (60, 60, 5.0)):
        what = f"{people} people opening the link within {within} s: no blank page, p95 time to usable ≤ {limit:g} s"
        found = [w for w in waves if w.m == people and w.spread <= within]
        if not found:
            lines.append(f"{what}: not measured (no wave of {people} within {within} s)")
            continue
        w = found[0]
        p95 = percentile(w.times("usable"), 0.95)
        reached = len(w.times("usable")) == w.m
        ok = w.blank == 0 and reached and p95 is not None and p95 <= limit
        lines.append(f"{what}: {verdict(ok)} (p95 {fmt(p95, 2)} s = {ratio(p95, single['usable'])} the single join; "
                     f"{w.blank} blank, {w.m - len(w.times('usable'))} never usable)")
    worst = max(waves, key=lambda w: percentile(w.after_usable(), 0.95) or math.inf)
    p95 = percentile(worst.after_usable(), 0.95)
    lines.append(f"p95 time to a confirmed {'ballot' if app == 'vote' else 'contribution'} ≤ 2 s after usable: "
                 f"{verdict(all((percentile(w.after_usable(), 0.95) or math.inf) <= 2 for w in waves))} "
                 f"(worst p95 {fmt(p95, 2)} s at M={worst.m}, the join's four steps and the ballot with no "
                 f"time to read; single join {single['after_usable']:.2f} s, {ratio(p95, single['after_usable'])}; "
                 f"the ballot alone, tap to saved: worst p95 "
                 f"{fmt(max((percentile(w.tap_to_saved(), 0.95) or 0) for w in waves), 2)} s)")
    lost = {w.m: max(w.confirmed - w.stored, 0) for w in waves}
    lines.append(f"nothing lost (every confirmed one stored): {verdict(not any(lost.values()))} "
                 f"(stored/confirmed: {', '.join(f'M={w.m} {w.stored}/{w.confirmed}' for w in waves)})")
    def back(w: Wave) -> str:
        return f"M={w.m} not within {after:g} s" if w.back_seconds is None else f"M={w.m} {w.back_seconds:.0f} s"
    ok = all(w.back_seconds is not None and w.back_seconds <= 120 for w in waves)
    unsure = not ok and after < 120 and all(w.back_seconds is None or w.back_seconds <= 120 for w in waves)
    lines.append(f"kernels back to the pool size within 2 minutes of everyone leaving: "
                 f"{'not measured (--after < 120 s)' if unsure else verdict(ok)} ({', '.join(map(back, waves))})")
    kernels, seconds, started, replaced = start
    lines.append(f"--expect {pool} starts with no broken kernel: {verdict(replaced == 0)} "
                 f"({replaced} replaced; {kernels} kernels ready in {seconds:.1f} s, {started} started)")
    return lines


# -- the whole run ------------------------------------------------------------------------------
def default_spread(m: int) -> float:
    """The issue's cases: 30 people within 5 s; 60 (and more) within one minute."""
    return 5.0 if m <= 30 else 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", choices=("vote", "visioning"), default="vote")
    parser.add_argument("--pool", type=int, default=None, help="--expect of the server (default 30; 5 with --quick)")
    parser.add_argument("--sizes", default=None,
                        help="comma-separated M (default 10,30,60 and 2 × the pool; 5 with --quick)")
    parser.add_argument("--spread", type=float, default=None,
                        help="seconds over which a wave's people arrive (default: 5 up to 30 people, else 60)")
    parser.add_argument("--after", type=float, default=None,
                        help="seconds the server is watched after everyone left (default 120; 20 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: one wave of 5 people")
    parser.add_argument("--db", default=None,
                        help="a PostgreSQL URL (postgresql://…) to serve (default: a temporary SQLite file)")
    parser.add_argument("--workers", type=int, default=1,
                        help="Voila servers behind nginx (serve --workers N; needs a PostgreSQL --db)")
    args = parser.parse_args()
    from workbench.store.postgres import is_url, shown
    if args.db and not is_url(args.db):
        parser.error("--db takes a PostgreSQL URL (postgresql://…); the default is a temporary SQLite file")
    if args.workers < 1 or args.workers > 1 and not args.db:
        parser.error("--workers N (N > 1) needs a PostgreSQL --db: a SQLite file is served by one server")
    pool = args.pool or (5 if args.quick else 30)
    after = args.after if args.after is not None else (20.0 if args.quick else 120.0)
    if args.sizes:
        sizes = sorted({int(size) for size in args.sizes.split(",")})
    else:
        sizes = [5] if args.quick else sorted({10, 30, 60, 2 * pool})

    from workbench.serve import FACILITATOR_APPS
    from workbench.serve.capacity import capacity
    ceiling = min(max(sizes) + 10, capacity(len(FACILITATOR_APPS)).participants)
    command = f"--expect {pool} --apps {args.app} --max-participants {ceiling}"
    if args.workers > 1:
        command += f" --workers {args.workers}"
    folder = Path(tempfile.mkdtemp(prefix="bench-meeting-"))
    print(f"workbench serve {command} ({shown(args.db) if args.db else 'temporary SQLite database'}); "
          f"{os.cpu_count()} cores")
    try:
        meeting = start_meeting(folder, pool, args.app, ceiling, args.db, args.workers)
    except RuntimeError:
        stop(None, folder, args.workers)
        raise
    try:
        start = pools_ready(meeting)
        kernels, seconds, started, replaced = start
        print(f"pools ready: {kernels} kernels in {seconds:.1f} s ({started} started, {replaced} replaced); "
              f"server PSS {look(meeting.pid).server_kb / 1024:.0f} MB"
              + (f" ({args.workers} servers and nginx)" if args.workers > 1 else ""))
        single = single_join(meeting, args.app)
        print(f"single join (alone, best of {SINGLE_REPEATS}): usable {single['usable']:.2f} s, "
              f"confirmed {single['confirmed']:.2f} s, confirmed − usable {single['after_usable']:.2f} s")
        waves = []
        for m in sizes:
            spread = args.spread if args.spread is not None else default_spread(m)
            print(f"wave of {m} ({args.app}, arriving over {spread:g} s, watched {after:g} s after)…", flush=True)
            waves.append(wave(meeting, args.app, m, spread, after))
    finally:
        stop(meeting, folder)

    print()
    print_table(waves, single)
    print("(times from each person's arrival; ×single: p95 / the single join; CPU: server + kernels over "
          "the wave, mean cores busy in brackets;\n dur/aft: most during the wave / "
          f"{after:g} s after everyone left; back s: until kernels ≤ the pools' size with nobody in; "
          "pool s: until every\n preheated kernel was ready again; MB/kernel: mean PSS of the participants' "
          f"kernels once all had acted; 24 GB holds: (24 GB − server PSS − {RESERVE_MB / 1024:g} GB) / MB/kernel;\n"
          " pages/server: kernels each server handed to a page during the wave)")
    allowed = capacity(len(FACILITATOR_APPS), memory_mb=MACHINE_MB)
    print(f"workbench serve on 24 GB would allow: {allowed.explain()}")
    for w in waves:
        counted: dict[str, int] = {}
        for error in w.errors:
            counted[error[:200]] = counted.get(error[:200], 0) + 1
        for error, times in sorted(counted.items(), key=lambda item: -item[1])[:5]:
            print(f"  M={w.m}: {times} × {error}")
    print("\nTargets (this machine, single join measured in the same run):")
    for line in targets(waves, single, start, pool, after, args.app):
        print(f"  {line}")


if __name__ == "__main__":
    main()
