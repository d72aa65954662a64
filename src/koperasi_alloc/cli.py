"""Command line: ``koperasi-alloc generate | solve | check | explain | replan |
propose-hires | map | template | bench | demo``.

Scenario files may be JSON (``.json``), an Excel workbook (``.xlsx``) or a folder of CSV
files; plans are written as JSON, Excel, a CSV folder or GeoJSON lines, by the suffix of
``-o``. Ctrl-C during a solve stops the search and writes the best plan found so far.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from koperasi_alloc.errors import KoperasiError

if TYPE_CHECKING:
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.scenario import Scenario
    from koperasi_alloc.solver import Progress

__all__ = ["main"]


class _LiveLine:
    """One status line on stderr, rewritten as the search improves (incumbent, bound, gap)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet or (not sys.stderr.isatty() and os.environ.get("CI") is not None)
        self._last = 0.0

    def __call__(self, progress: Progress) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        if now - self._last < 0.2:
            return
        self._last = now
        gap = ""
        if progress.bound == progress.bound and progress.objective:  # bound is not NaN
            share = abs(progress.bound - progress.objective) / abs(progress.objective)
            gap = f" gap {100 * share:.2f} %" if share <= 1 else ""
        parts = ""
        if progress.components_total:
            parts = f" parts {progress.components_done}/{progress.components_total}"
        line = (
            f"\r[{progress.elapsed:6.1f} s] {progress.tier}: {progress.objective:g}"
            f" (bound {progress.bound + 0.0:g}){gap}{parts}"
        )
        print(line.ljust(78), end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if not self.quiet and self._last:
            print(file=sys.stderr)


def _read(path: Path, lang: str) -> Scenario:
    from koperasi_alloc.io import Note
    from koperasi_alloc.io.formats import read_scenario

    notes: list[Note] = []
    scenario = read_scenario(path, lang=lang, notes=notes)  # type: ignore[arg-type]
    for note in notes:  # values read in another form than written: never silently
        print(f"note: {note}", file=sys.stderr)
    return scenario


def _write_plan(plan: Plan, scenario: Scenario, path: Path, lang: str) -> None:
    from koperasi_alloc.io.formats import write_plan

    explanation = None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from koperasi_alloc.explain import explain

        explanation = explain(scenario, plan, lang=lang)  # type: ignore[arg-type]
    write_plan(plan, scenario, path, explanation, lang=lang)  # type: ignore[arg-type]
    print(f"wrote {path}")


def _report(plan: Plan, scenario: Scenario, lang: str = "en") -> int:
    from koperasi_alloc.check import check

    print(plan.summary("id" if lang == "id" else "en"))
    violations = check(scenario, plan)
    print(f"check      {'valid' if not violations else f'{len(violations)} violation(s)'}")
    for violation in violations[:20]:
        print(f"  - {violation}")
    return 1 if violations else 0


def _cmd_generate(args: argparse.Namespace) -> int:
    from koperasi_alloc.io.formats import write_scenario
    from koperasi_alloc.synth import generate

    knobs = {
        name: value
        for name, value in (
            ("scarcity", args.scarcity),
            ("n_officers", args.n_officers),
            ("max_cooperatives", args.max_cooperatives),
        )
        if value is not None
    }
    scenario = generate(args.preset, seed=args.seed, **knobs)
    write_scenario(scenario, args.output, lang=args.lang)
    print(
        f"wrote {args.output}: {len(scenario.districts)} kecamatan, {len(scenario.villages)} "
        f"villages, {len(scenario.cooperatives)} cooperatives, {len(scenario.officers)} officers"
    )
    return 0


def _cmd_solve(args: argparse.Namespace) -> int:
    from koperasi_alloc.solver import solve

    scenario = _read(args.scenario, args.lang)
    live = _LiveLine(args.quiet)
    try:
        plan = solve(
            scenario,
            time_limit=args.time_limit,
            workers=args.workers,
            seed=args.seed,
            callback=live,
        )
    finally:
        live.close()
    status = _report(plan, scenario, args.lang)
    if args.output:
        _write_plan(plan, scenario, args.output, args.lang)
    return status


def _cmd_check(args: argparse.Namespace) -> int:
    from koperasi_alloc.check import check
    from koperasi_alloc.io import load_plan

    scenario = _read(args.scenario, args.lang)
    plan = load_plan(args.plan)
    violations = check(scenario, plan)
    if not violations:
        print(f"valid: {plan.filled} assignments, no violations")
        return 0
    print(f"{len(violations)} violation(s):")
    for violation in violations:
        print(f"  - {violation}")
    return 1


def _cmd_replan(args: argparse.Namespace) -> int:
    from koperasi_alloc.io import load_plan
    from koperasi_alloc.io.formats import read_plan_locks
    from koperasi_alloc.planning import compare, replan, replan_scenario

    scenario = _read(args.scenario, args.lang)
    baseline = load_plan(args.baseline)
    if args.locks:
        locks = read_plan_locks(args.locks, scenario, lang=args.lang)
        data = scenario.model_dump(mode="json")
        data["locks"] = [*data["locks"], *(lock.model_dump(mode="json") for lock in locks)]
        from koperasi_alloc.scenario import parse_scenario

        scenario = parse_scenario(data, source=str(args.locks))
        print(f"{len(locks)} lock(s) read from {args.locks}")
    live = _LiveLine(args.quiet)
    try:
        plan = replan(
            scenario,
            baseline,
            max_changes=args.max_changes,
            time_limit=args.time_limit,
            callback=live,
        )
    finally:
        live.close()
    target = replan_scenario(scenario, baseline, max_changes=args.max_changes)
    status = _report(plan, target, args.lang)
    changes = compare(baseline, plan, target)
    print(
        f"changes    {changes.kept} kept, {changes.added} added, {changes.dropped} dropped, "
        f"{len(changes.moves)} officer move(s)"
    )
    if args.output:
        _write_plan(plan, scenario, args.output, args.lang)
    return status


def _cmd_propose_hires(args: argparse.Namespace) -> int:
    from koperasi_alloc.check import check
    from koperasi_alloc.io import load_plan
    from koperasi_alloc.planning import propose_hires

    scenario = _read(args.scenario, args.lang)
    plan = load_plan(args.plan) if args.plan else None
    proposal = propose_hires(
        scenario,
        plan,
        max_hires=args.max_hires,
        per_kecamatan_cap=args.per_kecamatan_cap,
        time_limit=args.time_limit,
        workers=args.workers,
    )
    print(proposal.text(args.lang))
    violations = check(proposal.scenario, proposal.plan)
    print(f"check: {'valid' if not violations else f'{len(violations)} violation(s)'}")
    if args.output:
        suffix = args.output.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            from koperasi_alloc.explain import explain
            from koperasi_alloc.io.formats import write_plan

            # the plan workbook of existing staff plus hires, with the proposal sheet
            explanation = explain(proposal.scenario, proposal.plan, lang=args.lang)
            write_plan(
                proposal.plan,
                proposal.scenario,
                args.output,
                explanation,
                lang=args.lang,
                proposal=proposal,
            )
        elif suffix == ".json":
            proposal.to_json(args.output)
        else:
            raise ValueError(f"-o {args.output}: write a proposal as .xlsx or .json")
        print(f"wrote {args.output}")
    return 1 if violations else 0


def _cmd_map(args: argparse.Namespace) -> int:
    """Write the interactive map of a plan (and of a hiring proposal) as one HTML file."""
    from koperasi_alloc.io import load_plan
    from koperasi_alloc.maps import write_map
    from koperasi_alloc.planning.hire_proposal import HireProposal

    scenario = _read(args.scenario, args.lang)
    plan = load_plan(args.plan) if args.plan else None
    proposal = None
    if args.hires:
        proposal = HireProposal.model_validate_json(args.hires.read_text(encoding="utf-8"))
    tiles = None if args.no_tiles else "OpenStreetMap"
    path = write_map(scenario, plan, args.output, proposal, lang=args.lang, tiles=tiles)
    print(f"wrote {path}")
    return 0


def _add_map(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``map`` command: a self-contained HTML map (needs the ``map`` extra)."""
    command = sub.add_parser("map", help="write an interactive map of a plan (.html)")
    command.add_argument("scenario", type=Path)
    command.add_argument("plan", type=Path, nargs="?", help="the plan (.json); none: demand only")
    command.add_argument("--hires", type=Path, help="a hiring proposal (.json) to draw")
    command.add_argument("--no-tiles", action="store_true", help="no background tiles")
    command.add_argument("-o", "--output", type=Path, required=True, help="the .html to write")
    command.add_argument("--lang", choices=("id", "en"), default="id", help="map language")
    command.set_defaults(run=_cmd_map)


def _cmd_template(args: argparse.Namespace) -> int:
    from koperasi_alloc.io.excel import write_template

    write_template(args.output, lang=args.lang)
    print(f"wrote {args.output}")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    """Run the benchmark suite of a source checkout (``python -m benchmarks.run``)."""
    if not Path("benchmarks", "run.py").exists():
        raise KoperasiError("koperasi-alloc bench runs from a source checkout (benchmarks/)")
    command = [sys.executable, "-m", "benchmarks.run", *args.bench_args]
    return subprocess.call(command)


def _cmd_demo(args: argparse.Namespace) -> int:
    from koperasi_alloc.solver import solve
    from koperasi_alloc.synth import generate

    scenario = generate("kutai-timur", seed=args.seed)
    print(
        f"Kabupaten Kutai Timur: {len(scenario.districts)} kecamatan, "
        f"{len(scenario.villages)} desa/kelurahan (real codes, names, positions; modelled "
        f"travel), {len(scenario.cooperatives)} cooperatives, {len(scenario.officers)} officers "
        f"(synthetic, seed {args.seed})"
    )
    live = _LiveLine(args.quiet)
    try:
        plan = solve(scenario, time_limit=args.time_limit, seed=args.seed, callback=live)
    finally:
        live.close()
    print(f"candidates {plan.stats.candidates} (built in {plan.stats.build_time:.2f} s)", end="")
    print(f", {plan.stats.pruned} left out of CP-SAT" if plan.stats.pruned else "")
    status = _report(plan, scenario)
    _print_kecamatan(plan, scenario)
    return status


def _print_kecamatan(plan: Plan, scenario: Scenario) -> None:
    """Filled and empty slots per kecamatan, by its real name."""
    legal_only = scenario.policy.legal_entity_only
    kecamatan_of = {}
    waiting = set()  # cooperatives that may not receive officers yet (no legal entity)
    for c in scenario.cooperatives:
        kecamatan_of[c.id] = scenario.village_by_code[c.village].district
        if legal_only and not c.legal_entity:
            waiting.add(c.id)
    filled = Counter(kecamatan_of[a.cooperative_id] for a in plan.assignments)
    empty: Counter[str] = Counter()
    not_yet: Counter[str] = Counter()
    for v in plan.vacancies:
        (not_yet if v.cooperative_id in waiting else empty)[kecamatan_of[v.cooperative_id]] += (
            v.count
        )
    print("kecamatan             filled  empty  no legal entity yet")
    for d in scenario.districts:
        print(f"  {d.name:<20}{filled[d.code]:>6}{empty[d.code]:>7}{not_yet[d.code]:>8}")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("id", "en"), default="id", help="language of files")
    parser.add_argument("--quiet", action="store_true", help="no live progress line")


def _add_generate(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``generate`` command: a preset, a seed and the generator's main knobs."""
    generate = sub.add_parser("generate", help="write a synthetic region")
    generate.add_argument("--preset", default="kutai-timur", help="kutai-timur, province, national")
    generate.add_argument("--seed", type=int, default=0)
    generate.add_argument(
        "--scarcity",
        type=float,
        help="multiplier on the preset's officer pool (0.5: half the officers)",
    )
    generate.add_argument("--n-officers", type=int, help="officer pool size, set directly")
    generate.add_argument(
        "--max-cooperatives",
        type=int,
        help="cooperatives a multi-cooperative officer may serve (1: nobody serves several)",
    )
    generate.add_argument("-o", "--output", type=Path, required=True)
    _common(generate)
    generate.set_defaults(run=_cmd_generate)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="koperasi-alloc",
        description="Place ASN in Koperasi Desa/Kelurahan Merah Putih, and prove the plan.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    _add_generate(sub)

    solve = sub.add_parser("solve", help="solve a scenario (.json, .xlsx or CSV folder)")
    solve.add_argument("scenario", type=Path)
    solve.add_argument("--time-limit", type=float, default=10.0)
    solve.add_argument("--workers", type=int, default=None)
    solve.add_argument("--seed", type=int, default=0)
    solve.add_argument("-o", "--output", type=Path, help="plan: .json, .xlsx, .geojson or folder")
    _common(solve)
    solve.set_defaults(run=_cmd_solve)

    check = sub.add_parser("check", help="check a plan against its scenario")
    check.add_argument("scenario", type=Path)
    check.add_argument("plan", type=Path)
    _common(check)
    check.set_defaults(run=_cmd_check)

    from koperasi_alloc.explain.cli import add_arguments as explain_arguments
    from koperasi_alloc.explain.cli import explain_command

    explain = sub.add_parser("explain", help="shortages, vacancy reasons and conflicts")
    explain_arguments(explain)
    explain.set_defaults(run=explain_command)

    replan = sub.add_parser("replan", help="re-plan against a previous plan, moving few people")
    replan.add_argument("scenario", type=Path)
    replan.add_argument("baseline", type=Path, help="the previous plan (.json)")
    replan.add_argument("--locks", type=Path, help="an edited plan workbook read as locks")
    replan.add_argument("--max-changes", type=int, default=None)
    replan.add_argument("--time-limit", type=float, default=10.0)
    replan.add_argument("-o", "--output", type=Path)
    _common(replan)
    replan.set_defaults(run=_cmd_replan)

    hires = sub.add_parser(
        "propose-hires", help="propose the fewest new (hypothetical) PPPK for empty slots"
    )
    hires.add_argument("scenario", type=Path)
    hires.add_argument("--plan", type=Path, help="a plan of the existing staff to keep (.json)")
    hires.add_argument("--max-hires", type=int, default=None)
    hires.add_argument("--per-kecamatan-cap", type=int, default=None)
    hires.add_argument("--time-limit", type=float, default=20.0)
    hires.add_argument("--workers", type=int, default=None)
    hires.add_argument("-o", "--output", type=Path, help="proposal: .xlsx or .json")
    _common(hires)
    hires.set_defaults(run=_cmd_propose_hires)

    _add_map(sub)

    template = sub.add_parser("template", help="write an empty Excel template")
    template.add_argument("-o", "--output", type=Path, required=True)
    _common(template)
    template.set_defaults(run=_cmd_template)

    bench = sub.add_parser("bench", help="run benchmarks/ (arguments go to benchmarks.run)")
    bench.add_argument("bench_args", nargs=argparse.REMAINDER)
    bench.set_defaults(run=_cmd_bench)

    demo = sub.add_parser("demo", help="solve the built-in Kutai Timur region")
    demo.add_argument("--time-limit", type=float, default=10.0)
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument("--quiet", action="store_true")
    demo.set_defaults(run=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (KoperasiError, ValueError, OSError) as error:
        # bad input (a ScenarioError, an unknown preset or knob, an unwritable path):
        # a message, never a traceback
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`: not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
