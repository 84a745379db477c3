"""The plan and the changes between two versions as pandas DataFrames, for analysts' notebooks
(imports pandas: never in participant apps)."""
from __future__ import annotations

import pandas as pd

from workbench.plan.model import pick
from workbench.plan.store.plans import get_plan
from workbench.store import Store


def plan_frame(store: Store, slug: str | None = None, version: int | None = None,
               language: str = "en") -> pd.DataFrame:
    """One row per action: ``ref, theme, goal, action``, titles in ``language`` and in every
    language (``title_<lang>``), and the theme's and goal's titles."""
    plan = get_plan(store, slug, version)
    rows = []
    for theme in plan.themes:
        for goal in theme.goals:
            for action in goal.actions:
                row = {"ref": f"{theme.number}.{goal.number}.{action.number}",
                       "theme": theme.number, "goal": goal.number, "action": action.number,
                       "theme_title": pick(theme.title, language), "goal_title": pick(goal.title, language),
                       "title": pick(action.title, language)}
                row.update({f"title_{tag}": text for tag, text in action.title.items()})
                rows.append(row)
    return pd.DataFrame(rows)


def diff_frame(store: Store, old: int, new: int, slug: str | None = None, language: str = "en") -> pd.DataFrame:
    """One row per item that changed from version ``old`` to ``new``: ``change, kind, old_ref,
    new_ref, theme, old_title, new_title`` (titles in ``language``)."""
    from workbench.plan.diff import diff_plans
    from workbench.plan.store.versions import item_uids
    found = diff_plans(get_plan(store, slug, old), get_plan(store, slug, new),
                       item_uids(store, slug, old), item_uids(store, slug, new))
    return pd.DataFrame([{"change": c.change, "kind": c.kind, "old_ref": c.old_ref, "new_ref": c.new_ref,
                          "theme": int(c.ref.split(".")[0]), "old_title": pick(c.old_title, language),
                          "new_title": pick(c.new_title, language)} for c in found.changes],
                        columns=["change", "kind", "old_ref", "new_ref", "theme", "old_title", "new_title"])
