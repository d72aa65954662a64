"""Field-level validation messages for people, in English and Bahasa Indonesia.

pydantic words a failed field by its error type (``less_than_equal``, ``enum``, ...);
:func:`field_message` words the same failure for a planner: in both languages, and with
an example of the expected form instead of a regular expression. Where a kecamatan or
village *name* was typed in a code field, it says which code that name has.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from koperasi_alloc.shapes import DISTRICT_CODE, SHAPES, VILLAGE_CODE


def printable(text: str) -> str:
    """``text`` with lone surrogates (which UTF-8 cannot encode) written as escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


__all__ = ["field_message"]

Wording = Callable[[Mapping[str, Any], str], tuple[str, str]]


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _shown(value: Any) -> str:
    """The value as a message shows it: text quoted (cut at 60 characters), numbers as
    written, anything larger by its kind only."""
    if isinstance(value, str):
        return printable(repr(value if len(value) <= 60 else value[:57] + "..."))
    if value is None or isinstance(value, (bool, int, float)):
        return _number(value)
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _bound(key: str, en: str, id_: str) -> Wording:
    def word(ctx: Mapping[str, Any], shown: str) -> tuple[str, str]:
        limit = _number(ctx.get(key))
        if key == "ge" and limit == "0":
            return (
                f"must not be negative (at least 0), not {shown}",
                f"tidak boleh negatif (paling kecil 0), bukan {shown}",
            )
        return f"{en} {limit}, not {shown}", f"{id_} {limit}, bukan {shown}"

    return word


def _fixed(en: str, id_: str) -> Wording:
    def word(ctx: Mapping[str, Any], shown: str) -> tuple[str, str]:
        return f"{en}, not {shown}", f"{id_}, bukan {shown}"

    return word


def _choice(ctx: Mapping[str, Any], shown: str) -> tuple[str, str]:
    expected = str(ctx.get("expected", ""))
    return (
        f"must be one of {expected}, not {shown}",
        f"harus salah satu dari {expected.replace(' or ', ' atau ')}, bukan {shown}",
    )


def _length(noun_en: str, noun_id: str) -> dict[str, Wording]:
    def short(ctx: Mapping[str, Any], shown: str) -> tuple[str, str]:
        least = ctx.get("min_length", 1)
        if least == 1 and noun_en == "characters":
            return "must not be empty", "tidak boleh kosong"
        return (
            f"must have at least {least} {noun_en}",
            f"harus paling sedikit {least} {noun_id}",
        )

    def long(ctx: Mapping[str, Any], shown: str) -> tuple[str, str]:
        most = ctx.get("max_length")
        return f"must have at most {most} {noun_en}", f"paling banyak {most} {noun_id}"

    return {"short": short, "long": long}


_TEXT = _length("characters", "karakter")
_ITEMS = _length("items", "butir")

_WORDINGS: dict[str, Wording] = {
    "less_than_equal": _bound("le", "must be at most", "harus paling besar"),
    "less_than": _bound("lt", "must be less than", "harus kurang dari"),
    "greater_than_equal": _bound("ge", "must be at least", "harus paling kecil"),
    "greater_than": _bound("gt", "must be greater than", "harus lebih dari"),
    "int_parsing": _fixed("must be a whole number", "harus bilangan bulat"),
    "int_type": _fixed("must be a whole number", "harus bilangan bulat"),
    "int_from_float": _fixed("must be a whole number", "harus bilangan bulat"),
    "float_parsing": _fixed("must be a number", "harus angka"),
    "float_type": _fixed("must be a number", "harus angka"),
    "finite_number": _fixed("must be a finite number", "harus angka terhingga"),
    "bool_parsing": _fixed("must be true or false", "harus benar atau salah (true/false)"),
    "bool_type": _fixed("must be true or false", "harus benar atau salah (true/false)"),
    "string_type": _fixed("must be text", "harus teks"),
    "string_unicode": _fixed(
        "must be valid text (it holds a character that cannot be stored)",
        "harus teks yang sah (berisi karakter yang tidak dapat disimpan)",
    ),
    "list_type": _fixed("must be a list", "harus berupa daftar"),
    "tuple_type": _fixed("must be a list", "harus berupa daftar"),
    "dict_type": _fixed("must be an object of fields", "harus berupa objek berisi kolom"),
    "model_type": _fixed("must be an object of fields", "harus berupa objek berisi kolom"),
    "model_attributes_type": _fixed(
        "must be an object of fields", "harus berupa objek berisi kolom"
    ),
    "enum": _choice,
    "literal_error": _choice,
    "string_too_short": _TEXT["short"],
    "string_too_long": _TEXT["long"],
    "too_short": _ITEMS["short"],
    "too_long": _ITEMS["long"],
}

_PLAIN: dict[str, tuple[str, str]] = {
    "missing": ("is required", "wajib diisi"),
    "extra_forbidden": (
        "is not a known field (check its spelling)",
        "bukan kolom yang dikenal (periksa ejaannya)",
    ),
}


def field_message(
    kind: str, ctx: Mapping[str, Any], value: Any, original: str, raw: Any = None
) -> tuple[str, str]:
    """A failed field's message in English and in Bahasa Indonesia.

    Parameters
    ----------
    kind
        The pydantic error type, e.g. ``"less_than_equal"``.
    ctx
        The error's context (its limits, expected values, pattern).
    value
        The value given.
    original
        pydantic's own English message, used for error types not worded here.
    raw
        The raw scenario data, to recognise a kecamatan or village name in a code field.

    Returns
    -------
    tuple of str
        (English, Bahasa Indonesia).
    """
    if kind in _PLAIN:
        return _PLAIN[kind]
    if kind == "string_pattern_mismatch":
        return _pattern_message(str(ctx.get("pattern", "")), value, raw)
    wording = _WORDINGS.get(kind)
    if wording is not None:
        return wording(ctx, _shown(value))
    return original, f"nilai tidak sesuai: {original}"


def _pattern_message(pattern: str, value: Any, raw: Any) -> tuple[str, str]:
    shape = SHAPES.get(pattern)
    shown = _shown(value)
    if shape is None:
        return (
            f"{shown} does not have the expected form",
            f"{shown} tidak sesuai bentuk yang diharapkan",
        )
    if shape.example is None:
        return f"must be {shape.what_en}, not {shown}", f"harus {shape.what_id}, bukan {shown}"
    named = _code_named(pattern, value, raw)
    if named is not None:
        noun_en, noun_id, code = named
        return (
            f"{shown} is the name of a {noun_en}; write its code: {code}",
            f"{shown} adalah nama {noun_id}; tulis kodenya: {code}",
        )
    return (
        f"must be {shape.what_en} like {shape.example}, not {shown}",
        f"harus {shape.what_id} seperti {shape.example}, bukan {shown}",
    )


def _code_named(pattern: str, value: Any, raw: Any) -> tuple[str, str, str] | None:
    """(noun in English, in Indonesian, code) when ``value`` is exactly one record's name."""
    if not isinstance(value, str) or not isinstance(raw, Mapping):
        return None
    collection, noun_en, noun_id = {
        DISTRICT_CODE: ("districts", "kecamatan", "kecamatan"),
        VILLAGE_CODE: ("villages", "desa/kelurahan", "desa/kelurahan"),
    }.get(pattern, ("", "", ""))
    records = raw.get(collection) if collection else None
    if not isinstance(records, list):
        return None
    wanted = " ".join(value.split()).casefold()
    codes = {
        str(r.get("code"))
        for r in records
        if isinstance(r, Mapping)
        and isinstance(r.get("name"), str)
        and " ".join(r["name"].split()).casefold() == wanted
    }
    if len(codes) != 1:
        return None
    return noun_en, noun_id, codes.pop()
