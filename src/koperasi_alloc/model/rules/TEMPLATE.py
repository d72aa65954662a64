"""TEMPLATE: copy this module to add a hard rule (docs/how-to/add-a-rule.md).

The worked example is a rule the scenario does not have: *no cooperative receives more
than* ``AGENCY_SPREAD_LIMIT`` *officers of one agency*, so that one dinas does not staff a
cooperative alone. A real rule reads its limit from a record or the policy (a field in
``scenario/``), not from a module constant.

A rule is written three times, apart, and each copy is tested against the others:

1. here, as CP-SAT constraints (``NAME``, ``describe``, ``add``; one line in ``RULES`` of
   ``model/rules/__init__.py``);
2. as its checker twin ``check/<rule>.py`` (``RULE``, ``verify``), from the scenario and
   the plan alone, with no numpy or OR-Tools;
3. in numpy in ``candidates/rules.py`` (a name in ``HARD_RULES``, a clause in
   ``RuleTable._breaks`` and an entry in ``RuleCounts``), which every heuristic calls.

This module is not in ``RULES``: ``tests/test_rule_template.py`` builds a model with it
so that the example keeps working as the model's API changes.
"""

from __future__ import annotations

import numpy as np

from koperasi_alloc.model.context import ModelContext, RuleInstance

#: The rule's name: the same string as the checker's ``RULE`` and the numpy form's
#: constant, and the key of its rows in rules.md and the explanation.
NAME = "agency_spread"

#: The example's limit (a real rule reads it from the scenario).
AGENCY_SPREAD_LIMIT = 2


def describe(cooperative: str, agency: str, limit: int) -> RuleInstance:
    """One instance of the rule in both languages, as an infeasibility explanation names it.

    The subject identifies the instance (one per cooperative and agency); the English
    and Indonesian sentences are what ``explain.find_conflict`` shows a planner.
    """
    return RuleInstance(
        NAME,
        f"{cooperative}/{agency}",
        f"cooperative {cooperative} takes at most {limit} officer(s) of agency {agency}",
        f"koperasi {cooperative} menerima paling banyak {limit} pegawai dari instansi {agency}",
    )


def add(ctx: ModelContext) -> None:
    """Add ``sum(x[rows of cooperative c and agency a]) <= limit`` where it can bind.

    Candidate row ``r`` is CP-SAT variable ``r``; group rows with numpy (``ctx.candidates``
    has per-row arrays and ``groups``), skip instances no plan can break (fewer rows than
    the limit), and pass the instance to the constraint so that a tracked model (the
    conflict finder) can name it.
    """
    scenario, cand = ctx.scenario, ctx.candidates
    agency_index = {a.code: k for k, a in enumerate(scenario.agencies)}
    officer_agency = np.array([agency_index[o.agency] for o in scenario.officers], dtype=np.int64)
    keys = cand.cooperative * max(len(scenario.agencies), 1) + officer_agency[cand.officer]
    order = np.argsort(keys, kind="stable")
    boundaries = np.flatnonzero(np.diff(keys[order])) + 1
    for rows in np.split(order, boundaries):
        if len(rows) <= AGENCY_SPREAD_LIMIT:
            continue
        cooperative = scenario.cooperatives[int(cand.cooperative[rows[0]])]
        agency = scenario.agencies[int(officer_agency[cand.officer[rows[0]]])]
        instance = describe(cooperative.id, agency.code, AGENCY_SPREAD_LIMIT)
        ctx.add_at_most(rows.astype(np.int64), AGENCY_SPREAD_LIMIT, instance)
