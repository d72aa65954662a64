"""Codes and enumerations of the scenario: employment, education, village kind and status,
locality tiers, objective tier names, and the shapes of Kemendagri codes."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, JsonValue

from koperasi_alloc.shapes import DISTRICT_CODE, IDENTIFIER, VILLAGE_CODE

__all__ = [
    "DISTRICT_CODE",
    "EDUCATION_ORDER",
    "IDENTIFIER",
    "LOCALITY_ORDER",
    "TIER_SENSE",
    "VILLAGE_CODE",
    "Attributes",
    "Education",
    "Employment",
    "Identifier",
    "Latitude",
    "LocalityTier",
    "Longitude",
    "TierName",
    "VillageKind",
    "VillageStatus",
    "education_rank",
    "kabupaten_of",
]
Latitude = Annotated[float, Field(ge=-90.0, le=90.0, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180.0, le=180.0, allow_inf_nan=False)]
Identifier = Annotated[str, Field(min_length=1, max_length=64, pattern=IDENTIFIER)]
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


_EDUCATION_RANK: dict[str, int] = {level.value: i for i, level in enumerate(EDUCATION_ORDER)}


def education_rank(level: Education | str) -> int:
    """Position of an education level in :data:`EDUCATION_ORDER` (SD is 0)."""
    rank = _EDUCATION_RANK.get(level)
    if rank is None:
        return EDUCATION_ORDER.index(Education(level))  # raises for an unknown level
    return rank


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
