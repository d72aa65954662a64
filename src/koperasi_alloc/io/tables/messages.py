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
from koperasi_alloc.i18n import say
from koperasi_alloc.io.tables.spec import Lang

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
    """The table reader's message ``key`` in ``lang``, filled in (catalogue key
    ``table.<key>``, :mod:`koperasi_alloc.i18n`)."""
    return say(f"table.{key}", lang, **values)


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

    def text(self, lang: Lang | None = None, *, listed: int | None = None) -> str:
        """The problems (the first ``listed``), then the notes (``catatan`` in Bahasa
        Indonesia)."""
        text = super().text(lang, listed=listed)
        if not self.notes:
            return text
        word = say("cli.note", lang or self.lang)
        return "\n".join([text, *(f"  {word}: {note}" for note in self.notes)])
