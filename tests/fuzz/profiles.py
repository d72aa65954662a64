"""Hypothesis profiles of the fuzz suite, and the tally of generated inputs.

Two profiles, chosen with the environment variable ``KOPERASI_FUZZ_PROFILE``:

``ci`` (default)
    A small slice of every fuzz test, run by ``make test`` in a few seconds.
``fuzz``
    The dedicated large run of ``make fuzz``: at least 10,000 malformed inputs over the
    input tests and 1,000 planted regions over the solver tests. The tests are then marked
    ``fuzz`` (see ``conftest.py``), so ``pytest -m "not fuzz"`` leaves them out.

Each test asks :func:`fuzz_settings` for its settings by budget name, and calls
:func:`record` once per generated input with how it ended, so the totals can be quoted
(``conftest.py`` prints them at the end of the session and writes them to the JSON file
named by ``KOPERASI_FUZZ_REPORT`` when set).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict

from hypothesis import HealthCheck, settings

__all__ = ["COUNTS", "PROFILE", "fuzz_settings", "is_fuzz_run", "record"]

ENV_PROFILE = "KOPERASI_FUZZ_PROFILE"
PROFILE = os.environ.get(ENV_PROFILE, "ci")
if PROFILE not in ("ci", "fuzz"):
    raise RuntimeError(f"{ENV_PROFILE} must be 'ci' or 'fuzz', not {PROFILE!r}")

# Examples per test, by budget name. Input tests: 4 x 2,500 + 3 x 1,000 = 13,000 in the
# fuzz profile. Solver tests: 5 sizes x 160 + 2 x 100 = 1,000 planted regions.
_BUDGETS: dict[str, dict[str, int]] = {
    "ci": {"inputs": 60, "files": 40, "cli": 25, "solver": 4},
    "fuzz": {"inputs": 2_500, "files": 1_000, "cli": 1_000, "solver": 160},
}

_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "ci", max_examples=_BUDGETS["ci"]["inputs"], deadline=None, suppress_health_check=_SUPPRESS
)
settings.register_profile(
    "fuzz",
    max_examples=_BUDGETS["fuzz"]["inputs"],
    deadline=None,
    suppress_health_check=_SUPPRESS,
    print_blob=True,
)

COUNTS: defaultdict[str, Counter[str]] = defaultdict(Counter)
"""Inputs run per test name, by outcome (e.g. ``rejected``, ``accepted``)."""


def is_fuzz_run() -> bool:
    """Whether this is the large ``fuzz`` profile."""
    return PROFILE == "fuzz"


def fuzz_settings(budget: str, scale: float = 1.0, *, fixtures: bool = False) -> settings:
    """Settings of the active profile with the example count of ``budget``.

    Parameters
    ----------
    budget
        One of ``inputs``, ``files``, ``cli``, ``solver``.
    scale
        Multiplies the example count (at least 1 example is run).
    fixtures
        True for a test that uses a function-scoped fixture on purpose (``capsys``, read
        and cleared by every example).
    """
    count = max(1, round(_BUDGETS[PROFILE][budget] * scale))
    suppress = [*_SUPPRESS, HealthCheck.function_scoped_fixture] if fixtures else _SUPPRESS
    return settings(
        parent=settings.get_profile(PROFILE), max_examples=count, suppress_health_check=suppress
    )


def record(test: str, outcome: str) -> None:
    """Count one generated input of ``test`` that ended in ``outcome``."""
    COUNTS[test][outcome] += 1
