"""What every rule module gets: the CP-SAT model, one Boolean per candidate, and a way to
name the rule instances it adds (so that infeasibility can be explained).

Rules write the model's protocol buffer directly, from numpy arrays of variable indices:
candidate row ``r`` is variable ``r``. No Python object is made per variable or per term,
which is what makes building a 200,000-candidate model take a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model, cp_model_helper

from koperasi_alloc.candidates import Candidates
from koperasi_alloc.scenario import Scenario

__all__ = ["Linear", "ModelContext", "RuleInstance", "combine"]

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


@dataclass(frozen=True)
class RuleInstance:
    """One named instance of a rule, e.g. the release cap of one agency."""

    rule: str
    subject: str
    text_en: str
    text_id: str


@dataclass(frozen=True)
class Linear:
    """A linear expression ``sum(coeffs * variables[indices]) + offset`` over model indices."""

    indices: NDArray[np.int64]
    coeffs: NDArray[np.int64]
    offset: int = 0

    @classmethod
    def constant(cls, value: int) -> Linear:
        """An expression without variables."""
        empty = np.zeros(0, dtype=np.int64)
        return cls(empty, empty, int(value))

    @classmethod
    def of(cls, indices: NDArray[np.int64], coeffs: NDArray[np.int64]) -> Linear:
        """``sum(coeffs * variables[indices])``, zero coefficients dropped."""
        keep = coeffs != 0
        return cls(
            np.asarray(indices, dtype=np.int64)[keep], np.asarray(coeffs, dtype=np.int64)[keep]
        )

    @property
    def is_constant(self) -> bool:
        """Whether the expression has no variables."""
        return len(self.indices) == 0

    def scaled(self, factor: int) -> Linear:
        """``factor * self``."""
        return Linear(self.indices, self.coeffs * np.int64(factor), self.offset * int(factor))

    def plus(self, other: Linear) -> Linear:
        """``self + other`` (terms of the same variable are kept apart; CP-SAT merges them)."""
        return Linear(
            np.concatenate([self.indices, other.indices]),
            np.concatenate([self.coeffs, other.coeffs]),
            self.offset + other.offset,
        )

    def merged(self) -> Linear:
        """The same expression with one term per variable (zero terms dropped)."""
        if len(self.indices) == 0:
            return self
        order = np.argsort(self.indices, kind="stable")
        indices = self.indices[order]
        starts = np.flatnonzero(np.r_[True, indices[1:] != indices[:-1]])
        coeffs = np.add.reduceat(self.coeffs[order], starts)  # exact int64 sums
        keep = coeffs != 0
        return Linear(indices[starts][keep], coeffs[keep], self.offset)

    def value(self, solution: NDArray[np.int64]) -> int:
        """The expression's value for a full assignment of the model's variables."""
        return int((self.coeffs * solution[self.indices]).sum()) + self.offset


def combine(terms: list[tuple[int, Linear]]) -> Linear:
    """``sum(weight * expression)`` of weighted expressions."""
    total = Linear.constant(0)
    for weight, expression in terms:
        if weight:
            total = total.plus(expression.scaled(weight))
    return total


def _bool_template() -> cp_model_helper.IntegerVariableProto:
    variable = cp_model_helper.IntegerVariableProto()
    variable.domain.extend((0, 1))
    return variable


@dataclass
class ModelContext:
    """The model under construction.

    ``track`` gives every rule instance its own enforcement literal, so that CP-SAT can
    name a set of instances that cannot hold together (see :mod:`koperasi_alloc.explain`).
    """

    scenario: Scenario
    candidates: Candidates
    model: cp_model.CpModel
    track: bool = False
    instances: dict[int, RuleInstance] = field(default_factory=dict)
    constraint_count: int = 0
    #: auxiliary Booleans (indices) that equal the OR of some candidate rows (for hints)
    or_variables: list[tuple[int, NDArray[np.int64]]] = field(default_factory=list)
    #: index of the fairness variable, when the fairness tier is modelled
    fairness: int | None = None

    def __post_init__(self) -> None:
        self._constraints = self.model.proto.constraints
        self._at_most_one = cp_model_helper.ConstraintProto()
        count = len(self.candidates)
        if len(self.model.proto.variables) != 0:
            raise ValueError("the model must start empty: candidate r is variable r")
        if count:
            self.model.proto.variables.extend([_bool_template()] * count)

    @property
    def n_candidates(self) -> int:
        """Number of candidate Booleans (variables 0 .. n-1)."""
        return len(self.candidates)

    # --- variables -------------------------------------------------------------------------

    def new_int(self, low: int, high: int, name: str = "") -> int:
        """A new integer variable in [low, high]; returns its index."""
        proto = self.model.proto
        variable = proto.variables.add()
        variable.domain.extend((int(low), int(high)))
        if name:
            variable.name = name
        return len(proto.variables) - 1

    def new_bool(self, name: str = "") -> int:
        """A new Boolean variable; returns its index (its negation is ``-index - 1``)."""
        return self.new_int(0, 1, name)

    def guard(self, instance: RuleInstance) -> int | None:
        """The enforcement literal of ``instance`` when tracking, else None."""
        if not self.track:
            return None
        literal = self.new_bool(f"{instance.rule}:{instance.subject}")
        self.instances[literal] = instance
        return literal

    # --- constraints -----------------------------------------------------------------------

    def _constraint(self, enforcement: int | None) -> object:
        constraint = self._constraints.add()
        if enforcement is not None:
            constraint.enforcement_literal.append(int(enforcement))
        self.constraint_count += 1
        return constraint

    def add_linear(
        self,
        indices: NDArray[np.int64],
        coeffs: NDArray[np.int64] | int,
        low: int,
        high: int,
        enforcement: int | None = None,
    ) -> None:
        """``low <= sum(coeffs * variables[indices]) <= high``."""
        constraint = self._constraint(enforcement)
        linear = constraint.linear  # type: ignore[attr-defined]
        linear.vars.extend(np.asarray(indices, dtype=np.int64).tolist())
        if isinstance(coeffs, int):
            linear.coeffs.extend([coeffs] * len(indices))
        else:
            linear.coeffs.extend(np.asarray(coeffs, dtype=np.int64).tolist())
        linear.domain.extend((max(int(low), INT64_MIN), min(int(high), INT64_MAX)))

    def add_expression_at_least(self, expression: Linear, value: int) -> None:
        """``expression >= value``."""
        expression = expression.merged()
        self.add_linear(expression.indices, expression.coeffs, value - expression.offset, INT64_MAX)

    def add_bool_or(self, literals: list[int], enforcement: int | None = None) -> None:
        """At least one of ``literals`` (indices; ``-i - 1`` is the negation of ``i``)."""
        self._constraint(enforcement).bool_or.literals.extend(literals)  # type: ignore[attr-defined]

    def add_implications(self, literals: NDArray[np.int64], implied: int) -> None:
        """Each of ``literals`` implies ``implied``."""
        # one constraint filled in and copied per literal: a third of the time of adding
        # and filling each one through the protocol buffer's accessors
        template = cp_model_helper.ConstraintProto()
        template.bool_and.literals.append(int(implied))
        enforcement = template.enforcement_literal
        enforcement.append(0)
        append = self._constraints.append
        for literal in literals.tolist():
            enforcement[0] = literal
            append(template)
        self.constraint_count += len(literals)

    def add_at_most(
        self, rows: NDArray[np.int64], limit: int, instance: RuleInstance | None = None
    ) -> None:
        """sum(x[rows]) <= limit, guarded by the instance's literal when tracking."""
        if len(rows) <= limit:
            return
        literal = self.guard(instance) if instance is not None else None
        if limit == 1 and literal is None:
            members = self._at_most_one.at_most_one.literals
            members.clear()
            members.extend(rows.tolist())
            self._constraints.append(self._at_most_one)
            self.constraint_count += 1
        elif limit == 1:
            constraint = self._constraint(literal)
            constraint.at_most_one.literals.extend(rows.tolist())  # type: ignore[attr-defined]
        else:
            self.add_linear(rows, 1, 0, limit, literal)

    def add_at_least(
        self, rows: NDArray[np.int64], minimum: int, instance: RuleInstance | None = None
    ) -> None:
        """sum(x[rows]) >= minimum; an empty or too small set makes the model infeasible."""
        if minimum <= 0:
            return
        literal = self.guard(instance) if instance is not None else None
        if len(rows) < minimum:
            self.add_bool_or([], literal)
        else:
            self.add_linear(rows, 1, minimum, INT64_MAX, literal)

    # --- objective and hints -------------------------------------------------------------

    def maximize(self, expression: Linear) -> None:
        """Make ``expression`` the objective, maximised (CP-SAT minimises its negation)."""
        expression = expression.merged()
        proto = self.model.proto
        proto.clear_objective()
        objective = proto.objective
        objective.vars.extend(expression.indices.tolist())
        objective.coeffs.extend((-expression.coeffs).tolist())
        objective.offset = -expression.offset
        objective.scaling_factor = -1.0

    def set_hint(self, indices: NDArray[np.int64], values: NDArray[np.int64]) -> None:
        """Replace the solution hint."""
        proto = self.model.proto
        proto.clear_solution_hint()
        hint = proto.solution_hint
        hint.vars.extend(np.asarray(indices, dtype=np.int64).tolist())
        hint.values.extend(np.asarray(values, dtype=np.int64).tolist())
