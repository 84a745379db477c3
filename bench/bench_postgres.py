"""SQLite against PostgreSQL, in the same run: 60 participants × 1 ballot and a 10,000-row
written-feedback import.

    python3 bench/bench_postgres.py [--people 60] [--rows 10000] [--repeats 3]

Starts a throwaway PostgreSQL server (``tests/pgcluster.py``: Debian's PostgreSQL on a Unix
socket, with its default durability, every commit synced to disk, as SQLite's ``synchronous =
FULL`` in the store) and, for each engine, on a new database each time:

1. ``--people`` ballots one after another from one process (``bench_polls.sequential``);
2. the same ballots from ``--people`` + 1 processes at the same instant, one of them replacing
   another's (``bench_polls.concurrency``, the parser already loaded, as in the vote app): the
   wall time until the last is stored, and that none is lost;
3. the ``--rows`` written-feedback import (``bench_feedback.write_csv``: 1 % bad rows on
   purpose), read, checked and written in one transaction.

Printed: the median of ``--repeats`` for each, SQLite's time as the baseline, and the ratio
PostgreSQL / SQLite. (Participants served by 1 or 2 Voila workers: ``bench/meeting.py --db URL
--workers N``.)
"""
from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import time
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_feedback import write_csv  # noqa: E402
from bench_polls import concurrency, sequential  # noqa: E402
from tests.pgcluster import Cluster  # noqa: E402
from workbench.demo import load_defaults  # noqa: E402
from workbench.feedback.store.written import import_feedback  # noqa: E402
from workbench.plan.store.plans import get_plan  # noqa: E402
from workbench.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    import psycopg
    folder = Path(tempfile.mkdtemp(prefix="bench-postgres-"))
    numbers = itertools.count(1)
    with Cluster(durable=True) as cluster:
        def new_database(engine: str) -> str:
            n = next(numbers)
            if engine == "sqlite":
                return str(folder / f"b{n}.db")
            with psycopg.connect(cluster.url(), autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE b{n}")
            return cluster.url(f"b{n}")

        with Store.open(folder / "plan.db") as store:
            load_defaults(store)
            refs: dict[str, list[str]] = {"theme": [], "goal": [], "action": []}
            for ref, kind, _ in get_plan(store).walk():
                refs[kind].append(ref)
        csv_path = folder / "written.csv"
        bad = write_csv(csv_path, args.rows, refs)

        def feedback_import(target: str) -> float:
            with Store.open(target) as store:
                load_defaults(store)
                start = time.perf_counter()
                result = import_feedback(store, csv_path, "bench")
                took = time.perf_counter() - start
            if result.added != args.rows - bad:
                sys.exit(f"{target}: the import added {result.added}, expected {args.rows - bad}")
            return took

        def quiet(function, *a):
            with redirect_stdout(StringIO()) as said:
                value = function(*a)
            return value, said.getvalue()

        steps = {
            f"{args.people} ballots one after another": lambda t: quiet(sequential, args.people, t),
            f"{args.people + 1} ballots from {args.people + 1} processes at once":
                lambda t: quiet(concurrency, args.people, True, t),
            f"{args.rows}-row feedback import": lambda t: (feedback_import(t), ""),
        }
        print(f"medians of {args.repeats}; each run on a new database; PostgreSQL "
              f"{cluster_version(cluster)} on a Unix socket (commits synced), SQLite {sqlite_version()} (WAL, FULL)")
        print(f"{'':<46} {'SQLite (baseline)':>18} {'PostgreSQL':>12} {'ratio':>8}")
        for name, step in steps.items():
            times, notes = {}, {}
            for engine in ("sqlite", "postgresql"):
                runs = [step(new_database(engine)) for _ in range(args.repeats)]
                times[engine] = statistics.median(r[0] for r in runs)
                notes[engine] = runs[-1][1].strip().splitlines()[-1:] if runs[-1][1] else []
            print(f"{name:<46} {times['sqlite']:>16.3f} s {times['postgresql']:>10.3f} s "
                  f"{times['postgresql'] / times['sqlite']:>7.2f}×")
            for engine, said in notes.items():
                for line in said:
                    print(f"    {engine}: {line}")


def cluster_version(cluster: Cluster) -> str:
    import psycopg
    with psycopg.connect(cluster.url()) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def sqlite_version() -> str:
    import sqlite3
    return sqlite3.sqlite_version


if __name__ == "__main__":
    main()
