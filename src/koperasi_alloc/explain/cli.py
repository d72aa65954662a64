"""``koperasi-alloc explain region.xlsx [plan.xlsx] [--lang id]``: the command's body.

The main parser wires it with :func:`add_arguments` and :func:`explain_command`.
"""

from __future__ import annotations

import argparse

__all__ = ["add_arguments", "explain_command"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``explain`` arguments to a (sub)parser.

    Parameters
    ----------
    parser
        The parser of the ``explain`` subcommand.
    """
    parser.add_argument("scenario", help="scenario: .json, .xlsx or a folder of CSV files")
    parser.add_argument(
        "plan", nargs="?", default=None, help="plan: .json, folder or plan workbook (optional)"
    )
    parser.add_argument(
        "--lang", choices=("en", "id"), default="en", help="language of the sentences"
    )
    parser.add_argument("--assignments", action="store_true", help="also explain every assignment")
    parser.add_argument(
        "--conflict",
        action="store_true",
        help="look for contradicting rules even without an INFEASIBLE plan",
    )
    parser.add_argument(
        "--conflict-time-limit",
        type=float,
        default=10.0,
        help="seconds for the conflict search (default 10)",
    )


def explain_command(args: argparse.Namespace) -> int:
    """Print the shortages, then the vacancy reasons, grouped by kecamatan.

    Parameters
    ----------
    args
        Parsed arguments: ``scenario`` (path), ``plan`` (path or None), ``lang`` ("en" or
        "id"); optional ``assignments``, ``conflict`` (bool) and ``conflict_time_limit``.

    Returns
    -------
    int
        0 (1 when a plan is given and the conflict shows the scenario is infeasible).
    """
    import sys

    from koperasi_alloc.explain.explanation import explain
    from koperasi_alloc.i18n import check_lang, say
    from koperasi_alloc.io import Note
    from koperasi_alloc.io.formats import read_plan, read_scenario

    lang = check_lang(getattr(args, "lang", "en") or "en")
    notes: list[Note] = []
    scenario = read_scenario(args.scenario, lang=lang, notes=notes)
    plan = None
    if getattr(args, "plan", None):
        plan = read_plan(args.plan, scenario, lang=lang, notes=notes)
    for note in notes:
        print(f"{say('cli.note', lang)}: {note.text(lang)}", file=sys.stderr)
    explanation = explain(
        scenario,
        plan,
        lang=lang,
        conflict=True if getattr(args, "conflict", False) else None,
        conflict_time_limit=getattr(args, "conflict_time_limit", 10.0),
    )
    sections = ["shortage", "vacancy"]
    if getattr(args, "assignments", False):
        sections.append("assignment")
    sections += ["conflict", "objective", "note"]
    print(explanation.text(sections))
    return 1 if explanation.conflict else 0
