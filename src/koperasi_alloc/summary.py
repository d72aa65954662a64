"""National summaries: a plan's figures per province, kabupaten/kota or kecamatan.

For a ministry analyst in a notebook::

    import koperasi_alloc as ka
    from koperasi_alloc.summary import summary_frame
    from koperasi_alloc.plots import plot_choropleth

    frame = summary_frame(scenario, plan, by="province")           # Indonesian headers
    frame = summary_frame(scenario, plan, by="kabupaten", lang="en", proposal=proposal)
    plot_choropleth(scenario, plan, by="kabupaten", value="share_filled")

One row per area: the slots demanded, closed by a rule, open, filled and empty, the share
of open slots filled, the empty slots by reason (``empty_<reason>``, the codes of
:func:`empty_reasons`), the officers listed there (by the kecamatan of
their work unit), placed and left unused, the unused ones by reason (``unused_<reason>``,
the codes of :mod:`koperasi_alloc.explain.unassigned`) and, given a hiring proposal, the
hires proposed there and the slots filled with them.

Every number is one of :func:`koperasi_alloc.figures.plan_figures` (the same computation
as the workbook's Ringkasan, the command line's table and ``explain``); the reasons come
from :func:`koperasi_alloc.explain.explain`; the names of provinces and kabupaten/kota from
the shipped Kemendagri data (:func:`koperasi_alloc.wilayah.region_names`). Nothing is
counted here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, get_args

from koperasi_alloc.figures import (
    CLOSED_REASON,
    FigureRow,
    Level,
    OfficerCounts,
    PlanFigures,
    plan_figures,
)
from koperasi_alloc.i18n import Lang, check_lang, say
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.wilayah import region_names

if TYPE_CHECKING:
    import pandas as pd

    from koperasi_alloc.explain import Explanation
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.planning.hire_proposal import HireProposal

__all__ = [
    "SHARES",
    "SummaryLevel",
    "check_value",
    "empty_reasons",
    "summary_figures",
    "summary_frame",
    "summary_records",
    "unused_reasons",
    "value_label",
    "values",
]

SummaryLevel = Literal["province", "kabupaten", "kecamatan"]
"""The areas a summary is made of."""


@cache
def empty_reasons() -> tuple[str, ...]:
    """Why an open slot stays empty: the codes of :data:`koperasi_alloc.explain.ReasonCode`
    but ``not_legal_entity``, which closes a slot (it is counted as ``closed``)."""
    from koperasi_alloc.explain import ReasonCode  # OR-Tools: only once a summary is made

    return tuple(code for code in get_args(ReasonCode) if code != CLOSED_REASON)


@cache
def unused_reasons() -> tuple[str, ...]:
    """Why a listed officer is left unused, most structural first (the codes of
    :mod:`koperasi_alloc.explain.unassigned`)."""
    from koperasi_alloc.explain.unassigned import UnassignedCode

    return get_args(UnassignedCode)


SHARES = ("share_filled", "share_filled_with_hires")
"""The values that are shares (0 to 1; None where nothing is open)."""

_PARENTS: dict[str, tuple[Level, ...]] = {
    "province": ("province",),
    "kabupaten": ("kabupaten", "province"),
    "kecamatan": ("kecamatan", "kabupaten", "province"),
}
_SLOTS = ("cooperatives", "demanded", "closed", "open", "filled", "empty", "share_filled")
_OFFICERS = ("officers", "placed", "unused")
_HIRES = ("hires", "filled_with_hires", "share_filled_with_hires")


def values(proposal: bool = False) -> tuple[str, ...]:
    """The numeric columns of a summary, which a choropleth may colour by.

    Parameters
    ----------
    proposal
        Whether a hiring proposal is given (adds ``hires``, ``filled_with_hires`` and
        ``share_filled_with_hires``).
    """
    names = (
        *_SLOTS,
        *(f"empty_{r}" for r in empty_reasons()),
        *_OFFICERS,
        *(f"unused_{r}" for r in unused_reasons()),
    )
    return (*names, *_HIRES) if proposal else names


def value_label(value: str, lang: Lang = "id") -> str:
    """What ``value`` means, in words for a legend or a title (``share_filled`` ->
    ``bagian posisi terbuka yang terisi``)."""
    if value.startswith("empty_"):
        return say("area.value.empty_reason", lang, reason=say(f"reason.{value[6:]}", lang))
    if value.startswith("unused_"):
        reason = say(f"area.unused.{value[7:]}", lang)
        return say("area.value.unused_reason", lang, reason=reason)
    return say(f"area.value.{value}", lang)


def check_value(value: str, with_proposal: bool, lang: Lang = "en") -> None:
    """Raise a ValueError in ``lang`` unless ``value`` is a column of :func:`values`.

    Parameters
    ----------
    value
        The column asked for (``"share_filled"``, ``"hires"`` ...).
    with_proposal
        Whether a hiring proposal is given (the hires columns need one).
    lang
        Language of the error.
    """
    if value in values(with_proposal):
        return
    if value in values(True):
        raise ValueError(say("area.needs_proposal", lang, value=value))
    choices = ", ".join(values(with_proposal))
    raise ValueError(say("area.unknown_value", lang, value=value, choices=choices))


def _check_level(by: str, lang: Lang) -> SummaryLevel:
    if by not in _PARENTS:
        raise ValueError(say("area.unknown_level", lang, by=by))
    return by  # type: ignore[return-value]


def summary_figures(
    scenario: Scenario,
    plan: Plan,
    *,
    proposal: HireProposal | None = None,
    explanation: Explanation | None = None,
) -> PlanFigures:
    """The plan's figures with every reason, the names of the regions and the hires.

    Parameters
    ----------
    scenario
        The scenario the plan was made for.
    plan
        The plan.
    proposal
        Optional hiring proposal: its hires per kecamatan fill ``OfficerCounts.hires``.
    explanation
        ``explain(scenario, plan)`` when already made; made here otherwise (it gives the
        reason of every empty slot and every unused officer). Explaining a national plan
        builds the country's candidate table at once (the national preset: 16.6 million
        candidates, whose build alone peaks near 10 GB): pass an explanation made where
        that fits.

    Returns
    -------
    PlanFigures
        :func:`koperasi_alloc.figures.plan_figures` of the plan, its totals equal to
        ``plan.figures(scenario).total``.
    """
    if explanation is None:
        from koperasi_alloc.explain import explain  # OR-Tools: only once a summary is made

        explanation = explain(scenario, plan)
    hires: Counter[str] = Counter()
    for row in proposal.rows if proposal is not None else ():
        hires[row.kecamatan] += row.hires
    return plan_figures(
        scenario,
        plan,
        explanation.reasons,
        region_names=region_names(),
        unused={u.officer_id: u.code for u in explanation.unassigned},
        hires=dict(hires),
    )


def summary_records(
    scenario: Scenario,
    plan: Plan,
    by: SummaryLevel = "province",
    *,
    proposal: HireProposal | None = None,
    explanation: Explanation | None = None,
    lang: Lang = "en",
) -> list[dict[str, Any]]:
    """One dict per area, keyed by the English column names (see the module docstring).

    Parameters
    ----------
    scenario, plan, proposal, explanation
        As for :func:`summary_figures`.
    by
        ``"province"``, ``"kabupaten"`` (kabupaten/kota) or ``"kecamatan"``.
    lang
        Language of the error raised for a wrong ``by``.

    Returns
    -------
    list of dict
        In scenario order: the area's code and name (and those of the areas it lies in),
        then every value of :func:`values`.
    """
    level = _check_level(by, check_lang(lang))
    figures = summary_figures(scenario, plan, proposal=proposal, explanation=explanation)
    after = None
    if proposal is not None:
        after = plan_figures(proposal.scenario, proposal.plan)
    names = {lvl: {r.code: r.name for r in figures.rows(lvl)} for lvl in _PARENTS[level]}
    out = []
    for row in figures.rows(level):
        record = _place(row.code, level, names)
        record.update(_slot_values(row))
        record.update(_officer_values(row.officers or OfficerCounts()))
        if after is not None:
            later = after.row(level, row.code).counts
            tenths = later.coverage_tenths
            record["hires"] = (row.officers or OfficerCounts()).hires
            record["filled_with_hires"] = later.filled
            record["share_filled_with_hires"] = None if tenths is None else tenths / 1000
        out.append(record)
    return out


def _place(code: str, level: str, names: Mapping[Level, dict[str, str]]) -> dict[str, Any]:
    """The area's code and name, and those of the kabupaten and province it lies in."""
    record: dict[str, Any] = {}
    for parent in _PARENTS[level]:
        part = {"kecamatan": code, "kabupaten": code[:5], "province": code[:2]}[parent]
        record[parent] = part
        record[f"{parent}_name"] = names[parent].get(part, part)
    return record


def _slot_values(row: FigureRow) -> dict[str, Any]:
    c = row.counts
    tenths = c.coverage_tenths
    found = c.empty_by_reason
    return {
        "cooperatives": row.cooperatives,
        "demanded": c.demanded,
        "closed": c.closed,
        "open": c.open,
        "filled": c.filled,
        "empty": c.empty,
        "share_filled": None if tenths is None else tenths / 1000,
        **{f"empty_{reason}": found.get(reason, 0) for reason in empty_reasons()},
    }


def _officer_values(officers: OfficerCounts) -> dict[str, Any]:
    found = officers.unused_by_reason
    return {
        "officers": officers.listed,
        "placed": officers.placed,
        "unused": officers.unused,
        **{f"unused_{reason}": found.get(reason, 0) for reason in unused_reasons()},
    }


def summary_frame(
    scenario: Scenario,
    plan: Plan,
    by: SummaryLevel = "province",
    *,
    proposal: HireProposal | None = None,
    explanation: Explanation | None = None,
    lang: Lang = "id",
) -> pd.DataFrame:
    """The summary per area as a pandas DataFrame (needs the ``pandas`` extra).

    Parameters
    ----------
    scenario
        The scenario the plan was made for.
    plan
        The plan.
    by
        ``"province"``, ``"kabupaten"`` (kabupaten/kota) or ``"kecamatan"``.
    proposal
        Optional hiring proposal (:func:`koperasi_alloc.propose_hires`): adds ``hires``,
        ``filled_with_hires`` and ``share_filled_with_hires``.
    explanation
        ``explain(scenario, plan)`` when already made (made here otherwise).
    lang
        ``"id"`` (default): Indonesian column headers (``posisi_terisi``,
        ``kosong_tak_terjangkau`` ...); ``"en"``: the English names of
        :func:`summary_records` (``filled``, ``empty_no_candidate_in_reach`` ...).

    Returns
    -------
    pandas.DataFrame
        One row per area in scenario order; its sums over the rows are the plan's totals
        (``plan.figures(scenario).total``). Shares are fractions, NaN where nothing is
        open.

    Examples
    --------
    >>> frame = summary_frame(scenario, plan, by="kabupaten", lang="en")  # doctest: +SKIP
    >>> frame.sort_values("share_filled").head()  # doctest: +SKIP
    """
    try:
        import pandas as pd
    except ImportError as error:  # pragma: no cover - exercised without pandas only
        raise ImportError(
            "summary_frame needs pandas: pip install koperasi-alloc[pandas]"
        ) from error
    lang = check_lang(lang)
    records = summary_records(
        scenario, plan, by, proposal=proposal, explanation=explanation, lang=lang
    )
    places = [name for parent in _PARENTS[by] for name in (parent, f"{parent}_name")]
    columns = [*places, *values(proposal is not None)]
    frame = pd.DataFrame(records, columns=columns)
    for share in SHARES:
        if share in frame:
            frame[share] = frame[share].astype(float)
    return frame.rename(columns={c: say(f"col.area.{c}", lang) for c in columns})
