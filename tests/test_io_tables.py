"""The table layer shared by Excel and CSV: spellings and names read as codes (each reported as
a note), messages for people (an example, never a regular expression), and a missing table as
one problem with a count of the references not checked."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")

from koperasi_alloc import cli  # noqa: E402
from koperasi_alloc.errors import ScenarioError  # noqa: E402
from koperasi_alloc.io import (  # noqa: E402
    Note,
    TableError,
    read_scenario,
    read_scenario_csv,
    read_scenario_xlsx,
    write_scenario_csv,
    write_scenario_xlsx,
)
from koperasi_alloc.io.tables.cells import as_choice  # noqa: E402
from koperasi_alloc.io.tables.messages import CellError  # noqa: E402
from koperasi_alloc.scenario import Education, Scenario, parse_scenario  # noqa: E402
from tests.strategies import tiny_scenario_data  # noqa: E402

EDUCATION = tuple(e.value for e in Education)


@pytest.fixture
def tiny() -> Scenario:
    return parse_scenario(tiny_scenario_data())


def column_of(ws: Any, header: str) -> int:
    return [cell.value for cell in ws[1]].index(header) + 1


def edit(path: Path, scenario: Scenario, cells: dict[tuple[str, int, str], Any]) -> Path:
    """Write ``scenario`` to ``path`` and set (sheet, row, header) cells."""
    write_scenario_xlsx(scenario, path)
    wb = openpyxl.load_workbook(path)
    for (sheet, row, header), value in cells.items():
        ws = wb[sheet]
        ws.cell(row, column_of(ws, header)).value = value
    wb.save(path)
    return path


def error_of(path: Path, lang: str) -> TableError:
    with pytest.raises(TableError) as caught:
        read_scenario_xlsx(path, lang=lang)  # type: ignore[arg-type]
    return caught.value


def triples(items: list[Any]) -> list[tuple[str, str, str]]:
    return [(p.record, p.field, p.message) for p in items]


# --- spellings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("S-1", "S1"),
        ("S.1", "S1"),
        ("s1", "S1"),
        ("s 1", "S1"),
        ("S-I", "S1"),
        ("D-3", "D3"),
        ("d.iii", "D3"),
        ("D-IV", "D4"),
        ("S-2", "S2"),
        ("s-3", "S3"),
        ("D-1", "D1"),
        ("d2", "D2"),
        ("sma", "SMA"),
        ("S.M.P", "SMP"),
        ("sd", "SD"),
    ],
)
def test_common_spellings_of_every_education_level(typed: str, read: str) -> None:
    assert as_choice(typed, EDUCATION) == read


@pytest.mark.parametrize("typed", ["SMK", "S", "D5", "S-1-2", "strata satu"])
def test_other_spellings_are_refused(typed: str) -> None:
    with pytest.raises(CellError):
        as_choice(typed, EDUCATION)


def test_spellings_and_names_are_read_and_each_is_a_note(tmp_path: Path, tiny: Scenario) -> None:
    path = edit(
        tmp_path / "spelled.xlsx",
        tiny,
        {
            ("Pegawai", 3, "pendidikan"): "S-1",
            ("Pegawai", 4, "pendidikan"): "d-iii",
            ("Pegawai", 5, "pendidikan"): "S-1",
            ("Pegawai", 3, "kecamatan_kerja"): "  muara   ANCALONG ",
            ("Pegawai", 3, "domisili"): "Gemar Baru",
            ("Desa", 3, "kecamatan"): "Muara Ancalong",
            ("Koperasi", 4, "desa"): "wahau kota",
            ("Ketetanggaan", 3, "kecamatan_2"): "Muara Wahau",
        },
    )
    notes: list[Note] = []
    assert read_scenario_xlsx(path, notes=notes) == tiny
    assert all(note.severity == "note" for note in notes)
    assert triples(notes) == [
        (
            "Desa baris 3",
            "kecamatan",
            "'Muara Ancalong' adalah nama kecamatan; dibaca sebagai kodenya: 64.08.01",
        ),
        ("Koperasi baris 4", "desa", "'wahau kota' adalah nama desa; dibaca sebagai kodenya: "
         "64.08.02.1001"),
        (
            "Pegawai baris 3",
            "domisili",
            "'Gemar Baru' adalah nama desa; dibaca sebagai kodenya: 64.08.01.2001",
        ),
        (
            "Pegawai baris 3",
            "kecamatan_kerja",
            "'muara   ANCALONG' adalah nama kecamatan; dibaca sebagai kodenya: 64.08.01",
        ),
        ("Pegawai baris 3 (dan 1 baris lain)", "pendidikan", "'S-1' dibaca sebagai S1"),
        ("Pegawai baris 4", "pendidikan", "'d-iii' dibaca sebagai D3"),
        (
            "Ketetanggaan baris 3",
            "kecamatan_2",
            "'Muara Wahau' adalah nama kecamatan; dibaca sebagai kodenya: 64.08.02",
        ),
    ]  # fmt: skip
    english: list[Note] = []
    assert read_scenario(path, lang="en", notes=english) == tiny
    assert [str(note) for note in english] == [
        "Desa row 3: kecamatan: 'Muara Ancalong' is the name of a kecamatan; read as its code: "
        "64.08.01",
        "Koperasi row 4: desa: 'wahau kota' is the name of a village; read as its code: "
        "64.08.02.1001",
        "Pegawai row 3: domisili: 'Gemar Baru' is the name of a village; read as its code: "
        "64.08.01.2001",
        "Pegawai row 3: kecamatan_kerja: 'muara   ANCALONG' is the name of a kecamatan; read as "
        "its code: 64.08.01",
        "Pegawai row 3 (+1 more): pendidikan: 'S-1' read as S1",
        "Pegawai row 4: pendidikan: 'd-iii' read as D3",
        "Ketetanggaan row 3: kecamatan_2: 'Muara Wahau' is the name of a kecamatan; read as its "
        "code: 64.08.02",
    ]


def test_a_file_written_exactly_gives_no_note(tmp_path: Path, tiny: Scenario) -> None:
    path = tmp_path / "exact.xlsx"
    write_scenario_xlsx(tiny, path)
    notes: list[Note] = []
    assert read_scenario_xlsx(path, notes=notes) == tiny
    assert notes == []


def test_csv_reads_names_and_spellings_too(tmp_path: Path, tiny: Scenario) -> None:
    folder = tmp_path / "csv"
    write_scenario_csv(tiny, folder)
    officers = folder / "officers.csv"
    with officers.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    rows[1][header.index("education")] = "S.1"
    rows[2][header.index("work_district")] = "Muara Ancalong"
    with officers.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    notes: list[Note] = []
    assert read_scenario_csv(folder, lang="en", notes=notes) == tiny
    assert [str(note) for note in notes] == [
        "officers.csv row 2: education: 'S.1' read as S1",
        "officers.csv row 3: work_district: 'Muara Ancalong' is the name of a kecamatan; read as "
        "its code: 64.08.01",
    ]


# --- names that cannot be read as a code --------------------------------------------------------


def test_unknown_and_ambiguous_names_say_what_to_write(tmp_path: Path, tiny: Scenario) -> None:
    path = edit(
        tmp_path / "names.xlsx",
        tiny,
        {
            ("Pegawai", 3, "kecamatan_kerja"): "Bengalon",
            ("Desa", 4, "nama"): "Gemar Baru",  # two desa now have this name
            ("Koperasi", 3, "desa"): "gemar baru",
        },
    )
    found = triples(error_of(path, "id").problems)
    assert found == [
        (
            "Koperasi baris 3",
            "desa",
            "'gemar baru' adalah nama 2 desa: 64.08.01.2001, 64.08.01.2002; tulis kode yang "
            "dimaksud",
        ),
        (
            "Pegawai baris 3",
            "kecamatan_kerja",
            "'Bengalon' bukan kode kecamatan dan bukan nama kecamatan yang dikenal; tulis "
            "kodenya, mis. 64.08.01",
        ),
    ]
    assert [m for _, _, m in triples(error_of(path, "en").problems)] == [
        "'gemar baru' is the name of 2 villages: 64.08.01.2001, 64.08.01.2002; write the code "
        "of the one meant",
        "'Bengalon' is neither a kecamatan code nor the name of a known kecamatan; write its "
        "code, e.g. 64.08.01",
    ]


def test_a_kutai_timur_kecamatan_name_is_read_as_its_code(tmp_path: Path) -> None:
    from koperasi_alloc.synth import generate

    scenario = generate("kutai-timur", seed=0)
    district = scenario.officers[0].work_district
    name = scenario.district_by_code[district].name
    path = tmp_path / "kutim.xlsx"
    write_scenario_xlsx(scenario, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Pegawai"]
    ws.cell(3, column_of(ws, "kecamatan_kerja")).value = name
    wb.save(path)
    notes: list[Note] = []
    assert read_scenario_xlsx(path, notes=notes) == scenario
    assert triples(notes) == [
        (
            "Pegawai baris 3",
            "kecamatan_kerja",
            f"{name!r} adalah nama kecamatan; dibaca sebagai kodenya: {district}",
        )
    ]


def test_a_malformed_code_gets_an_example_not_a_pattern(tmp_path: Path, tiny: Scenario) -> None:
    path = edit(
        tmp_path / "codes.xlsx",
        tiny,
        {("Kecamatan", 4, "kode"): "64-08-02", ("Desa", 5, "kode"): "64.08.02.01"},
    )
    expected = {
        "id": [
            (
                "Kecamatan baris 4",
                "kode",
                "harus kode kecamatan seperti 64.08.01, bukan '64-08-02'",
            ),
            (
                "Desa baris 5",
                "kode",
                "harus kode desa/kelurahan seperti 64.08.01.2001, bukan '64.08.02.01'",
            ),
        ],
        "en": [
            ("Kecamatan row 4", "kode", "must be a kecamatan code like 64.08.01, not '64-08-02'"),
            (
                "Desa row 5",
                "kode",
                "must be a desa/kelurahan code like 64.08.01.2001, not '64.08.02.01'",
            ),
        ],
    }
    for lang, problems in expected.items():
        error = error_of(path, lang)
        assert triples(error.problems)[:2] == problems
        assert "^" not in str(error)
        assert "\\d" not in str(error)


# --- a missing table ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "id_text", "en_sheet", "en_text"),
    [
        ("Peran", "3067 rujukan ke peran tidak diperiksa", "Roles", "3067 references to roles"),
        (
            "Instansi",
            "1500 rujukan ke instansi tidak diperiksa",
            "Agencies",
            "1500 references to agencies",
        ),
    ],
)
def test_a_missing_sheet_is_one_problem_and_a_count(
    tmp_path: Path, sheet: str, id_text: str, en_sheet: str, en_text: str
) -> None:
    from koperasi_alloc.synth import generate

    scenario = generate("kutai-timur", seed=2)
    path = tmp_path / "missing.xlsx"
    write_scenario_xlsx(scenario, path)
    wb = openpyxl.load_workbook(path)
    del wb[sheet]
    wb.save(path)
    error = error_of(path, "id")
    assert triples(error.problems) == [(sheet, "", "sheet wajib tidak ada")]
    assert triples(error.notes) == [(sheet, "", id_text)]
    assert str(error) == (
        f"{path}: skenario memiliki 1 masalah:\n  - {sheet}: sheet wajib tidak ada\n"
        f"  catatan: {sheet}: {id_text}"
    )
    error = error_of(path, "en")
    assert triples(error.problems) == [(en_sheet, "", "required sheet is missing")]
    assert triples(error.notes) == [(en_sheet, "", f"{en_text} were not checked")]


def test_a_missing_csv_file_and_a_missing_key_column(tmp_path: Path, tiny: Scenario) -> None:
    folder = tmp_path / "csv"
    write_scenario_csv(tiny, folder)
    (folder / "roles.csv").unlink()
    with pytest.raises(TableError) as caught:
        read_scenario_csv(folder, lang="en")
    assert triples(caught.value.problems) == [("roles.csv", "", "required file is missing")]
    # 2 + 2 demanded roles, 5 skills, 1 lock role, 1 forbid role
    assert triples(caught.value.notes) == [
        ("roles.csv", "", "11 references to roles were not checked")
    ]

    path = tmp_path / "no-code.xlsx"
    write_scenario_xlsx(tiny, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Instansi"]
    ws.delete_cols(1)  # the kode column: no agency can be referred to
    ws["A2"].value = f"# {ws['A2'].value}"  # row 2 stays the instruction row
    wb.save(path)
    error = error_of(path, "id")
    assert triples(error.problems) == [("Instansi baris 1", "kode", "kolom wajib tidak ada")]
    assert triples(error.notes) == [("Instansi", "", "4 rujukan ke instansi tidak diperiksa")]


def test_a_reference_to_a_reported_row_is_not_reported_again(
    tmp_path: Path, tiny: Scenario
) -> None:
    path = edit(tmp_path / "bad-role.xlsx", tiny, {("Peran", 3, "nama"): None})
    error = error_of(path, "en")
    assert triples(error.problems) == [("Peran row 3", "nama", "is required")]
    assert error.notes == []


# --- the CLI shows the notes ----------------------------------------------------------------------


def test_cli_prints_each_note(
    tmp_path: Path, tiny: Scenario, capsys: pytest.CaptureFixture[str]
) -> None:
    path = edit(tmp_path / "cli.xlsx", tiny, {("Pegawai", 4, "pendidikan"): "D-3"})
    scenario = cli._read(path, "id", timed=True)
    assert scenario == tiny
    note, loaded = capsys.readouterr().err.splitlines()
    assert note == "catatan: Pegawai baris 4: pendidikan: 'D-3' dibaca sebagai D3"
    assert loaded.startswith(f"{path} dibaca dalam ")  # the load time, outside the budget


def test_table_error_is_a_scenario_error() -> None:
    error = TableError([], notes=[Note("Peran", "", "1 rujukan ke peran tidak diperiksa")])
    assert isinstance(error, ScenarioError)
    assert str(error).endswith("\n  note: Peran: 1 rujukan ke peran tidak diperiksa")


def test_the_policy_minimum_education_accepts_spellings_too(tmp_path: Path, tiny: Scenario) -> None:
    path = tmp_path / "policy.xlsx"
    write_scenario_xlsx(tiny, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Aturan"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "pendidikan_minimal")
    ws.cell(row, 2).value = "d-3"
    wb.save(path)
    notes: list[Note] = []
    assert read_scenario_xlsx(path, notes=notes).policy.min_education == "D3"
    assert triples(notes) == [(f"Aturan baris {row}", "nilai", "'d-3' dibaca sebagai D3")]
    ws.cell(row, 2).value = "SMK"
    wb.save(path)
    assert triples(error_of(path, "en").problems) == [
        (
            f"Aturan row {row}",
            "value",
            "must be one of: SD, SMP, SMA, D1, D2, D3, D4, S1, S2, S3; not 'SMK'",
        )
    ]
