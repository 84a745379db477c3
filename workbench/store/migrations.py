"""The numbered schema migrations: each feature keeps its own (``workbench/<feature>/migrations.py``,
a ``MIGRATIONS`` dict), and this runner's :data:`MIGRATIONS` puts them in one global order.

``MIGRATIONS[n]`` is the list of statements of migration ``n``. They are applied in number
order, each in its own transaction, and each applied number is recorded in the
``schema_migrations`` table (``PRAGMA user_version`` holds the highest), so a database made by
any older version is upgraded in place and keeps its data. A number, once shipped, stays with
its migration for good (1 plans, 2 sessions, 3 visioning, 4 feedback, 5 polls, 6 tracker,
7 privacy, 8 submission times, 9 published poll results,
10 named facilitators, 11 translation requests, 12 languages typed in the optional questions);
add new ones with the next free number, never edit one that
has shipped. Multilingual fields are JSON objects ``{"sw": …, "en": …}`` stored as text.

A statement is written once, for SQLite and PostgreSQL both (:mod:`workbench.store.postgres`
translates the little that differs); where the engines really differ (triggers), the statement
is a dict with one variant per engine, ``{"sqlite": …, "postgresql": …}``.
"""
from __future__ import annotations

import importlib

NOW = "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"



def append_only(table: str, message: str) -> dict[str, str]:
    """A trigger refusing every ``UPDATE`` of ``table`` with ``message``, on either engine."""
    return {
        "sqlite": f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{message}'); END""",
        "postgresql": f"""CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql
        AS $$ BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation'; END $$;
        CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {table}_append_only()""",
    }


#: The features with migrations, in the order their tables may refer to each other's.
FEATURES = ("plan", "participation", "visioning", "feedback", "polls", "tracker")


def collect(features=FEATURES) -> dict[int, list[str]]:
    """Every feature's migrations in one dict, by number; a number used twice is refused.

    >>> sorted(collect())[:3]
    [1, 2, 3]
    """
    found: dict[int, list[str]] = {}
    owners: dict[int, str] = {}
    for feature in features:
        for number, statements in importlib.import_module(f"workbench.{feature}.migrations").MIGRATIONS.items():
            if number in found:
                raise RuntimeError(f"migration {number} is defined by both {owners[number]} and {feature}")
            found[number], owners[number] = statements, feature
    return dict(sorted(found.items()))


MIGRATIONS: dict[int, list[str]] = collect()
