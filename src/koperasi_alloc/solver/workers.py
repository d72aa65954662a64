"""Worker processes for a decomposed solve: a pool that never runs the caller's module,
and the stop signal its workers share with the parent.

A ``spawn`` (or ``forkserver``) worker normally re-imports the caller's main module
before it runs anything, so a script without ``if __name__ == "__main__":`` runs again
in every worker (and crashes the pool when it solves again there). The tasks here need
nothing from the caller's module (:func:`koperasi_alloc.solver.parts.solve_part` and
plain data), so the pool's processes are started without it: the spawn preparation that
names the main module is left out. ``fork`` (used when this process runs one thread) runs
no module at all.

The pool's workers get, at start, an event the parent sets when the solve must stop; a
worker's solve reads it as its stop token (:func:`pool_stop`).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import context as mp_context
from multiprocessing import popen_spawn_posix, spawn
from typing import Any

__all__ = ["new_pool", "pool_stop"]

#: The stop event of this worker process (set by the pool's initializer), or None.
_POOL_STOP: Any = None

_PREPARATION_LOCK = threading.Lock()

#: Keys of spawn's preparation data that make a new process import the caller's module.
_MAIN_KEYS = ("init_main_from_path", "init_main_from_name")


def pool_stop() -> Any:
    """This worker's stop event (``is_set()``), or None outside a pool of :func:`new_pool`."""
    return _POOL_STOP


def _remember_stop(event: Any) -> None:
    global _POOL_STOP
    _POOL_STOP = event


class _PopenWithoutMain(popen_spawn_posix.Popen):
    """Starts a spawned process as multiprocessing does, without the caller's module."""

    def _launch(self, process_obj: Any) -> None:
        with _PREPARATION_LOCK:
            original = spawn.get_preparation_data

            def without_main(name: str) -> dict[str, Any]:
                data: dict[str, Any] = original(name)
                for key in _MAIN_KEYS:
                    data.pop(key, None)
                return data

            spawn.get_preparation_data = without_main
            try:
                super()._launch(process_obj)  # type: ignore[misc]
            finally:
                spawn.get_preparation_data = original


class _ProcessWithoutMain(mp_context.SpawnProcess):
    _start_method = "spawn"

    @staticmethod
    def _Popen(process_obj: Any) -> Any:  # noqa: N802 - multiprocessing's name
        return _PopenWithoutMain(process_obj)


class _SpawnWithoutMain(mp_context.SpawnContext):
    """The ``spawn`` start method, minus the re-import of the caller's module."""

    _name = "spawn"
    Process = _ProcessWithoutMain


def _context() -> Any:
    """``fork`` when this process runs one thread (safe, and fast), else a ``spawn``
    that does not run the caller's module."""
    if os.name == "posix" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return _SpawnWithoutMain()


def new_pool(
    slots: int, pool_class: Callable[..., ProcessPoolExecutor] = ProcessPoolExecutor
) -> tuple[ProcessPoolExecutor, Any]:
    """A process pool of ``slots`` workers (made by ``pool_class``, which takes
    ProcessPoolExecutor's arguments), and the event that tells them to stop."""
    context = _context()
    event = context.Event()
    pool = pool_class(
        max_workers=slots,
        mp_context=context,
        initializer=_remember_stop,
        initargs=(event,),
    )
    return pool, event
