"""``workbench backup`` and ``workbench restore``."""
from __future__ import annotations

import click

from workbench.cli import db_option, friendly, main, open_store


@main.command()
@db_option
@click.argument("file", type=click.Path(dir_okay=False))
@friendly
def backup(db_path, file):
    """Copy the database into FILE, safely, even while the apps are running.

    \b
    Example:
        workbench backup backups/2026-11-28.db
    """
    from workbench.store.backup import backup as make_backup
    with open_store(db_path) as store:
        made = make_backup(store, file)
    click.echo(f"{store.path} backed up to {made}")


@main.command()
@db_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@friendly
def restore(db_path, file, force):
    """Restore the backup FILE into the database (--db, else $WORKBENCH_DB, else the default).

    Refuses to overwrite a database that holds data unless --force is given.

    \b
    Example:
        workbench restore backups/2026-11-28.db --db meeting.db
    """
    from workbench.store.backup import restore as restore_backup
    with open_store(db_path) as store:
        restore_backup(store, file, force=force)
        click.echo(f"{file} restored into {store.path} (schema version {store.schema_version()})")
