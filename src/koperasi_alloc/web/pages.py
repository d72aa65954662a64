"""The planner's pages: upload or pick a region, follow the solve (Stop), read the result,
send the reviewed workbook back, ask for a hiring proposal. Plain forms and links; the
one script (``static/status.js``) only refreshes the progress line while a job runs, and a
page without it refreshes itself every few seconds instead."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from koperasi_alloc.web.actions import read_form, submit_hires, submit_replan, submit_scenario
from koperasi_alloc.web.api import find_job
from koperasi_alloc.web.errors import WebError
from koperasi_alloc.web.server import context_of, lang_of, render
from koperasi_alloc.web.status import FILES, job_status
from koperasi_alloc.web.uploads import PRESETS, SCENARIO_SUFFIXES
from koperasi_alloc.web.views import change_reason

if TYPE_CHECKING:
    from koperasi_alloc.web.jobs import Job

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _to_job(request: Request, job: Job) -> RedirectResponse:
    return RedirectResponse(f"/view/{job.id}?lang={lang_of(request)}", status_code=303)


def _home(request: Request, status: int = 200, error: WebError | None = None) -> HTMLResponse:
    settings = context_of(request).settings
    lang = lang_of(request)
    return render(
        request,
        "home.html",
        status,
        presets=PRESETS,
        accept=",".join(SCENARIO_SUFFIXES),
        max_upload=f"{settings.max_upload_mb:g}",
        max_time=f"{settings.max_time_limit:g}",
        keep=f"{settings.keep_hours:g}",
        running=settings.max_running,
        error=None if error is None else error.text(lang),
        problems=[] if error is None else error.lines(lang),
    )


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    """Step 1: a scenario file, a built-in region, or the template."""
    return _home(request)


@router.post("/submit")
async def submit(request: Request) -> Response:
    """Queue the solve and go to its page; a refused upload is listed on the home page."""
    web = context_of(request)
    try:
        form = await read_form(request, web.settings)
        job = await run_in_threadpool(submit_scenario, web.store, form, lang_of(request))
    except WebError as error:
        return _home(request, error.status, error)
    return _to_job(request, job)


def _job_page(
    request: Request, job: Job, status: int = 200, error: WebError | None = None
) -> HTMLResponse:
    web = context_of(request)
    lang = lang_of(request)
    state = job_status(job, web.store, lang)
    parent = web.store.get(job.parent) if job.parent else None
    files = [name for name in FILES if name in job.files]
    return render(
        request,
        "job.html",
        status,
        job=job,
        state=state,
        view=job.view,
        files=files,
        parent=parent,
        reason=lambda code: change_reason(code, lang),
        keep=f"{web.settings.keep_hours:g}",
        max_upload=f"{web.settings.max_upload_mb:g}",
        error=None if error is None else error.text(lang),
        problems=[] if error is None else error.lines(lang),
    )


@router.get("/view/{job_id}", response_class=HTMLResponse)
async def view(request: Request, job_id: str) -> HTMLResponse:
    """Step 2 and 3: the job's progress with its Stop button, then its result."""
    return _job_page(request, find_job(request, job_id))


@router.post("/view/{job_id}/stop")
async def stop(request: Request, job_id: str) -> Response:
    """The Stop button: the solve ends within a second, keeping its best plan."""
    job = find_job(request, job_id)
    context_of(request).store.stop(job)
    return _to_job(request, job)


async def _follow(request: Request, job_id: str, submit: Any) -> Response:
    parent = find_job(request, job_id)
    web = context_of(request)
    try:
        form = await read_form(request, web.settings)
        job = await run_in_threadpool(submit, web.store, parent, form, lang_of(request))
    except WebError as error:
        return _job_page(request, parent, error.status, error)
    return _to_job(request, job)


@router.post("/view/{job_id}/replan")
async def replan(request: Request, job_id: str) -> Response:
    """Step 4: the reviewed plan.xlsx back in; its re-plan's page shows what changed."""
    return await _follow(request, job_id, submit_replan)


@router.post("/view/{job_id}/hires")
async def hires(request: Request, job_id: str) -> Response:
    """Step 5: propose new PPPK for what stays empty."""
    return await _follow(request, job_id, submit_hires)


@router.get("/api", response_class=HTMLResponse)
async def api_page(request: Request) -> HTMLResponse:
    """The JSON API's operations, read from its OpenAPI document (offline)."""
    schema = request.app.openapi()
    operations = [
        (method.upper(), path, operation.get("summary", ""))
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return render(request, "api.html", operations=operations)
