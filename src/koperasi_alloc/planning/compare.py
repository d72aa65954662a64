"""``compare``: what changed between two plans, as tables.

>>> diff = compare(old_plan, new_plan, scenario)  # doctest: +SKIP
>>> diff.to_frame("moves")  # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from koperasi_alloc.explain.records import Table
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import TIER_SENSE, Scenario

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Comparison",
    "KecamatanCoverage",
    "Move",
    "MoveKind",
    "MoveReason",
    "SlotChange",
    "TierDelta",
    "compare",
]

MoveKind = Literal["moved", "role_changed", "placed", "removed"]
"""moved: the officer left one cooperative for another; role_changed: same cooperative,
other role; placed: a new assignment; removed: an assignment dropped."""

MoveReason = Literal[
    "officer_removed",
    "officer_unavailable",
    "no_longer_eligible",
    "over_capacity",
    "improvement",
    "new_cooperative_staffed",
    "fills_vacancy",
]
"""Why a move was made (only when ``compare`` is given the new plan's scenario)."""


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Move(_Row):
    """One officer's change between the plans."""

    officer_id: str = Field(description="Officer id.")
    officer_name: str | None = Field(default=None, description="Officer name, when known.")
    kind: MoveKind = Field(description="moved, role_changed, placed or removed.")
    from_cooperative: str | None = Field(description="Cooperative in plan A (None: placed).")
    from_role: str | None = Field(description="Role in plan A.")
    to_cooperative: str | None = Field(description="Cooperative in plan B (None: removed).")
    to_role: str | None = Field(description="Role in plan B.")
    reason: MoveReason | None = Field(default=None, description="Why (needs the scenario).")
    detail: str | None = Field(default=None, description="The reason in words.")


class SlotChange(_Row):
    """A (cooperative, role) whose number of filled slots differs."""

    cooperative_id: str = Field(description="Cooperative id.")
    role: str = Field(description="Role code.")
    filled_a: int = Field(description="Officers in plan A.")
    filled_b: int = Field(description="Officers in plan B.")
    change: Literal["filled", "vacated"] = Field(
        description="filled: more officers in B; vacated: fewer."
    )


class KecamatanCoverage(_Row):
    """Slots filled and coverage per kecamatan in both plans."""

    kecamatan: str = Field(description="Kecamatan code.")
    kecamatan_name: str = Field(description="Kecamatan name.")
    slots: int = Field(description="Eligible slots demanded there (scenario of plan B).")
    filled_a: int = Field(description="Slots filled in plan A.")
    filled_b: int = Field(description="Slots filled in plan B.")
    coverage_a: int = Field(description="Coverage tier contribution in plan A.")
    coverage_b: int = Field(description="Coverage tier contribution in plan B.")
    delta: int = Field(description="coverage_b - coverage_a.")


class TierDelta(_Row):
    """One objective tier in both plans."""

    name: str = Field(description="Tier name.")
    sense: Literal["max", "min"] = Field(description="Whether larger or smaller is better.")
    a: int | None = Field(description="Value in plan A.")
    b: int | None = Field(description="Value in plan B.")
    delta: int | None = Field(description="b - a.")
    better: bool | None = Field(description="Whether B is strictly better on this tier.")


class Comparison(BaseModel):
    """What changed from plan A to plan B."""

    model_config = ConfigDict(frozen=True)

    moves: Table[Move] = Field(description="Every officer change, with its reason.")
    slots: Table[SlotChange] = Field(description="Slots newly filled or vacated.")
    kecamatan: Table[KecamatanCoverage] = Field(
        description="Per-kecamatan coverage (empty without a scenario)."
    )
    tiers: Table[TierDelta] = Field(description="Per-tier values and deltas.")
    kept: int = Field(description="Assignments in both plans.")
    added: int = Field(description="Assignments only in plan B.")
    dropped: int = Field(description="Assignments only in plan A.")

    def to_frame(
        self, part: Literal["moves", "slots", "kecamatan", "tiers"] = "moves"
    ) -> pd.DataFrame:
        """One table as a pandas DataFrame (needs the ``pandas`` extra)."""
        table: Table[BaseModel] = getattr(self, part)
        return table.to_frame()

    def summary(self) -> str:
        """A few lines: counts of changes and the tier deltas."""
        kinds = Counter(m.kind for m in self.moves)
        lines = [
            f"kept {self.kept}, added {self.added}, dropped {self.dropped} assignments",
            "moves: " + (", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "none"),
        ]
        for t in self.tiers:
            if t.delta is not None:
                lines.append(f"{t.name:<10} {t.a} -> {t.b} ({t.delta:+d})")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        body = html.escape(self.summary()).replace("\n", "<br>")
        return f"<div><b>plan comparison</b><br>{body}</div>"


Triple = tuple[str, str, str]


def _pair_moves(
    removed: list[Triple], added: list[Triple]
) -> list[tuple[Triple | None, Triple | None]]:
    """Pair one officer's dropped and new assignments: same cooperative first."""
    pairs: list[tuple[Triple | None, Triple | None]] = []
    left, right = sorted(removed), sorted(added)
    for old in list(left):
        same = next((new for new in right if new[1] == old[1]), None)
        if same is not None:
            pairs.append((old, same))
            left.remove(old)
            right.remove(same)
    for old, new in zip(left, right, strict=False):
        pairs.append((old, new))
    n = min(len(left), len(right))
    pairs.extend((old, None) for old in left[n:])
    pairs.extend((None, new) for new in right[n:])
    return pairs


def compare(plan_a: Plan, plan_b: Plan, scenario: Scenario | None = None) -> Comparison:
    """Compare two plans: officers moved, slots filled or vacated, coverage, tiers.

    Parameters
    ----------
    plan_a
        The earlier plan (e.g. the baseline).
    plan_b
        The later plan (e.g. from :func:`koperasi_alloc.planning.replan`).
    scenario
        The scenario of ``plan_b``. With it, every move gets its reason, tiers are
        recomputed for both plans under it, and coverage is broken down per kecamatan.

    Returns
    -------
    Comparison
        The tables. Every assignment only in A and every assignment only in B appears in
        exactly one move (an officer's dropped and new assignments are paired, the same
        cooperative first).
    """
    a_set = {(x.officer_id, x.cooperative_id, x.role) for x in plan_a.assignments}
    b_set = {(x.officer_id, x.cooperative_id, x.role) for x in plan_b.assignments}
    only_a, only_b = a_set - b_set, b_set - a_set
    by_officer: dict[str, tuple[list[Triple], list[Triple]]] = defaultdict(lambda: ([], []))
    for t in only_a:
        by_officer[t[0]][0].append(t)
    for t in only_b:
        by_officer[t[0]][1].append(t)
    reasons = _MoveReasons.of(plan_a, plan_b, scenario)
    names = scenario.officer_by_id if scenario is not None else {}
    moves: list[Move] = []
    for officer_id in sorted(by_officer):
        removed, added = by_officer[officer_id]
        officer = names.get(officer_id)
        officer_name = officer.name if officer is not None else None
        for old, new in _pair_moves(removed, added):
            moves.append(_move(officer_id, officer_name, old, new, reasons))
    fill_a = Counter((t[1], t[2]) for t in a_set)
    fill_b = Counter((t[1], t[2]) for t in b_set)
    return Comparison(
        moves=Table[Move](rows=moves),
        slots=Table[SlotChange](rows=_slot_changes(fill_a, fill_b)),
        kecamatan=Table[KecamatanCoverage](
            rows=_kecamatan(scenario, fill_a, fill_b) if scenario is not None else []
        ),
        tiers=Table[TierDelta](rows=_tiers(plan_a, plan_b, scenario)),
        kept=len(a_set & b_set),
        added=len(only_b),
        dropped=len(only_a),
    )


class _MoveReasons:
    """Why each move was made: the baseline status of what an officer left (with a
    scenario), else whether plan B improves the first tier over the still-valid part of A."""

    def __init__(
        self,
        scenario: Scenario | None,
        status: dict[Triple, tuple[str, str]],
        improved: bool,
        first_name: str,
        coops_in_a: set[str],
    ) -> None:
        self.scenario = scenario
        self.status = status
        self.improved = improved
        self.first_name = first_name
        self.coops_in_a = coops_in_a

    @classmethod
    def of(cls, plan_a: Plan, plan_b: Plan, scenario: Scenario | None) -> _MoveReasons:
        coops_in_a = {x.cooperative_id for x in plan_a.assignments}
        if scenario is None:
            return cls(None, {}, False, "", coops_in_a)
        from koperasi_alloc.check.objective import recompute_tiers
        from koperasi_alloc.planning.replan import baseline_validity

        validity = baseline_validity(scenario, plan_a)
        status: dict[Triple, tuple[str, str]] = {
            (k.assignment.officer_id, k.assignment.cooperative_id, k.assignment.role): (
                k.status,
                k.detail,
            )
            for k in validity
        }
        valid = [k.assignment for k in validity if k.status == "valid"]
        first = scenario.objective_tiers()[0]
        kept_value = recompute_tiers(scenario, valid)[first]
        new_value = recompute_tiers(scenario, plan_b.assignments)[first]
        if TIER_SENSE.get(first, "max") == "max":
            improved = new_value > kept_value
        else:
            improved = new_value < kept_value
        return cls(scenario, status, improved, first, coops_in_a)

    def reason(
        self, old: Triple | None, new: Triple | None
    ) -> tuple[MoveReason | None, str | None]:
        """The reason code and detail of the move ``old -> new`` (None, None without a
        scenario)."""
        if self.scenario is None:
            return None, None
        first_name = self.first_name
        if old is not None:
            code, detail = self.status.get(old, ("valid", "still valid"))
            if code != "valid":
                return code, detail  # type: ignore[return-value]
            if self.improved:
                return "improvement", f"still valid; moved to improve {first_name}"
            return "improvement", f"still valid; moved for a better plan at equal {first_name}"
        assert new is not None
        if new[1] not in self.coops_in_a:
            return "new_cooperative_staffed", "staffs a cooperative that had nobody"
        return "fills_vacancy", "fills a slot that was empty or vacated"


def _move(
    officer_id: str,
    officer_name: str | None,
    old: Triple | None,
    new: Triple | None,
    reasons: _MoveReasons,
) -> Move:
    """The row of one paired move of an officer (``old`` left, ``new`` taken)."""
    if old is not None and new is not None:
        kind: MoveKind = "role_changed" if old[1] == new[1] else "moved"
    else:
        kind = "removed" if new is None else "placed"
    code, detail = reasons.reason(old, new)
    return Move(
        officer_id=officer_id,
        officer_name=officer_name,
        kind=kind,
        from_cooperative=old[1] if old else None,
        from_role=old[2] if old else None,
        to_cooperative=new[1] if new else None,
        to_role=new[2] if new else None,
        reason=code,
        detail=detail,
    )


def _slot_changes(
    fill_a: Counter[tuple[str, str]], fill_b: Counter[tuple[str, str]]
) -> list[SlotChange]:
    """Slots whose number of officers differs between the plans, sorted."""
    return [
        SlotChange(
            cooperative_id=key[0],
            role=key[1],
            filled_a=fill_a[key],
            filled_b=fill_b[key],
            change="filled" if fill_b[key] > fill_a[key] else "vacated",
        )
        for key in sorted(set(fill_a) | set(fill_b))
        if fill_a[key] != fill_b[key]
    ]


def _kecamatan(
    scenario: Scenario, fill_a: Counter[tuple[str, str]], fill_b: Counter[tuple[str, str]]
) -> list[KecamatanCoverage]:
    legal_only = scenario.policy.legal_entity_only
    slots: Counter[str] = Counter()
    filled: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for coop in scenario.cooperatives:
        district = scenario.village_by_code[coop.village].district
        if coop.legal_entity or not legal_only:
            slots[district] += sum(coop.demand.values())
        priority = scenario.cooperative_priority(coop)
        for role in coop.demand:
            row = filled[district]
            row[0] += fill_a[(coop.id, role)]
            row[1] += fill_b[(coop.id, role)]
            row[2] += priority * fill_a[(coop.id, role)]
            row[3] += priority * fill_b[(coop.id, role)]
    out = []
    for d in scenario.districts:
        fa, fb, ca, cb = filled.get(d.code, [0, 0, 0, 0])
        out.append(
            KecamatanCoverage(
                kecamatan=d.code,
                kecamatan_name=d.name,
                slots=slots[d.code],
                filled_a=fa,
                filled_b=fb,
                coverage_a=ca,
                coverage_b=cb,
                delta=cb - ca,
            )
        )
    return out


def _tiers(plan_a: Plan, plan_b: Plan, scenario: Scenario | None) -> list[TierDelta]:
    if scenario is not None:
        from koperasi_alloc.check.objective import recompute_tiers

        names: list[str] = list(scenario.objective_tiers())
        va: dict[str, int | None] = dict(recompute_tiers(scenario, plan_a.assignments))
        vb: dict[str, int | None] = dict(recompute_tiers(scenario, plan_b.assignments))
    else:
        names = [t.name for t in plan_a.tiers]
        names += [t.name for t in plan_b.tiers if t.name not in names]
        va = {t.name: t.value for t in plan_a.tiers}
        vb = {t.name: t.value for t in plan_b.tiers}
    out = []
    for name in names:
        sense = TIER_SENSE.get(name, "max")
        a, b = va.get(name), vb.get(name)
        delta = b - a if a is not None and b is not None else None
        better = None if delta is None else (delta > 0 if sense == "max" else delta < 0)
        out.append(TierDelta(name=name, sense=sense, a=a, b=b, delta=delta, better=better))
    return out
