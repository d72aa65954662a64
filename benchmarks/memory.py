"""The peak memory of a run and of every process it starts, sampled while it runs.

``resource.getrusage`` gives each process's own peak, not the peak of their sum (the
parent and its workers at the same moment), which is what a machine must hold. This
samples the resident memory of this process and all its descendants from ``/proc``
twice a second and keeps the largest sum. Linux only; elsewhere it reports None.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType

__all__ = ["PeakMemory"]

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children() -> dict[int, list[int]]:
    """Each running process's children, from /proc/<pid>/stat."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _resident_bytes(pid: int) -> int:
    try:
        return int((Path("/proc") / str(pid) / "statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_resident_mb(root: int) -> float:
    """Resident memory of ``root`` and its descendants now, in MB."""
    tree = _children()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _resident_bytes(pid)
        stack.extend(tree.get(pid, ()))
    return total / 2**20


class PeakMemory:
    """A context manager: ``peak_mb`` is the largest resident sum of this process and its
    descendants seen while inside (None where /proc is not there)."""

    def __init__(self, every: float = 0.5) -> None:
        self.every = every
        self.peak_mb: float | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        if not Path("/proc/self/statm").exists():
            return
        pid = os.getpid()
        while True:
            now = tree_resident_mb(pid)
            self.peak_mb = now if self.peak_mb is None else max(self.peak_mb, now)
            if self._done.wait(self.every):
                return

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._done.set()
        self._thread.join()
