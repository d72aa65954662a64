"""The scenario: everything a plan is made from, as frozen pydantic v2 models.

A :class:`Scenario` holds the kecamatan (:class:`District`), desa/kelurahan
(:class:`Village`), cooperatives, officers (ASN), roles, agencies (OPD), the
:class:`Policy`, locks and forbids, and optional adjacency, travel times and a
baseline plan. Constructing one validates every cross-reference at once; a
scenario that exists is consistent.

Field names here are the public contract that apps and notebooks rely on.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ModelWrapValidatorHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from koperasi_alloc.errors import Problem, ScenarioError, describe_record

__all__ = [
    "EDUCATION_ORDER",
    "TIER_SENSE",
    "Agency",
    "Assignment",
    "Cooperative",
    "District",
    "Education",
    "Employment",
    "Forbid",
    "LocalityTier",
    "Lock",
    "ObjectivePolicy",
    "Officer",
    "Policy",
    "Role",
    "Scenario",
    "TierName",
    "TravelTime",
    "Village",
    "VillageKind",
    "VillageStatus",
    "education_rank",
    "kabupaten_of",
    "parse_scenario",
]

DISTRICT_CODE = r"^\d{2}\.\d{2}\.\d{2}$"
VILLAGE_CODE = r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"

Latitude = Annotated[float, Field(ge=-90.0, le=90.0, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180.0, le=180.0, allow_inf_nan=False)]
Identifier = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^\S(.*\S)?$")]
Attributes = dict[str, JsonValue]


class Employment(StrEnum):
    """Kind of ASN employment."""

    PNS = "PNS"
    PPPK = "PPPK"
    PPPK_PARUH_WAKTU = "PPPK_PARUH_WAKTU"


class Education(StrEnum):
    """Highest education level, ordered SD < SMP < SMA < D1 < D2 < D3 < D4 < S1 < S2 < S3."""

    SD = "SD"
    SMP = "SMP"
    SMA = "SMA"
    D1 = "D1"
    D2 = "D2"
    D3 = "D3"
    D4 = "D4"
    S1 = "S1"
    S2 = "S2"
    S3 = "S3"


EDUCATION_ORDER: tuple[Education, ...] = tuple(Education)


def education_rank(level: Education | str) -> int:
    """Position of an education level in :data:`EDUCATION_ORDER` (SD is 0)."""
    return EDUCATION_ORDER.index(Education(level))


class VillageKind(StrEnum):
    """Desa (village) or kelurahan (urban village)."""

    DESA = "desa"
    KELURAHAN = "kelurahan"


class VillageStatus(StrEnum):
    """Indeks Desa Membangun category, least developed first."""

    SANGAT_TERTINGGAL = "sangat_tertinggal"
    TERTINGGAL = "tertinggal"
    BERKEMBANG = "berkembang"
    MAJU = "maju"
    MANDIRI = "mandiri"


class LocalityTier(StrEnum):
    """How close an officer is to a cooperative, best first."""

    VILLAGE = "village"
    KECAMATAN = "kecamatan"
    ADJACENT = "adjacent"
    RADIUS = "radius"


LOCALITY_ORDER: tuple[LocalityTier, ...] = tuple(LocalityTier)

TierName = Literal["coverage", "locality", "travel", "fairness", "stability"]

TIER_SENSE: dict[str, Literal["max", "min"]] = {
    "coverage": "max",
    "stability": "max",
    "locality": "max",
    "travel": "min",
    "fairness": "max",
}
"""Whether a larger or a smaller value of each objective tier is better."""


def kabupaten_of(code: str) -> str:
    """The kabupaten/kota code ("64.08") of a kecamatan or village code."""
    return ".".join(code.split(".")[:2])


class Record(BaseModel):
    """Base of every scenario record: frozen, unknown fields are an error."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class District(Record):
    """A kecamatan (sub-regency)."""

    code: str = Field(
        pattern=DISTRICT_CODE, description='Kemendagri kecamatan code, e.g. "64.08.01".'
    )
    name: str = Field(min_length=1, description="Kecamatan name, e.g. Muara Ancalong.")
    lat: Latitude = Field(description="Latitude of the kecamatan seat, degrees north.")
    lon: Longitude = Field(description="Longitude of the kecamatan seat, degrees east.")


class Village(Record):
    """A desa or kelurahan."""

    code: str = Field(
        pattern=VILLAGE_CODE,
        description='Kemendagri village code, e.g. "64.08.01.2001"; '
        "starts with its kecamatan code.",
    )
    name: str = Field(min_length=1, description="Village name.")
    district: str = Field(pattern=DISTRICT_CODE, description="Code of the kecamatan it lies in.")
    lat: Latitude = Field(description="Latitude of the village centre, degrees north.")
    lon: Longitude = Field(description="Longitude of the village centre, degrees east.")
    kind: VillageKind = Field(
        default=VillageKind.DESA,
        description="desa or kelurahan; derived from the code (last part starting with 1 "
        "marks a kelurahan) when not given.",
    )
    status: VillageStatus | None = Field(
        default=None, description="Indeks Desa Membangun category, if known."
    )
    attributes: Attributes = Field(
        default_factory=dict, description="Free-form extra columns the user wants kept."
    )

    @model_validator(mode="before")
    @classmethod
    def _derive_kind(cls, data: Any) -> Any:
        if (
            isinstance(data, dict)
            and data.get("kind") is None
            and isinstance(data.get("code"), str)
        ):
            last = data["code"].rsplit(".", 1)[-1]
            data = {**data, "kind": "kelurahan" if last.startswith("1") else "desa"}
        return data


class Cooperative(Record):
    """A Koperasi Desa/Kelurahan Merah Putih."""

    id: Identifier = Field(description="Cooperative identifier.")
    name: str | None = Field(default=None, description="Cooperative name.")
    village: str = Field(pattern=VILLAGE_CODE, description="Code of the village it serves.")
    legal_entity: bool = Field(
        default=True, description="Whether it already has legal-entity (badan hukum) status."
    )
    demand: dict[str, Annotated[int, Field(ge=0, le=50)]] = Field(
        description="Slots wanted per role code, e.g. {'manajer': 1, 'keuangan': 1}."
    )
    min_officers: int = Field(
        default=0, ge=0, description="Officers it must receive at least (hard rule)."
    )
    max_officers: int | None = Field(
        default=None,
        ge=0,
        description="Officers it may receive at most; the policy's maximum (3) when not given.",
    )
    priority: int | None = Field(
        default=None,
        ge=0,
        le=1000,
        description="Weight of each filled slot; derived from the village status through "
        "policy.status_priority when not given.",
    )
    attributes: Attributes = Field(
        default_factory=dict, description="Free-form extra columns the user wants kept."
    )


class Officer(Record):
    """A civil servant (ASN) who could support a cooperative."""

    id: Identifier = Field(description="NIP or NI PPPK, as text (18 digits in real data).")
    name: str | None = Field(default=None, description="Officer's name.")
    employment: Employment = Field(description="PNS, PPPK or PPPK_PARUH_WAKTU.")
    agency: str = Field(min_length=1, description="Code of the agency (OPD) employing them.")
    domicile: str = Field(pattern=VILLAGE_CODE, description="Code of the village they live in.")
    work_district: str = Field(
        pattern=DISTRICT_CODE, description="Kecamatan code of their work unit."
    )
    lat: Latitude | None = Field(
        default=None, description="Latitude of the work place; the domicile village when absent."
    )
    lon: Longitude | None = Field(
        default=None, description="Longitude of the work place; the domicile village when absent."
    )
    education: Education = Field(description="Highest education level.")
    skills: list[str] = Field(default_factory=list, description="Role codes they can fill.")
    group: str = Field(
        default="teknis", min_length=1, description="Functional group, e.g. guru, nakes, teknis."
    )
    max_cooperatives: int = Field(
        default=1, ge=1, le=10, description="Cooperatives they may serve at once."
    )
    weekly_hours: float | None = Field(
        default=None,
        ge=0,
        le=80,
        allow_inf_nan=False,
        description="Hours a week they can give to cooperatives, travel included; unlimited "
        "when absent.",
    )
    available: bool = Field(default=True, description="False when on leave, moved or retiring.")
    attributes: Attributes = Field(
        default_factory=dict, description="Free-form extra columns the user wants kept."
    )

    @model_validator(mode="after")
    def _both_coordinates(self) -> Self:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        return self


class Role(Record):
    """A role an officer fills in a cooperative (e.g. manajer, keuangan)."""

    code: Identifier = Field(description="Role code used in demand, skills and locks.")
    name: str = Field(min_length=1, description="Role name, e.g. Pengelola keuangan.")
    min_education: Education | None = Field(
        default=None, description="Minimum education for this role, on top of the policy's."
    )
    weekly_hours: float | None = Field(
        default=None,
        ge=0,
        le=80,
        allow_inf_nan=False,
        description="Hours a week the role takes; policy.default_role_hours when absent.",
    )


class Agency(Record):
    """A regional agency (OPD) that releases staff."""

    code: Identifier = Field(description="Agency code.")
    name: str = Field(min_length=1, description="Agency name, e.g. Dinas Pertanian.")
    headcount: int = Field(ge=0, description="All staff of the agency, listed here or not.")
    max_release: int | None = Field(
        default=None, ge=0, description="Most distinct officers it may release (absolute)."
    )
    max_release_fraction: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        allow_inf_nan=False,
        description="Most officers it may release, as a fraction of headcount (rounded down).",
    )
    attributes: Attributes = Field(
        default_factory=dict, description="Free-form extra columns the user wants kept."
    )

    @property
    def release_cap(self) -> int | None:
        """Distinct officers it may release: the smaller of both caps, None when uncapped."""
        caps = []
        if self.max_release is not None:
            caps.append(self.max_release)
        if self.max_release_fraction is not None:
            caps.append(math.floor(self.max_release_fraction * self.headcount + 1e-9))
        return min(caps) if caps else None


class Lock(Record):
    """Officer must serve this cooperative (in this role, when given)."""

    officer: str = Field(min_length=1, description="Officer id.")
    cooperative: str = Field(min_length=1, description="Cooperative id.")
    role: str | None = Field(default=None, description="Role code, or any role when absent.")


class Forbid(Record):
    """Officer must not serve this cooperative (in this role, or at all when absent)."""

    officer: str = Field(min_length=1, description="Officer id.")
    cooperative: str = Field(min_length=1, description="Cooperative id.")
    role: str | None = Field(default=None, description="Role code, or every role when absent.")


class TravelTime(Record):
    """Measured travel time that overrides the straight-line estimate."""

    origin: str = Field(min_length=1, description="Officer id or village code travelled from.")
    village: str = Field(pattern=VILLAGE_CODE, description="Village code travelled to.")
    minutes: float = Field(ge=0, le=10_000, allow_inf_nan=False, description="One-way minutes.")


class Assignment(Record):
    """One officer placed in one cooperative in one role."""

    officer_id: str = Field(min_length=1, description="Officer id.")
    cooperative_id: str = Field(min_length=1, description="Cooperative id.")
    role: str = Field(min_length=1, description="Role code.")


def _default_status_priority() -> dict[VillageStatus, int]:
    return {
        VillageStatus.SANGAT_TERTINGGAL: 5,
        VillageStatus.TERTINGGAL: 4,
        VillageStatus.BERKEMBANG: 3,
        VillageStatus.MAJU: 2,
        VillageStatus.MANDIRI: 1,
    }


def _default_locality_scores() -> dict[LocalityTier, int]:
    return {
        LocalityTier.VILLAGE: 3,
        LocalityTier.KECAMATAN: 2,
        LocalityTier.ADJACENT: 1,
        LocalityTier.RADIUS: 0,
    }


def _default_tiers() -> list[TierName]:
    return ["coverage", "locality", "travel", "fairness"]


def _default_weights() -> dict[TierName, int]:
    return {
        "coverage": 1_000_000,
        "stability": 10_000,
        "locality": 1_000,
        "travel": -1,
        "fairness": 10,
    }


class ObjectivePolicy(Record):
    """How the tiers of the objective are combined."""

    mode: Literal["lexicographic", "weighted"] = Field(
        default="lexicographic",
        description="lexicographic: each tier optimised without giving up any of the tiers "
        "before it; weighted: one sum of weight x tier value.",
    )
    tiers: list[TierName] = Field(
        default_factory=_default_tiers,
        description="Tier order, most important first; tiers left out are ignored. "
        "'stability' (baseline assignments kept) is inserted after the first tier when the "
        "scenario has a baseline and the list does not name it.",
    )
    weights: dict[TierName, int] = Field(
        default_factory=_default_weights,
        description="Weight per tier in weighted mode (travel is a cost: negative weight; "
        "fairness 0 or more).",
    )
    locality_scores: dict[LocalityTier, int] = Field(
        default_factory=_default_locality_scores,
        description="Points per assignment by locality tier (tier 2).",
    )
    pppk_kecamatan_bonus: int = Field(
        default=1,
        ge=0,
        le=100,
        description="Extra points (tier 2) for a PPPK whose work unit is in the "
        "cooperative's kecamatan (the seed article's preference).",
    )

    @field_validator("tiers")
    @classmethod
    def _unique_tiers(cls, value: list[TierName]) -> list[TierName]:
        if len(set(value)) != len(value):
            raise ValueError("each tier may appear once")
        if not value:
            raise ValueError("at least one tier is needed")
        return value

    @field_validator("weights")
    @classmethod
    def _fairness_weight_not_negative(cls, value: dict[TierName, int]) -> dict[TierName, int]:
        if value.get("fairness", 0) < 0:
            raise ValueError(
                "the fairness weight must be 0 or more: fairness is the share of the "
                "worst-served kecamatan, and a weight that rewards unfair plans cannot be "
                "modelled exactly"
            )
        return value


class Policy(Record):
    """The rules of the allocation, as data (they still move in 2025)."""

    allowed_tiers: list[LocalityTier] = Field(
        default_factory=lambda: list(LocalityTier),
        description="Locality tiers that make an officer eligible for a cooperative.",
    )
    radius_km: float = Field(
        default=30.0,
        ge=0,
        le=2_000,
        allow_inf_nan=False,
        description="Straight-line radius for the radius tier.",
    )
    max_travel_minutes: float | None = Field(
        default=None,
        ge=0,
        allow_inf_nan=False,
        description="Radius tier limit for pairs with a travel-table entry; radius_km at "
        "travel_speed_kmh when absent.",
    )
    travel_speed_kmh: float = Field(
        default=40.0,
        gt=0,
        le=200,
        allow_inf_nan=False,
        description="Speed that turns straight-line km into minutes when no travel entry exists.",
    )
    cross_kabupaten: bool = Field(
        default=False, description="Whether officers may serve a cooperative in another kabupaten."
    )
    max_officers_per_cooperative: int = Field(
        default=3, ge=0, le=50, description="Most officers a cooperative receives (circular: 3)."
    )
    min_education: Education = Field(
        default=Education.D3, description="Minimum education of a seconded officer (circular: D3)."
    )
    excluded_groups: list[str] = Field(
        default_factory=lambda: ["guru", "nakes"],
        description="Functional groups never taken (teachers and health workers).",
    )
    allowed_employment: list[Employment] = Field(
        default_factory=lambda: list(Employment),
        description="Employment kinds that may be seconded; the circular names PPPK.",
    )
    legal_entity_only: bool = Field(
        default=True, description="Only cooperatives with legal-entity status receive officers."
    )
    status_priority: dict[VillageStatus, int] = Field(
        default_factory=_default_status_priority,
        description="Slot weight by village status (less developed, higher).",
    )
    default_priority: int = Field(
        default=3, ge=0, le=1000, description="Slot weight when the village status is unknown."
    )
    default_role_hours: float = Field(
        default=8.0,
        ge=0,
        le=80,
        allow_inf_nan=False,
        description="Weekly hours of a role without its own weekly_hours.",
    )
    trips_per_week: float = Field(
        default=1.0,
        ge=0,
        le=14,
        allow_inf_nan=False,
        description="Round trips a week an officer makes to each cooperative (weekly hours rule).",
    )
    max_baseline_changes: int | None = Field(
        default=None,
        ge=0,
        description="At most this many assignments that are not in the scenario's baseline "
        "(new placements); no limit when absent.",
    )
    objective: ObjectivePolicy = Field(
        default_factory=ObjectivePolicy, description="Objective tiers and weights."
    )


class Scenario(Record):
    """A whole allocation problem. Constructing one validates it completely."""

    name: str = Field(min_length=1, description="Scenario name.")
    districts: list[District] = Field(description="Kecamatan.")
    villages: list[Village] = Field(description="Desa and kelurahan.")
    cooperatives: list[Cooperative] = Field(description="Cooperatives to staff.")
    officers: list[Officer] = Field(description="Candidate officers (ASN).")
    roles: list[Role] = Field(description="Roles officers fill.")
    agencies: list[Agency] = Field(description="Agencies (OPD) officers come from.")
    policy: Policy = Field(default_factory=Policy, description="The rules.")
    locks: list[Lock] = Field(default_factory=list, description="Assignments that must hold.")
    forbids: list[Forbid] = Field(default_factory=list, description="Assignments never to make.")
    adjacency: list[tuple[str, str]] | None = Field(
        default=None,
        description="Pairs of adjacent kecamatan codes; computed from coordinates when absent.",
    )
    travel: list[TravelTime] | None = Field(
        default=None, description="Travel times that override straight-line estimates."
    )
    baseline: list[Assignment] | None = Field(
        default=None, description="A previous plan, kept where possible by replan."
    )

    @model_validator(mode="wrap")
    @classmethod
    def _not_too_deep(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        # Deeply nested garbage (say a status that is a list inside a list, a thousand
        # times) makes validation itself recurse too deep; report it as a named problem.
        try:
            return handler(data)
        except RecursionError:
            problem = _too_deep(data)
        raise PydanticCustomError(
            "scenario_inconsistent",
            "1 problem(s): {details}",
            {
                "count": 1,
                "details": str(problem),
                "problems": [
                    {"record": problem.record, "field": problem.field, "message": problem.message}
                ],
            },
        )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = find_problems(self)
        if problems:
            raise PydanticCustomError(
                "scenario_inconsistent",
                "{count} problem(s): {details}",
                {
                    "count": len(problems),
                    "details": "; ".join(str(p) for p in problems),
                    "problems": [
                        {"record": p.record, "field": p.field, "message": p.message}
                        for p in problems
                    ],
                },
            )
        return self

    # --- lookups -----------------------------------------------------------------------------

    @cached_property
    def district_by_code(self) -> dict[str, District]:
        """Kecamatan by code."""
        return {d.code: d for d in self.districts}

    @cached_property
    def village_by_code(self) -> dict[str, Village]:
        """Villages by code."""
        return {v.code: v for v in self.villages}

    @cached_property
    def cooperative_by_id(self) -> dict[str, Cooperative]:
        """Cooperatives by id."""
        return {c.id: c for c in self.cooperatives}

    @cached_property
    def officer_by_id(self) -> dict[str, Officer]:
        """Officers by id."""
        return {o.id: o for o in self.officers}

    @cached_property
    def role_by_code(self) -> dict[str, Role]:
        """Roles by code."""
        return {r.code: r for r in self.roles}

    @cached_property
    def agency_by_code(self) -> dict[str, Agency]:
        """Agencies by code."""
        return {a.code: a for a in self.agencies}

    def cooperative_priority(self, cooperative: Cooperative) -> int:
        """Weight of one filled slot of ``cooperative`` (its own, or from the village status)."""
        if cooperative.priority is not None:
            return cooperative.priority
        status = self.village_by_code[cooperative.village].status
        if status is None:
            return self.policy.default_priority
        return self.policy.status_priority.get(status, self.policy.default_priority)

    def cooperative_capacity(self, cooperative: Cooperative) -> int:
        """Most officers ``cooperative`` may receive."""
        if cooperative.max_officers is not None:
            return cooperative.max_officers
        return self.policy.max_officers_per_cooperative

    @cached_property
    def adjacency_pairs(self) -> frozenset[tuple[str, str]]:
        """Adjacent kecamatan as sorted code pairs: given, or computed from coordinates.

        When the scenario has no ``adjacency``, two kecamatan are adjacent when they form an
        edge of the Gabriel graph of the kecamatan seats within one kabupaten (no third seat
        lies inside the circle whose diameter joins them). See
        :func:`koperasi_alloc.geometry.gabriel_adjacency`.
        """
        if self.adjacency is not None:
            return frozenset(tuple(sorted(pair)) for pair in self.adjacency)  # type: ignore[misc]
        from koperasi_alloc.geometry import gabriel_adjacency

        return gabriel_adjacency(self.districts)

    def objective_tiers(self) -> list[TierName]:
        """The tiers optimised, in order: the policy's, with 'stability' after the first
        tier when the scenario has a baseline and the policy does not place it."""
        tiers = list(self.policy.objective.tiers)
        if self.baseline and "stability" not in tiers:
            tiers.insert(1, "stability")
        return tiers

    def scenario_hash(self) -> str:
        """SHA-256 of the scenario's canonical JSON; identifies it in a plan's audit trail."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()

    # --- edits (each returns a new validated scenario; see koperasi_alloc.planning.edits) ---

    def with_policy(self, **changes: Any) -> Scenario:
        """A new scenario with some policy fields changed, e.g. ``radius_km=40.0``."""
        from koperasi_alloc.planning import edits

        return edits.with_policy(self, **changes)

    def with_officers_unavailable(self, ids: Iterable[str]) -> Scenario:
        """A new scenario with these officers marked unavailable (their locks dropped)."""
        from koperasi_alloc.planning import edits

        return edits.with_officers_unavailable(self, ids)

    def without_officers(self, ids: Iterable[str]) -> Scenario:
        """A new scenario without these officers (and their locks, forbids, travel)."""
        from koperasi_alloc.planning import edits

        return edits.without_officers(self, ids)

    def with_cooperatives(self, cooperatives: Sequence[Cooperative | dict[str, Any]]) -> Scenario:
        """A new scenario with these cooperatives added (same id: replaced)."""
        from koperasi_alloc.planning import edits

        return edits.with_cooperatives(self, cooperatives)

    def with_legal_entity(self, ids: Iterable[str], value: bool = True) -> Scenario:
        """A new scenario with these cooperatives' legal-entity status set to ``value``."""
        from koperasi_alloc.planning import edits

        return edits.with_legal_entity(self, ids, value)

    def with_agency_caps(self, caps: dict[str, int | float | None]) -> Scenario:
        """A new scenario with new release caps: int absolute, float fraction, None none."""
        from koperasi_alloc.planning import edits

        return edits.with_agency_caps(self, caps)

    def with_baseline(self, baseline: Any) -> Scenario:
        """A new scenario whose baseline is ``baseline`` (a Plan or list of Assignment)."""
        from koperasi_alloc.planning import edits

        return edits.with_baseline(self, baseline)


# --- cross-record validation ------------------------------------------------------------------


def _duplicates(problems: list[Problem], collection: str, records: Sequence[Any], key: str) -> None:
    seen: dict[Any, int] = {}
    for index, record in enumerate(records):
        value = getattr(record, key)
        if value in seen:
            problems.append(
                Problem(
                    describe_record(collection, index, record),
                    key,
                    f"duplicate {key} {value!r} (first at {collection}[{seen[value]}])",
                )
            )
        else:
            seen[value] = index


def find_problems(scenario: Scenario) -> list[Problem]:
    """Every cross-record inconsistency of ``scenario``, each naming its record and field."""
    s = scenario
    problems: list[Problem] = []
    for collection, key in (
        ("districts", "code"),
        ("villages", "code"),
        ("cooperatives", "id"),
        ("officers", "id"),
        ("roles", "code"),
        ("agencies", "code"),
    ):
        _duplicates(problems, collection, getattr(s, collection), key)

    districts = {d.code for d in s.districts}
    villages = {v.code: v for v in s.villages}
    roles = {r.code: r for r in s.roles}
    agencies = {a.code for a in s.agencies}
    officers = {o.id: o for o in s.officers}
    cooperatives = {c.id: c for c in s.cooperatives}
    policy = s.policy

    def add(collection: str, index: int, record: Any, field: str, message: str) -> None:
        problems.append(Problem(describe_record(collection, index, record), field, message))

    for i, v in enumerate(s.villages):
        if v.district not in districts:
            add("villages", i, v, "district", f"unknown kecamatan {v.district!r}")
        elif not v.code.startswith(v.district + "."):
            add("villages", i, v, "code", f"does not start with its kecamatan code {v.district}")

    for i, c in enumerate(s.cooperatives):
        if c.village not in villages:
            add("cooperatives", i, c, "village", f"unknown village {c.village!r}")
        for role in c.demand:
            if role not in roles:
                add("cooperatives", i, c, f"demand.{role}", f"unknown role {role!r}")
        capacity = (
            c.max_officers if c.max_officers is not None else policy.max_officers_per_cooperative
        )
        if capacity > policy.max_officers_per_cooperative:
            add(
                "cooperatives",
                i,
                c,
                "max_officers",
                f"{capacity} exceeds the policy maximum {policy.max_officers_per_cooperative}",
            )
        if c.min_officers > capacity:
            add(
                "cooperatives",
                i,
                c,
                "min_officers",
                f"{c.min_officers} exceeds max_officers {capacity}",
            )
        total = sum(c.demand.values())
        if total > capacity:
            add("cooperatives", i, c, "demand", f"{total} slots exceed max_officers {capacity}")
        if c.min_officers > total:
            add(
                "cooperatives",
                i,
                c,
                "min_officers",
                f"{c.min_officers} exceeds the {total} slots demanded",
            )

    listed = Counter(o.agency for o in s.officers)
    for i, o in enumerate(s.officers):
        if o.agency not in agencies:
            add("officers", i, o, "agency", f"unknown agency {o.agency!r}")
        if o.domicile not in villages:
            add("officers", i, o, "domicile", f"unknown village {o.domicile!r}")
        if o.work_district not in districts:
            add("officers", i, o, "work_district", f"unknown kecamatan {o.work_district!r}")
        for skill in o.skills:
            if skill not in roles:
                add("officers", i, o, "skills", f"unknown role {skill!r}")
        if len(set(o.skills)) != len(o.skills):
            add("officers", i, o, "skills", "a role is listed twice")

    for i, a in enumerate(s.agencies):
        if listed[a.code] > a.headcount:
            add(
                "agencies",
                i,
                a,
                "headcount",
                f"{a.headcount} is below the {listed[a.code]} officers listed",
            )
        if a.max_release is not None and a.max_release > a.headcount:
            add("agencies", i, a, "max_release", f"{a.max_release} exceeds headcount {a.headcount}")
        if a.headcount > MAX_HEADCOUNT:
            add("agencies", i, a, "headcount", f"{a.headcount} exceeds {MAX_HEADCOUNT:,}")

    if len(set(policy.allowed_tiers)) != len(policy.allowed_tiers):
        problems.append(Problem("policy", "allowed_tiers", "a tier is listed twice"))
    problems.extend(_magnitude_problems(policy))
    for name in policy.objective.tiers:
        if policy.objective.mode == "weighted" and name not in policy.objective.weights:
            problems.append(Problem("policy", f"objective.weights.{name}", "missing weight"))

    locked_pairs: dict[tuple[str, str], int] = {}
    locks_per_officer: Counter[str] = Counter()
    locks_per_cooperative: Counter[str] = Counter()
    locks_per_slot: Counter[tuple[str, str]] = Counter()
    for i, lock in enumerate(s.locks):
        officer = officers.get(lock.officer)
        cooperative = cooperatives.get(lock.cooperative)
        if officer is None:
            add("locks", i, lock, "officer", f"unknown officer {lock.officer!r}")
        if cooperative is None:
            add("locks", i, lock, "cooperative", f"unknown cooperative {lock.cooperative!r}")
        if lock.role is not None and lock.role not in roles:
            add("locks", i, lock, "role", f"unknown role {lock.role!r}")
        if officer is None or cooperative is None:
            continue
        pair = (lock.officer, lock.cooperative)
        if pair in locked_pairs:
            add(
                "locks",
                i,
                lock,
                "cooperative",
                f"pair already locked at locks[{locked_pairs[pair]}]",
            )
            continue
        locked_pairs[pair] = i
        locks_per_officer[lock.officer] += 1
        locks_per_cooperative[lock.cooperative] += 1
        for field, message in _lock_contradictions(s, officer, cooperative, lock.role):
            add("locks", i, lock, field, message)
        if locks_per_officer[lock.officer] > officer.max_cooperatives:
            add(
                "locks",
                i,
                lock,
                "officer",
                f"officer is locked to more than max_cooperatives={officer.max_cooperatives}",
            )
        capacity = s.cooperative_capacity(cooperative)
        if locks_per_cooperative[lock.cooperative] > capacity:
            add("locks", i, lock, "cooperative", f"more locks than max_officers={capacity}")
        elif locks_per_cooperative[lock.cooperative] > sum(cooperative.demand.values()):
            slots = sum(cooperative.demand.values())
            add("locks", i, lock, "cooperative", f"more locks than the {slots} slots demanded")
        if lock.role is not None:
            locks_per_slot[(lock.cooperative, lock.role)] += 1
            wanted = cooperative.demand.get(lock.role, 0)
            if 0 < wanted < locks_per_slot[(lock.cooperative, lock.role)]:
                message = f"more locks in role {lock.role!r} than its {wanted} slots"
                add("locks", i, lock, "role", message)

    locks_by_pair: dict[tuple[str, str], list[int]] = {}
    for j, lock in enumerate(s.locks):
        locks_by_pair.setdefault((lock.officer, lock.cooperative), []).append(j)
    for i, forbid in enumerate(s.forbids):
        if forbid.officer not in officers:
            add("forbids", i, forbid, "officer", f"unknown officer {forbid.officer!r}")
        if forbid.cooperative not in cooperatives:
            add("forbids", i, forbid, "cooperative", f"unknown cooperative {forbid.cooperative!r}")
        if forbid.role is not None and forbid.role not in roles:
            add("forbids", i, forbid, "role", f"unknown role {forbid.role!r}")
        for j in locks_by_pair.get((forbid.officer, forbid.cooperative), []):
            if forbid.role is None or forbid.role == s.locks[j].role:
                add("forbids", i, forbid, "officer", f"contradicts locks[{j}]")

    if s.adjacency is not None:
        for i, (left, right) in enumerate(s.adjacency):
            for field, code in (("0", left), ("1", right)):
                if code not in districts:
                    problems.append(
                        Problem(f"adjacency[{i}]", field, f"unknown kecamatan {code!r}")
                    )
            if left == right:
                problems.append(
                    Problem(f"adjacency[{i}]", "1", "a kecamatan is not adjacent to itself")
                )

    travel_seen: dict[tuple[str, str], int] = {}
    for i, t in enumerate(s.travel or []):
        first = travel_seen.setdefault((t.origin, t.village), i)
        if first != i:
            message = f"duplicate entry for this origin (first at travel[{first}])"
            add("travel", i, t, "village", message)
        if t.origin not in officers and t.origin not in villages:
            add(
                "travel",
                i,
                t,
                "origin",
                f"{t.origin!r} is neither an officer id nor a village code",
            )
        if t.village not in villages:
            add("travel", i, t, "village", f"unknown village {t.village!r}")
    return problems


MAX_NESTING = 64
"""Deepest nesting of lists and objects a scenario's raw data may have."""


def _too_deep(data: Any) -> Problem:
    """The problem naming the first value of ``data`` nested deeper than MAX_NESTING.

    Walks the raw data without recursion, so it works where validation recursed too deep.
    """
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_NESTING:
            head = path[0]
            if len(path) >= 2 and isinstance(path[1], int) and isinstance(data, dict):
                item = data[head][path[1]]
                record = describe_record(str(head), path[1], item)
                field = ".".join(str(p) for p in path[2:5])
            else:
                record = "policy" if head == "policy" else "scenario"
                field = ".".join(str(p) for p in path[(1 if head == "policy" else 0) : 4])
            return Problem(record, f"{field}...", f"nested more than {MAX_NESTING} levels deep")
        if isinstance(value, dict):
            stack.extend((item, (*path, key)) for key, item in value.items())
        elif isinstance(value, (list, tuple)):
            stack.extend((item, (*path, index)) for index, item in enumerate(value))
    return Problem("scenario", "", "nested too deeply to be validated")


# Bounds that keep every objective coefficient and sum inside 64-bit integers (CP-SAT's)
# on national scenarios; far beyond any real value.
MAX_HEADCOUNT = 1_000_000_000
MAX_PRIORITY = 1_000
MAX_LOCALITY_SCORE = 1_000_000
MAX_WEIGHT = 1_000_000_000


def _magnitude_problems(policy: Policy) -> list[Problem]:
    """Policy numbers too large for the model's 64-bit integer arithmetic."""
    problems = []
    for status, value in policy.status_priority.items():
        if not 0 <= value <= MAX_PRIORITY:
            message = f"{value} is outside 0..{MAX_PRIORITY:,} (as a cooperative's priority)"
            problems.append(Problem("policy", f"status_priority.{status}", message))
    for tier, value in policy.objective.locality_scores.items():
        if abs(value) > MAX_LOCALITY_SCORE:
            message = f"{value} is outside -{MAX_LOCALITY_SCORE:,}..{MAX_LOCALITY_SCORE:,}"
            problems.append(Problem("policy", f"objective.locality_scores.{tier}", message))
    for name, value in policy.objective.weights.items():
        if abs(value) > MAX_WEIGHT:
            message = f"{value} is outside -{MAX_WEIGHT:,}..{MAX_WEIGHT:,}"
            problems.append(Problem("policy", f"objective.weights.{name}", message))
    return problems


def _lock_contradictions(
    scenario: Scenario, officer: Officer, cooperative: Cooperative, role: str | None
) -> Iterable[tuple[str, str]]:
    """Rules a lock contradicts on its own (locality is checked when candidates are built)."""
    policy = scenario.policy
    if not officer.available:
        yield "officer", "locked officer is not available"
    if officer.group in policy.excluded_groups:
        yield "officer", f"locked officer is in excluded group {officer.group!r}"
    if officer.employment not in policy.allowed_employment:
        yield "officer", f"locked officer's employment {officer.employment} is not allowed"
    if education_rank(officer.education) < education_rank(policy.min_education):
        yield (
            "officer",
            f"locked officer's education {officer.education} is below {policy.min_education}",
        )
    if policy.legal_entity_only and not cooperative.legal_entity:
        yield "cooperative", "locked cooperative has no legal-entity status"
    if role is not None:
        if cooperative.demand.get(role, 0) == 0:
            yield "role", f"cooperative has no demand for role {role!r}"
        if role not in officer.skills:
            yield "role", f"locked officer lacks skill {role!r}"
        minimum = (
            scenario.role_by_code[role].min_education if role in scenario.role_by_code else None
        )
        if minimum is not None and education_rank(officer.education) < education_rank(minimum):
            yield "role", f"role {role!r} needs {minimum}, officer has {officer.education}"
    elif not any(
        cooperative.demand.get(r, 0) > 0 and r in officer.skills for r in cooperative.demand
    ):
        yield "officer", "locked officer has no skill the cooperative demands"


def parse_scenario(data: Any, *, source: str | None = None) -> Scenario:
    """Validate raw data (a dict, as from JSON) into a :class:`Scenario`.

    Parameters
    ----------
    data
        The scenario as plain Python data.
    source
        Where it came from (a file name), used in error messages.

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        Listing every problem found, each naming the record and field.
    """
    from pydantic import ValidationError

    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError.from_validation_error(error, data, source=source) from None
