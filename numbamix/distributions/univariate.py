"""The front-end classes of the registered univariate families, one per registry entry.

Each class is a :class:`FamilyDistribution` bound to one registry entry; its
docstring is the family module's (formula and support).
"""

from ..families import FAMILIES
from .base import FamilyDistribution, parametrization_summary


def _family_class(name):
    family = FAMILIES[name]
    doc = (
        f"{family.doc.strip()}\n\nBuild with ``{name}.dist(...)``; parametrisations: "
        f"{parametrization_summary(family)}.\n"
    )
    return type(name, (FamilyDistribution,), {"family": family, "__doc__": doc, "__module__": __name__})


globals().update({name: _family_class(name) for name in FAMILIES})

__all__ = sorted(FAMILIES)
