"""Reference tables for the synthetic generator: national totals, agencies, roles, names.

The real figures come from ``domain.md`` (Kepmendagri 300.2.2-2138/2025); the real
geography is read from the data files by :mod:`._kutai` (Kutai Timur) and :mod:`._real`
(the ``province`` and ``national`` presets), which the tests compare with these totals.
"""

from __future__ import annotations

from typing import NamedTuple

# --- national totals (Kepmendagri 300.2.2-2138/2025) --------------------------------------------

N_PROVINCES = 38
N_KABUPATEN = 416
N_KOTA = 98
N_KECAMATAN = 7_285
N_DESA = 75_266
N_KELURAHAN = 8_496
# Cooperatives counted in August 2025 (one per village, not every village yet).
N_COOPERATIVES_NATIONAL = 81_147

# Indeks Desa Membangun counts 2025, least developed first (VillageStatus order).
IDM_COUNTS: tuple[int, ...] = (4_694, 4_672, 21_813, 23_579, 20_503)
IDM_STATUSES: tuple[str, ...] = (
    "sangat_tertinggal",
    "tertinggal",
    "berkembang",
    "maju",
    "mandiri",
)

# --- Kutai Timur (64.08) ------------------------------------------------------------------------


KUTAI_TIMUR_SEAT = "64.08.04"  # Sangatta Utara hosts the agencies' head offices.
# Codes, names, kelurahan flags and positions: koperasi_alloc/data/kutai-timur-wilayah.json.


# --- roles --------------------------------------------------------------------------------------


class RoleSpec(NamedTuple):
    """A cooperative role: code, name, minimum education, weekly hours, demand weight."""

    code: str
    name: str
    min_education: str | None
    weekly_hours: float | None
    demand_weight: float
    rural_only: bool


ROLES: tuple[RoleSpec, ...] = (
    RoleSpec("manajer", "Pengelola / manajer usaha", "D4", 12.0, 6.0, False),
    RoleSpec("keuangan", "Keuangan / bendahara", None, 8.0, 5.0, False),
    RoleSpec("administrasi", "Administrasi dan pelaporan", None, 6.0, 2.5, False),
    RoleSpec("usaha", "Operasional usaha / gerai", None, 10.0, 2.5, False),
    RoleSpec("pertanian", "Pertanian, perikanan dan pangan", None, None, 1.5, True),
)
ROLE_CODES: tuple[str, ...] = tuple(r.code for r in ROLES)
# Probability that a cooperative wants 1, 2 or 3 officers.
DEMAND_SIZE_P: tuple[float, ...] = (0.07, 0.23, 0.70)

# --- agencies (OPD) -----------------------------------------------------------------------------


class AgencySpec(NamedTuple):
    """An agency template, repeated in every kabupaten/kota.

    ``pool_share``: share of the listed officers; ``field_share``: share working in their
    own kecamatan (the rest at the head office in the kabupaten seat); ``groups``: functional
    group shares (the remainder is ``teknis``); ``affinity``: skill weights per role in
    :data:`ROLE_CODES` order; ``cap``: ``"fraction"``, ``"absolute"``, ``"both"`` or
    ``"none"``; ``cap_share``: release cap as a share of the listed officers;
    ``headcount_factor``: all staff per listed officer.
    """

    code: str
    name: str
    pool_share: float
    field_share: float
    groups: tuple[tuple[str, float], ...]
    affinity: tuple[float, ...]
    cap: str
    cap_share: float
    headcount_factor: float


AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec(
        "DISTAN",
        "Dinas Pertanian",
        0.13,
        0.7,
        (("penyuluh", 0.45), ("administrasi", 0.15)),
        (1, 1, 2, 1, 6),
        "fraction",
        0.5,
        4.0,
    ),
    AgencySpec(
        "DISKOPUKM",
        "Dinas Koperasi dan UKM",
        0.05,
        0.15,
        (("administrasi", 0.3),),
        (5, 4, 2, 4, 1),
        "none",
        1.0,
        2.0,
    ),
    AgencySpec(
        "DINSOS",
        "Dinas Sosial",
        0.06,
        0.3,
        (("administrasi", 0.4),),
        (1, 1, 4, 1, 0.5),
        "absolute",
        0.4,
        3.0,
    ),
    AgencySpec(
        "DPMD",
        "Dinas Pemberdayaan Masyarakat dan Desa",
        0.05,
        0.25,
        (("administrasi", 0.4),),
        (3, 2, 4, 2, 1),
        "both",
        0.6,
        2.5,
    ),
    AgencySpec(
        "DISKAN",
        "Dinas Perikanan",
        0.05,
        0.5,
        (("penyuluh", 0.4), ("administrasi", 0.15)),
        (1, 1, 1, 2, 4),
        "fraction",
        0.4,
        3.0,
    ),
    AgencySpec(
        "BAPPEDA",
        "Badan Perencanaan Pembangunan Daerah",
        0.03,
        0.0,
        (("administrasi", 0.3),),
        (3, 2, 3, 1, 0.5),
        "absolute",
        0.3,
        2.0,
    ),
    AgencySpec(
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        0.04,
        0.0,
        (("administrasi", 0.5),),
        (1, 6, 3, 0.5, 0.2),
        "fraction",
        0.25,
        2.5,
    ),
    AgencySpec(
        "DISPERINDAG",
        "Dinas Perdagangan dan Perindustrian",
        0.04,
        0.1,
        (("administrasi", 0.3),),
        (3, 2, 1, 5, 0.5),
        "absolute",
        0.5,
        2.5,
    ),
    AgencySpec(
        "KEC",
        "Kantor Kecamatan",
        0.12,
        1.0,
        (("administrasi", 0.6),),
        (2, 2, 5, 1, 1),
        "fraction",
        0.5,
        3.0,
    ),
    AgencySpec(
        "DISDIK",
        "Dinas Pendidikan",
        0.23,
        0.9,
        (("guru", 0.85), ("administrasi", 0.1)),
        (1, 1, 3, 1, 0.3),
        "fraction",
        0.05,
        8.0,
    ),
    AgencySpec(
        "DINKES",
        "Dinas Kesehatan",
        0.14,
        0.85,
        (("nakes", 0.8), ("administrasi", 0.1)),
        (1, 1, 3, 1, 0.3),
        "fraction",
        0.05,
        6.0,
    ),
    AgencySpec(
        "DISBUN",
        "Dinas Perkebunan",
        0.06,
        0.5,
        (("penyuluh", 0.4), ("administrasi", 0.1)),
        (1, 1, 1, 2, 5),
        "none",
        1.0,
        3.0,
    ),
)

# --- officers -----------------------------------------------------------------------------------

EMPLOYMENTS: tuple[str, ...] = ("PNS", "PPPK", "PPPK_PARUH_WAKTU")
# Share of part-time PPPK among all PPPK.
PARUH_WAKTU_SHARE = 0.3
PARUH_WAKTU_WEEKLY_HOURS = 24.0
EDUCATIONS: tuple[str, ...] = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
# Education distribution per employment kind, EDUCATIONS order.
EDUCATION_P: dict[str, tuple[float, ...]] = {
    "PNS": (0.0, 0.0, 0.08, 0.01, 0.02, 0.12, 0.07, 0.58, 0.11, 0.01),
    "PPPK": (0.0, 0.0, 0.10, 0.01, 0.03, 0.17, 0.07, 0.55, 0.07, 0.0),
    "PPPK_PARUH_WAKTU": (0.02, 0.05, 0.35, 0.03, 0.04, 0.15, 0.04, 0.30, 0.02, 0.0),
}
MULTI_COOPERATIVE_SHARE = 0.15
UNAVAILABLE_SHARE = 0.03

# --- names --------------------------------------------------------------------------------------

FIRST_NAMES: tuple[str, ...] = (
    "Ahmad",
    "Siti",
    "Budi",
    "Dewi",
    "Agus",
    "Sri",
    "Andi",
    "Nur",
    "Rudi",
    "Rina",
    "Eko",
    "Fitri",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lukman",
    "Maya",
    "Muhammad",
    "Novi",
    "Putri",
    "Rahmat",
    "Sari",
    "Taufik",
    "Wahyu",
    "Yuni",
    "Zainal",
    "Aisyah",
    "Bayu",
    "Citra",
    "Dimas",
    "Erna",
    "Fajar",
    "Gita",
    "Hasan",
    "Irma",
    "Jamal",
    "Kurnia",
    "Lina",
    "Mega",
    "Nanda",
    "Oktavia",
    "Rizki",
    "Syamsul",
    "Tuti",
    "Umar",
    "Vivi",
    "Yusuf",
)
LAST_NAMES: tuple[str, ...] = (
    "Saputra",
    "Wulandari",
    "Hidayat",
    "Lestari",
    "Pratama",
    "Rahmawati",
    "Nugroho",
    "Setiawan",
    "Kurniawan",
    "Handayani",
    "Susanto",
    "Purnamasari",
    "Wijaya",
    "Hasibuan",
    "Siregar",
    "Nasution",
    "Simanjuntak",
    "Lubis",
    "Sembiring",
    "Tarigan",
    "Rahman",
    "Syahputra",
    "Hakim",
    "Aminah",
    "Fauzi",
    "Ramadhan",
    "Maulana",
    "Anggraini",
    "Permana",
    "Gunawan",
    "Santoso",
    "Utami",
    "Firmansyah",
    "Effendi",
    "Paranoan",
    "Lahang",
    "Ibrahim",
)
