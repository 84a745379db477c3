"""Feedback comments and triage decisions as pandas DataFrames, for analysts' notebooks
(imports pandas: never in participant apps)."""
from __future__ import annotations

import pandas as pd

from workbench.store import Store


def feedback_frame(store: Store, round_name: str | None = None) -> pd.DataFrame:
    """One row per comment (withdrawn ones left out): ``round, id, ref, theme, goal, kind, type,
    language, source, country, quotable, status, created_at, triaged_at, response_days``."""
    from workbench.feedback.store.comments import list_comments, list_rounds
    rounds = {r["id"]: r["name"] for r in list_rounds(store)}
    rows = [{"round": rounds[c.round_id], "id": c.id, "ref": c.ref, "theme": int(c.theme),
             "goal": c.ref.split(".")[1] if c.ref.count(".") else None, "kind": c.kind, "type": c.type,
             "language": c.language, "source": c.source, "country": c.country, "quotable": c.quotable,
             "status": c.status, "created_at": c.created_at, "triaged_at": c.triaged_at}
            for c in list_comments(store, round_name)]
    frame = pd.DataFrame(rows, columns=["round", "id", "ref", "theme", "goal", "kind", "type", "language", "source",
                                        "country", "quotable", "status", "created_at", "triaged_at"])
    for column in ("created_at", "triaged_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    frame["response_days"] = (frame.triaged_at - frame.created_at).dt.total_seconds() / 86400
    return frame


def triage_frame(store: Store, round_name: str | None = None) -> pd.DataFrame:
    """One row per triage decision (the appended history), with its comment's ref and type."""
    from workbench.feedback.store.triage import list_round_decisions
    frame = pd.DataFrame(list_round_decisions(store, round_name),
                         columns=["id", "round", "comment_id", "ref", "type", "language", "source", "commented_at",
                                  "status", "landed_version", "landed_ref", "triaged_by", "created_at"])
    for column in ("commented_at", "created_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame
