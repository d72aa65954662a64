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
* ``attributes`` is a JSON object; a column whose header starts with ``x_`` adds the
  attribute named by the rest of the header (as text in CSV); any other unknown column is
  reported.

Every row is either loaded or reported: all problems are raised together as one
:class:`~koperasi_alloc.errors.ScenarioError` whose problems name the file, the row (the
header is row 1) and the column. This module also holds the format-neutral machinery (table
layout, cell coercion, problem mapping) that :mod:`koperasi_alloc.io.excel` reuses.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from koperasi_alloc.errors import Problem, ScenarioError
from koperasi_alloc.scenario import (
    Agency,
    Assignment,
    Cooperative,
    District,
    Education,
    Employment,
    Forbid,
    Lock,
    Officer,
    Policy,
    Role,
    Scenario,
    TravelTime,
    Village,
    VillageKind,
    VillageStatus,
    find_problems,
)

__all__ = ["read_scenario_csv", "write_scenario_csv"]

PathLike = str | os.PathLike[str]
Lang = Literal["id", "en"]

# --- table layout -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a table: the model field it fills and how its cells are read.

    ``kind`` is one of ``key`` (an id or code: text, exact), ``text``, ``float``, ``int``,
    ``bool``, ``enum``, ``list``, ``demand``, ``attributes`` or ``jenis`` (lock or forbid).
    """

    field: str
    kind: str
    id: str
    en: str
    hint_id: str
    hint_en: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()

    def label(self, lang: Lang) -> str:
        """The header in ``lang``."""
        return self.id if lang == "id" else self.en

    def hint(self, lang: Lang) -> str:
        """The instruction under the header in ``lang``."""
        return self.hint_id if lang == "id" else self.hint_en

    def names(self) -> set[str]:
        """Every header accepted for this column, normalised."""
        return {_norm(n) for n in (self.id, self.en, self.field, *self.aliases)}


@dataclass(frozen=True)
class Table:
    """A table of the scenario: a sheet of the workbook and a file of the CSV folder."""

    name: str
    sheet_id: str
    sheet_en: str
    file: str
    model: type[BaseModel] | None
    columns: tuple[Column, ...]
    optional: bool = False

    def sheet(self, lang: Lang) -> str:
        """The sheet name in ``lang``."""
        return self.sheet_id if lang == "id" else self.sheet_en

    def column(self, name: str) -> Column:
        """The column filling field ``name``."""
        return next(c for c in self.columns if c.field == name)


def _c(
    field_: str,
    kind: str,
    id_: str,
    en: str,
    hint_id: str,
    hint_en: str,
    required: bool = False,
    aliases: tuple[str, ...] = (),
    choices: tuple[str, ...] = (),
) -> Column:
    return Column(field_, kind, id_, en, hint_id, hint_en, required, aliases, choices)


_EDUCATION = tuple(e.value for e in Education)
_EMPLOYMENT = tuple(e.value for e in Employment)
_STATUS = tuple(s.value for s in VillageStatus)
_KIND = tuple(k.value for k in VillageKind)
_LAT = ("lintang", "lat", "lintang, derajat (LU positif, LS negatif)", "latitude, degrees")
_LON = ("bujur", "lon", "bujur, derajat timur", "longitude, degrees east")
_ATTR = _c(
    "attributes",
    "attributes",
    "atribut",
    "attributes",
    'JSON, mis. {"luas_ha": 12}; atau kolom x_nama',
    'JSON, e.g. {"area_ha": 12}; or x_name columns',
)

DISTRICTS = Table(
    "districts",
    "Kecamatan",
    "Districts",
    "districts.csv",
    District,
    (
        _c("code", "key", "kode", "code", "kode kecamatan, mis. 64.08.01", "e.g. 64.08.01", True),
        _c("name", "text", "nama", "name", "nama kecamatan", "kecamatan name", True),
        _c("lat", "float", *_LAT, True, ("latitude",)),
        _c("lon", "float", *_LON, True, ("longitude", "lng")),
    ),
)
VILLAGES = Table(
    "villages",
    "Desa",
    "Villages",
    "villages.csv",
    Village,
    (
        _c(
            "code",
            "key",
            "kode",
            "code",
            "kode desa, mis. 64.08.01.2001",
            "e.g. 64.08.01.2001",
            True,
        ),
        _c("name", "text", "nama", "name", "nama desa/kelurahan", "village name", True),
        _c("district", "key", "kecamatan", "district", "kode kecamatan", "kecamatan code", True),
        _c("lat", "float", *_LAT, True, ("latitude",)),
        _c("lon", "float", *_LON, True, ("longitude", "lng")),
        _c(
            "kind",
            "enum",
            "jenis",
            "kind",
            "desa atau kelurahan",
            "desa or kelurahan",
            choices=_KIND,
        ),
        _c(
            "status",
            "enum",
            "status_idm",
            "status",
            "status IDM (boleh kosong)",
            "IDM status (optional)",
            choices=_STATUS,
        ),
        _ATTR,
    ),
)
COOPERATIVES = Table(
    "cooperatives",
    "Koperasi",
    "Cooperatives",
    "cooperatives.csv",
    Cooperative,
    (
        _c("id", "key", "kode", "id", "kode koperasi", "cooperative id", True, ("kode_koperasi",)),
        _c("name", "text", "nama", "name", "nama koperasi", "cooperative name"),
        _c("village", "key", "desa", "village", "kode desa", "village code", True, ("kode_desa",)),
        _c(
            "legal_entity",
            "bool",
            "berbadan_hukum",
            "legal_entity",
            "ya/tidak (kosong: ya)",
            "yes/no (empty: yes)",
            aliases=("badan_hukum",),
        ),
        _c(
            "demand",
            "demand",
            "permintaan",
            "demand",
            "peran:jumlah; mis. manajer:1; keuangan:1",
            "role:count; e.g. manajer:1; keuangan:1",
            True,
        ),
        _c(
            "min_officers",
            "int",
            "min_pegawai",
            "min_officers",
            "minimal pegawai (kosong: 0)",
            "at least",
        ),
        _c(
            "max_officers",
            "int",
            "maks_pegawai",
            "max_officers",
            "maksimal (kosong: aturan)",
            "at most",
        ),
        _c("priority", "int", "prioritas", "priority", "bobot (kosong: dari status IDM)", "weight"),
        _ATTR,
    ),
)
OFFICERS = Table(
    "officers",
    "Pegawai",
    "Officers",
    "officers.csv",
    Officer,
    (
        _c("id", "key", "NIP", "id", "NIP/NI PPPK sebagai teks", "NIP as text", True, ("ni_pppk",)),
        _c("name", "text", "nama", "name", "nama pegawai", "officer name"),
        _c(
            "employment",
            "enum",
            "jenis_kepegawaian",
            "employment",
            "PNS, PPPK atau PPPK_PARUH_WAKTU",
            "PNS, PPPK or PPPK_PARUH_WAKTU",
            True,
            ("status_kepegawaian",),
            _EMPLOYMENT,
        ),
        _c(
            "agency",
            "key",
            "instansi",
            "agency",
            "kode instansi (OPD)",
            "agency code",
            True,
            ("opd",),
        ),
        _c(
            "domicile",
            "key",
            "domisili",
            "domicile",
            "kode desa tempat tinggal",
            "home village",
            True,
        ),
        _c(
            "work_district",
            "key",
            "kecamatan_kerja",
            "work_district",
            "kode kecamatan unit kerja",
            "kecamatan of the work unit",
            True,
        ),
        _c(
            "lat", "float", "lintang", "lat", "tempat kerja (boleh kosong)", "work place (optional)"
        ),
        _c("lon", "float", "bujur", "lon", "tempat kerja (boleh kosong)", "work place (optional)"),
        _c(
            "education",
            "enum",
            "pendidikan",
            "education",
            "SD ... S3",
            "SD ... S3",
            True,
            choices=_EDUCATION,
        ),
        _c(
            "skills", "list", "keahlian", "skills", "kode peran, pisahkan dengan ;", "role codes, ;"
        ),
        _c(
            "group",
            "text",
            "kelompok",
            "group",
            "guru, nakes, teknis ...",
            "guru, nakes, teknis ...",
        ),
        _c("max_cooperatives", "int", "maks_koperasi", "max_cooperatives", "kosong: 1", "empty: 1"),
        _c(
            "weekly_hours",
            "float",
            "jam_per_minggu",
            "weekly_hours",
            "kosong: tak terbatas",
            "hours",
        ),
        _c("available", "bool", "tersedia", "available", "ya/tidak (kosong: ya)", "yes/no"),
        _ATTR,
    ),
)
ROLES = Table(
    "roles",
    "Peran",
    "Roles",
    "roles.csv",
    Role,
    (
        _c("code", "key", "kode", "code", "kode peran, mis. manajer", "role code", True),
        _c("name", "text", "nama", "name", "nama peran", "role name", True),
        _c(
            "min_education",
            "enum",
            "pendidikan_min",
            "min_education",
            "boleh kosong",
            "optional",
            choices=_EDUCATION,
        ),
        _c(
            "weekly_hours",
            "float",
            "jam_per_minggu",
            "weekly_hours",
            "kosong: aturan",
            "hours a week",
        ),
    ),
)
AGENCIES = Table(
    "agencies",
    "Instansi",
    "Agencies",
    "agencies.csv",
    Agency,
    (
        _c("code", "key", "kode", "code", "kode instansi, mis. DISTAN", "agency code", True),
        _c("name", "text", "nama", "name", "nama instansi (OPD)", "agency name", True),
        _c(
            "headcount",
            "int",
            "jumlah_pegawai",
            "headcount",
            "semua pegawai instansi",
            "all staff",
            True,
        ),
        _c("max_release", "int", "maks_dilepas", "max_release", "boleh kosong", "optional"),
        _c(
            "max_release_fraction",
            "float",
            "maks_dilepas_fraksi",
            "max_release_fraction",
            "0..1 atau 20%",
            "0..1 or 20%",
        ),
        _ATTR,
    ),
)
_LOCK_COLUMNS = (
    _c("officer", "key", "NIP", "officer", "NIP pegawai", "officer NIP", True, ("pegawai",)),
    _c("cooperative", "key", "koperasi", "cooperative", "kode koperasi", "cooperative id", True),
    _c("role", "key", "peran", "role", "kode peran (kosong: peran apa saja)", "role (empty: any)"),
)
LOCKS = Table("locks", "Kunci", "Locks", "locks.csv", Lock, _LOCK_COLUMNS, True)
FORBIDS = Table("forbids", "Kunci", "Locks", "forbids.csv", Forbid, _LOCK_COLUMNS, True)
JENIS = _c(
    "jenis",
    "jenis",
    "jenis",
    "kind",
    "kunci (wajib) atau larang",
    "lock (must) or forbid",
    True,
    ("type",),
    ("kunci", "larang"),
)
LOCKS_SHEET = Table("locks", "Kunci", "Locks", "", None, (JENIS, *_LOCK_COLUMNS), True)
ADJACENCY = Table(
    "adjacency",
    "Ketetanggaan",
    "Adjacency",
    "adjacency.csv",
    None,
    (
        _c("0", "key", "kecamatan_1", "district_1", "kode kecamatan", "kecamatan code", True),
        _c(
            "1", "key", "kecamatan_2", "district_2", "kode kecamatan tetangga", "adjacent one", True
        ),
    ),
    True,
)
TRAVEL = Table(
    "travel",
    "Waktu tempuh",
    "Travel",
    "travel.csv",
    TravelTime,
    (
        _c("origin", "key", "asal", "origin", "NIP atau kode desa asal", "NIP or village", True),
        _c("village", "key", "desa", "village", "kode desa tujuan", "village code", True),
        _c("minutes", "float", "menit", "minutes", "menit sekali jalan", "one-way minutes", True),
    ),
    True,
)
BASELINE = Table(
    "baseline",
    "Rencana awal",
    "Baseline",
    "baseline.csv",
    Assignment,
    (
        _c("officer_id", "key", "NIP", "officer_id", "NIP", "officer NIP", True, ("officer",)),
        _c("cooperative_id", "key", "koperasi", "cooperative_id", "kode koperasi", "id", True),
        _c("role", "key", "peran", "role", "kode peran", "role code", True),
    ),
    True,
)
TABLES: tuple[Table, ...] = (DISTRICTS, VILLAGES, COOPERATIVES, OFFICERS, ROLES, AGENCIES)
OPTIONAL_TABLES: tuple[Table, ...] = (ADJACENCY, TRAVEL, BASELINE)

POLICY_KEYS: dict[str, tuple[str, str]] = {
    "allowed_tiers": ("list", "tingkat kedekatan yang boleh: village; kecamatan; adjacent; radius"),
    "radius_km": ("float", "radius garis lurus (km) untuk tingkat radius"),
    "max_travel_minutes": ("float", "batas menit tempuh untuk tingkat radius (boleh kosong)"),
    "travel_speed_kmh": ("float", "kecepatan (km/jam) pengubah km menjadi menit"),
    "cross_kabupaten": ("bool", "boleh melayani koperasi di kabupaten lain"),
    "max_officers_per_cooperative": ("int", "pegawai paling banyak per koperasi (surat edaran: 3)"),
    "min_education": ("text", "pendidikan minimal (surat edaran: D3)"),
    "excluded_groups": ("list", "kelompok yang tidak diambil, mis. guru; nakes"),
    "allowed_employment": ("list", "jenis kepegawaian yang boleh, mis. PPPK"),
    "legal_entity_only": ("bool", "hanya koperasi berbadan hukum"),
    "status_priority": ("mapping", "bobot per status IDM, mis. sangat_tertinggal:5; maju:2"),
    "default_priority": ("int", "bobot bila status IDM tidak diketahui"),
    "default_role_hours": ("float", "jam per minggu peran tanpa jam sendiri"),
    "trips_per_week": ("float", "perjalanan pulang-pergi per minggu ke tiap koperasi"),
    "max_baseline_changes": ("int", "penempatan baru paling banyak di luar rencana awal (replan)"),
    "objective.mode": ("text", "lexicographic atau weighted"),
    "objective.tiers": ("list", "urutan tujuan: coverage; locality; travel; fairness"),
    "objective.weights": ("mapping", "bobot per tujuan (mode weighted)"),
    "objective.locality_scores": ("mapping", "poin per tingkat kedekatan"),
    "objective.pppk_kecamatan_bonus": ("int", "poin tambahan PPPK sekecamatan"),
}
NAME_KEYS = ("nama_skenario", "scenario_name", "name")

# --- messages ---------------------------------------------------------------------------------

MESSAGES: dict[str, tuple[str, str]] = {
    "key_lossy": (
        "{label} harus teks: angka {value} sudah kehilangan digit; ketik sebagai teks "
        "(format sel Teks, atau awali dengan ')",
        "{label} must be text: the number {value} has lost digits; type it as text "
        "(Text cell format, or prefix it with ')",
    ),
    "key_type": ("{label} harus teks, bukan {value}", "{label} must be text, not {value}"),
    "number": ("harus angka, bukan {value}", "must be a number, not {value}"),
    "integer": ("harus bilangan bulat, bukan {value}", "must be a whole number, not {value}"),
    "bool": ("harus ya atau tidak, bukan {value}", "must be yes or no, not {value}"),
    "choice": (
        "harus salah satu dari: {choices}; bukan {value}",
        "must be one of: {choices}; not {value}",
    ),
    "json": ("bukan JSON yang sah: {error}", "is not valid JSON: {error}"),
    "json_object": ("harus objek JSON {{...}}", "must be a JSON object {{...}}"),
    "json_array": ("harus larik JSON [...]", "must be a JSON array [...]"),
    "pair": (
        "harus berbentuk kunci:nilai; kunci:nilai, bukan {value}",
        "must look like key:value; key:value, not {value}",
    ),
    "twice": ("{what} {value} diberikan dua kali", "{what} {value} is given twice"),
    "missing_column": ("kolom wajib tidak ada", "required column is missing"),
    "unknown_column": (
        "kolom tidak dikenal (awali judulnya dengan x_ untuk menyimpannya sebagai atribut)",
        "unknown column (prefix its header with x_ to keep it as an attribute)",
    ),
    "duplicate_column": (
        "kolom ganda (juga kolom {other})",
        "duplicate column (also column {other})",
    ),
    "no_header": ("nilai di kolom tanpa judul", "value in a column without a header"),
    "missing_sheet": ("sheet wajib tidak ada", "required sheet is missing"),
    "unknown_sheet": (
        "sheet tidak dikenal (awali namanya dengan x_ bila sengaja)",
        "unknown sheet (prefix its name with x_ if on purpose)",
    ),
    "missing_file": ("berkas wajib tidak ada", "required file is missing"),
    "unknown_key": ("aturan tidak dikenal", "unknown policy key"),
    "duplicate_key": ("aturan ganda (juga baris {other})", "duplicate key (also row {other})"),
    "unreadable": ("tidak dapat dibaca: {error}", "cannot be read: {error}"),
    "required": ("wajib diisi", "is required"),
    "jenis": ("harus kunci atau larang, bukan {value}", "must be lock or forbid, not {value}"),
    "unknown_ref": ("{what} {value} tidak dikenal", "unknown {what} {value}"),
}
_WHAT_ID = {
    "kecamatan": "kecamatan",
    "village": "desa",
    "role": "peran",
    "agency": "instansi",
    "officer": "pegawai",
    "cooperative": "koperasi",
}


def message(key: str, lang: Lang, **values: Any) -> str:
    """A message of :data:`MESSAGES` in ``lang``, filled in."""
    text_id, text_en = MESSAGES[key]
    return (text_id if lang == "id" else text_en).format(**values)


def where(container: str, row: int | None, lang: Lang) -> str:
    """Name a row the way problems do: ``Pegawai baris 12`` / ``officers.csv row 12``."""
    if row is None:
        return container
    return f"{container} {'baris' if lang == 'id' else 'row'} {row}"


class CellError(ValueError):
    """A cell that cannot be coerced; ``key`` and ``values`` select the message."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


# --- cell coercion ----------------------------------------------------------------------------

# Whitespace as pydantic strips it (Unicode White_Space): Python's str.strip() also strips the
# separators U+001C..U+001F, which pydantic keeps.
WS = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\x1c\x1d\x1e\x1f")


def _norm(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def is_blank(value: Any) -> bool:
    """Whether a cell is empty (None or only whitespace)."""
    return value is None or (isinstance(value, str) and not value.strip(WS))


_SAFE_FLOAT_DIGITS = 10**15  # Excel keeps 15 significant digits


def as_key(value: Any, label: str) -> str:
    """An id or code as exact text; a number is accepted only when no digit was lost."""
    if isinstance(value, bool):
        raise CellError("key_type", label=label, value=repr(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < _SAFE_FLOAT_DIGITS:
            return str(int(value))
        raise CellError("key_lossy", label=label, value=f"{value:.15g}")
    if isinstance(value, str):
        return value.strip(WS)
    raise CellError("key_type", label=label, value=repr(value))


def as_text(value: Any) -> str:
    """Any cell as text (a whole float without its ``.0``, a date in ISO 8601)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < _SAFE_FLOAT_DIGITS:
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def as_float(value: Any) -> float:
    """A number; text may use a comma decimal separator and end with ``%``."""
    if isinstance(value, bool):
        raise CellError("number", value=repr(value))
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.strip(WS).replace("\u00a0", "").replace(" ", "")
        percent = text.endswith("%")
        if percent:
            text = text[:-1]
        if "," in text and "." in text:
            # the later separator is the decimal one: 1.234,5 or 1,234.5
            if text.rfind(",") > text.rfind("."):
                text = text.replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise CellError("number", value=repr(value)) from None
        return number / 100 if percent else number
    raise CellError("number", value=repr(value))


def as_int(value: Any) -> int:
    """A whole number (``3``, ``3.0``, ``"3"``)."""
    if isinstance(value, bool):
        raise CellError("integer", value=repr(value))
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        return int(value)
    try:
        number = as_float(value)
    except CellError:
        raise CellError("integer", value=repr(value)) from None
    if not (math.isfinite(number) and number.is_integer()):
        raise CellError("integer", value=repr(value))
    return int(number)


_TRUE = {"ya", "y", "yes", "true", "benar", "b", "1", "iya"}
_FALSE = {"tidak", "t", "no", "n", "false", "salah", "0", "tdk", "bukan"}


def as_bool(value: Any) -> bool:
    """Yes or no: ``ya/tidak``, ``yes/no``, ``true/false``, ``1/0`` (any case)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip(WS).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise CellError("bool", value=repr(value))


def as_choice(value: Any, choices: Sequence[str]) -> str:
    """One of ``choices``, ignoring case and treating spaces and hyphens as underscores."""
    text = _norm(as_text(value))
    for choice in choices:
        if _norm(choice) == text:
            return choice
    raise CellError("choice", choices=", ".join(choices), value=repr(value))


def _json(text: str, kind: type) -> Any:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CellError("json", error=error.msg) from None
    if not isinstance(data, kind):
        raise CellError("json_object" if kind is dict else "json_array")
    return data


def as_list(value: Any) -> list[str]:
    """Items separated by ``;`` or ``,``; a JSON array when the text starts with ``[``."""
    text = as_text(value).strip(WS)
    if text.startswith("["):
        return [str(item) for item in _json(text, list)]
    if text == "-":
        return []
    return [item.strip(WS) for item in re.split(r"[;,]", text) if item.strip(WS)]


def as_mapping(value: Any, number: Callable[[Any], Any] = as_int) -> dict[str, Any]:
    """``key:value; key:value`` (``;`` or ``,``); a JSON object when it starts with ``{``."""
    text = as_text(value).strip(WS)
    if text.startswith("{"):
        return dict(_json(text, dict))
    if text == "-":
        return {}
    result: dict[str, Any] = {}
    for item in re.split(r"[;,]", text):
        if not item.strip(WS):
            continue
        key, sep, amount = item.rpartition(":")
        if not sep or not key.strip(WS):
            raise CellError("pair", value=repr(item.strip(WS)))
        if key.strip(WS) in result:
            raise CellError("twice", what="", value=repr(key.strip(WS)))
        try:
            result[key.strip(WS)] = number(amount)
        except CellError:
            raise CellError("pair", value=repr(item.strip(WS))) from None
    return result


def as_attributes(value: Any) -> dict[str, Any]:
    """A JSON object."""
    return dict(_json(as_text(value), dict))


def coerce(column: Column, value: Any) -> Any:
    """The value of ``column`` held by a (non-empty) cell; raises :class:`CellError`."""
    kind = column.kind
    if kind == "key":
        return as_key(value, column.id)
    if kind == "text":
        return as_text(value)
    if kind == "float":
        return as_float(value)
    if kind == "int":
        return as_int(value)
    if kind == "bool":
        return as_bool(value)
    if kind == "enum":
        return as_choice(value, column.choices)
    if kind == "list":
        return as_list(value)
    if kind == "demand":
        return as_mapping(value)
    if kind == "attributes":
        return as_attributes(value)
    if kind == "jenis":
        text = _norm(as_text(value))
        if text in ("kunci", "lock", "wajib"):
            return "lock"
        if text in ("larang", "forbid", "larangan"):
            return "forbid"
        raise CellError("jenis", value=repr(value))
    raise AssertionError(kind)  # pragma: no cover


# --- writing cells ----------------------------------------------------------------------------


def encode_list(items: Sequence[str]) -> str:
    """Items as ``a; b`` when that reads back the same, else as a JSON array."""
    text = "; ".join(items)
    if items and not text.startswith(("[", "-")) and as_list(text) == list(items):
        return text
    return json.dumps(list(items), ensure_ascii=False)


def encode_mapping(mapping: dict[str, Any]) -> str:
    """A mapping as ``k:v; k:v`` when that reads back the same, else as a JSON object."""
    items = list(mapping.items())
    text = "; ".join(f"{k}:{v}" for k, v in items)
    if items and all(isinstance(v, int) and not isinstance(v, bool) for _, v in items):
        try:
            if not text.startswith(("{", "-")) and as_mapping(text) == dict(items):
                return text
        except CellError:
            pass
    return json.dumps(mapping, ensure_ascii=False)


def bool_text(value: bool, lang: Lang) -> str:
    """``ya``/``tidak`` or ``yes``/``no``."""
    if lang == "id":
        return "ya" if value else "tidak"
    return "yes" if value else "no"


def cell_value(column: Column, value: Any, lang: Lang, *, csv_style: bool = False) -> Any:
    """What to write in ``column`` for a field value (None for an empty cell)."""
    if value is None:
        return None
    kind = column.kind
    if kind == "bool":
        return ("true" if value else "false") if csv_style else bool_text(value, lang)
    if kind == "enum":
        return str(getattr(value, "value", value))
    if kind == "list":
        return encode_list([str(v) for v in value]) if value else None
    if kind == "demand":
        return encode_mapping(dict(value))
    if kind == "attributes":
        return json.dumps(value, ensure_ascii=False) if value else None
    if kind == "float" and csv_style:
        return repr(float(value))
    return value


def record_values(table: Table, record: Any) -> dict[str, Any]:
    """Field values of one record (adjacency pairs as fields ``0`` and ``1``)."""
    if table.name == "adjacency":
        return {"0": record[0], "1": record[1]}
    return {c.field: getattr(record, c.field, None) for c in table.columns}


def policy_rows(policy: Policy) -> list[tuple[str, Any]]:
    """The policy as (dotted key, value) rows, every key of :data:`POLICY_KEYS`."""
    data = policy.model_dump(mode="json")
    rows = []
    for key in POLICY_KEYS:
        value: Any = data
        for part in key.split("."):
            value = value[part]
        rows.append((key, value))
    return rows


def policy_cell(key: str, value: Any, lang: Lang, *, csv_style: bool = False) -> Any:
    """What to write in the value cell of policy ``key``."""
    kind = POLICY_KEYS[key][0]
    if value is None:
        return None
    if kind == "bool":
        return ("true" if value else "false") if csv_style else bool_text(value, lang)
    if kind == "list":
        return encode_list([str(v) for v in value])
    if kind == "mapping":
        return encode_mapping(dict(value))
    if kind == "float" and csv_style:
        return repr(float(value))
    return value


# --- reading tables ---------------------------------------------------------------------------


@dataclass
class Layout:
    """Where each field is in a table as found: positions, headers as written."""

    columns: dict[int, Column] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    extras: dict[int, str] = field(default_factory=dict)
    demand: dict[int, str] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    unnamed: set[int] = field(default_factory=set)
    header_row: int = 1


@dataclass
class Reader:
    """Collects problems and loaded rows while a scenario's tables are read."""

    lang: Lang
    decode: Callable[[str], str] = lambda text: text
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, list[int]] = field(default_factory=dict)
    containers: dict[str, str] = field(default_factory=dict)
    layouts: dict[str, Layout] = field(default_factory=dict)
    failed_keys: dict[str, set[str]] = field(default_factory=dict)
    policy_rows: dict[str, int] = field(default_factory=dict)
    header_lang: Lang | None = None

    @property
    def headers(self) -> Lang:
        """Language of the headers named in problems about missing columns."""
        return self.header_lang or self.lang

    def add(self, container: str, row: int | None, column: str, key: str, **values: Any) -> None:
        """Report one problem."""
        record = where(container, row, self.lang)
        self.problems.append(Problem(record, column, message(key, self.lang, **values)))

    def cell(self, value: Any) -> Any:
        """A raw cell value with text decoded."""
        return self.decode(value) if isinstance(value, str) else value

    def layout(self, table: Table, header: Sequence[Any], container: str, row: int) -> Layout:
        """Match a header row to ``table``'s columns, reporting what does not fit."""
        layout = Layout(header_row=row)
        seen: dict[str, str] = {}
        by_name = {name: column for column in table.columns for name in column.names()}
        for position, raw in enumerate(header):
            text = as_text(self.cell(raw)).strip() if not is_blank(raw) else ""
            if not text:
                layout.unnamed.add(position)
                continue
            name = _norm(text)
            column = by_name.get(name)
            if column is not None:
                if column.field in seen:
                    self.add(container, row, text, "duplicate_column", other=seen[column.field])
                    continue
                seen[column.field] = text
                layout.columns[position] = column
                layout.labels[column.field] = text
            elif name.startswith("x_") and len(text) > 2:
                attribute = text[2:]
                if ("x_" + attribute) in seen:
                    self.add(container, row, text, "duplicate_column", other=text)
                    continue
                seen["x_" + attribute] = text
                layout.extras[position] = attribute
            elif table.name == "cooperatives" and re.match(r"(permintaan|demand)_.", name):
                role = text.split("_", 1)[1].strip()
                if ("demand_" + role) in seen:
                    self.add(container, row, text, "duplicate_column", other=text)
                    continue
                seen["demand_" + role] = text
                layout.demand[position] = role
            else:
                self.add(container, row, text, "unknown_column")
        for column in table.columns:
            if column.required and column.field not in seen:
                if column.kind == "demand" and layout.demand:
                    continue
                layout.missing.add(column.field)
                self.add(container, row, column.label(self.headers), "missing_column")
        return layout

    def label(self, collection: str, field_: str, table: Table | None = None) -> str:
        """The header of ``field_`` as found, or in the reader's language."""
        layout = self.layouts.get(collection)
        if layout is not None and field_ in layout.labels:
            return layout.labels[field_]
        if table is not None:
            for column in table.columns:
                if column.field == field_:
                    return column.label(self.headers)
        return field_

    def parse_row(
        self, table: Table, layout: Layout, cells: Sequence[Any], container: str, row: int
    ) -> tuple[dict[str, Any], set[str]] | None:
        """A row's values by field (None for an empty row) and the fields already reported."""
        if all(is_blank(v) for v in cells):
            return None
        raw: dict[str, Any] = {}
        bad: set[str] = set()
        extras: dict[str, Any] = {}
        demand: dict[str, int] = {}
        for position, value in enumerate(cells):
            if is_blank(value):
                continue
            value = self.cell(value)
            column = layout.columns.get(position)
            if column is not None:
                try:
                    raw[column.field] = coerce(column, value)
                except CellError as error:
                    label = layout.labels[column.field]
                    self.add(container, row, label, error.key, **error.values)
                    bad.add(column.field)
            elif position in layout.extras:
                extras[layout.extras[position]] = _attribute_value(value)
            elif position in layout.demand:
                try:
                    demand[layout.demand[position]] = as_int(value)
                except CellError as error:
                    header = f"{'permintaan' if self.lang == 'id' else 'demand'}_"
                    self.add(
                        container, row, header + layout.demand[position], error.key, **error.values
                    )
                    bad.add("demand")
            elif position in layout.unnamed:
                self.add(container, row, _column_letter(position), "no_header")
                layout.unnamed.discard(position)  # once per column
        if extras:
            attributes = raw.setdefault("attributes", {})
            for key, value in extras.items():
                if key in attributes:
                    self.add(container, row, "x_" + key, "twice", what="atribut", value=repr(key))
                    bad.add("attributes")
                attributes[key] = value
        if demand:
            merged = raw.setdefault("demand", {})
            for role, count in demand.items():
                if role in merged:
                    what = "peran" if self.lang == "id" else "role"
                    self.add(
                        container,
                        row,
                        layout.labels.get("demand", "demand"),
                        "twice",
                        what=what,
                        value=repr(role),
                    )
                    bad.add("demand")
                merged[role] = count
        return raw, bad

    def validate(
        self,
        table: Table,
        model: type[BaseModel],
        raw: dict[str, Any],
        bad: set[str],
        layout: Layout,
        container: str,
        row: int,
    ) -> BaseModel | None:
        """``raw`` as a ``model`` record, or None after reporting why not."""
        data = {k: v for k, v in raw.items() if k != "jenis"}
        record: BaseModel | None = None
        try:
            record = model.model_validate(data)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                loc = item.get("loc", ())
                name = str(loc[0]) if loc else ""
                if name in bad or (name in layout.missing and item["type"] == "missing"):
                    continue
                label = layout.labels.get(name) or self.label(table.name, name, table)
                text = _pydantic_message(item, self.lang)
                self.problems.append(Problem(where(container, row, self.lang), label, text))
        if record is None or bad:
            # remember the row's key, so references to it are not reported as unknown
            key = _key_field(table)
            if key and isinstance(raw.get(key), str):
                self.failed_keys.setdefault(table.name, set()).add(raw[key])
            return None
        return record

    def read_table(
        self,
        table: Table,
        rows: Iterable[tuple[int, Sequence[Any]]],
        container: str,
        *,
        instruction_row: bool = False,
    ) -> list[tuple[int, dict[str, Any], BaseModel | None]]:
        """Read a table given as numbered rows, the first being the header.

        Returns (row number, raw values, record or None) for each non-empty row; the
        record is None when the row was reported.
        """
        iterator = iter(rows)
        first = next(iterator, None)
        if first is None:
            self.layouts[table.name] = layout = self.layout(table, (), container, 1)
            return []
        header_row, header = first
        layout = self.layout(table, header, container, header_row)
        self.layouts.setdefault(table.name, layout)
        result: list[tuple[int, dict[str, Any], BaseModel | None]] = []
        for number, cells in iterator:
            if (
                instruction_row
                and number == header_row + 1
                and cells
                and isinstance(cells[0], str)
                and cells[0].lstrip().startswith("#")
            ):
                continue
            parsed = self.parse_row(table, layout, cells, container, number)
            if parsed is None:
                continue
            raw, bad = parsed
            record = None
            model = table.model
            if model is None and table.columns[0].kind == "jenis":
                model = {"lock": Lock, "forbid": Forbid}.get(raw.get("jenis", ""))
                if model is None and "jenis" not in bad and "jenis" not in layout.missing:
                    self.add(container, number, layout.labels.get("jenis", "jenis"), "required")
                    bad.add("jenis")
                model = model or Lock
            if model is not None:
                record = self.validate(table, model, raw, bad, layout, container, number)
            elif not bad and not any(f in layout.missing for f in ("0", "1")):
                missing = [c for c in table.columns if c.field not in raw and c.kind != "jenis"]
                for column in missing:
                    if column.field not in layout.missing and column.required:
                        self.add(
                            container,
                            number,
                            layout.labels.get(column.field, column.label(self.headers)),
                            "required",
                        )
            result.append((number, raw, record))
        return result

    def read_policy(
        self, rows: Iterable[tuple[int, Sequence[Any]]], container: str, *, instruction_row: bool
    ) -> tuple[dict[str, Any], str | None]:
        """Key/value rows (header first) as nested policy data, and the scenario name."""
        iterator = iter(rows)
        first = next(iterator, None)
        data: dict[str, Any] = {}
        name: str | None = None
        if first is None:
            return data, name
        header_row, header = first
        key_col, value_col = 0, 1
        for position, raw in enumerate(header):
            text = _norm(as_text(self.cell(raw))) if not is_blank(raw) else ""
            if text in ("aturan", "key", "kunci"):
                key_col = position
            elif text in ("nilai", "value"):
                value_col = position
        for number, cells in iterator:
            cells = list(cells) + [None] * 2
            key_cell, value = cells[key_col], cells[value_col]
            if (
                instruction_row
                and number == header_row + 1
                and isinstance(key_cell, str)
                and key_cell.lstrip().startswith("#")
            ):
                continue
            if is_blank(key_cell):
                if not is_blank(value):
                    self.add(container, number, self._policy_label("key"), "required")
                continue
            key = as_text(self.cell(key_cell)).strip(WS)
            norm = _norm(key)
            value_label = self._policy_label("value")
            if norm in self.policy_rows or (norm in NAME_KEYS and "__name__" in self.policy_rows):
                first_row = self.policy_rows.get(norm, self.policy_rows.get("__name__"))
                self.add(
                    container, number, self._policy_label("key"), "duplicate_key", other=first_row
                )
                continue
            if norm in NAME_KEYS:
                self.policy_rows["__name__"] = number
                if not is_blank(value):
                    name = as_text(self.cell(value)).strip(WS)
                continue
            if norm not in POLICY_KEYS:
                self.add(container, number, self._policy_label("key"), "unknown_key")
                continue
            self.policy_rows[norm] = number
            if is_blank(value):
                continue
            kind = POLICY_KEYS[norm][0]
            try:
                parsed = _policy_value(kind, self.cell(value))
            except CellError as error:
                self.add(container, number, value_label, error.key, **error.values)
                continue
            target = data
            parts = norm.split(".")
            for part in parts[:-1]:
                target = target.setdefault(part, {})
            target[parts[-1]] = parsed
        return data, name

    def _policy_label(self, which: str) -> str:
        if which == "key":
            return "aturan" if self.lang == "id" else "key"
        return "nilai" if self.lang == "id" else "value"

    def policy(self, data: dict[str, Any], container: str) -> Policy:
        """Validate policy data, reporting problems on the rows that hold them."""
        try:
            return Policy.model_validate(data)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                loc = [str(p) for p in item.get("loc", ())]
                row = None
                for size in range(len(loc), 0, -1):
                    key = ".".join(loc[:size])
                    if key in self.policy_rows:
                        row = self.policy_rows[key]
                        break
                column = self._policy_label("value") if row is not None else ".".join(loc)
                message_ = _pydantic_message(item, self.lang)
                self.problems.append(Problem(where(container, row, self.lang), column, message_))
                # drop the offending key so the cross-record checks can still run
                _drop(data, loc)
            try:
                return Policy.model_validate(data)
            except ValidationError:
                return Policy()

    def assemble(
        self,
        name: str,
        collections: dict[str, list[Any]],
        policy: Policy,
        source: str,
    ) -> Scenario:
        """Check the loaded records against each other and build the scenario."""
        fields: dict[str, Any] = {"name": name, "policy": policy, **collections}
        constructed = Scenario.model_construct(**fields)
        for problem in find_problems(constructed):
            if self._refers_to_failed_row(problem):
                continue
            self.problems.append(self._map_problem(problem))
        if self.problems:
            raise ScenarioError(self.problems, source=source)
        try:
            return Scenario.model_validate(fields)
        except ValidationError as error:  # pragma: no cover - find_problems agrees
            raise ScenarioError.from_validation_error(error, source=source) from None

    def _refers_to_failed_row(self, problem: Problem) -> bool:
        match = re.match(r"unknown (\w+) (.+)$", problem.message)
        collection = {
            "kecamatan": "districts",
            "village": "villages",
            "role": "roles",
            "agency": "agencies",
            "officer": "officers",
            "cooperative": "cooperatives",
        }
        if match:
            try:
                value = ast.literal_eval(match.group(2))
            except (ValueError, SyntaxError):
                return False
            return value in self.failed_keys.get(collection.get(match.group(1), ""), set())
        match = re.match(r"(.+) is neither an officer id nor a village code$", problem.message)
        if match:
            try:
                value = ast.literal_eval(match.group(1))
            except (ValueError, SyntaxError):
                return False
            return value in self.failed_keys.get("officers", set()) | self.failed_keys.get(
                "villages", set()
            )
        return False

    def _row_of(self, collection: str, index: int) -> tuple[str, int | None]:
        container = self.containers.get(collection, collection)
        rows = self.rows.get(collection, [])
        return container, rows[index] if 0 <= index < len(rows) else None

    def _map_problem(self, problem: Problem) -> Problem:
        text = problem.message
        row_word = "baris" if self.lang == "id" else "row"

        def replace(match: re.Match[str]) -> str:
            container, row = self._row_of(match.group(1), int(match.group(2)))
            return f"{container} {row_word} {row}" if row is not None else match.group(0)

        text = re.sub(
            r"\b(districts|villages|cooperatives|officers|roles|agencies|locks|forbids|travel"
            r"|adjacency)\[(\d+)\]",
            replace,
            text,
        )
        if self.lang == "id":
            text = _translate(text)
        match = re.match(r"^(\w+)\[(\d+)\]", problem.record)
        if problem.record == "policy":
            root = problem.field.split(".")
            row = None
            for size in range(len(root), 0, -1):
                row = self.policy_rows.get(".".join(root[:size]))
                if row is not None:
                    break
            container = self.containers.get("policy", "policy")
            column = self._policy_label("value") if row is not None else problem.field
            return Problem(where(container, row, self.lang), column, text)
        if not match:
            return Problem(problem.record, problem.field, text)
        collection, index = match.group(1), int(match.group(2))
        container, row = self._row_of(collection, index)
        field_ = problem.field
        if collection == "cooperatives" and field_.startswith("demand."):
            role = field_.split(".", 1)[1]
            layout = self.layouts.get(collection)
            if layout and role in layout.demand.values():
                header = "permintaan_" if self.lang == "id" else "demand_"
                return Problem(where(container, row, self.lang), header + role, text)
            field_ = "demand"
        table = _TABLE_BY_NAME.get(collection)
        label = self.label(collection, field_, table)
        return Problem(where(container, row, self.lang), label, text)


def _translate(text: str) -> str:
    """Indonesian for the cross-record messages that planners meet most."""
    match = re.match(r"^unknown (\w+) (.+)$", text)
    if match:
        return f"{_WHAT_ID.get(match.group(1), match.group(1))} {match.group(2)} tidak dikenal"
    match = re.match(r"^duplicate (\w+) (.+) \(first at (.+)\)$", text)
    if match:
        return f"{match.group(1)} {match.group(2)} ganda (pertama di {match.group(3)})"
    return text


_PYDANTIC_ID = {
    "missing": "wajib diisi",
    "string_pattern_mismatch": "format tidak sesuai (pola {pattern})",
    "string_too_short": "tidak boleh kosong",
    "string_too_long": "terlalu panjang (paling banyak {max_length} karakter)",
    "greater_than_equal": "harus paling sedikit {ge}",
    "less_than_equal": "harus paling banyak {le}",
    "greater_than": "harus lebih dari {gt}",
    "less_than": "harus kurang dari {lt}",
    "finite_number": "harus bilangan terhingga",
    "enum": "harus salah satu dari: {expected}",
    "literal_error": "harus salah satu dari: {expected}",
    "extra_forbidden": "tidak dikenal",
}


def _pydantic_message(item: Any, lang: Lang) -> str:
    if lang == "id":
        template = _PYDANTIC_ID.get(item.get("type", ""))
        if template is not None:
            try:
                return template.format(**(item.get("ctx") or {}))
            except (KeyError, IndexError):
                pass
    return str(item.get("msg", "invalid value"))


def _drop(data: dict[str, Any], loc: Sequence[str]) -> None:
    """Remove the policy value at ``loc`` (or its whole top-level key)."""
    if len(loc) >= 2 and isinstance(data.get(loc[0]), dict):
        data[loc[0]].pop(loc[1], None)
    elif loc:
        data.pop(loc[0], None)


def _policy_value(kind: str, value: Any) -> Any:
    if kind == "float":
        return as_float(value)
    if kind == "int":
        return as_int(value)
    if kind == "bool":
        return as_bool(value)
    if kind == "list":
        return as_list(value)
    if kind == "mapping":
        return as_mapping(value)
    return as_text(value).strip(WS)


def _attribute_value(value: Any) -> Any:
    """An ``x_`` cell as an attribute value: text, number or yes/no as typed."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value


def _key_field(table: Table) -> str | None:
    first = table.columns[0]
    return first.field if first.kind == "key" else None


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_TABLE_BY_NAME = {t.name: t for t in (*TABLES, *OPTIONAL_TABLES, LOCKS, FORBIDS)}


def build_collections(
    reader: Reader, loaded: dict[str, list[tuple[int, dict[str, Any], BaseModel | None]]]
) -> dict[str, Any]:
    """Records of each collection (valid rows only), recording their row numbers."""
    collections: dict[str, Any] = {}
    for name, rows in loaded.items():
        if name == "adjacency":
            pairs = [(n, (raw["0"], raw["1"])) for n, raw, _ in rows if "0" in raw and "1" in raw]
            collections[name] = [p for _, p in pairs]
            reader.rows[name] = [n for n, _ in pairs]
            continue
        valid = [(n, record) for n, _, record in rows if record is not None]
        collections[name] = [record for _, record in valid]
        reader.rows[name] = [n for n, _ in valid]
    return collections


# --- CSV folder -------------------------------------------------------------------------------


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
                row.append("" if value is None else str(value))
            writer.writerow(row)


def read_scenario_csv(folder: PathLike, *, lang: Lang = "id") -> Scenario:
    """Read a scenario from a folder of CSV files (see the module documentation).

    Parameters
    ----------
    folder
        The folder, as written by :func:`write_scenario_csv` or by hand.
    lang
        Language of the problems reported: ``"id"`` (``officers.csv baris 3``) or ``"en"``.

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        Listing every problem, each naming the file, row (header = row 1) and column.
    """
    root = Path(folder)
    source = str(root)
    reader = Reader(lang, header_lang="en")
    if not root.is_dir():
        reader.add(source, None, "", "unreadable", error="not a folder")
        raise ScenarioError(reader.problems, source=source)
    loaded: dict[str, list[tuple[int, dict[str, Any], BaseModel | None]]] = {}
    for table in (*TABLES, LOCKS, FORBIDS, *OPTIONAL_TABLES):
        path = root / table.file
        reader.containers[table.name] = table.file
        if not path.exists():
            if table in TABLES:
                reader.add(table.file, None, "", "missing_file")
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
    return reader.assemble(name, collections, policy, source)


def _read_csv_rows(path: Path, reader: Reader) -> list[tuple[int, list[str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reader.add(path.name, None, "", "unreadable", error=str(error))
        return []
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(number, row) for number, row in enumerate(rows, start=1)]


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
        return reader.policy(data, as_json.name)
    if as_csv.exists():
        reader.containers["policy"] = as_csv.name
        data, _ = reader.read_policy(
            _read_csv_rows(as_csv, reader), as_csv.name, instruction_row=False
        )
        return reader.policy(data, as_csv.name)
    return Policy()
