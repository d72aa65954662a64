"""Cross-record validation: every inconsistency of a scenario, each naming its record.

Every problem is worded in English and in Bahasa Indonesia (:class:`Problem` ``message``
and ``message_id``); :func:`find_problems` runs one small check per collection.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from koperasi_alloc.errors import Problem, describe_record
from koperasi_alloc.scenario.codes import education_rank

if TYPE_CHECKING:
    from koperasi_alloc.scenario.model import Scenario
    from koperasi_alloc.scenario.policy import Policy
    from koperasi_alloc.scenario.records import Cooperative, Lock, Officer

__all__ = ["MAX_NESTING", "NOUN_ID", "find_problems"]

# Bounds that keep every objective coefficient and sum inside 64-bit integers (CP-SAT's)
# on national scenarios; far beyond any real value.
MAX_HEADCOUNT = 1_000_000_000
MAX_PRIORITY = 1_000
MAX_LOCALITY_SCORE = 1_000_000
MAX_WEIGHT = 1_000_000_000

MAX_NESTING = 64
"""Deepest nesting of lists and objects a scenario's raw data may have."""

_KEYS = (
    ("districts", "code"),
    ("villages", "code"),
    ("cooperatives", "id"),
    ("officers", "id"),
    ("roles", "code"),
    ("agencies", "code"),
)
NOUN_ID: dict[str, str] = {
    "kecamatan": "kecamatan",
    "village": "desa",
    "role": "peran",
    "agency": "instansi",
    "officer": "pegawai",
    "cooperative": "koperasi",
}
"""The records problems refer to, in English (the key) and Bahasa Indonesia."""


def _unknown(noun: str, value: str) -> tuple[str, str]:
    return f"unknown {noun} {value!r}", f"{NOUN_ID[noun]} {value!r} tidak dikenal"


class _Finder:
    """The look-ups of one scenario and the problems found so far."""

    def __init__(self, scenario: Scenario) -> None:
        s = self.s = scenario
        self.problems: list[Problem] = []
        self.districts = {d.code for d in s.districts}
        self.villages = {v.code for v in s.villages}
        self.roles = {r.code for r in s.roles}
        self.agencies = {a.code for a in s.agencies}
        self.officers = {o.id: o for o in s.officers}
        self.cooperatives = {c.id: c for c in s.cooperatives}

    def add(self, collection: str, index: int, record: Any, field: str, en: str, id_: str) -> None:
        where = describe_record(collection, index, record)
        self.problems.append(Problem(where, field, en, id_))

    def duplicates(self, collection: str, records: Sequence[Any], key: str) -> None:
        seen: dict[Any, int] = {}
        for index, record in enumerate(records):
            value = getattr(record, key)
            if value in seen:
                first = f"{collection}[{seen[value]}]"
                en = f"duplicate {key} {value!r} (first at {first})"
                id_ = f"{key} {value!r} ganda (pertama di {first})"
                self.add(collection, index, record, key, en, id_)
            else:
                seen[value] = index

    def villages_and_cooperatives(self) -> None:
        for i, v in enumerate(self.s.villages):
            if v.district not in self.districts:
                self.add("villages", i, v, "district", *_unknown("kecamatan", v.district))
            elif not v.code.startswith(v.district + "."):
                en = f"does not start with its kecamatan code {v.district}"
                id_ = f"tidak diawali kode kecamatannya {v.district}"
                self.add("villages", i, v, "code", en, id_)
        for i, c in enumerate(self.s.cooperatives):
            self.cooperative(i, c)

    def cooperative(self, i: int, c: Cooperative) -> None:
        policy = self.s.policy
        if c.village not in self.villages:
            self.add("cooperatives", i, c, "village", *_unknown("village", c.village))
        self.other_villages(i, c)
        for role in c.demand:
            if role not in self.roles:
                self.add("cooperatives", i, c, f"demand.{role}", *_unknown("role", role))
        most = policy.max_officers_per_cooperative
        capacity = c.max_officers if c.max_officers is not None else most
        total = sum(c.demand.values())
        checks = (
            (
                capacity > most,
                "max_officers",
                f"{capacity} exceeds the policy maximum {most}",
                f"{capacity} melebihi batas kebijakan {most}",
            ),
            (
                c.min_officers > capacity,
                "min_officers",
                f"{c.min_officers} exceeds max_officers {capacity}",
                f"{c.min_officers} melebihi max_officers {capacity}",
            ),
            (
                c.min_officers > total,
                "min_officers",
                f"{c.min_officers} exceeds the {total} slots demanded",
                f"{c.min_officers} melebihi {total} posisi yang diminta",
            ),
        )
        for failed, field, en, id_ in checks:
            if failed:
                self.add("cooperatives", i, c, field, en, id_)

    def other_villages(self, i: int, c: Cooperative) -> None:
        """Each further village a cooperative serves is known, and listed once, and is
        not its main village."""
        seen: set[str] = set()
        field = "other_villages"
        for code in c.other_villages:
            if code not in self.villages:
                self.add("cooperatives", i, c, field, *_unknown("village", code))
            elif code == c.village:
                en = f"{code!r} is already its main village"
                id_ = f"{code!r} sudah desa utamanya"
                self.add("cooperatives", i, c, field, en, id_)
            elif code in seen:
                en, id_ = f"village {code!r} listed twice", f"desa {code!r} tertulis dua kali"
                self.add("cooperatives", i, c, field, en, id_)
            seen.add(code)

    def officers_and_agencies(self) -> None:
        for i, o in enumerate(self.s.officers):
            if o.agency not in self.agencies:
                self.add("officers", i, o, "agency", *_unknown("agency", o.agency))
            if o.domicile not in self.villages:
                self.add("officers", i, o, "domicile", *_unknown("village", o.domicile))
            if o.work_district not in self.districts:
                unknown = _unknown("kecamatan", o.work_district)
                self.add("officers", i, o, "work_district", *unknown)
            for skill in o.skills:
                if skill not in self.roles:
                    self.add("officers", i, o, "skills", *_unknown("role", skill))
            if len(set(o.skills)) != len(o.skills):
                en, id_ = "a role is listed twice", "sebuah peran tercantum dua kali"
                self.add("officers", i, o, "skills", en, id_)
        listed = Counter(o.agency for o in self.s.officers)
        for i, a in enumerate(self.s.agencies):
            n = listed[a.code]
            if n > a.headcount:
                en = f"{a.headcount} is below the {n} officers listed"
                id_ = f"{a.headcount} lebih kecil dari {n} pegawai yang tercantum"
                self.add("agencies", i, a, "headcount", en, id_)
            if a.max_release is not None and a.max_release > a.headcount:
                en = f"{a.max_release} exceeds headcount {a.headcount}"
                id_ = f"{a.max_release} melebihi jumlah pegawai {a.headcount}"
                self.add("agencies", i, a, "max_release", en, id_)
            if a.headcount > MAX_HEADCOUNT:
                en = f"{a.headcount} exceeds {MAX_HEADCOUNT:,}"
                id_ = f"{a.headcount} melebihi {MAX_HEADCOUNT:,}"
                self.add("agencies", i, a, "headcount", en, id_)

    def policy(self) -> None:
        policy = self.s.policy
        if len(set(policy.allowed_tiers)) != len(policy.allowed_tiers):
            self.problems.append(
                Problem(
                    "policy",
                    "allowed_tiers",
                    "a tier is listed twice",
                    "sebuah tingkat lokalitas tercantum dua kali",
                )
            )
        self.problems.extend(_magnitude_problems(policy))
        for name in policy.objective.tiers:
            if policy.objective.mode == "weighted" and name not in policy.objective.weights:
                field = f"objective.weights.{name}"
                self.problems.append(Problem("policy", field, "missing weight", "bobot belum ada"))

    def locks(self) -> None:
        first_lock: dict[tuple[str, str], int] = {}
        per_officer: Counter[str] = Counter()
        per_cooperative: Counter[str] = Counter()
        per_slot: Counter[tuple[str, str]] = Counter()
        for i, lock in enumerate(self.s.locks):
            officer = self.officers.get(lock.officer)
            cooperative = self.cooperatives.get(lock.cooperative)
            if officer is None:
                self.add("locks", i, lock, "officer", *_unknown("officer", lock.officer))
            if cooperative is None:
                unknown = _unknown("cooperative", lock.cooperative)
                self.add("locks", i, lock, "cooperative", *unknown)
            if lock.role is not None and lock.role not in self.roles:
                self.add("locks", i, lock, "role", *_unknown("role", lock.role))
            if officer is None or cooperative is None:
                continue
            pair = (lock.officer, lock.cooperative)
            if pair in first_lock:
                at = f"locks[{first_lock[pair]}]"
                en, id_ = f"pair already locked at {at}", f"pasangan ini sudah dikunci di {at}"
                self.add("locks", i, lock, "cooperative", en, id_)
                continue
            first_lock[pair] = i
            per_officer[lock.officer] += 1
            per_cooperative[lock.cooperative] += 1
            for field, en, id_ in _lock_contradictions(self.s, officer, cooperative, lock.role):
                self.add("locks", i, lock, field, en, id_)
            self.lock_counts(i, lock, officer, cooperative, per_officer, per_cooperative)
            if lock.role is not None:
                per_slot[(lock.cooperative, lock.role)] += 1
                wanted = cooperative.demand.get(lock.role, 0)
                if 0 < wanted < per_slot[(lock.cooperative, lock.role)]:
                    en = f"more locks in role {lock.role!r} than its {wanted} slots"
                    id_ = f"kunci pada peran {lock.role!r} melebihi {wanted} posisinya"
                    self.add("locks", i, lock, "role", en, id_)

    def lock_counts(
        self,
        i: int,
        lock: Lock,
        officer: Officer,
        cooperative: Cooperative,
        per_officer: Counter[str],
        per_cooperative: Counter[str],
    ) -> None:
        most = officer.max_cooperatives
        if per_officer[lock.officer] > most:
            en = f"officer is locked to more than max_cooperatives={most}"
            id_ = f"pegawai dikunci ke lebih dari max_cooperatives={most} koperasi"
            self.add("locks", i, lock, "officer", en, id_)
        capacity = self.s.cooperative_capacity(cooperative)
        slots = sum(cooperative.demand.values())
        if per_cooperative[lock.cooperative] > capacity:
            en = f"more locks than max_officers={capacity}"
            id_ = f"jumlah kunci melebihi max_officers={capacity}"
            self.add("locks", i, lock, "cooperative", en, id_)
        elif per_cooperative[lock.cooperative] > slots:
            en = f"more locks than the {slots} slots demanded"
            id_ = f"jumlah kunci melebihi {slots} posisi yang diminta"
            self.add("locks", i, lock, "cooperative", en, id_)

    def forbids(self) -> None:
        locks_by_pair: dict[tuple[str, str], list[int]] = {}
        for j, lock in enumerate(self.s.locks):
            locks_by_pair.setdefault((lock.officer, lock.cooperative), []).append(j)
        for i, forbid in enumerate(self.s.forbids):
            if forbid.officer not in self.officers:
                self.add("forbids", i, forbid, "officer", *_unknown("officer", forbid.officer))
            if forbid.cooperative not in self.cooperatives:
                unknown = _unknown("cooperative", forbid.cooperative)
                self.add("forbids", i, forbid, "cooperative", *unknown)
            if forbid.role is not None and forbid.role not in self.roles:
                self.add("forbids", i, forbid, "role", *_unknown("role", forbid.role))
            for j in locks_by_pair.get((forbid.officer, forbid.cooperative), []):
                if forbid.role is None or forbid.role == self.s.locks[j].role:
                    en, id_ = f"contradicts locks[{j}]", f"bertentangan dengan locks[{j}]"
                    self.add("forbids", i, forbid, "officer", en, id_)

    def adjacency_and_travel(self) -> None:
        for i, (left, right) in enumerate(self.s.adjacency or []):
            for field, code in (("0", left), ("1", right)):
                if code not in self.districts:
                    en, id_ = _unknown("kecamatan", code)
                    self.problems.append(Problem(f"adjacency[{i}]", field, en, id_))
            if left == right:
                en = "a kecamatan is not adjacent to itself"
                id_ = "kecamatan tidak bertetangga dengan dirinya sendiri"
                self.problems.append(Problem(f"adjacency[{i}]", "1", en, id_))
        seen: dict[tuple[str, str], int] = {}
        for i, t in enumerate(self.s.travel or []):
            first = seen.setdefault((t.origin, t.village), i)
            if first != i:
                en = f"duplicate entry for this origin (first at travel[{first}])"
                id_ = f"entri ganda untuk asal ini (pertama di travel[{first}])"
                self.add("travel", i, t, "village", en, id_)
            if t.origin not in self.officers and t.origin not in self.villages:
                en = f"{t.origin!r} is neither an officer id nor a village code"
                id_ = f"{t.origin!r} bukan id pegawai dan bukan kode desa"
                self.add("travel", i, t, "origin", en, id_)
            if t.village not in self.villages:
                self.add("travel", i, t, "village", *_unknown("village", t.village))


def find_problems(scenario: Scenario) -> list[Problem]:
    """Every cross-record inconsistency of ``scenario``, each naming its record and field.

    Parameters
    ----------
    scenario
        The scenario, every record already valid on its own.

    Returns
    -------
    list of Problem
        In a fixed order: duplicates, villages and cooperatives, officers and agencies,
        policy, locks, forbids, adjacency and travel.
    """
    finder = _Finder(scenario)
    for collection, key in _KEYS:
        finder.duplicates(collection, getattr(scenario, collection), key)
    finder.villages_and_cooperatives()
    finder.officers_and_agencies()
    finder.policy()
    finder.locks()
    finder.forbids()
    finder.adjacency_and_travel()
    return finder.problems


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
            en = f"nested more than {MAX_NESTING} levels deep"
            id_ = f"bersarang lebih dari {MAX_NESTING} tingkat"
            return Problem(record, f"{field}...", en, id_)
        if isinstance(value, dict):
            stack.extend((item, (*path, key)) for key, item in value.items())
        elif isinstance(value, (list, tuple)):
            stack.extend((item, (*path, index)) for index, item in enumerate(value))
    return Problem(
        "scenario", "", "nested too deeply to be validated", "terlalu bersarang untuk diperiksa"
    )


def _magnitude_problems(policy: Policy) -> list[Problem]:
    """Policy numbers too large for the model's 64-bit integer arithmetic."""
    problems = []
    for status, value in policy.status_priority.items():
        if not 0 <= value <= MAX_PRIORITY:
            span = f"0..{MAX_PRIORITY:,}"
            en = f"{value} is outside {span} (as a cooperative's priority)"
            id_ = f"{value} di luar {span} (sebagai prioritas koperasi)"
            problems.append(Problem("policy", f"status_priority.{status}", en, id_))
    limits = (
        ("objective.locality_scores", policy.objective.locality_scores, MAX_LOCALITY_SCORE),
        ("objective.weights", policy.objective.weights, MAX_WEIGHT),
    )
    for prefix, values, limit in limits:
        for name, value in values.items():
            if abs(value) > limit:
                span = f"-{limit:,}..{limit:,}"
                en, id_ = f"{value} is outside {span}", f"{value} di luar {span}"
                problems.append(Problem("policy", f"{prefix}.{name}", en, id_))
    return problems


def _lock_contradictions(
    scenario: Scenario, officer: Officer, cooperative: Cooperative, role: str | None
) -> Iterable[tuple[str, str, str]]:
    """Rules a lock contradicts on its own (locality is checked when candidates are built):
    (field, English, Bahasa Indonesia)."""
    policy = scenario.policy
    education = officer.education
    if not officer.available:
        yield "officer", "locked officer is not available", "pegawai yang dikunci tidak tersedia"
    if officer.group in policy.excluded_groups:
        yield (
            "officer",
            f"locked officer is in excluded group {officer.group!r}",
            f"pegawai yang dikunci termasuk kelompok yang dikecualikan {officer.group!r}",
        )
    if officer.employment not in policy.allowed_employment:
        yield (
            "officer",
            f"locked officer's employment {officer.employment} is not allowed",
            f"jenis kepegawaian {officer.employment} pegawai yang dikunci tidak diizinkan",
        )
    if education_rank(education) < education_rank(policy.min_education):
        yield (
            "officer",
            f"locked officer's education {education} is below {policy.min_education}",
            f"pendidikan pegawai yang dikunci {education} di bawah {policy.min_education}",
        )
    if policy.legal_entity_only and not cooperative.legal_entity:
        yield (
            "cooperative",
            "locked cooperative has no legal-entity status",
            "koperasi yang dikunci belum berbadan hukum",
        )
    if role is None:
        if not any(
            cooperative.demand.get(r, 0) > 0 and r in officer.skills for r in cooperative.demand
        ):
            yield (
                "officer",
                "locked officer has no skill the cooperative demands",
                "pegawai yang dikunci tidak punya keahlian yang diminta koperasi",
            )
        return
    if cooperative.demand.get(role, 0) == 0:
        yield (
            "role",
            f"cooperative has no demand for role {role!r}",
            f"koperasi tidak meminta peran {role!r}",
        )
    if role not in officer.skills:
        yield (
            "role",
            f"locked officer lacks skill {role!r}",
            f"pegawai yang dikunci tidak punya keahlian {role!r}",
        )
    known = scenario.role_by_code.get(role)
    minimum = known.min_education if known is not None else None
    if minimum is not None and education_rank(education) < education_rank(minimum):
        yield (
            "role",
            f"role {role!r} needs {minimum}, officer has {education}",
            f"peran {role!r} membutuhkan {minimum}, pegawai berpendidikan {education}",
        )
