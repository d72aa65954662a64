"""Command line: ``koperasi-alloc generate | solve | check | demo``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from koperasi_alloc.errors import KoperasiError

__all__ = ["main"]


def _cmd_generate(args: argparse.Namespace) -> int:
    from koperasi_alloc.io import save_scenario
    from koperasi_alloc.synth import generate

    scenario = generate(args.preset, seed=args.seed)
    save_scenario(scenario, args.output)
    print(
        f"wrote {args.output}: {len(scenario.districts)} kecamatan, {len(scenario.villages)} "
        f"villages, {len(scenario.cooperatives)} cooperatives, {len(scenario.officers)} officers"
    )
    return 0


def _print_plan(plan: object) -> None:
    print(plan.summary())  # type: ignore[attr-defined]


def _cmd_solve(args: argparse.Namespace) -> int:
    from koperasi_alloc.check import check
    from koperasi_alloc.io import load_scenario, save_plan
    from koperasi_alloc.solver import solve

    scenario = load_scenario(args.scenario)
    plan = solve(scenario, time_limit=args.time_limit, workers=args.workers, seed=args.seed)
    _print_plan(plan)
    violations = check(scenario, plan)
    print(f"check      {'valid' if not violations else f'{len(violations)} violation(s)'}")
    if args.output:
        save_plan(plan, args.output)
        print(f"wrote {args.output}")
    return 1 if violations else 0


def _cmd_check(args: argparse.Namespace) -> int:
    from koperasi_alloc.check import check
    from koperasi_alloc.io import load_plan, load_scenario

    scenario = load_scenario(args.scenario)
    plan = load_plan(args.plan)
    violations = check(scenario, plan)
    if not violations:
        print(f"valid: {plan.filled} assignments, no violations")
        return 0
    print(f"{len(violations)} violation(s):")
    for violation in violations:
        print(f"  - {violation}")
    return 1


def _cmd_demo(args: argparse.Namespace) -> int:
    from koperasi_alloc.check import check
    from koperasi_alloc.solver import solve
    from koperasi_alloc.synth import generate

    scenario = generate("kutai-timur", seed=args.seed)
    print(
        f"Kutai Timur (synthetic, seed {args.seed}): {len(scenario.districts)} kecamatan, "
        f"{len(scenario.villages)} villages, {len(scenario.cooperatives)} cooperatives, "
        f"{len(scenario.officers)} officers"
    )
    plan = solve(scenario, time_limit=args.time_limit, seed=args.seed)
    _print_plan(plan)
    print(f"candidates {plan.stats.candidates} (built in {plan.stats.build_time:.2f} s)")
    violations = check(scenario, plan)
    print(f"check      {'valid' if not violations else f'{len(violations)} violation(s)'}")
    for violation in violations[:20]:
        print(f"  - {violation}")
    return 1 if violations else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="koperasi-alloc",
        description="Place ASN in Koperasi Desa/Kelurahan Merah Putih, and prove the plan.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    generate = sub.add_parser("generate", help="write a synthetic region as JSON")
    generate.add_argument("--preset", default="kutai-timur", help="kutai-timur, province, national")
    generate.add_argument("--seed", type=int, default=0)
    generate.add_argument("-o", "--output", type=Path, required=True)
    generate.set_defaults(run=_cmd_generate)

    solve = sub.add_parser("solve", help="solve a scenario and print the summary")
    solve.add_argument("scenario", type=Path)
    solve.add_argument("--time-limit", type=float, default=10.0)
    solve.add_argument("--workers", type=int, default=None)
    solve.add_argument("--seed", type=int, default=0)
    solve.add_argument("-o", "--output", type=Path)
    solve.set_defaults(run=_cmd_solve)

    check = sub.add_parser("check", help="check a plan against its scenario")
    check.add_argument("scenario", type=Path)
    check.add_argument("plan", type=Path)
    check.set_defaults(run=_cmd_check)

    from koperasi_alloc.explain.cli import add_arguments as explain_arguments
    from koperasi_alloc.explain.cli import explain_command

    explain = sub.add_parser("explain", help="shortages, vacancy reasons and conflicts")
    explain_arguments(explain)
    explain.set_defaults(run=explain_command)

    demo = sub.add_parser("demo", help="solve the built-in Kutai Timur region")
    demo.add_argument("--time-limit", type=float, default=10.0)
    demo.add_argument("--seed", type=int, default=0)
    demo.set_defaults(run=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except KoperasiError as error:
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
