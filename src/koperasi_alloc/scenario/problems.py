"""Cross-record validation: every inconsistency of a scenario, each naming its record."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from koperasi_alloc.errors import Problem, describe_record
from koperasi_alloc.scenario.codes import (
    education_rank,
)

if TYPE_CHECKING:
    from koperasi_alloc.scenario.model import Scenario
    from koperasi_alloc.scenario.policy import Policy
    from koperasi_alloc.scenario.records import Cooperative, Officer


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
