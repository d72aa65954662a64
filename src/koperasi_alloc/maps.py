"""An interactive map of a plan: zoomable, with popups, for notebooks and for planners
without Python (one HTML file that opens in any browser and travels by e-mail).

Needs the ``map`` extra (``pip install koperasi-alloc[map]``): folium, which writes Leaflet
maps as one HTML file, and XStatic-Leaflet, whose copy of Leaflet's script and style is
written into that file, so it shows without an internet connection (only the optional
background tiles need one). Folium was chosen over ipyleaflet because ipyleaflet is a
Jupyter widget that needs a running kernel, while a planner e-mails a file.

>>> from koperasi_alloc.maps import explore, write_map  # doctest: +SKIP
>>> explore(scenario, plan)  # doctest: +SKIP
>>> write_map(scenario, plan, "peta.html", lang="id")  # doctest: +SKIP

:func:`explore_summary` colours provinces, kabupaten/kota or kecamatan by a value of the
national summary (:mod:`koperasi_alloc.summary`), as :func:`koperasi_alloc.plots.
plot_choropleth` does on paper, from the same features.

The map draws what :func:`koperasi_alloc.io.geojson.map_geojson` exports (one computation
of the slots demanded, open and filled): kabupaten/kota outlines; kecamatan coloured by
slots filled / open (kabupaten/kota instead, for a region of more than
:data:`MAX_KECAMATAN` kecamatan); cooperatives as circles with a popup (slots filled and
empty, and who fills them); vacancies as red rings; proposed hires as purple circles with
their number; assignment lines and desa outlines as layers to switch on.
"""

from __future__ import annotations

import base64
import html
import re
from collections import defaultdict
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from koperasi_alloc._choropleth import (
    PALETTES,
    area_features,
    colour_hex,
    colour_scale,
    level_word,
    outline_features,
    value_text,
)
from koperasi_alloc.i18n import say
from koperasi_alloc.io.geojson import (
    BoundaryLevel,
    assignments_geojson,
    boundaries_geojson,
    hires_geojson,
    village_tallies,
    villages_geojson,
)
from koperasi_alloc.map_words import Lang, words
from koperasi_alloc.summary import SummaryLevel, check_value, summary_records, value_label

if TYPE_CHECKING:
    import folium

    from koperasi_alloc.explain import Explanation
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.planning.hire_proposal import HireProposal
    from koperasi_alloc.scenario import Scenario

__all__ = ["MAX_KECAMATAN", "MAX_MARKERS", "explore", "explore_summary", "html_of", "write_map"]

MAX_KECAMATAN = 1_000
"""Above this many kecamatan the map colours kabupaten/kota, not kecamatan."""
MAX_MARKERS = 3_000
"""Above this many villages the map leaves out the village circles and lines."""

_LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
_LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"
_DOLLAR = (
    "<script>if (typeof window.$ === 'undefined') { window.$ = function (markup) {"
    " var t = document.createElement('template'); t.innerHTML = markup.trim();"
    " return [t.content.firstChild]; }; }</script>"
)
"""folium's popups call jQuery's ``$(html)[0]`` only to turn their HTML into an element;
this one function does that, so the page needs no jQuery (nor bootstrap: Leaflet only)."""
_STOPS = ("#a50026", "#f46d43", "#fee08b", "#a6d96a", "#1a9850")  # RdYlGn at 0, .25 .. 1


def _folium() -> Any:
    try:
        import folium
    except ImportError as error:  # pragma: no cover - exercised without folium only
        raise ImportError(
            "koperasi_alloc's interactive map needs folium: pip install koperasi-alloc[map]"
        ) from error
    return folium


def _colour(coverage: float | None) -> str:
    """Red (0) to green (1), as the static maps; grey when nothing is open."""
    if coverage is None:
        return "#bdbdbd"
    return _STOPS[min(int(coverage * (len(_STOPS) - 1) + 0.5), len(_STOPS) - 1)]


def _bounds(scenario: Scenario) -> list[list[float]]:
    lats = [v.lat for v in scenario.villages] + [d.lat for d in scenario.districts]
    lons = [v.lon for v in scenario.villages] + [d.lon for d in scenario.districts]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _percent(properties: dict[str, Any]) -> str:
    coverage = properties["coverage"]
    return "–" if coverage is None else f"{100 * coverage:.0f} %"


def _areas(
    fm: Any, m: folium.Map, scenario: Scenario, plan: Plan | None, said: dict[str, str]
) -> None:
    """Kabupaten outlines, coverage per kecamatan (or per kabupaten), desa outlines."""
    tallies = village_tallies(scenario, plan)
    fine = len(scenario.districts) <= MAX_KECAMATAN
    level: BoundaryLevel = "kecamatan" if fine else "kabupaten"
    areas = boundaries_geojson(scenario, plan, level, tallies)
    for feature in areas["features"]:
        properties = feature["properties"]
        properties["share"] = _percent(properties)
        properties["fill"] = _colour(properties["coverage"])
    fm.GeoJson(
        areas,
        name=said["coverage_layer"].format(level=level),
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "fillOpacity": 0.45,
            "color": "#555555",
            "weight": 1,
        },
        tooltip=fm.GeoJsonTooltip(
            fields=["name", "code", "filled", "open", "share"],
            aliases=[level, "kode", said["filled"], said["open"], "%"],
        ),
    ).add_to(m)
    if fine:
        outline = boundaries_geojson(scenario, plan, "kabupaten", tallies)
        fm.GeoJson(
            outline,
            name=said["kabupaten"],
            style_function=lambda f: {"fill": False, "color": "#222222", "weight": 2.5},
        ).add_to(m)
    if len(scenario.villages) <= MAX_MARKERS:
        desa = boundaries_geojson(scenario, plan, "desa", tallies)
        if desa["features"]:
            fm.GeoJson(
                desa,
                name=said["desa"],
                show=False,
                style_function=lambda f: {"fill": False, "color": "#777777", "weight": 0.7},
                tooltip=fm.GeoJsonTooltip(fields=["name", "code"], aliases=["desa", "kode"]),
            ).add_to(m)


def _who(scenario: Scenario, plan: Plan | None) -> dict[str, list[str]]:
    """Per village, a line for each officer assigned there: name, id, role, agency."""
    out: dict[str, list[str]] = defaultdict(list)
    if plan is None:
        return out
    for a in plan.assignments:
        cooperative = scenario.cooperative_by_id.get(a.cooperative_id)
        officer = scenario.officer_by_id.get(a.officer_id)
        if cooperative is None or officer is None:
            continue
        name = html.escape(officer.name or officer.id)
        out[cooperative.village].append(
            f"{name} ({html.escape(officer.id)}), {html.escape(a.role)}, "
            f"{html.escape(officer.agency)}"
        )
    return out


def _popup(properties: dict[str, Any], who: list[str], said: dict[str, str]) -> str:
    empty = properties["open"] - (properties["filled"] or 0)
    rows = [
        f"<b>{html.escape(properties['name'])}</b> ({properties['code']})",
        f"Kec. {html.escape(properties['kecamatan_name'] or properties['kecamatan'])}",
        f"{said['cooperatives']}: {html.escape(', '.join(properties['cooperatives']))}",
        f"{said['demanded']}: {properties['demanded']}; {said['closed']}: {properties['closed']}",
        f"{said['open']}: {properties['open']}; {said['filled']}: "
        f"{properties['filled'] if properties['filled'] is not None else '–'}; "
        f"{said['empty']}: {empty if properties['filled'] is not None else '–'}",
    ]
    if who:
        rows.append(f"{said['who']}:<br>" + "<br>".join(f"&nbsp;• {w}" for w in who))
    return "<br>".join(rows)


def _villages(
    fm: Any, m: folium.Map, scenario: Scenario, plan: Plan | None, said: dict[str, str]
) -> None:
    """Cooperative villages with popups, vacancies as red rings, assignment lines."""
    cooperatives = fm.FeatureGroup(name=said["cooperatives"])
    vacancies = fm.FeatureGroup(name=said["vacancies"])
    who = _who(scenario, plan)
    for feature in villages_geojson(scenario, plan)["features"]:
        properties = feature["properties"]
        if not properties["cooperatives"]:
            continue
        lon, lat = feature["geometry"]["coordinates"]
        colour = _colour(properties["coverage"]) if plan is not None else "#2c7fb8"
        fm.CircleMarker(
            [lat, lon],
            radius=6,
            color="#222222",
            weight=1,
            fill=True,
            fill_color=colour,
            fill_opacity=0.9,
            popup=fm.Popup(_popup(properties, who[properties["code"]], said), max_width=420),
            tooltip=html.escape(properties["name"]),
        ).add_to(cooperatives)
        empty = properties["open"] - (properties["filled"] or 0)
        if plan is not None and empty > 0:
            fm.CircleMarker(
                [lat, lon],
                radius=8 + 2 * empty,
                color="#d7191c",
                weight=2,
                fill=False,
                tooltip=f"{said['empty']}: {empty}",
            ).add_to(vacancies)
    cooperatives.add_to(m)
    if plan is not None:
        vacancies.add_to(m)
        lines = fm.FeatureGroup(name=said["assignment"], show=False)
        for feature in assignments_geojson(scenario, plan)["features"]:
            (x0, y0), (x1, y1) = feature["geometry"]["coordinates"]
            fm.PolyLine([[y0, x0], [y1, x1]], color="#2b83ba", weight=1, opacity=0.6).add_to(lines)
        lines.add_to(m)


def _hires(fm: Any, m: folium.Map, proposal: HireProposal, said: dict[str, str]) -> None:
    """A purple circle per work place of hires, sized by and marked with their number."""
    group = fm.FeatureGroup(name=said["hires_short"])
    for feature in hires_geojson(proposal)["features"]:
        properties = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        roles = ", ".join(f"{role}: {n}" for role, n in properties["roles"].items())
        text = (
            f"<b>{properties['hires']} {said['hires_short']}</b><br>"
            f"Kec. {html.escape(properties['kecamatan_name'])}<br>{said['role']}: {roles}<br>"
            f"{said['cooperatives']}: {html.escape(', '.join(properties['cooperatives']))}<br>"
            f"<i>{said['hypothetical']}</i>"
        )
        fm.CircleMarker(
            [lat, lon],
            radius=7 + 2.2 * properties["hires"] ** 0.5,
            color="#ffffff",
            weight=1.5,
            fill=True,
            fill_color="#6a3d9a",
            fill_opacity=0.9,
            popup=fm.Popup(text, max_width=360),
        ).add_to(group)
        fm.Marker(
            [lat, lon],
            icon=fm.DivIcon(
                html=f'<div class="ka-count">{properties["hires"]}</div>',
                icon_size=(24, 14),
                icon_anchor=(12, 7),
            ),
        ).add_to(group)
    group.add_to(m)


def _legend(
    scenario: Scenario, plan: Plan | None, proposal: HireProposal | None, said: dict[str, str]
) -> str:
    filled = open_ = 0
    for tally in village_tallies(scenario, plan).values():
        filled, open_ = filled + tally.filled, open_ + tally.open
    title = html.escape(scenario.name)
    if plan is not None:
        title += ": " + said["filled_of"].format(filled=filled, open=open_)
    swatches = "".join(
        f'<span style="background:{c};width:18px;display:inline-block">&nbsp;</span>'
        for c in _STOPS
    )
    hires = (
        f'<br><span style="color:#6a3d9a">&#9679;</span> {said["hires"]}'
        if proposal is not None
        else ""
    )
    return (
        "<style>.ka-count{color:#fff;font:bold 11px sans-serif;text-align:center}</style>"
        '<div id="ka-legend" style="position:fixed;bottom:26px;right:10px;z-index:1000;'
        "background:rgba(255,255,255,.92);padding:8px 10px;font:12px sans-serif;"
        f'border-radius:4px;max-width:360px"><b>{title}</b><br>{said["coverage"]}: 0 '
        f"{swatches} 1<br>"
        f'<span style="color:#d7191c">&#9711;</span> {said["vacancies"]}{hires}</div>'
    )


def _offline_map(fm: Any, scenario: Scenario, tiles: str | None) -> Any:
    """An empty map of the scenario's region whose Leaflet :func:`html_of` writes in."""
    m = fm.Map(tiles=tiles, control_scale=True, prefer_canvas=False)
    m.default_js = [("leaflet", _LEAFLET_JS)]
    m.default_css = [("leaflet_css", _LEAFLET_CSS)]
    m.get_root().header.add_child(fm.Element(_DOLLAR))
    m.fit_bounds(_bounds(scenario))
    return m


def explore(
    scenario: Scenario,
    plan: Plan | None = None,
    proposal: HireProposal | None = None,
    *,
    lang: Lang = "id",
    tiles: str | None = "OpenStreetMap",
) -> folium.Map:
    """A zoomable map of a plan (a ``folium.Map``; shows itself in a notebook).

    Parameters
    ----------
    scenario
        The scenario (with a proposal: its ``scenario``, which holds the hires).
    plan
        A plan of it (with a proposal and no plan: ``proposal.plan``).
    proposal
        A hiring proposal: its hires are drawn at their work places with their number.
    lang
        ``"id"`` (default) or ``"en"``: the language of layer names, popups and legend.
    tiles
        Background tiles (a folium tile name or URL; fetched from the internet when the
        map is shown), or None for none: the boundaries alone make the map.

    Returns
    -------
    folium.Map
        Layers (switch them in the corner): coverage by kecamatan (by kabupaten/kota above
        :data:`MAX_KECAMATAN` kecamatan), kabupaten/kota outlines, desa outlines (where
        shipped; off), cooperatives (popup: slots demanded, closed, open, filled, empty,
        and who), vacancies (red rings, larger for more empty slots), assignments (off),
        proposed hires. Up to :data:`MAX_MARKERS` villages; above, areas only.
    """
    fm = _folium()
    said = words(lang)
    if proposal is not None and plan is None:
        scenario, plan = proposal.scenario, proposal.plan
    m = _offline_map(fm, scenario, tiles)
    _areas(fm, m, scenario, plan, said)
    if len(scenario.villages) <= MAX_MARKERS:
        _villages(fm, m, scenario, plan, said)
    if proposal is not None:
        _hires(fm, m, proposal, said)
    m.get_root().html.add_child(fm.Element(_legend(scenario, plan, proposal, said)))
    fm.LayerControl(collapsed=False).add_to(m)
    return m


def _inline_css(css: str, images: Path) -> str:
    """Leaflet's style with its images written in as data URIs (no files beside)."""

    def data_uri(match: re.Match[str]) -> str:
        name = match.group(1)
        encoded = base64.b64encode((images / name).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{encoded})"

    return re.sub(r"url\(images/([\w.-]+\.png)\)", data_uri, css)


def html_of(m: folium.Map) -> str:
    """The map as one self-contained HTML page: Leaflet's script and style are written in
    (from XStatic-Leaflet), nothing is loaded from elsewhere but the background tiles."""
    try:
        leaflet = files("xstatic.pkg.leaflet").joinpath("data")
    except ModuleNotFoundError as error:  # pragma: no cover - the map extra brings it
        raise ImportError(
            "a self-contained map needs XStatic-Leaflet: pip install koperasi-alloc[map]"
        ) from error
    script = leaflet.joinpath("leaflet.js").read_text(encoding="utf-8")
    style = _inline_css(
        leaflet.joinpath("leaflet.css").read_text(encoding="utf-8"),
        Path(str(leaflet.joinpath("images"))),
    )
    page: str = m.get_root().render()
    page = page.replace(f'<script src="{_LEAFLET_JS}"></script>', f"<script>{script}</script>", 1)
    page = page.replace(
        f'<link rel="stylesheet" href="{_LEAFLET_CSS}"/>', f"<style>{style}</style>", 1
    )
    if _LEAFLET_JS in page or _LEAFLET_CSS in page:
        raise RuntimeError("folium wrote Leaflet differently: the page would not be offline")
    return page


def write_map(
    scenario: Scenario,
    plan: Plan | None,
    path: str | Path,
    proposal: HireProposal | None = None,
    *,
    lang: Lang = "id",
    tiles: str | None = "OpenStreetMap",
) -> Path:
    """Write :func:`explore`'s map as one self-contained HTML file (see :func:`html_of`).

    Parameters
    ----------
    scenario, plan, proposal, lang, tiles
        As for :func:`explore`.
    path
        The ``.html`` file to write.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    target = Path(path)
    page = html_of(explore(scenario, plan, proposal, lang=lang, tiles=tiles))
    target.write_text(page, encoding="utf-8")
    return target


_TOOLTIP = ("demanded", "open", "filled", "empty", "share_filled", "unused", "hires")


def explore_summary(
    scenario: Scenario,
    plan: Plan,
    *,
    by: SummaryLevel = "kabupaten",
    value: str = "share_filled",
    proposal: HireProposal | None = None,
    explanation: Explanation | None = None,
    lang: Lang = "id",
    tiles: str | None = "OpenStreetMap",
) -> folium.Map:
    """A zoomable choropleth of a plan's summary (a ``folium.Map``).

    Parameters
    ----------
    scenario, plan, by, value, proposal, explanation
        As for :func:`koperasi_alloc.plots.plot_choropleth`.
    lang
        ``"id"`` (default) or ``"en"``: the legend and the tooltips.
    tiles
        Background tiles, or None for none (as for :func:`explore`).

    Returns
    -------
    folium.Map
        The areas filled by ``value`` (five steps of the static map's colours; grey where
        a share has no value), a tooltip with the area's slots demanded, open, filled and
        empty, the share filled, the unused officers (and hires), and the outlines of the
        provinces (or kabupaten/kota) over them. Write it with :func:`html_of`.
    """
    fm = _folium()
    records = summary_records(
        scenario, plan, by, proposal=proposal, explanation=explanation, lang=lang
    )
    check_value(value, proposal is not None, lang)
    features = area_features(records, by)
    name, low, high = colour_scale(value, [f["properties"][value] for f in features])
    shown = [c for c in _TOOLTIP if c in records[0]] if records else []
    for feature in features:
        properties = feature["properties"]
        properties["fill"] = colour_hex(name, properties[value], low, high)
        for column in {value, *shown}:
            properties[f"text_{column}"] = value_text(column, properties[column], lang)
    m = _offline_map(fm, scenario, tiles)
    edge = None if by == "province" else "#8a8a8a"  # a province's kabupaten show no seams
    collection = {"type": "FeatureCollection", "features": features}
    fm.GeoJson(
        collection,
        name=value_label(value, lang),
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "fillOpacity": 0.75,
                                  "color": edge or f["properties"]["fill"], "weight": 0.5},
        tooltip=fm.GeoJsonTooltip(
            fields=[f"{by}_name", f"text_{value}", *(f"text_{c}" for c in shown)],
            aliases=[level_word(by, lang), value_label(value, lang),
                     *(say(f"col.area.{c}", lang) for c in shown)],
        ),
    ).add_to(m)  # fmt: skip
    coarser = "kabupaten" if by == "kecamatan" else "province"
    codes = sorted({str(r[coarser]) for r in records})
    outlines = {"type": "FeatureCollection", "features": outline_features(coarser, codes)}
    fm.GeoJson(
        outlines,
        name=say(f"area.outline.{coarser}", lang),
        style_function=lambda f: {"fill": False, "color": "#222222", "weight": 2},
    ).add_to(m)
    title = say("area.title", lang, region=scenario.name, value=value_label(value, lang),
                level=level_word(by, lang))  # fmt: skip
    legend = _scale_legend(title, PALETTES[name], value_text(value, low, lang),
                           value_text(value, high, lang))  # fmt: skip
    m.get_root().html.add_child(fm.Element(legend))
    fm.LayerControl(collapsed=False).add_to(m)
    return m


def _scale_legend(title: str, stops: tuple[str, ...], low: str, high: str) -> str:
    """The legend of a choropleth: its title, and the colours from ``low`` to ``high``."""
    swatches = "".join(
        f'<span style="background:{c};width:18px;display:inline-block">&nbsp;</span>' for c in stops
    )
    return (
        '<div id="ka-legend" style="position:fixed;bottom:26px;right:10px;z-index:1000;'
        "background:rgba(255,255,255,.92);padding:8px 10px;font:12px sans-serif;"
        f'border-radius:4px;max-width:360px"><b>{html.escape(title)}</b><br>'
        f"{html.escape(low)} {swatches} {html.escape(high)}</div>"
    )
