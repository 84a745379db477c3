"""Reactions (agree / disagree / pass) to contributions.

Reactions are appended, never updated: a person who changes their mind adds a row, and the
latest row per participant and contribution is the one that counts. "One reaction per person
per contribution" is therefore a property of every count and export here.
"""
from __future__ import annotations

from collections.abc import Iterable

from workbench.core.errors import RuleError
from workbench.core.i18n import N_
from workbench.visioning.store.contributions import get_contribution
from workbench.store.db import Store
from workbench.participation.store.filters import in_clause
from workbench.participation.store.participants import get_participant
from workbench.visioning.store.sessions import get_phase
from workbench.visioning.rules import check_can_react, check_reaction, reaction_order

_SHOWN = "c.withdrawn_at IS NULL AND c.hidden_reason IS NULL AND c.merged_into IS NULL"


def add_reaction(store: Store, participant_id: int, contribution_id: int, vote: int) -> None:
    """Record a participant's reaction (1 agree, -1 disagree, 0 pass); a later one replaces it.

    Checked in the transaction: the session is in its reacting phase, the contribution is in
    the participant's session, shown, and not their own. Raises RuleError or ValidationError.
    """
    with store.transaction() as conn:
        participant = get_participant(store, participant_id)
        contribution = get_contribution(store, contribution_id)
        if contribution["session_id"] != participant["session_id"]:
            raise RuleError(N_("contribution %(id)s belongs to another session"), id=contribution_id)
        check_can_react(get_phase(store, contribution["session_id"]))
        vote = check_reaction(contribution, participant_id, vote)
        conn.execute("INSERT INTO reactions (contribution_id, participant_id, vote) VALUES (?, ?, ?)",
                     [contribution_id, participant_id, vote])


def my_reactions(store: Store, participant_id: int) -> dict[int, int]:
    """{contribution id: current vote} for one participant."""
    out: dict[int, int] = {}
    for cid, vote in store.db.execute("SELECT contribution_id, vote FROM reactions WHERE participant_id = ? "
                                      "ORDER BY id", [participant_id]):
        out[cid] = vote
    return out


def next_to_react(store: Store, participant_id: int) -> dict | None:
    """The next contribution this participant has not reacted to (shown, not their own), in
    their own stable random order; None when there is none left."""
    participant = get_participant(store, participant_id)
    candidates = [row[0] for row in store.db.execute(
        f"SELECT c.id FROM contributions c WHERE c.session_id = ? AND c.participant_id != ? AND {_SHOWN} "
        "AND NOT EXISTS (SELECT 1 FROM reactions r WHERE r.contribution_id = c.id AND r.participant_id = ?)",
        [participant["session_id"], participant_id, participant_id])]
    order = reaction_order(participant_id, candidates)
    return get_contribution(store, order[0]) if order else None


def reaction_history(store: Store, participant_id: int, contribution_id: int) -> list[dict]:
    """Every reaction one participant gave one contribution, oldest first."""
    return list(store.db.query("SELECT vote, created_at FROM reactions WHERE participant_id = ? "
                               "AND contribution_id = ? ORDER BY id", [participant_id, contribution_id]))


def current_votes(store: Store, session_ids: Iterable[int] | None = None, *,
                  shown_only: bool = True) -> list[tuple[int, int, int]]:
    """``(participant_id, contribution_id, vote)``: the latest reaction per participant and
    contribution, in the order they were given — the input of :mod:`workbench.visioning.opinion`."""
    where, params = in_clause("c.session_id", session_ids)
    shown = f"AND {_SHOWN}" if shown_only else ""
    return [tuple(row) for row in store.db.execute(
        "SELECT r.participant_id, r.contribution_id, r.vote FROM reactions r "
        "JOIN contributions c ON c.id = r.contribution_id "
        "JOIN (SELECT max(id) AS id FROM reactions GROUP BY contribution_id, participant_id) latest "
        f"ON latest.id = r.id WHERE {where} {shown} ORDER BY r.id", params)]
