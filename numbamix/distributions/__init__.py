"""The front end: picklable distribution objects with PyMC's names and shapes."""

from . import univariate
from .base import Distribution, FamilyDistribution
from .categorical import Categorical
from .mixture import Mixture, NormalMixture
from .multivariate import Dirichlet, DirichletMultinomial, Multinomial, MvNormal, MvStudentT
from .univariate import *  # noqa: F403 (one class per registered family)

__all__ = ["Categorical", "Distribution", "FamilyDistribution", "Mixture", "NormalMixture", *univariate.__all__]
__all__ += ["Dirichlet", "DirichletMultinomial", "Multinomial", "MvNormal", "MvStudentT"]
