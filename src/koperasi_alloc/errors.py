"""The library's own error types.

Every problem a user can cause is reported as a :class:`ScenarioError` (or a
pydantic ``ValidationError`` when a model is constructed directly), and each
problem names the record and the field it concerns, e.g.
``officers[17] id=199001012020121001: education: below the policy minimum D3``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["KoperasiError", "Problem", "ScenarioError", "describe_record"]


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
        What is wrong, in words a planner can act on.
    """

    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.record}: {self.field}" if self.field else self.record
        return f"{where}: {self.message}"


class ScenarioError(KoperasiError, ValueError):
    """The scenario (or a file holding one) is inconsistent or malformed.

    All problems found are reported at once in :attr:`problems`.
    """

    def __init__(self, problems: Sequence[Problem], *, source: str | None = None) -> None:
        self.problems: list[Problem] = list(problems)
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        head = f"{self.source}: " if self.source else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{head}scenario has {count} {noun}:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)

    @classmethod
    def from_validation_error(
        cls, error: Any, raw: Any = None, *, source: str | None = None
    ) -> ScenarioError:
        """Turn a pydantic ``ValidationError`` into a :class:`ScenarioError`.

        Parameters
        ----------
        error
            The pydantic ``ValidationError``.
        raw
            The raw input that was validated, used to name records by their id.
        source
            Where the input came from (a file name), prefixed to the message.
        """
        problems: list[Problem] = []
        for item in error.errors(include_url=False):
            context = item.get("ctx") or {}
            nested = context.get("problems")
            if isinstance(nested, (list, tuple)) and nested:
                problems.extend(
                    Problem(str(p["record"]), str(p["field"]), str(p["message"])) for p in nested
                )
                continue
            loc = tuple(item.get("loc", ()))
            record, field = _split_location(loc, raw)
            problems.append(Problem(record, field, str(item.get("msg", "invalid value"))))
        return cls(problems, source=source)


def describe_record(collection: str, index: int, record: Any) -> str:
    """Name a record the way error messages do: ``officers[17] id=1990...``."""
    key = _record_key(record)
    return f"{collection}[{index}] {key}" if key else f"{collection}[{index}]"


_KEY_FIELDS = ("id", "code", "officer", "cooperative", "officer_id", "origin")


def _record_key(record: Any) -> str:
    for name in _KEY_FIELDS:
        value = record.get(name) if isinstance(record, Mapping) else getattr(record, name, None)
        if value is not None and not isinstance(value, (Mapping, list)):
            return f"{name}={value}"
    return ""


def _split_location(loc: Iterable[Any], raw: Any) -> tuple[str, str]:
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
