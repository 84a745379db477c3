"""Test-wide setup: notebooks and app notebooks (run by nbval) read a fresh demo database.

The kernels nbval starts inherit this process's environment, so ``WORKBENCH_DB`` is set before
any notebook runs. Unit tests open their own databases in ``tmp_path`` and are unaffected.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def pytest_configure(config):
    if os.environ.get("WORKBENCH_TEST_DB"):
        os.environ["WORKBENCH_DB"] = os.environ["WORKBENCH_TEST_DB"]
        return
    from workbench.demo import build_demo
    from workbench.store import Store
    folder = Path(tempfile.mkdtemp(prefix="workbench-tests-"))
    path = folder / "demo.db"
    with Store.open(path) as store:
        build_demo(store)
    os.environ["WORKBENCH_DB"] = os.environ["WORKBENCH_TEST_DB"] = str(path)
