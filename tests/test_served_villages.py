"""A cooperative that serves several villages: locality to the nearest one it serves.

The map is tests/tiny.py's: A1 (1.00, 117.00) and A2 (1.05, 117.00) in kecamatan A, B1
(1.00, 117.30) in B, C1 (1.00, 117.80) in C; A and B are adjacent, C is adjacent to nobody;
default policy (radius 30 km, 40 km/h, every tier, no cross-kabupaten service).

Worked by hand for officer ``o1`` living in A2 and working in A, and cooperative ``k1``
whose main village is C1 and which also serves B1:

* to C1: 0.8 deg of longitude and 0.05 of latitude, haversine 89.115 km; C is neither A nor
  adjacent to A, and 89.1 km > 30 km: no tier.
* to B1: 0.3 deg of longitude and 0.05 of latitude, haversine 33.813 km; B is adjacent to
  A (home and work): the ``adjacent`` tier (33.8 km > 30 km: not the radius).
* so ``o1`` reaches ``k1`` only through its second village: tier ``adjacent``, distance
  min(89.115, 33.813) = 33.813 km, minutes 33.813 / 40 * 60 = 50.72, rounded 51.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import koperasi_alloc as ka
from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.candidates.eligibility import officer_mask
from koperasi_alloc.candidates.locality import GeoIndex, cooperative_pairs
from koperasi_alloc.check import check
from koperasi_alloc.check.locality import LocalityIndex
from koperasi_alloc.errors import ScenarioError
from koperasi_alloc.explain import explain
from koperasi_alloc.io import Note, read_scenario, write_scenario
from koperasi_alloc.scenario import (
    LOCALITY_ORDER,
    Cooperative,
    LocalityTier,
    Scenario,
    parse_scenario,
)
from tests.strategies import tiny_scenario_data
from tests.tiny import A2, B1, C1, DISTRICTS, ROLES, VILLAGES, A, B, coop, officer, region

D, D1 = "64.09.01", "64.09.01.2001"
NOWHERE = "64.08.09.2001"

TO_B1_KM = 33.8133971  # haversine (1.05, 117.0) -> (1.0, 117.3)
TO_C1_KM = 89.1154275  # haversine (1.05, 117.0) -> (1.0, 117.8)


def _two_villages() -> Scenario:
    return region([officer("o1", A2)], [coop("k1", C1, other_villages=[B1])])


def test_an_officer_reaches_a_cooperative_only_through_its_second_village() -> None:
    scenario = _two_villages()
    candidates = build_candidates(scenario)
    assert len(candidates) == 1
    assert LOCALITY_ORDER[int(candidates.tier[0])] is LocalityTier.ADJACENT
    assert candidates.distance_km[0] == pytest.approx(TO_B1_KM, abs=1e-6)
    assert candidates.minutes[0] == pytest.approx(TO_B1_KM / 40 * 60, abs=1e-6)
    assert int(candidates.travel_minutes[0]) == 51

    plan = ka.solve(scenario, time_limit=5, workers=1)
    (a,) = plan.assignments
    assert (a.officer_id, a.cooperative_id, a.tier) == ("o1", "k1", LocalityTier.ADJACENT)
    assert a.distance_km == pytest.approx(TO_B1_KM, abs=1e-6)
    assert a.travel_minutes == 51
    assert check(scenario, plan) == []


def test_without_the_second_village_nobody_is_in_reach() -> None:
    scenario = region([officer("o1", A2)], [coop("k1", C1)])
    assert len(build_candidates(scenario)) == 0
    why = explain(scenario, ka.solve(scenario, time_limit=5, workers=1))
    (vacancy,) = why.vacancies
    assert vacancy.code == "no_candidate_in_reach"
    assert vacancy.nearest_km == pytest.approx(TO_C1_KM, abs=1e-3)


def test_the_checker_measures_to_the_nearest_village_on_its_own() -> None:
    scenario = _two_villages()
    loc = LocalityIndex(scenario).of(scenario.officer_by_id["o1"], scenario.cooperative_by_id["k1"])
    assert loc.tier is LocalityTier.ADJACENT
    assert loc.distance_km == pytest.approx(TO_B1_KM, abs=1e-6)
    assert loc.travel_minutes == 51
    # a plan that measured to the main village alone is caught
    plan = ka.solve(scenario, time_limit=5, workers=1)
    (a,) = plan.assignments
    forged = plan.model_copy(
        update={
            "assignments": [a.model_copy(update={"distance_km": TO_C1_KM, "travel_minutes": 134})]
        }
    )
    messages = [v.message for v in check(scenario, forged)]
    assert any("reported distance_km" in m for m in messages), messages
    assert any("reported travel_minutes 134, recomputed 51" in m for m in messages), messages


def test_distance_and_minutes_are_each_the_least_over_the_villages() -> None:
    # A travel entry A2 -> C1 of 20 minutes: the radius tier holds at C1 (20 <= 45), but
    # the adjacent tier at B1 is better; the least distance is B1's (33.813 km), the least
    # minutes C1's listed 20 (B1 is 50.72 minutes away by the straight line).
    scenario = region(
        [officer("o1", A2)],
        [coop("k1", C1, other_villages=[B1])],
        travel=[{"origin": A2, "village": C1, "minutes": 20.0}],
    )
    loc = LocalityIndex(scenario).of(scenario.officer_by_id["o1"], scenario.cooperative_by_id["k1"])
    assert (loc.tier, loc.distance_km, loc.minutes) == (
        LocalityTier.ADJACENT,
        pytest.approx(TO_B1_KM, abs=1e-6),
        20.0,
    )
    assert loc.from_table
    candidates = build_candidates(scenario)
    assert LOCALITY_ORDER[int(candidates.tier[0])] is LocalityTier.ADJACENT
    assert candidates.distance_km[0] == pytest.approx(TO_B1_KM, abs=1e-6)
    assert (float(candidates.minutes[0]), int(candidates.travel_minutes[0])) == (20.0, 20)
    plan = ka.solve(scenario, time_limit=5, workers=1)
    assert [a.travel_minutes for a in plan.assignments] == [20]
    assert check(scenario, plan) == []


def test_the_same_village_tier_holds_at_any_village_served() -> None:
    # o2 lives in B1: the village tier through k1's second village, distance 0
    scenario = region([officer("o2", B1)], [coop("k1", C1, other_villages=[B1])])
    plan = ka.solve(scenario, time_limit=5, workers=1)
    (a,) = plan.assignments
    assert (a.tier, a.distance_km, a.travel_minutes) == (LocalityTier.VILLAGE, 0.0, 0)
    assert check(scenario, plan) == []


def _data(officers: list[dict[str, Any]], cooperatives: list[dict[str, Any]]) -> dict[str, Any]:
    """tests/tiny.py's region as raw data, plus kecamatan D 64.09.01 (kabupaten 64.09) with
    village D1 at 0.01 deg east of B1."""
    return {
        "name": "tiny",
        "districts": [*DISTRICTS, {"code": D, "name": "Delta", "lat": 1.0, "lon": 117.31}],
        "villages": [
            *VILLAGES,
            {"code": D1, "name": "D1", "district": D, "lat": 1.0, "lon": 117.31},
        ],
        "cooperatives": cooperatives,
        "officers": officers,
        "roles": ROLES,
        "agencies": [{"code": "DINAS", "name": "Dinas Koperasi", "headcount": 100}],
        "adjacency": [[A, B]],
    }


def _other_kabupaten(officer_work: str) -> Scenario:
    """k1 lies in 64.08 (main village C1) and also serves D1 in 64.09; o9 lives in D1."""
    officers = [officer("o9", D1, work_district=officer_work)]
    return parse_scenario(_data(officers, [coop("k1", C1, other_villages=[D1])]))


@pytest.mark.parametrize(("work", "reach"), [("64.09.01", False), ("64.08.02", True)])
def test_the_kabupaten_rule_is_the_cooperatives_own(work: str, reach: bool) -> None:
    # Without cross-kabupaten service an officer serves cooperatives of their work unit's
    # kabupaten: k1 lies in 64.08 (its main village), whatever else it serves. o9 lives in
    # D1 (village tier through k1's second village); working in 64.09 keeps them out.
    scenario = _other_kabupaten(work)
    candidates = build_candidates(scenario)
    assert (len(candidates) == 1) is reach
    plan = ka.solve(scenario, time_limit=5, workers=1)
    assert bool(plan.assignments) is reach
    assert check(scenario, plan) == []
    if reach:
        assert plan.assignments[0].tier is LocalityTier.VILLAGE


def test_candidates_and_checker_agree_on_every_pair() -> None:
    # every eligible officer against every cooperative of a region whose cooperatives
    # serve several villages, with a travel table: the numpy form and the checker's
    scenario = region(
        [officer(f"o{i}", v) for i, v in enumerate([A2, B1, C1, "64.08.01.2001"])],
        [
            coop("k1", C1, other_villages=[B1]),
            coop("k2", A2, other_villages=[C1, B1]),
            coop("k3", B1),
        ],
        travel=[
            {"origin": A2, "village": C1, "minutes": 20.0},
            {"origin": "o3", "village": B1, "minutes": 70.0},
        ],
    )
    geo = GeoIndex.build(scenario)
    officers = [int(i) for i, ok in enumerate(officer_mask(scenario)) if ok]
    pairs = cooperative_pairs(
        scenario, geo, _array(officers), _array(range(len(scenario.cooperatives)))
    )
    found = {
        (int(o), int(c)): (LOCALITY_ORDER[int(t)], float(d), float(m))
        for o, c, t, d, m in zip(
            pairs.officer, pairs.cooperative, pairs.tier, pairs.distance_km, pairs.minutes,
            strict=True,
        )
    }  # fmt: skip
    index = LocalityIndex(scenario)
    for o in officers:
        for c, cooperative in enumerate(scenario.cooperatives):
            loc = index.of(scenario.officers[o], cooperative)
            if loc.tier is None:
                assert (o, c) not in found
                continue
            tier, km, minutes = found[(o, c)]
            assert tier is loc.tier
            assert km == pytest.approx(loc.distance_km, abs=1e-9)
            assert minutes == pytest.approx(loc.minutes, abs=1e-9)


def _array(values: Any) -> Any:
    import numpy as np

    return np.array(list(values), dtype=np.int64)


@pytest.mark.parametrize(
    ("others", "message_en", "message_id"),
    [
        (
            ["64.08.09.2001"],
            "unknown village '64.08.09.2001'",
            "desa '64.08.09.2001' tidak dikenal",
        ),
        ([C1], f"{C1!r} is already its main village", f"{C1!r} sudah desa utamanya"),
        ([B1, B1], f"village {B1!r} listed twice", f"desa {B1!r} tertulis dua kali"),
    ],
)
def test_bad_other_villages_name_the_record_and_field(
    others: list[str], message_en: str, message_id: str
) -> None:
    data = _data([officer("o1", A2)], [coop("k1", C1, other_villages=others)])
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data)
    (problem,) = caught.value.problems
    assert problem.record.startswith("cooperatives[0]")
    assert problem.field == "other_villages"
    assert (problem.message, problem.message_id) == (message_en, message_id)


def test_a_cooperative_of_one_village_is_written_as_before() -> None:
    one = Cooperative(id="k1", village=C1, demand={"manajer": 1})
    assert "other_villages" not in one.model_dump()
    assert "other_villages" not in one.model_dump_json()
    assert one.served_villages == (C1,)
    two = Cooperative(id="k1", village=C1, other_villages=[B1], demand={"manajer": 1})
    assert two.model_dump()["other_villages"] == [B1]
    assert Cooperative.model_validate_json(two.model_dump_json()) == two
    assert two.served_villages == (C1, B1)


# --- files: JSON, the workbook and the CSV folder ---------------------------------------------


def _served_tiny() -> Scenario:
    data = tiny_scenario_data()
    data["cooperatives"][0]["other_villages"] = ["64.08.01.2002", "64.08.02.1001"]
    return parse_scenario(data)


@pytest.mark.parametrize("name", ["s.json", "s.xlsx", "folder"])
def test_readers_round_trip_a_cooperative_of_several_villages(tmp_path: Path, name: str) -> None:
    if name.endswith(".xlsx"):
        pytest.importorskip("openpyxl")
    scenario = _served_tiny()
    write_scenario(scenario, tmp_path / name)
    loaded = read_scenario(tmp_path / name)
    assert loaded == scenario
    assert loaded.cooperatives[0].served_villages == (
        "64.08.01.2001",
        "64.08.01.2002",
        "64.08.02.1001",
    )
    assert loaded.cooperatives[1].other_villages == []


def test_the_workbook_column_takes_codes_or_names(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    scenario = _served_tiny()
    path = tmp_path / "s.xlsx"
    write_scenario(scenario, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Koperasi"]
    head = [cell.value for cell in ws[1]]
    assert "desa_lain" in head
    cell = ws.cell(3, head.index("desa_lain") + 1)
    assert cell.value == "64.08.01.2002; 64.08.02.1001"
    cell.value = "Long Nah; 64.08.02.1001"
    wb.save(path)
    notes: list[Note] = []
    assert read_scenario(path, notes=notes) == scenario
    assert [(n.record, n.field) for n in notes] == [("Koperasi baris 3", "desa_lain")]
    assert "'Long Nah' adalah nama desa" in notes[0].message
    cell.value = "Desa Entah"
    wb.save(path)
    with pytest.raises(ScenarioError) as caught:
        read_scenario(path)
    (problem,) = caught.value.problems
    assert (problem.record, problem.field) == ("Koperasi baris 3", "desa_lain")
    assert problem.message.startswith("'Desa Entah' bukan kode desa")


def test_a_workbook_without_the_column_still_reads(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    tiny = parse_scenario(tiny_scenario_data())
    path = tmp_path / "old.xlsx"
    write_scenario(tiny, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Koperasi"]
    head = [cell.value for cell in ws[1]]
    ws.delete_cols(head.index("desa_lain") + 1)
    wb.save(path)
    assert read_scenario(path) == tiny


def test_the_map_layers_say_which_villages_a_cooperative_also_serves() -> None:
    from koperasi_alloc.io.geojson import villages_geojson

    scenario = _two_villages()
    found = {
        f["properties"]["code"]: (f["properties"]["cooperatives"], f["properties"]["served_by"])
        for f in villages_geojson(scenario)["features"]
    }
    assert found[C1] == (["k1"], [])
    assert found[B1] == ([], ["k1"])
    assert found[A2] == ([], [])
