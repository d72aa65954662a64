"""The Ringkasan (summary) sheet of the plan workbook: per tier value, bound, proven or open and
the tier's own gap, under one headline that never calls an open tier optimal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")

from koperasi_alloc.io.excel import write_plan_xlsx  # noqa: E402
from koperasi_alloc.io.excel_plan import headline, tier_gap  # noqa: E402
from koperasi_alloc.plan import Audit, Plan, Status, TierValue  # noqa: E402
from koperasi_alloc.scenario import Scenario, parse_scenario  # noqa: E402
from tests.strategies import tiny_scenario_data  # noqa: E402


@pytest.fixture
def tiny() -> Scenario:
    return parse_scenario(tiny_scenario_data())


def audit(time_limit: float) -> Audit:
    return Audit(
        scenario_hash="0" * 64,
        seed=2,
        time_limit=time_limit,
        workers=1,
        library_version="test",
        ortools_version="test",
        created_at="2026-01-01T00:00:00Z",
    )


def scarce_plan() -> Plan:
    """The kutai-timur seed 2, scarcity 0.5, 10 s plan of issue 18: later tiers open."""
    return Plan(
        status=Status.FEASIBLE,
        objective=1200,
        best_bound=1200,
        gap=0.0,  # the first tier's only: must not read as the plan's
        tiers=[
            TierValue(name="coverage", sense="max", value=1200, bound=1200, proven=True),
            TierValue(name="locality", sense="max", value=448, bound=None),
            TierValue(name="travel", sense="min", value=11505, bound=10833),
            TierValue(name="fairness", sense="max", value=727, bound=869),
        ],
        wall_time=10.2,
        audit=audit(10),
    )


def summary_of(path: Path) -> list[tuple[Any, ...]]:
    rows = openpyxl.load_workbook(path)["Ringkasan" if "Ringkasan" in str(path) else "Summary"]
    return [tuple(v for v in row if v is not None) for row in rows.iter_rows(values_only=True)]


def test_tier_gaps_follow_the_sense() -> None:
    coverage, locality, travel, fairness = scarce_plan().tiers
    assert tier_gap(coverage) == 0.0
    assert tier_gap(locality) is None
    assert tier_gap(travel) == pytest.approx((11505 - 10833) / 11505)
    assert tier_gap(fairness) == pytest.approx((869 - 727) / 727)
    assert tier_gap(TierValue(name="travel", sense="min", value=0, bound=-2)) == 2.0


def test_the_scarce_plan_is_not_called_optimal(tmp_path: Path, tiny: Scenario) -> None:
    plan = scarce_plan()
    path = tmp_path / "Ringkasan.xlsx"
    write_plan_xlsx(plan, tiny, path)
    rows = summary_of(path)
    assert rows[:13] == [
        ("status", "LAYAK"),
        (
            "ringkasan",
            "terbaik yang ditemukan dalam 10 detik: cakupan terbukti, lokalitas terbuka (batas "
            "tidak diketahui), perjalanan terbuka (selisih 5,8 %), pemerataan terbuka (selisih "
            "19,5 %)",
        ),
        (),
        # the slot figures of koperasi_alloc.figures: the tiny region asks for 4 slots
        ("posisi diminta", 4),
        ("posisi ditutup (koperasi belum berbadan hukum)", 0),
        ("posisi terbuka untuk diisi", 4),
        ("posisi terisi", 0),
        ("posisi terbuka yang kosong", 4),
        ("bagian posisi terbuka yang terisi", 0),
        ("waktu (detik)", 10.2),  # no note row: the plan has no message (no empty heading)
        (),
        ("Tier tujuan",),
        ("tier", "nilai", "batas", "arah", "status", "selisih"),
    ]
    assert rows[13:17] == [
        ("cakupan", 1200, 1200, "maks", "terbukti", 0),
        ("lokalitas", 448, "tidak diketahui", "maks", "terbuka"),
        ("perjalanan", 11505, 10833, "min", "terbuka", pytest.approx(672 / 11505)),
        ("pemerataan", 727, 869, "maks", "terbuka", pytest.approx(142 / 727)),
    ]
    # no plan-wide gap, objective or bound: they are the first tier's only
    assert not any(row and row[0] in ("gap", "objektif", "batas_terbaik") for row in rows)
    # the coverage cells read as the language writes a percentage
    sheet = openpyxl.load_workbook(path)["Ringkasan"]
    assert sheet["B9"].number_format == "[$-421]0.0 %"


def test_english_summary(tmp_path: Path, tiny: Scenario) -> None:
    path = tmp_path / "Summary.xlsx"
    write_plan_xlsx(scarce_plan(), tiny, path, lang="en")
    rows = summary_of(path)
    assert rows[1] == (
        "headline",
        "best found in 10 s: coverage proven, locality open (bound unknown), travel open "
        "(gap 5.8 %), fairness open (gap 19.5 %)",
    )
    assert rows[12] == ("tier", "value", "bound", "sense", "status", "gap")
    assert rows[14] == ("locality", 448, "unknown", "max", "open")


@pytest.mark.parametrize(
    ("status", "id_text", "en_text"),
    [
        (Status.OPTIMAL, "optimal: semua tier terbukti", "optimal: all tiers proven"),
        (
            Status.INFEASIBLE,
            "tidak ada rencana yang memenuhi aturan wajib (terbukti)",
            "no plan satisfies the hard rules (proven)",
        ),
        (
            Status.NO_SOLUTION_IN_TIME,
            "tidak ada rencana yang ditemukan dalam 2,5 detik",
            "no plan found in 2.5 s",
        ),
    ],
)
def test_headlines(status: Status, id_text: str, en_text: str) -> None:
    tiers = [TierValue(name="coverage", sense="max", value=3, bound=3, proven=True)]
    plan = Plan(status=status, tiers=tiers, audit=audit(2.5))
    assert headline(plan, "id") == id_text
    assert headline(plan, "en") == en_text


def test_optimal_status_with_an_open_tier_is_not_all_proven() -> None:
    tiers = [
        TierValue(name="coverage", sense="max", value=3, bound=3, proven=True),
        TierValue(name="travel", sense="min", value=50, bound=40),
    ]
    plan = Plan(status=Status.OPTIMAL, tiers=tiers, wall_time=1.5)
    assert headline(plan, "en") == (
        "best found in 1.5 s: coverage proven, travel open (gap 20.0 %)"
    )
