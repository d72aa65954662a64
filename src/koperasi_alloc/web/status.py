"""A job as the JSON API shows it (the models below are its OpenAPI schema), and the words
of its state and progress that the page shows while it runs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from koperasi_alloc.i18n import decimal, grouped, say

if TYPE_CHECKING:
    from koperasi_alloc.web.jobs import Job, JobStore, Snapshot

__all__ = ["FILES", "AreaFigures", "JobStatus", "PlanResult", "ProgressFigures", "job_status"]

FILES: dict[str, tuple[str, str]] = {
    "plan.xlsx": ("web.filename.plan", ".xlsx"),
    "plan.json": ("web.filename.plan", ".json"),
    "plan.geojson": ("web.filename.plan", ".geojson"),
    "map.html": ("web.filename.map", ".html"),
    "proposal.json": ("web.filename.proposal", ".json"),
}
"""The files a job may have, by the name the API knows them by: the catalogue key of the
name a download gets in the planner's language (``rencana.xlsx``), and its suffix."""
_TIERS = ("coverage", "locality", "travel", "fairness", "stability")


class ProgressFigures(BaseModel):
    """The latest progress of a running solve."""

    elapsed: float = Field(description="Seconds since the solve started.")
    tier: str = Field(description="Objective tier being searched (or 'components').")
    objective: float | None = Field(description="Its value in the best plan so far.")
    bound: float | None = Field(description="The best bound proven so far (None: unknown).")
    gap: float | None = Field(description="|bound - value| / |value| (None: unknown).")
    parts_done: int | None = Field(default=None, description="Parts (kabupaten) finished.")
    parts_total: int | None = Field(default=None, description="Parts in all.")


class AreaFigures(BaseModel):
    """Slot figures of one area (the plan workbook's Ringkasan shows the same)."""

    code: str
    name: str
    cooperatives: int
    demanded: int
    closed: int
    open: int
    filled: int
    empty: int
    coverage: float | None = Field(description="filled / open, to a tenth of a percent.")


class PlanResult(BaseModel):
    """The plan of a finished job."""

    status: str = Field(description="OPTIMAL, FEASIBLE, INFEASIBLE or NO_SOLUTION_IN_TIME.")
    stopped_by: str | None = Field(
        description="What ended the search early: time_limit, stop, ... (None: nothing)."
    )
    headline: str = Field(description="What the plan is worth, in the language asked for.")
    note: str = Field(description="The plan's note (why it stopped ...), or empty.")
    demanded: int
    closed: int
    open: int
    filled: int
    empty: int
    coverage: float | None
    violations: int = Field(description="Rules the independent checker found broken (0).")
    level: str = Field(description="The level of `areas`: kecamatan, kabupaten or province.")
    areas: list[AreaFigures]
    hires: int | None = Field(default=None, description="Proposed new PPPK (a proposal).")
    changes: dict[str, int] | None = Field(
        default=None, description="A re-plan's counts: kept, moved, added, removed."
    )


class JobStatus(BaseModel):
    """A job: its state, its progress while it runs, its plan and files once done."""

    id: str = Field(description="The job's id: the only way to reach it.")
    kind: Literal["solve", "replan", "hires"]
    state: Literal["queued", "running", "done", "failed", "cancelled"]
    state_text: str = Field(description="The state in words, in the language asked for.")
    source: str = Field(description="The uploaded file's name, or the built-in region's.")
    lang: str = Field(description="Language of the job's files.")
    time_limit: float
    created: str = Field(description="ISO 8601, UTC.")
    started: str | None
    finished: str | None
    delete_after: str | None = Field(description="When the job and its files are deleted.")
    ahead: int = Field(description="Jobs waiting before this one.")
    stop_requested: bool
    progress: ProgressFigures | None
    progress_text: str = Field(description="The progress in words (empty when none).")
    result: PlanResult | None
    error: str | None = Field(description="Why the job failed, in the language asked for.")
    files: dict[str, str] = Field(description="Download address of each file, by name.")
    page: str = Field(description="Address of the job's page.")
    parent: str | None = Field(description="The job whose plan a re-plan or proposal used.")


def _time(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")


def state_text(job: Job, ahead: int, lang: str) -> str:
    """The job's state in words: waiting (with the jobs ahead), solving, stopping,
    writing the files, done, failed or cancelled."""
    if job.state == "queued":
        return say("web.state.queued", lang, count=ahead) if ahead else say("web.state.next", lang)
    if job.state == "running":
        if job.phase == "writing":
            return say("web.state.writing", lang)
        return say("web.state.stopping" if job.stop.is_set() else "web.state.running", lang)
    return say(f"web.state.{job.state}", lang)


def progress_text(progress: Snapshot | None, lang: str) -> str:
    """``12,3 detik · cakupan 253 (batas 260, selisih 2,7 %) · bagian 3/10``."""
    if progress is None:
        return ""
    tier = "+".join(_tier(name, lang) for name in progress.tier.split("+"))
    parts = [say("unit.seconds", lang, seconds=decimal(progress.elapsed, lang))]
    if progress.objective is not None:
        figures = [tier]
        if "+" not in progress.tier:  # a folded value means nothing to a planner: its gap does
            figures = [
                say("web.progress.value", lang, tier=tier, value=_value(progress.objective, lang))
            ]
            if progress.bound is not None:
                figures.append(say("web.progress.bound", lang, bound=_value(progress.bound, lang)))
        if progress.gap is not None:
            figures.append(say("web.progress.gap", lang, gap=decimal(100 * progress.gap, lang, 2)))
        parts.append(" ".join(figures))
    if progress.parts_total:
        done, total = progress.parts_done or 0, progress.parts_total
        parts.append(say("web.progress.parts", lang, done=grouped(done, lang), total=total))
    return " · ".join(parts)


def _tier(name: str, lang: str) -> str:
    if name in _TIERS:
        return say(f"tier.{name}", lang)
    if name == "components":  # a decomposed solve: sums over its finished parts
        return say("web.progress.components", lang)
    return name


def _value(value: float, lang: str) -> str:
    """A tier's value as ``lang`` writes it: whole numbers grouped, others with 2 decimals."""
    if value == int(value):
        return grouped(int(value), lang)
    return decimal(value, lang, 2)


def _result(view: dict[str, Any], lang: str) -> PlanResult | None:
    if not view:
        return None
    total = view["total"]

    def share(counts: dict[str, Any]) -> float | None:
        tenths = counts["coverage_tenths"]
        return None if tenths is None else tenths / 1000

    areas = [
        AreaFigures(
            code=g["code"], name=g["name"], cooperatives=g["cooperatives"],
            demanded=g["demanded"], closed=g["closed"], open=g["open"], filled=g["filled"],
            empty=g["empty"], coverage=share(g),
        )
        for g in view["groups"]
    ]  # fmt: skip
    hires = view.get("hires")
    changes = view.get("changes")
    return PlanResult(
        status=view["status"],
        stopped_by=view["stopped_by"],
        headline=view["headline"][lang],
        note=view["note"][lang],
        demanded=total["demanded"],
        closed=total["closed"],
        open=total["open"],
        filled=total["filled"],
        empty=total["empty"],
        coverage=share(total),
        violations=view["violations"],
        level=view["level"],
        areas=areas,
        hires=hires["hires"] if hires else None,
        changes=changes["counts"] if changes else None,
    )


def job_status(job: Job, store: JobStore, lang: str) -> JobStatus:
    """The JSON status of ``job`` in ``lang`` (addresses relative to the app's root)."""
    from koperasi_alloc.web.jobs import FINISHED

    ahead = store.ahead(job)
    progress = job.progress
    figures = None if progress is None else ProgressFigures(**progress.__dict__)
    delete_after = None
    if job.state in FINISHED and job.finished is not None:
        delete_after = _time(job.finished + store.settings.keep_seconds)
    error = None
    if job.error is not None:
        error = job.error[1] if lang == "id" else job.error[0]
    return JobStatus(
        id=job.id,
        kind=job.kind,
        state=job.state,
        state_text=state_text(job, ahead, lang),
        source=job.source,
        lang=job.lang,
        time_limit=job.time_limit,
        created=_time(job.created) or "",
        started=_time(job.started),
        finished=_time(job.finished),
        delete_after=delete_after,
        ahead=ahead,
        stop_requested=job.stop.is_set(),
        progress=figures,
        progress_text=progress_text(progress, lang),
        result=_result(job.view, lang) if job.state == "done" else None,
        error=error,
        files={name: f"/jobs/{job.id}/files/{name}" for name in job.files if name in FILES},
        page=f"/view/{job.id}?lang={lang}",
        parent=job.parent,
    )
