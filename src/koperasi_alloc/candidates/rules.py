"""The hard rules over candidate rows, in numpy: the one form every heuristic judges by.

Each hard rule is written three times, apart: as CP-SAT constraints
(:mod:`koperasi_alloc.model.rules`), as the checker's twin (:mod:`koperasi_alloc.check`,
which never imports this), and here. The flow repairs, the tiles, the re-plan's kept
baseline and the recommendations all judge a plan through this module, and
``tests/test_rule_matrix.py`` holds each of them to the checker's verdict, rule by rule.

The candidate rows already carry eligibility, the locality rule and the forbids (a row
exists only where they allow it); these are the rules on a *set* of rows:

============================  ==========================================================
``slot_capacity``             a (cooperative, role) gets at most its demand
``cooperative_capacity``      a cooperative gets between ``min_officers`` and its cap
``officer_capacity``          an officer serves at most ``max_cooperatives``, one role each
``weekly_hours``              an officer's role and travel minutes fit their weekly hours
``agency_release``            an agency releases at most its cap of distinct officers
``locks``                     every lock is honoured (in its role, when it names one)
``baseline_changes``          at most the policy's number of rows outside the baseline
============================  ==========================================================

:class:`RuleTable` holds one scenario's limits as arrays and judges a whole plan at once;
:class:`RuleCounts` keeps one plan's counts and judges a row taken or dropped, or a few
changes together, in time proportional to the change.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.arrays import sorted_unique
from koperasi_alloc.scenario import Scenario

__all__ = [
    "AGENCY_RELEASE",
    "BASELINE_CHANGES",
    "COOPERATIVE_CAPACITY",
    "HARD_RULES",
    "LOCKS",
    "OFFICER_CAPACITY",
    "SLOT_CAPACITY",
    "WEEKLY_HOURS",
    "RuleCounts",
    "RuleTable",
    "officer_minutes",
]

SLOT_CAPACITY = "slot_capacity"
COOPERATIVE_CAPACITY = "cooperative_capacity"
OFFICER_CAPACITY = "officer_capacity"
WEEKLY_HOURS = "weekly_hours"
AGENCY_RELEASE = "agency_release"
LOCKS = "locks"
BASELINE_CHANGES = "baseline_changes"
HARD_RULES = (
    SLOT_CAPACITY,
    COOPERATIVE_CAPACITY,
    OFFICER_CAPACITY,
    WEEKLY_HOURS,
    AGENCY_RELEASE,
    LOCKS,
    BASELINE_CHANGES,
)
"""The rules on a set of candidate rows, named as :mod:`koperasi_alloc.check` names them."""

_Rows = NDArray[np.int64]


def officer_minutes(scenario: Scenario) -> NDArray[np.float64]:
    """Each officer's weekly minutes, ``round(weekly_hours * 60)`` (inf without a limit)."""
    return np.array(
        [
            round(o.weekly_hours * 60) if o.weekly_hours is not None else np.inf
            for o in scenario.officers
        ],
        dtype=np.float64,
    )


@dataclass(frozen=True, eq=False)
class RuleTable:
    """One scenario's hard-rule limits as arrays, and the candidate rows they judge.

    Built once per candidate set (:attr:`koperasi_alloc.candidates.Candidates.rules`).
    Per candidate row: ``officer``, ``cooperative``, ``role``, ``load_minutes`` and
    ``baseline``. Per slot (``cooperative * n_roles + role``): ``slot_demand``. Per
    cooperative: ``capacity`` and ``minimum``. Per officer: ``officer_limit``,
    ``officer_minutes`` (inf: no weekly limit) and ``officer_agency``. Per agency:
    ``release_cap`` (-1: none). Per lock: ``lock_officer``, ``lock_cooperative`` and
    ``lock_role`` (-1: any role). ``change_limit`` is -1 when the policy sets none.
    """

    officer: _Rows
    cooperative: _Rows
    role: _Rows
    load_minutes: _Rows
    baseline: NDArray[np.bool_]
    n_roles: int
    slot_demand: _Rows
    capacity: _Rows
    minimum: _Rows
    officer_limit: _Rows
    officer_minutes: NDArray[np.float64]
    officer_agency: _Rows
    release_cap: _Rows
    change_limit: int
    lock_officer: _Rows
    lock_cooperative: _Rows
    lock_role: _Rows
    locks_of_pair: dict[int, list[tuple[int, int]]] = field(repr=False)

    @classmethod
    def build(
        cls,
        scenario: Scenario,
        rows: tuple[_Rows, _Rows, _Rows, _Rows, NDArray[np.bool_]],
        demand: NDArray[np.int32],
        role_codes: Sequence[str],
    ) -> RuleTable:
        """The table of ``scenario`` over candidate rows ``(officer, cooperative, role,
        load_minutes, baseline)``, with the slots' ``demand`` (cooperatives x roles)."""
        officers, cooperatives = scenario.officers, scenario.cooperatives
        agency_index = {a.code: k for k, a in enumerate(scenario.agencies)}
        officer_index = {o.id: i for i, o in enumerate(officers)}
        coop_index = {c.id: j for j, c in enumerate(cooperatives)}
        role_index = {code: r for r, code in enumerate(role_codes)}
        locks = scenario.locks
        lock_officer = np.array([officer_index[x.officer] for x in locks], dtype=np.int64)
        lock_coop = np.array([coop_index[x.cooperative] for x in locks], dtype=np.int64)
        lock_role = np.array(
            [-1 if x.role is None else role_index.get(x.role, -2) for x in locks], dtype=np.int64
        )
        n_coops = max(len(cooperatives), 1)
        locks_of_pair: dict[int, list[tuple[int, int]]] = {}
        for k, (o, c, r) in enumerate(zip(lock_officer, lock_coop, lock_role, strict=True)):
            locks_of_pair.setdefault(int(o) * n_coops + int(c), []).append((k, int(r)))
        limit = scenario.policy.max_baseline_changes
        officer, cooperative, role, load, baseline = rows
        return cls(
            officer=officer,
            cooperative=cooperative,
            role=role,
            load_minutes=load,
            baseline=baseline,
            n_roles=max(len(role_codes), 1),
            slot_demand=np.asarray(demand, dtype=np.int64).reshape(-1),
            capacity=np.array(
                [scenario.cooperative_capacity(c) for c in cooperatives], dtype=np.int64
            ),
            minimum=np.array([c.min_officers for c in cooperatives], dtype=np.int64),
            officer_limit=np.array([o.max_cooperatives for o in officers], dtype=np.int64),
            officer_minutes=officer_minutes(scenario),
            officer_agency=np.array([agency_index[o.agency] for o in officers], dtype=np.int64),
            release_cap=np.array(
                [a.release_cap if a.release_cap is not None else -1 for a in scenario.agencies],
                dtype=np.int64,
            ),
            change_limit=-1 if limit is None else int(limit),
            lock_officer=lock_officer,
            lock_cooperative=lock_coop,
            lock_role=lock_role,
            locks_of_pair=locks_of_pair,
        )

    @property
    def n_cooperatives(self) -> int:
        """How many cooperatives the scenario has."""
        return len(self.capacity)

    def slot(self, rows: _Rows) -> _Rows:
        """The slot key ``cooperative * n_roles + role`` of each row."""
        return self.cooperative[rows] * self.n_roles + self.role[rows]

    def pair(self, rows: _Rows) -> _Rows:
        """The key ``officer * n_cooperatives + cooperative`` of each row."""
        return self.officer[rows] * max(self.n_cooperatives, 1) + self.cooperative[rows]

    def released(self, rows: _Rows) -> _Rows:
        """The distinct officers the rows release, sorted."""
        return sorted_unique(self.officer[rows])

    def over_release(self, rows: _Rows) -> _Rows:
        """The agencies that release more distinct officers than their cap."""
        released = np.bincount(
            self.officer_agency[self.released(rows)], minlength=len(self.release_cap)
        )
        return np.flatnonzero((self.release_cap >= 0) & (released > self.release_cap))

    def over_hours(self, rows: _Rows) -> _Rows:
        """The officers whose rows take more minutes than their weekly hours."""
        load = np.bincount(
            self.officer[rows], weights=self.load_minutes[rows], minlength=len(self.officer_limit)
        )
        return np.flatnonzero(load > self.officer_minutes)

    def honoured_locks(self, rows: _Rows) -> NDArray[np.bool_]:
        """Per lock, whether one of the rows honours it."""
        if len(self.lock_officer) == 0:
            return np.zeros(0, dtype=bool)
        n_coops = max(self.n_cooperatives, 1)
        keys = self.lock_officer * n_coops + self.lock_cooperative
        pairs = self.pair(rows)
        any_role = np.isin(keys, pairs)
        triples = pairs * self.n_roles + self.role[rows]
        in_role = np.isin(keys * self.n_roles + self.lock_role, triples)
        return np.where(self.lock_role == -1, any_role, in_role & (self.lock_role >= 0))

    def _breaks(self, rows: _Rows) -> Iterator[str]:
        rows = np.asarray(rows, dtype=np.int64)
        if np.any(np.bincount(self.slot(rows), minlength=len(self.slot_demand)) > self.slot_demand):
            yield SLOT_CAPACITY
        per_coop = np.bincount(self.cooperative[rows], minlength=self.n_cooperatives)
        if np.any(per_coop > self.capacity) or np.any(per_coop < self.minimum):
            yield COOPERATIVE_CAPACITY
        per_officer = np.bincount(self.officer[rows], minlength=len(self.officer_limit))
        pairs = self.pair(rows)
        if np.any(per_officer > self.officer_limit) or len(sorted_unique(pairs)) != len(pairs):
            yield OFFICER_CAPACITY
        if len(self.over_hours(rows)):
            yield WEEKLY_HOURS
        if len(self.over_release(rows)):
            yield AGENCY_RELEASE
        if not np.all(self.honoured_locks(rows)):
            yield LOCKS
        if self.change_limit >= 0 and int((~self.baseline[rows]).sum()) > self.change_limit:
            yield BASELINE_CHANGES

    def broken(self, rows: _Rows) -> frozenset[str]:
        """The names of every hard rule the plan of candidate ``rows`` breaks."""
        return frozenset(self._breaks(rows))

    def holds(self, rows: _Rows) -> bool:
        """Whether the plan of candidate ``rows`` keeps every hard rule."""
        return next(self._breaks(rows), None) is None

    def counts(self, rows: _Rows | None = None) -> RuleCounts:
        """The counts of the plan of ``rows`` (none: the empty plan), to change it row by row."""
        return RuleCounts(self, np.zeros(0, dtype=np.int64) if rows is None else rows)


class RuleCounts:
    """One plan's counts under a :class:`RuleTable`, kept as rows are taken and dropped.

    Beside the counts, it keeps how many cooperatives, slots, officers, agencies and locks
    break each rule, so :meth:`broken` costs nothing and :meth:`holds_after` costs the
    change only. Taking a row twice counts it twice, as a plan listing it twice would.
    """

    def __init__(self, table: RuleTable, rows: _Rows) -> None:
        rows = np.asarray(rows, dtype=np.int64)
        t = self.table = table
        self.slot_fill = np.bincount(t.slot(rows), minlength=len(t.slot_demand))
        self.coop_fill = np.bincount(t.cooperative[rows], minlength=t.n_cooperatives)
        self.officer_fill = np.bincount(t.officer[rows], minlength=len(t.officer_limit))
        keys, times = np.unique(t.pair(rows), return_counts=True)
        self.pair_fill: dict[int, int] = dict(zip(keys.tolist(), times.tolist(), strict=True))
        self.load = np.bincount(
            t.officer[rows], weights=t.load_minutes[rows], minlength=len(t.officer_limit)
        )
        self.released = np.bincount(
            t.officer_agency[self.officer_fill > 0], minlength=len(t.release_cap)
        )
        self.changes = int((~t.baseline[rows]).sum())
        self.lock_hits = np.zeros(len(t.lock_officer), dtype=np.int64)
        for row in rows.tolist():
            for lock in self._locks_of(row):
                self.lock_hits[lock] += 1
        self.bad = {
            SLOT_CAPACITY: int(np.count_nonzero(self.slot_fill > t.slot_demand)),
            COOPERATIVE_CAPACITY: int(np.count_nonzero(self.coop_fill > t.capacity))
            + int(np.count_nonzero(self.coop_fill < t.minimum)),
            OFFICER_CAPACITY: int(np.count_nonzero(self.officer_fill > t.officer_limit))
            + sum(1 for n in self.pair_fill.values() if n > 1),
            WEEKLY_HOURS: int(np.count_nonzero(self.load > t.officer_minutes)),
            AGENCY_RELEASE: int(
                np.count_nonzero((t.release_cap >= 0) & (self.released > t.release_cap))
            ),
            LOCKS: int(np.count_nonzero(self.lock_hits == 0)),
            BASELINE_CHANGES: int(0 <= t.change_limit < self.changes),
        }

    def _locks_of(self, row: int) -> Iterator[int]:
        """The locks candidate ``row`` honours."""
        t = self.table
        key = int(t.officer[row]) * max(t.n_cooperatives, 1) + int(t.cooperative[row])
        for lock, role in t.locks_of_pair.get(key, ()):
            if role == -1 or role == int(t.role[row]):
                yield lock

    def _entities(self, row: int, sign: int = 0) -> tuple[tuple[str, bool], ...]:
        """Whether each limit ``row`` touches is broken once ``row`` is moved by ``sign``
        (+1 taken, -1 dropped, 0 as it is): the upper limits of its slot, cooperative,
        officer, the officer at that cooperative, the officer's hours and agency and the
        change limit, then the cooperative's minimum (last: taking a row never breaks it)."""
        t = self.table
        o, c = int(t.officer[row]), int(t.cooperative[row])
        s = c * t.n_roles + int(t.role[row])
        agency = int(t.officer_agency[o])
        cap = int(t.release_cap[agency])
        coop = self.coop_fill[c] + sign
        officer = int(self.officer_fill[o])
        released = self.released[agency] + int(officer + sign > 0) - int(officer > 0)
        changes = self.changes + sign * int(not t.baseline[row])
        pair = self.pair_fill.get(o * max(t.n_cooperatives, 1) + c, 0) + sign
        return (
            (SLOT_CAPACITY, bool(self.slot_fill[s] + sign > t.slot_demand[s])),
            (COOPERATIVE_CAPACITY, bool(coop > t.capacity[c])),
            (OFFICER_CAPACITY, bool(officer + sign > t.officer_limit[o])),
            (OFFICER_CAPACITY, pair > 1),
            (WEEKLY_HOURS, bool(self.load[o] + sign * t.load_minutes[row] > t.officer_minutes[o])),
            (AGENCY_RELEASE, 0 <= cap < released),
            (BASELINE_CHANGES, 0 <= t.change_limit < changes),
            (COOPERATIVE_CAPACITY, bool(coop < t.minimum[c])),
        )

    def _move(self, row: int, sign: int) -> None:
        t = self.table
        before, after = self._entities(row), self._entities(row, sign)
        o, c = int(t.officer[row]), int(t.cooperative[row])
        pair = o * max(t.n_cooperatives, 1) + c
        self.slot_fill[c * t.n_roles + int(t.role[row])] += sign
        self.coop_fill[c] += sign
        self.released[t.officer_agency[o]] += int(self.officer_fill[o] + sign > 0) - int(
            self.officer_fill[o] > 0
        )
        self.officer_fill[o] += sign
        self.pair_fill[pair] = self.pair_fill.get(pair, 0) + sign
        self.load[o] += sign * int(t.load_minutes[row])
        self.changes += sign * int(not t.baseline[row])
        for lock in self._locks_of(row):
            self.bad[LOCKS] -= int(self.lock_hits[lock] == 0)
            self.lock_hits[lock] += sign
            self.bad[LOCKS] += int(self.lock_hits[lock] == 0)
        for (rule, was), (_, now) in zip(before, after, strict=True):
            self.bad[rule] += int(now) - int(was)

    def take(self, row: int) -> None:
        """Count candidate ``row`` in the plan."""
        self._move(row, 1)

    def drop(self, row: int) -> None:
        """Count candidate ``row`` out of the plan (it must have been taken)."""
        self._move(row, -1)

    def broken(self) -> frozenset[str]:
        """The names of every hard rule the plan breaks now."""
        return frozenset(rule for rule, n in self.bad.items() if n > 0)

    def holds(self) -> bool:
        """Whether the plan keeps every hard rule now."""
        return not any(self.bad.values())

    def refuses(self, row: int) -> str | None:
        """The first rule (in :data:`HARD_RULES` order) whose upper limit at the slot,
        cooperative, officer, agency of ``row`` or the change limit is exceeded once
        ``row`` is taken; None when it fits."""
        for rule, broken in self._entities(row, 1)[:-1]:
            if broken:
                return rule
        return None

    def has_pair(self, row: int) -> bool:
        """Whether the plan already has the officer of ``row`` at its cooperative."""
        t = self.table
        key = int(t.officer[row]) * max(t.n_cooperatives, 1) + int(t.cooperative[row])
        return self.pair_fill.get(key, 0) > 0

    def holds_after(self, add: Sequence[int], remove: Sequence[int]) -> bool:
        """Whether the plan keeps every hard rule once ``add`` is taken and ``remove``
        dropped; the counts are left as they were."""
        for row in remove:
            self.drop(row)
        for row in add:
            self.take(row)
        verdict = self.holds()
        for row in add:
            self.drop(row)
        for row in remove:
            self.take(row)
        return verdict
