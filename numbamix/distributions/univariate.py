"""The front-end classes of the registered univariate families.

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


Normal = _family_class("Normal")
StudentT = _family_class("StudentT")
Poisson = _family_class("Poisson")
Exponential = _family_class("Exponential")
Gamma = _family_class("Gamma")
LogNormal = _family_class("LogNormal")
Uniform = _family_class("Uniform")
Binomial = _family_class("Binomial")
NegativeBinomial = _family_class("NegativeBinomial")

__all__ = ["Binomial", "Exponential", "Gamma", "NegativeBinomial", "Normal", "Poisson"]
__all__ += ["LogNormal", "StudentT", "Uniform"]
