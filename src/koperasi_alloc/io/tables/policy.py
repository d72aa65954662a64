"""The policy as key/value rows (the Aturan sheet, ``policy.csv``) and its validation.

Each row names one key of :data:`~koperasi_alloc.io.tables.spec.POLICY_KEYS` (dotted for the
objective's; or its Indonesian name, :data:`~koperasi_alloc.io.tables.spec.POLICY_KEYS_ID`)
and its value (locality tiers and objective words in English or Indonesian: ``desa``,
``kecamatan_tetangga``, ``cakupan``, ``berbobot``); keys left out keep their defaults. The
row ``nama_skenario`` (``scenario_name``) holds the scenario's name. Problems name the row of
the key they concern.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic import ValidationError

from koperasi_alloc.errors import Problem
from koperasi_alloc.io.tables.cells import (
    SCALAR_KINDS,
    WS,
    as_choice,
    as_text,
    is_blank,
)
from koperasi_alloc.io.tables.messages import CellError, pydantic_message, where
from koperasi_alloc.io.tables.reader import Reader
from koperasi_alloc.io.tables.spec import (
    NAME_KEYS,
    POLICY_KEYS,
    POLICY_KEYS_ID,
    POLICY_WORD_KEYS,
    POLICY_WORDS_ID,
    norm_header,
)
from koperasi_alloc.scenario import Education, Policy


def policy_label(reader: Reader, which: str) -> str:
    """The header of the key (``which="key"``) or value column in the reader's language."""
    if which == "key":
        return "aturan" if reader.lang == "id" else "key"
    return "nilai" if reader.lang == "id" else "value"


def read_policy(
    reader: Reader,
    rows: Iterable[tuple[int, Sequence[Any]]],
    container: str,
    *,
    instruction_row: bool,
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
        text = norm_header(as_text(reader.cell(raw))) if not is_blank(raw) else ""
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
        found = _policy_row(reader, container, number, key_cell, value, data)
        if found is not None:
            name = found
    return data, name


def _policy_row(
    reader: Reader, container: str, number: int, key_cell: Any, value: Any, data: dict[str, Any]
) -> str | None:
    """Read one key/value row into ``data``; returns the scenario name on its row."""
    key_label = policy_label(reader, "key")
    if is_blank(key_cell):
        if not is_blank(value):
            reader.add(container, number, key_label, "required")
        return None
    norm = norm_header(as_text(reader.cell(key_cell)).strip(WS))
    norm = _ENGLISH_KEYS.get(norm, norm)
    rows = reader.policy_rows
    if norm in rows or (norm in NAME_KEYS and "__name__" in rows):
        first_row = rows.get(norm, rows.get("__name__"))
        reader.add(container, number, key_label, "duplicate_key", other=first_row)
        return None
    if norm in NAME_KEYS:
        rows["__name__"] = number
        return None if is_blank(value) else as_text(reader.cell(value)).strip(WS)
    if norm not in POLICY_KEYS:
        reader.add(container, number, key_label, "unknown_key")
        return None
    rows[norm] = number
    if is_blank(value):
        return None
    kind = POLICY_KEYS[norm][0]
    value_label = policy_label(reader, "value")
    try:
        parsed = _policy_value(kind, reader.cell(value))
    except CellError as error:
        reader.add(container, number, value_label, error.key, **error.values)
        return None
    if norm in POLICY_WORD_KEYS:
        parsed = from_policy_words(parsed)
    if kind == "education" and as_text(reader.cell(value)).strip(WS) != parsed:
        typed = repr(reader.cell(value))
        reader.note(container, number, value_label, "spelling", value=typed, canonical=parsed)
    target = data
    parts = norm.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = parsed
    return None


_ENGLISH_KEYS = {norm_header(name): key for key, name in POLICY_KEYS_ID.items()}
_ENGLISH_WORDS = {word: english for english, word in POLICY_WORDS_ID.items()}


def from_policy_words(value: Any) -> Any:
    """A policy value with its Indonesian words (``desa``, ``cakupan``, ``berbobot`` ...)
    read as the policy's own (``village``, ``coverage``, ``weighted``)."""
    return _each_word(value, lambda text: _ENGLISH_WORDS.get(norm_header(text), text))


def to_policy_words(value: Any) -> Any:
    """The reverse of :func:`from_policy_words`: a policy value in Indonesian words."""
    return _each_word(value, lambda text: POLICY_WORDS_ID.get(text, text))


def _each_word(value: Any, word: Callable[[str], str]) -> Any:
    """``value`` with ``word`` applied to it (a string), to each item (a list) or to each
    key (a dict); any other value as it is."""
    if isinstance(value, str):
        return word(value)
    if isinstance(value, list):
        return [word(str(item)) for item in value]
    if isinstance(value, dict):
        return {word(str(k)): v for k, v in value.items()}
    return value


def validate_policy(reader: Reader, data: dict[str, Any], container: str) -> Policy:
    """Validate policy data, reporting problems on the rows that hold them."""
    try:
        return Policy.model_validate(data)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            loc = [str(p) for p in item.get("loc", ())]
            row = policy_row_of(reader, loc)
            column = policy_label(reader, "value") if row is not None else ".".join(loc)
            text = pydantic_message(item, reader.lang)
            reader.problems.append(Problem(where(container, row, reader.lang), column, text))
            # drop the offending key so the cross-record checks can still run
            _drop(data, loc)
        try:
            return Policy.model_validate(data)
        except ValidationError:
            return Policy()


def policy_row_of(reader: Reader, loc: Sequence[str]) -> int | None:
    """The row of the longest dotted prefix of ``loc`` that a row of the sheet gave."""
    for size in range(len(loc), 0, -1):
        row = reader.policy_rows.get(".".join(loc[:size]))
        if row is not None:
            return row
    return None


def _drop(data: dict[str, Any], loc: Sequence[str]) -> None:
    """Remove the policy value at ``loc`` (or its whole top-level key)."""
    if len(loc) >= 2 and isinstance(data.get(loc[0]), dict):
        data[loc[0]].pop(loc[1], None)
    elif loc:
        data.pop(loc[0], None)


def _policy_value(kind: str, value: Any) -> Any:
    if kind == "education":
        return as_choice(value, tuple(e.value for e in Education))
    if kind in SCALAR_KINDS:
        return SCALAR_KINDS[kind](value)
    return as_text(value).strip(WS)
