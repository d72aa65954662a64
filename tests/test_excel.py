"""Excel workbooks: template, lossless scenario round trips, errors by sheet/row/column, plans."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

openpyxl = pytest.importorskip("openpyxl")

from koperasi_alloc.errors import ScenarioError  # noqa: E402
from koperasi_alloc.io import read_plan_locks, read_scenario, write_plan, write_scenario  # noqa: E402
from koperasi_alloc.io.excel import (  # noqa: E402
    escape_text,
    read_plan_locks_xlsx,
    read_scenario_xlsx,
    unescape_text,
    write_plan_xlsx,
    write_scenario_xlsx,
    write_template,
)
from koperasi_alloc.plan import Plan  # noqa: E402
from koperasi_alloc.scenario import Policy, Scenario, parse_scenario  # noqa: E402
from tests.strategies import scenarios, tiny_scenario_data  # noqa: E402

DATA_SHEETS = ["Kecamatan", "Desa", "Koperasi", "Pegawai", "Peran", "Instansi", "Aturan", "Kunci"]


@pytest.fixture
def tiny() -> Scenario:
    return parse_scenario(tiny_scenario_data())


@pytest.fixture(scope="module")
def solved() -> tuple[Scenario, Plan]:
    from koperasi_alloc.solver import solve
    from koperasi_alloc.synth import generate

    scenario = generate("kutai-timur", seed=0)
    return scenario, solve(scenario, time_limit=5, workers=1)


def headers(ws: Any) -> list[Any]:
    return [cell.value for cell in ws[1]]


def column_of(ws: Any, header: str) -> int:
    return headers(ws).index(header) + 1


def problems_of(path: Path, lang: str = "id") -> list[tuple[str, str, str]]:
    with pytest.raises(ScenarioError) as caught:
        read_scenario_xlsx(path, lang=lang)  # type: ignore[arg-type]
    assert str(caught.value).startswith(f"{path}: ")
    return [(p.record, p.field, p.message) for p in caught.value.problems]


# --- round trips ------------------------------------------------------------------------------


def test_tiny_round_trip(tmp_path: Path, tiny: Scenario) -> None:
    path = tmp_path / "tiny.xlsx"
    write_scenario_xlsx(tiny, path)
    loaded = read_scenario_xlsx(path)
    assert loaded == tiny
    assert loaded.scenario_hash() == tiny.scenario_hash()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scenario=scenarios(), write_lang=st.sampled_from(["id", "en"]))
def test_scenario_round_trip(tmp_path: Path, scenario: Scenario, write_lang: str) -> None:
    path = tmp_path / "scenario.xlsx"
    write_scenario_xlsx(scenario, path, lang=write_lang)  # type: ignore[arg-type]
    loaded = read_scenario_xlsx(path)  # headers of either language are accepted
    assert loaded == scenario


def test_dispatch_by_suffix(tmp_path: Path, tiny: Scenario) -> None:
    for name in ("s.xlsx", "s.json", "folder"):
        write_scenario(tiny, tmp_path / name)
        assert read_scenario(tmp_path / name) == tiny
    with pytest.raises(ScenarioError, match=r"cannot read a scenario as \.ods"):
        read_scenario(tmp_path / "s.ods", lang="en")
    with pytest.raises(ScenarioError, match=r"skenario tidak dapat dibaca dari \.ods"):
        read_scenario(tmp_path / "s.ods")


def test_text_escapes_round_trip() -> None:
    for text in ["a\rb", "_x0041_", "\x00\x1f\ufffe", "plain", "_x005F_", "x_0041_"]:
        escaped = escape_text(text)
        assert "\r" not in escaped
        assert unescape_text(escaped) == text
    assert unescape_text("_x0041_") == "A"  # what Excel itself writes


def test_attributes_get_x_columns(tmp_path: Path) -> None:
    data = tiny_scenario_data()
    data["villages"][0]["attributes"] = {"luas_ha": 12.5, "catatan": "pasar", "nested": [1]}
    scenario = parse_scenario(data)
    path = tmp_path / "a.xlsx"
    write_scenario_xlsx(scenario, path)
    ws = openpyxl.load_workbook(path)["Desa"]
    assert "x_luas_ha" in headers(ws)
    assert "x_catatan" in headers(ws)
    assert json.loads(ws.cell(3, column_of(ws, "atribut")).value) == {"nested": [1]}
    assert read_scenario_xlsx(path) == scenario


# --- template ---------------------------------------------------------------------------------


def test_template_sheets_headers_and_validations(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Petunjuk", *DATA_SHEETS]
    assert headers(wb["Pegawai"])[:6] == [
        "NIP",
        "nama",
        "jenis_kepegawaian",
        "instansi",
        "domisili",
        "kecamatan_kerja",
    ]
    assert headers(wb["Kecamatan"]) == ["kode", "nama", "lintang", "bujur"]
    assert headers(wb["Kunci"]) == ["jenis", "NIP", "koperasi", "peran"]
    for name in DATA_SHEETS:
        assert str(wb[name]["A2"].value).startswith("#"), name  # instruction row

    def formulas(sheet: str) -> dict[str, str]:
        found = {}
        for rule in wb[sheet].data_validations.dataValidation:
            for cell_range in rule.sqref.ranges:
                found[cell_range.coord.split(":")[0].rstrip("0123456789")] = rule.formula1
        return found

    pegawai = formulas("Pegawai")
    head = headers(wb["Pegawai"])
    letter = {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(head)}
    assert pegawai[letter["jenis_kepegawaian"]] == '"PNS,PPPK,PPPK_PARUH_WAKTU"'
    assert pegawai[letter["pendidikan"]] == '"SD,SMP,SMA,D1,D2,D3,D4,S1,S2,S3"'
    assert pegawai[letter["tersedia"]] == '"ya,tidak"'
    assert "'Kecamatan'!" in pegawai[letter["kecamatan_kerja"]]
    assert "'Desa'!" in pegawai[letter["domisili"]]
    desa = formulas("Desa")
    assert desa["F"] == '"desa,kelurahan"'
    assert desa["G"] == '"sangat_tertinggal,tertinggal,berkembang,maju,mandiri"'
    assert "'Peran'!" in formulas("Kunci")["D"]
    assert formulas("Kunci")["A"] == '"kunci,larang"'
    koperasi = formulas("Koperasi")
    head = headers(wb["Koperasi"])
    letter = {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(head)}
    assert koperasi[letter["berbadan_hukum"]] == '"ya,tidak"'
    assert "'Desa'!" in koperasi[letter["desa"]]
    assert letter["desa_lain"] not in koperasi  # a list of villages: no drop-down of one

    scenario = read_scenario_xlsx(path)  # the untouched template is a valid, empty scenario
    assert scenario.name == "template"
    assert scenario.districts == []
    assert scenario.officers == []
    assert [r.code for r in scenario.roles] == ["manajer", "keuangan", "administrasi", "usaha"]
    assert scenario.policy == Policy()


def test_english_template(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path, lang="en")
    wb = openpyxl.load_workbook(path)
    assert "Officers" in wb.sheetnames
    assert "Policy" in wb.sheetnames
    assert headers(wb["Officers"])[0] == "id"
    assert read_scenario_xlsx(path).policy == Policy()


# --- deliberate errors ------------------------------------------------------------------------


def test_planted_errors_are_each_reported_and_nothing_else(tmp_path: Path, tiny: Scenario) -> None:
    path = tmp_path / "kutim.xlsx"
    write_scenario_xlsx(tiny, path)
    wb = openpyxl.load_workbook(path)
    # 1. an 18-digit NIP typed as a number (Excel keeps 15 digits): officer [2], row 5
    pegawai = wb["Pegawai"]
    assert pegawai["A5"].value == "198503032010011003"
    pegawai["A5"].value = 1.98503032010011e17
    # 2. an unknown kecamatan: village [0], row 3
    desa = wb["Desa"]
    desa.cell(3, column_of(desa, "kecamatan")).value = "64.08.09"
    # 3. a required column deleted: Instansi jumlah_pegawai
    instansi = wb["Instansi"]
    instansi.delete_cols(column_of(instansi, "jumlah_pegawai"))
    # 4. a duplicate id: row 3 of Koperasi copied to row 5
    koperasi = wb["Koperasi"]
    for cell in koperasi[3]:
        koperasi.cell(5, cell.column).value = cell.value
    wb.save(path)

    found = problems_of(path)
    assert [(r, f) for r, f, _ in found] == [
        ("Desa baris 3", "kecamatan"),
        ("Pegawai baris 5", "NIP"),
        ("Instansi baris 1", "jumlah_pegawai"),
        ("Koperasi baris 5", "kode"),
    ] or sorted((r, f) for r, f, _ in found) == sorted(
        [
            ("Desa baris 3", "kecamatan"),
            ("Pegawai baris 5", "NIP"),
            ("Instansi baris 1", "jumlah_pegawai"),
            ("Koperasi baris 5", "kode"),
        ]
    )
    messages = {(r, f): m for r, f, m in found}
    assert messages[("Pegawai baris 5", "NIP")].startswith("NIP harus teks")
    assert messages[("Desa baris 3", "kecamatan")] == "kecamatan '64.08.09' tidak dikenal"
    assert messages[("Instansi baris 1", "jumlah_pegawai")] == "kolom wajib tidak ada"
    assert "ganda" in messages[("Koperasi baris 5", "kode")]
    assert "Koperasi baris 3" in messages[("Koperasi baris 5", "kode")]

    english = problems_of(path, lang="en")
    assert len(english) == 4
    assert ("Pegawai row 5", "NIP") in {(r, f) for r, f, _ in english}
    assert any(m == "unknown kecamatan '64.08.09'" for _, _, m in english)


def test_cell_problems_name_sheet_row_and_column(tmp_path: Path, tiny: Scenario) -> None:
    path = tmp_path / "bad.xlsx"
    write_scenario_xlsx(tiny, path)
    wb = openpyxl.load_workbook(path)
    pegawai = wb["Pegawai"]
    pegawai.cell(4, column_of(pegawai, "pendidikan")).value = "SMK"
    pegawai.cell(3, column_of(pegawai, "tersedia")).value = "mungkin"
    pegawai.cell(1, pegawai.max_column + 1).value = "catatan"  # unknown column
    kecamatan = wb["Kecamatan"]
    kecamatan["C3"].value = "nol koma"
    koperasi = wb["Koperasi"]
    koperasi.cell(4, column_of(koperasi, "permintaan")).value = "keuangan=1"
    wb.save(path)
    found = {(r, f): m for r, f, m in problems_of(path)}
    assert set(found) == {
        ("Pegawai baris 4", "pendidikan"),
        ("Pegawai baris 3", "tersedia"),
        ("Pegawai baris 1", "catatan"),
        ("Kecamatan baris 3", "lintang"),
        ("Koperasi baris 4", "permintaan"),
    }
    assert found[("Pegawai baris 4", "pendidikan")].startswith("harus salah satu dari")
    assert "x_" in found[("Pegawai baris 1", "catatan")]


def test_spreadsheet_coercions(tmp_path: Path, tiny: Scenario) -> None:
    path = tmp_path / "typed.xlsx"
    write_scenario_xlsx(tiny, path)
    wb = openpyxl.load_workbook(path)
    kecamatan = wb["Kecamatan"]
    kecamatan["C3"].value = "0,35"  # comma decimal
    pegawai = wb["Pegawai"]
    skills = column_of(pegawai, "keahlian")
    pegawai.cell(3, skills).value = "manajer, keuangan"
    pegawai.cell(3, column_of(pegawai, "tersedia")).value = 1
    pegawai.cell(3, column_of(pegawai, "jenis_kepegawaian")).value = "pppk"
    extra = pegawai.max_column + 1
    pegawai.cell(1, extra).value = "x_golongan"
    pegawai.cell(3, extra).value = "III/a"
    koperasi = wb["Koperasi"]
    demand = column_of(koperasi, "permintaan")
    koperasi.cell(1, demand).value = "permintaan_manajer"
    koperasi.cell(3, demand).value = 1
    koperasi.cell(4, demand).value = None
    koperasi.cell(1, koperasi.max_column + 1).value = "permintaan_keuangan"
    koperasi.cell(3, koperasi.max_column).value = "1"
    koperasi.cell(4, koperasi.max_column).value = 1.0
    koperasi.cell(1, koperasi.max_column + 1).value = "permintaan_usaha"
    koperasi.cell(4, koperasi.max_column).value = 1
    wb["Peran"]["A2"].value = "#"  # instruction rows are skipped when they start with #
    wb.save(path)
    loaded = read_scenario_xlsx(path)
    expected = tiny_scenario_data()
    expected["officers"][0]["attributes"] = {"golongan": "III/a"}
    assert loaded == parse_scenario(expected)


def test_nip_typed_as_whole_number_is_converted_exactly(tmp_path: Path) -> None:
    data = tiny_scenario_data()
    data["officers"][2]["id"] = "12345"
    path = tmp_path / "int.xlsx"
    write_scenario_xlsx(parse_scenario(data), path)
    wb = openpyxl.load_workbook(path)
    wb["Pegawai"]["A5"].value = 12345
    wb.save(path)
    assert read_scenario_xlsx(path).officers[2].id == "12345"


def test_missing_and_unknown_sheets(tmp_path: Path, tiny: Scenario) -> None:
    path = tmp_path / "sheets.xlsx"
    write_scenario_xlsx(tiny, path)
    wb = openpyxl.load_workbook(path)
    del wb["Peran"]
    wb.create_sheet("Catatan")
    wb.create_sheet("x_catatan")  # ignored
    wb.save(path)
    found = problems_of(path)
    assert ("Peran", "", "sheet wajib tidak ada") in found
    assert ("Catatan", "", "sheet tidak dikenal (awali namanya dengan x_ bila sengaja)") in found
    # every other problem follows from the missing roles: skills and demand name them
    assert all(r in ("Peran", "Catatan") or "peran" in m or "role" in m for r, _, m in found), found


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    assert problems_of(path)[0][0] == "berkas"  # the record is named in the language asked for
    assert problems_of(path, "en")[0][0] == "file"


# --- plans ------------------------------------------------------------------------------------


def test_plan_workbook_reads_back_as_locks(tmp_path: Path, solved: tuple[Scenario, Plan]) -> None:
    scenario, plan = solved
    assert plan.assignments
    path = tmp_path / "plan.xlsx"
    write_plan_xlsx(plan, scenario, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Penugasan",
        "Kekosongan",
        "Ringkasan",
        "Pegawai tidak ditugaskan",
        "Petunjuk",
        "x_rencana",
        "x_rencana_data",
    ]
    assert wb["x_rencana"].sheet_state == "hidden"
    head = headers(wb["Penugasan"])
    for name in ("kecamatan", "desa", "koperasi", "NIP", "nama", "instansi", "peran"):
        assert name in head
    for name in ("jenis_kepegawaian", "desa_domisili", "kecamatan_domisili", "alasan"):
        assert name in head
    assert tuple(head[14:17]) == ("tingkat_lokalitas", "jarak_km", "menit")
    assert head[-1] == "keputusan"
    placed = {a.officer_id for a in plan.assignments}
    assert wb["Pegawai tidak ditugaskan"].max_row - 1 == sum(
        o.id not in placed for o in scenario.officers
    )
    summary = list(wb["Ringkasan"].iter_rows(values_only=True))
    assert summary[0][:2] == ("status", "OPTIMAL")
    district_rows = [r for r in summary if r[0] in scenario.district_by_code]
    assert len(district_rows) == len(scenario.districts)
    assert sum(r[6] for r in district_rows) == plan.filled

    # no decision yet: no lock; a row marked kunci is one
    assert read_plan_locks_xlsx(path, scenario) == []
    ws = wb["Penugasan"]
    ws.cell(2, column_of(ws, "keputusan")).value = "kunci"
    wb.save(path)
    locks = read_plan_locks_xlsx(path, scenario)
    row = [c.value for c in ws[2]]
    officer, cooperative, role = (row[head.index(n)] for n in ("NIP", "koperasi", "peran"))
    assert [(lk.officer, lk.cooperative, lk.role) for lk in locks] == [(officer, cooperative, role)]
    # the locks describe a valid scenario: replan can take them
    data = scenario.model_dump(mode="json")
    data["locks"] = [lk.model_dump(mode="json") for lk in locks]
    data["forbids"] = []
    Scenario.model_validate(data)
    # JSON and folder plans lock every assignment; the workbook its kunci rows
    for name in ("plan.json", "plan-folder"):
        write_plan(plan, scenario, tmp_path / name)
        assert len(read_plan_locks(tmp_path / name, scenario)) == len(plan.assignments)
    assert read_plan_locks(path, scenario) == locks
    write_plan(plan, scenario, tmp_path / "lines.geojson")
    assert json.loads((tmp_path / "lines.geojson").read_text())["type"] == "FeatureCollection"


def test_edited_plan_rows_with_unknown_ids_are_reported(
    tmp_path: Path, solved: tuple[Scenario, Plan]
) -> None:
    scenario, plan = solved
    path = tmp_path / "plan.xlsx"
    write_plan_xlsx(plan, scenario, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Penugasan"]
    ws.cell(2, column_of(ws, "NIP")).value = "000000000000000000"
    ws.cell(3, column_of(ws, "koperasi")).value = "KDMP-XXX"
    ws.cell(4, column_of(ws, "peran")).value = "bupati"
    ws.cell(5, column_of(ws, "NIP")).value = 1.99e17
    ws.delete_rows(6)  # a planner may delete rows
    wb.save(path)
    with pytest.raises(ScenarioError) as caught:
        read_plan_locks_xlsx(path, scenario)
    found = [(p.record, p.field) for p in caught.value.problems]
    assert found == [
        ("Penugasan baris 2", "NIP"),
        ("Penugasan baris 3", "koperasi"),
        ("Penugasan baris 4", "peran"),
        ("Penugasan baris 5", "NIP"),
    ]
    assert "pegawai '000000000000000000' tidak dikenal" in str(caught.value)


def test_vacancy_reasons_from_an_explanation(tmp_path: Path, tiny: Scenario) -> None:
    from koperasi_alloc.solver import solve

    plan = solve(tiny, time_limit=5, workers=1)
    assert plan.vacancies
    vacancy = plan.vacancies[0]
    explanation = SimpleNamespace(
        vacancies=[
            SimpleNamespace(
                cooperative_id=vacancy.cooperative_id,
                role=vacancy.role,
                count=vacancy.count,
                reason="no_candidate",
                text="Tidak ada pegawai yang memenuhi syarat.",
            )
        ]
    )
    with_reason, without = tmp_path / "with.xlsx", tmp_path / "without.xlsx"
    write_plan_xlsx(plan, tiny, with_reason, explanation)
    write_plan_xlsx(plan, tiny, without)
    rows = list(openpyxl.load_workbook(with_reason)["Kekosongan"].iter_rows(values_only=True))
    assert rows[0][-2:] == ("kode_alasan", "alasan")
    assert (rows[1][2], rows[1][4], rows[1][6]) == (vacancy.cooperative_id, vacancy.role, 1)
    assert rows[1][-2:] == ("no_candidate", "Tidak ada pegawai yang memenuhi syarat.")
    rows = list(openpyxl.load_workbook(without)["Kekosongan"].iter_rows(values_only=True))
    assert rows[1][-2:] == (None, None)
