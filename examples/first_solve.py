"""Solve the built-in Kutai Timur region (real geography, synthetic staff) and explain the plan."""

from __future__ import annotations

from koperasi_alloc.check import check
from koperasi_alloc.explain import explain
from koperasi_alloc.solver import solve
from koperasi_alloc.synth import generate


def main() -> None:
    """Generate, solve, check and explain."""
    scenario = generate("kutai-timur", seed=0, scarcity=0.35)
    plan = solve(scenario, time_limit=3.0, workers=2)
    print(plan.summary())
    problems = check(scenario, plan)
    print("check:", problems if problems else "valid")
    text = explain(scenario, plan, lang="en").text(sections=("vacancy",))
    print("\n".join(line[:160] for line in text.splitlines()[:6]))


if __name__ == "__main__":
    main()
