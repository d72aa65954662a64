"""propose_hires (issue 19): the fewest hypothetical hires, checked against brute force.

The brute force here builds its own hires (one officer per chosen kecamatan and role, placed
as the module documents: work district the kecamatan, work place its seat, domicile the
village nearest the seat, PPPK paruh waktu, the role's lowest admitted education) and asks
the library's ``solve`` for the best coverage of every placement, smallest first. It shares
no code with the pool, the designated slots or the lexicographic stages it tests.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koperasi_alloc import check, propose_hires, solve
from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.check.objective import recompute_tiers
from koperasi_alloc.plan import Status
from koperasi_alloc.planning import HireProposal
from koperasi_alloc.planning.replan import plan_from_rows
from koperasi_alloc.scenario import Scenario
from tests import tiny

SEATS = {tiny.A: tiny.A1, tiny.B: tiny.B1, tiny.C: tiny.C1}  # seat = first village here
ROLES = ("manajer", "keuangan")


def _with_hires(scenario: Scenario, placement: tuple[tuple[str, str], ...]) -> Scenario:
    """``scenario`` plus one hire per (kecamatan, role) entry, built by hand."""
    data = scenario.model_dump()
    seats = {d.code: d for d in scenario.districts}
    agencies = sorted({k for k, _ in placement})
    for n, (kecamatan, role) in enumerate(placement):
        seat = seats[kecamatan]
        data["officers"].append(
            {
                "id": f"bf-{n}",
                "employment": "PPPK_PARUH_WAKTU",
                "agency": f"bf-{kecamatan}",
                "domicile": SEATS[kecamatan],
                "work_district": kecamatan,
                "lat": seat.lat,
                "lon": seat.lon,
                "education": "D3",
                "skills": [role],
            }
        )
    data["agencies"] += [{"code": f"bf-{k}", "name": k, "headcount": 10} for k in agencies]
    return Scenario.model_validate(data)


def _coverage(scenario: Scenario) -> int:
    plan = solve(scenario, time_limit=5, workers=1)
    assert plan.status == Status.OPTIMAL
    assert check(scenario, plan) == []
    tier = plan.tier("coverage")
    assert tier is not None
    return tier.value


def brute_force(scenario: Scenario, max_hires: int | None = None) -> tuple[int, int]:
    """(best coverage, fewest hires reaching it), over every placement of hires."""
    types = list(itertools.product(SEATS, ROLES))
    slots = sum(sum(c.demand.values()) for c in scenario.cooperatives)
    limit = slots if max_hires is None else min(slots, max_hires)
    # a hire of every type for every slot reaches the most coverage there is (without a
    # limit); with one, the best placement of exactly ``limit`` hires does
    if max_hires is None:
        top = _coverage(_with_hires(scenario, tuple(t for t in types for _ in range(limit))))
    else:
        top = max(
            _coverage(_with_hires(scenario, placement))
            for placement in itertools.combinations_with_replacement(types, limit)
        )
    for size in range(limit + 1):
        for placement in itertools.combinations_with_replacement(types, size):
            if _coverage(_with_hires(scenario, placement)) == top:
                return top, size
    raise AssertionError("unreachable: the largest placement reaches the top")


def _clean(proposal: HireProposal) -> None:
    """The invariants every proposal keeps."""
    assert check(proposal.scenario, proposal.plan) == []
    hires = [o for o in proposal.scenario.officers if o.id.startswith("HIRE-")]
    assert len(hires) == proposal.hires == sum(r.hires for r in proposal.rows)
    assert all(o.attributes.get("hypothetical") is True for o in hires)
    assert all("hipotetis" in (o.name or "") for o in hires)
    assert proposal.hires_bound <= proposal.hires
    if proposal.status == Status.OPTIMAL:
        assert proposal.hires_bound == proposal.hires
        assert proposal.proven_at is not None
        assert 0 <= proposal.proven_at <= proposal.wall_time
    else:
        assert proposal.proven_at is None
    assert sum(t.hires for t in proposal.kabupaten) == proposal.hires
    used = {a.officer_id for a in proposal.plan.assignments}
    assert {o.id for o in hires} <= used  # no idle hire is proposed


REGIONS: dict[str, Any] = {
    # o1 can take k1 or k2 (adjacent kecamatan); k3 is out of everyone's reach but a hire's
    "one_officer_three_kecamatan": lambda: tiny.region(
        [tiny.officer("o1", tiny.A1)],
        [
            tiny.coop("k1", tiny.A1, manajer=1, keuangan=1),
            tiny.coop("k2", tiny.B1),
            tiny.coop("k3", tiny.C1),
        ],
    ),
    # the before plan may put o1 where a hire would have to follow; rearranging saves one
    "rearrange": lambda: tiny.region(
        [
            tiny.officer("o1", tiny.A1, max_cooperatives=2),
            tiny.officer("o2", tiny.B1, skills=["keuangan"]),
        ],
        [
            tiny.coop("k1", tiny.A1, manajer=1, keuangan=1),
            tiny.coop("k2", tiny.B1, manajer=1, keuangan=1),
        ],
        policy={"allowed_tiers": ["village", "kecamatan", "adjacent"]},
    ),
    # an agency cap idles an officer: the hire must come instead
    "agency_cap": lambda: tiny.region(
        [tiny.officer("o1", tiny.A1), tiny.officer("o2", tiny.A2)],
        [tiny.coop("k1", tiny.A1), tiny.coop("k2", tiny.A2, keuangan=1)],
        agencies=[{"code": "DINAS", "name": "Dinas", "headcount": 10, "max_release": 1}],
    ),
    # village-only policy: a hire reaches just the village nearest its kecamatan seat
    "village_only": lambda: tiny.region(
        [tiny.officer("o1", tiny.A2)],
        [tiny.coop("k1", tiny.A1, keuangan=1), tiny.coop("k2", tiny.A2), tiny.coop("k3", tiny.B1)],
        policy={"allowed_tiers": ["village"]},
    ),
}


@pytest.mark.parametrize("name", sorted(REGIONS))
def test_equals_brute_force(name: str) -> None:
    scenario = REGIONS[name]()
    proposal = propose_hires(scenario, time_limit=10, workers=1)
    _clean(proposal)
    coverage, fewest = brute_force(scenario)
    assert proposal.status == Status.OPTIMAL
    assert proposal.coverage == coverage
    assert proposal.hires == fewest


def test_worked_example() -> None:
    # o1 fills one of k1's two slots or k2 (B, adjacent); k3 (C) is nobody's: 4 slots,
    # o1 fills one, so three hires, one per kecamatan that still has an empty slot.
    proposal = propose_hires(REGIONS["one_officer_three_kecamatan"](), time_limit=10)
    assert (proposal.filled_before, proposal.filled_after, proposal.hires) == (1, 4, 3)
    assert {r.kecamatan for r in proposal.rows} == {tiny.A, tiny.B, tiny.C}
    assert all(r.min_education.value == "D3" for r in proposal.rows)


def test_no_vacancies_proposes_none() -> None:
    scenario = tiny.region(
        [tiny.officer("o1", tiny.A1), tiny.officer("o2", tiny.B1)],
        [tiny.coop("k1", tiny.A1), tiny.coop("k2", tiny.B1, keuangan=1)],
    )
    proposal = propose_hires(scenario, time_limit=5)
    _clean(proposal)
    assert proposal.hires == 0
    assert len(proposal.rows) == 0
    assert proposal.status == Status.OPTIMAL
    assert proposal.filled_after == proposal.total_slots == 2
    assert [o.id for o in proposal.scenario.officers] == ["o1", "o2"]


def test_unreachable_slot_proposes_none() -> None:
    # a cooperative without legal-entity status can receive nobody, hired or not
    scenario = tiny.region([], [tiny.coop("k1", tiny.A1, legal_entity=False)])
    proposal = propose_hires(scenario, time_limit=5)
    _clean(proposal)
    assert proposal.hires == 0


def _replaceable(proposal: HireProposal) -> list[tuple[str, str]]:
    """(hire, existing officer) pairs where the officer could take the hire's slot."""
    scenario = proposal.scenario
    candidates = build_candidates(scenario)
    rows = candidates.rows_of(proposal.plan.assignments)
    assert len(rows) == len(proposal.plan.assignments)
    officers = scenario.officers
    found = []
    for row in rows.tolist():
        hire = officers[int(candidates.officer[row])]
        if not hire.id.startswith("HIRE-"):
            continue
        same_slot = np.flatnonzero(
            (candidates.cooperative == candidates.cooperative[row])
            & (candidates.role == candidates.role[row])
        )
        for other in same_slot.tolist():
            officer = officers[int(candidates.officer[other])]
            if officer.id.startswith("HIRE-") or other in rows:
                continue
            swapped = np.sort(np.append(rows[rows != row], other))
            if check(scenario, plan_from_rows(candidates, swapped)) == []:
                found.append((hire.id, officer.id))
    return found


@pytest.mark.parametrize("name", sorted(REGIONS))
def test_hires_never_replace_a_free_existing_officer(name: str) -> None:
    proposal = propose_hires(REGIONS[name](), time_limit=10)
    assert proposal.status == Status.OPTIMAL
    assert _replaceable(proposal) == []


def test_existing_officer_is_used_before_a_hire() -> None:
    # o1 (kecamatan A) could serve k1; so could a hire: none is proposed
    scenario = tiny.region([tiny.officer("o1", tiny.A2)], [tiny.coop("k1", tiny.A1)])
    proposal = propose_hires(scenario, time_limit=5)
    assert proposal.hires == 0
    assert [a.officer_id for a in proposal.plan.assignments] == ["o1"]


def test_synthetic_region_no_replaceable_hire() -> None:
    scenario = tiny_synthetic()
    proposal = propose_hires(scenario, time_limit=20)
    _clean(proposal)
    assert proposal.hires > 0
    if proposal.status == Status.OPTIMAL:
        assert _replaceable(proposal) == []


def tiny_synthetic() -> Scenario:
    from koperasi_alloc.synth import generate

    full = generate("kutai-timur", seed=3, n_officers=60)
    keep = {d.code for d in full.districts[:4]}
    return full.model_validate(
        {
            **full.model_dump(),
            "cooperatives": [
                c.model_dump()
                for c in full.cooperatives
                if full.village_by_code[c.village].district in keep
            ],
        }
    )


def test_max_hires_binding_gives_most_coverage() -> None:
    scenario = tiny.region(
        [],
        [tiny.coop("k1", tiny.A1), tiny.coop("k2", tiny.B1), tiny.coop("k3", tiny.C1)],
        village_status={tiny.B1: "sangat_tertinggal", tiny.A1: "maju", tiny.C1: "mandiri"},
    )
    for limit in (0, 1, 2):
        proposal = propose_hires(scenario, max_hires=limit, time_limit=5)
        _clean(proposal)
        coverage, fewest = brute_force(scenario, max_hires=limit)
        assert proposal.hires == fewest == limit
        assert proposal.coverage == coverage
    one = propose_hires(scenario, max_hires=1, time_limit=5)
    assert [a.cooperative_id for a in one.plan.assignments] == ["k2"]  # priority 5 of 5, 2, 1


def test_per_kecamatan_cap_spreads_hires() -> None:
    # two slots in A; hires from A reach them (kecamatan), hires from B too (adjacent)
    scenario = tiny.region([], [tiny.coop("k1", tiny.A1, manajer=1, keuangan=1)])
    free = propose_hires(scenario, time_limit=5)
    assert free.hires == 2
    assert {r.kecamatan for r in free.rows} == {tiny.A}
    capped = propose_hires(scenario, per_kecamatan_cap=1, time_limit=5)
    _clean(capped)
    assert capped.hires == 2
    assert sorted(r.kecamatan for r in capped.rows) == [tiny.A, tiny.B]
    assert all(a.release_cap == 1 for a in capped.scenario.agencies if a.code.startswith("HIRE-"))


def test_given_plan_is_kept() -> None:
    scenario = REGIONS["rearrange"]()
    before = solve(scenario, time_limit=5)
    proposal = propose_hires(scenario, before, time_limit=5)
    _clean(proposal)
    kept = {(a.officer_id, a.cooperative_id, a.role) for a in before.assignments}
    after = {(a.officer_id, a.cooperative_id, a.role) for a in proposal.plan.assignments}
    assert kept <= after
    assert proposal.kept_plan
    assert proposal.before == before


def test_bad_arguments_name_themselves() -> None:
    scenario = REGIONS["one_officer_three_kecamatan"]()
    with pytest.raises(ValueError, match="max_hires"):
        propose_hires(scenario, max_hires=-1)
    with pytest.raises(ValueError, match="per_kecamatan_cap"):
        propose_hires(scenario, per_kecamatan_cap=-2)
    with pytest.raises(ValueError, match="time_limit"):
        propose_hires(scenario, time_limit=0)
    reserved = tiny.region([tiny.officer("HIRE-1", tiny.A1)], [tiny.coop("k1", tiny.A1)])
    with pytest.raises(ValueError, match="HIRE-1"):
        propose_hires(reserved)
    no_parttime = scenario.with_policy(allowed_employment=["PNS", "PPPK"])
    with pytest.raises(ValueError, match="employment"):
        propose_hires(no_parttime)
    bad = solve(scenario, time_limit=5).model_copy(update={"objective": -1.0})
    with pytest.raises(ValueError, match="plan"):
        propose_hires(scenario, bad)


def test_text_and_frames_mark_hires_hypothetical() -> None:
    proposal = propose_hires(REGIONS["one_officer_three_kecamatan"](), time_limit=5)
    indonesian, english = proposal.text("id"), proposal.text("en")
    for needle in ("HIPOTETIS", "Kec. Gamma", "3 pegawai baru"):
        assert needle in indonesian
    for needle in ("HYPOTHETICAL", "Kec. Gamma", "3 proposed new officers"):
        assert needle in english
    frame = proposal.to_frame()
    assert list(frame["hires"]) == [r.hires for r in proposal.rows]
    assert frame["hypothetical"].all()
    assert int(proposal.to_frame("kabupaten")["hires"].sum()) == 3
    with pytest.raises(ValueError, match="lang"):
        proposal.text("fr")  # type: ignore[arg-type]
    values = recompute_tiers(proposal.scenario, proposal.plan.assignments)
    assert proposal.coverage == values["coverage"]


kecamatan = st.sampled_from([tiny.A1, tiny.A2, tiny.B1, tiny.C1])


@st.composite
def small_regions(draw: st.DrawFn) -> Scenario:
    """Up to 3 officers and 3 cooperatives (at most 3 slots) on the tiny map."""
    officers = [
        tiny.officer(
            f"o{i}",
            draw(kecamatan),
            skills=draw(st.sampled_from([["manajer"], ["keuangan"], ["manajer", "keuangan"]])),
            max_cooperatives=draw(st.integers(1, 2)),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    coops = []
    slots = 0
    for j in range(draw(st.integers(1, 3))):
        demand = draw(
            st.sampled_from([{"manajer": 1}, {"keuangan": 1}, {"manajer": 1, "keuangan": 1}])
        )
        if slots + sum(demand.values()) > 3:
            break
        slots += sum(demand.values())
        coops.append(tiny.coop(f"k{j}", draw(kecamatan), **demand))
    tiers = draw(
        st.sampled_from(
            [["village", "kecamatan", "adjacent", "radius"], ["village", "kecamatan"], ["village"]]
        )
    )
    return tiny.region(officers, coops, policy={"allowed_tiers": tiers})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_regions())
def test_property_fewest_hires_on_small_regions(scenario: Scenario) -> None:
    proposal = propose_hires(scenario, time_limit=10, workers=1)
    _clean(proposal)
    assert proposal.status == Status.OPTIMAL
    coverage, fewest = brute_force(scenario)
    assert (proposal.coverage, proposal.hires) == (coverage, fewest)
    assert _replaceable(proposal) == []


def test_excel_sheet_marks_hires_hypothetical(tmp_path: Any) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from koperasi_alloc.io.hires_xlsx import SHEET_NAMES, add_hires_sheet, write_proposal_xlsx

    proposal = propose_hires(REGIONS["one_officer_three_kecamatan"](), time_limit=5)
    path = tmp_path / "usulan.xlsx"
    write_proposal_xlsx(proposal, path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Usulan Tambahan PPPK", "Penugasan dengan usulan"]
    sheet = workbook["Usulan Tambahan PPPK"]
    assert "HIPOTETIS" in sheet["A1"].value
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "jumlah_usulan" in cells
    assert sum(1 for value in cells if value == "ya") == len(proposal.rows)
    assignments = workbook["Penugasan dengan usulan"]
    flags = [row[7].value for row in assignments.iter_rows(min_row=2)]
    assert sorted(flags) == ["tidak"] + ["ya"] * proposal.hires
    english = openpyxl.Workbook()
    add_hires_sheet(english, proposal, lang="en")
    assert SHEET_NAMES["en"] in english.sheetnames


def test_the_plan_workbook_carries_the_proposal_sheet(tmp_path: Any) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from koperasi_alloc.cli import main
    from koperasi_alloc.io.formats import write_scenario

    scenario_path = tmp_path / "region.json"
    write_scenario(REGIONS["one_officer_three_kecamatan"](), scenario_path)
    out = tmp_path / "rencana.xlsx"
    assert main(["propose-hires", str(scenario_path), "--time-limit", "5", "-o", str(out)]) == 0
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames[:3] == ["Penugasan", "Kekosongan", "Ringkasan"]
    assert "Usulan Tambahan PPPK" in workbook.sheetnames
    names = [row[6].value for row in workbook["Penugasan"].iter_rows(min_row=2)]
    assert sum("hipotetis" in str(name) for name in names) == 3


def test_cli_propose_hires(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from koperasi_alloc.cli import main
    from koperasi_alloc.io.formats import write_scenario

    scenario_path = tmp_path / "region.json"
    write_scenario(REGIONS["one_officer_three_kecamatan"](), scenario_path)
    out = tmp_path / "usulan.json"
    status = main(
        ["propose-hires", str(scenario_path), "--time-limit", "5", "--lang", "en", "-o", str(out)]
    )
    printed = capsys.readouterr().out
    assert status == 0
    assert "HYPOTHETICAL" in printed
    assert "check: valid" in printed
    proposal = HireProposal.model_validate_json(out.read_text(encoding="utf-8"))
    assert proposal.hires == 3
    assert check(proposal.scenario, proposal.plan) == []
    assert main(["propose-hires", str(scenario_path), "--max-hires", "-1"]) == 2


def test_hires_count_as_new_placements_under_a_change_limit() -> None:
    # a baseline with a limit of 0 new placements: a hire's assignment is one, so none can
    # be proposed (the greedy start would break the rule; the checker gate drops it)
    base = REGIONS["one_officer_three_kecamatan"]()
    plan = solve(base, time_limit=5)
    limited = base.with_baseline(plan).with_policy(max_baseline_changes=0)
    proposal = propose_hires(limited, time_limit=5)
    _clean(proposal)
    assert proposal.hires == 0
    assert proposal.status == Status.OPTIMAL
    one = propose_hires(base.with_baseline(plan).with_policy(max_baseline_changes=1), time_limit=5)
    _clean(one)
    assert one.hires == 1


def test_benchmark_smoke_run(tmp_path: Any) -> None:
    from benchmarks.hires import main

    assert main(["--smoke", "--out", str(tmp_path), "--quiet"]) == 0
    (report,) = tmp_path.glob("*-hires-smoke.json")
    payload = __import__("json").loads(report.read_text(encoding="utf-8"))
    (record,) = payload["records"]
    assert record["valid"]
    assert record["hires_bound"] <= record["hires"]
    assert len(list(tmp_path.glob("*-hires-smoke.md"))) == 1


def test_infeasible_even_with_hires_says_so() -> None:
    # a cooperative without legal-entity status must receive one officer: nobody may go
    scenario = tiny.region(
        [tiny.officer("o1", tiny.A1)],
        [tiny.coop("k1", tiny.A1, legal_entity=False, min_officers=1)],
    )
    proposal = propose_hires(scenario, time_limit=5)
    assert proposal.status == Status.INFEASIBLE
    assert proposal.hires == 0
    assert proposal.plan.assignments == []
    assert check(proposal.scenario, proposal.plan) == []


def test_a_decomposed_proposal_comes_back_from_worker_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each kabupaten proposed for in its own spawned process: the proposals (and their
    tables) travel back, and nothing is lost on the way (found on province-scarce, where
    every part was lost to a pickling error and the proposal said NO_SOLUTION_IN_TIME)."""
    import multiprocessing
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    from koperasi_alloc.planning import hire_parts
    from koperasi_alloc.synth import generate
    from tests.planted import twin_kabupaten

    twin = twin_kabupaten(generate("kutai-timur", seed=0, n_officers=120))
    monkeypatch.setattr(hire_parts, "TASK_SIZE", 1)  # one task per kabupaten
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=spawn) as pool:
        apart = propose_hires(twin, time_limit=30, workers=1, executor=pool)
    assert apart.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert apart.plan.message is None or "lost" not in apart.plan.message
    assert {k.kabupaten for k in apart.kabupaten} <= {"64.08", "64.09"}
    assert check(apart.scenario, apart.plan) == []
    assert pickle.loads(pickle.dumps(apart)) == apart
