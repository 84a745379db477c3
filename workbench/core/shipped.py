"""The data the workbench ships in ``data/``: the 2023–2033 plan and the lists beside it."""
from __future__ import annotations

from pathlib import Path

from workbench.plan.model import ItemList, Plan
from workbench.plan.files import read_list_yaml, read_plan_yaml

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
PLAN_FILE = DATA_DIR / "plans" / "survivor-leadership-2023-2033.yaml"


def default_plan() -> Plan:
    """The Survivor Leadership Action Plan 2023–2033 (4 themes, 14 goals, 143 actions)."""
    return read_plan_yaml(PLAN_FILE)


def default_lists() -> list[ItemList]:
    """Capacity-building areas, barrier groups and calls to partners."""
    return [read_list_yaml(path) for path in sorted((DATA_DIR / "lists").glob("*.yaml"))]
