"""The ``workbench`` command line: a thin click layer over the core and the store.

One module per feature registers its commands on :data:`main`; this module holds the group
and the helpers every command uses (``--db``, error handling).

Errors the workbench expects (bad files, unknown plans) print one line and exit with 1;
usage errors exit with 2, as click does.
"""
from __future__ import annotations

import functools

import click

from workbench.core.errors import WorkbenchError

DB_HELP = ("Database: a SQLite file, or a PostgreSQL URL (postgresql://user@host/name) "
           "(default: $WORKBENCH_DB, else var/workbench.db in a checkout, or "
           "workbench.db in the user's data folder after a plain install).")


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




# Each feature's commands; imported last so that they find ``main`` and the helpers above.
from workbench.cli import setup, serving, backup, voting
from workbench.plan.cli import plans
from workbench.tracker import cli as tracker
from workbench.visioning import cli as vision
from workbench.feedback import cli as feedback
from workbench.plan.cli import versions as plan_versions
from workbench.polls import cli as polls
from workbench.participation import cli as privacy  # noqa: E402,F401
