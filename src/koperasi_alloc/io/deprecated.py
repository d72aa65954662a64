"""The former second I/O family, kept for a release: ``load_scenario``, ``save_scenario``,
``load_plan`` and ``save_plan`` are now :func:`~koperasi_alloc.io.formats.read_scenario`,
:func:`~koperasi_alloc.io.formats.write_scenario`,
:func:`~koperasi_alloc.io.formats.read_plan` and
:func:`~koperasi_alloc.io.formats.write_plan`, which choose the format by the path in the
same way. Each alias warns (``DeprecationWarning``) and calls its replacement.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Literal

from koperasi_alloc.io import formats

if TYPE_CHECKING:
    from koperasi_alloc.io.formats import PathLike
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.scenario import Scenario

__all__ = ["load_plan", "load_scenario", "save_plan", "save_scenario"]

Lang = Literal["id", "en"]


def _deprecated(old: str, new: str) -> None:
    warnings.warn(
        f"koperasi_alloc.io.{old} is deprecated: use koperasi_alloc.io.{new}",
        DeprecationWarning,
        stacklevel=3,
    )


def save_scenario(
    scenario: Scenario, path: PathLike, *, indent: int | None = 2, lang: Lang = "id"
) -> None:
    """Deprecated: :func:`~koperasi_alloc.io.formats.write_scenario`."""
    _deprecated("save_scenario", "write_scenario")
    formats.write_scenario(scenario, path, lang=lang, indent=indent)


def load_scenario(path: PathLike, *, lang: Lang = "id") -> Scenario:
    """Deprecated: :func:`~koperasi_alloc.io.formats.read_scenario`."""
    _deprecated("load_scenario", "read_scenario")
    return formats.read_scenario(path, lang=lang)


def save_plan(plan: Plan, path: PathLike, *, indent: int | None = 2) -> None:
    """Deprecated: :func:`~koperasi_alloc.io.formats.write_plan` (``scenario=None``)."""
    _deprecated("save_plan", "write_plan")
    formats.write_plan(plan, None, path, indent=indent, lang="en")


def load_plan(path: PathLike) -> Plan:
    """Deprecated: :func:`~koperasi_alloc.io.formats.read_plan`."""
    _deprecated("load_plan", "read_plan")
    return formats.read_plan(path, lang="en")
