"""The figures of a plan, defined once: every surface shows these numbers.

For each group of slots (the whole region, a kecamatan, a kabupaten, a province, a role):

``demanded``
    Slots the cooperatives ask for.
``closed``
    Of those, slots a rule closes to filling: the cooperative has no legal-entity status
    yet and the policy sends officers only to those that have one (reason
    ``not_legal_entity``).
``open``
    ``demanded - closed``: the slots a plan may fill (``Plan.total_slots``).
``filled``
    Slots the plan fills.
``empty``
    ``open - filled``, with the reason of each empty slot when an explanation gives them
    (``empty_by_reason``: the codes of :data:`koperasi_alloc.explain.ReasonCode`).
``coverage``
    ``filled / open``, shown with one decimal after one rounding rule
    (:func:`koperasi_alloc.i18n.share_tenths`, half up): ``76,5 %`` (id) / ``76.5 %`` (en).

Beside the slots, each geographic group counts the officers whose work unit lies in it
(:class:`OfficerCounts`: listed, placed by the plan, unused, and unused by reason when an
explanation gives the reasons: the codes of ``explain``'s unassigned officers) and, given
a hiring proposal's hires per kecamatan, the hires proposed there.

:func:`plan_figures` computes them from a scenario and a plan; :func:`plan_totals` computes
the totals from a plan alone (``Plan.summary`` has no scenario). ``Plan.summary``, the
command line, the Ringkasan sheet, ``explain``, ``Plan.to_frame`` and the national
summaries (:mod:`koperasi_alloc.summary`: frames and choropleths per province, kabupaten
and kecamatan) all read them here, so they cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from koperasi_alloc.i18n import percent, say, share_tenths
from koperasi_alloc.scenario import Scenario, kabupaten_of

if TYPE_CHECKING:
    import pandas as pd

    from koperasi_alloc.plan import Plan

__all__ = [
    "CLOSED_REASON",
    "LEVELS",
    "FigureRow",
    "Level",
    "OfficerCounts",
    "PlanFigures",
    "SlotCounts",
    "plan_figures",
    "plan_totals",
]

Level = Literal["kecamatan", "kabupaten", "province", "role"]
LEVELS: tuple[Level, ...] = ("kecamatan", "kabupaten", "province", "role")

CLOSED_REASON = "not_legal_entity"
"""The reason code of a closed slot (see :data:`koperasi_alloc.explain.ReasonCode`)."""


@dataclass(frozen=True)
class SlotCounts:
    """Slot counts of one group (see the module docstring for each figure)."""

    demanded: int = 0
    closed: int = 0
    filled: int = 0
    empty_reasons: tuple[tuple[str, int], ...] = ()
    """Empty open slots by reason code, where an explanation gave them (sorted by code)."""

    @property
    def open(self) -> int:
        """Slots a plan may fill: demanded minus closed."""
        return self.demanded - self.closed

    @property
    def empty(self) -> int:
        """Open slots left empty."""
        return max(0, self.open - self.filled)

    @property
    def coverage_tenths(self) -> int | None:
        """``filled / open`` in tenths of a percent (None without open slots)."""
        return share_tenths(self.filled, self.open)

    @property
    def empty_by_reason(self) -> dict[str, int]:
        """Empty open slots per reason code (empty without an explanation)."""
        return dict(self.empty_reasons)

    def coverage(self, lang: str) -> str:
        """``filled / open`` as the language writes it: ``76,5 %`` / ``76.5 %``."""
        return percent(self.filled, self.open, lang)

    def __add__(self, other: SlotCounts) -> SlotCounts:
        reasons = Counter(self.empty_by_reason) + Counter(other.empty_by_reason)
        return SlotCounts(
            demanded=self.demanded + other.demanded,
            closed=self.closed + other.closed,
            filled=self.filled + other.filled,
            empty_reasons=tuple(sorted(reasons.items())),
        )


@dataclass(frozen=True)
class OfficerCounts:
    """The officers of one group (by the kecamatan of their work unit) and whom the plan
    leaves unused, and why."""

    listed: int = 0
    placed: int = 0
    unused_reasons: tuple[tuple[str, int], ...] = ()
    """Unused officers by reason code, where an explanation gave them (sorted by code)."""
    hires: int = 0
    """New officers a hiring proposal puts to work in the group (hypothetical)."""

    @property
    def unused(self) -> int:
        """Listed officers the plan does not place."""
        return self.listed - self.placed

    @property
    def unused_by_reason(self) -> dict[str, int]:
        """Unused officers per reason code (empty without an explanation)."""
        return dict(self.unused_reasons)

    def __add__(self, other: OfficerCounts) -> OfficerCounts:
        reasons = Counter(self.unused_by_reason) + Counter(other.unused_by_reason)
        return OfficerCounts(
            listed=self.listed + other.listed,
            placed=self.placed + other.placed,
            unused_reasons=tuple(sorted(reasons.items())),
            hires=self.hires + other.hires,
        )


@dataclass(frozen=True)
class FigureRow:
    """The counts of one group: a kecamatan, kabupaten, province or role."""

    level: Level
    code: str
    name: str
    cooperatives: int
    counts: SlotCounts
    officers: OfficerCounts | None = None
    """The officers working in the group; None for a role."""


@dataclass(frozen=True)
class PlanFigures:
    """A plan's figures: the totals and the same counts grouped four ways."""

    total: SlotCounts
    cooperatives: int
    groups: Mapping[Level, tuple[FigureRow, ...]] = field(default_factory=dict)
    officers: OfficerCounts = field(default_factory=OfficerCounts)
    """Every listed officer, placed or unused (and the hires, when given)."""

    def rows(self, level: Level = "kecamatan") -> tuple[FigureRow, ...]:
        """The groups of one level, in scenario order (roles in order of the role table)."""
        if level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
        return self.groups.get(level, ())

    def row(self, level: Level, code: str) -> FigureRow:
        """The group ``code`` of ``level``."""
        for row in self.rows(level):
            if row.code == code:
                return row
        raise KeyError(f"no {level} {code!r} in the figures")

    def finest(self, most: int) -> Level:
        """The finest geographic level with at most ``most`` groups (province at worst)."""
        levels: tuple[Level, Level] = ("kecamatan", "kabupaten")
        for level in levels:
            if len(self.rows(level)) <= most:
                return level
        return "province"

    def records(self, level: Level = "kecamatan") -> list[dict[str, Any]]:
        """One dict per group: code, name, cooperatives, the counts and coverage (a
        fraction rounded to the tenth of a percent, None without open slots), then one
        ``empty_<reason>`` per reason met."""
        reasons = sorted({r for row in self.rows(level) for r, _ in row.counts.empty_reasons})
        out = []
        for row in self.rows(level):
            c = row.counts
            tenths = c.coverage_tenths
            record: dict[str, Any] = {
                level: row.code,
                f"{level}_name": row.name,
                "cooperatives": row.cooperatives,
                "demanded": c.demanded,
                "closed": c.closed,
                "open": c.open,
                "filled": c.filled,
                "empty": c.empty,
                "coverage": None if tenths is None else tenths / 1000,
            }
            for reason in reasons:
                record[f"empty_{reason}"] = c.empty_by_reason.get(reason, 0)
            out.append(record)
        return out

    def table(self, lang: str, level: Level | None = None, most: int = 60) -> list[str]:
        """The figures of one level as aligned text lines with a total line, in ``lang``
        (the finest geographic level with at most ``most`` groups by default)."""
        level = level or self.finest(most)
        columns = ("demanded", "closed", "open", "filled", "empty", "coverage")
        heads = [say(f"col.figures.{level}.{c}", lang) for c in ("name", *columns)]
        rows = [(row.name, row.counts) for row in self.rows(level)]
        rows.append((say("summary.total", lang), self.total))
        width = max(len(heads[0]), *(len(name) for name, _ in rows)) + 2
        sizes = [max(len(h), 7) + 2 for h in heads[1:]]
        lines = [
            heads[0].ljust(width)
            + "".join(h.rjust(n) for h, n in zip(heads[1:], sizes, strict=True))
        ]
        for name, c in rows:
            values = (c.demanded, c.closed, c.open, c.filled, c.empty, c.coverage(lang))
            cells = "".join(str(v).rjust(n) for v, n in zip(values, sizes, strict=True))
            lines.append(name.ljust(width) + cells)
        return lines

    def to_frame(self, level: Level = "kecamatan") -> pd.DataFrame:
        """:meth:`records` as a pandas DataFrame (needs the ``pandas`` extra)."""
        try:
            import pandas as pd
        except ImportError as error:  # pragma: no cover - exercised without pandas only
            raise ImportError(
                "PlanFigures.to_frame needs pandas: pip install koperasi-alloc[pandas]"
            ) from error
        return pd.DataFrame(self.records(level))


def plan_totals(plan: Plan) -> SlotCounts:
    """The totals from a plan alone: demanded is filled plus every vacancy (closed slots
    are vacancies too), open is ``plan.total_slots``, closed the difference."""
    demanded = max(plan.filled + sum(v.count for v in plan.vacancies), plan.total_slots)
    return SlotCounts(demanded=demanded, closed=demanded - plan.total_slots, filled=plan.filled)


def _slot_key(cooperative: str, role: str) -> tuple[str, str]:
    return cooperative, role


def plan_figures(
    scenario: Scenario,
    plan: Plan,
    reasons: Mapping[tuple[str, str], str] | None = None,
    *,
    region_names: Mapping[str, str] | None = None,
    unused: Mapping[str, str] | None = None,
    hires: Mapping[str, int] | None = None,
) -> PlanFigures:
    """Every figure of ``plan``, in total and per kecamatan, kabupaten, province and role.

    Parameters
    ----------
    scenario
        The scenario the plan was made for.
    plan
        The plan (its assignments; vacancies are recomputed from the scenario).
    reasons
        Optional reason code per empty ``(cooperative id, role)``, e.g. from
        ``{(v.cooperative_id, v.role): v.code for v in explain(scenario, plan).vacancies}``;
        fills ``empty_by_reason``. Closed slots always have the reason ``not_legal_entity``.
    region_names
        Optional names of kabupaten and provinces by code (``"64.08"``, ``"64"``); the
        code stands for its name otherwise.
    unused
        Optional reason code per officer the plan leaves unused, e.g. from
        ``{u.officer_id: u.code for u in explain(scenario, plan).unassigned}``; fills
        ``OfficerCounts.unused_by_reason``.
    hires
        Optional proposed hires per kecamatan code (a hiring proposal's rows); fills
        ``OfficerCounts.hires``.

    Returns
    -------
    PlanFigures
        The totals and the groups; every group's counts sum to the totals.
    """
    names = dict(region_names or {})
    filled = Counter(_slot_key(a.cooperative_id, a.role) for a in plan.assignments)
    legal_only = scenario.policy.legal_entity_only
    district_of = {v.code: v.district for v in scenario.villages}
    cells: dict[tuple[Level, str], SlotCounts] = {}
    coops: dict[tuple[Level, str], set[str]] = {}
    for coop in scenario.cooperatives:
        district = district_of[coop.village]
        closed = legal_only and not coop.legal_entity
        for role, count in coop.demand.items():
            taken = min(count, filled[_slot_key(coop.id, role)])
            counts = _slot_counts(count, taken, closed, (reasons or {}).get((coop.id, role)))
            keys = _group_keys(district, role)
            for key in keys:
                cells[key] = cells.get(key, SlotCounts()) + counts
                coops.setdefault(key, set()).add(coop.id)
        for key in _group_keys(district, None):  # a cooperative demanding nothing still counts
            coops.setdefault(key, set()).add(coop.id)
    people = _officer_cells(scenario, plan, unused or {}, hires or {})
    groups = {
        level: tuple(_rows(level, codes, cells, coops, people))
        for level, codes in _codes(scenario, names).items()
    }
    total = sum((row.counts for row in groups["kecamatan"]), SlotCounts())
    officers = sum(
        (row.officers or OfficerCounts() for row in groups["kecamatan"]), OfficerCounts()
    )
    return PlanFigures(
        total=total, cooperatives=len(scenario.cooperatives), groups=groups, officers=officers
    )


def _officer_cells(
    scenario: Scenario, plan: Plan, unused: Mapping[str, str], hires: Mapping[str, int]
) -> dict[tuple[Level, str], OfficerCounts]:
    """The officers of each geographic group, by the kecamatan of their work unit."""
    placed = {a.officer_id for a in plan.assignments}
    cells: dict[tuple[Level, str], OfficerCounts] = {}
    per_district: dict[str, tuple[int, int, Counter[str]]] = {}
    for officer in scenario.officers:
        listed, used, why = per_district.get(officer.work_district, (0, 0, Counter()))
        if officer.id in placed:
            used += 1
        elif officer.id in unused:
            why[unused[officer.id]] += 1
        per_district[officer.work_district] = (listed + 1, used, why)
    for district in {*per_district, *hires}:
        listed, used, why = per_district.get(district, (0, 0, Counter()))
        counts = OfficerCounts(listed, used, tuple(sorted(why.items())), hires.get(district, 0))
        for key in _group_keys(district, None):
            cells[key] = cells.get(key, OfficerCounts()) + counts
    return cells


def _slot_counts(count: int, taken: int, closed: bool, reason: str | None) -> SlotCounts:
    """The counts of one cooperative's slots of one role."""
    if closed:
        return SlotCounts(demanded=count, closed=count, filled=0)
    empty = count - taken
    reasons = ((reason, empty),) if reason and empty else ()
    return SlotCounts(demanded=count, filled=taken, empty_reasons=reasons)


def _group_keys(district: str, role: str | None) -> list[tuple[Level, str]]:
    kabupaten = kabupaten_of(district)
    keys: list[tuple[Level, str]] = [
        ("kecamatan", district),
        ("kabupaten", kabupaten),
        ("province", kabupaten.split(".")[0]),
    ]
    if role is not None:
        keys.append(("role", role))
    return keys


def _codes(scenario: Scenario, names: Mapping[str, str]) -> dict[Level, list[tuple[str, str]]]:
    """(code, name) of every group of each level, in scenario order."""
    kabupaten = list(dict.fromkeys(kabupaten_of(d.code) for d in scenario.districts))
    provinces = list(dict.fromkeys(k.split(".")[0] for k in kabupaten))
    roles = [(r.code, r.name) for r in scenario.roles]
    known = {code for code, _ in roles}
    for coop in scenario.cooperatives:  # a role demanded but not in the role table
        for role in coop.demand:
            if role not in known:
                roles.append((role, role))
                known.add(role)
    return {
        "kecamatan": [(d.code, d.name) for d in scenario.districts],
        "kabupaten": [(k, names.get(k, k)) for k in kabupaten],
        "province": [(p, names.get(p, p)) for p in provinces],
        "role": roles,
    }


def _rows(
    level: Level,
    codes: Iterable[tuple[str, str]],
    cells: Mapping[tuple[Level, str], SlotCounts],
    coops: Mapping[tuple[Level, str], set[str]],
    people: Mapping[tuple[Level, str], OfficerCounts],
) -> Sequence[FigureRow]:
    return [
        FigureRow(
            level=level,
            code=code,
            name=name,
            cooperatives=len(coops.get((level, code), ())),
            counts=cells.get((level, code), SlotCounts()),
            officers=None if level == "role" else people.get((level, code), OfficerCounts()),
        )
        for code, name in codes
    ]
