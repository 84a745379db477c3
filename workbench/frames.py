"""The store as pandas DataFrames, for analysts' notebooks (imports pandas: never in participant apps)."""
from __future__ import annotations

import pandas as pd

from workbench.model import pick
from workbench.store import Store
from workbench.store.plans import get_plan


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
