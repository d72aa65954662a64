"""National summaries: frames per province, kabupaten/kota and kecamatan, and choropleths.

The region: four kecamatan of Kutai Timur (64.08) and the three of Kota Bontang (64.74) from
the province preset, with their cooperatives and 48 officers working there: a plan that
leaves slots empty for several reasons, and a hiring proposal with hires in both.
"""

from __future__ import annotations

from typing import Any

import pytest

import koperasi_alloc as ka
from koperasi_alloc.explain import Explanation, explain
from koperasi_alloc.i18n import share_tenths
from koperasi_alloc.plan import Plan
from koperasi_alloc.planning.hire_proposal import HireProposal
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.summary import (
    empty_reasons,
    summary_frame,
    summary_records,
    unused_reasons,
    value_label,
    values,
)
from tests.tiny import A1, coop, officer
from tests.tiny import region as tiny_region

pd = pytest.importorskip("pandas")

KEPT = ("64.08.04", "64.08.09", "64.08.12", "64.08.13", "64.74.01", "64.74.02", "64.74.03")
COUNTS = ("cooperatives", "demanded", "closed", "open", "filled", "empty")


@pytest.fixture(scope="module")
def region() -> Scenario:
    full = ka.generate("province", seed=0, n_officers=800)
    data = full.model_dump()
    villages = {v.code for v in full.villages if v.district in KEPT}
    data["districts"] = [d.model_dump() for d in full.districts if d.code in KEPT]
    data["villages"] = [v.model_dump() for v in full.villages if v.code in villages]
    data["cooperatives"] = [c.model_dump() for c in full.cooperatives if c.village in villages]
    data["officers"] = [
        o.model_dump() for o in full.officers if o.work_district in KEPT and o.domicile in villages
    ]
    data["adjacency"] = [pair for pair in full.adjacency_pairs if set(pair) <= set(KEPT)]
    return Scenario.model_validate(data)


@pytest.fixture(scope="module")
def plan(region: Scenario) -> Plan:
    return ka.solve(region, time_limit=5, workers=1)


@pytest.fixture(scope="module")
def explanation(region: Scenario, plan: Plan) -> Explanation:
    return explain(region, plan)


@pytest.fixture(scope="module")
def proposal(region: Scenario) -> HireProposal:
    return ka.propose_hires(region, time_limit=10, workers=1)


def _sum(records: list[dict[str, Any]], column: str) -> int:
    return sum(int(r[column]) for r in records)


@pytest.mark.parametrize("by", ["province", "kabupaten", "kecamatan"])
def test_the_totals_are_the_plans_figures(
    region: Scenario, plan: Plan, explanation: Explanation, by: str
) -> None:
    records = summary_records(region, plan, by, explanation=explanation)  # type: ignore[arg-type]
    total = plan.figures(region).total
    assert [_sum(records, c) for c in COUNTS[1:]] == [
        total.demanded,
        total.closed,
        total.open,
        total.filled,
        total.empty,
    ]
    assert _sum(records, "cooperatives") == len(region.cooperatives)
    # every empty slot and every unused officer has its reason, and only one
    assert sum(_sum(records, f"empty_{r}") for r in empty_reasons()) == total.empty
    assert _sum(records, "officers") == len(region.officers)
    assert _sum(records, "placed") == len({a.officer_id for a in plan.assignments})
    unused = _sum(records, "unused")
    assert sum(_sum(records, f"unused_{r}") for r in unused_reasons()) == unused
    assert unused == len(explanation.unassigned) > 0
    # the same per-area numbers as the Ringkasan sheet, the CLI table and explain
    ringkasan = plan.figures(region, explanation.reasons)
    for record, row in zip(records, ringkasan.rows(by), strict=True):  # type: ignore[arg-type]
        assert record[by] == row.code
        assert [record[c] for c in COUNTS[1:]] == [
            row.counts.demanded,
            row.counts.closed,
            row.counts.open,
            row.counts.filled,
            row.counts.empty,
        ]


def test_empty_slots_have_several_reasons(
    region: Scenario, plan: Plan, explanation: Explanation
) -> None:
    (record,) = summary_records(region, plan, "province", explanation=explanation)
    assert record["empty"] > 0
    assert sum(record[f"empty_{r}"] > 0 for r in empty_reasons()) >= 2
    assert record["closed"] > 0


def test_each_kabupaten_is_the_sum_of_its_kecamatan(
    region: Scenario, plan: Plan, explanation: Explanation, proposal: HireProposal
) -> None:
    kabupaten = summary_records(
        region, plan, "kabupaten", explanation=explanation, proposal=proposal
    )
    kecamatan = summary_records(
        region, plan, "kecamatan", explanation=explanation, proposal=proposal
    )
    assert [r["kabupaten"] for r in kabupaten] == ["64.08", "64.74"]
    assert [r["kabupaten_name"] for r in kabupaten] == ["Kabupaten Kutai Timur", "Kota Bontang"]
    counted = [v for v in values(True) if not v.startswith("share")]
    for row in kabupaten:
        parts = [r for r in kecamatan if r["kabupaten"] == row["kabupaten"]]
        assert len(parts) == {"64.08": 4, "64.74": 3}[row["kabupaten"]]
        for column in counted:
            assert row[column] == _sum(parts, column), column
        tenths = share_tenths(row["filled"], row["open"])
        assert row["share_filled"] == (None if tenths is None else tenths / 1000)


def test_hires_per_kabupaten_are_the_proposals_table(
    region: Scenario, plan: Plan, explanation: Explanation, proposal: HireProposal
) -> None:
    assert proposal.hires > 0
    records = summary_records(region, plan, "kabupaten", explanation=explanation, proposal=proposal)
    table = {k.kabupaten: k.hires for k in proposal.kabupaten}
    assert {r["kabupaten"]: r["hires"] for r in records if r["hires"]} == table
    assert len(table) == 2
    assert _sum(records, "hires") == proposal.hires
    assert _sum(records, "filled_with_hires") == proposal.filled_after
    (nation,) = summary_records(region, plan, "province", explanation=explanation,
                                proposal=proposal)  # fmt: skip
    assert nation["hires"] == proposal.hires


def test_the_frame_speaks_the_analysts_language(
    region: Scenario, plan: Plan, explanation: Explanation, proposal: HireProposal
) -> None:
    frame = summary_frame(region, plan, "kabupaten", explanation=explanation, proposal=proposal)
    assert list(frame.columns[:4]) == ["kode_kabupaten", "kabupaten_kota", "kode_provinsi",
                                       "provinsi"]  # fmt: skip
    assert {"posisi_terisi", "bagian_terisi", "kosong_tak_terjangkau", "usulan_pppk_baru",
            "tanpa_tugas_batas_instansi"} <= set(frame.columns)  # fmt: skip
    english = summary_frame(
        region, plan, "kabupaten", explanation=explanation, proposal=proposal, lang="en"
    )
    records = summary_records(region, plan, "kabupaten", explanation=explanation,
                              proposal=proposal)  # fmt: skip
    assert list(english.columns) == list(records[0])
    assert english["filled"].tolist() == frame["posisi_terisi"].tolist()
    assert english["share_filled"].dtype == float
    without = summary_frame(region, plan, "province", explanation=explanation, lang="en")
    assert "hires" not in without.columns
    assert len(without) == 1


def test_wrong_arguments_say_so_in_the_callers_language(
    region: Scenario, plan: Plan, explanation: Explanation
) -> None:
    with pytest.raises(ValueError, match='by harus "province"'):
        summary_frame(region, plan, "desa", explanation=explanation)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='by must be "province"'):
        summary_records(region, plan, "desa", lang="en")  # type: ignore[arg-type]
    assert value_label("empty_no_candidate_in_reach", "en") == (
        "empty slots: nobody eligible within reach"
    )
    assert value_label("unused_agency_cap", "id") == (
        "pegawai tanpa tugas: batas pelepasan instansi tercapai"
    )


def test_to_frame_names_the_officer_cooperative_and_region(region: Scenario, plan: Plan) -> None:
    frame = plan.to_frame(region)
    row = frame.iloc[0]
    assert row["officer_name"]
    assert row["cooperative_name"]
    assert row["employment"] in ("PNS", "PPPK", "PPPK_PARUH_WAKTU")
    assert row["kecamatan_name"] == region.district_by_code[row["kecamatan"]].name
    kabupaten = {"64.08": "Kabupaten Kutai Timur", "64.74": "Kota Bontang"}
    assert set(frame["kabupaten_name"]) <= set(kabupaten.values())
    assert set(frame["province_name"]) == {"Kalimantan Timur"}


# --- choropleths --------------------------------------------------------------------------


@pytest.mark.parametrize(("by", "areas"), [("province", 1), ("kabupaten", 2), ("kecamatan", 7)])
def test_the_choropleth_colours_each_area(
    region: Scenario, plan: Plan, explanation: Explanation, by: str, areas: int
) -> None:
    pytest.importorskip("matplotlib")
    pytest.importorskip("shapely")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from koperasi_alloc.plots import plot_choropleth

    ax = plot_choropleth(region, plan, by=by, explanation=explanation)  # type: ignore[arg-type]
    filled, *outlines = ax.collections
    assert len(filled.get_paths()) == areas
    assert outlines  # the outlines over the areas
    assert "bagian posisi terbuka yang terisi" in ax.get_title()
    texts = [t.get_text() for t in ax.texts]
    records = summary_records(region, plan, by, explanation=explanation)  # type: ignore[arg-type]
    if by == "kabupaten":  # the names with their share, as Indonesian writes it
        share = records[0]["share_filled"]
        assert any(t.startswith("Kutai Timur\n") and t.endswith(" %") for t in texts)
        assert f"{share * 100:.1f}".replace(".", ",") in " ".join(texts)
    plt.close(ax.figure)


def test_the_choropleth_refuses_what_it_cannot_draw(
    region: Scenario, plan: Plan, explanation: Explanation
) -> None:
    pytest.importorskip("matplotlib")
    from koperasi_alloc.plots import plot_choropleth

    with pytest.raises(ValueError, match="needs a hiring proposal"):
        plot_choropleth(region, plan, value="hires", explanation=explanation, lang="en")
    with pytest.raises(ValueError, match="nilai 'coverage' tidak dikenal"):
        plot_choropleth(region, plan, value="coverage", explanation=explanation)
    # a region of made-up codes (province 99 does not exist) has no boundary to colour
    tiny = tiny_region([officer("o1", A1)], [coop("k1", A1)])
    made_up = Scenario.model_validate_json(tiny.model_dump_json().replace("64.08.", "99.01."))
    made_up_plan = ka.solve(made_up, time_limit=5, workers=1)
    with pytest.raises(ValueError, match="no shipped boundary for the kecamatan"):
        plot_choropleth(made_up, made_up_plan, by="kecamatan", lang="en")


def test_province_outlines_are_dissolved_from_their_kabupaten() -> None:
    shapely = pytest.importorskip("shapely")
    from koperasi_alloc._choropleth import province_outlines
    from koperasi_alloc.wilayah import boundaries

    def area(polygons: list[Any]) -> float:
        shapes = [shapely.Polygon(p[0], p[1:]) for p in polygons]
        return float(shapely.union_all([shapely.make_valid(s) for s in shapes]).area)

    (outline,) = province_outlines(["64"]).values()
    kabupaten = [p for code, ps in boundaries("kabupaten").items() if code[:2] == "64" for p in ps]
    assert area(outline) == pytest.approx(area(kabupaten), rel=0.01)
    # one outline, not ten: the seams between the kabupaten are gone (islands stay apart)
    largest = max(outline, key=lambda p: shapely.Polygon(p[0]).area)
    assert shapely.Polygon(largest[0]).area > 0.95 * area(outline)
    assert len(province_outlines()) == 38


def test_the_interactive_choropleth(
    region: Scenario, plan: Plan, explanation: Explanation, proposal: HireProposal
) -> None:
    pytest.importorskip("folium")
    from koperasi_alloc.maps import explore_summary, html_of

    m = explore_summary(
        region, plan, by="kecamatan", value="hires", proposal=proposal, explanation=explanation
    )
    page = html_of(m)
    assert page.count('"kecamatan_name"') >= 7
    assert "usulan PPPK baru (hipotetis) per kecamatan" in page
    assert "batas kabupaten/kota" in page


def test_the_map_command_writes_the_choropleth(
    region: Scenario, plan: Plan, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("folium")
    from koperasi_alloc.cli import main
    from koperasi_alloc.io import save_plan, save_scenario

    save_scenario(region, tmp_path / "wilayah.json")
    save_plan(plan, tmp_path / "rencana.json")
    out = tmp_path / "peta.html"
    args = ["map", str(tmp_path / "wilayah.json"), str(tmp_path / "rencana.json")]
    assert main([*args, "--by", "kabupaten", "--value", "empty", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "posisi terbuka yang kosong per kabupaten/kota" in page
    assert page.count('"kabupaten_name"') >= 2
    assert main([*args, "--by", "kabupaten", "--value", "hires", "-o", str(out)]) == 2
    assert "memerlukan usulan" in capsys.readouterr().err
