"""Exponentially modified Gaussian distribution (Normal(mu, sigma) plus Exponential(1/nu)).

.. math:: \\log p(x) = -\\log\\nu + \\tfrac12 s^2 - s z + \\log\\Phi(z - s),
   \\qquad z = (x - \\mu)/\\sigma, \\quad s = \\sigma/\\nu, \\quad x \\in \\mathbb{R}

With the Mills ratio :math:`M(w) = \\Phi(-w)/\\varphi(w)`, the same density is
:math:`\\varphi(z) M(s - z)/\\nu`, used where :math:`s > z`: the exponents
:math:`s^2/2 - sz` and :math:`\\log\\Phi(z - s)` would cancel there, and this form
is exact (no switch to a normal density for small ``nu`` as in PyMC). With
:math:`T = \\nu p(x)`, the cdf is :math:`\\Phi(z) - T` and the survival
function :math:`\\Phi(-z) + T`: each log is taken from the smaller of the two
(``log1p(-exp(.))`` of the other where it is above 1/2). The difference
:math:`\\Phi(z) - T = \\varphi(z)(M(-z) - M(s - z))` cancels by a factor of
about :math:`(1 + |z|)/s` where ``nu`` is much larger than ``sigma``.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula, leaf_formula
from ._gradient import normal_hazard, with_gradient
from ._registry import POSITIVE, REAL, Param, register, scipy_stats

#: Where m.mills_ratio switches to its continued fraction (logp_vector leaves that to logp).
_MILLS_CF_FROM = 6.0


class ExGaussianKernel(NamedTuple):
    mu: float
    sigma: float
    nu: float
    inv_sigma: float
    s: float  # sigma / nu
    log_nu: float


@formula
def make_kernel(mu, sigma, nu):
    return ExGaussianKernel(mu, sigma, nu, 1.0 / sigma, sigma / nu, m.log(nu))


@formula
def _log_t(k, z):
    """log(nu p(x)) = log(exp(s^2/2 - s z) Phi(z - s))."""
    w = k.s - z
    if w >= 0.0:
        return -0.5 * z * z - m.HALF_LOG_2PI + m.log(m.mills_ratio(w))
    return k.s * (0.5 * k.s - z) + m.log_ndtr(-w)


@formula
def _log_sf(z, log_t):
    """log(Phi(-z) + T): a sum of positive terms."""
    a = m.log_ndtr(-z)
    hi = max(a, log_t)
    if hi == -m.INF:
        return hi
    return hi + m.log1p(m.exp(min(a, log_t) - hi))


@formula
def _log_cdf(k, z, log_t):
    """log(Phi(z) - T): Mills ratios below the mean of the normal part, a log1mexp above."""
    if z < 0.0:
        return -0.5 * z * z - m.HALF_LOG_2PI + m.log(m.mills_ratio(-z) - m.mills_ratio(k.s - z))
    log_phi = m.log_ndtr(z)
    return log_phi + m.log(-m.expm1(log_t - log_phi))


@formula
def logp(k, x):
    value = logp_vector(k, x, 0.0, 0.0)
    if value == value:
        return value
    return _log_t(k, (x - k.mu) * k.inv_sigma) - k.log_nu


@leaf_formula
def logp_vector(k, x, log_x, log_factorial_x):
    """logp where s - z < 6, branch-free (both forms of ``_log_t`` from one log_ndtr, the values
    ``_log_t`` gives); nan elsewhere (``logp`` decides)."""
    z = (x - k.mu) * k.inv_sigma
    w = k.s - z
    log_phi = m.log_ndtr(-w)
    # w >= 0: log of phi(z) M(w), M(w) = exp(log Phi(-w) + w^2/2) sqrt(2 pi) as m.mills_ratio below 6
    mills = -0.5 * z * z - m.HALF_LOG_2PI + m.log(m.exp(log_phi + 0.5 * w * w + m.HALF_LOG_2PI))
    direct = k.s * (0.5 * k.s - z) + log_phi
    value = (mills if w >= 0.0 else direct) - k.log_nu
    return value if w < _MILLS_CF_FROM else m.NAN


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``mu``, ``sigma``, ``nu``, ``x``: with :math:`z = (x - \\mu)/\\sigma`,
    :math:`s = \\sigma/\\nu` and :math:`h = \\phi(z - s)/\\Phi(z - s)`,
    :math:`(1/\\nu - h/\\sigma,\\ s/\\nu - h(z + s)/\\sigma,\\ (sz + sh - 1 - s^2)/\\nu,\\ h/\\sigma - 1/\\nu)`."""
    z = (x - k.mu) * k.inv_sigma
    h = normal_hazard(z - k.s)
    inv_nu = k.s * k.inv_sigma
    d_mu = inv_nu - h * k.inv_sigma
    d_sigma = k.s * inv_nu - h * (z + k.s) * k.inv_sigma
    d_nu = (k.s * (z + h - k.s) - 1.0) * inv_nu
    return with_gradient(logp(k, x), (d_mu, d_sigma, d_nu, -d_mu))


@formula
def logcdf(k, x):
    z = (x - k.mu) * k.inv_sigma
    log_t = _log_t(k, z)
    log_sf = _log_sf(z, log_t)
    if log_sf < -m.LOG_2:
        return m.log1p(-m.exp(log_sf))
    return _log_cdf(k, z, log_t)


@formula
def logccdf(k, x):
    z = (x - k.mu) * k.inv_sigma
    log_t = _log_t(k, z)
    log_cdf = _log_cdf(k, z, log_t)
    if log_cdf < -m.LOG_2:
        return m.log1p(-m.exp(log_cdf))
    return _log_sf(z, log_t)


@formula
def draw(k, state):
    return k.mu + k.sigma * rnd.standard_normal(state) + k.nu * rnd.standard_exponential(state)


@formula
def mean(k):
    return k.mu + k.nu


@formula
def variance(k):
    return k.sigma * k.sigma + k.nu * k.nu


FAMILY = register(
    globals(),
    "ExGaussian",
    params=(
        Param("mu", REAL, (-10.0, 10.0), 0.0),
        Param("sigma", POSITIVE, (0.1, 10.0), 1.0),
        Param("nu", POSITIVE, (0.1, 10.0)),
    ),
    discrete=False,
    reference=lambda mu, sigma, nu: scipy_stats().exponnorm(nu / sigma, loc=mu, scale=sigma),
)
