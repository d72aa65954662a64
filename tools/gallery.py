"""Draw the figures of docs/gallery.md (and docs/how-to/hires-maps.png) from the library.

Usage, from the repository root with the ``plot`` and ``map`` extras installed::

    python tools/gallery.py            # about three minutes on two cores
    python tools/gallery.py --national-plan build/national-plan.json
        # only the nation per province, from a plan of ``benchmarks.scale --plan-out``

Writes ``docs/gallery/*.png`` and the interactive map ``build/peta-kutai-timur.html`` (not
committed; its screenshot is, taken with headless Chromium when it is installed). Solves
are time-limited, so the numbers in the titles may differ a little from run to run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import koperasi_alloc as ka
from koperasi_alloc.maps import write_map
from koperasi_alloc.plots import plot_choropleth, plot_hires, plot_map

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "gallery"


def _save(figure: object, name: str, dpi: int = 110) -> None:
    path = OUT / name
    figure.savefig(path, dpi=dpi)  # type: ignore[attr-defined]
    print(f"wrote {path.relative_to(ROOT)}")


def _screenshot(page: Path, png: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("no Chromium: no screenshot of the interactive map")
        return
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                "--virtual-time-budget=10000",
                "--window-size=1280,820",
                f"--screenshot={png}",
                page.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(f"wrote {png.relative_to(ROOT)}")


def province_choropleth(province: ka.Scenario, plan: ka.Plan) -> object:
    """The share of open slots filled per kabupaten/kota of Kalimantan Timur."""
    return plot_choropleth(province, plan, by="kabupaten", lang="id").figure


def national_choropleth(plan_path: Path) -> None:
    """The share of open slots filled per province, from a national plan on file (a
    national solve takes minutes: ``python -m benchmarks.scale --plan-out ...``)."""
    from koperasi_alloc.io import read_plan

    nation = ka.generate("national", seed=0)
    plan = read_plan(plan_path, nation)
    _save(plot_choropleth(nation, plan, by="province", lang="id").figure, "indonesia-provinsi.png")


def main(argv: list[str] | None = None) -> int:
    """Draw every figure (or, with ``--national-plan``, the national choropleth only)."""
    OUT.mkdir(parents=True, exist_ok=True)
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--national-plan"] and len(args) == 2:
        national_choropleth(Path(args[1]))
        return 0
    kutai = ka.generate("kutai-timur", seed=0, scarcity=0.35)
    plan = ka.solve(kutai, time_limit=10)
    _save(plot_map(kutai, plan, lang="id").figure, "kutai-timur.png")
    (ROOT / "build").mkdir(exist_ok=True)
    page = write_map(kutai, plan, ROOT / "build" / "peta-kutai-timur.html", tiles=None)
    _screenshot(page, OUT / "peta-kutai-timur.png")

    proposal = ka.propose_hires(kutai, time_limit=30)
    figure = plot_hires(proposal)
    _save(figure, "hires.png", dpi=90)
    figure.savefig(ROOT / "docs" / "how-to" / "hires-maps.png", dpi=90)

    province = ka.generate("province", seed=0, scarcity=0.5)
    province_plan = ka.solve(province, time_limit=30)
    _save(plot_map(province, province_plan).figure, "kalimantan-timur.png")
    _save(province_choropleth(province, province_plan), "kalimantan-timur-kabupaten.png")

    nation = ka.generate("national", seed=0)
    _save(plot_map(nation).figure, "indonesia.png", dpi=100)

    curve = ka.tradeoff(kutai, vary="radius_km", values=[10, 20, 30, 45], time_limit=5)
    _save(curve.plot().figure, "tradeoff.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
