"""The solver's options as one typed object that travels with each part of a solve.

Every entry point (``solve``, ``replan``, ``propose_hires``, ``tradeoff``) turns its
keyword arguments into one :class:`SolveOptions`; the engine, its stages and the workers
of a decomposed solve (processes, Dask) read nothing else. It is a frozen pydantic model:
it validates when made, compares by value, and pickles or serialises to JSON, so a
spawned worker sees exactly what the caller asked (module-level switches do not reach
one). What is not data (the callback, the stop token, a log function, the executor) is
passed beside it.

>>> from koperasi_alloc.solver import SolveOptions  # doctest: +SKIP
>>> options = SolveOptions(time_limit=30, workers=1, prune=False)  # doctest: +SKIP
>>> SolveOptions.model_validate_json(options.model_dump_json()) == options  # doctest: +SKIP
True
"""

from __future__ import annotations

import math
import os
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from koperasi_alloc.errors import KoperasiError

__all__ = ["SolveOptions"]


class SolveOptions(BaseModel):
    """How to solve: the budget, CP-SAT's workers, seed and parameters, and the levers.

    The defaults are the measured ones (docs/performance.md); the levers exist to measure
    them again (``benchmarks.levers``) and for tests.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    time_limit: float = Field(
        default=10.0, description="Wall-clock budget in seconds, model building included."
    )
    workers: int | None = Field(
        default=None, description="CP-SAT search workers (None: the machine's cores)."
    )
    seed: int = Field(default=0, description="CP-SAT random seed.")
    gap_limit: float | None = Field(
        default=None,
        description="Stop a stage's search once its relative gap is at most this (the plan "
        "is then FEASIBLE).",
    )
    prune: bool = Field(
        default=True,
        description="Leave out of the CP-SAT model the candidates that the relaxation's "
        "reduced costs show no plan as good as the warm start can use.",
    )
    fold_linear_tiers: bool = Field(
        default=True,
        description="Search consecutive linear tiers after the first in one folded "
        "CP-SAT stage (else one stage per tier).",
    )
    log: bool = Field(default=False, description="Print CP-SAT's search log.")
    cpsat_params: dict[str, Any] = Field(
        default_factory=dict,
        description="Further CP-SAT parameters (SatParameters field names), passed "
        "unchanged; they win over the measured defaults.",
    )

    @field_validator("time_limit", "workers", "seed", "gap_limit", mode="before")
    @classmethod
    def _not_a_bool(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(f"a number is needed, got {value!r}")
        return value

    @field_validator("time_limit")
    @classmethod
    def _budget(cls, value: float) -> float:
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"time_limit must be a non-negative number of seconds, got {value}")
        return value

    @field_validator("workers")
    @classmethod
    def _workers(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError(f"workers must be at least 1, got {value}")
        return value

    @field_validator("seed")
    @classmethod
    def _seed(cls, value: int) -> int:
        if not 0 <= value < 2**31:
            raise ValueError(f"seed must be between 0 and {2**31 - 1}, got {value}")
        return value

    @field_validator("gap_limit")
    @classmethod
    def _gap(cls, value: float | None) -> float | None:
        if value is not None and not value >= 0:
            raise ValueError(f"gap_limit must be a number >= 0, got {value!r}")
        return value

    @classmethod
    def of(cls, **values: Any) -> SolveOptions:
        """Options from keyword arguments, an invalid one a :class:`KoperasiError` that
        names it (the error users of ``solve`` get)."""
        from pydantic import ValidationError

        try:
            return cls(**values)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            name = ".".join(str(part) for part in first["loc"])
            reason = first.get("ctx", {}).get("error")
            message = str(reason) if reason is not None else f"{name}: {first['msg']}"
            if reason is not None and not message.startswith(name):
                message = f"{name}: {message}"
            raise KoperasiError(message) from None

    def cpsat_workers(self) -> int:
        """CP-SAT's workers: the option, else the machine's cores."""
        return self.workers or os.cpu_count() or 1
