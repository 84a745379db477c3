"""What a server that died (``kill -9``, a power cut) leaves behind, found and ended at the next start.

Voila keeps each kernel's connection file (with the HMAC key that signs its messages) and its
IPC sockets in a ``voila_*`` folder. ``workbench serve`` puts those folders in a runtime folder
of its own, named after the database's folder (:func:`runtime_dir`: short, because a socket's
path may not pass 107 characters), holds a lock while it runs, and at start:

- refuses to start when another server holds the lock for the same database;
- ends every kernel still running from a dead server's folder (found by the connection file on
  its command line), then deletes the folder.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import signal
import time
from pathlib import Path

from workbench.core.errors import WorkbenchError


def runtime_dir(state_dir: Path) -> Path:
    """The folder (mode 0700) for the kernels' connection files and sockets of ``state_dir``'s
    server: the same at every start, so the next start finds what a dead server left."""
    import hashlib
    import tempfile
    digest = hashlib.sha256(str(state_dir.resolve()).encode()).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"workbench-{digest}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def take_lock(state_dir: Path) -> int:
    """Lock ``state_dir`` for this server; the lock is held until the process (after ``exec``,
    Voila) ends. Raises :class:`WorkbenchError` if another server holds it."""
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / "serve.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise WorkbenchError(f"another `workbench serve` (process {holder}) is serving this database; "
                             "stop it first") from None
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    os.set_inheritable(fd, True)   # kept across exec into Voila
    return fd


def _processes_using(folder: Path) -> list[int]:
    """Processes whose command line names a file inside ``folder`` (its kernels)."""
    found = []
    marker = str(folder) + os.sep
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in command:
            found.append(int(entry.name))
    return found


def clean_runtime(runtime: Path) -> tuple[int, int]:
    """End the kernels a dead server left in ``runtime`` and delete its folders.

    Call with the lock held. Returns (kernels ended, files removed).
    """
    ended = removed = 0
    if not runtime.exists():
        return 0, 0
    for folder in sorted(runtime.glob("voila_*")):
        pids = _processes_using(folder)
        for pid in pids:
            try:
                os.kill(pid, signal.SIGTERM)
                ended += 1
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 3
        while pids and time.monotonic() < deadline:
            pids = [pid for pid in pids if Path(f"/proc/{pid}").exists()]
            time.sleep(0.05)
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        removed += sum(1 for _ in folder.rglob("*"))
        shutil.rmtree(folder, ignore_errors=True)
    return ended, removed
