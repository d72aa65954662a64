"""Fuzz suite setup: profile selection, the ``fuzz`` marker, and the tally of inputs.

``KOPERASI_FUZZ_PROFILE=fuzz`` selects the large profile and marks every test here
``fuzz`` (``make fuzz`` runs ``-m fuzz``); the default ``ci`` profile leaves them unmarked
and small, so ``make test`` (``-m "not fuzz"``) runs them quickly.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.fuzz.profiles import COUNTS, PROFILE, is_fuzz_run

_HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests of this folder ``fuzz`` in the large profile only."""
    if not is_fuzz_run():
        return
    for item in items:
        if _HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.fuzz)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the inputs run per fuzz test and write them where KOPERASI_FUZZ_REPORT says."""
    if not COUNTS:
        return
    totals = {test: dict(outcomes) for test, outcomes in sorted(COUNTS.items())}
    inputs = sum(sum(o.values()) for t, o in totals.items() if "solver" not in t)
    regions = sum(sum(o.values()) for t, o in totals.items() if "solver" in t)
    terminalreporter.section(f"fuzz inputs (profile {PROFILE})")
    for test, outcomes in totals.items():
        detail = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
        terminalreporter.write_line(f"{test}: {sum(outcomes.values())} ({detail})")
    terminalreporter.write_line(
        f"input fuzzing: {inputs} inputs; solver honesty: {regions} regions"
    )
    report = os.environ.get("KOPERASI_FUZZ_REPORT")
    if report:
        path = Path(report)
        path.parent.mkdir(parents=True, exist_ok=True)
        summary = {"profile": PROFILE, "inputs": inputs, "regions": regions, "tests": totals}
        path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        terminalreporter.write_line(f"wrote {path}")
