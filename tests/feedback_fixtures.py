"""Fixtures of the feedback tests: a database with the plan, copied from one built per run.

Loading the plan writes ~160 items and the lists (0.1–0.4 s); copying a closed database file
takes a millisecond, which keeps the feedback unit tests fast. Import the fixtures into a test
module to use them (``plan_store`` here takes the place of the one in ``conftest.py``).
"""
from __future__ import annotations

import shutil

import pytest

from workbench.demo import load_defaults
from workbench.store import Store


@pytest.fixture(scope="session")
def plan_template(tmp_path_factory):
    """A closed database file holding the 2023–2033 plan and its lists."""
    path = tmp_path_factory.mktemp("feedback-template") / "plan.db"
    with Store.open(path) as store:
        load_defaults(store)
    return path


@pytest.fixture
def plan_store(plan_template, tmp_path):
    """A fresh copy of the template, open."""
    path = tmp_path / "workbench.db"
    shutil.copy(plan_template, path)
    with Store.open(path) as store:
        yield store
