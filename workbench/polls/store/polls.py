"""Polls in the store: creating them, their items and proposals, phases and settings.

A poll is a ``sessions`` row of kind ``poll`` (join code, title, consent text, phase) plus one
``polls`` row. Ballots and pairwise answers have their own module
(:mod:`workbench.polls.store.ballots`). Phases due by time (``opens_at``, ``closes_at``) are written
the first time anyone looks after that time (:func:`sync_phase`), inside the same transaction
as the write that needed them, so a ballot written after the closing time is refused even if
nobody pressed "close".
"""
from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Mapping, Sequence

from workbench.core.errors import NotFound, RuleError
from workbench.core.i18n import N_
from workbench.polls.rules import (
    PollItem,
    check_phase_change,
    check_proposal,
    check_settings,
    check_settings_change,
    default_consent,
    due_phase,
    iso,
    utc,
)
from workbench.store.db import Store, insert_id
from workbench.participation.store.participants import NO_PARTICIPANT
from workbench.participation.store.sessions import add_session, find_session
from workbench.core.cleaning import clean_text



def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _poll(row: Mapping) -> dict:
    return {**row, "title": json.loads(row["title"]), "consent": json.loads(row["consent"]),
            "params": json.loads(row["params"]), "source": json.loads(row["source"]),
            "hidden_until_close": bool(row["hidden_until_close"]),
            "results_published": bool(row["results_published"])}


_SELECT = ("SELECT p.id, p.session_id, p.method, p.params, p.hidden_until_close, p.results_published, "
           "p.opens_at, p.closes_at, p.source, p.created_at, s.code, s.title, s.phase, s.consent, "
           "s.consent_version, s.synthetic, s.kind FROM polls p JOIN sessions s ON s.id = p.session_id")


def add_poll(store: Store, title: Mapping[str, str], items: Sequence[PollItem], method: str,
             params: Mapping | None = None, *, hidden_until_close: bool = True,
             opens_at: dt.datetime | str | None = None, closes_at: dt.datetime | str | None = None,
             consent: Mapping[str, str] | None = None, source: Mapping | None = None,
             plan_slug: str | None = None, synthetic: bool = False,
             rng: random.Random | None = None) -> dict:
    """Create a poll (phase ``draft``) over ``items``; return it (see :func:`get_poll`).

    Raises ValidationError for a bad method, parameter, item list, title or times.
    """
    title = {lang: clean_text(text, f"poll title ({lang})", 120) for lang, text in title.items() if text.strip()}
    if not title:
        clean_text("", "poll title", 120)
    opens_at, closes_at = utc(opens_at), utc(closes_at)
    params = check_settings(method, params, items, opens_at, closes_at)
    with store.transaction() as conn:
        session = add_session(store, "poll", title, plan_slug=plan_slug, synthetic=synthetic, rng=rng)
        conn.execute("UPDATE sessions SET consent = ? WHERE id = ?",
                     [json.dumps(dict(consent or default_consent()), ensure_ascii=False), session["id"]])
        conn.execute("INSERT INTO phase_changes (session_id, phase) VALUES (?, 'draft')", [session["id"]])
        poll_id = insert_id(conn,
            "INSERT INTO polls (session_id, method, params, hidden_until_close, opens_at, closes_at, source)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [session["id"], method, json.dumps(params), int(bool(hidden_until_close)), iso(opens_at),
             iso(closes_at), json.dumps(dict(source or {}), ensure_ascii=False)])
        conn.executemany(
            "INSERT INTO poll_items (poll_id, key, position, title, body) VALUES (?, ?, ?, ?, ?)",
            [(poll_id, item.key, position, json.dumps(dict(item.title), ensure_ascii=False),
              json.dumps(dict(item.text), ensure_ascii=False)) for position, item in enumerate(items)])
    return get_poll(store, poll_id)


def get_poll(store: Store, poll_id: int) -> dict:
    """A poll: ``id`` (the poll's), ``session_id``, ``code``, ``title``, ``phase`` (as stored:
    see :func:`sync_phase`), ``method``, ``params``, ``hidden_until_close``, ``opens_at``,
    ``closes_at``, ``consent``, ``consent_version``, ``source``, ``results_published``. Raises NotFound."""
    row = next(store.db.query(f"{_SELECT} WHERE p.id = ?", [poll_id]), None)
    if row is None:
        raise NotFound(f"no poll {poll_id}")
    return _poll(row)


def find_poll(store: Store, code: str) -> dict:
    """The poll a join code opens. Raises ValidationError (not a code) or NotFound."""
    session = find_session(store, code)
    row = next(store.db.query(f"{_SELECT} WHERE p.session_id = ?", [session["id"]]), None)
    if row is None:
        raise NotFound(f"the code {session['code']} opens a {session['kind']} session, not a poll; "
                       "check the link with your facilitator")
    return _poll(row)


def list_polls(store: Store) -> list[dict]:
    """Every poll, oldest first."""
    return [_poll(row) for row in store.db.query(f"{_SELECT} ORDER BY p.id")]


def sync_phase(store: Store, poll_id: int, now: dt.datetime | None = None) -> dict:
    """Write the phase the poll's times make due at ``now`` (default: the clock); return the poll."""
    poll = get_poll(store, poll_id)
    if due_phase(poll["phase"], poll["opens_at"], poll["closes_at"], now or now_utc()) == poll["phase"]:
        return poll
    with store.transaction() as conn:
        poll = get_poll(store, poll_id)
        phase, moment = poll["phase"], now or now_utc()
        target = due_phase(phase, poll["opens_at"], poll["closes_at"], moment)
        steps = [("open", poll["opens_at"])] if phase == "draft" and target != "draft" else []
        steps += [("closed", poll["closes_at"])] if target == "closed" and phase != "closed" else []
        for wanted, at in steps:
            conn.execute("INSERT INTO phase_changes (session_id, phase, changed_at) VALUES (?, ?, ?)",
                         [poll["session_id"], wanted, at or iso(moment)])
        conn.execute("UPDATE sessions SET phase = ? WHERE id = ?", [target, poll["session_id"]])
    return get_poll(store, poll_id)


def update_phase(store: Store, poll_id: int, phase: str, now: dt.datetime | None = None) -> dict:
    """Open (``open``) or close (``closed``) a poll by hand; return it. Closed is final.

    Raises RuleError if the poll's phase may not move there.
    """
    with store.transaction() as conn:
        poll = sync_phase(store, poll_id, now)
        check_phase_change(poll["phase"], phase)
        conn.execute("UPDATE sessions SET phase = ? WHERE id = ?", [phase, poll["session_id"]])
        conn.execute("INSERT INTO phase_changes (session_id, phase, changed_at) VALUES (?, ?, ?)",
                     [poll["session_id"], phase, iso(now or now_utc())])
    return get_poll(store, poll_id)


def update_poll(store: Store, poll_id: int, now: dt.datetime | None = None, **changes) -> dict:
    """Change ``hidden_until_close``, ``opens_at`` or ``closes_at``; return the poll.

    Raises RuleError when the phase forbids the change (results hidden until close cannot be
    lifted once the poll has opened; a closed poll changes no more).
    """
    with store.transaction() as conn:
        poll = sync_phase(store, poll_id, now)
        changes = check_settings_change(poll, poll["phase"], changes)
        if "hidden_until_close" in changes:
            conn.execute("UPDATE polls SET hidden_until_close = ? WHERE id = ?",
                         [int(bool(changes["hidden_until_close"])), poll_id])
        for name in ("opens_at", "closes_at"):
            if name in changes:
                conn.execute(f"UPDATE polls SET {name} = ? WHERE id = ?", [iso(changes[name]), poll_id])
        found = get_poll(store, poll_id)
        if found["opens_at"] and found["closes_at"] and found["closes_at"] <= found["opens_at"]:
            from workbench.core.errors import ValidationError
            raise ValidationError("the poll would close before it opens: check the times")
    return sync_phase(store, poll_id, now)


def publish_results(store: Store, poll_id: int, published: bool = True, now: dt.datetime | None = None) -> dict:
    """Show (or stop showing) a closed poll's results to its participants; return the poll."""
    from workbench.polls.rules import check_publish
    with store.transaction() as conn:
        poll = sync_phase(store, poll_id, now)
        check_publish(poll["phase"])
        conn.execute("UPDATE polls SET results_published = ? WHERE id = ?", [int(bool(published)), poll_id])
    return get_poll(store, poll_id)


# -- items and proposals ----------------------------------------------------------------------
def list_items(store: Store, poll_id: int, status: str = "approved") -> list[PollItem]:
    """The poll's items with ``status`` (``approved``: the ones voted on), in list order."""
    return [PollItem(r["key"], json.loads(r["title"]), json.loads(r["body"])) for r in store.db.query(
        "SELECT key, title, body FROM poll_items WHERE poll_id = ? AND status = ? ORDER BY position, id",
        [poll_id, status])]


def item_keys(store: Store, poll_id: int) -> list[str]:
    """The keys of the poll's approved items, in list order (cheap: no text decoded)."""
    return [row[0] for row in store.db.execute(
        "SELECT key FROM poll_items WHERE poll_id = ? AND status = 'approved' ORDER BY position, id", [poll_id])]


def list_proposals(store: Store, poll_id: int, status: str | None = "pending") -> list[dict]:
    """Proposed items (``key``, ``title``, ``status``, ``created_at``), oldest first.

    Who proposed an item is kept in the database only (to count their pending proposals)."""
    where, params = ("AND status = ?", [status]) if status else ("", [])
    return [{**r, "title": json.loads(r["title"])} for r in store.db.query(
        "SELECT key, title, status, created_at FROM poll_items WHERE poll_id = ? "
        f"AND proposed_by IS NOT NULL {where} ORDER BY id", [poll_id, *params])]


def add_proposal(store: Store, poll_id: int, participant_id: int, text: str, language: str,
                 now: dt.datetime | None = None) -> str:
    """Propose a new item (pairwise polls); it waits for the facilitator. Returns its key."""
    sync_phase(store, poll_id, now)  # a phase due by time is recorded even if the write is refused
    with store.transaction() as conn:
        poll = sync_phase(store, poll_id, now)
        _check_member(conn, poll, participant_id)
        pending = conn.execute("SELECT count(*) FROM poll_items WHERE poll_id = ? AND proposed_by = ? "
                               "AND status = 'pending'", [poll_id, participant_id]).fetchone()[0]
        text = check_proposal(poll["method"], text, pending, poll["phase"])
        number = conn.execute("SELECT count(*) + 1 FROM poll_items WHERE poll_id = ? AND proposed_by IS NOT NULL",
                              [poll_id]).fetchone()[0]
        position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM poll_items WHERE poll_id = ?",
                                [poll_id]).fetchone()[0]
        while conn.execute("SELECT 1 FROM poll_items WHERE poll_id = ? AND key = ?",
                           [poll_id, f"P{number}"]).fetchone():
            number += 1
        key = f"P{number}"
        conn.execute("INSERT INTO poll_items (poll_id, key, position, title, status, proposed_by) "
                     "VALUES (?, ?, ?, ?, 'pending', ?)",
                     [poll_id, key, position, json.dumps({language: text}, ensure_ascii=False), participant_id])
    return key


def decide_proposal(store: Store, poll_id: int, key: str, approve: bool,
                    now: dt.datetime | None = None) -> None:
    """Approve (the item enters the poll) or reject a pending proposal."""
    with store.transaction() as conn:
        poll = sync_phase(store, poll_id, now)
        if poll["phase"] == "closed":
            raise RuleError("the poll is closed; its items can no longer change")
        row = conn.execute("SELECT status FROM poll_items WHERE poll_id = ? AND key = ? AND proposed_by IS NOT NULL",
                           [poll_id, key]).fetchone()
        if row is None:
            raise NotFound(f"poll {poll_id} has no proposed item {key!r}")
        if row[0] != "pending":
            raise RuleError(f"proposal {key} was already {row[0]}")
        conn.execute("UPDATE poll_items SET status = ?, decided_at = ? WHERE poll_id = ? AND key = ?",
                     ["approved" if approve else "rejected", iso(now or now_utc()), poll_id, key])


def _check_member(conn, poll: Mapping, participant_id: int) -> None:
    row = conn.execute("SELECT session_id FROM participants WHERE id = ?", [participant_id]).fetchone()
    if row is None:
        raise NotFound(NO_PARTICIPANT, id=participant_id)
    if row[0] != poll["session_id"]:
        raise RuleError(N_("participant %(id)s did not join poll %(poll)s"), id=participant_id, poll=poll["id"])


def resolve_source(store: Store, source: str, lines: Sequence[str] = (), language: str = "en",
                   plan_slug: str | None = None) -> tuple[list[PollItem], dict]:
    """The items a poll's source names, and the source as stored.

    ``source`` is ``plan`` (every action), ``theme:1``, ``goal:1.2``, ``list:SLUG`` (a list's
    top-level items), ``list:SLUG/3`` (the sub-items of its item 3) or ``typed`` (``lines``,
    one item each). Raises ValidationError or NotFound.
    """
    from workbench.core.errors import ValidationError
    from workbench.polls.rules import items_from_lines, items_from_list, items_from_plan
    from workbench.plan.store.plans import get_list, get_plan
    kind, _, ref = source.partition(":")
    if kind == "typed":
        return items_from_lines(lines, language), {"kind": "typed"}
    if kind in ("plan", "theme", "goal"):
        if (kind == "plan") != (ref == ""):
            raise ValidationError(f"source {source!r}: write plan, theme:N or goal:N.M")
        plan = get_plan(store, plan_slug)
        return items_from_plan(plan, ref or None), {"kind": kind, "ref": ref, "plan": plan.slug}
    if kind == "list" and ref:
        slug, _, parent = ref.partition("/")
        if parent and not parent.isdigit():
            raise ValidationError(f"source {source!r}: the part after / is an item number")
        found = items_from_list(get_list(store, slug), int(parent) if parent else None)
        return found, {"kind": "list", "ref": ref}
    raise ValidationError(f"unknown source {source!r}: use plan, theme:N, goal:N.M, list:SLUG, "
                          "list:SLUG/N or typed")


def source_choices(store: Store, language: str = "en") -> list[tuple[str, str]]:
    """``(label, source)`` for every source a facilitator may pick (see :func:`resolve_source`)."""
    from workbench.plan.model import pick
    from workbench.plan.store.plans import get_list, get_plan, list_lists
    choices = []
    try:
        plan = get_plan(store)
    except NotFound:
        plan = None
    if plan is not None:
        choices.append((f"{pick(plan.title, language)} ({plan.actions_found})", "plan"))
        for ref, kind, node in plan.walk():
            if kind != "action":
                count = sum(1 for r, k, _ in plan.walk() if k == "action" and r.startswith(ref + "."))
                indent = "  " if kind == "goal" else ""
                choices.append((f"{indent}{ref} {pick(node.title, language)} ({count})", f"{kind}:{ref}"))
    for slug in list_lists(store):
        found = get_list(store, slug)
        choices.append((f"{pick(found.title, language)} ({len(found.items)})", f"list:{slug}"))
        for item in found.items:
            if item.items:
                choices.append((f"  {pick(found.title, language)} {item.number}: "
                                f"{pick(item.title, language)} ({len(item.items)})", f"list:{slug}/{item.number}"))
    return choices
