"""The decade tracker's commands: ``tracker import|export|status`` and ``review``."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from workbench.cli import db_option, friendly, main, open_store


class DateType(click.ParamType):
    """A date written YYYY-MM-DD."""
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"expected a date written YYYY-MM-DD, got {value!r}", param, ctx)


DATE = DateType()
PLAN_HELP = "Plan id (default: the first plan stored)."


@main.group()
def tracker():
    """Milestones and progress updates of the plan's actions: import, export, status."""


@tracker.command("import")
@db_option
@click.option("--milestones", "milestones", type=click.Path(dir_okay=False), default=None,
              help="Milestones CSV: id,action,title,target,owner,unit,baseline,target_value.")
@click.option("--updates", "updates", type=click.Path(dir_okay=False), default=None,
              help="Updates CSV: milestone,date,status,value,note,corrects.")
@click.option("--lang", default="en", show_default=True, help="Language of the 'title' column.")
@click.option("--plan", "slug", default=None, help=PLAN_HELP)
@friendly
def tracker_import(db_path, milestones, updates, lang, slug):
    """Import milestones and/or progress updates from CSV files.

    Everything is checked first; an error names the file, row and field, and nothing is
    written. Importing the same files again adds nothing.

    \b
    Example:
        workbench tracker import --milestones milestones.csv --updates updates.csv
    """
    from workbench.tracker.store.files import import_tracker_csv
    if not milestones and not updates:
        raise click.UsageError("give --milestones FILE, --updates FILE or both")
    with open_store(db_path) as store:
        counts = import_tracker_csv(store, milestones, updates, slug, lang)
    click.echo(f"milestones: {counts['milestones_added']} added, {counts['milestones_changed']} changed, "
               f"{counts['milestones_present']} already there; updates: {counts['updates_added']} added, "
               f"{counts['updates_present']} already there")


@tracker.command("export")
@db_option
@click.option("-o", "--output", "folder", type=click.Path(file_okay=False), required=True,
              help="Folder to write milestones.csv and updates.csv into (created if needed).")
@click.option("--lang", default="en", show_default=True, help="Language of the 'title' column.")
@click.option("--plan", "slug", default=None, help=PLAN_HELP)
@friendly
def tracker_export(db_path, folder, lang, slug):
    """Export milestones and progress updates as CSV files that import back unchanged.

    \b
    Example:
        workbench tracker export -o tracker-2025/
    """
    from workbench.tracker.store.files import export_tracker_csv
    with open_store(db_path) as store:
        paths = export_tracker_csv(store, folder, slug, lang)
    for path in paths:
        click.echo(str(path))


@tracker.command("status")
@db_option
@click.option("--as-of", "as_of", type=DATE, default=None, help="Date to report on (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--plan", "slug", default=None, help=PLAN_HELP)
@friendly
def tracker_status(db_path, as_of, as_json, slug):
    """Print counts by status, the share done and overdue milestones, per theme and goal.

    The share done is done / (all − dropped). With --json the output is
    {"as_of", "milestones", "by_status", "done_share", "overdue": [ids], "themes": [...]}.

    \b
    Example:
        workbench tracker status --as-of 2025-12-31 --json
    """
    from workbench.tracker.rollups import status_summary
    from workbench.tracker.store.milestones import load_tracker
    as_of = as_of or dt.date.today()
    with open_store(db_path) as store:
        plan, found = load_tracker(store, slug)
    summary = status_summary(plan, found.snapshot(as_of), as_of)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    click.echo(_status_text(summary))


def _status_text(summary: dict) -> str:
    def line(numbers):
        share = numbers["done_share"]
        counts = ", ".join(f"{n} {status}" for status, n in numbers["by_status"].items() if n)
        return f"{'–' if share is None else f'{share:.0%}'} done ({counts or 'no milestones'})"
    lines = [f"As of {summary['as_of']}: {summary['milestones']} milestones, {line(summary)}",
             f"Overdue: {len(summary['overdue'])}" + (f" ({', '.join(summary['overdue'])})"
                                                      if summary["overdue"] else "")]
    for theme in summary["themes"]:
        lines.append(f"  theme {theme['number']}: {line(theme)}")
        for goal in theme["goals"]:
            lines.append(f"    goal {theme['number']}.{goal['number']}: {line(goal)}")
    return "\n".join(lines)


@main.command()
@db_option
@click.option("--as-of", "as_of", type=DATE, default=None, help="Date to report on (default: today).")
@click.option("--since", "since", type=DATE, required=True, help="The previous review's date.")
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True)
@click.option("--lang", default="en", show_default=True, help="Language of the report (sw, en, …).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: standard output).")
@click.option("--plan", "slug", default=None, help=PLAN_HELP)
@friendly
def review(db_path, as_of, since, fmt, lang, output, slug):
    """Write the annual review for the review meeting: overall progress, per theme, what was
    completed, what slipped, what is overdue, indicator charts and the notes reported since
    the previous review. The HTML file is self-contained (charts embedded; opens offline).

    \b
    Example:
        workbench review --as-of 2025-12-31 --since 2024-12-31 -o review-2025.html
    """
    from workbench.core.i18n import choose_language
    from workbench.tracker.review import build_review, write_review
    from workbench.tracker.store.milestones import load_tracker
    as_of = as_of or dt.date.today()
    with open_store(db_path) as store:
        plan, found = load_tracker(store, slug)
    text = write_review(build_review(plan, found, as_of, since, choose_language(lang)), fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"{output}: review as of {as_of} since {since} written")
    else:
        click.echo(text, nl=False)
