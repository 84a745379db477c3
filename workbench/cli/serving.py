"""``workbench serve``: the apps for a meeting, with Voila."""
from __future__ import annotations

import os
import sys

import click

from workbench.cli import db_option, friendly, main, open_store


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
    from workbench.access import FACILITATOR_ENV, key_hash, new_key
    from workbench.serve import app_links, voila_command
    with open_store(db_path) as store:
        load_defaults(store)
        db = store.path.resolve()
    command, found = voila_command(db, port, expect, ip, db.parent / "serve")
    base = public_url or f"http://{'127.0.0.1' if ip in ('0.0.0.0', '') else ip}:{port}"
    click.echo(f"Database: {db}")
    facilitator_key = new_key()
    click.echo("Open these links (keep them private: the token in them lets people in;")
    click.echo("links with key= are for facilitators only, and change at every start):")
    for name, url in app_links(base, found.token, facilitator_key).items():
        click.echo(f"  {name:>12}  {url}")
    sys.stdout.flush()
    env = {**os.environ, "WORKBENCH_DB": str(db), FACILITATOR_ENV: key_hash(facilitator_key)}
    os.execve(command[0], command, env)
