"""What the workbench ships beside its code, and where it is found: the apps (``apps/``: the Voila
notebooks) and the data (``data/``: the 2023–2033 plan and the lists beside it, ``countries.csv``).

Both stay in the top-level folders of the repository. Run from a checkout (an editable install
of one, or the source folder itself), the workbench uses those folders; a plain install
(``pip install .``, a wheel, a JupyterHub image) copies them to
``<prefix>/share/planning-workbench/`` (``[tool.setuptools.data-files]`` in ``pyproject.toml``).
:func:`shipped_dir` is the one place that decides which.

This module imports nothing heavy: the store imports it to tell a checkout from a plain install.
"""
from __future__ import annotations

import os
import site
import sys
import sysconfig
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.plan.model import ItemList, Plan

#: The distribution's name: its metadata, and its folder under ``share/`` once installed.
DISTRIBUTION = "planning-workbench"
#: The folders shipped beside the code, and a file each must hold.
SHIPPED = {"apps": "vote.ipynb", "data": "plans"}
PLAN_NAME = "survivor-leadership-2023-2033.yaml"


def checkout_dir() -> Path | None:
    """The project folder when the package runs from a checkout (``pyproject.toml``, ``apps/``
    and ``data/`` beside the package's folder), else None (a plain install)."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and all((root / name / mark).exists()
                                                   for name, mark in SHIPPED.items()):
        return root
    return None


def _installed_candidates(name: str) -> list[Path]:
    """Where a plain install may have put the folder ``name``, most specific first: the
    distribution's own record of its files, then the data folders of this interpreter and of
    the user's installs."""
    found = []
    try:
        from importlib.metadata import PackageNotFoundError, distribution
        files = distribution(DISTRIBUTION).files or []
    except PackageNotFoundError:
        files = []
    marker = ("share", DISTRIBUTION, name)
    for record in files:
        parts = record.parts
        for at in range(len(parts) - len(marker)):
            if parts[at:at + len(marker)] == marker:
                found.append(Path(os.path.normpath(record.locate())).parents[len(parts) - at - len(marker) - 1])
                break
        if found:
            break
    prefixes = [sysconfig.get_path("data"), sys.prefix]
    user_scheme = f"{os.name}_user"
    if user_scheme in sysconfig.get_scheme_names():
        prefixes.append(sysconfig.get_path("data", user_scheme))
    prefixes.append(site.getuserbase())
    found += [Path(prefix) / "share" / DISTRIBUTION / name for prefix in prefixes if prefix]
    return list(dict.fromkeys(found))


@lru_cache(maxsize=None)
def shipped_dir(name: str) -> Path:
    """The folder ``name`` (``"apps"`` or ``"data"``): the checkout's if the package runs from
    one, else the installed copy in ``<prefix>/share/planning-workbench/``.

    Raises :class:`WorkbenchError`, naming the folders looked in, if neither has it.
    """
    if name not in SHIPPED:
        raise ValueError(f"unknown shipped folder {name!r}: one of {', '.join(SHIPPED)}")
    root = checkout_dir()
    candidates = ([root / name] if root else []) + _installed_candidates(name)
    for folder in candidates:
        if (folder / SHIPPED[name]).exists():
            return folder
    raise WorkbenchError(f"the workbench's {name}/ folder was not found (looked in "
                         + ", ".join(str(folder) for folder in candidates)
                         + "); reinstall the workbench (`pip install .` in its folder)")


def plan_file() -> Path:
    """The YAML file of the 2023–2033 plan."""
    return shipped_dir("data") / "plans" / PLAN_NAME


def __getattr__(name: str):
    # DATA_DIR and PLAN_FILE are found when first used, not on import.
    if name == "DATA_DIR":
        return shipped_dir("data")
    if name == "PLAN_FILE":
        return plan_file()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_plan() -> Plan:
    """The Survivor Leadership Action Plan 2023–2033 (4 themes, 14 goals, 143 actions)."""
    from workbench.plan.files import read_plan_yaml
    return read_plan_yaml(plan_file())


def default_lists() -> list[ItemList]:
    """Capacity-building areas, barrier groups and calls to partners."""
    from workbench.plan.files import read_list_yaml
    return [read_list_yaml(path) for path in sorted((shipped_dir("data") / "lists").glob("*.yaml"))]
