"""Shared fixtures for the unit tests."""
from __future__ import annotations

import pytest

from workbench.demo import load_defaults
from workbench.store import Store


@pytest.fixture
def fresh_store(tmp_path):
    """An empty, migrated database in a temporary folder."""
    with Store.open(tmp_path / "workbench.db") as store:
        yield store


@pytest.fixture
def plan_store(fresh_store):
    """A database holding the 2023–2033 plan and its lists."""
    load_defaults(fresh_store)
    return fresh_store
