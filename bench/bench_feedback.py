"""Time a 10,000-row written-feedback import and the "you said, we did" report on it.

Run: python3 bench/bench_feedback.py [--rows 10000] [--repeats 3]

Data: a seeded CSV of ``--rows`` comments on the 2023–2033 plan (75 % on actions, 20 % on goals,
5 % on themes; five languages; ten countries; 1 % bad rows: unknown references, empty comments,
unknown languages), imported into round ``bench`` of a fresh database; then a draft 2 with a
few edits and a decision on every third comment.

Each step is printed next to a baseline measured in the same run, and their ratio:

- import (read, check every row, write, in one transaction) vs. a plain ``csv.DictReader``
  pass over the same file (reading only);
- re-import of the same file (nothing added: every row's hash is already stored) vs. the same;
- the report (read the round, its comments and their latest decisions, diff to draft 2, build,
  render HTML and Markdown) vs. a pandas group-by of the same rows (counts by ref × type);
- ``feedback stats`` (the --json numbers) vs. the same pandas group-by.

The counts of the report and of the baseline must agree; the bench stops if they do not.
Medians of ``--repeats`` runs (each import on a fresh database).
"""
from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import timed

from workbench.demo import load_defaults  # noqa: E402
from workbench.feedback.rules import Decision, feedback_stats  # noqa: E402
from workbench.feedback.report import write_report  # noqa: E402
from workbench.feedback.store.report import load_report  # noqa: E402
from workbench.feedback.store.written import import_feedback  # noqa: E402
from workbench.store import Store  # noqa: E402
from workbench.feedback.store.comments import list_comments  # noqa: E402
from workbench.plan.store.versions import add_version, update_item  # noqa: E402
from workbench.plan.store.plans import get_plan  # noqa: E402
from workbench.feedback.store.triage import add_decision  # noqa: E402

TYPES = ("support", "concern", "suggestion", "question")
LANGUAGES = ("sw", "en", "es", "fr", "pt")
COUNTRIES = ("KE", "TZ", "UG", "NG", "GH", "US", "CA", "MX", "BR", "FR")
WORDS = ("mafunzo", "training", "funding", "ufadhili", "healing", "uponyaji", "survivors", "waathirika",
         "languages", "lugha", "safety", "usalama", "pay", "malipo", "research", "utafiti")


def write_csv(path: Path, rows: int, refs: dict[str, list[str]], seed: int = 4) -> int:
    """Write the bench file; return how many rows are bad on purpose."""
    rng = random.Random(seed)
    bad = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["ref", "comment", "type", "language", "country", "submission", "quote"])
        for n in range(rows):
            kind = rng.choices(("action", "goal", "theme"), (75, 20, 5))[0]
            row = [rng.choice(refs[kind]), " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 30))),
                   rng.choice(TYPES), rng.choice(LANGUAGES), rng.choice(COUNTRIES), f"form-{n // 3}",
                   rng.choice(("yes", "no"))]
            if rng.random() < 0.01:
                bad += 1
                field = rng.randrange(3)
                row[[0, 1, 3][field]] = ["9.9.9", "", "xx"][field]
            out.writerow(row)
    return bad


def plan_refs(folder: Path) -> dict[str, list[str]]:
    """The plan's refs by kind (theme, goal, action), read from a database made in ``folder``."""
    refs: dict[str, list[str]] = {"theme": [], "goal": [], "action": []}
    with Store.open(folder / "plan.db") as store:
        load_defaults(store)
        for ref, kind, _ in get_plan(store).walk():
            refs[kind].append(ref)
    return refs


def timed_import(target, path: Path):
    """(seconds, result) of importing the file ``path`` into round ``bench`` of a new database
    ``target`` (a path or a PostgreSQL URL) holding the plan; the loading is not timed."""
    with Store.open(target) as store:
        load_defaults(store)
        start = time.perf_counter()
        result = import_feedback(store, path, "bench")
        return time.perf_counter() - start, result


def show(name: str, seconds: float, baseline_name: str, baseline: float) -> None:
    print(f"{name:<34} {seconds * 1000:9.1f} ms   {baseline_name:<30} {baseline * 1000:8.1f} ms"
          f"   ratio {seconds / baseline:6.1f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    import pandas as pd
    folder = Path(tempfile.mkdtemp(prefix="bench-feedback-"))
    refs = plan_refs(folder)
    path = folder / "written.csv"
    bad = write_csv(path, args.rows, refs)
    print(f"{args.rows} rows ({bad} bad on purpose), {path.stat().st_size / 1e6:.1f} MB; medians of {args.repeats}")

    baseline_read, _ = timed(lambda: sum(1 for _ in csv.DictReader(open(path, newline="", encoding="utf-8"))),
                             args.repeats)
    counter = iter(range(10_000))

    runs = [timed_import(folder / f"bench-{next(counter)}.db", path) for _ in range(args.repeats)]
    import_time, result = statistics.median(r[0] for r in runs), runs[-1][1]
    if result.added != args.rows - bad or len(result.problems) != bad:
        sys.exit(f"import added {result.added} and reported {len(result.problems)} bad rows; expected "
                 f"{args.rows - bad} and {bad}")
    show("import (check + write)", import_time, "csv.DictReader pass", baseline_read)

    store = Store.open(folder / f"bench-{next(counter) - 1}.db")
    reimport, again = timed(lambda: import_feedback(store, path, "bench"), args.repeats)
    if again.added != 0:
        sys.exit(f"re-import added {again.added} comments")
    show("re-import (nothing added)", reimport, "csv.DictReader pass", baseline_read)

    add_version(store, label="draft 2")
    for ref in refs["action"][::20]:
        update_item(store, ref, title={"en": f"Revised {ref}"})
    comments = list_comments(store, "bench")
    with store.transaction():
        for c in comments[::3]:
            add_decision(store, c.id, Decision("accepted", "Changed in draft 2", landed_version=2, landed_ref=c.ref)
                         if c.kind != "theme" else Decision("out_of_scope", "Outside the plan"))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)

    def baseline_groupby():
        good = frame[(frame.comment != "") & (frame.ref != "9.9.9") & (frame.language != "xx")]
        return good.groupby(["ref", "type"]).size()
    baseline_report, counts = timed(baseline_groupby, args.repeats)

    def report():
        built = load_report(store, "bench")
        return built, write_report(built, "html"), write_report(built, "md")
    report_time, (built, html_text, md_text) = timed(report, args.repeats)
    by_item = {(item.ref, t): n for item in built.items for t, n in item.by_type.items() if n}
    if by_item != {key: int(n) for key, n in counts.items()}:
        sys.exit("the report's counts differ from the pandas group-by")
    show("report (load, diff, HTML + Markdown)", report_time, "pandas group-by ref × type", baseline_report)
    print(f"{'':<34} report sizes: HTML {len(html_text) / 1e6:.1f} MB, Markdown {len(md_text) / 1e6:.1f} MB")
    stats_time, _ = timed(lambda: feedback_stats(list_comments(store, "bench"), ["1", "2", "3", "4"]), args.repeats)
    show("stats (--json numbers)", stats_time, "pandas group-by ref × type", baseline_report)
    store.close()


if __name__ == "__main__":
    main()
