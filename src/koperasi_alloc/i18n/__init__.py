"""Words for people, in English and Bahasa Indonesia, from one message catalogue.

Every label, sentence, tier name, status word, note, CLI line and sheet key that the
library shows a planner comes from one table per language: :data:`koperasi_alloc.i18n.english.
MESSAGES` and :data:`koperasi_alloc.i18n.indonesian.MESSAGES`, keyed alike
(``"plan.filled"``, ``"tier.coverage"``, ``"sheet.assignments"``). :func:`say` fills one
message in; :func:`pair` gives both languages at once (for records that keep both, such as
``text_en`` / ``text_id``).

Why plain tables and not gettext/Babel catalogues: the library ships two languages, both
written by us; Python dicts need no compiled ``.mo`` files, no build step, no extra
dependency (the core stays ortools, numpy, pydantic), and a test reads them directly
(``tests/test_i18n.py``: every key in both tables, the same placeholders, no Indonesian
text identical to its English one unless listed in :data:`SAME_IN_BOTH`). Adding a third
language is one more table of the same keys.

Numbers follow the language: a decimal comma in Bahasa Indonesia (``76,5 %``), a point in
English (``76.5 %``). A share is rounded once, by :func:`share_tenths` (half up, on exact
integers), everywhere it is shown.
"""

from __future__ import annotations

import re
from typing import Any, Literal, get_args

from koperasi_alloc.i18n import english, indonesian

__all__ = [
    "CATALOGUES",
    "SAME_IN_BOTH",
    "Lang",
    "check_lang",
    "decimal",
    "grouped",
    "join_list",
    "pair",
    "percent",
    "say",
    "share_tenths",
    "translate_note",
]

Lang = Literal["en", "id"]
"""The languages of the catalogue: English and Bahasa Indonesia."""

CATALOGUES: dict[str, dict[str, str]] = {"en": english.MESSAGES, "id": indonesian.MESSAGES}

SAME_IN_BOTH: frozenset[str] = indonesian.SAME_AS_ENGLISH
"""Keys whose Indonesian text is rightly the English one (proper nouns, codes, units)."""


def check_lang(lang: str) -> Lang:
    """``lang`` when it is ``"en"`` or ``"id"``; else a ValueError saying which are."""
    if lang not in get_args(Lang):
        raise ValueError(f'lang must be "en" or "id", not {lang!r}')
    return lang  # type: ignore[return-value]


def say(key: str, lang: str, /, **values: Any) -> str:
    """The message ``key`` in ``lang``, filled in with ``values``.

    When ``values`` has ``count`` and the catalogue has ``key.one`` / ``key.other``, the
    form for that count is used (English plurals; Indonesian keeps one form).

    Raises
    ------
    KeyError
        When the catalogue has no such message (a bug: tests walk every key).
    """
    table = CATALOGUES[check_lang(lang)]
    if key not in table and "count" in values:
        key = f"{key}.one" if values["count"] == 1 else f"{key}.other"
    return table[key].format(**values)


def pair(key: str, /, **values: Any) -> tuple[str, str]:
    """``(English, Bahasa Indonesia)`` of one message, filled in alike."""
    return say(key, "en", **values), say(key, "id", **values)


def decimal(value: float, lang: str, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals in ``lang``: ``12.3`` (en), ``12,3`` (id)."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "id" else text


def grouped(value: int, lang: str) -> str:
    """A whole number with its thousands grouped as ``lang`` writes them: ``110,070``
    (en), ``110.070`` (id)."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "id" else text


def share_tenths(part: int, whole: int) -> int | None:
    """``part / whole`` in tenths of a percent, rounded half up on exact integers.

    The one rounding rule of every share shown: 13 of 17 is 765 (76.5 %), 2 of 3 is 667.
    None when ``whole`` is 0 (nothing to share).
    """
    if whole <= 0:
        return None
    return (2000 * part + whole) // (2 * whole)


def percent(part: int, whole: int, lang: str) -> str:
    """``part / whole`` as a percentage with one decimal in ``lang`` (``76,5 %``); ``-``
    when ``whole`` is 0."""
    tenths = share_tenths(part, whole)
    if tenths is None:
        return "-"
    return decimal(tenths / 10, lang) + " %"


def translate_note(text: str, lang: str) -> str:
    """A note of a plan (``Plan.message``: parts joined by ``"; "``) in ``lang``.

    The solver and the planning functions write their notes in English, as the catalogue's
    ``note.*`` messages word them; each part that matches one is written in ``lang``, any
    other part is left as it is.
    """
    if lang == "en" or not text:
        return text
    parts = text.split("; ")
    out: list[str] = []
    start = 0
    while start < len(parts):
        for end in range(len(parts), start, -1):  # the longest run of parts one note words
            translated = _translate_part("; ".join(parts[start:end]), lang)
            if translated is not None:
                out.append(translated)
                start = end
                break
        else:
            out.append(parts[start])
            start += 1
    return "; ".join(out)


def _translate_part(part: str, lang: str) -> str | None:
    for key, pattern in _note_patterns():
        found = pattern.fullmatch(part)
        if found is not None:
            return say(key, lang, **found.groupdict())
    return None


_PATTERNS: list[tuple[str, re.Pattern[str]]] = []


def _note_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The English ``note.*`` messages as patterns, placeholders as named groups."""
    if not _PATTERNS:
        for key, template in english.MESSAGES.items():
            if key.startswith("note."):
                pieces = re.split(r"\{(\w+)\}", template)
                # a placeholder never spans the "; " that joins two notes: "stopped on
                # request: ...; 7 of 9 parts not solved ..." is two notes, not one whose
                # {unsolved} is "stopped on request: ...; 7"
                regex = "".join(
                    re.escape(piece) if index % 2 == 0 else f"(?P<{piece}>(?:(?!; ).)+?)"
                    for index, piece in enumerate(pieces)
                )
                _PATTERNS.append((key, re.compile(regex)))
    return _PATTERNS


def join_list(items: list[str], lang: str) -> str:
    """``a, b and c`` (en) / ``a, b dan c`` (id): for items that never contain the word
    itself (names of people and places). Role names may ("administrasi dan pelaporan"):
    list them with ``"; "`` instead."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + say("list.and", lang) + items[-1]
