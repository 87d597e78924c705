"""Component families: one module of scalar formulas per family, one registry.

Importing this package imports every family module in it (each registers its
family in :data:`FAMILIES` when imported), so adding a family is adding its
module. Nothing is compiled here: a family compiles on first use.
"""

import importlib
import pkgutil

from ._registry import BY_KERNEL, FAMILIES, Family, Param, Parametrization

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["BY_KERNEL", "FAMILIES", "Family", "Param", "Parametrization"]
