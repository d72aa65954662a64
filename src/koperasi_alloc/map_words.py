"""The words of the maps, static (:mod:`koperasi_alloc.plots`) and interactive
(:mod:`koperasi_alloc.maps`), in Bahasa Indonesia and English."""

from __future__ import annotations

from typing import Literal

__all__ = ["Lang", "words"]

Lang = Literal["id", "en"]

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "coverage": "slots filled / open",
        "cooperative": "village with open slots (colour: filled / open)",
        "no_open": "village without open slots",
        "open_villages": "village with open slots",
        "officer": "officer work place",
        "assignment": "assignment (officer to cooperative)",
        "kabupaten": "kabupaten/kota boundary",
        "kecamatan": "kecamatan (fill: slots filled / open)",
        "kecamatan_plain": "kecamatan",
        "desa": "desa/kelurahan boundary",
        "seat": "kecamatan seat",
        "hires": "proposed hires (hypothetical): number per work place",
        "hires_short": "proposed hires (hypothetical)",
        "lon": "longitude (°E)",
        "lat": "latitude (°N)",
        "filled_of": "{filled} of {open} open slots filled",
        "before": "Existing staff: {filled} of {total} slots",
        "after": "With {hires} proposed hires: {filled} of {total} slots",
        "closed": "closed (no legal entity yet)",
        "demanded": "slots demanded",
        "open": "open slots",
        "filled": "filled",
        "empty": "empty",
        "who": "who",
        "role": "role",
        "villages": "villages",
        "cooperatives": "cooperatives",
        "vacancies": "vacancies (empty open slots)",
        "coverage_layer": "coverage by {level}",
        "no_plan": "no plan",
        "hypothetical": "hypothetical, not recruited",
    },
    "id": {
        "coverage": "slot terisi / slot terbuka",
        "cooperative": "desa dengan slot terbuka (warna: terisi / terbuka)",
        "no_open": "desa tanpa slot terbuka",
        "open_villages": "desa dengan slot terbuka",
        "officer": "tempat kerja pegawai",
        "assignment": "penugasan (pegawai ke koperasi)",
        "kabupaten": "batas kabupaten/kota",
        "kecamatan": "kecamatan (warna: slot terisi / terbuka)",
        "kecamatan_plain": "kecamatan",
        "desa": "batas desa/kelurahan",
        "seat": "ibu kota kecamatan",
        "hires": "usulan PPPK baru (hipotetis): jumlah per tempat kerja",
        "hires_short": "usulan PPPK baru (hipotetis)",
        "lon": "bujur (°BT)",
        "lat": "lintang (°; LS negatif)",
        "filled_of": "{filled} dari {open} slot terbuka terisi",
        "before": "Pegawai yang ada: {filled} dari {total} slot",
        "after": "Dengan {hires} usulan pegawai baru: {filled} dari {total} slot",
        "closed": "tertutup (belum berbadan hukum)",
        "demanded": "slot diminta",
        "open": "slot terbuka",
        "filled": "terisi",
        "empty": "kosong",
        "who": "siapa",
        "role": "peran",
        "villages": "desa/kelurahan",
        "cooperatives": "koperasi",
        "vacancies": "kekosongan (slot terbuka yang kosong)",
        "coverage_layer": "keterisian per {level}",
        "no_plan": "tanpa rencana",
        "hypothetical": "hipotetis, belum direkrut",
    },
}


def words(lang: str) -> dict[str, str]:
    """The map words in ``lang`` ("id" or "en").

    Raises
    ------
    ValueError
        For any other language.
    """
    if lang not in _WORDS:
        raise ValueError(f"lang must be 'id' or 'en', got {lang!r}")
    return _WORDS[lang]
