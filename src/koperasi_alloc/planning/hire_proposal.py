"""The result of :func:`koperasi_alloc.planning.hires.propose_hires`: a :class:`HireProposal`
with a table per kecamatan and role, totals per kabupaten, and the extended plan.

Everything about a hire here is hypothetical (usulan: not yet recruited); the texts say so
in both languages, and the hires' ids start with ``HIRE-``.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from koperasi_alloc.candidates import Candidates, build_candidates
from koperasi_alloc.explain.records import Table
from koperasi_alloc.i18n import check_lang, say
from koperasi_alloc.plan import Plan, Status, StopReason, vacancies_of
from koperasi_alloc.planning.hire_pool import HIRE_PREFIX, HirePool, hire_agency
from koperasi_alloc.planning.replan import plan_from_rows
from koperasi_alloc.scenario import Education, Officer, Scenario, kabupaten_of

if TYPE_CHECKING:
    import pandas as pd

    from koperasi_alloc.planning.hire_inputs import StageResult

__all__ = [
    "HireProposal",
    "HireRow",
    "KabupatenTotal",
    "StageSummary",
    "extended_scenario",
    "finish_proposal",
]


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HireRow(_Row):
    """Proposed hires of one role in one kecamatan (hypothetical)."""

    kabupaten: str = Field(description="Kabupaten/kota code.")
    kecamatan: str = Field(description="Kecamatan code: the hires' work district.")
    kecamatan_name: str = Field(description="Kecamatan name.")
    role: str = Field(description="Role code they are hired for.")
    role_name: str = Field(description="Role name.")
    hires: int = Field(ge=1, description="Number of new officers proposed.")
    min_education: Education = Field(description="Lowest education the role admits.")
    cooperatives: list[str] = Field(description="Cooperatives they would serve.")
    officer_ids: list[str] = Field(description="Ids of the hypothetical hires (HIRE-...).")
    hypothetical: bool = Field(default=True, description="Always True: not recruited yet.")


class KabupatenTotal(_Row):
    """Proposed hires of one kabupaten/kota."""

    kabupaten: str = Field(description="Kabupaten/kota code.")
    hires: int = Field(description="New officers proposed (hypothetical).")
    kecamatan: int = Field(description="Kecamatan receiving at least one.")
    cooperatives: int = Field(description="Cooperatives served by at least one.")
    hires_bound: int | None = Field(
        default=None,
        description="Proven lower bound on this kabupaten's hires where one is known: equal "
        "to ``hires`` when its proposal (or its part's) is proven, the part's bound when the "
        "kabupaten was proposed for alone, else None.",
    )


class StageSummary(_Row):
    """One lexicographic stage of the search."""

    name: str = Field(description="coverage, hires, existing_coverage, locality or travel.")
    status: str = Field(description="CP-SAT status of the stage.")
    value: int | None = Field(default=None, description="Value reached (hires: negated).")
    bound: float | None = Field(default=None, description="CP-SAT's proven bound.")
    seconds: float = Field(description="Seconds spent.")
    proven: bool = Field(default=False, description="Whether the value is proven optimal.")


class HireProposal(BaseModel):
    """A proposal of new officers (usulan tambahan PPPK), all of them hypothetical."""

    model_config = ConfigDict(frozen=True)

    status: Status = Field(
        description="OPTIMAL: coverage and number of hires both proven; FEASIBLE: valid, "
        "not proven; INFEASIBLE / NO_SOLUTION_IN_TIME: no plan."
    )
    hires: int = Field(description="Number of new officers proposed.")
    hires_bound: int = Field(description="Proven lower bound on the number of hires.")
    gap: float = Field(description="(hires - hires_bound) / max(1, hires).")
    coverage: int = Field(description="Coverage tier of the plan with the hires.")
    coverage_bound: int | None = Field(description="Proven upper bound on that coverage.")
    filled_before: int = Field(description="Slots the existing staff fill alone.")
    filled_after: int = Field(description="Slots filled with the hires.")
    unreachable: int | None = Field(
        default=0,
        description="Empty eligible slots that no officer, existing or hypothetical, can "
        "reach (the rest of the empty slots stay empty by the hire limit or other rules); "
        "None when the budget ended before the hires could be looked for.",
    )
    total_slots: int = Field(description="Eligible slots demanded.")
    max_hires: int | None = Field(description="Limit on the number of hires asked for.")
    per_kecamatan_cap: int | None = Field(description="Limit per kecamatan asked for.")
    kept_plan: bool = Field(description="Whether a given plan of the existing staff was kept.")
    wall_time: float = Field(description="Seconds from call to return.")
    proven_at: float | None = Field(
        default=None,
        description="Seconds from the call until the status was proven OPTIMAL (the rest "
        "of the budget went to locality and travel); None when not proven.",
    )
    stopped_by: StopReason | None = Field(
        default=None,
        description="Why the search ended before it was complete (None: it did not).",
    )
    stages: list[StageSummary] = Field(description="The lexicographic stages run.")
    rows: Table[HireRow] = Field(description="Hires per kecamatan and role.")
    kabupaten: Table[KabupatenTotal] = Field(description="Hires per kabupaten/kota.")
    scenario: Scenario = Field(description="The scenario extended with the proposed hires.")
    plan: Plan = Field(description="Existing staff plus hires; checks clean on ``scenario``.")
    before: Plan = Field(description="The plan of the existing staff alone.")

    @property
    def hire_ids(self) -> list[str]:
        """Ids of the proposed (hypothetical) officers."""
        return [i for row in self.rows for i in row.officer_ids]

    @property
    def vacancies_before(self) -> int:
        """Empty eligible slots without hires."""
        return self.total_slots - self.filled_before

    @property
    def vacancies_after(self) -> int:
        """Empty eligible slots left with the hires (nobody could fill them)."""
        return self.total_slots - self.filled_after

    def to_frame(self, table: Literal["kecamatan", "kabupaten"] = "kecamatan") -> pd.DataFrame:
        """The table per kecamatan and role, or per kabupaten (needs pandas)."""
        if table == "kabupaten":
            return self.kabupaten.to_frame()
        if table != "kecamatan":
            raise ValueError(f"table must be 'kecamatan' or 'kabupaten', got {table!r}")
        return self.rows.to_frame()

    def text(self, lang: Literal["id", "en"] = "id") -> str:
        """The proposal in words, Bahasa Indonesia (``"id"``) or English (``"en"``)."""
        return _text(self, check_lang(lang))

    def to_json(self, path: str | Path | None = None) -> str:
        """The proposal as JSON (scenario and plans included); also written to ``path``."""
        text = self.model_dump_json(indent=2)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def summary(self) -> str:
        """The English text (for a terminal or a log)."""
        return self.text("en")


def _text(p: HireProposal, lang: str) -> str:
    """The proposal in words, from the catalogue's ``hires.text.*`` messages."""
    values = {
        "hires": p.hires,
        "bound": p.hires_bound,
        "status": say(f"status.{p.status.value}", lang),
        "before": p.filled_before,
        "after": p.filled_after,
        "slots": p.total_slots,
        "empty_before": p.vacancies_before,
        "empty_after": p.vacancies_after,
        "most": p.max_hires,
    }
    lines = [
        say("hires.text.title", lang),
        say("hires.text.proven" if p.status == Status.OPTIMAL else "hires.text.open", lang,
            **values),
        say("hires.text.before", lang, **values),
        say("hires.text.after", lang, **values),
    ]  # fmt: skip
    empty = p.vacancies_after
    if empty and p.unreachable:
        lines.append(say("hires.text.unreachable", lang, count=min(p.unreachable, empty)))
    if p.unreachable is not None and empty > p.unreachable:
        rest = "hires.text.limited" if p.max_hires is not None else "hires.text.other_rules"
        lines.append(say(rest, lang, count=empty - p.unreachable))
    if p.max_hires is not None:
        lines.append(say("hires.text.limit", lang, **values))
    if p.rows:
        lines.append(say("hires.text.rows", lang))
    names = p.scenario.cooperative_by_id
    for row in p.rows:
        cooperatives = "; ".join(
            f"{names[c].name} ({c})" if c in names and names[c].name else c
            for c in row.cooperatives
        )
        lines.append(
            say(
                "hires.text.row",
                lang,
                kecamatan=row.kecamatan_name,
                code=row.kecamatan,
                role=row.role_name,
                count=row.hires,
                education=row.min_education.value,
                cooperatives=cooperatives,
            )
        )
    for total in p.kabupaten:
        lines.append(
            say(
                "hires.text.total",
                lang,
                kabupaten=total.kabupaten,
                count=total.hires,
                kecamatan=total.kecamatan,
                cooperatives=total.cooperatives,
            )
        )
    return "\n".join(lines)


def _final_id(district: str, role: str, number: int) -> str:
    officer_id = f"{HIRE_PREFIX}{district}-{role}-{number}"
    return officer_id if len(officer_id) <= 64 else f"{HIRE_PREFIX}{district}-{number}"


def _named_hires(
    scenario: Scenario, pool: HirePool, used: list[str]
) -> tuple[dict[str, str], list[Officer]]:
    """Final ids (numbered per kecamatan and role) for the pool hires used, and the officers."""
    order = sorted(used, key=lambda i: (pool.hires[i].district, pool.hires[i].role, i))
    numbers: Counter[tuple[str, str]] = Counter()
    rename: dict[str, str] = {}
    officers: list[Officer] = []
    for pool_id in order:
        hire = pool.hires[pool_id]
        numbers[(hire.district, hire.role)] += 1
        number = numbers[(hire.district, hire.role)]
        new_id = _final_id(hire.district, hire.role, number)
        rename[pool_id] = new_id
        officer = pool.scenario.officer_by_id[pool_id]
        officers.append(
            officer.model_copy(update={"id": new_id, "name": f"{officer.name} #{number}"})
        )
    return rename, officers


def extended_scenario(
    scenario: Scenario, officers: list[Officer], per_kecamatan_cap: int | None
) -> Scenario:
    """``scenario`` with the proposed hires and their hypothetical agencies."""
    per_district = Counter(o.work_district for o in officers)
    agencies = [
        hire_agency(scenario, scenario.district_by_code[code], count, per_kecamatan_cap)
        for code, count in sorted(per_district.items())
    ]
    data = scenario.model_dump()
    data["officers"] = [*data["officers"], *(o.model_dump() for o in officers)]
    data["agencies"] = [*data["agencies"], *(a.model_dump() for a in agencies)]
    return Scenario.model_validate(data)


def _tables(
    scenario: Scenario, officers: list[Officer], plan: Plan
) -> tuple[list[HireRow], list[KabupatenTotal]]:
    served: dict[str, list[str]] = defaultdict(list)
    for a in plan.assignments:
        served[a.officer_id].append(a.cooperative_id)
    groups: dict[tuple[str, str], list[Officer]] = defaultdict(list)
    for officer in officers:
        groups[(officer.work_district, officer.skills[0])].append(officer)
    rows = []
    for (district, role), members in sorted(groups.items()):
        coops = sorted({c for o in members for c in served[o.id]})
        rows.append(
            HireRow(
                kabupaten=kabupaten_of(district),
                kecamatan=district,
                kecamatan_name=scenario.district_by_code[district].name,
                role=role,
                role_name=scenario.role_by_code[role].name,
                hires=len(members),
                min_education=members[0].education,
                cooperatives=coops,
                officer_ids=[o.id for o in members],
            )
        )
    totals = []
    for kabupaten in sorted({r.kabupaten for r in rows}):
        mine = [r for r in rows if r.kabupaten == kabupaten]
        totals.append(
            KabupatenTotal(
                kabupaten=kabupaten,
                hires=sum(r.hires for r in mine),
                kecamatan=len({r.kecamatan for r in mine}),
                cooperatives=len({c for r in mine for c in r.cooperatives}),
            )
        )
    return rows, totals


def _bounded(
    scenario: Scenario, totals: list[KabupatenTotal], optimal: bool, hires_bound: int
) -> list[KabupatenTotal]:
    """The totals with each kabupaten's proven bound where the proposal gives one."""
    if optimal:
        return [t.model_copy(update={"hires_bound": t.hires}) for t in totals]
    villages = scenario.village_by_code
    kabupaten = {kabupaten_of(villages[c.village].district) for c in scenario.cooperatives}
    if len(kabupaten) == 1 and len(totals) == 1:
        return [totals[0].model_copy(update={"hires_bound": hires_bound})]
    return totals


def _with_bounds(plan: Plan, coverage_bound: int | None, proven: bool) -> Plan:
    """The plan with the coverage tier's proven bound (and the plan's, if coverage is first)."""
    if coverage_bound is None:
        return plan
    tiers = [
        t.model_copy(
            update={"bound": coverage_bound, "proven": proven and t.value == coverage_bound}
        )
        if t.name == "coverage"
        else t
        for t in plan.tiers
    ]
    update: dict[str, Any] = {"tiers": tiers}
    first = plan.tiers[0] if plan.tiers else None
    if first is not None and first.name == "coverage" and plan.objective_mode == "lexicographic":
        objective = float(first.value)
        update["best_bound"] = float(coverage_bound)
        update["gap"] = abs(coverage_bound - objective) / max(1.0, abs(objective))
    return plan.model_copy(update=update)


def _stage(stages: list[StageResult], name: str) -> StageResult | None:
    return next((s for s in stages if s.name == name), None)


def _ended_by(
    stages: list[StageResult], stopped_by: StopReason | None, optimal: bool
) -> StopReason | None:
    """Why the search ended early: the user's stop, else the first unproven stage's reason
    (a gap limit or the time budget); None for an optimal proposal."""
    if optimal:
        return None
    if stopped_by is not None:
        return stopped_by
    ends = [s.stopped_by for s in stages if s.stopped_by is not None]
    return ends[0] if ends else StopReason.TIME_LIMIT


def _unreachable(scenario: Scenario, candidates: Candidates) -> int:
    """Slot units of eligible cooperatives that no candidate (existing staff or a potential
    hire of the pool) can fill."""
    n_roles = max(len(candidates.role_codes), 1)
    reach = np.bincount(
        candidates.cooperative * n_roles + candidates.role,
        minlength=len(scenario.cooperatives) * n_roles,
    )
    legal_only = scenario.policy.legal_entity_only
    missing = 0
    for j, cooperative in enumerate(scenario.cooperatives):
        if legal_only and not cooperative.legal_entity:
            continue
        for k, role in enumerate(candidates.role_codes):
            demand = cooperative.demand.get(role, 0)
            missing += max(demand - int(reach[j * n_roles + k]), 0)
    return missing


def _no_solution(
    scenario: Scenario, stages: list[StageResult], started: float, common: dict[str, Any]
) -> HireProposal:
    """The proposal when no plan was found (proven infeasible, or out of time)."""
    first = stages[0] if stages else None
    status = (
        Status.INFEASIBLE
        if first is not None and first.status == "INFEASIBLE"
        else Status.NO_SOLUTION_IN_TIME
    )
    return HireProposal(
        status=status,
        hires=0,
        hires_bound=0,
        gap=0.0,
        coverage=0,
        coverage_bound=None,
        filled_after=0,
        wall_time=time.perf_counter() - started,
        rows=Table(rows=[]),
        kabupaten=Table(rows=[]),
        scenario=scenario,
        plan=Plan(status=status, message="no plan with hires was found"),
        **common,
    )


def out_of_time_proposal(
    *,
    scenario: Scenario,
    before: Plan,
    kept_plan: bool,
    max_hires: int | None,
    per_kecamatan_cap: int | None,
    started: float,
    stopped_by: StopReason,
) -> HireProposal:
    """The proposal when the budget (or the user's stop) ended before the hires could be
    looked for: the existing staff's plan as ``before``, no plan with hires, and whether
    any slot is beyond every hire's reach left unknown (None)."""
    common: dict[str, Any] = {
        "max_hires": max_hires,
        "per_kecamatan_cap": per_kecamatan_cap,
        "kept_plan": kept_plan,
        "stages": [],
        "before": before,
        "filled_before": before.filled,
        "total_slots": vacancies_of(scenario, [])[1],
        "stopped_by": stopped_by,
        "unreachable": None,
    }
    proposal = _no_solution(scenario, [], started, common)
    plan = proposal.plan.model_copy(update={"stopped_by": stopped_by})
    return proposal.model_copy(update={"plan": plan})


def _final_plan(
    scenario: Scenario,
    pool: HirePool,
    candidates: Candidates,
    chosen: NDArray[np.bool_],
    per_kecamatan_cap: int | None,
) -> tuple[Scenario, list[Officer], Plan, int]:
    """The scenario extended with the hires used (renamed), its plan, and its coverage."""
    rows = np.flatnonzero(chosen).astype(np.int64)
    assignments = candidates.to_assignments(rows)
    used = [a.officer_id for a in assignments if a.officer_id in pool.hires]
    rename, officers = _named_hires(scenario, pool, used)
    final = extended_scenario(scenario, officers, per_kecamatan_cap)
    renamed = [
        a.model_copy(update={"officer_id": rename.get(a.officer_id, a.officer_id)})
        for a in assignments
    ]
    final_candidates = build_candidates(final)
    final_rows = final_candidates.rows_of(renamed)
    if len(final_rows) != len(renamed):  # pragma: no cover - would be a bug here
        raise RuntimeError("a proposed assignment is not eligible in the extended scenario")
    plan = plan_from_rows(
        final_candidates,
        final_rows,
        message=f"existing staff plus {len(officers)} hypothetical hire(s) (HIRE-...)",
    )
    return final, officers, plan, int(final_candidates.coverage_weight[final_rows].sum())


def finish_proposal(
    *,
    scenario: Scenario,
    pool: HirePool,
    candidates: Candidates,
    chosen: NDArray[np.bool_] | None,
    stages: list[StageResult],
    before: Plan,
    kept_plan: bool,
    max_hires: int | None,
    per_kecamatan_cap: int | None,
    started: float,
    proven_at: float | None = None,
    stopped_by: StopReason | None = None,
) -> HireProposal:
    """Turn the chosen candidate rows of the pool model into a :class:`HireProposal`
    (``stopped_by``: the user's stop, if any)."""
    summaries = [
        StageSummary(
            name=s.name, status=s.status, value=s.value, bound=s.bound, seconds=s.seconds,
            proven=s.proven,
        )
        for s in stages
    ]  # fmt: skip
    common: dict[str, Any] = {
        "max_hires": max_hires,
        "per_kecamatan_cap": per_kecamatan_cap,
        "kept_plan": kept_plan,
        "stages": summaries,
        "before": before,
        "filled_before": before.filled,
        "total_slots": vacancies_of(scenario, [])[1],
        "stopped_by": stopped_by,
        "unreachable": _unreachable(scenario, candidates),
    }
    if chosen is None:
        return _no_solution(scenario, stages, started, common)
    final, officers, plan, coverage = _final_plan(
        scenario, pool, candidates, chosen, per_kecamatan_cap
    )
    coverage_stage, hires_stage = _stage(stages, "coverage"), _stage(stages, "hires")
    coverage_bound = None
    if coverage_stage is not None and coverage_stage.bound is not None:
        coverage_bound = int(np.floor(coverage_stage.bound + 1e-6))
    if not kept_plan:
        proven = coverage_stage is not None and coverage_stage.proven
        plan = _with_bounds(plan, coverage_bound, proven)
    hires_bound = 0
    if hires_stage is not None and hires_stage.bound is not None:
        hires_bound = max(0, int(np.ceil(-hires_stage.bound - 1e-6)))
    hires_bound = min(hires_bound, len(officers))
    optimal = (
        coverage_stage is not None
        and coverage_stage.proven
        and hires_stage is not None
        and (hires_stage.proven or hires_bound == len(officers))
    )
    table, totals = _tables(final, officers, plan)
    totals = _bounded(scenario, totals, optimal, hires_bound)
    common["stopped_by"] = _ended_by(stages, stopped_by, optimal)
    elapsed = time.perf_counter() - started
    plan = plan.model_copy(update={"wall_time": elapsed, "stopped_by": common["stopped_by"]})
    return HireProposal(
        status=Status.OPTIMAL if optimal else Status.FEASIBLE,
        proven_at=proven_at if optimal else None,
        hires=len(officers),
        hires_bound=len(officers) if optimal else hires_bound,
        gap=0.0 if optimal else (len(officers) - hires_bound) / max(1, len(officers)),
        coverage=coverage,
        coverage_bound=coverage_bound,
        filled_after=plan.filled,
        wall_time=elapsed,
        rows=Table(rows=table),
        kabupaten=Table(rows=totals),
        scenario=final,
        plan=plan,
        **common,
    )
