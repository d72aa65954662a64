"""The policy: the rules of the allocation and the objective, as data."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from koperasi_alloc.scenario.codes import (
    Education,
    Employment,
    LocalityTier,
    TierName,
    VillageStatus,
)
from koperasi_alloc.scenario.records import Record


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
