"""The one place for the transcendental functions numbamix formulas use.

Family code calls these, never ``math``/``numpy`` directly, so the
implementation can be swapped here (libm today; vectorisable polynomial
versions later) without touching any formula.
"""

import math

from ._jit import formula

LOG_2 = math.log(2.0)
LOG_PI = math.log(math.pi)
HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
SQRT_2 = math.sqrt(2.0)
INF = math.inf
NAN = math.nan


@formula
def exp(x):
    return math.exp(x)


@formula
def log(x):
    """Natural logarithm: log(0) = -inf, log(x < 0) = nan (libm, no exception)."""
    return math.log(x)


@formula
def log1p(x):
    return math.log1p(x)


@formula
def expm1(x):
    return math.expm1(x)


@formula
def sqrt(x):
    return math.sqrt(x) if x >= 0.0 else NAN


@formula
def lgamma(x):
    """log|Gamma(x)|; ``inf`` at the poles (0, -1, -2, ...)."""
    return math.lgamma(x)


@formula
def erfc(x):
    return math.erfc(x)


@formula
def cos(x):
    return math.cos(x)
