"""The library's own error types.

Every problem a user can cause is reported as a :class:`ScenarioError` (or a
pydantic ``ValidationError`` when a model is constructed directly), and each
problem names the record and the field it concerns, e.g.
``officers[17] id=199001012020121001: education: below the policy minimum D3``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from koperasi_alloc.field_messages import field_message, printable
from koperasi_alloc.i18n import grouped, say

__all__ = [
    "KoperasiError",
    "Lang",
    "Problem",
    "ScenarioError",
    "describe_record",
    "field_problem",
    "field_problems",
    "printable",
    "split_location",
]

Lang = Literal["en", "id"]
"""The languages messages are written in: English and Bahasa Indonesia."""


class KoperasiError(Exception):
    """Base class of every error raised on purpose by koperasi_alloc."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input.

    Parameters
    ----------
    record
        The record, as ``collection[index] id=...`` (or ``policy``).
    field
        The field of that record, dotted for nested values.
    message
        What is wrong, in words a planner can act on (English).
    message_id
        The same in Bahasa Indonesia; None where only the English text exists.
    """

    record: str
    field: str
    message: str
    message_id: str | None = None

    def text(self, lang: Lang = "en") -> str:
        """``record: field: message`` in ``lang`` (English where no translation exists)."""
        message = self.message_id if lang == "id" and self.message_id else self.message
        where = f"{self.record}: {self.field}" if self.field else self.record
        return f"{where}: {message}"

    def __str__(self) -> str:
        return self.text("en")


class ScenarioError(KoperasiError, ValueError):
    """The scenario (or a file holding one) is inconsistent or malformed.

    All problems found are reported at once in :attr:`problems`, worded in :attr:`lang`;
    :attr:`validation_error` keeps the pydantic ``ValidationError`` it was made from, if
    any, for code that wants the raw locations.
    """

    #: Problems a message lists; the rest are counted ("... and 110,070 more").
    LISTED = 50

    def __init__(
        self,
        problems: Sequence[Problem],
        *,
        source: str | None = None,
        lang: Lang = "en",
        validation_error: Exception | None = None,
        stopped_after: int | None = None,
    ) -> None:
        self.problems: list[Problem] = list(problems)
        self.source = source
        self.lang: Lang = lang
        self.validation_error = validation_error
        #: set when reading stopped after this many problems (later records unchecked)
        self.stopped_after = stopped_after
        super().__init__(self.text(lang))

    def text(self, lang: Lang | None = None, *, listed: int | None = None) -> str:
        """The problems, one a line, in ``lang`` (the error's own language by default): the
        first ``listed`` (:attr:`LISTED` by default), then how many more there are."""
        lang = lang or self.lang
        listed = self.LISTED if listed is None else listed
        head = f"{self.source}: " if self.source else ""
        count = len(self.problems)
        shown = grouped(count, lang)
        lines = [f"{head}{say('error.scenario', lang, count=count, shown=shown)}"]
        lines += [f"  - {problem.text(lang)}" for problem in self.problems[:listed]]
        if count > listed:
            lines.append("  " + say("error.more", lang, more=grouped(count - listed, lang)))
        if self.stopped_after is not None:
            after = grouped(self.stopped_after, lang)
            lines.append("  " + say("error.stopped_after", lang, count=after))
        return "\n".join(lines)

    @classmethod
    def from_validation_error(
        cls, error: Any, raw: Any = None, *, source: str | None = None, lang: Lang = "en"
    ) -> ScenarioError:
        """Turn a pydantic ``ValidationError`` into a :class:`ScenarioError`.

        Parameters
        ----------
        error
            The pydantic ``ValidationError``.
        raw
            The raw input that was validated, used to name records by their id and to
            recognise a kecamatan or village name typed where its code belongs.
        source
            Where the input came from (a file name), prefixed to the message.
        lang
            The language of the message: ``"en"`` or ``"id"`` (both are kept on every
            problem).
        """
        return cls(field_problems(error, raw), source=source, lang=lang, validation_error=error)


def field_problems(error: Any, raw: Any = None) -> list[Problem]:
    """The problems of a pydantic ``ValidationError``, each naming its record by id or code.

    Cross-record problems (raised by the scenario as one error carrying its list) are
    unpacked; field-level ones are worded from their error type, in English and Bahasa
    Indonesia, without showing a regular expression.
    """
    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        nested = (item.get("ctx") or {}).get("problems")
        if isinstance(nested, (list, tuple)) and nested:
            problems.extend(
                Problem(
                    str(p["record"]),
                    str(p["field"]),
                    str(p["message"]),
                    p.get("message_id"),
                )
                for p in nested
            )
        else:
            problems.append(field_problem(item, raw))
    return problems


def field_problem(item: Mapping[str, Any], raw: Any = None) -> Problem:
    """One field-level item of ``ValidationError.errors()`` as a :class:`Problem`: its
    record named by id or code, its failure worded from the error type in both
    languages."""
    context = item.get("ctx") or {}
    record, field = split_location(tuple(item.get("loc", ())), raw)
    original = str(context.get("pydantic_message", item.get("msg", "invalid value")))
    kind = str(context.get("pydantic_type", item.get("type", "")))
    en, id_ = field_message(kind, context, item.get("input"), original, raw)
    return Problem(record, field, en, id_)


def describe_record(collection: str, index: int, record: Any) -> str:
    """Name a record the way error messages do: ``officers[17] id=1990...``."""
    key = printable(_record_key(record))
    return f"{collection}[{index}] {key}" if key else f"{collection}[{index}]"


_KEY_FIELDS = ("id", "code", "officer", "cooperative", "officer_id", "origin")


def _record_key(record: Any) -> str:
    for name in _KEY_FIELDS:
        value = record.get(name) if isinstance(record, Mapping) else getattr(record, name, None)
        if value is not None and not isinstance(value, (Mapping, list)):
            return f"{name}={value}"
    return ""


def split_location(loc: Iterable[Any], raw: Any) -> tuple[str, str]:
    parts = list(loc)
    if not parts:
        return "scenario", ""
    head = parts[0]
    if len(parts) >= 2 and isinstance(parts[1], int):
        index = parts[1]
        item = None
        if isinstance(raw, Mapping):
            collection = raw.get(head)
            if isinstance(collection, list) and 0 <= index < len(collection):
                item = collection[index]
        record = describe_record(str(head), index, item)
        field = ".".join(str(p) for p in parts[2:])
        return record, field
    if head in ("policy",):
        return "policy", ".".join(str(p) for p in parts[1:])
    if len(parts) == 1:
        return "scenario", str(head)
    return str(head), ".".join(str(p) for p in parts[1:])
