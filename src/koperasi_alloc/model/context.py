"""What every rule module gets: the CP-SAT model, one Boolean per candidate, and a way to
name the rule instances it adds (so that infeasibility can be explained)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from koperasi_alloc.candidates import Candidates
from koperasi_alloc.scenario import Scenario

__all__ = ["ModelContext", "RuleInstance"]


@dataclass(frozen=True)
class RuleInstance:
    """One named instance of a rule, e.g. the release cap of one agency."""

    rule: str
    subject: str
    text_en: str
    text_id: str


@dataclass
class ModelContext:
    """The model under construction.

    ``track`` gives every rule instance its own enforcement literal, so that CP-SAT can
    name a set of instances that cannot hold together (see :mod:`koperasi_alloc.explain`).
    """

    scenario: Scenario
    candidates: Candidates
    model: cp_model.CpModel
    x: list[cp_model.IntVar]
    track: bool = False
    instances: dict[int, RuleInstance] = field(default_factory=dict)
    constraint_count: int = 0
    #: auxiliary Booleans that equal the OR of some candidate rows (for complete hints)
    or_variables: list[tuple[cp_model.IntVar, NDArray[np.int64]]] = field(default_factory=list)
    #: the fairness variable, when the fairness tier is modelled
    fairness: cp_model.IntVar | None = None

    def guard(self, instance: RuleInstance) -> cp_model.IntVar | None:
        """The enforcement literal of ``instance`` when tracking, else None."""
        if not self.track:
            return None
        literal = self.model.new_bool_var(f"{instance.rule}:{instance.subject}")
        self.instances[literal.index] = instance
        return literal

    def variables(self, rows: NDArray[np.int64] | Sequence[int]) -> list[cp_model.IntVar]:
        """The Booleans of the given candidate rows."""
        x = self.x
        if len(rows) == 1:
            return [x[rows[0]]]
        return list(itemgetter(*rows)(x)) if len(rows) else []

    def add_at_most(
        self, rows: NDArray[np.int64], limit: int, instance: RuleInstance | None = None
    ) -> None:
        """sum(x[rows]) <= limit, guarded by the instance's literal when tracking."""
        if len(rows) <= limit:
            return
        literal = self.guard(instance) if instance is not None else None
        terms = self.variables(rows)
        constraint = (
            self.model.add_at_most_one(terms)
            if limit == 1
            else self.model.add(cp_model.LinearExpr.sum(terms) <= limit)
        )
        if literal is not None:
            constraint.only_enforce_if(literal)
        self.constraint_count += 1

    def add_at_least(
        self, rows: NDArray[np.int64], minimum: int, instance: RuleInstance | None = None
    ) -> None:
        """sum(x[rows]) >= minimum; an empty or too small set makes the model infeasible."""
        if minimum <= 0:
            return
        literal = self.guard(instance) if instance is not None else None
        if len(rows) < minimum:
            constraint = self.model.add_bool_or([])
        else:
            constraint = self.model.add(cp_model.LinearExpr.sum(self.variables(rows)) >= minimum)
        if literal is not None:
            constraint.only_enforce_if(literal)
        self.constraint_count += 1
