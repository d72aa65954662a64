"""CSV folders (lossless round trips, errors by file/row/column) and GeoJSON export."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from koperasi_alloc.errors import ScenarioError
from koperasi_alloc.io import (
    assignments_geojson,
    read_scenario_csv,
    villages_geojson,
    write_geojson,
    write_scenario_csv,
)
from koperasi_alloc.io.csv_folder import POLICY_KEYS
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import ObjectivePolicy, Policy, Scenario, parse_scenario
from tests.strategies import scenarios, tiny_scenario_data

O1 = "199102022021122002"


@pytest.fixture
def tiny() -> Scenario:
    return parse_scenario(tiny_scenario_data())


@pytest.fixture(scope="module")
def solved() -> tuple[Scenario, Plan]:
    from koperasi_alloc.solver import solve

    scenario = parse_scenario(tiny_scenario_data())
    return scenario, solve(scenario, time_limit=5, workers=1)


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, table: list[list[str]], delimiter: str = ",") -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(table)


def problems_of(folder: Path, lang: str = "id") -> list[tuple[str, str, str]]:
    with pytest.raises(ScenarioError) as caught:
        read_scenario_csv(folder, lang=lang)  # type: ignore[arg-type]
    return [(p.record, p.field, p.message) for p in caught.value.problems]


# --- CSV round trips --------------------------------------------------------------------------


def test_tiny_round_trip_and_files(tmp_path: Path, tiny: Scenario) -> None:
    write_scenario_csv(tiny, tmp_path)
    assert read_scenario_csv(tmp_path) == tiny
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {
        "districts.csv",
        "villages.csv",
        "cooperatives.csv",
        "officers.csv",
        "roles.csv",
        "agencies.csv",
        "policy.json",
        "meta.json",
        "locks.csv",
        "forbids.csv",
        "adjacency.csv",
        "travel.csv",
    }
    officers = rows(tmp_path / "officers.csv")
    assert officers[0][:3] == ["id", "name", "employment"]
    assert officers[1][0] == "199001012020121001"
    assert officers[1][officers[0].index("skills")] == "manajer; keuangan"
    demand = rows(tmp_path / "cooperatives.csv")
    assert demand[1][demand[0].index("demand")] == "manajer:1; keuangan:1"


def test_optional_tables_none_versus_empty(tmp_path: Path) -> None:
    data = tiny_scenario_data()
    data["adjacency"] = []
    del data["travel"]
    scenario = parse_scenario(data)
    write_scenario_csv(scenario, tmp_path)
    assert rows(tmp_path / "adjacency.csv") == [["district_1", "district_2"]]
    assert not (tmp_path / "travel.csv").exists()
    loaded = read_scenario_csv(tmp_path)
    assert loaded.adjacency == []
    assert loaded.travel is None
    assert loaded == scenario


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scenario=scenarios())
def test_scenario_round_trip(tmp_path: Path, scenario: Scenario) -> None:
    folder = tmp_path / "scenario"
    write_scenario_csv(scenario, folder)
    assert read_scenario_csv(folder) == scenario


def test_policy_keys_cover_the_policy() -> None:
    # a new policy field needs a row in the Aturan sheet and policy.csv
    expected = {k for k in Policy.model_fields if k != "objective"}
    expected |= {f"objective.{k}" for k in ObjectivePolicy.model_fields}
    assert set(POLICY_KEYS) == expected


# --- CSV conventions and errors ---------------------------------------------------------------


def test_semicolons_comma_decimals_policy_csv_and_x_columns(tmp_path: Path, tiny: Scenario) -> None:
    write_scenario_csv(tiny, tmp_path)
    table = rows(tmp_path / "districts.csv")
    table[0] = ["kode", "nama", "lintang", "bujur"]  # Indonesian headers are accepted
    table[1][2] = "0,35"
    write_rows(tmp_path / "districts.csv", table, delimiter=";")
    officers = rows(tmp_path / "officers.csv")
    officers[0].append("x_golongan")
    officers[1].append("III/a")
    for row in officers[2:]:
        row.append("")
    write_rows(tmp_path / "officers.csv", officers)
    (tmp_path / "policy.json").unlink()
    write_rows(
        tmp_path / "policy.csv",
        [["key", "value"], ["radius_km", "25,5"], ["excluded_groups", "guru; nakes; satpol"]],
    )
    loaded = read_scenario_csv(tmp_path)
    assert loaded.districts == tiny.districts
    assert loaded.officers[0].attributes == {"golongan": "III/a"}
    assert loaded.policy.radius_km == 25.5
    assert loaded.policy.excluded_groups == ["guru", "nakes", "satpol"]
    assert loaded.policy.max_officers_per_cooperative == 3  # default for keys left out


def test_errors_name_file_row_and_column(tmp_path: Path, tiny: Scenario) -> None:
    write_scenario_csv(tiny, tmp_path)
    villages = rows(tmp_path / "villages.csv")
    villages[1][villages[0].index("district")] = "64.08.09"
    villages[2][villages[0].index("lat")] = "utara"
    write_rows(tmp_path / "villages.csv", villages)
    officers = rows(tmp_path / "officers.csv")
    officers[0].append("catatan")
    for row in officers[1:]:
        row.append("")
    officers[2][officers[0].index("education")] = "SMK"
    write_rows(tmp_path / "officers.csv", officers)
    (tmp_path / "roles.csv").unlink()
    found = problems_of(tmp_path)
    where = {(r, f) for r, f, _ in found}
    assert ("villages.csv baris 2", "district") in where
    assert ("villages.csv baris 3", "lat") in where
    assert ("officers.csv baris 1", "catatan") in where
    assert ("officers.csv baris 3", "education") in where
    assert ("roles.csv", "") in where
    messages = {(r, f): m for r, f, m in found}
    assert messages[("villages.csv baris 2", "district")] == "kecamatan '64.08.09' tidak dikenal"
    assert messages[("villages.csv baris 3", "lat")] == "harus angka, bukan 'utara'"
    english = {(r, f): m for r, f, m in problems_of(tmp_path, lang="en")}
    assert english[("villages.csv row 3", "lat")] == "must be a number, not 'utara'"


def test_planted_errors_only(tmp_path: Path, tiny: Scenario) -> None:
    write_scenario_csv(tiny, tmp_path)
    cooperatives = rows(tmp_path / "cooperatives.csv")
    cooperatives.append(list(cooperatives[1]))  # duplicate id, row 4
    write_rows(tmp_path / "cooperatives.csv", cooperatives)
    agencies = rows(tmp_path / "agencies.csv")
    drop = agencies[0].index("headcount")
    write_rows(tmp_path / "agencies.csv", [r[:drop] + r[drop + 1 :] for r in agencies])
    found = problems_of(tmp_path)
    assert [(r, f) for r, f, _ in found] == [
        ("agencies.csv baris 1", "headcount"),
        ("cooperatives.csv baris 4", "id"),
    ]
    assert found[1][2] == "id 'KDMP-001' ganda (pertama di cooperatives.csv baris 2)"


def test_bad_policy_json_names_the_key(tmp_path: Path, tiny: Scenario) -> None:
    write_scenario_csv(tiny, tmp_path)
    policy = json.loads((tmp_path / "policy.json").read_text(encoding="utf-8"))
    policy["radius_km"] = -1
    (tmp_path / "policy.json").write_text(json.dumps(policy), encoding="utf-8")
    assert problems_of(tmp_path, lang="en") == [
        ("policy.json", "radius_km", "must not be negative (at least 0), not -1")
    ]


def test_not_a_folder(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nope")[0][0] == str(tmp_path / "nope")


# --- GeoJSON ----------------------------------------------------------------------------------


def check_feature_collection(obj: dict, geometry_type: str) -> None:
    assert obj["type"] == "FeatureCollection"
    for feature in obj["features"]:
        assert feature["type"] == "Feature"
        geometry = feature["geometry"]
        assert geometry["type"] == geometry_type
        points = [geometry["coordinates"]] if geometry_type == "Point" else geometry["coordinates"]
        for lon, lat in points:
            assert -180 <= lon <= 180
            assert -90 <= lat <= 90
        assert isinstance(feature["properties"], dict)
    json.dumps(obj, allow_nan=False)  # valid JSON: no NaN


def test_villages_geojson(solved: tuple[Scenario, Plan]) -> None:
    scenario, plan = solved
    plain = villages_geojson(scenario)
    check_feature_collection(plain, "Point")
    assert len(plain["features"]) == len(scenario.villages)
    for feature, village in zip(plain["features"], scenario.villages, strict=True):
        assert feature["geometry"]["coordinates"] == [village.lon, village.lat]  # lon first
        assert feature["properties"]["code"] == village.code
        assert feature["properties"]["filled"] is None
    with_plan = villages_geojson(scenario, plan)
    by_code = {f["properties"]["code"]: f["properties"] for f in with_plan["features"]}
    gemar = by_code["64.08.01.2001"]
    assert gemar["cooperatives"] == ["KDMP-001"]
    assert gemar["kecamatan"] == "64.08.01"
    assert gemar["status"] == "tertinggal"
    assert gemar["demanded"] == 2
    filled = sum(a.cooperative_id == "KDMP-001" for a in plan.assignments)
    assert gemar["filled"] == filled
    assert math.isclose(gemar["coverage"], filled / 2)
    assert by_code["64.08.01.2002"]["coverage"] is None  # nothing demanded there
    assert sum(p["filled"] for p in by_code.values()) == plan.filled


def test_assignments_geojson(tmp_path: Path, solved: tuple[Scenario, Plan]) -> None:
    scenario, plan = solved
    lines = assignments_geojson(scenario, plan)
    check_feature_collection(lines, "LineString")
    assert len(lines["features"]) == len(plan.assignments)
    for feature in lines["features"]:
        properties = feature["properties"]
        officer = scenario.officer_by_id[properties["officer"]]
        cooperative = scenario.cooperative_by_id[properties["cooperative"]]
        start, end = feature["geometry"]["coordinates"]
        if officer.lat is not None:
            assert start == [officer.lon, officer.lat]
        else:
            home = scenario.village_by_code[officer.domicile]
            assert start == [home.lon, home.lat]
        target = scenario.village_by_code[cooperative.village]
        assert end == [target.lon, target.lat]
        assert set(properties) >= {"officer", "cooperative", "role", "tier", "distance_km"}
    # officer 198503032010011003 has its own coordinates
    assert any(f["geometry"]["coordinates"][0] == [116.87, 1.07] for f in lines["features"])
    path = tmp_path / "lines.geojson"
    write_geojson(lines, path)
    assert json.loads(path.read_text(encoding="utf-8")) == lines


def test_geojson_opens_with_shapely(solved: tuple[Scenario, Plan]) -> None:
    shapely = pytest.importorskip("shapely")
    shape = pytest.importorskip("shapely.geometry").shape

    scenario, plan = solved
    for obj in (villages_geojson(scenario, plan), assignments_geojson(scenario, plan)):
        for feature in obj["features"]:
            geometry = shape(feature["geometry"])
            assert geometry.geom_type == feature["geometry"]["type"]
            assert not geometry.is_empty
            coordinates = feature["geometry"]["coordinates"]
            expected = [coordinates] if geometry.geom_type == "Point" else coordinates
            assert [list(c) for c in geometry.coords] == expected
        # the whole collection, through GEOS's own GeoJSON reader
        collection = shapely.from_geojson(json.dumps(obj))
        assert len(collection.geoms) == len(obj["features"])
