"""The ``workbench`` command line: a thin click layer over the core and the store.

Errors the workbench expects (bad files, unknown plans) print one line and exit with 1;
usage errors exit with 2, as click does.
"""
from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from workbench.errors import WorkbenchError
from workbench.model import pick

DB_HELP = "Database file (default: $WORKBENCH_DB, else var/workbench.db in the project folder)."


def db_option(command):
    return click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None,
                        help=DB_HELP)(command)


def open_store(db_path):
    from workbench.store import Store
    return Store.open(db_path)


def friendly(command):
    """Turn an expected error into one line on stderr and exit status 1 (no traceback)."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except WorkbenchError as error:
            raise click.ClickException(str(error)) from None
        except OSError as error:
            raise click.ClickException(f"{error.filename or ''}: {error.strerror}".lstrip(": ")) from None
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="planning-workbench")
def main():
    """planning-workbench: run visioning workshops, feedback rounds, priority votes and a
    decade tracker for a participatory plan, on an embedded SQLite database.

    \b
    Start here:
        workbench init          # create the database with the 2023–2033 plan
        workbench serve         # serve the apps; open the printed link
    """


@main.command()
@db_option
@friendly
def init(db_path):
    """Create the database (if needed) and load the 2023–2033 plan and its lists.

    Running it again changes nothing.

    \b
    Example:
        workbench init --db meeting.db
    """
    from workbench.demo import load_defaults
    with open_store(db_path) as store:
        loaded = load_defaults(store)
        click.echo(f"{store.path}: {'plan loaded' if loaded else 'already has a plan'}; "
                   f"schema version {store.schema_version()}")


@main.command()
@db_option
@click.option("--seed", default=2023, show_default=True, help="Random seed (same seed, same data).")
@friendly
def demo(db_path, seed):
    """Fill a database with a deterministic synthetic process, marked [synthetic].

    For now: the plan and the 12 visioning workshops' 170 pseudonymous participants.

    \b
    Example:
        workbench demo --db demo.db
    """
    from workbench.demo import build_demo
    with open_store(db_path) as store:
        added = build_demo(store, seed)
        click.echo(f"{store.path}: synthetic process with {added['sessions']} sessions and "
                   f"{added['participants']} participants added")


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
    from workbench.plan import plan_summary, plan_tree_text
    from workbench.store.plans import get_plan
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
    from workbench.planfile import read_plan
    from workbench.store.plans import add_plan
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
    from workbench.planfile import write_plan_csv, write_plan_yaml
    from workbench.store.plans import get_plan
    with open_store(db_path) as store:
        the_plan = get_plan(store, slug, version)
    text = write_plan_yaml(the_plan) if fmt == "yaml" else write_plan_csv(the_plan)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.command()
@db_option
@click.option("--port", type=click.IntRange(1, 65535), default=8866, show_default=True)
@click.option("--ip", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 to accept phones on the local network).")
@click.option("--expect", type=click.IntRange(1, 500), default=10, show_default=True,
              help="People expected: each participant app keeps this many kernels preheated.")
@click.option("--public-url", default=None,
              help="Address people use to reach this server, if not http://IP:PORT (a proxy).")
@friendly
def serve(db_path, port, ip, expect, public_url):
    """Serve the apps with Voila and print the links to open.

    Creates the database with the plan if it does not exist yet. Share the home link:
    it carries the access token and starts nothing until someone opens an app.

    \b
    Example:
        workbench serve --expect 25
    """
    from workbench.demo import load_defaults
    from workbench.serve import app_links, voila_command
    with open_store(db_path) as store:
        load_defaults(store)
        db = store.path.resolve()
    command, found = voila_command(db, port, expect, ip, db.parent / "serve")
    base = public_url or f"http://{'127.0.0.1' if ip in ('0.0.0.0', '') else ip}:{port}"
    click.echo(f"Database: {db}")
    click.echo("Open these links (keep them private: the token in them lets people in):")
    for name, url in app_links(base, found.token).items():
        click.echo(f"  {name:>10}  {url}")
    sys.stdout.flush()
    env = {**os.environ, "WORKBENCH_DB": str(db)}
    os.execve(command[0], command, env)




if __name__ == "__main__":
    main()
