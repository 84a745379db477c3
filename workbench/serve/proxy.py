"""Several Voila servers behind nginx: ``workbench serve --workers N``, and the same
configuration for N hosts (``docs/deploy.md``).

Every page is a kernel in the memory of the Voila server that built the page, and the page
talks to it over a WebSocket: every request of a page must reach that server. Open-source nginx
has no ``sticky`` directive; this configuration does it with a cookie:

- a browser without the cookie is sent to the servers in turn (``upstream workers``, round
  robin);
- every response carries ``Set-Cookie: wb_worker=<name>``, the name of the server that
  answered (found from ``$upstream_addr``);
- a browser with the cookie is sent to that server (``map $cookie_wb_worker``), so the page's
  WebSocket and its next pages go where its kernel is. If that server is down, its ``backup``
  servers answer, and the cookie follows the one that did.

A phone therefore stays on one server for all its pages; different phones are spread over the
servers. The other settings are what Voila needs behind a proxy: HTTP/1.1 with the
``Upgrade``/``Connection`` headers passed on (WebSockets), the ``Host`` header as the browser
sent it (Jupyter checks a WebSocket's ``Origin`` against it), long read timeouts (a kernel's
WebSocket stays open for the whole meeting), and no buffering (Voila streams a page while its
kernel runs).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import WorkbenchError

#: The cookie naming the server a browser stays on.
COOKIE = "wb_worker"
#: Where Debian puts nginx (not on a non-root user's PATH).
NGINX_PLACES = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")
#: nginx's settings file in the state folder.
CONF = "nginx.conf"
#: The access log: one line per request with the server that answered it.
ACCESS_LOG = "nginx-access.log"


@dataclass(frozen=True)
class Upstream:
    """One Voila server: its name (the cookie's value) and address (``host:port``)."""
    name: str
    address: str


def local_upstreams(port: int, workers: int, host: str = "127.0.0.1") -> list[Upstream]:
    """The ``workers`` servers of ``serve --workers`` on this machine: ports PORT+1 … PORT+N.

    >>> local_upstreams(8866, 2)
    [Upstream(name='w1', address='127.0.0.1:8867'), Upstream(name='w2', address='127.0.0.1:8868')]
    """
    return [Upstream(f"w{n}", f"{host}:{port + n}") for n in range(1, workers + 1)]


def find_nginx() -> str:
    """The nginx program. Raises :class:`WorkbenchError` saying how to install it."""
    found = shutil.which("nginx") or next((place for place in NGINX_PLACES if os.access(place, os.X_OK)), None)
    if not found:
        raise WorkbenchError("--workers runs the servers behind nginx, which is not installed "
                             "(Debian: sudo apt-get install nginx)")
    return found


def _quoted(text: str) -> str:
    if re.search(r"[\s;{}\"'\\$]", text):
        raise WorkbenchError(f"{text!r}: not usable in the nginx configuration")
    return text


def nginx_config(listen: str, upstreams: list[Upstream], folder: Path, *, run_as: str | None = None,
                 standalone: bool = True, server_name: str | None = None) -> str:
    """The nginx configuration that puts ``upstreams`` behind ``listen`` (``ip:port``) with
    sticky routing (see the module's docstring).

    ``standalone``: a whole ``nginx.conf`` with logs, pid and temporary files in ``folder`` (what
    ``serve --workers`` runs); else only the ``http`` part (for ``/etc/nginx/conf.d/``), its
    access log in ``folder``.
    ``run_as``: the ``user`` directive (nginx started as root).
    """
    if not upstreams:
        raise WorkbenchError("no servers to put behind nginx")
    names = [up.name for up in upstreams]
    if len(set(names)) != len(names) or not all(re.fullmatch(r"[A-Za-z0-9_]+", name) for name in names):
        raise WorkbenchError(f"server names must be distinct letters, digits or _: {names}")
    addresses = [_quoted(up.address) for up in upstreams]
    if len(set(addresses)) != len(addresses):
        raise WorkbenchError(f"two servers have the same address: {addresses}")
    folder = Path(folder)
    lines: list[str] = []
    http: list[str] = []
    if standalone:
        if run_as:
            lines.append(f"user {_quoted(run_as)};")
        lines += [
            "# Written by `workbench serve --workers`; rewritten at every start.",
            "worker_processes 1;",
            f"error_log {folder / 'nginx-error.log'} warn;",
            f"pid {folder / 'nginx.pid'};",
            "events { worker_connections 4096; }",
            "",
            "http {",
        ]
        temp = folder / "nginx-temp"
        http += [
            f"access_log {folder / ACCESS_LOG} workbench;",
            *[f"{kind}_temp_path {temp / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")],
        ]
    http = [
        "# Which server answered, and the cookie that was sent.",
        "log_format workbench '$time_iso8601 $status \"$request\" upstream=$upstream_addr "
        f"cookie=$cookie_{COOKIE} $request_time';",
        *http,
        "",
        "# WebSockets: pass the upgrade on.",
        "map $http_upgrade $workbench_connection { default upgrade; '' close; }",
        "",
        "# First visit: the servers in turn.",
        "upstream workers {",
        *[f"    server {address};" for address in addresses],
        "}",
        "# Later visits: the server named by the cookie (the others as its backups).",
    ]
    for up in upstreams:
        http += [f"upstream {up.name} {{",
                 f"    server {up.address};",
                 *[f"    server {other.address} backup;" for other in upstreams if other is not up],
                 "}"]
    http += [
        f"map $cookie_{COOKIE} $workbench_upstream {{",
        *[f"    {up.name} {up.name};" for up in upstreams],
        "    default workers;",
        "}",
        "# The cookie naming the server that answered ($upstream_addr ends with its address).",
        "map $upstream_addr $workbench_cookie {",
        *[f"    \"~(^|[ ,]){re.escape(up.address)}$\" \"{COOKIE}={up.name}; Path=/; HttpOnly; SameSite=Lax\";"
          for up in upstreams],
        "    default \"\";",
        "}",
        "",
        "server {",
        f"    listen {_quoted(listen)};",
        *([f"    server_name {_quoted(server_name)};"] if server_name else []),
        *([] if standalone else [f"    access_log {folder / ACCESS_LOG.replace('nginx-', 'workbench-')} workbench;"]),
        "    location / {",
        "        proxy_pass http://$workbench_upstream;",
        "        proxy_http_version 1.1;",
        "        proxy_set_header Host $http_host;            # Jupyter checks Origin against it",
        "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "        proxy_set_header X-Forwarded-Proto $scheme;",
        "        proxy_set_header Upgrade $http_upgrade;",
        "        proxy_set_header Connection $workbench_connection;",
        "        proxy_read_timeout 1d;                        # a kernel's WebSocket stays open",
        "        proxy_send_timeout 1d;",
        "        proxy_buffering off;                          # Voila streams its pages",
        "        proxy_request_buffering off;",
        "        client_max_body_size 50m;",
        "        add_header Set-Cookie $workbench_cookie always;",
        "    }",
        "}",
    ]
    if not standalone:
        return "\n".join(http) + "\n"
    return "\n".join(lines + ["    " + line if line else "" for line in http] + ["}"]) + "\n"


def nginx_command(nginx: str, folder: Path) -> list[str]:
    """nginx in the foreground on ``folder``'s configuration (its own error log from the start,
    so a non-root user needs no access to ``/var/log/nginx``)."""
    return [nginx, "-p", str(folder), "-e", str(folder / "nginx-error.log"), "-c", str(folder / CONF),
            "-g", "daemon off; master_process on;"]


def write_nginx(folder: Path, listen: str, upstreams: list[Upstream]) -> Path:
    """Write ``nginx.conf`` into ``folder`` and check it with ``nginx -t``."""
    nginx = find_nginx()
    run_as = None
    if os.geteuid() == 0:   # nginx's workers would run as nobody, who cannot open the state folder
        import pwd
        run_as = pwd.getpwuid(folder.stat().st_uid).pw_name
    (folder / "nginx-temp").mkdir(parents=True, exist_ok=True)
    path = folder / CONF
    path.write_text(nginx_config(listen, upstreams, folder, run_as=run_as))
    check = subprocess.run([*nginx_command(nginx, folder)[:-2], "-t", "-q"], capture_output=True, text=True)
    if check.returncode:
        raise WorkbenchError(f"nginx refused {path}: {check.stderr.strip()}")
    return path


def _end_with_parent() -> None:
    """In a child: receive SIGTERM if ``serve`` dies (even by ``kill -9``)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _answers(address: str) -> bool:
    import socket
    host, port = address.rsplit(":", 1)
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=0.5):
            return True
    except OSError:
        return False


def supervise(commands: list[tuple[str, list[str], dict, tuple[int, ...]]], grace: float = 20.0,
              then: list[tuple[str, list[str], dict, tuple[int, ...]]] = (), when_listening: list[str] = (),
              listen_wait: float = 300.0) -> int:
    """Start every ``(name, command, environment, fds to keep)`` of ``commands``; once every
    address of ``when_listening`` accepts connections, those of ``then`` (nginx: a request that
    finds a server not yet listening would mark it down for a while). Wait until one ends or
    this process is asked to stop (SIGTERM, SIGINT), then end them all (SIGTERM, then SIGKILL
    after ``grace`` seconds). Returns the exit status: 0 when asked to stop, else 1."""
    stopping = []

    def stop(signum, _frame):
        stopping.append(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    children: dict[str, subprocess.Popen] = {}
    later = list(then)
    waiting = list(when_listening)
    deadline = time.monotonic() + listen_wait
    try:
        for name, command, env, fds in commands:
            children[name] = subprocess.Popen(command, env=env, pass_fds=fds, preexec_fn=_end_with_parent)
        ended = None
        while not stopping and ended is None:
            ended = next((name for name, child in children.items() if child.poll() is not None), None)
            if later and ended is None:
                waiting = [address for address in waiting if not _answers(address)]
                if not waiting:
                    for name, command, env, fds in later:
                        children[name] = subprocess.Popen(command, env=env, pass_fds=fds,
                                                          preexec_fn=_end_with_parent)
                    later = []
                elif time.monotonic() > deadline:
                    print(f"workbench serve: {', '.join(waiting)} did not listen within {listen_wait:.0f} s",
                          file=sys.stderr, flush=True)
                    return 1
            time.sleep(0.2)
        if ended is not None and not stopping:
            print(f"workbench serve: {ended} stopped (exit status {children[ended].returncode}); "
                  "stopping the others", file=sys.stderr, flush=True)
        return 0 if stopping else 1
    finally:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for child in children.values():
            try:
                child.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
