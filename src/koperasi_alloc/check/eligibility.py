"""Rule ``eligibility``: officer, cooperative, role and locality of every assignment.

Also checks that the ``tier``, ``distance_km`` (within 1e-6 km) and ``travel_minutes`` the
plan reports for each assignment equal the recomputed ones, and that every id exists.
"""

from __future__ import annotations

from koperasi_alloc.check.context import CheckContext, assignment_subject, kabupaten
from koperasi_alloc.check.locality import Locality
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.plan import Plan, PlanAssignment
from koperasi_alloc.scenario import (
    Cooperative,
    Education,
    Officer,
    Policy,
    Role,
    education_rank,
)

__all__ = ["DISTANCE_TOLERANCE_KM", "RULE", "PolicyRules", "verify"]

RULE = "eligibility"
DISTANCE_TOLERANCE_KM = 1e-6


def verify(ctx: CheckContext, plan: Plan) -> list[Violation]:
    """Every eligibility breach of the plan's assignments.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.
    plan
        The plan to check.

    Returns
    -------
    list of Violation
        One per broken condition per assignment, in assignment order.
    """
    policy = ctx.policy
    rules = PolicyRules(policy)
    out: list[Violation] = []
    for a, row in zip(plan.assignments, ctx.resolve(plan.assignments), strict=True):
        officer, cooperative, loc = row.officer, row.cooperative, row.locality
        subject = assignment_subject(a)
        role = ctx.roles.get(a.role)
        messages: list[str] = []
        if officer is None:
            messages.append(f"unknown officer id {a.officer_id!r}")
        if cooperative is None:
            messages.append(f"unknown cooperative id {a.cooperative_id!r}")
        if role is None:
            messages.append(f"unknown role code {a.role!r}")
        if officer is not None and cooperative is not None and loc is not None:
            messages += rules.officer_problems(officer)
            messages += rules.placement_problems(a, officer, cooperative, role)
            messages += _locality_problems(policy, a, officer, cooperative, loc)
        out.extend(Violation(rule=RULE, subject=subject, message=m) for m in messages)
    return out


class PolicyRules:
    """The policy's eligibility conditions, with education ranks looked up once (also what
    :mod:`.reach` asks of every officer and role)."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.rank = {level: education_rank(level) for level in Education}
        self.minimum = self.rank[policy.min_education]
        self.excluded = frozenset(policy.excluded_groups)
        self.employment = frozenset(policy.allowed_employment)

    def officer_problems(self, officer: Officer) -> list[str]:
        """What makes the officer ineligible under the policy."""
        policy = self.policy
        out: list[str] = []
        if not officer.available:
            out.append("officer is not available")
        if officer.group in self.excluded:
            out.append(f"officer's group {officer.group!r} is excluded by the policy")
        if officer.employment not in self.employment:
            out.append(f"officer's employment {officer.employment} is not allowed by the policy")
        if self.rank[officer.education] < self.minimum:
            out.append(
                f"officer's education {officer.education} is below the policy minimum "
                f"{policy.min_education}"
            )
        return out

    def placement_problems(
        self, a: PlanAssignment, officer: Officer, cooperative: Cooperative, role: Role | None
    ) -> list[str]:
        """What rules out this cooperative and role for the officer."""
        out: list[str] = []
        if self.policy.legal_entity_only and not cooperative.legal_entity:
            out.append("cooperative has no legal-entity status")
        demand = cooperative.demand.get(a.role, 0)
        if demand < 1:
            out.append(f"cooperative demands {demand} slots of role {a.role!r}")
        return out + self.role_problems(officer, a.role, role)

    def role_problems(self, officer: Officer, code: str, role: Role | None) -> list[str]:
        """What keeps the officer from role ``code`` anywhere: skill and role education."""
        out: list[str] = []
        if code not in officer.skills:
            out.append(f"officer lacks skill {code!r}")
        role_minimum = role.min_education if role is not None else None
        if role_minimum is not None and self.rank[officer.education] < self.rank[role_minimum]:
            out.append(
                f"role {code!r} needs education {role_minimum}, officer has {officer.education}"
            )
        return out


def _locality_problems(
    policy: Policy,
    a: PlanAssignment,
    officer: Officer,
    cooperative: Cooperative,
    loc: Locality,
) -> list[str]:
    """Kabupaten and locality-tier breaches, and reported tier, distance or travel minutes
    that differ from the recomputed ones."""
    out: list[str] = []
    village_kab = kabupaten(cooperative.village)
    work_kab = kabupaten(officer.work_district)
    if not policy.cross_kabupaten and work_kab != village_kab:
        out.append(
            f"officer works in kabupaten {work_kab}, the "
            f"cooperative lies in kabupaten {village_kab}, and cross_kabupaten is off"
        )
    if loc.tier is None:
        allowed = ", ".join(t.value for t in policy.allowed_tiers) or "none"
        out.append(
            f"no allowed locality tier ({allowed}) holds: {loc.distance_km:.3f} km, "
            f"{loc.minutes:.1f} travel minutes"
            + (" (travel table)" if loc.from_table else "")
            + f", radius {policy.radius_km:g} km"
        )
    elif a.tier != loc.tier:
        out.append(f"reported tier {_text(a.tier)}, recomputed {loc.tier.value}")
    if not abs(a.distance_km - loc.distance_km) <= DISTANCE_TOLERANCE_KM:
        out.append(f"reported distance_km {a.distance_km!r}, recomputed {loc.distance_km:.6f}")
    if a.travel_minutes != loc.travel_minutes:
        out.append(
            f"reported travel_minutes {a.travel_minutes!r}, recomputed {loc.travel_minutes} "
            f"(round of {loc.minutes:.4f})"
        )
    return out


def _text(value: object) -> str:
    return str(getattr(value, "value", value))
