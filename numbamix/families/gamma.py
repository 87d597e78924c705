"""Gamma distribution (shape ``alpha``, rate ``beta``).

.. math:: \\log p(x) = \\alpha\\log\\beta - \\log\\Gamma(\\alpha) + (\\alpha - 1)\\log x - \\beta x,
   \\qquad x > 0

The cdf is the regularised lower incomplete gamma :math:`P(\\alpha, \\beta x)`.
logp is the direct, vectorised sum for alpha below 100 (its absolute error, a few
alpha eps |log x|, stays below 2e-13); otherwise (and where beta x is below 1e-280)
Loader's form, without the cancellation of O(alpha log alpha) terms near the mode.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support, whole_mass
from ._gradient import with_gradient
from ._registry import POSITIVE, Param, Parametrization, register, scipy_stats

#: Shapes below which the mixture loop uses the direct sum (see the module docstring).
_DIRECT_BELOW = 100.0


class GammaKernel(NamedTuple):
    alpha: float
    beta: float
    log_norm: float  # alpha log(beta) - lgamma(alpha)
    digamma_alpha: float  # psi(alpha), for grad_logp


@formula
def make_kernel(alpha, beta):
    return GammaKernel(alpha, beta, alpha * m.log(beta) - m.lgamma(alpha), m.digamma(alpha))


@formula
def logp(k, x):
    if x == 0.0:
        # the density's limit at 0: a pole for alpha < 1, beta for alpha = 1, 0 above
        return k.log_norm if k.alpha == 1.0 else (m.INF if k.alpha < 1.0 else -m.INF)
    if not (x > 0.0 and k.beta * x < m.INF):
        return off_support(x)
    log_x = m.log(x)
    direct = logp_vector(k, x, log_x, 0.0)
    if direct == direct:
        return direct
    # alpha log(beta x) - beta x - lgamma(alpha) - log x, without the cancellation of
    # O(alpha log alpha) terms near the mode for large alpha
    return m.log_gamma_density_scaled(k.alpha, k.beta, x) - log_x


@formula
def logp_vector(k, x, log_x, log_factorial_x):
    """logp for alpha < 100 and beta x in [1e-280, inf), branch-free; nan elsewhere (``logp`` decides)."""
    t = k.beta * x
    value = (k.alpha - 1.0) * log_x - t + k.log_norm  # before the select: as its arm, a branch
    common = x > 0.0 and t >= 1e-280 and t < m.INF and k.alpha < _DIRECT_BELOW
    return value if common else m.NAN


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``alpha``, ``beta``, ``x``:
    :math:`(\\log(\\beta x) - \\psi(\\alpha),\\ \\alpha/\\beta - x,\\ (\\alpha - 1)/x - \\beta)`
    (at :math:`x = 0` their limits)."""
    d_alpha = m.log(k.beta * x) - k.digamma_alpha
    return with_gradient(logp(k, x), (d_alpha, k.alpha / k.beta - x, (k.alpha - 1.0) / x - k.beta))


@formula
def logcdf(k, x):
    if not x > 0.0:
        return off_support(x)
    return m.log_gammainc(k.alpha, k.beta * x)


@formula
def logccdf(k, x):
    if not x > 0.0:
        return whole_mass(x)
    return m.log_gammaincc(k.alpha, k.beta * x)


@formula
def draw(k, state):
    return rnd.standard_gamma(k.alpha, state) / k.beta


@formula
def mean(k):
    return k.alpha / k.beta


@formula
def variance(k):
    return k.alpha / (k.beta * k.beta)


_MU_SIGMA = (Param("mu", POSITIVE, (0.1, 20.0)), Param("sigma", POSITIVE, (0.1, 20.0)))

FAMILY = register(
    globals(),
    "Gamma",
    params=(Param("alpha", POSITIVE, (0.2, 50.0)), Param("beta", POSITIVE, (0.05, 20.0))),
    alternatives=(
        Parametrization(
            _MU_SIGMA,
            lambda v: {"alpha": (v["mu"] / v["sigma"]) ** 2, "beta": v["mu"] / v["sigma"] ** 2},
        ),
    ),
    support=(0.0, m.INF),
    discrete=False,
    shared_values=("log",),
    reference=lambda alpha, beta: scipy_stats().gamma(alpha, scale=1.0 / beta),
)
