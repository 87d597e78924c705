"""Inverse gamma distribution (shape ``alpha``, scale ``beta``): ``1/X`` for X ~ Gamma(alpha, beta).

.. math:: \\log p(x) = \\alpha\\log\\beta - \\log\\Gamma(\\alpha) - (\\alpha + 1)\\log x - \\beta/x,
   \\qquad x > 0

With :math:`t = \\beta/x` the density is the Gamma(alpha, 1) density at ``t``
divided by ``x``; the cdf is :math:`Q(\\alpha, t)`, the survival function
:math:`P(\\alpha, t)` (regularised incomplete gamma functions). As for Gamma, logp is the
direct, branch-free sum for alpha below 100 (absolute error a few alpha eps (|log beta| +
|log x|): 3e-13 at alpha = 99, beta = 1e8), otherwise (and where t is below 1e-280) Loader's form.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula, leaf_formula
from ._common import off_support, whole_mass
from ._gradient import with_gradient
from ._registry import POSITIVE, Param, Parametrization, register, scipy_stats

#: Shapes below which logp is the direct sum (see the module docstring).
_DIRECT_BELOW = 100.0


class InverseGammaKernel(NamedTuple):
    alpha: float
    beta: float
    log_beta: float
    log_norm: float  # alpha log(beta) - lgamma(alpha)


@formula
def make_kernel(alpha, beta):
    log_beta = m.log(beta)
    return InverseGammaKernel(alpha, beta, log_beta, alpha * log_beta - m.lgamma(alpha))


@formula
def logp(k, x):
    if not (x > 0.0 and x < m.INF):
        return off_support(x)
    t = k.beta / x
    log_x = m.log(x)
    direct = logp_vector(k, x, log_x, 0.0)
    if direct == direct:
        return direct
    if t < 1e-280:
        # far above the mode: no cancellation, and log(beta) - log(x) keeps a subnormal t's digits
        return k.alpha * (k.log_beta - log_x) - t - m.lgamma(k.alpha) - log_x
    # alpha log t - t - lgamma(alpha) - log x, Loader's form for a large alpha (no cancellation
    # of the O(alpha log alpha) terms near the mode)
    return m.log_gamma_density(k.alpha, t) - log_x


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``alpha``, ``beta``, ``x``:
    :math:`(\\log(\\beta/x) - \\psi(\\alpha),\\ \\alpha/\\beta - 1/x,\\ (\\beta/x - \\alpha - 1)/x)`."""
    d_alpha = k.log_beta - m.log(x) - m.digamma(k.alpha)
    return with_gradient(logp(k, x), (d_alpha, k.alpha / k.beta - 1.0 / x, (k.beta / x - k.alpha - 1.0) / x))


@leaf_formula
def logp_vector(k, x, log_x, log_factorial_x):
    """logp for alpha < 100 and beta / x in [1e-280, inf), branch-free; nan elsewhere (``logp`` decides)."""
    t = k.beta / x
    value = k.log_norm - (k.alpha + 1.0) * log_x - t  # before the select: as its arm, a branch
    common = x > 0.0 and t >= 1e-280 and t < m.INF and k.alpha < _DIRECT_BELOW
    return value if common else m.NAN


@formula
def logcdf(k, x):
    if not x > 0.0:
        return off_support(x)
    return m.log_gammaincc(k.alpha, k.beta / x)


@formula
def logccdf(k, x):
    if not x > 0.0:
        return whole_mass(x)
    return m.log_gammainc(k.alpha, k.beta / x)


@formula
def draw(k, state):
    return k.beta / rnd.standard_gamma(k.alpha, state)


@formula
def mean(k):
    # infinite for alpha <= 1: nan, as an undefined mean
    return k.beta / (k.alpha - 1.0) if k.alpha > 1.0 else m.NAN


@formula
def variance(k):
    if k.alpha > 2.0:
        am1 = k.alpha - 1.0
        return k.beta * k.beta / (am1 * am1 * (k.alpha - 2.0))
    return m.INF if k.alpha > 1.0 else m.NAN


@formula
def support_point(k):
    # PyMC's: the mean for alpha > 1, else the mode beta / (alpha + 1)
    return k.beta / (k.alpha - 1.0) if k.alpha > 1.0 else k.beta / (k.alpha + 1.0)


def _from_mu_sigma(v):
    # PyMC's conversion: alpha = (2 sigma^2 + mu^2) / sigma^2, beta = mu (mu^2 + sigma^2) / sigma^2
    mu, s2 = v["mu"], v["sigma"] ** 2
    return {"alpha": (2.0 * s2 + mu**2) / s2, "beta": mu * (mu**2 + s2) / s2}


FAMILY = register(
    globals(),
    "InverseGamma",
    params=(Param("alpha", POSITIVE, (0.5, 20.0)), Param("beta", POSITIVE, (0.1, 20.0), 1.0)),
    alternatives=(
        Parametrization((Param("mu", POSITIVE, (0.1, 20.0)), Param("sigma", POSITIVE, (0.1, 20.0))), _from_mu_sigma),
    ),
    support=(0.0, m.INF),
    discrete=False,
    shared_values=("log",),
    reference=lambda alpha, beta: scipy_stats().invgamma(alpha, scale=beta),
)
