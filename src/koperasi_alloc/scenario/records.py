"""The records of a scenario: kecamatan, villages, cooperatives, officers, roles, agencies,
locks, forbids, travel times and assignments (frozen pydantic models)."""

from __future__ import annotations

import math
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from koperasi_alloc.scenario.codes import (
    DISTRICT_CODE,
    VILLAGE_CODE,
    Attributes,
    Education,
    Employment,
    Identifier,
    Latitude,
    Longitude,
    VillageKind,
    VillageStatus,
)


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
    village: str = Field(
        pattern=VILLAGE_CODE,
        description="Code of the village it serves: its main village, whose kecamatan and "
        "kabupaten it lies in.",
    )
    other_villages: list[Annotated[str, Field(pattern=VILLAGE_CODE)]] = Field(
        default_factory=list,
        description="Codes of further villages it serves besides its main one (small "
        "neighbouring villages may share one cooperative); locality is measured to the "
        "nearest village it serves. Empty for most cooperatives.",
    )
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

    @property
    def served_villages(self) -> tuple[str, ...]:
        """Every village it serves: the main one first, then ``other_villages``."""
        return (self.village, *self.other_villages)

    @model_serializer(mode="wrap")
    def _without_empty_other_villages(self, handler: SerializerFunctionWrapHandler) -> Any:
        # A cooperative of one village is written as before the field existed, so every
        # file and every scenario hash made before stays the same.
        data = handler(self)
        if not self.other_villages and isinstance(data, dict):
            data.pop("other_villages", None)
        return data


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
