"""Negative binomial distribution (mean ``mu``, dispersion ``alpha``).

.. math:: \\log p(x) = \\log\\Gamma(x + \\alpha) - \\log\\Gamma(\\alpha) - \\log x!
   + \\alpha\\log\\frac{\\alpha}{\\mu + \\alpha} + x\\log\\frac{\\mu}{\\mu + \\alpha},
   \\qquad x \\in \\{0, 1, 2, \\dots\\}

Equivalently ``n = alpha`` failures with success probability
``p = alpha / (mu + alpha)``; the cdf is :math:`I_p(n, \\lfloor x\\rfloor + 1)`.
"""

import math
from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import not_a_count, off_support, times_log, whole_mass
from ._registry import POSITIVE, Domain, Param, Parametrization, register, scipy_stats


class NegativeBinomialKernel(NamedTuple):
    mu: float
    alpha: float
    p: float  # alpha / (mu + alpha)
    q: float  # mu / (mu + alpha)
    log_p: float
    log_q: float
    lgamma_alpha: float


@formula
def make_kernel(mu, alpha):
    total = mu + alpha
    return NegativeBinomialKernel(
        mu, alpha, alpha / total, mu / total, -m.log1p(mu / alpha), -m.log1p(alpha / mu),
        m.lgamma(alpha),
    )


@formula
def logp(k, x):
    if not_a_count(x, m.INF):
        return off_support(x)
    log_choose = m.lgamma(x + k.alpha) - k.lgamma_alpha - m.log_factorial(x)
    return log_choose + k.alpha * k.log_p + times_log(x, k.log_q)


@formula
def logcdf(k, x):
    if not x >= 0.0:
        return off_support(x)
    if x == m.INF:
        return 0.0
    return m.log_betainc(k.alpha, math.floor(x) + 1.0, k.p, k.q)


@formula
def logccdf(k, x):
    if not x >= 0.0:
        return whole_mass(x)
    if x == m.INF:
        return -m.INF
    return m.log_betainc(math.floor(x) + 1.0, k.alpha, k.q, k.p)


@formula
def draw(k, state):
    return rnd.poisson(rnd.standard_gamma(k.alpha, state) * k.mu / k.alpha, state)


@formula
def mean(k):
    return k.mu


@formula
def variance(k):
    return k.mu + k.mu * k.mu / k.alpha



_OPEN_PROBABILITY = Domain("in (0, 1]", lambda v: (v > 0) & (v <= 1))

FAMILY = register(
    globals(),
    "NegativeBinomial",
    params=(Param("mu", POSITIVE, (0.1, 50.0)), Param("alpha", POSITIVE, (0.1, 50.0))),
    alternatives=(
        Parametrization(
            (Param("n", POSITIVE, (0.1, 50.0)), Param("p", _OPEN_PROBABILITY, (0.05, 1.0))),
            lambda v: {"mu": v["n"] * (1.0 - v["p"]) / v["p"], "alpha": v["n"]},
        ),
    ),
    support=(0.0, m.INF),
    discrete=True,
    reference=lambda mu, alpha: scipy_stats().nbinom(alpha, alpha / (mu + alpha)),
)
