"""The records of an explanation: one pydantic model per table row, and :class:`Table`.

Every part of an :class:`~koperasi_alloc.explain.Explanation` is a :class:`Table`, a list
of frozen records with ``to_frame()`` (pandas, optional). Rows that a planner reads carry
their sentence in both languages (``text_en``, ``text_id``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from koperasi_alloc.scenario import LocalityTier

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AgencyCapHit",
    "AssignmentExplanation",
    "KecamatanBreakdown",
    "OfficerElsewhere",
    "ReasonCode",
    "Sentence",
    "Shortage",
    "ShortageStatus",
    "Table",
    "TierBreakdown",
    "UnassignedReason",
    "VacancyReason",
]

ReasonCode = Literal[
    "not_legal_entity",
    "cooperative_full",
    "skill_or_education_missing",
    "no_candidate_in_reach",
    "all_placed_elsewhere",
    "agency_cap_binding",
    "weekly_hours_binding",
    "not_chosen",
]
"""Why a slot is empty, most structural first (see :mod:`koperasi_alloc.explain.vacancies`)."""

ShortageStatus = Literal["coverable", "short", "uncoverable"]
"""coverable: some plan could fill every slot (as far as the bound sees); short: at most
part of the slots; uncoverable: no plan can fill any of them."""


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


RowT = TypeVar("RowT", bound=BaseModel)


class Table(BaseModel, Generic[RowT]):
    """A list of records with ``to_frame()``; iterate it, index it, take ``len`` of it."""

    model_config = ConfigDict(frozen=True)

    rows: list[RowT] = Field(default_factory=list, description="The records, in order.")

    def __len__(self) -> int:
        return len(self.rows)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the row type and the rows: a parametrised class such as
        ``Table[HireRow]`` has no name pickle can look up, and a proposal or explanation
        made in a worker process must travel back."""
        args = self.__pydantic_generic_metadata__["args"]
        return (_table_of, (args[0] if args else None, list(self.rows)))

    def __iter__(self) -> Iterator[RowT]:  # type: ignore[override]
        return iter(self.rows)

    def __getitem__(self, index: int) -> RowT:
        return self.rows[index]

    def __bool__(self) -> bool:
        return bool(self.rows)

    def to_frame(self) -> pd.DataFrame:
        """The records as a pandas DataFrame, one column per field.

        Raises
        ------
        ImportError
            When pandas is not installed (``pip install koperasi-alloc[pandas]``).
        """
        try:
            import pandas as pd
        except ImportError as error:  # pragma: no cover - exercised without pandas only
            raise ImportError(
                "Explanation tables need pandas for to_frame(): pip install koperasi-alloc[pandas]"
            ) from error
        records: list[dict[str, Any]] = [row.model_dump(mode="json") for row in self.rows]
        columns = list(self.rows[0].__class__.model_fields) if self.rows else None
        return pd.DataFrame(records, columns=columns)


class Shortage(_Row):
    """Supply against demand in one kecamatan, for one role or for all roles together."""

    kecamatan: str = Field(description="Kecamatan code.")
    kecamatan_name: str = Field(description="Kecamatan name.")
    role: str | None = Field(description="Role code; None for all roles of the kecamatan.")
    role_name: str | None = Field(description="Role name; None for all roles.")
    slots: int = Field(description="Slots demanded by the kecamatan's eligible cooperatives.")
    officers_in_reach: int = Field(
        description="Distinct eligible officers with at least one candidate there (locality "
        "rule and forbids applied)."
    )
    max_fillable: int = Field(
        description="Upper bound on the slots any plan fills there: the maximum flow of the "
        "officers in reach into the slots, ignoring other kecamatan, agency caps and hours."
    )
    coverage_bound: int = Field(
        description="Upper bound on the coverage tier there: the sum of the max_fillable "
        "highest slot priorities."
    )
    shortfall: int = Field(description="slots - max_fillable: slots no plan can fill.")
    status: ShortageStatus = Field(description="coverable, short or uncoverable.")
    text_en: str = Field(description="The row in English.")
    text_id: str = Field(description="The row in Bahasa Indonesia.")


class OfficerElsewhere(_Row):
    """An officer in reach of a vacancy who is placed in another slot."""

    officer_id: str = Field(description="Officer id.")
    officer_name: str | None = Field(description="Officer name.")
    agency: str = Field(description="Agency code.")
    cooperative_id: str = Field(description="Where they are placed.")
    cooperative_name: str = Field(description="Name of that cooperative.")
    kecamatan: str = Field(description="Kecamatan code of that cooperative.")
    kecamatan_name: str = Field(description="Kecamatan name of that cooperative.")
    role: str = Field(description="The role they fill there.")
    priority_there: int = Field(
        description="Coverage weight of the slot they would leave empty if moved here."
    )


class AgencyCapHit(_Row):
    """An agency whose release cap keeps officers in reach from being released."""

    agency: str = Field(description="Agency code.")
    agency_name: str = Field(description="Agency name.")
    released: int = Field(description="Distinct officers of the agency in the plan.")
    cap: int = Field(description="Its release cap.")
    officers: list[str] = Field(description="Officers in reach held back by the cap.")


class VacancyReason(_Row):
    """Why one cooperative has empty slots of one role."""

    cooperative_id: str = Field(description="Cooperative id.")
    cooperative_name: str = Field(description="Cooperative name (or id).")
    village: str = Field(description="Village code.")
    kecamatan: str = Field(description="Kecamatan code.")
    kecamatan_name: str = Field(description="Kecamatan name.")
    role: str = Field(description="Role code.")
    role_name: str = Field(description="Role name.")
    count: int = Field(description="Empty slots.")
    priority: int = Field(description="Coverage weight of each empty slot.")
    code: ReasonCode = Field(description="The reason, see ReasonCode.")
    reason_en: str = Field(default="", description="The reason alone, in English.")
    reason_id: str = Field(default="", description="The reason alone, in Bahasa Indonesia.")
    officers_in_reach: list[str] = Field(
        default_factory=list,
        description="Eligible officers linked by the locality rule, not already in this slot.",
    )
    placed_elsewhere: list[OfficerElsewhere] = Field(
        default_factory=list, description="Officers in reach placed in other slots, and where."
    )
    agency_caps: list[AgencyCapHit] = Field(
        default_factory=list, description="Agencies whose cap holds officers in reach back."
    )
    hours_bound: list[str] = Field(
        default_factory=list, description="Officers in reach without weekly hours left for it."
    )
    free_officers: list[str] = Field(
        default_factory=list,
        description="Officers in reach whom no rule keeps away; the plan did not choose them.",
    )
    nearest_officer: str | None = Field(
        default=None, description="Nearest eligible officer ignoring locality (no reach)."
    )
    nearest_km: float | None = Field(default=None, description="Their distance in km.")
    pool_with_skill: int | None = Field(
        default=None, description="Officers in the whole pool with the role's skill."
    )
    pool_with_education: int | None = Field(
        default=None, description="Of those, officers who also meet the education required."
    )
    text_en: str = Field(description="The reason in English.")
    text_id: str = Field(description="The reason in Bahasa Indonesia.")

    @property
    def agency(self) -> str | None:
        """The first binding agency's code, if any."""
        return self.agency_caps[0].agency if self.agency_caps else None


class AssignmentExplanation(_Row):
    """One assignment of a plan: how local it is and what it adds to each tier."""

    officer_id: str = Field(description="Officer id.")
    officer_name: str | None = Field(description="Officer name.")
    employment: str = Field(description="PNS, PPPK or PPPK_PARUH_WAKTU.")
    agency: str = Field(description="Agency code.")
    cooperative_id: str = Field(description="Cooperative id.")
    cooperative_name: str = Field(description="Cooperative name (or id).")
    kecamatan: str = Field(description="Kecamatan code of the cooperative.")
    kecamatan_name: str = Field(description="Kecamatan name of the cooperative.")
    role: str = Field(description="Role code.")
    tier: LocalityTier = Field(description="Locality tier.")
    distance_km: float = Field(description="Straight-line km.")
    travel_minutes: int = Field(description="One-way travel minutes (travel tier).")
    preferences: list[str] = Field(
        description="Placement preferences it satisfies: same_village, pppk_same_kecamatan, "
        "same_kecamatan, adjacent_kecamatan, within_radius."
    )
    coverage: int = Field(description="Contribution to the coverage tier (slot priority).")
    locality_score: int = Field(description="Locality score of its tier.")
    pppk_bonus: int = Field(description="PPPK same-kecamatan bonus (0 when not earned).")
    locality: int = Field(description="Contribution to the locality tier (score + bonus).")
    travel: int = Field(description="Contribution to the travel tier (minutes).")
    text_en: str = Field(description="The assignment in English.")
    text_id: str = Field(description="The assignment in Bahasa Indonesia.")


class UnassignedReason(_Row):
    """Why one officer has no assignment in the plan."""

    officer_id: str = Field(description="Officer id.")
    officer_name: str | None = Field(description="Officer name.")
    code: str = Field(
        description="unavailable, excluded_group, employment, education, no_role, no_reach, "
        "agency_cap, not_needed, weekly_hours or not_chosen (most structural first)."
    )
    reason_en: str = Field(description="The reason in English.")
    reason_id: str = Field(description="The reason in Bahasa Indonesia.")


class TierBreakdown(_Row):
    """One objective tier of the plan, recomputed from its assignments."""

    name: str = Field(description="coverage, locality, travel or fairness.")
    sense: Literal["max", "min"] = Field(description="Whether larger or smaller is better.")
    value: int = Field(description="Value recomputed from the plan's assignments.")
    bound: int | None = Field(description="Best bound the plan reports.")
    proven: bool = Field(description="Whether the plan reports the value as proven optimal.")
    text_en: str = Field(description="The tier in English.")
    text_id: str = Field(description="The tier in Bahasa Indonesia.")


class KecamatanBreakdown(_Row):
    """The figures and the objective's parts in one kecamatan (the slot counts are those
    of :mod:`koperasi_alloc.figures`)."""

    kecamatan: str = Field(description="Kecamatan code.")
    kecamatan_name: str = Field(description="Kecamatan name.")
    coverage: int = Field(description="Sum of slot priorities filled there (coverage tier).")
    locality: int = Field(description="Sum of locality scores and bonuses there.")
    travel: int = Field(description="Sum of travel minutes there.")
    filled: int = Field(description="Assignments to its cooperatives.")
    demanded: int = Field(description="Slots its cooperatives ask for, closed ones included.")
    closed: int = Field(
        default=0, description="Slots closed by a rule (cooperatives without legal entity)."
    )
    open: int = Field(default=0, description="demanded - closed: slots a plan may fill.")
    empty: int = Field(default=0, description="open - filled.")
    filled_share: float | None = Field(
        default=None,
        description="filled / open rounded to a tenth of a percent (half up); None without "
        "open slots.",
    )
    reachable: int = Field(
        default=0,
        description="Its reachable slots: per cooperative and role, the open slots up to the "
        "officers allowed to fill them, at most the cooperative's cap (rules.md, fairness).",
    )
    fairness: int | None = Field(
        description="floor(1000 * filled / reachable), the quantity whose minimum is the "
        "fairness tier; None without reachable slots (an unreachable kecamatan when it has "
        "open slots: the tier leaves it out)."
    )
    text_en: str = Field(description="The row in English.")
    text_id: str = Field(description="The row in Bahasa Indonesia.")


class Sentence(_Row):
    """One sentence of an explanation in the chosen language."""

    section: Literal["shortage", "vacancy", "assignment", "conflict", "objective", "note"] = Field(
        description="Which part it comes from."
    )
    kecamatan: str | None = Field(description="Kecamatan code it is about, if any.")
    kecamatan_name: str | None = Field(description="Kecamatan name, if any.")
    text: str = Field(description="The sentence.")


def _table_of(row_type: type[BaseModel] | None, rows: list[Any]) -> Table[Any]:
    """The table of ``rows`` (unpickling: :meth:`Table.__reduce__`)."""
    table_type = Table if row_type is None else Table[row_type]  # type: ignore[valid-type]
    return table_type(rows=rows)
