"""Tests of the synthetic region generator koperasi_alloc.synth."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import Counter

import pytest

from koperasi_alloc.geometry import gabriel_adjacency
from koperasi_alloc.scenario import Employment, Scenario, VillageKind
from koperasi_alloc.synth import KNOBS, PRESETS, generate

KUTAI_TIMUR = {
    "64.08.01": ("Muara Ancalong", 9),
    "64.08.02": ("Muara Wahau", 10),
    "64.08.03": ("Muara Bengkal", 7),
    "64.08.04": ("Sangatta Utara", 4),
    "64.08.05": ("Sangkulirang", 15),
    "64.08.06": ("Busang", 6),
    "64.08.07": ("Telen", 8),
    "64.08.08": ("Kombeng", 7),
    "64.08.09": ("Bengalon", 11),
    "64.08.10": ("Kaliorang", 7),
    "64.08.11": ("Sandaran", 9),
    "64.08.12": ("Sangatta Selatan", 4),
    "64.08.13": ("Teluk Pandan", 6),
    "64.08.14": ("Rantau Pulung", 9),
    "64.08.15": ("Kaubun", 8),
    "64.08.16": ("Karangan", 7),
    "64.08.17": ("Batu Ampar", 7),
    "64.08.18": ("Long Mesangat", 7),
}


@pytest.fixture(scope="module")
def kt() -> Scenario:
    return generate("kutai-timur", seed=0)


def _sha(scenario: Scenario) -> str:
    return hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()


def test_presets_listed() -> None:
    assert set(PRESETS) == {"kutai-timur", "province", "national"}


def test_kutai_timur_kecamatan_are_the_real_ones(kt: Scenario) -> None:
    assert {d.code: d.name for d in kt.districts} == {c: n for c, (n, _) in KUTAI_TIMUR.items()}
    per_district = Counter(v.district for v in kt.villages)
    assert dict(per_district) == {c: k for c, (_, k) in KUTAI_TIMUR.items()}
    assert len(kt.villages) == 141
    kelurahan = [v for v in kt.villages if v.kind == VillageKind.KELURAHAN]
    assert sorted(v.district for v in kelurahan) == ["64.08.04", "64.08.12"]
    for v in kt.villages:
        last = v.code.rsplit(".", 1)[1]
        assert last[0] == ("1" if v.kind == VillageKind.KELURAHAN else "2")
        assert v.code.startswith(v.district + ".")
        assert (v.status is None) == (v.kind == VillageKind.KELURAHAN)


def test_kutai_timur_cooperatives_and_officers(kt: Scenario) -> None:
    assert len(kt.cooperatives) == 141
    assert {c.id for c in kt.cooperatives} == {f"KDMP-{v.code}" for v in kt.villages}
    legal = sum(c.legal_entity for c in kt.cooperatives) / len(kt.cooperatives)
    assert 0.75 <= legal <= 0.95
    assert all(1 <= sum(c.demand.values()) <= 3 for c in kt.cooperatives)
    assert len(kt.officers) == 1500
    assert 10 <= len(kt.agencies) <= 15
    assert all(len(o.id) == 18 and o.id.isdigit() for o in kt.officers)
    assert all(1 <= len(o.skills) <= 3 for o in kt.officers)
    kinds = Counter(o.employment for o in kt.officers)
    assert set(kinds) == set(Employment)
    groups = Counter(o.group for o in kt.officers)
    assert groups["guru"] > 0
    assert groups["nakes"] > 0
    assert any(o.education in ("SD", "SMP", "SMA", "D1", "D2") for o in kt.officers)
    assert any(o.max_cooperatives == 2 for o in kt.officers)
    assert any(not o.available for o in kt.officers)
    caps = [a.release_cap for a in kt.agencies]
    assert None in caps
    assert any(a.max_release is not None for a in kt.agencies)
    assert any(a.max_release_fraction is not None for a in kt.agencies)
    # Officers cluster around Sangatta: the seat kecamatan holds the most domiciles.
    domiciles = Counter(kt.village_by_code[o.domicile].district for o in kt.officers)
    assert domiciles.most_common(1)[0][0] == "64.08.04"
    assert domiciles["64.08.06"] < domiciles["64.08.04"] / 5  # Busang, far inland


def test_kutai_timur_coordinates_inside_extent(kt: Scenario) -> None:
    # Kutai Timur's real extent; Sandaran's coast reaches past 118.9 E.
    points = [(d.lat, d.lon) for d in kt.districts] + [(v.lat, v.lon) for v in kt.villages]
    for lat, lon in points:
        assert 0.05 <= lat <= 1.52
        assert 116.2 <= lon <= 119.0
    sangatta = kt.district_by_code["64.08.04"]
    assert abs(sangatta.lat - 0.5) < 0.1
    assert abs(sangatta.lon - 117.55) < 0.1


def test_adjacency_is_explicit_and_matches_gabriel(kt: Scenario) -> None:
    assert kt.adjacency is not None
    pairs = [tuple(p) for p in kt.adjacency]
    assert pairs == sorted(pairs)
    assert all(a < b for a, b in pairs)
    assert set(pairs) == set(gabriel_adjacency(kt.districts))


def test_same_seed_same_json_and_other_seed_differs(kt: Scenario) -> None:
    again = generate("kutai-timur", seed=0)
    assert again.model_dump_json() == kt.model_dump_json()
    other = generate("kutai-timur", seed=1)
    assert other.model_dump_json() != kt.model_dump_json()


def test_deterministic_across_processes(kt: Scenario) -> None:
    code = (
        "import hashlib;from koperasi_alloc.synth import generate;"
        "print(hashlib.sha256(generate('kutai-timur', seed=0).model_dump_json().encode())"
        ".hexdigest())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )
    assert result.stdout.strip() == _sha(kt)


def test_province_counts() -> None:
    s = generate("province", seed=2)
    assert len({kab for d in s.districts for kab in [d.code[:5]]}) == 10
    assert len(s.districts) == 105
    assert len(s.villages) == 1_038
    assert len(s.cooperatives) == 1_038
    assert len(s.officers) == 10_000
    assert {d.code[:2] for d in s.districts} == {"64"}
    assert set(map(tuple, s.adjacency or [])) == set(gabriel_adjacency(s.districts))


def test_scarcity_halves_officers() -> None:
    assert len(generate("kutai-timur", scarcity=0.5).officers) == 750
    assert len(generate("kutai-timur", n_officers=321).officers) == 321


def test_knobs_leave_geography_alone(kt: Scenario) -> None:
    lean = generate("kutai-timur", scarcity=0.3, pppk_share=0.9)
    assert lean.villages == kt.villages
    assert lean.cooperatives == kt.cooperatives


def test_pppk_share_one_gives_only_pppk() -> None:
    s = generate("kutai-timur", pppk_share=1.0)
    assert {o.employment for o in s.officers} <= {Employment.PPPK, Employment.PPPK_PARUH_WAKTU}
    none = generate("kutai-timur", pppk_share=0.0)
    assert {o.employment for o in none.officers} == {Employment.PNS}


def test_legal_entity_share() -> None:
    s = generate("kutai-timur", legal_entity_share=0.0)
    assert not any(c.legal_entity for c in s.cooperatives)
    s = generate("kutai-timur", legal_entity_share=1.0)
    assert all(c.legal_entity for c in s.cooperatives)


def test_skill_mix_and_max_cooperatives() -> None:
    s = generate("kutai-timur", skill_mix={"pertanian": 0.0}, max_cooperatives=4)
    assert not any("pertanian" in o.skills for o in s.officers)
    assert {o.max_cooperatives for o in s.officers} == {1, 4}
    narrow = generate("kutai-timur", skill_mix=0.0)
    assert all(len(o.skills) == 1 for o in narrow.officers)
    wide = generate("kutai-timur", skill_mix=1.0)
    assert all(len(o.skills) == 3 for o in wide.officers)


def test_domicile_spread_spreads_officers() -> None:
    def seat_share(s: Scenario) -> float:
        seat = sum(s.village_by_code[o.domicile].district == "64.08.04" for o in s.officers)
        return seat / len(s.officers)

    tight = seat_share(generate("kutai-timur", domicile_spread=3.0))
    loose = seat_share(generate("kutai-timur", domicile_spread=100.0))
    assert tight > loose + 0.1


def test_unknown_knob_raises_naming_it() -> None:
    with pytest.raises(ValueError, match="scarcty") as info:
        generate("kutai-timur", scarcty=0.5)
    for knob in KNOBS:
        assert knob in str(info.value)


@pytest.mark.parametrize(
    ("overrides", "match"),
    [
        ({"pppk_share": 1.5}, "pppk_share"),
        ({"scarcity": -1}, "scarcity"),
        ({"max_cooperatives": 0}, "max_cooperatives"),
        ({"skill_mix": {"tukang": 1.0}}, "tukang"),
        ({"n_officers": 10, "scarcity": 0.5}, "n_officers"),
    ],
)
def test_bad_knob_values_raise(overrides: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        generate("kutai-timur", **overrides)  # type: ignore[arg-type]


def test_unknown_preset_and_bad_seed() -> None:
    with pytest.raises(ValueError, match="presets are"):
        generate("atlantis")
    with pytest.raises(ValueError, match="seed"):
        generate("kutai-timur", seed=-1)


def test_cli_generate_passes_the_knobs_it_is_given(tmp_path, capsys):
    from koperasi_alloc.cli import main
    from koperasi_alloc.io import read_scenario

    path = tmp_path / "scarce.json"
    assert main(["generate", "--seed", "3", "--scarcity", "0.5", "-o", str(path)]) == 0
    expected = generate("kutai-timur", 3, scarcity=0.5)
    assert read_scenario(path).model_dump_json() == expected.model_dump_json()
    assert "750 pegawai" in capsys.readouterr().out  # the CLI speaks Bahasa Indonesia by default

    path = tmp_path / "small.json"
    argv = ["generate", "--n-officers", "40", "--max-cooperatives", "1", "-o", str(path)]
    assert main(argv) == 0
    small = read_scenario(path)
    assert len(small.officers) == 40
    assert {officer.max_cooperatives for officer in small.officers} == {1}


def test_cli_generate_refuses_a_knob_out_of_range_by_name(tmp_path, capsys):
    from koperasi_alloc.cli import main

    path = tmp_path / "bad.json"
    assert main(["generate", "--max-cooperatives", "0", "-o", str(path)]) == 2
    assert "max_cooperatives" in capsys.readouterr().err
    assert not path.exists()
    assert main(["generate", "--scarcity", "0.5", "--n-officers", "9", "-o", str(path)]) == 2
    assert "n_officers" in capsys.readouterr().err
