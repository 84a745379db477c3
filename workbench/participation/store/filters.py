"""SQL fragments the noun modules share."""
from __future__ import annotations

from collections.abc import Iterable


def in_clause(column: str, ids: Iterable[int] | None) -> tuple[str, list]:
    """``("column IN (?, ?)", [ids])``; ``None`` means no filter, an empty list matches nothing.

    >>> in_clause("session_id", [1, 2])
    ('session_id IN (?, ?)', [1, 2])
    """
    if ids is None:
        return "TRUE", []
    ids = list(ids)
    return (f"{column} IN ({', '.join('?' * len(ids))})", ids) if ids else ("FALSE", [])
