"""The result of a solve: a :class:`Plan` that says what it is and how sure it is."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from koperasi_alloc.scenario import Assignment, LocalityTier, TierName

if TYPE_CHECKING:
    import pandas as pd

    from koperasi_alloc.check import Violation
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
        is the budget when the plan records one, else the wall time.
        """
        words = _HEADLINE_WORDS[lang]
        budget = self.audit.time_limit if self.audit is not None else self.wall_time
        seconds = _decimal(f"{budget:g}", lang)
        if self.status is Status.INFEASIBLE:
            return words["infeasible"]
        if self.status is Status.NO_SOLUTION_IN_TIME:
            return words["none"].format(seconds=seconds)
        if self.status is Status.MODEL_INVALID:
            return words["invalid"]
        if self.objective_mode == "weighted":
            return self._weighted_headline(lang, seconds)
        if self.status is Status.OPTIMAL and all(tier.proven for tier in self.tiers):
            return words["optimal"]
        parts = []
        for tier in self.tiers:
            if tier.proven:
                parts.append(f"{tier.name} {words['proven']}")
                continue
            gap = tier_gap(tier)
            percent = _decimal(f"{100.0 * gap:.1f} %", lang) if gap is not None else ""
            detail = words["bound_unknown"] if gap is None else f"gap {percent}"
            parts.append(f"{tier.name} {words['open']} ({detail})")
        return words["best"].format(seconds=seconds, tiers=", ".join(parts))

    def _weighted_headline(self, lang: Literal["en", "id"], seconds: str) -> str:
        """Weighted mode proves the weighted sum only, never a tier on its own."""
        words = _HEADLINE_WORDS[lang]
        if self.status is Status.OPTIMAL:
            return words["weighted_optimal"]
        if self.gap is None:
            detail = words["bound_unknown"]
        else:
            detail = "gap " + _decimal(f"{100.0 * self.gap:.1f} %", lang)
        return words["weighted_best"].format(seconds=seconds, detail=detail)

    def summary(self, lang: Literal["en", "id"] = "en") -> str:
        """A few lines for a terminal or a log: the headline, slots filled, each tier with
        its bound, proven or open and its own gap, and what a longer budget could buy."""
        en = lang == "en"
        key = dict(
            zip(
                ("result", "filled", "budget", "time", "note", "slots"),
                ("result", "filled", "budget", "time", "note", "slots")
                if en
                else ("hasil", "terisi", "anggaran", "waktu", "catatan", "posisi"),
                strict=True,
            )
        )
        lines = [
            f"{'status':<10} {self.status.value}",
            f"{key['result']:<10} {self.headline(lang)}",
        ]
        filled = f"{self.filled} / {self.total_slots}" if self.total_slots else str(self.filled)
        share = f" ({100.0 * self.filled / self.total_slots:.1f} %)" if self.total_slots else ""
        lines.append(f"{key['filled']:<10} {filled} {key['slots']}{share}")
        weighted = self.objective_mode == "weighted"
        for tier in self.tiers:
            line = _weighted_tier_line(tier, lang) if weighted else _tier_line(tier, lang)
            lines.append(f"{tier.name:<10} {line}")
        if weighted and self.objective is not None:
            lines.append(f"{'weighted' if en else 'berbobot':<10} {self._weighted_line(lang)}")
        open_tiers = [t for t in self.tiers if not t.proven]
        if open_tiers and self.status is Status.FEASIBLE and not weighted:
            lines.append(f"{key['budget']:<10} {_longer_budget(open_tiers, lang)}")
        lines.append(f"{key['time']:<10} {self.wall_time:.2f} s")
        if self.message:
            lines.append(f"{key['note']:<10} {self.message}")
        return "\n".join(lines)

    def _weighted_line(self, lang: str) -> str:
        """The weighted sum, its bound and gap (weighted mode's only proof)."""
        en = lang == "en"
        value = f"{self.objective:.0f} ({'max' if en else 'maks'})"
        if self.status is Status.OPTIMAL:
            return f"{value} {'proven optimal' if en else 'terbukti optimal'}"
        if self.best_bound is None or self.gap is None:
            return f"{value} {'open, bound unknown' if en else 'terbuka, batas tidak diketahui'}"
        state, bound, gap = ("open", "bound", "gap") if en else ("terbuka", "batas", "selisih")
        return f"{value} {state}, {bound} {self.best_bound:.0f}, {gap} {100 * self.gap:.2f} %"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in (line.split(maxsplit=1) for line in self.summary().splitlines())
        )
        return f"<table><caption>koperasi_alloc plan</caption>{rows}</table>"

    def to_frame(self) -> pd.DataFrame:
        """Assignments as a pandas DataFrame (needs the ``pandas`` extra)."""
        try:
            import pandas as pd
        except ImportError as error:  # pragma: no cover - exercised without pandas only
            raise ImportError(
                "Plan.to_frame needs pandas: pip install koperasi-alloc[pandas]"
            ) from error
        columns = list(PlanAssignment.model_fields)
        return pd.DataFrame([a.model_dump(mode="json") for a in self.assignments], columns=columns)

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


_HEADLINE_WORDS = {
    "id": {
        "proven": "terbukti",
        "open": "terbuka",
        "optimal": "optimal: semua tier terbukti",
        "best": "terbaik yang ditemukan dalam {seconds} s: {tiers}",
        "bound_unknown": "batas tidak diketahui",
        "infeasible": "tidak ada rencana yang memenuhi aturan wajib (terbukti)",
        "none": "tidak ada rencana yang ditemukan dalam {seconds} s",
        "invalid": "model ditolak solver (galat pustaka: mohon laporkan)",
        "weighted_optimal": "optimal: jumlah berbobot terbukti (tier tidak dibuktikan sendiri)",
        "weighted_best": "terbaik yang ditemukan dalam {seconds} s: jumlah berbobot terbuka "
        "({detail}); tier tidak dibuktikan sendiri",
    },
    "en": {
        "proven": "proven",
        "open": "open",
        "optimal": "optimal: all tiers proven",
        "best": "best found in {seconds} s: {tiers}",
        "bound_unknown": "bound unknown",
        "infeasible": "no plan satisfies the hard rules (proven)",
        "none": "no plan found in {seconds} s",
        "invalid": "model rejected by the solver (a library bug: please report it)",
        "weighted_optimal": "optimal: weighted sum proven (tiers not proven one by one)",
        "weighted_best": "best found in {seconds} s: weighted sum open ({detail}); tiers not "
        "proven one by one",
    },
}


def _decimal(text: str, lang: str) -> str:
    """A number as written in ``lang``: a decimal comma in Bahasa Indonesia."""
    return text.replace(".", ",") if lang == "id" else text


def _tier_line(tier: TierValue, lang: str) -> str:
    en = lang == "en"
    sense = tier.sense if en else {"max": "maks", "min": "min"}[tier.sense]
    if tier.proven:
        return f"{tier.value} ({sense}) {'proven optimal' if en else 'terbukti optimal'}"
    gap = tier_gap(tier)
    if gap is None:
        state = "open, bound unknown" if en else "terbuka, batas tidak diketahui"
        return f"{tier.value} ({sense}) {state}"
    state, bound, gap_word = ("open", "bound", "gap") if en else ("terbuka", "batas", "selisih")
    return f"{tier.value} ({sense}) {state}, {bound} {tier.bound}, {gap_word} {100 * gap:.2f} %"


def _weighted_tier_line(tier: TierValue, lang: str) -> str:
    """A tier of a weighted plan: its value, and that it has no bound of its own."""
    sense = tier.sense if lang == "en" else {"max": "maks", "min": "min"}[tier.sense]
    state = (
        "part of the weighted sum, no bound of its own"
        if lang == "en"
        else "bagian dari jumlah berbobot, tanpa batas sendiri"
    )
    return f"{tier.value} ({sense}) {state}"


def _longer_budget(open_tiers: Sequence[TierValue], lang: str) -> str:
    """What a longer budget could buy, tier by tier, where a bound says how much."""
    en = lang == "en"
    parts = []
    for tier in open_tiers:
        if tier.bound is None:
            parts.append(
                f"{tier.name}: may improve or be proven optimal (no bound yet)"
                if en
                else f"{tier.name}: mungkin membaik atau terbukti optimal (belum ada batas)"
            )
            continue
        room = abs(tier.bound - tier.value)
        word = ("at most", "more") if tier.sense == "max" else ("at most", "less")
        if en:
            parts.append(f"{tier.name}: {word[0]} {room} {word[1]}")
        else:
            more = "lebih tinggi" if tier.sense == "max" else "lebih rendah"
            parts.append(f"{tier.name}: paling banyak {room} {more}")
    head = "a longer budget could gain" if en else "anggaran waktu lebih lama dapat menambah"
    return f"{head}: {'; '.join(parts)}"


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
