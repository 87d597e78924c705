"""Weibull distribution (shape ``alpha``, scale ``beta``).

.. math:: \\log p(x) = \\log\\alpha - \\log\\beta + (\\alpha - 1)\\log z - z^\\alpha,
   \\qquad z = x/\\beta, \\quad x \\ge 0

The cdf is :math:`1 - e^{-z^\\alpha}`, the survival function :math:`e^{-z^\\alpha}`.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support, times_log, whole_mass
from ._gradient import with_gradient
from ._registry import POSITIVE, Param, register, scipy_stats


class WeibullKernel(NamedTuple):
    alpha: float
    beta: float
    log_beta: float
    log_norm: float  # log(alpha) - log(beta)


@formula
def make_kernel(alpha, beta):
    return WeibullKernel(alpha, beta, m.log(beta), m.log(alpha) - m.log(beta))


@formula
def logp(k, x):
    return logp_vector(k, x, m.log(x), 0.0)


@formula
def logp_vector(k, x, log_x, log_factorial_x):
    """logp, given ``log_x = log(x)``: branch-free, exact everywhere (``log_factorial_x`` unused)."""
    log_z = log_x - k.log_beta
    # at x = 0: (alpha - 1) log z is +inf, 0 (alpha = 1) or -inf, and z^alpha = 0
    value = k.log_norm + times_log(k.alpha - 1.0, log_z) - m.exp(k.alpha * log_z)
    return value if x >= 0.0 and x < m.INF else off_support(x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``alpha``, ``beta``, ``x``: with :math:`\\ell = \\log(x/\\beta)`
    and :math:`t = (x/\\beta)^\\alpha`, :math:`(1/\\alpha + \\ell(1 - t),\\ \\alpha(t - 1)/\\beta,\\
    (\\alpha - 1 - \\alpha t)/x)`."""
    log_z = m.log(x) - k.log_beta
    t = m.exp(k.alpha * log_z)
    d_alpha = 1.0 / k.alpha + log_z * (1.0 - t)
    return with_gradient(logp(k, x), (d_alpha, k.alpha * (t - 1.0) / k.beta, (k.alpha - 1.0 - k.alpha * t) / x))


@formula
def _log_power(k, x):
    """``alpha log(x / beta)``, the log of ``z^alpha``, for x > 0."""
    return k.alpha * (m.log(x) - k.log_beta)


@formula
def logcdf(k, x):
    if not x > 0.0:
        return off_support(x)
    t = _log_power(k, x)
    # log(1 - exp(-u)) = log u - u/2 + ...: once u = z^alpha < 1e-304, log u = t is exact to 1 ulp
    return m.log1mexp(m.exp(t)) if t > -700.0 else t


@formula
def logccdf(k, x):
    if not x > 0.0:
        return whole_mass(x)
    return -m.exp(_log_power(k, x))


@formula
def draw(k, state):
    return k.beta * m.exp(m.log(rnd.standard_exponential(state)) / k.alpha)


@formula
def mean(k):
    return k.beta * m.exp(m.lgamma(1.0 + 1.0 / k.alpha))


@formula
def variance(k):
    # beta^2 (Gamma(1 + 2/alpha) - Gamma(1 + 1/alpha)^2), the difference by expm1: for a large
    # alpha the two terms agree to ~ 1/alpha^2
    log_second = m.lgamma(1.0 + 2.0 / k.alpha)
    log_first = m.lgamma(1.0 + 1.0 / k.alpha)
    return k.beta * k.beta * m.exp(log_second) * -m.expm1(2.0 * log_first - log_second)


FAMILY = register(
    globals(),
    "Weibull",
    params=(Param("alpha", POSITIVE, (0.5, 10.0)), Param("beta", POSITIVE, (0.1, 10.0))),
    support=(0.0, m.INF),
    discrete=False,
    shared_values=("log",),
    reference=lambda alpha, beta: scipy_stats().weibull_min(alpha, scale=beta),
)
