"""Immutable scenario edits: each returns a new, fully validated :class:`Scenario`.

The scenario given is never changed. Every edit rebuilds the scenario through
``Scenario.model_validate`` so that every cross-reference is checked again; an edit that
would make the scenario inconsistent raises :class:`pydantic.ValidationError` naming the
problem. Records the edit changes are validated field by field too.

>>> from koperasi_alloc.scenario import edits  # doctest: +SKIP
>>> wider = edits.with_policy(scenario, radius_km=40.0)  # doctest: +SKIP
>>> fewer = edits.without_officers(scenario, ["199001012020011001"])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from koperasi_alloc.scenario.model import Scenario
from koperasi_alloc.scenario.policy import Policy
from koperasi_alloc.scenario.records import Agency, Assignment, Cooperative, Lock, Officer

if TYPE_CHECKING:
    from koperasi_alloc.plan import Plan

__all__ = [
    "as_assignments",
    "scale_release",
    "with_agency_caps",
    "with_baseline",
    "with_cooperatives",
    "with_legal_entity",
    "with_locks",
    "with_officers_unavailable",
    "with_policy",
    "without_officers",
]


def _rebuild(scenario: Scenario, **fields: Any) -> Scenario:
    """A new scenario with ``fields`` replaced, validated as a whole."""
    data = {name: getattr(scenario, name) for name in Scenario.model_fields}
    data.update(fields)
    return Scenario.model_validate(data)


def _known(ids: Iterable[str], known: Mapping[str, Any], what: str) -> set[str]:
    wanted = {str(i) for i in ids}
    unknown = sorted(wanted - set(known))
    if unknown:
        raise KeyError(f"unknown {what}: {', '.join(unknown)}")
    return wanted


def with_policy(scenario: Scenario, **changes: Any) -> Scenario:
    """The scenario with some :class:`~koperasi_alloc.scenario.Policy` fields changed.

    Parameters
    ----------
    scenario
        The scenario (not changed).
    **changes
        Policy field names and their new values, e.g. ``radius_km=40.0``. ``objective``
        may be an :class:`~koperasi_alloc.scenario.ObjectivePolicy` or a dict of its fields
        to change.

    Returns
    -------
    Scenario
        A new validated scenario.

    Raises
    ------
    KeyError
        When a name is not a policy field.
    """
    unknown = sorted(set(changes) - set(Policy.model_fields))
    if unknown:
        raise KeyError(f"unknown policy field(s): {', '.join(unknown)}")
    data = scenario.policy.model_dump()
    objective = changes.pop("objective", None)
    if isinstance(objective, Mapping):
        data["objective"] = {**data["objective"], **objective}
    elif objective is not None:
        data["objective"] = objective.model_dump()
    data.update(changes)
    return _rebuild(scenario, policy=Policy.model_validate(data))


def with_officers_unavailable(scenario: Scenario, ids: Iterable[str]) -> Scenario:
    """The scenario with these officers marked unavailable (leave, mutasi, retirement).

    Locks of those officers are dropped (they could not hold any more); everything else,
    the baseline included, is kept.

    Raises
    ------
    KeyError
        When an id is not an officer of the scenario.
    """
    gone = _known(ids, scenario.officer_by_id, "officer id(s)")
    officers = [
        Officer.model_validate({**o.model_dump(), "available": False}) if o.id in gone else o
        for o in scenario.officers
    ]
    locks = [lock for lock in scenario.locks if lock.officer not in gone]
    return _rebuild(scenario, officers=officers, locks=locks)


def without_officers(scenario: Scenario, ids: Iterable[str]) -> Scenario:
    """The scenario without these officers, their locks, forbids and travel entries.

    Agency headcounts are kept (they count staff whether listed or not). Baseline
    assignments of removed officers are kept: they simply cannot be kept by a re-plan.

    Raises
    ------
    KeyError
        When an id is not an officer of the scenario.
    """
    gone = _known(ids, scenario.officer_by_id, "officer id(s)")
    return _rebuild(
        scenario,
        officers=[o for o in scenario.officers if o.id not in gone],
        locks=[x for x in scenario.locks if x.officer not in gone],
        forbids=[x for x in scenario.forbids if x.officer not in gone],
        travel=None
        if scenario.travel is None
        else [t for t in scenario.travel if t.origin not in gone],
    )


def with_cooperatives(
    scenario: Scenario, cooperatives: Sequence[Cooperative | Mapping[str, Any]]
) -> Scenario:
    """The scenario with more cooperatives (records or dicts of their fields).

    A cooperative whose id already exists replaces the old record.
    """
    added = [
        c if isinstance(c, Cooperative) else Cooperative.model_validate(c) for c in cooperatives
    ]
    by_id = {c.id: c for c in added}
    kept = [by_id.pop(c.id, c) for c in scenario.cooperatives]
    return _rebuild(scenario, cooperatives=kept + list(by_id.values()))


def with_legal_entity(scenario: Scenario, ids: Iterable[str], value: bool = True) -> Scenario:
    """The scenario with these cooperatives' legal-entity status set to ``value``.

    Raises
    ------
    KeyError
        When an id is not a cooperative of the scenario.
    """
    chosen = _known(ids, scenario.cooperative_by_id, "cooperative id(s)")
    cooperatives = [
        Cooperative.model_validate({**c.model_dump(), "legal_entity": value})
        if c.id in chosen
        else c
        for c in scenario.cooperatives
    ]
    return _rebuild(scenario, cooperatives=cooperatives)


def with_agency_caps(scenario: Scenario, caps: Mapping[str, int | float | None]) -> Scenario:
    """The scenario with new release caps for some agencies.

    Parameters
    ----------
    scenario
        The scenario (not changed).
    caps
        Agency code to its new cap: an ``int`` is an absolute ``max_release``, a ``float``
        a ``max_release_fraction`` of headcount, ``None`` no cap. The new cap replaces both
        of the agency's old ones.

    Raises
    ------
    KeyError
        When a code is not an agency of the scenario.
    """
    _known(caps, scenario.agency_by_code, "agency code(s)")
    agencies = []
    for agency in scenario.agencies:
        if agency.code not in caps:
            agencies.append(agency)
            continue
        cap = caps[agency.code]
        data = {**agency.model_dump(), "max_release": None, "max_release_fraction": None}
        if isinstance(cap, bool):
            raise TypeError(f"cap of {agency.code} must be an int, a float or None")
        if isinstance(cap, int):
            data["max_release"] = cap
        elif cap is not None:
            data["max_release_fraction"] = float(cap)
        agencies.append(Agency.model_validate(data))
    return _rebuild(scenario, agencies=agencies)


def scale_release(scenario: Scenario, factor: float) -> Scenario:
    """Every agency's release cap multiplied by ``factor`` (rounded down).

    An agency without a cap counts as capped at its headcount, so ``factor=0.5`` lets
    every agency release at most half of what it may release now, and ``factor=1.0``
    changes nothing that matters.
    """
    if not factor >= 0.0:
        raise ValueError(f"factor must be non-negative, got {factor!r}")
    caps: dict[str, int | float | None] = {}
    for agency in scenario.agencies:
        base = agency.release_cap if agency.release_cap is not None else agency.headcount
        caps[agency.code] = min(int(base * factor + 1e-9), agency.headcount)
    return with_agency_caps(scenario, caps)


def with_locks(scenario: Scenario, locks: Sequence[Lock | Mapping[str, Any]]) -> Scenario:
    """The scenario with more locks (records or dicts with officer, cooperative, role)."""
    added = [x if isinstance(x, Lock) else Lock.model_validate(x) for x in locks]
    return _rebuild(scenario, locks=[*scenario.locks, *added])


def with_baseline(scenario: Scenario, baseline: Plan | Sequence[Assignment] | None) -> Scenario:
    """The scenario with ``baseline`` (a plan or its assignments) as the plan to keep.

    The scenario's objective then gains the 'stability' tier right after the first one
    (see ``docs/concepts/rules.md``). ``None`` removes the baseline.
    """
    if baseline is None:
        return _rebuild(scenario, baseline=None)
    return _rebuild(scenario, baseline=as_assignments(baseline))


def as_assignments(baseline: Plan | Sequence[Assignment]) -> list[Assignment]:
    """Plain :class:`Assignment` records of a plan (anything with ``assignments``) or a list."""
    items: Sequence[Assignment] = (
        baseline if isinstance(baseline, Sequence) else baseline.assignments
    )
    return [
        Assignment(officer_id=a.officer_id, cooperative_id=a.cooperative_id, role=a.role)
        for a in items
    ]
