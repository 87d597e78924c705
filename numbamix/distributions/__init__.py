"""The front end: picklable distribution objects with PyMC's names and shapes."""

from .base import Distribution, FamilyDistribution
from .mixture import Mixture
from .univariate import (
    Binomial,
    Exponential,
    Gamma,
    LogNormal,
    NegativeBinomial,
    Normal,
    Poisson,
    StudentT,
    Uniform,
)

__all__ = ["Binomial", "Distribution", "Exponential", "FamilyDistribution", "Gamma", "Mixture"]
__all__ += ["LogNormal", "NegativeBinomial", "Normal", "Poisson", "StudentT", "Uniform"]
