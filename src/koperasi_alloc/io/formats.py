"""One entry point for every scenario and plan format, chosen by the path.

================================  =========================================================
path                              format
================================  =========================================================
``*.json``                        JSON (:mod:`koperasi_alloc.io.json_io`)
``*.xlsx`` / ``*.xlsm``           Excel workbook (:mod:`koperasi_alloc.io.excel`; openpyxl)
a folder, or a path without       CSV folder (:mod:`koperasi_alloc.io.csv_folder`)
a suffix
``*.geojson`` (plans only)        the plan's map (:func:`koperasi_alloc.io.geojson.map_geojson`)
================================  =========================================================

Anything else is a :class:`~koperasi_alloc.errors.ScenarioError`. The CLI's ``solve``,
``explain`` and ``replan`` read with :func:`read_scenario` and write with
:func:`write_plan`; ``check``, ``explain`` and ``replan`` read a plan (JSON, folder, or a
reviewed plan workbook) with :func:`read_plan`.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from koperasi_alloc.errors import Problem, ScenarioError
from koperasi_alloc.i18n import say
from koperasi_alloc.io.json_io import (
    load_plan_json,
    load_scenario_json,
    save_plan_json,
    save_scenario_json,
)
from koperasi_alloc.io.limits import DEFAULT_LIMITS, InputLimits
from koperasi_alloc.io.tables.cells import neutralised

if TYPE_CHECKING:
    from koperasi_alloc.io.tables.messages import Note
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.scenario import Lock, Scenario

__all__ = [
    "detect_format",
    "read_plan",
    "read_plan_locks",
    "read_scenario",
    "write_plan",
    "write_scenario",
]

PathLike = str | os.PathLike[str]
Format = Literal["json", "xlsx", "csv", "geojson"]
Lang = Literal["id", "en"]


def detect_format(path: PathLike, *, lang: Lang = "en") -> Format:
    """The format of ``path``: ``json``, ``xlsx``, ``csv`` (a folder) or ``geojson``.

    Raises
    ------
    ScenarioError
        When the suffix is none of those.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if file.is_dir() or (not file.exists() and not suffix):
        return "csv"
    if suffix == ".json":
        return "json"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".geojson":
        return "geojson"
    raise _file_error("io.unsupported", lang, file)


def _file_error(key: str, lang: Lang, path: PathLike) -> ScenarioError:
    """A problem with a whole file, in ``lang`` (catalogue key ``key``)."""
    problem = Problem(say("word.file", lang), "", say(key, lang))
    return ScenarioError([problem], source=str(path), lang=lang)


def _kind(path: PathLike, what: str, action: str, lang: Lang) -> Format:
    """The format of ``path`` for reading or writing a scenario or a plan: ``json``,
    ``xlsx``, ``csv`` (a folder) or, for writing a plan, ``geojson``; any other suffix is
    refused before anything is read or written (no JSON ever lands in a ``.csv``)."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if file.is_dir() or (not suffix and not file.is_file()):
        return "csv"
    if what == "plan" and suffix == ".geojson" and action == "write":
        return "geojson"
    if not suffix:
        raise _file_error("io.scenario_no_suffix", lang, path)
    key = f"io.{what}_suffix.{action}"
    raise ScenarioError(
        [Problem(say("word.file", lang), "", say(key, lang, suffix=suffix))],
        source=str(file),
        lang=lang,
    )


def read_scenario(
    path: PathLike,
    *,
    lang: Lang = "id",
    notes: list[Note] | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Scenario:
    """Read a scenario from a ``.json`` file, an ``.xlsx`` workbook or a CSV folder.

    Parameters
    ----------
    path
        The file or folder.
    lang
        Language of the problems reported.
    notes
        When given, receives a :class:`~koperasi_alloc.io.tables.Note` for each value of a
        workbook or CSV folder read in another form than written (``S-1`` as ``S1``, a
        kecamatan name as its code). JSON is read exactly as written: no notes.
    limits
        The largest file, table and number of problems accepted
        (:class:`~koperasi_alloc.io.limits.InputLimits`).

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        Every problem found, each naming where it is.
    """
    kind = _kind(path, "scenario", "read", lang)
    if kind == "json":
        return load_scenario_json(path, lang=lang, limits=limits)
    if kind == "xlsx":
        from koperasi_alloc.io.excel import read_scenario_xlsx

        return read_scenario_xlsx(path, lang=lang, notes=notes, limits=limits)
    from koperasi_alloc.io.csv_folder import read_scenario_csv
    from koperasi_alloc.io.tables.spec import TABLES

    if Path(path).is_dir() and not any((Path(path) / t.file).exists() for t in TABLES):
        files = ", ".join(table.file for table in TABLES)
        problem = Problem(
            say("word.file", lang), "", say("io.folder_without_tables", lang, files=files)
        )
        raise ScenarioError([problem], source=str(path), lang=lang)
    return read_scenario_csv(path, lang=lang, notes=notes, limits=limits)


def write_scenario(
    scenario: Scenario, path: PathLike, *, lang: Lang = "id", indent: int | None = 2
) -> None:
    """Write a scenario as ``.json``, ``.xlsx`` or a CSV folder, by the path.

    Parameters
    ----------
    scenario
        The scenario.
    path
        The file or folder; :func:`read_scenario` reads it back into an equal scenario.
        Any other suffix is refused (nothing is written).
    lang
        Language of the workbook's sheet names and headers.
    indent
        JSON only: spaces per indentation level; None writes one compact line.
    """
    kind = _kind(path, "scenario", "write", lang)
    if kind == "json":
        save_scenario_json(scenario, path, indent=indent)
    elif kind == "xlsx":
        from koperasi_alloc.io.excel import write_scenario_xlsx

        write_scenario_xlsx(scenario, path, lang=lang)
    else:
        from koperasi_alloc.io.csv_folder import write_scenario_csv

        write_scenario_csv(scenario, path)


def write_plan(
    plan: Plan,
    scenario: Scenario | None,
    path: PathLike,
    explanation: Any = None,
    *,
    lang: Lang = "id",
    proposal: Any = None,
    changes: Any = None,
    indent: int | None = 2,
) -> None:
    """Write a plan in the format the path names.

    Parameters
    ----------
    plan
        The plan.
    scenario
        The scenario it was made for (names and places for Excel and GeoJSON, which need
        it; JSON and a folder may be written without).
    path
        ``.json``: the plan as JSON; ``.xlsx``: the review workbook
        (:func:`koperasi_alloc.io.excel.write_plan_xlsx`); a folder: ``plan.json`` plus
        ``assignments.csv`` and ``vacancies.csv``; ``.geojson``: the plan's map for QGIS
        (boundaries with coverage, villages, assignment lines, hires of a proposal).
    explanation
        Optional ``koperasi_alloc.explain.explain(...)`` result: fills the vacancy reasons
        (Excel and CSV).
    lang
        Language of the workbook's sheet names and headers.
    proposal
        Optional hiring proposal (:func:`koperasi_alloc.propose_hires`): the workbook gets
        its sheet "Usulan Tambahan PPPK" too.
    changes
        Optional changes of a re-plan (:func:`koperasi_alloc.io.excel_changes.plan_changes`):
        the workbook gets the sheet Perubahan too.
    indent
        JSON only: spaces per indentation level; None writes one compact line.

    Raises
    ------
    ScenarioError
        For a suffix no plan is written as, and for ``.xlsx`` or ``.geojson`` without the
        scenario: nothing is written.
    """
    kind = _kind(path, "plan", "write", lang)
    if kind in ("xlsx", "geojson") and scenario is None:
        suffix = Path(path).suffix.lower()
        problem = Problem(
            say("word.file", lang), "", say("io.plan_needs_scenario", lang, suffix=suffix)
        )
        raise ScenarioError([problem], source=str(path), lang=lang)
    if kind == "json":
        save_plan_json(plan, path, indent=indent)
    elif kind == "xlsx" and scenario is not None:
        from koperasi_alloc.io.excel_plan import write_plan_xlsx

        write_plan_xlsx(
            plan, scenario, path, explanation, lang=lang, proposal=proposal, changes=changes
        )
    elif kind == "geojson" and scenario is not None:
        from koperasi_alloc.io.geojson import map_geojson, write_geojson

        write_geojson(map_geojson(scenario, plan, proposal), path)
    else:
        write_plan_folder(plan, path, explanation, indent=indent)


def write_plan_folder(
    plan: Plan, path: PathLike, explanation: Any, *, indent: int | None = 2
) -> None:
    """Write ``plan.json``, ``assignments.csv`` and ``vacancies.csv`` into folder ``path``."""
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    save_plan_json(plan, root / "plan.json", indent=indent)
    with (root / "assignments.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["officer_id", "cooperative_id", "role", "tier", "distance_km", "travel_minutes"]
        )
        for a in plan.assignments:
            cells = [a.officer_id, a.cooperative_id, a.role, a.tier.value]
            writer.writerow([*map(neutralised, cells), repr(a.distance_km), a.travel_minutes])
    reasons: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for item in getattr(explanation, "vacancies", None) or []:
        key = (str(item.cooperative_id), str(item.role))
        reasons.setdefault(key, []).append(
            (str(getattr(item, "reason", "") or ""), str(item.text or ""))
        )
    with (root / "vacancies.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["cooperative_id", "role", "count", "reason", "text"])
        for v in plan.vacancies:
            found = reasons.get((v.cooperative_id, v.role), [])
            codes = "; ".join(dict.fromkeys(code for code, _ in found if code))
            texts = " ".join(dict.fromkeys(text for _, text in found if text))
            cells = [v.cooperative_id, v.role, str(v.count), codes, texts]
            writer.writerow([neutralised(cell) for cell in cells])


def read_plan(
    path: PathLike,
    scenario: Scenario | None = None,
    *,
    lang: Lang = "id",
    notes: list[Note] | None = None,
) -> Plan:
    """Read a plan in any format: ``.json``, a folder, or a (reviewed) plan workbook.

    Parameters
    ----------
    path
        ``.json`` plan, folder written by :func:`write_plan` (its ``plan.json``), or an
        ``.xlsx`` plan workbook, perhaps reviewed: its Penugasan rows (all but those marked
        ``tolak``) are the plan (:func:`koperasi_alloc.io.excel_review.review_plan`).
    scenario
        The scenario in force; the workbook's ids are checked against it (a workbook
        cannot be read without it; JSON and a folder can).
    lang
        Language of problems and notes.
    notes
        When given, receives the workbook reader's notes (officers no longer in the
        scenario, rows given twice, other spellings ...).

    Returns
    -------
    Plan
        The plan.
    """
    kind = _kind(path, "plan", "read", lang)
    if kind == "xlsx":
        from koperasi_alloc.io.excel_review import read_plan_review, review_plan

        if scenario is None:
            raise _file_error("io.workbook_needs_scenario", lang, path)
        review = read_plan_review(path, scenario, lang=lang)
        if notes is not None:
            notes.extend(review.notes)
        return review_plan(review, scenario)
    return load_plan_json(Path(path) / "plan.json" if kind == "csv" else path)


def read_plan_locks(path: PathLike, scenario: Scenario, *, lang: Lang = "id") -> list[Lock]:
    """Locks for ``replan`` from a plan in any format.

    Parameters
    ----------
    path
        ``.json`` plan or a folder written by :func:`write_plan` (its ``plan.json``): one
        lock per assignment. ``.xlsx`` plan workbook: one lock per row marked ``kunci``
        in its ``keputusan`` column (the other decisions are read by
        :func:`koperasi_alloc.io.excel_review.read_plan_review`).
    scenario
        The scenario; the Excel reader checks every id against it.
    lang
        Language of the problems reported for Excel.

    Returns
    -------
    list[Lock]
        The locks.
    """
    from koperasi_alloc.scenario import Lock

    kind = detect_format(path, lang=lang)
    if kind == "xlsx":
        from koperasi_alloc.io.excel_review import read_plan_review

        return read_plan_review(path, scenario, lang=lang).locks
    if kind == "geojson":
        raise _file_error("io.geojson_locks", lang, path)
    plan = load_plan_json(Path(path) / "plan.json" if kind == "csv" else path)
    return [
        Lock(officer=a.officer_id, cooperative=a.cooperative_id, role=a.role)
        for a in plan.assignments
    ]
