"""Scenario edits, kept importable here: they live in :mod:`koperasi_alloc.scenario.edits`.

The scenario layer owns them so that ``Scenario.with_policy`` and friends import nothing
from a higher layer.
"""

from koperasi_alloc.scenario.edits import (
    as_assignments,
    scale_release,
    with_agency_caps,
    with_baseline,
    with_cooperatives,
    with_legal_entity,
    with_locks,
    with_officers_unavailable,
    with_policy,
    without_officers,
)

__all__ = [
    "as_assignments",
    "scale_release",
    "with_agency_caps",
    "with_baseline",
    "with_cooperatives",
    "with_legal_entity",
    "with_locks",
    "with_officers_unavailable",
    "with_policy",
    "without_officers",
]
