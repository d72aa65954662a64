"""read_scenario / write_scenario / read_plan / write_plan choose the format by the path
and refuse a suffix they do not write: no JSON is ever written silently into a file named
.xlsx. The former names (load_* / save_*) are deprecated aliases of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from koperasi_alloc.errors import ScenarioError
from koperasi_alloc.io import read_plan, read_scenario, write_plan, write_scenario
from koperasi_alloc.plan import Plan, Status, TierValue
from koperasi_alloc.scenario import Scenario, parse_scenario
from tests.strategies import tiny_scenario_data


@pytest.fixture
def tiny() -> Scenario:
    return parse_scenario(tiny_scenario_data())


def refused(call: object, *args: object) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value


def test_a_scenario_saved_as_xlsx_is_a_workbook(tmp_path: Path, tiny: Scenario) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "region.xlsx"
    write_scenario(tiny, path)
    assert openpyxl.load_workbook(path).sheetnames[0] == "Kecamatan"
    assert read_scenario(path, lang="en") == tiny
    write_scenario(tiny, path, lang="en")
    assert openpyxl.load_workbook(path).sheetnames[0] == "Districts"


def test_a_scenario_saved_as_a_folder_is_csv(tmp_path: Path, tiny: Scenario) -> None:
    folder = tmp_path / "region"
    write_scenario(tiny, folder)
    assert (folder / "officers.csv").is_file()
    assert read_scenario(folder, lang="en") == tiny


def test_json_stays_json(tmp_path: Path, tiny: Scenario) -> None:
    path = tmp_path / "region.json"
    write_scenario(tiny, path, indent=None, lang="en")
    assert json.loads(path.read_text(encoding="utf-8"))["name"] == "tiny"
    assert read_scenario(path, lang="en") == tiny


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "region.csv",
            "cannot write a scenario as .csv: use .json, .xlsx or a folder of CSV files",
        ),
        (
            "region.geojson",
            "cannot write a scenario as .geojson: use .json, .xlsx or a folder of CSV files",
        ),
        (
            "region.txt",
            "cannot write a scenario as .txt: use .json, .xlsx or a folder of CSV files",
        ),
    ],
)
def test_other_scenario_suffixes_are_refused(
    tmp_path: Path, tiny: Scenario, name: str, message: str
) -> None:
    path = tmp_path / name
    error = refused(lambda: write_scenario(tiny, path, lang="en"))
    assert str(error) == f"{path}: scenario has 1 problem:\n  - file: {message}"
    assert not path.exists()
    path.write_text("{}", encoding="utf-8")
    error = refused(lambda: read_scenario(path, lang="en"))
    assert error.problems[0].message == message.replace("write", "read")


def test_a_json_file_without_a_suffix_is_refused(tmp_path: Path, tiny: Scenario) -> None:
    path = tmp_path / "region"
    path.write_text(tiny.model_dump_json(), encoding="utf-8")
    assert refused(lambda: read_scenario(path, lang="en")).problems[0].message == (
        "cannot read a scenario in a file without a suffix: use .json, .xlsx or a folder of "
        "CSV files"
    )


def plan() -> Plan:
    tiers = [TierValue(name="coverage", sense="max", value=3, bound=3, proven=True)]
    return Plan(status=Status.OPTIMAL, objective=3, best_bound=3, gap=0.0, tiers=tiers)


def test_plans_as_json_and_as_a_folder(tmp_path: Path) -> None:
    write_plan(plan(), None, tmp_path / "plan.json")
    assert read_plan(tmp_path / "plan.json") == plan()
    folder = tmp_path / "plan"
    write_plan(plan(), None, folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "assignments.csv",
        "plan.json",
        "vacancies.csv",
    ]
    assert read_plan(folder) == plan()


@pytest.mark.parametrize(
    ("name", "saving", "loading"),
    [
        (
            "plan.xlsx",
            "a plan as .xlsx needs its scenario: use write_plan(plan, scenario, path)",
            "a plan workbook is read with its scenario: read_plan(path, scenario) (or "
            "read_plan_review for the planner's decisions)",
        ),
        (
            "plan.geojson",
            "a plan as .geojson needs its scenario: use write_plan(plan, scenario, path)",
            "cannot read a plan as .geojson: use .json, .xlsx or a folder",
        ),
        (
            "plan.csv",
            "cannot write a plan as .csv: use .json, .xlsx or a folder",
            "cannot read a plan as .csv: use .json, .xlsx or a folder",
        ),
    ],
)
def test_other_plan_suffixes_are_refused(
    tmp_path: Path, name: str, saving: str, loading: str
) -> None:
    path = tmp_path / name
    assert refused(lambda: write_plan(plan(), None, path, lang="en")).problems[0].message == saving
    assert not path.exists()
    path.write_text(plan().model_dump_json(), encoding="utf-8")
    assert refused(lambda: read_plan(path, lang="en")).problems[0].message == loading


def test_a_folder_without_tables_is_named_as_such(tmp_path: Path) -> None:
    assert refused(lambda: read_scenario(tmp_path, lang="en")).problems[0].message == (
        "is a directory, not a scenario file, and holds none of districts.csv, villages.csv, "
        "cooperatives.csv, officers.csv, roles.csv, agencies.csv"
    )
    assert "no such file" in str(refused(lambda: read_plan(tmp_path, lang="en")))


def test_the_former_names_are_deprecated_aliases(tmp_path: Path, tiny: Scenario) -> None:
    from koperasi_alloc.io import load_plan, load_scenario, save_plan, save_scenario

    with pytest.warns(DeprecationWarning, match="use koperasi_alloc.io.write_scenario"):
        save_scenario(tiny, tmp_path / "region.json")
    with pytest.warns(DeprecationWarning, match="use koperasi_alloc.io.read_scenario"):
        assert load_scenario(tmp_path / "region.json") == tiny
    with pytest.warns(DeprecationWarning, match="use koperasi_alloc.io.write_plan"):
        save_plan(plan(), tmp_path / "plan.json")
    with pytest.warns(DeprecationWarning, match="use koperasi_alloc.io.read_plan"):
        assert load_plan(tmp_path / "plan.json") == plan()
