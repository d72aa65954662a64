"""What a hiring proposal is asked (its arguments checked, the limits it works within) and
what each of its stages reports."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.candidates import Candidates
from koperasi_alloc.plan import Plan, Status, StopReason
from koperasi_alloc.planning.hire_pool import HIRE_PREFIX
from koperasi_alloc.scenario import Employment, Scenario

__all__ = ["HireLimits", "StageResult", "fixed_rows", "validate_inputs"]


@dataclass
class StageResult:
    """What one lexicographic stage found."""

    name: str
    status: str
    value: int | None = None
    bound: float | None = None
    seconds: float = 0.0
    proven: bool = False
    stopped_by: StopReason | None = None


@dataclass(frozen=True)
class HireLimits:
    """What the caller limited: hires in all and per kecamatan, time, gap."""

    max_hires: int | None
    per_kecamatan_cap: int | None
    time_limit: float
    gap_limit: float | None


def fixed_rows(plan: Plan | None, candidates: Candidates) -> NDArray[np.int64]:
    """Candidate rows of the given plan's assignments (all of them must be candidates)."""
    if plan is None:
        return np.zeros(0, dtype=np.int64)
    rows = candidates.rows_of(plan.assignments)
    if len(rows) != len(plan.assignments):
        raise ValueError("plan: some assignments are not eligible in the scenario")
    return rows


def validate_inputs(
    scenario: Scenario,
    plan: Plan | None,
    max_hires: int | None,
    per_kecamatan_cap: int | None,
    time_limit: float,
    employment: Employment,
) -> None:
    """Raise ValueError on arguments that cannot be honoured, naming the argument."""
    from koperasi_alloc.check import check

    if max_hires is not None and (isinstance(max_hires, bool) or max_hires < 0):
        raise ValueError(f"max_hires must be a whole number >= 0, got {max_hires!r}")
    if per_kecamatan_cap is not None and (
        isinstance(per_kecamatan_cap, bool) or per_kecamatan_cap < 0
    ):
        raise ValueError(
            f"per_kecamatan_cap must be a whole number >= 0, got {per_kecamatan_cap!r}"
        )
    if not time_limit > 0:
        raise ValueError(f"time_limit must be positive, got {time_limit!r}")
    if Employment(employment) not in scenario.policy.allowed_employment:
        raise ValueError(
            f"employment {Employment(employment).value} is not in the policy's "
            "allowed_employment: hires of that kind could not be placed"
        )
    for kind, records in (("officer", scenario.officers), ("agency", scenario.agencies)):
        for record in records:
            code = getattr(record, "id", None) or getattr(record, "code", "")
            if str(code).startswith(HIRE_PREFIX):
                raise ValueError(
                    f"{kind} {code!r}: the id prefix {HIRE_PREFIX!r} is reserved for "
                    "hypothetical hires"
                )
    if plan is not None:
        if plan.status not in (Status.OPTIMAL, Status.FEASIBLE):
            raise ValueError(f"plan: status {plan.status.value} has no assignments to keep")
        violations = check(scenario, plan)
        if violations:
            listed = "; ".join(str(v) for v in violations[:3])
            raise ValueError(f"plan: does not pass check on the scenario ({listed})")
