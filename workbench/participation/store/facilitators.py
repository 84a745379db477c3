"""Named facilitators: a personal key each, so a facilitator's link survives a restart of the
server and can be withdrawn from one person without changing everyone's.

The key is shown once, when the facilitator is added; only its SHA-256 is stored (a key is 128
random bits, so a plain hash is enough). The per-run key that ``workbench serve`` prints stays
as the first way in.
"""
from __future__ import annotations

import datetime as dt
import hmac

from workbench.core.access import key_hash, new_key
from workbench.core.errors import NotFound, ValidationError
from workbench.store import Store


def add_facilitator(store: Store, name: str) -> tuple[dict, str]:
    """Add facilitator ``name``; return (the row, the personal key, shown only now)."""
    name = " ".join(str(name).split())
    if not 2 <= len(name) <= 80:
        raise ValidationError("a facilitator's name has 2 to 80 characters")
    key = new_key()
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM facilitators WHERE name = ?", [name]).fetchone():
            raise ValidationError(f"there is already a facilitator named {name!r}: revoke it first, "
                                  "or choose another name")
        conn.execute("INSERT INTO facilitators (name, key_hash) VALUES (?, ?)", [name, key_hash(key)])
    return get_facilitator(store, name), key


def get_facilitator(store: Store, name: str) -> dict:
    row = next(store.db.query("SELECT id, name, created_at, revoked_at FROM facilitators WHERE name = ?",
                              [name]), None)
    if row is None:
        raise NotFound(f"no facilitator named {name!r}")
    return row


def list_facilitators(store: Store) -> list[dict]:
    """Every facilitator, with when they were added and (if so) revoked; no keys."""
    return list(store.db.query("SELECT id, name, created_at, revoked_at FROM facilitators ORDER BY name"))


def revoke_facilitator(store: Store, name: str) -> dict:
    """Withdraw ``name``'s key: their links stop working at once. The name is freed for re-adding."""
    with store.transaction() as conn:
        found = get_facilitator(store, name)
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        conn.execute("UPDATE facilitators SET revoked_at = ?, name = ? WHERE id = ?",
                     [stamp, f"{name} (revoked {stamp})", found["id"]])
    return {**found, "revoked_at": stamp}


def facilitator_named(store: Store, key: str | None) -> str | None:
    """The name of the facilitator whose personal key ``key`` is (not revoked), else None."""
    if not key:
        return None
    wanted = key_hash(key)
    for row in store.db.query("SELECT name, key_hash FROM facilitators WHERE revoked_at IS NULL"):
        if hmac.compare_digest(row["key_hash"], wanted):
            return row["name"]
    return None
