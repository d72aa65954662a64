"""Files planners send: only the formats the library reads, within the app's limits, each
written under a name of the app's choosing inside the upload's own folder. An uploaded
file's name is shown to the planner (escaped) and its suffix chooses the reader; it never
becomes a path.

========================  ==============================================================
upload                    read as
========================  ==============================================================
``*.xlsx``                the scenario workbook (``koperasi-alloc template``), or, for a
                          re-plan, the plan workbook with its ``keputusan`` column
``*.json``                a JSON scenario
``*.zip``                 a folder of CSV files (``districts.csv``, ``officers.csv`` ...):
                          only members with those names are unpacked, wherever they lie
                          in the archive; everything else in it is ignored
========================  ==============================================================
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from koperasi_alloc.errors import ScenarioError
from koperasi_alloc.i18n import Lang
from koperasi_alloc.web.errors import WebError

if TYPE_CHECKING:
    from koperasi_alloc.io import Note
    from koperasi_alloc.io.excel_review import PlanReview
    from koperasi_alloc.scenario import Scenario
    from koperasi_alloc.web.settings import AppSettings

__all__ = [
    "CSV_FILES",
    "PRESETS",
    "SCENARIO_SUFFIXES",
    "display_name",
    "read_review",
    "read_scenario_upload",
    "save_upload",
    "time_limit",
]

SCENARIO_SUFFIXES = (".xlsx", ".json", ".zip")
PLAN_SUFFIXES = (".xlsx",)
CSV_FILES: dict[str, str] = {
    name: name
    for name in (
        "districts.csv", "villages.csv", "cooperatives.csv", "officers.csv", "roles.csv",
        "agencies.csv", "policy.json", "policy.csv", "meta.json", "locks.csv", "forbids.csv",
        "adjacency.csv", "travel.csv", "baseline.csv",
    )
}  # fmt: skip
"""The files of a scenario's CSV folder (:mod:`koperasi_alloc.io.csv_folder`), by the
lower-case name a zip member may have."""
PRESETS: tuple[str, ...] = ("kutai-timur", "province")
"""The built-in regions a planner may pick (the national preset is too large for a page)."""
UNPACK_FACTOR = 10
"""A zip (or a workbook, which is one) may unpack to this many times the upload limit."""
MAX_MEMBERS = 10_000


def display_name(filename: str | None) -> str:
    """The uploaded file's name as a planner may see it: its last part only, without
    control characters, at most 80 characters."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    return name[:80] or "-"


def _suffix(filename: str | None, allowed: tuple[str, ...], key: str) -> str:
    suffix = PurePosixPath(display_name(filename)).suffix.lower()
    if suffix not in allowed:
        raise WebError(key, 415, name=display_name(filename))
    return suffix


def save_upload(
    data: bytes,
    filename: str | None,
    folder: Path,
    settings: AppSettings,
    *,
    plan: bool = False,
) -> Path:
    """Write an upload into ``folder`` under the app's own name, ready for its reader.

    Parameters
    ----------
    data
        The file's bytes (already within the upload limit).
    filename
        The name the browser sent: only its suffix is used.
    folder
        The upload's own staging folder.
    settings
        The app's limits.
    plan
        True for a reviewed plan workbook (``.xlsx`` only); else a scenario.

    Returns
    -------
    pathlib.Path
        ``upload.xlsx`` or ``upload.json``, or for a zip the folder of CSV files unpacked.

    Raises
    ------
    WebError
        A format the library does not read (415), an empty or over-large file or archive
        (400, 413), a zip without any file of a CSV folder (400).
    """
    if plan:
        suffix = _suffix(filename, PLAN_SUFFIXES, "web.error.plan_format")
    else:
        suffix = _suffix(filename, SCENARIO_SUFFIXES, "web.error.format")
    if not data:
        raise WebError("web.error.empty", name=display_name(filename))
    if len(data) > settings.max_upload_bytes:
        raise WebError("web.error.too_large", 413, limit=f"{settings.max_upload_mb:g}")
    target = folder / f"upload{suffix}"
    target.write_bytes(data)
    unpacked = settings.max_upload_bytes * UNPACK_FACTOR
    if suffix == ".zip":
        return _unzip(target, folder / "csv", unpacked, display_name(filename))
    if suffix == ".xlsx":
        if not zipfile.is_zipfile(target):  # every .xlsx is a zip archive
            raise WebError("web.error.not_a_workbook", name=display_name(filename))
        try:
            with zipfile.ZipFile(target) as archive:
                _check_unpacked(archive.infolist(), unpacked)
        except zipfile.BadZipFile as error:
            raise WebError("web.error.not_a_workbook", name=display_name(filename)) from error
    return target


def _check_unpacked(members: list[zipfile.ZipInfo], most: int) -> None:
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > most:
        raise WebError("web.error.unpacked_too_large", 413, limit=f"{most / 1e6:g}")


def _unzip(path: Path, target: Path, most: int, name: str) -> Path:
    """Unpack the CSV folder's files of the zip at ``path`` into ``target`` (each under
    its own fixed name), never more than ``most`` bytes in all."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise WebError("web.error.zip_broken", name=name) from error
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        _check_unpacked(members, most)
        chosen: dict[str, zipfile.ZipInfo] = {}
        for member in members:
            base = PurePosixPath(member.filename.replace("\\", "/")).name.lower()
            if base in CSV_FILES and CSV_FILES[base] not in chosen:
                chosen[CSV_FILES[base]] = member
        if not chosen:
            raise WebError("web.error.zip_empty", name=name)
        target.mkdir()
        left = most
        for fixed, member in chosen.items():
            try:
                with archive.open(member) as source, (target / fixed).open("wb") as out:
                    left -= _copy(source, out, left)
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as error:
                raise WebError("web.error.zip_broken", name=name) from error
    return target


def _copy(source: IO[bytes], out: IO[bytes], most: int) -> int:
    """Copy at most ``most`` bytes (the sizes a zip states may lie); returns the count."""
    copied = 0
    while chunk := source.read(1 << 16):
        copied += len(chunk)
        if copied > most:
            raise WebError("web.error.unpacked_too_large", 413, limit=f"{most / 1e6:g}")
        out.write(chunk)
    return copied


def read_scenario_upload(
    path: Path, name: str, lang: Lang, settings: AppSettings, folder: Path
) -> tuple[Scenario, list[Note]]:
    """Read an uploaded scenario with the app's limits.

    Raises
    ------
    WebError
        With every problem the reader found, by sheet, row and column (400).
    """
    from koperasi_alloc.io import read_scenario

    notes: list[Note] = []
    try:
        scenario = read_scenario(path, lang=lang, notes=notes, limits=settings.limits())
    except ScenarioError as error:
        raise _refused(error, name, folder) from None
    return scenario, notes


def read_review(path: Path, name: str, scenario: Scenario, lang: Lang, folder: Path) -> PlanReview:
    """Read a reviewed plan workbook (its ``keputusan`` column) against ``scenario``.

    Raises
    ------
    WebError
        With every problem found, by sheet, row and column (400).
    """
    from koperasi_alloc.io import read_plan_review

    try:
        review: PlanReview = read_plan_review(path, scenario, lang=lang)
    except ScenarioError as error:
        raise _refused(error, name, folder) from None
    return review


def _refused(error: ScenarioError, name: str, folder: Path) -> WebError:
    count = len(error.problems)
    return WebError("web.error.scenario", problems=error, hide=[folder], name=name, count=count)


_SECONDS = re.compile(r"\s*\d+([.,]\d+)?\s*")


def time_limit(text: str | float | None, settings: AppSettings, default: float = 30.0) -> float:
    """A time budget in seconds from a form field (``30``, ``7,5``) or a number.

    Raises
    ------
    WebError
        Unless it is a number from 1 to :attr:`AppSettings.max_time_limit`.
    """
    if text is None or text == "":
        value = default
    elif isinstance(text, int | float) and not isinstance(text, bool):
        value = float(text)
    elif isinstance(text, str) and _SECONDS.fullmatch(text):
        value = float(text.strip().replace(",", "."))
    else:
        value = -1.0
    if not 1 <= value <= settings.max_time_limit:
        raise WebError("web.error.time_limit", most=f"{settings.max_time_limit:g}")
    return value
