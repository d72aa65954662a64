"""Reading and writing scenarios and plans.

The JSON reader and writer live in :mod:`koperasi_alloc.io.json_io` and need nothing beyond
the core dependencies. Readers for other formats (Excel, CSV) are separate modules of this
package and import their optional dependencies themselves, so importing
``koperasi_alloc.io`` never needs them.
"""

from koperasi_alloc.io.json_io import load_plan, load_scenario, save_plan, save_scenario

__all__ = ["load_plan", "load_scenario", "save_plan", "save_scenario"]
