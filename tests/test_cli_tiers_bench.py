"""benchmarks.cli_tiers reads the CLI's tier lines and judges issue 32's targets from
them (the national run itself takes minutes and is not part of the tests)."""

from __future__ import annotations

import pytest

from benchmarks.cli_tiers import tiers_of, verdicts

PRINTED = """status     FEASIBLE
coverage   309587 (max) open, bound 310494, gap 0.29 %
locality   232244 (max) open
stability  12 (max) proven optimal
travel     1208828 (min) open, bound 77977, gap 93.55 %
fairness   0 (max) open, bound 0, gap 0.00 %
"""


def test_tier_lines_are_read_with_or_without_a_bound() -> None:
    tiers = tiers_of(PRINTED)
    assert [t["tier"] for t in tiers] == ["coverage", "locality", "stability", "travel", "fairness"]
    assert tiers[2]["bound"] == 12
    assert tiers[2]["gap"] == 0.0
    del tiers[2]
    assert tiers[0] == {
        "tier": "coverage",
        "value": 309587,
        "sense": "max",
        "state": "open",
        "bound": 310494,
        "gap": pytest.approx((310494 - 309587) / 309587),
    }
    assert tiers[1]["bound"] is None
    assert tiers[1]["gap"] is None
    assert tiers[2]["sense"] == "min"


def test_targets_are_judged_per_tier_and_for_memory() -> None:
    run = {"tiers": [t for t in tiers_of(PRINTED) if t["tier"] != "stability"]}
    run["peak_all_processes_mb"] = 3621
    lines = verdicts(run, "national", 120)
    assert lines[0].startswith("- coverage: gap 0.2930% against <= 0.1%: **not met**")
    assert lines[1] == "- locality: no proven bound: **not met**"
    assert "fairness: bounded" in lines[3]
    assert lines[-1].endswith(": met")
    assert "3621 MB" in lines[-1]


def test_a_gap_the_cli_rounds_to_the_target_is_judged_exactly() -> None:
    # 312 slots of 309,960 is 0.1007 %: printed "0.10 %", and over the 0.1 % target
    printed = "coverage   309960 (max) open, bound 310272, gap 0.10 %\n"
    run = {"tiers": tiers_of(printed), "peak_all_processes_mb": None}
    assert verdicts(run, "national", 120) == [
        "- coverage: gap 0.1007% against <= 0.1%: **not met**"
    ]
