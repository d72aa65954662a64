"""Look-ups shared by the rule modules of the checker, built once per :func:`check` call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from koperasi_alloc.check.locality import Locality, LocalityIndex
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.scenario import Assignment, Cooperative, Officer, Scenario

__all__ = [
    "CheckContext",
    "Resolved",
    "assignment_subject",
    "cooperative_capacity",
    "eligible_slots",
    "kabupaten",
]


def assignment_subject(assignment: Assignment) -> str:
    """How violations name one assignment: ``officer X at cooperative Y role r``."""
    return (
        f"officer {assignment.officer_id} at cooperative {assignment.cooperative_id} "
        f"role {assignment.role}"
    )


def kabupaten(code: str) -> str:
    """``kab(code)``: the first two dotted parts of a kecamatan or village code ("64.08")."""
    first = code.find(".")
    second = code.find(".", first + 1)
    return code if second < 0 else code[:second]


def cooperative_capacity(scenario: Scenario, cooperative: Cooperative) -> int:
    """``cap(c)``: the cooperative's ``max_officers``, else the policy maximum."""
    if cooperative.max_officers is not None:
        return cooperative.max_officers
    return scenario.policy.max_officers_per_cooperative


def eligible_slots(scenario: Scenario, cooperative: Cooperative) -> int:
    """Slots of ``cooperative`` that count: all its demand when it may receive officers, else 0."""
    if cooperative.legal_entity or not scenario.policy.legal_entity_only:
        return sum(cooperative.demand.values())
    return 0


@dataclass(frozen=True, slots=True)
class Resolved:
    """One assignment with its officer, cooperative, kecamatan and locality looked up.

    ``officer``/``cooperative`` are None for an unknown id; ``district`` and ``locality``
    are then None too.
    """

    assignment: Assignment
    officer: Officer | None
    cooperative: Cooperative | None
    district: str | None
    locality: Locality | None


class CheckContext:
    """The scenario with its look-ups and the locality memo.

    Parameters
    ----------
    scenario
        The scenario a plan is checked against.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.policy = scenario.policy
        self.officers: dict[str, Officer] = {o.id: o for o in scenario.officers}
        self.cooperatives: dict[str, Cooperative] = {c.id: c for c in scenario.cooperatives}
        self.roles = {r.code: r for r in scenario.roles}
        self.agencies = {a.code: a for a in scenario.agencies}
        self.villages = {v.code: v for v in scenario.villages}
        self.locality = LocalityIndex(scenario)
        self._resolved: tuple[Sequence[Assignment], list[Resolved]] | None = None

    def resolve(self, assignments: Sequence[Assignment]) -> list[Resolved]:
        """Look up every assignment once (memoised for the same sequence object).

        Parameters
        ----------
        assignments
            A plan's assignments.

        Returns
        -------
        list of Resolved
            One per assignment, in order.
        """
        if self._resolved is not None and self._resolved[0] is assignments:
            return self._resolved[1]
        officers = self.officers
        cooperatives = self.cooperatives
        villages = self.villages
        of = self.locality.of
        rows = []
        for a in assignments:
            officer = officers.get(a.officer_id)
            cooperative = cooperatives.get(a.cooperative_id)
            if officer is None or cooperative is None:
                rows.append(Resolved(a, officer, cooperative, None, None))
            else:
                district = villages[cooperative.village].district
                rows.append(Resolved(a, officer, cooperative, district, of(officer, cooperative)))
        self._resolved = (assignments, rows)
        return rows

    @cached_property
    def district_reach(self) -> dict[str, int]:
        """Reachable slots ``R_k`` of every kecamatan with eligible slots (see
        :mod:`.reach`), computed once per check."""
        from koperasi_alloc.check.reach import district_reach  # reach reads this context

        return district_reach(self)

    @staticmethod
    def violation(rule: str, subject: str, message: str) -> Violation:
        """Shorthand for building a :class:`Violation`."""
        return Violation(rule=rule, subject=subject, message=message)
