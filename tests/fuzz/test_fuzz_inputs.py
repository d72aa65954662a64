"""Malformed input over every entry point that takes user data.

Each generated input must end in a documented outcome: a complete, consistent
:class:`~koperasi_alloc.scenario.Scenario` (when the mutation happened to leave it valid),
a pydantic ``ValidationError`` whose every error has a location (or, for cross-record
problems, names every record), a :class:`~koperasi_alloc.errors.ScenarioError` whose every
problem names its record, or, for the command line, exit status 2 with a message and no
traceback. Never another exception, never a partial scenario.

The number of inputs comes from the active profile (``tests/fuzz/profiles.py``): a small
slice under ``make test``, 12,000 inputs under ``make fuzz``.
"""

from __future__ import annotations

import functools
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from koperasi_alloc.cli import main
from koperasi_alloc.errors import ScenarioError
from koperasi_alloc.io import read_plan, read_scenario
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import Scenario, find_problems, parse_scenario
from koperasi_alloc.solver import solve
from tests.fuzz.mutations import Deep, garbage_files, json_garbage, materialise, mutated
from tests.fuzz.profiles import fuzz_settings, record
from tests.strategies import tiny_scenario_data

COLLECTIONS = ("districts", "villages", "cooperatives", "officers", "roles", "agencies")
# Errors about the whole input (not an object, not JSON) have no location inside it.
ROOT_ERRORS = {"model_type", "model_attributes_type", "json_invalid", "json_type"}

_names = itertools.count()


@pytest.fixture(scope="session")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the files the tests write (shared by every example)."""
    return tmp_path_factory.mktemp("fuzz")


def _fresh(directory: Path, suffix: str = ".json") -> Path:
    return directory / f"input-{next(_names)}{suffix}"


@functools.cache
def _plan_json() -> str:
    """A valid plan of the tiny scenario, as JSON text."""
    scenario = parse_scenario(tiny_scenario_data())
    return solve(scenario, time_limit=5, workers=1).model_dump_json()


def _plan_data() -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda: json.loads(_plan_json()))


# --- what a documented outcome is ------------------------------------------------------------


def assert_named_validation_error(error: ValidationError) -> None:
    """Every error of ``error`` says where: a location, or named records."""
    items = error.errors(include_url=False)
    assert items, "a ValidationError without errors"
    for item in items:
        if item["type"] == "scenario_inconsistent":
            problems = item["ctx"]["problems"]
            assert problems, item
            for problem in problems:
                assert problem["record"], problem
                assert problem["message"], problem
        else:
            assert item["loc"] or item["type"] in ROOT_ERRORS, item
            assert item["msg"], item


def assert_named_scenario_error(error: ScenarioError, source: str | None = None) -> None:
    """Every problem of ``error`` names its record; the message starts with ``source``."""
    assert error.problems, "a ScenarioError without problems"
    for problem in error.problems:
        assert problem.record, problem
        assert problem.message, problem
    text = str(error)
    assert text
    if source is not None:
        assert text.startswith(source), text[:200]


def assert_complete(scenario: Scenario, data: Any) -> None:
    """``scenario`` is consistent and kept every record of ``data``."""
    assert isinstance(scenario, Scenario)
    assert find_problems(scenario) == []
    for name in COLLECTIONS:
        given_records = data.get(name) if isinstance(data, dict) else None
        if isinstance(given_records, list):
            assert len(getattr(scenario, name)) == len(given_records), name


# --- the pydantic models and parse_scenario ---------------------------------------------------


@fuzz_settings("inputs")
@given(case=mutated())
def test_model_validate_on_mutated_scenarios(case: tuple[Any, list[str]]) -> None:
    data = materialise(case[0])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        assert_named_validation_error(error)
        record("model_validate", "rejected")
    else:
        assert_complete(scenario, data)
        record("model_validate", "accepted")


@fuzz_settings("inputs")
@given(case=mutated())
def test_parse_scenario_on_mutated_scenarios(case: tuple[Any, list[str]]) -> None:
    data = materialise(case[0])
    try:
        scenario = parse_scenario(data, source="fuzz.json")
    except ScenarioError as error:
        assert_named_scenario_error(error, "fuzz.json")
        record("parse_scenario", "rejected")
    else:
        assert_complete(scenario, data)
        record("parse_scenario", "accepted")


@fuzz_settings("inputs")
@given(case=mutated(json_garbage))
def test_model_validate_json_on_mutated_scenarios(case: tuple[Any, list[str]]) -> None:
    data = materialise(case[0])
    text = json.dumps(data).encode("utf-8", "surrogatepass")
    try:
        scenario = Scenario.model_validate_json(text)
    except ValidationError as error:
        assert_named_validation_error(error)
        record("model_validate_json", "rejected")
    else:
        assert_complete(scenario, data)
        record("model_validate_json", "accepted")


# --- JSON files -------------------------------------------------------------------------------


@fuzz_settings("inputs")
@given(case=garbage_files())
def test_load_scenario_on_garbage_files(fuzz_dir: Path, case: tuple[bytes, str]) -> None:
    content, _ = case
    path = _fresh(fuzz_dir)
    path.write_bytes(content)
    try:
        scenario = read_scenario(path)
    except ScenarioError as error:
        assert_named_scenario_error(error, str(path))
        record("load_scenario", "rejected")
    else:
        assert_complete(scenario, json.loads(content))
        record("load_scenario", "accepted")
    finally:
        path.unlink()


@fuzz_settings("files")
@given(case=garbage_files(_plan_data()))
def test_load_plan_on_garbage_files(fuzz_dir: Path, case: tuple[bytes, str]) -> None:
    content, _ = case
    path = _fresh(fuzz_dir)
    path.write_bytes(content)
    try:
        plan = read_plan(path)
    except ScenarioError as error:
        assert_named_scenario_error(error, str(path))
        record("load_plan", "rejected")
    else:
        assert isinstance(plan, Plan)
        record("load_plan", "accepted")
    finally:
        path.unlink()


# --- the command line -------------------------------------------------------------------------


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``koperasi-alloc`` in-process; exit status, stdout and stderr."""
    capsys.readouterr()
    try:
        status = main(args)
    except SystemExit as stop:  # argparse's own exits: usage errors (2) and --help (0)
        code = stop.code
        status = code if isinstance(code, int) else (0 if code is None else 2)
    out, err = capsys.readouterr()
    return status, out, err


def assert_clean_exit(status: int, out: str, err: str) -> None:
    """A documented exit: 2 with a message on stderr, else 0/1 with output; no traceback."""
    assert "Traceback" not in out + err, err[-2000:]
    if status == 2:
        assert err.strip(), "exit status 2 without a message"
    else:
        assert status in (0, 1), (status, err[-2000:])
        assert out.strip(), "no output"


# Tokens that are not options (option-like garbage is drawn from _UNKNOWN_OPTIONS).
_words = st.text(st.characters(codec="utf-8"), max_size=15).filter(lambda t: not t.startswith("-"))
_UNKNOWN_OPTIONS = ["--nope", "-x", "-", "---", "--help-me", "-h", "--", "--verbose=3"]
_not_int = _words.filter(lambda t: _parses(int, t) is None)
_not_float = _words.filter(lambda t: _parses(float, t) is None)


def _parses(kind: type, text: str) -> Any:
    try:
        return kind(text)
    except ValueError:
        return None


@st.composite
def cli_arguments(draw: st.DrawFn, output_dir: Path) -> list[str]:
    """A command line mixing valid and invalid commands, options, values and positionals.

    Unknown presets, out-of-range seeds, unwritable outputs, non-numbers, unknown options,
    missing values and stray words. Presets other than kutai-timur are never named (the
    province and national presets would take seconds to minutes to generate).
    """
    command = draw(
        st.sampled_from(["generate", "solve", "check", "explain", "", "solv", "GENERATE", "-h"])
    )
    output = output_dir / f"out-{next(_names)}.json"
    pairs = [
        ["--preset", draw(st.one_of(st.just("kutai-timur"), _words))],
        ["--seed", draw(st.one_of(st.integers().map(str), _not_int))],
        ["-o", str(draw(st.sampled_from([output, output_dir / "no-such-folder" / "x.json"])))],
        ["--time-limit", draw(st.one_of(st.sampled_from(["0", "0.05", "0.1"]), _not_float))],
        ["--workers", draw(st.one_of(st.just("1"), _not_int))],
        [draw(st.sampled_from(_UNKNOWN_OPTIONS)), draw(_words)],
    ]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=4))
    positionals = [
        [word]
        for word in draw(
            st.lists(
                st.one_of(_words, st.sampled_from([".", "missing.json", "pyproject.toml"])),
                max_size=3,
            )
        )
    ]
    parts = draw(st.permutations(chosen + positionals))
    args = [command] if command else []
    for part in parts:
        args += part
    if draw(st.booleans()):  # an option without its value, last
        args.append(draw(st.sampled_from(["--preset", "--seed", "-o", "--time-limit"])))
    return args


@fuzz_settings("cli", fixtures=True)
@given(data=st.data())
def test_cli_on_garbage_arguments(
    fuzz_dir: Path, capsys: pytest.CaptureFixture[str], data: st.DataObject
) -> None:
    args = data.draw(cli_arguments(fuzz_dir), label="args")
    status, out, err = run_cli(args, capsys)
    assert_clean_exit(status, out, err)
    record("cli_arguments", f"exit {status}")


@st.composite
def cli_file_cases(draw: st.DrawFn) -> tuple[list[str], bytes, bytes]:
    """A solve, check or explain command over a garbage scenario (and plan) file."""
    scenario, _ = draw(garbage_files())
    plan, _ = draw(garbage_files(_plan_data()))
    command = draw(
        st.sampled_from(
            [
                ["solve", "{scenario}", "--time-limit", "0.05", "--workers", "1"],
                ["solve", "{scenario}", "--time-limit", "0.05", "--workers", "1", "-o", "{out}"],
                ["check", "{scenario}", "{plan}"],
                ["explain", "{scenario}", "{plan}", "--lang", "id"],
            ]
        )
    )
    return command, scenario, plan


@fuzz_settings("cli", fixtures=True)
@given(case=cli_file_cases())
def test_cli_on_garbage_files(
    fuzz_dir: Path,
    capsys: pytest.CaptureFixture[str],
    case: tuple[list[str], bytes, bytes],
) -> None:
    command, scenario_bytes, plan_bytes = case
    scenario_path, plan_path = _fresh(fuzz_dir), _fresh(fuzz_dir)
    out_path = _fresh(fuzz_dir)
    scenario_path.write_bytes(scenario_bytes)
    plan_path.write_bytes(plan_bytes)
    names = {"scenario": str(scenario_path), "plan": str(plan_path), "out": str(out_path)}
    args = [part.format(**names) for part in command]
    try:
        try:
            read_scenario(scenario_path)
            if args[0] in ("check", "explain"):
                read_plan(plan_path)
        except ScenarioError as error:
            expected_error: ScenarioError | None = error
        else:
            expected_error = None
        status, out, err = run_cli(args, capsys)
        assert_clean_exit(status, out, err)
        if expected_error is not None:
            assert status == 2, (status, out[-500:])
            # the language asked for; a scenario read well is reported before a bad plan
            errors = [line for line in err.splitlines() if line.startswith(("error: ", "galat: "))]
            assert errors, err[:200]
            assert (str(scenario_path) in err) or (str(plan_path) in err), err[:200]
        record("cli_files", f"exit {status}")
    finally:
        for path in (scenario_path, plan_path, out_path):
            path.unlink(missing_ok=True)


# --- crashes the fuzz suite found, now fixed -----------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["generate", "--preset", "nope"], id="unknown-preset"),
        pytest.param(["generate", "--seed", "-1"], id="negative-seed"),
        pytest.param(["generate", "-o", "{missing}/region.json"], id="missing-output-folder"),
        pytest.param(["solve", "{scenario}", "--seed", str(2**64)], id="seed-beyond-int64"),
    ],
)
def test_cli_rejects_bad_generate_values(
    args: list[str], fuzz_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = _fresh(fuzz_dir)
    scenario.write_text(json.dumps(tiny_scenario_data()), encoding="utf-8")
    names = {"missing": str(fuzz_dir / "no-such-folder"), "scenario": str(scenario)}
    filled = [part.format(**names) for part in args]
    if filled[0] == "generate" and "-o" not in filled:
        filled += ["-o", str(_fresh(fuzz_dir))]
    status, _out, err = run_cli(filled, capsys)
    assert status == 2
    assert err.startswith(("error: ", "galat: "))  # galat: the default language, id


# --- crashes the fuzz suite found, fixed in find_problems -------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("agencies", 1, "headcount"), 10**400, "headcount"),
        (("policy", "status_priority"), {"maju": 10**30}, "status_priority.maju"),
        (
            ("policy", "objective"),
            {"mode": "weighted", "weights": {"coverage": 10**30, "locality": 1, "travel": -1}},
            "objective.weights.coverage",
        ),
        (
            ("policy", "objective"),
            {"locality_scores": {"village": 10**30, "kecamatan": 1, "adjacent": 1, "radius": 0}},
            "objective.locality_scores.village",
        ),
    ],
    ids=["headcount", "status-priority", "weight", "locality-score"],
)
def test_numbers_too_large_for_the_model_are_rejected(
    path: tuple[Any, ...], value: Any, field: str
) -> None:
    """Such scenarios used to validate, then crash solve with OverflowError."""
    data = tiny_scenario_data()
    target = data
    for part in path[:-1]:
        target = target.setdefault(part, {}) if isinstance(part, str) else target[part]
    target[path[-1]] = value
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data)
    assert any(p.field == field for p in caught.value.problems), caught.value


def test_deeply_nested_value_is_a_named_problem(fuzz_dir: Path) -> None:
    """A status nested 1,000 levels deep used to escape validation as a RecursionError."""
    data = tiny_scenario_data()
    data["villages"][0]["status"] = Deep(1_000).build()
    with pytest.raises(ValidationError):
        Scenario.model_validate(data)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data)
    assert caught.value.problems[0].record == "villages[0] code=64.08.01.2001"
    data["villages"][0]["status"] = Deep(600).build()  # as deep as json.dumps goes
    path = _fresh(fuzz_dir)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ScenarioError) as from_file:
        read_scenario(path)
    assert from_file.value.problems[0].record.startswith("villages[0]")


def test_weighted_scenario_with_baseline_solves() -> None:
    """Weighted mode, a baseline and no ``stability`` weight used to raise KeyError in solve."""
    data = tiny_scenario_data()
    data["policy"] = {
        "objective": {"mode": "weighted", "tiers": ["coverage"], "weights": {"coverage": 1}}
    }
    data["baseline"] = [
        {"officer_id": "199001012020121001", "cooperative_id": "KDMP-001", "role": "manajer"}
    ]
    scenario = parse_scenario(data)
    plan = solve(scenario, time_limit=1, workers=1)
    assert plan.status.value in ("OPTIMAL", "FEASIBLE")


def test_file_name_with_a_nul_character_is_a_named_problem(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``koperasi-alloc explain $'\\x00'`` used to end in ValueError: embedded null byte."""
    with pytest.raises(ScenarioError) as caught:
        read_scenario("region\x00.json")
    assert caught.value.problems[0].record == "file"
    status, out, err = run_cli(["explain", "\x00"], capsys)
    assert_clean_exit(status, out, err)
    assert status == 2


def test_tiny_radius_solves() -> None:
    """A positive radius below a metre used to overflow the grid keys (found by fuzzing)."""
    data = tiny_scenario_data()
    data["policy"] = {"radius_km": 1e-126}
    scenario = parse_scenario(data)
    plan = solve(scenario, time_limit=1, workers=1)
    assert plan.status.value in ("OPTIMAL", "FEASIBLE")
