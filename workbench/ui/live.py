"""Following the database live: an asyncio task that notices other kernels' writes.

Every kernel of a meeting has its own SQLite connection. ``PRAGMA data_version`` changes for a
connection when *another* connection commits, and costs microseconds, so each screen polls it
every 0.25 s (measured: another kernel's write seen in ~0.2 s) and refreshes its widgets when
it changed. The task runs in the kernel's event loop (no threads: widget updates stay on the
kernel's main thread), ends when its owner widget is closed, and is not started at all when
no event loop runs (a plain Python test calls :meth:`Watcher.poll` by hand).
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from workbench.store import Store

log = logging.getLogger(__name__)
INTERVAL = 0.25


class Watcher:
    """Calls ``on_change()`` after another connection wrote to ``store``.

    ``min_gap`` spaces the calls (a facilitator's numbers need not redraw 4 times a second);
    a change seen during the gap is not lost, it is handled when the gap has passed.
    ``every`` (seconds, optional) also calls ``on_change`` that often without a change, for
    views that show time ("breaks in the last 10 minutes").
    """

    def __init__(self, store: Store, on_change: Callable[[], None], owner, *,
                 interval: float = INTERVAL, min_gap: float = 0.0, every: float | None = None):
        self.store, self.on_change, self.owner = store, on_change, owner
        self.interval, self.min_gap, self.every = interval, min_gap, every
        self.task: asyncio.Task | None = None
        self._version = store.data_version()
        self._pending = False
        self._last = time.monotonic()

    def start(self) -> bool:
        """Start polling in the running event loop; False (and nothing started) if there is none."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        self.task = loop.create_task(self._run())
        return True

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task = None

    @property
    def alive(self) -> bool:
        """False once the owner widget was closed (its comm is gone)."""
        return getattr(self.owner, "comm", None) is not None

    def poll(self) -> bool:
        """Check once; call ``on_change`` if due. Returns True if it was called."""
        version = self.store.data_version()
        if version != self._version:
            self._version, self._pending = version, True
        now = time.monotonic()
        due = self._pending and now - self._last >= self.min_gap
        if not due and self.every is not None and now - self._last >= self.every:
            due = True
        if not due:
            return False
        self._pending, self._last = False, now
        self.on_change()
        return True

    async def _run(self) -> None:
        while self.alive:
            await asyncio.sleep(self.interval)
            try:
                self.poll()
            except Exception:  # a failed refresh must not stop the following refreshes
                log.exception("live refresh failed")
        self.task = None
