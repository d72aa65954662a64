"""Reading tables: header rows matched to columns, rows to records, every problem reported.

:class:`Reader` is format-neutral: the workbook and the CSV folder hand it numbered rows
(the header first) and it returns, per row, the raw values by field and the record (None
when the row was reported). It collects the problems (each naming the container, row and
column as written) and the notes (values read in another form than written: ``S-1`` as
``S1``, a kecamatan name as its code). Policy rows are read by
:mod:`koperasi_alloc.io.tables.policy`, the records are checked against each other by
:mod:`koperasi_alloc.io.tables.assemble`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from koperasi_alloc.errors import Problem, ScenarioError
from koperasi_alloc.io.limits import DEFAULT_LIMITS, InputLimits, check_record_count
from koperasi_alloc.io.tables.cells import WS, as_int, as_text, coerce, is_blank
from koperasi_alloc.io.tables.identifiers import is_nip_shaped, normal_officer_id
from koperasi_alloc.io.tables.messages import (
    COLLECTION_WORDS,
    CellError,
    Note,
    message,
    pydantic_message,
    where,
)
from koperasi_alloc.io.tables.names import CODE_PATTERNS, Names
from koperasi_alloc.io.tables.spec import (
    REFERENCES,
    Column,
    Lang,
    Table,
    key_field,
    norm_header,
)
from koperasi_alloc.scenario import Employment, Forbid, Lock, Officer

_NIP_EMPLOYMENT = frozenset({Employment.PNS, Employment.PPPK, Employment.PPPK_PARUH_WAKTU})

Row = tuple[int, dict[str, Any], BaseModel | None]
"""One read row: its number, its raw values by field, its record (None when reported)."""


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


T = TypeVar("T")


@dataclass
class _Seen:
    """A note's first row and how many rows it applies to."""

    row: int
    count: int = 1


@dataclass
class Reader:
    """Collects problems, notes and loaded rows while a scenario's tables are read.

    ``missing`` maps a collection whose table (or key column) is missing to the name of
    what is missing: references to it are counted, not listed one by one
    (:mod:`koperasi_alloc.io.tables.assemble`).
    """

    lang: Lang
    decode: Callable[[str], str] = lambda text: text
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, list[int]] = field(default_factory=dict)
    containers: dict[str, str] = field(default_factory=dict)
    layouts: dict[str, Layout] = field(default_factory=dict)
    failed_keys: dict[str, set[str]] = field(default_factory=dict)
    policy_rows: dict[str, int] = field(default_factory=dict)
    header_lang: Lang | None = None
    missing: dict[str, str] = field(default_factory=dict)
    names: Names = field(default_factory=Names)
    extra_notes: list[Note] = field(default_factory=list)
    limits: InputLimits = DEFAULT_LIMITS
    source: str | None = None
    _noted: dict[tuple[str, str, str], _Seen] = field(default_factory=dict)

    @property
    def headers(self) -> Lang:
        """Language of the headers named in problems about missing columns."""
        return self.header_lang or self.lang

    def add(self, container: str, row: int | None, column: str, key: str, **values: Any) -> None:
        """Report one problem; reading stops once ``limits.max_problems`` are reported."""
        record = where(container, row, self.lang)
        self.problems.append(Problem(record, column, message(key, self.lang, **values)))
        if len(self.problems) >= self.limits.max_problems:
            count = len(self.problems)
            raise ScenarioError(
                self.problems, source=self.source, lang=self.lang, stopped_after=count
            )

    def rows_of(self, container: str, rows: Iterable[T]) -> list[T]:
        """The rows of one table, refused once they pass ``limits.max_records``."""
        taken: list[T] = []
        for row in rows:
            taken.append(row)
            if len(taken) > self.limits.max_records + 1:  # one header row
                check_record_count(container, len(taken), self.limits, self.source or "")
        return taken

    def note(self, container: str, row: int, column: str, key: str, **values: Any) -> None:
        """Report a value read in another form; the same note on many rows is one note."""
        text = message(key, self.lang, **values)
        seen = self._noted.get((container, column, text))
        if seen is None:
            self._noted[(container, column, text)] = _Seen(row)
        else:
            seen.count += 1

    @property
    def notes(self) -> list[Note]:
        """Every note, in the order first met: ``Pegawai baris 3 (dan 4 baris lain)``."""
        notes = []
        for (container, column, text), seen in self._noted.items():
            record = where(container, seen.row, self.lang)
            if seen.count > 1:
                more = seen.count - 1
                record += f" (dan {more} baris lain)" if self.lang == "id" else f" (+{more} more)"
            notes.append(Note(record, column, text))
        return [*notes, *self.extra_notes]

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
            slot = self._header_slot(table, by_name, text)
            if slot is None:
                self.add(container, row, text, "unknown_column")
                continue
            kind, name, target = slot
            if name in seen:
                other = seen[name] if kind == "column" else text
                self.add(container, row, text, "duplicate_column", other=other)
                continue
            seen[name] = text
            if isinstance(target, Column):
                layout.columns[position] = target
                layout.labels[target.field] = text
            elif kind == "extra":
                layout.extras[position] = target
            else:
                layout.demand[position] = target
        for column in table.columns:
            if column.required and column.field not in seen:
                if column.kind == "demand" and layout.demand:
                    continue
                layout.missing.add(column.field)
                self.add(container, row, column.label(self.headers), "missing_column")
                if column.field == key_field(table):
                    self.missing.setdefault(table.name, container)
        return layout

    @staticmethod
    def _header_slot(
        table: Table, by_name: dict[str, Column], text: str
    ) -> tuple[str, str, Column | str] | None:
        """What a header names: (kind, name for duplicates, column / attribute / role)."""
        name = norm_header(text)
        column = by_name.get(name)
        if column is not None:
            return "column", column.field, column
        if name.startswith("x_") and len(text) > 2:
            return "extra", "x_" + text[2:], text[2:]
        if table.name == "cooperatives" and re.match(r"(permintaan|demand)_.", name):
            role = text.split("_", 1)[1].strip()
            return "demand", "demand_" + role, role
        return None

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
                    label = layout.labels[column.field]
                    at = (container, row, label)
                    raw[column.field] = self._read_cell(table, column, value, at)
                except CellError as error:
                    self.add(container, row, label, error.key, **error.values)
                    bad.add(column.field)
            elif position in layout.extras:
                extras[layout.extras[position]] = _attribute_value(value)
            elif position in layout.demand:
                try:
                    demand[layout.demand[position]] = as_int(value)
                except CellError as error:
                    header = f"{'permintaan' if self.lang == 'id' else 'demand'}_"
                    role = layout.demand[position]
                    self.add(container, row, header + role, error.key, **error.values)
                    bad.add("demand")
            elif position in layout.unnamed:
                self.add(container, row, _column_letter(position), "no_header")
                layout.unnamed.discard(position)  # once per column
        self._merge_extras(raw, bad, extras, container, row)
        self._merge_demand(raw, bad, demand, layout, container, row)
        return raw, bad

    def _read_cell(self, table: Table, column: Column, value: Any, at: tuple[str, int, str]) -> Any:
        """One cell's value; a choice in another spelling or a name for a code is noted."""
        container, row, label = at
        result = coerce(column, value)
        if column.kind == "enum" and as_text(value).strip(WS) != result:
            self.note(container, row, label, "spelling", value=repr(value), canonical=result)
        if isinstance(result, str) and _holds_officer_id(table, column):
            normal = normal_officer_id(result)
            if normal != result:
                self.note(container, row, label, "nip_spelling", value=repr(result), nip=normal)
                result = normal
        target = REFERENCES.get((table.name, column.field))
        if target in CODE_PATTERNS and isinstance(result, str) and result:
            result = self._code_of(target, result, at)
        elif target in CODE_PATTERNS and isinstance(result, list):
            result = [self._code_of(target, item, at) for item in result]
        return result

    def _code_of(self, target: str, value: str, at: tuple[str, int, str]) -> str:
        """The code ``value`` stands for in ``target`` (noted when it was a name)."""
        code = self.names.resolve(target, value, self.lang)
        if code != value:
            what = _word(target, self.lang)
            self.note(*at, "name_as_code", value=repr(value), what=what, code=code)
        return code

    def _merge_extras(
        self, raw: dict[str, Any], bad: set[str], extras: dict[str, Any], container: str, row: int
    ) -> None:
        if not extras:
            return
        attributes = raw.setdefault("attributes", {})
        for key, value in extras.items():
            if key in attributes:
                self.add(container, row, "x_" + key, "twice", what="atribut", value=repr(key))
                bad.add("attributes")
            attributes[key] = value

    def _merge_demand(
        self,
        raw: dict[str, Any],
        bad: set[str],
        demand: dict[str, int],
        layout: Layout,
        container: str,
        row: int,
    ) -> None:
        if not demand:
            return
        merged = raw.setdefault("demand", {})
        label = layout.labels.get("demand", "demand")
        what = "peran" if self.lang == "id" else "role"
        for role, count in demand.items():
            if role in merged:
                self.add(container, row, label, "twice", what=what, value=repr(role))
                bad.add("demand")
            merged[role] = count

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
                text = pydantic_message(item, self.lang)
                self.problems.append(Problem(where(container, row, self.lang), label, text))
        if record is None or bad:
            # remember the row's key, so references to it are not reported as unknown
            key = key_field(table)
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
    ) -> list[Row]:
        """Read a table given as numbered rows, the first being the header.

        Returns (row number, raw values, record or None) for each non-empty row; the
        record is None when the row was reported.
        """
        iterator = iter(rows)
        first = next(iterator, None)
        if first is None:
            self.layouts[table.name] = self.layout(table, (), container, 1)
            return []
        header_row, header = first
        layout = self.layout(table, header, container, header_row)
        self.layouts.setdefault(table.name, layout)
        result: list[Row] = []
        for number, cells in iterator:
            if instruction_row and number == header_row + 1 and _is_instruction(cells):
                continue
            if is_example(cells):
                continue
            parsed = self.parse_row(table, layout, cells, container, number)
            if parsed is None:
                continue
            raw, bad = parsed
            record = self._record(table, layout, raw, bad, container, number)
            if isinstance(record, Officer):
                self._check_nip(record, layout, container, number)
            result.append((number, raw, record))
        if table.name in CODE_PATTERNS:
            self.names.learn(table.name, (raw for _, raw, _ in result))
        return result

    def _check_nip(self, officer: Officer, layout: Layout, container: str, row: int) -> None:
        """A warning (kept with the notes) when a PNS/PPPK id is not 18 digits."""
        if officer.employment in _NIP_EMPLOYMENT and not is_nip_shaped(officer.id):
            label = layout.labels.get("id", "NIP")
            self.note(container, row, label, "nip_shape", value=repr(officer.id))

    def _record(
        self,
        table: Table,
        layout: Layout,
        raw: dict[str, Any],
        bad: set[str],
        container: str,
        number: int,
    ) -> BaseModel | None:
        """The record of one parsed row (None when reported); pairs are checked here."""
        model = table.model
        if model is None and table.columns[0].kind == "jenis":
            model = {"lock": Lock, "forbid": Forbid}.get(raw.get("jenis", ""))
            if model is None and "jenis" not in bad and "jenis" not in layout.missing:
                self.add(container, number, layout.labels.get("jenis", "jenis"), "required")
                bad.add("jenis")
            model = model or Lock
        if model is not None:
            return self.validate(table, model, raw, bad, layout, container, number)
        if not bad and not any(f in layout.missing for f in ("0", "1")):
            for column in table.columns:
                given = column.field in raw or column.field in layout.missing
                if column.required and not given and column.kind != "jenis":
                    label = layout.labels.get(column.field, column.label(self.headers))
                    self.add(container, number, label, "required")
        return None


def build_collections(reader: Reader, loaded: dict[str, list[Row]]) -> dict[str, Any]:
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


def _is_instruction(cells: Sequence[Any]) -> bool:
    return bool(cells) and isinstance(cells[0], str) and cells[0].lstrip().startswith("#")


EXAMPLE_MARKS = ("# contoh", "# example")
"""How the template marks its example rows (first cell), which are never read."""


def is_example(cells: Sequence[Any]) -> bool:
    """Whether a row is one of the template's example rows (first cell ``# contoh ...``)."""
    if not cells or not isinstance(cells[0], str):
        return False
    return cells[0].lstrip().lower().startswith(EXAMPLE_MARKS)


def _holds_officer_id(table: Table, column: Column) -> bool:
    """Whether the column holds an officer's NIP: Pegawai's own, or a reference to one."""
    if table.name == "officers":
        return column.field == "id"
    return REFERENCES.get((table.name, column.field)) == "officers" or (
        table.name == "travel" and column.field == "origin"
    )


def _word(collection: str, lang: Lang) -> str:
    word_id, word_en, _ = COLLECTION_WORDS[collection]
    return word_id if lang == "id" else word_en


def _attribute_value(value: Any) -> Any:
    """An ``x_`` cell as an attribute value: text, number or yes/no as typed."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
