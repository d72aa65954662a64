"""``explain``: why a plan is what it is, in English or Bahasa Indonesia."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import get_args

from pydantic import BaseModel, ConfigDict, Field

from koperasi_alloc.explain import text
from koperasi_alloc.explain.assignments import assignment_explanations
from koperasi_alloc.explain.breakdown import kecamatan_breakdown, tier_breakdown
from koperasi_alloc.explain.conflicts import conflict_of
from koperasi_alloc.explain.facts import Facts
from koperasi_alloc.explain.records import (
    AssignmentExplanation,
    KecamatanBreakdown,
    Sentence,
    Shortage,
    Table,
    TierBreakdown,
    UnassignedReason,
    VacancyReason,
)
from koperasi_alloc.explain.shortages import region_bound, shortages
from koperasi_alloc.explain.text import HEADINGS, Lang
from koperasi_alloc.explain.unassigned import unassigned_reasons
from koperasi_alloc.explain.vacancies import vacancy_reasons
from koperasi_alloc.explain.vacancy_groups import grouped_vacancy_lines
from koperasi_alloc.figures import PlanFigures, plan_figures
from koperasi_alloc.i18n import pair, say
from koperasi_alloc.plan import ConflictItem, Plan, Status
from koperasi_alloc.scenario import Scenario

__all__ = ["DEFAULT_SECTIONS", "Explanation", "explain"]

SECTIONS = ("shortage", "vacancy", "assignment", "conflict", "objective", "note")
DEFAULT_SECTIONS = ("shortage", "vacancy", "conflict", "objective", "note")
_SOLVED = (Status.OPTIMAL, Status.FEASIBLE)


class Explanation(BaseModel):
    """Why a plan is what it is: tables, and sentences in the chosen language.

    Every table is a :class:`~koperasi_alloc.explain.records.Table` (iterate it, or call
    ``to_frame()`` for pandas). Rows that a planner reads carry ``text_en`` and ``text_id``;
    :attr:`sentences` and :meth:`text` use :attr:`lang`.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    lang: Lang = Field(description='Language of sentences and text(): "en" or "id".')
    scenario_name: str = Field(description="Name of the scenario explained.")
    status: Status | None = Field(description="Status of the plan explained; None without one.")
    shortages: Table[Shortage] = Field(
        description="Supply against demand per kecamatan and role, before solving."
    )
    vacancies: Table[VacancyReason] = Field(description="A reason for every vacancy.")
    assignments: Table[AssignmentExplanation] = Field(description="Every assignment explained.")
    unassigned: Table[UnassignedReason] = Field(
        default_factory=lambda: Table[UnassignedReason](rows=[]),
        description="A reason for every officer the plan does not place.",
    )
    conflict: Table[ConflictItem] = Field(
        description="For an infeasible scenario: rule instances that cannot all hold."
    )
    tiers: Table[TierBreakdown] = Field(description="The objective per tier.")
    breakdown: Table[KecamatanBreakdown] = Field(description="The objective per kecamatan.")
    notes_en: list[str] = Field(default_factory=list, description="Notes in English.")
    notes_id: list[str] = Field(default_factory=list, description="Notes in Bahasa Indonesia.")
    figures: PlanFigures | None = Field(
        default=None,
        exclude=True,
        description="The plan's slot figures with the reason of every empty slot "
        "(koperasi_alloc.figures); None without a plan.",
    )

    @property
    def reasons(self) -> dict[tuple[str, str], str]:
        """The reason code of every empty ``(cooperative id, role)``."""
        return {(v.cooperative_id, v.role): v.code for v in self.vacancies}

    def in_lang(self, lang: Lang) -> Explanation:
        """The same explanation, rendered in ``lang``."""
        _check_lang(lang)
        return self.model_copy(update={"lang": lang})

    @property
    def notes(self) -> list[str]:
        """Notes in the chosen language."""
        return self.notes_en if self.lang == "en" else self.notes_id

    @property
    def sentences(self) -> list[Sentence]:
        """Every sentence in the chosen language, section by section, by kecamatan.

        Shortages give one sentence per kecamatan, plus one per role that cannot be fully
        covered; vacancies one per cooperative (its empty roles, grouped by reason) after a
        summary per reason shared by several cooperatives of a kecamatan; assignments and
        the per-kecamatan breakdown one per row; all in the scenario's kecamatan order.
        """
        en = self.lang == "en"
        result: list[Sentence] = []

        def add(section: str, kecamatan: str | None, name: str | None, row_text: str) -> None:
            result.append(
                Sentence.model_validate(
                    {
                        "section": section,
                        "kecamatan": kecamatan,
                        "kecamatan_name": name,
                        "text": row_text,
                    }
                )
            )

        for s in self.shortages:
            if s.role is None or s.status != "coverable":
                add("shortage", s.kecamatan, s.kecamatan_name, s.text_en if en else s.text_id)
        order = {row.kecamatan: i for i, row in enumerate(self.shortages) if row.role is None}
        for line in grouped_vacancy_lines(self.vacancies, self.lang, list(order)):
            add("vacancy", line.kecamatan, line.kecamatan_name, line.text)
        for a in sorted(self.assignments, key=lambda a: order.get(a.kecamatan, len(order))):
            add("assignment", a.kecamatan, a.kecamatan_name, a.text_en if en else a.text_id)
        for c in self.conflict:
            add("conflict", None, None, c.text_en if en else c.text_id)
        for t in self.tiers:
            add("objective", None, None, t.text_en if en else t.text_id)
        for k in self.breakdown:
            add("objective", k.kecamatan, k.kecamatan_name, k.text_en if en else k.text_id)
        for note in self.notes:
            add("note", None, None, note)
        return result

    def text(self, sections: Iterable[str] = DEFAULT_SECTIONS) -> str:
        """The explanation as plain text in the chosen language, grouped by kecamatan.

        Parameters
        ----------
        sections
            Which parts to render, in this order: any of "shortage", "vacancy",
            "assignment", "conflict", "objective", "note". Assignments are left out by
            default (one line per assignment).

        Returns
        -------
        str
            A heading per section, then the sentences of each kecamatan under its name.
        """
        wanted = list(sections)
        unknown = [s for s in wanted if s not in SECTIONS]
        if unknown:
            raise ValueError(f"unknown section(s) {unknown}; choose from {list(SECTIONS)}")
        sentences = self.sentences
        index = 0 if self.lang == "en" else 1
        lines: list[str] = []
        for section in wanted:
            chosen = [s for s in sentences if s.section == section]
            if not chosen:
                continue
            if lines:
                lines.append("")
            lines.append(HEADINGS[section][index])
            current: str | None = None
            for sentence in chosen:
                if sentence.kecamatan is None:
                    lines.append(f"  - {sentence.text}")
                    current = None
                    continue
                if sentence.kecamatan != current:
                    lines.append(f"  {sentence.kecamatan_name}")
                    current = sentence.kecamatan
                lines.append(f"    - {sentence.text}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()


def _check_lang(lang: str) -> None:
    if lang not in get_args(Lang):
        raise ValueError(f'lang must be "en" or "id", not {lang!r}')


def explain(
    scenario: Scenario,
    plan: Plan | None = None,
    *,
    lang: Lang = "en",
    conflict: bool | None = None,
    conflict_time_limit: float = 10.0,
) -> Explanation:
    """Explain a scenario before solving, and a plan of it when given.

    Parameters
    ----------
    scenario
        The scenario.
    plan
        A plan of ``scenario`` (from :func:`koperasi_alloc.solver.solve` or a file). Without
        one, only the shortages (and the conflict, when asked) are explained.
    lang
        Language of :attr:`Explanation.sentences` and :meth:`Explanation.text`: "en" or
        "id". Every row keeps both languages.
    conflict
        Whether to look for conflicting rules. None (default): when ``plan`` is INFEASIBLE
        (its own ``conflict`` is used when it has one). True: also without a plan (an empty
        conflict then means the scenario is feasible, or the search ran out of time).
    conflict_time_limit
        Seconds for :func:`~koperasi_alloc.explain.find_conflict`.

    Returns
    -------
    Explanation
        Shortages, vacancy reasons, assignments, conflict and objective breakdown.

    Raises
    ------
    ValueError
        When ``lang`` is neither "en" nor "id".

    Examples
    --------
    >>> from koperasi_alloc.synth import generate  # doctest: +SKIP
    >>> scenario = generate("kutai-timur", seed=0, scarcity=0.3)  # doctest: +SKIP
    >>> print(explain(scenario, solve(scenario), lang="id").text())  # doctest: +SKIP
    """
    _check_lang(lang)
    facts = Facts.build(scenario)
    notes: list[tuple[str, str]] = [text.region_supply(*region_bound(facts))]
    parts = _PlanParts.of(facts, scenario, plan, notes)
    items = _conflict_items(facts, plan, conflict, conflict_time_limit, notes)
    return Explanation(
        lang=lang,
        scenario_name=scenario.name,
        status=plan.status if plan is not None else None,
        shortages=Table[Shortage](rows=shortages(facts)),
        vacancies=Table[VacancyReason](rows=parts.vacancies),
        assignments=Table[AssignmentExplanation](rows=parts.assignments),
        unassigned=Table[UnassignedReason](rows=parts.unassigned),
        conflict=Table[ConflictItem](rows=list(items)),
        tiers=Table[TierBreakdown](rows=parts.tiers),
        breakdown=Table[KecamatanBreakdown](rows=parts.kecamatan),
        notes_en=[n[0] for n in notes],
        notes_id=[n[1] for n in notes],
        figures=parts.figures,
    )


@dataclass
class _PlanParts:
    """What :func:`explain` says about a solved plan (all empty without one)."""

    vacancies: list[VacancyReason] = field(default_factory=list)
    assignments: list[AssignmentExplanation] = field(default_factory=list)
    kecamatan: list[KecamatanBreakdown] = field(default_factory=list)
    tiers: list[TierBreakdown] = field(default_factory=list)
    unassigned: list[UnassignedReason] = field(default_factory=list)
    figures: PlanFigures | None = None

    @classmethod
    def of(
        cls, facts: Facts, scenario: Scenario, plan: Plan | None, notes: list[tuple[str, str]]
    ) -> _PlanParts:
        """The parts for ``plan``; notes (English, Indonesian) go to ``notes``."""
        parts = cls()
        if plan is None:
            return parts
        if plan.audit is not None and plan.audit.scenario_hash != scenario.scenario_hash():
            notes.append(pair("explain.note.other_scenario"))
        if plan.status in _SOLVED:
            parts.vacancies = vacancy_reasons(facts, plan)
            parts.assignments = assignment_explanations(facts, plan)
            parts.unassigned = unassigned_reasons(facts, plan)
            reasons = {(v.cooperative_id, v.role): v.code for v in parts.vacancies}
            parts.figures = plan_figures(scenario, plan, reasons)
            parts.kecamatan = kecamatan_breakdown(facts, parts.assignments, parts.figures)
            baseline = {(a.officer_id, a.cooperative_id, a.role) for a in scenario.baseline or []}
            parts.tiers = tier_breakdown(plan, parts.assignments, parts.kecamatan, baseline)
        else:
            notes.append(
                (
                    say(
                        "explain.note.no_assignments",
                        "en",
                        status=say(f"status.{plan.status.value}", "en"),
                    ),
                    say(
                        "explain.note.no_assignments",
                        "id",
                        status=say(f"status.{plan.status.value}", "id"),
                    ),
                )
            )
        return parts


def _conflict_items(
    facts: Facts,
    plan: Plan | None,
    conflict: bool | None,
    time_limit: float,
    notes: list[tuple[str, str]],
) -> Sequence[ConflictItem]:
    """The conflicting rules when asked (or the plan is INFEASIBLE): the plan's own
    conflict when it has one, else a search of ``time_limit`` seconds."""
    infeasible = plan is not None and plan.status is Status.INFEASIBLE
    if not (conflict or (conflict is None and infeasible)):
        return []
    if infeasible and plan is not None and plan.conflict:
        return plan.conflict
    items = conflict_of(facts, time_limit=time_limit)
    if not items:
        notes.append(text.no_conflict_found())
    return items
