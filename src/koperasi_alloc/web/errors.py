"""What the app says when a request cannot be served: one message from the catalogue in
the page's language, and for a scenario the reader refused, its problems by sheet, row and
column. Never a traceback, and never a path of the server's own folders."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from koperasi_alloc.errors import KoperasiError, ScenarioError
from koperasi_alloc.i18n import Lang, grouped, say

__all__ = ["WebError", "problem_lines"]


class WebError(KoperasiError):
    """A request the app refuses, with the HTTP status to answer and the catalogue key of
    the message (filled in with ``values``).

    Parameters
    ----------
    key
        A ``web.error.*`` key of the catalogue.
    status
        The HTTP status code.
    problems
        For an upload the reader refused: its :class:`~koperasi_alloc.errors.ScenarioError`
        (listed under the message, in the page's language).
    hide
        Folders of the server whose paths are cut out of the problems' text.
    **values
        The message's placeholders.
    """

    def __init__(
        self,
        key: str,
        status: int = 400,
        *,
        problems: ScenarioError | None = None,
        hide: Sequence[Path] = (),
        **values: Any,
    ) -> None:
        self.key = key
        self.status = status
        self.problems = problems
        self.hide = tuple(str(folder) for folder in hide)
        self.values = values
        super().__init__(self.text("en"))

    def text(self, lang: Lang) -> str:
        """The message in ``lang``."""
        return say(self.key, lang, **self.values)

    def lines(self, lang: Lang) -> list[str]:
        """The problems under the message, in ``lang`` (none for most errors)."""
        if self.problems is None:
            return []
        return problem_lines(self.problems, lang, self.hide)


def problem_lines(error: ScenarioError, lang: Lang, hide: Sequence[str] = ()) -> list[str]:
    """The problems of ``error`` in ``lang``, one a line: the first
    :attr:`ScenarioError.LISTED`, then how many more, then whether reading stopped early;
    any of the folders ``hide`` cut out of them."""
    listed = ScenarioError.LISTED
    lines = [problem.text(lang) for problem in error.problems[:listed]]
    if len(error.problems) > listed:
        lines.append(say("error.more", lang, more=grouped(len(error.problems) - listed, lang)))
    if error.stopped_after is not None:
        lines.append(say("error.stopped_after", lang, count=grouped(error.stopped_after, lang)))
    for folder in hide:
        lines = [line.replace(folder + "/", "").replace(folder, "") for line in lines]
    return lines
