"""Geometric distribution: the trial of the first success.

.. math:: \\log p(x) = \\log p + (x - 1)\\log(1 - p), \\qquad x \\in \\{1, 2, 3, \\dots\\}

The survival function is :math:`(1 - p)^{\\lfloor x\\rfloor}`: logccdf is
:math:`\\lfloor x\\rfloor \\log(1 - p)` and logcdf its log-space complement.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support, times_log
from ._counts import below_support, round_half_even, whole
from ._gradient import ratio, with_gradient
from ._registry import Domain, Param, register, scipy_stats


class GeometricKernel(NamedTuple):
    p: float
    log_p: float
    log_q: float  # log(1 - p)


@formula
def make_kernel(p):
    return GeometricKernel(p, m.log(p), m.log1p(-p))


@formula
def logp(k, x):
    if not (x >= 1.0 and x < m.INF and x == whole(x)):
        return off_support(x)
    return k.log_p + times_log(x - 1.0, k.log_q)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``p`` and ``x``: :math:`(1/p - (x - 1)/(1 - p),\\ \\mathrm{nan})`."""
    return with_gradient(logp(k, x), (1.0 / k.p - ratio(x - 1.0, 1.0 - k.p), m.NAN))


@formula
def logcdf(k, x):
    if not x >= 1.0:
        return off_support(x)
    return m.log1mexp(-whole(x) * k.log_q)


@formula
def logccdf(k, x):
    if not x >= 1.0:
        return below_support(x)
    return whole(x) * k.log_q


@formula
def draw(k, state):
    # inversion: 1 + floor(E / -log(1 - p)), E standard exponential (p = 1 gives 1)
    return 1.0 + whole(rnd.standard_exponential(state) / -k.log_q)


@formula
def mean(k):
    return 1.0 / k.p


@formula
def variance(k):
    return (1.0 - k.p) / (k.p * k.p)


@formula
def support_point(k):
    return round_half_even(1.0 / k.p)  # PyMC's round(1 / p)


#: PyMC's docstring: 0 < p <= 1 (p = 0 has no mass anywhere)
_OPEN_PROBABILITY = Domain("in (0, 1]", lambda v: (v > 0) & (v <= 1))

FAMILY = register(
    globals(),
    "Geometric",
    params=(Param("p", _OPEN_PROBABILITY, (1e-3, 1.0)),),
    support=(1.0, m.INF),
    discrete=True,
    reference=lambda p: scipy_stats().geom(p),
)
