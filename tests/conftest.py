"""Shared fixtures for the unit tests.

``fresh_store`` and ``plan_store`` run each test that uses them twice: on the embedded SQLite
default and on PostgreSQL (a throwaway server for the whole run, :mod:`tests.pgcluster`; each
test gets its own database, copied from a template made once per run: loading the plan writes
~160 items and the lists, 0.1–0.4 s; copying a closed SQLite file takes a millisecond, a
PostgreSQL database from its template a few). A test that is about one engine only names it:
``@pytest.mark.parametrize("backend", ["sqlite"])``.
"""
from __future__ import annotations

import itertools
import shutil
from contextlib import contextmanager

import pytest

from workbench.demo import load_defaults
from workbench.store import Store

BACKENDS = ("sqlite", "postgresql")
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_templates():
    """A PostgreSQL server for the run, holding two template databases: ``wb_migrated`` (empty,
    migrated) and ``wb_plan`` (the 2023–2033 plan and its lists loaded)."""
    import psycopg
    from tests.pgcluster import Cluster
    cluster = Cluster().start()
    try:
        with psycopg.connect(cluster.url(), autocommit=True) as admin:
            for name in ("wb_migrated", "wb_plan"):
                admin.execute(f"CREATE DATABASE {name}")
                with Store.open(cluster.url(name)) as store:
                    if name == "wb_plan":
                        load_defaults(store)
        yield cluster
    finally:
        cluster.stop()


@contextmanager
def _postgres_database(cluster, template: str | None = None):
    """The URL of a new database of ``cluster`` (a copy of ``template``, else empty), dropped after."""
    import psycopg
    name = f"t{next(_numbers)}"
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    try:
        yield cluster.url(name)
    finally:
        with psycopg.connect(cluster.url(), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _postgres_store(cluster, template: str):
    with _postgres_database(cluster, template) as url, Store.open(url) as store:
        yield store


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """The engine a store test runs on (each such test runs on both)."""
    return request.param


@pytest.fixture
def fresh_store(backend, tmp_path, request):
    """An empty, migrated database: a file in a temporary folder, or a PostgreSQL database."""
    if backend == "postgresql":
        yield from _postgres_store(request.getfixturevalue("postgres_templates"), "wb_migrated")
        return
    with Store.open(tmp_path / "workbench.db") as store:
        yield store


@pytest.fixture
def empty_database(backend, tmp_path, request):
    """Where a new database is made: a file path, or the URL of an empty PostgreSQL database
    (not even migrated)."""
    if backend == "postgresql":
        with _postgres_database(request.getfixturevalue("postgres_templates")) as url:
            yield url
        return
    yield str(tmp_path / "new.db")


@pytest.fixture(scope="session")
def plan_template(tmp_path_factory):
    """A closed SQLite file holding the 2023–2033 plan and its lists."""
    path = tmp_path_factory.mktemp("plan-template") / "plan.db"
    with Store.open(path) as store:
        load_defaults(store)
    return path


@pytest.fixture
def plan_store(backend, tmp_path, request):
    """A database holding the 2023–2033 plan and its lists."""
    if backend == "postgresql":
        yield from _postgres_store(request.getfixturevalue("postgres_templates"), "wb_plan")
        return
    path = tmp_path / "workbench.db"
    shutil.copy(request.getfixturevalue("plan_template"), path)
    with Store.open(path) as store:
        yield store
