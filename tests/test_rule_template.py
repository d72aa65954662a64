"""The rule template (``model/rules/TEMPLATE.py``) still builds and binds: the worked
example a new rule is copied from must not rot as the model's API changes."""

from __future__ import annotations

import importlib
from collections import Counter

from ortools.sat.python import cp_model

from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.model import ModelContext
from koperasi_alloc.model.rules import RULES
from koperasi_alloc.solver.cpsat import bare_solver
from tests.tiny import A1, coop, officer, region

template = importlib.import_module("koperasi_alloc.model.rules.TEMPLATE")


def _coverage(with_template: bool) -> tuple[int, Counter[tuple[str, str]]]:
    agencies = [{"code": "DINAS", "name": "Dinas", "headcount": 100}]
    scenario = region(
        [officer(f"19900101202012100{i}", A1) for i in range(4)],
        [coop("KDMP-1", A1, manajer=2, keuangan=2)],
        agencies=agencies,
        policy={"max_officers_per_cooperative": 4},
    )
    candidates = build_candidates(scenario)
    model = cp_model.CpModel()
    ctx = ModelContext(scenario, candidates, model)
    for rule in RULES:
        rule.add(ctx)
    if with_template:
        template.add(ctx)
    model.maximize(sum(model.get_bool_var_from_proto_index(i) for i in range(len(candidates))))
    solver = bare_solver(10.0)
    assert solver.solve(model) == cp_model.OPTIMAL
    chosen = [
        i
        for i in range(len(candidates))
        if solver.boolean_value(model.get_bool_var_from_proto_index(i))
    ]
    spread = Counter(
        (scenario.cooperatives[int(candidates.cooperative[i])].id, "DINAS") for i in chosen
    )
    return len(chosen), spread


def test_the_template_rule_binds_where_it_should() -> None:
    assert _coverage(with_template=False)[0] == 4
    filled, spread = _coverage(with_template=True)
    assert filled == template.AGENCY_SPREAD_LIMIT
    assert max(spread.values()) == template.AGENCY_SPREAD_LIMIT


def test_the_template_names_its_instances_in_both_languages() -> None:
    instance = template.describe("KDMP-1", "DINAS", 2)
    assert instance.rule == template.NAME
    assert "agency DINAS" in instance.text_en
    assert "instansi DINAS" in instance.text_id
    assert template not in RULES  # an example, not a rule of the model
