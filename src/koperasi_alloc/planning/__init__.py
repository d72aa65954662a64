"""Scenario planning: what-if edits, comparisons, minimal-change re-plans,
recommendations, trade-off sweeps and hiring proposals.

>>> from koperasi_alloc.planning import compare, recommend, replan, tradeoff  # doctest: +SKIP
>>> new = replan(scenario.without_officers(gone), old_plan, time_limit=5)  # doctest: +SKIP
>>> compare(old_plan, new, scenario).to_frame("moves")  # doctest: +SKIP
"""

from koperasi_alloc.planning import edits
from koperasi_alloc.planning.compare import (
    Comparison,
    KecamatanCoverage,
    Move,
    SlotChange,
    TierDelta,
    compare,
)
from koperasi_alloc.planning.hire_proposal import HireProposal, HireRow, KabupatenTotal
from koperasi_alloc.planning.hires import propose_hires
from koperasi_alloc.planning.recommend import Change, Recommendation, recommend
from koperasi_alloc.planning.replan import (
    baseline_validity,
    replan,
    replan_scenario,
    still_valid_plan,
)
from koperasi_alloc.planning.tradeoff import Tradeoff, TradeoffRow, tradeoff

__all__ = [
    "Change",
    "Comparison",
    "HireProposal",
    "HireRow",
    "KabupatenTotal",
    "KecamatanCoverage",
    "Move",
    "Recommendation",
    "SlotChange",
    "TierDelta",
    "Tradeoff",
    "TradeoffRow",
    "baseline_validity",
    "compare",
    "edits",
    "propose_hires",
    "recommend",
    "replan",
    "replan_scenario",
    "still_valid_plan",
    "tradeoff",
]
