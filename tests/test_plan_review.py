"""A reviewed plan workbook read back (issue 30): each decision kind, a deleted row, an
officer who left, a lock stated twice, the errors a planner can make, and the Perubahan
sheet of a hand-built change.

The tiny map of tests/tiny.py: o1 and o2 live in A1, o3 in A2, o4 in B1; cooperatives k1
(A1), k2 (A2) and k3 (B1) ask for one manajer each; every officer reaches every one of them
(A and B are adjacent), so the solver's plan fills all three.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")

from koperasi_alloc.errors import ScenarioError  # noqa: E402
from koperasi_alloc.io import read_plan, read_scenario, write_plan, write_scenario  # noqa: E402
from koperasi_alloc.io.excel_changes import change_lines, plan_changes  # noqa: E402
from koperasi_alloc.io.excel_review import (  # noqa: E402
    apply_review,
    read_plan_review,
)
from koperasi_alloc.plan import Plan, PlanAssignment, Status  # noqa: E402
from koperasi_alloc.scenario import Assignment, Forbid, LocalityTier, Lock, Scenario  # noqa: E402
from koperasi_alloc.scenario.edits import without_officers  # noqa: E402
from koperasi_alloc.solver import solve  # noqa: E402
from tests import tiny  # noqa: E402


def region(**extra: Any) -> Scenario:
    return tiny.region(
        [
            tiny.officer("o1", tiny.A1),
            tiny.officer("o2", tiny.A1),
            tiny.officer("o3", tiny.A2),
            tiny.officer("o4", tiny.B1),
        ],
        [tiny.coop("k1", tiny.A1), tiny.coop("k2", tiny.A2), tiny.coop("k3", tiny.B1)],
        **extra,
    )


@pytest.fixture
def reviewed(tmp_path: Path) -> tuple[Scenario, Plan, Path]:
    scenario = region()
    plan = solve(scenario, time_limit=5, workers=1)
    assert plan.filled == 3
    path = tmp_path / "rencana.xlsx"
    write_plan(plan, scenario, path)
    return scenario, plan, path


def rows_by_cooperative(path: Path) -> tuple[Any, Any, dict[str, int], dict[str, int]]:
    wb = openpyxl.load_workbook(path)
    ws = wb["Penugasan"]
    head = {c.value: i + 1 for i, c in enumerate(ws[1])}
    rows = {ws.cell(r, head["koperasi"]).value: r for r in range(2, ws.max_row + 1)}
    return wb, ws, head, rows


def officer_at(ws: Any, head: dict[str, int], row: int) -> str:
    return str(ws.cell(row, head["NIP"]).value)


def test_each_decision_kind(reviewed: tuple[Scenario, Plan, Path]) -> None:
    scenario, _plan, path = reviewed
    wb, ws, head, rows = rows_by_cooperative(path)
    locked, rejected = officer_at(ws, head, rows["k1"]), officer_at(ws, head, rows["k2"])
    deleted = officer_at(ws, head, rows["k3"])
    ws.cell(rows["k1"], head["keputusan"]).value = "kunci"
    ws.cell(rows["k2"], head["keputusan"]).value = "tolak"
    ws.delete_rows(rows["k3"])
    ws.append(["", "", "", "k3", "", locked, "", "", "", "", "", "", "manajer"] + [""] * 5
              + ["Setuju"])  # fmt: skip
    wb.save(path)
    review = read_plan_review(path, scenario)
    assert review.locks == [Lock(officer=locked, cooperative="k1", role="manajer")]
    assert set(review.forbids) == {
        Forbid(officer=rejected, cooperative="k2"),  # tolak
        Forbid(officer=deleted, cooperative="k3"),  # the deleted row: released
    }
    assert review.baseline == [  # every row not rejected: the plan in force
        Assignment(officer_id=locked, cooperative_id="k1", role="manajer"),  # kunci
        Assignment(officer_id=locked, cooperative_id="k3", role="manajer"),  # setuju
    ]
    assert review.released == [Assignment(officer_id=deleted, cooperative_id="k3", role="manajer")]
    assert review.gone == []
    notes = [note.message for note in review.notes]
    assert any("1 baris dihapus dari sheet: dilepas" in n and deleted in n for n in notes)
    # the workbook's own word for a decision needs no note; another spelling gets one
    assert not any("'kunci'" in n for n in notes)
    assert sum("dibaca sebagai setuju" in n for n in notes) == 0  # Setuju: its own word
    # the plan the workbook now holds: every row but the rejected one, edited
    held = read_plan(path, scenario)
    assert {(a.officer_id, a.cooperative_id) for a in held.assignments} == {
        (locked, "k1"),
        (locked, "k3"),
    }
    assert held.status is Status.FEASIBLE
    assert "diubah" not in (held.message or "")  # stored in English, shown translated
    # the scenario with the review: the lock, and both pairs forbidden
    edited = apply_review(scenario, review)
    assert edited.locks == review.locks
    assert set(edited.forbids) == set(review.forbids)


def test_the_unchanged_workbook_is_the_plan_as_written(
    reviewed: tuple[Scenario, Plan, Path],
) -> None:
    scenario, plan, path = reviewed
    held = read_plan(path, scenario)
    assert held.assignments == plan.assignments
    assert (held.status, held.tiers, held.audit) == (plan.status, plan.tiers, plan.audit)
    review = read_plan_review(path, scenario)
    assert (review.locks, review.forbids, review.released) == ([], [], [])
    # no decision yet: free, yet every row is the plan in force the re-plan keeps
    assert {(a.officer_id, a.cooperative_id) for a in review.baseline} == {
        (a.officer_id, a.cooperative_id) for a in plan.assignments
    }


def test_an_officer_gone_is_one_note_naming_them(reviewed: tuple[Scenario, Plan, Path]) -> None:
    scenario, _plan, path = reviewed
    wb, ws, head, rows = rows_by_cooperative(path)
    gone = officer_at(ws, head, rows["k2"])
    ws.cell(rows["k2"], head["keputusan"]).value = "setuju"
    wb.save(path)
    after = without_officers(scenario, [gone])
    review = read_plan_review(path, after)
    assert review.gone == [gone]
    assert all(r.officer != gone for r in review.rows)
    assert review.forbids == []  # a departed officer is not "released": nothing to forbid
    notes = [n.message for n in review.notes if gone in n.message]
    assert notes == [f"1 pegawai dalam rencana sudah tidak ada di skenario dan dilewati: {gone}"]
    english = read_plan_review(path, after, lang="en").notes
    assert any("no longer in the scenario" in n.message for n in english)


def test_a_lock_stated_twice_is_one_lock(reviewed: tuple[Scenario, Plan, Path]) -> None:
    scenario, _plan, path = reviewed
    wb, ws, head, rows = rows_by_cooperative(path)
    officer = officer_at(ws, head, rows["k1"])
    ws.cell(rows["k1"], head["keputusan"]).value = "lock"
    ws.append([ws.cell(rows["k1"], c).value for c in range(1, ws.max_column + 1)])
    wb.save(path)
    # the scenario's own Kunci sheet holds the same lock
    locked = Scenario.model_validate(
        {**scenario.model_dump(), "locks": [{"officer": officer, "cooperative": "k1"}]}
    )
    review = read_plan_review(path, locked)
    assert review.locks == [Lock(officer=officer, cooperative="k1", role="manajer")]
    notes = [n.message for n in review.notes]
    assert any("dihitung satu kali" in n for n in notes)  # the row given twice
    assert any("'lock' dibaca sebagai kunci" in n for n in notes)
    merged: list[Any] = []
    edited = apply_review(locked, review, notes=merged)
    assert len(edited.locks) == 1
    assert [n.message for n in merged] == [
        f"pegawai {officer} sudah dikunci ke koperasi k1: dihitung satu kunci"
    ]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_mistakes_name_sheet_row_and_column(
    reviewed: tuple[Scenario, Plan, Path], lang: str
) -> None:
    scenario, _plan, path = reviewed
    wb, ws, head, rows = rows_by_cooperative(path)
    ws.cell(rows["k1"], head["keputusan"]).value = "mungkin"
    ws.cell(rows["k2"], head["koperasi"]).value = "KDMP-XXX"
    ws.cell(rows["k3"], head["NIP"]).value = "000000000000000000"  # never in the plan: a typo
    wb.save(path)
    with pytest.raises(ScenarioError) as caught:
        read_plan_review(path, scenario, lang=lang)  # type: ignore[arg-type]
    found = {(p.record, p.field): p.message for p in caught.value.problems}
    word = "baris" if lang == "id" else "row"
    assert set(found) == {
        (f"Penugasan {word} {rows['k1']}", "keputusan"),
        (f"Penugasan {word} {rows['k2']}", "koperasi"),
        (f"Penugasan {word} {rows['k3']}", "NIP"),
    }
    decision = found[(f"Penugasan {word} {rows['k1']}", "keputusan")]
    if lang == "id":
        assert decision == "harus setuju, tolak, kunci (atau kosong), bukan 'mungkin'"
        assert str(caught.value).splitlines()[0].endswith("skenario memiliki 3 masalah:")
    else:
        assert decision == "must be approve, reject, lock (or empty), not 'mungkin'"


def test_a_pair_locked_and_rejected_is_refused(reviewed: tuple[Scenario, Plan, Path]) -> None:
    scenario, _plan, path = reviewed
    wb, ws, head, rows = rows_by_cooperative(path)
    ws.cell(rows["k1"], head["keputusan"]).value = "kunci"
    copy = [ws.cell(rows["k1"], c).value for c in range(1, ws.max_column + 1)]
    copy[head["peran"] - 1] = "keuangan"
    copy[head["keputusan"] - 1] = "tolak"
    ws.append(copy)
    wb.save(path)
    with pytest.raises(ScenarioError, match="dikunci di satu baris dan ditolak"):
        read_plan_review(path, scenario)


def test_a_nip_typed_with_spaces_is_read_as_its_digits(tmp_path: Path) -> None:
    nip = "196802082007041492"
    scenario = tiny.region(
        [tiny.officer(nip, tiny.A1)],
        [tiny.coop("k1", tiny.A1)],
        locks=[{"officer": nip, "cooperative": "k1"}],
    )
    path = tmp_path / "wilayah.xlsx"
    write_scenario(scenario, path)
    wb = openpyxl.load_workbook(path)
    wb["Pegawai"]["A3"].value = "19680208 200704 1 492"  # as a planner types it
    wb["Kunci"]["B3"].value = "19680208.200704.1.492"
    wb.save(path)
    notes: list[Any] = []
    read = read_scenario(path, notes=notes)
    assert read.officers[0].id == nip
    assert read.locks[0].officer == nip
    assert [n.message for n in notes] == [
        f"NIP '19680208 200704 1 492' dibaca sebagai {nip} (spasi, titik dan tanda hubung dibuang)",
        f"NIP '19680208.200704.1.492' dibaca sebagai {nip} (spasi, titik dan tanda hubung dibuang)",
    ]
    wb["Pegawai"]["A3"].value = "1968-0208"  # a PPPK id that is not 18 digits: a warning
    wb["Kunci"]["B3"].value = "1968-0208"
    wb.save(path)
    notes = []
    read_scenario(path, notes=notes)
    assert [n.message for n in notes] == [
        "peringatan: NIP/NI PPPK '1968-0208' tidak terdiri dari 18 digit; periksa kembali"
    ]


def _placed(officer: str, cooperative: str, role: str = "manajer") -> PlanAssignment:
    return PlanAssignment(
        officer_id=officer,
        cooperative_id=cooperative,
        role=role,
        tier=LocalityTier.KECAMATAN,
        distance_km=1.0,
        travel_minutes=2,
    )


def test_the_changes_sheet_on_a_hand_built_change(tmp_path: Path) -> None:
    # before: o1 at k1, o2 at k2, o3 at k3; after: o1 stays, o2 moves to k3 as keuangan,
    # o4 comes to k2, o3 leaves the scenario (mutasi)
    scenario = tiny.region(
        [tiny.officer("o1", tiny.A1), tiny.officer("o2", tiny.A1), tiny.officer("o4", tiny.B1)],
        [
            tiny.coop("k1", tiny.A1),
            tiny.coop("k2", tiny.A2),
            tiny.coop("k3", tiny.B1, manajer=1, keuangan=1),
        ],
    )
    before = [_placed("o1", "k1"), _placed("o2", "k2"), _placed("o3", "k3")]
    after = Plan(
        status=Status.FEASIBLE,
        assignments=[_placed("o1", "k1"), _placed("o2", "k3", "keuangan"), _placed("o4", "k2")],
    )
    rows = plan_changes(before, after, scenario)
    found = [(r.kind, r.officer_id, r.from_cooperative, r.to_cooperative, r.reason) for r in rows]
    assert found == [
        ("moved", "o2", "k2", "k3", "improvement"),
        ("added", "o4", None, "k2", "fills_vacancy"),
        ("removed", "o3", "k3", None, "officer_removed"),
        ("kept", "o1", "k1", "k1", "unchanged"),
    ]
    path = tmp_path / "rencana-2.xlsx"
    write_plan(after, scenario, path, changes=rows)
    sheet = openpyxl.load_workbook(path)["Perubahan"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == [
        "perubahan", "NIP", "nama", "koperasi_lama", "nama_koperasi_lama", "peran_lama",
        "koperasi_baru", "nama_koperasi_baru", "peran_baru", "alasan",
    ]  # fmt: skip
    assert [(v[0], v[1], v[9]) for v in values[1:]] == [
        ("pindah", "o2", "rencana yang lebih baik (lebih banyak posisi terisi, atau lebih dekat)"),
        ("baru", "o4", "mengisi posisi yang kosong atau ditinggalkan"),
        ("dilepas", "o3", "pegawai sudah tidak ada di skenario"),
        ("tetap", "o1", "tidak berubah"),
    ]
    lines = change_lines(rows, scenario, "id")
    assert lines[0] == "perubahan: 1 tetap, 1 pindah, 1 baru, 1 dilepas"
    assert lines[1] == "  pindah: o2 dari k2 (manajer) ke k3 (keuangan): rencana yang lebih baik " \
        "(lebih banyak posisi terisi, atau lebih dekat)"  # fmt: skip
    assert len(lines) == 4  # the assignment kept is counted, not listed
