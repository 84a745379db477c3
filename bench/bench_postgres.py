"""SQLite against PostgreSQL, in the same run: 60 participants × 1 ballot and a 10,000-row
written-feedback import.

    python3 bench/bench_postgres.py [--people 60] [--rows 10000] [--repeats 3]
                                    [--workers-wave 30] [--skip-workers]

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
PostgreSQL / SQLite.

4. Then, on the same PostgreSQL server (unless ``--skip-workers``), participants served by one
   and by two Voila servers on this machine: ``workbench serve --expect M --apps vote
   --workers 1``, then ``--workers 2`` (behind nginx), each on a new database, and one wave of
   M (``--workers-wave``, default 30) simulated participants arriving within 5 s who open the
   vote app, join and cast one approval ballot (``bench/meeting.py``'s server, wave and
   participants). One row each: usable and confirmed p50/p95, failures, stored/confirmed, the
   pages each server built, and the 2-server p95 / the 1-server p95 (1 server = baseline, same
   run). With 1 server there is no nginx in front (``serve --workers 1`` runs Voila alone).
   More waves, sizes and servers: ``bench/meeting.py --db URL --workers N``.
"""
from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import sys
import tempfile
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_feedback import plan_refs, timed_import, write_csv  # noqa: E402
from bench_polls import concurrency, sequential  # noqa: E402
from tests.pgcluster import Cluster  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers-wave", type=int, default=30,
                        help="people in the wave served by 1, then 2 servers (default 30, within 5 s)")
    parser.add_argument("--skip-workers", action="store_true", help="leave out the 1-against-2-servers wave")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-postgres-"))
    try:
        run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: Path) -> None:
    import psycopg
    numbers = itertools.count(1)
    with Cluster(durable=True) as cluster:
        def new_database(engine: str) -> str:
            n = next(numbers)
            if engine == "sqlite":
                return str(folder / f"b{n}.db")
            with psycopg.connect(cluster.url(), autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE b{n}")
            return cluster.url(f"b{n}")

        csv_path = folder / "written.csv"
        bad = write_csv(csv_path, args.rows, plan_refs(folder))

        def feedback_import(target: str) -> float:
            took, result = timed_import(target, csv_path)
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

        if not args.skip_workers:
            print()
            servers_wave(lambda: new_database("postgresql"), args.workers_wave)


#: Seconds over which the wave's people arrive (the issue's "30 within 5 s").
WAVE_SPREAD = 5.0


def servers_wave(new_database, m: int, counts: tuple[int, ...] = (1, 2)) -> None:
    """One wave of ``m`` people against ``serve --workers N`` for each N of ``counts``, each
    on a new database from ``new_database()``; one row each, the first the baseline."""
    from bench.meeting import fmt, percentile, pools_ready, ratio, start_meeting, stop, wave
    from workbench.serve import FACILITATOR_APPS
    from workbench.serve.capacity import capacity
    ceiling = min(m + 10, capacity(len(FACILITATOR_APPS)).participants)
    print(f"{m} people arriving within {WAVE_SPREAD:g} s (vote app, join, one approval ballot) against "
          f"`workbench serve --expect {m} --apps vote --max-participants {ceiling} --workers N`, "
          "each on a new PostgreSQL database:")
    rows = []
    for workers in counts:
        folder = Path(tempfile.mkdtemp(prefix="bench-workers-"))
        try:
            meeting = start_meeting(folder, m, "vote", ceiling, new_database(), workers)
        except RuntimeError:
            stop(None, folder, workers)
            raise
        try:
            kernels, ready, _, replaced = pools_ready(meeting)
            done = wave(meeting, "vote", m, WAVE_SPREAD, after=0)
        finally:
            stop(meeting, folder)
        usable, confirmed = done.times("usable"), done.times("confirmed")
        rows.append({"servers": workers, "ready": f"{kernels} in {ready:.0f} s" + (f", {replaced} replaced" if replaced else ""),
                     "u50": percentile(usable, 0.5), "u95": percentile(usable, 0.95),
                     "c50": percentile(confirmed, 0.5), "c95": percentile(confirmed, 0.95),
                     "failed": f"{len(done.errors)} ({done.blank} blank)", "stored": f"{done.stored}/{done.confirmed}",
                     "pages": "+".join(map(str, done.pages)), "errors": done.errors})
    base = rows[0]
    print(f"{'servers':>7}  {'kernels ready':>16}  {'usable p50/p95':>15}  {'confirmed p50/p95':>17}  "
          f"{'failed':>11}  {'stored/conf':>11}  {'pages/server':>12}  {'usable p95 ×1':>13}  {'conf p95 ×1':>11}")
    for row in rows:
        print(f"{row['servers']:>7}  {row['ready']:>16}  {fmt(row['u50'], 2) + '/' + fmt(row['u95'], 2) + ' s':>15}  "
              f"{fmt(row['c50'], 2) + '/' + fmt(row['c95'], 2) + ' s':>17}  {row['failed']:>11}  "
              f"{row['stored']:>11}  {row['pages']:>12}  {ratio(row['u95'], base['u95']):>13}  "
              f"{ratio(row['c95'], base['c95']):>11}")
    print(f"(times from each person's arrival; ×1: p95 / the {base['servers']}-server p95 of this run; "
          "pages/server: kernels each server handed to a page, from its status file)")
    for row in rows:
        counted: dict[str, int] = {}
        for error in row["errors"]:
            counted[error[:200]] = counted.get(error[:200], 0) + 1
        for error, times in sorted(counted.items(), key=lambda item: -item[1])[:3]:
            print(f"  {row['servers']} servers: {times} × {error}")


def cluster_version(cluster: Cluster) -> str:
    import psycopg
    with psycopg.connect(cluster.url()) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def sqlite_version() -> str:
    import sqlite3
    return sqlite3.sqlite_version


if __name__ == "__main__":
    main()
