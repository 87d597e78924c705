"""Negative binomial distribution (mean ``mu``, dispersion ``alpha``).

.. math:: \\log p(x) = \\log\\Gamma(x + \\alpha) - \\log\\Gamma(\\alpha) - \\log x!
   + \\alpha\\log\\frac{\\alpha}{\\mu + \\alpha} + x\\log\\frac{\\mu}{\\mu + \\alpha},
   \\qquad x \\in \\{0, 1, 2, \\dots\\}

Equivalently ``n = alpha`` failures with success probability
``p = alpha / (mu + alpha)``; the cdf is :math:`I_p(n, \\lfloor x\\rfloor + 1)`.
Below ``x + alpha = 10^4`` logp is the direct sum (absolute error about
``(x + alpha) log(x + alpha) eps``, 2e-11 at most), branch-free and vectorised for
counts in the log-factorial table; above, Loader's form
:math:`p(x) = \\frac{\\alpha}{x + \\alpha}\\,\\mathrm{Bin}(\\alpha;\\, x + \\alpha, p)`
(R's ``dnbinom``; :func:`numbamix._math.log_negative_binomial_mass`) keeps full relative
accuracy for any count (the direct sum lost 3e-10 at counts of 10^6).
"""

import math
from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula, leaf_formula
from ._common import not_a_count, off_support, times_log, whole_mass
from ._gradient import ratio, with_gradient
from ._registry import POSITIVE, Domain, Param, Parametrization, register, scipy_stats

#: From this x + alpha on, logp is Loader's form (the direct sum loses (x + alpha) log(x + alpha) eps).
_LOADER_FROM = 1e4


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


@leaf_formula
def _log_rising(k, x):
    """lgamma(x + alpha) - lgamma(alpha) for a count x, branch-free: Stirling's series minus the
    kernel's lgamma(alpha) where x + alpha >= 8, else the log of the rising factorial
    alpha (alpha + 1) ... (alpha + x - 1) (at most 7 factors: x < 8 there)."""
    stirling = m.lgamma_stirling(x + k.alpha) - k.lgamma_alpha
    if k.alpha >= 8.0:
        # constant along the loop: LLVM unswitches it, and alpha >= 8 skips the product (2x faster)
        return stirling
    rising = 1.0
    for j in range(7):
        rising = rising * (k.alpha + j) if j < x else rising
    return stirling if x + k.alpha >= 8.0 else m.log(rising)


@leaf_formula
def _direct(k, x, log_factorial_x):
    """lgamma(x + alpha) - lgamma(alpha) - log x! + alpha log p + x log q for a count x, branch-free."""
    return _log_rising(k, x) - log_factorial_x + k.alpha * k.log_p + times_log(x, k.log_q)


@formula
def logp(k, x):
    if not_a_count(x, m.INF):
        return off_support(x)
    n = x + k.alpha
    if n < _LOADER_FROM:
        return _direct(k, x, m.log_factorial(x))
    return m.log_negative_binomial_mass(x, k.alpha, k.p, k.q)


@leaf_formula
def logp_vector(k, x, log_x, log_factorial_x):
    """logp for counts in the log-factorial table and x + alpha below 10^4, branch-free;
    nan elsewhere (``logp`` decides). ``log_factorial_x`` is ``log(x!)`` from the table; ``log_x`` is unused."""
    # computed before the select: as one arm of it, the sum stayed a branch and the loop scalar
    value = _direct(k, x, log_factorial_x)
    return value if m.is_small_count(x) and x + k.alpha < _LOADER_FROM else m.NAN


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``mu``, ``alpha``, ``x``: :math:`(x/\\mu - (x + \\alpha)/(\\mu + \\alpha),\\
    \\psi(x + \\alpha) - \\psi(\\alpha) + \\log\\tfrac{\\alpha}{\\mu + \\alpha} + \\tfrac{\\mu - x}{\\mu + \\alpha},\\
    \\mathrm{nan})`."""
    total = k.mu + k.alpha
    d_mu = ratio(x, k.mu) - (x + k.alpha) / total
    d_alpha = m.digamma(x + k.alpha) - m.digamma(k.alpha) + k.log_p + (k.mu - x) / total
    return with_gradient(logp(k, x), (d_mu, d_alpha, m.NAN))


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
    shared_values=("log_factorial",),
    reference=lambda mu, alpha: scipy_stats().nbinom(alpha, alpha / (mu + alpha)),
)
