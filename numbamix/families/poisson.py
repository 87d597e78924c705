"""Poisson distribution.

.. math:: \\log p(x) = x\\log\\mu - \\mu - \\log x!, \\qquad x \\in \\{0, 1, 2, \\dots\\}

The cdf is the regularised upper incomplete gamma :math:`Q(\\lfloor x\\rfloor + 1, \\mu)`.
"""

import math
from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import not_a_count, off_support, times_log, whole_mass
from ._gradient import ratio, with_gradient
from ._registry import NONNEGATIVE, Param, register, scipy_stats


class PoissonKernel(NamedTuple):
    mu: float
    log_mu: float


@formula
def make_kernel(mu):
    return PoissonKernel(mu, m.log(mu))


@formula
def logp(k, x):
    if not_a_count(x, m.INF):
        return off_support(x)
    if x < 1e4 and k.mu < 1e4:
        # direct: rounding error ~ eps * (x |log mu| + mu), below 1e-11 here
        return times_log(x, k.log_mu) - k.mu - m.log_factorial(x)
    # Loader's saddle-point form (bd0 + Stirling error): no cancellation of O(mu) terms
    return m.log_gamma_density(x + 1.0, k.mu) - k.log_mu


@formula
def logp_vector(k, x, log_x, log_factorial_x):
    """logp for counts in the log-factorial table and means below 1e4, branch-free; nan elsewhere
    (``logp`` decides). ``log_factorial_x`` is ``log(x!)`` from the table; ``log_x`` is unused."""
    value = times_log(x, k.log_mu) - k.mu - log_factorial_x  # before the select: as its arm, a branch
    common = m.is_small_count(x) and k.mu < 1e4
    return value if common else m.NAN


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``mu`` and ``x``: :math:`(x/\\mu - 1,\\ \\mathrm{nan})` (a count)."""
    return with_gradient(logp(k, x), (ratio(x, k.mu) - 1.0, m.NAN))


@formula
def logcdf(k, x):
    if not x >= 0.0:
        return off_support(x)
    if x == m.INF:
        return 0.0
    return m.log_gammaincc(math.floor(x) + 1.0, k.mu)


@formula
def logccdf(k, x):
    if not x >= 0.0:
        return whole_mass(x)
    if x == m.INF:
        return -m.INF
    return m.log_gammainc(math.floor(x) + 1.0, k.mu)


@formula
def draw(k, state):
    return rnd.poisson(k.mu, state)


@formula
def mean(k):
    return k.mu


@formula
def variance(k):
    return k.mu



FAMILY = register(
    globals(),
    "Poisson",
    params=(Param("mu", NONNEGATIVE, (0.1, 50.0)),),
    support=(0.0, m.INF),
    discrete=True,
    shared_values=("log_factorial",),
    reference=lambda mu: scipy_stats().poisson(mu),
)
