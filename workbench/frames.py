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


def feedback_frame(store: Store, round_name: str | None = None) -> pd.DataFrame:
    """One row per comment (withdrawn ones left out): ``round, id, ref, theme, goal, kind, type,
    language, source, country, quotable, status, created_at, triaged_at, response_days``."""
    from workbench.store.feedback import list_comments, list_rounds
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
    from workbench.store.triage import list_round_decisions
    frame = pd.DataFrame(list_round_decisions(store, round_name),
                         columns=["id", "round", "comment_id", "ref", "type", "language", "source", "commented_at",
                                  "status", "landed_version", "landed_ref", "triaged_by", "created_at"])
    for column in ("commented_at", "created_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def diff_frame(store: Store, old: int, new: int, slug: str | None = None, language: str = "en") -> pd.DataFrame:
    """One row per item that changed from version ``old`` to ``new``: ``change, kind, old_ref,
    new_ref, theme, old_title, new_title`` (titles in ``language``)."""
    from workbench.plandiff import diff_plans
    from workbench.store.plan_versions import item_uids
    found = diff_plans(get_plan(store, slug, old), get_plan(store, slug, new),
                       item_uids(store, slug, old), item_uids(store, slug, new))
    return pd.DataFrame([{"change": c.change, "kind": c.kind, "old_ref": c.old_ref, "new_ref": c.new_ref,
                          "theme": int(c.ref.split(".")[0]), "old_title": pick(c.old_title, language),
                          "new_title": pick(c.new_title, language)} for c in found.changes],
                        columns=["change", "kind", "old_ref", "new_ref", "theme", "old_title", "new_title"])


# -- polls (issue 5) ---------------------------------------------------------------------------
def polls_frame(store: Store, language: str = "en") -> pd.DataFrame:
    """One row per poll: ``id, code, title, method, phase, hidden_until_close, voters``."""
    from workbench.store.ballots import count_voters
    from workbench.store.polls import list_polls, sync_phase
    rows = []
    for poll in list_polls(store):
        poll = sync_phase(store, poll["id"])
        rows.append({"id": poll["id"], "code": poll["code"], "title": pick(poll["title"], language),
                     "method": poll["method"], "phase": poll["phase"],
                     "hidden_until_close": poll["hidden_until_close"], "voters": count_voters(store, poll["id"])})
    return pd.DataFrame(rows, columns=["id", "code", "title", "method", "phase", "hidden_until_close", "voters"])


def poll_results_frame(store: Store, poll_id: int, language: str = "en") -> pd.DataFrame:
    """A poll's ranking table (place, tied, key, title, score and the method's extras), best
    first. Raises RuleError while the poll's results are hidden."""
    from workbench.poll_results import result_rows
    from workbench.store.ballots import results
    data, result = results(store, poll_id)
    return pd.DataFrame(result_rows(result, data.items, language))


def poll_groups_frame(store: Store, poll_id: int, attribute: str = "group") -> pd.DataFrame:
    """Item × group: each item's place in each group of ``attribute`` (groups under 5 voters
    merged into "other"); empty when there are not two groups of 5 to compare."""
    from workbench.poll_results import breakdown, places
    from workbench.store.ballots import results
    data, _ = results(store, poll_id)
    groups = breakdown(data, attribute)
    frame = pd.DataFrame({f"{g} ({v['voters']})": pd.Series(places(v["result"].ranking))
                          for g, v in groups.items()}, index=data.keys)
    frame.index.name = "key"
    return frame


def poll_consensus_frame(store: Store, poll_id: int, attribute: str = "group") -> pd.DataFrame:
    """One row per item, highest group-informed consensus first: ``consensus``, ``lowest`` and
    ``highest`` smoothed group share, and each group's share of supporters (``share:<group>``)."""
    from workbench.poll_results import consensus
    from workbench.store.ballots import results
    data, _ = results(store, poll_id)
    found = consensus(data, attribute)
    rows = [{"key": r["key"], "consensus": r["consensus"], "lowest": r["lowest"], "highest": r["highest"],
             **{f"share:{g}": s / n if n else None for g, (s, n) in r["support"].items()}}
            for r in found["items"]]
    return pd.DataFrame(rows).set_index("key")
