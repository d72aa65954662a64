"""The default install never needs HiGHS: with highspy hidden, solve works and proves the
same tiers (issue 32's acceptance; the library has no HiGHS stage, and this keeps it so
for any that is added as an optional accelerator)."""

from __future__ import annotations

import json
import subprocess
import sys

from koperasi_alloc.solver import solve
from koperasi_alloc.synth import generate

HIDDEN = """
import json, sys
sys.modules["highspy"] = None  # any import of highspy now raises ImportError
from koperasi_alloc.solver import solve
from koperasi_alloc.synth import generate
plan = solve(generate("kutai-timur", seed=3, n_officers=300), time_limit=60, workers=2)
assert "highspy" not in [m for m, v in sys.modules.items() if v is not None]
print(json.dumps([[t.name, t.value, t.proven] for t in plan.tiers]))
"""


def test_solve_proves_the_same_tiers_with_highspy_hidden() -> None:
    shown = solve(generate("kutai-timur", seed=3, n_officers=300), time_limit=60, workers=2)
    ran = subprocess.run(
        [sys.executable, "-c", HIDDEN], capture_output=True, text=True, check=True, timeout=300
    )
    hidden = json.loads(ran.stdout.strip().splitlines()[-1])
    assert all(proven for _, _, proven in hidden)
    assert hidden == [[t.name, t.value, t.proven] for t in shown.tiers]
