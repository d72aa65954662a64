"""The hard rules, one module each. Every module has ``add(ctx)``, which adds the rule to
the CP-SAT model, and ``describe(...)``, which says one instance of it in English and
Bahasa Indonesia. The checker has a twin module of the same name for each."""

from koperasi_alloc.model.rules import (
    agency_release,
    baseline_changes,
    cooperative_capacity,
    locks,
    officer_capacity,
    slot_capacity,
    weekly_hours,
)

RULES = (
    slot_capacity,
    cooperative_capacity,
    officer_capacity,
    weekly_hours,
    agency_release,
    locks,
    baseline_changes,
)

__all__ = ["RULES"]
