"""Command line: ``koperasi-alloc generate | solve | check | explain | replan |
propose-hires | map | template | serve | bench | demo``.

Scenario files may be JSON (``.json``), an Excel workbook (``.xlsx``) or a folder of CSV
files; plans are written as JSON, Excel, a CSV folder or GeoJSON lines, by the suffix of
``-o``. Ctrl-C during a solve stops the search and writes the best plan found so far.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from koperasi_alloc.cli_apps import add_map, add_serve
from koperasi_alloc.errors import KoperasiError
from koperasi_alloc.i18n import decimal, say, translate_note
from koperasi_alloc.plan import StopReason

if TYPE_CHECKING:
    from koperasi_alloc.check import Violation
    from koperasi_alloc.io import Note
    from koperasi_alloc.io.excel_review import PlanReview
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.scenario import Assignment, Scenario
    from koperasi_alloc.solver import Progress

__all__ = ["main"]

_TIERS = ("coverage", "locality", "travel", "fairness", "stability")


class _LiveLine:
    """Progress on stderr: on a terminal one status line, rewritten as the search improves
    (incumbent, bound, gap); elsewhere (a log file, a pipe) separate lines, at most one
    every :attr:`PLAIN_SECONDS`, and no periodic repeats."""

    PLAIN_SECONDS = 2.0

    def __init__(self, quiet: bool, lang: str = "en") -> None:
        self.quiet = quiet
        self.terminal = sys.stderr.isatty()
        self.lang = lang
        self._last = 0.0

    def __call__(self, progress: Progress) -> None:
        if self.quiet or (not self.terminal and progress.event == "tick"):
            return
        now = time.monotonic()
        if now - self._last < (0.2 if self.terminal else self.PLAIN_SECONDS):
            return
        self._last = now
        gap = ""
        if progress.bound == progress.bound and progress.objective:  # bound is not NaN
            share = abs(progress.bound - progress.objective) / abs(progress.objective)
            gap = say("cli.live.gap", self.lang, gap=decimal(100 * share, self.lang, 2))
            gap = gap if share <= 1 else ""
        parts = ""
        if progress.components_total:
            done, total = progress.components_done, progress.components_total
            parts = say("cli.live.parts", self.lang, done=done, total=total)
        tier = say(f"tier.{progress.tier}", self.lang) if progress.tier in _TIERS else progress.tier
        bound = say("cli.live.bound", self.lang, bound=f"{progress.bound + 0.0:g}")
        line = f"[{progress.elapsed:6.1f} s] {tier}: {progress.objective:g} {bound}{gap}{parts}"
        if self.terminal:
            print("\r" + line.ljust(78), end="", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)

    def close(self) -> None:
        if not self.quiet and self.terminal and self._last:
            print(file=sys.stderr)


def _print_notes(notes: Sequence[Note], lang: str) -> None:
    """Values read in another form than written, and warnings: never silently."""
    for note in notes:
        print(f"{say('cli.note', lang)}: {note.text(lang)}", file=sys.stderr)  # type: ignore[arg-type]


def _read(path: Path, lang: str, *, timed: bool = False) -> Scenario:
    """The scenario in ``path`` and its notes; with ``timed`` (the commands that solve)
    also how long reading it took, on its own line: the time budget of a solve starts
    once the scenario is in memory."""
    from koperasi_alloc.io.formats import read_scenario

    notes: list[Note] = []
    started = time.perf_counter()
    scenario = read_scenario(path, lang=lang, notes=notes)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    _print_notes(notes, lang)
    if timed:
        print(say("cli.read", lang, path=path, seconds=decimal(seconds, lang)), file=sys.stderr)
    return scenario


def _exit_status(plan: Plan, checked: int) -> int:
    """130 when Ctrl-C stopped the search (the best plan was still reported and written),
    else the check's status."""
    return 130 if plan.stopped_by is StopReason.INTERRUPT else checked


def _read_plan(path: Path, scenario: Scenario, lang: str) -> Plan:
    """A plan from .json, a folder or a reviewed plan workbook (its notes printed)."""
    from koperasi_alloc.io.formats import read_plan

    notes: list[Note] = []
    plan = read_plan(path, scenario, lang=lang, notes=notes)  # type: ignore[arg-type]
    _print_notes(notes, lang)
    return plan


def _write_plan(plan: Plan, scenario: Scenario, path: Path, lang: str, changes: Any = None) -> None:
    from koperasi_alloc.io.formats import write_plan

    explanation = None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from koperasi_alloc.explain import explain

        explanation = explain(scenario, plan, lang=lang)  # type: ignore[arg-type]
    write_plan(plan, scenario, path, explanation, lang=lang, changes=changes)  # type: ignore[arg-type]
    print(say("cli.wrote", lang, path=path))


def _summary(plan: Plan, lang: str) -> str:
    """The plan's summary with its note in ``lang``."""
    if plan.message:
        plan = plan.model_copy(update={"message": translate_note(plan.message, lang)})
    return plan.summary("id" if lang == "id" else "en")


def _report(plan: Plan, scenario: Scenario, lang: str = "en") -> int:
    """The summary, the figures per kecamatan (or kabupaten), and the check."""
    from koperasi_alloc.check import check

    print(_summary(plan, lang))
    print()
    for line in plan.figures(scenario).table(lang):
        print(line)
    print()
    return _print_check(check(scenario, plan), plan, lang)


def _print_check(violations: Sequence[Violation], plan: Plan, lang: str) -> int:
    if not violations:
        print(say("cli.check.valid", lang, count=plan.filled))
        return 0
    print(say("cli.check.violations", lang, count=len(violations)))
    for violation in violations[:20]:
        print(f"  - {_violation(violation, lang)}")
    if len(violations) > 20:
        print(f"  - {say('cli.check.more', lang, count=len(violations) - 20)}")
    return 1


def _violation(violation: Violation, lang: str) -> str:
    """A violation with its rule named in ``lang`` (the detail is the checker's own)."""
    try:
        rule = say(f"rule.{violation.rule}", lang)
    except KeyError:
        rule = violation.rule
    return f"{rule}: {violation.subject}: {violation.message}"


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
        say(
            "cli.generated",
            args.lang,
            path=args.output,
            kecamatan=len(scenario.districts),
            villages=len(scenario.villages),
            cooperatives=len(scenario.cooperatives),
            officers=len(scenario.officers),
        )
    )
    return 0


def _check_solve_options(args: argparse.Namespace) -> None:
    """Refuse a seed, worker count or budget the solver cannot take before reading a file
    (a national scenario takes seconds to read)."""
    from koperasi_alloc.solver import SolveOptions

    SolveOptions.of(
        time_limit=args.time_limit,
        seed=getattr(args, "seed", 0),
        workers=getattr(args, "workers", None),
    )


def _cmd_solve(args: argparse.Namespace) -> int:
    from koperasi_alloc.solver import solve

    _check_solve_options(args)
    scenario = _read(args.scenario, args.lang, timed=True)
    live = _LiveLine(args.quiet, args.lang)
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
    return _exit_status(plan, status)


def _cmd_check(args: argparse.Namespace) -> int:
    from koperasi_alloc.check import check

    scenario = _read(args.scenario, args.lang)
    plan = _read_plan(args.plan, scenario, args.lang)
    totals = plan.figures(scenario).total
    print(
        say(
            "cli.check.figures",
            args.lang,
            demanded=totals.demanded,
            closed=totals.closed,
            open=totals.open,
            filled=totals.filled,
            share=totals.coverage(args.lang),
        )
    )
    return _print_check(check(scenario, plan), plan, args.lang)


def _cmd_replan(args: argparse.Namespace) -> int:
    from koperasi_alloc.io.excel_changes import change_lines, plan_changes
    from koperasi_alloc.planning import replan, replan_scenario

    lang = args.lang
    _check_solve_options(args)
    scenario = _read(args.scenario, lang, timed=True)
    scenario, baseline, before, review = _replan_inputs(args, scenario)
    live = _LiveLine(args.quiet, lang)
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
    status = _report(plan, target, lang)
    changes = plan_changes(before, plan, target, review)
    for line in change_lines(changes, target, lang):
        print(line)
    if args.output:
        _write_plan(plan, scenario, args.output, lang, changes=changes)
    return _exit_status(plan, status)


def _replan_inputs(
    args: argparse.Namespace, scenario: Scenario
) -> tuple[Scenario, list[Assignment], list[Assignment], PlanReview | None]:
    """The scenario with the planner's locks and forbids, the baseline to keep, the plan
    in force (to compare with), and the review when the baseline is a plan workbook."""
    from koperasi_alloc.io.excel_review import apply_review, read_plan_review, with_review
    from koperasi_alloc.io.formats import detect_format, read_plan, read_plan_locks

    lang = args.lang
    notes: list[Note] = []
    review = None
    if detect_format(args.baseline) == "xlsx":
        review = read_plan_review(args.baseline, scenario, lang=lang)
        notes.extend(review.notes)
        scenario = apply_review(scenario, review, lang=lang, notes=notes)
        baseline: list[Assignment] = list(review.baseline)
        before: list[Assignment] = list(review.original or baseline)
        counts = {"locks": len(review.locks), "forbids": len(review.forbids)}
        print(say("cli.review", lang, kept=len(baseline), path=args.baseline, **counts))
    else:
        plan = read_plan(args.baseline, scenario, lang=lang)
        baseline = before = list(plan.assignments)
    if args.locks:
        locks = read_plan_locks(args.locks, scenario, lang=lang)
        scenario = with_review(scenario, locks, lang=lang, source=str(args.locks), notes=notes)
        print(say("cli.locks_read", lang, count=len(locks), path=args.locks))
    _print_notes(notes, lang)
    return scenario, baseline, before, review


def _cmd_propose_hires(args: argparse.Namespace) -> int:
    from koperasi_alloc.check import check
    from koperasi_alloc.planning import propose_hires

    _check_solve_options(args)
    scenario = _read(args.scenario, args.lang, timed=True)
    plan = _read_plan(args.plan, scenario, args.lang) if args.plan else None
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
    _print_check(violations, proposal.plan, args.lang)
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
            raise ValueError(say("cli.proposal_suffix", args.lang, path=args.output))
        print(say("cli.wrote", args.lang, path=args.output))
    interrupted = proposal.stopped_by is StopReason.INTERRUPT
    return 130 if interrupted else 1 if violations else 0


def _cmd_template(args: argparse.Namespace) -> int:
    from koperasi_alloc.io.excel import write_template

    write_template(args.output, lang=args.lang)
    print(say("cli.wrote", args.lang, path=args.output))
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

    lang = args.lang
    scenario = generate("kutai-timur", seed=args.seed)
    print(
        say(
            "cli.demo",
            lang,
            kecamatan=len(scenario.districts),
            villages=len(scenario.villages),
            cooperatives=len(scenario.cooperatives),
            officers=len(scenario.officers),
            seed=args.seed,
        )
    )
    live = _LiveLine(args.quiet, lang)
    try:
        plan = solve(scenario, time_limit=args.time_limit, seed=args.seed, callback=live)
    finally:
        live.close()
    seconds = decimal(plan.stats.build_time, lang, 2)
    line = say("cli.candidates", lang, count=plan.stats.candidates, seconds=seconds)
    if plan.stats.pruned:
        line += say("cli.pruned", lang, count=plan.stats.pruned)
    print(line)
    return _report(plan, scenario, lang)


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
    check.add_argument("plan", type=Path, help="plan: .json, folder or plan workbook (.xlsx)")
    _common(check)
    check.set_defaults(run=_cmd_check)

    from koperasi_alloc.explain.cli import add_arguments as explain_arguments
    from koperasi_alloc.explain.cli import explain_command

    explain = sub.add_parser("explain", help="shortages, vacancy reasons and conflicts")
    explain_arguments(explain)
    explain.set_defaults(run=explain_command)

    replan = sub.add_parser("replan", help="re-plan against a previous plan, moving few people")
    replan.add_argument("scenario", type=Path)
    replan.add_argument(
        "baseline",
        type=Path,
        help="the plan in force: .json, or the reviewed plan workbook (.xlsx, its "
        "keputusan column: setuju / tolak / kunci)",
    )
    replan.add_argument("--locks", type=Path, help="more locks: a plan (.json) or workbook")
    replan.add_argument("--max-changes", type=int, default=None)
    replan.add_argument("--time-limit", type=float, default=10.0)
    replan.add_argument("-o", "--output", type=Path)
    _common(replan)
    replan.set_defaults(run=_cmd_replan)

    hires = sub.add_parser(
        "propose-hires", help="propose the fewest new (hypothetical) PPPK for empty slots"
    )
    hires.add_argument("scenario", type=Path)
    hires.add_argument(
        "--plan", type=Path, help="a plan of the existing staff to keep (.json or .xlsx)"
    )
    hires.add_argument("--max-hires", type=int, default=None)
    hires.add_argument("--per-kecamatan-cap", type=int, default=None)
    hires.add_argument("--time-limit", type=float, default=20.0)
    hires.add_argument("--workers", type=int, default=None)
    hires.add_argument("-o", "--output", type=Path, help="proposal: .xlsx or .json")
    _common(hires)
    hires.set_defaults(run=_cmd_propose_hires)

    add_map(sub, _read)
    add_serve(sub)

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
    demo.add_argument("--lang", choices=("id", "en"), default="en", help="language of the output")
    demo.set_defaults(run=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    lang = getattr(args, "lang", "en") or "en"
    try:
        return int(args.run(args))
    except BrokenPipeError:  # output piped into e.g. `head`: not an error
        sys.stderr.close()
        return 0
    except (KoperasiError, ValueError, OSError) as error:
        # bad input (a ScenarioError, an unknown preset or knob, an unwritable path):
        # a message, never a traceback
        print(f"{say('cli.error', lang)}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(say("cli.interrupted", lang), file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
