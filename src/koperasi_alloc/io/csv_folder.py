"""Scenarios as a folder of CSV files, and the table layout that Excel shares.

One file per table, UTF-8, comma separated (a file whose header line has semicolons and no
comma is read with ``;``, as Excel writes it in Indonesian locales):

=================  ===========================================================  ==========
file               columns (English header; Indonesian aliases accepted)        required
=================  ===========================================================  ==========
districts.csv      code, name, lat, lon                                         yes
villages.csv       code, name, district, lat, lon, kind, status, attributes     yes
cooperatives.csv   id, name, village, legal_entity, demand, min_officers,       yes
                   max_officers, priority, attributes
officers.csv       id, name, employment, agency, domicile, work_district, lat,  yes
                   lon, education, skills, group, max_cooperatives,
                   weekly_hours, available, attributes
roles.csv          code, name, min_education, weekly_hours                      yes
agencies.csv       code, name, headcount, max_release, max_release_fraction,    yes
                   attributes
policy.json        the :class:`~koperasi_alloc.scenario.Policy` as JSON         no
policy.csv         instead of policy.json: key, value rows (as the Aturan sheet)  no
meta.json          ``{"name": "..."}``: the scenario name (else the folder name)  no
locks.csv          officer, cooperative, role                                   no
forbids.csv        officer, cooperative, role                                   no
adjacency.csv      district_1, district_2                                       no
travel.csv         origin, village, minutes                                     no
baseline.csv       officer_id, cooperative_id, role                             no
=================  ===========================================================  ==========

A missing ``adjacency.csv``, ``travel.csv`` or ``baseline.csv`` means "not given" (None);
one with a header and no rows means an empty list. Cell conventions, shared with the Excel
workbook (:mod:`koperasi_alloc.io.excel`):

* an empty cell means "not given" (the field's default);
* ids and codes are text, exactly as written;
* numbers accept a comma decimal separator (``1,5``); yes/no accepts ``ya/tidak``,
  ``yes/no``, ``true/false``, ``1/0``;
* ``skills`` (and list values of the policy) are separated by ``;`` or ``,``; a cell that
  starts with ``[`` is read as a JSON array;
* ``demand`` is one cell ``manajer:1; keuangan:1`` (a cell that starts with ``{`` is read as a
  JSON object); a column ``demand_<role>`` (``permintaan_<role>``) may give a role's demand
  instead;
* a choice accepts any case and common spellings (``S-1``, ``S.1``, ``s1`` for ``S1``;
  ``D-3``, ``D-III`` for ``D3``), and a kecamatan or desa column accepts the name of exactly
  one kecamatan or desa for its code; each such reading is reported as a note;
* ``attributes`` is a JSON object; a column whose header starts with ``x_`` adds the
  attribute named by the rest of the header (as text in CSV); any other unknown column is
  reported.

Every row is either loaded or reported: all problems are raised together as one
:class:`~koperasi_alloc.errors.ScenarioError` whose problems name the file, the row (the
header is row 1) and the column. Values read in another form than written (``S-1`` as
``S1``, a kecamatan or desa name as its code) are reported as notes. The columns, cell
conventions and problem mapping are the table layer's (:mod:`koperasi_alloc.io.tables`),
shared with the workbook; this module only turns files into rows and back.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from koperasi_alloc.errors import ScenarioError
from koperasi_alloc.io.limits import DEFAULT_LIMITS, InputLimits, check_file_size
from koperasi_alloc.io.tables.assemble import assemble
from koperasi_alloc.io.tables.cells import cell_value, neutralised, record_values, restored
from koperasi_alloc.io.tables.messages import Note
from koperasi_alloc.io.tables.policy import read_policy, validate_policy
from koperasi_alloc.io.tables.reader import Reader, Row, build_collections
from koperasi_alloc.io.tables.spec import (
    FORBIDS,
    LOCKS,
    OPTIONAL_TABLES,
    POLICY_KEYS,
    TABLES,
    Lang,
    Table,
)
from koperasi_alloc.scenario import Policy, Scenario

__all__ = ["POLICY_KEYS", "read_scenario_csv", "write_scenario_csv"]

PathLike = str | os.PathLike[str]


def write_scenario_csv(scenario: Scenario, folder: PathLike) -> None:
    """Write ``scenario`` as a folder of CSV files that :func:`read_scenario_csv` reads back.

    Parameters
    ----------
    scenario
        The scenario.
    folder
        The folder; created when missing. Files of the layout already there are replaced;
        ``adjacency.csv``, ``travel.csv`` and ``baseline.csv`` are removed when the scenario
        has none (None).
    """
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        _write_csv(root / table.file, table, getattr(scenario, table.name))
    _write_csv(root / LOCKS.file, LOCKS, scenario.locks)
    _write_csv(root / FORBIDS.file, FORBIDS, scenario.forbids)
    for table in OPTIONAL_TABLES:
        records = getattr(scenario, table.name)
        if records is None:
            (root / table.file).unlink(missing_ok=True)
        else:
            _write_csv(root / table.file, table, records)
    (root / "policy.csv").unlink(missing_ok=True)
    (root / "policy.json").write_text(scenario.policy.model_dump_json(indent=2) + "\n", "utf-8")
    meta = json.dumps({"name": scenario.name}, ensure_ascii=False, indent=2)
    (root / "meta.json").write_text(meta + "\n", encoding="utf-8")


def _write_csv(path: Path, table: Table, records: Sequence[Any]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.en for c in table.columns])
        for record in records:
            values = record_values(table, record)
            row = []
            for column in table.columns:
                value = cell_value(column, values[column.field], "en", csv_style=True)
                row.append("" if value is None else neutralised(str(value)))
            writer.writerow(row)


def read_scenario_csv(
    folder: PathLike,
    *,
    lang: Lang = "id",
    notes: list[Note] | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Scenario:
    """Read a scenario from a folder of CSV files (see the module documentation).

    Parameters
    ----------
    folder
        The folder, as written by :func:`write_scenario_csv` or by hand.
    lang
        Language of the problems reported: ``"id"`` (``officers.csv baris 3``) or ``"en"``.
    notes
        When given, a list that receives a :class:`~koperasi_alloc.io.tables.Note` for each
        value read in another form than written (``S-1`` as ``S1``, a kecamatan name as its
        code), so that nothing changes silently.
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
        Listing every problem, each naming the file, row (header = row 1) and column (a
        :class:`~koperasi_alloc.io.tables.TableError`, whose ``notes`` hold the notes and
        the count of references not checked because a required file is missing).
    """
    root = Path(folder)
    source = str(root)
    reader = Reader(lang, header_lang="en", limits=limits, source=source)
    if not root.is_dir():
        reader.add(source, None, "", "unreadable", error="not a folder")
        raise ScenarioError(reader.problems, source=source, lang=reader.lang)
    loaded: dict[str, list[Row]] = {}
    for table in (*TABLES, LOCKS, FORBIDS, *OPTIONAL_TABLES):
        path = root / table.file
        reader.containers[table.name] = table.file
        if not path.exists():
            if table in TABLES:
                reader.add(table.file, None, "", "missing_file")
                reader.missing[table.name] = table.file
            if table in (LOCKS, FORBIDS) or table not in OPTIONAL_TABLES:
                loaded[table.name] = []
            continue
        rows = _read_csv_rows(path, reader)
        loaded[table.name] = reader.read_table(table, rows, table.file)
    collections = build_collections(reader, loaded)
    for table in OPTIONAL_TABLES:
        collections.setdefault(table.name, None)

    policy = _read_csv_policy(root, reader)
    name = root.resolve().name or "scenario"
    meta = root / "meta.json"
    if meta.exists():
        try:
            data = json.loads(meta.read_text(encoding="utf-8-sig"))
            name = str(data["name"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            reader.add("meta.json", None, "name", "unreadable", error=str(error))
    return assemble(reader, name, collections, policy, source, notes)


def _read_csv_rows(path: Path, reader: Reader) -> list[tuple[int, list[str]]]:
    check_file_size(path, reader.limits, str(path))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reader.add(path.name, None, "", "unreadable", error=str(error))
        return []
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered = ((n, [restored(cell) for cell in row]) for n, row in enumerate(rows, start=1))
    return reader.rows_of(path.name, numbered)


def _read_csv_policy(root: Path, reader: Reader) -> Policy:
    as_json, as_csv = root / "policy.json", root / "policy.csv"
    if as_json.exists():
        reader.containers["policy"] = as_json.name
        try:
            data = json.loads(as_json.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as error:
            reader.add(as_json.name, None, "", "unreadable", error=str(error))
            return Policy()
        if not isinstance(data, dict):
            reader.add(as_json.name, None, "", "json_object")
            return Policy()
        return validate_policy(reader, data, as_json.name)
    if as_csv.exists():
        reader.containers["policy"] = as_csv.name
        rows = _read_csv_rows(as_csv, reader)
        data, _ = read_policy(reader, rows, as_csv.name, instruction_row=False)
        return validate_policy(reader, data, as_csv.name)
    return Policy()
