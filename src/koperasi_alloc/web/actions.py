"""What a planner's request starts, shared by the pages and the JSON API: read the form,
read the upload (every problem reported before any job exists), and queue the job."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.formparsers import MultiPartException, MultiPartParser

from koperasi_alloc.errors import ScenarioError
from koperasi_alloc.i18n import Lang, say
from koperasi_alloc.web.errors import WebError
from koperasi_alloc.web.uploads import (
    PRESETS,
    display_name,
    read_review,
    read_scenario_upload,
    save_upload,
    time_limit,
)
from koperasi_alloc.web.work import hires_work, replan_work, solve_work

if TYPE_CHECKING:
    from collections.abc import AsyncGenerator

    from starlette.requests import Request

    from koperasi_alloc.io import Note
    from koperasi_alloc.web.jobs import Job, JobStore
    from koperasi_alloc.web.settings import AppSettings

__all__ = ["Form", "read_form", "submit_hires", "submit_replan", "submit_scenario"]

FORM_SLACK = 64 * 1024
"""Bytes a form may carry beyond the upload limit (its other fields and boundaries)."""


@dataclass(frozen=True)
class Form:
    """A submitted form: its text fields and at most one file."""

    fields: dict[str, str] = field(default_factory=dict)
    filename: str | None = None
    data: bytes = b""

    def text(self, name: str) -> str:
        """A text field, stripped ("" when absent)."""
        return self.fields.get(name, "").strip()


async def _limited(request: Request, most: int) -> AsyncGenerator[bytes, None]:
    """The request's body, refused once it passes ``most`` bytes (a body sent without a
    length, or longer than it said)."""
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > most:
            raise WebError("web.error.too_large", 413, limit=f"{most / 1e6:g}")
        yield chunk


async def read_form(request: Request, settings: AppSettings) -> Form:
    """The form of a POST: ``multipart/form-data`` (with a file) or url-encoded.

    The file is kept in memory (never in the system's temporary folder: nothing is
    written outside the app's data folder), and the body may be at most the upload limit.

    Raises
    ------
    WebError
        A body over the limit (413), or one that is not a well-formed form (400).
    """
    most = settings.max_upload_bytes + FORM_SLACK
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > most:
        raise WebError("web.error.too_large", 413, limit=f"{settings.max_upload_mb:g}")
    kind = request.headers.get("content-type", "")
    if not kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        return Form()
    try:
        if kind.startswith("multipart/form-data"):
            parser = MultiPartParser(
                request.headers, _limited(request, most), max_files=1, max_fields=20,
                max_part_size=FORM_SLACK,
            )  # fmt: skip
            parser.spool_max_size = most  # in memory, never a temporary file elsewhere
            form = await parser.parse()
        else:
            form = await request.form(max_files=0, max_fields=20, max_part_size=FORM_SLACK)
    except MultiPartException as error:
        raise WebError("web.error.bad_form", 400) from error
    fields: dict[str, str] = {}
    filename, data = None, b""
    for name, value in form.multi_items():
        if isinstance(value, str):
            fields.setdefault(name, value)
        elif value.filename:
            filename, data = value.filename, await value.read()
    await form.close()
    return Form(fields, filename, data)


def submit_scenario(store: JobStore, form: Form, lang: Lang) -> Job:
    """Queue a solve of the uploaded scenario, or of the built-in region picked.

    Raises
    ------
    WebError
        No file and no region, a region the app does not offer, a bad time budget, or an
        upload the library cannot read (with every problem found): no job is made.
    """
    settings = store.settings
    seconds = time_limit(form.text("time_limit"), settings)
    region = form.text("region")
    notes: list[Note] = []
    if form.filename:
        source = display_name(form.filename)
        with store.staging() as folder:
            path = save_upload(form.data, form.filename, folder, settings)
            scenario, notes = read_scenario_upload(path, source, lang, settings, folder)
    elif region in PRESETS:
        from koperasi_alloc.synth import generate

        source = say(f"web.region.{region}", lang)
        scenario = generate(region, seed=0)
    elif region:
        raise WebError("web.error.region", name=display_name(region))
    else:
        raise WebError("web.error.no_file")
    work = solve_work(scenario, settings, notes)
    return store.submit("solve", work, lang=lang, source=source, time_limit=seconds)


def _parent_plan(parent: Job) -> None:
    if parent.kind == "hires" or parent.state != "done" or parent.scenario is None:
        raise WebError("web.error.no_parent_plan", 409)


def submit_replan(store: JobStore, parent: Job, form: Form, lang: Lang) -> Job:
    """Queue a re-plan from the reviewed plan workbook in ``form``, against the scenario
    of ``parent`` (a finished solve or re-plan).

    Raises
    ------
    WebError
        No finished plan to start from (409), no workbook, a bad time budget, or a
        workbook the library cannot read (every problem by sheet, row and column).
    """
    settings = store.settings
    _parent_plan(parent)
    assert parent.scenario is not None
    seconds = time_limit(form.text("time_limit"), settings)
    if not form.filename:
        raise WebError("web.error.no_plan_file")
    source = display_name(form.filename)
    with store.staging() as folder:
        path = save_upload(form.data, form.filename, folder, settings, plan=True)
        review = read_review(path, source, parent.scenario, lang, folder)
    from koperasi_alloc.io.excel_review import apply_review

    notes: list[Note] = list(review.notes)
    try:
        reviewed = apply_review(parent.scenario, review, lang=lang, notes=notes)
    except ScenarioError as error:
        count = len(error.problems)
        raise WebError("web.error.scenario", problems=error, name=source, count=count) from None
    work = replan_work(reviewed, review, settings, notes)
    return store.submit(
        "replan", work, lang=lang, source=source, time_limit=seconds, parent=parent.id
    )


def submit_hires(store: JobStore, parent: Job, form: Form, lang: Lang) -> Job:
    """Queue a hiring proposal for what the plan of ``parent`` leaves empty (that plan
    kept as it is).

    Raises
    ------
    WebError
        No finished plan to start from (409), or a bad time budget.
    """
    _parent_plan(parent)
    assert parent.scenario is not None
    seconds = time_limit(form.text("time_limit"), store.settings, default=60.0)
    plan = parent.plan if parent.plan is not None and parent.plan.assignments else None
    work = hires_work(parent.scenario, plan, store.settings)
    return store.submit(
        "hires", work, lang=lang, source=parent.source, time_limit=seconds, parent=parent.id
    )
