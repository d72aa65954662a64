"""Let ``koperasi_alloc.check(...)`` and ``koperasi_alloc.explain(...)`` work as functions.

``check`` and ``explain`` are both a subpackage and the function it exports. Once Python
imports the subpackage, the package attribute ``koperasi_alloc.check`` is the module,
not the function; giving the module a ``__call__`` keeps ``koperasi_alloc.check(scenario,
plan)`` working whichever one the attribute holds.
"""

from __future__ import annotations

import sys
import types
from typing import Any


def make_callable(module_name: str, function_name: str) -> None:
    """Make the module ``module_name`` call its own ``function_name`` when called."""
    module = sys.modules[module_name]

    class CallableModule(types.ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return getattr(self, function_name)(*args, **kwargs)

    module.__class__ = CallableModule
