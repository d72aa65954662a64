"""Maps of a plan: the GeoJSON export with boundaries, the static maps and the interactive
HTML map (written, then loaded by headless Chromium where it is installed)."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from koperasi_alloc import propose_hires, solve
from koperasi_alloc.cli import main
from koperasi_alloc.io.formats import write_plan
from koperasi_alloc.io.geojson import hires_geojson, map_geojson, village_tallies
from koperasi_alloc.plan import Plan
from koperasi_alloc.planning import HireProposal
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.synth import generate

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def kt() -> tuple[Scenario, Plan]:
    scenario = generate("kutai-timur", seed=0, scarcity=0.35)
    return scenario, solve(scenario, time_limit=3, workers=1)


@pytest.fixture(scope="module")
def proposal() -> HireProposal:
    full = generate("kutai-timur", seed=3, n_officers=60)
    keep = {d.code for d in full.districts[:4]}
    data = full.model_dump()
    data["cooperatives"] = [
        c for c in data["cooperatives"] if full.village_by_code[c["village"]].district in keep
    ]
    return propose_hires(Scenario.model_validate(data), time_limit=10, workers=1)


def test_geojson_has_a_polygon_for_every_kecamatan_of_kutai_timur(
    kt: tuple[Scenario, Plan], tmp_path: Path
) -> None:
    shapely = pytest.importorskip("shapely")
    from shapely.geometry import Point, shape

    scenario, plan = kt
    path = tmp_path / "peta.geojson"
    write_plan(plan, scenario, path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert len(shapely.from_geojson(text).geoms) == len(data["features"])  # GEOS reads it
    layers: dict[str, list[dict[str, Any]]] = {}
    for feature in data["features"]:
        layers.setdefault(feature["properties"]["layer"], []).append(feature)
    kecamatan = {f["properties"]["code"]: f for f in layers["kecamatan"]}
    assert set(kecamatan) == {d.code for d in scenario.districts}
    inside = 0
    for village in scenario.villages:
        area = shape(kecamatan[village.district]["geometry"])
        assert area.geom_type in ("Polygon", "MultiPolygon")
        assert area.area > 0
        minx, miny, maxx, maxy = area.bounds  # GeoJSON order: lon first
        assert 115.5 < minx < maxx < 119.5
        assert 0.0 < miny < maxy < 2.0
        inside += shapely.make_valid(area).buffer(0.005).contains(Point(village.lon, village.lat))
    assert inside == len(scenario.villages)
    assert [f["properties"]["name"] for f in layers["kabupaten"]] == ["Kabupaten Kutai Timur"]
    assert len(layers["desa"]) == len(scenario.villages)
    assert len(layers["village"]) == len(scenario.villages)
    assert len(layers["assignment"]) == len(plan.assignments)
    assert sum(f["properties"]["filled"] for f in layers["kecamatan"]) == plan.filled
    tallies = village_tallies(scenario, plan)
    assert sum(t.open for t in tallies.values()) == sum(
        f["properties"]["open"] for f in layers["kecamatan"]
    )


def test_hires_geojson_counts_every_hire(proposal: HireProposal) -> None:
    places = hires_geojson(proposal)["features"]
    assert sum(f["properties"]["hires"] for f in places) == proposal.hires > 0
    assert all(f["properties"]["hypothetical"] for f in places)
    layers = {
        f["properties"]["layer"] for f in map_geojson(proposal.scenario, None, proposal)["features"]
    }
    assert {"kecamatan", "kabupaten", "village", "assignment", "hires"} <= layers


def _overlaps(boxes: list[Any]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    ]


def test_static_map_labels_apart_and_legend_outside(kt: tuple[Scenario, Plan]) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from koperasi_alloc.plots import plot_map

    scenario, plan = kt
    ax = plot_map(scenario, plan, lang="id")
    figure = ax.figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    names = {d.name for d in scenario.districts}
    labels = [t for t in ax.texts if t.get_text() in names]
    assert len(labels) == len(scenario.districts)
    assert _overlaps([t.get_window_extent(renderer) for t in labels]) == []
    legend = figure.legends[0]
    assert not legend.get_window_extent(renderer).overlaps(ax.get_window_extent(renderer))
    assert ax.get_xlabel() == "bujur (°BT)"
    assert len(ax.collections) >= 5  # kecamatan, desa, kabupaten, lines, villages


def test_hires_figure_shows_every_hire(proposal: HireProposal) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from koperasi_alloc.plots import plot_hires

    figure = plot_hires(proposal)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    left, right = figure.axes[:2]
    counts = [int(t.get_text()) for t in right.texts if t.get_text().isdigit()]
    assert sum(counts) == proposal.hires
    legend = figure.legends[0].get_window_extent(renderer)
    for ax in (left, right):
        assert not legend.overlaps(ax.xaxis.label.get_window_extent(renderer))
        assert not legend.overlaps(ax.get_window_extent(renderer))


def test_tradeoff_axes_start_at_zero(kt: tuple[Scenario, Plan]) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from koperasi_alloc.planning.tradeoff import Tradeoff, TradeoffRow

    rows = [
        TradeoffRow(value=v, status="FEASIBLE", filled=f, total_slots=300, coverage=c,
                    coverage_bound=c + 5, gap=0.0, time=1.0)
        for v, f, c in ((10, 200, 2000), (20, 201, 2010))
    ]  # fmt: skip
    ax = Tradeoff.model_validate({"vary": "radius_km", "rows": {"rows": rows}}).plot()
    right = next(other for other in ax.figure.axes if other is not ax)
    assert right.get_ylim()[0] == 0
    assert right.get_ylim()[1] >= 2015


class _Drawn(HTMLParser):
    """Counts Leaflet's drawn shapes (SVG paths) and the hire numbers in a page's DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.paths = 0
        self.hire_numbers: list[str] = []
        self._in_count = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "path" and "leaflet-interactive" in classes:
            self.paths += 1
        self._in_count = tag == "div" and "ka-count" in classes

    def handle_data(self, data: str) -> None:
        if self._in_count:
            self.hire_numbers.append(data)
            self._in_count = False


def _dom(page: Path, tmp_path: Path) -> _Drawn:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--virtual-time-budget=10000",
        "--dump-dom",
        page.resolve().as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    drawn = _Drawn()
    drawn.feed(result.stdout)
    return drawn


def test_html_map_is_self_contained(kt: tuple[Scenario, Plan], tmp_path: Path) -> None:
    pytest.importorskip("folium")
    from koperasi_alloc.maps import write_map

    scenario, plan = kt
    page = write_map(scenario, plan, tmp_path / "peta.html", tiles=None).read_text("utf-8")
    assert "cdn.jsdelivr" not in page
    assert "code.jquery" not in page
    assert "L.map(" in page
    assert "Leaflet 1.9" in page  # the script itself, written in
    assert "keterisian per kecamatan" in page  # Indonesian by default


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here (apt-get install chromium)")
def test_html_map_draws_every_feature_in_chromium(
    kt: tuple[Scenario, Plan], proposal: HireProposal, tmp_path: Path
) -> None:
    pytest.importorskip("folium")
    from koperasi_alloc.maps import write_map

    scenario, plan = kt
    drawn = _dom(write_map(scenario, plan, tmp_path / "peta.html", tiles=None), tmp_path)
    tallies = village_tallies(scenario, plan)
    cooperatives = {c.village for c in scenario.cooperatives}
    vacancies = sum(t.open > t.filled for t in tallies.values())
    # 18 kecamatan, 1 kabupaten outline, a circle per cooperative village, a ring per vacancy
    assert drawn.paths == len(scenario.districts) + 1 + len(cooperatives) + vacancies
    assert vacancies > 0

    hires = write_map(proposal.scenario, None, tmp_path / "usulan.html", proposal, lang="en")
    drawn = _dom(hires, tmp_path)
    places = hires_geojson(proposal)["features"]
    assert sum(int(n) for n in drawn.hire_numbers) == proposal.hires
    assert len(drawn.hire_numbers) == len(places)


def test_map_command_writes_html(kt: tuple[Scenario, Plan], tmp_path: Path) -> None:
    pytest.importorskip("folium")
    scenario, plan = kt
    region = tmp_path / "region.json"
    region.write_text(scenario.model_dump_json(), encoding="utf-8")
    write_plan(plan, None, tmp_path / "plan.json")
    out = tmp_path / "peta.html"
    status = main(["map", str(region), str(tmp_path / "plan.json"), "-o", str(out), "--no-tiles"])
    assert status == 0
    assert "<script>" in out.read_text(encoding="utf-8")
    english = tmp_path / "map.html"
    main(["map", str(region), str(tmp_path / "plan.json"), "-o", str(english), "--lang", "en"])
    assert "coverage by kecamatan" in english.read_text(encoding="utf-8")
