"""``workbench mydata`` and ``workbench erase`` (a participant's data, and erasing it on request),
and ``workbench facilitator`` (named facilitators' personal links)."""
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


@main.group()
def facilitator():
    """Named facilitators: a personal link each, kept across restarts, withdrawn one at a time.

    \b
    Example:
        workbench facilitator add "Amina (working group 3)"
    """


@facilitator.command("add")
@db_option
@click.argument("name")
@click.option("--public-url", default=None, help="Address people use to reach the server (default: http://127.0.0.1:8866).")
@click.option("--state-dir", type=click.Path(file_okay=False), default=None,
              help="The server's state folder, if `workbench serve` was given one (--state-dir).")
@friendly
def facilitator_add(db_path, name, public_url, state_dir):
    """Add facilitator NAME and print their personal key and links (shown only now: send them privately).

    \b
    Example:
        workbench facilitator add "Amina (working group 3)"
    """
    from workbench.participation.store.facilitators import add_facilitator
    from workbench.serve import DEFAULT_PORT, FACILITATOR_APPS, load_secrets
    from workbench.serve.database import state_folder
    with open_store(db_path) as store:
        found, key = add_facilitator(store, name)
        # the token of the links: the one `workbench serve` keeps for this database
        secrets = load_secrets(state_folder(store.target, state_dir))
    base = (public_url or f"http://127.0.0.1:{DEFAULT_PORT}").rstrip("/")
    click.echo(f"Facilitator {found['name']}: personal key {key} (shown only now; revoke it with "
               f"`workbench facilitator revoke`). Start with the console:")
    for app in FACILITATOR_APPS:
        click.echo(f"  {app.removesuffix('.ipynb'):>14}  {base}/voila/render/{app}?token={secrets.token}&key={key}")


@facilitator.command("list")
@db_option
@friendly
def facilitator_list(db_path):
    """List the named facilitators (no keys: those were shown once).

    \b
    Example:
        workbench facilitator list
    """
    from workbench.participation.store.facilitators import list_facilitators
    with open_store(db_path) as store:
        rows = list_facilitators(store)
    if not rows:
        click.echo("No named facilitators yet: add one with `workbench facilitator add NAME`.")
    for row in rows:
        state = f"revoked {row['revoked_at']}" if row["revoked_at"] else "active"
        click.echo(f"{row['name']}  (added {row['created_at']}, {state})")


@facilitator.command("revoke")
@db_option
@click.argument("name")
@friendly
def facilitator_revoke(db_path, name):
    """Withdraw facilitator NAME's key: their links stop working at once.

    \b
    Example:
        workbench facilitator revoke "Amina (working group 3)"
    """
    from workbench.participation.store.facilitators import revoke_facilitator
    with open_store(db_path) as store:
        revoke_facilitator(store, name)
    click.echo(f"Facilitator {name}: key withdrawn.")
