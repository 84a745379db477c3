"""The store: opening the database, transactions that retry, the migration runner and backups.
Each feature keeps the SQL of its own nouns in its ``store`` package (``workbench/polls/store/``…)."""
from __future__ import annotations

from workbench.store.db import DEFAULT_DB, Store, resolve_path

__all__ = ["Store", "DEFAULT_DB", "resolve_path"]
