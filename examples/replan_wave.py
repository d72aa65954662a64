"""Re-plan after 20 officers leave and 15 more cooperatives gain legal-entity status."""

from __future__ import annotations

from koperasi_alloc.check import check
from koperasi_alloc.planning import compare, replan, replan_scenario
from koperasi_alloc.solver import solve
from koperasi_alloc.synth import generate


def main() -> None:
    """Baseline, change, re-plan, compare."""
    scenario = generate("kutai-timur", seed=0, legal_entity_share=0.7, scarcity=0.35)
    baseline = solve(scenario, time_limit=3.0, workers=2)
    leaving = sorted({a.officer_id for a in baseline.assignments})[:20]
    wave = [c.id for c in scenario.cooperatives if not c.legal_entity][:15]
    changed = scenario.without_officers(leaving).with_legal_entity(wave)
    new = replan(changed, baseline, time_limit=4.0, workers=2)
    print(new.summary())
    assert check(replan_scenario(changed, baseline), new) == []
    diff = compare(baseline, new, changed)
    print(diff.summary())
    for move in list(diff.moves)[:10]:
        print(
            f"{move.officer_id}: {move.kind} {move.from_cooperative} -> {move.to_cooperative}"
            f" ({move.reason}: {move.detail})"
        )


if __name__ == "__main__":
    main()
