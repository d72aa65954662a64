"""Reading and writing scenarios and plans.

The JSON reader and writer live in :mod:`koperasi_alloc.io.json_io` and need nothing beyond
the core dependencies; so do the CSV folder (:mod:`koperasi_alloc.io.csv_folder`) and GeoJSON
(:mod:`koperasi_alloc.io.geojson`) formats. :func:`read_scenario`, :func:`write_scenario` and
:func:`read_plan` and :func:`write_plan` (:mod:`koperasi_alloc.io.formats`) choose the
format by the path and refuse a suffix they do not write. The Excel functions
(:mod:`koperasi_alloc.io.excel`) need openpyxl and are imported on first use, so importing
``koperasi_alloc.io`` never needs it. :func:`save_scenario`, :func:`load_scenario`,
:func:`save_plan` and :func:`load_plan` are deprecated aliases
(:mod:`koperasi_alloc.io.deprecated`). The Excel and CSV readers share one table layer
(:mod:`koperasi_alloc.io.tables`); values they read in another form than written are
reported as :class:`Note` (pass ``notes=[]``).
"""

from typing import Any

from koperasi_alloc.io.csv_folder import read_scenario_csv, write_scenario_csv
from koperasi_alloc.io.deprecated import load_plan, load_scenario, save_plan, save_scenario
from koperasi_alloc.io.formats import (
    detect_format,
    read_plan,
    read_plan_locks,
    read_scenario,
    write_plan,
    write_scenario,
)
from koperasi_alloc.io.geojson import assignments_geojson, villages_geojson, write_geojson
from koperasi_alloc.io.limits import InputLimits
from koperasi_alloc.io.tables.messages import Note, TableError

_EXCEL = (
    "read_plan_locks_xlsx",
    "read_plan_review",
    "read_scenario_xlsx",
    "write_plan_xlsx",
    "write_scenario_xlsx",
    "write_template",
)

__all__ = [
    "InputLimits",
    "Note",
    "TableError",
    "assignments_geojson",
    "detect_format",
    "load_plan",
    "load_scenario",
    "read_plan",
    "read_plan_locks",
    "read_plan_locks_xlsx",
    "read_plan_review",
    "read_scenario",
    "read_scenario_csv",
    "read_scenario_xlsx",
    "save_plan",
    "save_scenario",
    "villages_geojson",
    "write_geojson",
    "write_plan",
    "write_plan_xlsx",
    "write_scenario",
    "write_scenario_csv",
    "write_scenario_xlsx",
    "write_template",
]


def __getattr__(name: str) -> Any:
    """Import the Excel functions (and openpyxl) only when first used."""
    if name in _EXCEL:
        from koperasi_alloc.io import excel

        return getattr(excel, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
