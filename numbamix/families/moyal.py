"""Moyal distribution.

.. math:: \\log p(x) = -\\tfrac12\\left(z + e^{-z}\\right) - \\log\\sigma - \\tfrac12\\log 2\\pi,
   \\qquad z = (x - \\mu)/\\sigma, \\quad x \\in \\mathbb{R}

The cdf is :math:`\\operatorname{erfc}(u)`, :math:`u = e^{-z/2}/\\sqrt2`; the
survival function :math:`\\operatorname{erf}(u)` is taken from ``erf(u)/u`` and
:math:`\\log u = -z/2 - \\tfrac12\\log 2` where ``u`` is small, so it stays finite
for any ``z``. ``-log X`` of a :math:`\\chi^2_1` variable ``X`` is standard Moyal.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._gradient import with_gradient
from ._registry import POSITIVE, REAL, Param, register, scipy_stats

#: Euler's constant plus log 2: the mean of the standard Moyal distribution.
_MEAN_OFFSET = 0.5772156649015329 + 0.6931471805599453
_HALF_PI_SQUARED = 4.934802200544679
#: Below this u, erf(u) comes from the series of erf(u)/u (no cancellation in 1 - erfc).
_SERIES_BELOW = 0.5


class MoyalKernel(NamedTuple):
    mu: float
    sigma: float
    inv_sigma: float
    log_norm: float  # -log(sigma) - log(2 pi)/2


@formula
def make_kernel(mu, sigma):
    return MoyalKernel(mu, sigma, 1.0 / sigma, -m.log(sigma) - m.HALF_LOG_2PI)


@formula
def logp(k, x):
    z = (x - k.mu) * k.inv_sigma
    # exp(-z)/2 as one exp: finite down to z = -710.4; z = -inf would give -inf + inf
    return -m.INF if z == -m.INF else k.log_norm - 0.5 * z - m.exp(-z - m.LOG_2)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``mu``, ``sigma``, ``x``: with :math:`z = (x - \\mu)/\\sigma`
    and :math:`g = (1 - e^{-z})/2`, :math:`(g/\\sigma,\\ (zg - 1)/\\sigma,\\ -g/\\sigma)`."""
    z = (x - k.mu) * k.inv_sigma
    g = -0.5 * m.expm1(-z)
    return with_gradient(logp(k, x), (g * k.inv_sigma, (z * g - 1.0) * k.inv_sigma, -g * k.inv_sigma))


@formula
def logcdf(k, x):
    z = (x - k.mu) * k.inv_sigma
    u = m.exp(-0.5 * z) / m.SQRT_2
    if u < _SERIES_BELOW:
        return m.log1p(-u * m.erf_over_x(u))
    # log erfc(u) = log 2 + log Phi(-sqrt(2) u), finite far into the lower tail
    return m.LOG_2 + m.log_ndtr(-m.exp(-0.5 * z))


@formula
def logccdf(k, x):
    z = (x - k.mu) * k.inv_sigma
    u = m.exp(-0.5 * z) / m.SQRT_2
    if u < _SERIES_BELOW:
        # log erf(u) = log u + log(erf(u)/u) with log u exact even where u underflows
        return -0.5 * (z + m.LOG_2) + m.log(m.erf_over_x(u))
    return m.log1p(-m.erfc(u))


@formula
def draw(k, state):
    g = rnd.standard_normal(state)
    return k.mu - k.sigma * m.log(g * g)


@formula
def mean(k):
    return k.mu + k.sigma * _MEAN_OFFSET


@formula
def variance(k):
    return _HALF_PI_SQUARED * k.sigma * k.sigma


FAMILY = register(
    globals(),
    "Moyal",
    params=(Param("mu", REAL, (-10.0, 10.0), 0.0), Param("sigma", POSITIVE, (0.1, 10.0), 1.0)),
    discrete=False,
    reference=lambda mu, sigma: scipy_stats().moyal(mu, sigma),
)
