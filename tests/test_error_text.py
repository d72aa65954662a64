"""Error text, word for word, in English and Bahasa Indonesia: every field-level class
(range, type, negative, unknown field, enum, code shape, missing) names the record by its
id or code and the field, and no regular expression reaches a planner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from koperasi_alloc.errors import Lang, ScenarioError
from koperasi_alloc.io import read_scenario
from koperasi_alloc.scenario import Scenario, parse_scenario
from tests.strategies import tiny_scenario_data

O1 = "199102022021122002"

CASES: list[tuple[str, tuple[Any, ...], Any, str, str]] = [
    (
        "range",
        ("villages", 2, "lat"),
        200,
        "villages[2] code=64.08.02.1001: lat: must be at most 90, not 200",
        "villages[2] code=64.08.02.1001: lat: harus paling besar 90, bukan 200",
    ),
    (
        "negative",
        ("cooperatives", 1, "demand", "keuangan"),
        -1,
        "cooperatives[1] id=KDMP-002: demand.keuangan: must not be negative (at least 0), not -1",
        "cooperatives[1] id=KDMP-002: demand.keuangan: tidak boleh negatif (paling kecil 0), "
        "bukan -1",
    ),
    (
        "type",
        ("agencies", 1, "headcount"),
        "banyak",
        "agencies[1] code=DISKOP: headcount: must be a whole number, not 'banyak'",
        "agencies[1] code=DISKOP: headcount: harus bilangan bulat, bukan 'banyak'",
    ),
    (
        "unknown field",
        ("officers", 1, "nik"),
        "6408",
        f"officers[1] id={O1}: nik: is not a known field (check its spelling)",
        f"officers[1] id={O1}: nik: bukan kolom yang dikenal (periksa ejaannya)",
    ),
    (
        "enum",
        ("officers", 1, "education"),
        "SMK",
        f"officers[1] id={O1}: education: must be one of 'SD', 'SMP', 'SMA', 'D1', 'D2', 'D3', "
        "'D4', 'S1', 'S2' or 'S3', not 'SMK'",
        f"officers[1] id={O1}: education: harus salah satu dari 'SD', 'SMP', 'SMA', 'D1', 'D2', "
        "'D3', 'D4', 'S1', 'S2' atau 'S3', bukan 'SMK'",
    ),
    (
        "code shape",
        ("districts", 1, "code"),
        "64.8.2",
        "districts[1] code=64.8.2: code: must be a kecamatan code like 64.08.01, not '64.8.2'",
        "districts[1] code=64.8.2: code: harus kode kecamatan seperti 64.08.01, bukan '64.8.2'",
    ),
    (
        "kecamatan name for its code",
        ("officers", 1, "work_district"),
        "muara  wahau",
        f"officers[1] id={O1}: work_district: 'muara  wahau' is the name of a kecamatan; "
        "write its code: 64.08.02",
        f"officers[1] id={O1}: work_district: 'muara  wahau' adalah nama kecamatan; "
        "tulis kodenya: 64.08.02",
    ),
    (
        "finite",
        ("districts", 0, "lon"),
        float("inf"),
        "districts[0] code=64.08.01: lon: must be a finite number, not inf",
        "districts[0] code=64.08.01: lon: harus angka terhingga, bukan inf",
    ),
]


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = tiny_scenario_data()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(("kind", "path", "value", "en", "id_"), CASES, ids=[c[0] for c in CASES])
def test_field_error_names_record_and_field_in_both_languages(
    kind: str, path: tuple[Any, ...], value: Any, en: str, id_: str
) -> None:
    data = _with(path, value)
    for lang, expected in (("en", en), ("id", id_)):
        with pytest.raises(ScenarioError) as caught:
            parse_scenario(data, source="kutim.json", lang=lang)  # type: ignore[arg-type]
        assert [problem.text(lang) for problem in caught.value.problems] == [expected]
        assert f"  - {expected}" in str(caught.value)
        assert "^" not in str(caught.value), "a regular expression reached the message"
    # the pydantic error stays available, with its structured location
    assert isinstance(caught.value.validation_error, ValidationError)
    assert caught.value.validation_error.errors()[0]["loc"] == path


def test_missing_field_in_both_languages() -> None:
    data = tiny_scenario_data()
    del data["officers"][1]["education"]
    for lang, expected in (
        ("en", f"officers[1] id={O1}: education: is required"),
        ("id", f"officers[1] id={O1}: education: wajib diisi"),
    ):
        with pytest.raises(ScenarioError) as caught:
            parse_scenario(data, lang=lang)  # type: ignore[arg-type]
        assert [p.text(lang) for p in caught.value.problems] == [expected]


def test_cross_record_problem_in_both_languages() -> None:
    data = tiny_scenario_data()
    data["officers"][1]["agency"] = "DINSOS"
    record = f"officers[1] id={O1}: agency: "
    heads: dict[Lang, str] = {"en": "scenario has 1 problem:", "id": "skenario memiliki 1 masalah:"}
    for lang, message in (
        ("en", "unknown agency 'DINSOS'"),
        ("id", "instansi 'DINSOS' tidak dikenal"),
    ):
        with pytest.raises(ScenarioError) as caught:
            parse_scenario(data, lang=lang)
        assert str(caught.value) == f"{heads[lang]}\n  - {record}{message}"


def test_direct_construction_names_the_record_and_keeps_the_location() -> None:
    data = _with(("villages", 2, "lat"), 200)
    with pytest.raises(ValidationError) as caught:
        Scenario.model_validate(data)
    text = str(caught.value)
    assert text.startswith("1 validation error for Scenario\n")
    assert "villages.2.lat\n" in text
    assert "villages[2] code=64.08.02.1001: lat: must be at most 90, not 200" in text
    (item,) = caught.value.errors()
    assert item["type"] == "less_than_equal"
    assert item["loc"] == ("villages", 2, "lat")
    assert item["ctx"]["pydantic_type"] == "less_than_equal"


def test_a_json_file_read_in_indonesian_reports_in_indonesian(tmp_path: Path) -> None:
    data = _with(("villages", 2, "lat"), 200)
    path = tmp_path / "kutim.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    for lang, head, line in (
        ("id", "skenario memiliki 1 masalah:", "lat: harus paling besar 90, bukan 200"),
        ("en", "scenario has 1 problem:", "lat: must be at most 90, not 200"),
    ):
        with pytest.raises(ScenarioError) as caught:
            read_scenario(path, lang=lang)  # type: ignore[arg-type]
        assert str(caught.value) == (f"{path}: {head}\n  - villages[2] code=64.08.02.1001: {line}")


def test_a_value_utf8_cannot_hold_is_named_and_printable() -> None:
    # found by the fuzz suite: a lone surrogate in a code made the error itself unprintable
    data = tiny_scenario_data()
    data["agencies"][0]["code"] = "DIS\ud800"
    for lang, message in (
        ("en", "must be valid text (it holds a character that cannot be stored)"),
        ("id", "harus teks yang sah (berisi karakter yang tidak dapat disimpan)"),
    ):
        with pytest.raises(ScenarioError) as caught:
            parse_scenario(data, lang=lang)  # type: ignore[arg-type]
        (problem,) = caught.value.problems
        assert problem.text(lang).startswith("agencies[0] code=DIS\\ud800: code: ")
        assert message in problem.text(lang)
        str(caught.value).encode("utf-8")  # printable
    with pytest.raises(ValidationError) as direct:
        Scenario.model_validate(data)
    assert "agencies[0] code=DIS\\ud800: code: must be valid text" in str(direct.value)
