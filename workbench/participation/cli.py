"""``workbench mydata`` and ``workbench erase``: a participant's data, and erasing it on request."""
from __future__ import annotations

import json

import click

from workbench.cli import db_option, friendly, main, open_store


@main.command()
@db_option
@click.argument("pseudonym")
@click.option("--session", "code", required=True, help="The session's join code.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@friendly
def mydata(db_path, pseudonym, code, as_json):
    """Show everything stored about participant PSEUDONYM of a session (for their request to see it).

    \b
    Example:
        workbench mydata "Calm Heron 27" --session K7QX4R
    """
    from workbench.participation.store.erasure import find_participant, my_data, my_data_text
    with open_store(db_path) as store:
        data = my_data(store, find_participant(store, code, pseudonym)["id"])
    click.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else my_data_text(data))


@main.command()
@db_option
@click.argument("pseudonym")
@click.option("--session", "code", required=True, help="The session's join code.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@friendly
def erase(db_path, pseudonym, code, yes):
    """Erase participant PSEUDONYM of a session and everything of theirs (contributions, reactions,
    comments, ballots, translations of their words, consent and demographics) from the database
    file and its WAL; counts already published are not recomputed.

    \b
    Example:
        workbench erase "Calm Heron 27" --session K7QX4R --yes
    """
    from workbench.participation.store.erasure import erase_participant, find_participant, my_data
    with open_store(db_path) as store:
        found = find_participant(store, code, pseudonym)
        rows = sum(len(r) for r in my_data(store, found["id"])["tables"].values()) + 1
        if not yes and not click.confirm(f"Erase {found['pseudonym']!r} and {rows} rows? This cannot be undone"):
            raise click.ClickException("nothing erased")
        done = erase_participant(store, found["id"])
    busy = " (the WAL is still in use by another program; it is truncated at its next checkpoint)" \
        if done["checkpoint"][0] else ""
    click.echo(f"erased {done['rows']} rows in {done['seconds']:.2f} s{busy}: "
               + ", ".join(f"{table} {n}" for table, n in sorted(done["tables"].items())))
