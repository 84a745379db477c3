"""Commands that create databases: ``init`` and ``demo``."""
from __future__ import annotations

import click

from workbench.cli import db_option, friendly, main, open_store


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
        click.echo(f"{store.location}: {'plan loaded' if loaded else 'already has a plan'}; "
                   f"schema version {store.schema_version()}")


@main.command()
@db_option
@click.option("--seed", default=2023, show_default=True, help="Random seed (same seed, same data).")
@friendly
def demo(db_path, seed):
    """Fill a database with a deterministic synthetic process, marked [synthetic].

    At the source document's scale: the plan, 12 visioning workshops (170 pseudonymous
    participants, contributions, reactions, a vision draft), a feedback round on draft 1
    (5 live sessions, 82 participants, 55 written submissions) leading to draft 2, polls of
    6 working groups (60 leaders), and milestones with quarterly progress updates.
    The same seed gives the same database.

    \b
    Example:
        workbench demo --db demo.db
    """
    from workbench.demo import build_demo
    with open_store(db_path) as store:
        added = build_demo(store, seed)
        click.echo(f"{store.location}: synthetic process with {added['sessions']} sessions and "
                   f"{added['participants']} participants added")
        from workbench.participation.store.sessions import session_per_kind
        click.echo("Join codes to try (type one on the home page that `workbench serve` prints):")
        for session in session_per_kind(store):
            state = "" if session["phase"] not in ("draft", "closed") else \
                f"  ({session['phase']}: open it from the facilitator apps to try it)"
            click.echo(f"  {session['kind']:>9}  {session['code']}  {session['title'].get('en', '')}{state}")
        click.echo("Facilitator links: `workbench serve` prints them (with the facilitator key).")
