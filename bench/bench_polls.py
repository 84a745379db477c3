"""Benchmark polls: 60 ballots from 60 processes at once, and the results of a 145-item poll.

    python3 bench/bench_polls.py [--people 60] [--repeat 3]
    python3 bench/bench_polls.py --synchronous      (durability: SQLite's NORMAL against FULL)

1. Concurrency: ``--people`` processes (one per participant, as one Voila kernel each) open the
   same database, wait for a common start time and each write a dots ballot through
   ``cast_ballot`` (rule checks inside ``BEGIN IMMEDIATE``); one person sends a second ballot at
   the same moment. Reported: wall time until the last ballot is stored, the slowest single
   write, and that every ballot is there (none lost, one row per person). Baseline: the same
   ballots written one after another from one process.
2. Results: a 145-item poll with 60 ballots (typed items), for each method: the whole path the
   facilitator's page takes (read the poll's data, count, breakdown by working group, consensus
   across groups). Baseline: reading the data alone.
3. With ``--synchronous``: 1 (sequential and concurrent) under SQLite's ``synchronous = NORMAL``
   (a confirmed ballot survives a crash of the server) and ``FULL`` (it also survives a power
   cut), in the same run, with the ratio FULL / NORMAL. The store uses ``FULL``.
"""
from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import JoinAnswers
from workbench.polls.results import breakdown, consensus, tally
from workbench.polls.rules import items_from_lines
from workbench.store import Store
from workbench.polls.store.ballots import cast_ballot, count_voters, poll_data, set_group
from workbench.participation.store.participants import join_session
from workbench.polls.store.polls import add_poll, update_phase

ITEMS = 145
BALLOTS = 60


def setup_poll(path: Path, method: str, params: dict | None, people: int, seed: int = 5):
    with Store.open(path) as store:
        items = items_from_lines([f"Action number {n}" for n in range(1, ITEMS + 1)], "en")
        poll = add_poll(store, {"en": f"bench {method}"}, items, method, params)
        update_phase(store, poll["id"], "open")
        ids = []
        with store.transaction():
            for n in range(people):
                pid = join_session(store, poll["session_id"], JoinAnswers(f"Bench Leader {n:03d}", "en", 1, SYNTHETIC_CONSENT))["id"]
                set_group(store, pid, f"wg{n % 6 + 1}")
                ids.append(pid)
    return poll["id"], [i.key for i in items], ids


def make_ballot(method: str, keys: list[str], rng: random.Random):
    order = rng.sample(keys, len(keys))
    if method == "dots":
        return {order[0]: 3, order[1]: 3, order[2]: 2, order[3]: 1, order[4]: 1}
    if method == "approval":
        return order[:rng.randint(5, 30)]
    if method == "score":
        return {k: rng.randint(0, 5) for k in order[:rng.randint(10, 145)]}
    return order[:rng.randint(10, 145)]


def vote(path: str, poll_id: int, participant_id: int, ballot, start: float, warm: bool) -> tuple[float, float]:
    if warm:  # as the vote app does when it shows the ballot
        import workbench.voting  # noqa: F401
    with Store.open(path) as store:
        while time.time() < start:
            time.sleep(0.0005)
        began = time.time()
        cast_ballot(store, poll_id, participant_id, ballot)
        return began, time.time()


def concurrency(people: int, warm: bool, target: str | None = None) -> float:
    """``people`` ballots (and one replaced) from as many processes at once; wall time. On a
    temporary SQLite file, or on ``target`` (a new, empty database: a path or a PostgreSQL URL)."""
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        path = target or str(Path(folder) / "bench.db")
        poll_id, keys, ids = setup_poll(path, "dots", {"budget": 10, "max_per_item": 3}, people)
        ballots = [make_ballot("dots", keys, rng) for _ in ids]
        jobs = [(str(path), poll_id, pid, ballot) for pid, ballot in zip(ids, ballots)]
        jobs.append((str(path), poll_id, ids[0], {keys[0]: 1}))
        start = time.time() + 3.0
        with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
            times = pool.starmap(vote, [(*job, start, warm) for job in jobs])
        wall = max(end for _, end in times) - start
        slowest = max(end - began for began, end in times)
        with Store.open(path) as store:
            stored = count_voters(store, poll_id)
            rows = store.db.execute("SELECT count(*), sum(revision) FROM ballots WHERE poll_id = ?",
                                    [poll_id]).fetchone()
    how = "parser loaded (the vote app loads it when it shows the ballot)" if warm else \
        "cold (each process loads the ballot parser, numpy, on its first ballot)"
    print(f"{len(jobs)} ballots from {len(jobs)} processes at once, {how}: all stored in {wall:.3f} s "
          f"(slowest single write {slowest:.3f} s); {stored} voters, {rows[0]} rows, "
          f"{rows[1] - rows[0]} replaced; lost: {people - stored}")
    return wall


def sequential(people: int, target: str | None = None) -> float:
    """Baseline: the same number of ballots, one after another, from one process (on a
    temporary SQLite file, or on ``target``)."""
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        path = target or str(Path(folder) / "baseline.db")
        poll_id, keys, ids = setup_poll(path, "dots", {"budget": 10, "max_per_item": 3}, people)
        with Store.open(path) as store:
            cast_ballot(store, poll_id, ids[0], make_ballot("dots", keys, rng))   # load the parser
            t0 = time.perf_counter()
            for pid in ids:
                cast_ballot(store, poll_id, pid, make_ballot("dots", keys, rng))
            took = time.perf_counter() - t0
    print(f"baseline: {people} ballots one after another in one process: {took:.3f} s")
    return took


def results_path(repeat: int) -> None:
    print(f"\nResults of a {ITEMS}-item poll with {BALLOTS} ballots (best of {repeat}):")
    print(f"{'method':<15} {'read data':>10} {'count':>9} {'+ groups + consensus':>21} {'ratio to read':>14}")
    with tempfile.TemporaryDirectory() as folder:
        for method in ("dots", "approval", "score", "borda", "schulze", "copeland", "ranked-pairs",
                       "instant-runoff"):
            path = Path(folder) / f"{method}.db"
            params = {"budget": 10, "max_per_item": 3} if method == "dots" else None
            poll_id, keys, ids = setup_poll(path, method, params, BALLOTS)
            rng = random.Random(2)
            with Store.open(path) as store:
                for pid in ids:
                    cast_ballot(store, poll_id, pid, make_ballot(method, keys, rng))
                reads, counts, wholes = [], [], []
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    data = poll_data(store, poll_id)
                    t1 = time.perf_counter()
                    tally(data)
                    t2 = time.perf_counter()
                    breakdown(data, "group")
                    consensus(data, "group")
                    t3 = time.perf_counter()
                    reads.append(t1 - t0)
                    counts.append(t2 - t1)
                    wholes.append(t3 - t0)
            read, whole = min(reads), min(wholes)
            print(f"{method:<15} {1000 * read:>8.1f}ms {1000 * min(counts):>7.1f}ms {1000 * whole:>19.1f}ms "
                  f"{whole / read:>13.1f}×")


def durability(people: int, repeat: int) -> None:
    """The write paths under ``synchronous = NORMAL`` and ``FULL``, best of ``repeat``."""
    from workbench.store import db
    took = {}
    for mode in ("NORMAL", "FULL"):
        db.SYNCHRONOUS = mode   # read by every connection opened after this, forked ones too
        print(f"-- synchronous = {mode}")
        took[mode] = (min(sequential(people) for _ in range(repeat)),
                      min(concurrency(people, warm=True) for _ in range(repeat)))
    for n, what in enumerate((f"{people} ballots one after another", f"{people + 1} ballots at once")):
        print(f"{what}: NORMAL {took['NORMAL'][n]:.3f} s, FULL {took['FULL'][n]:.3f} s "
              f"(FULL / NORMAL = {took['FULL'][n] / took['NORMAL'][n]:.2f}×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--synchronous", action="store_true",
                        help="compare SQLite's synchronous = NORMAL and FULL, and stop")
    args = parser.parse_args()
    if args.synchronous:
        return durability(args.people, args.repeat)
    base = sequential(args.people)
    for warm in (True, False):
        wall = concurrency(args.people, warm)
        print(f"  concurrent / sequential = {wall / base:.1f}×")
    results_path(args.repeat)


if __name__ == "__main__":
    main()
