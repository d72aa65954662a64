"""The commands that open another surface for people: ``map`` (one self-contained HTML
map of a plan, a proposal or a summary per area) and ``serve`` (the planner's web app).

Each needs an extra (``map``, ``app``) and imports it only when run.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from koperasi_alloc.errors import KoperasiError
from koperasi_alloc.i18n import say

if TYPE_CHECKING:
    from koperasi_alloc.scenario import Scenario

__all__ = ["add_map", "add_serve"]

ScenarioReader = Callable[[Path, str], "Scenario"]


def _cmd_map(args: argparse.Namespace, read: ScenarioReader) -> int:
    """Write the interactive map of a plan (and of a hiring proposal) as one HTML file."""
    from koperasi_alloc.io.formats import read_plan
    from koperasi_alloc.maps import write_map
    from koperasi_alloc.planning.hire_proposal import HireProposal

    scenario = read(args.scenario, args.lang)
    plan = read_plan(args.plan, scenario, lang=args.lang) if args.plan else None
    proposal = None
    if args.hires:
        proposal = HireProposal.model_validate_json(args.hires.read_text(encoding="utf-8"))
    tiles = None if args.no_tiles else "OpenStreetMap"
    if args.by is not None:  # a choropleth of the plan's summary per area
        from koperasi_alloc.maps import explore_summary, html_of

        if plan is None:
            raise ValueError(say("cli.map_by_needs_plan", args.lang))
        summary = explore_summary(scenario, plan, by=args.by, value=args.value,
                                  proposal=proposal, lang=args.lang, tiles=tiles)  # fmt: skip
        args.output.write_text(html_of(summary), encoding="utf-8")
        print(say("cli.wrote", args.lang, path=args.output))
        return 0
    path = write_map(scenario, plan, args.output, proposal, lang=args.lang, tiles=tiles)
    print(f"wrote {path}")
    return 0


def add_map(sub: argparse._SubParsersAction[argparse.ArgumentParser], read: ScenarioReader) -> None:
    """The ``map`` command: a self-contained HTML map (needs the ``map`` extra); ``read``
    reads the scenario as every command does (notes printed, errors in the language)."""
    command = sub.add_parser("map", help="write an interactive map of a plan (.html)")
    command.add_argument("scenario", type=Path)
    command.add_argument("plan", type=Path, nargs="?", help="the plan (.json); none: demand only")
    command.add_argument("--hires", type=Path, help="a hiring proposal (.json) to draw")
    command.add_argument("--no-tiles", action="store_true", help="no background tiles")
    command.add_argument("-o", "--output", type=Path, required=True, help="the .html to write")
    command.add_argument("--lang", choices=("id", "en"), default="id", help="map language")
    command.add_argument(
        "--by",
        choices=("province", "kabupaten", "kecamatan"),
        help="colour these areas by a value of the plan's summary instead",
    )
    command.add_argument(
        "--value", default="share_filled", help="with --by: share_filled, empty, hires, ..."
    )
    command.set_defaults(run=functools.partial(_cmd_map, read=read))


def _cmd_serve(args: argparse.Namespace) -> int:
    """Serve the planner's web app until Ctrl-C (needs the ``app`` extra)."""
    try:
        from koperasi_alloc.web import AppSettings, serve
    except ImportError as error:
        raise KoperasiError(say("cli.serve.missing", args.lang)) from error

    settings = AppSettings(
        data_dir=args.data_dir,
        keep_hours=args.keep_hours,
        max_upload_mb=args.max_upload_mb,
        solve_workers=args.solve_workers,
        max_time_limit=args.max_time_limit,
        lang=args.lang,
    )
    serve(settings, host=args.host, port=args.port)
    return 0


def add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``serve`` command: the planner's web app (needs the ``app`` extra)."""
    command = sub.add_parser("serve", help="serve the planner's web app (pip install .[app])")
    command.add_argument(
        "--host",
        default="127.0.0.1",
        help="127.0.0.1: this computer only (default); 0.0.0.0: the office network too",
    )
    command.add_argument("--port", type=int, default=8000)
    command.add_argument(
        "--data-dir", type=Path, help="folder for every job's files (default: a new temp folder)"
    )
    command.add_argument("--keep-hours", type=float, default=24.0, help="hours results are kept")
    command.add_argument("--max-upload-mb", type=float, default=25.0, help="largest upload")
    command.add_argument(
        "--solve-workers",
        type=int,
        default=1,
        help="CP-SAT workers per solve; at most cores / this many solves run at once",
    )
    command.add_argument("--max-time-limit", type=float, default=600.0, help="largest budget")
    command.add_argument("--lang", choices=("id", "en"), default="id", help="default language")
    command.set_defaults(run=_cmd_serve)
