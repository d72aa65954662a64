"""The JSON API: the planner's loop for apps and scripts, documented at ``/openapi.json``.

``POST /jobs`` (a scenario file, or a built-in region) -> ``GET /jobs/{id}`` (state,
progress, result) -> ``POST /jobs/{id}/stop`` -> ``GET /jobs/{id}/files/{name}``; then
``POST /jobs/{id}/replan`` with the reviewed ``plan.xlsx``, or ``POST /jobs/{id}/hires``.
Every answer to a request that fails is ``{"error": message, "problems": [...]}`` with an
HTTP status; ``?lang=en`` asks for English words (Bahasa Indonesia by default).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from koperasi_alloc.i18n import say
from koperasi_alloc.web.actions import read_form, submit_hires, submit_replan, submit_scenario
from koperasi_alloc.web.errors import WebError
from koperasi_alloc.web.server import MAP_POLICY, context_of, lang_of
from koperasi_alloc.web.status import FILES, JobStatus, job_status
from koperasi_alloc.web.uploads import PRESETS

if TYPE_CHECKING:
    from koperasi_alloc.web.jobs import Job

__all__ = ["router"]

router = APIRouter(tags=["jobs"])

_ERROR = {"description": "A message: {'error': text, 'problems': [lines]}"}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _ERROR, 404: _ERROR, 409: _ERROR, 413: _ERROR, 415: _ERROR, 503: _ERROR,
}  # fmt: skip


def _multipart(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return {"requestBody": {"required": True,
                            "content": {"multipart/form-data": {"schema": schema}}}}  # fmt: skip


_TIME_LIMIT = {"type": "number", "minimum": 1, "description": "Time budget in seconds."}
_SCENARIO_FORM = _multipart(
    {
        "file": {"type": "string", "format": "binary",
                 "description": "Scenario: .xlsx workbook, .json, or .zip of CSV files."},
        "region": {"type": "string", "enum": list(PRESETS),
                   "description": "A built-in region instead of a file."},
        "time_limit": _TIME_LIMIT,
    }
)  # fmt: skip
_REVIEW_FORM = _multipart(
    {
        "file": {"type": "string", "format": "binary",
                 "description": "The job's plan.xlsx with its keputusan column filled in."},
        "time_limit": _TIME_LIMIT,
    },
    ["file"],
)  # fmt: skip


def find_job(request: Request, job_id: str) -> Job:
    """The job of that id.

    Raises
    ------
    WebError
        (404) No such job, or deleted after its keeping time.
    """
    web = context_of(request)
    job = web.store.get(job_id)
    if job is None:
        raise WebError("web.error.not_found", 404, hours=f"{web.settings.keep_hours:g}")
    return job


def _accepted(request: Request, job: Job) -> JSONResponse:
    status = job_status(job, context_of(request).store, lang_of(request))
    headers = {"Location": f"/jobs/{job.id}"}
    return JSONResponse(status.model_dump(mode="json"), status_code=202, headers=headers)


@router.post(
    "/jobs",
    status_code=202,
    response_model=JobStatus,
    responses=_RESPONSES,
    openapi_extra=_SCENARIO_FORM,
    summary="Upload a scenario (or pick a built-in region) and queue its solve",
)
async def create_job(request: Request) -> JSONResponse:
    """Read the scenario at once (every problem is answered with 400, and no job is made)
    and queue its solve; the answer is the new job's status (202, ``Location``)."""
    web = context_of(request)
    form = await read_form(request, web.settings)
    job = await run_in_threadpool(submit_scenario, web.store, form, lang_of(request))
    return _accepted(request, job)


@router.get(
    "/jobs/{job_id}",
    response_model=JobStatus,
    responses=_RESPONSES,
    summary="A job's state, progress, plan and files",
)
async def get_job(request: Request, job_id: str) -> JobStatus:
    """Poll this while a job runs (once a second is plenty)."""
    job = find_job(request, job_id)
    return job_status(job, context_of(request).store, lang_of(request))


@router.post(
    "/jobs/{job_id}/stop",
    response_model=JobStatus,
    responses=_RESPONSES,
    summary="Stop a job: a running solve keeps the best plan found so far",
)
async def stop_job(request: Request, job_id: str) -> JobStatus:
    """A running solve stops within a second and its job ends ``done`` with the best plan
    found (``result.stopped_by`` is ``stop``); a waiting job is ``cancelled``."""
    job = find_job(request, job_id)
    web = context_of(request)
    web.store.stop(job)
    return job_status(job, web.store, lang_of(request))


@router.post(
    "/jobs/{job_id}/replan",
    status_code=202,
    response_model=JobStatus,
    responses=_RESPONSES,
    openapi_extra=_REVIEW_FORM,
    summary="Re-plan from the reviewed plan.xlsx (its keputusan column)",
)
async def replan_job(request: Request, job_id: str) -> JSONResponse:
    """``kunci`` rows are locked, ``tolak`` rows forbidden, the other rows kept where the
    rules allow; the new job's result counts what changed, its plan.xlsx lists why."""
    parent = find_job(request, job_id)
    web = context_of(request)
    form = await read_form(request, web.settings)
    job = await run_in_threadpool(submit_replan, web.store, parent, form, lang_of(request))
    return _accepted(request, job)


@router.post(
    "/jobs/{job_id}/hires",
    status_code=202,
    response_model=JobStatus,
    responses=_RESPONSES,
    summary="Propose the fewest new PPPK for the slots the job's plan leaves empty",
)
async def hires_job(request: Request, job_id: str) -> JSONResponse:
    """Form field ``time_limit`` (seconds, 60 by default). The proposal keeps the job's
    plan and adds hypothetical hires; its files add ``proposal.json``."""
    parent = find_job(request, job_id)
    web = context_of(request)
    form = await read_form(request, web.settings)
    job = await run_in_threadpool(submit_hires, web.store, parent, form, lang_of(request))
    return _accepted(request, job)


@router.get(
    "/jobs/{job_id}/files/{name}",
    responses={**_RESPONSES, 200: {"description": "The file."}},
    summary="Download a file of a finished job: plan.xlsx, plan.json, plan.geojson, map.html",
)
async def job_file(request: Request, job_id: str, name: str, inline: bool = False) -> Response:
    """``?inline=true`` shows the map in the page instead of downloading it."""
    job = find_job(request, job_id)
    if name not in FILES or name not in job.files:
        raise WebError("web.error.no_file_here", 404, name=name[:40])
    key, suffix = FILES[name]
    download = say(key, job.lang) + suffix
    path = job.folder / name
    if not path.is_file():  # deleted meanwhile
        raise WebError(
            "web.error.not_found", 404, hours=f"{context_of(request).settings.keep_hours:g}"
        )
    if name == "map.html":
        headers = {"Content-Security-Policy": MAP_POLICY}
        disposition = "inline" if inline else "attachment"
        return FileResponse(path, media_type="text/html; charset=utf-8", headers=headers,
                            filename=download, content_disposition_type=disposition)  # fmt: skip
    return FileResponse(path, filename=download)


@router.get(
    "/template.xlsx",
    responses={200: {"description": "The empty scenario workbook."}},
    summary="The empty scenario workbook to fill in (koperasi-alloc template)",
)
async def template(request: Request) -> FileResponse:
    """Sheets, headers and instructions in the language asked for."""
    from koperasi_alloc.io.excel import write_template

    lang = lang_of(request)
    web = context_of(request)
    path = web.store.root / f"template-{lang}.xlsx"
    if not path.is_file():
        partial = path.with_name(f"{secrets.token_hex(8)}.part.xlsx")
        await run_in_threadpool(write_template, partial, lang=lang)
        partial.replace(path)
    return FileResponse(path, filename=say("web.filename.template", lang) + ".xlsx")
