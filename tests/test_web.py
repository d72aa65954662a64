"""The planner's web app through FastAPI's test client (issue 33): upload -> solve -> stop
-> download; reviewed plan.xlsx back in with one ``tolak``; the hiring proposal; bad
uploads answered in Bahasa Indonesia without a job; the queue on a 2-core machine; results
deleted after their keeping time; nothing written outside the data folder; errors as
messages, never a traceback.

Solves are short: Kutai Timur (a few seconds), and the Kalimantan Timur province (half a
minute at one worker) only to be stopped once it has started.
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")
pytest.importorskip("python_multipart")
pytest.importorskip("openpyxl")
pytest.importorskip("folium")

import openpyxl
from fastapi.testclient import TestClient

from koperasi_alloc.check import check
from koperasi_alloc.cli import main
from koperasi_alloc.io import load_plan, read_plan, read_scenario, write_scenario
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.synth import generate
from koperasi_alloc.web import AppSettings, create_app

FINISHED = {"done", "failed", "cancelled"}


def _wait(
    client: TestClient, job_id: str, until: Any = None, most: float = 240.0
) -> dict[str, Any]:
    """Poll the job's status until ``until(status)`` holds (default: it has ended). The
    limit only keeps a broken app from hanging the suite; no test is about time."""
    until = until or (lambda status: status["state"] in FINISHED)
    deadline = time.monotonic() + most
    while True:
        response = client.get(f"/jobs/{job_id}")
        assert response.status_code == 200, response.text
        status = response.json()
        if until(status):
            return status
        assert time.monotonic() < deadline, f"job never got there: {status}"
        time.sleep(0.2)


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def scarce() -> Scenario:
    """Kutai Timur with half the officers: some positions stay empty (reasons, hires)."""
    return generate("kutai-timur", seed=0, scarcity=0.5)


@pytest.fixture(scope="module")
def workbook(scarce: Scenario, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("upload") / "wilayah.xlsx"
    write_scenario(scarce, path, lang="id")
    return path


@pytest.fixture(scope="module")
def long_region() -> bytes:
    """Kalimantan Timur (10 kabupaten/kota, 1,038 cooperatives) with 3,000 officers, as
    JSON: a solve of a dozen seconds at one worker, made to be stopped (its files take a
    few seconds to write, the full province's half a minute)."""
    return generate("province", seed=0, n_officers=3000).model_dump_json().encode()


def _post_long(client: TestClient, long_region: bytes) -> dict[str, Any]:
    upload = {"file": ("kalimantan-timur.json", long_region)}
    response = client.post("/jobs", files=upload, data={"time_limit": "300"})
    assert response.status_code == 202, response.text
    status: dict[str, Any] = response.json()
    return status


@pytest.fixture(scope="module")
def app_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("app") / "data"


@pytest.fixture(scope="module")
def watched_temp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The system's temporary folder, pointed at an empty folder while the module runs:
    the app must write nothing there (uploads stay in memory, files in its data folder)."""
    folder = tmp_path_factory.mktemp("system-temp")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(folder))
        yield folder


@pytest.fixture(scope="module")
def client(app_dir: Path, watched_temp: Path) -> Iterator[TestClient]:
    app = create_app(AppSettings(data_dir=app_dir, cores=2))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def solved(client: TestClient, workbook: Path) -> dict[str, Any]:
    """The generated Kutai Timur workbook uploaded and solved (the loop's first steps)."""
    upload = {"file": ("wilayah.xlsx", workbook.read_bytes())}
    response = client.post("/jobs", files=upload, data={"time_limit": "20"})
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/jobs/{response.json()['id']}"
    return _wait(client, response.json()["id"])


def test_upload_solve_and_download_give_the_workbooks_figures(
    client: TestClient, solved: dict[str, Any], workbook: Path, tmp_path: Path
) -> None:
    assert solved["state"] == "done", solved
    result = solved["result"]
    assert result["status"] == "OPTIMAL"
    assert result["headline"] == "optimal: semua tier terbukti"
    assert result["violations"] == 0
    assert set(solved["files"]) == {"plan.xlsx", "plan.json", "plan.geojson", "map.html"}

    download = client.get(solved["files"]["plan.xlsx"])
    assert download.status_code == 200
    assert 'filename="rencana.xlsx"' in download.headers["content-disposition"]
    (tmp_path / "rencana.xlsx").write_bytes(download.content)
    (tmp_path / "rencana.json").write_bytes(client.get(solved["files"]["plan.json"]).content)
    scenario = read_scenario(workbook)
    plan = load_plan(tmp_path / "rencana.json")
    assert check(scenario, plan) == []
    assert {(a.officer_id, a.cooperative_id, a.role) for a in plan.assignments} == {
        (a.officer_id, a.cooperative_id, a.role)
        for a in read_plan(tmp_path / "rencana.xlsx", scenario).assignments
    }
    # the same figures as the workbook (one computation: Plan.figures)
    figures = plan.figures(scenario)
    assert (result["demanded"], result["open"], result["filled"], result["empty"]) == (
        figures.total.demanded, figures.total.open, figures.total.filled, figures.total.empty
    )  # fmt: skip
    assert result["empty"] > 0
    expected = {r.code: (r.counts.open, r.counts.filled, r.counts.empty)
                for r in figures.rows("kecamatan")}  # fmt: skip
    assert {a["code"]: (a["open"], a["filled"], a["empty"]) for a in result["areas"]} == expected

    geojson = client.get(solved["files"]["plan.geojson"]).json()
    assert geojson["type"] == "FeatureCollection"
    assert geojson["features"]
    page = client.get(solved["files"]["map.html"] + "?inline=true")
    assert page.headers["content-disposition"].startswith("inline")
    assert "L.map(" in page.text
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']https?:""", page.text)


def test_the_result_page_shows_headline_figures_reasons_and_map(
    client: TestClient, solved: dict[str, Any], app_dir: Path
) -> None:
    page = client.get(solved["page"])
    assert page.status_code == 200
    text = page.text
    assert "optimal: semua tier terbukti" in text
    assert "Per kecamatan" in text
    assert "Alasan posisi kosong" in text
    assert "Diperiksa: setiap aturan terpenuhi" in text
    assert f'src="/jobs/{solved["id"]}/files/map.html?inline=true"' in text
    assert "rencana.xlsx: rencana untuk ditinjau" in text
    # nothing about the server: no folder, no host name, no traceback
    assert str(app_dir) not in text
    assert "Traceback" not in text
    assert socket.gethostname() not in text
    english = client.get(f"/view/{solved['id']}?lang=en").text
    assert "optimal: all tiers proven" in english
    assert "Per kecamatan" in english
    assert "<script>" not in text  # the page's one script is a file: no inline script


def test_a_reviewed_plan_with_one_tolak_replans_and_says_why(
    client: TestClient, solved: dict[str, Any], workbook: Path, tmp_path: Path
) -> None:
    path = tmp_path / "rencana.xlsx"
    path.write_bytes(client.get(solved["files"]["plan.xlsx"]).content)
    book = openpyxl.load_workbook(path)
    sheet = book["Penugasan"]
    head = {cell.value: cell.column for cell in sheet[1]}
    officer = str(sheet.cell(2, head["NIP"]).value)
    cooperative = str(sheet.cell(2, head["koperasi"]).value)
    sheet.cell(2, head["keputusan"]).value = "tolak"
    book.save(path)

    upload = {"file": ("rencana-ditinjau.xlsx", path.read_bytes())}
    response = client.post(f"/jobs/{solved['id']}/replan", files=upload, data={"time_limit": "20"})
    assert response.status_code == 202, response.text
    status = _wait(client, response.json()["id"])
    assert (status["state"], status["kind"]) == ("done", "replan"), status
    assert status["parent"] == solved["id"]
    changes = status["result"]["changes"]
    assert changes["removed"] + changes["moved"] >= 1
    replanned = client.get(status["files"]["plan.json"]).json()
    assert (officer, cooperative) not in {
        (a["officer_id"], a["cooperative_id"]) for a in replanned["assignments"]
    }
    page = client.get(status["page"]).text
    assert "Apa yang berubah, dan mengapa" in page
    assert "ditolak perencana" in page
    sheets = openpyxl.load_workbook(io.BytesIO(client.get(status["files"]["plan.xlsx"]).content))
    assert "Perubahan" in sheets.sheetnames


def test_the_hiring_proposal_fills_what_stays_empty(
    client: TestClient, solved: dict[str, Any]
) -> None:
    response = client.post(f"/jobs/{solved['id']}/hires", data={"time_limit": "20"})
    assert response.status_code == 202, response.text
    status = _wait(client, response.json()["id"])
    assert status["state"] == "done", status
    result = status["result"]
    assert result["hires"] >= 1
    assert result["empty"] < solved["result"]["empty"]
    proposal = client.get(status["files"]["proposal.json"]).json()
    assert proposal["hires"] == result["hires"]
    page = client.get(status["page"]).text
    assert "HIPOTETIS" in page
    assert "PPPK baru" in page
    assert "ka-count" in client.get(status["files"]["map.html"]).text  # hires drawn with counts
    # a proposal is no plan to re-plan or propose from
    again = client.post(f"/jobs/{status['id']}/hires", data={"time_limit": "5"})
    assert again.status_code == 409
    assert "dimulai dari rencana yang sudah selesai" in again.json()["error"]


def test_stop_ends_a_long_solve_with_its_best_plan(client: TestClient, long_region: bytes) -> None:
    job_id = _post_long(client, long_region)["id"]

    def some_part_done(status: dict[str, Any]) -> bool:
        progress = status["progress"] or {}
        return (progress.get("parts_done") or 0) >= 1 or status["state"] in FINISHED

    running = _wait(client, job_id, some_part_done)
    assert running["state"] == "running", running
    assert "bagian" in running["progress_text"]
    stopped = client.post(f"/jobs/{job_id}/stop")
    assert stopped.status_code == 200
    assert stopped.json()["stop_requested"]
    status = _wait(client, job_id)
    assert status["state"] == "done", status
    assert status["result"]["stopped_by"] == "stop"
    assert status["result"]["status"] == "FEASIBLE"
    assert status["result"]["filled"] > 0
    assert status["result"]["violations"] == 0
    assert "dihentikan atas permintaan" in status["result"]["note"]
    assert "plan.xlsx" in status["files"]


def test_nothing_is_written_outside_the_data_folder(
    client: TestClient, solved: dict[str, Any], app_dir: Path, watched_temp: Path
) -> None:
    assert _files_under(watched_temp) == []
    job_files = _files_under(app_dir / "jobs" / solved["id"])
    assert {p.name for p in job_files} == {"plan.xlsx", "plan.json", "plan.geojson", "map.html"}
    assert _files_under(app_dir / "uploads") == []  # each upload's folder goes after reading


@pytest.fixture
def small_app(tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    """An app whose uploads may be at most 1 MB."""
    data = tmp_path / "data"
    app = create_app(AppSettings(data_dir=data, cores=2, max_upload_mb=1))
    with TestClient(app) as test_client:
        yield test_client, data


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _broken_workbook(workbook: Path) -> bytes:
    """The region's workbook with the NIP of Pegawai row 5 left empty."""
    book = openpyxl.load_workbook(workbook)
    book["Pegawai"].cell(5, 1).value = None
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "code", "message", "problem"),
    [
        ("rencana.pdf", lambda w: b"%PDF-1.4", 415,
         "rencana.pdf: hanya workbook (.xlsx), skenario JSON (.json) atau zip", None),
        ("wilayah.xlsx", lambda w: b"this is not a workbook", 400,
         "wilayah.xlsx bukan workbook Excel yang dapat dibuka", None),
        ("wilayah.xlsx", lambda w: b"x" * 1_100_000, 413, "lebih besar dari 1 MB", None),
        ("wilayah.xlsx", _broken_workbook, 400, "wilayah.xlsx tidak dapat dibaca: 1 masalah",
         "Pegawai baris 5: NIP: wajib diisi"),
        ("wilayah.zip", lambda w: _zip({"catatan.txt": b"x"}), 400,
         "tidak berisi satu pun berkas CSV skenario", None),
        ("wilayah.json", lambda w: b"{not json", 400, "wilayah.json tidak dapat dibaca", None),
        ("", lambda w: b"", 400, "pilih berkas untuk diunggah, atau wilayah bawaan", None),
    ],
)  # fmt: skip
def test_a_bad_upload_gets_an_indonesian_message_and_no_job(
    small_app: tuple[TestClient, Path],
    workbook: Path,
    name: str,
    make: Any,
    code: int,
    message: str,
    problem: str | None,
) -> None:
    client, data = small_app
    body = make(workbook)
    files = {"file": (name, body)} if name else None
    response = client.post("/jobs", files=files, data={"time_limit": "5"})
    assert response.status_code == code, response.text
    answer = response.json()
    assert message in answer["error"]
    if problem:
        assert problem in answer["problems"]
    assert str(data) not in json.dumps(answer)
    assert _files_under(data / "jobs") == []
    assert _files_under(data / "uploads") == []
    # the page says the same, on the form, and makes no job either
    page = client.post("/submit", files=files, data={"time_limit": "5"})
    assert page.status_code == code
    assert message.split(":")[0] in page.text
    assert 'id="error"' in page.text
    assert list((data / "jobs").iterdir()) == []


@pytest.mark.parametrize(("solve_workers", "at_once"), [(1, 2), (2, 1)])
def test_two_cores_run_at_most_cores_over_workers_solves(
    tmp_path: Path, long_region: bytes, solve_workers: int, at_once: int
) -> None:
    """On a 2-core machine with one CP-SAT worker per solve two solves run and the third
    waits; with two workers per solve one runs and the others wait. A waiting job that is
    stopped is cancelled without a plan; a running one ends with its best plan."""
    settings = AppSettings(data_dir=tmp_path / "data", cores=2, solve_workers=solve_workers)
    assert settings.max_running == at_once
    with TestClient(create_app(settings)) as client:
        ids = [_post_long(client, long_region)["id"] for _ in range(3)]
        _wait(client, ids[at_once - 1], lambda status: status["state"] == "running")
        states = [client.get(f"/jobs/{job_id}").json() for job_id in ids]
        assert [s["state"] for s in states] == ["running"] * at_once + ["queued"] * (3 - at_once)
        waiting = states[at_once]
        assert waiting["ahead"] == 0
        assert waiting["state_text"] == "Menunggu: giliran berikutnya"
        if at_once == 1:
            assert states[2]["state_text"] == "Menunggu giliran (1 pekerjaan di depan)"
        for job_id in reversed(ids):
            assert client.post(f"/jobs/{job_id}/stop").status_code == 200
        ended = [_wait(client, job_id) for job_id in ids]
        assert [s["state"] for s in ended] == ["done"] * at_once + ["cancelled"] * (3 - at_once)
        assert all(s["result"]["stopped_by"] == "stop" for s in ended[:at_once]), ended
        assert all(s["result"] is None and s["files"] == {} for s in ended[at_once:])


def test_finished_jobs_are_deleted_after_their_keeping_time(tmp_path: Path) -> None:
    settings = AppSettings(data_dir=tmp_path / "data", cores=1, keep_hours=2)
    app = create_app(settings)
    with TestClient(app) as client:
        response = client.post("/jobs", data={"region": "kutai-timur", "time_limit": "10"})
        status = _wait(client, response.json()["id"])
        assert status["state"] == "done"
        store = app.state.web.store
        job = store.get(status["id"])
        folder = tmp_path / "data" / "jobs" / status["id"]
        assert folder.is_dir()
        assert store.sweep(now=job.finished + 2 * 3600 - 1) == 0  # kept for two hours
        assert client.get(status["page"]).status_code == 200
        assert store.sweep(now=job.finished + 2 * 3600) == 1
        assert not folder.exists()
        gone = client.get(f"/jobs/{status['id']}")
        assert gone.status_code == 404
        assert "sudah dihapus 2 jam setelah selesai" in gone.json()["error"]
        page = client.get(status["page"])
        assert page.status_code == 404
        assert "pekerjaan tidak ditemukan" in page.text


def test_errors_are_messages_never_tracebacks(
    client: TestClient, solved: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    job = solved["id"]
    for path in ("/jobs/0123456789abcdef0123456789abcdef", "/jobs/..%2F..%2Fetc",
                 f"/jobs/{job}/files/..%2Fscenario.json", f"/jobs/{job}/files/passwd"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]
        assert "Traceback" not in response.text
    assert client.get("/no/such/page").status_code == 404
    assert "halaman tidak ditemukan" in client.get("/no/such/page").text
    wrong = client.get(f"/jobs/{job}/stop")
    assert wrong.status_code == 405
    assert wrong.json()["error"] == "alamat ini tidak menerima permintaan jenis itu"
    assert client.post("/jobs", data={"region": "national"}).json()["error"] == (
        "national bukan wilayah bawaan"
    )
    budget = client.post("/jobs", data={"region": "kutai-timur", "time_limit": "-3"})
    assert "1 sampai 600" in budget.json()["error"]

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("/secret/server/path went wrong")

    monkeypatch.setattr("koperasi_alloc.web.pages.job_status", broken)
    quiet = TestClient(client.app, raise_server_exceptions=False)
    page = quiet.get(f"/view/{job}")
    assert page.status_code == 500
    assert "terjadi kesalahan di dalam aplikasi" in page.text
    assert "/secret/server/path" not in page.text
    assert "Traceback" not in page.text


def test_the_api_is_described_by_openapi(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    operations = [
        ("/jobs", "post"),
        ("/jobs/{job_id}", "get"),
        ("/jobs/{job_id}/stop", "post"),
        ("/jobs/{job_id}/replan", "post"),
        ("/jobs/{job_id}/hires", "post"),
        ("/jobs/{job_id}/files/{name}", "get"),
    ]
    for path, method in operations:
        assert method in paths[path], (path, method)
    form = paths["/jobs"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert set(form["properties"]) == {"file", "region", "time_limit"}
    assert "JobStatus" in schema["components"]["schemas"]
    assert not [p for p in paths if p.startswith("/view")]  # pages are not the API
    page = client.get("/api").text
    assert "/jobs/{job_id}/stop" in page
    assert client.get("/docs").status_code == 404  # its script would come from the internet


def test_json_and_zipped_csv_uploads_and_hostile_names(client: TestClient, tmp_path: Path) -> None:
    """Names a spreadsheet would run as formulas stay text in plan.xlsx; names with markup
    are shown as text; a zip's members are read by their file names only."""
    base = generate("kutai-timur", seed=0)
    cooperatives = [c.model_copy(update={"name": "=HYPERLINK(\"http://x\",\"klik\")"})
                    if i == 0 else c for i, c in enumerate(base.cooperatives)]  # fmt: skip
    villages = [v.model_copy(update={"name": "<script>alert(1)</script>"}) if i == 0 else v
                for i, v in enumerate(base.villages)]  # fmt: skip
    districts = [d.model_copy(update={"name": "<b>Muara</b>"}) if i == 0 else d
                 for i, d in enumerate(base.districts)]  # fmt: skip
    hostile = base.model_copy(
        update={"cooperatives": cooperatives, "villages": villages, "districts": districts}
    )
    hostile = Scenario.model_validate(hostile.model_dump())
    body = hostile.model_dump_json().encode()
    response = client.post("/jobs", files={"file": ("../../etc/wilayah.json", body)})
    assert response.status_code == 202, response.text
    assert response.json()["source"] == "wilayah.json"
    status = _wait(client, response.json()["id"])
    assert status["state"] == "done", status
    book = openpyxl.load_workbook(io.BytesIO(client.get(status["files"]["plan.xlsx"]).content))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere
    page = client.get(status["page"]).text
    assert "<b>Muara</b>" not in page
    assert "&lt;b&gt;Muara&lt;/b&gt;" in page

    folder = tmp_path / "csv"
    write_scenario(base, folder)
    members = {f"wilayah/{p.name}": p.read_bytes() for p in folder.iterdir()}
    members["../../outside.csv"] = b"a,b\n1,2\n"
    members["catatan.txt"] = b"ignored"
    upload = {"file": ("wilayah.zip", _zip(members))}
    response = client.post("/jobs", files=upload, data={"time_limit": "10"})
    assert response.status_code == 202, response.text
    assert _wait(client, response.json()["id"])["state"] == "done"
    assert not (tmp_path / "outside.csv").exists()


def test_pages_speak_indonesian_by_default_and_english_on_request(client: TestClient) -> None:
    home = client.get("/")
    assert home.status_code == 200
    assert "Tempatkan ASN di koperasi desa" in home.text
    assert 'lang="id"' in home.text
    assert "Susun rencana" in home.text
    assert "Hentikan" in home.text
    assert "content-security-policy" in home.headers
    assert "script-src 'self'" in home.headers["content-security-policy"]
    english = client.get("/?lang=en")
    assert "Place ASN in the village cooperatives" in english.text
    assert 'lang="en"' in english.text
    assert client.get("/static/status.js").status_code == 200
    template = client.get("/template.xlsx")
    assert 'filename="templat-wilayah.xlsx"' in template.headers["content-disposition"]
    assert "Pegawai" in openpyxl.load_workbook(io.BytesIO(template.content)).sheetnames
    english_template = client.get("/template.xlsx?lang=en")
    assert "Officers" in openpyxl.load_workbook(io.BytesIO(english_template.content)).sheetnames


def test_settings_refuse_what_cannot_work() -> None:
    assert AppSettings().max_running == max(1, os.cpu_count() or 1)
    assert AppSettings(cores=8, solve_workers=3).max_running == 2
    assert AppSettings(cores=2, solve_workers=4).max_running == 1
    for bad in ({"solve_workers": 0}, {"keep_hours": -1}, {"max_upload_mb": 0},
                {"lang": "fr"}, {"max_time_limit": 0.5}, {"cores": True}):  # fmt: skip
        with pytest.raises(ValueError):  # noqa: PT011 - each names its own field
            AppSettings(**bad)


def test_serve_is_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["serve", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "--host" in out
    assert "--data-dir" in out
    assert "--keep-hours" in out


def test_every_word_on_the_pages_comes_from_the_catalogue() -> None:
    """Each key a template names, and each key it builds from a code, is in both tables."""
    from koperasi_alloc.i18n import CATALOGUES
    from koperasi_alloc.plan import StopReason
    from koperasi_alloc.web.status import FILES
    from koperasi_alloc.web.uploads import PRESETS

    templates = Path(__file__).resolve().parents[1] / "src/koperasi_alloc/web/templates"
    key = re.compile(r"""\bt\(["']([\w.\-]+)["']\s*[,)]""")
    named = {name for page in templates.glob("*.html") for name in key.findall(page.read_text())}
    built = {f"web.region.{p}" for p in PRESETS} | {f"web.stopped_by.{r.value}" for r in StopReason}
    built |= {f"web.file.{name.replace('.', '_')}" for name in FILES}
    built |= {f"web.state.{s}" for s in ("done", "failed", "cancelled")}
    built |= {f"web.kind.{k}" for k in ("solve", "replan", "hires")}
    built |= {f"web.hires.headline.{k}" for k in ("proven", "open")}
    for lang, table in CATALOGUES.items():
        missing = {key for key in named | built if key not in table and f"{key}.one" not in table}
        assert not missing, (lang, missing)
    assert len(named) > 50


def test_a_temporary_data_folder_goes_with_the_app_and_leftovers_with_a_restart(
    tmp_path: Path,
) -> None:
    app = create_app(AppSettings(cores=1))
    root = app.state.web.store.root
    with TestClient(app) as client:
        assert client.get("/").status_code == 200
        assert root.is_dir()
    assert not root.exists()

    data = tmp_path / "data"
    leftover = data / "jobs" / ("ab" * 16)
    leftover.mkdir(parents=True)
    (leftover / "plan.json").write_text("{}")
    mine = data / "jobs" / "not-a-job"
    mine.mkdir()
    create_app(AppSettings(data_dir=data, cores=1))
    assert not leftover.exists()
    assert mine.is_dir()
