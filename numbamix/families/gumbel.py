"""Gumbel (maximum extreme value) distribution.

.. math:: \\log p(x) = -\\log\\beta - z - e^{-z},
   \\qquad z = (x - \\mu)/\\beta, \\quad x \\in \\mathbb{R}

The cdf is :math:`\\exp(-e^{-z})`, so :math:`\\log F(x) = -e^{-z}` and the
survival function is :math:`1 - \\exp(-e^{-z})`.
"""

import math
from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._gradient import with_gradient
from ._registry import POSITIVE, REAL, Param, register, scipy_stats

#: Euler-Mascheroni constant: the mean of the standard Gumbel distribution.
EULER_GAMMA = 0.5772156649015329


class GumbelKernel(NamedTuple):
    mu: float
    beta: float
    inv_beta: float
    log_beta: float


@formula
def make_kernel(mu, beta):
    return GumbelKernel(mu, beta, 1.0 / beta, m.log(beta))


@formula
def logp(k, x):
    z = (x - k.mu) * k.inv_beta
    # exp(-z) overflows to inf below z ~ -709: -inf, as the density is below 1e-308 there
    # (at x = -inf, inf - inf would be nan)
    return -k.log_beta - z - m.exp(-z) if x != -m.INF else -m.INF


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``mu``, ``beta``, ``x``: with :math:`z = (x - \\mu)/\\beta`
    and :math:`g = 1 - e^{-z}`, :math:`(g/\\beta,\\ (zg - 1)/\\beta,\\ -g/\\beta)`."""
    z = (x - k.mu) * k.inv_beta
    g = -m.expm1(-z)
    return with_gradient(logp(k, x), (g * k.inv_beta, (z * g - 1.0) * k.inv_beta, -g * k.inv_beta))


@formula
def logcdf(k, x):
    return -m.exp(-(x - k.mu) * k.inv_beta)


@formula
def logccdf(k, x):
    z = (x - k.mu) * k.inv_beta
    # log(1 - exp(-u)) with u = exp(-z); once u < 1e-300 it is log u - u/2 = -z to 1 ulp
    return m.log1mexp(m.exp(-z)) if z < 690.0 else -z


@formula
def draw(k, state):
    # the inverse cdf mu - beta log(-log U), with -log U a standard exponential draw
    return k.mu - k.beta * m.log(rnd.standard_exponential(state))


@formula
def mean(k):
    return k.mu + k.beta * EULER_GAMMA


@formula
def variance(k):
    return k.beta * k.beta * (math.pi * math.pi / 6.0)


FAMILY = register(
    globals(),
    "Gumbel",
    params=(Param("mu", REAL, (-10.0, 10.0)), Param("beta", POSITIVE, (0.1, 10.0))),
    discrete=False,
    reference=lambda mu, beta: scipy_stats().gumbel_r(mu, beta),
)
