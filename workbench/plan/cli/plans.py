"""The ``plan`` commands: show, import, export."""
from __future__ import annotations

import json
from pathlib import Path

import click

from workbench.cli import db_option, friendly, main, open_store


@main.group()
def plan():
    """Show, import and export plans (themes → goals → actions)."""


@plan.command("show")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of an indented tree.")
@click.option("--lang", default="en", show_default=True, help="Language of the titles in the tree (sw, en, …).")
@click.option("--plan", "slug", default=None, help="Plan id (default: the first plan stored).")
@click.option("--version", "version", type=int, default=None, help="Plan version (default: latest).")
@friendly
def plan_show(db_path, as_json, lang, slug, version):
    """Print the plan as a tree with counts, or as JSON.

    \b
    Example:
        workbench plan show --lang sw
        workbench plan show --json
    """
    from workbench.plan.views import plan_summary, plan_tree_text
    from workbench.plan.store.plans import get_plan
    with open_store(db_path) as store:
        the_plan = get_plan(store, slug, version)
    if as_json:
        click.echo(json.dumps(plan_summary(the_plan), ensure_ascii=False, indent=2))
    else:
        click.echo(plan_tree_text(the_plan, lang))


@plan.command("import")
@db_option
@click.argument("file", type=click.Path(dir_okay=False))
@friendly
def plan_import(db_path, file):
    """Import a plan from YAML or CSV (one row per action) as a new plan version.

    The whole file is checked first; any error names the file, line or row, and field,
    and nothing is written.

    \b
    Example:
        workbench plan import my-plan.yaml
    """
    from workbench.plan.files import read_plan
    from workbench.plan.store.plans import add_plan
    the_plan = read_plan(file)
    with open_store(db_path) as store:
        add_plan(store, the_plan)
    click.echo(f"{file}: plan {the_plan.slug!r} imported: {len(the_plan.themes)} themes, "
               f"{sum(len(t.goals) for t in the_plan.themes)} goals, {the_plan.actions_found} actions")


@plan.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["yaml", "csv"]), default="yaml", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: standard output).")
@click.option("--plan", "slug", default=None, help="Plan id (default: the first plan stored).")
@click.option("--version", "version", type=int, default=None, help="Plan version (default: latest).")
@friendly
def plan_export(db_path, fmt, output, slug, version):
    """Export a plan as YAML or CSV; importing the file gives the same plan back.

    \b
    Example:
        workbench plan export --format csv -o plan.csv
    """
    from workbench.plan.files import write_plan_csv, write_plan_yaml
    from workbench.plan.store.plans import get_plan
    with open_store(db_path) as store:
        the_plan = get_plan(store, slug, version)
    text = write_plan_yaml(the_plan) if fmt == "yaml" else write_plan_csv(the_plan)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@plan.command("diff")
@db_option
@click.argument("old", type=int)
@click.argument("new", type=int)
@click.option("--plan", "slug", default=None, help="Plan id (default: the first plan stored).")
@click.option("--lang", default="en", show_default=True, help="Language of the titles and texts shown.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON with every change.")
@click.option("--no-text", is_flag=True, help="Show title changes only, not text changes.")
@friendly
def plan_diff(db_path, old, new, slug, lang, as_json, no_text):
    """List the actions added, removed, moved and changed from version OLD to NEW (old → new text).

    \b
    Example:
        workbench plan diff 1 2
        workbench plan diff 1 2 --json
    """
    from workbench.plan.diff import diff_lines, diff_plans, diff_summary
    from workbench.plan.store.versions import get_version, item_uids
    from workbench.plan.store.plans import get_plan
    with open_store(db_path) as store:
        labels = [get_version(store, slug, n)["label"] for n in (old, new)]
        the_diff = diff_plans(get_plan(store, slug, old), get_plan(store, slug, new),
                              item_uids(store, slug, old), item_uids(store, slug, new),
                              old_label=f"{old} ({labels[0]})", new_label=f"{new} ({labels[1]})")
    if as_json:
        click.echo(json.dumps(diff_summary(the_diff), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(diff_lines(the_diff, lang, texts=not no_text)))
