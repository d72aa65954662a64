"""The app itself: :func:`create_app` puts the pages, the JSON API, the job store, the
error pages and the safety headers together; :func:`serve` runs it with uvicorn.

Every error a request meets is answered with a message from the catalogue in the page's
language: as a page for the planner's pages, as ``{"error": ..., "problems": [...]}`` for
the JSON API (paths under ``/jobs``). A failure the app did not foresee is logged on the
server and answered with a short message; no page ever shows a traceback, a path of the
server's folders or the server's name.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jinja2
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from koperasi_alloc import __version__
from koperasi_alloc.i18n import Lang, decimal, grouped, say
from koperasi_alloc.web.errors import WebError
from koperasi_alloc.web.jobs import JobStore
from koperasi_alloc.web.settings import AppSettings

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = ["WebContext", "create_app", "lang_of", "render", "serve"]

_LOG = logging.getLogger("koperasi_alloc.web")

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
"""Pages load nothing from elsewhere and run no inline script."""
MAP_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; frame-ancestors 'self'; base-uri 'none'"
)
"""The map (folium writes it with inline scripts) may run them, and load nothing at all."""


@dataclass(frozen=True)
class WebContext:
    """What every request handler reaches through ``request.app.state.web``."""

    settings: AppSettings
    store: JobStore
    templates: jinja2.Environment


def context_of(request: Request) -> WebContext:
    """The app's :class:`WebContext`."""
    web: WebContext = request.app.state.web
    return web


def lang_of(request: Request) -> Lang:
    """The language a request asks for (``?lang=en``), else the app's."""
    lang = request.query_params.get("lang", "")
    if lang == "en":
        return "en"
    if lang == "id":
        return "id"
    return "en" if context_of(request).settings.lang == "en" else "id"


def _helpers(lang: str) -> dict[str, Any]:
    """Functions the templates call: words from the catalogue, numbers as ``lang`` writes
    them."""

    def share(tenths: int | None) -> str:
        return "-" if tenths is None else decimal(tenths / 10, lang) + " %"

    def t(key: str, **values: Any) -> str:
        return say(key, lang, **values)

    return {"t": t, "num": lambda n: grouped(int(n), lang), "share": share, "lang": lang}


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """The page ``name`` in the request's language."""
    lang = lang_of(request)
    template = context_of(request).templates.get_template(name)
    other = "en" if lang == "id" else "id"
    path = request.url.path if request.method == "GET" else "/"  # the other language's link
    page = template.render(path=path, other=other, **_helpers(lang), **context)
    return HTMLResponse(page, status_code=status)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/jobs", "/openapi"))


def error_response(request: Request, error: WebError) -> Response:
    """``error`` as JSON for the API, as a page for a planner."""
    lang = lang_of(request)
    if _is_api(request):
        body = {"error": error.text(lang), "problems": error.lines(lang)}
        return JSONResponse(body, status_code=error.status)
    return render(request, "error.html", error.status, message=error.text(lang),
                  problems=error.lines(lang))  # fmt: skip


def _handlers(app: FastAPI) -> None:
    """Every error as a message (see the module docstring)."""

    async def web_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, WebError)
        return error_response(request, error)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        key = {404: "web.error.not_found_page", 405: "web.error.method"}
        return error_response(request, WebError(key.get(error.status_code, "web.error.bad_form"),
                                                error.status_code))  # fmt: skip

    async def invalid(request: Request, error: Exception) -> Response:
        return error_response(request, WebError("web.error.bad_form", 400))

    async def unforeseen(request: Request, error: Exception) -> Response:
        _LOG.error("request %s %s failed", request.method, request.url.path, exc_info=error)
        return error_response(request, WebError("web.error.internal", 500))

    app.add_exception_handler(WebError, web_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(Exception, unforeseen)


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
                   Awaitable[None]]  # fmt: skip


class SafetyHeaders:
    """Headers on every response: a content security policy (unless the response set its
    own), no framing by other sites, no type sniffing, no referrer, and no caching of
    anything but the static files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(
        self,
        scope: Scope,
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = [
                    (b"content-security-policy", PAGE_POLICY.encode()),
                    (b"x-frame-options", b"SAMEORIGIN"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                if not static:
                    extra.append((b"cache-control", b"no-store"))
                headers += [(name, value) for name, value in extra if name not in names]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(settings: AppSettings | None = None) -> FastAPI:
    """The web app: pages for planners, the JSON API, and the job queue.

    Parameters
    ----------
    settings
        Where the data folder is, how long jobs are kept, the upload limits, how many
        solves run at once (:class:`~koperasi_alloc.web.settings.AppSettings`; defaults
        when None).

    Returns
    -------
    fastapi.FastAPI
        An ASGI app. Its queue starts and stops with it (``lifespan``): under uvicorn, or
        in a ``with fastapi.testclient.TestClient(app):`` block.
    """
    from koperasi_alloc.web import api, pages

    settings = settings or AppSettings()
    store = JobStore(settings, settings.folder(), owns_root=settings.data_dir is None)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store.start()
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="koperasi-alloc",
        version=__version__,
        summary="Place ASN in Koperasi Desa/Kelurahan Merah Putih: upload, solve, review.",
        docs_url=None,  # the interactive docs load their script from the internet
        redoc_url=None,
        lifespan=lifespan,
    )
    templates = jinja2.Environment(
        loader=jinja2.PackageLoader("koperasi_alloc.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    app.state.web = WebContext(settings, store, templates)
    app.mount("/static", StaticFiles(packages=[("koperasi_alloc.web", "static")]), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    _handlers(app)
    app.add_middleware(SafetyHeaders)
    return app


def serve(
    settings: AppSettings | None = None, *, host: str = "127.0.0.1", port: int = 8000
) -> None:
    """Run the app with uvicorn until Ctrl-C (one process: the job queue lives in it).

    Parameters
    ----------
    settings
        As for :func:`create_app`.
    host
        ``127.0.0.1`` (default): this computer only; ``0.0.0.0``: every network this
        computer is on (an office's planners reach it at its address).
    port
        The TCP port.
    """
    import uvicorn

    app = create_app(settings)
    web: WebContext = app.state.web
    lang = web.settings.lang
    address = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    print(say("web.serve.open", lang, address=address, folder=web.store.root,
              hours=f"{web.settings.keep_hours:g}", running=web.settings.max_running))  # fmt: skip
    uvicorn.run(app, host=host, port=port, server_header=False, log_level="info")
