"""The CP-SAT model builder: one Boolean per candidate, each hard rule added by its own
module in :mod:`koperasi_alloc.model.rules`, the objective tiers as expressions."""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from koperasi_alloc.candidates import Candidates
from koperasi_alloc.model.context import Linear, ModelContext, RuleInstance
from koperasi_alloc.model.objective import TierExpression, tier_expressions
from koperasi_alloc.model.rules import RULES
from koperasi_alloc.scenario import Scenario

__all__ = [
    "BuiltModel",
    "Linear",
    "ModelContext",
    "RuleInstance",
    "TierExpression",
    "build_model",
]


@dataclass
class BuiltModel:
    """A CP-SAT model of a scenario, ready to be given an objective and solved."""

    context: ModelContext
    tiers: list[TierExpression]
    build_time: float

    @property
    def model(self) -> cp_model.CpModel:
        """The CP-SAT model."""
        return self.context.model


def build_model(scenario: Scenario, candidates: Candidates, *, track: bool = False) -> BuiltModel:
    """Build the CP-SAT model of ``scenario`` over ``candidates``.

    Parameters
    ----------
    scenario
        The scenario.
    candidates
        Its eligible triples (see :func:`koperasi_alloc.candidates.build_candidates`).
    track
        Give every rule instance an enforcement literal (for infeasibility explanations).
    """
    started = time.perf_counter()
    # one Boolean per candidate: candidate row r is variable r
    context = ModelContext(scenario, candidates, cp_model.CpModel(), track=track)
    for rule in RULES:
        rule.add(context)
    tiers = tier_expressions(context, scenario.objective_tiers())
    return BuiltModel(context, tiers, time.perf_counter() - started)
