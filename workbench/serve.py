"""Serving the apps to a meeting: the standalone Voila command line and its settings.

Why each setting (all measured with Voila 0.5):

- standalone Voila, never the Jupyter server extension: only standalone Voila refuses
  ``execute_request`` messages sent from the browser;
- Voila's token, carried in the printed links, with a cookie secret kept beside the database
  so that a restart does not throw everyone out; without the token nothing starts a kernel.
  The link to share is the home page, which starts no kernel, so link-preview bots that
  fetch it cost nothing;
- preheated kernels (a pool per app, sized from ``--expect`` for participant apps): 30 cold
  joins took ~23 s, a preheated pool served them in under 0.1 s. Apps read the query string
  after ``voila.utils.wait_for_request()``;
- ``KernelManager.transport=ipc``: with TCP, one of 30 simultaneous kernel starts died of a
  port clash;
- idle kernels are culled: a closed tab does not shut its kernel down;
- only the widgets front-end extension is loaded (all others are denylisted): an unused
  plotly extension alone added 4.8 MB to every page.
"""
from __future__ import annotations

import json
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from workbench.store.db import PROJECT_DIR

APPS_DIR = PROJECT_DIR / "apps"
DEFAULT_PORT = 8866
#: Apps every participant opens at the start of a meeting: their kernel pools follow ``--expect``.
PARTICIPANT_APPS = ("plan.ipynb", "visioning.ipynb", "feedback.ipynb", "vote.ipynb")
#: Apps only facilitators open: their links carry the facilitator key.
FACILITATOR_APPS: tuple[str, ...] = ("tracker_update.ipynb", "facilitator.ipynb", "triage.ipynb", "polls.ipynb")
#: The one front-end extension the apps use (everything else is left out of the page).
EXTENSIONS = ["@jupyter-widgets/jupyterlab-manager"]
CULL_IDLE_SECONDS = 20 * 60
CULL_INTERVAL_SECONDS = 60


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


def write_config(state_dir: Path, found: ServeSecrets, expect: int) -> Path:
    """Write the ``voila.py`` config (cookie secret, kernel pools) that Voila reads at start."""
    pools = {"default": {"pool_size": 1}}
    pools.update({app: {"pool_size": max(expect, 1)} for app in PARTICIPANT_APPS})
    path = state_dir / "voila.py"
    path.write_text(
        "# Written by `workbench serve`; rewritten at every start.\n"
        f"c.Voila.cookie_secret = bytes.fromhex({found.cookie_secret!r})\n"
        f"c.VoilaKernelManager.kernel_pools_config = {pools!r}\n")
    os.chmod(path, 0o600)
    return path


def unused_extensions() -> list[str]:
    """Every installed front-end extension except :data:`EXTENSIONS` (Voila leaves them out).

    A denylist computed at start, because Voila's allowlist also drops what the widgets need.
    """
    from jupyter_core.paths import jupyter_path
    names = set()
    for folder in jupyter_path("labextensions"):
        for package in Path(folder).glob("**/package.json"):
            if package.parent.parent.name != "node_modules":
                try:
                    names.add(json.loads(package.read_text())["name"])
                except (OSError, ValueError, KeyError):
                    continue
    return sorted(names - set(EXTENSIONS))


def voila_command(db: Path, port: int, expect: int, ip: str, state_dir: Path) -> tuple[list[str], ServeSecrets]:
    """The command line that serves ``apps/`` for a meeting, and the secrets in its links."""
    found = load_secrets(state_dir)
    write_config(state_dir, found, expect)
    command = [
        sys.executable, "-m", "voila", str(APPS_DIR),
        "--no-browser", f"--port={port}", f"--Voila.ip={ip}",
        f"--token={found.token}",
        f"--Voila.config_file_paths={state_dir}",
        "--preheat_kernel=True",
        "--KernelManager.transport=ipc",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
        *[f"--VoilaConfiguration.extension_denylist={name}" for name in unused_extensions()],
        "--VoilaConfiguration.show_tracebacks=False",
    ]
    return command, found


def app_links(base_url: str, token: str, facilitator_key: str) -> dict[str, str]:
    """The links ``serve`` prints: the home page to share, and each app (facilitator apps
    with the facilitator key)."""
    base = base_url.rstrip("/")
    links = {"home": f"{base}/?token={token}"}
    for notebook in sorted(APPS_DIR.glob("*.ipynb")):
        link = f"{base}/voila/render/{notebook.name}?token={token}"
        if notebook.name in FACILITATOR_APPS:
            link += f"&key={facilitator_key}"
        links[notebook.stem] = link
    return links
