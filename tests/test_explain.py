"""koperasi_alloc.explain: each vacancy reason on a tiny region built to cause exactly it,
a conflict known by construction, both languages, and the shortage bound against solves
(see tests/tiny.py for the map)."""

from __future__ import annotations

import argparse
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings

from koperasi_alloc.explain import Explanation, explain, find_conflict
from koperasi_alloc.explain.cli import add_arguments, explain_command
from koperasi_alloc.geometry import haversine_km
from koperasi_alloc.io import write_plan, write_scenario
from koperasi_alloc.plan import Plan, Status, Vacancy
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver import solve
from tests.planted import PlantedRegion, planted_regions
from tests.tiny import A1, A2, B1, C1, coop, officer, region

CAP_ONE = [{"code": "DINAS", "name": "Dinas Koperasi", "headcount": 10, "max_release": 1}]


def solved_explanation(scenario: Scenario, **kwargs: object) -> tuple[Plan, Explanation]:
    plan = solve(scenario, time_limit=5, workers=1)
    assert plan.status in (Status.OPTIMAL, Status.FEASIBLE)
    return plan, explain(scenario, plan, **kwargs)  # type: ignore[arg-type]


def only_reason(explanation: Explanation, cooperative: str, role: str = "manajer"):  # type: ignore[no-untyped-def]
    found = [v for v in explanation.vacancies if (v.cooperative_id, v.role) == (cooperative, role)]
    assert len(found) == 1
    return found[0]


# --- one reason class each -------------------------------------------------------------------


def test_reason_not_legal_entity() -> None:
    scenario = region([officer("o1", A1)], [coop("k1", A1, legal_entity=False)])
    _, explanation = solved_explanation(scenario)
    reason = only_reason(explanation, "k1")
    assert reason.code == "not_legal_entity"
    assert "legal-entity" in reason.text_en
    assert "berbadan hukum" in reason.text_id


def test_reason_skill_or_education_missing() -> None:
    # o1 fills manajer; o2 has the keuangan skill but only SMA (policy minimum D3).
    scenario = region(
        [
            officer("o1", A1, skills=["manajer"]),
            officer("o2", A1, skills=["keuangan"], education="SMA"),
        ],
        [coop("k1", A1, manajer=1, keuangan=1)],
    )
    plan, explanation = solved_explanation(scenario)
    assert [(a.officer_id, a.role) for a in plan.assignments] == [("o1", "manajer")]
    reason = only_reason(explanation, "k1", "keuangan")
    assert reason.code == "skill_or_education_missing"
    assert (reason.pool_with_skill, reason.pool_with_education) == (1, 0)
    assert "D3" in reason.text_en
    assert "D3" in reason.text_id


def test_reason_no_candidate_in_reach_names_the_nearest_officer() -> None:
    # k1 lies in Gamma (adjacent to nobody); o1 (A1) is 89.0 km away, o2 (B1) 55.6 km:
    # both beyond the 30 km radius. The nearest is o2.
    scenario = region([officer("o1", A1), officer("o2", B1)], [coop("k1", C1)])
    _, explanation = solved_explanation(scenario)
    reason = only_reason(explanation, "k1")
    assert reason.code == "no_candidate_in_reach"
    assert reason.nearest_officer == "o2"
    expected = float(haversine_km(1.0, 117.3, 1.0, 117.8))
    assert reason.nearest_km == pytest.approx(expected, abs=1e-3)
    assert reason.nearest_km == pytest.approx(55.6, abs=0.1)
    assert "o2" in reason.text_en
    assert "55.6 km" in reason.text_en
    assert "55,6 km" in reason.text_id
    assert reason.officers_in_reach == []


def test_reason_all_placed_elsewhere_says_where_and_what_it_displaces() -> None:
    # o1 reaches k1 (village) and k2 (kecamatan); k2's priority 5 beats k1's 3.
    scenario = region([officer("o1", A1)], [coop("k1", A1), coop("k2", A2, priority=5)])
    plan, explanation = solved_explanation(scenario)
    assert [(a.officer_id, a.cooperative_id) for a in plan.assignments] == [("o1", "k2")]
    reason = only_reason(explanation, "k1")
    assert reason.code == "all_placed_elsewhere"
    assert reason.officers_in_reach == ["o1"]
    [elsewhere] = reason.placed_elsewhere
    assert (elsewhere.officer_id, elsewhere.cooperative_id, elsewhere.role) == (
        "o1",
        "k2",
        "manajer",
    )
    assert elsewhere.kecamatan_name == "Alpha"
    assert elsewhere.priority_there == 5
    assert reason.agency_caps == []
    assert reason.free_officers == []


def test_reason_agency_cap_binding_names_agency_and_counts() -> None:
    # Cap 1 for DINAS: o2 goes to k2 (priority 5); o1 could serve k1 but is not released.
    # o2 also reaches k1 (adjacent kecamatan) and is placed elsewhere.
    scenario = region(
        [officer("o1", A1), officer("o2", B1)],
        [coop("k1", A1), coop("k2", B1)],
        agencies=CAP_ONE,
        village_status={B1: "sangat_tertinggal"},
    )
    _, explanation = solved_explanation(scenario)
    reason = only_reason(explanation, "k1")
    assert reason.code == "agency_cap_binding"
    [hit] = reason.agency_caps
    assert (hit.agency, hit.agency_name, hit.released, hit.cap, hit.officers) == (
        "DINAS",
        "Dinas Koperasi",
        1,
        1,
        ["o1"],
    )
    assert reason.agency == "DINAS"
    assert [e.officer_id for e in reason.placed_elsewhere] == ["o2"]
    assert "Dinas Koperasi" in reason.text_en
    assert "(1 of 1)" in reason.text_en
    assert "(1 dari 1)" in reason.text_id


def test_reason_weekly_hours_binding() -> None:
    # 16.2 h: o1 fits k1 (480 min) but not k2 as well (977 min together).
    scenario = region(
        [officer("o1", A1, max_cooperatives=2, weekly_hours=16.2)],
        [coop("k1", A1), coop("k2", A2)],
    )
    _, explanation = solved_explanation(scenario)
    reason = only_reason(explanation, "k2")
    assert reason.code == "weekly_hours_binding"
    assert reason.hours_bound == ["o1"]


def test_reason_not_chosen_for_an_improvable_plan() -> None:
    scenario = region([officer("o1", A1)], [coop("k1", A1)])
    plan = Plan(
        status=Status.FEASIBLE,
        vacancies=[Vacancy(cooperative_id="k1", role="manajer", count=1)],
        total_slots=1,
    )
    reason = only_reason(explain(scenario, plan), "k1")
    assert reason.code == "not_chosen"
    assert reason.free_officers == ["o1"]


# --- conflicts -------------------------------------------------------------------------------


def conflicting_region() -> Scenario:
    # Locks o1 -> k1 and o2 -> k2, both DINAS, cap 1: cannot hold together. k3 needs one
    # officer and o3 (another agency) gives it: irrelevant to the conflict.
    return region(
        [officer("o1", A1), officer("o2", B1), officer("o3", C1, agency="BAPPEDA")],
        [coop("k1", A1), coop("k2", B1), coop("k3", C1, min_officers=1)],
        agencies=[*CAP_ONE, {"code": "BAPPEDA", "name": "Bappeda", "headcount": 5}],
        locks=[{"officer": "o1", "cooperative": "k1"}, {"officer": "o2", "cooperative": "k2"}],
    )


def test_conflict_is_exactly_the_constructed_set() -> None:
    items = find_conflict(conflicting_region(), time_limit=5)
    assert {(i.rule, i.subject) for i in items} == {
        ("agency_release", "DINAS"),
        ("locks", "o1->k1"),
        ("locks", "o2->k2"),
    }
    assert all(i.text_en and i.text_id and i.text_en != i.text_id for i in items)


def test_explain_infeasible_plan_includes_conflict() -> None:
    scenario = conflicting_region()
    plan = solve(scenario, time_limit=5, workers=1)
    assert plan.status is Status.INFEASIBLE
    explanation = explain(scenario, plan, lang="id", conflict_time_limit=5)
    assert {(i.rule, i.subject) for i in explanation.conflict} == {
        ("agency_release", "DINAS"),
        ("locks", "o1->k1"),
        ("locks", "o2->k2"),
    }
    assert "dikunci" in explanation.text()


def test_conflict_of_feasible_scenario_is_empty() -> None:
    scenario = region([officer("o1", A1)], [coop("k1", A1, min_officers=1)])
    assert find_conflict(scenario, time_limit=5) == []
    assert len(explain(scenario, conflict=True).conflict) == 0


def test_conflict_minimum_without_candidates_gets_a_note() -> None:
    scenario = region([officer("o1", A1)], [coop("k1", C1, min_officers=1)])
    [item] = find_conflict(scenario, time_limit=5)
    assert (item.rule, item.subject) == ("cooperative_capacity", "k1/min")
    assert "no eligible officer is within its reach" in item.text_en
    assert "aturan lokalitas" in item.text_id


def test_conflict_lock_out_of_reach() -> None:
    scenario = region(
        [officer("o1", A1)], [coop("k1", C1)], locks=[{"officer": "o1", "cooperative": "k1"}]
    )
    [item] = find_conflict(scenario, time_limit=5)
    assert (item.rule, item.subject) == ("locks", "o1->k1")
    assert "locality" in item.text_en
    # the rest of the explanation still works (built without the lock)
    assert explain(scenario).shortages[0].officers_in_reach == 0


# --- languages, tables, assignments, breakdown -----------------------------------------------


def test_both_languages_give_different_nonempty_sentences() -> None:
    scenario = region(
        [officer("o1", A1), officer("o2", B1)],
        [coop("k1", A1), coop("k2", B1), coop("k3", C1)],
        agencies=CAP_ONE,
    )
    plan = solve(scenario, time_limit=5, workers=1)
    english = explain(scenario, plan, lang="en")
    indonesian = explain(scenario, plan, lang="id")
    en = [s.text for s in english.sentences]
    id_ = [s.text for s in indonesian.sentences]
    assert en
    assert id_
    assert len(en) == len(id_)
    assert all(s.strip() for s in en + id_)
    assert all(a != b for a, b in zip(en, id_, strict=True))
    assert english.text() != indonesian.text()
    assert english.in_lang("id").text() == indonesian.text()
    for reason in english.vacancies:
        assert reason.text_en.startswith(("Cooperative", "Koperasi"))
        assert "kosong karena" in reason.text_id
    with pytest.raises(ValueError, match="lang"):
        explain(scenario, lang="fr")  # type: ignore[arg-type]


def test_assignments_and_breakdown() -> None:
    # o1 (PPPK in A) -> k1 in A1: village tier 3 + PPPK bonus 1, 0 km, priority 3.
    scenario = region([officer("o1", A1)], [coop("k1", A1), coop("k2", B1)])
    plan, explanation = solved_explanation(scenario)
    [a] = explanation.assignments
    assert (a.officer_id, a.cooperative_id, a.tier.value) == ("o1", "k1", "village")
    assert a.preferences == ["same_village", "pppk_same_kecamatan"]
    assert (a.coverage, a.locality_score, a.pppk_bonus, a.locality, a.travel) == (3, 3, 1, 4, 0)
    assert "PPPK" in a.text_en
    assert "PPPK" in a.text_id
    values = {t.name: t.value for t in explanation.tiers}
    assert values == {t.name: t.value for t in plan.tiers}
    rows = {k.kecamatan_name: (k.filled, k.demanded, k.fairness) for k in explanation.breakdown}
    assert rows == {"Alpha": (1, 1, 1000), "Beta": (0, 1, 0)}


def test_tables_to_frame() -> None:
    pytest.importorskip("pandas")
    scenario = region([officer("o1", A1)], [coop("k1", A1), coop("k2", C1)])
    _, explanation = solved_explanation(scenario)
    frame = explanation.shortages.to_frame()
    assert list(frame["kecamatan_name"]) == ["Alpha", "Alpha", "Gamma", "Gamma"]
    assert list(frame["status"]) == ["coverable", "coverable", "uncoverable", "uncoverable"]
    assert len(explanation.vacancies.to_frame()) == 1
    assert len(explanation.conflict.to_frame()) == 0


def test_shortages_before_solving() -> None:
    # Alpha wants 2 manajer (k1, k2) and 1 keuangan; only o1 is in reach: 1 fillable.
    scenario = region(
        [officer("o1", A1)],
        [coop("k1", A1, manajer=1, keuangan=1), coop("k2", A2), coop("k3", C1)],
    )
    explanation = explain(scenario)
    rows = {(s.kecamatan_name, s.role): s for s in explanation.shortages}
    total = rows[("Alpha", None)]
    assert (total.slots, total.officers_in_reach, total.max_fillable, total.status) == (
        3,
        1,
        1,
        "short",
    )
    assert total.coverage_bound == 3
    assert rows[("Alpha", "manajer")].max_fillable == 1
    assert rows[("Gamma", None)].status == "uncoverable"
    assert explanation.vacancies.rows == []
    assert explanation.status is None


def test_cli_prints_shortages_then_reasons(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    scenario = region([officer("o1", A1)], [coop("k1", A1), coop("k2", C1)])
    plan = solve(scenario, time_limit=5, workers=1)
    write_scenario(scenario, tmp_path / "region.json")
    write_plan(plan, None, tmp_path / "plan.json")
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(
        [str(tmp_path / "region.json"), str(tmp_path / "plan.json"), "--lang", "id"]
    )
    assert explain_command(args) == 0
    out = capsys.readouterr().out
    assert out.index("Ketersediaan") < out.index("Alasan posisi kosong")
    assert "Gamma" in out
    assert 'peran "manajer" kosong' in out


# --- presets and properties ------------------------------------------------------------------


@pytest.mark.slow
def test_kutai_timur_with_scarcity_every_vacancy_has_a_reason() -> None:
    from koperasi_alloc.synth import generate

    scenario = generate("kutai-timur", seed=0, scarcity=0.3)
    plan = solve(scenario, time_limit=5, workers=1)
    assert plan.vacancies
    explanation = explain(scenario, plan)
    assert len(explanation.vacancies) == len(plan.vacancies)
    for vacancy, reason in zip(plan.vacancies, explanation.vacancies, strict=True):
        assert (reason.cooperative_id, reason.role, reason.count) == (
            vacancy.cooperative_id,
            vacancy.role,
            vacancy.count,
        )
        assert reason.code
        assert reason.text_en
        assert reason.text_id
    _assert_bounds_hold(explanation)


def _assert_bounds_hold(explanation: Explanation) -> None:
    filled: Counter[tuple[str, str | None]] = Counter()
    coverage: Counter[str] = Counter()
    for a in explanation.assignments:
        filled[(a.kecamatan, None)] += 1
        filled[(a.kecamatan, a.role)] += 1
        coverage[a.kecamatan] += a.coverage
    bounds = {(s.kecamatan, s.role): s for s in explanation.shortages}
    for key, count in filled.items():
        assert count <= bounds[key].max_fillable, key
    for kecamatan, value in coverage.items():
        assert value <= bounds[(kecamatan, None)].coverage_bound, kecamatan


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(planted_regions(max_officers=8, max_villages=4))
def test_shortage_bound_never_below_solver(case: PlantedRegion) -> None:
    plan = solve(case.scenario, time_limit=2, workers=1)
    assert plan.status in (Status.OPTIMAL, Status.FEASIBLE)
    explanation = explain(case.scenario, plan)
    _assert_bounds_hold(explanation)
    # the planted plan is feasible too: the bound holds for it as well
    planted: Counter[str] = Counter(
        case.scenario.village_by_code[
            case.scenario.cooperative_by_id[a.cooperative_id].village
        ].district
        for a in case.planted
    )
    bounds = {s.kecamatan: s.max_fillable for s in explanation.shortages if s.role is None}
    for kecamatan, count in planted.items():
        assert count <= bounds[kecamatan]
    assert len(explanation.vacancies) == len(plan.vacancies)


# --- grouped vacancy text ----------------------------------------------------------------------


def test_vacancy_text_is_one_line_per_cooperative_with_a_summary_per_reason() -> None:
    # Alpha: three cooperatives without legal-entity status, two roles each (6 slots);
    # Beta: one such cooperative (no summary for a reason only one cooperative has).
    scenario = region(
        [officer("o1", A1)],
        [
            coop("k1", A1, legal_entity=False, manajer=1, keuangan=1),
            coop("k2", A2, legal_entity=False, manajer=1, keuangan=1),
            coop("k3", A2, legal_entity=False, manajer=1, keuangan=1),
            coop("k4", B1, legal_entity=False, manajer=1),
        ],
    )
    plan, explanation = solved_explanation(scenario, lang="id")
    assert plan.filled == 0
    assert len(explanation.vacancies) == 7  # the per-slot records are kept
    reason_id = (
        "koperasi ini belum berbadan hukum, dan kebijakan hanya menempatkan pegawai di "
        "koperasi yang sudah berbadan hukum."
    )
    assert explanation.text(["vacancy"]).splitlines() == [
        "Alasan posisi kosong",
        "  Alpha",
        "    - 3 koperasi belum berbadan hukum: 6 posisi.",
        f'    - Koperasi k1: peran "manajer" dan "keuangan" kosong karena {reason_id}',
        f'    - Koperasi k2: peran "manajer" dan "keuangan" kosong karena {reason_id}',
        f'    - Koperasi k3: peran "manajer" dan "keuangan" kosong karena {reason_id}',
        "  Beta",
        f'    - Koperasi k4: peran "manajer" kosong karena {reason_id}',
    ]
    # under the kecamatan's heading, no line names the kecamatan again
    assert not any("Alpha" in line for line in explanation.text(["vacancy"]).splitlines()[2:])
    english = explanation.in_lang("en").text(["vacancy"]).splitlines()
    assert english[2] == "    - 3 cooperatives have no legal-entity status yet: 6 slots."
    assert english[3].startswith(
        '    - Cooperative k1: roles "manajer" and "keuangan" empty because it has'
    )


def test_vacancy_line_names_each_reason_of_a_cooperative_once() -> None:
    # k1 wants 2 manajer and 1 keuangan; o1 (the only officer) has only the keuangan skill and
    # fills it; nobody has the manajer skill: one line naming "2 manajer" and its reason.
    scenario = region(
        [officer("o1", A1, skills=["keuangan"])],
        [coop("k1", A1, manajer=2, keuangan=1)],
    )
    _, explanation = solved_explanation(scenario)
    lines = explanation.text(["vacancy"]).splitlines()
    assert lines[:2] == ["Why slots are empty", "  Alpha"]
    assert len(lines) == 3
    assert lines[2].startswith('    - Cooperative k1: role "manajer" (2) empty because no officer')
