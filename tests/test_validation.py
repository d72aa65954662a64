"""Every class of bad input is rejected, and the message names the record and the field.

Each case mutates a copy of a tiny valid scenario (``tiny_scenario_data``) and checks both
ways in: :func:`parse_scenario` (a ``ScenarioError`` whose problems name ``record`` and
``field``) and direct ``Scenario(**data)`` (a pydantic ``ValidationError`` whose text names
the record: as ``officers[1] id=...: field`` for cross-record problems, as pydantic's
location ``officers.1.field`` for a field that fails on its own).
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import pytest
from pydantic import ValidationError

from koperasi_alloc.errors import ScenarioError
from koperasi_alloc.scenario import Scenario, parse_scenario
from tests.strategies import tiny_scenario_data

Data = dict[str, Any]
Mutation = Callable[[Data], None]

O0 = "199001012020121001"  # PPPK S1 manajer+keuangan, locked to KDMP-001 as manajer
O1 = "199102022021122002"  # PPPK D3 keuangan, forbidden from KDMP-002
O2 = "198503032010011003"  # PNS S1 usaha+keuangan, max_cooperatives 2
O3 = "199204042022122004"  # PPPK S1 keuangan, group guru


@pytest.fixture
def base() -> Data:
    """A fresh copy of the tiny valid scenario for each test to mutate."""
    return tiny_scenario_data()


def test_base_is_valid(base: Data) -> None:
    scenario = parse_scenario(base)
    assert len(scenario.districts) == 2
    assert len(scenario.villages) == 3
    assert len(scenario.cooperatives) == 2
    assert len(scenario.officers) == 4
    assert len(scenario.roles) == 3
    assert len(scenario.agencies) == 2
    assert Scenario(**base) == scenario


# --- helpers ----------------------------------------------------------------------------------


def put(*path: Any, value: Any) -> Mutation:
    """Set the value at ``path`` (keys and list indexes) of the data."""

    def mutate(data: Data) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def drop(*path: Any) -> Mutation:
    """Remove the key at ``path``."""

    def mutate(data: Data) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


def append(collection: str, item: Any) -> Mutation:
    """Append ``item`` to a top-level list."""

    def mutate(data: Data) -> None:
        data[collection].append(copy.deepcopy(item))

    return mutate


def apply(data: Data, *mutations: Mutation) -> Data:
    for mutation in mutations:
        mutation(data)
    return data


def location(record: str, field: str) -> str:
    """pydantic's location text for ``record`` and ``field``: ``officers[1] id=x``, ``id`` ->
    ``officers.1.id``."""
    match = re.match(r"^(\w+)\[(\d+)\]", record)
    head = (
        f"{match.group(1)}.{match.group(2)}" if match else ("" if record == "scenario" else record)
    )
    return ".".join(part for part in (head, field) if part)


def assert_rejected(
    data: Data, record: str, field: str, fragment: str, level: Literal["cross", "field"]
) -> ScenarioError:
    """Both ways in reject ``data`` with a problem at ``record``/``field`` mentioning
    ``fragment``."""
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data, source="kutim.json")
    error = caught.value
    found = [
        p
        for p in error.problems
        if p.record == record and p.field == field and fragment.lower() in p.message.lower()
    ]
    assert found, f"expected {record}: {field}: ...{fragment}... in\n{error}"
    text = str(error)
    assert text.startswith("kutim.json: ")
    assert (f"{record}: {field}: " if field else f"{record}: ") in text, text

    with pytest.raises(ValidationError) as direct:
        Scenario(**data)
    direct_text = str(direct.value)
    if level == "cross":
        assert f"{record}: {field}: " in direct_text, direct_text
    else:
        assert re.search(rf"^{re.escape(location(record, field))}$", direct_text, re.M), direct_text
    assert fragment.lower() in direct_text.lower()
    return error


@dataclass(frozen=True)
class Case:
    """A bad input: how to make it from the base, and the problem it must cause."""

    id: str
    mutations: tuple[Mutation, ...]
    record: str
    field: str
    fragment: str
    level: Literal["cross", "field"] = "cross"


def cases(*items: Case) -> Any:
    return pytest.mark.parametrize("case", items, ids=[c.id for c in items])


def run(base: Data, case: Case) -> None:
    assert_rejected(
        apply(base, *case.mutations), case.record, case.field, case.fragment, case.level
    )


# --- duplicates -------------------------------------------------------------------------------

DISTRICT_2 = {"code": "64.08.01", "name": "Ancalong lagi", "lat": 0.3, "lon": 116.8}
VILLAGE_4 = {
    "code": "64.08.01.2001",
    "name": "Gemar Baru lagi",
    "district": "64.08.01",
    "lat": 0.3,
    "lon": 116.8,
}


@cases(
    Case(
        "districts",
        (append("districts", DISTRICT_2),),
        "districts[2] code=64.08.01",
        "code",
        "duplicate code '64.08.01' (first at districts[0])",
    ),
    Case(
        "villages",
        (append("villages", VILLAGE_4),),
        "villages[3] code=64.08.01.2001",
        "code",
        "duplicate code '64.08.01.2001' (first at villages[0])",
    ),
    Case(
        "cooperatives",
        (append("cooperatives", {"id": "KDMP-001", "village": "64.08.01.2002", "demand": {}}),),
        "cooperatives[2] id=KDMP-001",
        "id",
        "duplicate id 'KDMP-001' (first at cooperatives[0])",
    ),
    Case(
        "officers",
        (
            lambda d: d["officers"].append(
                {**d["officers"][1], "domicile": "64.08.02.1001", "work_district": "64.08.02"}
            ),
        ),
        f"officers[4] id={O1}",
        "id",
        f"duplicate id '{O1}' (first at officers[1])",
    ),
    Case(
        "roles",
        (append("roles", {"code": "usaha", "name": "Usaha lagi"}),),
        "roles[3] code=usaha",
        "code",
        "duplicate code 'usaha' (first at roles[2])",
    ),
    Case(
        "agencies",
        (append("agencies", {"code": "DISKOP", "name": "Koperasi lagi", "headcount": 3}),),
        "agencies[2] code=DISKOP",
        "code",
        "duplicate code 'DISKOP' (first at agencies[1])",
    ),
)
def test_duplicate_key(base: Data, case: Case) -> None:
    run(base, case)


# --- unresolved references --------------------------------------------------------------------

LOCK0 = f"locks[0] officer={O0}"
FORBID0 = f"forbids[0] officer={O1}"


@cases(
    Case(
        "village.district",
        (put("villages", 1, "district", value="64.08.03"),),
        "villages[1] code=64.08.01.2002",
        "district",
        "unknown kecamatan '64.08.03'",
    ),
    Case(
        "cooperative.village",
        (put("cooperatives", 1, "village", value="64.08.02.1009"),),
        "cooperatives[1] id=KDMP-002",
        "village",
        "unknown village '64.08.02.1009'",
    ),
    Case(
        "cooperative.demand-role",
        (put("cooperatives", 1, "demand", "gudang", value=0),),
        "cooperatives[1] id=KDMP-002",
        "demand.gudang",
        "unknown role 'gudang'",
    ),
    Case(
        "officer.agency",
        (put("officers", 1, "agency", value="DINKES"),),
        f"officers[1] id={O1}",
        "agency",
        "unknown agency 'DINKES'",
    ),
    Case(
        "officer.domicile",
        (put("officers", 1, "domicile", value="64.08.01.2009"),),
        f"officers[1] id={O1}",
        "domicile",
        "unknown village '64.08.01.2009'",
    ),
    Case(
        "officer.work_district",
        (put("officers", 1, "work_district", value="64.08.09"),),
        f"officers[1] id={O1}",
        "work_district",
        "unknown kecamatan '64.08.09'",
    ),
    Case(
        "officer.skills",
        (put("officers", 1, "skills", value=["keuangan", "apoteker"]),),
        f"officers[1] id={O1}",
        "skills",
        "unknown role 'apoteker'",
    ),
    Case(
        "lock.officer",
        (put("locks", 0, "officer", value="196001011990031999"),),
        "locks[0] officer=196001011990031999",
        "officer",
        "unknown officer '196001011990031999'",
    ),
    Case(
        "lock.cooperative",
        (put("locks", 0, "cooperative", value="KDMP-999"),),
        LOCK0,
        "cooperative",
        "unknown cooperative 'KDMP-999'",
    ),
    Case(
        "lock.role",
        (put("locks", 0, "role", value="ketua"),),
        LOCK0,
        "role",
        "unknown role 'ketua'",
    ),
    Case(
        "forbid.officer",
        (put("forbids", 0, "officer", value="196001011990031999"),),
        "forbids[0] officer=196001011990031999",
        "officer",
        "unknown officer '196001011990031999'",
    ),
    Case(
        "forbid.cooperative",
        (put("forbids", 0, "cooperative", value="KDMP-999"),),
        FORBID0,
        "cooperative",
        "unknown cooperative 'KDMP-999'",
    ),
    Case(
        "forbid.role",
        (put("forbids", 0, "role", value="ketua"),),
        FORBID0,
        "role",
        "unknown role 'ketua'",
    ),
    Case(
        "adjacency-first",
        (put("adjacency", value=[["64.08.01", "64.08.02"], ["64.08.07", "64.08.02"]]),),
        "adjacency[1]",
        "0",
        "unknown kecamatan '64.08.07'",
    ),
    Case(
        "adjacency-second",
        (put("adjacency", value=[["64.08.01", "64.08.07"]]),),
        "adjacency[0]",
        "1",
        "unknown kecamatan '64.08.07'",
    ),
    Case(
        "adjacency-self",
        (put("adjacency", value=[["64.08.02", "64.08.02"]]),),
        "adjacency[0]",
        "1",
        "not adjacent to itself",
    ),
    Case(
        "travel.origin",
        (put("travel", 0, "origin", value="nobody"),),
        "travel[0] origin=nobody",
        "origin",
        "'nobody' is neither an officer id nor a village code",
    ),
    Case(
        "travel.village",
        (put("travel", 1, "village", value="64.08.01.2999"),),
        "travel[1] origin=64.08.01.2002",
        "village",
        "unknown village '64.08.01.2999'",
    ),
)
def test_unresolved_reference(base: Data, case: Case) -> None:
    run(base, case)


def test_duplicate_travel_entry(base: Data) -> None:
    # Two times for the same trip make the travel rule ambiguous.
    entry = {"origin": O1, "village": "64.08.02.1001", "minutes": 60.0}
    data = apply(base, append("travel", entry))
    assert_rejected(data, f"travel[2] origin={O1}", "village", "first at travel[0]", "cross")


# --- codes and coordinates --------------------------------------------------------------------


def test_village_code_outside_its_kecamatan(base: Data) -> None:
    village = {**VILLAGE_4, "code": "64.08.02.2005", "district": "64.08.01"}
    data = apply(base, append("villages", village))
    assert_rejected(
        data,
        "villages[3] code=64.08.02.2005",
        "code",
        "does not start with its kecamatan code 64.08.01",
        "cross",
    )


@cases(
    Case(
        "district-code",
        (put("districts", 1, "code", value="64.8.2"),),
        "districts[1] code=64.8.2",
        "code",
        "must be a kecamatan code like 64.08.01, not '64.8.2'",
        "field",
    ),
    Case(
        "village-code",
        (put("villages", 1, "code", value="64.08.01.201"),),
        "villages[1] code=64.08.01.201",
        "code",
        "must be a desa/kelurahan code like 64.08.01.2001, not '64.08.01.201'",
        "field",
    ),
    Case(
        "cooperative-village",
        (put("cooperatives", 0, "village", value="Gemar Baru"),),
        "cooperatives[0] id=KDMP-001",
        "village",
        "'Gemar Baru' is the name of a desa/kelurahan; write its code: 64.08.01.2001",
        "field",
    ),
)
def test_malformed_code(base: Data, case: Case) -> None:
    run(base, case)


@cases(
    Case(
        "district-lat-high",
        (put("districts", 0, "lat", value=90.5),),
        "districts[0] code=64.08.01",
        "lat",
        "must be at most 90",
        "field",
    ),
    Case(
        "village-lon-low",
        (put("villages", 2, "lon", value=-180.5),),
        "villages[2] code=64.08.02.1001",
        "lon",
        "must be at least -180",
        "field",
    ),
    Case(
        "officer-lat-low",
        (put("officers", 2, "lat", value=-91.0),),
        f"officers[2] id={O2}",
        "lat",
        "must be at least -90",
        "field",
    ),
    Case(
        "village-lat-nan",
        (put("villages", 0, "lat", value=math.nan),),
        "villages[0] code=64.08.01.2001",
        "lat",
        "finite number",
        "field",
    ),
    Case(
        "district-lon-inf",
        (put("districts", 1, "lon", value=math.inf),),
        "districts[1] code=64.08.02",
        "lon",
        "finite number",
        "field",
    ),
    Case(
        "officer-lon-minus-inf",
        (put("officers", 2, "lon", value=-math.inf),),
        f"officers[2] id={O2}",
        "lon",
        "finite number",
        "field",
    ),
    Case(
        "officer-lat-without-lon",
        (drop("officers", 2, "lon"),),
        f"officers[2] id={O2}",
        "",
        "lat and lon must be given together",
        "field",
    ),
)
def test_bad_coordinates(base: Data, case: Case) -> None:
    run(base, case)


# --- capacities and demands -------------------------------------------------------------------

COOP0 = "cooperatives[0] id=KDMP-001"
COOP1 = "cooperatives[1] id=KDMP-002"


@cases(
    Case(
        "demand",
        (put("cooperatives", 0, "demand", "keuangan", value=-1),),
        COOP0,
        "demand.keuangan",
        "must not be negative (at least 0)",
        "field",
    ),
    Case(
        "min_officers",
        (put("cooperatives", 0, "min_officers", value=-1),),
        COOP0,
        "min_officers",
        "must not be negative (at least 0)",
        "field",
    ),
    Case(
        "max_officers",
        (put("cooperatives", 1, "max_officers", value=-2),),
        COOP1,
        "max_officers",
        "must not be negative (at least 0)",
        "field",
    ),
    Case(
        "officer-max_cooperatives",
        (put("officers", 1, "max_cooperatives", value=0),),
        f"officers[1] id={O1}",
        "max_cooperatives",
        "must be at least 1",
        "field",
    ),
    Case(
        "officer-weekly_hours",
        (put("officers", 1, "weekly_hours", value=-4.0),),
        f"officers[1] id={O1}",
        "weekly_hours",
        "must not be negative (at least 0)",
        "field",
    ),
    Case(
        "agency-headcount",
        (put("agencies", 0, "headcount", value=-1),),
        "agencies[0] code=DISTAN",
        "headcount",
        "must not be negative (at least 0)",
        "field",
    ),
    Case(
        "agency-max_release",
        (put("agencies", 0, "max_release", value=-1),),
        "agencies[0] code=DISTAN",
        "max_release",
        "must not be negative (at least 0)",
        "field",
    ),
    Case(
        "policy-max_officers_per_cooperative",
        (put("policy", value={"max_officers_per_cooperative": -1}),),
        "policy",
        "max_officers_per_cooperative",
        "must not be negative (at least 0)",
        "field",
    ),
    Case(
        "travel-minutes",
        (put("travel", 0, "minutes", value=-5.0),),
        f"travel[0] origin={O1}",
        "minutes",
        "must not be negative (at least 0)",
        "field",
    ),
)
def test_negative_capacity_or_demand(base: Data, case: Case) -> None:
    run(base, case)


@cases(
    Case(
        "max_officers-above-policy",
        (put("cooperatives", 0, "max_officers", value=4),),
        COOP0,
        "max_officers",
        "4 exceeds the policy maximum 3",
    ),
    Case(
        "min_officers-above-max_officers",
        (put("cooperatives", 1, "min_officers", value=3),),
        COOP1,
        "min_officers",
        "3 exceeds max_officers 2",
    ),
    Case(
        "min_officers-above-demand",
        (put("cooperatives", 0, "min_officers", value=3),),
        COOP0,
        "min_officers",
        "3 exceeds the 2 slots demanded",
    ),
    Case(
        "headcount-below-listed",
        (put("agencies", 1, "headcount", value=1),),
        "agencies[1] code=DISKOP",
        "headcount",
        "1 is below the 2 officers listed",
    ),
    Case(
        "max_release-above-headcount",
        (put("agencies", 0, "max_release", value=41),),
        "agencies[0] code=DISTAN",
        "max_release",
        "41 exceeds headcount 40",
    ),
    Case(
        "max_release_fraction-above-1",
        (put("agencies", 1, "max_release_fraction", value=1.5),),
        "agencies[1] code=DISKOP",
        "max_release_fraction",
        "must be at most 1",
        "field",
    ),
    Case(
        "demand-above-50",
        (put("cooperatives", 0, "demand", "keuangan", value=51),),
        COOP0,
        "demand.keuangan",
        "must be at most 50",
        "field",
    ),
)
def test_capacity_rule(base: Data, case: Case) -> None:
    run(base, case)


@pytest.mark.parametrize(
    ("index", "demand"),
    [(1, {"keuangan": 2, "usaha": 1}), (0, {"keuangan": 3, "manajer": 1})],
    ids=["above-max_officers", "above-policy-max"],
)
def test_demand_above_the_cap_is_accepted_and_the_cap_binds(
    base: Data, index: int, demand: dict[str, int]
) -> None:
    # rules.md: cooperative_capacity caps the assignments at cap(c); slots beyond it are
    # demanded and stay empty, with that reason (a policy sweep over the cap must work)
    from koperasi_alloc import explain, solve
    from koperasi_alloc.check import check

    base["cooperatives"][index]["demand"] = demand
    scenario = parse_scenario(base)
    cooperative = scenario.cooperatives[index]
    plan = solve(scenario, time_limit=10, workers=1)
    assert check(scenario, plan) == []
    received = sum(a.cooperative_id == cooperative.id for a in plan.assignments)
    assert received <= scenario.cooperative_capacity(cooperative) < sum(demand.values())
    reasons = {
        v.code for v in explain(scenario, plan).vacancies if v.cooperative_id == cooperative.id
    }
    if received == scenario.cooperative_capacity(cooperative):
        assert reasons == {"cooperative_full"}


# --- shape: unknown fields, wrong types, bad enums --------------------------------------------


@cases(
    Case(
        "scenario",
        (put("solver", value="cp-sat"),),
        "scenario",
        "solver",
        "is not a known field",
        "field",
    ),
    Case(
        "district",
        (put("districts", 0, "population", value=12000),),
        "districts[0] code=64.08.01",
        "population",
        "is not a known field",
        "field",
    ),
    Case(
        "village",
        (put("villages", 0, "kode_pos", value="75656"),),
        "villages[0] code=64.08.01.2001",
        "kode_pos",
        "is not a known field",
        "field",
    ),
    Case(
        "cooperative",
        (put("cooperatives", 0, "ketua", value="Pak Budi"),),
        COOP0,
        "ketua",
        "is not a known field",
        "field",
    ),
    Case(
        "officer",
        (put("officers", 0, "nik", value="6408010101900001"),),
        f"officers[0] id={O0}",
        "nik",
        "is not a known field",
        "field",
    ),
    Case(
        "role",
        (put("roles", 0, "gaji", value=1),),
        "roles[0] code=manajer",
        "gaji",
        "is not a known field",
        "field",
    ),
    Case(
        "agency",
        (put("agencies", 0, "kepala", value="x"),),
        "agencies[0] code=DISTAN",
        "kepala",
        "is not a known field",
        "field",
    ),
    Case(
        "lock",
        (put("locks", 0, "reason", value="x"),),
        LOCK0,
        "reason",
        "is not a known field",
        "field",
    ),
    Case(
        "forbid",
        (put("forbids", 0, "reason", value="x"),),
        FORBID0,
        "reason",
        "is not a known field",
        "field",
    ),
    Case(
        "travel",
        (put("travel", 0, "mode", value="boat"),),
        f"travel[0] origin={O1}",
        "mode",
        "is not a known field",
        "field",
    ),
    Case(
        "baseline",
        (
            put(
                "baseline",
                value=[{"officer_id": O0, "cooperative_id": "KDMP-001", "role": "x", "tier": 1}],
            ),
        ),
        f"baseline[0] officer_id={O0}",
        "tier",
        "is not a known field",
        "field",
    ),
    Case(
        "policy",
        (put("policy", value={"max_officers": 3}),),
        "policy",
        "max_officers",
        "is not a known field",
        "field",
    ),
    Case(
        "policy.objective",
        (put("policy", value={"objective": {"weight": {}}}),),
        "policy",
        "objective.weight",
        "is not a known field",
        "field",
    ),
)
def test_unknown_field(base: Data, case: Case) -> None:
    run(base, case)


@cases(
    Case(
        "officer-id-int",
        (put("officers", 0, "id", value=int(O0)),),
        f"officers[0] id={O0}",
        "id",
        "must be text",
        "field",
    ),
    Case(
        "headcount-text",
        (put("agencies", 1, "headcount", value="sepuluh"),),
        "agencies[1] code=DISKOP",
        "headcount",
        "must be a whole number",
        "field",
    ),
    Case(
        "legal_entity-text",
        (put("cooperatives", 1, "legal_entity", value="belum"),),
        COOP1,
        "legal_entity",
        "must be true or false",
        "field",
    ),
    Case(
        "demand-list",
        (put("cooperatives", 1, "demand", value=["keuangan", "usaha"]),),
        COOP1,
        "demand",
        "must be an object of fields",
        "field",
    ),
    Case(
        "skills-text",
        (put("officers", 1, "skills", value="keuangan"),),
        f"officers[1] id={O1}",
        "skills",
        "must be a list",
        "field",
    ),
    Case(
        "officers-object",
        (put("officers", value={"a": 1}),),
        "scenario",
        "officers",
        "must be a list",
        "field",
    ),
    Case(
        "empty-id",
        (put("cooperatives", 1, "id", value="   "),),
        "cooperatives[1] id=   ",
        "id",
        "must not be empty",
        "field",
    ),
    Case(
        "missing-field",
        (drop("officers", 1, "education"),),
        f"officers[1] id={O1}",
        "education",
        "is required",
        "field",
    ),
)
def test_wrong_type(base: Data, case: Case) -> None:
    run(base, case)


@cases(
    Case(
        "officer-education",
        (put("officers", 1, "education", value="SMK"),),
        f"officers[1] id={O1}",
        "education",
        "'SD', 'SMP', 'SMA', 'D1', 'D2', 'D3', 'D4', 'S1', 'S2' or 'S3'",
        "field",
    ),
    Case(
        "role-min_education",
        (put("roles", 0, "min_education", value="S4"),),
        "roles[0] code=manajer",
        "min_education",
        "'S3'",
        "field",
    ),
    Case(
        "policy-min_education",
        (put("policy", value={"min_education": "d3"}),),
        "policy",
        "min_education",
        "'D3'",
        "field",
    ),
    Case(
        "employment",
        (put("officers", 2, "employment", value="HONORER"),),
        f"officers[2] id={O2}",
        "employment",
        "'PNS', 'PPPK' or 'PPPK_PARUH_WAKTU'",
        "field",
    ),
    Case(
        "village-status",
        (put("villages", 0, "status", value="maju sekali"),),
        "villages[0] code=64.08.01.2001",
        "status",
        "'mandiri'",
        "field",
    ),
)
def test_value_not_in_list(base: Data, case: Case) -> None:
    run(base, case)


# --- policy -----------------------------------------------------------------------------------


def test_weighted_objective_without_weight(base: Data) -> None:
    objective = {"mode": "weighted", "tiers": ["coverage", "fairness"], "weights": {"coverage": 1}}
    data = apply(base, put("policy", value={"objective": objective}))
    assert_rejected(data, "policy", "objective.weights.fairness", "missing weight", "cross")


def test_negative_fairness_weight(base: Data) -> None:
    # z <= min_k share_k is exact only while a larger z is better; with a negative weight
    # the model would report a fairness of 0 and a bound no plan reaches
    objective = {"mode": "weighted", "weights": {"fairness": -5}}
    data = apply(base, put("policy", value={"objective": objective}))
    message = "fairness weight must be 0 or more"
    assert_rejected(data, "policy", "objective.weights", message, "field")


def test_repeated_allowed_tier(base: Data) -> None:
    data = apply(base, put("policy", value={"allowed_tiers": ["village", "village"]}))
    assert_rejected(data, "policy", "allowed_tiers", "listed twice", "cross")


def test_repeated_objective_tier(base: Data) -> None:
    data = apply(base, put("policy", value={"objective": {"tiers": ["coverage", "coverage"]}}))
    assert_rejected(data, "policy", "objective.tiers", "each tier may appear once", "field")


def test_repeated_skill(base: Data) -> None:
    data = apply(base, put("officers", 2, "skills", value=["usaha", "usaha"]))
    assert_rejected(data, f"officers[2] id={O2}", "skills", "listed twice", "cross")


# --- locks that contradict a rule -------------------------------------------------------------


@cases(
    Case(
        "unavailable-officer",
        (put("officers", 0, "available", value=False),),
        LOCK0,
        "officer",
        "locked officer is not available",
    ),
    Case(
        "excluded-group-guru",
        (append("locks", {"officer": O3, "cooperative": "KDMP-002", "role": "keuangan"}),),
        f"locks[1] officer={O3}",
        "officer",
        "excluded group 'guru'",
    ),
    Case(
        "employment-not-allowed",
        (put("policy", value={"allowed_employment": ["PNS"]}),),
        LOCK0,
        "officer",
        "employment PPPK is not allowed",
    ),
    Case(
        "education-below-D3",
        (put("officers", 0, "education", value="SMA"),),
        LOCK0,
        "officer",
        "education SMA is below D3",
    ),
    Case(
        "education-below-role-minimum",
        (put("officers", 0, "education", value="D4"),),
        LOCK0,
        "role",
        "role 'manajer' needs S1, officer has D4",
    ),
    Case(
        "not-legal-entity",
        (put("cooperatives", 0, "legal_entity", value=False),),
        LOCK0,
        "cooperative",
        "no legal-entity status",
    ),
    Case(
        "role-without-demand",
        (append("locks", {"officer": O2, "cooperative": "KDMP-001", "role": "usaha"}),),
        f"locks[1] officer={O2}",
        "role",
        "no demand for role 'usaha'",
    ),
    Case(
        "lacking-skill",
        (
            put("officers", 0, "skills", value=["manajer"]),
            put("locks", 0, "role", value="keuangan"),
        ),
        LOCK0,
        "role",
        "lacks skill 'keuangan'",
    ),
    Case(
        "no-demanded-skill",
        (put("officers", 0, "skills", value=["usaha"]), drop("locks", 0, "role")),
        LOCK0,
        "officer",
        "no skill the cooperative demands",
    ),
    Case(
        "more-than-max_cooperatives",
        (append("locks", {"officer": O0, "cooperative": "KDMP-002", "role": "keuangan"}),),
        f"locks[1] officer={O0}",
        "officer",
        "more than max_cooperatives=1",
    ),
    Case(
        "more-than-cooperative-capacity",
        (
            put("cooperatives", 1, "max_officers", value=1),
            put("cooperatives", 1, "demand", value={"usaha": 1}),
            put("officers", 0, "max_cooperatives", value=2),
            append("locks", {"officer": O2, "cooperative": "KDMP-002", "role": "usaha"}),
            append("locks", {"officer": O0, "cooperative": "KDMP-002"}),
        ),
        f"locks[2] officer={O0}",
        "cooperative",
        "more locks than max_officers=1",
    ),
    Case(
        "more-than-slots-demanded",
        (
            append("locks", {"officer": O1, "cooperative": "KDMP-001", "role": "keuangan"}),
            append("locks", {"officer": O2, "cooperative": "KDMP-001"}),
        ),
        f"locks[2] officer={O2}",
        "cooperative",
        "more locks than the 2 slots demanded",
    ),
    Case(
        "more-than-role-slots",
        (
            append("locks", {"officer": O2, "cooperative": "KDMP-001", "role": "keuangan"}),
            append("locks", {"officer": O1, "cooperative": "KDMP-001", "role": "keuangan"}),
        ),
        f"locks[2] officer={O1}",
        "role",
        "more locks in role 'keuangan' than its 1 slots",
    ),
    Case(
        "same-pair-twice",
        (append("locks", {"officer": O0, "cooperative": "KDMP-001"}),),
        f"locks[1] officer={O0}",
        "cooperative",
        "pair already locked at locks[0]",
    ),
)
def test_lock_contradicts_rule(base: Data, case: Case) -> None:
    run(base, case)


@pytest.mark.parametrize("role", [None, "manajer"])
def test_lock_and_forbid_on_same_pair(base: Data, role: str | None) -> None:
    forbid = {"officer": O0, "cooperative": "KDMP-001"}
    if role is not None:
        forbid["role"] = role
    data = apply(base, append("forbids", forbid))
    assert_rejected(data, f"forbids[1] officer={O0}", "officer", "contradicts locks[0]", "cross")


def test_forbidding_another_role_of_a_locked_pair_is_fine(base: Data) -> None:
    data = apply(
        base, append("forbids", {"officer": O0, "cooperative": "KDMP-001", "role": "keuangan"})
    )
    assert len(parse_scenario(data).forbids) == 2


def test_locks_within_every_cap_are_fine(base: Data) -> None:
    # The near misses of the cap tests above: exactly at each limit is allowed.
    data = apply(
        base,
        append("locks", {"officer": O1, "cooperative": "KDMP-001", "role": "keuangan"}),
        append("locks", {"officer": O2, "cooperative": "KDMP-002", "role": "usaha"}),
        put("agencies", 1, "headcount", value=2),
        put("agencies", 0, "max_release", value=40),
        put("cooperatives", 1, "min_officers", value=2),
    )
    assert len(parse_scenario(data).locks) == 3


# --- several problems at once -----------------------------------------------------------------


def test_all_cross_record_problems_reported_at_once(base: Data) -> None:
    data = apply(
        base,
        put("villages", 1, "district", value="64.08.03"),
        put("officers", 1, "agency", value="DINKES"),
        put("officers", 0, "available", value=False),
        put("agencies", 0, "max_release", value=41),
        put("travel", 0, "origin", value="nobody"),
    )
    expected = [
        ("villages[1] code=64.08.01.2002", "district"),
        (f"officers[1] id={O1}", "agency"),
        ("agencies[0] code=DISTAN", "max_release"),
        (LOCK0, "officer"),
        ("travel[0] origin=nobody", "origin"),
    ]
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data)
    assert [(p.record, p.field) for p in caught.value.problems] == expected
    assert "5 problems" in str(caught.value)
    with pytest.raises(ValidationError) as direct:
        Scenario(**data)
    assert "5 problem(s)" in str(direct.value)
    for record, field in expected:
        assert f"{record}: {field}: " in str(direct.value)


def test_all_field_problems_reported_at_once(base: Data) -> None:
    data = apply(
        base,
        put("districts", 0, "lat", value=math.nan),
        put("officers", 3, "education", value="SMK"),
        put("agencies", 1, "max_release_fraction", value=2.0),
        put("policy", value={"radius_km": -1}),
    )
    expected = [
        ("districts[0] code=64.08.01", "lat"),
        (f"officers[3] id={O3}", "education"),
        ("agencies[1] code=DISKOP", "max_release_fraction"),
        ("policy", "radius_km"),
    ]
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data)
    assert [(p.record, p.field) for p in caught.value.problems] == expected
    with pytest.raises(ValidationError) as direct:
        Scenario(**data)
    assert direct.value.error_count() == 4
    for record, field in expected:
        assert re.search(rf"^{re.escape(location(record, field))}$", str(direct.value), re.M)


def test_top_level_not_an_object() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario([1, 2], source="x.json")
    assert str(caught.value).startswith("x.json: ")
    assert caught.value.problems[0].record == "scenario"
