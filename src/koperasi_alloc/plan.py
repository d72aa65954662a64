"""The result of a solve: a :class:`Plan` that says what it is and how sure it is."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from koperasi_alloc.i18n import say
from koperasi_alloc.scenario import Assignment, LocalityTier, TierName, kabupaten_of

if TYPE_CHECKING:
    import pandas as pd

    from koperasi_alloc.check import Violation
    from koperasi_alloc.figures import PlanFigures, SlotCounts
    from koperasi_alloc.scenario import Scenario

__all__ = [
    "Audit",
    "ConflictItem",
    "Plan",
    "PlanAssignment",
    "ReplanBasis",
    "SolveStats",
    "Status",
    "StopReason",
    "TierValue",
    "Vacancy",
    "tier_gap",
    "vacancies_of",
]


class Status(StrEnum):
    """What a plan is.

    OPTIMAL: proven best (every tier, in lexicographic mode). FEASIBLE: valid, not proven
    best. INFEASIBLE: proven that no plan satisfies the hard rules. NO_SOLUTION_IN_TIME: the
    budget ran out before any plan was found. MODEL_INVALID: the model was rejected by the
    solver (a bug: please report it).
    """

    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    NO_SOLUTION_IN_TIME = "NO_SOLUTION_IN_TIME"
    MODEL_INVALID = "MODEL_INVALID"


class StopReason(StrEnum):
    """Why a search ended before it was complete (``Plan.stopped_by``).

    TIME_LIMIT: the time budget (or a stage's share of it) ran out. GAP_LIMIT: a gap limit
    was reached (``gap_limit``, or CP-SAT's ``relative_gap_limit`` / ``absolute_gap_limit``
    passed through). CALLBACK: the progress callback returned True. STOP: the stop token
    was set. INTERRUPT: Ctrl-C.
    """

    TIME_LIMIT = "time_limit"
    GAP_LIMIT = "gap_limit"
    CALLBACK = "callback"
    STOP = "stop"
    INTERRUPT = "interrupt"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PlanAssignment(Assignment):
    """An assignment with what the plan knows about it."""

    tier: LocalityTier = Field(description="Best locality tier linking officer and cooperative.")
    distance_km: float = Field(
        description="Straight-line km from the officer's work place (or domicile) to the village."
    )
    travel_minutes: int = Field(description="One-way travel minutes used by the travel tier.")


class Vacancy(_Frozen):
    """Slots of one role in one cooperative that the plan leaves empty."""

    cooperative_id: str = Field(description="Cooperative id.")
    role: str = Field(description="Role code.")
    count: int = Field(ge=1, description="Empty slots.")


class TierValue(_Frozen):
    """The value of one objective tier, with the best bound proven for it."""

    name: TierName = Field(description="coverage, locality, travel or fairness.")
    sense: Literal["max", "min"] = Field(description="Whether larger or smaller is better.")
    value: int = Field(description="Value in the plan, recomputable from the assignments.")
    bound: int | None = Field(
        default=None, description="Best value any plan could reach, as proven (None: unknown)."
    )
    proven: bool = Field(default=False, description="Whether value is proven optimal.")


class SolveStats(_Frozen):
    """Size of the model and where the time went."""

    candidates: int = Field(default=0, description="Eligible (officer, cooperative, role) triples.")
    pruned: int = Field(
        default=0,
        description="Candidates left out of the CP-SAT model: no plan as good as the warm "
        "start can use them.",
    )
    variables: int = Field(default=0, description="CP-SAT variables.")
    constraints: int = Field(default=0, description="CP-SAT constraints.")
    build_time: float = Field(
        default=0.0, description="Seconds spent building candidates and model."
    )
    solve_time: float = Field(default=0.0, description="Seconds spent in CP-SAT.")
    prepare_time: float = Field(
        default=0.0,
        description="Seconds from the call until CP-SAT began to search (candidates, "
        "relaxation, warm start, model); the whole time when it never did.",
    )
    components: int = Field(default=1, description="Independent pieces solved separately.")
    method: str = Field(default="cp-sat", description="How the plan was found.")


class Audit(_Frozen):
    """What is needed to reproduce a plan."""

    scenario_hash: str = Field(description="SHA-256 of the scenario's canonical JSON.")
    seed: int = Field(description="Random seed given to CP-SAT.")
    time_limit: float = Field(description="Time budget in seconds.")
    workers: int = Field(description="CP-SAT search workers.")
    parameters: dict[str, Any] = Field(
        default_factory=dict, description="Extra CP-SAT parameters given."
    )
    library_version: str = Field(description="koperasi_alloc version.")
    ortools_version: str = Field(description="OR-Tools version.")
    created_at: str = Field(description="UTC time the solve finished (ISO 8601).")


class ReplanBasis(_Frozen):
    """What a re-plan was measured against, beyond the scenario it was asked for.

    :func:`koperasi_alloc.replan` optimises the scenario it is given plus a baseline (the
    'stability' tier counts the baseline assignments kept) and, if asked, a limit on new
    placements. The plan carries both, so that ``check(scenario, plan)`` on the scenario
    the caller passed verifies the plan exactly as it was solved.
    """

    baseline: list[Assignment] = Field(description="The baseline the plan kept where it could.")
    max_baseline_changes: int | None = Field(
        default=None, ge=0, description="At most this many assignments not in the baseline."
    )


class ConflictItem(_Frozen):
    """One rule instance that takes part in an infeasibility."""

    rule: str = Field(description="Rule name, e.g. agency_release.")
    subject: str = Field(description="What it is about, e.g. agency code or cooperative id.")
    text_en: str = Field(description="The rule instance in English.")
    text_id: str = Field(description="The rule instance in Bahasa Indonesia.")


class Plan(_Frozen):
    """An allocation and how good it is, with an audit trail.

    ``objective``, ``best_bound`` and ``gap`` concern the first tier in lexicographic mode
    and the weighted sum in weighted mode. In lexicographic mode ``tiers`` has every tier
    separately, each with its own bound and proof (:func:`tier_gap`); in weighted mode
    only the weighted sum is optimised and bounded, so every tier has ``bound`` None and
    ``proven`` False (the weighted optimum makes no single tier optimal).
    :meth:`headline` and :meth:`summary` say what is proven and what is open; read them
    rather than ``gap`` alone. ``stopped_by`` says why a search ended early.
    """

    status: Status = Field(description="What the plan is (see Status).")
    objective: float | None = Field(default=None, description="Objective value (maximised).")
    best_bound: float | None = Field(default=None, description="Proven upper bound on objective.")
    gap: float | None = Field(
        default=None, description="(best_bound - objective) / max(1, |objective|)."
    )
    objective_mode: Literal["lexicographic", "weighted"] = Field(
        default="lexicographic", description="How tiers were combined."
    )
    tiers: list[TierValue] = Field(default_factory=list, description="Value per tier.")
    wall_time: float = Field(default=0.0, description="Seconds from call to return.")
    stats: SolveStats = Field(default_factory=SolveStats, description="Model size and timings.")
    assignments: list[PlanAssignment] = Field(default_factory=list, description="Who goes where.")
    vacancies: list[Vacancy] = Field(default_factory=list, description="Slots left empty.")
    total_slots: int = Field(
        default=0, description="Slots demanded by cooperatives eligible to receive officers."
    )
    conflict: list[ConflictItem] | None = Field(
        default=None, description="For an INFEASIBLE plan: rule instances that cannot all hold."
    )
    message: str | None = Field(default=None, description="Notes, e.g. why the search stopped.")
    stopped_by: StopReason | None = Field(
        default=None,
        description="Why the search ended before it was complete (None: nothing cut it "
        "short, every stage ran to its end).",
    )
    replanned_from: ReplanBasis | None = Field(
        default=None,
        description="For a re-plan: the baseline (and change limit) it was measured against; "
        "the checker measures the plan against it.",
    )
    audit: Audit | None = Field(default=None, description="How to reproduce the plan.")

    @property
    def filled(self) -> int:
        """Number of slots filled."""
        return len(self.assignments)

    def tier(self, name: TierName) -> TierValue | None:
        """The tier called ``name``, or None when it was not optimised."""
        return next((t for t in self.tiers if t.name == name), None)

    def is_valid(self, scenario: Scenario) -> bool:
        """Whether :func:`koperasi_alloc.check` finds nothing wrong with this plan."""
        from koperasi_alloc.check import check

        return not check(scenario, self)

    def violations(self, scenario: Scenario) -> list[Violation]:
        """What :func:`koperasi_alloc.check` finds wrong with this plan."""
        from koperasi_alloc.check import check

        return check(scenario, self)

    def headline(self, lang: Literal["en", "id"] = "en") -> str:
        """One line that cannot mislead: whether every tier is proven, and which are not.

        "optimal: all tiers proven" only when every tier is; otherwise "best found in 10 s:
        coverage proven, locality open (bound unknown), travel open (gap 5.8 %)". The time
        is the budget when the plan records one and the search ran to it, else the wall
        time (a stop, a callback, Ctrl-C or a gap limit ended it sooner).
        """
        ran_out = self.stopped_by in (None, StopReason.TIME_LIMIT)
        budget = self.audit.time_limit if self.audit is not None and ran_out else self.wall_time
        seconds = _decimal(f"{round(budget, 2):g}", lang)
        if self.status is Status.INFEASIBLE:
            return say("plan.headline.infeasible", lang)
        if self.status is Status.NO_SOLUTION_IN_TIME:
            return say("plan.headline.none", lang, seconds=seconds)
        if self.status is Status.MODEL_INVALID:
            return say("plan.headline.invalid", lang)
        if self.objective_mode == "weighted":
            return self._weighted_headline(lang, seconds)
        if self.status is Status.OPTIMAL and all(tier.proven for tier in self.tiers):
            return say("plan.headline.optimal", lang)
        parts = []
        for tier in self.tiers:
            name = say(f"tier.{tier.name}", lang)
            if tier.proven:
                parts.append(say("plan.tier.proven", lang, tier=name))
                continue
            gap = tier_gap(tier)
            if gap is None:
                parts.append(say("plan.tier.open_unbounded", lang, tier=name))
            else:
                gap_text = _decimal(f"{100.0 * gap:.1f}", lang)
                parts.append(say("plan.tier.open_gap", lang, tier=name, gap=gap_text))
        return say("plan.headline.best", lang, seconds=seconds, tiers=", ".join(parts))

    def _weighted_headline(self, lang: Literal["en", "id"], seconds: str) -> str:
        """Weighted mode proves the weighted sum only, never a tier on its own."""
        if self.status is Status.OPTIMAL:
            return say("plan.headline.weighted_optimal", lang)
        if self.gap is None:
            return say("plan.headline.weighted_unbounded", lang, seconds=seconds)
        gap = _decimal(f"{100.0 * self.gap:.1f}", lang)
        return say("plan.headline.weighted_best", lang, seconds=seconds, gap=gap)

    def summary(self, lang: Literal["en", "id"] = "en") -> str:
        """A few lines for a terminal or a log: the headline, the slot figures (demanded,
        closed by a rule, open, filled, empty: :mod:`koperasi_alloc.figures`), each tier
        with its bound, proven or open and its own gap, and what a longer budget could
        buy."""
        rows = self.summary_rows(lang)
        width = max(11, *(len(key) + 1 for key, _ in rows))
        return "\n".join(f"{key:<{width}}{value}" for key, value in rows)

    def summary_rows(self, lang: Literal["en", "id"] = "en") -> list[tuple[str, str]]:
        """:meth:`summary` as (label, text) pairs, for tables (``_repr_html_``)."""
        from koperasi_alloc.figures import plan_totals

        totals = plan_totals(self)
        rows = [
            (say("plan.key.status", lang), say(f"status.{self.status.value}", lang)),
            (say("plan.key.result", lang), self.headline(lang)),
            (say("plan.key.slots", lang), _slots_line(totals, lang)),
            (say("plan.key.filled", lang), _filled_line(totals, lang)),
        ]
        weighted = self.objective_mode == "weighted"
        for tier in self.tiers:
            line = _weighted_tier_line(tier, lang) if weighted else _tier_line(tier, lang)
            rows.append((say(f"tier.{tier.name}", lang), line))
        if weighted and self.objective is not None:
            rows.append((say("plan.key.weighted", lang), self._weighted_line(lang)))
        open_tiers = [t for t in self.tiers if not t.proven]
        if open_tiers and self.status is Status.FEASIBLE and not weighted:
            rows.append((say("plan.key.budget", lang), _longer_budget(open_tiers, lang)))
        seconds = _decimal(f"{self.wall_time:.2f}", lang)
        rows.append((say("plan.key.time", lang), say("unit.seconds", lang, seconds=seconds)))
        if self.message:
            rows.append((say("plan.key.note", lang), self.message))
        return rows

    def figures(
        self, scenario: Scenario, reasons: Mapping[tuple[str, str], str] | None = None
    ) -> PlanFigures:
        """The plan's slot figures in total and per kecamatan, kabupaten, province and role
        (:func:`koperasi_alloc.figures.plan_figures`)."""
        from koperasi_alloc.figures import plan_figures

        return plan_figures(scenario, self, reasons)

    def _weighted_line(self, lang: str) -> str:
        """The weighted sum, its bound and gap (weighted mode's only proof)."""
        value, sense = f"{self.objective:.0f}", say("sense.max", lang)
        if self.status is Status.OPTIMAL:
            return say("plan.tier_line.proven", lang, value=value, sense=sense)
        if self.best_bound is None or self.gap is None:
            return say("plan.tier_line.unbounded", lang, value=value, sense=sense)
        gap = _decimal(f"{100 * self.gap:.2f}", lang)
        bound = f"{self.best_bound:.0f}"
        return say("plan.tier_line.open", lang, value=value, sense=sense, bound=bound, gap=gap)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in self.summary_rows()
        )
        return f"<table><caption>koperasi_alloc plan</caption>{rows}</table>"

    def to_frame(self, scenario: Scenario | None = None) -> pd.DataFrame:
        """Assignments as a pandas DataFrame (needs the ``pandas`` extra).

        Parameters
        ----------
        scenario
            The scenario the plan was made for. Without it the frame has the assignment's
            ids only (``officer_id``, ``cooperative_id``, ``role``, ``tier``,
            ``distance_km``, ``travel_minutes``); with it also the names a planner reads:
            ``officer_name``, ``employment``, ``agency``, ``agency_name``,
            ``cooperative_name``, ``village``, ``village_name`` (the cooperative's main
            village), ``kecamatan``, ``kecamatan_name``, ``kabupaten``, ``kabupaten_name``,
            ``province``, ``province_name`` (names from the shipped Kemendagri data; the code
            where the data does not know it) and ``role_name``. The figures per kecamatan
            are ``plan.figures(scenario).to_frame()``; per kabupaten or province with the
            reasons, :func:`koperasi_alloc.summary.summary_frame`.
        """
        try:
            import pandas as pd
        except ImportError as error:  # pragma: no cover - exercised without pandas only
            raise ImportError(
                "Plan.to_frame needs pandas: pip install koperasi-alloc[pandas]"
            ) from error
        columns = list(PlanAssignment.model_fields)
        records = [a.model_dump(mode="json") for a in self.assignments]
        if scenario is not None:
            columns = list(_NAMED_COLUMNS)
            records = [_named_record(scenario, record) for record in records]
        return pd.DataFrame(records, columns=columns)

    def to_json(self, path: str | Path | None = None) -> str:
        """The plan as JSON; also written to ``path`` when given."""
        text = self.model_dump_json(indent=2)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    @classmethod
    def from_json(cls, text_or_path: str | Path) -> Plan:
        """Read a plan from JSON text or a file path."""
        text = str(text_or_path)
        if not text.lstrip().startswith("{"):
            text = Path(text_or_path).read_text(encoding="utf-8")
        return cls.model_validate_json(text)


def tier_gap(tier: TierValue) -> float | None:
    """The tier's own relative gap to its bound: (bound - value) / max(1, |value|) for a
    maximised tier, (value - bound) / max(1, |value|) for a minimised one; None without a
    bound."""
    if tier.bound is None:
        return None
    distance = tier.bound - tier.value if tier.sense == "max" else tier.value - tier.bound
    return max(0.0, distance) / max(1.0, abs(tier.value))


def _decimal(text: str, lang: str) -> str:
    """A number as written in ``lang``: a decimal comma in Bahasa Indonesia."""
    return text.replace(".", ",") if lang == "id" else text


def _slots_line(totals: SlotCounts, lang: str) -> str:
    """``370 demanded, 51 closed (no legal entity yet), 319 open to filling``."""
    if not totals.closed:
        return say("plan.slots", lang, demanded=totals.demanded, open=totals.open)
    return say(
        "plan.slots_closed",
        lang,
        demanded=totals.demanded,
        closed=totals.closed,
        open=totals.open,
    )


def _filled_line(totals: SlotCounts, lang: str) -> str:
    """``319 of 319 open slots (100.0 %); 0 empty``."""
    return say(
        "plan.filled",
        lang,
        filled=totals.filled,
        open=totals.open,
        share=totals.coverage(lang),
        empty=totals.empty,
    )


def _tier_line(tier: TierValue, lang: str) -> str:
    sense = say(f"sense.{tier.sense}", lang)
    if tier.proven:
        return say("plan.tier_line.proven", lang, value=tier.value, sense=sense)
    gap = tier_gap(tier)
    if gap is None:
        return say("plan.tier_line.unbounded", lang, value=tier.value, sense=sense)
    return say(
        "plan.tier_line.open",
        lang,
        value=tier.value,
        sense=sense,
        bound=tier.bound,
        gap=_decimal(f"{100 * gap:.2f}", lang),
    )


def _weighted_tier_line(tier: TierValue, lang: str) -> str:
    """A tier of a weighted plan: its value, and that it has no bound of its own."""
    sense = say(f"sense.{tier.sense}", lang)
    return say("plan.tier_line.weighted", lang, value=tier.value, sense=sense)


def _longer_budget(open_tiers: Sequence[TierValue], lang: str) -> str:
    """What a longer budget could buy, tier by tier, where a bound says how much."""
    parts = []
    for tier in open_tiers:
        name = say(f"tier.{tier.name}", lang)
        if tier.bound is None:
            parts.append(say("plan.budget.unbounded", lang, tier=name))
            continue
        room = abs(tier.bound - tier.value)
        parts.append(say(f"plan.budget.{tier.sense}", lang, tier=name, room=room))
    return say("plan.budget", lang, parts="; ".join(parts))


_NAMED_COLUMNS = (
    "officer_id",
    "officer_name",
    "employment",
    "agency",
    "agency_name",
    "cooperative_id",
    "cooperative_name",
    "village",
    "village_name",
    "kecamatan",
    "kecamatan_name",
    "kabupaten",
    "kabupaten_name",
    "province",
    "province_name",
    "role",
    "role_name",
    "tier",
    "distance_km",
    "travel_minutes",
)


def _named_record(scenario: Scenario, record: dict[str, Any]) -> dict[str, Any]:
    """One assignment with the names of its officer, agency, cooperative, village,
    kecamatan and role (None where the scenario does not know the id)."""
    officer = scenario.officer_by_id.get(record["officer_id"])
    agency = scenario.agency_by_code.get(officer.agency) if officer else None
    coop = scenario.cooperative_by_id.get(record["cooperative_id"])
    village = scenario.village_by_code.get(coop.village) if coop else None
    district = scenario.district_by_code.get(village.district) if village else None
    role = scenario.role_by_code.get(record["role"])
    from koperasi_alloc.wilayah import region_names  # numpy: only for a frame, never for check

    kabupaten = kabupaten_of(district.code) if district else None
    province = kabupaten.split(".")[0] if kabupaten else None
    names = region_names()
    return {
        **record,
        "officer_name": officer.name if officer else None,
        "employment": officer.employment.value if officer else None,
        "agency": officer.agency if officer else None,
        "agency_name": agency.name if agency else None,
        "cooperative_name": (coop.name or coop.id) if coop else None,
        "village": village.code if village else None,
        "village_name": village.name if village else None,
        "kecamatan": district.code if district else None,
        "kecamatan_name": district.name if district else None,
        "kabupaten": kabupaten,
        "kabupaten_name": names.get(kabupaten or "", kabupaten),
        "province": province,
        "province_name": names.get(province or "", province),
        "role_name": role.name if role else None,
    }


def vacancies_of(
    scenario: Scenario, assignments: Sequence[Assignment]
) -> tuple[list[Vacancy], int]:
    """The empty slots left by ``assignments``, and the slots eligible cooperatives demand.

    Every cooperative's unfilled demand is a vacancy (also where the policy keeps a
    cooperative without legal-entity status from receiving officers); only eligible
    cooperatives count towards the total.
    """
    filled = Counter((a.cooperative_id, a.role) for a in assignments)
    vacancies: list[Vacancy] = []
    total = 0
    legal_only = scenario.policy.legal_entity_only
    for coop in scenario.cooperatives:
        eligible = coop.legal_entity or not legal_only
        for role, count in coop.demand.items():
            total += count if eligible else 0
            missing = count - filled[(coop.id, role)]
            if missing > 0:
                vacancies.append(Vacancy(cooperative_id=coop.id, role=role, count=missing))
    return vacancies, total
