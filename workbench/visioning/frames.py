"""Visioning data as pandas DataFrames, for analysts' notebooks (imports pandas: never in
participant apps). Pseudonyms are left out: analyses work on ids."""
from __future__ import annotations

import pandas as pd

from workbench.plan.model import pick
from workbench.store import Store
from workbench.visioning.store.contributions import list_contributions
from workbench.visioning.store.reactions import current_votes
from workbench.visioning.store.sessions import list_visioning_sessions


def contributions_frame(store: Store, language: str = "en", *, visible_only: bool = True) -> pd.DataFrame:
    """One row per contribution: ``id, session_id, session, language, text``, ``shown`` (its
    translation into ``language`` where there is one, else the original marked with its language),
    ``tags`` (a list), ``hidden_reason``, ``merged_into``, ``synthetic``."""
    titles = {s["id"]: pick(s["title"], language) for s in list_visioning_sessions(store)}
    rows = [{"id": c["id"], "session_id": c["session_id"], "session": titles.get(c["session_id"], ""),
             "language": c["language"], "text": c["text"],
             "shown": c["text"] if c["language"] == language else
             c["translations"].get(language, f"[{c['language']}] {c['text']}"),
             "tags": c["tags"], "hidden_reason": c["hidden_reason"], "merged_into": c["merged_into"],
             "synthetic": bool(c["synthetic"])}
            for c in list_contributions(store, visible_only=visible_only) if not c["withdrawn_at"]]
    return pd.DataFrame(rows)


def reactions_frame(store: Store, session_ids: list[int] | None = None) -> pd.DataFrame:
    """The current reactions: ``participant, contribution, vote`` (1, -1, 0), one per pair."""
    return pd.DataFrame(current_votes(store, session_ids), columns=["participant", "contribution", "vote"])
