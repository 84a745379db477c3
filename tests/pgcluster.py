"""A throwaway PostgreSQL server for the tests: ``initdb`` + ``pg_ctl`` in a temporary folder,
listening on a Unix socket only, gone when the tests end.

Debian installs the server programs in ``/usr/lib/postgresql/<version>/bin`` (the test command,
``make test``, installs Debian's ``postgresql`` when it is missing). The server refuses to run as
root, so under root it runs as the ``postgres`` user the Debian package creates.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def server_bin() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, or None."""
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


class Cluster:
    """A PostgreSQL server of its own; ``url(name)`` names one of its databases.

    For the tests it does not wait for the disk (``fsync`` off); ``durable=True`` keeps
    PostgreSQL's defaults (every commit synced), to be compared with SQLite's ``FULL``.
    """

    def __init__(self, durable: bool = False):
        self.durable = durable
        self.bin = server_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL's server programs are not installed "
                               "(Debian: apt-get install postgresql)")
        self.folder = Path(tempfile.mkdtemp(prefix="wbpg-"))
        self.data, self.socket = self.folder / "data", self.folder / "s"
        self.socket.mkdir()
        self._as = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.socket, "postgres")
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, text=True)

    def start(self) -> "Cluster":
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "workbench",
                  "-E", "UTF8", "--no-locale", "--no-sync")
        options = f"-k {self.socket} -c listen_addresses='' -c max_connections=300"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.folder / "log"), "-w", "start")
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://workbench@/{database}?host={self.socket}"

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
