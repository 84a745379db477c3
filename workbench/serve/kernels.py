"""The kernels of a meeting: preheated pools that are never broken, kernels that follow the people.

Voila keeps, for each app, a pool of kernels that have already run the app's notebook up to the
point where it waits for its page (``workbench.ui.page.wait_for_request``). This module
adds to Voila's pool what a meeting where everyone opens the link at once needs:

- **bounded starts**: at most ``start_slots`` kernels start at a time (one per core by default),
  and a refill waits while pages are being built, so replacements do not starve the people who
  are joining;
- **only ready kernels are handed out**: a kernel is ready when its notebook waits for its page.
  One whose notebook failed (its traceback is in the log), ended, or did not get ready within
  ``ready_timeout`` is shut down and replaced, never given to a participant. A join that finds
  no ready kernel waits for the first one that becomes ready (instead of taking one that is
  still starting, which is what made pages come up blank);
- **pools sized from the meeting**: participant apps whose kind of activity is live (a visioning
  session, feedback session or poll that is not closed) keep ``expect`` kernels; the others one;
  ``apps`` fixes the list instead;
- **kernels follow the people**: a kernel whose page has had no connection for ``grace`` seconds
  (closed, reloaded, or a phone that lost the network for longer than a moment), or whose page
  said it was closing, is shut down;
- **a ceiling**: with ``max_participants`` kernels in use by participant apps, the next person is
  shown a "the meeting is full" page (see :mod:`workbench.serve.app`);
- a status file (kernels in use, ready, started, replaced, released) that facilitator screens
  read, and log lines saying when the pools are ready and how long it took.
"""
from __future__ import annotations

import asyncio
import contextvars
import json
import os
import time
from dataclasses import dataclass, field

from traitlets import Dict, Float, Integer, List, Unicode

#: Set by the page handler around one page request: the kernel handed to it is noted in it.
PAGE_REQUEST: contextvars.ContextVar[dict] = contextvars.ContextVar("workbench_page_request")

#: Which participant app serves which kind of session.
APP_OF_KIND = {"visioning": "visioning.ipynb", "feedback": "feedback.ipynb", "poll": "vote.ipynb"}


@dataclass
class Handout:
    """A kernel given to a page: which app, when, and since when no page is connected."""
    notebook: str
    participant: bool
    at: float
    building: bool = True
    alone_since: float | None = None
    closing: bool = False
    connected: bool = False


@dataclass
class Counters:
    started: int = 0
    replaced: int = 0
    released: int = 0
    handed_out: int = 0
    waits: list = field(default_factory=list)


def live_kinds(database) -> set[str]:
    """The kinds of activity (visioning, feedback, poll) with a session that is not closed, in
    ``database`` (a :class:`workbench.serve.database.MeetingDatabase`, or a SQLite path or
    PostgreSQL URL read once).

    Cheap (the sessions table holds a few hundred rows); an unreadable database counts as
    "nothing live" (the pools then keep their minimum).
    """
    from workbench.serve.database import reads
    found, once = reads(database)
    try:
        return found.live_kinds()
    finally:
        if once:
            found.close()


def pool_targets(notebooks: list[str], participant_apps: list[str], expect: int, apps: list[str],
                 kinds: set[str]) -> dict[str, int]:
    """How many kernels each app keeps preheated.

    >>> pool_targets(["vote.ipynb", "plan.ipynb", "polls.ipynb"], ["vote.ipynb", "plan.ipynb"], 10, [], {"poll"})
    {'vote.ipynb': 10, 'plan.ipynb': 1, 'polls.ipynb': 1}
    >>> pool_targets(["vote.ipynb", "plan.ipynb"], ["vote.ipynb", "plan.ipynb"], 10, ["plan.ipynb"], {"poll"})
    {'vote.ipynb': 1, 'plan.ipynb': 10}
    """
    busy = set(apps) if apps else {APP_OF_KIND[kind] for kind in kinds if kind in APP_OF_KIND}
    return {name: (expect if name in busy and name in participant_apps else 1) for name in notebooks}


def meeting_kernel_manager_factory(base_class, preheat_kernel, default_pool_size, page_config_hook=None):
    """Voila's kernel-manager factory, with :class:`MeetingKernelManager` on top of its pools."""
    from voila.request_info_handler import RequestInfoSocketHandler
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    voila_class = voila_kernel_manager_factory(base_class, preheat_kernel, default_pool_size, page_config_hook)
    if not preheat_kernel:
        return voila_class

    class MeetingKernelManager(voila_class):
        start_slots = Integer(max(os.cpu_count() or 1, 1), config=True,
                              help="Kernels started at the same time (default: one per core).")
        ready_timeout = Float(120.0, config=True,
                              help="Seconds a new kernel has to reach its page's wait; else it is replaced.")
        grace = Float(60.0, config=True,
                      help="Seconds a kernel is kept after its page lost its connection.")
        max_participants = Integer(0, config=True,
                                   help="Participant kernels in use at most (0: no ceiling).")
        expect = Integer(10, config=True, help="People expected: kernels preheated for each live app.")
        apps = List(Unicode(), [], config=True,
                    help="Participant apps to preheat for; empty: those whose kind of session is live.")
        participant_apps = List(Unicode(), [], config=True, help="The apps participants open.")
        database = Unicode("", config=True,
                           help="The database (a SQLite file or a PostgreSQL URL), read to see which "
                                "kinds are live and which app a join code opens.")
        status_path = Unicode("", config=True, help="Where the status (JSON) is written.")
        check_interval = Float(2.0, config=True, help="Seconds between two checks of the kernels.")
        quiet_wait = Float(20.0, config=True,
                           help="Seconds a refill waits at most for the pages being built.")
        join_wait = Float(120.0, config=True,
                          help="Seconds a page waits at most for a ready kernel.")
        targets = Dict(help="Kernels preheated per app, now.")

        def __init__(self, **kwargs):
            self._slots = asyncio.Semaphore(1)   # replaced by start_slots once the loop runs
            self._handed: dict[str, Handout] = {}
            self._counters = Counters()
            self._began = time.monotonic()
            self._ready_logged = False
            self._waiting = 0
            self._notebooks = sorted(str(path) for path in self._all_notebooks(kwargs))
            super().__init__(**kwargs)
            self._slots = asyncio.Semaphore(self.start_slots)
            from workbench.serve.database import MeetingDatabase
            #: the server's one connection to the meeting's database (opened when first read)
            self.meeting_db = MeetingDatabase(self.database) if self.database else None
            self._kinds = live_kinds(self.meeting_db) if self.meeting_db else set()
            self._retarget()
            loop = asyncio.get_event_loop()
            self._checker = loop.create_task(self._check_forever())

        @staticmethod
        def _all_notebooks(kwargs) -> list[str]:
            from pathlib import Path
            parent = kwargs.get("parent")
            root = Path(parent.root_dir)
            return [str(path.relative_to(root)) for path in root.rglob("*.ipynb")
                    if ".ipynb_checkpoints" not in str(path)]

        # -- pool sizes -----------------------------------------------------------------
        def _retarget(self) -> bool:
            """Set each pool's size from what is live; True if a size changed."""
            targets = pool_targets(self._notebooks, list(self.participant_apps), self.expect,
                                   list(self.apps), self._kinds)
            if targets == self.targets:
                return False
            self.targets = targets
            config = {"default": {"pool_size": 1}}
            config.update({name: {"pool_size": size} for name, size in targets.items()})
            self.kernel_pools_config = config
            return True

        def preheated(self) -> int:
            """Kernels the pools hold or are starting, all apps together."""
            return sum(len(pool) for pool in self._pools.values())

        # -- starting a kernel: bounded, checked, replaced if broken ---------------------
        async def _initialize(self, notebook_path: str, kernel_id: str = None, **kwargs):
            if kernel_id is not None:   # a restart: Voila's own path
                return await super()._initialize(notebook_path, kernel_id, **kwargs)
            for attempt in range(1, 4):
                await self._until_quiet()
                async with self._slots:
                    content = await super()._initialize(notebook_path, None, **kwargs)
                    self._counters.started += 1
                    problem = await self._until_ready(content)
                if problem is None:
                    return content
                self._counters.replaced += 1
                self.log.error("Preheated kernel %s for %s is broken (%s): replacing it (attempt %d)",
                               content["kernel_id"], notebook_path, problem, attempt)
                await self._discard(content["kernel_id"])
            raise RuntimeError(f"no kernel for {notebook_path} got ready in 3 attempts")

        async def _until_quiet(self) -> None:
            """Wait (at most ``quiet_wait`` s) while pages are being built, unless people are
            waiting for a kernel: the pages of those who joined go first."""
            deadline = time.monotonic() + self.quiet_wait
            while (time.monotonic() < deadline and not self._waiting
                   and any(h.building for h in self._handed.values())):
                await asyncio.sleep(0.2)

        async def _until_ready(self, content) -> str | None:
            """None once the kernel's notebook waits for its page; else what went wrong."""
            kernel_id, task = content["kernel_id"], content["task"]
            deadline = time.monotonic() + self.ready_timeout
            while time.monotonic() < deadline:
                if kernel_id in RequestInfoSocketHandler._waiters:
                    return None
                if task.done():
                    failure = task.exception() if not task.cancelled() else None
                    return f"its notebook ended before its page came ({failure or 'see the cell error above'})"
                if kernel_id not in self:
                    return "the kernel died while starting"
                await asyncio.sleep(0.05)
            return f"not ready within {self.ready_timeout:.0f} s"

        def _healthy(self, content) -> bool:
            return (content["kernel_id"] in self and not content["task"].done()
                    and content["kernel_id"] in RequestInfoSocketHandler._waiters)

        async def _discard(self, kernel_id: str) -> None:
            try:
                if kernel_id in self:
                    await super().shutdown_kernel(kernel_id, now=True)
            except Exception:  # already gone
                self.log.debug("discarding %s", kernel_id, exc_info=True)

        # -- handing a kernel to a page ---------------------------------------------------
        def participants_in_use(self) -> int:
            """Participant pages open now (a page that said it is closing no longer counts: its
            reload may take its place at once)."""
            return sum(1 for handout in self._handed.values() if handout.participant and not handout.closing)

        def is_full(self, notebook_name: str) -> bool:
            """True when ``notebook_name`` is a participant app and the ceiling is reached."""
            return (notebook_name in self.participant_apps and self.max_participants > 0
                    and self.participants_in_use() >= self.max_participants)

        async def get_rendered_notebook(self, notebook_name: str, extra_kernel_env_variables: dict = {},
                                        **kwargs):
            if notebook_name is None:
                raise NameError("Notebook name must be provided!")
            asked = time.monotonic()
            deadline = asked + self.join_wait
            self._waiting += 1
            try:
                while True:
                    pool = self._pools.setdefault(notebook_name, [])
                    content = self._take_ready(pool, notebook_name)
                    if content is not None:
                        break
                    if not pool:
                        self.fill_if_needed(delay=0, notebook_name=notebook_name)
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise RuntimeError(f"no kernel for {notebook_name} got ready within {self.join_wait:.0f} s")
                    await asyncio.wait(list(pool), timeout=min(left, 0.5), return_when=asyncio.FIRST_COMPLETED)
            finally:
                self._waiting -= 1
            renderer, kernel_id = content["renderer"], content["kernel_id"]
            renderer.stop_generator = True
            self._counters.handed_out += 1
            self._counters.waits.append(time.monotonic() - asked)
            del self._counters.waits[:-200]
            self._handed[kernel_id] = Handout(notebook_name, notebook_name in self.participant_apps,
                                              time.monotonic())
            request = PAGE_REQUEST.get(None)
            if request is not None:
                request["kernel_id"] = kernel_id
            self.log.info("Using pre-heated kernel: %s for %s (waited %.1f s)", kernel_id, notebook_name,
                          time.monotonic() - asked)
            self.fill_if_needed(delay=None, notebook_name=notebook_name,
                                extra_kernel_env_variables=extra_kernel_env_variables, **kwargs)
            return content["task"], renderer.rendered_cache, kernel_id

        async def until_preheating(self, notebook_name: str) -> None:
            """Wait until the first kernel of ``notebook_name`` was set up: before that, Voila
            would start a cold kernel for the page, outside the pool's bounds and checks."""
            deadline = time.monotonic() + self.join_wait
            while (notebook_name in self.targets and notebook_name not in self.notebook_data
                   and time.monotonic() < deadline):
                await asyncio.sleep(0.1)

        def _take_ready(self, pool: list, notebook_name: str):
            """Remove and return the oldest ready kernel of ``pool`` (dropping broken ones)."""
            for task in list(pool):
                if not task.done():
                    continue
                if task.cancelled() or task.exception() is not None:
                    pool.remove(task)
                    self.log.error("A kernel for %s could not be started: %s", notebook_name,
                                   None if task.cancelled() else task.exception())
                    continue
                content = task.result()
                pool.remove(task)
                if self._healthy(content):
                    return content
                self._counters.replaced += 1
                self.log.error("Preheated kernel %s for %s stopped waiting for its page: replaced",
                               content["kernel_id"], notebook_name)
                asyncio.ensure_future(self._discard(content["kernel_id"]))
            return None

        def fill_if_needed(self, delay=None, notebook_name=None, extra_kernel_env_variables={}, **kwargs):
            if notebook_name is not None and notebook_name not in self.targets:
                self.targets = {**self.targets, notebook_name: 1}
            return super().fill_if_needed(delay=delay, notebook_name=notebook_name,
                                          extra_kernel_env_variables=extra_kernel_env_variables, **kwargs)

        def get_pool_size(self, notebook_name: str) -> int:
            # Every app keeps at least one kernel starting or ready, so every page goes through
            # get_rendered_notebook (bounded, checked) rather than a cold start.
            return max(len(self._pools.get(notebook_name, [])), 1 if notebook_name in self.targets else 0)

        # -- pages that close ---------------------------------------------------------------
        def page_sent(self, kernel_id: str | None) -> None:
            """The page of ``kernel_id`` was sent (or its reader left while it was sent)."""
            if kernel_id in self._handed:
                self._handed[kernel_id].building = False
                self._handed[kernel_id].alone_since = time.monotonic()

        def page_closing(self, kernel_id: str) -> None:
            """The page said it is closing (or reloading): release its kernel at the next check."""
            if kernel_id in self._handed:
                self._handed[kernel_id].closing = True

        async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
            self._handed.pop(kernel_id, None)
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)

        def _pooled(self) -> set[str]:
            return {task.result()["kernel_id"] for pool in self._pools.values() for task in pool
                    if task.done() and not task.cancelled() and task.exception() is None}

        async def _release_gone_pages(self) -> None:
            now = time.monotonic()
            known = set(self._handed) | self._pooled()
            for kernel_id in self.list_kernel_ids():   # a kernel Voila started outside the pools
                if kernel_id not in known and self._kernel_connections.get(kernel_id, 0) > 0:
                    self._handed[kernel_id] = Handout("?", True, now, building=False)
            for kernel_id, handout in list(self._handed.items()):
                if kernel_id not in self:
                    self._handed.pop(kernel_id, None)
                    continue
                if handout.building and now - handout.at < self.ready_timeout:
                    continue   # the page is still being built and sent
                if self._kernel_connections.get(kernel_id, 0) > 0 and not handout.closing:
                    handout.alone_since, handout.connected = None, True
                    continue
                if handout.alone_since is None:
                    handout.alone_since = now
                if handout.closing or now - handout.alone_since >= self.grace:
                    why = "its page closed" if handout.closing else f"no page for {now - handout.alone_since:.0f} s"
                    self.log.info("Releasing kernel %s of %s: %s", kernel_id, handout.notebook, why)
                    self._counters.released += 1
                    await self._discard(kernel_id)
                    self._handed.pop(kernel_id, None)

        async def shutdown_all(self, *args, **kwargs):
            self._checker.cancel()
            for kernel_id in list(self.list_kernel_ids()):
                try:
                    await super().shutdown_kernel(kernel_id, now=True)
                except Exception:  # already gone
                    pass
            return await super().shutdown_all(*args, **kwargs)

        async def cull_kernel_if_idle(self, kernel_id: str):
            return None   # released by _release_gone_pages instead (idle is not gone)

        # -- the periodic check -------------------------------------------------------------
        async def _check_forever(self) -> None:
            last_kinds = 0.0
            while True:
                await asyncio.sleep(self.check_interval)
                try:
                    await self._release_gone_pages()
                    if self.meeting_db and not self.apps and time.monotonic() - last_kinds >= 5:
                        last_kinds = time.monotonic()
                        self._kinds = live_kinds(self.meeting_db)
                        if self._retarget():
                            self.log.info("Pools resized for what is live (%s): %s",
                                          ", ".join(sorted(self._kinds)) or "nothing", self.targets)
                            for name in self.targets:
                                self.fill_if_needed(delay=0, notebook_name=name)
                            await self._shrink()
                    self._log_ready()
                    self._write_status()
                except Exception:
                    self.log.exception("kernel check failed")

        async def _shrink(self) -> None:
            for name, pool in self._pools.items():
                surplus = len(pool) - self.targets.get(name, 1)
                for task in [t for t in pool if t.done() and not t.exception()][:max(surplus, 0)]:
                    pool.remove(task)
                    await self._discard(task.result()["kernel_id"])

        def ready_counts(self) -> dict[str, int]:
            return {name: sum(1 for t in pool if t.done() and not t.cancelled() and t.exception() is None)
                    for name, pool in self._pools.items()}

        def _log_ready(self) -> None:
            if self._ready_logged:
                return
            ready = self.ready_counts()
            if all(ready.get(name, 0) >= size for name, size in self.targets.items()):
                self._ready_logged = True
                self.log.info("Pools ready: %d kernels in %.1f s (%d started, %d replaced)",
                              sum(ready.values()), time.monotonic() - self._began,
                              self._counters.started, self._counters.replaced)

        def status(self) -> dict:
            """What the facilitator screens show: kernels used, available, ready and replaced."""
            waits = sorted(self._counters.waits)
            return {
                "participants_in_use": self.participants_in_use(),
                "participants_max": self.max_participants,
                "kernels": len(self.list_kernel_ids()),
                "preheated_ready": sum(self.ready_counts().values()),
                "preheated_target": sum(self.targets.values()),
                "started": self._counters.started,
                "replaced": self._counters.replaced,
                "released": self._counters.released,
                "handed_out": self._counters.handed_out,
                "wait_p95_s": round(waits[int(0.95 * (len(waits) - 1))], 2) if waits else None,
                "updated": time.time(),
            }

        def _write_status(self) -> None:
            if not self.status_path:
                return
            temporary = self.status_path + ".tmp"
            with open(temporary, "w") as handle:
                json.dump(self.status(), handle)
            os.replace(temporary, self.status_path)

    return MeetingKernelManager
