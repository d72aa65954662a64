"""Reference tables for the synthetic generator: real geography, agencies, roles, names.

The real figures come from ``domain.md`` (Kepmendagri 300.2.2-2138/2025); the real
geography of Kutai Timur is read from the data file by :mod:`._kutai`.
Per-province counts below are rough weights only: the generator scales them so that the
national totals equal the real ones exactly.
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


# --- provinces ----------------------------------------------------------------------------------


class ProvinceSpec(NamedTuple):
    """A province: code, name, rough centroid and spread, and rough sizes (weights)."""

    code: str
    name: str
    lat: float
    lon: float
    spread_deg: float
    n_kabupaten: int
    n_kota: int
    kecamatan_weight: int
    village_weight: int


# Kabupaten/kota counts are the real ones (they sum to 416 and 98); kecamatan and village
# figures are approximate and only used as weights.
PROVINCES: tuple[ProvinceSpec, ...] = (
    ProvinceSpec("11", "Aceh", 4.4, 96.9, 1.0, 18, 5, 290, 6_500),
    ProvinceSpec("12", "Sumatera Utara", 2.2, 99.1, 1.2, 25, 8, 455, 6_110),
    ProvinceSpec("13", "Sumatera Barat", -0.8, 100.6, 0.9, 12, 7, 179, 1_265),
    ProvinceSpec("14", "Riau", 0.5, 101.8, 1.1, 10, 2, 172, 1_862),
    ProvinceSpec("15", "Jambi", -1.6, 103.0, 0.9, 9, 2, 144, 1_585),
    ProvinceSpec("16", "Sumatera Selatan", -3.3, 104.2, 1.1, 13, 4, 241, 3_258),
    ProvinceSpec("17", "Bengkulu", -3.6, 102.3, 0.7, 9, 1, 129, 1_513),
    ProvinceSpec("18", "Lampung", -4.9, 105.2, 0.8, 13, 2, 229, 2_651),
    ProvinceSpec("19", "Kepulauan Bangka Belitung", -2.4, 106.6, 0.7, 6, 1, 47, 393),
    ProvinceSpec("21", "Kepulauan Riau", 1.0, 104.5, 0.8, 5, 2, 77, 419),
    ProvinceSpec("31", "DKI Jakarta", -6.2, 106.85, 0.08, 1, 5, 44, 267),
    ProvinceSpec("32", "Jawa Barat", -6.9, 107.6, 0.6, 18, 9, 627, 5_957),
    ProvinceSpec("33", "Jawa Tengah", -7.2, 110.2, 0.6, 29, 6, 576, 8_563),
    ProvinceSpec("34", "DI Yogyakarta", -7.85, 110.4, 0.15, 4, 1, 78, 438),
    ProvinceSpec("35", "Jawa Timur", -7.6, 112.3, 0.8, 29, 9, 666, 8_494),
    ProvinceSpec("36", "Banten", -6.4, 106.1, 0.3, 4, 4, 155, 1_552),
    ProvinceSpec("51", "Bali", -8.4, 115.2, 0.25, 8, 1, 57, 716),
    ProvinceSpec("52", "Nusa Tenggara Barat", -8.6, 117.3, 0.6, 8, 2, 117, 1_166),
    ProvinceSpec("53", "Nusa Tenggara Timur", -9.2, 122.5, 1.2, 21, 1, 315, 3_442),
    ProvinceSpec("61", "Kalimantan Barat", -0.1, 111.0, 1.3, 12, 2, 174, 2_145),
    ProvinceSpec("62", "Kalimantan Tengah", -1.6, 113.4, 1.3, 13, 1, 136, 1_576),
    ProvinceSpec("63", "Kalimantan Selatan", -3.0, 115.3, 0.7, 11, 2, 156, 2_017),
    ProvinceSpec("64", "Kalimantan Timur", 0.5, 116.4, 1.2, 7, 3, 105, 1_038),
    ProvinceSpec("65", "Kalimantan Utara", 3.0, 116.3, 0.9, 4, 1, 55, 482),
    ProvinceSpec("71", "Sulawesi Utara", 1.0, 124.5, 0.7, 11, 4, 171, 1_839),
    ProvinceSpec("72", "Sulawesi Tengah", -1.4, 121.4, 1.1, 12, 1, 175, 2_020),
    ProvinceSpec("73", "Sulawesi Selatan", -4.0, 120.0, 0.9, 21, 3, 313, 3_059),
    ProvinceSpec("74", "Sulawesi Tenggara", -4.1, 122.2, 0.8, 15, 2, 222, 2_287),
    ProvinceSpec("75", "Gorontalo", 0.6, 122.6, 0.4, 5, 1, 77, 734),
    ProvinceSpec("76", "Sulawesi Barat", -2.5, 119.3, 0.5, 6, 0, 69, 650),
    ProvinceSpec("81", "Maluku", -3.2, 129.0, 1.3, 9, 2, 118, 1_235),
    ProvinceSpec("82", "Maluku Utara", 1.0, 127.8, 0.9, 8, 2, 116, 1_199),
    ProvinceSpec("91", "Papua", -2.6, 139.8, 0.9, 8, 1, 105, 1_000),
    ProvinceSpec("92", "Papua Barat", -1.5, 133.5, 0.8, 7, 0, 130, 1_000),
    ProvinceSpec("93", "Papua Selatan", -7.0, 139.5, 0.9, 4, 0, 80, 690),
    ProvinceSpec("94", "Papua Tengah", -3.8, 136.5, 0.9, 8, 0, 130, 1_200),
    ProvinceSpec("95", "Papua Pegunungan", -4.1, 138.9, 0.6, 8, 0, 250, 2_600),
    ProvinceSpec("96", "Papua Barat Daya", -1.0, 131.5, 0.7, 5, 1, 90, 1_000),
)

NATIONAL_EXTENT = ((-11.0, 6.0), (95.0, 141.0))

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

PLACE_PREFIXES: tuple[str, ...] = (
    "Muara",
    "Long",
    "Sungai",
    "Tanjung",
    "Teluk",
    "Batu",
    "Bukit",
    "Rantau",
    "Padang",
    "Pulau",
    "Air",
    "Labuhan",
    "Lubuk",
    "Gunung",
    "Suka",
    "Sumber",
    "Karang",
    "Simpang",
    "Tebing",
    "Koto",
    "Tanah",
    "Kampung",
    "Ujung",
    "Sido",
    "Mekar",
    "Talang",
    "Kuala",
    "Lembah",
)
PLACE_ROOTS: tuple[str, ...] = (
    "Jaya",
    "Makmur",
    "Baru",
    "Indah",
    "Sari",
    "Mulya",
    "Harapan",
    "Lestari",
    "Raya",
    "Agung",
    "Tengah",
    "Hulu",
    "Hilir",
    "Timur",
    "Barat",
    "Utara",
    "Selatan",
    "Merah",
    "Putih",
    "Rejo",
    "Mukti",
    "Asri",
    "Damai",
    "Sejahtera",
    "Bersatu",
    "Bahari",
    "Permai",
    "Kencana",
    "Wangi",
    "Rahayu",
    "Tani",
    "Sentosa",
    "Luhur",
    "Subur",
    "Mandiri",
    "Kembang",
    "Panjang",
    "Besar",
)
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
