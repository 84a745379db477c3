"""Polls, their results, breakdowns and consensus as pandas DataFrames, for analysts' notebooks
(imports pandas: never in participant apps)."""
from __future__ import annotations

import pandas as pd

from workbench.plan.model import pick
from workbench.store import Store


def polls_frame(store: Store, language: str = "en") -> pd.DataFrame:
    """One row per poll: ``id, code, title, method, phase, hidden_until_close, voters``."""
    from workbench.polls.store.ballots import count_voters
    from workbench.polls.store.polls import list_polls, sync_phase
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
    from workbench.polls.results import result_rows
    from workbench.polls.store.ballots import results
    data, result = results(store, poll_id)
    return pd.DataFrame(result_rows(result, data.items, language))


def poll_groups_frame(store: Store, poll_id: int, attribute: str = "group") -> pd.DataFrame:
    """Item × group: each item's place in each group of ``attribute`` (groups under 5 voters
    merged into "other"); empty when there are not two groups of 5 to compare."""
    from workbench.polls.results import breakdown, places
    from workbench.polls.store.ballots import results
    data, _ = results(store, poll_id)
    groups = breakdown(data, attribute)
    frame = pd.DataFrame({f"{g} ({v['voters']})": pd.Series(places(v["result"].ranking))
                          for g, v in groups.items()}, index=data.keys)
    frame.index.name = "key"
    return frame


def poll_consensus_frame(store: Store, poll_id: int, attribute: str = "group") -> pd.DataFrame:
    """One row per item, highest group-informed consensus first: ``consensus``, ``lowest`` and
    ``highest`` smoothed group share, and each group's share of supporters (``share:<group>``)."""
    from workbench.polls.results import consensus
    from workbench.polls.store.ballots import results
    data, _ = results(store, poll_id)
    found = consensus(data, attribute)
    rows = [{"key": r["key"], "consensus": r["consensus"], "lowest": r["lowest"], "highest": r["highest"],
             **{f"share:{g}": s / n if n else None for g, (s, n) in r["support"].items()}}
            for r in found["items"]]
    return pd.DataFrame(rows).set_index("key")
