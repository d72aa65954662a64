"""Jobs and the queue that runs them: each job is one solve, re-plan or hiring proposal
with its own folder, stop token and progress, run by at most
:attr:`~koperasi_alloc.web.settings.AppSettings.max_running` worker threads at once,
first come first served, and deleted :attr:`~koperasi_alloc.web.settings.AppSettings.
keep_hours` after it finished.

A job's id (32 random hex digits) is its only name: its folder is named by it, pages and
the JSON API find it by it, and nobody reaches a job whose id they were not given.
"""

from __future__ import annotations

import logging
import re
import secrets
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from koperasi_alloc.errors import KoperasiError, ScenarioError
from koperasi_alloc.i18n import Lang, pair
from koperasi_alloc.web.errors import WebError, problem_lines

if TYPE_CHECKING:
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.scenario import Scenario
    from koperasi_alloc.solver import Progress
    from koperasi_alloc.web.settings import AppSettings

__all__ = ["Job", "JobKind", "JobState", "JobStore", "Snapshot", "is_job_id"]

JobKind = Literal["solve", "replan", "hires"]
JobState = Literal["queued", "running", "done", "failed", "cancelled"]
FINISHED: frozenset[str] = frozenset({"done", "failed", "cancelled"})

_ID = re.compile(r"[0-9a-f]{32}")
_LOG = logging.getLogger("koperasi_alloc.web")


def is_job_id(text: str) -> bool:
    """Whether ``text`` has the shape of a job id (so it is safe as a folder name)."""
    return _ID.fullmatch(text) is not None


@dataclass(frozen=True)
class Snapshot:
    """The latest progress of a running job, as the solver reported it."""

    elapsed: float
    tier: str
    objective: float | None
    bound: float | None
    gap: float | None
    parts_done: int | None = None
    parts_total: int | None = None

    @classmethod
    def of(cls, progress: Progress) -> Snapshot:
        """The figures of a :class:`~koperasi_alloc.solver.Progress` (NaN as None; the gap
        as the command line shows it: |bound - value| / |value|, when at most 1)."""
        objective = _number(progress.objective)
        bound = _number(progress.bound)
        gap = None
        if objective and bound is not None:
            share = abs(bound - objective) / abs(objective)
            gap = share if share <= 1 else None
        return cls(
            elapsed=float(progress.elapsed),
            tier=str(progress.tier),
            objective=objective,
            bound=bound,
            gap=gap,
            parts_done=progress.components_done,
            parts_total=progress.components_total,
        )


def _number(value: float) -> float | None:
    return None if value != value else float(value)  # NaN: not known yet


Work = Callable[["Job"], dict[str, Any]]
"""What a job does: solve and write its files into ``job.folder``; returns its view data."""


@dataclass
class Job:
    """One planner's solve, re-plan or hiring proposal."""

    id: str
    kind: JobKind
    lang: Lang
    source: str
    """What it was made from, for people: the uploaded file's name or the region's."""
    time_limit: float
    folder: Path
    work: Work | None
    parent: str | None = None
    created: float = field(default_factory=time.time)
    state: JobState = "queued"
    phase: Literal["solving", "writing"] = "solving"
    started: float | None = None
    finished: float | None = None
    progress: Snapshot | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    view: dict[str, Any] = field(default_factory=dict)
    """What the pages and the JSON status show of the result (see :mod:`.views`)."""
    error: tuple[str, str] | None = None
    """(English, Bahasa Indonesia) of why the job failed."""
    files: tuple[str, ...] = ()
    scenario: Scenario | None = None
    """The scenario the result is a plan of (a re-plan and a proposal start from it)."""
    plan: Plan | None = None

    def report(self, progress: Progress) -> None:
        """The solver's progress callback: keep the latest figures (never stops it)."""
        self.progress = Snapshot.of(progress)

    @property
    def finished_state(self) -> bool:
        """Whether the job has ended (done, failed or cancelled)."""
        return self.state in FINISHED


class JobStore:
    """The jobs of one app: their folders under ``root/jobs``, the queue, the workers and
    the sweeper that deletes finished jobs after :attr:`AppSettings.keep_hours`.

    Jobs live in memory: a restarted app has forgotten a former run's jobs, and deletes
    the folders they left (those named like a job id, nothing else)."""

    def __init__(self, settings: AppSettings, root: Path, *, owns_root: bool = False) -> None:
        self.settings = settings
        self.root = root
        self.owns_root = owns_root
        """Whether :meth:`close` removes ``root`` (a temporary folder the app made)."""
        self.jobs_dir = root / "jobs"
        self.uploads_dir = root / "uploads"
        for folder in (self.jobs_dir, self.uploads_dir):
            folder.mkdir(parents=True, exist_ok=True)
            for leftover in folder.iterdir():  # a former run's: its jobs are forgotten
                if leftover.is_dir() and is_job_id(leftover.name):
                    shutil.rmtree(leftover, ignore_errors=True)
        self._jobs: dict[str, Job] = {}
        self._waiting: deque[Job] = deque()
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)
        self._closing = False
        self._threads: list[threading.Thread] = []
        self._sweeping = threading.Event()

    # --- life cycle
    def start(self) -> None:
        """Start the workers (:attr:`AppSettings.max_running`) and the sweeper."""
        with self._lock:
            if self._threads:
                return
            self._closing = False
            self._sweeping.clear()
            for number in range(self.settings.max_running):
                thread = threading.Thread(
                    target=self._work_loop, name=f"koperasi-job-{number}", daemon=True
                )
                self._threads.append(thread)
            sweeper = threading.Thread(target=self._sweep_loop, name="koperasi-sweep", daemon=True)
            self._threads.append(sweeper)
        for thread in self._threads:
            thread.start()

    def close(self) -> None:
        """Stop every job, let the workers finish their current one, and end the threads."""
        with self._ready:
            self._closing = True
            for job in self._jobs.values():
                job.stop.set()
            self._ready.notify_all()
        self._sweeping.set()
        for thread in self._threads:
            thread.join(timeout=30)
        self._threads = []
        if self.owns_root:
            shutil.rmtree(self.root, ignore_errors=True)

    # --- jobs
    def submit(
        self,
        kind: JobKind,
        work: Work,
        *,
        lang: Lang,
        source: str,
        time_limit: float,
        parent: str | None = None,
    ) -> Job:
        """Register a job, make its folder and queue it.

        Raises
        ------
        WebError
            (503) When :attr:`AppSettings.max_queued` jobs already wait.
        """
        with self._ready:
            if len(self._waiting) >= self.settings.max_queued:
                raise WebError("web.error.queue_full", 503, count=len(self._waiting))
            job_id = secrets.token_hex(16)
            folder = self.jobs_dir / job_id
            folder.mkdir()
            job = Job(job_id, kind, lang, source, time_limit, folder, work, parent)
            self._jobs[job_id] = job
            self._waiting.append(job)
            self._ready.notify()
        return job

    def get(self, job_id: str) -> Job | None:
        """The job of that id, or None (no such job, deleted, or not an id at all)."""
        if not is_job_id(job_id):
            return None
        with self._lock:
            return self._jobs.get(job_id)

    def stop(self, job: Job) -> None:
        """Ask a job to stop: a running one keeps the best plan found so far; a waiting
        one is taken off the queue (cancelled, no plan)."""
        job.stop.set()
        with self._lock:
            if job.state == "queued" and job in self._waiting:
                self._waiting.remove(job)
                job.state = "cancelled"
                job.finished = time.time()

    def ahead(self, job: Job) -> int:
        """How many jobs wait before ``job`` (0 when it is next, or not waiting)."""
        with self._lock:
            for index, waiting in enumerate(self._waiting):
                if waiting is job:
                    return index
        return 0

    def counts(self) -> dict[str, int]:
        """Jobs by state."""
        with self._lock:
            states = [job.state for job in self._jobs.values()]
        return {state: states.count(state) for state in sorted(set(states))}

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A fresh folder under ``root/uploads`` for one upload, removed afterwards."""
        folder = self.uploads_dir / secrets.token_hex(16)
        folder.mkdir()
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def sweep(self, now: float | None = None) -> int:
        """Delete every job finished more than :attr:`AppSettings.keep_hours` ago (its
        folder and its record). Returns how many were deleted."""
        now = time.time() if now is None else now
        keep = self.settings.keep_seconds
        with self._lock:
            old = [
                job
                for job in self._jobs.values()
                if job.finished_state and job.finished is not None and now - job.finished >= keep
            ]
            for job in old:
                del self._jobs[job.id]
        for job in old:
            shutil.rmtree(job.folder, ignore_errors=True)
        return len(old)

    # --- the threads
    def _next(self) -> Job | None:
        with self._ready:
            while not self._closing and not self._waiting:
                self._ready.wait()
            if self._closing:
                return None
            job = self._waiting.popleft()
            job.state = "running"
            job.started = time.time()
            return job

    def _work_loop(self) -> None:
        while (job := self._next()) is not None:
            self._run(job)

    def _run(self, job: Job) -> None:
        """Run one job; any failure becomes its message (the details go to the log)."""
        work, job.work = job.work, None
        try:
            assert work is not None
            job.view = work(job)
            job.files = tuple(sorted(p.name for p in job.folder.iterdir() if p.is_file()))
            job.state = "done"
        except ScenarioError as error:
            hide = [str(job.folder)]
            english, indonesian = (problem_lines(error, lang, hide) for lang in ("en", "id"))
            job.error = ("\n".join(english), "\n".join(indonesian))
            job.state = "failed"
        except WebError as error:
            job.error = (error.text("en"), error.text("id"))
            job.state = "failed"
        except (KoperasiError, ValueError) as error:
            text = str(error).replace(str(job.folder), "")
            job.error = (text, text)
            job.state = "failed"
        except Exception:
            _LOG.exception("job %s (%s) failed", job.id, job.kind)
            job.error = pair("web.error.internal")
            job.state = "failed"
        finally:
            job.finished = time.time()

    def _sweep_loop(self) -> None:
        period = min(60.0, max(1.0, self.settings.keep_seconds / 10))
        while not self._sweeping.wait(period):
            try:
                self.sweep()
            except OSError:  # pragma: no cover - a folder the OS will not delete now
                _LOG.exception("sweeping old jobs failed")
