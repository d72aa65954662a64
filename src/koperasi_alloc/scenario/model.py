"""The :class:`Scenario`: a whole allocation problem, validated completely on construction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any, Self

from pydantic import Field, ModelWrapValidatorHandler, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from koperasi_alloc.errors import Lang, Problem, ScenarioError, field_problem, printable
from koperasi_alloc.scenario.codes import (
    TierName,
)
from koperasi_alloc.scenario.policy import Policy
from koperasi_alloc.scenario.problems import _too_deep, find_problems
from koperasi_alloc.scenario.records import (
    Agency,
    Assignment,
    Cooperative,
    District,
    Forbid,
    Lock,
    Officer,
    Record,
    Role,
    TravelTime,
    Village,
)


def _problems_context(problems: Sequence[Problem]) -> dict[str, Any]:
    return {
        "count": len(problems),
        "details": "; ".join(str(p) for p in problems),
        "problems": [
            {
                "record": p.record,
                "field": p.field,
                "message": p.message,
                "message_id": p.message_id,
            }
            for p in problems
        ],
    }


def named_validation_error(error: ValidationError, raw: Any, title: str) -> ValidationError:
    """``error`` with each field-level message naming its record and worded for people.

    Locations, error types and context stay as pydantic gave them (the original type and
    message are kept in the context as ``pydantic_type`` and ``pydantic_message``), so
    code that reads ``error.errors()`` still can; cross-record errors pass unchanged.
    """
    details: list[InitErrorDetails] = []
    for item in error.errors(include_url=False):
        kind, context = item["type"], dict(item.get("ctx") or {})
        if kind == "scenario_inconsistent":
            text = item["msg"]
        else:
            text = str(field_problem(item, raw))
            context.update(pydantic_type=kind, pydantic_message=item["msg"])
        context["text"] = printable(text)
        details.append(
            InitErrorDetails(
                type=PydanticCustomError(kind, "{text}", context),
                loc=item["loc"],
                input=item.get("input"),
            )
        )
    return ValidationError.from_exception_data(title, details)


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
    def _named_problems(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        # Field errors name their record by id or code (not only by position) and word the
        # failure for a planner; deeply nested garbage (a status that is a list inside a
        # list, a thousand times) makes validation recurse too deep: a named problem too.
        try:
            return handler(data)
        except ValidationError as error:
            raise named_validation_error(error, data, cls.__name__) from None
        except RecursionError:
            problem = _too_deep(data)
        raise PydanticCustomError(
            "scenario_inconsistent", "1 problem(s): {details}", _problems_context([problem])
        )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = find_problems(self)
        if problems:
            raise PydanticCustomError(
                "scenario_inconsistent",
                "{count} problem(s): {details}",
                _problems_context(problems),
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
        return self._hash

    @cached_property
    def _hash(self) -> str:
        """:meth:`scenario_hash`, computed once (a national scenario's JSON takes a
        fraction of a second to write, and the scenario is immutable)."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()

    # --- edits (each returns a new validated scenario; see koperasi_alloc.scenario.edits) ---

    def with_policy(self, **changes: Any) -> Scenario:
        """A new scenario with some policy fields changed, e.g. ``radius_km=40.0``."""
        from koperasi_alloc.scenario import edits

        return edits.with_policy(self, **changes)

    def with_officers_unavailable(self, ids: Iterable[str]) -> Scenario:
        """A new scenario with these officers marked unavailable (their locks dropped)."""
        from koperasi_alloc.scenario import edits

        return edits.with_officers_unavailable(self, ids)

    def without_officers(self, ids: Iterable[str]) -> Scenario:
        """A new scenario without these officers (and their locks, forbids, travel)."""
        from koperasi_alloc.scenario import edits

        return edits.without_officers(self, ids)

    def with_cooperatives(self, cooperatives: Sequence[Cooperative | dict[str, Any]]) -> Scenario:
        """A new scenario with these cooperatives added (same id: replaced)."""
        from koperasi_alloc.scenario import edits

        return edits.with_cooperatives(self, cooperatives)

    def with_legal_entity(self, ids: Iterable[str], value: bool = True) -> Scenario:
        """A new scenario with these cooperatives' legal-entity status set to ``value``."""
        from koperasi_alloc.scenario import edits

        return edits.with_legal_entity(self, ids, value)

    def with_agency_caps(self, caps: dict[str, int | float | None]) -> Scenario:
        """A new scenario with new release caps: int absolute, float fraction, None none."""
        from koperasi_alloc.scenario import edits

        return edits.with_agency_caps(self, caps)

    def with_baseline(self, baseline: Any) -> Scenario:
        """A new scenario whose baseline is ``baseline`` (a Plan or list of Assignment)."""
        from koperasi_alloc.scenario import edits

        return edits.with_baseline(self, baseline)


def parse_scenario(data: Any, *, source: str | None = None, lang: Lang = "en") -> Scenario:
    """Validate raw data (a dict, as from JSON) into a :class:`Scenario`.

    Parameters
    ----------
    data
        The scenario as plain Python data.
    source
        Where it came from (a file name), used in error messages.
    lang
        Language of the error message: ``"en"`` or ``"id"`` (Bahasa Indonesia).

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        Listing every problem found, each naming the record and field.
    """
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError.from_validation_error(error, data, source=source, lang=lang) from None
