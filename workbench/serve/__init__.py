"""Serving the apps to a meeting: the Voila command line, its settings and its links.

Why each setting (all measured with Voila 0.5):

- standalone Voila, never the Jupyter server extension: only standalone Voila refuses
  ``execute_request`` messages sent from the browser. It runs as :mod:`workbench.serve.app`,
  which adds the meeting's kernel pools (:mod:`workbench.serve.kernels`) and pages;
- Voila's token, carried in the printed links, with a cookie secret kept beside the database
  so that a restart does not throw everyone out; without the token nothing starts a kernel.
  The link to share is the home page, which starts no kernel, so link-preview bots that
  fetch it cost nothing;
- preheated kernels, started a few at a time, handed out only once ready, sized from what is
  live (see :mod:`workbench.serve.kernels`); apps read the query string after
  :func:`workbench.ui.page.wait_for_request`;
- ``KernelManager.transport=ipc``: with TCP, one of 30 simultaneous kernel starts died of a
  port clash; connection files and sockets live in a runtime folder of the server's, so the
  next start can clean up after a server that died (:mod:`workbench.serve.leftovers`);
- the executor waits up to 60 s (not nbclient's 4 s) for a page's widgets: under a join storm
  the 4 s ran out and the page came up blank;
- IPython's history is off in the kernels (its shared SQLite file locked with 85 kernels);
- only the widgets front-end extension is loaded (all others are denylisted): an unused
  plotly extension alone added 4.8 MB to every page;
- the page template ``workbench`` (``templates/``) speaks the reader's language while loading,
  retries a page that could not be built, says when the connection is lost and reconnects, and
  remembers a participant's return code on her phone when the app asks it to; it fetches
  nothing from another host (icons: :mod:`workbench.serve.icons`);
- responses are compressed by the server itself and the front end is kept by the phone for a
  year (:mod:`workbench.serve.compress`, :mod:`workbench.serve.static`): no proxy is needed
  for that.
"""
from __future__ import annotations

import json
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from workbench.core.shipped import shipped_dir
from workbench.serve.capacity import capacity

DEFAULT_PORT = 8866
#: Apps every participant opens at the start of a meeting: their kernel pools follow ``--expect``.
PARTICIPANT_APPS = ("plan.ipynb", "visioning.ipynb", "feedback.ipynb", "vote.ipynb")
#: Apps only facilitators open: their links carry the facilitator key.
FACILITATOR_APPS: tuple[str, ...] = ("console.ipynb", "tracker_update.ipynb", "facilitator.ipynb", "triage.ipynb",
                                     "polls.ipynb")
#: The one front-end extension the apps use (everything else is left out of the page).
EXTENSIONS = ["@jupyter-widgets/jupyterlab-manager"]
#: Seconds a kernel is kept after its page lost its connection (a phone that drops for a moment).
GRACE_SECONDS = 60
#: Seconds nbclient waits for a page's widgets after its cell ran (its own default is 4).
IOPUB_TIMEOUT_SECONDS = 60
#: The page template and its folder (given to Voila through ``JUPYTER_PATH``).
TEMPLATE = "workbench"
TEMPLATE_ROOT = Path(__file__).parent / "templates"
#: The kernel status the server writes beside its settings (read by facilitator screens).
STATUS_FILE = "kernels.json"
#: Distributions whose Jupyter data (``share/jupyter``) the pages need: Voila's own templates
#: (the page template extends ``lab``) and the widgets front-end extension.
JUPYTER_DATA_OF = ("voila", "jupyterlab_widgets")


def apps_dir() -> Path:
    """The folder of the app notebooks Voila serves: ``apps/`` of a checkout, else the installed
    copy (see :func:`workbench.core.shipped.shipped_dir`)."""
    return shipped_dir("apps")


def __getattr__(name: str):
    # APPS_DIR is found when first used, not on import.
    if name == "APPS_DIR":
        return apps_dir()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class ServeSecrets:
    token: str
    cookie_secret: str


def load_secrets(state_dir: Path) -> ServeSecrets:
    """The token and cookie secret kept in ``state_dir`` (created on first use, mode 0600)."""
    path = state_dir / "serve-secrets.json"
    if path.exists():
        data = json.loads(path.read_text())
        return ServeSecrets(data["token"], data["cookie_secret"])
    state_dir.mkdir(parents=True, exist_ok=True)
    found = ServeSecrets(secrets.token_urlsafe(24), secrets.token_hex(32))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(found.__dict__, handle)
    return found


@dataclass(frozen=True)
class MeetingPlan:
    """What ``serve`` starts: the pools, the ceiling and the grace period."""
    expect: int
    apps: tuple[str, ...]
    pools: dict
    max_participants: int
    grace: float

    @property
    def preheated(self) -> int:
        return sum(self.pools.values())

    def per_worker(self, workers: int) -> "MeetingPlan":
        """What each of ``workers`` servers on this machine starts: the people expected and the
        ceiling shared out (rounded up), every pool keeping at least one kernel.

        >>> MeetingPlan(10, (), {"vote.ipynb": 10, "plan.ipynb": 1}, 268, 60).per_worker(3).pools
        {'vote.ipynb': 4, 'plan.ipynb': 1}
        """
        if workers <= 1:
            return self
        share = lambda n: max(-(-n // workers), 1)   # noqa: E731  (rounded up)
        return MeetingPlan(share(self.expect), self.apps, {app: share(size) for app, size in self.pools.items()},
                           share(self.max_participants), self.grace)


def plan_meeting(db: Path | str, expect: int, apps: tuple[str, ...] = (), max_participants: int | None = None,
                 grace: float = GRACE_SECONDS) -> MeetingPlan:
    """The pools for ``expect`` people (each live participant app, or each of ``apps``, keeps
    ``expect`` kernels; every other app one) and the participant ceiling, checked against the
    machine's memory. ``db``: the SQLite file or PostgreSQL URL. Raises :class:`WorkbenchError`
    with the number the machine can hold."""
    from workbench.core.errors import WorkbenchError
    from workbench.serve.kernels import live_kinds, pool_targets
    unknown = [app for app in apps if app not in PARTICIPANT_APPS]
    if unknown:
        raise WorkbenchError(f"unknown app {unknown[0]!r}; participant apps are "
                             + ", ".join(name.removesuffix('.ipynb') for name in PARTICIPANT_APPS))
    notebooks = sorted(path.name for path in apps_dir().glob("*.ipynb"))
    pools = pool_targets(notebooks, list(PARTICIPANT_APPS), expect, list(apps), live_kinds(str(db)))
    machine = capacity(len(FACILITATOR_APPS))
    participant_pools = sum(size for name, size in pools.items() if name in PARTICIPANT_APPS)
    if participant_pools > machine.participants:
        busy = max(sum(1 for name, size in pools.items() if size == expect and name in PARTICIPANT_APPS), 1)
        most = max((machine.participants - (len(PARTICIPANT_APPS) - busy)) // busy, 0)
        raise WorkbenchError(f"--expect {expect} needs {participant_pools} preheated participant kernels; "
                             f"this machine holds {machine.explain()}: use --expect {most} or less")
    ceiling = machine.participants if max_participants is None else max_participants
    if ceiling > machine.participants:
        raise WorkbenchError(f"--max-participants {ceiling}: this machine holds {machine.explain()}")
    return MeetingPlan(expect, tuple(apps), pools, ceiling, grace)


def write_config(state_dir: Path, found: ServeSecrets, plan: MeetingPlan, db: Path | str) -> Path:
    """Write the ``voila.py`` config (cookie secret, kernel pools, the meeting's kernel manager,
    the messages of the page template and the version of its icons) that Voila reads at start."""
    from workbench.serve.icons import icons_version
    from workbench.serve.messages import all_page_messages
    pools = {"default": {"pool_size": 1}}
    pools.update({app: {"pool_size": size} for app, size in plan.pools.items()})
    manager = {
        "expect": plan.expect, "apps": list(plan.apps), "participant_apps": list(PARTICIPANT_APPS),
        "max_participants": plan.max_participants, "grace": plan.grace,
        "database": str(db), "status_path": str(state_dir / STATUS_FILE),
    }
    resources = {"workbench": {"messages": all_page_messages(), "grace": plan.grace,
                               "icons": icons_version()}}
    path = state_dir / "voila.py"
    lines = ["# Written by `workbench serve`; rewritten at every start.",
             f"c.Voila.cookie_secret = bytes.fromhex({found.cookie_secret!r})",
             f"c.VoilaKernelManager.kernel_pools_config = {pools!r}",
             f"c.VoilaConfiguration.resources = {resources!r}"]
    lines += [f"c.MeetingKernelManager.{name} = {value!r}" for name, value in manager.items()]
    path.write_text("\n".join(lines) + "\n")
    os.chmod(path, 0o600)
    return path


def kernel_settings(state_dir: Path) -> Path:
    """An IPython folder for the kernels with history off (``IPYTHONDIR``)."""
    folder = state_dir / "ipython"
    profile = folder / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(
        "# Written by `workbench serve`: no shared history database for a meeting's kernels.\n"
        "c.HistoryManager.enabled = False\n")
    return folder


def jupyter_data_dirs() -> list[str]:
    """The ``share/jupyter`` folders holding the files of :data:`JUPYTER_DATA_OF` that Jupyter
    would not search by itself (passed to Voila through ``JUPYTER_PATH``).

    jupyter_core searches ``share/jupyter`` under ``sys.prefix`` only: in a virtual environment
    that reuses the system's packages (``--system-site-packages``), Voila and the widgets are
    imported from the system, but their templates and front-end extension are not found. Each
    distribution's record of its files says where they are.
    """
    from importlib.metadata import PackageNotFoundError, distribution
    from jupyter_core.paths import jupyter_path
    searched = {os.path.realpath(folder) for folder in jupyter_path()}
    found: list[str] = []
    for name in JUPYTER_DATA_OF:
        try:
            files = distribution(name).files or []
        except PackageNotFoundError:
            continue
        for record in files:
            parts = record.parts
            at = next((i for i in range(len(parts) - 2) if parts[i:i + 2] == ("share", "jupyter")), None)
            if at is not None:
                folder = os.path.realpath(Path(os.path.normpath(record.locate())).parents[len(parts) - at - 3])
                if folder not in searched and folder not in found:
                    found.append(folder)
                break
    return found


def unused_extensions() -> list[str]:
    """Every installed front-end extension except :data:`EXTENSIONS` (Voila leaves them out).

    A denylist computed at start, because Voila's allowlist also drops what the widgets need.
    """
    from jupyter_core.paths import jupyter_path
    names = set()
    for folder in jupyter_path("labextensions") + [os.path.join(d, "labextensions") for d in jupyter_data_dirs()]:
        for package in Path(folder).glob("**/package.json"):
            if package.parent.parent.name != "node_modules":
                try:
                    names.add(json.loads(package.read_text())["name"])
                except (OSError, ValueError, KeyError):
                    continue
    return sorted(names - set(EXTENSIONS))


def voila_command(db: Path | str, port: int, plan: MeetingPlan, ip: str, state_dir: Path,
                  found: ServeSecrets | None = None) -> tuple[list[str], ServeSecrets, dict[str, str]]:
    """The command line that serves the apps (:func:`apps_dir`) for a meeting (``db``: the SQLite
    file or PostgreSQL URL), the secrets in its links (``found``, else those of ``state_dir``),
    and the environment variables it needs (``WORKBENCH_DB`` apart)."""
    found = found or load_secrets(state_dir)
    write_config(state_dir, found, plan, db)
    from workbench.serve.leftovers import runtime_dir
    runtime = runtime_dir(state_dir)
    command = [
        sys.executable, "-m", "workbench.serve.app", str(apps_dir()),
        "--no-browser", f"--port={port}", f"--Voila.ip={ip}",
        "--Voila.port_retries=0",   # the printed links (and a proxy) name this port: never another
        f"--token={found.token}",
        f"--Voila.config_file_paths={state_dir}",
        f"--Voila.connection_dir_root={runtime}",
        "--preheat_kernel=True",
        f"--template={TEMPLATE}",
        "--KernelManager.transport=ipc",
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT_SECONDS}",
        "--VoilaConfiguration.http_header_envs=Cookie",
        "--VoilaConfiguration.http_header_envs=Accept-Language",
        *[f"--VoilaConfiguration.extension_denylist={name}" for name in unused_extensions()],
        "--VoilaConfiguration.show_tracebacks=False",
    ]
    from workbench.ui.page import STATUS_ENV
    jupyter_dirs = [str(TEMPLATE_ROOT), os.environ.get("JUPYTER_PATH"), *jupyter_data_dirs()]
    env = {"JUPYTER_PATH": os.pathsep.join(filter(None, jupyter_dirs)),
           "IPYTHONDIR": str(kernel_settings(state_dir)), STATUS_ENV: str(state_dir / STATUS_FILE)}
    return command, found, env


def app_links(base_url: str, token: str, facilitator_key: str) -> dict[str, str]:
    """The links ``serve`` prints: the home page to share, the facilitator console, and each
    app (facilitator apps with the facilitator key)."""
    base = base_url.rstrip("/")
    links = {"home": f"{base}/?token={token}"}
    # the console first: a facilitator starts there
    for notebook in sorted(apps_dir().glob("*.ipynb"), key=lambda path: (path.name != "console.ipynb", path.name)):
        link = f"{base}/voila/render/{notebook.name}?token={token}"
        if notebook.name in FACILITATOR_APPS:
            link += f"&key={facilitator_key}"
        links[notebook.stem] = link
    return links
