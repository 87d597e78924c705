"""Discrete uniform distribution on the integers ``lower .. upper``.

.. math:: \\log p(x) = -\\log(\\mathrm{upper} - \\mathrm{lower} + 1),
   \\qquad x \\in \\{\\mathrm{lower}, \\mathrm{lower} + 1, \\dots, \\mathrm{upper}\\}

As in PyMC, ``lower`` and ``upper`` are rounded down to integers.
"""

from typing import NamedTuple

import numpy as np

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support
from ._counts import below_support, whole
from ._gradient import with_gradient
from ._registry import REAL, Param, register, scipy_stats


class DiscreteUniformKernel(NamedTuple):
    lower: float  # floor(lower)
    upper: float  # floor(upper)
    count: float  # upper - lower + 1
    log_count: float


@formula
def make_kernel(lower, upper):
    lo, hi = whole(lower), whole(upper)
    return DiscreteUniformKernel(lo, hi, hi - lo + 1.0, m.log(hi - lo + 1.0))


@formula
def logp(k, x):
    inside = x >= k.lower and x <= k.upper and x == whole(x)
    return -k.log_count if inside else off_support(x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``lower``, ``upper``, ``x``: ``(0, 0, nan)`` (the mass is
    constant in the bounds between integers; ``x`` is a count)."""
    return with_gradient(logp(k, x), (0.0, 0.0, m.NAN))


@formula
def _log_fraction(j, k):
    """log(j / count) for 0 < j <= count; through log1p near 1, where the quotient's rounding
    would dominate a log value close to 0."""
    rest = k.count - j
    return m.log1p(-rest / k.count) if rest < j else m.log(j / k.count)


@formula
def logcdf(k, x):
    if not x >= k.lower:
        return off_support(x)
    if x >= k.upper:
        return 0.0
    return _log_fraction(whole(x) - k.lower + 1.0, k)


@formula
def logccdf(k, x):
    if not x >= k.lower:
        return below_support(x)
    if x >= k.upper:
        return -m.INF
    return _log_fraction(k.upper - whole(x), k)


@formula
def draw(k, state):
    return min(k.lower + whole(k.count * rnd.uniform(state)), k.upper)


@formula
def mean(k):
    return 0.5 * (k.lower + k.upper)


@formula
def variance(k):
    return (k.count * k.count - 1.0) / 12.0


@formula
def support_point(k):
    return max(whole(0.5 * (k.lower + k.upper)), k.lower)


@formula
def support(k):
    return k.lower, k.upper


def _lower_not_above_upper(values):
    return np.floor(values["lower"]) <= np.floor(values["upper"]), "'lower' must be <= 'upper'"


FAMILY = register(
    globals(),
    "DiscreteUniform",
    params=(Param("lower", REAL, (-10.0, 0.0)), Param("upper", REAL, (0.0, 10.0))),
    constraint=_lower_not_above_upper,
    discrete=True,
    reference=lambda lower, upper: scipy_stats().randint(np.floor(lower), np.floor(upper) + 1.0),
)
