"""The ``feedback`` commands: rounds, live sessions, written imports, triage, stats, report."""
from __future__ import annotations

import json
from pathlib import Path

import click

from workbench.cli import db_option, friendly, main, open_store

ROUND = click.option("--round", "round_name", required=True, help="Feedback round name, e.g. draft-1.")


@main.group()
def feedback():
    """Feedback rounds on a draft plan: live sessions, written submissions, triage, the
    "you said, we did" report."""


@feedback.command("round")
@db_option
@click.argument("name")
@click.option("--version", type=int, default=None, help="Plan version reviewed (default: the latest).")
@click.option("--plan", "slug", default=None, help="Plan id (default: the first plan stored).")
@click.option("--close", "action", flag_value="close", help="Close the round: comments can no longer change.")
@click.option("--reopen", "action", flag_value="reopen", help="Reopen a closed round.")
@friendly
def round_command(db_path, name, version, slug, action):
    """Create feedback round NAME (freezing the plan version it reviews), or close/reopen it.

    \b
    Example:
        workbench feedback round draft-1 --version 1
        workbench feedback round draft-1 --close
    """
    from workbench.feedback.store.comments import add_round, update_round
    with open_store(db_path) as store:
        found = update_round(store, name, closed=action == "close") if action \
            else add_round(store, name, slug=slug, version=version)
    state = "closed" if found["closed"] else "open"
    click.echo(f"round {found['name']}: reviews {found['slug']} version {found['version']} "
               f"({found['version_label']}, frozen); {state}")


@feedback.command("rounds")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly
def rounds_command(db_path, as_json):
    """List the feedback rounds with their live sessions and counts.

    \b
    Example:
        workbench feedback rounds --json
    """
    from workbench.feedback.store.comments import list_feedback_sessions, list_rounds, round_numbers
    with open_store(db_path) as store:
        rows = [{"round": r["name"], "version": r["version"], "version_label": r["version_label"],
                 "closed": r["closed"], **round_numbers(store, r["name"]),
                 "codes": {s["code"]: s["phase"] for s in list_feedback_sessions(store, r["name"])}}
                for r in list_rounds(store)]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        codes = ", ".join(f"{code} ({phase})" for code, phase in r["codes"].items()) or "no live sessions"
        click.echo(f"{r['round']}: version {r['version']} ({r['version_label']}), {r['comments']} comments, "
                   f"{'closed' if r['closed'] else 'open'}; {codes}")


@feedback.command("session")
@db_option
@ROUND
@click.option("--title", default=None, help="Session title (English).")
@friendly
def session_command(db_path, round_name, title):
    """Add a live session to a round and print its join code (open it with `feedback phase`).

    \b
    Example:
        workbench feedback session --round draft-1
    """
    from workbench.feedback.store.comments import add_feedback_session
    with open_store(db_path) as store:
        session = add_feedback_session(store, round_name, {"en": title} if title else None)
    click.echo(f"session {session['id']} of round {round_name}: join code {session['code']} ({session['phase']})")


@feedback.command("phase")
@db_option
@click.argument("code")
@click.argument("phase", type=click.Choice(["open", "closed"]))
@friendly
def phase_command(db_path, code, phase):
    """Open or close the live feedback session with join code CODE.

    \b
    Example:
        workbench feedback phase K7QX4R open
    """
    from workbench.feedback.store.comments import find_feedback_session, update_session_phase
    with open_store(db_path) as store:
        session = update_session_phase(store, find_feedback_session(store, code)["id"], phase)
    click.echo(f"session {session['code']} is {session['phase']}")


@feedback.command("import")
@db_option
@click.argument("file", type=click.Path(dir_okay=False))
@ROUND
@click.option("--mapping", type=click.Path(dir_okay=False), default=None,
              help="YAML column mapping (columns:, defaults:, sheet:).")
@click.option("--column", "columns", multiple=True, metavar="FIELD=HEADER",
              help="Column holding a field, e.g. --column comment='Your feedback' (repeatable).")
@click.option("--default", "defaults", multiple=True, metavar="FIELD=VALUE",
              help="Value for an absent column or empty cell, e.g. --default language=sw (repeatable).")
@click.option("--sheet", default=None, help="XLSX sheet (default: the first).")
@click.option("--strict", is_flag=True, help="Refuse the whole file if any row is bad.")
@click.option("--plan", "slug", default=None, help="Plan id for a new round (default: the first plan).")
@friendly
def import_command(db_path, file, round_name, mapping, columns, defaults, sheet, strict, slug):
    """Import written feedback (CSV or XLSX, one comment per row) into a round.

    Columns by default: ref, comment, type, language, country (optional: submission, quote,
    date). Bad rows are listed with their row number and reason; good rows are imported
    unless --strict. Rows already imported are not added again. A new round is created
    against the current plan version.

    \b
    Example:
        workbench feedback import written.csv --round draft-1
        workbench feedback import kobo.xlsx --round draft-1 --mapping kobo.yaml --strict
    """
    from workbench.feedback.store.written import import_feedback
    from workbench.feedback.written import ColumnMapping, load_mapping
    base = load_mapping(mapping) if mapping else ColumnMapping()
    with open_store(db_path) as store:
        result = import_feedback(store, file, round_name, base.with_options(columns, defaults, sheet),
                                 strict=strict, slug=slug)
    for problem in result.problems:
        click.echo(problem.message(file), err=True)
    created = " (new round)" if result.round_created else ""
    click.echo(f"{file}: {result.added} comments added to round {result.round}{created}; "
               f"{result.already} already imported; {len(result.problems)} bad rows")


@feedback.command("stats")
@db_option
@ROUND
@click.option("--json", "as_json", is_flag=True, help='Print {"comments", "by_type", "by_status", "by_theme"}.')
@friendly
def stats_command(db_path, round_name, as_json):
    """Count a round's comments by type, status and theme.

    \b
    Example:
        workbench feedback stats --round draft-1 --json
    """
    from workbench.feedback.rules import feedback_stats
    from workbench.feedback.store.comments import get_round, list_comments
    from workbench.plan.store.plans import get_plan
    with open_store(db_path) as store:
        found = get_round(store, round_name)
        themes = [str(t.number) for t in get_plan(store, found["slug"], found["version"]).themes]
        stats = feedback_stats(list_comments(store, round_name), themes)
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    click.echo(f"{stats['comments']} comments")
    for key in ("by_type", "by_status", "by_theme"):
        click.echo(f"{key.replace('_', ' ')}: " + ", ".join(f"{k} {n}" for k, n in stats[key].items()))


@feedback.command("comments")
@db_option
@ROUND
@click.option("--status", default=None, help="Only comments with this status (new, accepted, …).")
@click.option("--ref", default=None, help="Only comments on this item and the items under it.")
@friendly
def comments_command(db_path, round_name, status, ref):
    """List a round's comments (id, item, type, language, status, text) for triage.

    \b
    Example:
        workbench feedback comments --round draft-1 --status new
    """
    from workbench.feedback.store.comments import list_comments
    with open_store(db_path) as store:
        for c in list_comments(store, round_name, status=status, ref=ref):
            click.echo(f"{c.id}\t{c.ref}\t{c.type}\t{c.language}\t{c.status}\t{' '.join(c.text.split())}")


@feedback.command("triage")
@db_option
@click.argument("comment_id", type=int)
@click.option("--status", required=True,
              type=click.Choice(["accepted", "partly_accepted", "declined", "out_of_scope", "duplicate"]))
@click.option("--response", default="", help="The answer to the comment's author.")
@click.option("--reason", default="", help="Why it was declined (required for declined).")
@click.option("--landed", default=None, metavar="VERSION:REF",
              help="Where the change landed, e.g. 2:1.2.5 (required for accepted).")
@click.option("--duplicate-of", type=int, default=None, help="The comment this one repeats.")
@click.option("--by", "triaged_by", default="", help="Who decided (a working group's name).")
@friendly
def triage_command(db_path, comment_id, status, response, reason, landed, duplicate_of, triaged_by):
    """Record a triage decision on a comment (appended to its history).

    \b
    Example:
        workbench feedback triage 12 --status accepted --landed 2:1.2.5 --response "Added training"
        workbench feedback triage 13 --status declined --reason "Already in 2.3.1"
    """
    from workbench.feedback.rules import Decision
    from workbench.feedback.store.triage import add_decision
    version, ref = None, None
    if landed:
        number, sep, ref = landed.partition(":")
        if not sep or not number.strip().isdigit():
            raise click.BadParameter("expected VERSION:REF such as 2:1.2.5", param_hint="--landed")
        version = int(number)
    with open_store(db_path) as store:
        comment = add_decision(store, comment_id, Decision(status, response, reason, version, ref, duplicate_of),
                               triaged_by=triaged_by)
    click.echo(f"comment {comment.id}: {comment.status}")


@feedback.command("report")
@db_option
@ROUND
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True)
@click.option("--lang", default="en", show_default=True, help="Language of the report's words and titles.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: standard output).")
@friendly
def report_command(db_path, round_name, fmt, lang, output):
    """Write the "you said, we did" report of a round (HTML page or Markdown).

    \b
    Example:
        workbench feedback report --round draft-1 --format md -o you-said-we-did.md
    """
    from workbench.feedback.report import write_report
    from workbench.feedback.store.report import load_report
    with open_store(db_path) as store:
        text = write_report(load_report(store, round_name, lang), fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"{output}: report of round {round_name} written")
    else:
        click.echo(text)
