"""The tables of a scenario: which columns each has, their headers in Indonesian and English.

A :class:`Table` is one sheet of the workbook (:mod:`koperasi_alloc.io.excel`) and one file of
the CSV folder (:mod:`koperasi_alloc.io.csv_folder`); a :class:`Column` names the model field
it fills, how its cells are read (``kind``), its headers and the short instruction written
under the header. Nothing here reads or writes a file.

The module is long (about 450 lines) because it is the one place that lists every column of
every table with its two headers and hints; splitting it would scatter that list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

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
    Role,
    TravelTime,
    Village,
    VillageKind,
    VillageStatus,
)

Lang = Literal["id", "en"]


def norm_header(header: str) -> str:
    """A header (or sheet name, or choice) as compared: lower case, spaces and hyphens ``_``."""
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


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
        return {norm_header(n) for n in (self.id, self.en, self.field, *self.aliases)}


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
            "other_villages",
            "list",
            "desa_lain",
            "other_villages",
            "desa lain yang juga dilayani (kode atau nama), pisahkan dengan ;",
            "further villages served (codes or names), ;",
            aliases=("desa_lain_dilayani",),
        ),
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
    "allowed_tiers": (
        "list",
        "tingkat kedekatan yang boleh: desa; kecamatan; kecamatan_tetangga; radius",
    ),
    "radius_km": ("float", "radius garis lurus (km) untuk tingkat radius"),
    "max_travel_minutes": ("float", "batas menit tempuh untuk tingkat radius (boleh kosong)"),
    "travel_speed_kmh": ("float", "kecepatan (km/jam) pengubah km menjadi menit"),
    "cross_kabupaten": ("bool", "boleh melayani koperasi di kabupaten lain"),
    "max_officers_per_cooperative": ("int", "pegawai paling banyak per koperasi (surat edaran: 3)"),
    "min_education": ("education", "pendidikan minimal (surat edaran: D3)"),
    "excluded_groups": ("list", "kelompok yang tidak diambil, mis. guru; nakes"),
    "allowed_employment": ("list", "jenis kepegawaian yang boleh, mis. PPPK"),
    "legal_entity_only": ("bool", "hanya koperasi berbadan hukum"),
    "status_priority": ("mapping", "bobot per status IDM, mis. sangat_tertinggal:5; maju:2"),
    "default_priority": ("int", "bobot bila status IDM tidak diketahui"),
    "default_role_hours": ("float", "jam per minggu peran tanpa jam sendiri"),
    "trips_per_week": ("float", "perjalanan pulang-pergi per minggu ke tiap koperasi"),
    "max_baseline_changes": (
        "int",
        "penempatan baru paling banyak di luar rencana awal (penyusunan ulang)",
    ),
    "objective.mode": ("text", "leksikografis (bertingkat) atau berbobot"),
    "objective.tiers": ("list", "urutan tujuan: cakupan; lokalitas; perjalanan; pemerataan"),
    "objective.weights": ("mapping", "bobot per tujuan (mode berbobot), mis. cakupan:1000"),
    "objective.locality_scores": (
        "mapping",
        "poin per tingkat kedekatan, mis. desa:3; kecamatan:2",
    ),
    "objective.pppk_kecamatan_bonus": ("int", "poin tambahan PPPK sekecamatan"),
}
"""Every policy key (the field names, dotted for the objective's): its kind and its
description in Bahasa Indonesia."""

POLICY_KEYS_ID: dict[str, str] = {
    "allowed_tiers": "tingkat_lokalitas",
    "radius_km": "radius_km",
    "max_travel_minutes": "maks_menit_tempuh",
    "travel_speed_kmh": "kecepatan_km_per_jam",
    "cross_kabupaten": "lintas_kabupaten",
    "max_officers_per_cooperative": "maks_pegawai_per_koperasi",
    "min_education": "pendidikan_minimal",
    "excluded_groups": "kelompok_dikecualikan",
    "allowed_employment": "jenis_kepegawaian_boleh",
    "legal_entity_only": "hanya_berbadan_hukum",
    "status_priority": "bobot_status_idm",
    "default_priority": "bobot_bawaan",
    "default_role_hours": "jam_peran_bawaan",
    "trips_per_week": "perjalanan_per_minggu",
    "max_baseline_changes": "maks_perubahan_rencana",
    "objective.mode": "tujuan.mode",
    "objective.tiers": "tujuan.urutan",
    "objective.weights": "tujuan.bobot",
    "objective.locality_scores": "tujuan.poin_lokalitas",
    "objective.pppk_kecamatan_bonus": "tujuan.bonus_pppk_sekecamatan",
}
"""The Indonesian name of each policy key, written in an Indonesian workbook; both names
are read."""

POLICY_WORDS_ID: dict[str, str] = {
    "village": "desa",
    "adjacent": "kecamatan_tetangga",
    "lexicographic": "leksikografis",
    "weighted": "berbobot",
    "coverage": "cakupan",
    "locality": "lokalitas",
    "travel": "perjalanan",
    "fairness": "pemerataan",
    "stability": "stabilitas",
}
"""Policy values (locality tiers, objective modes and tiers) as an Indonesian workbook
writes them; both words are read."""

POLICY_WORD_KEYS = frozenset(
    {"allowed_tiers", "objective.mode", "objective.tiers", "objective.weights",
     "objective.locality_scores"}
)  # fmt: skip
"""Policy keys whose values (or mapping keys) are such words."""

NAME_KEYS = ("nama_skenario", "scenario_name", "name")
LOCK_TABLES: tuple[Table, ...] = (LOCKS, FORBIDS)
TABLE_BY_NAME: dict[str, Table] = {t.name: t for t in (*TABLES, *OPTIONAL_TABLES, *LOCK_TABLES)}

# Columns that hold the key of a record of another table: (table, field) -> that table.
REFERENCES: dict[tuple[str, str], str] = {
    ("villages", "district"): "districts",
    ("cooperatives", "village"): "villages",
    ("cooperatives", "other_villages"): "villages",
    ("officers", "agency"): "agencies",
    ("officers", "domicile"): "villages",
    ("officers", "work_district"): "districts",
    ("locks", "officer"): "officers",
    ("locks", "cooperative"): "cooperatives",
    ("locks", "role"): "roles",
    ("forbids", "officer"): "officers",
    ("forbids", "cooperative"): "cooperatives",
    ("forbids", "role"): "roles",
    ("adjacency", "0"): "districts",
    ("adjacency", "1"): "districts",
    ("travel", "village"): "villages",
    ("baseline", "officer_id"): "officers",
    ("baseline", "cooperative_id"): "cooperatives",
    ("baseline", "role"): "roles",
}


def key_field(table: Table) -> str | None:
    """The field holding a record's own key (its first column), if it has one."""
    first = table.columns[0]
    return first.field if first.kind == "key" else None
