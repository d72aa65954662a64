"""The network-flow structure of the allocation: bounds, a warm start, and often the optimum.

Officers -> slots -> cooperatives is a transportation problem. With agency release caps
as capacities of arcs into the agency's officers, the network

    source -> agency (cap) -> officer (max_cooperatives) -> [officer x cooperative (1)]
           -> slot (cooperative, role) (demand) -> sink

is a relaxation of every rule set this library knows, and is exact when no rule outside it
is active (weekly hours, cooperative minimums, locks, or an agency cap over officers who
may serve several cooperatives). The linear tiers before the first non-linear one
(coverage, locality, travel; fairness is a max-min) are folded into one cost with weights
large enough to keep their lexicographic order, and solved exactly with OR-Tools'
min-cost flow. The flow optimum gives valid lexicographic bounds; :func:`repair` turns it
into a plan that satisfies every hard rule, used as the CP-SAT hint.

The package is five modules: :mod:`.bounds` (the folded tiers, the relaxation and its
bounds, the fairness search), :mod:`.floors` and :mod:`.prices` (Lagrangian bounds: a
later tier under a floor on the first, the first tier with agency caps priced),
:mod:`.network` (the min-cost-flow network itself and its reduced costs) and
:mod:`.repair` (hard-rule checks and the ways a flow is made a plan: :func:`reflow`,
:func:`polish`, :func:`repair`).
"""

from koperasi_alloc.flow.bounds import (
    FLOW_TIERS,
    FlowRelaxation,
    fairest_rows,
    lexicographic_weights,
    max_benefit_flow,
    max_benefit_rows,
    relax,
    tier_weights,
)
from koperasi_alloc.flow.floors import floored_bound, slot_bound
from koperasi_alloc.flow.prices import agency_priced_bound
from koperasi_alloc.flow.repair import (
    concentrated,
    hard_rules_hold,
    polish,
    reflow,
    reflow_concentrated,
    repair,
    still_held,
)

__all__ = [
    "FLOW_TIERS",
    "FlowRelaxation",
    "agency_priced_bound",
    "concentrated",
    "fairest_rows",
    "floored_bound",
    "hard_rules_hold",
    "lexicographic_weights",
    "max_benefit_flow",
    "max_benefit_rows",
    "polish",
    "reflow",
    "reflow_concentrated",
    "relax",
    "repair",
    "slot_bound",
    "still_held",
    "tier_weights",
]
