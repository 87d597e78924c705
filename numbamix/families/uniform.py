"""Continuous uniform distribution on ``[lower, upper]``.

.. math:: \\log p(x) = -\\log(\\mathrm{upper} - \\mathrm{lower}),
   \\qquad \\mathrm{lower} \\le x \\le \\mathrm{upper}
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support
from ._gradient import with_gradient
from ._registry import REAL, Param, register, scipy_stats


class UniformKernel(NamedTuple):
    lower: float
    upper: float
    width: float
    log_width: float


@formula
def make_kernel(lower, upper):
    return UniformKernel(lower, upper, upper - lower, m.log(upper - lower))


@formula
def logp(k, x):
    if x >= k.lower and x <= k.upper:
        return -k.log_width
    return off_support(x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``lower``, ``upper``, ``x``: :math:`(1/w,\\ -1/w,\\ 0)`,
    :math:`w = \\mathrm{upper} - \\mathrm{lower}` (the density is flat in ``x``)."""
    return with_gradient(logp(k, x), (1.0 / k.width, -1.0 / k.width, 0.0))


@formula
def logcdf(k, x):
    if x >= k.upper:
        return 0.0
    if x > k.lower:
        return m.log((x - k.lower) / k.width)
    return off_support(x)


@formula
def logccdf(k, x):
    if x <= k.lower:
        return 0.0
    if x < k.upper:
        return m.log((k.upper - x) / k.width)
    return x if x != x else -m.INF


@formula
def draw(k, state):
    return k.lower + k.width * rnd.uniform(state)


@formula
def mean(k):
    return 0.5 * (k.lower + k.upper)


@formula
def variance(k):
    return k.width * k.width / 12.0


@formula
def support(k):
    return k.lower, k.upper


def _lower_below_upper(values):
    return values["lower"] < values["upper"], "'lower' must be < 'upper'"


FAMILY = register(
    globals(),
    "Uniform",
    params=(Param("lower", REAL, (-10.0, 0.0), 0.0), Param("upper", REAL, (0.5, 10.0), 1.0)),
    constraint=_lower_below_upper,
    discrete=False,
    reference=lambda lower, upper: scipy_stats().uniform(lower, upper - lower),
)
