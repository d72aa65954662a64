"""What each kind of job does on its worker thread: solve, re-plan or propose hires with
the job's stop token and progress callback, then write the plan's files into the job's
folder and make the view its pages show.

Every solve runs with ``workers=AppSettings.solve_workers`` CP-SAT workers, and a scenario
of several independent parts (kabupaten) has its parts solved one after the other on one
thread of its own instead of on a process pool over the machine's cores: so one job never
uses more than its share of the machine, and the queue's count of running solves is the
count of busy cores. A stop reaches every part (a thread pool's workers see the token).

Files of a finished job (the same names for every kind, so that links and the JSON API
need no case): ``plan.xlsx`` (the review workbook, with the proposal or the Perubahan
sheet where there is one), ``plan.json``, ``plan.geojson`` (for QGIS), ``map.html`` (the
interactive map, one file, no background tiles: it works offline), and for a proposal
``proposal.json``.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from koperasi_alloc.web.views import changes_view, hires_view, plan_view

if TYPE_CHECKING:
    from koperasi_alloc.io import Note
    from koperasi_alloc.io.excel_review import PlanReview
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.scenario import Assignment, Scenario
    from koperasi_alloc.web.jobs import Job, Work
    from koperasi_alloc.web.settings import AppSettings

__all__ = ["hires_work", "replan_work", "solve_work"]


@contextmanager
def _entry_options(job: Job, settings: AppSettings) -> Iterator[dict[str, Any]]:
    """What every entry point takes from a job: its budget, its share of the cores, its
    stop token and progress, and one thread of its own for a scenario's parts."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"part-{job.id[:8]}") as parts:
        yield {
            "time_limit": job.time_limit,
            "workers": settings.solve_workers,
            "stop": job.stop,
            "callback": job.report,
            "executor": parts,
        }


def solve_work(scenario: Scenario, settings: AppSettings, notes: list[Note]) -> Work:
    """A job that solves ``scenario`` within the job's time budget."""

    def run(job: Job) -> dict[str, Any]:
        from koperasi_alloc.solver import solve

        with _entry_options(job, settings) as options:
            plan = solve(scenario, **options)
        return finish_plan(job, scenario, plan, notes=notes)

    return run


def replan_work(
    reviewed: Scenario, review: PlanReview, settings: AppSettings, notes: list[Note]
) -> Work:
    """A job that re-plans from a reviewed plan workbook, as ``koperasi-alloc replan``
    does: ``reviewed`` is the scenario with the review applied (its ``kunci`` rows locked,
    its ``tolak`` rows forbidden); every row not rejected is kept where the rules allow."""

    def run(job: Job) -> dict[str, Any]:
        from koperasi_alloc.io.excel_changes import plan_changes
        from koperasi_alloc.planning import replan, replan_scenario

        baseline: list[Assignment] = list(review.baseline)
        before: list[Assignment] = list(review.original or baseline)
        with _entry_options(job, settings) as options:
            plan = replan(reviewed, baseline, **options)
        target = replan_scenario(reviewed, baseline)
        changes = plan_changes(before, plan, target, review)
        view = finish_plan(job, reviewed, plan, notes=notes, changes=changes, checked_on=target)
        view["changes"] = changes_view(changes, target)
        return view

    return run


def hires_work(scenario: Scenario, plan: Plan | None, settings: AppSettings) -> Work:
    """A job that proposes the fewest new PPPK for what ``plan`` leaves empty (keeping
    ``plan``), or for the scenario's staff re-planned with them when there is no plan."""

    def run(job: Job) -> dict[str, Any]:
        from koperasi_alloc.check import check
        from koperasi_alloc.explain import explain
        from koperasi_alloc.io import write_plan
        from koperasi_alloc.maps import write_map
        from koperasi_alloc.planning import propose_hires

        with _entry_options(job, settings) as options:
            proposal = propose_hires(scenario, plan, **options)
        job.phase = "writing"
        lang = job.lang
        explanation = explain(proposal.scenario, proposal.plan, lang=lang)
        folder = job.folder
        write_plan(proposal.plan, proposal.scenario, folder / "plan.xlsx", explanation,
                   lang=lang, proposal=proposal)  # fmt: skip
        write_plan(proposal.plan, proposal.scenario, folder / "plan.json")
        write_plan(proposal.plan, proposal.scenario, folder / "plan.geojson", proposal=proposal)
        proposal.to_json(folder / "proposal.json")
        write_map(proposal.scenario, None, folder / "map.html", proposal, lang=lang, tiles=None)
        violations = len(check(proposal.scenario, proposal.plan))
        job.scenario, job.plan = proposal.scenario, proposal.plan
        view = plan_view(proposal.scenario, proposal.plan, explanation, violations)
        view["hires"] = hires_view(proposal)
        return view

    return run


def finish_plan(
    job: Job,
    scenario: Scenario,
    plan: Plan,
    *,
    notes: list[Note],
    changes: Any = None,
    checked_on: Scenario | None = None,
) -> dict[str, Any]:
    """Write a plan's files into the job's folder and return its view.

    Parameters
    ----------
    job
        The job (its folder and language).
    scenario
        The scenario the plan was made for (names, places, the workbook's sheets).
    plan
        The plan.
    notes
        Notes of reading the uploads, shown with the result.
    changes
        A re-plan's changes: the workbook gets its Perubahan sheet.
    checked_on
        The scenario the plan is checked and counted on, when not ``scenario`` (a
        re-plan's, which names its baseline).
    """
    from koperasi_alloc.check import check
    from koperasi_alloc.explain import explain
    from koperasi_alloc.io import write_plan
    from koperasi_alloc.maps import write_map

    job.phase = "writing"
    lang = job.lang
    explanation = explain(scenario, plan, lang=lang)
    folder = job.folder
    write_plan(plan, scenario, folder / "plan.xlsx", explanation, lang=lang, changes=changes)
    write_plan(plan, scenario, folder / "plan.json")
    write_plan(plan, scenario, folder / "plan.geojson")
    write_map(scenario, plan, folder / "map.html", lang=lang, tiles=None)
    target = checked_on or scenario
    violations = len(check(target, plan))
    job.scenario, job.plan = scenario, plan
    return plan_view(target, plan, explanation, violations, notes)
