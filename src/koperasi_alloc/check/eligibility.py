"""Rule ``eligibility``: officer, cooperative, role and locality of every assignment.

Also checks that the ``tier``, ``distance_km`` (within 1e-6 km) and ``travel_minutes`` the
plan reports for each assignment equal the recomputed ones, and that every id exists.
"""

from __future__ import annotations

from koperasi_alloc.check.context import CheckContext, assignment_subject, kabupaten
from koperasi_alloc.check.violation import Violation
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import Education, education_rank

__all__ = ["DISTANCE_TOLERANCE_KM", "RULE", "verify"]

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
    rank = {level: education_rank(level) for level in Education}
    minimum = rank[policy.min_education]
    excluded = frozenset(policy.excluded_groups)
    employment = frozenset(policy.allowed_employment)
    out: list[Violation] = []

    def add(subject: str, message: str) -> None:
        out.append(Violation(rule=RULE, subject=subject, message=message))

    for a, row in zip(plan.assignments, ctx.resolve(plan.assignments), strict=True):
        officer, cooperative, loc = row.officer, row.cooperative, row.locality
        subject = assignment_subject(a)
        role = ctx.roles.get(a.role)
        if officer is None:
            add(subject, f"unknown officer id {a.officer_id!r}")
        if cooperative is None:
            add(subject, f"unknown cooperative id {a.cooperative_id!r}")
        if role is None:
            add(subject, f"unknown role code {a.role!r}")
        if officer is None or cooperative is None or loc is None:
            continue

        # the officer
        if not officer.available:
            add(subject, "officer is not available")
        if officer.group in excluded:
            add(subject, f"officer's group {officer.group!r} is excluded by the policy")
        if officer.employment not in employment:
            add(subject, f"officer's employment {officer.employment} is not allowed by the policy")
        if rank[officer.education] < minimum:
            add(
                subject,
                f"officer's education {officer.education} is below the policy minimum "
                f"{policy.min_education}",
            )
        # the cooperative
        if policy.legal_entity_only and not cooperative.legal_entity:
            add(subject, "cooperative has no legal-entity status")
        # the role
        demand = cooperative.demand.get(a.role, 0)
        if demand < 1:
            add(subject, f"cooperative demands {demand} slots of role {a.role!r}")
        if a.role not in officer.skills:
            add(subject, f"officer lacks skill {a.role!r}")
        role_minimum = role.min_education if role is not None else None
        if role_minimum is not None and rank[officer.education] < rank[role_minimum]:
            add(
                subject,
                f"role {a.role!r} needs education {role_minimum}, officer has {officer.education}",
            )
        # the locality
        village_kab = kabupaten(cooperative.village)
        work_kab = kabupaten(officer.work_district)
        if not policy.cross_kabupaten and work_kab != village_kab:
            add(
                subject,
                f"officer works in kabupaten {work_kab}, the "
                f"cooperative lies in kabupaten {village_kab}, and cross_kabupaten is off",
            )
        if loc.tier is None:
            allowed = ", ".join(t.value for t in policy.allowed_tiers) or "none"
            add(
                subject,
                f"no allowed locality tier ({allowed}) holds: {loc.distance_km:.3f} km, "
                f"{loc.minutes:.1f} travel minutes"
                + (" (travel table)" if loc.from_table else "")
                + f", radius {policy.radius_km:g} km",
            )
        elif a.tier != loc.tier:
            add(subject, f"reported tier {_text(a.tier)}, recomputed {loc.tier.value}")
        if not abs(a.distance_km - loc.distance_km) <= DISTANCE_TOLERANCE_KM:
            add(
                subject,
                f"reported distance_km {a.distance_km!r}, recomputed {loc.distance_km:.6f}",
            )
        if a.travel_minutes != loc.travel_minutes:
            add(
                subject,
                f"reported travel_minutes {a.travel_minutes!r}, recomputed {loc.travel_minutes} "
                f"(round of {loc.minutes:.4f})",
            )
    return out


def _text(value: object) -> str:
    return str(getattr(value, "value", value))
