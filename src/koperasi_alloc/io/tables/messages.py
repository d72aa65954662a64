"""Words for people: every message the table readers report, in Indonesian and English.

A problem names where it is (:func:`where`: ``Pegawai baris 12`` / ``officers.csv row 12``),
the column as its header reads, and what is wrong in words a planner can act on: no
regular expression is ever shown; a value of the wrong form gets an example of the right
one. :class:`Note` is what the readers report when they read a value in a form other than
the one written (``S-1`` as ``S1``, a kecamatan name as its code), so nothing changes
silently; :class:`TableError` carries those notes beside the problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from koperasi_alloc.errors import Problem, ScenarioError
from koperasi_alloc.field_messages import field_message
from koperasi_alloc.io.tables.spec import Lang

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
    "skipped_refs": (
        "{count} rujukan ke {what} tidak diperiksa",
        "{count} references to {what} were not checked",
    ),
    "name_as_code": (
        "{value} adalah nama {what}; dibaca sebagai kodenya: {code}",
        "{value} is the name of a {what}; read as its code: {code}",
    ),
    "spelling": ("{value} dibaca sebagai {canonical}", "{value} read as {canonical}"),
    "nip_spelling": (
        "NIP {value} dibaca sebagai {nip} (spasi, titik dan tanda hubung dibuang)",
        "NIP {value} read as {nip} (spaces, dots and hyphens removed)",
    ),
    "nip_shape": (
        "peringatan: NIP/NI PPPK {value} tidak terdiri dari 18 digit; periksa kembali",
        "warning: NIP/NI PPPK {value} is not 18 digits; check it",
    ),
    "name_ambiguous": (
        "{value} adalah nama {count} {what}: {codes}; tulis kode yang dimaksud",
        "{value} is the name of {count} {whats}: {codes}; write the code of the one meant",
    ),
    "not_a_code": (
        "{value} bukan kode {what} dan bukan nama {what} yang dikenal; tulis kodenya, "
        "mis. {example}",
        "{value} is neither a {what} code nor the name of a known {what}; write its code, "
        "e.g. {example}",
    ),
}
# A collection as a message names it: (Indonesian, English singular, English plural).
COLLECTION_WORDS: dict[str, tuple[str, str, str]] = {
    "districts": ("kecamatan", "kecamatan", "kecamatan"),
    "villages": ("desa", "village", "villages"),
    "roles": ("peran", "role", "roles"),
    "agencies": ("instansi", "agency", "agencies"),
    "officers": ("pegawai", "officer", "officers"),
    "cooperatives": ("koperasi", "cooperative", "cooperatives"),
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


def pydantic_message(item: Any, lang: Lang) -> str:
    """A pydantic error item in words, as :mod:`koperasi_alloc.field_messages` words it for
    every input format: in ``lang``, never a regular expression."""
    kind = str(item.get("type", ""))
    context = item.get("ctx") or {}
    original = str(item.get("msg", "invalid value"))
    en, id_ = field_message(kind, context, item.get("input"), original)
    return id_ if lang == "id" else en


@dataclass(frozen=True)
class Note(Problem):
    """Something the reader did that the planner should know of, not an error.

    Same fields as :class:`~koperasi_alloc.errors.Problem` (``record``, ``field``,
    ``message``) plus ``severity`` (always ``"note"``): ``Pegawai baris 3: pendidikan:
    'S-1' dibaca sebagai S1``.
    """

    severity: str = "note"


class TableError(ScenarioError):
    """A :class:`~koperasi_alloc.errors.ScenarioError` that also carries the reader's notes.

    ``problems`` are the errors; ``notes`` (:class:`Note`) say what was read in another form
    and how many references were not checked because the table they point to is missing.
    The notes are listed after the problems in the message.
    """

    def __init__(
        self,
        problems: Sequence[Problem],
        *,
        source: str | None = None,
        notes: Sequence[Note] = (),
        lang: Lang = "en",
    ) -> None:
        self.notes: list[Note] = list(notes)
        super().__init__(problems, source=source, lang=lang)

    def text(self, lang: Lang | None = None) -> str:
        """The problems, then the notes (``catatan`` in Bahasa Indonesia)."""
        text = super().text(lang)
        if not self.notes:
            return text
        word = "catatan" if (lang or self.lang) == "id" else "note"
        return "\n".join([text, *(f"  {word}: {note}" for note in self.notes)])
