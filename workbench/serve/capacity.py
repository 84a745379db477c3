"""How many people one machine holds: every participant's page is a kernel, held in memory.

Measured on the served apps (``bench/kernel_memory.py``): a participant kernel uses 57–63 MB
PSS after joining and acting; a facilitator kernel with every tab open ~220 MB. The ceiling
counts :data:`PARTICIPANT_KERNEL_MB` per participant kernel (with room to grow), keeps
:data:`RESERVE_MB` for the server, the database and the system, and one facilitator kernel per
facilitator app.
"""
from __future__ import annotations

from dataclasses import dataclass

#: Memory counted per participant kernel (measured 57–63 MB PSS; room for a long meeting).
PARTICIPANT_KERNEL_MB = 80
#: Memory counted per facilitator kernel (measured ~220 MB with every tab open).
FACILITATOR_KERNEL_MB = 250
#: Memory kept for the server process, SQLite's page cache and the system.
RESERVE_MB = 1536


def available_mb(meminfo: str = "/proc/meminfo") -> int:
    """The memory the system can give to new processes (``MemAvailable``), in MB."""
    try:
        with open(meminfo) as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 4096   # unknown system: a small laptop's worth


@dataclass(frozen=True)
class Capacity:
    """The participant kernels this machine holds, and how the number was reached."""
    participants: int
    available_mb: int
    facilitator_apps: int

    def explain(self) -> str:
        return (f"{self.participants} participants ({self.available_mb} MB available, "
                f"{RESERVE_MB} MB kept for the server, {self.facilitator_apps} facilitator kernels at "
                f"{FACILITATOR_KERNEL_MB} MB, {PARTICIPANT_KERNEL_MB} MB per participant)")


def capacity(facilitator_apps: int, memory_mb: int | None = None) -> Capacity:
    """How many participant kernels fit in ``memory_mb`` (default: what is available now).

    >>> capacity(4, memory_mb=24_000).participants
    268
    >>> capacity(4, memory_mb=1_000).participants
    0
    """
    memory = available_mb() if memory_mb is None else memory_mb
    free = memory - RESERVE_MB - facilitator_apps * FACILITATOR_KERNEL_MB
    return Capacity(max(free // PARTICIPANT_KERNEL_MB, 0), memory, facilitator_apps)
