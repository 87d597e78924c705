"""The front end: picklable distribution objects with PyMC's names and shapes."""

from . import univariate
from .base import Distribution, FamilyDistribution
from .categorical import Categorical
from .mixture import Mixture
from .univariate import *  # noqa: F403 (one class per registered family)

__all__ = ["Categorical", "Distribution", "FamilyDistribution", "Mixture", *univariate.__all__]
