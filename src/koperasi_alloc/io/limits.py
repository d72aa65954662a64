"""Limits on what the readers accept, so that a huge or hostile file fails fast with a
clear message instead of exhausting the machine's memory or the planner's screen.

>>> from koperasi_alloc.io import InputLimits, read_scenario  # doctest: +SKIP
>>> read_scenario("big.json", limits=InputLimits(max_file_mb=2048))  # doctest: +SKIP

The defaults admit the national preset (about 112 MB of JSON, 250,000 officers) with room
to spare. A JSON scenario is checked record by record, a few thousand at a time, and
reading stops once :attr:`InputLimits.max_problems` problems are found: a file of garbage
costs seconds and a bounded amount of memory, not the gigabytes that validating all of it
at once would take. Messages list the first problems and count the rest
(:attr:`koperasi_alloc.errors.ScenarioError.LISTED`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from koperasi_alloc.errors import Problem, ScenarioError

__all__ = ["DEFAULT_LIMITS", "InputLimits", "check_file_size", "check_record_count"]


@dataclass(frozen=True)
class InputLimits:
    """What a reader accepts at most.

    Attributes
    ----------
    max_file_mb
        Largest file (a CSV file, a workbook, a JSON file) in megabytes (10^6 bytes).
    max_records
        Most records in one table (officers, villages, ...).
    max_problems
        Problems found after which reading stops (the message says later records were not
        checked).
    """

    max_file_mb: float = 1024.0
    max_records: int = 2_000_000
    max_problems: int = 1_000

    def __post_init__(self) -> None:
        for name in ("max_file_mb", "max_records", "max_problems"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise ValueError(f"InputLimits.{name} must be a positive number, got {value!r}")


#: The limits used when a reader is given none.
DEFAULT_LIMITS = InputLimits()


def check_file_size(path: Path, limits: InputLimits, source: str) -> None:
    """Refuse a file larger than ``limits.max_file_mb`` before reading it.

    Raises
    ------
    ScenarioError
        Naming the file, its size and the limit (and how to raise it).
    """
    try:
        size = os.path.getsize(path)
    except (OSError, ValueError):
        return  # the reader itself reports a missing, unreadable or ill-named file
    if size > limits.max_file_mb * 1e6:
        en = (
            f"is {size / 1e6:,.1f} MB, over the limit of {limits.max_file_mb:,.0f} MB "
            "(raise it with InputLimits(max_file_mb=...))"
        )
        id_ = (
            f"berukuran {size / 1e6:,.1f} MB, melebihi batas {limits.max_file_mb:,.0f} MB "
            "(naikkan dengan InputLimits(max_file_mb=...))"
        )
        raise ScenarioError([Problem("file", "", en, id_)], source=source)


def check_record_count(table: str, count: int, limits: InputLimits, source: str) -> None:
    """Refuse a table with more than ``limits.max_records`` records.

    Raises
    ------
    ScenarioError
        Naming the table, its size and the limit.
    """
    if count > limits.max_records:
        en = (
            f"{count:,} records, over the limit of {limits.max_records:,} "
            "(raise it with InputLimits(max_records=...))"
        )
        id_ = (
            f"{count:,} catatan, melebihi batas {limits.max_records:,} "
            "(naikkan dengan InputLimits(max_records=...))"
        )
        raise ScenarioError([Problem(table, "", en, id_)], source=source)
