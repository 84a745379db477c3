"""``workbench backup``, ``workbench restore`` and ``workbench copy``."""
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
    click.echo(f"{store.location} backed up to {made}")


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
        click.echo(f"{file} restored into {store.location} (schema version {store.schema_version()})")


@main.command()
@click.argument("source")
@click.argument("destination")
@click.option("--force", is_flag=True, help="Replace the rows of a DESTINATION that already holds data.")
@friendly
def copy(source, destination, force):
    """Copy a whole database, SOURCE to DESTINATION, between SQLite files and PostgreSQL.

    Each is a SQLite file or a PostgreSQL URL. Both are brought to this workbench's schema
    first; rows keep their ids; the copy is one transaction, and the row counts of every table
    are compared before it is kept (nothing is written if they differ). The source may be in
    use while it is copied.

    \b
    Examples:
        workbench copy var/workbench.db postgresql://workbench@dbhost/meeting
        workbench copy postgresql://workbench@dbhost/meeting meeting-copy.db
    """
    from workbench.store.copy import copy_database
    from workbench.store import Store
    with Store.open(source) as origin, Store.open(destination) as target:
        counts = copy_database(origin, target, replace=force)
        click.echo(f"{origin.location} copied to {target.location}: {sum(counts.values())} rows "
                   f"in {sum(1 for n in counts.values() if n)} tables, every table's count checked")
