"""Moderation of contributions by the facilitator: hide (with a reason), merge duplicates, tags.

Each hide, show, merge and unmerge is appended to ``moderation_events`` (with its reason) in
the same transaction that changes the contribution's current state, so the record says what
was done, when and why.
"""
from __future__ import annotations

from collections.abc import Iterable

from workbench.core.errors import RuleError
from workbench.visioning.store.contributions import get_contribution
from workbench.store.db import Store
from workbench.participation.store.filters import in_clause
from workbench.visioning.rules import check_merge, check_reason, normalize_tag


def _event(conn, contribution_id: int, action: str, reason: str = "", target_id: int | None = None) -> None:
    conn.execute("INSERT INTO moderation_events (contribution_id, action, reason, target_id) VALUES (?, ?, ?, ?)",
                 [contribution_id, action, reason, target_id])


def hide_contribution(store: Store, contribution_id: int, reason: str) -> dict:
    """Hide a contribution from participants and results; the reason is kept. Returns it."""
    reason = check_reason(reason)
    with store.transaction() as conn:
        contribution = get_contribution(store, contribution_id)
        if contribution["withdrawn_at"]:
            raise RuleError(f"contribution {contribution_id} was withdrawn by its author")
        conn.execute("UPDATE contributions SET hidden_reason = ? WHERE id = ?", [reason, contribution_id])
        _event(conn, contribution_id, "hide", reason)
    return get_contribution(store, contribution_id)


def show_contribution(store: Store, contribution_id: int, reason: str = "") -> dict:
    """Show a hidden contribution again (the earlier hide stays in the record)."""
    with store.transaction() as conn:
        contribution = get_contribution(store, contribution_id)
        if not contribution["hidden_reason"]:
            raise RuleError(f"contribution {contribution_id} is not hidden")
        conn.execute("UPDATE contributions SET hidden_reason = NULL WHERE id = ?", [contribution_id])
        _event(conn, contribution_id, "show", reason.strip())
    return get_contribution(store, contribution_id)


def merge_contribution(store: Store, duplicate_id: int, target_id: int) -> dict:
    """Merge a duplicate into another contribution: the duplicate leaves the reaction queue and
    the results, and points to the one it duplicates. Returns the duplicate."""
    with store.transaction() as conn:
        duplicate, target = get_contribution(store, duplicate_id), get_contribution(store, target_id)
        check_merge(duplicate, target)
        conn.execute("UPDATE contributions SET merged_into = ? WHERE id = ?", [target_id, duplicate_id])
        _event(conn, duplicate_id, "merge", "", target_id)
    return get_contribution(store, duplicate_id)


def unmerge_contribution(store: Store, contribution_id: int) -> dict:
    """Undo a merge."""
    with store.transaction() as conn:
        contribution = get_contribution(store, contribution_id)
        if not contribution["merged_into"]:
            raise RuleError(f"contribution {contribution_id} is not merged")
        conn.execute("UPDATE contributions SET merged_into = NULL WHERE id = ?", [contribution_id])
        _event(conn, contribution_id, "unmerge", "", contribution["merged_into"])
    return get_contribution(store, contribution_id)


def list_moderation_events(store: Store, contribution_id: int | None = None) -> list[dict]:
    """The moderation record, oldest first (of one contribution, or all)."""
    if contribution_id is None:
        return list(store.db.query("SELECT * FROM moderation_events ORDER BY id"))
    return list(store.db.query("SELECT * FROM moderation_events WHERE contribution_id = ? ORDER BY id",
                               [contribution_id]))


def merged_into(store: Store, target_id: int) -> list[int]:
    """Ids of the contributions merged into ``target_id``."""
    return [row[0] for row in store.db.execute("SELECT id FROM contributions WHERE merged_into = ? ORDER BY id",
                                               [target_id])]


def add_tag(store: Store, contribution_id: int, tag: str) -> str:
    """Tag a contribution (free text, or ``theme:N`` for the plan's themes); return the tag."""
    tag = normalize_tag(tag)
    with store.transaction() as conn:
        get_contribution(store, contribution_id)
        conn.execute("INSERT INTO contribution_tags (contribution_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     [contribution_id, tag])
    return tag


def remove_tag(store: Store, contribution_id: int, tag: str) -> None:
    with store.transaction() as conn:
        conn.execute("DELETE FROM contribution_tags WHERE contribution_id = ? AND tag = ?",
                     [contribution_id, normalize_tag(tag)])


def tag_counts(store: Store, session_ids: Iterable[int] | None = None) -> dict[str, int]:
    """Shown contributions per tag, most used first."""
    where, params = in_clause("c.session_id", session_ids)
    return dict(store.db.execute(
        "SELECT t.tag, count(*) FROM contribution_tags t JOIN contributions c ON c.id = t.contribution_id "
        f"WHERE {where} AND c.withdrawn_at IS NULL AND c.hidden_reason IS NULL AND c.merged_into IS NULL "
        "GROUP BY t.tag ORDER BY 2 DESC, 1", params).fetchall())
