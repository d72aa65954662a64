"""The benchmark suite's smoke run: it finishes in seconds, writes its outputs, and every
method's plan passes the independent checker (figures are not asserted: they are noisy)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("highspy")
pytest.importorskip("matplotlib")

from benchmarks.methods import METHODS
from benchmarks.run import main, run_tasks, tasks_for


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench")
    status = main(
        ["--suite", "smoke", "--out", str(out), "--isolation", "inline", "--quiet", "--tag", "t"]
    )
    assert status == 0
    return out


def test_smoke_writes_json_markdown_and_plot(smoke_run: Path) -> None:
    assert len(list(smoke_run.glob("*-t.json"))) == 1
    assert len(list(smoke_run.glob("*-t.md"))) == 1
    assert len(list(smoke_run.glob("*-t-gap.png"))) == 1


def test_every_method_ran_and_its_plan_passed_check(smoke_run: Path) -> None:
    payload = json.loads(next(smoke_run.glob("*-t.json")).read_text())
    records = payload["records"]
    assert {r["method"] for r in records} == set(METHODS)
    for record in records:
        assert "error" not in record, record.get("error")
        assert record["valid"], (record["method"], record["violation_sample"])
        assert record["violations"] == 0
        assert record["peak_rss_mb"] > 0
        assert record["check_s"] > 0
        assert set(record["tiers"]) >= {"coverage", "locality", "travel", "fairness"}
    # no bound may lie below a valid plan
    assert not any(r["bound_conflict"] for r in records)
    assert len(payload["targets"]) == 7


def test_markdown_has_the_header_fields(smoke_run: Path) -> None:
    text = next(smoke_run.glob("*-t.md")).read_text()
    for field in (
        "- date:",
        "- commit:",
        "- CPU:",
        "- cores:",
        "- python:",
        "ortools:",
        "highspy:",
        "seeds:",
        "## Targets (issues 6 and 15)",
        "## Suite `smoke`",
        "Checker throughput",
        "assignments/s",
    ):
        assert field in text, field


def test_a_run_in_a_fresh_spawned_process_reports_its_memory() -> None:
    tasks = tasks_for(["smoke"], methods=["greedy"])
    (record,) = run_tasks(tasks, isolation="process", verbose=False)
    assert "error" not in record, record.get("error")
    assert record["valid"]
    assert record["exitcode"] == 0
    assert record["peak_rss_mb"] >= record["base_rss_mb"] > 0


def test_the_library_run_also_times_the_model_of_every_candidate(smoke_run: Path) -> None:
    payload = json.loads(next(smoke_run.glob("*-t.json")).read_text())
    (library,) = [r for r in payload["records"] if r["method"] == "library"]
    assert library["construction_candidates"] == library["candidates"] > 0
    assert library["construction_per_s"] > 0


@pytest.mark.parametrize(
    ("listed", "label"),
    [
        ("", "abc1234"),
        ("docs/performance.md\nbenchmarks/results/x.md", "the code measured is the commit's"),
        ("docs/scale.md\nsrc/koperasi_alloc/solver/stage.py", "changes to the code measured"),
        ("pyproject.toml", "changes to the code measured"),
    ],
)
def test_a_report_says_whether_uncommitted_edits_touch_the_code_it_measured(
    monkeypatch: pytest.MonkeyPatch, listed: str, label: str
) -> None:
    from benchmarks import report

    answers = {"diff": listed, "rev-parse": "abc1234"}
    monkeypatch.setattr(report, "_git", lambda command, *args: answers[command])
    meta = report.provenance()
    assert meta["dirty"] == bool(listed)
    assert meta["uncommitted"] == (listed.splitlines() if listed else [])
    assert label in report.commit_label(meta)
    for path in meta["uncommitted"]:
        assert path in report.commit_label(meta)


def test_a_record_from_before_the_paths_were_kept_reads_as_before() -> None:
    from benchmarks.report import commit_label

    assert commit_label({"commit": "abc", "dirty": True}) == "abc (uncommitted changes)"
    assert commit_label({"commit": "abc", "dirty": False}) == "abc"


def test_gap_by_budget_says_proven_median_or_no_plan() -> None:
    from benchmarks.report import _gap_by_budget

    def run(budget: float, gap: float | None, optimal: float | None = None) -> dict:
        return {
            "instance": "i",
            "method": "m",
            "budget": budget,
            "valid": True,
            "gap": gap,
            "optimal_s": optimal,
        }

    records = [
        run(1, None),
        run(1, 0.5),
        run(5, 0.01),
        run(5, 0.03),
        run(5, 0.02),
        run(10, 0.0, 3.0),
        run(10, 0.0, 4.0),
    ]
    lines = _gap_by_budget(records)
    assert lines[-1] == "| i | m | - | 2.0000 % | proven |"


def test_each_kabupaten_gets_its_own_bound_at_or_above_its_optimum() -> None:
    from benchmarks.scale import _kabupaten_gaps
    from koperasi_alloc import solve
    from tests.planted import twin_kabupaten
    from tests.test_prices import split_skills_region

    scenario = twin_kabupaten(split_skills_region())
    plan = solve(scenario, time_limit=20, workers=1)
    coverage = plan.tier("coverage")
    assert coverage is not None
    assert plan.status.value == "OPTIMAL"
    rows = _kabupaten_gaps(scenario, plan)
    assert sorted(r["kabupaten"][0] for r in rows) == ["64.08", "64.09"]
    # the two copies split the optimum evenly; each bound is the priced one (1.5 slots)
    assert [r["coverage"] for r in rows] == [coverage.value // 2] * 2
    assert all(r["bound"] >= r["coverage"] and r["gap"] >= 0 for r in rows)
    emptied = plan.model_copy(update={"assignments": []})
    assert [r["gap"] for r in _kabupaten_gaps(scenario, emptied)] == [
        float(r["bound"]) for r in rows
    ]


def test_levers_report_only_the_levers_measured_and_refuse_unknown_ones(capsys) -> None:
    from benchmarks import levers

    meta = {"date": "2026-12-03", "commit": "abc1234", "dirty": False, "cpu": "x", "cores": 2}
    meta |= {"python": "3.11", "ortools": "9", "highspy": "1", "argv": ["--levers", "tie_breaks"]}
    rows = [
        {
            "seed": 0,
            "off_s": 5.1,
            "on_s": 2.4,
            "off_stages": {"coverage": 2.25, "fairness": 2.34},
            "on_stages": {"coverage": 0.89, "fairness": 0.63},
            "same": True,
        }
    ]
    text = levers.to_markdown({"tie_breaks": rows}, meta)
    row = "| 0 | 5.10 | 2.40 | coverage 2.25, fairness 2.34 | coverage 0.89, fairness 0.63 |"
    assert row in text
    assert "Construction" not in text
    assert "CP-SAT variants" not in text
    with pytest.raises(SystemExit):
        levers.main(["--levers", "tie_breaks,nonsense"])
    assert "nonsense" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("seed", "tiers"),
    [
        (0, None),
        (1, None),
        (2, ["coverage", "fairness", "locality", "travel"]),
        (3, ["coverage", "travel", "locality", "fairness"]),
    ],
)
def test_highs_solving_the_same_stages_proves_the_library_s_tiers(
    seed: int, tiers: list[str] | None
) -> None:
    """An independent MIP solver, kept tier by tier at its optimum, must reach exactly the
    tiers the library proves (350 officers, up to 2 cooperatives each, agency caps on)."""
    from benchmarks.methods import highs_lexicographic
    from koperasi_alloc import check, solve
    from koperasi_alloc.synth import generate

    scenario = generate("kutai-timur", seed, n_officers=350)
    if tiers is not None:
        objective = scenario.policy.objective.model_copy(update={"tiers": tiers})
        policy = scenario.policy.model_copy(update={"objective": objective})
        scenario = scenario.model_copy(update={"policy": policy})
    plan = solve(scenario, time_limit=60)
    baseline = highs_lexicographic.run(scenario, 60)
    assert plan.status.value == "OPTIMAL"
    assert baseline.optimal_time is not None
    assert check(scenario, baseline.plan) == []
    assert [t.name for t in baseline.plan.tiers] == [t.name for t in plan.tiers]
    assert [t.value for t in baseline.plan.tiers] == [t.value for t in plan.tiers]
    stages = [s["tiers"] for s in baseline.extra["stages"]]
    assert stages[0] == [scenario.objective_tiers()[0]]
    assert all(s["status"] == "Optimal" for s in baseline.extra["stages"])


def test_the_same_job_table_says_whether_proven_tiers_agree() -> None:
    from benchmarks.report import _ratio_table

    def record(method: str, seed: int, seconds: float | None, coverage: int) -> dict:
        return {
            "instance": "i",
            "suite": "s",
            "seed": seed,
            "budget": 30.0,
            "method": method,
            "valid": True,
            "optimal_s": seconds,
            "tiers": {"coverage": coverage},
        }

    records = [
        record("library", 0, 1.0, 5),
        record("highs_lexicographic", 0, 4.0, 5),
        record("library", 1, 2.0, 5),
        record("highs_lexicographic", 1, 2.0, 6),
        record("library", 2, None, 5),
        record("highs_lexicographic", 2, 3.0, 5),
        record("highs", 0, 2.0, 7),
    ]
    (row,) = [
        line for line in _ratio_table(records, "library", "highs_lexicographic") if "| i |" in line
    ]
    assert "seed 0: 0.250 (1.00 s / 4.00 s; same tiers)" in row
    assert "seed 1: 1.000 (2.00 s / 2.00 s; TIERS DIFFER)" in row
    assert "seed 2: - (- s / 3.00 s)" in row
    assert row.endswith("| 0.625 |")
    # against the weighted baseline (another objective) tiers are not compared
    (weighted,) = [line for line in _ratio_table(records, "library", "highs") if "| i |" in line]
    assert weighted == "| i | seed 0: 0.500 (1.00 s / 2.00 s) | 0.500 |"


def test_the_overshoot_report_says_whether_each_budget_and_stop_was_kept(tmp_path: Path) -> None:
    from benchmarks import overshoot

    assert overshoot.main(["--smoke", "--out", str(tmp_path)]) == 0
    (markdown,) = tmp_path.glob("*-overshoot-smoke.md")
    text = markdown.read_text(encoding="utf-8")
    assert "| entry point | preset | kind | runs | worst overshoot s | allowed s | within |" in text
    assert "| solve | kutai-timur-scarce | stop | 1 |" in text
    assert overshoot.allowed(10) == 0.5
    assert overshoot.allowed(120) == 6.0
