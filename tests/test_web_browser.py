"""The planner's web app in a real browser (issue 33): Debian's Chromium, driven by
selenium through Debian's chromedriver, against the app served by uvicorn on this
machine's loopback address.

A planner uploads the generated Kutai Timur workbook, solves it, sees the headline and the
map, downloads plan.xlsx, marks one row ``tolak`` and sends it back, reads what changed,
asks for new PPPK, presses Stop on a long solve (the Kalimantan Timur province), and gets
every problem of a wrong workbook by sheet, row and column. Each step's screenshot is
written to the test's folder, and to ``$KOPERASI_SCREENSHOTS`` when that is set; the
how-to's pictures come from ``KOPERASI_SCREENSHOTS=docs/how-to/web-app`` and
``.venv/bin/pytest tests/test_web_browser.py``.

Skipped, saying why, where Chromium, chromedriver or selenium is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
pytest.importorskip("openpyxl")
pytest.importorskip("folium")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
try:
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select

    SELENIUM = True
except ImportError:  # pragma: no cover - the dev extra brings selenium
    SELENIUM = False

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None, reason="no Chromium here (apt-get install chromium chromium-driver)"
    ),
    pytest.mark.skipif(
        CHROMEDRIVER is None, reason="no chromedriver here (apt-get install chromium-driver)"
    ),
    pytest.mark.skipif(not SELENIUM, reason="selenium is not installed (the dev extra has it)"),
    pytest.mark.slow,
]

import openpyxl  # noqa: E402
import uvicorn  # noqa: E402

from koperasi_alloc.io import write_scenario  # noqa: E402
from koperasi_alloc.synth import generate  # noqa: E402
from koperasi_alloc.web import AppSettings, create_app  # noqa: E402

WIDTH = 1280


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app, served by uvicorn on 127.0.0.1 in a thread of this process."""
    data = tmp_path_factory.mktemp("app") / "data"
    app = create_app(AppSettings(data_dir=data, cores=2))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=60)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, downloads: Path) -> Iterator[Any]:
    """Headless Chromium with a fresh profile, no network of its own, downloads to a
    folder of the test's."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", f"--window-size={WIDTH},900",
                 "--force-device-scale-factor=1", "--lang=id"):  # fmt: skip
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folders = [tmp_path_factory.mktemp("screenshots")]
    if os.environ.get("KOPERASI_SCREENSHOTS"):
        folders.append(Path(os.environ["KOPERASI_SCREENSHOTS"]))
        folders[-1].mkdir(parents=True, exist_ok=True)
    return folders


def _shot(
    driver: Any, folders: list[Path], name: str, element: str | None = None, most: int = 2400
) -> None:
    """A screenshot of the page (its first ``most`` pixels) or of one element, in the
    test's folder and, as a compact PNG of 128 colours, in ``$KOPERASI_SCREENSHOTS``."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(WIDTH, min(max(int(height) + 20, 700), most))
    time.sleep(0.3)  # let the new size settle before the picture
    path = folders[0] / f"{name}.png"
    if element is None:
        driver.save_screenshot(str(path))
    else:
        driver.find_element(By.CSS_SELECTOR, element).screenshot(str(path))
    driver.set_window_size(WIDTH, 900)
    for folder in folders[1:]:
        _compact(path, folder / path.name)


def _compact(source: Path, target: Path) -> None:
    """``source`` with its colours reduced (a third of the size; docs keep it small)."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - matplotlib brings Pillow
        shutil.copyfile(source, target)
        return
    with Image.open(source) as picture:
        reduced = picture.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
        reduced.save(target, optimize=True)


def _until(check: Callable[[], Any], most: float = 240.0) -> Any:
    """Wait until ``check()`` gives something true (the limit only stops a hang)."""
    deadline = time.monotonic() + most
    while True:
        try:
            found = check()
        except Exception:  # the page is between two loads
            found = None
        if found:
            return found
        assert time.monotonic() < deadline, "the page never got there"
        time.sleep(0.25)


def _text(driver: Any, selector: str) -> str:
    elements = driver.find_elements(By.CSS_SELECTOR, selector)
    return str(elements[0].text) if elements else ""


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``koperasi-alloc generate --preset kutai-timur --scarcity 0.5 -o wilayah.xlsx``."""
    path = tmp_path_factory.mktemp("region") / "wilayah.xlsx"
    write_scenario(generate("kutai-timur", seed=0, scarcity=0.5), path, lang="id")
    return path


def _review(downloaded: Path, target: Path) -> str:
    """The downloaded plan.xlsx with its first row marked ``tolak``; the officer's name."""
    book = openpyxl.load_workbook(downloaded)
    sheet = book["Penugasan"]
    head = {cell.value: cell.column for cell in sheet[1]}
    officer = str(sheet.cell(2, head["nama"]).value)
    sheet.cell(2, head["keputusan"]).value = "tolak"
    book.save(target)
    return officer


def test_a_planner_goes_round_the_whole_loop(
    address: str, browser: Any, workbook: Path, downloads: Path, shots: list[Path]
) -> None:
    driver = browser
    driver.get(address + "/")
    assert "Tempatkan ASN di koperasi desa" in driver.page_source
    _shot(driver, shots, "1-beranda")

    # 1-2: upload the workbook and solve it
    driver.find_element(By.ID, "file").send_keys(str(workbook))
    time_limit = driver.find_element(By.ID, "time_limit")
    time_limit.clear()
    time_limit.send_keys("20")
    driver.find_element(By.ID, "solve").click()
    headline = _until(lambda: _text(driver, "#headline h1"), most=180)
    assert headline == "optimal: semua tier terbukti"
    assert "Alasan posisi kosong" in driver.page_source
    _shot(driver, shots, "2-hasil", most=2200)

    # 3: the map draws inside the page (its own document)
    frame = driver.find_element(By.CSS_SELECTOR, "iframe.map")
    driver.execute_script("arguments[0].scrollIntoView();", frame)
    driver.switch_to.frame(frame)
    drawn = _until(lambda: len(driver.find_elements(By.CSS_SELECTOR, "path.leaflet-interactive")))
    driver.switch_to.default_content()
    assert drawn > 18  # 18 kecamatan, the kabupaten, the cooperatives' circles, vacancies
    _shot(driver, shots, "3-peta", "#map")

    # 4: download plan.xlsx, mark one row tolak, send it back
    driver.find_element(By.ID, "download-plan-xlsx").click()
    downloaded = downloads / "rencana.xlsx"
    _until(lambda: downloaded.is_file() and not list(downloads.glob("*.crdownload")))
    reviewed = downloads / "rencana-ditinjau.xlsx"
    officer = _review(downloaded, reviewed)
    driver.find_element(By.ID, "review-file").send_keys(str(reviewed))
    driver.find_element(By.ID, "replan").click()
    changes = _until(lambda: _text(driver, "#changes"), most=180)
    assert "ditolak perencana" in changes
    assert officer in changes
    _shot(driver, shots, "4-perubahan", most=1500)

    # 5: the hiring proposal for what stays empty
    driver.find_element(By.ID, "propose").click()
    hires = _until(lambda: _text(driver, "#hires"), most=180)
    assert "HIPOTETIS" in hires
    assert "terbukti paling sedikit" in _text(driver, "#headline")
    _shot(driver, shots, "5-usulan")


def test_stop_keeps_the_best_plan_of_a_long_solve(
    address: str, browser: Any, tmp_path: Path, shots: list[Path]
) -> None:
    """Kalimantan Timur (10 kabupaten/kota) with 5,000 officers: every part has a plan
    after a dozen seconds at one worker, the solve goes on for half a minute more; Stop
    once every part has one. (The built-in province, 10,000 officers, takes half a minute
    to write its files; this one a few seconds.)"""
    driver = browser
    region = tmp_path / "kalimantan-timur.json"
    region.write_text(generate("province", seed=0, n_officers=5000).model_dump_json())
    driver.get(address + "/")
    assert Select(driver.find_element(By.ID, "region")).options[2].get_attribute("value") == (
        "province"
    )
    driver.find_element(By.ID, "file").send_keys(str(region))
    time_limit = driver.find_element(By.ID, "time_limit")
    time_limit.clear()
    time_limit.send_keys("300")
    driver.find_element(By.ID, "solve").click()
    every_part = re.compile(r"bagian (\d+)/\1$")
    _until(lambda: every_part.search(_text(driver, "#progress-text")), most=180)
    address_of_job = driver.current_url
    driver.refresh()  # a reload (or a page opened again from its address) finds the job
    assert driver.current_url == address_of_job
    _until(lambda: every_part.search(_text(driver, "#progress-text")), most=60)
    _shot(driver, shots, "6-mencari", "main")
    driver.find_element(By.ID, "stop").click()
    headline = _until(lambda: _text(driver, "#headline"), most=240)
    assert "dihentikan dengan tombol Hentikan" in headline
    assert "LAYAK" in headline  # FEASIBLE: the best plan found, checked
    assert "Diperiksa: setiap aturan terpenuhi" in headline
    assert "tidak terselesaikan" not in _text(driver, "#summary")  # every part had a plan
    _shot(driver, shots, "7-dihentikan", most=1500)


def test_problems_in_a_workbook_are_listed_by_sheet_row_and_column(
    address: str, browser: Any, workbook: Path, tmp_path: Path, shots: list[Path]
) -> None:
    driver = browser
    book = openpyxl.load_workbook(workbook)
    officers = book["Pegawai"]
    head = {cell.value: cell.column for cell in officers[1]}
    officers.cell(5, head["NIP"]).value = None
    officers.cell(7, head["pendidikan"]).value = "SMK"
    broken = tmp_path / "wilayah-salah.xlsx"
    book.save(broken)
    driver.get(address + "/")
    driver.find_element(By.ID, "file").send_keys(str(broken))
    driver.find_element(By.ID, "solve").click()
    message = _until(lambda: _text(driver, "#error"))
    assert "wilayah-salah.xlsx tidak dapat dibaca: 2 masalah" in message
    assert "Pegawai baris 5: NIP: wajib diisi" in message
    assert "Pegawai baris 7: pendidikan" in message
    _shot(driver, shots, "8-galat")

    not_a_workbook = tmp_path / "wilayah-rusak.xlsx"
    not_a_workbook.write_bytes(b"not a workbook")
    driver.find_element(By.ID, "file").send_keys(str(not_a_workbook))
    driver.find_element(By.ID, "solve").click()
    message = _until(lambda: "rusak" in _text(driver, "#error") and _text(driver, "#error"))
    assert "wilayah-rusak.xlsx bukan workbook Excel yang dapat dibuka" in message
