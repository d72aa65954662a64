"""Plan.headline and Plan.summary never read as optimal unless every tier is proven."""

from __future__ import annotations

from koperasi_alloc.plan import Plan, Status, TierValue, tier_gap


def _scarce_feasible_plan() -> Plan:
    # The plan of issue 18: FEASIBLE, coverage proven, locality with no bound, travel
    # and fairness open with bounds; its first-tier gap is 0.
    return Plan(
        status=Status.FEASIBLE,
        objective=700.0,
        best_bound=700.0,
        gap=0.0,
        tiers=[
            TierValue(name="coverage", sense="max", value=700, bound=700, proven=True),
            TierValue(name="locality", sense="max", value=448, bound=None),
            TierValue(name="travel", sense="min", value=11_505, bound=10_833),
            TierValue(name="fairness", sense="max", value=727, bound=869),
        ],
        wall_time=10.02,
        total_slots=317,
    )


def test_feasible_summary_states_each_tier_and_has_no_plan_wide_gap_line() -> None:
    lines = _scarce_feasible_plan().summary().splitlines()
    assert lines == [
        "status     FEASIBLE",
        "result     best found in 10.02 s: coverage proven, locality open (bound unknown), "
        "travel open (gap 5.8 %), fairness open (gap 19.5 %)",
        "slots      317 demanded, all open to filling",
        "filled     0 of 317 open slots (0.0 %); 317 empty",
        "coverage   700 (max) proven optimal",
        "locality   448 (max) open, bound unknown",
        "travel     11505 (min) open, bound 10833, gap 5.84 %",
        "fairness   727 (max) open, bound 869, gap 19.53 %",
        "budget     a longer budget could gain: locality: may improve or be proven optimal "
        "(no bound yet); travel: at most 672 less; fairness: at most 142 more",
        "time       10.02 s",
    ]
    assert not any(line.startswith("gap") for line in lines)


def test_feasible_summary_in_indonesian() -> None:
    lines = _scarce_feasible_plan().summary("id").splitlines()
    assert lines[0] == "status     LAYAK"
    assert lines[1] == (
        "hasil      terbaik yang ditemukan dalam 10,02 detik: cakupan terbukti, lokalitas "
        "terbuka (batas tidak diketahui), perjalanan terbuka (selisih 5,8 %), pemerataan "
        "terbuka (selisih 19,5 %)"
    )
    assert lines[3] == "terisi     0 dari 317 posisi terbuka (0,0 %); 317 kosong"
    assert lines[5] == "lokalitas  448 (maks) terbuka, batas tidak diketahui"


def test_headline_says_optimal_only_when_every_tier_is_proven() -> None:
    plan = _scarce_feasible_plan()
    proven = plan.model_copy(
        update={
            "status": Status.OPTIMAL,
            "tiers": [t.model_copy(update={"bound": t.value, "proven": True}) for t in plan.tiers],
        }
    )
    assert proven.headline() == "optimal: all tiers proven"
    assert proven.headline("id") == "optimal: semua tier terbukti"
    assert "budget" not in proven.summary()
    assert plan.headline().startswith("best found in")


def test_tier_gap_by_sense() -> None:
    assert tier_gap(TierValue(name="travel", sense="min", value=110, bound=100)) == 10 / 110
    assert tier_gap(TierValue(name="coverage", sense="max", value=90, bound=100)) == 10 / 90
    assert tier_gap(TierValue(name="locality", sense="max", value=5)) is None
