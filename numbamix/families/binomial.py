"""Binomial distribution.

.. math:: \\log p(x) = \\log\\binom{n}{x} + x\\log p + (n - x)\\log(1 - p),
   \\qquad x \\in \\{0, \\dots, n\\}

The cdf is the regularised incomplete beta :math:`I_{1-p}(n - \\lfloor x\\rfloor, \\lfloor x\\rfloor + 1)`.
Up to n = 10^4 logp sums log-factorials (absolute error about n log(n) eps, below
1e-11); above, Loader's saddle-point form (:func:`numbamix._math.log_binomial_mass`)
keeps full relative accuracy for any n.
"""

import math
from typing import NamedTuple

import numpy as np

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import not_a_count, off_support, times_log, whole_mass
from ._gradient import ratio, with_gradient
from ._registry import COUNT, PROBABILITY, REAL, Param, Parametrization, register, scipy_stats

#: Above this n, logp is Loader's form (the log-factorial sum loses n log(n) eps).
_LOADER_FROM = 1e4


class BinomialKernel(NamedTuple):
    n: float
    p: float
    log_p: float
    log_q: float  # log(1 - p)
    log_n_factorial: float


@formula
def make_kernel(n, p):
    return BinomialKernel(n, p, m.log(p), m.log1p(-p), m.log_factorial(n))


@formula
def logp(k, x):
    if not_a_count(x, k.n):
        return off_support(x)
    if k.n > _LOADER_FROM:
        return m.log_binomial_mass(x, k.n, k.p, 1.0 - k.p)
    log_choose = k.log_n_factorial - m.log_factorial(x) - m.log_factorial(k.n - x)
    return log_choose + times_log(x, k.log_p) + times_log(k.n - x, k.log_q)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``n``, ``p`` and ``x``: :math:`(\\mathrm{nan},\\ x/p - (n - x)/(1 - p),
    \\ \\mathrm{nan})` (``n`` and ``x`` are counts)."""
    return with_gradient(logp(k, x), (m.NAN, ratio(x, k.p) - ratio(k.n - x, 1.0 - k.p), m.NAN))


@formula
def logcdf(k, x):
    if x >= k.n:
        return 0.0
    if not x >= 0.0:
        return off_support(x)
    j = math.floor(x)
    return m.log_betainc(k.n - j, j + 1.0, 1.0 - k.p, k.p)


@formula
def logccdf(k, x):
    if x >= k.n:
        return -m.INF
    if not x >= 0.0:
        return whole_mass(x)
    j = math.floor(x)
    return m.log_betainc(j + 1.0, k.n - j, k.p, 1.0 - k.p)


@formula
def draw(k, state):
    return rnd.binomial(k.n, k.p, state)


@formula
def mean(k):
    return k.n * k.p


@formula
def variance(k):
    return k.n * k.p * (1.0 - k.p)


@formula
def support(k):
    return 0.0, k.n



_N = Param("n", COUNT, (0.0, 100.0))

FAMILY = register(
    globals(),
    "Binomial",
    params=(_N, Param("p", PROBABILITY, (0.0, 1.0))),
    alternatives=(
        Parametrization(
            (_N, Param("logit_p", REAL, (-5.0, 5.0))),
            lambda v: {"n": v["n"], "p": np.exp(-np.logaddexp(0.0, -v["logit_p"]))},
        ),
    ),
    discrete=True,
    reference=lambda n, p: scipy_stats().binom(n, p),
)
