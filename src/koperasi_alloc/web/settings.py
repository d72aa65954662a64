"""What an office sets when it serves the app: where files live, how long they stay, how
large an upload may be, and how many solves run at once."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from koperasi_alloc.io import InputLimits

__all__ = ["AppSettings"]


@dataclass(frozen=True)
class AppSettings:
    """The settings of one running app.

    Attributes
    ----------
    data_dir
        The app's data folder: every upload, plan, workbook and map of every job is written
        under it, and nothing anywhere else. None: a new temporary folder, removed when the
        app stops.
    keep_hours
        Hours a finished job (its plan, files and page) is kept; then it is deleted.
    max_upload_mb
        Largest upload (a workbook, a JSON scenario, a zip of CSV files, a reviewed plan) in
        megabytes (10^6 bytes); also the most a zip may unpack to.
    max_records
        Most records in one table of an uploaded scenario.
    max_problems
        Problems after which reading an upload stops (the message counts them).
    cores
        The machine's cores (``os.cpu_count()``).
    solve_workers
        CP-SAT search workers of each solve. At most ``cores // solve_workers`` solves run
        at once (at least one); the others wait in a queue, first come first served.
    max_time_limit
        Largest time budget in seconds a planner may ask for.
    max_queued
        Most jobs waiting at once; one more is refused with a message.
    lang
        Language of the pages when a request does not ask for one: ``"id"`` or ``"en"``.
    """

    data_dir: Path | None = None
    keep_hours: float = 24.0
    max_upload_mb: float = 25.0
    max_records: int = 300_000
    max_problems: int = 200
    cores: int = field(default_factory=lambda: os.cpu_count() or 1)
    solve_workers: int = 1
    max_time_limit: float = 600.0
    max_queued: int = 50
    lang: str = "id"

    def __post_init__(self) -> None:
        for name in ("keep_hours", "max_upload_mb", "max_time_limit"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{name} must be a number >= 0, got {value!r}")
        for name in ("max_records", "max_problems", "cores", "solve_workers", "max_queued"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
        if self.max_upload_mb <= 0 or self.max_time_limit < 1:
            raise ValueError("max_upload_mb must be > 0 and max_time_limit at least 1")
        if self.lang not in ("id", "en"):
            raise ValueError(f'lang must be "id" or "en", not {self.lang!r}')

    @property
    def max_running(self) -> int:
        """Solves run at once: the machine's cores over each solve's workers, at least 1."""
        return max(1, self.cores // self.solve_workers)

    @property
    def keep_seconds(self) -> float:
        """:attr:`keep_hours` in seconds."""
        return self.keep_hours * 3600.0

    @property
    def max_upload_bytes(self) -> int:
        """:attr:`max_upload_mb` in bytes."""
        return int(self.max_upload_mb * 1e6)

    def limits(self) -> InputLimits:
        """The reader limits of an upload."""
        return InputLimits(
            max_file_mb=self.max_upload_mb,
            max_records=self.max_records,
            max_problems=self.max_problems,
        )

    def folder(self) -> Path:
        """The data folder, made if needed (a new temporary folder when none was set)."""
        if self.data_dir is None:
            return Path(tempfile.mkdtemp(prefix="koperasi-alloc-app-"))
        root = Path(self.data_dir)
        root.mkdir(parents=True, exist_ok=True)
        return root.resolve()
