"""Who may open what: the facilitator key.

``workbench serve`` makes a new facilitator key for each run, prints it inside the
facilitator links, and hands the kernels only its SHA-256 hash (in the environment variable
:data:`FACILITATOR_ENV`); the key itself is stored nowhere. Facilitator apps open through
:func:`workbench.ui.page.facilitator_app`, which checks the ``key`` of their query string with
:func:`is_facilitator`. Participant apps need a join code instead; the command line, used by
whoever holds the database file, needs no key.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets

FACILITATOR_ENV = "WORKBENCH_FACILITATOR_KEY_HASH"


def new_key() -> str:
    """A fresh facilitator key (URL-safe, 128 bits)."""
    return secrets.token_urlsafe(16)


def key_hash(key: str) -> str:
    """The stored form of a key.

    >>> len(key_hash("abc"))
    64
    """
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def is_facilitator(key: str | None, expected_hash: str | None = None) -> bool:
    """True if ``key`` is this run's facilitator key (compared in constant time)."""
    expected = expected_hash if expected_hash is not None else os.environ.get(FACILITATOR_ENV, "")
    if not key or not expected:
        return False
    return hmac.compare_digest(key_hash(key), expected)
