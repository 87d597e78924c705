"""Component families: one module of scalar formulas per family, one registry.

Importing this package registers every family in :data:`FAMILIES`.
"""

from . import binomial, exponential, gamma, lognormal, negative_binomial, normal, poisson, student_t, uniform
from ._registry import BY_KERNEL, FAMILIES, Family, Param, Parametrization

__all__ = ["BY_KERNEL", "FAMILIES", "Family", "Param", "Parametrization"]
__all__ += ["binomial", "exponential", "gamma", "negative_binomial", "normal", "poisson"]
__all__ += ["lognormal", "student_t", "uniform"]
