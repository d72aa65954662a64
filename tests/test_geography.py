"""The kutai-timur preset is Kutai Timur as it is, and its travel respects the land."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from koperasi_alloc import check, solve
from koperasi_alloc.geometry import haversine_km
from koperasi_alloc.scenario import Scenario, VillageKind
from koperasi_alloc.synth import _kutai, _terrain, generate

SEEDS = (0, 3)


def _shipped() -> dict:
    text = files("koperasi_alloc").joinpath("data", "kutai-timur-wilayah.json").read_text("utf-8")
    return json.loads(text)


@pytest.fixture(scope="module", params=SEEDS)
def kt(request: pytest.FixtureRequest) -> Scenario:
    return generate("kutai-timur", seed=request.param)


def test_shipped_file_holds_18_kecamatan_and_141_villages() -> None:
    data = _shipped()
    assert data["kabupaten"] == {"code": "64.08", "name": "Kutai Timur"}
    assert len(data["kecamatan"]) == 18
    assert len(data["desa"]) == 141
    assert sorted(v["name"] for v in data["desa"] if v["kelurahan"]) == [
        "Singa Geweh",
        "Teluk Lingga",
    ]
    assert "cahyadsn/wilayah_boundaries" in data["source"]
    assert "MIT" in data["source"]
    # The package names source and licence where the data is read.
    doc = _kutai.__doc__ or ""
    assert "cahyadsn/wilayah_boundaries" in doc
    assert "MIT License" in doc
    assert "Cahya DSN" in doc


def test_kecamatan_match_the_data_file_record_by_record(kt: Scenario) -> None:
    records = _shipped()["kecamatan"]
    assert len(kt.districts) == len(records) == 18
    by_code = {d.code: d for d in kt.districts}
    for record in records:
        district = by_code[record["code"]]
        assert district.name == record["name"]
        assert district.lat == round(record["lat"], 5)
        assert district.lon == round(record["lon"], 5)


def test_villages_match_the_data_file_record_by_record(kt: Scenario) -> None:
    records = _shipped()["desa"]
    assert len(kt.villages) == len(records) == 141
    by_code = {v.code: v for v in kt.villages}
    assert set(by_code) == {r["code"] for r in records}
    for record in records:
        village = by_code[record["code"]]
        assert village.name == record["name"]
        assert village.district == record["kecamatan"]
        assert (village.kind == VillageKind.KELURAHAN) == record["kelurahan"]
        assert village.lat == round(record["lat"], 5)
        assert village.lon == round(record["lon"], 5)


def test_cooperatives_carry_the_real_village_names(kt: Scenario) -> None:
    names = {r["code"]: r["name"] for r in _shipped()["desa"]}
    for coop in kt.cooperatives:
        assert coop.name.endswith(" " + names[coop.village])
    assert kt.cooperative_by_id["KDMP-64.08.01.2001"].name == "Koperasi Desa Merah Putih Senyiur"


def test_adjacency_joins_real_neighbours(kt: Scenario) -> None:
    pairs = {tuple(p) for p in kt.adjacency or []}
    assert ("64.08.04", "64.08.12") in pairs  # Sangatta Utara - Sangatta Selatan
    assert ("64.08.12", "64.08.13") in pairs  # Sangatta Selatan - Teluk Pandan
    assert ("64.08.05", "64.08.11") in pairs  # Sangkulirang - Sandaran
    assert ("64.08.02", "64.08.08") in pairs  # Muara Wahau - Kombeng
    assert ("64.08.06", "64.08.11") not in pairs  # Busang (far inland) - Sandaran (coast)


def _minutes(kt: Scenario) -> dict[tuple[str, str], float]:
    return {(t.origin, t.village): t.minutes for t in kt.travel or []}


def test_travel_table_covers_every_pair_symmetrically(kt: Scenario) -> None:
    table = _minutes(kt)
    codes = [v.code for v in kt.villages]
    assert len(table) == len(codes) * (len(codes) - 1)
    for (a, b), minutes in table.items():
        assert a != b
        assert table[(b, a)] == minutes
        assert 0 < minutes <= 10_000


def test_travel_never_beats_straight_line_at_policy_speed(kt: Scenario) -> None:
    speed = kt.policy.travel_speed_kmh
    for (a, b), minutes in _minutes(kt).items():
        va, vb = kt.village_by_code[a], kt.village_by_code[b]
        km = float(haversine_km(va.lat, va.lon, vb.lat, vb.lon))
        assert minutes >= km / speed * 60 - 0.05


def _hand_minutes(kt: Scenario, a: str, b: str) -> float:
    va, vb = kt.village_by_code[a], kt.village_by_code[b]
    ka = _terrain.KUTAI_TIMUR_TERRAIN[va.district]
    kb = _terrain.KUTAI_TIMUR_TERRAIN[vb.district]
    ta, tb = _terrain.TERRAINS[ka.terrain], _terrain.TERRAINS[kb.terrain]
    km = float(haversine_km(va.lat, va.lon, vb.lat, vb.lon))
    access = (0 if va.kind == VillageKind.KELURAHAN else ta.access_minutes) + (
        0 if vb.kind == VillageKind.KELURAHAN else tb.access_minutes
    )
    change = _terrain.CORRIDOR_CHANGE_MINUTES if ka.corridor != kb.corridor else 0.0
    pace = (60 / ta.speed_kmh + 60 / tb.speed_kmh) / 2
    return round(km * (ta.detour + tb.detour) / 2 * pace + access + change, 1)


def test_travel_follows_the_documented_terrain_model(kt: Scenario) -> None:
    table = _minutes(kt)
    teluk_lingga = "64.08.04.1010"  # kelurahan, Sangatta Utara (coastal road)
    singa_geweh = "64.08.12.1002"  # kelurahan, Sangatta Selatan (coastal road)
    senyiur = "64.08.01.2001"  # desa, Muara Ancalong (river, Mahakam corridor)
    assert kt.village_by_code[teluk_lingga].name == "Teluk Lingga"
    assert kt.village_by_code[singa_geweh].name == "Singa Geweh"
    # Two kelurahan on the coastal road: 1.3 route km per km at 45 km/h, no access.
    tl, sg = kt.village_by_code[teluk_lingga], kt.village_by_code[singa_geweh]
    km = float(haversine_km(tl.lat, tl.lon, sg.lat, sg.lon))
    assert table[(teluk_lingga, singa_geweh)] == round(km * 1.3 * 60 / 45, 1)
    # Sangatta to the Mahakam interior: mixed detour and pace, access and a corridor change.
    assert table[(teluk_lingga, senyiur)] == _hand_minutes(kt, teluk_lingga, senyiur)
    for a, b in list(table)[::97]:
        assert table[(a, b)] == _hand_minutes(kt, a, b)


def test_interior_is_slower_per_km_than_the_coast(kt: Scenario) -> None:
    def per_km(district_a: str, district_b: str) -> float:
        rates = []
        for (a, b), minutes in _minutes(kt).items():
            va, vb = kt.village_by_code[a], kt.village_by_code[b]
            if va.district == district_a and vb.district == district_b:
                km = float(haversine_km(va.lat, va.lon, vb.lat, vb.lon))
                rates.append(minutes / km)
        rates.sort()
        return rates[len(rates) // 2]

    coast = per_km("64.08.04", "64.08.09")  # Sangatta Utara - Bengalon
    river = per_km("64.08.01", "64.08.03")  # Muara Ancalong - Muara Bengkal
    assert river > 2 * coast


def test_solved_plan_uses_the_modelled_minutes_and_checks_clean() -> None:
    scenario = generate("kutai-timur", seed=1, scarcity=0.5)
    plan = solve(scenario, time_limit=10, seed=0)
    assert check(scenario, plan) == []
    assert plan.assignments
    table = _minutes(scenario)
    officers = scenario.officer_by_id
    coops = scenario.cooperative_by_id
    moved = 0
    for a in plan.assignments:
        origin = officers[a.officer_id].domicile
        target = coops[a.cooperative_id].village
        if origin == target:
            assert a.travel_minutes == 0
            continue
        moved += 1
        assert a.travel_minutes == round(table[(origin, target)])
    assert moved > 0


def test_geography_is_the_same_for_every_seed() -> None:
    a, b = generate("kutai-timur", seed=0), generate("kutai-timur", seed=7)
    assert [(v.code, v.name, v.lat, v.lon) for v in a.villages] == [
        (v.code, v.name, v.lat, v.lon) for v in b.villages
    ]
    assert a.travel == b.travel
    assert len(a.travel or []) == 141 * 140


def test_demo_shows_the_real_names(capsys: pytest.CaptureFixture[str]) -> None:
    from koperasi_alloc.cli import main

    assert main(["demo", "--quiet", "--time-limit", "10", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "Kabupaten Kutai Timur: 18 kecamatan, 141 desa/kelurahan" in out
    assert "check: valid" in out
    # the table of figures: one line per kecamatan by its real name, then the total
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("district"))
    rows = [line.rsplit(maxsplit=7) for line in lines[start + 1 : start + 19]]
    names = {d["name"] for d in _shipped()["kecamatan"]}
    shown = {r[0] for r in rows}
    assert shown == names
    plan_filled = next(line for line in lines if line.startswith("filled"))
    assert int(plan_filled.split()[1]) == sum(int(r[4]) for r in rows)
