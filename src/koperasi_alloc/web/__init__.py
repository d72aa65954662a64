"""The planner's web app: ``koperasi-alloc serve`` (needs the ``app`` extra:
``pip install "koperasi-alloc[app]"``).

A district planner's whole loop in a browser, in Bahasa Indonesia (English on request):
upload the region's workbook (or pick a built-in region, or download the empty one),
solve it with a time budget while the page shows the search's progress and a Stop button,
read the headline, the figures per kecamatan, the reason of every empty position and the
map, download plan.xlsx, send it back reviewed and see what the re-plan changed and why,
and ask for the fewest new PPPK. Apps get the same loop as a JSON API (``/jobs``,
described at ``/openapi.json``).

Built on FastAPI (Starlette underneath) with pages rendered on the server by Jinja2: a
real HTTP API with its OpenAPI description from the same code, pages that are plain HTML
forms (one small script refreshes the progress line), a test client that drives both
without a server, and a small footprint (uvicorn, jinja2 and python-multipart besides).
Streamlit, Panel and NiceGUI were set aside: each keeps a planner's state in a live
websocket session (a reload starts over, a job does not outlive its tab), none gives an
HTTP API an app can call, and each ships a JavaScript front end far larger than the app.

>>> from koperasi_alloc.web import AppSettings, create_app, serve  # doctest: +SKIP
>>> serve(AppSettings(data_dir="/srv/koperasi", keep_hours=48), host="0.0.0.0")  # doctest: +SKIP

Modules: :mod:`.settings` (what an office sets), :mod:`.jobs` (jobs, the queue, the
sweeper), :mod:`.uploads` (reading files safely), :mod:`.work` (what a job runs and
writes), :mod:`.views` and :mod:`.status` (what pages and the API show), :mod:`.actions`
(forms to jobs), :mod:`.api`, :mod:`.pages` and :mod:`.server` (the app).
"""

from koperasi_alloc.web.server import create_app, serve
from koperasi_alloc.web.settings import AppSettings

__all__ = ["AppSettings", "create_app", "serve"]
