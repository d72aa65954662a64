"""Cells: reading a spreadsheet or CSV cell as a field value, and writing one back.

Shared by the workbook and the CSV folder. An empty cell means "not given"; ids and codes
are exact text (a number only when no digit can have been lost); numbers accept a decimal
comma and ``%``; yes/no accepts ``ya/tidak``, ``yes/no``, ``true/false``, ``1/0``; a choice
(education, employment, ...) accepts any case and common spellings (``S-1``, ``S.1``,
``s1``, ``D-III`` for ``S1``, ``S1``, ``S1``, ``D3``). A cell that cannot be read raises
:class:`~koperasi_alloc.io.tables.messages.CellError`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Any

from koperasi_alloc.io.tables.messages import CellError
from koperasi_alloc.io.tables.spec import POLICY_KEYS, Column, Lang, Table, norm_header
from koperasi_alloc.scenario import Policy

_norm = norm_header

# Whitespace as pydantic strips it (Unicode White_Space): Python's str.strip() also strips the
# separators U+001C..U+001F, which pydantic keeps.
WS = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\x1c\x1d\x1e\x1f")


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


_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}


def _loose(text: str) -> str:
    """``text`` without case, spaces, hyphens, dots and underscores; ``D-III`` as ``d3``."""
    loose = re.sub(r"[\s\-_.]+", "", text).casefold()
    match = re.fullmatch(r"([ds])(i{1,3}|iv)", loose)
    return match.group(1) + _ROMAN[match.group(2)] if match else loose


def as_choice(value: Any, choices: Sequence[str]) -> str:
    """One of ``choices``, in any case and spelling that names exactly one of them.

    Compared first ignoring case and treating spaces and hyphens as underscores, then also
    ignoring dots, hyphens and spaces altogether (``S-1``, ``S.1``, ``s 1`` are ``S1``) and
    reading a Roman numeral after D or S (``D-III`` is ``D3``).
    """
    text = as_text(value)
    exact = _norm(text)
    for choice in choices:
        if _norm(choice) == exact:
            return choice
    loose = _loose(text)
    matches = [choice for choice in choices if _loose(choice) == loose]
    if len(matches) == 1:
        return matches[0]
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


SCALAR_KINDS: dict[str, Callable[[Any], Any]] = {
    "float": as_float,
    "int": as_int,
    "bool": as_bool,
    "list": as_list,
    "mapping": as_mapping,
}
"""Kinds of cell read the same way in every table and in the policy rows."""


def coerce(column: Column, value: Any) -> Any:
    """The value of ``column`` held by a (non-empty) cell; raises :class:`CellError`."""
    kind = column.kind
    if kind == "key":
        return as_key(value, column.id)
    if kind == "text":
        return as_text(value)
    if kind in SCALAR_KINDS:
        return SCALAR_KINDS[kind](value)
    if kind == "enum":
        return as_choice(value, column.choices)
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


#: What a spreadsheet takes for the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: The prefix that makes such a cell plain text; a cell starting with it is escaped too,
#: so that every value reads back as it was written.
TEXT_PREFIX = "'"


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def neutralised(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula: a cell that starts with
    ``= + - @``, a tab or a carriage return gets a leading ``'`` (OWASP's advice), as does
    one that already starts with ``'`` followed by such a character or another ``'``, so
    that :func:`restored` gives ``text`` back. Numbers (``-0.5``) are left as they are."""
    if not text or _looks_numeric(text):
        return text
    if text.startswith(FORMULA_STARTS) or (
        text.startswith(TEXT_PREFIX) and text[1:2] and text[1:2] in (*FORMULA_STARTS, TEXT_PREFIX)
    ):
        return TEXT_PREFIX + text
    return text


def restored(text: str) -> str:
    """A CSV cell as read back: the ``'`` that :func:`neutralised` put before a formula
    character (or before another ``'``) removed; anything else unchanged."""
    if text.startswith(TEXT_PREFIX) and text[1:2] and text[1:2] in (*FORMULA_STARTS, TEXT_PREFIX):
        return text[1:]
    return text


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
