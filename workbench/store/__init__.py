"""The store: the only package that knows SQL. ``Store.open()`` then the noun modules' verbs."""
from __future__ import annotations

from workbench.store.db import DEFAULT_DB, Store, resolve_path

__all__ = ["Store", "DEFAULT_DB", "resolve_path"]
